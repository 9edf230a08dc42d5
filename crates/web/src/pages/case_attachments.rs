//! The files kept with a case: download (any staff of the agency) and upload (clerk or officer,
//! until the case is archived), each upload one transaction with its `AttachmentAdded` event.
use actix_session::Session;
use actix_web::{get, http::header, post, web, HttpRequest, HttpResponse};
use disclosure_app::ServiceError;
use disclosure_core::actor::Role;
use serde::Deserialize;

use crate::auth::Staff;
use crate::forms::submission::read_submission;
use crate::{session, AppError, AppState};

#[get("/cases/{id}/attachments/{att}")]
pub async fn download(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (services, actor) = (state.services.clone(), staff.actor);
    let (id, att) = path.into_inner();
    let (meta, bytes) = web::block(move || -> Result<_, ServiceError> {
        let loaded = services.load(&actor, &id)?;
        services.case_attachment(&loaded, &att)
    })
    .await??;
    Ok(file_response(&meta, bytes))
}

/// A kept file as a download. The stored type was recognised from the bytes; `attachment` keeps a
/// browser from rendering a scan inline in the application's origin.
pub(crate) fn file_response(
    meta: &disclosure_store::attachments::AttachmentMeta,
    bytes: Vec<u8>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(meta.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                ascii_fallback(&meta.file_name),
                percent_encode(&meta.file_name)
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes)
}

#[derive(Debug, Default, Deserialize)]
struct UploadFields {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: String,
}

#[post("/cases/{id}/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Clerk, Role::Officer])?;
    let (fields, files): (UploadFields, _) =
        read_submission(&req, payload, state.services.upload_limits).await?;
    session::check_csrf(&s, &fields.csrf)?;
    let version: i32 = fields
        .version
        .parse()
        .map_err(|_| AppError::bad_request("invalid_number", "version"))?;
    let id = path.into_inner();
    let (services, actor, now) = (
        state.services.clone(),
        staff.actor.clone(),
        state.clock.now(),
    );
    let case_id = id.clone();
    let result =
        web::block(move || services.add_attachments(&actor, &case_id, version, &files, now))
            .await?
            .map_err(AppError::from);
    match result {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/cases/{id}#attachments")))
            .finish()),
        Err(e)
            if e.status.is_client_error() && e.status != actix_web::http::StatusCode::NOT_FOUND =>
        {
            super::case_detail::show_error(&state, staff, id, e).await
        }
        Err(e) => Err(e),
    }
}

/// The name with every non-ASCII or quoting character replaced, for old clients.
fn ascii_fallback(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// RFC 5987 percent-encoding of the UTF-8 name.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
