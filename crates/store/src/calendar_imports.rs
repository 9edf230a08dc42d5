//! The official holiday notices imported at run time (R-TIME-10), and the departments of staff for
//! the compliance report. Imports are appended, never overwritten: the latest import of a year is the
//! one loaded; the earlier ones remain the record of what deadlines were computed on before.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::chain::truncate_to_micros;
use crate::conn::AnyConnection;
use crate::queries::OPEN_STAGES;
use crate::schema::{calendar_imports, user_departments, users};
use crate::StoreError;

/// One import of a year's notice: the lines of that year as given, and who loaded them when.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct CalendarImport {
    pub year: i32,
    /// 1 for the year's first import, then 2, 3, … for corrections.
    pub seq: i32,
    /// The year's lines in the built-in file's format (`date,kind,name`).
    pub csv: String,
    /// SHA-256 (hex) of the normalised lines, so the same data imported again is recognised.
    pub sha256: String,
    pub imported_by: String,
    pub imported_by_name: String,
    pub imported_at: NaiveDateTime,
    /// How many open cases had their clock changed by this import.
    pub cases_updated: i32,
}

/// The latest import of every year, oldest year first: what is loaded on top of the built-in data.
pub fn latest_calendar_imports(
    conn: &mut AnyConnection,
) -> Result<Vec<CalendarImport>, StoreError> {
    let all: Vec<CalendarImport> = calendar_imports::table
        .order((calendar_imports::year.asc(), calendar_imports::seq.asc()))
        .load(conn)?;
    let mut latest: Vec<CalendarImport> = Vec::new();
    for i in all {
        match latest.last_mut() {
            Some(last) if last.year == i.year => *last = i,
            _ => latest.push(i),
        }
    }
    Ok(latest)
}

/// Every import, newest first (the calendar page's history).
pub fn calendar_import_history(
    conn: &mut AnyConnection,
) -> Result<Vec<CalendarImport>, StoreError> {
    Ok(calendar_imports::table
        .order((
            calendar_imports::imported_at.desc(),
            calendar_imports::year.desc(),
        ))
        .load(conn)?)
}

/// Appends an import inside the caller's transaction; its `seq` is the year's next number (the
/// primary key refuses a concurrent import of the same year that computed the same number).
pub fn insert_calendar_import(
    conn: &mut AnyConnection,
    import: &CalendarImport,
) -> Result<i32, StoreError> {
    let last: Option<i32> = calendar_imports::table
        .filter(calendar_imports::year.eq(import.year))
        .select(diesel::dsl::max(calendar_imports::seq))
        .first(conn)?;
    let seq = last.unwrap_or(0) + 1;
    diesel::insert_into(calendar_imports::table)
        .values((
            calendar_imports::year.eq(import.year),
            calendar_imports::seq.eq(seq),
            calendar_imports::csv.eq(&import.csv),
            calendar_imports::sha256.eq(&import.sha256),
            calendar_imports::imported_by.eq(&import.imported_by),
            calendar_imports::imported_by_name.eq(&import.imported_by_name),
            calendar_imports::imported_at.eq(truncate_to_micros(import.imported_at)),
            calendar_imports::cases_updated.eq(import.cases_updated),
        ))
        .execute(conn)?;
    Ok(seq)
}

/// Sets (or, with `None`, clears) a staff member's department.
pub fn set_department(
    conn: &mut AnyConnection,
    user_id: &str,
    department: Option<&str>,
) -> Result<(), StoreError> {
    diesel::delete(user_departments::table.find(user_id)).execute(conn)?;
    if let Some(d) = department {
        diesel::insert_into(user_departments::table)
            .values((
                user_departments::user_id.eq(user_id),
                user_departments::department.eq(d),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The departments of an agency's staff: (user id, department), for those who have one.
pub fn departments_of_agency(
    conn: &mut AnyConnection,
    agency_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(user_departments::table
        .inner_join(users::table)
        .filter(users::agency_id.eq(agency_id))
        .select((user_departments::user_id, user_departments::department))
        .order(user_departments::user_id.asc())
        .load(conn)?)
}

/// The ids of open cases of every agency (the calendar is national), oldest first; with
/// `provisional_only`, those whose projected deadline is provisional — the only ones a year loaded for
/// the first time can change (R-TIME-10).
pub fn open_case_ids(
    conn: &mut AnyConnection,
    provisional_only: bool,
) -> Result<Vec<String>, StoreError> {
    use crate::schema::cases;
    let mut q = cases::table
        .filter(cases::stage.eq_any(OPEN_STAGES))
        .select(cases::id)
        .order((
            cases::agency_id.asc(),
            cases::number_year.asc(),
            cases::number_seq.asc(),
        ))
        .into_boxed();
    if provisional_only {
        q = q.filter(cases::provisional.eq(true));
    }
    Ok(q.load(conn)?)
}

/// The active administrators of every agency (the CLI records a calendar import under the only one
/// when no user is named).
pub fn active_admins(conn: &mut AnyConnection) -> Result<Vec<crate::model::User>, StoreError> {
    Ok(users::table
        .filter(users::role.eq("admin"))
        .filter(users::active.eq(true))
        .order(users::username.asc())
        .load(conn)?)
}
