//! API bearer tokens. The token itself is shown once, when it is made; the store keeps only its
//! SHA-256, so reading the database does not give anyone a working token.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::chain::truncate_to_micros;
use crate::model::User;
use crate::schema::{api_tokens, users};
use crate::{AnyConnection, StoreError};

/// The prefix of every token, so a leaked one is recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "dsk_";

/// A token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct TokenInfo {
    pub id: String,
    pub user_id: String,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Makes a token for a user; returns (token id, the secret to hand over once).
pub fn create_token(
    conn: &mut AnyConnection,
    user_id: &str,
    label: &str,
    now: NaiveDateTime,
) -> Result<(String, String), StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let secret = format!(
        "{TOKEN_PREFIX}{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(&id),
            api_tokens::user_id.eq(user_id),
            api_tokens::token_sha256.eq(digest(&secret)),
            api_tokens::label.eq(label),
            api_tokens::created_at.eq(truncate_to_micros(now)),
        ))
        .execute(conn)?;
    Ok((id, secret))
}

/// The active user a live token acts as; `None` for an unknown, revoked or inactive one.
pub fn user_for_token(conn: &mut AnyConnection, token: &str) -> Result<Option<User>, StoreError> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    Ok(api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_sha256.eq(digest(token)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::active.eq(true))
        .select(users::all_columns)
        .first(conn)
        .optional()?)
}

/// Revokes a token; revoking twice is harmless.
pub fn revoke_token(
    conn: &mut AnyConnection,
    id: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        api_tokens::table
            .find(id)
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(truncate_to_micros(now))))
    .execute(conn)?;
    Ok(n == 1)
}

/// The tokens of a user, newest first.
pub fn tokens_of_user(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<TokenInfo>, StoreError> {
    Ok(api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .order(api_tokens::created_at.desc())
        .select((
            api_tokens::id,
            api_tokens::user_id,
            api_tokens::label,
            api_tokens::created_at,
            api_tokens::revoked_at,
        ))
        .load(conn)?)
}
