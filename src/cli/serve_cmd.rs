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

use crate::config::Config;

#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on (default: `server.bind` of the configuration, 127.0.0.1:8080).
    #[arg(long, env = "DISCLOSURE_BIND")]
    bind: Option<String>,
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
            bind: std::env::var("DISCLOSURE_BIND").ok(),
            ..Self::default()
        }
    }
}

/// How many demo cases a fresh database gets.
const DEMO_CASES: usize = 48;

pub fn run(a: &ServeArgs, config: &Config, database: &str, cal: Calendar) -> anyhow::Result<()> {
    crate::logging::init(&config.log)?;
    let bind = a.bind.clone().unwrap_or_else(|| config.server.bind.clone());
    let secure_cookies = a.secure_cookies || config.server.secure_cookies;
    let store = super::db_cmd::open(database)?;
    let fonts = super::doctor_cmd::font_config();
    let mut services = Services::new(store, Arc::new(cal)).with_fonts(&fonts);
    services.upload_limits = disclosure_app::attachments::UploadLimits {
        max_file_bytes: config.uploads.max_file_mb as usize * 1024 * 1024,
        max_files: config.uploads.max_files as usize,
    };
    services.portal_guard = Arc::new(disclosure_app::submission_guard::SubmissionGuard::new(
        config.portal.applications_per_hour,
    ));
    services.trust_forwarded_for = config.portal.trust_forwarded_for;
    // The years imported by the calendar admin, on top of the built-in data (R-TIME-10).
    services.load_imported_calendar()?;
    watch_calendar_imports(&services)?;
    if let Some(problem) = &services.fonts_problem {
        tracing::warn!(%problem, "letters are unavailable until the fonts are installed");
    }
    let clock = Clock::System;
    if !a.no_demo && ensure_demo_agency(&services, clock.now())? {
        seed_cases(&services, DEMO_CASES, 2026, clock.today(), 150)?;
        println!("disclosure: created the demo agency with {DEMO_CASES} cases. Demo logins (password {DEMO_PASSWORD}):");
        for (user, name, _) in DEMO_USERS {
            println!("  {user:<9} {name}");
        }
    }
    let key = session_key(&config.server.data_dir.join("session.key"))?;
    // The mail outbox worker and 督办 reminders, stopped when the server stops (mail_cmd.rs).
    let mail_worker = super::mail_cmd::start_background(&config.mail, &services)?;
    let state = AppState { services, clock };
    let admin_bind = config.server.admin_bind.clone();
    let served = actix_web::rt::System::new().block_on(async move {
        let admin = if admin_bind.is_empty() {
            None
        } else {
            let (server, addrs) = disclosure_web::bind_admin(&admin_bind, state.clone())
                .with_context(|| format!("server.admin_bind {admin_bind}"))?;
            for addr in addrs {
                println!("disclosure: admin (metrics, readyz) on http://{addr}/");
            }
            Some(server)
        };
        let (server, addrs) = disclosure_web::bind(&bind, state, key, secure_cookies)
            .with_context(|| format!("server.bind {bind}"))?;
        for addr in addrs {
            // Tests and scripts read this line to find the port when binding to :0.
            println!("disclosure: serving on http://{addr}/");
        }
        tracing::info!("started; SIGTERM or Ctrl-C stops after in-flight requests finish");
        // Both listeners stop on SIGTERM/SIGINT by themselves: they finish in-flight requests
        // (up to 30 s) before `await` returns.
        let admin_task = admin.map(actix_web::rt::spawn);
        let result = server.await;
        if let Some(task) = admin_task {
            match task.await {
                Ok(r) => r.context("admin listener")?,
                Err(e) => tracing::error!(error = %e, "admin listener"),
            }
        }
        tracing::info!("stopped");
        result.context("server")
    });
    if let Some(w) = mail_worker {
        w.stop();
    }
    served?;
    Ok(())
}

/// How often an instance looks for a calendar year imported through another instance.
const CALENDAR_REFRESH: std::time::Duration = std::time::Duration::from_secs(30);

/// R-TIME-10 with several instances on one database: a year imported through one of them is put
/// in force in this one within [`CALENDAR_REFRESH`], without a restart. The thread only reads;
/// it ends with the process.
fn watch_calendar_imports(services: &Services) -> anyhow::Result<()> {
    let mut seen = services.imported_calendar_stamp()?;
    let services = services.clone();
    std::thread::Builder::new()
        .name("calendar-watch".into())
        .spawn(move || loop {
            std::thread::sleep(CALENDAR_REFRESH);
            match services.refresh_imported_calendar(&mut seen) {
                Ok(Some(years)) => tracing::info!(?years, "calendar imports reloaded"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "calendar imports could not be read"),
            }
        })?;
    Ok(())
}

/// The session signing key, generated on first start and kept readable by the owner only.
pub(crate) fn session_key(path: &Path) -> anyhow::Result<actix_web::cookie::Key> {
    if let Ok(bytes) = std::fs::read(path) {
        if bytes.len() >= 64 {
            tighten_permissions(path)?;
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

/// A key readable by others (copied with a lax umask, restored from a backup) is made private again.
fn tighten_permissions(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        tracing::warn!(path = %path.display(), mode = format!("{:o}", mode & 0o777), "session key was readable by others; setting 0600");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict {}", path.display()))?;
    }
    Ok(())
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
