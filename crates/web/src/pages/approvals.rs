//! 审批 (approver): what waits for the approver's decision — extensions requested, replies drafted,
//! replies approved but not yet issued — each linking to the case page where the decision is taken.
use actix_web::{get, web, HttpResponse};
use askama::Template;
use disclosure_core::actor::Role;
use disclosure_store::queries::CaseFilter;

use crate::auth::Staff;
use crate::layout::Layout;
use crate::views::{row_view, CaseRowView};
use crate::{AppError, AppState};

/// One group of waiting cases.
struct Queue {
    title: &'static str,
    hint: &'static str,
    rows: Vec<CaseRowView>,
}

#[derive(Template)]
#[template(path = "approvals.html")]
struct ApprovalsPage {
    layout: Layout,
    staff: Staff,
    queues: Vec<Queue>,
}

#[get("/approvals")]
pub async fn approvals(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Approver])?;
    let filters = [
        (
            "延期审批",
            "延期须在原答复期限届满前批准（条例第三十三条第一款），最长不超过20个工作日。",
            CaseFilter {
                stages: vec!["handling".into()],
                handling_states: vec!["extension_pending".into()],
                limit: 500,
                ..Default::default()
            },
        ),
        (
            "答复审批",
            "审核答复书的事实、依据和救济途径，通过或退回修改。",
            CaseFilter {
                stages: vec!["reply_drafted".into()],
                limit: 500,
                ..Default::default()
            },
        ),
        (
            "待签发",
            "已审批的答复，签发时编定字号并生成答复书。",
            CaseFilter {
                stages: vec!["reply_approved".into()],
                limit: 500,
                ..Default::default()
            },
        ),
    ];
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let lists = web::block(move || {
        filters
            .into_iter()
            .map(|(t, h, f)| services.list(&actor, f).map(|items| (t, h, items)))
            .collect::<Result<Vec<_>, _>>()
    })
    .await??;
    let calendar = state.calendar();
    let (cal, today) = (&*calendar, state.clock.today());
    let queues = lists
        .into_iter()
        .map(|(title, hint, items)| Queue {
            title,
            hint,
            rows: items.iter().map(|i| row_view(i, cal, today)).collect(),
        })
        .collect();
    super::render(&ApprovalsPage {
        layout: state.layout(),
        staff,
        queues,
    })
}
