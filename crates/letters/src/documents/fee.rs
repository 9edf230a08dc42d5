//! The 收费通知书 (条例 §42, 国办函〔2020〕109号, R-FEE-1 … R-FEE-5, R-TIME-9): basis, standard,
//! the tier arithmetic, the amount, how and by when to pay, and what happens if the applicant
//! does not.

use chrono::NaiveDate;
use disclosure_core::citation::citation;
use disclosure_core::fee::{per_item_fee, per_page_bands, FeeBasis};
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{in_order, required, required_date, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Letter, Paragraph},
    templates::{fee as t, reply},
};

/// What the caller fills in, from the `FeeNoticed` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeNoticeDraft {
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
    /// Per item or per volume, with the count (R-FEE-2).
    pub basis: FeeBasis,
    /// The amount in yuan, as recorded; must be what the tariff gives.
    pub amount_yuan: u64,
    /// How to pay (account, payee, reference), e.g. `缴费账户：…，请注明登记编号。`
    pub how_to_pay: String,
    /// The last day to pay (20 working days from the day after receipt; the clock computes it).
    pub pay_by: Option<NaiveDate>,
    /// The notice's date.
    pub issued_on: Option<NaiveDate>,
}

/// A 收费通知书 with every element present and an amount that matches the tariff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeNotice {
    agency: Agency,
    doc_number: Option<DocNumber>,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    basis: FeeBasis,
    amount_yuan: u64,
    how_to_pay: String,
    pay_by: NaiveDate,
    issued_on: NaiveDate,
}

impl FeeNotice {
    /// Checks every element, that the amount is the tariff's and not zero (a free application
    /// gets no fee notice, R-FEE-1), and the order receipt ≤ notice < payment deadline.
    pub fn new(d: FeeNoticeDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let applicant_name = required(&d.applicant_name, Element::ApplicantName)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        let request = required(&d.request, Element::Request)?;
        let computed = d.basis.amount();
        if d.amount_yuan == 0 || computed == 0 {
            return Err(DocumentError::Missing {
                element: Element::FeeAmount,
            });
        }
        if d.amount_yuan != computed {
            return Err(DocumentError::FeeMismatch {
                stated: d.amount_yuan,
                computed,
            });
        }
        let how_to_pay = required(&d.how_to_pay, Element::HowToPay)?;
        let pay_by = required_date(d.pay_by, Element::Date)?;
        let issued_on = required_date(d.issued_on, Element::Date)?;
        in_order("收到申请的日期", received_on, "通知日期", issued_on)?;
        in_order("通知日期", issued_on, "缴费期限", pay_by)?;
        Ok(Self {
            agency,
            doc_number: d.doc_number,
            applicant_name,
            received_on,
            request,
            basis: d.basis,
            amount_yuan: d.amount_yuan,
            how_to_pay,
            pay_by,
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
        let basis = format!(
            "{}和{}",
            citation("42").map_or("", |c| c.cite_zh),
            citation("fee").map_or("", |c| c.cite_zh)
        );
        let (per_item, standard, arithmetic) = match self.basis {
            FeeBasis::PerItem { nth } => (
                true,
                t::PER_ITEM_STANDARD,
                t::per_item(nth, per_item_fee(nth)),
            ),
            FeeBasis::PerPage { pages } => {
                let bands: Vec<String> = per_page_bands(pages)
                    .iter()
                    .map(|b| t::band(b.from, b.to, b.pages(), b.yuan_per_page, b.subtotal()))
                    .collect();
                (
                    false,
                    t::PER_PAGE_STANDARD,
                    t::per_page(pages, &bands, self.amount_yuan),
                )
            }
        };
        Letter {
            title: t::title(&self.agency.name),
            doc_number: self.doc_number.as_ref().map(ToString::to_string),
            addressee: Some(self.applicant_name.clone()),
            body: vec![
                Paragraph::indented(t::opening(
                    self.received_on,
                    &self.request,
                    &basis,
                    per_item,
                )),
                Paragraph::indented(standard),
                Paragraph::indented(arithmetic),
                Paragraph::indented(t::payment(self.pay_by, &self.how_to_pay)),
                Paragraph::indented(t::CONSEQUENCE),
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
