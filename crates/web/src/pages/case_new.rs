//! 登记: the clerk enters the 申请登记表; the receipt date and due date are computed, never typed.
use actix_session::Session;
use actix_web::{get, http::header, post, web, HttpRequest, HttpResponse};
use askama::Template;
use disclosure_core::actor::Role;

use crate::auth::Staff;
use crate::forms::registration::RegistrationForm;
use crate::forms::submission::read_submission;
use crate::layout::Layout;
use crate::{session, AppError, AppState};

#[derive(Template)]
#[template(path = "case_new.html")]
struct NewCasePage {
    layout: Layout,
    staff: Staff,
    f: RegistrationForm,
    error: Option<String>,
    upload_hint: String,
    /// The receipt and due dates computed for 计算期限, before anything is saved.
    preview: Option<String>,
}

/// The form as posted, with the button that was pressed.
#[derive(Debug, Default, serde::Deserialize)]
struct Submitted {
    #[serde(flatten)]
    f: RegistrationForm,
    /// Set by the 计算期限 button: compute and show, save nothing.
    #[serde(default)]
    preview: String,
}

#[get("/cases/new")]
pub async fn new_case(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Clerk])?;
    let f = RegistrationForm {
        channel: "in_person".into(),
        arrived_on: state.clock.today().to_string(),
        applicant_kind: "natural_person".into(),
        id_type: "resident_id".into(),
        requested_form: "paper".into(),
        delivery: "post".into(),
        ..Default::default()
    };
    super::render(&NewCasePage {
        layout: state.layout(),
        staff,
        f,
        error: None,
        upload_hint: crate::views::upload_hint(state.services.upload_limits),
        preview: None,
    })
}

#[post("/cases")]
pub async fn register(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Clerk])?;
    let (Submitted { f, preview }, files): (Submitted, _) =
        read_submission(&req, payload, state.services.upload_limits).await?;
    session::check_csrf(&s, &f.csrf)?;
    if !preview.is_empty() {
        return preview_page(&state, staff, f, !files.is_empty()).await;
    }
    let result = match f.to_application(staff.actor.agency_id()) {
        Err(e) => Err(e),
        Ok(app) => {
            let services = state.services.clone();
            let actor = staff.actor.clone();
            let now = state.clock.now();
            web::block(move || services.register_with_attachments(&actor, app, &files, now))
                .await?
                .map_err(AppError::from)
        }
    };
    match result {
        Ok((reg, _)) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/cases/{}?registered=1", reg.case_id),
            ))
            .finish()),
        Err(e) if e.status.is_client_error() => {
            let mut resp = super::render(&NewCasePage {
                layout: state.layout(),
                staff,
                f,
                error: Some(e.message()),
                upload_hint: crate::views::upload_hint(state.services.upload_limits),
                preview: None,
            })?;
            *resp.status_mut() = e.status;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}

/// 计算期限: the dates registering would fix, shown on the form; nothing is saved.
async fn preview_page(
    state: &AppState,
    staff: Staff,
    f: RegistrationForm,
    had_files: bool,
) -> Result<HttpResponse, AppError> {
    let computed = match f.to_application(staff.actor.agency_id()) {
        Err(e) => Err(e),
        Ok(app) => {
            let (services, actor, now) = (
                state.services.clone(),
                staff.actor.clone(),
                state.clock.now(),
            );
            web::block(move || services.preview_registration(&actor, app, now))
                .await?
                .map_err(AppError::from)
        }
    };
    let (preview, error, status) = match computed {
        Ok((receipt, due, provisional)) => (
            Some(crate::messages_zh::registration_preview(
                receipt,
                due,
                provisional,
                had_files,
            )),
            None,
            actix_web::http::StatusCode::OK,
        ),
        Err(e) if e.status.is_client_error() => (None, Some(e.message()), e.status),
        Err(e) => return Err(e),
    };
    let mut resp = super::render(&NewCasePage {
        layout: state.layout(),
        staff,
        f,
        error,
        upload_hint: crate::views::upload_hint(state.services.upload_limits),
        preview,
    })?;
    *resp.status_mut() = status;
    Ok(resp)
}
