//! `disclosure serve`: the web application.
use std::sync::Arc;

use clap::Args;
use disclosure_calendar::Calendar;
use disclosure_web::{AppState, Clock};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "DISCLOSURE_BIND")]
    bind: String,
}

pub fn run(a: &ServeArgs, cal: Calendar) -> anyhow::Result<()> {
    let state = AppState {
        calendar: Arc::new(cal),
        clock: Clock::System,
    };
    actix_web::rt::System::new().block_on(async {
        let (server, addrs) = disclosure_web::bind(&a.bind, state)?;
        for addr in addrs {
            // Tests and scripts read this line to find the port when binding to :0.
            println!("disclosure: serving on http://{addr}/");
        }
        server.await
    })?;
    Ok(())
}
