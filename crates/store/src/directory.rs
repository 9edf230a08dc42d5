//! Agencies and staff accounts.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::chain::truncate_to_micros;
use crate::conn::AnyConnection;
use crate::model::{Agency, User};
use crate::schema::{agencies, users};
use crate::StoreError;

/// Inserts an agency.
pub fn insert_agency(conn: &mut AnyConnection, a: &Agency) -> Result<(), StoreError> {
    diesel::insert_into(agencies::table)
        .values((
            agencies::id.eq(&a.id),
            agencies::name.eq(&a.name),
            agencies::doc_prefix.eq(&a.doc_prefix),
            agencies::address.eq(&a.address),
            agencies::contact.eq(&a.contact),
            agencies::review_body.eq(&a.review_body),
            agencies::court.eq(&a.court),
            agencies::created_at.eq(truncate_to_micros(a.created_at)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn agency(conn: &mut AnyConnection, id: &str) -> Result<Agency, StoreError> {
    agencies::table
        .find(id)
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound("agency"))
}

pub fn list_agencies(conn: &mut AnyConnection) -> Result<Vec<Agency>, StoreError> {
    Ok(agencies::table.order(agencies::name.asc()).load(conn)?)
}

/// Inserts a staff account (the password hash is computed by the caller).
pub fn insert_user(conn: &mut AnyConnection, u: &User) -> Result<(), StoreError> {
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&u.id),
            users::agency_id.eq(&u.agency_id),
            users::username.eq(&u.username),
            users::display_name.eq(&u.display_name),
            users::role.eq(&u.role),
            users::password_hash.eq(&u.password_hash),
            users::active.eq(u.active),
            users::created_at.eq(truncate_to_micros(u.created_at)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn user_by_username(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<User>, StoreError> {
    Ok(users::table
        .filter(users::username.eq(username))
        .first(conn)
        .optional()?)
}

pub fn user(conn: &mut AnyConnection, id: &str) -> Result<User, StoreError> {
    users::table
        .find(id)
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound("user"))
}

/// A timestamp for rows created now (the caller passes the clock in).
pub fn stamp(t: NaiveDateTime) -> NaiveDateTime {
    truncate_to_micros(t)
}
