//! The 送达回证: which document, its 字号, to whom, where and how it is served, and the blanks the
//! recipient and the server sign by hand.

use chrono::NaiveDate;
use disclosure_core::case::DeliveryMethod;
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{required, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Align, Letter, Table},
    templates::{delivery as t, NONE_MARK},
};

/// What the caller fills in, from the document being served and the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReceiptDraft {
    /// The agency's settings.
    pub agency: IssuingAgency,
    /// The title of the document served, e.g. `某市自然资源局政府信息公开申请答复书`.
    pub document: String,
    /// Its 字号, if it has one.
    pub doc_number: Option<DocNumber>,
    /// 受送达人.
    pub recipient: String,
    /// 送达地址 (required for delivery by post; may be empty for hand delivery at the office).
    pub address: String,
    /// 送达方式.
    pub method: Option<DeliveryMethod>,
    /// Remarks (备注).
    pub remarks: String,
    /// The date the receipt is printed (for the case file); the service date is written by hand.
    pub issued_on: NaiveDate,
}

/// A 送达回证 with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReceipt {
    agency: Agency,
    document: String,
    doc_number: Option<DocNumber>,
    recipient: String,
    address: String,
    method: DeliveryMethod,
    remarks: String,
    issued_on: NaiveDate,
}

impl DeliveryReceipt {
    /// Checks the agency, the document served, the recipient and the method; a receipt for
    /// delivery by post also needs the address.
    pub fn new(d: DeliveryReceiptDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let document = required(&d.document, Element::ServedDocument)?;
        let recipient = required(&d.recipient, Element::Recipient)?;
        let method = d.method.ok_or(DocumentError::Missing {
            element: Element::DeliveryMethod,
        })?;
        let address = d.address.trim().to_owned();
        if method == DeliveryMethod::Post && address.is_empty() {
            return Err(DocumentError::Missing {
                element: Element::Address,
            });
        }
        Ok(Self {
            agency,
            document: document.replace('\n', ""),
            doc_number: d.doc_number,
            recipient,
            address,
            method,
            remarks: d.remarks.trim().to_owned(),
            issued_on: d.issued_on,
        })
    }

    /// The date the receipt was printed.
    pub fn date(&self) -> NaiveDate {
        self.issued_on
    }

    /// The letter: a two-column ruled form.
    pub fn to_letter(&self) -> Letter {
        let row = |label: &str, value: String| vec![label.to_owned(), value];
        let signature_space = format!("\n\n{}", t::BLANK_DATE);
        let table = Table {
            widths: vec![9, 19],
            align: vec![Align::Centre, Align::Left],
            header: None,
            rows: vec![
                row(t::DOCUMENT, self.document.clone()),
                row(
                    t::DOC_NUMBER,
                    self.doc_number
                        .as_ref()
                        .map_or_else(|| NONE_MARK.to_owned(), ToString::to_string),
                ),
                row(t::RECIPIENT, self.recipient.clone()),
                row(
                    t::ADDRESS,
                    if self.address.is_empty() {
                        NONE_MARK.to_owned()
                    } else {
                        self.address.clone()
                    },
                ),
                row(t::METHOD, self.method.label_zh().to_owned()),
                row(t::RECIPIENT_SIGNATURE, signature_space.clone()),
                row(t::PROXY, "\n".to_owned()),
                row(t::SERVER, signature_space),
                row(t::AGENCY, self.agency.name.clone()),
                row(t::REMARKS, self.remarks.clone()),
            ],
        };
        Letter {
            title: t::title(&self.agency.name),
            doc_number: None,
            addressee: None,
            body: Vec::new(),
            attachments: Vec::new(),
            signature: None,
            contact: None,
            table: Some(table),
            draft: false,
            seal: self.agency.seal.clone(),
        }
    }
}
