//! Static assets compiled into the binary, so a deployment is one file.
use actix_web::{get, http::header, HttpResponse};

const APP_CSS: &str = include_str!("../static/app.css");

#[get("/static/app.css")]
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(APP_CSS)
}
