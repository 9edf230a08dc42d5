//! The legal staff's report pages: deadline compliance with every number linking to the cases behind
//! it and a month-by-month chart, the annual-report tables in the official layout with CSV and XLSX
//! exports, and locking a report year (legal staff only; approvers and administrators read).
use actix_session::Session;
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use chrono::{Datelike, NaiveDate};
use disclosure_app::reports::export::{
    self, official_rows, table3_columns, OfficialRow, COMPLIANCE_COLUMNS, LITIGATION_KINDS, RESULTS,
};
use disclosure_app::reports::{AnnualReport, FoldedCase, ReportError};
use disclosure_calendar::parse_iso_date;
use disclosure_core::actor::Role;
use disclosure_core::clock::date_zh;
use disclosure_core::report::compliance::{CaseMark, ComplianceReport, Figures, Handler, Period};
use serde::Deserialize;

use super::reports_chart::month_chart_svg;
use crate::auth::Staff;
use crate::layout::Layout;
use crate::views::{working_days_left, CaseRowView};
use crate::{session, AppError, AppState};

/// Who may read the reports (R-REP-1: legal staff answer for them; approvers and administrators
/// look).
const READERS: &[Role] = &[Role::Legal, Role::Approver, Role::Admin];

impl From<ReportError> for AppError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Service(s) => s.into(),
            ReportError::NotAllowed => AppError::forbidden(e.code(), e.to_string()),
            ReportError::AlreadyLocked(_) => AppError {
                status: StatusCode::CONFLICT,
                code: e.code(),
                detail: e.to_string(),
                human: None,
            },
            ReportError::ReversedPeriod { .. }
            | ReportError::BadYear(_)
            | ReportError::DepartmentTooLong(_) => AppError::bad_request(e.code(), e.to_string()),
            ReportError::Export(_) => AppError::internal(e.to_string()),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
    /// For the case lists: which group (`all`, `unassigned`, or an officer's id) and which figure.
    who: Option<String>,
    metric: Option<String>,
}

fn date_param(v: &Option<String>, default: NaiveDate) -> Result<NaiveDate, AppError> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => parse_iso_date(s).ok_or_else(|| AppError::bad_request("invalid_date", s)),
    }
}

/// The period asked for: by default from 1 January of this year to today.
fn period(q: &PeriodQuery, today: NaiveDate) -> Result<Period, AppError> {
    let jan1 = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let p = Period {
        from: date_param(&q.from, jan1)?,
        to: date_param(&q.to, today)?,
    };
    if p.to < p.from {
        return Err(ReportError::ReversedPeriod {
            from: p.from,
            to: p.to,
        }
        .into());
    }
    Ok(p)
}

async fn compute(
    state: &AppState,
    staff: &Staff,
    p: Period,
) -> Result<(ComplianceReport, Vec<FoldedCase>, String), AppError> {
    staff.require(READERS)?;
    let services = state.services.clone();
    let agency_id = staff.actor.agency_id().to_string();
    let today = state.clock.today();
    let (report, cases, agency) = web::block(move || -> Result<_, ReportError> {
        let (r, c) = services.compliance_report(&agency_id, p, today)?;
        let agency = services
            .agencies()?
            .into_iter()
            .find(|a| a.id == agency_id)
            .map(|a| a.name)
            .unwrap_or_default();
        Ok((r, c, agency))
    })
    .await??;
    Ok((report, cases, agency))
}

/// A number on the page and the case list behind it.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    href: String,
}

#[derive(Debug, Clone)]
struct GroupRow {
    name: String,
    cells: Vec<Cell>,
}

/// The list each column links to.
const COLUMN_LISTS: [&str; 14] = [
    "replied",
    "on_time",
    "late",
    "late",
    "corrections_in_time",
    "corrections_late",
    "extensions",
    "extensions_late",
    "pauses",
    "pauses",
    "overdue",
    "overdue",
    "replied",
    "replied",
];

fn who_key(h: &Handler) -> String {
    match h {
        Handler::Officer { id, .. } => id.clone(),
        Handler::Unassigned => "unassigned".into(),
    }
}

/// Every group of the table with the key its links use: the agency (`all`), then the departments
/// (`dept:NAME`, `dept:` for the group without one) each followed by its officers — or, when no
/// department is known, the officers alone.
fn groups(agency: &str, r: &ComplianceReport) -> Vec<(String, String, Figures)> {
    let mut out = vec![(
        format!("{agency}（合计）"),
        "all".to_string(),
        r.total.clone(),
    )];
    if r.departments.is_empty() {
        out.extend(
            r.by_handler
                .iter()
                .map(|(h, f)| (export::handler_label(h), who_key(h), f.clone())),
        );
        return out;
    }
    for g in r.by_department() {
        let key = format!("dept:{}", g.department.as_deref().unwrap_or_default());
        out.push((
            export::department_label(g.department.as_deref()),
            key,
            g.total,
        ));
        out.extend(
            g.officers
                .into_iter()
                .map(|(h, f)| (format!("　　{}", export::handler_label(&h)), who_key(&h), f)),
        );
    }
    out
}

fn list_href(p: Period, who: &str, metric: &str) -> String {
    format!(
        "/reports/compliance/cases?from={}&to={}&who={}&metric={metric}",
        p.from,
        p.to,
        urlencode(who)
    )
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn group_row(name: String, who: &str, f: &Figures, p: Period) -> GroupRow {
    let cells = export::compliance_numbers(f)
        .iter()
        .zip(COLUMN_LISTS)
        .map(|(n, list)| Cell {
            text: n.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
            href: list_href(p, who, list),
        })
        .collect();
    GroupRow { name, cells }
}

#[derive(Template)]
#[template(path = "reports_compliance.html")]
struct CompliancePage {
    layout: Layout,
    staff: Staff,
    agency: String,
    from: String,
    to: String,
    as_of: String,
    headings: Vec<&'static str>,
    rows: Vec<GroupRow>,
    chart: String,
    errors: Vec<(String, String)>,
    year: i32,
}

#[get("/reports/compliance")]
pub async fn compliance_page(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let p = period(&q, state.clock.today())?;
    let (report, _, agency) = compute(&state, &staff, p).await?;
    let rows = groups(&agency, &report)
        .into_iter()
        .map(|(name, who, f)| group_row(name, &who, &f, p))
        .collect();
    super::render(&CompliancePage {
        layout: state.layout(),
        agency,
        from: p.from.to_string(),
        to: p.to.to_string(),
        as_of: date_zh(report.as_of),
        headings: COMPLIANCE_COLUMNS.iter().map(|(_, l)| *l).collect(),
        rows,
        chart: month_chart_svg(&report.months),
        errors: report
            .errors
            .iter()
            .map(|(c, e)| {
                (
                    c.number.clone(),
                    disclosure_core::messages_zh::clock_error(e),
                )
            })
            .collect(),
        year: state.clock.today().year() - 1,
        staff,
    })
}

fn download(bytes: Vec<u8>, content_type: &str, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_string())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"report.{}\"; filename*=UTF-8''{}",
                filename.rsplit('.').next().unwrap_or("bin"),
                urlencode(filename)
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// CSV with a byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
fn csv_bytes(s: String) -> Vec<u8> {
    let mut v = "\u{feff}".as_bytes().to_vec();
    v.extend(s.into_bytes());
    v
}

#[get("/reports/compliance/export.csv")]
pub async fn compliance_csv(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let p = period(&q, state.clock.today())?;
    let (report, _, agency) = compute(&state, &staff, p).await?;
    Ok(download(
        csv_bytes(export::compliance_csv(&agency, &report)),
        CSV,
        &format!("期限合规-{}-{}.csv", p.from, p.to),
    ))
}

#[get("/reports/compliance/export.xlsx")]
pub async fn compliance_xlsx(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let p = period(&q, state.clock.today())?;
    let (report, _, agency) = compute(&state, &staff, p).await?;
    let bytes = export::compliance_xlsx(&agency, &report)?;
    Ok(download(
        bytes,
        XLSX,
        &format!("期限合规-{}-{}.xlsx", p.from, p.to),
    ))
}

/// The cases behind one figure of one group.
fn marks<'a>(f: &'a Figures, metric: &str) -> Option<Vec<&'a CaseMark>> {
    let v: Vec<&CaseMark> = match metric {
        "replied" => f.replied_cases(),
        "on_time" => f.on_time.iter().map(|t| &t.case).collect(),
        "late" => f.late.iter().map(|t| &t.case).collect(),
        "corrections_in_time" => f.corrections_in_time.iter().map(|t| &t.case).collect(),
        "corrections_late" => f.corrections_late.iter().map(|t| &t.case).collect(),
        "extensions" => f.extensions.iter().map(|e| &e.case).collect(),
        "extensions_late" => f.extensions_late().map(|e| &e.case).collect(),
        "pauses" => f.pauses.iter().map(|p| &p.case).collect(),
        "overdue" => f.overdue.iter().map(|o| &o.case).collect(),
        _ => return None,
    };
    Some(v)
}

fn metric_label(metric: &str) -> &'static str {
    match metric {
        "replied" => "答复件数",
        "on_time" => "按期答复",
        "late" => "逾期答复",
        "corrections_in_time" => "补正告知（7个工作日内）",
        "corrections_late" => "补正告知（超过7个工作日）",
        "extensions" => "延期",
        "extensions_late" => "延期批准晚于原期限",
        "pauses" => "中止计时",
        "overdue" => "当前超期未答复",
        _ => "",
    }
}

#[derive(Template)]
#[template(path = "reports_cases.html")]
struct CaseListPage {
    layout: Layout,
    staff: Staff,
    title: String,
    back: String,
    rows: Vec<CaseRowView>,
}

#[get("/reports/compliance/cases")]
pub async fn compliance_cases(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<PeriodQuery>,
) -> Result<HttpResponse, AppError> {
    let p = period(&q, state.clock.today())?;
    let who = q.who.clone().unwrap_or_else(|| "all".into());
    let metric = q.metric.clone().unwrap_or_else(|| "replied".into());
    let (report, cases, agency) = compute(&state, &staff, p).await?;
    let (group_name, figures) = groups(&agency, &report)
        .into_iter()
        .find(|(_, key, _)| *key == who)
        .map(|(name, _, f)| (name.trim_start_matches('　').to_string(), f))
        .ok_or_else(AppError::not_found)?;
    let figures = &figures;
    let mut wanted: Vec<&CaseMark> =
        marks(figures, &metric).ok_or_else(|| AppError::bad_request("invalid_choice", &metric))?;
    wanted.dedup();
    let calendar = state.calendar();
    let cal = &*calendar;
    let today = state.clock.today();
    let rows = wanted
        .iter()
        .filter_map(|m| cases.iter().find(|c| c.id == m.id))
        .map(|c| case_row(c, cal, today))
        .collect();
    super::render(&CaseListPage {
        layout: state.layout(),
        title: format!(
            "{group_name} · {} · {}至{}",
            metric_label(&metric),
            date_zh(p.from),
            date_zh(p.to)
        ),
        back: format!("/reports/compliance?from={}&to={}", p.from, p.to),
        rows,
        staff,
    })
}

/// A folded case as a row of the shared case table.
pub(crate) fn case_row(
    c: &FoldedCase,
    cal: &disclosure_calendar::Calendar,
    today: NaiveDate,
) -> CaseRowView {
    let due = c
        .case
        .concluded_on
        .is_none()
        .then(|| c.case.deadline(cal).and_then(Result::ok))
        .flatten()
        .and_then(|d| d.due);
    CaseRowView {
        id: c.id.clone(),
        number: c.number.clone(),
        applicant: c
            .case
            .application
            .as_ref()
            .map(|a| a.applicant.name.clone())
            .unwrap_or_default(),
        stage: c
            .case
            .stage
            .map(|s| s.label_zh().to_string())
            .unwrap_or_default(),
        received: c.case.receipt_date.map(date_zh).unwrap_or_default(),
        due: due.map(|d| date_zh(d.date)).unwrap_or_else(|| "—".into()),
        days_left: due.and_then(|d| working_days_left(cal, today, d.date)),
        provisional: due.is_some_and(|d| d.provisional),
        // The report's case lists have no row commands (no bulk assignment).
        version: 0,
    }
}

/// The annual page's view of table 三 in the official layout.
#[derive(Debug, Clone)]
struct AnnualRowView {
    section: Option<(String, usize)>,
    heading: Option<(String, usize)>,
    label: String,
    label_cols: u8,
    counts: Vec<u64>,
}

impl From<OfficialRow> for AnnualRowView {
    fn from(r: OfficialRow) -> Self {
        Self {
            section: r.section,
            heading: r.heading,
            label: r.label,
            label_cols: r.label_cols,
            counts: r.counts.to_vec(),
        }
    }
}

#[derive(Template)]
#[template(path = "reports_annual.html")]
struct AnnualPage {
    layout: Layout,
    staff: Staff,
    year: i32,
    agency: String,
    columns: Vec<&'static str>,
    rows: Vec<AnnualRowView>,
    table4: Vec<u64>,
    /// R-REV-2: the share of decided 复议 / 诉讼 that went against the agency, from table 四.
    rates: Option<disclosure_core::report::review_rates::ReviewRates>,
    rate_target: u64,
    results: Vec<&'static str>,
    litigation_kinds: Vec<&'static str>,
    breaches: Vec<String>,
    locked: Option<(String, String)>,
    mismatch: bool,
    can_lock: bool,
}

async fn annual(state: &AppState, staff: &Staff, year: i32) -> Result<AnnualReport, AppError> {
    staff.require(READERS)?;
    let services = state.services.clone();
    let agency_id = staff.actor.agency_id().to_string();
    Ok(web::block(move || services.annual_report(&agency_id, year)).await??)
}

fn annual_page(
    state: &AppState,
    staff: Staff,
    report: &AnnualReport,
) -> Result<HttpResponse, AppError> {
    let f = report.figures();
    super::render(&AnnualPage {
        layout: state.layout(),
        year: f.year,
        agency: f.agency_name.clone(),
        columns: table3_columns().to_vec(),
        rows: official_rows(&f.table3)
            .into_iter()
            .map(Into::into)
            .collect(),
        table4: f.table4.clone(),
        rates: <[u64; 15]>::try_from(f.table4.as_slice())
            .ok()
            .map(|t| disclosure_core::report::review_rates::review_rates(&t)),
        rate_target: disclosure_core::report::review_rates::TARGET_PERCENT,
        results: RESULTS.to_vec(),
        litigation_kinds: LITIGATION_KINDS.to_vec(),
        breaches: f.identity_breaches.clone(),
        locked: report.lock.as_ref().map(|l| {
            (
                l.locked_by_name.clone(),
                l.locked_at.format("%Y-%m-%d %H:%M").to_string(),
            )
        }),
        mismatch: report.mismatch(),
        can_lock: staff.role == Role::Legal && report.lock.is_none(),
        staff,
    })
}

#[get("/reports/annual/{year}")]
pub async fn annual_view(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let report = annual(&state, &staff, path.into_inner()).await?;
    annual_page(&state, staff, &report)
}

#[get("/reports/annual/{year}/table.csv")]
pub async fn annual_csv(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let year = path.into_inner();
    let report = annual(&state, &staff, year).await?;
    Ok(download(
        csv_bytes(export::annual_csv(report.figures())),
        CSV,
        &format!("{year}年度报告表三表四.csv"),
    ))
}

#[get("/reports/annual/{year}/table.xlsx")]
pub async fn annual_xlsx(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let year = path.into_inner();
    let report = annual(&state, &staff, year).await?;
    Ok(download(
        export::annual_xlsx(report.figures())?,
        XLSX,
        &format!("{year}年度报告表三表四.xlsx"),
    ))
}

#[get("/reports/annual/{year}/table.pdf")]
pub async fn annual_pdf(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let year = path.into_inner();
    let report = annual(&state, &staff, year).await?;
    let services = state.services.clone();
    let bytes = web::block(move || services.annual_pdf(report.figures())).await??;
    Ok(download(
        bytes,
        "application/pdf",
        &format!("{year}年度报告表三表四.pdf"),
    ))
}

#[derive(Debug, Deserialize)]
pub struct LockForm {
    csrf: String,
}

#[post("/reports/annual/{year}/lock")]
pub async fn annual_lock(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    path: web::Path<i32>,
    form: web::Form<LockForm>,
) -> Result<HttpResponse, AppError> {
    session::check_csrf(&s, &form.csrf)?;
    staff.require(&[Role::Legal])?;
    let year = path.into_inner();
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    web::block(move || services.lock_annual_report(&actor, year, now)).await??;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/reports/annual/{year}")))
        .finish())
}
