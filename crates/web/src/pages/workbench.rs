//! 工作台 and 全部案件: each role lands on what it has to do.
use actix_web::{get, web, HttpResponse};
use askama::Template;
use disclosure_core::actor::Role;
use disclosure_store::queries::CaseFilter;
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
    overdue: usize,
}

#[get("/workbench")]
pub async fn workbench(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, AppError> {
    let (title, filter) = match staff.role {
        Role::Officer => (
            "我的案件",
            CaseFilter {
                assignee_id: match &staff.actor {
                    disclosure_core::actor::Actor::Staff { user_id, .. } => Some(user_id.clone()),
                    disclosure_core::actor::Actor::Portal { .. } => None,
                },
                stages: open_stages(),
                limit: 200,
                ..Default::default()
            },
        ),
        Role::Approver => (
            "待审批",
            CaseFilter {
                stages: vec!["reply_drafted".into(), "handling".into()],
                limit: 200,
                ..Default::default()
            },
        ),
        Role::Clerk => (
            "待分办与待送达",
            CaseFilter {
                stages: vec!["registered".into(), "issued".into()],
                limit: 200,
                ..Default::default()
            },
        ),
        Role::Legal | Role::Admin => (
            "办理中的案件",
            CaseFilter {
                stages: open_stages(),
                limit: 200,
                ..Default::default()
            },
        ),
    };
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let items = web::block(move || services.list(&actor, filter)).await??;
    let today = state.clock.today();
    let rows: Vec<CaseRowView> = items
        .iter()
        .map(|i| row_view(i, state.calendar(), today))
        .collect();
    let overdue = rows.iter().filter(|r| r.overdue()).count();
    super::render(&Workbench {
        layout: state.layout(),
        staff,
        title,
        rows,
        overdue,
    })
}

fn open_stages() -> Vec<String> {
    [
        "registered",
        "under_review",
        "awaiting_correction",
        "handling",
        "reply_drafted",
        "reply_approved",
    ]
    .map(String::from)
    .to_vec()
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    stage: Option<String>,
    q: Option<String>,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CaseList {
    layout: Layout,
    staff: Staff,
    rows: Vec<CaseRowView>,
    stage: String,
    q: String,
    page: i64,
    more: bool,
    stages: Vec<(&'static str, &'static str)>,
}

const PAGE_SIZE: i64 = 50;

#[get("/cases")]
pub async fn cases(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let stage = query.stage.clone().unwrap_or_default();
    let q = query.q.clone().unwrap_or_default();
    let page = query.page.unwrap_or(1).max(1);
    let filter = CaseFilter {
        stages: if stage.is_empty() {
            vec![]
        } else {
            vec![stage.clone()]
        },
        search: Some(q.clone()),
        limit: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
        ..Default::default()
    };
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let items = web::block(move || services.list(&actor, filter)).await??;
    let today = state.clock.today();
    let more = items.len() as i64 > PAGE_SIZE;
    let rows = items
        .iter()
        .take(PAGE_SIZE as usize)
        .map(|i| row_view(i, state.calendar(), today))
        .collect();
    super::render(&CaseList {
        layout: state.layout(),
        staff,
        rows,
        stage,
        q,
        page,
        more,
        stages: vec![
            ("registered", "已登记"),
            ("under_review", "审核中"),
            ("awaiting_correction", "待补正"),
            ("handling", "办理中"),
            ("reply_drafted", "答复待审批"),
            ("reply_approved", "答复已审批"),
            ("issued", "已答复"),
            ("delivered", "已送达"),
            ("archived", "已归档"),
            ("withdrawn", "已撤回"),
            ("abandoned", "视为放弃"),
        ],
    })
}
