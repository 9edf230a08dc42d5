//! Rows going in and out of the store.
use chrono::{NaiveDate, NaiveDateTime};

/// An event to append: its kind, JSON payload, who recorded it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: String,
    pub payload: serde_json::Value,
    pub actor_id: String,
    pub actor_name: String,
    pub recorded_at: NaiveDateTime,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub case_id: String,
    pub seq: i32,
    pub kind: String,
    pub payload: String,
    pub actor_id: String,
    pub actor_name: String,
    pub recorded_at: NaiveDateTime,
    pub prev_hash: String,
    pub hash: String,
}

/// The projection columns of `cases`, recomputed from the events on every append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    pub stage: String,
    pub receipt_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub provisional: bool,
    pub assignee_id: Option<String>,
    pub outcome: Option<String>,
    /// While in 办理, its sub-state (the serde name of `HandlingState`).
    pub handling_state: Option<String>,
    /// The channel code it came by (`disclosure_core::receipt::CHANNELS`).
    pub channel: Option<String>,
    /// What the application asks for, for searching lists.
    pub request_text: Option<String>,
    /// What the annual report reads of the case beyond `receipt_date` and `outcome`
    /// (`report_facts`, written with the projection).
    pub report: ReportFacts,
}

/// The annual report's facts of a case that the `cases` row does not hold, recomputed from the
/// events on every append like the rest of the projection, so the report never folds events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFacts {
    /// The serde name of the applicant's `ApplicantKind` (the column of table 三).
    pub applicant_kind: Option<String>,
    /// The day the case concluded (with `Projection::outcome`, the row of table 三).
    pub concluded_on: Option<NaiveDate>,
    /// The serde JSON of the case's reviews and lawsuits (table 四); `None` when there are none.
    pub reviews: Option<String>,
}

/// The applicant row written at registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplicant {
    pub kind: String,
    pub name: String,
    pub id_doc_type: Option<String>,
    pub id_doc_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// What registration returns: the new case's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredCase {
    pub case_id: String,
    pub number_year: i32,
    pub number_seq: i32,
    pub tracking_code: String,
}

/// A case's projection row.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct CaseRow {
    pub id: String,
    pub agency_id: String,
    pub number_year: i32,
    pub number_seq: i32,
    pub applicant_id: Option<String>,
    pub tracking_code: String,
    pub stage: String,
    pub receipt_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub provisional: bool,
    pub assignee_id: Option<String>,
    pub outcome: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// While in 办理: `working`, `consulting`, `awaiting_fee` or `extension_pending`.
    pub handling_state: Option<String>,
}

/// An agency and the names its remedy notices carry (R-LET-2).
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct Agency {
    pub id: String,
    pub name: String,
    /// 字号 prefix, e.g. `X府信公开`.
    pub doc_prefix: String,
    pub address: String,
    pub contact: String,
    /// 复议机关
    pub review_body: String,
    /// 法院
    pub court: String,
    pub created_at: NaiveDateTime,
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq, diesel::Queryable)]
pub struct User {
    pub id: String,
    pub agency_id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}
