//! The outbox worker: claims a bounded batch, sends each row, records the outcome, and sleeps while
//! there is nothing due. Several workers (server instances) may run on one PostgreSQL database: each
//! row is claimed by one of them (see `disclosure_store::outbox`).
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta, Utc};
use disclosure_store::outbox::{self, Backoff, ClaimedMail};
use disclosure_store::{AnyConnection, Store};
use lettre::message::Mailbox;

use crate::{build_message, MailError, MailTransport, StopToken};

/// The current date-time in China Standard Time (UTC+8), the zone of every date the agency works
/// with and of every timestamp the store keeps.
pub fn china_now() -> NaiveDateTime {
    Utc::now().naive_utc() + TimeDelta::hours(8)
}

/// What runs in the transaction that marks a row sent: for an issued reply, the 送达 event.
pub trait AfterSend: Send + Sync {
    /// `accepted_at` is when the server accepted the message; an error rolls back this step only
    /// (the row is still recorded as sent, with the error noted).
    fn after_send(
        &self,
        conn: &mut AnyConnection,
        mail: &ClaimedMail,
        accepted_at: NaiveDateTime,
        response: &str,
    ) -> Result<(), String>;
}

/// How hard the worker tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerPolicy {
    /// Rows claimed per round.
    pub batch: i64,
    /// How long a claimed row stays this worker's; longer than a batch takes to send.
    pub lease: TimeDelta,
    pub backoff: Backoff,
    /// After this many temporary failures the row is failed for good.
    pub max_attempts: i32,
    /// The sleep when nothing was due.
    pub idle: Duration,
}

impl Default for WorkerPolicy {
    fn default() -> Self {
        Self {
            batch: 20,
            lease: TimeDelta::minutes(10),
            backoff: Backoff {
                base: TimeDelta::seconds(30),
                max: TimeDelta::hours(2),
            },
            // 30 s, 1, 2, 4, … up to 2 h between tries: about two days of trying.
            max_attempts: 30,
            idle: Duration::from_secs(5),
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// A worker: one per process.
pub struct Worker {
    store: Store,
    transport: MailTransport,
    from: Mailbox,
    policy: WorkerPolicy,
    owner: String,
    after_send: Option<Arc<dyn AfterSend>>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("transport", &self.transport)
            .field("from", &self.from.to_string())
            .field("policy", &self.policy)
            .field("owner", &self.owner)
            .finish()
    }
}

impl Worker {
    /// A worker sending as `from` (e.g. `某区政府办公室 <gkb@example.gov.cn>`).
    pub fn new(
        store: Store,
        transport: MailTransport,
        from: &str,
        policy: WorkerPolicy,
    ) -> Result<Self, MailError> {
        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|_| MailError::Address(from.to_string()))?;
        let owner = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        Ok(Self {
            store,
            transport,
            from,
            policy,
            owner,
            after_send: None,
        })
    }

    /// Runs `hook` in the transaction that marks each row sent.
    pub fn with_after_send(mut self, hook: Arc<dyn AfterSend>) -> Self {
        self.after_send = Some(hook);
        self
    }

    /// This worker's name in leases and the attempt log.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// One round at `now`: claim a batch, send each row, record each outcome. Stops between rows when
    /// asked to.
    pub fn run_once(
        &self,
        now: NaiveDateTime,
        stop: Option<&StopToken>,
    ) -> Result<BatchReport, MailError> {
        if !self.store.read(|c| outbox::has_due(c, now))? {
            return Ok(BatchReport::default());
        }
        let batch = self
            .store
            .write(|c| outbox::claim(c, &self.owner, now, self.policy.lease, self.policy.batch))?;
        let mut report = BatchReport {
            claimed: batch.len(),
            ..BatchReport::default()
        };
        for mail in &batch {
            if stop.is_some_and(StopToken::is_stopped) {
                // Unsent rows go back to the queue when the lease ends.
                break;
            }
            match self.send_one(mail)? {
                Outcome::Sent => report.sent += 1,
                Outcome::Retry => report.retried += 1,
                Outcome::Failed => report.failed += 1,
            }
        }
        Ok(report)
    }

    fn send_one(&self, mail: &ClaimedMail) -> Result<Outcome, MailError> {
        let message = match build_message(mail, &self.from) {
            Ok(m) => m,
            Err(e) => {
                // An address or message that can never be built: retrying cannot help.
                self.store.write(|c| {
                    outbox::mark_failed(c, &mail.id, &self.owner, china_now(), &e.to_string())
                })?;
                return Ok(Outcome::Failed);
            }
        };
        match self.transport.send(&message) {
            Ok(accepted) => {
                let at = china_now();
                self.record_sent(mail, at, &accepted.response)?;
                Ok(Outcome::Sent)
            }
            Err(f) if f.permanent || mail.attempts >= self.policy.max_attempts => {
                let why = if f.permanent {
                    f.message
                } else {
                    format!("gave up after {} attempts: {}", mail.attempts, f.message)
                };
                self.store
                    .write(|c| outbox::mark_failed(c, &mail.id, &self.owner, china_now(), &why))?;
                Ok(Outcome::Failed)
            }
            Err(f) => {
                self.store.write(|c| {
                    outbox::mark_retry(
                        c,
                        &mail.id,
                        &self.owner,
                        china_now(),
                        &f.message,
                        self.policy.backoff,
                    )
                })?;
                Ok(Outcome::Retry)
            }
        }
    }

    fn record_sent(
        &self,
        mail: &ClaimedMail,
        at: NaiveDateTime,
        response: &str,
    ) -> Result<(), MailError> {
        let Some(hook) = &self.after_send else {
            self.store
                .write(|c| outbox::mark_sent(c, &mail.id, &self.owner, at, response))?;
            return Ok(());
        };
        let with_hook: Result<bool, HookOrStore> = self.store.write(|c| {
            if !outbox::mark_sent(c, &mail.id, &self.owner, at, response)? {
                return Ok(false);
            }
            hook.after_send(c, mail, at, response)
                .map_err(HookOrStore::Hook)?;
            Ok(true)
        });
        match with_hook {
            Ok(_) => Ok(()),
            Err(HookOrStore::Store(e)) => Err(e.into()),
            Err(HookOrStore::Hook(why)) => {
                // The mail went out: that fact is kept even when the follow-up cannot be recorded.
                self.store.write(|c| {
                    if outbox::mark_sent(c, &mail.id, &self.owner, at, response)? {
                        outbox::note_error(c, &mail.id, &why)?;
                    }
                    Ok::<_, disclosure_store::StoreError>(())
                })?;
                Ok(())
            }
        }
    }

    /// Rounds until `stop`: a full batch is followed at once by the next; otherwise the worker sleeps
    /// `policy.idle`. `each_round` runs before every round (the reminder scheduler hooks in here).
    /// A database error is reported and retried after the idle sleep, never fatal.
    pub fn run(&self, stop: &StopToken, mut each_round: impl FnMut(NaiveDateTime)) {
        while !stop.is_stopped() {
            let now = china_now();
            each_round(now);
            let full = match self.run_once(now, Some(stop)) {
                Ok(r) => {
                    if r.claimed > 0 {
                        eprintln!(
                            "disclosure mail: {} sent, {} to retry, {} failed",
                            r.sent, r.retried, r.failed
                        );
                    }
                    i64::try_from(r.claimed).unwrap_or(i64::MAX) >= self.policy.batch
                }
                Err(e) => {
                    eprintln!("disclosure mail: {e}");
                    false
                }
            };
            if !full && stop.wait(self.policy.idle) {
                break;
            }
        }
        if let Err(e) = self.release() {
            eprintln!("disclosure mail: releasing the outbox lease: {e}");
        }
    }

    /// Gives up the SQLite outbox lease, so another worker can start at once rather than when the
    /// lease runs out. Call it after the last `run_once` (`run` does it itself).
    pub fn release(&self) -> Result<(), MailError> {
        Ok(self
            .store
            .write(|c| outbox::release_lease(c, &self.owner))?)
    }
}

enum Outcome {
    Sent,
    Retry,
    Failed,
}

#[derive(Debug)]
enum HookOrStore {
    Hook(String),
    Store(disclosure_store::StoreError),
}

impl From<disclosure_store::StoreError> for HookOrStore {
    fn from(e: disclosure_store::StoreError) -> Self {
        Self::Store(e)
    }
}
