use actix_web::{get, HttpResponse};
use askama::Template;

use crate::AppError;

#[derive(Template)]
#[template(path = "home.html")]
struct Home;

/// The landing page.
#[get("/")]
pub async fn home() -> Result<HttpResponse, AppError> {
    super::render(&Home)
}
