//! The signed, encrypted session cookie: who is logged in, and the CSRF token of their forms.
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{Key, SameSite};

use crate::AppError;

const USER_KEY: &str = "uid";
const CSRF_KEY: &str = "csrf";
/// When the login happened and when the session was last used (seconds since the epoch, UTC).
const SINCE_KEY: &str = "since";
const SEEN_KEY: &str = "seen";

/// A session unused this long is over: a workstation left logged in at lunch does not stay open.
pub const IDLE_MINUTES: i64 = 30;
/// A session is over this long after login whatever its use: a copied cookie does not live on.
pub const ABSOLUTE_HOURS: i64 = 12;
/// How stale `seen` may get before it is rewritten (each rewrite sends a new cookie).
const SEEN_GRANULARITY_SECS: i64 = 60;

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

/// Starts a fresh session for `user_id` at `now` (a new cookie: no session fixation).
pub fn log_in(session: &Session, user_id: &str, now: chrono::NaiveDateTime) {
    session.renew();
    let _ = session.insert(USER_KEY, user_id);
    let _ = session.insert(CSRF_KEY, uuid::Uuid::new_v4().simple().to_string());
    let t = now.and_utc().timestamp();
    let _ = session.insert(SINCE_KEY, t);
    let _ = session.insert(SEEN_KEY, t);
}

/// The logged-in user at `now`, if the session is still live: not idle past [`IDLE_MINUTES`], not
/// older than [`ABSOLUTE_HOURS`]. An expired session is purged; a live one is marked as seen.
pub fn live_user_id(session: &Session, now: chrono::NaiveDateTime) -> Option<String> {
    let user = user_id(session)?;
    let t = now.and_utc().timestamp();
    let since = session.get::<i64>(SINCE_KEY).ok().flatten();
    let seen = session.get::<i64>(SEEN_KEY).ok().flatten();
    let live = match (since, seen) {
        (Some(since), Some(seen)) => {
            t - seen <= IDLE_MINUTES * 60 && t - since <= ABSOLUTE_HOURS * 3600 && t >= since
        }
        // A session without its clocks (made before they existed) is over.
        _ => false,
    };
    if !live {
        log_out(session);
        return None;
    }
    if seen.is_none_or(|s| t - s >= SEEN_GRANULARITY_SECS) {
        let _ = session.insert(SEEN_KEY, t);
    }
    Some(user)
}

pub fn log_out(session: &Session) {
    session.purge();
}

pub fn user_id(session: &Session) -> Option<String> {
    session.get::<String>(USER_KEY).ok().flatten()
}
