//! The documents a case issues: rendered when the event that issues them is recorded, kept in the
//! same transaction with their 字号, and served from storage ever after (R-LET-1).
use chrono::NaiveDateTime;
use disclosure_core::case::{Case, Event};
use disclosure_store::documents::{self as store_docs, DocumentMeta, IssuedNumber, NewDocument};
use disclosure_store::model::CaseRow;
use disclosure_store::{directory, AnyConnection};

use crate::documents::{kind, receipt_pdf, reply_pdf, LetterInputs};
use crate::records::to_event;
use crate::{LoadedCase, ServiceError, Services};

impl Services {
    /// Renders and keeps the documents that `events` issue, inside the caller's transaction; a
    /// letter that cannot be made (no fonts, a missing element) refuses the whole command, so no
    /// reply is ever issued without its letter.
    pub(crate) fn keep_issued_documents(
        &self,
        c: &mut AnyConnection,
        row: &CaseRow,
        registered_on: chrono::NaiveDate,
        case: &Case,
        events: &[Event],
        now: NaiveDateTime,
    ) -> Result<(), ServiceError> {
        for event in events {
            let Event::ReplyIssued { doc_number, .. } = event else {
                continue;
            };
            let agency = directory::agency(c, &row.agency_id)?;
            let inputs = LetterInputs {
                fonts: self.letter_fonts()?,
                calendar: &self.calendar(),
                agency: &agency,
                number: row_number(row),
                tracking_code: &row.tracking_code,
                registered_on,
            };
            let content = reply_pdf(&inputs, case)?;
            let (issued_on, title) = case
                .issued
                .as_ref()
                .zip(case.reply.as_ref())
                .map(|((_, on), reply)| {
                    let title =
                        disclosure_letters::templates::outcome::title(&agency.name, &reply.outcome);
                    (*on, title.replace('\n', ""))
                })
                .ok_or_else(|| ServiceError::Corrupt("issued reply without a date".into()))?;
            let doc = NewDocument {
                case_id: row.id.clone(),
                agency_id: row.agency_id.clone(),
                kind: kind::REPLY.into(),
                title,
                doc_number: Some(IssuedNumber {
                    year: doc_number.year,
                    seq: i32::try_from(doc_number.seq).unwrap_or(i32::MAX),
                    printed: doc_number.to_string(),
                }),
                issued_on,
                content,
            };
            store_docs::insert_document(c, &doc, now)?;
        }
        Ok(())
    }

    /// The documents kept for a case of the actor's agency, oldest first.
    pub fn case_documents(&self, loaded: &LoadedCase) -> Result<Vec<DocumentMeta>, ServiceError> {
        Ok(self
            .store
            .read(|c| store_docs::documents_of_case(c, &loaded.row.id))?)
    }

    /// One kept document of the case, with its bytes.
    pub fn case_document(
        &self,
        loaded: &LoadedCase,
        document_id: &str,
    ) -> Result<(DocumentMeta, Vec<u8>), ServiceError> {
        self.store
            .read(|c| store_docs::document(c, document_id))?
            .filter(|(m, _)| m.case_id == loaded.row.id)
            .ok_or(ServiceError::NotFound)
    }

    /// The issued 答复书 exactly as it was issued.
    pub fn issued_reply(&self, loaded: &LoadedCase) -> Result<Vec<u8>, ServiceError> {
        self.store
            .read(|c| store_docs::latest_of_kind(c, &loaded.row.id, kind::REPLY))?
            .map(|(_, bytes)| bytes)
            .ok_or(ServiceError::Letter(
                crate::documents::LetterFailure::NotYet("issued reply"),
            ))
    }

    /// The 登记回执, as of registration.
    pub fn receipt(&self, loaded: &LoadedCase) -> Result<Vec<u8>, ServiceError> {
        let first = loaded
            .events
            .first()
            .ok_or_else(|| ServiceError::Corrupt("case without events".into()))?;
        let registration =
            Case::from_events(
                &[to_event(first).map_err(|e| ServiceError::Corrupt(e.to_string()))?],
            );
        let agency = self
            .store
            .read(|c| directory::agency(c, &loaded.row.agency_id))?;
        let inputs = LetterInputs {
            fonts: self.letter_fonts()?,
            calendar: &self.calendar(),
            agency: &agency,
            number: loaded.number(),
            tracking_code: &loaded.row.tracking_code,
            registered_on: first.recorded_at.date(),
        };
        Ok(receipt_pdf(&inputs, &registration)?)
    }
}

/// The case number of a projection row.
pub(crate) fn row_number(row: &CaseRow) -> disclosure_core::values::CaseNumber {
    disclosure_core::values::CaseNumber::new(
        row.number_year,
        u32::try_from(row.number_seq).unwrap_or(0),
    )
}
