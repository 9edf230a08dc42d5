//! `decide`: every workflow rule in one pure function. Refusals are typed [`DomainError`]s naming
//! their rule; on a refusal nothing changes.
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use disclosure_calendar::Calendar;

use super::{Case, Command, DomainError, Event, Field, ProvisionForm, Reply, ReviewResult, Stage};
use crate::actor::{Actor, Role};
use crate::clock::{
    CONSULTATION_WORKING_DAYS, FEE_PAYMENT_WORKING_DAYS, MAX_EXTENSION_WORKING_DAYS,
};
use crate::fee::FeeBasis;
use crate::outcome::{Outcome, UnavailableGround};
use crate::receipt::{ElectronicChannel, ReceiptFacts};

type Decided = Result<Vec<Event>, DomainError>;

/// Who may give each command (R-FLOW-2). Admin can do nothing on cases: administration is separate
/// from handling.
fn allowed(cmd: &Command) -> &'static [Role] {
    use Role::*;
    match cmd {
        Command::Register { .. } => &[Clerk],
        Command::Assign { .. } => &[Approver, Clerk],
        Command::ReceiveCorrection { .. } => &[Officer, Clerk],
        Command::RequestCorrection { .. }
        | Command::CorrectionLapsed
        | Command::Accept
        | Command::Dismiss { .. }
        | Command::RecordSearch { .. }
        | Command::StartConsultation { .. }
        | Command::ReceiveConsultationAnswer { .. }
        | Command::ConsultationLapsed { .. }
        | Command::IssueFeeNotice { .. }
        | Command::FeePaid { .. }
        | Command::FeeLapsed
        | Command::RequestExtension { .. }
        | Command::DraftReply { .. } => &[Officer],
        Command::WaiveFee { .. }
        | Command::ApproveExtension
        | Command::RejectExtension { .. }
        | Command::ReturnReply { .. }
        | Command::ApproveReply => &[Approver],
        Command::IssueReply { .. } => &[Approver, Officer],
        Command::RecordDelivery { .. } | Command::Withdraw { .. } => &[Clerk, Officer],
        Command::Archive => &[Clerk, Officer, Legal],
        Command::RecordReview { .. } | Command::DecideReview { .. } => &[Legal],
        Command::AddAttachment { .. } => &[Clerk, Officer],
    }
}

/// R-FLOW-1: commands about the open matters of a running case — consultations, fees, the
/// decision on a requested extension — are refused once it is concluded, so a late one can never
/// rewrite its outcome or conclusion date.
fn needs_open_case(cmd: &Command) -> bool {
    matches!(
        cmd,
        Command::ReceiveConsultationAnswer { .. }
            | Command::ConsultationLapsed { .. }
            | Command::FeePaid { .. }
            | Command::FeeLapsed
            | Command::WaiveFee { .. }
            | Command::ApproveExtension
            | Command::RejectExtension { .. }
    )
}

/// Decides what a command does to a case at `now` (China Standard Time), on the official calendar.
pub fn decide(
    case: &Case,
    cmd: Command,
    actor: &Actor,
    now: NaiveDateTime,
    cal: &Calendar,
) -> Decided {
    let today = now.date();
    let permitted = match actor.role() {
        Some(role) => allowed(&cmd).contains(&role),
        // The portal registers, and keeps the files sent with the application in the same step.
        None => match cmd {
            Command::Register { .. } => true,
            Command::AddAttachment { .. } => case.stage == Some(Stage::Registered),
            _ => false,
        },
    };
    if !permitted {
        return Err(DomainError::RoleNotAllowed {
            command: cmd.name(),
            role: actor.role(),
        });
    }
    if let Some(app) = &case.application {
        if app.agency_id != actor.agency_id() {
            return Err(DomainError::OtherAgency);
        }
    }
    let stage = case.stage;
    let wrong = |command: &'static str| DomainError::WrongStage { command, stage };
    let is = |allowed: &[Stage]| stage.is_some_and(|s| allowed.contains(&s));
    // Answered, withdrawn or abandoned cases are concluded (R-FLOW-1).
    let open = stage.is_some_and(|s| !s.is_concluded());
    let name = cmd.name();
    if needs_open_case(&cmd) && !open {
        return Err(wrong(name));
    }

    match cmd {
        Command::Register { application } => {
            if stage.is_some() {
                return Err(wrong(name));
            }
            if application.agency_id != actor.agency_id() {
                return Err(DomainError::OtherAgency);
            }
            // R-FLOW-2 / R-APP-2 (条例 §31(3)): the portal speaks only for applications made
            // online; letters, visits and faxes are registered by a clerk.
            if actor.role().is_none() && !is_online(&application.receipt) {
                return Err(DomainError::PortalOnlineOnly);
            }
            let receipt = application.receipt.receipt()?;
            not_future(Field::ReceiptDate, receipt.date, today)?;
            cal.is_working_day(receipt.date)
                .map_err(crate::clock::ClockError::from)?;
            let missing = application.missing_elements();
            Ok(vec![Event::Registered {
                application,
                receipt_date: receipt.date,
                missing,
            }])
        }
        Command::Assign {
            officer_id,
            officer_name,
        } => {
            if stage.is_none() || stage.is_some_and(|s| s.is_concluded()) {
                return Err(wrong(name));
            }
            if officer_id.trim().is_empty() || officer_name.trim().is_empty() {
                return Err(DomainError::ReasonRequired);
            }
            Ok(vec![Event::Assigned {
                officer_id,
                officer_name,
            }])
        }
        Command::RequestCorrection { items, reply_by } => {
            if case.correction.is_some() {
                return Err(DomainError::CorrectionAlreadyRequested);
            }
            if !is(&[Stage::Registered, Stage::UnderReview]) {
                return Err(wrong(name));
            }
            let items: Vec<String> = items
                .into_iter()
                .map(|i| i.trim().to_string())
                .filter(|i| !i.is_empty())
                .collect();
            if items.is_empty() {
                return Err(DomainError::CorrectionItemsRequired);
            }
            if reply_by <= today {
                return Err(DomainError::CorrectionDeadlineInvalid { reply_by });
            }
            let received = received(case)?;
            // R-COR-1: due within 7 working days of receipt; a late notice is allowed but recorded.
            let notice_due = cal
                .add_working_days(received, crate::clock::CORRECTION_NOTICE_WORKING_DAYS)
                .map_err(crate::clock::ClockError::from)?;
            Ok(vec![Event::CorrectionRequested {
                requested_on: today,
                items,
                reply_by,
                late: today > notice_due.date,
            }])
        }
        Command::ReceiveCorrection { received_on } => {
            if !is(&[Stage::AwaitingCorrection]) {
                return Err(wrong(name));
            }
            let c = case.correction.as_ref().ok_or_else(|| wrong(name))?;
            not_future(Field::CorrectionReceivedDate, received_on, today)?;
            not_before(
                Field::CorrectionReceivedDate,
                received_on,
                Field::CorrectionNoticeDate,
                c.requested_on,
            )?;
            Ok(vec![Event::CorrectionReceived { received_on }])
        }
        Command::CorrectionLapsed => {
            if !is(&[Stage::AwaitingCorrection]) {
                return Err(wrong(name));
            }
            let c = case.correction.as_ref().ok_or_else(|| wrong(name))?;
            if today <= c.reply_by {
                return Err(DomainError::CorrectionWindowOpen {
                    reply_by: c.reply_by,
                });
            }
            Ok(vec![Event::CorrectionLapsed { on: today }])
        }
        Command::Accept => {
            if !is(&[Stage::Registered, Stage::UnderReview]) {
                return Err(wrong(name));
            }
            Ok(vec![Event::Accepted])
        }
        Command::Dismiss {
            ground,
            facts,
            decision,
        } => {
            if !is(&[Stage::Registered, Stage::UnderReview, Stage::Handling]) {
                return Err(wrong(name));
            }
            if facts.trim().is_empty() || decision.trim().is_empty() {
                return Err(DomainError::DismissIncomplete);
            }
            no_open_matters(case)?;
            let reply = Reply {
                outcome: Outcome::NotProcessed(ground),
                facts,
                decision,
                disclosed_items: vec![],
                withheld_items: vec![],
                provision: None,
                competent_agency: None,
                public_interest_reason: None,
                third_party_notified: false,
            };
            Ok(vec![Event::ReplyDrafted { reply }])
        }
        Command::RecordSearch { search } => {
            if !is(&[Stage::UnderReview, Stage::Handling]) {
                return Err(wrong(name));
            }
            let blank = |s: &str| s.trim().is_empty();
            if blank(&search.places)
                || blank(&search.method)
                || blank(&search.keywords)
                || blank(&search.result)
                || blank(&search.searched_by)
            {
                return Err(DomainError::SearchRecordIncomplete);
            }
            not_future(Field::SearchDate, search.searched_on, today)?;
            if let Some(unknown) = search
                .evidence
                .iter()
                .find(|id| !case.attachments.iter().any(|a| &a.id == *id))
            {
                return Err(DomainError::SearchEvidenceUnknown(unknown.clone()));
            }
            let mut search = search;
            let mut seen = std::collections::HashSet::new();
            search.evidence.retain(|id| seen.insert(id.clone()));
            Ok(vec![Event::SearchRecorded { search }])
        }
        Command::StartConsultation {
            party,
            party_kind,
            sent_on,
        } => {
            if !is(&[Stage::Handling]) {
                return Err(wrong(name));
            }
            if party.trim().is_empty() {
                return Err(DomainError::ReasonRequired);
            }
            not_future(Field::ConsultationSentDate, sent_on, today)?;
            not_before(
                Field::ConsultationSentDate,
                sent_on,
                Field::ClockStart,
                clock_start(case)?,
            )?;
            let window_ends = cal
                .add_working_days(sent_on, CONSULTATION_WORKING_DAYS)
                .map_err(crate::clock::ClockError::from)?
                .date;
            let consultation_id = u32::try_from(case.consultations.len()).unwrap_or(u32::MAX) + 1;
            Ok(vec![Event::ConsultationStarted {
                consultation_id,
                party,
                party_kind,
                sent_on,
                window_ends,
            }])
        }
        Command::ReceiveConsultationAnswer {
            consultation_id,
            answered_on,
            answer,
        } => {
            let c = open_consultation(case, consultation_id)?;
            not_future(Field::ConsultationAnswerDate, answered_on, today)?;
            not_before(
                Field::ConsultationAnswerDate,
                answered_on,
                Field::ConsultationSentDate,
                c.sent_on,
            )?;
            Ok(vec![Event::ConsultationAnswered {
                consultation_id,
                answered_on,
                answer,
            }])
        }
        Command::ConsultationLapsed { consultation_id } => {
            let c = open_consultation(case, consultation_id)?;
            if today <= c.window_ends {
                return Err(DomainError::ConsultationWindowOpen {
                    window_ends: c.window_ends,
                });
            }
            Ok(vec![Event::ConsultationLapsed {
                consultation_id,
                on: c.window_ends,
            }])
        }
        Command::IssueFeeNotice { basis } => {
            if !is(&[Stage::Handling]) {
                return Err(wrong(name));
            }
            if case.fee.is_some() {
                return Err(DomainError::FeeAlreadyNoticed);
            }
            // R-FEE-4: per volume only when the applicant wants paper, e-mail or copied electronic
            // data — reading and copying by hand on site is never charged by the page.
            let on_site = case
                .application
                .as_ref()
                .is_some_and(|a| a.requested_form == ProvisionForm::OnSite);
            if on_site && matches!(basis, FeeBasis::PerPage { .. }) {
                return Err(DomainError::PerPageFeeNotApplicable);
            }
            let amount_yuan = basis.amount();
            if amount_yuan == 0 {
                return Err(DomainError::FeeIsZero);
            }
            let due = current_due(case, cal)?;
            if let Some(due) = due {
                if today > due {
                    return Err(DomainError::FeeNoticeAfterDueDate { due });
                }
            }
            let pay_by = cal
                .add_working_days(today, FEE_PAYMENT_WORKING_DAYS)
                .map_err(crate::clock::ClockError::from)?
                .date;
            Ok(vec![Event::FeeNoticed {
                basis,
                amount_yuan,
                noticed_on: today,
                pay_by,
            }])
        }
        Command::FeePaid { paid_on } => {
            let f = pending_fee(case)?;
            not_future(Field::PaymentDate, paid_on, today)?;
            not_before(
                Field::PaymentDate,
                paid_on,
                Field::FeeNoticeDate,
                f.noticed_on,
            )?;
            Ok(vec![Event::FeePaid { paid_on }])
        }
        Command::FeeLapsed => {
            let f = pending_fee(case)?;
            if today <= f.pay_by {
                return Err(DomainError::FeeWindowOpen { pay_by: f.pay_by });
            }
            Ok(vec![Event::FeeLapsed { on: today }])
        }
        Command::WaiveFee { reason } => {
            pending_fee(case)?;
            if reason.trim().is_empty() {
                return Err(DomainError::ReasonRequired);
            }
            Ok(vec![Event::FeeWaived {
                waived_on: today,
                reason,
            }])
        }
        Command::RequestExtension { days, reason } => {
            if !is(&[Stage::Handling]) {
                return Err(wrong(name));
            }
            if case.extension.is_some() {
                return Err(DomainError::ExtensionAlreadyUsed);
            }
            if case.extension_pending.is_some() {
                return Err(DomainError::ExtensionPending);
            }
            if days == 0 || days > MAX_EXTENSION_WORKING_DAYS {
                return Err(DomainError::ExtensionTooLong { days });
            }
            if reason.trim().is_empty() {
                return Err(DomainError::ExtensionReasonRequired);
            }
            if let Some(due) = current_due(case, cal)? {
                if today > due {
                    return Err(DomainError::ExtensionAfterDueDate { due });
                }
            }
            Ok(vec![Event::ExtensionRequested { days, reason }])
        }
        Command::ApproveExtension => {
            if case.extension_pending.is_none() {
                return Err(DomainError::NoExtensionPending);
            }
            if case.extension.is_some() {
                return Err(DomainError::ExtensionAlreadyUsed);
            }
            if let Some(due) = current_due(case, cal)? {
                if today > due {
                    return Err(DomainError::ExtensionAfterDueDate { due });
                }
            }
            Ok(vec![Event::ExtensionApproved {
                approved_on: today,
                approver_name: actor.display_name().to_string(),
            }])
        }
        Command::RejectExtension { reason } => {
            if case.extension_pending.is_none() {
                return Err(DomainError::NoExtensionPending);
            }
            if reason.trim().is_empty() {
                return Err(DomainError::ReasonRequired);
            }
            Ok(vec![Event::ExtensionRejected { reason }])
        }
        Command::DraftReply { reply } => {
            let unclear =
                reply.outcome == Outcome::Unavailable(UnavailableGround::UnclearAfterCorrection);
            let from_review = is(&[Stage::UnderReview])
                && (unclear || matches!(reply.outcome, Outcome::NotProcessed(_)));
            if !(is(&[Stage::Handling]) || from_review) {
                return Err(wrong(name));
            }
            no_open_matters(case)?;
            check_reply(case, &reply)?;
            Ok(vec![Event::ReplyDrafted { reply }])
        }
        Command::ReturnReply { reason } => {
            if !is(&[Stage::ReplyDrafted, Stage::ReplyApproved]) {
                return Err(wrong(name));
            }
            if reason.trim().is_empty() {
                return Err(DomainError::ReasonRequired);
            }
            Ok(vec![Event::ReplyReturned { reason }])
        }
        Command::ApproveReply => {
            if !is(&[Stage::ReplyDrafted]) {
                return Err(wrong(name));
            }
            Ok(vec![Event::ReplyApproved {
                approver_name: actor.display_name().to_string(),
            }])
        }
        Command::IssueReply { doc_number } => {
            if !is(&[Stage::ReplyApproved]) {
                return Err(wrong(name));
            }
            // R-LET-1: the 字号 carries the year the reply is issued in (〔2026〕 for a reply dated
            // in 2026); a number drawn from another year's sequence is a store bug, not a choice.
            if doc_number.year != today.year() {
                return Err(DomainError::DocNumberYearMismatch {
                    doc_year: doc_number.year,
                    issued_on: today,
                });
            }
            let reply = case
                .reply
                .as_ref()
                .ok_or(DomainError::ReplyIncomplete(Field::ReplyDecision))?;
            // The draft was checked when drafted; check again so no issued letter ever lacks an
            // element, whatever happened in between.
            check_reply(case, reply)?;
            Ok(vec![Event::ReplyIssued {
                doc_number,
                issued_on: today,
            }])
        }
        Command::RecordDelivery { delivery } => {
            if !is(&[Stage::Issued]) {
                return Err(wrong(name));
            }
            let issued_on = case
                .issued
                .as_ref()
                .map(|(_, d)| *d)
                .ok_or_else(|| wrong(name))?;
            not_future(Field::DeliveryDate, delivery.delivered_on, today)?;
            not_before(
                Field::DeliveryDate,
                delivery.delivered_on,
                Field::ReplyDate,
                issued_on,
            )?;
            if delivery
                .impossible_reason
                .as_deref()
                .is_some_and(|r| r.trim().is_empty())
            {
                return Err(DomainError::DeliveryIncomplete(
                    Field::ImpossibleDeliveryReason,
                ));
            }
            Ok(vec![Event::Delivered { delivery }])
        }
        Command::Archive => {
            if !is(&[Stage::Delivered, Stage::Withdrawn, Stage::Abandoned]) {
                return Err(wrong(name));
            }
            Ok(vec![Event::Archived { on: today }])
        }
        Command::Withdraw { on } => {
            if !is(&[
                Stage::Registered,
                Stage::UnderReview,
                Stage::AwaitingCorrection,
                Stage::Handling,
                Stage::ReplyDrafted,
                Stage::ReplyApproved,
            ]) {
                return Err(wrong(name));
            }
            not_future(Field::WithdrawalDate, on, today)?;
            not_before(
                Field::WithdrawalDate,
                on,
                Field::ReceiptDate,
                received(case)?,
            )?;
            Ok(vec![Event::Withdrawn { on }])
        }
        Command::RecordReview { review } => {
            // R-REV-1: any concluded case can be contested, including one deemed abandoned.
            if open || stage.is_none() {
                return Err(wrong(name));
            }
            not_future(Field::ReviewFiledDate, review.filed_on, today)?;
            if let Some(d) = review.decided_on {
                not_before(
                    Field::ReviewDecidedDate,
                    d,
                    Field::ReviewFiledDate,
                    review.filed_on,
                )?;
            }
            // The same filing recorded twice would be counted twice in table 四; its decision is
            // recorded with DecideReview.
            if case
                .reviews
                .iter()
                .any(|r| r.kind == review.kind && r.filed_on == review.filed_on)
            {
                return Err(DomainError::ReviewAlreadyRecorded {
                    filed_on: review.filed_on,
                });
            }
            Ok(vec![Event::ReviewRecorded { review }])
        }
        Command::AddAttachment { attachment } => {
            // R-FLOW-1: an archived file is closed; before that, material may still arrive.
            if stage.is_none() || stage == Some(Stage::Archived) {
                return Err(wrong(name));
            }
            if !attachment.is_well_formed() {
                return Err(DomainError::AttachmentInvalid);
            }
            if case.attachments.iter().any(|a| a.id == attachment.id) {
                return Err(DomainError::AttachmentInvalid);
            }
            Ok(vec![Event::AttachmentAdded { attachment }])
        }
        Command::DecideReview {
            review_id,
            result,
            decided_on,
        } => {
            // R-REV-1: the decision completes the review filed earlier; it is not a second review.
            let review = case
                .reviews
                .get(review_id as usize)
                .ok_or(DomainError::NoSuchReview(review_id))?;
            if review.decided_on.is_some() || review.result != ReviewResult::Pending {
                return Err(DomainError::ReviewAlreadyDecided(review_id));
            }
            if result == ReviewResult::Pending {
                return Err(DomainError::ReviewResultRequired);
            }
            not_future(Field::ReviewDecidedDate, decided_on, today)?;
            not_before(
                Field::ReviewDecidedDate,
                decided_on,
                Field::ReviewFiledDate,
                review.filed_on,
            )?;
            Ok(vec![Event::ReviewDecided {
                review_id,
                result,
                decided_on,
            }])
        }
    }
}

/// R-LET-1, R-DEC-1, R-TIME-6, 条例 §37: the elements a reply must have for its outcome.
fn check_reply(case: &Case, reply: &Reply) -> Result<(), DomainError> {
    if reply.facts.trim().is_empty() {
        return Err(DomainError::ReplyIncomplete(Field::ReplyFacts));
    }
    if reply.decision.trim().is_empty() {
        return Err(DomainError::ReplyIncomplete(Field::ReplyDecision));
    }
    match reply.outcome {
        Outcome::Disclosed(_) => {
            if reply.provision.is_none() {
                return Err(DomainError::ReplyIncomplete(Field::Provision));
            }
            if case.has_objection()
                && (reply
                    .public_interest_reason
                    .as_deref()
                    .is_none_or(|r| r.trim().is_empty())
                    || !reply.third_party_notified)
            {
                return Err(DomainError::ObjectionNeedsPublicInterest);
            }
        }
        Outcome::PartiallyDisclosed => {
            if reply.disclosed_items.iter().all(|i| i.trim().is_empty()) {
                return Err(DomainError::ReplyIncomplete(Field::DisclosedItems));
            }
            if reply.withheld_items.is_empty()
                || reply
                    .withheld_items
                    .iter()
                    .any(|w| w.item.trim().is_empty() || w.reason.trim().is_empty())
            {
                return Err(DomainError::WithheldReasonRequired);
            }
            if reply.provision.is_none() {
                return Err(DomainError::ReplyIncomplete(Field::Provision));
            }
        }
        Outcome::Unavailable(UnavailableGround::DoesNotExist) if !case.has_search_record() => {
            return Err(DomainError::SearchRecordRequired);
        }
        Outcome::Unavailable(UnavailableGround::UnclearAfterCorrection)
            if case
                .correction
                .as_ref()
                .is_none_or(|c| c.received_on.is_none()) =>
        {
            return Err(DomainError::CorrectionRequiredFirst);
        }
        _ => {}
    }
    Ok(())
}

/// Made on the agency's online platform (条例 §31(3)): the only channel the portal registers.
fn is_online(receipt: &ReceiptFacts) -> bool {
    matches!(
        receipt,
        ReceiptFacts::Electronic {
            channel: ElectronicChannel::Online,
            ..
        }
    )
}

/// R-TIME-5, R-TIME-9: no reply (nor 不予处理 notice) while a consultation or a fee is outstanding.
fn no_open_matters(case: &Case) -> Result<(), DomainError> {
    if case.consultations.iter().any(super::Consultation::is_open) {
        return Err(DomainError::ConsultationOpen);
    }
    if case.fee.as_ref().is_some_and(super::FeeState::is_pending) {
        return Err(DomainError::FeePending);
    }
    Ok(())
}

fn received(case: &Case) -> Result<NaiveDate, DomainError> {
    case.receipt_date.ok_or(DomainError::WrongStage {
        command: "any",
        stage: case.stage,
    })
}

/// The day the reply period runs from: receipt, or the corrected application (R-COR-2).
fn clock_start(case: &Case) -> Result<NaiveDate, DomainError> {
    Ok(case
        .correction
        .as_ref()
        .and_then(|c| c.received_on)
        .unwrap_or(received(case)?))
}

/// The current due date, or None while the clock is stopped.
fn current_due(case: &Case, cal: &Calendar) -> Result<Option<NaiveDate>, DomainError> {
    match case.deadline(cal) {
        None => Ok(None),
        Some(d) => Ok(d?.due.map(|x| x.date)),
    }
}

fn open_consultation(case: &Case, id: u32) -> Result<&super::Consultation, DomainError> {
    let c = case
        .consultations
        .iter()
        .find(|c| c.id == id)
        .ok_or(DomainError::ConsultationNotFound(id))?;
    if !c.is_open() {
        return Err(DomainError::ConsultationClosed(id));
    }
    Ok(c)
}

fn pending_fee(case: &Case) -> Result<&super::FeeState, DomainError> {
    case.fee
        .as_ref()
        .filter(|f| f.is_pending())
        .ok_or(DomainError::NoFeePending)
}

fn not_future(what: Field, date: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if date > today {
        return Err(DomainError::DateInFuture { what, date, today });
    }
    Ok(())
}

fn not_before(
    what: Field,
    date: NaiveDate,
    earlier_what: Field,
    earlier: NaiveDate,
) -> Result<(), DomainError> {
    if date < earlier {
        return Err(DomainError::DateTooEarly {
            what,
            date,
            earlier_what,
            earlier,
        });
    }
    Ok(())
}
