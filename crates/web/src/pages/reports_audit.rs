//! 记录校验 (#8 audit trail): legal staff check every case's hash chain from the browser — the same
//! check as `disclosure audit verify` — and see `ok N events` or the first broken link.
use std::collections::HashMap;

use actix_session::Session;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use disclosure_core::actor::Role;

use crate::auth::Staff;
use crate::layout::Layout;
use crate::{session, AppError, AppState};

/// Who may run the check: the people who answer for the record.
const AUDITORS: &[Role] = &[Role::Legal, Role::Admin];

/// The result of a run.
struct Verdict {
    events: usize,
    /// (case id, sequence number, why) of the first broken link.
    broken: Option<(String, i32, String)>,
}

#[derive(Template)]
#[template(path = "reports_audit.html")]
struct AuditPage {
    layout: Layout,
    staff: Staff,
    verdict: Option<Verdict>,
}

#[get("/reports/audit")]
pub async fn audit_page(
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, AppError> {
    staff.require(AUDITORS)?;
    super::render(&AuditPage {
        layout: state.layout(),
        staff,
        verdict: None,
    })
}

#[post("/reports/audit")]
pub async fn audit_run(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    staff.require(AUDITORS)?;
    session::check_csrf(&s, form.get("csrf").map(String::as_str).unwrap_or(""))?;
    let store = state.services.store.clone();
    let report = web::block(move || store.verify_all_chains())
        .await?
        .map_err(disclosure_app::ServiceError::from)?;
    let verdict = Verdict {
        events: report.events_checked,
        broken: report.first_broken.map(|b| (b.case_id, b.seq, b.reason)),
    };
    super::render(&AuditPage {
        layout: state.layout(),
        staff,
        verdict: Some(verdict),
    })
}
