use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Application, Attachment, DeliveryMethod, MissingElement, Reply};
use crate::fee::FeeBasis;
use crate::outcome::Outcome;
use crate::values::DocNumber;

/// The search an officer made before concluding (检索记录, R-DEC-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRecord {
    /// Where: archives, systems, departments searched.
    pub places: String,
    /// How: manual, full-text system, asking the department…
    pub method: String,
    pub keywords: String,
    pub result: String,
    pub searched_by: String,
    pub searched_on: NaiveDate,
    /// Ids of the case's attachments kept as evidence of the search (screenshots of the systems
    /// searched, the archive's reply): what shows a court the search was done (R-DEC-1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// Who is consulted (条例 §32 third party, §33/§34 another agency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    ThirdParty,
    Agency,
}

/// What a consulted party answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", content = "reason", rename_all = "snake_case")]
pub enum ConsultationAnswer {
    Agrees,
    Objects(String),
}

/// How a document reached the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub method: DeliveryMethod,
    pub delivered_on: NaiveDate,
    pub tracking_number: Option<String>,
    /// A signed 送达回证 is on file.
    pub signed_receipt: bool,
    /// Set when delivery proved impossible; the reason is recorded instead.
    pub impossible_reason: Option<String>,
}

/// Which remedy the applicant used (年报格式 table 四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// 行政复议
    Reconsideration,
    /// 行政诉讼, 未经复议直接起诉
    LitigationDirect,
    /// 行政诉讼, 复议后起诉
    LitigationAfterReconsideration,
}

/// The result of a review (R-REV-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewResult {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
}

/// A 行政复议 or 行政诉讼 about the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub kind: ReviewKind,
    pub filed_on: NaiveDate,
    pub result: ReviewResult,
    pub decided_on: Option<NaiveDate>,
}

/// The reply a ledger records for a case handled on paper before the system (答复日期, 答复类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedReply {
    pub replied_on: NaiveDate,
    pub outcome: Outcome,
}

/// Everything that can happen to a case. Dates are the dates of the facts (which may precede the day
/// they are recorded); who recorded them and when is kept by the store beside each event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Registered {
        application: Application,
        receipt_date: NaiveDate,
        /// Art. 29 elements missing at registration (grounds for 补正).
        missing: Vec<MissingElement>,
    },
    Assigned {
        officer_id: String,
        officer_name: String,
    },
    CorrectionRequested {
        requested_on: NaiveDate,
        items: Vec<String>,
        /// The applicant's deadline to supplement.
        reply_by: NaiveDate,
        /// R-COR-1: sent after the 7-working-day limit (a compliance breach, recorded).
        late: bool,
    },
    CorrectionReceived {
        received_on: NaiveDate,
    },
    CorrectionLapsed {
        on: NaiveDate,
    },
    Accepted,
    SearchRecorded {
        search: SearchRecord,
    },
    ConsultationStarted {
        consultation_id: u32,
        party: String,
        party_kind: PartyKind,
        sent_on: NaiveDate,
        window_ends: NaiveDate,
    },
    ConsultationAnswered {
        consultation_id: u32,
        answered_on: NaiveDate,
        answer: ConsultationAnswer,
    },
    ConsultationLapsed {
        consultation_id: u32,
        on: NaiveDate,
    },
    FeeNoticed {
        basis: FeeBasis,
        amount_yuan: u64,
        noticed_on: NaiveDate,
        pay_by: NaiveDate,
    },
    FeePaid {
        paid_on: NaiveDate,
    },
    FeeLapsed {
        on: NaiveDate,
    },
    FeeWaived {
        waived_on: NaiveDate,
        reason: String,
    },
    ExtensionRequested {
        days: u32,
        reason: String,
    },
    ExtensionApproved {
        approved_on: NaiveDate,
        approver_name: String,
    },
    ExtensionRejected {
        reason: String,
    },
    ReplyDrafted {
        reply: Reply,
    },
    ReplyReturned {
        reason: String,
    },
    ReplyApproved {
        approver_name: String,
    },
    ReplyIssued {
        doc_number: DocNumber,
        issued_on: NaiveDate,
    },
    Delivered {
        delivery: Delivery,
    },
    Archived {
        on: NaiveDate,
    },
    Withdrawn {
        on: NaiveDate,
    },
    ReviewRecorded {
        review: Review,
    },
    /// A file kept with the case (R-APP-1, R-FLOW-1).
    AttachmentAdded {
        attachment: Attachment,
    },
    /// The case was taken over from the office's earlier ledger (依申请公开台账), right after its
    /// `Registered` event: what the ledger says about its handling, marked as imported rather than
    /// decided in the system. With a reply, the case is concluded and archived (its paper file is),
    /// and counts in the annual report like any other (R-REP-1).
    Imported {
        /// Where the record came from, e.g. `台账2025.xlsx 第7行`.
        source: String,
        /// 承办人 as written in the ledger (not a user of the system).
        handler: Option<String>,
        /// 备注
        note: Option<String>,
        reply: Option<ImportedReply>,
    },
    /// A year's official holiday notice was loaded (or corrected) while the case was open, and its
    /// clock changed (R-TIME-10): the due date moved, or stopped being provisional, or both. Recorded
    /// so the applicant's deadline never changes without a trace in the record. The fold ignores it:
    /// the deadline is always computed from the facts and the calendar.
    CalendarUpdated {
        year: i32,
        previous_due: Option<NaiveDate>,
        new_due: Option<NaiveDate>,
        /// Whether the new due date still depends on a year without official data.
        provisional: bool,
    },
    /// A recorded 行政复议/行政诉讼 was decided (R-REV-1): the same review, not a new one, so the
    /// annual report's table 四 counts it once (尚未审结 before, its result after).
    ReviewDecided {
        /// Index of the review in the order the reviews were recorded (0-based).
        review_id: u32,
        result: ReviewResult,
        decided_on: NaiveDate,
    },
}

impl Event {
    /// The stable `kind` string the store keeps beside the JSON payload.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Registered { .. } => "registered",
            Self::Assigned { .. } => "assigned",
            Self::CorrectionRequested { .. } => "correction_requested",
            Self::CorrectionReceived { .. } => "correction_received",
            Self::CorrectionLapsed { .. } => "correction_lapsed",
            Self::Accepted => "accepted",
            Self::SearchRecorded { .. } => "search_recorded",
            Self::ConsultationStarted { .. } => "consultation_started",
            Self::ConsultationAnswered { .. } => "consultation_answered",
            Self::ConsultationLapsed { .. } => "consultation_lapsed",
            Self::FeeNoticed { .. } => "fee_noticed",
            Self::FeePaid { .. } => "fee_paid",
            Self::FeeLapsed { .. } => "fee_lapsed",
            Self::FeeWaived { .. } => "fee_waived",
            Self::ExtensionRequested { .. } => "extension_requested",
            Self::ExtensionApproved { .. } => "extension_approved",
            Self::ExtensionRejected { .. } => "extension_rejected",
            Self::ReplyDrafted { .. } => "reply_drafted",
            Self::ReplyReturned { .. } => "reply_returned",
            Self::ReplyApproved { .. } => "reply_approved",
            Self::ReplyIssued { .. } => "reply_issued",
            Self::Delivered { .. } => "delivered",
            Self::Archived { .. } => "archived",
            Self::Withdrawn { .. } => "withdrawn",
            Self::ReviewRecorded { .. } => "review_recorded",
            Self::AttachmentAdded { .. } => "attachment_added",
            Self::Imported { .. } => "imported",
            Self::CalendarUpdated { .. } => "calendar_updated",
            Self::ReviewDecided { .. } => "review_decided",
        }
    }
}
