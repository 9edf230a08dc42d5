//! API tokens: made for a named user by an administrator (`disclosure token create`), and turned
//! back into that user's actor on every API request.
use chrono::NaiveDateTime;
use disclosure_core::actor::Actor;
use disclosure_store::{directory, tokens};

use crate::auth::actor_of;
use crate::{ServiceError, Services};

impl Services {
    /// Makes a token for `username`; the secret is returned once and never stored.
    pub fn create_token(
        &self,
        username: &str,
        label: &str,
        now: NaiveDateTime,
    ) -> Result<(String, String), ServiceError> {
        self.store.write(|c| -> Result<_, ServiceError> {
            let user = directory::user_by_username(c, username.trim())?
                .filter(|u| u.active)
                .ok_or(ServiceError::UnknownUser)?;
            Ok(tokens::create_token(c, &user.id, label.trim(), now)?)
        })
    }

    /// Revokes a token by id.
    pub fn revoke_token(&self, id: &str, now: NaiveDateTime) -> Result<bool, ServiceError> {
        Ok(self.store.write(|c| tokens::revoke_token(c, id, now))?)
    }

    /// The actor a bearer token stands for; the same error for unknown, revoked and inactive.
    pub fn authenticate_token(&self, token: &str) -> Result<Actor, ServiceError> {
        let user = self
            .store
            .read(|c| tokens::user_for_token(c, token.trim()))?
            .ok_or(ServiceError::BadToken)?;
        actor_of(&user)
    }
}
