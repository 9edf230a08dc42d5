//! What the reports read and keep: every event of an agency's cases in one query, and the locked
//! report years (`report_locks`, R-REP-1).
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::chain::truncate_to_micros;
use crate::conn::AnyConnection;
use crate::model::{CaseRow, StoredEvent};
use crate::schema::{case_events, cases, report_locks};
use crate::StoreError;

/// The cases of an agency (or of every agency) with their events, oldest first: two queries for the
/// whole set rather than one per case, so a year of a busy agency loads in one round trip each.
pub fn agency_cases_with_events(
    conn: &mut AnyConnection,
    agency_id: Option<&str>,
) -> Result<Vec<(CaseRow, Vec<StoredEvent>)>, StoreError> {
    let mut rows_q = cases::table.into_boxed();
    let mut events_q = case_events::table
        .inner_join(cases::table)
        .select(case_events::all_columns)
        .into_boxed();
    if let Some(a) = agency_id {
        rows_q = rows_q.filter(cases::agency_id.eq(a));
        events_q = events_q.filter(cases::agency_id.eq(a));
    }
    let rows: Vec<CaseRow> = rows_q
        .order((
            cases::agency_id.asc(),
            cases::number_year.asc(),
            cases::number_seq.asc(),
        ))
        .load(conn)?;
    let events: Vec<EventTuple> = events_q
        .order((case_events::case_id.asc(), case_events::seq.asc()))
        .load(conn)?;
    let mut by_case: std::collections::HashMap<String, Vec<StoredEvent>> =
        std::collections::HashMap::with_capacity(rows.len());
    for t in events {
        let e = StoredEvent {
            case_id: t.0,
            seq: t.1,
            kind: t.2,
            payload: t.3,
            actor_id: t.4,
            actor_name: t.5,
            recorded_at: t.6,
            prev_hash: t.7,
            hash: t.8,
        };
        by_case.entry(e.case_id.clone()).or_default().push(e);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let events = by_case.remove(&r.id).unwrap_or_default();
            (r, events)
        })
        .collect())
}

type EventTuple = (
    String,
    i32,
    String,
    String,
    String,
    String,
    NaiveDateTime,
    String,
    String,
);

/// A locked report year: the figures (JSON) and the hash of the inputs they came from.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct ReportLock {
    pub agency_id: String,
    pub year: i32,
    pub figures: String,
    pub inputs_hash: String,
    pub locked_by: String,
    pub locked_by_name: String,
    pub locked_at: NaiveDateTime,
}

/// The lock of an agency's year, if any.
pub fn report_lock(
    conn: &mut AnyConnection,
    agency_id: &str,
    year: i32,
) -> Result<Option<ReportLock>, StoreError> {
    Ok(report_locks::table
        .find((agency_id, year))
        .first(conn)
        .optional()?)
}

/// Locks a year inside the caller's transaction. The primary key makes a second lock of the same
/// year fail, so a published report is never replaced (the caller checks first for a clear message).
pub fn insert_report_lock(conn: &mut AnyConnection, lock: &ReportLock) -> Result<(), StoreError> {
    diesel::insert_into(report_locks::table)
        .values((
            report_locks::agency_id.eq(&lock.agency_id),
            report_locks::year.eq(lock.year),
            report_locks::figures.eq(&lock.figures),
            report_locks::inputs_hash.eq(&lock.inputs_hash),
            report_locks::locked_by.eq(&lock.locked_by),
            report_locks::locked_by_name.eq(&lock.locked_by_name),
            report_locks::locked_at.eq(truncate_to_micros(lock.locked_at)),
        ))
        .execute(conn)?;
    Ok(())
}
