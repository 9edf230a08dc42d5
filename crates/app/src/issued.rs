//! The documents a case issues: rendered when the event that issues them is recorded, kept in the
//! same transaction with their 字号, and served from storage ever after (R-LET-1).
use chrono::NaiveDateTime;
use disclosure_calendar::Calendar;
use disclosure_core::case::{Case, Event};
use disclosure_core::reasons::outcome_key;
use disclosure_letters::documents::{render_case_file, CaseFile, CaseFileError, FiledDocument};
use disclosure_store::documents::{self as store_docs, DocumentMeta, IssuedNumber, NewDocument};
use disclosure_store::model::{Agency, CaseRow, StoredEvent};
use disclosure_store::{directory, AnyConnection};

use crate::documents::{
    delivery_receipt_for_reply, kind, notice_for_event, receipt_pdf, registration_form_pdf,
    reply_pdf, KeptDocument, LetterFailure, LetterInputs, RenderedNotice,
};
use crate::records::to_event;
use crate::{LoadedCase, ServiceError, Services};

impl Services {
    /// Renders and keeps the documents that `events` issue, inside the caller's transaction: the
    /// 答复书 (with its 字号) and its 送达回证 at `ReplyIssued`, and the notices at their events
    /// (补正告知书, 延期答复告知书, 收费通知书, 征求意见书; R-LET catalogue). A letter that cannot be
    /// made (no fonts, a missing element) refuses the whole command, so no event that issues a
    /// document is ever recorded without it.
    #[expect(
        clippy::too_many_arguments,
        reason = "the transaction, the case before and after, its events and the time"
    )]
    pub(crate) fn keep_issued_documents(
        &self,
        c: &mut AnyConnection,
        row: &CaseRow,
        registered_on: chrono::NaiveDate,
        before: &Case,
        case: &Case,
        events: &[Event],
        now: NaiveDateTime,
    ) -> Result<Vec<KeptDocument>, ServiceError> {
        let mut kept = Vec::new();
        let mut agency = None;
        for (event_index, event) in events.iter().enumerate() {
            if !issues_a_document(event) {
                continue;
            }
            let agency = match &agency {
                Some(a) => a,
                None => agency.insert(directory::agency(c, &row.agency_id)?),
            };
            let inputs = LetterInputs {
                fonts: self.letter_fonts()?,
                calendar: &self.calendar(),
                agency,
                number: row_number(row),
                tracking_code: &row.tracking_code,
                registered_on,
            };
            let mut keep = |c: &mut AnyConnection,
                            kind: &'static str,
                            doc: NewDocument|
             -> Result<(), ServiceError> {
                let document_id = store_docs::insert_document(c, &doc, now)?;
                kept.push(KeptDocument {
                    event_index,
                    kind,
                    document_id,
                });
                Ok(())
            };
            let Event::ReplyIssued {
                doc_number, clause, ..
            } = event
            else {
                if let Some(n) = notice_for_event(&inputs, before, case, event)? {
                    keep(c, n.kind, new_document(row, n))?;
                }
                continue;
            };
            // The clause the event recorded, read back: the letter prints exactly that version.
            let outcome = case
                .reply
                .as_ref()
                .map(|r| r.outcome)
                .ok_or_else(|| ServiceError::Corrupt("issued reply without a draft".into()))?;
            let clause =
                crate::reasons::recorded_clause_in(c, &row.agency_id, outcome, clause.as_ref())?;
            let used = (outcome_key(&clause.outcome), clause.version.get());
            let content = reply_pdf(&inputs, case, clause)?;
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
            // Rendered before anything is written: a 送达回证 that cannot be made refuses the issue.
            let receipt = delivery_receipt_for_reply(&inputs, case, &title)?;
            keep(
                c,
                kind::REPLY,
                NewDocument {
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
                },
            )?;
            if let Some(r) = receipt {
                keep(c, r.kind, new_document(row, r))?;
            }
            if let Some(reply) = kept
                .iter()
                .find(|k| k.event_index == event_index && k.kind == kind::REPLY)
            {
                let version = i32::try_from(used.1)
                    .map_err(|_| ServiceError::Corrupt("clause version out of range".into()))?;
                disclosure_store::reasons::record_clause_use(
                    c,
                    &reply.document_id,
                    used.0,
                    version,
                )?;
            }
        }
        Ok(kept)
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
        let (registration, agency, first) = self.registration(loaded)?;
        let cal = self.calendar();
        let inputs = self.inputs_at_registration(loaded, &agency, first, &cal)?;
        Ok(receipt_pdf(&inputs, &registration)?)
    }

    /// The 案卷 legal staff print for 行政复议 or court: the 卷内目录, then the 登记表 and the 登记回执
    /// (as of registration), then every kept document as issued, in the order they were issued (a
    /// reply before the 送达回证 that goes with it).
    pub fn case_file(&self, loaded: &LoadedCase) -> Result<Vec<u8>, ServiceError> {
        let (registration, agency, first) = self.registration(loaded)?;
        let cal = self.calendar();
        let inputs = self.inputs_at_registration(loaded, &agency, first, &cal)?;
        let form = registration_form_pdf(&inputs, &registration, &first.actor_name)?;
        let receipt = receipt_pdf(&inputs, &registration)?;
        let mut documents = vec![
            FiledDocument {
                title: form.title,
                doc_number: None,
                date: form.issued_on,
                pdf: form.content,
            },
            FiledDocument {
                title: disclosure_letters::templates::receipt::title(&agency.name)
                    .replace('\n', ""),
                doc_number: None,
                date: inputs.registered_on,
                pdf: receipt,
            },
        ];
        let mut kept = self.case_documents(loaded)?;
        kept.sort_by_key(|d| (d.created_at, d.kind == kind::DELIVERY_RECEIPT));
        for meta in kept {
            let (meta, pdf) = self.case_document(loaded, &meta.id)?;
            documents.push(FiledDocument {
                title: meta.title,
                doc_number: meta.doc_number,
                date: meta.issued_on,
                pdf,
            });
        }
        let file = CaseFile {
            agency: agency.name.clone(),
            case_number: loaded.number().to_string(),
            documents,
        };
        render_case_file(&file, inputs.fonts).map_err(|e| {
            ServiceError::Letter(match e {
                CaseFileError::Document(d) => LetterFailure::Element(d.to_string()),
                other => LetterFailure::Render(other.to_string()),
            })
        })
    }

    /// The case as registered (its first event alone), its agency and that first event.
    fn registration<'a>(
        &self,
        loaded: &'a LoadedCase,
    ) -> Result<(Case, Agency, &'a StoredEvent), ServiceError> {
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
        Ok((registration, agency, first))
    }

    fn inputs_at_registration<'a>(
        &'a self,
        loaded: &'a LoadedCase,
        agency: &'a Agency,
        first: &StoredEvent,
        calendar: &'a Calendar,
    ) -> Result<LetterInputs<'a>, ServiceError> {
        Ok(LetterInputs {
            fonts: self.letter_fonts()?,
            calendar,
            agency,
            number: loaded.number(),
            tracking_code: &loaded.row.tracking_code,
            registered_on: first.recorded_at.date(),
        })
    }
}

/// The case number of a projection row.
pub(crate) fn row_number(row: &CaseRow) -> disclosure_core::values::CaseNumber {
    disclosure_core::values::CaseNumber::new(
        row.number_year,
        u32::try_from(row.number_seq).unwrap_or(0),
    )
}

/// Whether an event issues a document the agency keeps (R-LET catalogue).
fn issues_a_document(event: &Event) -> bool {
    matches!(
        event,
        Event::ReplyIssued { .. }
            | Event::CorrectionRequested { .. }
            | Event::ExtensionApproved { .. }
            | Event::ReplyDeferred { .. }
            | Event::FeeNoticed { .. }
            | Event::ConsultationStarted { .. }
    )
}

/// A notice as stored: no 字号 (the catalogue numbers only the 答复书).
fn new_document(row: &CaseRow, n: RenderedNotice) -> NewDocument {
    NewDocument {
        case_id: row.id.clone(),
        agency_id: row.agency_id.clone(),
        kind: n.kind.into(),
        title: n.title,
        doc_number: None,
        issued_on: n.issued_on,
        content: n.content,
    }
}
