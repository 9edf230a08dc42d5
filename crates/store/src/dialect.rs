//! The few places where SQLite and PostgreSQL must be spoken to differently, all here.
//!
//! Writers on SQLite: a transaction's first statement is always a write (the sequence upsert, an
//! insert, or the versioned `UPDATE cases`), so the write lock is taken up front and concurrent
//! writers wait on `busy_timeout` instead of failing when a read lock cannot be upgraded.
use diesel::prelude::*;

use crate::conn::AnyConnection;
use crate::schema::sequences::dsl as s;

/// Allocates the next value of a gapless per-agency, per-year sequence inside the caller's
/// transaction: a rolled-back transaction gives its number back, so numbers never skip.
///
/// `INSERT … ON CONFLICT DO UPDATE … RETURNING` on both backends (diesel's multi-backend has no
/// ON CONFLICT, hence the per-backend arms); on PostgreSQL the conflicting row lock serialises
/// concurrent allocations.
pub fn next_sequence_value(
    conn: &mut AnyConnection,
    agency: &str,
    kind: &str,
    year: i32,
) -> QueryResult<i32> {
    macro_rules! upsert {
        ($c:expr) => {
            diesel::insert_into(s::sequences)
                .values((
                    s::agency_id.eq(agency),
                    s::kind.eq(kind),
                    s::year.eq(year),
                    s::next_value.eq(2),
                ))
                .on_conflict((s::agency_id, s::kind, s::year))
                .do_update()
                .set(s::next_value.eq(s::next_value + 1))
                .returning(s::next_value)
                .get_result::<i32>($c)
        };
    }
    let next = match conn {
        AnyConnection::Sqlite(c) => upsert!(c)?,
        AnyConnection::Postgresql(c) => upsert!(c)?,
    };
    Ok(next - 1)
}

/// Whether a registration takes its gapless number as its last statement rather than its first.
///
/// The sequence row stays locked from the allocation until the transaction's COMMIT has flushed,
/// so on PostgreSQL — where registrations of one agency run concurrently — every statement after
/// the allocation lengthens the time the others queue for it: taking the number last leaves the
/// lock only the number's own writes and the flush (issue #9, registration throughput). On SQLite
/// writers are serialised by the database lock anyway, and taking it first spares the update of
/// the case row's number.
pub fn number_last(conn: &AnyConnection) -> bool {
    matches!(conn, AnyConnection::Postgresql(_))
}
