//! `disclosure token create --user NAME` / `disclosure token revoke ID`: bearer tokens of the API.
use std::sync::Arc;

use clap::Subcommand;
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_web::Clock;

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Make a token that acts as USER (same role and agency); the token is printed once.
    Create {
        /// The staff user name the token acts as.
        #[arg(long)]
        user: String,
        /// What the token is for (shown in listings), e.g. the system that calls the API.
        #[arg(long, default_value = "api")]
        label: String,
    },
    /// Revoke a token by its id (printed when it was made).
    Revoke {
        /// The token id.
        id: String,
    },
}

pub fn run(cmd: &TokenCmd, database: &str, cal: Calendar) -> anyhow::Result<()> {
    let services = Services::new(super::db_cmd::open(database)?, Arc::new(cal));
    let now = Clock::System.now();
    match cmd {
        TokenCmd::Create { user, label } => {
            let (id, secret) = services
                .create_token(user, label, now)
                .map_err(|e| anyhow::anyhow!("cannot make a token for `{user}`: {e}"))?;
            eprintln!("token id {id} for {user}; keep the token secret, it is not shown again:");
            println!("{secret}");
        }
        TokenCmd::Revoke { id } => {
            if services.revoke_token(id, now)? {
                println!("revoked {id}");
            } else {
                anyhow::bail!("no live token has id {id}");
            }
        }
    }
    Ok(())
}
