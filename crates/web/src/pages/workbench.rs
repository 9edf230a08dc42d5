//! 工作台 and 全部案件: each role lands on what it has to do.
use actix_web::{get, web, HttpResponse};
use askama::Template;
use disclosure_core::actor::Role;
use disclosure_store::queries::{CaseFilter, OPEN_STAGES};
use serde::Deserialize;

use crate::auth::Staff;
use crate::layout::Layout;
use crate::views::{row_view, CaseRowView};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "workbench.html")]
struct Workbench {
    layout: Layout,
    staff: Staff,
    title: &'static str,
    rows: Vec<CaseRowView>,
    /// Every case of the list and those past their deadline, whatever the page.
    total: i64,
    overdue: i64,
    page: i64,
    pages: i64,
}

/// Rows per page: what fits on a screen; the full list is paged (a million-case agency's 工作台 stays
/// as fast as a small one's).
pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct WorkbenchQuery {
    page: Option<i64>,
}

#[get("/workbench")]
pub async fn workbench(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<WorkbenchQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let (title, filter) = match staff.role {
        Role::Officer => (
            "我的案件",
            CaseFilter {
                assignee_id: match &staff.actor {
                    disclosure_core::actor::Actor::Staff { user_id, .. } => Some(user_id.clone()),
                    disclosure_core::actor::Actor::Portal { .. } => None,
                },
                stages: open_stages(),
                ..Default::default()
            },
        ),
        Role::Approver => (
            "待审批",
            CaseFilter {
                stages: vec!["reply_drafted".into(), "handling".into()],
                ..Default::default()
            },
        ),
        Role::Clerk => (
            "待分办与待送达",
            CaseFilter {
                stages: vec!["registered".into(), "issued".into()],
                ..Default::default()
            },
        ),
        Role::Legal | Role::Admin => (
            "办理中的案件",
            CaseFilter {
                stages: open_stages(),
                ..Default::default()
            },
        ),
    };
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let today = state.clock.today();
    let (items, totals) = web::block(move || {
        services.list_with_totals(
            &actor,
            CaseFilter {
                limit: PAGE_SIZE,
                offset: (page - 1) * PAGE_SIZE,
                ..filter
            },
            today,
        )
    })
    .await??;
    let cal = state.calendar();
    let rows: Vec<CaseRowView> = items.iter().map(|i| row_view(i, &cal, today)).collect();
    super::render(&Workbench {
        layout: state.layout(),
        staff,
        title,
        rows,
        total: totals.all,
        overdue: totals.due_before,
        page,
        pages: (totals.all + PAGE_SIZE - 1) / PAGE_SIZE,
    })
}

pub(crate) fn open_stages() -> Vec<String> {
    OPEN_STAGES.map(String::from).to_vec()
}
