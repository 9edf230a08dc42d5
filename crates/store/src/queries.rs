//! The read queries of lists and dashboards: plain indexed queries on the `cases` projection.
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::conn::AnyConnection;
use crate::model::CaseRow;
use crate::schema::{applicants, case_search, cases};
use crate::StoreError;

/// The running stages (办理中), in which the reply period still runs (the others are concluded,
/// R-FLOW-1): what the 工作台 lists, in this order (the order of the partial indexes' predicate,
/// see [`open_stages_condition`]).
pub const OPEN_STAGES: [&str; 6] = [
    "registered",
    "under_review",
    "awaiting_correction",
    "handling",
    "reply_drafted",
    "reply_approved",
];

/// What a case list is filtered by; always one agency (a clerk of agency A never sees agency B).
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub agency_id: String,
    /// Only these stages (empty: all).
    pub stages: Vec<String>,
    /// Only these 办理 sub-states (empty: all).
    pub handling_states: Vec<String>,
    pub assignee_id: Option<String>,
    /// Only cases due on or before this date.
    pub due_by: Option<NaiveDate>,
    /// Case number, or part of the applicant's name or of the request text.
    pub search: Option<String>,
    /// Only cases that came by these channels (`disclosure_core::receipt::CHANNELS` codes).
    pub channels: Vec<String>,
    /// Only concluded cases whose outcome is of these kinds (the `kind` of `Outcome`'s JSON:
    /// `disclosed`, `partially_disclosed`, `withheld`, `unavailable`, `not_processed`, `other`).
    pub outcome_kinds: Vec<String>,
    /// Only applicants of these kinds (the annual report's columns).
    pub applicant_kinds: Vec<String>,
    /// Only cases received on or after / on or before these dates.
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    /// Only running cases due strictly before this date (overdue when it is today).
    pub due_before: Option<NaiveDate>,
    pub order: CaseOrder,
    pub limit: i64,
    pub offset: i64,
}

/// The order of a case list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseOrder {
    /// Soonest due first (what needs doing), then newest.
    #[default]
    DueSoonest,
    /// Newest registration first.
    Newest,
    /// Oldest receipt date first.
    ReceivedOldest,
}

/// A row of a case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListItem {
    pub case: CaseRow,
    pub applicant_name: Option<String>,
}

type ListSource = diesel::helper_types::LeftJoin<
    diesel::helper_types::LeftJoin<cases::table, applicants::table>,
    case_search::table,
>;
type Filtered<'a> = diesel::helper_types::IntoBoxed<'a, ListSource, crate::conn::MultiBackend>;

/// Applies the conditions of a filter that are on `cases` columns alone to a boxed query over
/// `cases` (joined or not).
macro_rules! with_case_conditions {
    ($q:expr, $f:expr) => {{
        let f: &CaseFilter = $f;
        let mut q = $q;
        if is_open_stages(&f.stages) {
            q = q.filter(open_stages_condition());
        } else if !f.stages.is_empty() {
            q = q.filter(cases::stage.eq_any(&f.stages));
        }
        if !f.handling_states.is_empty() {
            q = q.filter(cases::handling_state.eq_any(&f.handling_states));
        }
        if let Some(a) = &f.assignee_id {
            q = q.filter(cases::assignee_id.eq(a));
        }
        if let Some(d) = f.due_by {
            q = q.filter(cases::due_date.le(d));
        }
        if let Some(d) = f.due_before {
            q = q.filter(cases::due_date.lt(d));
        }
        if let Some(d) = f.received_from {
            q = q.filter(cases::receipt_date.ge(d));
        }
        if let Some(d) = f.received_to {
            q = q.filter(cases::receipt_date.le(d));
        }
        if !f.outcome_kinds.is_empty() {
            q = q.filter(outcome_kinds_condition(&f.outcome_kinds));
        }
        q
    }};
}

/// The cases matching `f`, soonest due first, then by number.
pub fn list_cases(
    conn: &mut AnyConnection,
    f: &CaseFilter,
) -> Result<Vec<CaseListItem>, StoreError> {
    let q = filtered(f).select((cases::all_columns, applicants::name.nullable()));
    let q = match f.order {
        // Cases without a running deadline last on both backends (SQLite sorts NULL first).
        CaseOrder::DueSoonest => q.order((
            cases::due_date.is_null().asc(),
            cases::due_date.asc(),
            cases::number_year.desc(),
            cases::number_seq.desc(),
        )),
        CaseOrder::Newest => q.order((cases::number_year.desc(), cases::number_seq.desc())),
        CaseOrder::ReceivedOldest => q.order((
            cases::receipt_date.asc(),
            cases::number_year.asc(),
            cases::number_seq.asc(),
        )),
    };
    let rows = q
        .limit(f.limit.clamp(1, 500))
        .offset(f.offset.max(0))
        .load::<(CaseRow, Option<String>)>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(case, applicant_name)| CaseListItem {
            case,
            applicant_name,
        })
        .collect())
}

/// The totals beside a paged list: how many cases match `f` (its order, limit and offset aside),
/// and how many of those are due before a day (overdue when it is today).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseTotals {
    pub all: i64,
    pub due_before: i64,
}

/// [`CaseTotals`] of `f`, in two counts on the caller's connection. Two, not one `COUNT(CASE …)`:
/// the overdue count is then a range of the index (`due_date < ?` seeks its end once per stage)
/// instead of a date comparison per running case, which SQLite does on a `DATE` (numeric
/// affinity) column by trying to parse the text as a number each time.
pub fn totals(
    conn: &mut AnyConnection,
    f: &CaseFilter,
    due_before: NaiveDate,
) -> Result<CaseTotals, StoreError> {
    let overdue = CaseFilter {
        due_before: Some(f.due_before.map_or(due_before, |d| d.min(due_before))),
        ..f.clone()
    };
    Ok(CaseTotals {
        all: count_matching(conn, f)?,
        due_before: count_matching(conn, &overdue)?,
    })
}

/// How many cases match `f`, its order, limit and offset aside.
fn count_matching(conn: &mut AnyConnection, f: &CaseFilter) -> Result<i64, StoreError> {
    if needs_joins(f) {
        return Ok(filtered(f).count().get_result(conn)?);
    }
    // Without the joins the count can come from an index alone (e.g. an officer's running cases
    // from `cases_agency_assignee_stage`), without reading a single case row.
    let q = cases::table
        .filter(cases::agency_id.eq(&f.agency_id))
        .into_boxed();
    Ok(with_case_conditions!(q, f).count().get_result(conn)?)
}

/// Whether `f` has conditions on the applicant or the request text (the joined tables).
fn needs_joins(f: &CaseFilter) -> bool {
    !f.applicant_kinds.is_empty()
        || !f.channels.is_empty()
        || f.search.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// `outcome` holds serde's JSON of `Outcome`, whose tag comes first: `{"kind":"withheld",…`. The
/// kinds are reduced to [a-z_] before they reach the SQL text.
fn outcome_kinds_condition(
    kinds: &[String],
) -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    let any = kinds
        .iter()
        .map(|k| {
            let k: String = k
                .chars()
                .filter(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            format!("cases.outcome LIKE '{{\"kind\":\"{k}\"%'")
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("({any})"))
}

/// Whether `stages` are exactly the running stages, in any order.
fn is_open_stages(stages: &[String]) -> bool {
    stages.len() == OPEN_STAGES.len() && OPEN_STAGES.iter().all(|o| stages.iter().any(|s| s == o))
}

/// `stage IN (…the running stages…)` as literal SQL, word for word the predicate of the partial
/// indexes `cases_open_due` and `cases_open_assignee_due` (migration
/// `2026-12-03-220000_open_case_indexes`). A backend uses a partial index only for a query whose
/// condition implies its predicate, which a bound `IN (?, …)` never does (SQLite with its plans
/// fixed at prepare time, PostgreSQL's generic plans). Without them the 工作台's last pages, where
/// the running cases without a due date sort among the officer's concluded cases, read every
/// concluded case of the officer (1 s at a million cases).
fn open_stages_condition() -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    let list = OPEN_STAGES
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("cases.stage IN ({list})"))
}

/// The cases of `f.agency_id` that match every condition of `f`, as one boxed query.
fn filtered(f: &CaseFilter) -> Filtered<'_> {
    let q = cases::table
        .left_join(applicants::table)
        .left_join(case_search::table)
        .filter(cases::agency_id.eq(&f.agency_id))
        .into_boxed();
    let mut q = with_case_conditions!(q, f);
    if !f.applicant_kinds.is_empty() {
        q = q.filter(
            applicants::kind
                .nullable()
                .eq_any(f.applicant_kinds.clone()),
        );
    }
    if !f.channels.is_empty() {
        q = q.filter(case_search::channel.eq_any(f.channels.clone()));
    }
    if let Some(s) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = format!("%{}%", s.replace(['%', '_'], ""));
        let number: Option<(i32, i32)> = s
            .split_once('-')
            .and_then(|(y, n)| Some((y.parse().ok()?, n.parse().ok()?)));
        q = match number {
            Some((y, n)) => q.filter(cases::number_year.eq(y).and(cases::number_seq.eq(n))),
            None => q.filter(
                applicants::name
                    .like(pattern.clone())
                    .or(case_search::request_text.like(pattern)),
            ),
        };
    }
    q
}

/// The case an applicant looks up with its number and tracking code (进度查询), in any agency.
pub fn find_by_tracking(
    conn: &mut AnyConnection,
    year: i32,
    seq: i32,
    tracking_code: &str,
) -> Result<Option<CaseRow>, StoreError> {
    Ok(cases::table
        .filter(cases::number_year.eq(year))
        .filter(cases::number_seq.eq(seq))
        .filter(cases::tracking_code.eq(tracking_code))
        .first::<CaseRow>(conn)
        .optional()?)
}
