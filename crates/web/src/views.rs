//! What the templates show, computed from the services' values: dates in Chinese, working days left,
//! personal data masked.
use chrono::NaiveDate;
use disclosure_calendar::Calendar;
use disclosure_core::applicant::IdDocument;
use disclosure_core::case::Stage;
use disclosure_core::clock::date_zh;
use disclosure_store::model::CaseRow;
use disclosure_store::queries::CaseListItem;

use crate::messages_zh::event_label;

/// One row of a case list.
#[derive(Debug, Clone)]
pub struct CaseRowView {
    pub id: String,
    pub number: String,
    pub applicant: String,
    pub stage: String,
    pub received: String,
    pub due: String,
    /// Working days left (negative: overdue), when the clock runs.
    pub days_left: Option<i64>,
    pub provisional: bool,
    /// The version a command on this row must name (bulk assignment).
    pub version: i32,
}

impl CaseRowView {
    pub fn overdue(&self) -> bool {
        self.days_left.is_some_and(|d| d < 0)
    }
}

/// The stage label of its stored text.
pub fn stage_label(stage: &str) -> String {
    serde_json::from_value::<Stage>(serde_json::Value::String(stage.to_string()))
        .map(|s| s.label_zh().to_string())
        .unwrap_or_else(|_| stage.to_string())
}

/// Working days from `today` to `due`: positive while due in the future, 0 on the day, negative after.
pub fn working_days_left(cal: &Calendar, today: NaiveDate, due: NaiveDate) -> Option<i64> {
    if due >= today {
        cal.working_days_between(today, due)
            .ok()
            .map(|c| i64::from(c.days))
    } else {
        cal.working_days_between(due, today)
            .ok()
            .map(|c| -i64::from(c.days))
    }
}

pub fn row_view(item: &CaseListItem, cal: &Calendar, today: NaiveDate) -> CaseRowView {
    let c: &CaseRow = &item.case;
    CaseRowView {
        id: c.id.clone(),
        number: format!("{}-{:04}", c.number_year, c.number_seq),
        applicant: item.applicant_name.clone().unwrap_or_default(),
        stage: stage_label(&c.stage),
        received: date_zh(c.receipt_date),
        due: c.due_date.map(date_zh).unwrap_or_else(|| "—".into()),
        days_left: c.due_date.and_then(|d| working_days_left(cal, today, d)),
        provisional: c.provisional,
        version: c.version,
    }
}

/// An ID document as shown to staff: a resident ID masked, other documents as typed.
pub fn id_document_masked(d: &Option<IdDocument>) -> String {
    match d {
        None => "（未提供）".into(),
        Some(IdDocument::ResidentId(id)) => format!("居民身份证 {}", id.masked()),
        Some(IdDocument::Other { kind, number }) => format!("{kind} {number}"),
    }
}

/// One line of a case's timeline.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub seq: i32,
    pub when: String,
    pub who: String,
    pub what: &'static str,
    /// What changed, for events whose label alone does not say it (e.g. a recomputed deadline).
    pub detail: String,
    /// #8 audit trail: the event's hash links to the one before it and its content is unchanged.
    /// From the first broken link on, no event is marked verified.
    pub verified: bool,
}

/// The timeline, each event marked with whether the hash chain verifies up to it.
pub fn timeline(events: &[disclosure_store::model::StoredEvent]) -> Vec<TimelineEntry> {
    let report = disclosure_store::verify_events(events);
    let broken_at = report.first_broken.map(|b| b.seq);
    events
        .iter()
        .map(|e| TimelineEntry {
            verified: broken_at.is_none_or(|b| e.seq < b),
            seq: e.seq,
            when: e.recorded_at.format("%Y-%m-%d %H:%M").to_string(),
            who: e.actor_name.clone(),
            what: event_label(&e.kind),
            detail: crate::messages_zh::event_detail(&e.kind, &e.payload),
        })
        .collect()
}

/// The stages a list can filter by, with their Chinese names.
pub const STAGES: &[(&str, &str)] = &[
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
];

/// The applicant types of the annual report's columns (国办公开办函〔2021〕30号).
/// What the file inputs accept, in the clerk's words.
pub fn upload_hint(limits: disclosure_app::attachments::UploadLimits) -> String {
    format!(
        "可上传PDF、JPEG、PNG或TIFF文件，每个不超过{}MB，最多{}个。",
        limits.max_file_bytes / (1024 * 1024),
        limits.max_files
    )
}

/// The channels an application arrives by, for filters (the core's one table).
pub const CHANNELS: &[(&str, &str)] = &disclosure_core::receipt::CHANNELS;

/// The outcome kinds of table 三 (办理结果), by the `kind` tag of `Outcome`, for filters.
pub const OUTCOME_KINDS: &[(&str, &str)] = &[
    ("disclosed", "予以公开"),
    ("partially_disclosed", "部分公开"),
    ("withheld", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
];

pub const APPLICANT_KINDS: &[(&str, &str)] = &[
    ("natural_person", "自然人"),
    ("business", "法人或其他组织：商业企业"),
    ("research", "法人或其他组织：科研机构"),
    ("public_interest", "法人或其他组织：社会公益组织"),
    ("legal_service", "法人或其他组织：法律服务机构"),
    ("other_organisation", "法人或其他组织：其他"),
];
