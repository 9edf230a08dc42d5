//! The 延期答复告知书 (R-TIME-4): the original and the new due date, the reason, and that the head
//! of the disclosure office approved.

use chrono::NaiveDate;
use disclosure_core::citation::citation;
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{in_order, required, required_date, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Letter, Paragraph},
    templates::{extension as t, reply},
};

/// What the caller fills in, from the approved extension and the case's deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtensionNoticeDraft {
    /// The agency's settings.
    pub agency: IssuingAgency,
    /// 字号, when the agency numbers its notices.
    pub doc_number: Option<DocNumber>,
    /// 申请人名称.
    pub applicant_name: String,
    /// 收到申请的日期.
    pub received_on: Option<NaiveDate>,
    /// The information requested.
    pub request: String,
    /// The due date before the extension.
    pub original_due: Option<NaiveDate>,
    /// The due date after it (at most 20 working days later: the clock computes it).
    pub new_due: Option<NaiveDate>,
    /// Why the reply cannot be given in time.
    pub reason: String,
    /// The notice's date; on or before the original due date (R-TIME-4).
    pub issued_on: Option<NaiveDate>,
}

/// A 延期答复告知书 with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionNotice {
    agency: Agency,
    doc_number: Option<DocNumber>,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    original_due: NaiveDate,
    new_due: NaiveDate,
    reason: String,
    issued_on: NaiveDate,
}

impl ExtensionNotice {
    /// Checks every element, that the notice goes out before the original deadline and that the
    /// new due date is later than it.
    pub fn new(d: ExtensionNoticeDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let applicant_name = required(&d.applicant_name, Element::ApplicantName)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        let request = required(&d.request, Element::Request)?;
        let original_due = required_date(d.original_due, Element::Date)?;
        let new_due = required_date(d.new_due, Element::Date)?;
        let reason = required(&d.reason, Element::ExtensionReason)?;
        let issued_on = required_date(d.issued_on, Element::Date)?;
        in_order("收到申请的日期", received_on, "告知日期", issued_on)?;
        in_order("告知日期", issued_on, "原答复期限", original_due)?;
        if new_due <= original_due {
            return Err(DocumentError::DatesOutOfOrder {
                earlier_name: "原答复期限",
                earlier: original_due,
                later_name: "延长后的答复期限",
                later: new_due,
            });
        }
        Ok(Self {
            agency,
            doc_number: d.doc_number,
            applicant_name,
            received_on,
            request,
            original_due,
            new_due,
            reason,
            issued_on,
        })
    }

    /// The notice's date.
    pub fn date(&self) -> NaiveDate {
        self.issued_on
    }

    /// The 字号, if any.
    pub fn doc_number(&self) -> Option<&DocNumber> {
        self.doc_number.as_ref()
    }

    /// The letter.
    pub fn to_letter(&self) -> Letter {
        let basis = citation("33.1").map_or("", |c| c.cite_zh);
        Letter {
            title: t::title(&self.agency.name),
            doc_number: self.doc_number.as_ref().map(ToString::to_string),
            addressee: Some(self.applicant_name.clone()),
            body: vec![
                Paragraph::indented(t::body(
                    self.received_on,
                    &self.request,
                    self.original_due,
                    &self.reason,
                    basis,
                    self.new_due,
                )),
                Paragraph::indented(reply::CLOSING),
            ],
            attachments: Vec::new(),
            signature: Some(self.agency.signature(self.issued_on)),
            contact: self.agency.contact.clone(),
            table: None,
            draft: false,
            seal: self.agency.seal.clone(),
        }
    }
}
