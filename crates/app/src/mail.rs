//! Mail caused by a case's events, written to the outbox in the transaction that appends them; and
//! the 送达 an accepted reply mail records (through the same decide → append path as a clerk's).
//!
//! Applicants get mail only when they gave an e-mail address and chose e-mail delivery (条例 §29(3)).
use chrono::NaiveDateTime;
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::{decide, Case, Command, Delivery, DeliveryMethod, Event};
use disclosure_core::values::CaseNumber;
use disclosure_mail::AfterSend;
use disclosure_store::cases as store_cases;
use disclosure_store::model::CaseRow;
use disclosure_store::outbox::{self, ClaimedMail, NewMail};
use disclosure_store::{directory, AnyConnection};

use crate::documents::{kind as doc_kind, KeptDocument};
use crate::mail_zh::{self, CaseFacts};
use crate::records::{projection, to_event, to_new_event};
use crate::ServiceError;

/// Outbox kinds of applicant mail; `REPLY_ISSUED` rows record 送达 when accepted.
pub const REPLY_ISSUED: &str = "reply_issued";
pub const EXTENSION_APPROVED: &str = "extension_approved";
pub const REPLY_DEFERRED: &str = "reply_deferred";
pub const CORRECTION_REQUESTED: &str = "correction_requested";
pub const FEE_NOTICED: &str = "fee_noticed";

/// The id the automatic e-mail 送达 is recorded under.
pub const MAIL_ACTOR_ID: &str = "system:mail";

/// Enqueues the applicant mail of `events` (already applied to `case`), inside the caller's
/// transaction: the mail exists exactly when the events do. Each mail attaches the document its
/// event issued (`documents`, kept in the same transaction), so the applicant receives the stored
/// bytes of the 答复书 or notice (R-LET-1).
pub fn enqueue_for_events(
    c: &mut AnyConnection,
    row: &CaseRow,
    case: &Case,
    events: &[Event],
    documents: &[KeptDocument],
    cal: &Calendar,
    now: NaiveDateTime,
) -> Result<usize, ServiceError> {
    let Some(app) = &case.application else {
        return Ok(0);
    };
    let Some(to) = app
        .applicant
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    else {
        return Ok(0);
    };
    if app.delivery != DeliveryMethod::Email {
        return Ok(0);
    }
    let relevant = events.iter().any(|e| {
        matches!(
            e,
            Event::ReplyIssued { .. }
                | Event::ExtensionApproved { .. }
                | Event::ReplyDeferred { .. }
                | Event::CorrectionRequested { .. }
                | Event::FeeNoticed { .. }
        )
    });
    if !relevant {
        return Ok(0);
    }
    let agency = directory::agency(c, &row.agency_id)?;
    let number =
        CaseNumber::new(row.number_year, u32::try_from(row.number_seq).unwrap_or(0)).to_string();
    let facts = CaseFacts {
        agency: &agency.name,
        contact: &agency.contact,
        case_number: &number,
        applicant: &app.applicant.name,
        received_on: case.receipt_date.unwrap_or(row.receipt_date),
    };
    // The applicant's copy of what each event issued (not the 送达回证, which stays on paper).
    let attachment = |index: usize| {
        documents
            .iter()
            .find(|d| d.event_index == index && d.kind != doc_kind::DELIVERY_RECEIPT)
            .map(|d| d.document_id.clone())
    };
    let mut n = 0;
    for (index, e) in events.iter().enumerate() {
        let (kind, (subject, body), document_id) = match e {
            // R-LET-1: the letter itself, as the PDF stored when it was issued.
            Event::ReplyIssued {
                doc_number,
                issued_on,
                ..
            } => {
                let doc = attachment(index);
                (
                    REPLY_ISSUED,
                    mail_zh::reply_issued(
                        &facts,
                        &doc_number.to_string(),
                        *issued_on,
                        doc.is_some(),
                    ),
                    doc,
                )
            }
            // R-TIME-4: the applicant is told of the extension.
            Event::ExtensionApproved { .. } => {
                let days = case.extension.as_ref().map_or(0, |x| x.days);
                let due = case
                    .deadline(cal)
                    .and_then(Result::ok)
                    .and_then(|d| d.due)
                    .map(|d| d.date);
                (
                    EXTENSION_APPROVED,
                    mail_zh::extension_approved(&facts, days, due),
                    attachment(index),
                )
            }
            // R-TIME-8: the applicant is told the later reply date.
            Event::ReplyDeferred { until, reason, .. } => (
                REPLY_DEFERRED,
                mail_zh::reply_deferred(&facts, *until, reason),
                attachment(index),
            ),
            // R-COR-1: once and completely, with the deadline.
            Event::CorrectionRequested {
                items, reply_by, ..
            } => (
                CORRECTION_REQUESTED,
                mail_zh::correction_requested(&facts, items, *reply_by),
                attachment(index),
            ),
            // R-FEE-5 / R-TIME-9.
            Event::FeeNoticed {
                basis,
                amount_yuan,
                pay_by,
                ..
            } => (
                FEE_NOTICED,
                mail_zh::fee_noticed(&facts, basis, *amount_yuan, *pay_by),
                attachment(index),
            ),
            _ => continue,
        };
        outbox::enqueue(
            c,
            &NewMail {
                kind: kind.to_string(),
                case_id: Some(row.id.clone()),
                recipient: to.to_string(),
                subject,
                body,
                document_id,
                dedupe_key: None,
            },
            now,
        )?;
        n += 1;
    }
    Ok(n)
}

/// Records 送达 by e-mail when the server accepts an issued reply's mail, in the transaction that
/// marks the row sent. The delivery date is the acceptance date; the note says what acceptance
/// means and does not mean.
#[derive(Debug, Clone)]
pub struct DeliveryRecorder {
    pub calendar: std::sync::Arc<Calendar>,
}

impl AfterSend for DeliveryRecorder {
    fn after_send(
        &self,
        c: &mut AnyConnection,
        mail: &ClaimedMail,
        accepted_at: NaiveDateTime,
        response: &str,
    ) -> Result<(), String> {
        if mail.kind != REPLY_ISSUED {
            return Ok(());
        }
        let Some(case_id) = &mail.case_id else {
            return Ok(());
        };
        record_delivery(c, case_id, mail, accepted_at, response, &self.calendar)
            .map_err(|e| format!("送达未能自动登记：{e}"))
    }
}

fn record_delivery(
    c: &mut AnyConnection,
    case_id: &str,
    mail: &ClaimedMail,
    accepted_at: NaiveDateTime,
    response: &str,
    cal: &Calendar,
) -> Result<(), ServiceError> {
    let row = store_cases::case_row(c, case_id)?;
    let stored = store_cases::load_events(c, case_id)?;
    let mut case = Case::default();
    for s in &stored {
        case.apply(&to_event(s)?);
    }
    let actor = Actor::Staff {
        user_id: MAIL_ACTOR_ID.into(),
        name: mail_zh::MAIL_ACTOR_NAME.into(),
        role: Role::Officer,
        agency_id: row.agency_id.clone(),
    };
    let delivery = Delivery {
        method: DeliveryMethod::Email,
        delivered_on: accepted_at.date(),
        tracking_number: Some(mail_zh::delivery_note(
            &mail.message_id,
            accepted_at,
            response,
        )),
        signed_receipt: false,
        impossible_reason: None,
    };
    let events = decide(
        &case,
        Command::RecordDelivery { delivery },
        &actor,
        accepted_at,
        cal,
    )?;
    for e in &events {
        case.apply(e);
    }
    let proj = projection(&case, cal)?;
    let new_events = events
        .iter()
        .map(|e| to_new_event(e, &actor, accepted_at))
        .collect::<Result<Vec<_>, _>>()?;
    store_cases::append(c, case_id, row.version, &new_events, &proj, accepted_at)?;
    Ok(())
}

impl crate::Services {
    /// The mails of a case, oldest first, with their status, attempts and the server's answer: the
    /// case page shows them, a permanently failed one included, so staff can deliver another way.
    pub fn case_mails(
        &self,
        loaded: &crate::LoadedCase,
    ) -> Result<Vec<outbox::OutboxEntry>, ServiceError> {
        Ok(self.store.read(|c| outbox::for_case(c, &loaded.row.id))?)
    }
}

/// A staff member's 督办 address, checked once where it is typed (a form, the command line) with
/// the same rule the worker applies when it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAddress(String);

impl StaffAddress {
    /// `None` for anything mail could never be sent to.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        (s.len() <= 254 && disclosure_mail::is_valid_address(s)).then(|| Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One staff member as the address page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAddressRow {
    pub user: disclosure_store::model::User,
    pub email: Option<String>,
}

impl crate::Services {
    /// Sets, replaces or (with `None`) removes where `user_id`'s 督办 digests go, with the change and
    /// its author kept in `staff_email_changes` in the same transaction. Only a user of `by`'s own
    /// agency can be changed; who may do it at all is the caller's check (the admin page, or the
    /// operator's shell for `disclosure staff-email`). `None` back: nothing changed.
    pub fn set_staff_email(
        &self,
        by: &Actor,
        user_id: &str,
        email: Option<&StaffAddress>,
        now: NaiveDateTime,
    ) -> Result<Option<outbox::StaffEmailChange>, ServiceError> {
        let (by_id, by_name) = match by {
            Actor::Staff { user_id, name, .. } => (user_id.as_str(), name.as_str()),
            // The applicants' portal never manages staff.
            Actor::Portal { .. } => return Err(ServiceError::UnknownUser),
        };
        self.store.write(|c| {
            let user = match directory::user(c, user_id) {
                Ok(u) => u,
                Err(disclosure_store::StoreError::NotFound(_)) => {
                    return Err(ServiceError::UnknownUser)
                }
                Err(e) => return Err(e.into()),
            };
            if user.agency_id != by.agency_id() {
                return Err(ServiceError::UnknownUser);
            }
            Ok(outbox::change_staff_email(
                c,
                &user.id,
                email.map(StaffAddress::as_str),
                (by_id, by_name),
                now,
            )?)
        })
    }

    /// Every user of `agency_id` with their 督办 address (the admin page's list).
    pub fn staff_addresses(&self, agency_id: &str) -> Result<Vec<StaffAddressRow>, ServiceError> {
        Ok(self.store.read(|c| {
            let users = directory::users_of_agency(c, agency_id)?;
            users
                .into_iter()
                .map(|user| {
                    let email = outbox::staff_email(c, &user.id)?;
                    Ok(StaffAddressRow { user, email })
                })
                .collect()
        })?)
    }

    /// The latest changes of the addresses of `agency_id`'s staff, newest first.
    pub fn staff_address_changes(
        &self,
        agency_id: &str,
    ) -> Result<Vec<outbox::StaffEmailChange>, ServiceError> {
        Ok(self
            .store
            .read(|c| outbox::staff_email_changes(c, agency_id, 50))?)
    }
}
