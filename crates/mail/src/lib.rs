//! Mail of `disclosure`: the transports (SMTP with STARTTLS or TLS, plain SMTP to a loopback relay,
//! and `file`/`stdout` for demos), the MIME message built from an outbox row, and the worker that
//! sends the outbox: bounded batches, exponential back-off, a permanent rejection failed for good,
//! and a graceful stop.
//!
//! What a mail says is decided where it is enqueued (`disclosure-app`), in the same transaction as
//! the event that causes it; this crate only delivers rows.
#![forbid(unsafe_code)]

mod error;
mod message;
mod stop;
mod transport;
mod worker;

pub use error::MailError;
pub use message::build_message;
pub use stop::{stop_pair, StopHandle, StopToken};
pub use transport::{Accepted, MailTransport, SendFailure, SmtpSettings, TlsMode, TransportKind};
/// Whether `s` is an address mail can be sent to (the same check the worker applies), for forms
/// and commands that take one.
pub fn is_valid_address(s: &str) -> bool {
    s.trim().parse::<lettre::Address>().is_ok()
}

pub use worker::{china_now, AfterSend, BatchReport, Worker, WorkerPolicy};
