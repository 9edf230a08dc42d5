//! Typed documents: each is built from a value whose constructor refuses a document that lacks a
//! formal element, and turns into a [`Letter`](crate::Letter) for layout and rendering.
//!
//! To add a document: a `*Draft` struct with public fields (what the caller fills in), a
//! `*Content` type with private fields built by `new(draft) -> Result<_, DocumentError>`, its
//! Chinese sentences in [`crate::templates`], and `to_letter()`.

use std::fmt;

use chrono::NaiveDate;

use crate::templates::elements;

mod agency;
mod case_file;
mod consultation;
mod correction;
mod deferral;
mod delivery;
mod extension;
mod fee;
mod outcome_reply;
mod receipt;
mod registration;
mod reply;

pub use agency::IssuingAgency;
pub use case_file::{
    index_entries, index_letter, render_case_file, CaseFile, CaseFileError, FiledDocument,
    IndexEntry,
};
pub use consultation::{
    ConsultationLetter, ConsultationLetterDraft, ConsultationNotice, ConsultationNoticeDraft,
};
pub use correction::{CorrectionNotice, CorrectionNoticeDraft};
pub use deferral::{DeferralNotice, DeferralNoticeDraft};
pub use delivery::{DeliveryReceipt, DeliveryReceiptDraft};
pub use extension::{ExtensionNotice, ExtensionNoticeDraft};
pub use fee::{FeeNotice, FeeNoticeDraft};
pub use outcome_reply::{ReplyLetter, ReplyLetterFacts};
pub use receipt::{ReceiptContent, ReceiptDraft};
pub use registration::{RegistrationForm, RegistrationFormDraft};
pub use reply::{ReplyLetterContent, ReplyLetterDraft};

/// A formal element of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    /// 标题
    Title,
    /// 字号
    DocNumber,
    /// 申请人名称
    ApplicantName,
    /// 申请内容
    Request,
    /// 事实依据
    Facts,
    /// 法律依据
    LegalBasis,
    /// 答复内容
    Decision,
    /// 行政复议机关 (R-LET-2)
    ReviewBody,
    /// 人民法院 (R-LET-2)
    Court,
    /// 机关名称 (under the seal)
    Agency,
    /// 案件编号
    CaseNumber,
    /// 收到申请日期的确定方式
    ReceiptBasis,
    /// 查询码
    TrackingCode,
    /// 进度查询方式
    Enquiry,
    /// 收到申请的日期
    ReceiptDate,
    /// 答复日期 / 成文日期
    Date,
    /// 提供方式 (条例 §40)
    Provision,
    /// 予以公开的信息 (条例 §37)
    DisclosedItems,
    /// 不予公开的信息及理由 (条例 §37)
    WithheldItems,
    /// 检索记录 (R-DEC-1)
    SearchRecord,
    /// 负责公开的机关名称及联系方式 (条例 §36(5))
    CompetentAgency,
    /// 补正事项 (R-COR-1)
    CorrectionItems,
    /// 补正的提交方式
    HowToSubmit,
    /// 延期理由 (R-TIME-4)
    ExtensionReason,
    /// 延迟答复的理由 (R-TIME-8)
    DeferralReason,
    /// 被征求意见方 (R-TIME-6, R-TIME-7)
    ConsultedParty,
    /// 征求意见的理由
    ConsultationReason,
    /// 提出意见的方式
    HowToAnswer,
    /// 缴费方式 (R-FEE-5)
    HowToPay,
    /// 信息处理费金额 (R-FEE-5)
    FeeAmount,
    /// 受送达人
    Recipient,
    /// 送达文书
    ServedDocument,
    /// 送达方式
    DeliveryMethod,
    /// 送达地址
    Address,
    /// 卷内文件
    FiledDocuments,
}

impl Element {
    /// The element's Chinese name, as staff know it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Element::Title => elements::TITLE,
            Element::DocNumber => elements::DOC_NUMBER,
            Element::ApplicantName => elements::APPLICANT_NAME,
            Element::Request => elements::REQUEST,
            Element::Facts => elements::FACTS,
            Element::LegalBasis => elements::LEGAL_BASIS,
            Element::Decision => elements::DECISION,
            Element::ReviewBody => elements::REVIEW_BODY,
            Element::Court => elements::COURT,
            Element::Agency => elements::AGENCY,
            Element::CaseNumber => elements::CASE_NUMBER,
            Element::ReceiptBasis => elements::RECEIPT_BASIS,
            Element::TrackingCode => elements::TRACKING_CODE,
            Element::Enquiry => elements::ENQUIRY,
            Element::ReceiptDate => elements::RECEIPT_DATE,
            Element::Date => elements::DATE,
            Element::Provision => elements::PROVISION,
            Element::DisclosedItems => elements::DISCLOSED_ITEMS,
            Element::WithheldItems => elements::WITHHELD_ITEMS,
            Element::SearchRecord => elements::SEARCH_RECORD,
            Element::CompetentAgency => elements::COMPETENT_AGENCY,
            Element::CorrectionItems => elements::CORRECTION_ITEMS,
            Element::HowToSubmit => elements::HOW_TO_SUBMIT,
            Element::ExtensionReason => elements::EXTENSION_REASON,
            Element::DeferralReason => elements::DEFERRAL_REASON,
            Element::ConsultedParty => elements::CONSULTED_PARTY,
            Element::ConsultationReason => elements::CONSULTATION_REASON,
            Element::HowToAnswer => elements::HOW_TO_ANSWER,
            Element::HowToPay => elements::HOW_TO_PAY,
            Element::FeeAmount => elements::FEE_AMOUNT,
            Element::Recipient => elements::RECIPIENT,
            Element::ServedDocument => elements::SERVED_DOCUMENT,
            Element::DeliveryMethod => elements::DELIVERY_METHOD,
            Element::Address => elements::ADDRESS,
            Element::FiledDocuments => elements::FILED_DOCUMENTS,
        }
    }
}

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({self:?})", self.name_zh())
    }
}

/// Why a document could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// A formal element is empty.
    #[error("the document lacks the formal element {element}")]
    Missing {
        /// The element.
        element: Element,
    },
    /// The 字号 is not of the form `机关代字〔2026〕12号`.
    #[error("the 字号 {value:?} is not of the form 机关代字〔年份〕序号号 (year in 〔〕, U+3014/U+3015)")]
    InvalidDocNumber {
        /// What was given.
        value: String,
    },
    /// The fee stated is not what the tariff gives for the basis (R-FEE-3, R-FEE-4).
    #[error("the fee of {stated} yuan is not the {computed} yuan the tariff gives")]
    FeeMismatch {
        /// The amount given.
        stated: u64,
        /// The amount of the tariff.
        computed: u64,
    },
    /// The consultation window is shorter than 15 working days can be (R-TIME-6, R-TIME-7).
    #[error("the answer date {answer_by} leaves less than 15 working days after {sent_on}")]
    WindowTooShort {
        /// When the letter goes out.
        sent_on: NaiveDate,
        /// The answer date given.
        answer_by: NaiveDate,
    },
    /// Two dates are in the wrong order.
    #[error("the {later_name} ({later}) is before the {earlier_name} ({earlier})")]
    DatesOutOfOrder {
        /// The date that should come first.
        earlier_name: &'static str,
        /// Its value.
        earlier: NaiveDate,
        /// The date that should come later.
        later_name: &'static str,
        /// Its value.
        later: NaiveDate,
    },
}

/// The trimmed text, or the error naming the element when it is empty.
fn required(value: &str, element: Element) -> Result<String, DocumentError> {
    let v = value.trim();
    if v.is_empty() {
        Err(DocumentError::Missing { element })
    } else {
        Ok(v.to_owned())
    }
}

/// Checks the shape of a 字号: a non-empty prefix, a four-digit year in 〔〕, a sequence number,
/// `号`.
fn doc_number(value: &str) -> Result<String, DocumentError> {
    let v = required(value, Element::DocNumber)?;
    let invalid = || DocumentError::InvalidDocNumber { value: v.clone() };
    let (prefix, rest) = v.split_once('〔').ok_or_else(invalid)?;
    let (year, rest) = rest.split_once('〕').ok_or_else(invalid)?;
    let seq = rest.strip_suffix('号').ok_or_else(invalid)?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if prefix.trim().is_empty()
        || year.len() != 4
        || !digits(year)
        || !digits(seq)
        || seq.starts_with('0')
    {
        return Err(invalid());
    }
    Ok(v)
}

/// The date, or the error naming the element when it is missing.
fn required_date(value: Option<NaiveDate>, element: Element) -> Result<NaiveDate, DocumentError> {
    value.ok_or(DocumentError::Missing { element })
}

/// The non-empty entries, trimmed, or the error naming the element when none is left.
fn required_list(values: &[String], element: Element) -> Result<Vec<String>, DocumentError> {
    let list: Vec<String> = values
        .iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if list.is_empty() {
        Err(DocumentError::Missing { element })
    } else {
        Ok(list)
    }
}

/// Splits officer-written text into paragraphs, one per non-empty line.
fn paragraphs(text: &str) -> impl Iterator<Item = crate::Paragraph> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(crate::Paragraph::indented)
}

fn in_order(
    earlier_name: &'static str,
    earlier: NaiveDate,
    later_name: &'static str,
    later: NaiveDate,
) -> Result<(), DocumentError> {
    if later < earlier {
        Err(DocumentError::DatesOutOfOrder {
            earlier_name,
            earlier,
            later_name,
            later,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_numbers_need_the_year_in_tortoise_shell_brackets() {
        assert!(doc_number("X府信公开〔2026〕12号").is_ok());
        for bad in [
            "X府信公开[2026]12号",
            "X府信公开【2026】12号",
            "X府信公开〔26〕12号",
            "〔2026〕12号",
            "X府〔2026〕号",
            "X府〔2026〕012号",
            "X府〔2026〕12",
        ] {
            assert!(
                matches!(doc_number(bad), Err(DocumentError::InvalidDocNumber { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            doc_number("  "),
            Err(DocumentError::Missing {
                element: Element::DocNumber
            })
        );
    }

    #[test]
    fn the_missing_element_is_named_in_chinese() {
        let e = DocumentError::Missing {
            element: Element::LegalBasis,
        };
        assert!(e.to_string().contains("法律依据"), "{e}");
    }
}
