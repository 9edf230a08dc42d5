//! `GET /api/v1/deadline`: the deadline calculator as JSON.
use actix_web::{get, web, HttpResponse};
use disclosure_core::clock::{compute_deadline, ClockStatus};
use serde_json::json;

use crate::forms::deadline_query::DeadlineQuery;
use crate::{ApiError, AppError, AppState};

/// The reply deadline from a case's dated facts (the 期限计算器), with its explanation in Chinese.
#[utoipa::path(
    get, path = "/api/v1/deadline", tag = "calendar", params(DeadlineQuery),
    responses(
        (status = 200, description = "the deadline", body = Object),
        (status = 400, body = super::dto::ErrorEnvelope),
    )
)]
#[get("/deadline")]
pub async fn deadline(
    state: web::Data<AppState>,
    query: web::Query<DeadlineQuery>,
) -> Result<HttpResponse, ApiError> {
    let facts = query.to_facts()?;
    let d = compute_deadline(&facts, &state.calendar()).map_err(|e| AppError::clock(&e))?;
    let status = match d.status {
        ClockStatus::Running => "running",
        ClockStatus::AwaitingCorrection => "awaiting_correction",
        ClockStatus::Paused { .. } => "paused",
    };
    let remaining = match d.status {
        ClockStatus::Paused { remaining, .. } => Some(remaining),
        _ => None,
    };
    Ok(HttpResponse::Ok().json(json!({
        "status": status,
        "due": d.due.map(|x| x.date.to_string()),
        "original_due": d.original_due.map(|x| x.date.to_string()),
        "provisional": d.provisional,
        "remaining_working_days": remaining,
        "correction_notice_due": d.correction_notice_due.to_string(),
        "correction_notice_late": d.correction_notice_late,
        "extension_approved_late": d.extension_approved_late,
        "pause_window_ends": d.pause_window_ends.map(|x| x.to_string()),
        "explanation": d.explain_zh(),
    })))
}
