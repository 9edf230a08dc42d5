//! The annual report's projection (`report_facts`, R-REP-1): per case what tables 三 and 四 read —
//! applicant kind, first receipt date, when and how it concluded, its reviews and lawsuits — written
//! in the transaction of every registration and append (with the `cases` row), so a year's tables
//! come from a few index range reads instead of folding every event of the agency.
//!
//! The events stay the record. A database that held cases before this projection existed is marked
//! in `projection_rebuilds` by the migration; until `disclosure report rebuild` has recomputed every
//! row from the events ([`rebuild_pending`] is then false), readers must fold the events instead.
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::conn::AnyConnection;
use crate::model::{Projection, StoredEvent};
use crate::schema::{case_events, cases, projection_rebuilds, report_facts};
use crate::StoreError;

/// The name of this projection in `projection_rebuilds`.
pub const REPORT_FACTS: &str = "report_facts";

/// Inserts the facts of a just-registered case, inside the caller's transaction.
pub(crate) fn insert(
    conn: &mut AnyConnection,
    case_id: &str,
    agency_id: &str,
    number_year: i32,
    number_seq: i32,
    p: &Projection,
) -> Result<(), StoreError> {
    diesel::insert_into(report_facts::table)
        .values((
            report_facts::case_id.eq(case_id),
            report_facts::agency_id.eq(agency_id),
            report_facts::number_year.eq(number_year),
            report_facts::number_seq.eq(number_seq),
            report_facts::applicant_kind.eq(&p.report.applicant_kind),
            report_facts::received_on.eq(p.receipt_date),
            report_facts::concluded_on.eq(p.report.concluded_on),
            report_facts::outcome.eq(&p.outcome),
            report_facts::reviews.eq(&p.report.reviews),
        ))
        .execute(conn)?;
    Ok(())
}

/// Rewrites the facts of a case from its new projection, inside the caller's transaction; inserts
/// them when the case has none yet (registered before this projection existed).
pub fn write(conn: &mut AnyConnection, case_id: &str, p: &Projection) -> Result<(), StoreError> {
    let updated = diesel::update(report_facts::table.find(case_id))
        .set((
            report_facts::applicant_kind.eq(&p.report.applicant_kind),
            report_facts::received_on.eq(p.receipt_date),
            report_facts::concluded_on.eq(p.report.concluded_on),
            report_facts::outcome.eq(&p.outcome),
            report_facts::reviews.eq(&p.report.reviews),
        ))
        .execute(conn)?;
    if updated == 0 {
        let (agency_id, number_year, number_seq) = cases::table
            .find(case_id)
            .select((cases::agency_id, cases::number_year, cases::number_seq))
            .first::<(String, i32, i32)>(conn)
            .optional()?
            .ok_or(StoreError::NotFound("case"))?;
        insert(conn, case_id, &agency_id, number_year, number_seq, p)?;
    }
    Ok(())
}

/// One case's facts as stored.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct FactRow {
    pub number_year: i32,
    pub number_seq: i32,
    pub applicant_kind: Option<String>,
    pub received_on: NaiveDate,
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub reviews: Option<String>,
}

/// What one year's tables read of an agency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearFacts {
    /// The cases that bear on the year: received by its last day and not concluded before its
    /// first (every case counted in table 三, and every case the locked-year hash covers).
    pub cases: Vec<FactRow>,
    /// Cases of any year concluded before they were received (identity breaches, named in every
    /// year's table), except those already in `cases`.
    pub breaches: Vec<FactRow>,
    /// Every case with a review or lawsuit (few; table 四 picks those filed in the year).
    pub reviewed: Vec<FactRow>,
}

type FactColumns = (
    report_facts::number_year,
    report_facts::number_seq,
    report_facts::applicant_kind,
    report_facts::received_on,
    report_facts::concluded_on,
    report_facts::outcome,
    report_facts::reviews,
);

const FACT_COLUMNS: FactColumns = (
    report_facts::number_year,
    report_facts::number_seq,
    report_facts::applicant_kind,
    report_facts::received_on,
    report_facts::concluded_on,
    report_facts::outcome,
    report_facts::reviews,
);

/// The facts of `agency_id` that bear on `year`, in three index range reads: the year's
/// receipts (`report_facts_received`), earlier cases still open on 1 January (concluded on or after
/// it, `report_facts_concluded`, or not at all), the breaches and the reviewed cases (partial
/// indexes). Nothing else of the agency is read, so the cost follows the year, not the database.
pub fn year_facts(
    conn: &mut AnyConnection,
    agency_id: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<YearFacts, StoreError> {
    let mut cases = report_facts::table
        .filter(report_facts::agency_id.eq(agency_id))
        .filter(report_facts::received_on.between(first, last))
        .filter(
            report_facts::concluded_on
                .is_null()
                .or(report_facts::concluded_on.ge(first)),
        )
        .select(FACT_COLUMNS)
        .load::<FactRow>(conn)?;
    cases.extend(
        report_facts::table
            .filter(report_facts::agency_id.eq(agency_id))
            .filter(report_facts::concluded_on.ge(first))
            .filter(report_facts::received_on.lt(first))
            .select(FACT_COLUMNS)
            .load::<FactRow>(conn)?,
    );
    cases.extend(
        report_facts::table
            .filter(report_facts::agency_id.eq(agency_id))
            .filter(report_facts::concluded_on.is_null())
            .filter(report_facts::received_on.lt(first))
            .select(FACT_COLUMNS)
            .load::<FactRow>(conn)?,
    );
    let breaches = report_facts::table
        .filter(report_facts::agency_id.eq(agency_id))
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "concluded_on < received_on",
        ))
        .select(FACT_COLUMNS)
        .load::<FactRow>(conn)?
        .into_iter()
        .filter(|r| {
            let in_cases = r.received_on <= last && r.concluded_on.is_some_and(|d| d >= first);
            !in_cases
        })
        .collect();
    let reviewed = report_facts::table
        .filter(report_facts::agency_id.eq(agency_id))
        .filter(report_facts::reviews.is_not_null())
        .select(FACT_COLUMNS)
        .load::<FactRow>(conn)?;
    Ok(YearFacts {
        cases,
        breaches,
        reviewed,
    })
}

/// How many cases of one kind of applicant share the same standing in a year's table 三.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactGroup {
    pub applicant_kind: Option<String>,
    /// Received before the year (carried over into it) rather than in it.
    pub received_before: bool,
    /// The outcome, when concluded within the year; `None`: still open on 31 December.
    pub concluded_in_year: Option<String>,
    pub count: u64,
}

/// What one year's tables read of an agency, counted in the database: the cases that bear on the
/// year grouped by applicant kind, when received (before or in the year) and how they stand at its
/// end; each identity breach and each reviewed case individually (few, named by number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearGroups {
    pub groups: Vec<FactGroup>,
    /// Every case of the agency concluded before it was received (none is in `groups`).
    pub breaches: Vec<FactRow>,
    pub reviewed: Vec<FactRow>,
}

/// [`year_facts`] counted by `GROUP BY` in five index range reads, so the report's time and
/// memory follow the number of distinct (kind, outcome) pairs, not of cases; the per-case rows are
/// still needed for the locked-year hash (and read with [`year_facts`] then).
pub fn year_groups(
    conn: &mut AnyConnection,
    agency_id: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<YearGroups, StoreError> {
    use diesel::dsl::count_star;
    use report_facts::{applicant_kind, concluded_on, outcome, received_on};
    let mine = report_facts::agency_id.eq(agency_id);
    let with_outcome = |rows: Vec<(Option<String>, Option<String>, i64)>, before: bool| {
        rows.into_iter().map(move |(kind, o, n)| FactGroup {
            applicant_kind: kind,
            received_before: before,
            concluded_in_year: o,
            count: u64::try_from(n).unwrap_or(0),
        })
    };
    let open = |rows: Vec<(Option<String>, i64)>, before: bool| {
        rows.into_iter().map(move |(kind, n)| FactGroup {
            applicant_kind: kind,
            received_before: before,
            concluded_in_year: None,
            count: u64::try_from(n).unwrap_or(0),
        })
    };
    let mut groups = Vec::new();
    // Received in the year and concluded in it (not before its receipt: a breach, below).
    let rows = report_facts::table
        .filter(mine)
        .filter(received_on.between(first, last))
        .filter(concluded_on.between(first, last))
        .filter(concluded_on.ge(received_on.nullable()))
        .group_by((applicant_kind, outcome))
        .select((applicant_kind, outcome, count_star()))
        .load(conn)?;
    groups.extend(with_outcome(rows, false));
    // Received in the year, open on 31 December.
    let rows = report_facts::table
        .filter(mine)
        .filter(received_on.between(first, last))
        .filter(concluded_on.is_null().or(concluded_on.gt(last)))
        .group_by(applicant_kind)
        .select((applicant_kind, count_star()))
        .load(conn)?;
    groups.extend(open(rows, false));
    // Carried over from earlier years and concluded in this one.
    let rows = report_facts::table
        .filter(mine)
        .filter(concluded_on.between(first, last))
        .filter(received_on.lt(first))
        .group_by((applicant_kind, outcome))
        .select((applicant_kind, outcome, count_star()))
        .load(conn)?;
    groups.extend(with_outcome(rows, true));
    // Carried over and still open on 31 December (concluded later, or not yet).
    let rows = report_facts::table
        .filter(mine)
        .filter(concluded_on.gt(last))
        .filter(received_on.lt(first))
        .group_by(applicant_kind)
        .select((applicant_kind, count_star()))
        .load(conn)?;
    groups.extend(open(rows, true));
    let rows = report_facts::table
        .filter(mine)
        .filter(concluded_on.is_null())
        .filter(received_on.lt(first))
        .group_by(applicant_kind)
        .select((applicant_kind, count_star()))
        .load(conn)?;
    groups.extend(open(rows, true));
    let breaches = report_facts::table
        .filter(mine)
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "concluded_on < received_on",
        ))
        .select(FACT_COLUMNS)
        .load::<FactRow>(conn)?;
    let reviewed = report_facts::table
        .filter(mine)
        .filter(report_facts::reviews.is_not_null())
        .select(FACT_COLUMNS)
        .load::<FactRow>(conn)?;
    Ok(YearGroups {
        groups,
        breaches,
        reviewed,
    })
}

/// Whether `report_facts` must be rebuilt from the events before it can be read.
pub fn rebuild_pending(conn: &mut AnyConnection) -> Result<bool, StoreError> {
    Ok(projection_rebuilds::table
        .find(REPORT_FACTS)
        .select(projection_rebuilds::name)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Marks `report_facts` as needing a rebuild (as the migration does for a database with cases), so
/// readers fold the events until [`finish_rebuild`].
pub fn request_rebuild(
    conn: &mut AnyConnection,
    at: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    if !rebuild_pending(conn)? {
        diesel::insert_into(projection_rebuilds::table)
            .values((
                projection_rebuilds::name.eq(REPORT_FACTS),
                projection_rebuilds::requested_at.eq(crate::chain::truncate_to_micros(at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records that every case's facts were recomputed from its events.
pub fn finish_rebuild(conn: &mut AnyConnection) -> Result<(), StoreError> {
    diesel::delete(projection_rebuilds::table.find(REPORT_FACTS)).execute(conn)?;
    Ok(())
}

/// The identity of a case, for walking every case in pages.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct CaseKey {
    pub id: String,
    pub agency_id: String,
    pub number_year: i32,
    pub number_seq: i32,
}

/// Up to `limit` cases after `after` in id order (keyset paging: each page is one index range, so
/// walking a million cases never loads them all).
pub fn cases_after(
    conn: &mut AnyConnection,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<CaseKey>, StoreError> {
    let mut q = cases::table
        .select((
            cases::id,
            cases::agency_id,
            cases::number_year,
            cases::number_seq,
        ))
        .order(cases::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(a) = after {
        q = q.filter(cases::id.gt(a));
    }
    Ok(q.load(conn)?)
}

/// Takes the write lock on `ids` inside the caller's transaction before they are read (a no-op
/// update: the row locks on PostgreSQL, the database's write lock on SQLite), so a concurrent append
/// waits and the facts written from the events read next cannot be stale.
pub fn lock_cases(conn: &mut AnyConnection, ids: &[String]) -> Result<(), StoreError> {
    diesel::update(cases::table.filter(cases::id.eq_any(ids)))
        .set(cases::version.eq(cases::version))
        .execute(conn)?;
    Ok(())
}

/// The events of the cases whose ids lie in `(after, upto]` (`None`: unbounded), ordered by case
/// and sequence: consecutive ranges cover every event exactly once, so a walk in pages checks or
/// folds the whole record in bounded memory.
pub fn events_in_range(
    conn: &mut AnyConnection,
    after: Option<&str>,
    upto: Option<&str>,
) -> Result<Vec<StoredEvent>, StoreError> {
    let mut q = case_events::table
        .select(case_events::all_columns)
        .order((case_events::case_id.asc(), case_events::seq.asc()))
        .into_boxed();
    if let Some(a) = after {
        q = q.filter(case_events::case_id.gt(a));
    }
    if let Some(u) = upto {
        q = q.filter(case_events::case_id.le(u));
    }
    Ok(q.load::<crate::cases::EventTuple>(conn)?
        .into_iter()
        .map(crate::cases::to_stored)
        .collect())
}

/// How many cases the database holds (the length of a rebuild's progress bar).
pub fn count_cases(conn: &mut AnyConnection) -> Result<u64, StoreError> {
    let n: i64 = cases::table.select(diesel::dsl::count_star()).first(conn)?;
    Ok(u64::try_from(n).unwrap_or(0))
}
