//! Typed documents: each is built from a value whose constructor refuses a document that lacks a
//! formal element, and turns into a [`Letter`](crate::Letter) for layout and rendering.
//!
//! To add a document: a `*Draft` struct with public fields (what the caller fills in), a
//! `*Content` type with private fields built by `new(draft) -> Result<_, DocumentError>`, its
//! Chinese sentences in [`crate::templates`], and `to_letter()`.

use std::fmt;

use chrono::NaiveDate;

use crate::templates::elements;

mod receipt;
mod reply;

pub use receipt::{ReceiptContent, ReceiptDraft};
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
