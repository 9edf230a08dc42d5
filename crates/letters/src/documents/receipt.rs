//! The registration receipt (登记回执 / 接收回执): case number, receipt date and how it was fixed,
//! due date, tracking code, how to ask about progress.

use chrono::NaiveDate;

use super::{in_order, required, DocumentError, Element};
use crate::{
    layout::{Letter, Paragraph, Signature},
    templates::receipt,
};

/// What the caller fills in; every field is required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptDraft {
    /// The agency's full name (title and signature).
    pub agency: String,
    /// The case number (登记编号).
    pub case_number: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The date the application counts as received (R-APP / Art. 31).
    pub received_on: NaiveDate,
    /// How the receipt date was fixed, one sentence, e.g.
    /// `您通过互联网渠道提交申请，以双方确认之日为收到申请之日。`
    pub receipt_basis: String,
    /// The due date of the reply.
    pub due_on: NaiveDate,
    /// The tracking code (查询码).
    pub tracking_code: String,
    /// How to ask about progress, e.g. `查询网址：https://…，咨询电话：0000-1234567。`
    pub enquiry: String,
    /// The date of the receipt (usually the registration date).
    pub issued_on: NaiveDate,
}

/// A receipt with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptContent {
    agency: String,
    case_number: String,
    applicant_name: String,
    received_on: NaiveDate,
    receipt_basis: String,
    due_on: NaiveDate,
    tracking_code: String,
    enquiry: String,
    issued_on: NaiveDate,
}

impl ReceiptContent {
    /// Checks that every element is present and that the due date is not before receipt.
    pub fn new(draft: ReceiptDraft) -> Result<Self, DocumentError> {
        let content = Self {
            agency: required(&draft.agency, Element::Agency)?,
            case_number: required(&draft.case_number, Element::CaseNumber)?,
            applicant_name: required(&draft.applicant_name, Element::ApplicantName)?,
            received_on: draft.received_on,
            receipt_basis: required(&draft.receipt_basis, Element::ReceiptBasis)?,
            due_on: draft.due_on,
            tracking_code: required(&draft.tracking_code, Element::TrackingCode)?,
            enquiry: required(&draft.enquiry, Element::Enquiry)?,
            issued_on: draft.issued_on,
        };
        in_order(
            "收到申请的日期",
            content.received_on,
            "答复期限",
            content.due_on,
        )?;
        Ok(content)
    }

    /// The letter.
    pub fn to_letter(&self) -> Letter {
        Letter {
            title: receipt::title(&self.agency),
            doc_number: None,
            addressee: Some(self.applicant_name.clone()),
            body: vec![
                Paragraph::indented(receipt::received(
                    self.received_on,
                    &self.case_number,
                    &self.receipt_basis,
                )),
                Paragraph::indented(receipt::due(self.due_on)),
                Paragraph::indented(receipt::enquiry(&self.tracking_code, &self.enquiry)),
                Paragraph::indented(receipt::CLOSING),
            ],
            attachments: Vec::new(),
            signature: Some(Signature {
                agency: self.agency.clone(),
                date: self.issued_on,
            }),
            contact: None,
            table: None,
            draft: false,
            seal: crate::Seal::HandStamp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ReceiptDraft {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        ReceiptDraft {
            agency: "某市自然资源局".into(),
            case_number: "2026-0012".into(),
            applicant_name: "张三".into(),
            received_on: d(3, 2),
            receipt_basis: "您当面提交申请，以提交之日为收到申请之日。".into(),
            due_on: d(3, 30),
            tracking_code: "K7Q2-9XPM".into(),
            enquiry: "查询网址：https://example.gov.cn/ysqgk，咨询电话：0000-1234567。".into(),
            issued_on: d(3, 2),
        }
    }

    #[test]
    fn every_element_is_required() {
        type Blank = fn(&mut ReceiptDraft);
        let cases: [(Blank, Element); 6] = [
            (|d| d.agency.clear(), Element::Agency),
            (|d| d.case_number.clear(), Element::CaseNumber),
            (|d| d.applicant_name.clear(), Element::ApplicantName),
            (|d| d.receipt_basis.clear(), Element::ReceiptBasis),
            (|d| d.tracking_code.clear(), Element::TrackingCode),
            (|d| d.enquiry.clear(), Element::Enquiry),
        ];
        for (blank, element) in cases {
            let mut d = draft();
            blank(&mut d);
            assert_eq!(
                ReceiptContent::new(d),
                Err(DocumentError::Missing { element })
            );
        }
    }

    #[test]
    fn the_receipt_says_what_it_must() {
        let letter = ReceiptContent::new(draft()).unwrap().to_letter();
        let body: String = letter.body.iter().map(|p| p.text.as_str()).collect();
        for needle in [
            "2026年3月2日",
            "2026-0012",
            "以提交之日为收到申请之日",
            "最迟于2026年3月30日作出答复",
            "K7Q2-9XPM",
            "咨询电话",
        ] {
            assert!(body.contains(needle), "{needle} not in {body}");
        }
        assert!(letter.title.contains("登记回执"));
    }

    #[test]
    fn the_due_date_cannot_precede_receipt() {
        let mut d = draft();
        d.due_on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert!(matches!(
            ReceiptContent::new(d),
            Err(DocumentError::DatesOutOfOrder { .. })
        ));
    }
}
