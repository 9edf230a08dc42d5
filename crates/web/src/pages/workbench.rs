//! 工作台 and 全部案件: each role lands on what it has to do.
use actix_web::{get, web, HttpResponse};
use askama::Template;
use disclosure_core::actor::Role;
use disclosure_store::queries::CaseFilter;

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
    let cal = state.calendar();
    let rows: Vec<CaseRowView> = items.iter().map(|i| row_view(i, &cal, today)).collect();
    let overdue = rows.iter().filter(|r| r.overdue()).count();
    super::render(&Workbench {
        layout: state.layout(),
        staff,
        title,
        rows,
        overdue,
    })
}

pub(crate) fn open_stages() -> Vec<String> {
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
