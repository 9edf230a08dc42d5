//! The transactional mail outbox: a mail is a row written in the same transaction as the event that
//! causes it, so a committed event always has its mail and a rolled-back one never does. Workers then
//! claim rows, send them, and record the outcome.
//!
//! A row moves `pending → sending → sent | pending (retry) | failed`. Claiming sets `sending` with a
//! lease: `lease_owner`, and `next_attempt_at` holding the lease's end while sending. PostgreSQL picks rows with `FOR UPDATE SKIP LOCKED`, so several server
//! instances never claim the same row; SQLite has one writer anyway and lets one worker at a time send,
//! holding the `outbox` row of `worker_leases`. A worker that dies mid-batch loses its lease and the
//! rows return to the queue; a row may then be sent again, which its stable `Message-ID` makes
//! recognisable to the receiving side. Every attempt, with the server's answer, is kept in
//! `mail_attempts` in the same transaction as the row's new status.
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use crate::chain::truncate_to_micros;
use crate::conn::AnyConnection;
use crate::model::User;
use crate::schema::{
    documents, mail_attempts, outbox, staff_email_changes, staff_emails, users, worker_leases,
};
use crate::StoreError;

/// The domain part of every outbox `Message-ID`: fixed, so the identifier written at enqueue never
/// depends on the configuration of the instance that later sends it.
pub const MESSAGE_ID_DOMAIN: &str = "outbox.disclosure";

/// The lease name of the SQLite single-worker lease.
pub const OUTBOX_LEASE: &str = "outbox";

/// Where a row is. Stored as snake_case text, never free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MailStatus {
    /// Waiting to be sent (first time or after a temporary failure).
    Pending,
    /// Claimed by a worker whose lease has not run out.
    Sending,
    /// Accepted by the SMTP server (or written by the file/stdout transport).
    Sent,
    /// Rejected permanently (5xx) or out of attempts: never retried.
    Failed,
}

impl MailStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "pending" => Self::Pending,
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            other => return Err(StoreError::Corrupt(format!("outbox status `{other}`"))),
        })
    }

    /// How the case page names the status (发送状态).
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Pending => "待发送",
            Self::Sending => "发送中",
            Self::Sent => "已发送",
            Self::Failed => "发送失败",
        }
    }
}

/// A mail to enqueue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewMail {
    /// Why the mail exists, e.g. `reply_issued` (the worker records 送达 for these) or `digest`.
    pub kind: String,
    pub case_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// A stored document (`documents.id`) sent as the attachment, named after its title.
    pub document_id: Option<String>,
    /// One mail per key: enqueueing the same key twice (two instances computing the same digest)
    /// writes one row.
    pub dedupe_key: Option<String>,
}

/// A claimed row with everything needed to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    pub id: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// With angle brackets, e.g. `<uuid@outbox.disclosure>`.
    pub message_id: String,
    /// Including this one.
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub attachment: Option<MailAttachment>,
}

/// The bytes of an attached document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub name: String,
    pub content: Vec<u8>,
}

/// A row as the case page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub status: MailStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    /// What the server answered when it accepted the mail.
    pub smtp_response: Option<String>,
    pub message_id: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// Exponential back-off: `base · 2^(attempts-1)`, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: TimeDelta,
    pub max: TimeDelta,
}

impl Backoff {
    /// The wait after the `attempts`-th failed attempt.
    pub fn delay(&self, attempts: i32) -> TimeDelta {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(0);
        let factor = 1i32.checked_shl(exp).unwrap_or(i32::MAX);
        self.base
            .checked_mul(factor)
            .map_or(self.max, |d| d.min(self.max))
    }
}

/// Writes a mail inside the caller's transaction. Returns the new row's id, or `None` when a row with
/// the same `dedupe_key` exists already.
pub fn enqueue(
    conn: &mut AnyConnection,
    mail: &NewMail,
    now: NaiveDateTime,
) -> Result<Option<String>, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let message_id = format!("<{id}@{MESSAGE_ID_DOMAIN}>");
    let now = truncate_to_micros(now);
    macro_rules! insert {
        ($c:expr) => {
            diesel::insert_into(outbox::table)
                .values((
                    outbox::id.eq(&id),
                    outbox::case_id.eq(&mail.case_id),
                    outbox::recipient.eq(&mail.recipient),
                    outbox::subject.eq(&mail.subject),
                    outbox::body.eq(&mail.body),
                    outbox::document_id.eq(&mail.document_id),
                    outbox::status.eq(MailStatus::Pending.as_str()),
                    outbox::attempts.eq(0),
                    outbox::next_attempt_at.eq(now),
                    outbox::message_id.eq(&message_id),
                    outbox::created_at.eq(now),
                    outbox::kind.eq(&mail.kind),
                    outbox::dedupe_key.eq(&mail.dedupe_key),
                ))
                .on_conflict(outbox::dedupe_key)
                .do_nothing()
                .execute($c)
        };
    }
    let inserted = match conn {
        AnyConnection::Sqlite(c) => insert!(c)?,
        AnyConnection::Postgresql(c) => insert!(c)?,
    };
    Ok((inserted == 1).then_some(id))
}

/// Claims up to `limit` due rows for `owner` until `now + lease`, inside the caller's transaction
/// (`Store::write`). Due: pending with `next_attempt_at <= now`, or sending with an expired lease.
/// `owner` must be unique per worker (a process id and a random part).
/// On SQLite nothing is claimed while another worker holds the outbox lease.
pub fn claim(
    conn: &mut AnyConnection,
    owner: &str,
    now: NaiveDateTime,
    lease: TimeDelta,
    limit: i64,
) -> Result<Vec<ClaimedMail>, StoreError> {
    let now = truncate_to_micros(now);
    let until = truncate_to_micros(now + lease);
    let claimed = match conn {
        AnyConnection::Sqlite(c) => {
            diesel::sql_query(
                "INSERT INTO worker_leases (name, owner, expires_at) VALUES (?, ?, ?) \
                 ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at \
                 WHERE worker_leases.owner = excluded.owner OR worker_leases.expires_at < ?",
            )
            .bind::<Text, _>(OUTBOX_LEASE)
            .bind::<Text, _>(owner)
            .bind::<Timestamp, _>(until)
            .bind::<Timestamp, _>(now)
            .execute(c)?;
            let holder = worker_leases::table
                .find(OUTBOX_LEASE)
                .select(worker_leases::owner)
                .first::<String>(c)?;
            if holder != owner {
                return Ok(Vec::new());
            }
            diesel::sql_query(
                "UPDATE outbox SET status = 'sending', lease_owner = ?, next_attempt_at = ?, \
                 attempts = attempts + 1 WHERE id IN (SELECT id FROM outbox \
                 WHERE (status = 'pending' AND next_attempt_at <= ?) \
                 OR (status = 'sending' AND next_attempt_at < ?) \
                 ORDER BY next_attempt_at, created_at LIMIT ?) RETURNING id",
            )
            .bind::<Text, _>(owner)
            .bind::<Timestamp, _>(until)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load::<IdRow>(c)?
        }
        AnyConnection::Postgresql(c) => diesel::sql_query(
            "UPDATE outbox SET status = 'sending', lease_owner = $1, next_attempt_at = $2, \
                 attempts = attempts + 1 WHERE id IN (SELECT id FROM outbox \
                 WHERE (status = 'pending' AND next_attempt_at <= $3) \
                 OR (status = 'sending' AND next_attempt_at < $3) \
                 ORDER BY next_attempt_at, created_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
                 RETURNING id",
        )
        .bind::<Text, _>(owner)
        .bind::<Timestamp, _>(until)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(limit)
        .load::<IdRow>(c)?,
    };
    let ids: Vec<String> = claimed.into_iter().map(|r| r.id).collect();
    type Row = (
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        String,
        i32,
        NaiveDateTime,
        Option<String>,
    );
    let rows: Vec<Row> = outbox::table
        .filter(outbox::id.eq_any(&ids))
        .order(outbox::created_at.asc())
        .select((
            outbox::id,
            outbox::kind,
            outbox::case_id,
            outbox::recipient,
            outbox::subject,
            outbox::body,
            outbox::message_id,
            outbox::attempts,
            outbox::created_at,
            outbox::document_id,
        ))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let attachment = match r.9 {
            None => None,
            Some(doc) => {
                let (title, content) = documents::table
                    .find(&doc)
                    .select((documents::title, documents::content))
                    .first::<(String, Vec<u8>)>(conn)
                    .optional()?
                    .ok_or(StoreError::NotFound("document"))?;
                Some(MailAttachment {
                    name: attachment_name(&title),
                    content,
                })
            }
        };
        out.push(ClaimedMail {
            id: r.0,
            kind: r.1,
            case_id: r.2,
            recipient: r.3,
            subject: r.4,
            body: r.5,
            message_id: r.6,
            attempts: r.7,
            created_at: r.8,
            attachment,
        });
    }
    Ok(out)
}

/// Whether any row is due at `now`: a read, so an idle worker polling an SQLite database takes no
/// write lock (and forces no fsync) until there is something to send.
pub fn has_due(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<bool, StoreError> {
    let now = truncate_to_micros(now);
    Ok(outbox::table
        .filter(
            outbox::status
                .eq(MailStatus::Pending.as_str())
                .and(outbox::next_attempt_at.le(now))
                .or(outbox::status
                    .eq(MailStatus::Sending.as_str())
                    .and(outbox::next_attempt_at.lt(now))),
        )
        .select(outbox::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

#[derive(diesel::QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

/// Gives up the SQLite single-worker lease (a stopping worker lets another start at once).
pub fn release_lease(conn: &mut AnyConnection, owner: &str) -> Result<(), StoreError> {
    diesel::delete(
        worker_leases::table
            .filter(worker_leases::name.eq(OUTBOX_LEASE))
            .filter(worker_leases::owner.eq(owner)),
    )
    .execute(conn)?;
    Ok(())
}

/// The row `id` while `owner` holds it.
type ClaimedBy<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Filter<outbox::table, diesel::dsl::Eq<outbox::id, &'a str>>,
        diesel::dsl::Eq<outbox::status, &'static str>,
    >,
    diesel::dsl::Eq<outbox::lease_owner, &'a str>,
>;

fn claimed_by<'a>(id: &'a str, owner: &'a str) -> ClaimedBy<'a> {
    outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::status.eq(MailStatus::Sending.as_str()))
        .filter(outbox::lease_owner.eq(owner))
}

/// Records the server's acceptance and its response. `false` when the row is no longer this
/// worker's (its lease ran out and another worker took it): nothing is written then.
pub fn mark_sent(
    conn: &mut AnyConnection,
    id: &str,
    owner: &str,
    sent_at: NaiveDateTime,
    response: &str,
) -> Result<bool, StoreError> {
    let sent_at = truncate_to_micros(sent_at);
    let n = diesel::update(claimed_by(id, owner))
        .set((
            outbox::status.eq(MailStatus::Sent.as_str()),
            outbox::sent_at.eq(Some(sent_at)),
            outbox::next_attempt_at.eq(sent_at),
            outbox::lease_owner.eq(None::<String>),
        ))
        .execute(conn)?;
    if n == 1 {
        log_attempt(conn, id, owner, MailStatus::Sent, response, sent_at)?;
    }
    Ok(n == 1)
}

fn log_attempt(
    conn: &mut AnyConnection,
    id: &str,
    owner: &str,
    outcome: MailStatus,
    response: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    let attempt = outbox::table
        .find(id)
        .select(outbox::attempts)
        .first::<i32>(conn)?;
    diesel::insert_into(mail_attempts::table)
        .values((
            mail_attempts::outbox_id.eq(id),
            mail_attempts::attempt.eq(attempt),
            mail_attempts::worker.eq(owner),
            mail_attempts::outcome.eq(outcome.as_str()),
            mail_attempts::response.eq(response),
            mail_attempts::at.eq(truncate_to_micros(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A temporary failure: back to pending, next try after the back-off for the attempts made so far.
pub fn mark_retry(
    conn: &mut AnyConnection,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
    error: &str,
    backoff: Backoff,
) -> Result<bool, StoreError> {
    let attempts = outbox::table
        .find(id)
        .select(outbox::attempts)
        .first::<i32>(conn)
        .optional()?
        .ok_or(StoreError::NotFound("outbox row"))?;
    let next = truncate_to_micros(now + backoff.delay(attempts));
    let n = diesel::update(claimed_by(id, owner))
        .set((
            outbox::status.eq(MailStatus::Pending.as_str()),
            outbox::next_attempt_at.eq(next),
            outbox::last_error.eq(Some(error)),
            outbox::lease_owner.eq(None::<String>),
        ))
        .execute(conn)?;
    if n == 1 {
        log_attempt(conn, id, owner, MailStatus::Pending, error, now)?;
    }
    Ok(n == 1)
}

/// A permanent failure (5xx, or out of attempts): never retried; shown on the case page.
pub fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
    error: &str,
) -> Result<bool, StoreError> {
    let n = diesel::update(claimed_by(id, owner))
        .set((
            outbox::status.eq(MailStatus::Failed.as_str()),
            outbox::next_attempt_at.eq(truncate_to_micros(now)),
            outbox::last_error.eq(Some(error)),
            outbox::lease_owner.eq(None::<String>),
        ))
        .execute(conn)?;
    if n == 1 {
        log_attempt(conn, id, owner, MailStatus::Failed, error, now)?;
    }
    Ok(n == 1)
}

/// One sending attempt as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttempt {
    pub attempt: i32,
    pub worker: String,
    /// `Sent`, `Pending` (a temporary failure, retried) or `Failed`.
    pub outcome: MailStatus,
    /// The server's response or the error.
    pub response: String,
    pub at: NaiveDateTime,
}

/// A row's attempts, first first.
pub fn attempts(conn: &mut AnyConnection, id: &str) -> Result<Vec<MailAttempt>, StoreError> {
    mail_attempts::table
        .filter(mail_attempts::outbox_id.eq(id))
        .order(mail_attempts::attempt.asc())
        .select((
            mail_attempts::attempt,
            mail_attempts::worker,
            mail_attempts::outcome,
            mail_attempts::response,
            mail_attempts::at,
        ))
        .load::<(i32, String, String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(attempt, worker, outcome, response, at)| {
            Ok(MailAttempt {
                attempt,
                worker,
                outcome: MailStatus::parse(&outcome)?,
                response,
                at,
            })
        })
        .collect()
}

/// A file name from a document title: what a mail program shows and saves.
fn attachment_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '"' | '\0'..='\x1f') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{}.pdf", clean.trim())
}

/// Adds a note to a sent row (e.g. that the 送达 event could not be recorded), without changing it.
pub fn note_error(conn: &mut AnyConnection, id: &str, note: &str) -> Result<(), StoreError> {
    diesel::update(outbox::table.find(id))
        .set(outbox::last_error.eq(Some(note)))
        .execute(conn)?;
    Ok(())
}

type EntryRow = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    i32,
    NaiveDateTime,
    Option<String>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

fn entry_columns() -> (
    outbox::id,
    outbox::kind,
    outbox::case_id,
    outbox::recipient,
    outbox::subject,
    outbox::status,
    outbox::attempts,
    outbox::next_attempt_at,
    outbox::last_error,
    outbox::message_id,
    outbox::created_at,
    outbox::sent_at,
) {
    (
        outbox::id,
        outbox::kind,
        outbox::case_id,
        outbox::recipient,
        outbox::subject,
        outbox::status,
        outbox::attempts,
        outbox::next_attempt_at,
        outbox::last_error,
        outbox::message_id,
        outbox::created_at,
        outbox::sent_at,
    )
}

fn to_entry(conn: &mut AnyConnection, r: EntryRow) -> Result<OutboxEntry, StoreError> {
    let smtp_response = mail_attempts::table
        .filter(mail_attempts::outbox_id.eq(&r.0))
        .filter(mail_attempts::outcome.eq(MailStatus::Sent.as_str()))
        .order(mail_attempts::attempt.desc())
        .select(mail_attempts::response)
        .first::<String>(conn)
        .optional()?;
    Ok(OutboxEntry {
        id: r.0,
        kind: r.1,
        case_id: r.2,
        recipient: r.3,
        subject: r.4,
        status: MailStatus::parse(&r.5)?,
        attempts: r.6,
        next_attempt_at: r.7,
        last_error: r.8,
        smtp_response,
        message_id: r.9,
        created_at: r.10,
        sent_at: r.11,
    })
}

/// A case's mails, oldest first (the case page shows their status, a failed one included).
pub fn for_case(conn: &mut AnyConnection, case_id: &str) -> Result<Vec<OutboxEntry>, StoreError> {
    outbox::table
        .filter(outbox::case_id.eq(case_id))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(entry_columns())
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(|r| to_entry(conn, r))
        .collect()
}

/// Every row, oldest first (operators' view and tests).
pub fn all(conn: &mut AnyConnection) -> Result<Vec<OutboxEntry>, StoreError> {
    outbox::table
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(entry_columns())
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(|r| to_entry(conn, r))
        .collect()
}

/// One row.
pub fn entry(conn: &mut AnyConnection, id: &str) -> Result<OutboxEntry, StoreError> {
    let r = outbox::table
        .find(id)
        .select(entry_columns())
        .first::<EntryRow>(conn)
        .optional()?
        .ok_or(StoreError::NotFound("outbox row"))?;
    to_entry(conn, r)
}

/// Sets (or replaces) a staff member's e-mail address for 督办 digests.
pub fn set_staff_email(
    conn: &mut AnyConnection,
    user_id: &str,
    email: &str,
) -> Result<(), StoreError> {
    macro_rules! upsert {
        ($c:expr) => {
            diesel::insert_into(staff_emails::table)
                .values((
                    staff_emails::user_id.eq(user_id),
                    staff_emails::email.eq(email),
                ))
                .on_conflict(staff_emails::user_id)
                .do_update()
                .set(staff_emails::email.eq(email))
                .execute($c)
        };
    }
    match conn {
        AnyConnection::Sqlite(c) => upsert!(c)?,
        AnyConnection::Postgresql(c) => upsert!(c)?,
    };
    Ok(())
}

/// A staff member's current 督办 address, if any.
pub fn staff_email(conn: &mut AnyConnection, user_id: &str) -> Result<Option<String>, StoreError> {
    Ok(staff_emails::table
        .find(user_id)
        .select(staff_emails::email)
        .first::<String>(conn)
        .optional()?)
}

/// One change of a staff member's 督办 address, as kept in `staff_email_changes`.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct StaffEmailChange {
    pub id: String,
    pub user_id: String,
    /// `None`: the address was set for the first time.
    pub old_email: Option<String>,
    /// `None`: the address was removed (no more digests).
    pub new_email: Option<String>,
    pub changed_by: String,
    pub changed_by_name: String,
    pub changed_at: NaiveDateTime,
}

/// Sets, replaces or (with `None`) removes a staff member's 督办 address and records who did it, in
/// the caller's transaction. Returns the change, or `None` when the address was already that.
pub fn change_staff_email(
    conn: &mut AnyConnection,
    user_id: &str,
    email: Option<&str>,
    by: (&str, &str),
    at: NaiveDateTime,
) -> Result<Option<StaffEmailChange>, StoreError> {
    let old = staff_email(conn, user_id)?;
    if old.as_deref() == email {
        return Ok(None);
    }
    match email {
        Some(e) => set_staff_email(conn, user_id, e)?,
        None => {
            diesel::delete(staff_emails::table.find(user_id)).execute(conn)?;
        }
    }
    let change = StaffEmailChange {
        id: uuid::Uuid::new_v4().simple().to_string(),
        user_id: user_id.to_string(),
        old_email: old,
        new_email: email.map(str::to_string),
        changed_by: by.0.to_string(),
        changed_by_name: by.1.to_string(),
        changed_at: truncate_to_micros(at),
    };
    diesel::insert_into(staff_email_changes::table)
        .values((
            staff_email_changes::id.eq(&change.id),
            staff_email_changes::user_id.eq(&change.user_id),
            staff_email_changes::old_email.eq(&change.old_email),
            staff_email_changes::new_email.eq(&change.new_email),
            staff_email_changes::changed_by.eq(&change.changed_by),
            staff_email_changes::changed_by_name.eq(&change.changed_by_name),
            staff_email_changes::changed_at.eq(change.changed_at),
        ))
        .execute(conn)?;
    Ok(Some(change))
}

/// The changes of the addresses of an agency's staff, newest first (the admin page shows them).
pub fn staff_email_changes(
    conn: &mut AnyConnection,
    agency_id: &str,
    limit: i64,
) -> Result<Vec<StaffEmailChange>, StoreError> {
    Ok(staff_email_changes::table
        .inner_join(users::table)
        .filter(users::agency_id.eq(agency_id))
        .order((
            staff_email_changes::changed_at.desc(),
            staff_email_changes::id.desc(),
        ))
        .limit(limit)
        .select(staff_email_changes::all_columns)
        .load::<StaffEmailChange>(conn)?)
}

/// The active staff of an agency who have an e-mail address, with it.
pub fn staff_with_email(
    conn: &mut AnyConnection,
    agency_id: &str,
) -> Result<Vec<(User, String)>, StoreError> {
    Ok(users::table
        .inner_join(staff_emails::table)
        .filter(users::agency_id.eq(agency_id))
        .filter(users::active.eq(true))
        .order(users::username.asc())
        .select((users::all_columns, staff_emails::email))
        .load::<(User, String)>(conn)?)
}

/// The stored document of a case with this 字号 (the issued reply's PDF), to attach to its mail.
pub fn document_for(
    conn: &mut AnyConnection,
    case_id: &str,
    doc_number: &str,
) -> Result<Option<String>, StoreError> {
    Ok(documents::table
        .filter(documents::case_id.eq(case_id))
        .filter(documents::doc_number.eq(doc_number))
        .order(documents::created_at.desc())
        .select(documents::id)
        .first::<String>(conn)
        .optional()?)
}
