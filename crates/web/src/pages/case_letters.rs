//! The documents of a case as PDF downloads: the 登记回执 (as of registration), the issued 答复书
//! and every other kept document, always the bytes that were issued.
use actix_web::{get, http::header, web, HttpResponse};
use disclosure_app::{LoadedCase, ServiceError, Services};

use crate::auth::Staff;
use crate::{AppError, AppState};

/// A PDF response that no shared cache keeps (letters carry personal data).
pub(crate) fn pdf(bytes: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

/// Loads the actor's case and produces one of its documents.
async fn letter(
    state: web::Data<AppState>,
    staff: Staff,
    id: String,
    name: &'static str,
    produce: fn(&Services, &LoadedCase) -> Result<Vec<u8>, ServiceError>,
) -> Result<HttpResponse, AppError> {
    let (services, actor) = (state.services.clone(), staff.actor);
    let (bytes, number) = web::block(move || -> Result<_, ServiceError> {
        let loaded = services.load(&actor, &id)?;
        Ok((produce(&services, &loaded)?, loaded.number().to_string()))
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
    letter(
        state,
        staff,
        path.into_inner(),
        "receipt",
        Services::receipt,
    )
    .await
}

#[get("/cases/{id}/reply.pdf")]
pub async fn reply(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    letter(
        state,
        staff,
        path.into_inner(),
        "reply",
        Services::issued_reply,
    )
    .await
}

#[get("/cases/{id}/documents/{doc}")]
pub async fn document(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (services, actor) = (state.services.clone(), staff.actor);
    let (id, doc) = path.into_inner();
    let (meta, bytes) = web::block(move || -> Result<_, ServiceError> {
        let loaded = services.load(&actor, &id)?;
        services.case_document(&loaded, &doc)
    })
    .await??;
    Ok(pdf(bytes, &format!("{}-{}.pdf", meta.kind, meta.id)))
}
