//! The 征求意见书 to a third party (条例 §32, R-TIME-6) or a co-producing agency (§34, R-TIME-7),
//! with its 15-working-day answer window; and the optional 告知书 telling the applicant that a
//! consultation is under way and its time is not counted (R-TIME-5).

use chrono::{Days, NaiveDate};
use disclosure_core::case::PartyKind;
use disclosure_core::citation::citation;
use disclosure_core::values::DocNumber;

use super::agency::Agency;
use super::{in_order, required, required_date, DocumentError, Element, IssuingAgency};
use crate::{
    layout::{Letter, Paragraph},
    templates::{consultation as t, reply},
};

/// What the caller fills in, from the `ConsultationStarted` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationLetterDraft {
    /// The agency's settings.
    pub agency: IssuingAgency,
    /// 字号, when the agency numbers these letters.
    pub doc_number: Option<DocNumber>,
    /// The party consulted (the addressee).
    pub party: String,
    /// A third party (§32) or another agency (§34).
    pub party_kind: PartyKind,
    /// 收到申请的日期.
    pub received_on: Option<NaiveDate>,
    /// The information concerned (the request, without the applicant's name).
    pub information: String,
    /// Why the party is consulted, e.g. `该信息涉及您单位的经营数据` (a clause, no final `。`).
    pub reason: String,
    /// The last day of the 15-working-day window (the clock computes it from the calendar).
    pub answer_by: Option<NaiveDate>,
    /// How to answer (address, telephone, e-mail).
    pub how_to_answer: String,
    /// The date the letter is sent.
    pub sent_on: Option<NaiveDate>,
}

/// A 征求意见书 with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationLetter {
    agency: Agency,
    doc_number: Option<DocNumber>,
    party: String,
    party_kind: PartyKind,
    received_on: NaiveDate,
    information: String,
    reason: String,
    answer_by: NaiveDate,
    how_to_answer: String,
    sent_on: NaiveDate,
}

impl ConsultationLetter {
    /// Checks every element; the answer date must leave the 15 working days (at least 15
    /// calendar days, whatever the calendar).
    pub fn new(d: ConsultationLetterDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let party = required(&d.party, Element::ConsultedParty)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        let information = required(&d.information, Element::Request)?;
        let reason = required(&d.reason, Element::ConsultationReason)?;
        let answer_by = required_date(d.answer_by, Element::Date)?;
        let how_to_answer = required(&d.how_to_answer, Element::HowToAnswer)?;
        let sent_on = required_date(d.sent_on, Element::Date)?;
        in_order("收到申请的日期", received_on, "征求意见日期", sent_on)?;
        if sent_on
            .checked_add_days(Days::new(15))
            .is_none_or(|d| answer_by < d)
        {
            return Err(DocumentError::WindowTooShort { sent_on, answer_by });
        }
        Ok(Self {
            agency,
            doc_number: d.doc_number,
            party,
            party_kind: d.party_kind,
            received_on,
            information,
            reason,
            answer_by,
            how_to_answer,
            sent_on,
        })
    }

    /// The letter's date.
    pub fn date(&self) -> NaiveDate {
        self.sent_on
    }

    /// The 字号, if any.
    pub fn doc_number(&self) -> Option<&DocNumber> {
        self.doc_number.as_ref()
    }

    /// The letter.
    pub fn to_letter(&self) -> Letter {
        let (key, consequence) = match self.party_kind {
            PartyKind::ThirdParty => ("32", t::THIRD_PARTY_CONSEQUENCE),
            PartyKind::Agency => ("34", t::AGENCY_CONSEQUENCE),
        };
        let basis = citation(key).map_or("", |c| c.cite_zh);
        let reason = match self.party_kind {
            PartyKind::ThirdParty => t::third_party_reason(&self.reason, basis),
            PartyKind::Agency => t::agency_reason(&self.reason, basis),
        };
        Letter {
            title: t::title(&self.agency.name),
            doc_number: self.doc_number.as_ref().map(ToString::to_string),
            addressee: Some(self.party.clone()),
            body: vec![
                Paragraph::indented(format!(
                    "{}{reason}",
                    t::opening(self.received_on, &self.information)
                )),
                Paragraph::indented(t::window(self.answer_by, &self.how_to_answer)),
                Paragraph::indented(consequence),
                Paragraph::indented(reply::CLOSING),
            ],
            attachments: Vec::new(),
            signature: Some(self.agency.signature(self.sent_on)),
            contact: self.agency.contact.clone(),
            table: None,
            draft: false,
            seal: self.agency.seal.clone(),
        }
    }
}

/// What the caller fills in for the notice to the applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationNoticeDraft {
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
    /// Who is consulted (the notice does not name a third party to the applicant).
    pub party_kind: PartyKind,
    /// When the 征求意见书 went out.
    pub sent_on: Option<NaiveDate>,
    /// The notice's date.
    pub issued_on: Option<NaiveDate>,
}

/// A 征求第三方意见告知书 with every element present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationNotice {
    agency: Agency,
    doc_number: Option<DocNumber>,
    applicant_name: String,
    received_on: NaiveDate,
    request: String,
    party_kind: PartyKind,
    sent_on: NaiveDate,
    issued_on: NaiveDate,
}

impl ConsultationNotice {
    /// Checks every element and the order receipt ≤ consultation ≤ notice.
    pub fn new(d: ConsultationNoticeDraft) -> Result<Self, DocumentError> {
        let agency = Agency::check(&d.agency)?;
        let applicant_name = required(&d.applicant_name, Element::ApplicantName)?;
        let received_on = required_date(d.received_on, Element::ReceiptDate)?;
        let request = required(&d.request, Element::Request)?;
        let sent_on = required_date(d.sent_on, Element::Date)?;
        let issued_on = required_date(d.issued_on, Element::Date)?;
        in_order("收到申请的日期", received_on, "征求意见日期", sent_on)?;
        in_order("征求意见日期", sent_on, "告知日期", issued_on)?;
        Ok(Self {
            agency,
            doc_number: d.doc_number,
            applicant_name,
            received_on,
            request,
            party_kind: d.party_kind,
            sent_on,
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
        let (key, party) = match self.party_kind {
            PartyKind::ThirdParty => ("32", t::THIRD_PARTY),
            PartyKind::Agency => ("34", t::OTHER_AGENCY),
        };
        let basis = format!(
            "{}和{}",
            citation(key).map_or("", |c| c.cite_zh),
            citation("33.2")
                .map_or("", |c| c.cite_zh)
                .trim_start_matches("《中华人民共和国政府信息公开条例》")
        );
        Letter {
            title: t::notice_title(&self.agency.name),
            doc_number: self.doc_number.as_ref().map(ToString::to_string),
            addressee: Some(self.applicant_name.clone()),
            body: vec![
                Paragraph::indented(t::notice_body(
                    self.received_on,
                    &self.request,
                    party,
                    self.sent_on,
                    &basis,
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
