//! 全部案件: the agency's cases with filters (stage, assignee, applicant type, receipt dates,
//! channel, outcome, overdue or due within N working days), search by number, applicant or request
//! text, three orders, paging —
//! and bulk assignment of the ticked cases to one officer.
use actix_session::Session;
use actix_web::{get, http::header, post, web, HttpResponse};
use askama::Template;
use disclosure_calendar::parse_iso_date;
use disclosure_core::actor::Role;
use disclosure_core::case::Command;
use disclosure_store::directory;
use disclosure_store::queries::{CaseFilter, CaseOrder};
use serde::Deserialize;

use crate::auth::Staff;
use crate::layout::Layout;
use crate::views::{row_view, CaseRowView, APPLICANT_KINDS, CHANNELS, OUTCOME_KINDS, STAGES};
use crate::{session, AppError, AppState};

const PAGE_SIZE: i64 = 50;
/// The longest "due within N working days" a list accepts.
const MAX_DUE_WITHIN: u32 = 60;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    stage: Option<String>,
    q: Option<String>,
    assignee: Option<String>,
    kind: Option<String>,
    channel: Option<String>,
    outcome: Option<String>,
    received_from: Option<String>,
    received_to: Option<String>,
    /// `overdue`, or a number N: due within N working days.
    due: Option<String>,
    sort: Option<String>,
    page: Option<i64>,
    /// The outcome of a bulk assignment, shown once.
    assigned: Option<usize>,
    failed: Option<usize>,
}

fn text(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).unwrap_or("").to_string()
}

fn date(field: &'static str, v: &Option<String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match text(v).as_str() {
        "" => Ok(None),
        s => parse_iso_date(s)
            .map(Some)
            .ok_or_else(|| AppError::bad_request("invalid_date", field)),
    }
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CaseListPage {
    layout: Layout,
    staff: Staff,
    rows: Vec<CaseRowView>,
    stage: String,
    q: String,
    assignee: String,
    kind: String,
    channel: String,
    outcome: String,
    received_from: String,
    received_to: String,
    due: String,
    sort: String,
    page: i64,
    more: bool,
    /// The query string of this list without `page`, for the pager links.
    query: String,
    stages: &'static [(&'static str, &'static str)],
    kinds: &'static [(&'static str, &'static str)],
    channels: &'static [(&'static str, &'static str)],
    outcomes: &'static [(&'static str, &'static str)],
    officers: Vec<(String, String)>,
    can_assign: bool,
    notice: Option<String>,
}

#[get("/cases")]
pub async fn cases(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let today = state.clock.today();
    let calendar = state.calendar();
    let cal = &*calendar;
    let due = text(&query.due);
    let (due_by, due_before) = match due.as_str() {
        "" => (None, None),
        "overdue" => (None, Some(today)),
        n => {
            let n: u32 = n
                .parse()
                .ok()
                .filter(|n| (0..=MAX_DUE_WITHIN).contains(n))
                .ok_or_else(|| AppError::bad_request("invalid_number", "due"))?;
            let by = cal
                .add_working_days(today, n)
                .map_err(|e| AppError::bad_request("invalid_number", e.to_string()))?;
            (Some(by.date), None)
        }
    };
    let sort = text(&query.sort);
    let order = match sort.as_str() {
        "newest" => CaseOrder::Newest,
        "received" => CaseOrder::ReceivedOldest,
        _ => CaseOrder::DueSoonest,
    };
    let (stage, kind, assignee) = (text(&query.stage), text(&query.kind), text(&query.assignee));
    let (channel, outcome) = (text(&query.channel), text(&query.outcome));
    let known = |v: &str, table: &[(&str, &str)], field: &'static str| {
        if v.is_empty() || table.iter().any(|(c, _)| *c == v) {
            Ok(())
        } else {
            Err(AppError::bad_request("invalid_choice", field))
        }
    };
    known(&channel, CHANNELS, "channel")?;
    known(&outcome, OUTCOME_KINDS, "outcome")?;
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let filter = CaseFilter {
        stages: [stage.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
        applicant_kinds: [kind.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
        assignee_id: Some(assignee.clone()).filter(|s| !s.is_empty()),
        channels: [channel.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
        outcome_kinds: [outcome.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
        received_from: date("received_from", &query.received_from)?,
        received_to: date("received_to", &query.received_to)?,
        due_by,
        due_before,
        search: Some(text(&query.q)),
        order,
        limit: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
        ..Default::default()
    };
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let agency = staff.actor.agency_id().to_string();
    let (items, users) = web::block(move || -> Result<_, AppError> {
        let items = services.list(&actor, filter)?;
        let users = services
            .store
            .read(|c| directory::users_of_agency(c, &agency))
            .map_err(|e| AppError::internal(e.to_string()))?;
        Ok((items, users))
    })
    .await??;
    let more = items.len() as i64 > PAGE_SIZE;
    let rows = items
        .iter()
        .take(PAGE_SIZE as usize)
        .map(|i| row_view(i, cal, today))
        .collect();
    let officers = users
        .into_iter()
        .filter(|u| u.role == "officer" && u.active)
        .map(|u| (u.id, u.display_name))
        .collect();
    let pairs = [
        ("stage", &stage),
        ("q", &text(&query.q)),
        ("assignee", &assignee),
        ("kind", &kind),
        ("channel", &channel),
        ("outcome", &outcome),
        ("received_from", &text(&query.received_from)),
        ("received_to", &text(&query.received_to)),
        ("due", &due),
        ("sort", &sort),
    ];
    let query_string = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let notice = query.assigned.map(|n| match query.failed.unwrap_or(0) {
        0 => format!("已分办 {n} 件。"),
        f => format!(
            "已分办 {n} 件；{f} 件未能分办（可能已被他人更新或不在可分办环节），请刷新后重试。"
        ),
    });
    super::render(&CaseListPage {
        layout: state.layout(),
        can_assign: matches!(staff.role, Role::Approver | Role::Clerk),
        staff,
        rows,
        q: text(&query.q),
        stage,
        assignee,
        kind,
        channel,
        outcome,
        received_from: text(&query.received_from),
        received_to: text(&query.received_to),
        due,
        sort,
        page,
        more,
        query: query_string,
        stages: STAGES,
        kinds: APPLICANT_KINDS,
        channels: CHANNELS,
        outcomes: OUTCOME_KINDS,
        officers,
        notice,
    })
}

/// Percent-encodes a query value (UTF-8 bytes outside the unreserved set).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// 批量分办: each ticked case (`case` = `ID:VERSION`) is assigned in its own transaction, so one
/// stale or refused case does not hold back the others; the list then says how many went through.
#[post("/cases/assign")]
pub async fn bulk_assign(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let fields = form.into_inner();
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    session::check_csrf(&s, &get("csrf").unwrap_or_default())?;
    staff.require(&[Role::Approver, Role::Clerk])?;
    let officer = get("officer").unwrap_or_default();
    let (officer_id, officer_name) = officer
        .split_once('|')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .ok_or_else(|| AppError::bad_request("invalid_choice", "officer"))?;
    let targets: Vec<(String, i32)> = fields
        .iter()
        .filter(|(k, _)| k == "case")
        .filter_map(|(_, v)| {
            let (id, version) = v.split_once(':')?;
            Some((id.to_string(), version.parse().ok()?))
        })
        .collect();
    if targets.is_empty() {
        return Err(AppError::bad_request("nothing_selected", "case"));
    }
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let (ok, failed) = web::block(move || {
        let mut counts = (0usize, 0usize);
        for (id, version) in targets {
            let cmd = Command::Assign {
                officer_id: officer_id.clone(),
                officer_name: officer_name.clone(),
            };
            match services.execute(&actor, &id, version, cmd, now) {
                Ok(_) => counts.0 += 1,
                Err(_) => counts.1 += 1,
            }
        }
        counts
    })
    .await?;
    let back = get("back")
        .filter(|b| b.starts_with("/cases"))
        .unwrap_or("/cases".into());
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("{back}{sep}assigned={ok}&failed={failed}"),
        ))
        .finish())
}
