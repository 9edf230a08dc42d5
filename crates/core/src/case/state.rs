use chrono::NaiveDate;
use disclosure_calendar::Calendar;

use super::{
    Application, Attachment, ConsultationAnswer, Delivery, Event, HandlingState, PartyKind, Reply,
    Review, SearchRecord, Stage,
};
use crate::clock::{
    compute_deadline, ClockError, ClockFacts, CorrectionFacts, Deadline, Extension, Pause,
    PauseReason,
};
use crate::fee::FeeBasis;
use crate::outcome::{OtherGround, Outcome};
use crate::values::DocNumber;

/// The 补正 of the case (only one, R-COR-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionState {
    pub requested_on: NaiveDate,
    pub items: Vec<String>,
    pub reply_by: NaiveDate,
    pub late: bool,
    pub received_on: Option<NaiveDate>,
}

/// One consultation of a third party or another agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consultation {
    pub id: u32,
    pub party: String,
    pub party_kind: PartyKind,
    pub sent_on: NaiveDate,
    pub window_ends: NaiveDate,
    pub answer: Option<(NaiveDate, ConsultationAnswer)>,
    pub lapsed_on: Option<NaiveDate>,
}

impl Consultation {
    pub fn is_open(&self) -> bool {
        self.answer.is_none() && self.lapsed_on.is_none()
    }
}

/// The fee notice of the case, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeState {
    pub basis: FeeBasis,
    pub amount_yuan: u64,
    pub noticed_on: NaiveDate,
    pub pay_by: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub waived_on: Option<NaiveDate>,
    pub lapsed_on: Option<NaiveDate>,
}

impl FeeState {
    pub fn is_pending(&self) -> bool {
        self.paid_on.is_none() && self.waived_on.is_none() && self.lapsed_on.is_none()
    }
}

/// The current state of a case: the fold of its events, nothing stored beside them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Case {
    /// `None` until registered.
    pub stage: Option<Stage>,
    pub application: Option<Application>,
    pub receipt_date: Option<NaiveDate>,
    pub assignee: Option<(String, String)>,
    pub correction: Option<CorrectionState>,
    pub searches: Vec<SearchRecord>,
    pub consultations: Vec<Consultation>,
    pub fee: Option<FeeState>,
    /// A requested extension waiting for the approver: (days, reason).
    pub extension_pending: Option<(u32, String)>,
    /// The approved extension (at most one, R-TIME-4).
    pub extension: Option<Extension>,
    /// R-TIME-8: the later reply date fixed under 条例 §35 and its reason (at most one).
    pub deferral: Option<(NaiveDate, String)>,
    pub reply: Option<Reply>,
    pub reply_approved_by: Option<String>,
    pub issued: Option<(DocNumber, NaiveDate)>,
    /// The reasons library's clause the reply was issued with (`None`: issued before the library
    /// was versioned, with the built-in version 1).
    pub issued_clause: Option<crate::reasons::ClauseRef>,
    pub delivery: Option<Delivery>,
    pub reviews: Vec<Review>,
    /// Files kept with the case, in the order received.
    pub attachments: Vec<Attachment>,
    /// The outcome for the annual report, fixed when the case concludes.
    pub outcome: Option<Outcome>,
    /// The day the case concluded: reply issued, or ended by lapse or withdrawal.
    pub concluded_on: Option<NaiveDate>,
    /// The day the applicant withdrew, if they did (kept after archiving).
    pub withdrawn_on: Option<NaiveDate>,
    /// Where an imported case came from (its `Imported` event's source); `None` for cases born here.
    pub imported_from: Option<String>,
    /// Number of events folded: the version the store guards writes with.
    pub version: u32,
}

impl Case {
    /// Folds events, oldest first.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut case = Self::default();
        for e in events {
            case.apply(e);
        }
        case
    }

    /// Applies one event. Events are facts already decided, so this never fails.
    pub fn apply(&mut self, event: &Event) {
        self.version += 1;
        match event {
            Event::Registered {
                application,
                receipt_date,
                ..
            } => {
                self.application = Some(application.clone());
                self.receipt_date = Some(*receipt_date);
                self.stage = Some(Stage::Registered);
            }
            Event::Assigned {
                officer_id,
                officer_name,
            } => {
                self.assignee = Some((officer_id.clone(), officer_name.clone()));
                if self.stage == Some(Stage::Registered) {
                    self.stage = Some(Stage::UnderReview);
                }
            }
            Event::CorrectionRequested {
                requested_on,
                items,
                reply_by,
                late,
            } => {
                self.correction = Some(CorrectionState {
                    requested_on: *requested_on,
                    items: items.clone(),
                    reply_by: *reply_by,
                    late: *late,
                    received_on: None,
                });
                self.stage = Some(Stage::AwaitingCorrection);
            }
            Event::CorrectionReceived { received_on } => {
                if let Some(c) = &mut self.correction {
                    c.received_on = Some(*received_on);
                }
                self.stage = Some(Stage::UnderReview);
            }
            Event::CorrectionLapsed { on } => {
                self.concluded_on = Some(*on);
                self.stage = Some(Stage::Abandoned);
                self.outcome = Some(Outcome::Other(OtherGround::CorrectionLapsed));
            }
            Event::Accepted => self.stage = Some(Stage::Handling),
            Event::SearchRecorded { search } => self.searches.push(search.clone()),
            Event::ConsultationStarted {
                consultation_id,
                party,
                party_kind,
                sent_on,
                window_ends,
            } => self.consultations.push(Consultation {
                id: *consultation_id,
                party: party.clone(),
                party_kind: *party_kind,
                sent_on: *sent_on,
                window_ends: *window_ends,
                answer: None,
                lapsed_on: None,
            }),
            Event::ConsultationAnswered {
                consultation_id,
                answered_on,
                answer,
            } => {
                if let Some(c) = self.consultation_mut(*consultation_id) {
                    c.answer = Some((*answered_on, answer.clone()));
                }
            }
            Event::ConsultationLapsed {
                consultation_id,
                on,
            } => {
                if let Some(c) = self.consultation_mut(*consultation_id) {
                    c.lapsed_on = Some(*on);
                }
            }
            Event::FeeNoticed {
                basis,
                amount_yuan,
                noticed_on,
                pay_by,
            } => {
                self.fee = Some(FeeState {
                    basis: *basis,
                    amount_yuan: *amount_yuan,
                    noticed_on: *noticed_on,
                    pay_by: *pay_by,
                    paid_on: None,
                    waived_on: None,
                    lapsed_on: None,
                });
            }
            Event::FeePaid { paid_on } => {
                if let Some(f) = &mut self.fee {
                    f.paid_on = Some(*paid_on);
                }
            }
            Event::FeeWaived { waived_on, .. } => {
                if let Some(f) = &mut self.fee {
                    f.waived_on = Some(*waived_on);
                }
            }
            Event::FeeLapsed { on } => {
                if let Some(f) = &mut self.fee {
                    f.lapsed_on = Some(*on);
                }
                self.concluded_on = Some(*on);
                self.stage = Some(Stage::Abandoned);
                self.outcome = Some(Outcome::Other(OtherGround::FeeLapsed));
            }
            Event::ExtensionRequested { days, reason } => {
                self.extension_pending = Some((*days, reason.clone()));
            }
            Event::ExtensionApproved {
                approved_on,
                approver_name,
            } => {
                if let Some((days, _)) = self.extension_pending.take() {
                    self.extension = Some(Extension {
                        days,
                        approver: approver_name.clone(),
                        approved_on: Some(*approved_on),
                    });
                }
            }
            Event::ExtensionRejected { .. } => self.extension_pending = None,
            Event::ReplyDeferred { until, reason, .. } => {
                self.deferral = Some((*until, reason.clone()));
            }
            Event::ReplyDrafted { reply } => {
                self.reply = Some(reply.clone());
                self.reply_approved_by = None;
                self.stage = Some(Stage::ReplyDrafted);
            }
            Event::ReplyReturned { .. } => {
                // A returned draft is no longer approved, whoever approved it before.
                self.reply_approved_by = None;
                self.stage = Some(Stage::Handling);
            }
            Event::ReplyApproved { approver_name } => {
                self.reply_approved_by = Some(approver_name.clone());
                self.stage = Some(Stage::ReplyApproved);
            }
            Event::ReplyIssued {
                doc_number,
                issued_on,
                clause,
            } => {
                self.issued = Some((doc_number.clone(), *issued_on));
                self.issued_clause.clone_from(clause);
                self.concluded_on = Some(*issued_on);
                self.outcome = self.reply.as_ref().map(|r| r.outcome);
                self.stage = Some(Stage::Issued);
            }
            Event::Delivered { delivery } => {
                self.delivery = Some(delivery.clone());
                self.stage = Some(Stage::Delivered);
            }
            Event::Archived { .. } => self.stage = Some(Stage::Archived),
            Event::Withdrawn { on } => {
                self.concluded_on = Some(*on);
                self.withdrawn_on = Some(*on);
                self.stage = Some(Stage::Withdrawn);
                self.outcome = Some(Outcome::Other(OtherGround::Other));
            }
            Event::ReviewRecorded { review } => self.reviews.push(review.clone()),
            Event::AttachmentAdded { attachment } => self.attachments.push(attachment.clone()),
            Event::ReviewDecided {
                review_id,
                result,
                decided_on,
            } => {
                if let Some(r) = self.reviews.get_mut(*review_id as usize) {
                    r.result = *result;
                    r.decided_on = Some(*decided_on);
                }
            }
            // The clock is computed from the facts and the calendar; this event only records that the
            // calendar under it changed (R-TIME-10).
            Event::CalendarUpdated { .. } => {}
            Event::Imported { source, reply, .. } => {
                self.imported_from = Some(source.clone());
                if let Some(r) = reply {
                    self.concluded_on = Some(r.replied_on);
                    self.outcome = Some(r.outcome);
                    self.stage = Some(Stage::Archived);
                }
            }
        }
    }

    fn consultation_mut(&mut self, id: u32) -> Option<&mut Consultation> {
        self.consultations.iter_mut().find(|c| c.id == id)
    }

    /// The sub-state while handling.
    pub fn handling_state(&self) -> HandlingState {
        if self.extension_pending.is_some() {
            HandlingState::ExtensionPending
        } else if self.consultations.iter().any(Consultation::is_open) {
            HandlingState::Consulting
        } else if self.fee.as_ref().is_some_and(FeeState::is_pending) {
            HandlingState::AwaitingFee
        } else {
            HandlingState::Working
        }
    }

    /// The dated facts the deadline clock needs, collected from the events.
    pub fn clock_facts(&self) -> Option<ClockFacts> {
        let received = self.receipt_date?;
        let mut pauses: Vec<Pause> = self
            .consultations
            .iter()
            .map(|c| Pause {
                reason: match c.party_kind {
                    PartyKind::ThirdParty => PauseReason::ThirdPartyConsultation,
                    PartyKind::Agency => PauseReason::AgencyConsultation,
                },
                from: c.sent_on,
                until: c.answer.as_ref().map(|(d, _)| *d).or(c.lapsed_on),
            })
            .collect();
        if let Some(f) = &self.fee {
            pauses.push(Pause {
                reason: PauseReason::FeePayment,
                from: f.noticed_on,
                until: f.paid_on.or(f.waived_on).or(f.lapsed_on),
            });
        }
        Some(ClockFacts {
            received,
            correction: self.correction.as_ref().map(|c| CorrectionFacts {
                requested: c.requested_on,
                received: c.received_on,
            }),
            pauses,
            extension: self.extension.clone(),
            deferred_until: self.deferral.as_ref().map(|(until, _)| *until),
        })
    }

    /// The reply deadline, computed from the events (never stored by hand).
    pub fn deadline(&self, cal: &Calendar) -> Option<Result<Deadline, ClockError>> {
        self.clock_facts().map(|f| compute_deadline(&f, cal))
    }

    /// Whether the reply went out after its due date (超期答复, R-TIME-3/R-TIME-4): derived from the
    /// events like the deadline itself, for legal staff's compliance list. `None` until the reply
    /// is issued, or when the clock had no due date.
    pub fn replied_late(&self, cal: &Calendar) -> Result<Option<bool>, ClockError> {
        let (Some((_, issued_on)), Some(deadline)) = (&self.issued, self.deadline(cal)) else {
            return Ok(None);
        };
        Ok(deadline?.due.map(|due| *issued_on > due.date))
    }

    /// What loading or correcting the official notice of `year` does to this case (R-TIME-10): the
    /// [`Event::CalendarUpdated`] to record when its due date or provisional flag differs between the
    /// calendar it was computed on (`old`) and the one now loaded (`new`), or `None` when nothing
    /// changes — so importing the same data twice records nothing. Concluded cases keep the clock
    /// they were judged by.
    pub fn calendar_update(
        &self,
        year: i32,
        old: &Calendar,
        new: &Calendar,
    ) -> Result<Option<Event>, ClockError> {
        if self.stage.is_none_or(|s| s.is_concluded()) {
            return Ok(None);
        }
        let Some(now) = self.deadline(new) else {
            return Ok(None);
        };
        let now = now?;
        // A clock the old calendar could not compute shows as "no date" before the change.
        let before = self.deadline(old).and_then(Result::ok);
        let previous_due = before.as_ref().and_then(|d| d.due.map(|x| x.date));
        let was_provisional = before.as_ref().is_some_and(|d| d.provisional);
        let new_due = now.due.map(|x| x.date);
        if previous_due == new_due && was_provisional == now.provisional {
            return Ok(None);
        }
        Ok(Some(Event::CalendarUpdated {
            year,
            previous_due,
            new_due,
            provisional: now.provisional,
        }))
    }

    /// Whether a search was recorded (R-DEC-1).
    pub fn has_search_record(&self) -> bool {
        !self.searches.is_empty()
    }

    /// Whether any consulted third party objected.
    pub fn has_objection(&self) -> bool {
        self.consultations
            .iter()
            .any(|c| matches!(c.answer, Some((_, ConsultationAnswer::Objects(_)))))
    }
}
