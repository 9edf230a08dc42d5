//! The reasons library's published clause versions (`reply_clauses`, append-only: the database
//! refuses an update or a delete) and the version each kept reply was rendered with
//! (`reply_clause_uses`). Version 1 of every clause is built into the product and never stored.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::chain::truncate_to_micros;
use crate::conn::AnyConnection;
use crate::schema::{reply_clause_uses, reply_clauses};
use crate::StoreError;

/// One published version of an agency's clause for an outcome.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct ClauseRow {
    pub agency_id: String,
    /// `disclosure_core::reasons::outcome_key`, e.g. `withheld.third_party_rights`.
    pub outcome_key: String,
    /// 2, 3, … (1 is the built-in clause).
    pub version: i32,
    /// A key of `disclosure_core::citation::CITATIONS`.
    pub citation_key: String,
    pub wording: String,
    /// 修改说明: what changed and why.
    pub note: String,
    pub published_by: String,
    pub published_by_name: String,
    pub published_at: NaiveDateTime,
}

/// Every published version of the agency's clauses, by outcome key then version (the library
/// page's history; the last of each outcome is the one in force).
pub fn clause_versions(
    conn: &mut AnyConnection,
    agency_id: &str,
) -> Result<Vec<ClauseRow>, StoreError> {
    Ok(reply_clauses::table
        .filter(reply_clauses::agency_id.eq(agency_id))
        .order((
            reply_clauses::outcome_key.asc(),
            reply_clauses::version.asc(),
        ))
        .load(conn)?)
}

/// The latest published version of the agency's clause for `outcome_key`; `None` while only the
/// built-in version 1 exists.
pub fn latest_clause(
    conn: &mut AnyConnection,
    agency_id: &str,
    outcome_key: &str,
) -> Result<Option<ClauseRow>, StoreError> {
    Ok(reply_clauses::table
        .filter(reply_clauses::agency_id.eq(agency_id))
        .filter(reply_clauses::outcome_key.eq(outcome_key))
        .order(reply_clauses::version.desc())
        .first(conn)
        .optional()?)
}

/// One published version (a letter's recorded version read back).
pub fn clause_version(
    conn: &mut AnyConnection,
    agency_id: &str,
    outcome_key: &str,
    version: i32,
) -> Result<Option<ClauseRow>, StoreError> {
    Ok(reply_clauses::table
        .find((agency_id, outcome_key, version))
        .first(conn)
        .optional()?)
}

/// Appends a version inside the caller's transaction. Its number was computed from the version in
/// force when the caller read it; the primary key refuses a concurrent publication that computed
/// the same number (the caller then reads the new version and tries again, or reports it).
pub fn insert_clause(conn: &mut AnyConnection, row: &ClauseRow) -> Result<(), StoreError> {
    diesel::insert_into(reply_clauses::table)
        .values((
            reply_clauses::agency_id.eq(&row.agency_id),
            reply_clauses::outcome_key.eq(&row.outcome_key),
            reply_clauses::version.eq(row.version),
            reply_clauses::citation_key.eq(&row.citation_key),
            reply_clauses::wording.eq(&row.wording),
            reply_clauses::note.eq(&row.note),
            reply_clauses::published_by.eq(&row.published_by),
            reply_clauses::published_by_name.eq(&row.published_by_name),
            reply_clauses::published_at.eq(truncate_to_micros(row.published_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records, beside a kept reply, the clause version it was rendered with (same transaction as the
/// document).
pub fn record_clause_use(
    conn: &mut AnyConnection,
    document_id: &str,
    outcome_key: &str,
    version: i32,
) -> Result<(), StoreError> {
    diesel::insert_into(reply_clause_uses::table)
        .values((
            reply_clause_uses::document_id.eq(document_id),
            reply_clause_uses::outcome_key.eq(outcome_key),
            reply_clause_uses::version.eq(version),
        ))
        .execute(conn)?;
    Ok(())
}

/// The clause (outcome key, version) a kept document was rendered with; `None` for documents that
/// are not replies, or were kept before versions were recorded.
pub fn clause_use(
    conn: &mut AnyConnection,
    document_id: &str,
) -> Result<Option<(String, i32)>, StoreError> {
    Ok(reply_clause_uses::table
        .find(document_id)
        .select((reply_clause_uses::outcome_key, reply_clause_uses::version))
        .first(conn)
        .optional()?)
}
