//! 节假日安排: the official calendar as loaded, by year, and the open cases whose deadline is still
//! provisional because it runs into a year whose State Council notice is not loaded (R-TIME-10) —
//! what legal staff and administrators check each November when next year's notice comes out.
use actix_session::Session;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use chrono::{Datelike, NaiveDate};
use disclosure_app::reports::calendar::{CalendarImportError, YearNotice};
use disclosure_app::reports::ReportError;
use disclosure_calendar::DayNoteKind;
use disclosure_core::actor::Role;
use disclosure_core::clock::date_zh;
use serde::Deserialize;

use super::reports::case_row;
use crate::auth::Staff;
use crate::layout::Layout;
use crate::views::CaseRowView;
use crate::{messages_zh, session, AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
    /// Set by the redirect after an import: `2027-5` (year, cases recomputed) or `2027-same`.
    imported: Option<String>,
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
    /// Earlier imports, newest first: (year, seq, who, when, cases recomputed).
    imports: Vec<(i32, i32, String, String, i32)>,
    /// What the last import did, after its redirect (`?imported=…`).
    notice: Option<String>,
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
    let (cases, history) = web::block(move || -> Result<_, ReportError> {
        Ok((
            services.folded_cases(&agency_id)?,
            services.calendar_imports()?,
        ))
    })
    .await??;
    let cal = &*cal;
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
        imports: history
            .into_iter()
            .map(|i| {
                (
                    i.year,
                    i.seq,
                    i.imported_by_name,
                    i.imported_at.format("%Y-%m-%d %H:%M").to_string(),
                    i.cases_updated,
                )
            })
            .collect(),
        notice: q
            .imported
            .as_deref()
            .and_then(messages_zh::calendar_imported),
        staff,
    })
}

#[derive(Debug, Deserialize)]
pub struct ImportForm {
    csrf: String,
    /// The notice's lines, pasted or read from the chosen file.
    csv: String,
}

/// Imports a year's notice (R-TIME-10): administrators and legal staff; CSRF-checked; a refused
/// file changes nothing and says which line is wrong.
#[post("/admin/calendar/import")]
pub async fn calendar_import(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    form: web::Form<ImportForm>,
) -> Result<HttpResponse, AppError> {
    session::check_csrf(&s, &form.csrf)?;
    staff.require(&[Role::Legal, Role::Admin])?;
    let notice = YearNotice::parse(&form.csv).map_err(|e| import_error(&e))?;
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let outcome = web::block(move || services.import_calendar_year(&actor, &notice, now)).await??;
    let done = if outcome.unchanged {
        format!("{}-same", outcome.year)
    } else {
        format!("{}-{}", outcome.year, outcome.updated.len())
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("/admin/calendar?year={}&imported={done}", outcome.year),
        ))
        .finish())
}

fn import_error(e: &CalendarImportError) -> AppError {
    AppError::bad_request(e.code(), e.to_string()).with_human(messages_zh::calendar_import_error(e))
}
