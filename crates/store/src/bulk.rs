//! Loading many whole case records at once (`disclosure seed`): the same rows `cases::register` and
//! `cases::append` write — projection, report facts, applicant, hash-chained events, sequences —
//! but many cases per multi-row `INSERT`, so a million cases load in minutes rather than hours.
//!
//! Only for filling a database (benchmarks, demos, training): the caller decides every event with
//! the domain's `decide` first, exactly as the services do; nothing here checks a rule.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::cases::{chain_events, CASE_SEQUENCE, DOC_SEQUENCE};
use crate::chain::{truncate_to_micros, GENESIS_HASH};
use crate::conn::AnyConnection;
use crate::model::{NewApplicant, NewEvent, Projection};
use crate::schema::{applicants, case_events, case_search, cases, report_facts, sequences};
use crate::StoreError;

/// Runs a multi-row insert on the concrete backend: diesel's batch `INSERT … VALUES (…), (…)` is
/// implemented per backend, not for the multi-backend connection.
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match &mut *$conn {
            AnyConnection::Sqlite($c) => {
                $body?;
            }
            AnyConnection::Postgresql($c) => {
                $body?;
            }
        }
    };
}

/// One whole case record to load: its identity, applicant, projection and every event, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkCase {
    pub id: String,
    pub agency_id: String,
    pub number_year: i32,
    pub number_seq: i32,
    pub tracking_code: String,
    pub applicant_id: String,
    pub applicant: NewApplicant,
    pub projection: Projection,
    pub events: Vec<NewEvent>,
}

/// Rows per multi-row statement: 1,000 events × 9 columns stays well under both backends' limit
/// on bound parameters (SQLite 32,766; PostgreSQL 65,535).
const ROWS_PER_STATEMENT: usize = 1000;

/// Inserts `batch` inside the caller's transaction: applicants, cases (version = number of events,
/// as after appending them one by one) and the hash-chained events.
pub fn insert_cases(conn: &mut AnyConnection, batch: &[BulkCase]) -> Result<(), StoreError> {
    for chunk in batch.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|c| {
                let created =
                    truncate_to_micros(c.events.first().map_or_else(epoch, |e| e.recorded_at));
                let a = &c.applicant;
                (
                    applicants::id.eq(&c.applicant_id),
                    applicants::agency_id.eq(&c.agency_id),
                    applicants::kind.eq(&a.kind),
                    applicants::name.eq(&a.name),
                    applicants::id_doc_type.eq(&a.id_doc_type),
                    applicants::id_doc_number.eq(&a.id_doc_number),
                    applicants::phone.eq(&a.phone),
                    applicants::email.eq(&a.email),
                    applicants::address.eq(&a.address),
                    applicants::created_at.eq(created),
                )
            })
            .collect();
        per_backend!(conn, |c| diesel::insert_into(applicants::table)
            .values(&rows)
            .execute(c));
        let rows = chunk
            .iter()
            .map(|c| {
                let created =
                    truncate_to_micros(c.events.first().map_or_else(epoch, |e| e.recorded_at));
                let updated =
                    truncate_to_micros(c.events.last().map_or_else(epoch, |e| e.recorded_at));
                let p = &c.projection;
                Ok((
                    cases::id.eq(&c.id),
                    cases::agency_id.eq(&c.agency_id),
                    cases::number_year.eq(c.number_year),
                    cases::number_seq.eq(c.number_seq),
                    cases::applicant_id.eq(Some(&c.applicant_id)),
                    cases::tracking_code.eq(&c.tracking_code),
                    cases::stage.eq(&p.stage),
                    cases::receipt_date.eq(p.receipt_date),
                    cases::due_date.eq(p.due_date),
                    cases::provisional.eq(p.provisional),
                    cases::assignee_id.eq(&p.assignee_id),
                    cases::outcome.eq(&p.outcome),
                    cases::version.eq(i32::try_from(c.events.len())
                        .map_err(|_| StoreError::Corrupt("too many events".into()))?),
                    cases::created_at.eq(created),
                    cases::updated_at.eq(updated),
                    cases::handling_state.eq(&p.handling_state),
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        per_backend!(conn, |c| diesel::insert_into(cases::table)
            .values(&rows)
            .execute(c));
        // What lists filter and search on beyond the projection (channel, request text).
        let rows: Vec<_> = chunk
            .iter()
            .map(|c| {
                (
                    case_search::case_id.eq(&c.id),
                    case_search::agency_id.eq(&c.agency_id),
                    case_search::channel.eq(&c.projection.channel),
                    case_search::request_text.eq(&c.projection.request_text),
                )
            })
            .collect();
        per_backend!(conn, |c| diesel::insert_into(case_search::table)
            .values(&rows)
            .execute(c));
        // What the annual report reads (`crate::report_facts`).
        let rows: Vec<_> = chunk
            .iter()
            .map(|c| {
                let p = &c.projection;
                (
                    report_facts::case_id.eq(&c.id),
                    report_facts::agency_id.eq(&c.agency_id),
                    report_facts::number_year.eq(c.number_year),
                    report_facts::number_seq.eq(c.number_seq),
                    report_facts::applicant_kind.eq(&p.report.applicant_kind),
                    report_facts::received_on.eq(p.receipt_date),
                    report_facts::concluded_on.eq(p.report.concluded_on),
                    report_facts::outcome.eq(&p.outcome),
                    report_facts::reviews.eq(&p.report.reviews),
                )
            })
            .collect();
        per_backend!(conn, |c| diesel::insert_into(report_facts::table)
            .values(&rows)
            .execute(c));
    }
    let events: Vec<_> = batch
        .iter()
        .flat_map(|c| chain_events(&c.id, 0, GENESIS_HASH, &c.events))
        .collect();
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|e| {
                (
                    case_events::case_id.eq(&e.case_id),
                    case_events::seq.eq(e.seq),
                    case_events::kind.eq(&e.kind),
                    case_events::payload.eq(&e.payload),
                    case_events::actor_id.eq(&e.actor_id),
                    case_events::actor_name.eq(&e.actor_name),
                    case_events::recorded_at.eq(e.recorded_at),
                    case_events::prev_hash.eq(&e.prev_hash),
                    case_events::hash.eq(&e.hash),
                )
            })
            .collect();
        per_backend!(conn, |c| diesel::insert_into(case_events::table)
            .values(&rows)
            .execute(c));
    }
    Ok(())
}

/// The next value a gapless sequence would hand out (1 when it has not started), so a loader
/// continues numbering where the database stands.
pub fn next_value(
    conn: &mut AnyConnection,
    agency_id: &str,
    kind: SequenceKind,
    year: i32,
) -> Result<i32, StoreError> {
    Ok(sequences::table
        .filter(sequences::agency_id.eq(agency_id))
        .filter(sequences::kind.eq(kind.as_str()))
        .filter(sequences::year.eq(year))
        .select(sequences::next_value)
        .first::<i32>(conn)
        .optional()?
        .unwrap_or(1))
}

/// Records that a loader used a sequence up to `next_value - 1`, inside the caller's transaction.
pub fn set_next_value(
    conn: &mut AnyConnection,
    agency_id: &str,
    kind: SequenceKind,
    year: i32,
    next_value: i32,
) -> Result<(), StoreError> {
    let updated = diesel::update(
        sequences::table
            .filter(sequences::agency_id.eq(agency_id))
            .filter(sequences::kind.eq(kind.as_str()))
            .filter(sequences::year.eq(year)),
    )
    .set(sequences::next_value.eq(next_value))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(sequences::table)
            .values((
                sequences::agency_id.eq(agency_id),
                sequences::kind.eq(kind.as_str()),
                sequences::year.eq(year),
                sequences::next_value.eq(next_value),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The gapless sequences a loader continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SequenceKind {
    /// Case numbers.
    Case,
    /// 字号 of issued documents.
    Doc,
}

impl SequenceKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Case => CASE_SEQUENCE,
            Self::Doc => DOC_SEQUENCE,
        }
    }
}

fn epoch() -> NaiveDateTime {
    NaiveDateTime::default()
}
