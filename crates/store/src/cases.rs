//! The case record: registration, appending events under optimistic concurrency, reading back.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::chain::{canonical_json, event_hash, truncate_to_micros, HashedFields, GENESIS_HASH};
use crate::conn::AnyConnection;
use crate::dialect::{next_sequence_value, number_last};
use crate::model::{CaseRow, NewApplicant, NewEvent, Projection, RegisteredCase, StoredEvent};
use crate::schema::{applicants, case_events, case_search, cases};
use crate::StoreError;

/// Sequence kind of case numbers.
pub const CASE_SEQUENCE: &str = "case";
/// Sequence kind of 字号.
pub const DOC_SEQUENCE: &str = "doc";

/// A new random identifier.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A tracking code (查询码) for the applicant: 10 characters without look-alikes (0/O, 1/I/L).
pub fn new_tracking_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    uuid::Uuid::new_v4()
        .as_bytes()
        .iter()
        .take(10)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// A case row's number until the real one is allocated at the end of its registration's
/// transaction (PostgreSQL): negative, so never a real number, and random, so concurrent
/// registrations' rows do not meet on the unique `(agency, year, seq)` key (were two equal, the
/// second would only wait for the first to commit under its real number). Never committed.
fn provisional_number_seq() -> i32 {
    let [a, b, c, d, ..] = *uuid::Uuid::new_v4().as_bytes();
    -1 - (i32::from_le_bytes([a, b, c, d]) & i32::MAX)
}

/// Registers a case inside the caller's transaction: allocates the gapless case number, writes the
/// applicant, the projection row and the first event.
pub fn register(
    conn: &mut AnyConnection,
    agency_id: &str,
    number_year: i32,
    applicant: Option<&NewApplicant>,
    projection: &Projection,
    first_event: &NewEvent,
) -> Result<RegisteredCase, StoreError> {
    // The gapless number: first on SQLite, last on PostgreSQL (see `dialect::number_last`).
    let early_seq = if number_last(conn) {
        None
    } else {
        Some(next_sequence_value(
            conn,
            agency_id,
            CASE_SEQUENCE,
            number_year,
        )?)
    };
    let row_seq = early_seq.unwrap_or_else(provisional_number_seq);
    let now = truncate_to_micros(first_event.recorded_at);
    let applicant_id = match applicant {
        None => None,
        Some(a) => {
            let id = new_id();
            diesel::insert_into(applicants::table)
                .values((
                    applicants::id.eq(&id),
                    applicants::agency_id.eq(agency_id),
                    applicants::kind.eq(&a.kind),
                    applicants::name.eq(&a.name),
                    applicants::id_doc_type.eq(&a.id_doc_type),
                    applicants::id_doc_number.eq(&a.id_doc_number),
                    applicants::phone.eq(&a.phone),
                    applicants::email.eq(&a.email),
                    applicants::address.eq(&a.address),
                    applicants::created_at.eq(now),
                ))
                .execute(conn)?;
            Some(id)
        }
    };
    let case_id = new_id();
    let tracking_code = new_tracking_code();
    diesel::insert_into(cases::table)
        .values((
            cases::id.eq(&case_id),
            cases::agency_id.eq(agency_id),
            cases::number_year.eq(number_year),
            cases::number_seq.eq(row_seq),
            cases::applicant_id.eq(&applicant_id),
            cases::tracking_code.eq(&tracking_code),
            cases::stage.eq(&projection.stage),
            cases::receipt_date.eq(projection.receipt_date),
            cases::due_date.eq(projection.due_date),
            cases::provisional.eq(projection.provisional),
            cases::assignee_id.eq(&projection.assignee_id),
            cases::outcome.eq(&projection.outcome),
            cases::handling_state.eq(&projection.handling_state),
            cases::version.eq(0),
            cases::created_at.eq(now),
            cases::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::insert_into(case_search::table)
        .values((
            case_search::case_id.eq(&case_id),
            case_search::agency_id.eq(agency_id),
            case_search::channel.eq(&projection.channel),
            case_search::request_text.eq(&projection.request_text),
        ))
        .execute(conn)?;
    insert_events(
        conn,
        &case_id,
        0,
        GENESIS_HASH,
        std::slice::from_ref(first_event),
    )?;
    let number_seq = match early_seq {
        Some(n) => n,
        None => next_sequence_value(conn, agency_id, CASE_SEQUENCE, number_year)?,
    };
    diesel::update(cases::table.find(&case_id))
        .set((cases::version.eq(1), cases::number_seq.eq(number_seq)))
        .execute(conn)?;
    crate::report_facts::insert(
        conn,
        &case_id,
        agency_id,
        number_year,
        number_seq,
        projection,
    )?;
    Ok(RegisteredCase {
        case_id,
        number_year,
        number_seq,
        tracking_code,
    })
}

/// Appends events to a case at `expected_version` and updates its projection, inside the caller's
/// transaction. A stale version fails with [`StoreError::Conflict`] and writes nothing.
pub fn append(
    conn: &mut AnyConnection,
    case_id: &str,
    expected_version: i32,
    events: &[NewEvent],
    projection: &Projection,
    at: NaiveDateTime,
) -> Result<i32, StoreError> {
    let count =
        i32::try_from(events.len()).map_err(|_| StoreError::Corrupt("too many events".into()))?;
    let new_version = expected_version + count;
    // The versioned update is the first statement: it takes the write lock (SQLite) or the row lock
    // (PostgreSQL), and matches no row when someone else appended first.
    let updated = diesel::update(
        cases::table
            .filter(cases::id.eq(case_id))
            .filter(cases::version.eq(expected_version)),
    )
    .set((
        cases::version.eq(new_version),
        cases::stage.eq(&projection.stage),
        cases::receipt_date.eq(projection.receipt_date),
        cases::due_date.eq(projection.due_date),
        cases::provisional.eq(projection.provisional),
        cases::assignee_id.eq(&projection.assignee_id),
        cases::outcome.eq(&projection.outcome),
        cases::handling_state.eq(&projection.handling_state),
        cases::updated_at.eq(truncate_to_micros(at)),
    ))
    .execute(conn)?;
    if updated == 0 {
        let found = cases::table
            .find(case_id)
            .select(cases::version)
            .first::<i32>(conn)
            .optional()?
            .ok_or(StoreError::NotFound("case"))?;
        return Err(StoreError::Conflict {
            expected: expected_version,
            found,
        });
    }
    let prev_hash = case_events::table
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::seq.desc())
        .select(case_events::hash)
        .first::<String>(conn)
        .optional()?
        .unwrap_or_else(|| GENESIS_HASH.to_string());
    insert_events(conn, case_id, expected_version, &prev_hash, events)?;
    diesel::update(case_search::table.find(case_id))
        .set((
            case_search::channel.eq(&projection.channel),
            case_search::request_text.eq(&projection.request_text),
        ))
        .execute(conn)?;
    crate::report_facts::write(conn, case_id, projection)?;
    Ok(new_version)
}

fn insert_events(
    conn: &mut AnyConnection,
    case_id: &str,
    after_seq: i32,
    prev_hash: &str,
    events: &[NewEvent],
) -> Result<(), StoreError> {
    for e in chain_events(case_id, after_seq, prev_hash, events) {
        diesel::insert_into(case_events::table)
            .values((
                case_events::case_id.eq(&e.case_id),
                case_events::seq.eq(e.seq),
                case_events::kind.eq(&e.kind),
                case_events::payload.eq(&e.payload),
                case_events::actor_id.eq(&e.actor_id),
                case_events::actor_name.eq(&e.actor_name),
                case_events::recorded_at.eq(e.recorded_at),
                case_events::prev_hash.eq(&e.prev_hash),
                case_events::hash.eq(&e.hash),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The rows `events` become when appended after `after_seq` / `prev_hash`: canonical payloads,
/// microsecond timestamps and the hash chain. Shared by [`append`] and the bulk loader
/// ([`crate::bulk`]), so bulk-loaded records verify exactly like appended ones.
pub(crate) fn chain_events(
    case_id: &str,
    after_seq: i32,
    prev_hash: &str,
    events: &[NewEvent],
) -> Vec<StoredEvent> {
    let mut prev = prev_hash.to_string();
    let mut out = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let seq = after_seq + 1 + i32::try_from(i).unwrap_or(i32::MAX - after_seq - 1);
        let payload = canonical_json(&e.payload);
        let recorded_at = truncate_to_micros(e.recorded_at);
        let hash = event_hash(
            &prev,
            &HashedFields {
                case_id,
                seq,
                kind: &e.kind,
                payload: &payload,
                actor_id: &e.actor_id,
                actor_name: &e.actor_name,
                recorded_at,
            },
        );
        out.push(StoredEvent {
            case_id: case_id.to_string(),
            seq,
            kind: e.kind.clone(),
            payload,
            actor_id: e.actor_id.clone(),
            actor_name: e.actor_name.clone(),
            recorded_at,
            prev_hash: std::mem::replace(&mut prev, hash.clone()),
            hash,
        });
    }
    out
}

/// An event row: `case_events::all_columns`, in table order.
pub(crate) type EventTuple = (
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

pub(crate) fn to_stored(t: EventTuple) -> StoredEvent {
    StoredEvent {
        case_id: t.0,
        seq: t.1,
        kind: t.2,
        payload: t.3,
        actor_id: t.4,
        actor_name: t.5,
        recorded_at: t.6,
        prev_hash: t.7,
        hash: t.8,
    }
}

/// A case's events, oldest first.
pub fn load_events(
    conn: &mut AnyConnection,
    case_id: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(case_events::table
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::seq.asc())
        .select(case_events::all_columns)
        .load::<EventTuple>(conn)?
        .into_iter()
        .map(to_stored)
        .collect())
}

/// Every event of every case, ordered by case and sequence (for verification).
pub fn all_events(conn: &mut AnyConnection) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(case_events::table
        .order((case_events::case_id.asc(), case_events::seq.asc()))
        .select(case_events::all_columns)
        .load::<EventTuple>(conn)?
        .into_iter()
        .map(to_stored)
        .collect())
}

/// A case's projection row.
pub fn case_row(conn: &mut AnyConnection, case_id: &str) -> Result<CaseRow, StoreError> {
    cases::table
        .find(case_id)
        .first::<CaseRow>(conn)
        .optional()?
        .ok_or(StoreError::NotFound("case"))
}

/// A case by its agency and number.
pub fn find_by_number(
    conn: &mut AnyConnection,
    agency_id: &str,
    year: i32,
    seq: i32,
) -> Result<Option<CaseRow>, StoreError> {
    Ok(cases::table
        .filter(cases::agency_id.eq(agency_id))
        .filter(cases::number_year.eq(year))
        .filter(cases::number_seq.eq(seq))
        .first::<CaseRow>(conn)
        .optional()?)
}

/// Allocates the next 字号 sequence number of an agency's year inside the caller's transaction: call
/// it in the same transaction as the event that issues the document, so a failed issue leaves no gap.
pub fn next_doc_seq(
    conn: &mut AnyConnection,
    agency_id: &str,
    year: i32,
) -> Result<i32, StoreError> {
    Ok(next_sequence_value(conn, agency_id, DOC_SEQUENCE, year)?)
}
