use chrono::NaiveDate;

use super::Stage;
use crate::actor::Role;
use crate::clock::ClockError;
use crate::receipt::ReceiptError;

/// Why a command was refused. Nothing changes on a refusal; each variant names its rule and has a
/// stable `code()` for the API and the Chinese message catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("R-FLOW-2: {command} may not be given by {who}", who = role_name(*.role))]
    RoleNotAllowed {
        command: &'static str,
        /// `None`: the online portal.
        role: Option<Role>,
    },
    #[error("R-FLOW-2 (条例第三十一条第（三）项): the online portal registers only applications made online")]
    PortalOnlineOnly,
    #[error("the case belongs to another agency")]
    OtherAgency,
    #[error("R-FLOW-1: {command} is not possible while the case is {stage:?}")]
    WrongStage {
        command: &'static str,
        stage: Option<Stage>,
    },
    #[error("R-APP-2 (条例第三十一条): {0}")]
    Receipt(#[from] ReceiptError),
    #[error("{what} ({date}) cannot be later than today ({today})")]
    DateInFuture {
        what: Field,
        date: NaiveDate,
        today: NaiveDate,
    },
    #[error("{what} ({date}) cannot be earlier than {earlier_what} ({earlier})")]
    DateTooEarly {
        what: Field,
        date: NaiveDate,
        earlier_what: Field,
        earlier: NaiveDate,
    },
    #[error("R-COR-1 (条例第三十条): the 补正 notice is given once and completely; it was already given")]
    CorrectionAlreadyRequested,
    #[error("R-COR-1 (条例第三十条): say exactly what is to be supplemented")]
    CorrectionItemsRequired,
    #[error("R-COR-1 (条例第三十条): the applicant's deadline {reply_by} must be after today")]
    CorrectionDeadlineInvalid { reply_by: NaiveDate },
    #[error("R-COR-3 (条例第三十条): the applicant has until {reply_by} to supplement")]
    CorrectionWindowOpen { reply_by: NaiveDate },
    #[error("R-COR-4: 补正后申请内容仍不明确 needs a correction that was received")]
    CorrectionRequiredFirst,
    #[error(
        "R-DEC-1: concluding that the information does not exist needs a search record (检索记录)"
    )]
    SearchRecordRequired,
    #[error("R-DEC-1: the search record needs places, method, keywords and result")]
    SearchRecordIncomplete,
    #[error("R-DEC-1: the search record's evidence {0} is not an attachment of this case")]
    SearchEvidenceUnknown(String),
    #[error("R-REV-1: this review, filed on {filed_on}, is already recorded; record its decision instead")]
    ReviewAlreadyRecorded { filed_on: NaiveDate },
    #[error("no consultation {0} on this case")]
    ConsultationNotFound(u32),
    #[error("consultation {0} is already closed")]
    ConsultationClosed(u32),
    #[error("R-TIME-6: the consulted party has until {window_ends} to answer")]
    ConsultationWindowOpen { window_ends: NaiveDate },
    #[error("R-TIME-5: a consultation is still open; wait for its answer or its lapse")]
    ConsultationOpen,
    #[error("R-TIME-6 (条例第三十二条): disclosing over a third party's objection needs the public-interest reason and a written notice to the third party")]
    ObjectionNeedsPublicInterest,
    #[error("R-FEE-1: the fee for this application is zero; no fee notice is issued")]
    FeeIsZero,
    #[error("R-FEE-4: a per-page fee applies only to paper, e-mail or copied electronic data, not to reading on site")]
    PerPageFeeNotApplicable,
    #[error("R-FEE-2: the case already has a fee notice")]
    FeeAlreadyNoticed,
    #[error("no fee is pending on this case")]
    NoFeePending,
    #[error("R-TIME-9: a fee notice must go out within the reply period (due {due})")]
    FeeNoticeAfterDueDate { due: NaiveDate },
    #[error("R-TIME-9: the applicant has until {pay_by} to pay")]
    FeeWindowOpen { pay_by: NaiveDate },
    #[error("R-TIME-9: a fee is still pending")]
    FeePending,
    #[error("R-TIME-4 (条例第三十三条): only one extension per case")]
    ExtensionAlreadyUsed,
    #[error("R-TIME-4: an extension request is already waiting for approval")]
    ExtensionPending,
    #[error("R-TIME-4 (条例第三十三条): an extension is 1 to 20 working days, not {days}")]
    ExtensionTooLong { days: u32 },
    #[error("R-TIME-4: give the reason for the extension")]
    ExtensionReasonRequired,
    #[error("R-TIME-4 (条例第三十三条): the extension must be decided before the due date {due}")]
    ExtensionAfterDueDate { due: NaiveDate },
    #[error("no extension request is waiting")]
    NoExtensionPending,
    #[error("R-LET-1: the 字号 year {doc_year} is not the year of the reply date {issued_on}")]
    DocNumberYearMismatch { doc_year: i32, issued_on: NaiveDate },
    #[error("R-LET-1: the reply lacks {0}")]
    ReplyIncomplete(Field),
    #[error("条例第三十七条: every withheld part needs its reason")]
    WithheldReasonRequired,
    #[error("Dismiss needs one of the five 不予处理 grounds with its facts and answer")]
    DismissIncomplete,
    #[error("the delivery record lacks {0}")]
    DeliveryIncomplete(Field),
    #[error("a reason is required")]
    ReasonRequired,
    #[error("R-APP-1: an attachment needs a name, content and its SHA-256, once")]
    AttachmentInvalid,
    #[error("R-REV-1: the case has no review number {0}")]
    NoSuchReview(u32),
    #[error("R-REV-1: review number {0} is already decided")]
    ReviewAlreadyDecided(u32),
    #[error("R-REV-1: a decision needs its result (维持, 纠正 or 其他)")]
    ReviewResultRequired,
    #[error("the deadline cannot be computed: {0}")]
    Clock(#[from] ClockError),
}

impl DomainError {
    /// What the clerk reads, in Chinese, from the catalogue ([`crate::messages_zh`]).
    pub fn message_zh(&self) -> String {
        crate::messages_zh::domain_error(self)
    }

    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::RoleNotAllowed { .. } => "role_not_allowed",
            Self::PortalOnlineOnly => "portal_online_only",
            Self::OtherAgency => "case_not_found",
            Self::WrongStage { .. } => "wrong_stage",
            Self::Receipt(_) => "receipt_dates_inconsistent",
            Self::DateInFuture { .. } => "date_in_future",
            Self::DateTooEarly { .. } => "date_too_early",
            Self::CorrectionAlreadyRequested => "correction_already_requested",
            Self::CorrectionItemsRequired => "correction_items_required",
            Self::CorrectionDeadlineInvalid { .. } => "correction_deadline_invalid",
            Self::CorrectionWindowOpen { .. } => "correction_window_open",
            Self::CorrectionRequiredFirst => "correction_required_first",
            Self::SearchRecordRequired => "search_record_required",
            Self::SearchRecordIncomplete => "search_record_incomplete",
            Self::SearchEvidenceUnknown(_) => "search_evidence_unknown",
            Self::ReviewAlreadyRecorded { .. } => "review_already_recorded",
            Self::ConsultationNotFound(_) => "consultation_not_found",
            Self::ConsultationClosed(_) => "consultation_closed",
            Self::ConsultationWindowOpen { .. } => "consultation_window_open",
            Self::ConsultationOpen => "consultation_open",
            Self::ObjectionNeedsPublicInterest => "objection_needs_public_interest",
            Self::FeeIsZero => "fee_is_zero",
            Self::PerPageFeeNotApplicable => "per_page_fee_not_applicable",
            Self::FeeAlreadyNoticed => "fee_already_noticed",
            Self::NoFeePending => "no_fee_pending",
            Self::FeeNoticeAfterDueDate { .. } => "fee_notice_after_due_date",
            Self::FeeWindowOpen { .. } => "fee_window_open",
            Self::FeePending => "fee_pending",
            Self::ExtensionAlreadyUsed => "extension_already_used",
            Self::ExtensionPending => "extension_pending",
            Self::ExtensionTooLong { .. } => "extension_too_long",
            Self::ExtensionReasonRequired => "extension_reason_required",
            Self::ExtensionAfterDueDate { .. } => "extension_after_due_date",
            Self::NoExtensionPending => "no_extension_pending",
            Self::DocNumberYearMismatch { .. } => "doc_number_year_mismatch",
            Self::ReplyIncomplete(_) => "reply_incomplete",
            Self::WithheldReasonRequired => "withheld_reason_required",
            Self::DismissIncomplete => "dismiss_incomplete",
            Self::DeliveryIncomplete(_) => "delivery_incomplete",
            Self::ReasonRequired => "reason_required",
            Self::AttachmentInvalid => "attachment_invalid",
            Self::NoSuchReview(_) => "no_such_review",
            Self::ReviewAlreadyDecided(_) => "review_already_decided",
            Self::ReviewResultRequired => "review_result_required",
            Self::Clock(e) => e.code(),
        }
    }
}

/// A field of a command that a refusal points at, so a form can highlight it. Its Chinese label
/// is in [`crate::messages_zh::field_label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ReceiptDate,
    CorrectionReceivedDate,
    CorrectionNoticeDate,
    SearchDate,
    ConsultationSentDate,
    ClockStart,
    ConsultationAnswerDate,
    PaymentDate,
    FeeNoticeDate,
    DeliveryDate,
    ReplyDate,
    WithdrawalDate,
    ReviewFiledDate,
    ReviewDecidedDate,
    ReplyFacts,
    ReplyDecision,
    Provision,
    DisclosedItems,
    ImpossibleDeliveryReason,
}

impl Field {
    /// A stable snake_case name for APIs and the English message.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ReceiptDate => "receipt_date",
            Self::CorrectionReceivedDate => "correction_received_date",
            Self::CorrectionNoticeDate => "correction_notice_date",
            Self::SearchDate => "search_date",
            Self::ConsultationSentDate => "consultation_sent_date",
            Self::ClockStart => "clock_start",
            Self::ConsultationAnswerDate => "consultation_answer_date",
            Self::PaymentDate => "payment_date",
            Self::FeeNoticeDate => "fee_notice_date",
            Self::DeliveryDate => "delivery_date",
            Self::ReplyDate => "reply_date",
            Self::WithdrawalDate => "withdrawal_date",
            Self::ReviewFiledDate => "review_filed_date",
            Self::ReviewDecidedDate => "review_decided_date",
            Self::ReplyFacts => "reply_facts",
            Self::ReplyDecision => "reply_decision",
            Self::Provision => "provision",
            Self::DisclosedItems => "disclosed_items",
            Self::ImpossibleDeliveryReason => "impossible_delivery_reason",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A role for the English error message.
fn role_name(role: Option<Role>) -> String {
    role.map_or_else(|| "the online portal".to_string(), |r| format!("{r:?}"))
}
