//! Counts for operations (Prometheus `/metrics`): cheap aggregate queries on the `cases` projection
//! and the `outbox`, all agencies together.
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::conn::AnyConnection;
use crate::schema::{cases, outbox};
use crate::StoreError;

/// The stages a case can no longer leave by the reply clock (see `core::case::Stage::is_concluded`),
/// as stored in `cases.stage`.
pub const CONCLUDED_STAGES: [&str; 5] =
    ["issued", "delivered", "archived", "withdrawn", "abandoned"];

/// The operational counts at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpsCounts {
    /// Open (not concluded) cases per stage, by stage name.
    pub open_by_stage: Vec<(String, i64)>,
    /// Open cases whose due date is before `today` (R-TIME-3, R-TIME-4).
    pub overdue: i64,
    /// Open cases due from `today` to `soon` inclusive.
    pub due_soon: i64,
    /// Outbox rows per status.
    pub outbox_by_status: Vec<(String, i64)>,
    /// Outbox rows not sent yet and not given up (`sent_at` empty, status other than `failed`).
    pub outbox_backlog: i64,
    /// Outbox rows given up (`status = 'failed'`) or with a last error still waiting for a retry.
    pub outbox_failures: i64,
}

/// Counts everything `/metrics` shows; `soon` is the last day counted as "due soon".
pub fn ops_counts(
    conn: &mut AnyConnection,
    today: NaiveDate,
    soon: NaiveDate,
) -> Result<OpsCounts, StoreError> {
    let open_by_stage = cases::table
        .filter(cases::stage.ne_all(CONCLUDED_STAGES))
        .group_by(cases::stage)
        .select((cases::stage, count_star()))
        .order(cases::stage.asc())
        .load::<(String, i64)>(conn)?;
    let overdue = cases::table
        .filter(cases::stage.ne_all(CONCLUDED_STAGES))
        .filter(cases::due_date.lt(today))
        .select(count_star())
        .first::<i64>(conn)?;
    let due_soon = cases::table
        .filter(cases::stage.ne_all(CONCLUDED_STAGES))
        .filter(cases::due_date.ge(today))
        .filter(cases::due_date.le(soon))
        .select(count_star())
        .first::<i64>(conn)?;
    let outbox_by_status = outbox::table
        .group_by(outbox::status)
        .select((outbox::status, count_star()))
        .order(outbox::status.asc())
        .load::<(String, i64)>(conn)?;
    let outbox_backlog = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::status.ne("failed"))
        .select(count_star())
        .first::<i64>(conn)?;
    let outbox_failures = outbox::table
        .filter(
            outbox::status.eq("failed").or(outbox::sent_at
                .is_null()
                .and(outbox::last_error.is_not_null())),
        )
        .select(count_star())
        .first::<i64>(conn)?;
    Ok(OpsCounts {
        open_by_stage,
        overdue,
        due_soon,
        outbox_by_status,
        outbox_backlog,
        outbox_failures,
    })
}
