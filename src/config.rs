//! The configuration file (`disclosure.toml`) with environment overrides.
//!
//! Precedence, lowest first: built-in defaults, the file, environment variables, command-line flags.
//! Every key is documented in `docs/disclosure.example.toml`. An unknown key or a value of the wrong
//! kind fails at start with a message naming the key, so a typo never silently falls back to a
//! default.
//!
//! Environment overrides: `DISCLOSURE_<SECTION>__<KEY>` (double underscore between section and key),
//! e.g. `DISCLOSURE_CALENDAR__FILE=/etc/disclosure/2027.csv`; and the conventional `DATABASE_URL` for `database.url`.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where environment overrides start.
const ENV_PREFIX: &str = "DISCLOSURE_";

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub database: DatabaseConfig,
    pub calendar: CalendarConfig,
    pub mail: MailConfig,
    pub server: ServerConfig,
    pub log: LogConfig,
    pub uploads: UploadsConfig,
    pub portal: PortalConfig,
}

/// `[uploads]`: what scans a registration or a case may receive.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct UploadsConfig {
    /// The largest file, in MB.
    pub max_file_mb: u32,
    /// The most files in one submission.
    pub max_files: u32,
}

impl Default for UploadsConfig {
    fn default() -> Self {
        Self {
            max_file_mb: 10,
            max_files: 10,
        }
    }
}

/// `[portal]`: the public 在线申请 form.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct PortalConfig {
    /// Online applications accepted per client address and hour; 0: no limit.
    pub applications_per_hour: u32,
    /// Take the client address from `X-Forwarded-For` (set only behind a proxy that overwrites it).
    pub trust_forwarded_for: bool,
}

impl Default for PortalConfig {
    fn default() -> Self {
        Self {
            applications_per_hour: 10,
            trust_forwarded_for: false,
        }
    }
}

/// `[server]`
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Where the pages and the API listen (`HOST:PORT`); `serve --bind` overrides it.
    pub bind: String,
    /// Where `/metrics`, `/readyz` and `/healthz` listen for monitoring; empty: no admin listener
    /// (and no `/metrics`), so the counts are never public by accident.
    pub admin_bind: String,
    /// Mark the session cookie `Secure` (when served behind TLS).
    pub secure_cookies: bool,
    /// Where the session signing key (`session.key`, generated on first start, mode 0600) lives.
    pub data_dir: PathBuf,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            admin_bind: String::new(),
            secure_cookies: false,
            data_dir: PathBuf::from("./data"),
        }
    }
}

/// `[log]`
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
    /// A `tracing` filter: `info`, `debug`, `disclosure_web=debug,info`…; `RUST_LOG` overrides it.
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::Human,
            level: "info".into(),
        }
    }
}

/// `log.format`: lines for people, or one JSON object per line for a log collector.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

/// `[database]`
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// A file path or `sqlite://PATH` (embedded SQLite), or `postgres://…`.
    pub url: String,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "./data/disclosure.db".into(),
        }
    }
}

/// `[calendar]`
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// Extra official calendar years (same format as the built-in data), e.g. next year's notice.
    pub file: Option<PathBuf>,
}

/// `[mail]`: the outbox worker's transport and the 督办 reminder time (docs/mail.md).
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// `smtp`, `file` (one .eml per mail in `dir`), `stdout`, or `off` (no worker in this process,
    /// e.g. when `disclosure mail-worker` runs separately).
    pub transport: String,
    /// Where the `file` transport writes.
    pub dir: PathBuf,
    pub host: String,
    pub port: u16,
    /// `starttls`, `tls` or `none` (`none` only to a relay on this machine).
    pub tls: String,
    #[serde(deserialize_with = "text_or_number")]
    pub user: Option<String>,
    /// Better given as DISCLOSURE_MAIL__PASSWORD than written in the file.
    #[serde(deserialize_with = "text_or_number")]
    pub password: Option<String>,
    /// The sender, e.g. `某区政府办公室 <gkb@example.gov.cn>`.
    pub from: String,
    /// When the daily 督办 digests are computed, HH:MM China Standard Time.
    pub reminder_time: String,
    /// Seconds per SMTP command before the attempt counts as failed (and is retried).
    pub timeout_secs: u64,
    /// A PEM file of a private CA that signed the relay's certificate (trusted besides the public
    /// roots), for a relay inside a government network.
    pub ca_file: Option<PathBuf>,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            transport: "file".into(),
            dir: PathBuf::from("./data/mail"),
            host: String::new(),
            port: 587,
            tls: "starttls".into(),
            user: None,
            password: None,
            from: "政府信息公开 <noreply@localhost>".into(),
            reminder_time: "08:30".into(),
            timeout_secs: 30,
            ca_file: None,
        }
    }
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("transport", &self.transport)
            .field("dir", &self.dir)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("reminder_time", &self.reminder_time)
            .field("timeout_secs", &self.timeout_secs)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// A user name or password given through the environment may look like a number
/// (DISCLOSURE_MAIL__PASSWORD=123456); it is text all the same.
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(i64),
    }
    Ok(Some(match TextOrNumber::deserialize(d)? {
        TextOrNumber::Text(s) => s,
        TextOrNumber::Number(n) => n.to_string(),
    }))
}

/// A configuration that cannot be used; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("configuration file {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("environment variable {var}: {message}")]
    BadEnv { var: String, message: String },
}

impl Config {
    /// Loads defaults, then `file` (if any), then the overrides found in `env`.
    pub fn load(file: Option<&Path>, env: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let (mut table, origin) = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                let table = text
                    .parse::<toml::Table>()
                    .map_err(|e| ConfigError::Invalid {
                        path: path.display().to_string(),
                        message: one_line(&e.to_string()),
                    })?;
                (table, path.display().to_string())
            }
            None => (toml::Table::new(), "(defaults)".to_string()),
        };
        apply_env(&mut table, env)?;
        let origin = if env.keys().any(|k| is_override(k)) {
            format!("{origin} with environment overrides")
        } else {
            origin
        };
        let config: Self = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid {
                path: origin.clone(),
                message: one_line(&e.to_string()),
            })?;
        config.validate().map_err(|message| ConfigError::Invalid {
            path: origin,
            message,
        })?;
        Ok(config)
    }

    /// The checks a type cannot express; each message starts with the key.
    fn validate(&self) -> Result<(), String> {
        check_address("server.bind", &self.server.bind, false)?;
        check_address("server.admin_bind", &self.server.admin_bind, true)?;
        if !self.server.admin_bind.is_empty() && self.server.admin_bind == self.server.bind {
            return Err("server.admin_bind: must differ from server.bind".into());
        }
        if self.server.data_dir.as_os_str().is_empty() {
            return Err("server.data_dir: must not be empty".into());
        }
        if !(1..=200).contains(&self.uploads.max_file_mb) {
            return Err("uploads.max_file_mb: must be between 1 and 200".into());
        }
        if !(1..=50).contains(&self.uploads.max_files) {
            return Err("uploads.max_files: must be between 1 and 50".into());
        }
        if self.database.url.trim().is_empty() {
            return Err("database.url: must not be empty".into());
        }
        tracing_subscriber::EnvFilter::try_new(&self.log.level)
            .map_err(|e| format!("log.level: `{}` is not a log filter: {e}", self.log.level))?;
        Ok(())
    }
}

/// `HOST:PORT` with a numeric port (the host is resolved when binding).
fn check_address(key: &str, value: &str, may_be_empty: bool) -> Result<(), String> {
    if value.is_empty() && may_be_empty {
        return Ok(());
    }
    let port = value
        .rsplit_once(':')
        .filter(|(host, _)| !host.is_empty())
        .and_then(|(_, port)| port.parse::<u16>().ok());
    match port {
        Some(_) => Ok(()),
        None => Err(format!(
            "{key}: `{value}` is not an address HOST:PORT (e.g. 127.0.0.1:8080)"
        )),
    }
}

fn is_override(var: &str) -> bool {
    var == "DATABASE_URL" || (var.starts_with(ENV_PREFIX) && var.contains("__"))
}

fn apply_env(table: &mut toml::Table, env: &BTreeMap<String, String>) -> Result<(), ConfigError> {
    for (var, value) in env {
        let path: Vec<String> = if var == "DATABASE_URL" {
            vec!["database".into(), "url".into()]
        } else if let Some(rest) = var.strip_prefix(ENV_PREFIX) {
            if !rest.contains("__") {
                continue; // e.g. DISCLOSURE_CALENDAR_FILE, a flag's own variable
            }
            rest.split("__").map(str::to_ascii_lowercase).collect()
        } else {
            continue;
        };
        let [section, key] = path.as_slice() else {
            return Err(ConfigError::BadEnv {
                var: var.clone(),
                message: "expected DISCLOSURE_<SECTION>__<KEY>".into(),
            });
        };
        let entry = table
            .entry(section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let toml::Value::Table(section_table) = entry else {
            return Err(ConfigError::BadEnv {
                var: var.clone(),
                message: format!("`{section}` is not a section"),
            });
        };
        section_table.insert(key.clone(), scalar(value));
    }
    Ok(())
}

/// An environment value as TOML: integers and booleans keep their kind, everything else is a string.
fn scalar(value: &str) -> toml::Value {
    if let Ok(i) = value.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    match value {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ => toml::Value::String(value.to_string()),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_without_a_file() {
        let c = Config::load(None, &env(&[])).unwrap();
        assert_eq!(c.database.url, "./data/disclosure.db");
        assert_eq!(c.calendar.file, None);
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("disclosure.toml");
        std::fs::write(
            &p,
            "[calendar]\nfile = \"/etc/x.csv\"\n[database]\nurl = \"/srv/a.db\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&p), &env(&[])).unwrap();
        assert_eq!(c.database.url, "/srv/a.db");
        assert_eq!(c.calendar.file, Some(PathBuf::from("/etc/x.csv")));
        let c = Config::load(
            Some(&p),
            &env(&[
                ("DATABASE_URL", "postgres://x@127.0.0.1/d"),
                ("DISCLOSURE_CALENDAR__FILE", "/etc/y.csv"),
                (
                    "DISCLOSURE_CALENDAR_FILE",
                    "a flag's own variable, not a config key",
                ),
            ]),
        )
        .unwrap();
        assert_eq!(c.database.url, "postgres://x@127.0.0.1/d");
        assert_eq!(c.calendar.file, Some(PathBuf::from("/etc/y.csv")));
    }

    #[test]
    fn a_bad_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("disclosure.toml");
        std::fs::write(&p, "[calendar]\nfiel = \"x.csv\"\n").unwrap();
        let e = Config::load(Some(&p), &env(&[])).unwrap_err().to_string();
        assert!(e.contains("fiel"), "{e}");
        std::fs::write(&p, "[database]\nurl = 5\n").unwrap();
        let e = Config::load(Some(&p), &env(&[])).unwrap_err().to_string();
        assert!(e.contains("url"), "{e}");
        std::fs::write(&p, "[database\nurl = 5\n").unwrap();
        let e = Config::load(Some(&p), &env(&[])).unwrap_err().to_string();
        assert!(e.contains("disclosure.toml"), "{e}");
        let e = Config::load(None, &env(&[("DISCLOSURE_CALENDAR__COLOUR", "red")]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("colour"), "{e}");
        let e = Config::load(None, &env(&[("DISCLOSURE_A__B__C", "x")]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("DISCLOSURE_A__B__C"), "{e}");
    }

    #[test]
    fn server_and_log_keys_are_checked_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("disclosure.toml");
        std::fs::write(
            &p,
            "[server]\nbind = \"0.0.0.0:80\"\nadmin_bind = \"10.0.0.5:9090\"\n[log]\nformat = \"json\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&p), &env(&[])).unwrap();
        assert_eq!(c.server.bind, "0.0.0.0:80");
        assert_eq!(c.server.admin_bind, "10.0.0.5:9090");
        assert_eq!(c.log.format, LogFormat::Json);
        assert_eq!(c.log.level, "info");
        for (text, key) in [
            ("[log]\nformat = \"xml\"\n", "format"),
            ("[log]\nlevel = \"loud[\"\n", "log.level"),
            ("[server]\nbind = \"8080\"\n", "server.bind"),
            (
                "[server]\nadmin_bind = \"host:http\"\n",
                "server.admin_bind",
            ),
            (
                "[server]\nbind = \"127.0.0.1:1\"\nadmin_bind = \"127.0.0.1:1\"\n",
                "server.admin_bind",
            ),
            ("[server]\ndata_dir = \"\"\n", "server.data_dir"),
            ("[server]\nsecure_cookies = \"yes\"\n", "secure_cookies"),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = Config::load(Some(&p), &env(&[])).unwrap_err().to_string();
            assert!(e.contains(key), "{text:?}: {e}");
            assert!(e.contains("disclosure.toml"), "{text:?}: {e}");
        }
        let e = Config::load(None, &env(&[("DISCLOSURE_LOG__FORMAT", "yaml")]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("format") && e.contains("environment"), "{e}");
    }

    #[test]
    fn mail_keys_from_the_file_and_a_numeric_password_from_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("disclosure.toml");
        std::fs::write(
            &p,
            "[mail]\ntransport = \"smtp\"\nhost = \"smtp.example.gov.cn\"\nport = 465\ntls = \"tls\"\nuser = \"gkb\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&p), &env(&[("DISCLOSURE_MAIL__PASSWORD", "123456")])).unwrap();
        assert_eq!(c.mail.transport, "smtp");
        assert_eq!(c.mail.port, 465);
        assert_eq!(c.mail.user.as_deref(), Some("gkb"));
        assert_eq!(c.mail.password.as_deref(), Some("123456"));
        assert!(
            !format!("{c:?}").contains("123456"),
            "the password never shows in logs"
        );
        assert_eq!(c.mail.reminder_time, "08:30");
    }

    #[test]
    fn the_documented_example_is_valid_and_states_the_defaults() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/disclosure.example.toml");
        assert_eq!(
            Config::load(Some(&p), &env(&[])).unwrap(),
            Config::default()
        );
    }
}
