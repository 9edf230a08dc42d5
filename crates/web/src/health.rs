//! `/readyz`: whether this instance can serve cases now — the database answers and its schema is
//! the one this binary expects. A load balancer takes an instance out of rotation on 503.
use std::time::Duration;

use actix_web::{get, web, HttpResponse};

use crate::AppState;

/// How long the database may take to answer before the instance is reported not ready; well below
/// a load balancer's usual probe timeout, and far below the pool's own 30 s wait.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The answer of a readiness check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// Not ready, with the reason shown to the operator.
    NotReady(String),
}

/// Checks the database within [`READY_TIMEOUT`].
pub async fn readiness(state: &AppState) -> Readiness {
    let store = state.services.store.clone();
    let check = web::block(move || {
        let mut conn = store.conn_within(READY_TIMEOUT)?;
        disclosure_store::pending_migrations(&mut conn)
    });
    match actix_web::rt::time::timeout(READY_TIMEOUT, check).await {
        Err(_) => Readiness::NotReady(format!(
            "database unreachable: no answer within {} s",
            READY_TIMEOUT.as_secs()
        )),
        Ok(Err(e)) => Readiness::NotReady(format!("internal error: {e}")),
        Ok(Ok(Err(e))) => Readiness::NotReady(format!("database unreachable: {e}")),
        Ok(Ok(Ok(0))) => Readiness::Ready,
        Ok(Ok(Ok(n))) => Readiness::NotReady(format!(
            "database schema not current: {n} migration(s) pending (run `disclosure migrate`)"
        )),
    }
}

/// `GET /readyz`: 200 `ready`, or 503 with the reason on one line.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match readiness(&state).await {
        Readiness::Ready => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready\n"),
        Readiness::NotReady(reason) => {
            tracing::warn!(%reason, "not ready");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body(format!("not ready: {}\n", one_line(&reason)))
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
