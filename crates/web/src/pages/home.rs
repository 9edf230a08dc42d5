use actix_web::{get, web, HttpResponse};
use askama::Template;

use crate::layout::Layout;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    layout: Layout,
}

/// The landing page.
#[get("/")]
pub async fn home(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    super::render(&Home {
        layout: state.layout(),
    })
}
