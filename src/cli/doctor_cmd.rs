//! `disclosure doctor`: checks a deployment without changing it — configuration, database and
//! migrations, session key, letter fonts, calendar years, mail — and prints one line per check.
//! Exits non-zero when anything is wrong, so it can gate a deployment script.
use std::path::Path;

use anyhow::bail;
use chrono::Datelike;
use disclosure_calendar::Calendar;
use disclosure_store::{open_pool, pending_migrations, DatabaseUrl};
use disclosure_web::Clock;

use crate::config::{Config, ConfigError, MailConfig};

/// How one check went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    /// Works now, but needs attention soon.
    Warn,
    Fail,
}

struct Report {
    /// The checks that failed, named as on their lines.
    fails: Vec<String>,
}

impl Report {
    fn line(&mut self, status: Status, what: &str, detail: &str) {
        let tag = match status {
            Status::Ok => "ok  ",
            Status::Warn => "warn",
            Status::Fail => {
                self.fails.push(what.to_string());
                "FAIL"
            }
        };
        println!("{tag} {what:<10} {detail}");
    }
}

/// The letter fonts: the Debian locations, after `DISCLOSURE_FONT_DIR` when set.
pub fn font_config() -> disclosure_letters::FontConfig {
    let fonts = disclosure_letters::FontConfig::debian_defaults();
    match std::env::var("DISCLOSURE_FONT_DIR") {
        Ok(dir) if !dir.is_empty() => fonts.with_dir_first(dir),
        _ => fonts,
    }
}

pub fn run(
    config: Result<&Config, &ConfigError>,
    config_path: Option<&Path>,
    database: Option<&str>,
    cal: anyhow::Result<Calendar>,
) -> anyhow::Result<()> {
    let mut r = Report { fails: Vec::new() };
    let origin = config_path.map_or_else(|| "(defaults)".to_string(), |p| p.display().to_string());
    let config = match config {
        Ok(c) => {
            r.line(Status::Ok, "config", &format!("{origin} is valid"));
            c.clone()
        }
        Err(e) => {
            r.line(Status::Fail, "config", &e.to_string());
            Config::default()
        }
    };
    check_database(&mut r, database.unwrap_or(&config.database.url));
    check_session_key(&mut r, &config.server.data_dir.join("session.key"));
    match disclosure_letters::Fonts::load(&font_config()) {
        Ok(_) => r.line(Status::Ok, "fonts", "letter fonts found"),
        Err(e) => r.line(Status::Fail, "fonts", &e.to_string()),
    }
    match cal {
        Ok(cal) => check_calendar(&mut r, &cal),
        Err(e) => r.line(Status::Fail, "calendar", &format!("{e:#}")),
    }
    check_mail(&mut r, &config.mail);
    if !r.fails.is_empty() {
        bail!("{} problem(s) found: {}", r.fails.len(), r.fails.join(", "));
    }
    println!("no problems found");
    Ok(())
}

fn check_database(r: &mut Report, url: &str) {
    let parsed = match DatabaseUrl::parse(url) {
        Ok(u) => u,
        Err(e) => return r.line(Status::Fail, "database", &e.to_string()),
    };
    let name = parsed.redacted();
    // Never create anything: a missing SQLite file is a finding, not something to fix silently.
    if let DatabaseUrl::Sqlite(path) = &parsed {
        if !path.is_file() {
            return r.line(
                Status::Fail,
                "database",
                &format!("{name}: the file does not exist (run `disclosure migrate`)"),
            );
        }
    }
    let pending = open_pool(&parsed, 1)
        .map_err(|e| e.to_string())
        .and_then(|pool| pool.get().map_err(|e| e.to_string()))
        .and_then(|mut c| pending_migrations(&mut c).map_err(|e| e.to_string()));
    match pending {
        Ok(0) => r.line(
            Status::Ok,
            "database",
            &format!("{name}: reachable, migrations current"),
        ),
        Ok(n) => r.line(
            Status::Fail,
            "database",
            &format!("{name}: {n} migration(s) pending (run `disclosure migrate`)"),
        ),
        Err(e) => r.line(Status::Fail, "database", &format!("{name}: {e}")),
    }
}

fn check_session_key(r: &mut Report, path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Err(_) => r.line(
            Status::Ok,
            "session",
            &format!("{} absent: generated on first start", path.display()),
        ),
        Ok(m) if m.len() < 64 => r.line(
            Status::Fail,
            "session",
            &format!("{} is shorter than 64 bytes", path.display()),
        ),
        Ok(m) if m.permissions().mode() & 0o077 != 0 => r.line(
            Status::Fail,
            "session",
            &format!(
                "{} is readable by others (mode {:o}; chmod 600)",
                path.display(),
                m.permissions().mode() & 0o777
            ),
        ),
        Ok(_) => r.line(Status::Ok, "session", &format!("{} (0600)", path.display())),
    }
}

/// R-TIME-10: without this year's notice every deadline is provisional; without next year's, the
/// ones that run into it are.
fn check_calendar(r: &mut Report, cal: &Calendar) {
    let year = Clock::System.today().year();
    if !cal.is_year_loaded(year) {
        r.line(
            Status::Fail,
            "calendar",
            &format!("{year} is not loaded: every deadline is provisional (calendar.file)"),
        );
    } else if !cal.is_year_loaded(year + 1) {
        r.line(
            Status::Warn,
            "calendar",
            &format!(
                "{year} loaded; {} not yet: deadlines running into it are provisional until its notice is loaded (calendar.file)",
                year + 1
            ),
        );
    } else {
        r.line(
            Status::Ok,
            "calendar",
            &format!("{year} and {} loaded", year + 1),
        );
    }
}

/// `[mail]`: an SMTP relay is connected to for real (TLS handshake with the certificate check,
/// EHLO, login; nothing is sent); `file` and `stdout` say where mail goes. Nothing is created: a
/// missing mail directory is made by the worker on first start.
fn check_mail(r: &mut Report, cfg: &MailConfig) {
    match cfg.transport.as_str() {
        "off" => r.line(
            Status::Ok,
            "mail",
            "off in this process (run `disclosure mail-worker` elsewhere, or nothing is sent)",
        ),
        "stdout" => r.line(
            Status::Ok,
            "mail",
            "stdout: each mail is printed on standard output (demo only: nothing is delivered)",
        ),
        "file" => {
            let dir = &cfg.dir;
            if dir.is_dir() {
                r.line(
                    Status::Ok,
                    "mail",
                    &format!(
                        "file: one .eml per mail in {} (demo only: nothing is delivered)",
                        dir.display()
                    ),
                );
            } else if dir.exists() {
                r.line(
                    Status::Fail,
                    "mail",
                    &format!("file: {} exists and is not a directory", dir.display()),
                );
            } else {
                r.line(
                    Status::Ok,
                    "mail",
                    &format!(
                        "file: one .eml per mail in {} (created on first start; demo only: nothing is delivered)",
                        dir.display()
                    ),
                );
            }
        }
        "smtp" => check_smtp(r, cfg),
        other => r.line(
            Status::Fail,
            "mail",
            &format!("transport `{other}`: expected smtp, file, stdout or off"),
        ),
    }
}

fn check_smtp(r: &mut Report, cfg: &MailConfig) {
    let relay = format!("smtp {}:{} ({})", cfg.host, cfg.port, cfg.tls);
    // A deployment check answers within seconds even when the relay hangs.
    let quick = MailConfig {
        timeout_secs: cfg.timeout_secs.clamp(1, 10),
        ..cfg.clone()
    };
    let transport = match super::mail_cmd::transport(&quick) {
        Ok(Some(t)) => t,
        Ok(None) => return r.line(Status::Ok, "mail", "off"),
        Err(e) => return r.line(Status::Fail, "mail", &format!("{relay}: {e:#}")),
    };
    match transport.check_connection() {
        Ok(what) => r.line(Status::Ok, "mail", &format!("{relay}: {what}")),
        Err(f) => r.line(Status::Fail, "mail", &format!("{relay}: {}", f.message)),
    }
}
