//! The letters of a case as PDF, built from its events and its agency: the 登记回执 and the
//! 答复书. The typed letter values refuse to exist without every formal element (R-LET-1).
use chrono::NaiveDate;
use disclosure_calendar::Calendar;
use disclosure_core::case::{Case, Reply};
use disclosure_core::receipt::{ReceiptBasis, ReceiptFacts};
use disclosure_core::values::CaseNumber;
use disclosure_letters::documents::{
    ReceiptContent, ReceiptDraft, ReplyLetterContent, ReplyLetterDraft,
};
use disclosure_letters::{render, Fonts};
use disclosure_store::model::Agency;

use crate::Services;

/// Why a letter could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum LetterFailure {
    #[error("letter fonts are not installed: {0}")]
    NoFonts(String),
    #[error("the case has no {0} yet")]
    NotYet(&'static str),
    #[error("a formal element is missing: {0}")]
    Element(String),
    #[error("rendering failed: {0}")]
    Render(String),
}

impl LetterFailure {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoFonts(_) => "letter_fonts_missing",
            Self::NotYet(_) => "letter_not_available",
            Self::Element(_) => "letter_element_missing",
            Self::Render(_) => "internal_error",
        }
    }

    /// Whether the case (not the installation) is why there is no letter.
    pub fn is_client_error(&self) -> bool {
        matches!(self, Self::NotYet(_) | Self::Element(_))
    }
}

/// The stored kind key of each document the services keep.
pub mod kind {
    pub const RECEIPT: &str = "receipt";
    pub const REPLY: &str = "reply";
}

/// The sentence that says how the receipt date was fixed (条例第三十一条).
pub fn receipt_basis_zh(facts: &ReceiptFacts) -> &'static str {
    match facts.receipt().map(|r| r.basis) {
        Ok(ReceiptBasis::HandedIn) => "您当面提交申请，以提交之日为收到申请之日。",
        Ok(ReceiptBasis::SignedFor) => "您以邮寄方式提交申请，以本机关签收之日为收到申请之日。",
        Ok(ReceiptBasis::ConfirmedWithApplicant) => {
            "您以平常信函方式提交申请，以本机关与您确认之日为收到申请之日。"
        }
        Ok(ReceiptBasis::ConfirmedByBothSides(_)) | Err(_) => {
            "您通过互联网、电子邮件或传真提交申请，以双方确认之日为收到申请之日。"
        }
    }
}

/// What every letter of a case is built from; gathered by the services, inside or outside a
/// transaction, so rendering itself touches no database.
pub struct LetterInputs<'a> {
    pub fonts: &'a Fonts,
    pub calendar: &'a Calendar,
    pub agency: &'a Agency,
    pub number: CaseNumber,
    pub tracking_code: &'a str,
    /// The day the registration was recorded (the receipt's date).
    pub registered_on: NaiveDate,
}

impl std::fmt::Debug for LetterInputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterInputs")
            .field("agency", &self.agency.id)
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl Services {
    /// The loaded fonts, or why there are none.
    pub(crate) fn letter_fonts(&self) -> Result<&Fonts, LetterFailure> {
        self.fonts
            .as_deref()
            .ok_or_else(|| LetterFailure::NoFonts(self.fonts_problem.clone().unwrap_or_default()))
    }
}

/// The 登记回执 of a case. Built from the registration alone (the first event), so a reprint shows
/// the due date the applicant was first given, whatever happened to the case since.
pub fn receipt_pdf(
    inputs: &LetterInputs<'_>,
    registration: &Case,
) -> Result<Vec<u8>, LetterFailure> {
    let (fonts, agency) = (inputs.fonts, inputs.agency);
    let case = registration;
    let app = case
        .application
        .as_ref()
        .ok_or(LetterFailure::NotYet("application"))?;
    let received = case
        .receipt_date
        .ok_or(LetterFailure::NotYet("receipt date"))?;
    let due = case
        .deadline(inputs.calendar)
        .and_then(Result::ok)
        .and_then(|d| d.due)
        .ok_or(LetterFailure::NotYet("due date"))?;
    let content = ReceiptContent::new(ReceiptDraft {
        agency: agency.name.clone(),
        case_number: inputs.number.to_string(),
        applicant_name: app.applicant.name.clone(),
        received_on: received,
        receipt_basis: receipt_basis_zh(&app.receipt).to_string(),
        due_on: due.date,
        tracking_code: inputs.tracking_code.to_string(),
        enquiry: format!(
            "请凭登记编号和查询码在本机关政府信息公开申请平台查询办理进度，咨询电话：{}。",
            agency.contact
        ),
        issued_on: inputs.registered_on,
    })
    .map_err(|e| LetterFailure::Element(e.to_string()))?;
    render(&content.to_letter(), fonts).map_err(|e| LetterFailure::Render(e.to_string()))
}

/// The decision paragraph: the answer, what is provided, what is withheld and why, the competent
/// agency, the form of provision.
fn decision_text(reply: &Reply) -> String {
    let mut parts = vec![reply.decision.trim().to_string()];
    if !reply.disclosed_items.is_empty() {
        parts.push(format!(
            "予以公开的信息：{}。",
            reply.disclosed_items.join("；")
        ));
    }
    for w in &reply.withheld_items {
        parts.push(format!("{}不予公开，理由：{}", w.item, w.reason));
    }
    if let Some(a) = &reply.competent_agency {
        parts.push(format!(
            "该信息由{}负责公开，联系方式：{}。",
            a.name, a.contact
        ));
    }
    if let Some(p) = reply.provision {
        parts.push(format!("提供方式：{}。", p.label_zh()));
    }
    parts.join("\n")
}

/// The 答复书 of an issued reply, with its 字号 and date; rendered once, when it is issued.
pub fn reply_pdf(inputs: &LetterInputs<'_>, case: &Case) -> Result<Vec<u8>, LetterFailure> {
    let (fonts, agency) = (inputs.fonts, inputs.agency);
    let (doc_number, issued_on) = case
        .issued
        .clone()
        .ok_or(LetterFailure::NotYet("issued reply"))?;
    let reply = case.reply.as_ref().ok_or(LetterFailure::NotYet("reply"))?;
    let app = case
        .application
        .as_ref()
        .ok_or(LetterFailure::NotYet("application"))?;
    let content = ReplyLetterContent::new(ReplyLetterDraft {
        title: format!("{}政府信息公开申请答复书", agency.name),
        doc_number: doc_number.to_string(),
        applicant_name: app.applicant.name.clone(),
        received_on: case
            .receipt_date
            .ok_or(LetterFailure::NotYet("receipt date"))?,
        request: app.description.clone(),
        facts: reply.facts.clone(),
        legal_basis: reply.outcome.citation().cite_zh.to_string(),
        decision: decision_text(reply),
        review_body: agency.review_body.clone(),
        court: agency.court.clone(),
        agency: agency.name.clone(),
        reply_date: issued_on,
        attachments: vec![],
        contact: Some(format!("联系电话：{}", agency.contact)),
    })
    .map_err(|e| LetterFailure::Element(e.to_string()))?;
    render(&content.to_letter(), fonts).map_err(|e| LetterFailure::Render(e.to_string()))
}
