//! 期限计算器: the reply deadline from dated facts, with the day-by-day explanation.
use actix_web::{get, web, HttpResponse};
use askama::Template;
use disclosure_core::clock::{compute_deadline, date_zh, ClockStatus, Deadline};

use crate::forms::deadline_query::DeadlineQuery;
use crate::layout::Layout;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "calculator.html")]
struct CalculatorPage {
    layout: Layout,
    q: DeadlineQuery,
    result: Option<ResultView>,
    error: Option<String>,
}

struct ResultView {
    due_zh: Option<String>,
    status_zh: &'static str,
    provisional: bool,
    lines: Vec<String>,
}

impl ResultView {
    fn from(d: &Deadline) -> Self {
        Self {
            due_zh: d.due.map(|x| date_zh(x.date)),
            status_zh: match d.status {
                ClockStatus::Running => "计算中",
                ClockStatus::AwaitingCorrection => "等待补正",
                ClockStatus::Paused { .. } => "中止计算",
            },
            provisional: d.provisional,
            lines: d.explain_zh(),
        }
    }
}

#[get("/tools/deadline")]
pub async fn calculator(
    state: web::Data<AppState>,
    query: web::Query<DeadlineQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let outcome = if q.is_empty() {
        None
    } else {
        Some(q.to_facts().and_then(|facts| {
            compute_deadline(&facts, &state.calendar()).map_err(|e| AppError::clock(&e))
        }))
    };
    let (result, error, failed) = match outcome {
        None => (None, None, false),
        Some(Ok(d)) => (Some(ResultView::from(&d)), None, false),
        Some(Err(e)) => (None, Some(e.message()), true),
    };
    let mut resp = super::render(&CalculatorPage {
        layout: state.layout(),
        q,
        result,
        error,
    })?;
    if failed {
        *resp.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
    }
    Ok(resp)
}
