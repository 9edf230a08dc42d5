//! Staff authentication: argon2id password hashes (PHC strings) and the actor a login yields.
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use disclosure_core::actor::{Actor, Role};
use disclosure_store::model::User;

use crate::ServiceError;

/// An argon2id hash of `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String, ServiceError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Hashing(e.to_string()))
}

/// Whether `password` matches the stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// The role stored in `users.role`.
pub fn role_from_str(s: &str) -> Option<Role> {
    Some(match s {
        "clerk" => Role::Clerk,
        "officer" => Role::Officer,
        "approver" => Role::Approver,
        "legal" => Role::Legal,
        "admin" => Role::Admin,
        _ => return None,
    })
}

/// The text stored in `users.role`.
pub fn role_to_str(r: Role) -> &'static str {
    match r {
        Role::Clerk => "clerk",
        Role::Officer => "officer",
        Role::Approver => "approver",
        Role::Legal => "legal",
        Role::Admin => "admin",
    }
}

/// The actor of a user row.
pub fn actor_of(u: &User) -> Result<Actor, ServiceError> {
    let role = role_from_str(&u.role).ok_or_else(|| {
        ServiceError::Corrupt(format!("user {} has role `{}`", u.username, u.role))
    })?;
    Ok(Actor::Staff {
        user_id: u.id.clone(),
        name: u.display_name.clone(),
        role,
        agency_id: u.agency_id.clone(),
    })
}
