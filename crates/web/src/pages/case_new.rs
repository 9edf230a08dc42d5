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
    let (f, files): (RegistrationForm, _) =
        read_submission(&req, payload, state.services.upload_limits).await?;
    session::check_csrf(&s, &f.csrf)?;
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
            })?;
            *resp.status_mut() = e.status;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}
