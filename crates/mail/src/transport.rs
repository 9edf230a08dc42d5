//! Where mail goes: an SMTP relay, a directory of `.eml` files, or standard output (demos, so
//! `cargo run` works with no mail server).
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{FileTransport, Message, SmtpTransport, Transport};

use crate::MailError;

/// Which transport a deployment uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    Smtp,
    File,
    Stdout,
}

impl TransportKind {
    pub fn parse(s: &str) -> Result<Self, MailError> {
        match s {
            "smtp" => Ok(Self::Smtp),
            "file" => Ok(Self::File),
            "stdout" => Ok(Self::Stdout),
            other => Err(MailError::Config(format!(
                "transport `{other}`: expected smtp, file or stdout"
            ))),
        }
    }
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS (required, never silently skipped); port 587.
    Starttls,
    /// TLS from the first byte (SMTPS); port 465.
    Tls,
    /// No encryption: only to a relay on this machine (127.0.0.1, ::1, localhost), since credentials
    /// and applicants' letters would otherwise cross the network in clear.
    None,
}

impl TlsMode {
    pub fn parse(s: &str) -> Result<Self, MailError> {
        match s {
            "starttls" => Ok(Self::Starttls),
            "tls" => Ok(Self::Tls),
            "none" => Ok(Self::None),
            other => Err(MailError::Config(format!(
                "tls `{other}`: expected starttls, tls or none"
            ))),
        }
    }
}

/// An SMTP relay.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: Option<String>,
    pub password: Option<String>,
    /// Per SMTP command; a hung server turns into a retry, not a stuck worker.
    pub timeout: Duration,
    /// A PEM file of the CA that signed the relay's certificate, trusted besides the public roots:
    /// government networks often run their mail relay under a private (e.g. provincial) CA, and
    /// turning verification off instead would let anyone on the path read applicants' letters.
    pub ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("timeout", &self.timeout)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// What the receiving side said when it took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// E.g. `250 2.0.0 Ok: queued as 4F1C2`, or the file written.
    pub response: String,
}

/// A send that did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// A 5xx answer (or an address that can never work): retrying cannot help.
    pub permanent: bool,
    pub message: String,
}

/// A configured transport.
pub enum MailTransport {
    Smtp(Box<SmtpTransport>),
    File(FileTransport, PathBuf),
    Stdout,
}

impl std::fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("MailTransport::Smtp"),
            Self::File(_, dir) => write!(f, "MailTransport::File({})", dir.display()),
            Self::Stdout => f.write_str("MailTransport::Stdout"),
        }
    }
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl MailTransport {
    /// An SMTP transport; refuses a plain connection to anything but loopback.
    pub fn smtp(s: &SmtpSettings) -> Result<Self, MailError> {
        if s.host.trim().is_empty() {
            return Err(MailError::Config("smtp host is empty".into()));
        }
        let tls = match s.tls {
            TlsMode::None => {
                if !is_loopback(&s.host) {
                    return Err(MailError::Config(format!(
                        "tls = \"none\" is only allowed for a relay on this machine, not `{}`",
                        s.host
                    )));
                }
                Tls::None
            }
            TlsMode::Starttls | TlsMode::Tls => {
                let mut builder = TlsParameters::builder(s.host.clone());
                if let Some(path) = &s.ca_file {
                    builder = builder.add_root_certificate(ca_certificate(path)?);
                }
                let params = builder
                    .build()
                    .map_err(|e| MailError::Config(format!("TLS for {}: {e}", s.host)))?;
                if s.tls == TlsMode::Tls {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                }
            }
        };
        let mut b = SmtpTransport::builder_dangerous(s.host.clone())
            .port(s.port)
            .tls(tls)
            .timeout(Some(s.timeout));
        match (&s.user, &s.password) {
            (Some(u), Some(p)) if !u.is_empty() => {
                b = b.credentials(Credentials::new(u.clone(), p.clone()));
            }
            (Some(u), None) if !u.is_empty() => {
                return Err(MailError::Config(format!(
                    "smtp user `{u}` has no password"
                )));
            }
            _ => {}
        }
        Ok(Self::Smtp(Box::new(b.build())))
    }

    /// Where mail goes, for `disclosure doctor` and the start-up log.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_) => "smtp".into(),
            Self::File(_, dir) => format!("file: one .eml per mail in {}", dir.display()),
            Self::Stdout => "stdout: each mail is printed on standard output".into(),
        }
    }

    /// Opens a connection the way a send would (TCP, TLS handshake with certificate check, EHLO,
    /// login) and closes it, sending nothing: a deployment check finds a wrong port, CA or password
    /// before the first applicant's letter is due. `file`/`stdout` need no connection.
    pub fn check_connection(&self) -> Result<String, SendFailure> {
        match self {
            Self::Smtp(t) => match t.test_connection() {
                Ok(true) => Ok("connected, TLS and login accepted".into()),
                Ok(false) => Err(SendFailure {
                    permanent: false,
                    message: "connected, but the server did not answer NOOP".into(),
                }),
                Err(e) => Err(failure(&e)),
            },
            Self::File(_, dir) => {
                if dir.is_dir() {
                    Ok(self.describe())
                } else {
                    Err(SendFailure {
                        permanent: false,
                        message: format!("{} is not a directory", dir.display()),
                    })
                }
            }
            Self::Stdout => Ok(self.describe()),
        }
    }

    /// Writes each message as `<uuid>.eml` into `dir` (created if needed).
    pub fn file(dir: PathBuf) -> Result<Self, MailError> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| MailError::Config(format!("mail directory {}: {e}", dir.display())))?;
        Ok(Self::File(FileTransport::new(&dir), dir))
    }

    /// Sends one message.
    pub fn send(&self, message: &Message) -> Result<Accepted, SendFailure> {
        match self {
            Self::Smtp(t) => match t.send(message) {
                Ok(r) => Ok(Accepted {
                    response: format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))
                        .trim()
                        .to_string(),
                }),
                Err(e) => Err(failure(&e)),
            },
            Self::File(t, dir) => match t.send(message) {
                Ok(id) => Ok(Accepted {
                    response: format!("file {}", dir.join(format!("{id}.eml")).display()),
                }),
                Err(e) => Err(SendFailure {
                    permanent: false,
                    message: e.to_string(),
                }),
            },
            Self::Stdout => {
                let raw = message.formatted();
                println!(
                    "---- mail (stdout transport) ----\n{}\n---- end of mail ----",
                    String::from_utf8_lossy(&raw)
                );
                Ok(Accepted {
                    response: "stdout".into(),
                })
            }
        }
    }
}

/// The private CA of `mail.ca_file`: a PEM file with at least one certificate.
fn ca_certificate(path: &Path) -> Result<Certificate, MailError> {
    let pem = std::fs::read(path)
        .map_err(|e| MailError::Config(format!("ca_file {}: {e}", path.display())))?;
    if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
        return Err(MailError::Config(format!(
            "ca_file {}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it",
            path.display()
        )));
    }
    Certificate::from_pem(&pem)
        .map_err(|e| MailError::Config(format!("ca_file {}: {e}", path.display())))
}

/// A failed SMTP exchange as the outbox records it: lettre's message with every cause (the
/// certificate problem of a TLS failure is in the innermost one), and a hint where the fix is
/// usually found, so the operator reading the case page or `doctor` knows what to change.
fn failure(e: &lettre::transport::smtp::Error) -> SendFailure {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    for _ in 0..8 {
        let Some(s) = source else { break };
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    let lower = message.to_ascii_lowercase();
    if lower.contains("certificate") || lower.contains("unknownissuer") {
        message.push_str(
            " (TLS: the server's certificate is not trusted; if the relay uses a private CA, set mail.ca_file to its PEM file)",
        );
    }
    SendFailure {
        permanent: e.is_permanent(),
        message,
    }
}
