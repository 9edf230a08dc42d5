//! `/api/v1/cases…`: register, list and search, read, every workflow command, documents — the same
//! services and the same parsing as the pages, so no rule is written twice.
use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use disclosure_calendar::parse_iso_date;
use disclosure_core::actor::Role;
use disclosure_store::queries::CaseFilter;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::bearer::ApiCaller;
use super::dto::{CaseDetail, CaseList, CaseSummary, DocumentView};
use crate::forms::action::{Action, ActionForm};
use crate::forms::registration::RegistrationForm;
use crate::pages::case_letters::pdf;
use crate::views::{CHANNELS, OUTCOME_KINDS};
use crate::{ApiError, AppError, AppState};

/// The largest page of a list.
const MAX_PER_PAGE: i64 = 200;

/// Filters of the case list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Stage keys, comma-separated (`registered,handling`).
    pub stage: Option<String>,
    /// The case number, or part of the applicant's name or of the request text.
    pub q: Option<String>,
    /// Channel codes, comma-separated (`in_person,online`).
    pub channel: Option<String>,
    /// Outcome kinds, comma-separated (`withheld,unavailable`).
    pub outcome: Option<String>,
    /// Only cases assigned to this user id.
    pub assignee: Option<String>,
    /// Only cases due on or before this date (YYYY-MM-DD).
    pub due_by: Option<String>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Cases per page, 1..=200 (default 50).
    pub per_page: Option<i64>,
}

/// A comma-separated list whose every value is one of `table`'s codes.
fn codes_param(
    field: &'static str,
    s: Option<&str>,
    table: &[(&str, &str)],
) -> Result<Vec<String>, ApiError> {
    s.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            if table.iter().any(|(c, _)| *c == v) {
                Ok(v.to_string())
            } else {
                Err(AppError::bad_request("invalid_choice", field).into())
            }
        })
        .collect()
}

fn date_param(field: &'static str, s: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => parse_iso_date(v)
            .map(Some)
            .ok_or_else(|| AppError::bad_request("invalid_date", field).into()),
    }
}

/// The case list of the caller's agency, soonest due first.
#[utoipa::path(
    get, path = "/api/v1/cases", tag = "cases", params(ListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = CaseList),
        (status = 400, body = super::dto::ErrorEnvelope),
        (status = 401, body = super::dto::ErrorEnvelope),
    )
)]
#[get("/cases")]
pub async fn list(
    state: web::Data<AppState>,
    caller: ApiCaller,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let per_page = q.per_page.unwrap_or(50);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(AppError::bad_request("invalid_number", "per_page").into());
    }
    let page = q.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(AppError::bad_request("invalid_number", "page").into());
    }
    let filter = CaseFilter {
        stages: q
            .stage
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        assignee_id: q.assignee.clone().filter(|s| !s.trim().is_empty()),
        channels: codes_param("channel", q.channel.as_deref(), CHANNELS)?,
        outcome_kinds: codes_param("outcome", q.outcome.as_deref(), OUTCOME_KINDS)?,
        due_by: date_param("due_by", q.due_by.as_deref())?,
        search: q.q.clone(),
        limit: per_page,
        offset: (page - 1) * per_page,
        ..Default::default()
    };
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let items = web::block(move || services.list(&actor, filter)).await??;
    let calendar = state.calendar();
    let (cal, today) = (&*calendar, state.clock.today());
    Ok(HttpResponse::Ok().json(CaseList {
        cases: items
            .iter()
            .map(|i| CaseSummary::from_item(i, cal, today))
            .collect(),
        page,
        per_page,
    }))
}

async fn detail(
    state: &AppState,
    caller: &ApiCaller,
    loaded: disclosure_app::LoadedCase,
) -> Result<CaseDetail, ApiError> {
    let services = state.services.clone();
    let for_docs = loaded.clone();
    let kept = web::block(move || services.case_documents(&for_docs)).await??;
    let name = loaded
        .case
        .application
        .as_ref()
        .map(|a| a.applicant.name.clone());
    Ok(CaseDetail::build(
        &loaded,
        name,
        kept,
        caller.role,
        &state.calendar(),
        state.clock.today(),
    ))
}

/// Registers an application (受理人员 only), with the fields of the 申请登记表.
#[utoipa::path(
    post, path = "/api/v1/cases", tag = "cases", request_body = RegistrationForm,
    security(("bearer" = [])),
    responses(
        (status = 201, body = CaseDetail),
        (status = 400, body = super::dto::ErrorEnvelope),
        (status = 401, body = super::dto::ErrorEnvelope),
        (status = 403, body = super::dto::ErrorEnvelope),
    )
)]
#[post("/cases")]
pub async fn register(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<RegistrationForm>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Clerk])?;
    let app = body.to_application(caller.actor.agency_id())?;
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let now = state.clock.now();
    let (_, loaded) = web::block(move || services.register(&actor, app, now)).await??;
    let d = detail(&state, &caller, loaded).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/cases/{}", d.summary.id),
        ))
        .json(d))
}

/// One case of the caller's agency (another agency's case is 404).
#[utoipa::path(
    get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = String, Path, description = "case id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = CaseDetail),
        (status = 401, body = super::dto::ErrorEnvelope),
        (status = 404, body = super::dto::ErrorEnvelope),
    )
)]
#[get("/cases/{id}")]
pub async fn get_case(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let id = path.into_inner();
    let loaded = web::block(move || services.load(&actor, &id)).await??;
    Ok(HttpResponse::Ok().json(detail(&state, &caller, loaded).await?))
}

/// A workflow command: `version` (the case version the caller saw) and the action's fields, the
/// same names as the case page's forms (text, dates `YYYY-MM-DD`, numbers; lists as arrays).
#[derive(Debug, Deserialize, ToSchema)]
pub struct CommandBody {
    pub version: i32,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub fields: HashMap<String, serde_json::Value>,
}

impl CommandBody {
    /// The fields as the form parser takes them: text, with `true` meaning a ticked box and an
    /// array meaning one line per entry.
    fn to_form(&self) -> Result<ActionForm, ApiError> {
        let mut out = HashMap::new();
        for (k, v) in &self.fields {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(true) => "on".into(),
                serde_json::Value::Bool(false) | serde_json::Value::Null => continue,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => Ok(s.clone()),
                        _ => Err(AppError::bad_request("invalid_json", k.clone())),
                    })
                    .collect::<Result<Vec<_>, _>>()?
                    .join("\n"),
                serde_json::Value::Object(_) => {
                    return Err(AppError::bad_request("invalid_json", k.clone()).into())
                }
            };
            out.insert(k.clone(), text);
        }
        Ok(ActionForm(out))
    }
}

/// Gives a case a workflow command (`assign`, `request_correction`, … `issue_reply`, `archive`);
/// the rules and roles are the domain's, refusals carry their code and Chinese message.
#[utoipa::path(
    post, path = "/api/v1/cases/{id}/actions/{action}", tag = "cases",
    params(
        ("id" = String, Path, description = "case id"),
        ("action" = String, Path, description = "command name, e.g. `accept`"),
    ),
    request_body = CommandBody,
    security(("bearer" = [])),
    responses(
        (status = 200, body = CaseDetail),
        (status = 400, body = super::dto::ErrorEnvelope),
        (status = 401, body = super::dto::ErrorEnvelope),
        (status = 403, body = super::dto::ErrorEnvelope),
        (status = 404, body = super::dto::ErrorEnvelope),
        (status = 409, body = super::dto::ErrorEnvelope),
    )
)]
#[post("/cases/{id}/actions/{action}")]
pub async fn action(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
    body: web::Json<CommandBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, name) = path.into_inner();
    let act = body
        .to_form()?
        .to_action(&name, caller.name())
        .map_err(|e| {
            if e.status == actix_web::http::StatusCode::NOT_FOUND {
                AppError {
                    code: "unknown_action",
                    ..e
                }
            } else {
                e
            }
        })?;
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let now = state.clock.now();
    let version = body.version;
    let loaded = web::block(move || match act {
        Action::Command(cmd) => services.execute(&actor, &id, version, *cmd, now),
        Action::IssueReply => services.issue_reply(&actor, &id, version, now),
    })
    .await??;
    Ok(HttpResponse::Ok().json(detail(&state, &caller, loaded).await?))
}

/// The documents kept for a case.
#[utoipa::path(
    get, path = "/api/v1/cases/{id}/documents", tag = "documents",
    params(("id" = String, Path, description = "case id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<DocumentView>),
        (status = 401, body = super::dto::ErrorEnvelope),
        (status = 404, body = super::dto::ErrorEnvelope),
    )
)]
#[get("/cases/{id}/documents")]
pub async fn documents(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let id = path.into_inner();
    let docs = web::block(move || -> Result<_, disclosure_app::ServiceError> {
        let loaded = services.load(&actor, &id)?;
        services.case_documents(&loaded)
    })
    .await??;
    Ok(HttpResponse::Ok().json(docs.into_iter().map(DocumentView::from).collect::<Vec<_>>()))
}

/// One kept document as PDF, the bytes that were issued.
#[utoipa::path(
    get, path = "/api/v1/cases/{id}/documents/{doc}", tag = "documents",
    params(
        ("id" = String, Path, description = "case id"),
        ("doc" = String, Path, description = "document id"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, content_type = "application/pdf", description = "the document"),
        (status = 401, body = super::dto::ErrorEnvelope),
        (status = 404, body = super::dto::ErrorEnvelope),
    )
)]
#[get("/cases/{id}/documents/{doc}")]
pub async fn document(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let (id, doc) = path.into_inner();
    let (meta, bytes) = web::block(move || -> Result<_, disclosure_app::ServiceError> {
        let loaded = services.load(&actor, &id)?;
        services.case_document(&loaded, &doc)
    })
    .await??;
    Ok(pdf(bytes, &format!("{}-{}.pdf", meta.kind, meta.id)))
}

/// One file kept with a case, the bytes as received.
#[utoipa::path(
    get, path = "/api/v1/cases/{id}/attachments/{att}", tag = "documents",
    params(
        ("id" = String, Path, description = "case id"),
        ("att" = String, Path, description = "attachment id"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, content_type = "application/octet-stream", description = "the file"),
        (status = 401, body = super::dto::ErrorEnvelope),
        (status = 404, body = super::dto::ErrorEnvelope),
    )
)]
#[get("/cases/{id}/attachments/{att}")]
pub async fn attachment(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let services = state.services.clone();
    let actor = caller.actor.clone();
    let (id, att) = path.into_inner();
    let (meta, bytes) = web::block(move || -> Result<_, disclosure_app::ServiceError> {
        let loaded = services.load(&actor, &id)?;
        services.case_attachment(&loaded, &att)
    })
    .await??;
    Ok(crate::pages::case_attachments::file_response(&meta, bytes))
}
