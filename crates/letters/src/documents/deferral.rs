//! The 延迟答复告知书 (R-TIME-8, 条例 §35): requests clearly beyond a reasonable range, for reasons
//! found reasonable, that cannot be answered within §33 — the later reply date the agency fixed.

use chrono::NaiveDate;
use disclosure_core::citation::citation;
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{in_order, required, required_date, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Letter, Paragraph},
    templates::{deferral as t, reply},
};

/// What the caller fills in, from the `ReplyDeferred` event and the case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeferralNoticeDraft {
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
    /// The due date under §33 before the deferral.
    pub previous_due: Option<NaiveDate>,
    /// The later reply date fixed under §35.
    pub until: Option<NaiveDate>,
    /// Why the reply cannot be given within §33.
    pub reason: String,
    /// The notice's date: the day the later date was fixed, on or before `previous_due`.
    pub issued_on: Option<NaiveDate>,
}

/// A 延迟答复告知书 with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferralNotice {
    agency: Agency,
    doc_number: Option<DocNumber>,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    previous_due: NaiveDate,
    until: NaiveDate,
    reason: String,
    issued_on: NaiveDate,
}

impl DeferralNotice {
    /// Checks every element, that the notice goes out before the current due date and that the
    /// later date is later.
    pub fn new(d: DeferralNoticeDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let applicant_name = required(&d.applicant_name, Element::ApplicantName)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        let request = required(&d.request, Element::Request)?;
        let previous_due = required_date(d.previous_due, Element::Date)?;
        let until = required_date(d.until, Element::Date)?;
        let reason = required(&d.reason, Element::DeferralReason)?;
        let issued_on = required_date(d.issued_on, Element::Date)?;
        in_order("收到申请的日期", received_on, "告知日期", issued_on)?;
        in_order("告知日期", issued_on, "原答复期限", previous_due)?;
        if until <= previous_due {
            return Err(DocumentError::DatesOutOfOrder {
                earlier_name: "原答复期限",
                earlier: previous_due,
                later_name: "延迟答复期限",
                later: until,
            });
        }
        Ok(Self {
            agency,
            doc_number: d.doc_number,
            applicant_name,
            received_on,
            request,
            previous_due,
            until,
            reason,
            issued_on,
        })
    }

    /// The notice's date.
    pub fn date(&self) -> NaiveDate {
        self.issued_on
    }

    /// The letter.
    pub fn to_letter(&self) -> Letter {
        let basis = citation("35").map_or("", |c| c.cite_zh);
        Letter {
            title: t::title(&self.agency.name),
            doc_number: self.doc_number.as_ref().map(ToString::to_string),
            addressee: Some(self.applicant_name.clone()),
            body: vec![
                Paragraph::indented(t::body(
                    self.received_on,
                    &self.request,
                    self.previous_due,
                    &self.reason,
                    basis,
                    self.until,
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
