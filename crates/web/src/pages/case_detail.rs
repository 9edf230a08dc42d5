//! 案件详情: applicant, request, the deadline panel with its explanation, the timeline, and the
//! actions this user's role may take now; POSTing an action runs it through the services.
use std::collections::HashMap;

use actix_session::Session;
use actix_web::{get, http::header, post, web, HttpResponse};
use askama::Template;
use disclosure_app::LoadedCase;
use disclosure_core::actor::Role;
use disclosure_core::case::available_commands;
use disclosure_core::clock::date_zh;
use disclosure_store::directory;
use serde::Deserialize;

use crate::action_forms::{action_form, ActionForm, FieldKind, FormChoices};
use crate::auth::Staff;
use crate::forms::action::{Action, ActionForm as Submitted};
use crate::layout::Layout;
use crate::views::{id_document_masked, stage_label, timeline, working_days_left, TimelineEntry};
use crate::{session, AppError, AppState};

#[derive(Template)]
#[template(path = "case_detail.html")]
struct CasePage {
    layout: Layout,
    staff: Staff,
    id: String,
    number: String,
    stage: String,
    version: i32,
    applicant: Vec<(&'static str, String)>,
    request: Vec<(&'static str, String)>,
    due: String,
    days_left: Option<i64>,
    provisional: bool,
    explanation: Vec<String>,
    timeline: Vec<TimelineEntry>,
    actions: Vec<ActionForm>,
    notice: Option<&'static str>,
    error: Option<String>,
    tracking_code: String,
    has_reply: bool,
    documents: Vec<DocumentRow>,
    mails: Vec<super::case_mails::MailRow>,
    /// Mails refused for good: shown at the top of the page (deliver another way).
    failed_mails: usize,
    attachments: Vec<AttachmentRow>,
    searches: Vec<SearchRow>,
    /// Whether this user may add files now (clerk or officer, not yet archived).
    can_attach: bool,
    upload_hint: String,
}

/// One line of 附件: the file as received, its size and who brought it in when.
struct AttachmentRow {
    name: String,
    kind: &'static str,
    size: String,
    uploaded_at: String,
    sha256_short: String,
    href: String,
}

/// One 检索记录 as the officer recorded it, with links to the attachments kept as its evidence
/// (R-DEC-1: a "does not exist" reply stands on this record).
struct SearchRow {
    searched_on: String,
    searched_by: String,
    places: String,
    method: String,
    keywords: String,
    result: String,
    /// (download link, file name) of each evidence attachment.
    evidence: Vec<(String, String)>,
}

/// One line of 已发文书: what was issued, its 字号 and date, and where to download the kept bytes.
struct DocumentRow {
    title: String,
    number: String,
    issued_on: String,
    href: String,
}

#[derive(Debug, Deserialize)]
pub struct DetailQuery {
    registered: Option<String>,
}

#[get("/cases/{id}")]
pub async fn case_detail(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<DetailQuery>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &staff, path.into_inner()).await?;
    let notice = query
        .registered
        .as_ref()
        .map(|_| "已登记。请打印登记回执交申请人。");
    page(
        &state,
        staff,
        loaded,
        notice,
        None,
        actix_web::http::StatusCode::OK,
    )
    .await
}

async fn load(state: &AppState, staff: &Staff, id: String) -> Result<LoadedCase, AppError> {
    let services = state.services.clone();
    let actor = staff.actor.clone();
    Ok(web::block(move || services.load(&actor, &id)).await??)
}

async fn page(
    state: &AppState,
    staff: Staff,
    loaded: LoadedCase,
    notice: Option<&'static str>,
    error: Option<String>,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, AppError> {
    let today = state.clock.today();
    let calendar = state.calendar();
    let cal = &*calendar;
    let case = &loaded.case;
    let services = state.services.clone();
    let agency = loaded.row.agency_id.clone();
    let for_docs = loaded.clone();
    let users = web::block(move || -> Result<_, AppError> {
        let users = services
            .store
            .read(|c| directory::users_of_agency(c, &agency))
            .map_err(|e| AppError::internal(e.to_string()))?;
        Ok((
            users,
            services.case_documents(&for_docs)?,
            services.case_attachments(&for_docs)?,
            services.case_mails(&for_docs)?,
        ))
    })
    .await??;
    let (users, kept, mut files, mails) = (users.0, users.1, users.2, users.3);
    let (mails, failed_mails) = super::case_mails::mail_rows(mails);
    // In the order received (the events' order; upload times can tie).
    files.sort_by_key(|f| case.attachments.iter().position(|a| a.id == f.id));
    let searches = case
        .searches
        .iter()
        .map(|s| SearchRow {
            searched_on: date_zh(s.searched_on),
            searched_by: s.searched_by.clone(),
            places: s.places.clone(),
            method: s.method.clone(),
            keywords: s.keywords.clone(),
            result: s.result.clone(),
            evidence: s
                .evidence
                .iter()
                .filter_map(|id| case.attachments.iter().find(|a| &a.id == id))
                .map(|a| {
                    (
                        format!("/cases/{}/attachments/{}", loaded.row.id, a.id),
                        a.file_name.clone(),
                    )
                })
                .collect(),
        })
        .collect();
    let attachments = files
        .into_iter()
        .map(|a| AttachmentRow {
            href: format!("/cases/{}/attachments/{}", a.case_id, a.id),
            kind: match a.content_type.as_str() {
                "application/pdf" => "PDF",
                "image/jpeg" => "JPEG",
                "image/png" => "PNG",
                _ => "TIFF",
            },
            size: file_size_zh(a.size),
            uploaded_at: a.uploaded_at.format("%Y-%m-%d %H:%M").to_string(),
            sha256_short: a.sha256.chars().take(12).collect(),
            name: a.file_name,
        })
        .collect();
    let can_attach = matches!(staff.role, Role::Clerk | Role::Officer)
        && case
            .stage
            .is_some_and(|s| s != disclosure_core::case::Stage::Archived);
    let documents = kept
        .into_iter()
        .map(|d| DocumentRow {
            href: format!("/cases/{}/documents/{}", d.case_id, d.id),
            title: d.title,
            number: d.doc_number.unwrap_or_default(),
            issued_on: date_zh(d.issued_on),
        })
        .collect();
    let officers: Vec<(String, String)> = users
        .into_iter()
        .filter(|u| u.role == "officer")
        .map(|u| (u.id, u.display_name))
        .collect();
    let consultations: Vec<(u32, String)> = case
        .consultations
        .iter()
        .filter(|c| c.is_open())
        .map(|c| (c.id, c.party.clone()))
        .collect();
    let choices = FormChoices {
        officers,
        consultations,
        attachments: case
            .attachments
            .iter()
            .map(|a| (a.id.clone(), a.file_name.clone()))
            .collect(),
    };
    let actions = available_commands(case, staff.role)
        .into_iter()
        .map(|a| action_form(a, today, &choices))
        .collect();
    let app = case.application.as_ref();
    let applicant = app
        .map(|a| {
            let p = &a.applicant;
            vec![
                ("申请人", p.name.clone()),
                ("类别", p.kind.label_zh().to_string()),
                ("身份证明", id_document_masked(&p.id_document)),
                (
                    "联系电话",
                    p.phone.as_ref().map(|x| x.masked()).unwrap_or_default(),
                ),
                ("电子邮箱", p.email.clone().unwrap_or_default()),
                ("通信地址", p.address.clone().unwrap_or_default()),
            ]
        })
        .unwrap_or_default();
    let request = app
        .map(|a| {
            vec![
                ("所需信息", a.description.clone()),
                ("提供形式", a.requested_form.label_zh().to_string()),
                ("获取方式", a.delivery.label_zh().to_string()),
                (
                    "收到申请日期",
                    case.receipt_date.map(date_zh).unwrap_or_default(),
                ),
            ]
        })
        .unwrap_or_default();
    let deadline = case.deadline(cal).and_then(Result::ok);
    let concluded = case.stage.is_some_and(|s| s.is_concluded());
    let (due, days_left, provisional, explanation) = match (&deadline, concluded) {
        (Some(d), false) => (
            d.due
                .map(|x| date_zh(x.date))
                .unwrap_or_else(|| clock_status(d)),
            d.due.and_then(|x| working_days_left(cal, today, x.date)),
            d.provisional,
            d.explain_zh(),
        ),
        (Some(d), true) => ("已办结".into(), None, false, d.explain_zh()),
        (None, _) => ("—".into(), None, false, vec![]),
    };
    let mut resp = super::render(&CasePage {
        layout: state.layout(),
        id: loaded.row.id.clone(),
        number: loaded.number().to_string(),
        // 结案方式 beside the stage, e.g. 已归档（不予处理）: how it ended outlives archiving.
        stage: match case.conclusion() {
            Some(end) => format!("{}（{}）", stage_label(&loaded.row.stage), end.label_zh()),
            None => stage_label(&loaded.row.stage),
        },
        version: loaded.row.version,
        applicant,
        request,
        due,
        days_left,
        provisional,
        explanation,
        timeline: timeline(&loaded.events),
        actions,
        notice,
        error,
        tracking_code: loaded.row.tracking_code.clone(),
        has_reply: case.issued.is_some(),
        documents,
        mails,
        failed_mails,
        attachments,
        searches,
        can_attach,
        upload_hint: crate::views::upload_hint(state.services.upload_limits),
        staff,
    })?;
    *resp.status_mut() = status;
    Ok(resp)
}

#[post("/cases/{id}/actions/{action}")]
pub async fn case_action(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    path: web::Path<(String, String)>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    let fields = form.into_inner();
    session::check_csrf(&s, fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let version: i32 = fields
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::bad_request("invalid_number", "version"))?;
    let parsed = Submitted(fields).to_action(&action, &staff.name);
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let case_id = id.clone();
    let outcome = match parsed {
        Err(e) => Err(e),
        Ok(act) => web::block(move || match act {
            Action::Command(cmd) => services.execute(&actor, &case_id, version, *cmd, now),
            Action::IssueReply => services.issue_reply(&actor, &case_id, version, now),
        })
        .await?
        .map_err(AppError::from),
    };
    match outcome {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/cases/{id}")))
            .finish()),
        Err(e)
            if e.status.is_client_error() && e.status != actix_web::http::StatusCode::NOT_FOUND =>
        {
            let loaded = load(&state, &staff, id).await?;
            page(&state, staff, loaded, None, Some(e.message()), e.status).await
        }
        Err(e) => Err(e),
    }
}

/// Shows the case page again with a refusal (after a failed upload or action).
pub(crate) async fn show_error(
    state: &AppState,
    staff: Staff,
    id: String,
    e: AppError,
) -> Result<HttpResponse, AppError> {
    let loaded = load(state, &staff, id).await?;
    page(state, staff, loaded, None, Some(e.message()), e.status).await
}

/// A file size as a clerk reads it.
fn file_size_zh(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} 字节"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// The clock's state when there is no due date.
fn clock_status(d: &disclosure_core::clock::Deadline) -> String {
    use disclosure_core::clock::ClockStatus;
    match d.status {
        ClockStatus::Running => String::new(),
        ClockStatus::AwaitingCorrection => "等待补正（收到补正后重新计算）".into(),
        ClockStatus::Paused { remaining, .. } => format!("中止计算（剩余{remaining}个工作日）"),
    }
}
