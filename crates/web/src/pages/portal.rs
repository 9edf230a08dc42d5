//! The applicant portal (no login): 在线申请 and 进度查询 by case number and tracking code. It shows
//! nothing about a case beyond its stage, dates and the letters issued to the applicant.
use actix_session::Session;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use disclosure_core::actor::Actor;
use disclosure_core::clock::date_zh;
use disclosure_core::values::CaseNumber;
use disclosure_store::directory;
use serde::Deserialize;

use disclosure_app::documents::kind;

use crate::forms::registration::RegistrationForm;
use crate::forms::submission::read_submission;
use crate::layout::Layout;
use crate::views::stage_label;
use crate::{session, AppError, AppState};

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    layout: Layout,
    csrf: String,
    agencies: Vec<(String, String)>,
    f: RegistrationForm,
    agency: String,
    error: Option<String>,
    upload_hint: String,
}

#[derive(Template)]
#[template(path = "applied.html")]
struct AppliedPage {
    layout: Layout,
    number: String,
    tracking_code: String,
    received: String,
    due: String,
}

async fn agencies(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let services = state.services.clone();
    Ok(
        web::block(move || services.store.read(directory::list_agencies))
            .await?
            .map_err(|e| AppError::internal(e.to_string()))?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect(),
    )
}

#[get("/apply")]
pub async fn apply_form(state: web::Data<AppState>, s: Session) -> Result<HttpResponse, AppError> {
    super::render(&ApplyPage {
        layout: state.layout(),
        csrf: session::csrf_token(&s),
        agencies: agencies(&state).await?,
        f: RegistrationForm {
            applicant_kind: "natural_person".into(),
            id_type: "resident_id".into(),
            requested_form: "electronic".into(),
            delivery: "email".into(),
            ..Default::default()
        },
        agency: String::new(),
        error: None,
        upload_hint: crate::views::upload_hint(state.services.upload_limits),
    })
}

#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    agency: String,
    #[serde(flatten)]
    f: RegistrationForm,
}

#[post("/apply")]
pub async fn apply(
    state: web::Data<AppState>,
    s: Session,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, state.services.trust_forwarded_for);
    if let Err(until) = state
        .services
        .portal_guard
        .admit(&address, state.clock.now())
    {
        return Err(AppError::too_many("portal_rate_limited")
            .with_human(crate::messages_zh::portal_rate_limited(until)));
    }
    let (form, files): (ApplyForm, _) =
        read_submission(&req, payload, state.services.upload_limits).await?;
    session::check_csrf(&s, &form.f.csrf)?;
    let ApplyForm { agency, mut f } = form;
    // Online: the system's acknowledgement with the tracking code is the confirmation of both sides
    // (条例第三十一条第三项), so the receipt date is the day of submission.
    let today = state.clock.today().to_string();
    f.channel = "online".into();
    f.arrived_on = today.clone();
    f.confirmed_on = today;
    let known = agencies(&state).await?;
    let result = if !known.iter().any(|(id, _)| *id == agency) {
        Err(AppError::bad_request("invalid_choice", "agency"))
    } else {
        match f.to_application(&agency) {
            Err(e) => Err(e),
            Ok(app) => {
                let services = state.services.clone();
                let now = state.clock.now();
                let actor = Actor::Portal {
                    agency_id: agency.clone(),
                };
                web::block(move || services.register_with_attachments(&actor, app, &files, now))
                    .await?
                    .map_err(AppError::from)
            }
        }
    };
    match result {
        Ok((reg, loaded)) => super::render(&AppliedPage {
            layout: state.layout(),
            number: loaded.number().to_string(),
            tracking_code: reg.tracking_code,
            received: date_zh(loaded.row.receipt_date),
            due: loaded.row.due_date.map(date_zh).unwrap_or_default(),
        }),
        Err(e) if e.status.is_client_error() => {
            let mut resp = super::render(&ApplyPage {
                layout: state.layout(),
                csrf: session::csrf_token(&s),
                agencies: known,
                f,
                agency,
                error: Some(e.message()),
                upload_hint: crate::views::upload_hint(state.services.upload_limits),
            })?;
            *resp.status_mut() = e.status;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}

/// The client's address: the peer, or the first `X-Forwarded-For` hop when the deployment says a
/// trusted proxy (nginx) sets it — otherwise anyone could pick their own address.
fn client_address(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let info = req.connection_info();
    let address = if trust_forwarded_for {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    address.unwrap_or("unknown").to_string()
}

#[derive(Debug, Deserialize)]
pub struct TrackQuery {
    number: Option<String>,
    code: Option<String>,
}

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    layout: Layout,
    number: String,
    code: String,
    found: Option<Vec<(&'static str, String)>>,
    /// The letters issued to the applicant so far: (title, date, download link).
    letters: Vec<(String, String, String)>,
    error: Option<String>,
}

/// Percent-encodes a query value.
fn q_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn lookup(
    state: &AppState,
    q: &TrackQuery,
) -> Result<Option<disclosure_app::LoadedCase>, AppError> {
    let (Some(n), Some(code)) = (q.number.as_deref(), q.code.as_deref()) else {
        return Ok(None);
    };
    if n.trim().is_empty() && code.trim().is_empty() {
        return Ok(None);
    }
    let number = CaseNumber::parse(n).map_err(|e| AppError::value(&e, "number"))?;
    state
        .services
        .track(number, &code.trim().to_uppercase())
        .map(Some)
        .map_err(|_| AppError::bad_request("tracking_not_found", "number/code"))
}

#[get("/track")]
pub async fn track(
    state: web::Data<AppState>,
    q: web::Query<TrackQuery>,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let q = q.into_inner();
    let (number, code) = (
        q.number.clone().unwrap_or_default(),
        q.code.clone().unwrap_or_default(),
    );
    let outcome = web::block(move || -> Result<_, AppError> {
        let Some(c) = lookup(&st, &q)? else {
            return Ok(None);
        };
        let docs = st.services.case_documents(&c)?;
        Ok(Some((c, docs)))
    })
    .await?;
    let (found, letters, error, status) = match outcome {
        Ok(None) => (None, vec![], None, 200),
        Ok(Some((c, docs))) => (
            Some(vec![
                ("登记编号", c.number().to_string()),
                ("办理状态", stage_label(&c.row.stage)),
                ("收到申请日期", date_zh(c.row.receipt_date)),
                (
                    "答复期限",
                    c.row.due_date.map(date_zh).unwrap_or_else(|| "—".into()),
                ),
            ]),
            docs.into_iter()
                .filter(|d| kind::TO_APPLICANT.contains(&d.kind.as_str()))
                .map(|d| {
                    let href = format!(
                        "/track/documents/{}?number={}&code={}",
                        d.id,
                        q_encode(&number),
                        q_encode(&code)
                    );
                    (d.title, date_zh(d.issued_on), href)
                })
                .collect(),
            None,
            200,
        ),
        Err(e) => (None, vec![], Some(e.message()), 404),
    };
    let mut resp = super::render(&TrackPage {
        layout: state.layout(),
        number,
        code,
        found,
        letters,
        error,
    })?;
    *resp.status_mut() = actix_web::http::StatusCode::from_u16(status).unwrap_or_default();
    Ok(resp)
}

#[get("/track/reply.pdf")]
pub async fn track_reply(
    state: web::Data<AppState>,
    q: web::Query<TrackQuery>,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let bytes = web::block(move || -> Result<Vec<u8>, AppError> {
        let c = lookup(&st, &q)
            .ok()
            .flatten()
            .ok_or_else(AppError::not_found)?;
        Ok(st.services.issued_reply(&c)?)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

/// One letter issued to the applicant, for the holder of the case number and tracking code.
#[get("/track/documents/{doc}")]
pub async fn track_document(
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<TrackQuery>,
) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let doc = path.into_inner();
    let bytes = web::block(move || -> Result<Vec<u8>, AppError> {
        let c = lookup(&st, &q)
            .ok()
            .flatten()
            .ok_or_else(AppError::not_found)?;
        let (meta, bytes) = st.services.case_document(&c, &doc)?;
        if !kind::TO_APPLICANT.contains(&meta.kind.as_str()) {
            return Err(AppError::not_found());
        }
        Ok(bytes)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
