//! Server-rendered pages, one file per page.
pub mod admin_reasons;
pub mod admin_staff_email;
pub mod approvals;
pub mod calculator;
pub mod case_attachments;
pub mod case_detail;
pub mod case_file;
pub mod case_letters;
pub mod case_list;
mod case_mails;
pub mod case_new;
pub mod home;
pub mod login;
pub mod not_found;
pub mod portal;
pub mod reports;
pub mod reports_audit;
pub mod reports_calendar;
mod reports_chart;
pub mod workbench;

use actix_web::HttpResponse;
use askama::Template;

use crate::AppError;

/// Renders a template as an HTML response.
pub fn render(t: &impl Template) -> Result<HttpResponse, AppError> {
    let html = t.render().map_err(|e| AppError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}
