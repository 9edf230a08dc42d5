//! The letters of a case as PDF downloads: 登记回执 and 答复书.
use actix_web::{get, http::header, web, HttpResponse};
use disclosure_app::documents::{receipt_pdf, reply_pdf, LetterFailure};

use crate::auth::Staff;
use crate::{AppError, AppState};

fn pdf(bytes: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

impl From<LetterFailure> for AppError {
    fn from(e: LetterFailure) -> Self {
        match e {
            LetterFailure::Service(s) => s.into(),
            LetterFailure::NotYet(_) | LetterFailure::Element(_) => {
                AppError::bad_request(e.code(), e.to_string())
            }
            LetterFailure::NoFonts(_) | LetterFailure::Render(_) => AppError {
                status: actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
                code: e.code(),
                detail: e.to_string(),
                human: None,
            },
        }
    }
}

/// Loads the actor's case and renders one of its letters.
async fn letter(
    state: web::Data<AppState>,
    staff: Staff,
    id: String,
    name: &'static str,
    render: fn(
        &disclosure_app::Services,
        &disclosure_app::LoadedCase,
    ) -> Result<Vec<u8>, LetterFailure>,
) -> Result<HttpResponse, AppError> {
    let (services, actor) = (state.services.clone(), staff.actor);
    let (bytes, number) = web::block(move || -> Result<_, LetterFailure> {
        let loaded = services.load(&actor, &id)?;
        Ok((render(&services, &loaded)?, loaded.number().to_string()))
    })
    .await??;
    Ok(pdf(bytes, &format!("{name}-{number}.pdf")))
}

#[get("/cases/{id}/receipt.pdf")]
pub async fn receipt(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    letter(state, staff, path.into_inner(), "receipt", receipt_pdf).await
}

#[get("/cases/{id}/reply.pdf")]
pub async fn reply(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    letter(state, staff, path.into_inner(), "reply", reply_pdf).await
}
