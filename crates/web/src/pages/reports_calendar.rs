//! 节假日安排: the official calendar as loaded, by year, and the open cases whose deadline is still
//! provisional because it runs into a year whose State Council notice is not loaded (R-TIME-10) —
//! what legal staff and administrators check each November when next year's notice comes out.
use actix_web::{get, web, HttpResponse};
use askama::Template;
use chrono::{Datelike, NaiveDate};
use disclosure_app::reports::ReportError;
use disclosure_calendar::DayNoteKind;
use disclosure_core::actor::Role;
use disclosure_core::clock::date_zh;
use serde::Deserialize;

use super::reports::case_row;
use crate::auth::Staff;
use crate::layout::Layout;
use crate::views::CaseRowView;
use crate::{AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// One special day of the year.
#[derive(Debug, Clone)]
struct DayView {
    date: String,
    weekday: &'static str,
    kind: &'static str,
    name: String,
}

#[derive(Template)]
#[template(path = "reports_calendar.html")]
struct CalendarPage {
    layout: Layout,
    staff: Staff,
    years: Vec<i32>,
    year: i32,
    loaded: bool,
    working_days: u32,
    days: Vec<DayView>,
    provisional: Vec<CaseRowView>,
    next_missing: Option<i32>,
}

fn weekday_zh(d: NaiveDate) -> &'static str {
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][d.weekday().num_days_from_monday() as usize]
}

#[get("/admin/calendar")]
pub async fn calendar_page(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Legal, Role::Admin])?;
    let cal = state.calendar();
    let today = state.clock.today();
    let years = cal.loaded_years();
    let year = q.year.unwrap_or(today.year());
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(ReportError::BadYear(year).into());
    };
    let before = first.pred_opt().unwrap_or(first);
    let counted = cal
        .working_days_between(before, last)
        .map_err(|_| AppError::from(ReportError::BadYear(year)))?;
    let days = cal
        .notes_between(before, last)
        .map_err(|_| AppError::from(ReportError::BadYear(year)))?
        .into_iter()
        .map(|n| DayView {
            date: date_zh(n.date),
            weekday: weekday_zh(n.date),
            kind: match n.kind {
                DayNoteKind::Holiday => "放假",
                DayNoteKind::MakeUpWorkday => "调休上班",
                DayNoteKind::ProvisionalHoliday => "法定假日（暂定）",
            },
            name: n.name,
        })
        .collect();
    let services = state.services.clone();
    let agency_id = staff.actor.agency_id().to_string();
    let cases = web::block(move || services.folded_cases(&agency_id)).await??;
    let provisional = cases
        .iter()
        .filter(|c| c.case.concluded_on.is_none())
        .filter(|c| {
            c.case
                .deadline(cal)
                .and_then(Result::ok)
                .is_some_and(|d| d.provisional)
        })
        .map(|c| case_row(c, cal, today))
        .collect();
    let next_missing = (!cal.is_year_loaded(today.year() + 1)).then_some(today.year() + 1);
    super::render(&CalendarPage {
        layout: state.layout(),
        loaded: cal.is_year_loaded(year),
        years,
        year,
        working_days: counted.days,
        days,
        provisional,
        next_missing,
        staff,
    })
}
