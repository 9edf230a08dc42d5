//! The signed, encrypted session cookie: who is logged in, and the CSRF token of their forms.
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{Key, SameSite};

use crate::AppError;

const USER_KEY: &str = "uid";
const CSRF_KEY: &str = "csrf";

/// The session middleware: `HttpOnly`, `SameSite=Strict`, `Secure` when served over TLS.
pub fn session_middleware(key: Key, secure: bool) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name("disclosure_session".into())
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Strict)
        .cookie_secure(secure)
        .cookie_content_security(CookieContentSecurity::Private)
        .build()
}

/// The CSRF token of this session, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(CSRF_KEY) {
        return t;
    }
    let t = uuid::Uuid::new_v4().simple().to_string();
    let _ = session.insert(CSRF_KEY, &t);
    t
}

/// Refuses a form whose token is not this session's (403, `csrf_invalid`).
pub fn check_csrf(session: &Session, submitted: &str) -> Result<(), AppError> {
    match session.get::<String>(CSRF_KEY) {
        Ok(Some(t)) if !submitted.is_empty() && t == submitted => Ok(()),
        _ => Err(AppError::forbidden(
            "csrf_invalid",
            "CSRF token missing or wrong",
        )),
    }
}

/// Starts a fresh session for `user_id` (a new cookie: no session fixation).
pub fn log_in(session: &Session, user_id: &str) {
    session.renew();
    let _ = session.insert(USER_KEY, user_id);
    let _ = session.insert(CSRF_KEY, uuid::Uuid::new_v4().simple().to_string());
}

pub fn log_out(session: &Session) {
    session.purge();
}

pub fn user_id(session: &Session) -> Option<String> {
    session.get::<String>(USER_KEY).ok().flatten()
}
