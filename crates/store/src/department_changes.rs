//! Who moved a staff member to another department (科室), and when: the compliance report groups
//! officers by department, so a change moves their figures and is kept with its author.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::calendar_imports::set_department;
use crate::chain::truncate_to_micros;
use crate::conn::AnyConnection;
use crate::schema::{department_changes, user_departments, users};
use crate::StoreError;

/// One kept change.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DepartmentChange {
    pub id: String,
    pub user_id: String,
    /// `None`: set for the first time.
    pub old_department: Option<String>,
    /// `None`: cleared.
    pub new_department: Option<String>,
    pub changed_by: String,
    pub changed_by_name: String,
    pub changed_at: NaiveDateTime,
}

/// The department of one staff member, if set.
pub fn department_of(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(user_departments::table
        .find(user_id)
        .select(user_departments::department)
        .first::<String>(conn)
        .optional()?)
}

/// Sets, replaces or (with `None`) clears a department and records who did it, in the caller's
/// transaction. Returns the change, or `None` when it was already that.
pub fn change_department(
    conn: &mut AnyConnection,
    user_id: &str,
    department: Option<&str>,
    by: (&str, &str),
    at: NaiveDateTime,
) -> Result<Option<DepartmentChange>, StoreError> {
    let old = department_of(conn, user_id)?;
    if old.as_deref() == department {
        return Ok(None);
    }
    set_department(conn, user_id, department)?;
    let change = DepartmentChange {
        id: uuid::Uuid::new_v4().simple().to_string(),
        user_id: user_id.to_string(),
        old_department: old,
        new_department: department.map(str::to_string),
        changed_by: by.0.to_string(),
        changed_by_name: by.1.to_string(),
        changed_at: truncate_to_micros(at),
    };
    diesel::insert_into(department_changes::table)
        .values((
            department_changes::id.eq(&change.id),
            department_changes::user_id.eq(&change.user_id),
            department_changes::old_department.eq(&change.old_department),
            department_changes::new_department.eq(&change.new_department),
            department_changes::changed_by.eq(&change.changed_by),
            department_changes::changed_by_name.eq(&change.changed_by_name),
            department_changes::changed_at.eq(change.changed_at),
        ))
        .execute(conn)?;
    Ok(Some(change))
}

/// The latest `limit` changes of an agency's staff, newest first.
pub fn department_changes_of_agency(
    conn: &mut AnyConnection,
    agency_id: &str,
    limit: i64,
) -> Result<Vec<DepartmentChange>, StoreError> {
    Ok(department_changes::table
        .inner_join(users::table)
        .filter(users::agency_id.eq(agency_id))
        .select((
            department_changes::id,
            department_changes::user_id,
            department_changes::old_department,
            department_changes::new_department,
            department_changes::changed_by,
            department_changes::changed_by_name,
            department_changes::changed_at,
        ))
        .order(department_changes::changed_at.desc())
        .limit(limit)
        .load(conn)?)
}
