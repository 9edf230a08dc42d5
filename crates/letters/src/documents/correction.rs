//! The 补正告知书 (R-COR-1 … R-COR-3): exactly what to supplement, by when, how; that the period
//! restarts on receipt of the correction and that silence is treated as abandonment.

use chrono::NaiveDate;
use disclosure_core::citation::citation;
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{
    in_order, required, required_date, required_list, DocumentError, Element, IssuingAgency,
};
use crate::{
    layout::{Letter, Paragraph},
    templates::{correction as t, reply},
};

/// What the caller fills in, from the case's `CorrectionRequested` event and the application.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorrectionNoticeDraft {
    /// The agency's settings.
    pub agency: IssuingAgency,
    /// 字号, when the agency numbers its notices.
    pub doc_number: Option<DocNumber>,
    /// 申请人名称.
    pub applicant_name: String,
    /// 收到申请的日期.
    pub received_on: Option<NaiveDate>,
    /// The information requested, in the applicant's words.
    pub request: String,
    /// What to supplement, one entry per item, all at once (一次性告知, R-COR-1).
    pub items: Vec<String>,
    /// The applicant's deadline.
    pub reply_by: Option<NaiveDate>,
    /// How to submit the correction, e.g. `您可以通过本机关政府信息公开申请平台或者邮寄方式提交。`
    pub how_to_submit: String,
    /// The notice's date.
    pub issued_on: Option<NaiveDate>,
}

/// A 补正告知书 with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionNotice {
    agency: Agency,
    doc_number: Option<DocNumber>,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    items: Vec<String>,
    reply_by: NaiveDate,
    how_to_submit: String,
    issued_on: NaiveDate,
}

impl CorrectionNotice {
    /// Checks every element and that receipt ≤ notice date < deadline.
    pub fn new(d: CorrectionNoticeDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let applicant_name = required(&d.applicant_name, Element::ApplicantName)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        let request = required(&d.request, Element::Request)?;
        let items = required_list(&d.items, Element::CorrectionItems)?;
        let reply_by = required_date(d.reply_by, Element::Date)?;
        let how_to_submit = required(&d.how_to_submit, Element::HowToSubmit)?;
        let issued_on = required_date(d.issued_on, Element::Date)?;
        in_order("收到申请的日期", received_on, "告知日期", issued_on)?;
        in_order("告知日期", issued_on, "补正期限", reply_by)?;
        Ok(Self {
            agency,
            doc_number: d.doc_number,
            applicant_name,
            received_on,
            request,
            items,
            reply_by,
            how_to_submit,
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
        let basis = citation("30").map_or("", |c| c.cite_zh);
        let mut body = vec![Paragraph::indented(t::opening(
            self.received_on,
            &self.request,
            basis,
        ))];
        body.extend(
            self.items
                .iter()
                .enumerate()
                .map(|(i, item)| Paragraph::indented(t::item(i + 1, item))),
        );
        body.push(Paragraph::indented(t::deadline(
            self.reply_by,
            &self.how_to_submit,
        )));
        body.push(Paragraph::indented(t::CONSEQUENCES));
        body.push(Paragraph::indented(reply::CLOSING));
        Letter {
            title: t::title(&self.agency.name),
            doc_number: self.doc_number.as_ref().map(ToString::to_string),
            addressee: Some(self.applicant_name.clone()),
            body,
            attachments: Vec::new(),
            signature: Some(self.agency.signature(self.issued_on)),
            contact: self.agency.contact.clone(),
            table: None,
            draft: false,
            seal: self.agency.seal.clone(),
        }
    }
}
