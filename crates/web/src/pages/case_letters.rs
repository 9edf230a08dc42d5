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

#[get("/cases/{id}/receipt.pdf")]
pub async fn receipt(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (services, actor, id) = (state.services.clone(), staff.actor, path.into_inner());
    let (bytes, number) = web::block(move || -> Result<_, LetterFailure> {
        let loaded = services.load(&actor, &id)?;
        Ok((
            receipt_pdf(&services, &loaded)?,
            loaded.number().to_string(),
        ))
    })
    .await??;
    Ok(pdf(bytes, &format!("receipt-{number}.pdf")))
}

#[get("/cases/{id}/reply.pdf")]
pub async fn reply(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (services, actor, id) = (state.services.clone(), staff.actor, path.into_inner());
    let (bytes, number) = web::block(move || -> Result<_, LetterFailure> {
        let loaded = services.load(&actor, &id)?;
        Ok((reply_pdf(&services, &loaded)?, loaded.number().to_string()))
    })
    .await??;
    Ok(pdf(bytes, &format!("reply-{number}.pdf")))
}
