//! The letters of a case as PDF, built from its events and its agency: the 登记回执, the 答复书,
//! the notices issued at their events (补正告知书, 延期答复告知书, 收费通知书, 征求意见书, 送达回证),
//! the 登记表 and the 案卷. The typed letter values refuse to exist without every formal element
//! (R-LET-1).
use chrono::NaiveDate;
use disclosure_calendar::Calendar;
use disclosure_core::case::{Case, DeliveryMethod, Event, PartyKind};
use disclosure_core::receipt::{ReceiptBasis, ReceiptFacts};
use disclosure_core::values::CaseNumber;
use disclosure_letters::documents::{
    ConsultationLetter, ConsultationLetterDraft, CorrectionNotice, CorrectionNoticeDraft,
    DeferralNotice, DeferralNoticeDraft, DeliveryReceipt, DeliveryReceiptDraft, ExtensionNotice,
    ExtensionNoticeDraft, FeeNotice, FeeNoticeDraft, IssuingAgency, ReceiptContent, ReceiptDraft,
    RegistrationForm, RegistrationFormDraft, ReplyLetter, ReplyLetterFacts,
};
use disclosure_letters::{render, templates, Fonts, Seal};
use disclosure_store::model::Agency;

use crate::Services;

/// Why a letter could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum LetterFailure {
    #[error("letter fonts are not installed: {0}")]
    NoFonts(String),
    #[error("the case has no {0} yet")]
    NotYet(&'static str),
    #[error("a formal element is missing: {0}")]
    Element(String),
    #[error("rendering failed: {0}")]
    Render(String),
}

impl LetterFailure {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoFonts(_) => "letter_fonts_missing",
            Self::NotYet(_) => "letter_not_available",
            Self::Element(_) => "letter_element_missing",
            Self::Render(_) => "internal_error",
        }
    }

    /// Whether the case (not the installation) is why there is no letter.
    pub fn is_client_error(&self) -> bool {
        matches!(self, Self::NotYet(_) | Self::Element(_))
    }
}

/// The stored kind key of each document the services keep.
pub mod kind {
    pub const RECEIPT: &str = "receipt";
    pub const REPLY: &str = "reply";
    /// 补正告知书 (R-COR-1), kept at `CorrectionRequested`.
    pub const CORRECTION_NOTICE: &str = "correction_notice";
    /// 延期答复告知书 (R-TIME-4), kept at `ExtensionApproved`.
    pub const EXTENSION_NOTICE: &str = "extension_notice";
    /// 延迟答复告知书 (R-TIME-8, 条例 §35), kept at `ReplyDeferred`.
    pub const DEFERRAL_NOTICE: &str = "deferral_notice";
    /// 收费通知书 (R-FEE-5), kept at `FeeNoticed`.
    pub const FEE_NOTICE: &str = "fee_notice";
    /// 征求意见书 (R-TIME-6 / R-TIME-7), kept at `ConsultationStarted`.
    pub const CONSULTATION_LETTER: &str = "consultation_letter";
    /// 送达回证, kept with an issued reply that goes out by post or is collected in person.
    pub const DELIVERY_RECEIPT: &str = "delivery_receipt";
    /// 登记表: not kept, printed as of registration (the case file's first document).
    pub const REGISTRATION_FORM: &str = "registration_form";
    /// The kept documents addressed to the applicant, which the portal's 进度查询 offers for
    /// download (a 征求意见书 goes to the third party and is not among them).
    pub const TO_APPLICANT: [&str; 5] = [
        REPLY,
        CORRECTION_NOTICE,
        EXTENSION_NOTICE,
        DEFERRAL_NOTICE,
        FEE_NOTICE,
    ];
}

/// The sentence that says how the receipt date was fixed (条例第三十一条).
pub fn receipt_basis_zh(facts: &ReceiptFacts) -> &'static str {
    match facts.receipt().map(|r| r.basis) {
        Ok(ReceiptBasis::HandedIn) => "您当面提交申请，以提交之日为收到申请之日。",
        Ok(ReceiptBasis::SignedFor) => "您以邮寄方式提交申请，以本机关签收之日为收到申请之日。",
        Ok(ReceiptBasis::ConfirmedWithApplicant) => {
            "您以平常信函方式提交申请，以本机关与您确认之日为收到申请之日。"
        }
        Ok(ReceiptBasis::ConfirmedByBothSides(_)) | Err(_) => {
            "您通过互联网、电子邮件或传真提交申请，以双方确认之日为收到申请之日。"
        }
    }
}

/// What every letter of a case is built from; gathered by the services, inside or outside a
/// transaction, so rendering itself touches no database.
pub struct LetterInputs<'a> {
    pub fonts: &'a Fonts,
    pub calendar: &'a Calendar,
    pub agency: &'a Agency,
    pub number: CaseNumber,
    pub tracking_code: &'a str,
    /// The day the registration was recorded (the receipt's date).
    pub registered_on: NaiveDate,
}

impl std::fmt::Debug for LetterInputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterInputs")
            .field("agency", &self.agency.id)
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl Services {
    /// The loaded fonts, or why there are none.
    pub(crate) fn letter_fonts(&self) -> Result<&Fonts, LetterFailure> {
        self.fonts
            .as_deref()
            .ok_or_else(|| LetterFailure::NoFonts(self.fonts_problem.clone().unwrap_or_default()))
    }
}

/// The 登记回执 of a case. Built from the registration alone (the first event), so a reprint shows
/// the due date the applicant was first given, whatever happened to the case since.
pub fn receipt_pdf(
    inputs: &LetterInputs<'_>,
    registration: &Case,
) -> Result<Vec<u8>, LetterFailure> {
    let (fonts, agency) = (inputs.fonts, inputs.agency);
    let case = registration;
    let app = case
        .application
        .as_ref()
        .ok_or(LetterFailure::NotYet("application"))?;
    let received = case
        .receipt_date
        .ok_or(LetterFailure::NotYet("receipt date"))?;
    let due = case
        .deadline(inputs.calendar)
        .and_then(Result::ok)
        .and_then(|d| d.due)
        .ok_or(LetterFailure::NotYet("due date"))?;
    let content = ReceiptContent::new(ReceiptDraft {
        agency: agency.name.clone(),
        case_number: inputs.number.to_string(),
        applicant_name: app.applicant.name.clone(),
        received_on: received,
        receipt_basis: receipt_basis_zh(&app.receipt).to_string(),
        due_on: due.date,
        tracking_code: inputs.tracking_code.to_string(),
        enquiry: format!(
            "请凭登记编号和查询码在本机关政府信息公开申请平台查询办理进度，咨询电话：{}。",
            agency.contact
        ),
        issued_on: inputs.registered_on,
    })
    .map_err(|e| LetterFailure::Element(e.to_string()))?;
    render(&content.to_letter(), fonts).map_err(|e| LetterFailure::Render(e.to_string()))
}

/// The agency's settings as every letter prints them (R-LET-2).
pub fn issuing_agency(agency: &Agency) -> IssuingAgency {
    IssuingAgency {
        name: agency.name.clone(),
        review_body: agency.review_body.clone(),
        court: agency.court.clone(),
        seal: Seal::HandStamp,
        contact: Some(format!("联系电话：{}", agency.contact)),
    }
}

/// The 答复书 (告知书 for 不予处理 and 其他处理) of an issued reply, with its 字号 and date; the
/// legal basis and the answer are `clause`, the reasons library's version the issue recorded,
/// never typed (R-LET-1, R-LET-3). Rendered once, when it is issued.
pub fn reply_pdf(
    inputs: &LetterInputs<'_>,
    case: &Case,
    clause: disclosure_core::reasons::Clause,
) -> Result<Vec<u8>, LetterFailure> {
    let (fonts, agency) = (inputs.fonts, inputs.agency);
    let (doc_number, issued_on) = case
        .issued
        .clone()
        .ok_or(LetterFailure::NotYet("issued reply"))?;
    let reply = case.reply.clone().ok_or(LetterFailure::NotYet("reply"))?;
    let app = case
        .application
        .as_ref()
        .ok_or(LetterFailure::NotYet("application"))?;
    let letter = ReplyLetter::new(ReplyLetterFacts {
        title: templates::outcome::title(&agency.name, &reply.outcome),
        agency: issuing_agency(agency),
        doc_number: Some(doc_number),
        applicant_name: app.applicant.name.clone(),
        received_on: case.receipt_date,
        request: app.description.clone(),
        reply,
        clause,
        searches: case.searches.clone(),
        reply_date: Some(issued_on),
        attachments: vec![],
    })
    .map_err(|e| LetterFailure::Element(e.to_string()))?;
    render(&letter.to_letter(), fonts).map_err(|e| LetterFailure::Render(e.to_string()))
}

/// A document kept by a command, and the event (by index in the command's events) that issued it:
/// the mail of that event attaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDocument {
    pub event_index: usize,
    pub kind: &'static str,
    pub document_id: String,
}

/// A notice rendered for the event that issues it, ready to be kept.
#[derive(Debug, Clone)]
pub struct RenderedNotice {
    /// The stored kind key (`kind::*`).
    pub kind: &'static str,
    /// The title on one line, as the 已发文书 list and the 卷内目录 show it.
    pub title: String,
    /// The notice's own date (成文日期).
    pub issued_on: NaiveDate,
    pub content: Vec<u8>,
}

fn element(e: disclosure_letters::documents::DocumentError) -> LetterFailure {
    LetterFailure::Element(e.to_string())
}

fn rendered(
    kind: &'static str,
    letter: &disclosure_letters::Letter,
    issued_on: NaiveDate,
    fonts: &Fonts,
) -> Result<RenderedNotice, LetterFailure> {
    Ok(RenderedNotice {
        kind,
        title: letter.title.replace('\n', ""),
        issued_on,
        content: render(letter, fonts).map_err(|e| LetterFailure::Render(e.to_string()))?,
    })
}

/// The notice an event issues to the applicant or a consulted party (R-LET catalogue of the shared
/// letters reference), or `None` for events that issue none. `before` is the case as it was before
/// the command, `after` with its events applied. None of these notices gets a 字号: the catalogue
/// numbers only the 答复书.
///
/// The consultation 告知书 to the applicant is optional (the catalogue's "optional") and the case
/// does not record that the agency sends one, so none is made here.
pub fn notice_for_event(
    inputs: &LetterInputs<'_>,
    before: &Case,
    after: &Case,
    event: &Event,
) -> Result<Option<RenderedNotice>, LetterFailure> {
    let (fonts, agency) = (inputs.fonts, inputs.agency);
    let issuing = issuing_agency(agency);
    let app = || {
        after
            .application
            .as_ref()
            .ok_or(LetterFailure::NotYet("application"))
    };
    let notice = match event {
        // R-COR-1: every item at once, the deadline, what silence means.
        Event::CorrectionRequested {
            requested_on,
            items,
            reply_by,
            ..
        } => {
            let app = app()?;
            let n = CorrectionNotice::new(CorrectionNoticeDraft {
                agency: issuing,
                doc_number: None,
                applicant_name: app.applicant.name.clone(),
                received_on: after.receipt_date,
                request: app.description.clone(),
                items: items.clone(),
                reply_by: Some(*reply_by),
                how_to_submit: templates::correction::how_to_submit(
                    &agency.name,
                    &agency.address,
                    &agency.contact,
                ),
                issued_on: Some(*requested_on),
            })
            .map_err(element)?;
            rendered(kind::CORRECTION_NOTICE, &n.to_letter(), n.date(), fonts)?
        }
        // R-TIME-4: the original and the new due date, the reason, the head's consent.
        Event::ExtensionApproved { approved_on, .. } => {
            let app = app()?;
            let reason = before
                .extension_pending
                .as_ref()
                .map(|(_, reason)| reason.clone())
                .unwrap_or_default();
            let deadline = after
                .deadline(inputs.calendar)
                .and_then(Result::ok)
                .ok_or(LetterFailure::NotYet("due date"))?;
            let n = ExtensionNotice::new(ExtensionNoticeDraft {
                agency: issuing,
                doc_number: None,
                applicant_name: app.applicant.name.clone(),
                received_on: after.receipt_date,
                request: app.description.clone(),
                original_due: deadline.original_due.map(|d| d.date),
                new_due: deadline.due.map(|d| d.date),
                reason,
                issued_on: Some(*approved_on),
            })
            .map_err(element)?;
            rendered(kind::EXTENSION_NOTICE, &n.to_letter(), n.date(), fonts)?
        }
        // R-TIME-8 (条例 §35): the due date before, the reason, the later reply date.
        Event::ReplyDeferred {
            decided_on,
            until,
            reason,
            ..
        } => {
            let app = app()?;
            let previous_due = before
                .deadline(inputs.calendar)
                .and_then(Result::ok)
                .and_then(|d| d.due)
                .ok_or(LetterFailure::NotYet("due date"))?;
            let n = DeferralNotice::new(DeferralNoticeDraft {
                agency: issuing,
                doc_number: None,
                applicant_name: app.applicant.name.clone(),
                received_on: after.receipt_date,
                request: app.description.clone(),
                previous_due: Some(previous_due.date),
                until: Some(*until),
                reason: reason.clone(),
                issued_on: Some(*decided_on),
            })
            .map_err(element)?;
            rendered(kind::DEFERRAL_NOTICE, &n.to_letter(), n.date(), fonts)?
        }
        // R-FEE-5 / R-TIME-9: basis, standard, arithmetic, amount, how and by when to pay.
        Event::FeeNoticed {
            basis,
            amount_yuan,
            noticed_on,
            pay_by,
        } => {
            let app = app()?;
            let n = FeeNotice::new(FeeNoticeDraft {
                agency: issuing,
                doc_number: None,
                applicant_name: app.applicant.name.clone(),
                received_on: after.receipt_date,
                request: app.description.clone(),
                basis: *basis,
                amount_yuan: *amount_yuan,
                how_to_pay: templates::fee::how_to_pay(
                    &agency.name,
                    &agency.address,
                    &agency.contact,
                    &inputs.number.to_string(),
                ),
                pay_by: Some(*pay_by),
                issued_on: Some(*noticed_on),
            })
            .map_err(element)?;
            rendered(kind::FEE_NOTICE, &n.to_letter(), n.date(), fonts)?
        }
        // R-TIME-6 / R-TIME-7: to the party consulted, with its 15-working-day window; the
        // applicant's name is not given.
        Event::ConsultationStarted {
            party,
            party_kind,
            sent_on,
            window_ends,
            ..
        } => {
            let app = app()?;
            let n = ConsultationLetter::new(ConsultationLetterDraft {
                agency: issuing,
                doc_number: None,
                party: party.clone(),
                party_kind: *party_kind,
                received_on: after.receipt_date,
                information: app.description.clone(),
                reason: match party_kind {
                    PartyKind::ThirdParty => templates::consultation::THIRD_PARTY_REASON,
                    PartyKind::Agency => templates::consultation::AGENCY_REASON,
                }
                .to_string(),
                answer_by: Some(*window_ends),
                how_to_answer: templates::consultation::how_to_answer(
                    &agency.name,
                    &agency.address,
                    &agency.contact,
                ),
                sent_on: Some(*sent_on),
            })
            .map_err(element)?;
            rendered(kind::CONSULTATION_LETTER, &n.to_letter(), n.date(), fonts)?
        }
        _ => return Ok(None),
    };
    Ok(Some(notice))
}

/// The 送达回证 that goes with an issued reply delivered by post or collected at the office (the
/// catalogue: "delivery by hand/post"); `None` for the electronic ways, which have no paper to
/// sign. A postal one without the applicant's address is refused (`送达地址`).
pub fn delivery_receipt_for_reply(
    inputs: &LetterInputs<'_>,
    case: &Case,
    reply_title: &str,
) -> Result<Option<RenderedNotice>, LetterFailure> {
    let app = case
        .application
        .as_ref()
        .ok_or(LetterFailure::NotYet("application"))?;
    if !matches!(app.delivery, DeliveryMethod::Post | DeliveryMethod::PickUp) {
        return Ok(None);
    }
    let (doc_number, issued_on) = case
        .issued
        .clone()
        .ok_or(LetterFailure::NotYet("issued reply"))?;
    let r = DeliveryReceipt::new(DeliveryReceiptDraft {
        agency: issuing_agency(inputs.agency),
        document: reply_title.to_string(),
        doc_number: Some(doc_number),
        recipient: app.applicant.name.clone(),
        address: app.applicant.address.clone().unwrap_or_default(),
        method: Some(app.delivery),
        remarks: String::new(),
        issued_on,
    })
    .map_err(element)?;
    Ok(Some(rendered(
        kind::DELIVERY_RECEIPT,
        &r.to_letter(),
        r.date(),
        inputs.fonts,
    )?))
}

/// The channel an application came by, as the 登记表 prints it (条例 §31).
fn channel_zh(facts: &ReceiptFacts) -> &'static str {
    use disclosure_core::receipt::ElectronicChannel as E;
    match facts {
        ReceiptFacts::InPerson { .. } => "当面提交",
        ReceiptFacts::SignedPost { .. } => "邮寄（需签收）",
        ReceiptFacts::PlainLetter { .. } => "邮寄（平常信函）",
        ReceiptFacts::Electronic {
            channel: E::Online, ..
        } => "在线申请",
        ReceiptFacts::Electronic {
            channel: E::Email, ..
        } => "电子邮件",
        ReceiptFacts::Electronic {
            channel: E::Fax, ..
        } => "传真",
    }
}

/// How the receipt date was fixed, as a clause for the 登记表 (条例 §31).
fn receipt_basis_short_zh(facts: &ReceiptFacts) -> &'static str {
    match facts.receipt().map(|r| r.basis) {
        Ok(ReceiptBasis::HandedIn) => "当面提交，以提交之日为收到申请之日",
        Ok(ReceiptBasis::SignedFor) => "邮寄，以本机关签收之日为收到申请之日",
        Ok(ReceiptBasis::ConfirmedWithApplicant) => {
            "平常信函，以本机关与申请人确认之日为收到申请之日"
        }
        Ok(ReceiptBasis::ConfirmedByBothSides(_)) | Err(_) => "以双方确认之日为收到申请之日",
    }
}

/// The 登记表 (R-APP-1): every Art. 29 field as registered, the channel, the receipt date and how
/// it was fixed. Built from the registration alone, like the 登记回执, so it shows the application
/// as it arrived; the identity number is masked.
pub fn registration_form_pdf(
    inputs: &LetterInputs<'_>,
    registration: &Case,
    registered_by: &str,
) -> Result<RenderedNotice, LetterFailure> {
    use disclosure_core::applicant::IdDocument;
    let app = registration
        .application
        .as_ref()
        .ok_or(LetterFailure::NotYet("application"))?;
    let a = &app.applicant;
    let due = registration
        .deadline(inputs.calendar)
        .and_then(Result::ok)
        .and_then(|d| d.due)
        .map(|d| d.date);
    let form = RegistrationForm::new(RegistrationFormDraft {
        agency: issuing_agency(inputs.agency),
        case_number: inputs.number.to_string(),
        received_on: registration.receipt_date,
        receipt_basis: receipt_basis_short_zh(&app.receipt).to_string(),
        channel: channel_zh(&app.receipt).to_string(),
        applicant_name: a.name.clone(),
        id_document: match &a.id_document {
            None => String::new(),
            Some(IdDocument::ResidentId(id)) => format!("居民身份证 {}", id.masked()),
            Some(IdDocument::Other { kind, number }) => format!("{kind} {number}"),
        },
        contact_person: a.contact_person.clone().unwrap_or_default(),
        phone: a
            .phone
            .as_ref()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        address: a.address.clone().unwrap_or_default(),
        email: a.email.clone().unwrap_or_default(),
        request: app.description.clone(),
        form: app.requested_form.label_zh().to_string(),
        delivery: app.delivery.label_zh().to_string(),
        due_on: due,
        registered_by: registered_by.to_string(),
        registered_on: Some(inputs.registered_on),
        oral: app.oral,
    })
    .map_err(element)?;
    rendered(
        kind::REGISTRATION_FORM,
        &form.to_letter(),
        form.date(),
        inputs.fonts,
    )
}
