use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Application, Attachment, ConsultationAnswer, Delivery, PartyKind, Reply, Review, ReviewResult,
    SearchRecord,
};
use crate::fee::FeeBasis;
use crate::outcome::NotProcessedGround;
use crate::reasons::ClauseRef;
use crate::values::DocNumber;

/// What a person (or the portal) asks the system to do with a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Clerk or portal (R-APP-1, R-APP-2).
    Register {
        application: Application,
    },
    /// Approver or clerk.
    Assign {
        officer_id: String,
        officer_name: String,
    },
    /// Officer: once and completely (一次性告知, R-COR-1).
    RequestCorrection {
        items: Vec<String>,
        reply_by: NaiveDate,
    },
    /// Officer or clerk: the corrected application arrived (R-COR-2).
    ReceiveCorrection {
        received_on: NaiveDate,
    },
    /// Officer: the applicant's window passed without a correction (R-COR-3).
    CorrectionLapsed,
    /// Officer.
    Accept,
    /// Officer: 不予处理 on one of its five grounds; drafts the notice for approval.
    Dismiss {
        ground: NotProcessedGround,
        facts: String,
        decision: String,
    },
    /// Officer (R-DEC-1).
    RecordSearch {
        search: SearchRecord,
    },
    /// Officer (R-TIME-5, R-TIME-6, R-TIME-7).
    StartConsultation {
        party: String,
        party_kind: PartyKind,
        sent_on: NaiveDate,
    },
    ReceiveConsultationAnswer {
        consultation_id: u32,
        answered_on: NaiveDate,
        answer: ConsultationAnswer,
    },
    ConsultationLapsed {
        consultation_id: u32,
    },
    /// Officer (R-FEE-*, R-TIME-9).
    IssueFeeNotice {
        basis: FeeBasis,
    },
    FeePaid {
        paid_on: NaiveDate,
    },
    FeeLapsed,
    /// Approver.
    WaiveFee {
        reason: String,
    },
    /// Officer (R-TIME-4).
    RequestExtension {
        days: u32,
        reason: String,
    },
    /// Approver (R-TIME-4).
    ApproveExtension,
    RejectExtension {
        reason: String,
    },
    /// Officer.
    DraftReply {
        reply: Reply,
    },
    /// Approver: send the draft back with a reason.
    ReturnReply {
        reason: String,
    },
    /// Approver.
    ApproveReply,
    /// Approver or officer; the 字号 comes from the store's gapless sequence, the clause is the
    /// reasons library's version in force for the reply's outcome (R-LET-1).
    IssueReply {
        doc_number: DocNumber,
        clause: ClauseRef,
    },
    /// Clerk or officer.
    RecordDelivery {
        delivery: Delivery,
    },
    /// Clerk, officer or legal.
    Archive,
    /// Clerk or officer, on the applicant's written withdrawal.
    Withdraw {
        on: NaiveDate,
    },
    /// Approver (R-TIME-8, 条例 §35): requests clearly beyond a reasonable range, for reasons found
    /// reasonable, that cannot be answered within §33 — a later reply date, told to the applicant.
    DeferReply {
        until: NaiveDate,
        reason: String,
    },
    /// Legal (R-REV-1).
    RecordReview {
        review: Review,
    },
    /// Clerk or officer; the portal only while registering (R-APP-1, R-FLOW-1).
    AddAttachment {
        attachment: Attachment,
    },
    /// Legal (R-REV-1): the decision of a review recorded earlier as 尚未审结, by its index in the
    /// case's reviews (0-based, in the order they were recorded).
    DecideReview {
        review_id: u32,
        result: ReviewResult,
        decided_on: NaiveDate,
    },
}

impl Command {
    /// A stable name for errors and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Register { .. } => "register",
            Self::Assign { .. } => "assign",
            Self::RequestCorrection { .. } => "request_correction",
            Self::ReceiveCorrection { .. } => "receive_correction",
            Self::CorrectionLapsed => "correction_lapsed",
            Self::Accept => "accept",
            Self::Dismiss { .. } => "dismiss",
            Self::RecordSearch { .. } => "record_search",
            Self::StartConsultation { .. } => "start_consultation",
            Self::ReceiveConsultationAnswer { .. } => "receive_consultation_answer",
            Self::ConsultationLapsed { .. } => "consultation_lapsed",
            Self::IssueFeeNotice { .. } => "issue_fee_notice",
            Self::FeePaid { .. } => "fee_paid",
            Self::FeeLapsed => "fee_lapsed",
            Self::WaiveFee { .. } => "waive_fee",
            Self::RequestExtension { .. } => "request_extension",
            Self::ApproveExtension => "approve_extension",
            Self::RejectExtension { .. } => "reject_extension",
            Self::DraftReply { .. } => "draft_reply",
            Self::ReturnReply { .. } => "return_reply",
            Self::ApproveReply => "approve_reply",
            Self::IssueReply { .. } => "issue_reply",
            Self::RecordDelivery { .. } => "record_delivery",
            Self::Archive => "archive",
            Self::Withdraw { .. } => "withdraw",
            Self::RecordReview { .. } => "record_review",
            Self::AddAttachment { .. } => "add_attachment",
            Self::DeferReply { .. } => "defer_reply",
            Self::DecideReview { .. } => "decide_review",
        }
    }
}
