use actix_web::{get, HttpResponse};

/// Process up (liveness). Readiness with the database check arrives with the store.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}
