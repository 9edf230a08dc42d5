//! What the JSON API returns: flat, documented shapes built from the services' values, with
//! personal data masked as on the pages (the API serves the same staff).
use disclosure_app::LoadedCase;
use disclosure_calendar::Calendar;
use disclosure_core::actor::Role;
use disclosure_core::case::available_commands;
use disclosure_store::documents::DocumentMeta;
use disclosure_store::queries::CaseListItem;
use serde::Serialize;
use utoipa::ToSchema;

use crate::messages_zh::event_label;
use crate::views::{id_document_masked, stage_label, working_days_left};

/// One line of a case list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    /// The registration number, e.g. `2026-0012`.
    pub number: String,
    /// The stage key (`registered`, `handling`, …).
    pub stage: String,
    /// The stage in Chinese, as the pages show it.
    pub stage_label: String,
    pub applicant_name: Option<String>,
    /// The day the agency received the application (条例第三十一条).
    pub receipt_date: String,
    /// The statutory due date while the case runs.
    pub due_date: Option<String>,
    /// Working days left to the due date (negative: overdue).
    pub working_days_left: Option<i64>,
    /// Whether the due date rests on a calendar year not yet announced.
    pub provisional: bool,
    pub assignee_id: Option<String>,
    pub outcome: Option<String>,
    /// The version to send back with a command (optimistic concurrency).
    pub version: i32,
}

impl CaseSummary {
    pub fn from_item(item: &CaseListItem, cal: &Calendar, today: chrono::NaiveDate) -> Self {
        let c = &item.case;
        Self {
            id: c.id.clone(),
            number: format!("{}-{:04}", c.number_year, c.number_seq),
            stage: c.stage.clone(),
            stage_label: stage_label(&c.stage),
            applicant_name: item.applicant_name.clone(),
            receipt_date: c.receipt_date.to_string(),
            due_date: c.due_date.map(|d| d.to_string()),
            working_days_left: c.due_date.and_then(|d| working_days_left(cal, today, d)),
            provisional: c.provisional,
            assignee_id: c.assignee_id.clone(),
            outcome: c.outcome.clone(),
            version: c.version,
        }
    }
}

/// A case list page.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
    pub page: i64,
    pub per_page: i64,
}

/// The applicant, masked as on the case page.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantView {
    pub name: String,
    /// `natural_person` / `legal_person_or_other` sub-types as recorded.
    pub kind: String,
    pub id_document: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One entry of the case record (the audit log); payloads stay on the pages and in exports.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub seq: i32,
    pub kind: String,
    pub label: String,
    pub actor_name: String,
    pub recorded_at: String,
}

/// A kept document (download at `href`).
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub issued_on: String,
    pub sha256: String,
    pub size: i64,
    pub href: String,
}

impl From<DocumentMeta> for DocumentView {
    fn from(d: DocumentMeta) -> Self {
        Self {
            href: format!("/api/v1/cases/{}/documents/{}", d.case_id, d.id),
            id: d.id,
            kind: d.kind,
            title: d.title,
            doc_number: d.doc_number,
            issued_on: d.issued_on.to_string(),
            sha256: d.sha256,
            size: d.size,
        }
    }
}

/// A case in full: summary, applicant, request, deadline with its explanation, what the caller
/// may do now, the record and the documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub tracking_code: String,
    pub applicant: Option<ApplicantView>,
    pub description: Option<String>,
    /// The deadline's day-by-day explanation in Chinese.
    pub explanation: Vec<String>,
    /// The commands the caller's role may give now (`POST …/actions/{name}`).
    pub available_actions: Vec<String>,
    pub events: Vec<EventView>,
    pub documents: Vec<DocumentView>,
    /// Files received with the case, in the order received.
    pub attachments: Vec<AttachmentView>,
    /// How the case ended (结案方式), once it has.
    pub conclusion: Option<String>,
}

/// A file kept with a case (download at `href`).
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub href: String,
}

impl CaseDetail {
    pub fn build(
        loaded: &LoadedCase,
        applicant_name: Option<String>,
        documents: Vec<DocumentMeta>,
        role: Role,
        cal: &Calendar,
        today: chrono::NaiveDate,
    ) -> Self {
        let item = CaseListItem {
            case: loaded.row.clone(),
            applicant_name,
        };
        let case = &loaded.case;
        let app = case.application.as_ref();
        Self {
            summary: CaseSummary::from_item(&item, cal, today),
            tracking_code: loaded.row.tracking_code.clone(),
            applicant: app.map(|a| {
                let p = &a.applicant;
                ApplicantView {
                    name: p.name.clone(),
                    kind: serde_json::to_value(p.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    id_document: id_document_masked(&p.id_document),
                    phone: p.phone.as_ref().map(|x| x.masked()),
                    email: p.email.clone(),
                }
            }),
            description: app.map(|a| a.description.clone()),
            explanation: case
                .deadline(cal)
                .and_then(Result::ok)
                .map(|d| d.explain_zh())
                .unwrap_or_default(),
            available_actions: available_commands(case, role)
                .into_iter()
                .map(str::to_string)
                .collect(),
            events: loaded
                .events
                .iter()
                .map(|e| EventView {
                    seq: e.seq,
                    kind: e.kind.clone(),
                    label: event_label(&e.kind).to_string(),
                    actor_name: e.actor_name.clone(),
                    recorded_at: e.recorded_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                })
                .collect(),
            documents: documents.into_iter().map(DocumentView::from).collect(),
            attachments: case
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    href: format!("/api/v1/cases/{}/attachments/{}", loaded.row.id, a.id),
                    id: a.id.clone(),
                    file_name: a.file_name.clone(),
                    content_type: a.content_type.clone(),
                    size: a.size,
                    sha256: a.sha256.clone(),
                })
                .collect(),
            conclusion: case.conclusion().map(|c| c.label_zh().to_string()),
        }
    }
}

/// The error envelope of every API failure.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// A stable machine code, its Chinese message, and a technical detail.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    pub detail: String,
}
