//! `disclosure serve` (also what `disclosure` with no command does): the web application on the
//! configured database, seeded with demo data on first start.
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use disclosure_app::demo::{ensure_demo_agency, seed_cases, DEMO_PASSWORD, DEMO_USERS};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_web::{AppState, Clock};

#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "DISCLOSURE_BIND")]
    bind: String,
    /// Do not create the demo agency, users and cases on an empty database.
    #[arg(long)]
    no_demo: bool,
    /// Mark the session cookie `Secure` (when served behind TLS).
    #[arg(long)]
    secure_cookies: bool,
}

impl ServeArgs {
    /// The defaults of `disclosure` run with no command.
    pub fn defaults() -> Self {
        Self {
            bind: std::env::var("DISCLOSURE_BIND").unwrap_or_else(|_| "127.0.0.1:8080".into()),
            ..Self::default()
        }
    }
}

/// How many demo cases a fresh database gets.
const DEMO_CASES: usize = 48;

pub fn run(
    a: &ServeArgs,
    database: &str,
    cal: Calendar,
    mail: &crate::config::MailConfig,
) -> anyhow::Result<()> {
    let store = super::db_cmd::open(database)?;
    let mut fonts = disclosure_letters::FontConfig::debian_defaults();
    if let Ok(dir) = std::env::var("DISCLOSURE_FONT_DIR") {
        fonts = fonts.with_dir_first(dir);
    }
    let services = Services::new(store, Arc::new(cal)).with_fonts(&fonts);
    if let Some(problem) = &services.fonts_problem {
        eprintln!("disclosure: letters are unavailable until the fonts are installed: {problem}");
    }
    let clock = Clock::System;
    if !a.no_demo && ensure_demo_agency(&services, clock.now())? {
        seed_cases(&services, DEMO_CASES, 2026, clock.today(), 150)?;
        println!("disclosure: created the demo agency with {DEMO_CASES} cases. Demo logins (password {DEMO_PASSWORD}):");
        for (user, name, _) in DEMO_USERS {
            println!("  {user:<9} {name}");
        }
    }
    let key = session_key(Path::new("data/session.key"))?;
    // The mail outbox worker and 督办 reminders, stopped when the server stops (mail_cmd.rs).
    let mail_worker = super::mail_cmd::start_background(mail, &services)?;
    let state = AppState { services, clock };
    let served = actix_web::rt::System::new().block_on(async {
        let (server, addrs) = disclosure_web::bind(&a.bind, state, key, a.secure_cookies)?;
        for addr in addrs {
            // Tests and scripts read this line to find the port when binding to :0.
            println!("disclosure: serving on http://{addr}/");
        }
        server.await
    });
    if let Some(w) = mail_worker {
        w.stop();
    }
    served?;
    Ok(())
}

/// The session signing key, generated on first start and kept readable by the owner only.
fn session_key(path: &Path) -> anyhow::Result<actix_web::cookie::Key> {
    if let Ok(bytes) = std::fs::read(path) {
        if bytes.len() >= 64 {
            return Ok(actix_web::cookie::Key::from(&bytes));
        }
    }
    let key = actix_web::cookie::Key::generate();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode_private()
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(key.master())?;
    Ok(key)
}

trait PrivateMode {
    fn mode_private(&mut self) -> &mut Self;
}

impl PrivateMode for std::fs::OpenOptions {
    fn mode_private(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.mode(0o600)
    }
}
