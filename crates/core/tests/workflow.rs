//! The workflow, rule by rule (ids from docs/domain/rules.md). Dates worked out by hand on the 2026
//! official calendar (国办发明电〔2025〕7号): 国庆 10-01 … 10-07 off, Sun 09-20 and Sat 10-10 working,
//! 中秋 09-25 off.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::{Applicant, ApplicantKind, IdDocument};
use disclosure_core::case::{
    decide, Application, Attachment, Case, Command, Conclusion, ConsultationAnswer, Delivery,
    DeliveryMethod, DomainError, Event, MissingElement, PartyKind, ProvisionForm, Reply, Review,
    ReviewKind, ReviewResult, SearchRecord, Stage, WithheldItem,
};
use disclosure_core::fee::FeeBasis;
use disclosure_core::outcome::{
    DisclosureBasis, NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::values::{DocNumber, IdNumber, PhoneNumber};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| Calendar::builtin().unwrap())
}

fn staff(role: Role) -> Actor {
    Actor::Staff {
        user_id: format!("{role:?}").to_lowercase(),
        name: match role {
            Role::Clerk => "赵受理",
            Role::Officer => "钱承办",
            Role::Approver => "孙主任",
            Role::Legal => "李法制",
            Role::Admin => "周管理",
        }
        .into(),
        role,
        agency_id: "A".into(),
    }
}

fn application(received: &str) -> Application {
    Application {
        agency_id: "A".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "张三".into(),
            id_document: Some(IdDocument::ResidentId(
                IdNumber::parse("11010519491231002X").unwrap(),
            )),
            phone: Some(PhoneNumber::parse("13800138000").unwrap()),
            email: None,
            address: Some("北京市朝阳区某路1号".into()),
            contact_person: None,
        },
        description: "2025年本区老旧小区改造项目的资金安排文件".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: d(received),
        },
        oral: false,
    }
}

/// Decides and applies, panicking with the refusal if any.
fn step(case: &mut Case, cmd: Command, role: Role, now: &str) -> Vec<Event> {
    let events = decide(case, cmd.clone(), &staff(role), at(now), cal())
        .unwrap_or_else(|e| panic!("{} refused: {e} ({})", cmd.name(), e.code()));
    for e in &events {
        case.apply(e);
    }
    events
}

fn refused(case: &Case, cmd: Command, role: Role, now: &str) -> DomainError {
    let before = case.clone();
    let e = decide(case, cmd, &staff(role), at(now), cal()).unwrap_err();
    assert_eq!(case, &before, "nothing changes on a refusal");
    e
}

fn registered(received: &str) -> Case {
    let mut c = Case::default();
    step(
        &mut c,
        Command::Register {
            application: application(received),
        },
        Role::Clerk,
        received,
    );
    step(
        &mut c,
        Command::Assign {
            officer_id: "officer".into(),
            officer_name: "钱承办".into(),
        },
        Role::Approver,
        received,
    );
    c
}

fn handling(received: &str) -> Case {
    let mut c = registered(received);
    step(&mut c, Command::Accept, Role::Officer, received);
    c
}

fn due(c: &Case) -> Option<NaiveDate> {
    c.deadline(cal()).unwrap().unwrap().due.map(|x| x.date)
}

fn search() -> SearchRecord {
    SearchRecord {
        places: "本机关档案室、办公系统".into(),
        method: "人工检索与全文检索".into(),
        keywords: "老旧小区 改造 资金".into(),
        result: "未检索到相关文件".into(),
        searched_by: "钱承办".into(),
        searched_on: d("2026-10-09"),
        evidence: Vec::new(),
    }
}

fn reply(outcome: Outcome) -> Reply {
    Reply {
        outcome,
        facts: "经检索本机关档案及办公系统……".into(),
        decision: "现答复如下：……".into(),
        disclosed_items: vec!["改造项目资金安排表".into()],
        withheld_items: vec![],
        provision: Some(ProvisionForm::Paper),
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    }
}

fn doc(seq: u32) -> DocNumber {
    DocNumber::new("朝府信公开", 2026, seq).unwrap()
}

/// Draft → approve → issue → deliver → archive.
fn conclude(c: &mut Case, r: Reply, from: &str) {
    step(c, Command::DraftReply { reply: r }, Role::Officer, from);
    step(c, Command::ApproveReply, Role::Approver, from);
    step(
        c,
        Command::IssueReply {
            doc_number: doc(12),
        },
        Role::Approver,
        from,
    );
    step(
        c,
        Command::RecordDelivery {
            delivery: Delivery {
                method: DeliveryMethod::Post,
                delivered_on: d(from),
                tracking_number: Some("EMS1234567890".into()),
                signed_receipt: true,
                impossible_reason: None,
            },
        },
        Role::Clerk,
        from,
    );
    step(c, Command::Archive, Role::Clerk, from);
    assert_eq!(c.stage, Some(Stage::Archived));
}

#[test]
fn r_app_1_incomplete_application_is_registered_with_what_is_missing() {
    let mut app = application("2026-09-28");
    app.applicant.name = " ".into();
    app.applicant.phone = None;
    app.applicant.address = None;
    app.description = String::new();
    let events = decide(
        &Case::default(),
        Command::Register { application: app },
        &staff(Role::Clerk),
        at("2026-09-28"),
        cal(),
    )
    .unwrap();
    let Event::Registered {
        missing,
        receipt_date,
        ..
    } = &events[0]
    else {
        panic!("{events:?}")
    };
    assert_eq!(*receipt_date, d("2026-09-28"));
    assert_eq!(
        missing,
        &vec![
            MissingElement::ApplicantName,
            MissingElement::Contact,
            MissingElement::Description
        ]
    );
}

#[test]
fn r_app_2_the_receipt_date_follows_the_channel() {
    let mut app = application("2026-09-28");
    app.receipt = ReceiptFacts::PlainLetter {
        arrived: d("2026-09-28"),
        confirmed: d("2026-09-29"),
    };
    let mut c = Case::default();
    decide(
        &c,
        Command::Register {
            application: app.clone(),
        },
        &staff(Role::Clerk),
        at("2026-09-29"),
        cal(),
    )
    .unwrap()
    .iter()
    .for_each(|e| c.apply(e));
    assert_eq!(c.receipt_date, Some(d("2026-09-29")));
    // 20 working days after 09-29: 09-30 (1), 10-08 … 10-30 (2-17 … see clock tests) → 11-02.
    assert_eq!(due(&c), Some(d("2026-11-02")));
    // A receipt date in the future is refused.
    let e = refused(
        &Case::default(),
        Command::Register { application: app },
        Role::Clerk,
        "2026-09-28",
    );
    assert_eq!(e.code(), "date_in_future");
}

#[test]
fn r_flow_2_each_command_only_by_its_roles() {
    let c = registered("2026-09-28");
    for (cmd, role) in [
        (Command::Accept, Role::Clerk),
        (Command::Accept, Role::Approver),
        (Command::Accept, Role::Admin),
        (Command::ApproveReply, Role::Officer),
        (Command::RecordSearch { search: search() }, Role::Legal),
        (
            Command::Register {
                application: application("2026-09-28"),
            },
            Role::Officer,
        ),
    ] {
        assert_eq!(
            refused(&c, cmd, role, "2026-09-29").code(),
            "role_not_allowed"
        );
    }
    // The portal may only register.
    let portal = Actor::Portal {
        agency_id: "A".into(),
    };
    let e = decide(&c, Command::Accept, &portal, at("2026-09-29"), cal()).unwrap_err();
    assert_eq!(e.code(), "role_not_allowed");
    // …and only applications made online (see r_flow_2_the_portal_registers_only_online_applications).
    let mut online = application("2026-09-28");
    online.receipt = ReceiptFacts::Electronic {
        channel: disclosure_core::receipt::ElectronicChannel::Online,
        submitted: d("2026-09-28"),
        confirmed: d("2026-09-28"),
    };
    assert!(decide(
        &Case::default(),
        Command::Register {
            application: online
        },
        &portal,
        at("2026-09-28"),
        cal()
    )
    .is_ok());
}

#[test]
fn another_agencys_case_is_not_found() {
    let c = registered("2026-09-28");
    let other = Actor::Staff {
        user_id: "x".into(),
        name: "外机关".into(),
        role: Role::Officer,
        agency_id: "B".into(),
    };
    let e = decide(&c, Command::Accept, &other, at("2026-09-29"), cal()).unwrap_err();
    assert_eq!(e.code(), "case_not_found");
}

#[test]
fn r_cor_1_correction_notice_is_given_only_once() {
    let mut c = registered("2026-09-28");
    let cmd = Command::RequestCorrection {
        items: vec!["请明确所需文件的名称或文号".into()],
        reply_by: d("2026-10-23"),
    };
    step(&mut c, cmd.clone(), Role::Officer, "2026-09-30");
    step(
        &mut c,
        Command::ReceiveCorrection {
            received_on: d("2026-10-09"),
        },
        Role::Clerk,
        "2026-10-09",
    );
    assert_eq!(
        refused(&c, cmd, Role::Officer, "2026-10-12").code(),
        "correction_already_requested"
    );
}

#[test]
fn r_cor_1_late_notice_is_allowed_but_recorded() {
    // Received 09-28: the notice is due by 10-13 (09-29, 09-30, 10-08, 10-09, 10-10, 10-12, 10-13).
    for (today, late) in [("2026-10-13", false), ("2026-10-14", true)] {
        let mut c = registered("2026-09-28");
        let ev = step(
            &mut c,
            Command::RequestCorrection {
                items: vec!["身份证明".into()],
                reply_by: d("2026-10-30"),
            },
            Role::Officer,
            today,
        );
        assert!(
            matches!(&ev[0], Event::CorrectionRequested { late: l, .. } if *l == late),
            "{today}"
        );
    }
    let c = registered("2026-09-28");
    let e = refused(
        &c,
        Command::RequestCorrection {
            items: vec![" ".into()],
            reply_by: d("2026-10-30"),
        },
        Role::Officer,
        "2026-09-30",
    );
    assert_eq!(e.code(), "correction_items_required");
    let e = refused(
        &c,
        Command::RequestCorrection {
            items: vec!["x".into()],
            reply_by: d("2026-09-30"),
        },
        Role::Officer,
        "2026-09-30",
    );
    assert_eq!(e.code(), "correction_deadline_invalid");
}

#[test]
fn r_cor_2_the_corrected_application_restarts_the_20_days() {
    // Received 09-01 (due 09-29); corrected application 11-02: due 11-30 (see the clock tests).
    let mut c = registered("2026-09-01");
    assert_eq!(due(&c), Some(d("2026-09-29")));
    step(
        &mut c,
        Command::RequestCorrection {
            items: vec!["文号".into()],
            reply_by: d("2026-11-06"),
        },
        Role::Officer,
        "2026-09-08",
    );
    assert_eq!(c.stage, Some(Stage::AwaitingCorrection));
    assert_eq!(due(&c), None, "no due date while awaiting the correction");
    step(
        &mut c,
        Command::ReceiveCorrection {
            received_on: d("2026-11-02"),
        },
        Role::Officer,
        "2026-11-03",
    );
    assert_eq!(c.stage, Some(Stage::UnderReview));
    assert_eq!(due(&c), Some(d("2026-11-30")));
}

#[test]
fn r_cor_3_no_correction_in_time_means_abandoned() {
    let mut c = registered("2026-09-28");
    step(
        &mut c,
        Command::RequestCorrection {
            items: vec!["文号".into()],
            reply_by: d("2026-10-23"),
        },
        Role::Officer,
        "2026-09-30",
    );
    assert_eq!(
        refused(&c, Command::CorrectionLapsed, Role::Officer, "2026-10-23").code(),
        "correction_window_open"
    );
    step(
        &mut c,
        Command::CorrectionLapsed,
        Role::Officer,
        "2026-10-26",
    );
    assert_eq!(c.stage, Some(Stage::Abandoned));
    assert_eq!(c.conclusion(), Some(Conclusion::Abandoned));
    assert_eq!(
        c.outcome,
        Some(Outcome::Other(OtherGround::CorrectionLapsed))
    );
    step(&mut c, Command::Archive, Role::Clerk, "2026-10-26");
}

#[test]
fn r_cor_4_still_unclear_after_correction_needs_a_received_correction() {
    let c = registered("2026-09-28");
    let r = reply(Outcome::Unavailable(
        UnavailableGround::UnclearAfterCorrection,
    ));
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r.clone() },
            Role::Officer,
            "2026-09-30"
        )
        .code(),
        "correction_required_first"
    );
    let mut c = registered("2026-09-28");
    step(
        &mut c,
        Command::RequestCorrection {
            items: vec!["文号".into()],
            reply_by: d("2026-10-23"),
        },
        Role::Officer,
        "2026-09-30",
    );
    step(
        &mut c,
        Command::ReceiveCorrection {
            received_on: d("2026-10-09"),
        },
        Role::Officer,
        "2026-10-09",
    );
    step(
        &mut c,
        Command::DraftReply { reply: r },
        Role::Officer,
        "2026-10-12",
    );
    assert_eq!(c.stage, Some(Stage::ReplyDrafted));
}

#[test]
fn r_dec_1_information_does_not_exist_only_after_a_search_record() {
    let mut c = handling("2026-09-28");
    let r = reply(Outcome::Unavailable(UnavailableGround::DoesNotExist));
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r.clone() },
            Role::Officer,
            "2026-10-09"
        )
        .code(),
        "search_record_required"
    );
    let mut incomplete = search();
    incomplete.keywords = String::new();
    assert_eq!(
        refused(
            &c,
            Command::RecordSearch { search: incomplete },
            Role::Officer,
            "2026-10-09"
        )
        .code(),
        "search_record_incomplete"
    );
    step(
        &mut c,
        Command::RecordSearch { search: search() },
        Role::Officer,
        "2026-10-09",
    );
    conclude(&mut c, r, "2026-10-12");
    assert_eq!(
        c.outcome,
        Some(Outcome::Unavailable(UnavailableGround::DoesNotExist))
    );
}

#[test]
fn r_dec_1_a_search_record_keeps_attachments_of_the_case_as_its_evidence() {
    let mut c = handling("2026-09-28");
    let shot = Attachment {
        id: "att-1".into(),
        file_name: "档案系统检索截图.png".into(),
        content_type: "image/png".into(),
        size: 2048,
        sha256: "a".repeat(64),
    };
    step(
        &mut c,
        Command::AddAttachment {
            attachment: shot.clone(),
        },
        Role::Officer,
        "2026-10-09",
    );
    // Evidence must be a file of this case: an unknown id is refused and nothing is recorded.
    let mut stray = search();
    stray.evidence = vec!["att-1".into(), "att-9".into()];
    let err = refused(
        &c,
        Command::RecordSearch { search: stray },
        Role::Officer,
        "2026-10-09",
    );
    assert_eq!(err.code(), "search_evidence_unknown");
    assert_eq!(err, DomainError::SearchEvidenceUnknown("att-9".into()));
    assert!(c.searches.is_empty());
    // A known id is kept once, however often it is ticked.
    let mut with_shot = search();
    with_shot.evidence = vec!["att-1".into(), "att-1".into()];
    let events = step(
        &mut c,
        Command::RecordSearch { search: with_shot },
        Role::Officer,
        "2026-10-09",
    );
    match &events[..] {
        [Event::SearchRecorded { search }] => {
            assert_eq!(search.evidence, vec!["att-1".to_string()])
        }
        other => panic!("unexpected events {other:?}"),
    }
    assert_eq!(c.searches.len(), 1);
    assert_eq!(c.searches[0].evidence, vec![shot.id]);
    // A record without evidence is still a record (the field is optional).
    step(
        &mut c,
        Command::RecordSearch { search: search() },
        Role::Officer,
        "2026-10-10",
    );
    assert_eq!(c.searches.len(), 2);
}

#[test]
fn r_time_4_one_extension_of_at_most_20_days_approved_before_the_due_date() {
    // Received 09-28: due 10-30.
    let mut c = handling("2026-09-28");
    let ask = |days: u32, reason: &str| Command::RequestExtension {
        days,
        reason: reason.into(),
    };
    assert_eq!(
        refused(&c, ask(21, "信息量大"), Role::Officer, "2026-10-20").code(),
        "extension_too_long"
    );
    assert_eq!(
        refused(&c, ask(0, "信息量大"), Role::Officer, "2026-10-20").code(),
        "extension_too_long"
    );
    assert_eq!(
        refused(&c, ask(10, " "), Role::Officer, "2026-10-20").code(),
        "extension_reason_required"
    );
    assert_eq!(
        refused(&c, ask(10, "信息量大"), Role::Officer, "2026-11-02").code(),
        "extension_after_due_date"
    );
    step(
        &mut c,
        ask(20, "涉及多个部门，需逐一核实"),
        Role::Officer,
        "2026-10-20",
    );
    assert_eq!(
        refused(&c, ask(5, "再延"), Role::Officer, "2026-10-21").code(),
        "extension_pending"
    );
    // Approval after the due date is refused; on the due date it is in time.
    assert_eq!(
        refused(&c, Command::ApproveExtension, Role::Approver, "2026-11-02").code(),
        "extension_after_due_date"
    );
    step(
        &mut c,
        Command::ApproveExtension,
        Role::Approver,
        "2026-10-30",
    );
    // 10-30 + 20: 11-02..06 (5), 11-09..13 (10), 11-16..20 (15), 11-23..27 (20).
    assert_eq!(due(&c), Some(d("2026-11-27")));
    assert_eq!(c.extension.as_ref().unwrap().approver, "孙主任");
    assert_eq!(
        refused(&c, ask(5, "再延"), Role::Officer, "2026-11-02").code(),
        "extension_already_used"
    );
}

#[test]
fn r_time_4_a_rejected_request_grants_nothing() {
    let mut c = handling("2026-09-28");
    step(
        &mut c,
        Command::RequestExtension {
            days: 10,
            reason: "信息量大".into(),
        },
        Role::Officer,
        "2026-10-20",
    );
    step(
        &mut c,
        Command::RejectExtension {
            reason: "可按期答复".into(),
        },
        Role::Approver,
        "2026-10-21",
    );
    assert_eq!(due(&c), Some(d("2026-10-30")));
    assert_eq!(
        refused(&c, Command::ApproveExtension, Role::Approver, "2026-10-22").code(),
        "no_extension_pending"
    );
}

#[test]
fn r_time_5_consultation_pauses_the_clock_and_blocks_the_reply_until_answered() {
    // Received Mon 2026-01-26, consultation sent 02-06, answered 03-02: due 03-17 (clock tests).
    let mut c = handling("2026-01-26");
    step(
        &mut c,
        Command::StartConsultation {
            party: "某某科技有限公司".into(),
            party_kind: PartyKind::ThirdParty,
            sent_on: d("2026-02-06"),
        },
        Role::Officer,
        "2026-02-06",
    );
    assert_eq!(
        c.handling_state(),
        disclosure_core::case::HandlingState::Consulting
    );
    assert_eq!(due(&c), None);
    assert_eq!(c.consultations[0].window_ends, d("2026-03-05"));
    let r = reply(Outcome::Disclosed(DisclosureBasis::Provided));
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r },
            Role::Officer,
            "2026-02-10"
        )
        .code(),
        "consultation_open"
    );
    assert_eq!(
        refused(
            &c,
            Command::ConsultationLapsed { consultation_id: 1 },
            Role::Officer,
            "2026-03-05"
        )
        .code(),
        "consultation_window_open"
    );
    step(
        &mut c,
        Command::ReceiveConsultationAnswer {
            consultation_id: 1,
            answered_on: d("2026-03-02"),
            answer: ConsultationAnswer::Agrees,
        },
        Role::Officer,
        "2026-03-02",
    );
    assert_eq!(due(&c), Some(d("2026-03-17")));
}

#[test]
fn r_time_6_a_lapsed_consultation_ends_the_pause_at_its_window() {
    let mut c = handling("2026-01-26");
    step(
        &mut c,
        Command::StartConsultation {
            party: "某某公司".into(),
            party_kind: PartyKind::ThirdParty,
            sent_on: d("2026-02-06"),
        },
        Role::Officer,
        "2026-02-06",
    );
    step(
        &mut c,
        Command::ConsultationLapsed { consultation_id: 1 },
        Role::Officer,
        "2026-03-09",
    );
    // The pause ends 03-05: 11 days from 03-05 → 03-20.
    assert_eq!(due(&c), Some(d("2026-03-20")));
}

#[test]
fn r_time_6_disclosing_over_an_objection_needs_public_interest_and_notice() {
    let mut c = handling("2026-01-26");
    step(
        &mut c,
        Command::StartConsultation {
            party: "某某公司".into(),
            party_kind: PartyKind::ThirdParty,
            sent_on: d("2026-02-06"),
        },
        Role::Officer,
        "2026-02-06",
    );
    step(
        &mut c,
        Command::ReceiveConsultationAnswer {
            consultation_id: 1,
            answered_on: d("2026-03-02"),
            answer: ConsultationAnswer::Objects("涉及商业秘密".into()),
        },
        Role::Officer,
        "2026-03-02",
    );
    let mut r = reply(Outcome::Disclosed(DisclosureBasis::Provided));
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r.clone() },
            Role::Officer,
            "2026-03-03"
        )
        .code(),
        "objection_needs_public_interest"
    );
    r.public_interest_reason = Some("涉及公共安全，不公开将对公共利益造成重大影响".into());
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r.clone() },
            Role::Officer,
            "2026-03-03"
        )
        .code(),
        "objection_needs_public_interest"
    );
    r.third_party_notified = true;
    step(
        &mut c,
        Command::DraftReply { reply: r },
        Role::Officer,
        "2026-03-03",
    );
}

#[test]
fn r_time_9_fee_notice_pauses_and_unpaid_fee_ends_the_case() {
    // Received Mon 03-02; notice Fri 03-06 (11th application this month → 100 yuan), paid 03-20:
    // due 04-14 (clock tests).
    let mut c = handling("2026-03-02");
    let e = refused(
        &c,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerItem { nth: 10 },
        },
        Role::Officer,
        "2026-03-06",
    );
    assert_eq!(e.code(), "fee_is_zero");
    let ev = step(
        &mut c,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerItem { nth: 11 },
        },
        Role::Officer,
        "2026-03-06",
    );
    assert!(
        matches!(&ev[0], Event::FeeNoticed { amount_yuan: 100, pay_by, .. } if *pay_by == d("2026-04-03"))
    );
    assert_eq!(
        refused(
            &c,
            Command::IssueFeeNotice {
                basis: FeeBasis::PerPage { pages: 40 }
            },
            Role::Officer,
            "2026-03-07"
        )
        .code(),
        "fee_already_noticed"
    );
    assert_eq!(
        refused(&c, Command::FeeLapsed, Role::Officer, "2026-04-03").code(),
        "fee_window_open"
    );
    let mut paid = c.clone();
    step(
        &mut paid,
        Command::FeePaid {
            paid_on: d("2026-03-20"),
        },
        Role::Officer,
        "2026-03-20",
    );
    assert_eq!(due(&paid), Some(d("2026-04-14")));
    step(&mut c, Command::FeeLapsed, Role::Officer, "2026-04-07");
    assert_eq!(c.stage, Some(Stage::Abandoned));
    assert_eq!(c.conclusion(), Some(Conclusion::Abandoned));
    assert_eq!(c.outcome, Some(Outcome::Other(OtherGround::FeeLapsed)));
}

#[test]
fn r_time_9_fee_notice_only_within_the_reply_period() {
    let c = handling("2026-09-28");
    let e = refused(
        &c,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerPage { pages: 31 },
        },
        Role::Officer,
        "2026-11-02",
    );
    assert_eq!(e.code(), "fee_notice_after_due_date");
}

#[test]
fn r_let_1_a_reply_without_its_elements_is_refused() {
    let c = handling("2026-09-28");
    let mut r = reply(Outcome::Disclosed(DisclosureBasis::Provided));
    r.facts = " ".into();
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r.clone() },
            Role::Officer,
            "2026-10-09"
        )
        .code(),
        "reply_incomplete"
    );
    r.facts = "经审查".into();
    r.provision = None;
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: r },
            Role::Officer,
            "2026-10-09"
        )
        .code(),
        "reply_incomplete"
    );
    let mut p = reply(Outcome::PartiallyDisclosed);
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: p.clone() },
            Role::Officer,
            "2026-10-09"
        )
        .code(),
        "withheld_reason_required"
    );
    p.withheld_items = vec![WithheldItem {
        item: "专家个人信息".into(),
        reason: String::new(),
    }];
    assert_eq!(
        refused(
            &c,
            Command::DraftReply { reply: p },
            Role::Officer,
            "2026-10-09"
        )
        .code(),
        "withheld_reason_required"
    );
}

#[test]
fn scenario_disclosed_from_registration_to_archive() {
    let mut c = handling("2026-09-28");
    assert_eq!(c.conclusion(), None, "a running case has not ended");
    conclude(
        &mut c,
        reply(Outcome::Disclosed(DisclosureBasis::Provided)),
        "2026-10-12",
    );
    assert_eq!(
        c.outcome,
        Some(Outcome::Disclosed(DisclosureBasis::Provided))
    );
    assert_eq!(
        c.issued.as_ref().unwrap().0.to_string(),
        "朝府信公开〔2026〕12号"
    );
    assert_eq!(c.conclusion(), Some(Conclusion::Replied));
}

#[test]
fn scenario_partially_disclosed() {
    let mut c = handling("2026-09-28");
    let mut r = reply(Outcome::PartiallyDisclosed);
    r.withheld_items = vec![WithheldItem {
        item: "评审专家的身份证号码".into(),
        reason: "属于个人隐私，依据条例第十五条不予公开".into(),
    }];
    conclude(&mut c, r, "2026-10-12");
    assert_eq!(c.outcome, Some(Outcome::PartiallyDisclosed));
}

#[test]
fn scenario_withheld_on_each_ground() {
    for g in [
        WithholdGround::StateSecret,
        WithholdGround::ForbiddenByLaw,
        WithholdGround::Endangers,
        WithholdGround::ThirdPartyRights,
        WithholdGround::InternalAffairs,
        WithholdGround::ProcessInformation,
        WithholdGround::EnforcementFile,
        WithholdGround::AdministrativeQuery,
    ] {
        let mut c = handling("2026-09-28");
        let mut r = reply(Outcome::Withheld(g));
        r.provision = None;
        r.disclosed_items.clear();
        conclude(&mut c, r, "2026-10-12");
        assert_eq!(c.outcome, Some(Outcome::Withheld(g)));
    }
}

#[test]
fn scenario_not_this_agency_and_needs_creation() {
    for g in [
        UnavailableGround::NotThisAgency,
        UnavailableGround::NeedsCreation,
    ] {
        let mut c = handling("2026-09-28");
        conclude(&mut c, reply(Outcome::Unavailable(g)), "2026-10-12");
        assert_eq!(c.outcome, Some(Outcome::Unavailable(g)));
        // R-FLOW-1: referral to the competent agency is its own end; 需要另行制作 is a reply.
        let end = if g == UnavailableGround::NotThisAgency {
            Conclusion::Referred
        } else {
            Conclusion::Replied
        };
        assert_eq!(c.conclusion(), Some(end));
    }
}

#[test]
fn scenario_dismissed_on_each_not_processed_ground() {
    for g in [
        NotProcessedGround::Petition,
        NotProcessedGround::Repeated,
        NotProcessedGround::Publication,
        NotProcessedGround::Excessive,
        NotProcessedGround::ConfirmOrReissue,
    ] {
        let mut c = registered("2026-09-28");
        let e = refused(
            &c,
            Command::Dismiss {
                ground: g,
                facts: String::new(),
                decision: "x".into(),
            },
            Role::Officer,
            "2026-09-30",
        );
        assert_eq!(e.code(), "dismiss_incomplete");
        step(
            &mut c,
            Command::Dismiss {
                ground: g,
                facts: "申请内容为投诉事项".into(),
                decision: "请通过12345热线反映".into(),
            },
            Role::Officer,
            "2026-09-30",
        );
        step(&mut c, Command::ApproveReply, Role::Approver, "2026-09-30");
        step(
            &mut c,
            Command::IssueReply { doc_number: doc(3) },
            Role::Officer,
            "2026-09-30",
        );
        assert_eq!(c.outcome, Some(Outcome::NotProcessed(g)));
        assert_eq!(c.conclusion(), Some(Conclusion::Dismissed));
        assert_eq!(c.conclusion().unwrap().label_zh(), "不予处理");
    }
}

#[test]
fn scenario_withdrawn_and_archived() {
    let mut c = handling("2026-09-28");
    step(
        &mut c,
        Command::Withdraw {
            on: d("2026-10-09"),
        },
        Role::Clerk,
        "2026-10-09",
    );
    assert_eq!(c.stage, Some(Stage::Withdrawn));
    assert_eq!(c.outcome, Some(Outcome::Other(OtherGround::Other)));
    assert_eq!(c.conclusion(), Some(Conclusion::Withdrawn));
    step(&mut c, Command::Archive, Role::Clerk, "2026-10-09");
    assert_eq!(
        c.conclusion(),
        Some(Conclusion::Withdrawn),
        "archiving keeps how it ended"
    );
}

#[test]
fn archive_only_after_delivery_and_reviews_after_issue() {
    let mut c = handling("2026-09-28");
    step(
        &mut c,
        Command::DraftReply {
            reply: reply(Outcome::Disclosed(DisclosureBasis::AlreadyPublic)),
        },
        Role::Officer,
        "2026-10-09",
    );
    step(&mut c, Command::ApproveReply, Role::Approver, "2026-10-09");
    let review = Review {
        kind: ReviewKind::Reconsideration,
        filed_on: d("2026-10-20"),
        result: ReviewResult::Pending,
        decided_on: None,
    };
    assert_eq!(
        refused(
            &c,
            Command::RecordReview {
                review: review.clone()
            },
            Role::Legal,
            "2026-10-20"
        )
        .code(),
        "wrong_stage"
    );
    step(
        &mut c,
        Command::IssueReply { doc_number: doc(1) },
        Role::Approver,
        "2026-10-12",
    );
    assert_eq!(
        refused(&c, Command::Archive, Role::Clerk, "2026-10-12").code(),
        "wrong_stage"
    );
    step(
        &mut c,
        Command::RecordDelivery {
            delivery: Delivery {
                method: DeliveryMethod::PickUp,
                delivered_on: d("2026-10-13"),
                tracking_number: None,
                signed_receipt: false,
                impossible_reason: Some("申请人拒收".into()),
            },
        },
        Role::Clerk,
        "2026-10-13",
    );
    step(&mut c, Command::Archive, Role::Clerk, "2026-10-13");
    step(
        &mut c,
        Command::RecordReview { review },
        Role::Legal,
        "2026-10-20",
    );
    assert_eq!(c.reviews.len(), 1);
}

#[test]
fn events_round_trip_through_json() {
    let mut c = handling("2026-09-28");
    let mut all = Vec::new();
    all.extend(step(
        &mut c,
        Command::RecordSearch { search: search() },
        Role::Officer,
        "2026-10-09",
    ));
    all.extend(step(
        &mut c,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerPage { pages: 101 },
        },
        Role::Officer,
        "2026-10-09",
    ));
    for e in &all {
        let json = serde_json::to_string(e).unwrap();
        assert!(
            json.contains(&format!("\"kind\":\"{}\"", e.kind())),
            "{json}"
        );
        assert_eq!(&serde_json::from_str::<Event>(&json).unwrap(), e);
    }
    // The ID number is stored in full in the event (it is the legal record) but masked on display.
    let app = application("2026-09-28");
    let Some(IdDocument::ResidentId(id)) = &app.applicant.id_document else {
        panic!()
    };
    assert_eq!(id.to_string(), "110105**********2X");
    assert_eq!(
        format!("{:?}", app.applicant.phone.unwrap()),
        "PhoneNumber(138****8000)"
    );
}

// ---- A concluded case stays concluded (R-FLOW-1) ------------------------------------------------

/// Received Mon 03-02, accepted; a fee notice out on 03-06 (the 11th application of March, 100 yuan).
fn handling_with_fee_notice() -> Case {
    let mut c = handling("2026-03-02");
    step(
        &mut c,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerItem { nth: 11 },
        },
        Role::Officer,
        "2026-03-06",
    );
    c
}

#[test]
fn r_flow_1_fee_commands_cannot_rewrite_the_outcome_of_a_withdrawn_case() {
    let mut c = handling_with_fee_notice();
    step(
        &mut c,
        Command::Withdraw {
            on: d("2026-03-09"),
        },
        Role::Clerk,
        "2026-03-09",
    );
    assert_eq!(c.outcome, Some(Outcome::Other(OtherGround::Other)));
    // The payment window (to 04-03) has passed: without the stage check this would turn the
    // withdrawn case into 其他处理 2 (逾期未缴费) and move its conclusion date.
    for cmd in [
        Command::FeeLapsed,
        Command::FeePaid {
            paid_on: d("2026-04-07"),
        },
    ] {
        assert_eq!(
            refused(&c, cmd, Role::Officer, "2026-04-07").code(),
            "wrong_stage"
        );
    }
    let waive = Command::WaiveFee {
        reason: "申请人经济困难".into(),
    };
    assert_eq!(
        refused(&c, waive, Role::Approver, "2026-04-07").code(),
        "wrong_stage"
    );
}

#[test]
fn r_time_5_consultation_commands_are_refused_once_the_case_is_concluded() {
    let mut c = handling("2026-03-02");
    step(
        &mut c,
        Command::StartConsultation {
            party: "某公司".into(),
            party_kind: PartyKind::ThirdParty,
            sent_on: d("2026-03-03"),
        },
        Role::Officer,
        "2026-03-03",
    );
    step(
        &mut c,
        Command::Withdraw {
            on: d("2026-03-05"),
        },
        Role::Clerk,
        "2026-03-05",
    );
    let answer = Command::ReceiveConsultationAnswer {
        consultation_id: 1,
        answered_on: d("2026-03-10"),
        answer: ConsultationAnswer::Agrees,
    };
    assert_eq!(
        refused(&c, answer, Role::Officer, "2026-03-10").code(),
        "wrong_stage"
    );
    let lapsed = Command::ConsultationLapsed { consultation_id: 1 };
    assert_eq!(
        refused(&c, lapsed, Role::Officer, "2026-04-30").code(),
        "wrong_stage"
    );
}

#[test]
fn r_time_4_an_extension_is_not_decided_after_the_case_concluded() {
    let mut c = handling("2026-09-28");
    step(
        &mut c,
        Command::RequestExtension {
            days: 10,
            reason: "涉及档案较多".into(),
        },
        Role::Officer,
        "2026-10-09",
    );
    step(
        &mut c,
        Command::Withdraw {
            on: d("2026-10-12"),
        },
        Role::Clerk,
        "2026-10-12",
    );
    assert_eq!(
        refused(&c, Command::ApproveExtension, Role::Approver, "2026-10-13").code(),
        "wrong_stage"
    );
    let reject = Command::RejectExtension {
        reason: "已撤回".into(),
    };
    assert_eq!(
        refused(&c, reject, Role::Approver, "2026-10-13").code(),
        "wrong_stage"
    );
    assert!(c.extension.is_none());
}

#[test]
fn r_time_5_r_time_9_dismissal_waits_for_open_consultations_and_fees_like_any_reply() {
    let dismiss = Command::Dismiss {
        ground: NotProcessedGround::Excessive,
        facts: "申请人本月提交申请四十余件".into(),
        decision: "根据条例第三十五条，不予处理".into(),
    };
    let c = handling_with_fee_notice();
    assert_eq!(
        refused(&c, dismiss.clone(), Role::Officer, "2026-03-09").code(),
        "fee_pending"
    );
    let mut c = handling("2026-03-02");
    step(
        &mut c,
        Command::StartConsultation {
            party: "某区人民政府".into(),
            party_kind: PartyKind::Agency,
            sent_on: d("2026-03-03"),
        },
        Role::Officer,
        "2026-03-03",
    );
    assert_eq!(
        refused(&c, dismiss, Role::Officer, "2026-03-09").code(),
        "consultation_open"
    );
}

#[test]
fn r_flow_2_the_portal_registers_only_online_applications() {
    let portal = Actor::Portal {
        agency_id: "A".into(),
    };
    // An in-person application is the clerk's to register (条例 §31(1)), not the portal's.
    let e = decide(
        &Case::default(),
        Command::Register {
            application: application("2026-09-28"),
        },
        &portal,
        at("2026-09-28"),
        cal(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "portal_online_only");
    let mut app = application("2026-09-28");
    app.receipt = ReceiptFacts::Electronic {
        channel: disclosure_core::receipt::ElectronicChannel::Online,
        submitted: d("2026-09-27"),
        confirmed: d("2026-09-28"),
    };
    let events = decide(
        &Case::default(),
        Command::Register { application: app },
        &portal,
        at("2026-09-28"),
        cal(),
    )
    .unwrap();
    assert!(
        matches!(&events[0], Event::Registered { receipt_date, .. } if *receipt_date == d("2026-09-28"))
    );
}

#[test]
fn r_rev_1_a_review_of_an_abandoned_case_is_recorded_once() {
    // Received 09-28, 补正 asked on 09-30 with a deadline of 10-23, nothing came: 视为放弃 (R-COR-3).
    // The applicant may still contest that; table 四 counts every review filed.
    let mut c = registered("2026-09-28");
    step(
        &mut c,
        Command::RequestCorrection {
            items: vec!["请明确所需文件的名称或文号".into()],
            reply_by: d("2026-10-23"),
        },
        Role::Officer,
        "2026-09-30",
    );
    step(
        &mut c,
        Command::CorrectionLapsed,
        Role::Officer,
        "2026-10-26",
    );
    assert_eq!(c.stage, Some(Stage::Abandoned));
    assert_eq!(c.conclusion(), Some(Conclusion::Abandoned));
    let review = Review {
        kind: ReviewKind::Reconsideration,
        filed_on: d("2026-11-20"),
        result: ReviewResult::Pending,
        decided_on: None,
    };
    step(
        &mut c,
        Command::RecordReview {
            review: review.clone(),
        },
        Role::Legal,
        "2026-11-23",
    );
    assert_eq!(c.reviews.len(), 1);
    // The same filing entered again would count twice in table 四: refused, its decision goes
    // through DecideReview. A litigation filed the same day is another review.
    let again = refused(
        &c,
        Command::RecordReview {
            review: review.clone(),
        },
        Role::Legal,
        "2026-11-23",
    );
    assert_eq!(again.code(), "review_already_recorded");
    assert_eq!(c.reviews.len(), 1);
    step(
        &mut c,
        Command::RecordReview {
            review: Review {
                kind: ReviewKind::LitigationDirect,
                ..review
            },
        },
        Role::Legal,
        "2026-11-23",
    );
    assert_eq!(c.reviews.len(), 2);
    // Before the case is concluded there is nothing to contest yet.
    let open = registered("2026-09-28");
    let review = Review {
        kind: ReviewKind::LitigationDirect,
        filed_on: d("2026-10-09"),
        result: ReviewResult::Pending,
        decided_on: None,
    };
    assert_eq!(
        refused(
            &open,
            Command::RecordReview { review },
            Role::Legal,
            "2026-10-09"
        )
        .code(),
        "wrong_stage"
    );
}

#[test]
fn r_fee_4_no_per_page_fee_for_reading_on_site() {
    let mut c = Case::default();
    let mut app = application("2026-03-02");
    app.requested_form = ProvisionForm::OnSite;
    step(
        &mut c,
        Command::Register { application: app },
        Role::Clerk,
        "2026-03-02",
    );
    step(&mut c, Command::Accept, Role::Officer, "2026-03-02");
    let per_page = Command::IssueFeeNotice {
        basis: FeeBasis::PerPage { pages: 120 },
    };
    assert_eq!(
        refused(&c, per_page, Role::Officer, "2026-03-06").code(),
        "per_page_fee_not_applicable"
    );
    // The per-item fee depends on the number of applications, not on the form (R-FEE-3).
    step(
        &mut c,
        Command::IssueFeeNotice {
            basis: FeeBasis::PerItem { nth: 31 },
        },
        Role::Officer,
        "2026-03-06",
    );
    assert_eq!(c.fee.as_ref().map(|f| f.amount_yuan), Some(200));
}

#[test]
fn r_let_1_the_doc_number_year_is_the_year_of_the_reply() {
    let mut c = handling("2026-09-28");
    step(
        &mut c,
        Command::DraftReply {
            reply: reply(Outcome::Disclosed(DisclosureBasis::Provided)),
        },
        Role::Officer,
        "2026-10-09",
    );
    step(&mut c, Command::ApproveReply, Role::Approver, "2026-10-09");
    let last_year = Command::IssueReply {
        doc_number: DocNumber::new("朝府信公开", 2025, 310).unwrap(),
    };
    assert_eq!(
        refused(&c, last_year, Role::Approver, "2026-10-09").code(),
        "doc_number_year_mismatch"
    );
    step(
        &mut c,
        Command::IssueReply {
            doc_number: doc(12),
        },
        Role::Approver,
        "2026-10-09",
    );
    assert_eq!(c.stage, Some(Stage::Issued));
}

#[test]
fn r_time_3_a_reply_after_the_due_date_is_recorded_as_late() {
    // Received Mon 09-28: 09-29, 09-30, 10-08, 10-09, Sat 10-10 (make-up day), 10-12 … 10-16,
    // 10-19 … 10-23, 10-26 … 10-30 — the 20th working day is Fri 10-30.
    let open = handling("2026-09-28");
    assert_eq!(due(&open), Some(d("2026-10-30")));
    assert_eq!(open.replied_late(cal()), Ok(None));
    for (issued, late) in [("2026-10-30", false), ("2026-11-02", true)] {
        let mut c = open.clone();
        conclude(
            &mut c,
            reply(Outcome::Disclosed(DisclosureBasis::Provided)),
            issued,
        );
        assert_eq!(c.replied_late(cal()), Ok(Some(late)), "issued {issued}");
    }
}

#[test]
fn r_flow_1_a_returned_reply_needs_a_new_draft_and_approval() {
    let mut c = handling("2026-09-28");
    let r = reply(Outcome::Disclosed(DisclosureBasis::Provided));
    step(
        &mut c,
        Command::DraftReply { reply: r.clone() },
        Role::Officer,
        "2026-10-09",
    );
    step(&mut c, Command::ApproveReply, Role::Approver, "2026-10-09");
    let give_back = |reason: &str| Command::ReturnReply {
        reason: reason.into(),
    };
    assert_eq!(
        refused(&c, give_back("补充检索情况"), Role::Officer, "2026-10-12").code(),
        "role_not_allowed"
    );
    assert_eq!(
        refused(&c, give_back(" "), Role::Approver, "2026-10-12").code(),
        "reason_required"
    );
    step(
        &mut c,
        give_back("补充检索情况"),
        Role::Approver,
        "2026-10-12",
    );
    assert_eq!(c.stage, Some(Stage::Handling));
    assert_eq!(c.reply_approved_by, None);
    let issue = Command::IssueReply {
        doc_number: doc(12),
    };
    assert_eq!(
        refused(&c, issue.clone(), Role::Approver, "2026-10-12").code(),
        "wrong_stage"
    );
    step(
        &mut c,
        Command::DraftReply { reply: r },
        Role::Officer,
        "2026-10-13",
    );
    step(&mut c, Command::ApproveReply, Role::Approver, "2026-10-13");
    step(&mut c, issue, Role::Approver, "2026-10-13");
    assert_eq!(c.reply_approved_by.as_deref(), Some("孙主任"));
}

#[test]
fn r_time_7_an_agency_that_does_not_answer_in_15_working_days_consents() {
    // Received Mon 03-02; the co-producing agency is consulted on Tue 03-03. March 2026 has no
    // holiday: 03-04 … 03-06, 03-09 … 03-13, 03-16 … 03-20, 03-23, 03-24 — the window ends Tue 03-24.
    let mut c = handling("2026-03-02");
    let ev = step(
        &mut c,
        Command::StartConsultation {
            party: "某区住房和城乡建设局".into(),
            party_kind: PartyKind::Agency,
            sent_on: d("2026-03-03"),
        },
        Role::Officer,
        "2026-03-03",
    );
    assert!(
        matches!(&ev[0], Event::ConsultationStarted { window_ends, .. } if *window_ends == d("2026-03-24"))
    );
    let lapse = Command::ConsultationLapsed { consultation_id: 1 };
    assert_eq!(
        refused(&c, lapse.clone(), Role::Officer, "2026-03-24").code(),
        "consultation_window_open"
    );
    let ev = step(&mut c, lapse, Role::Officer, "2026-03-26");
    // The lapse is dated at the window's end, not at the day it was recorded.
    assert!(matches!(&ev[0], Event::ConsultationLapsed { on, .. } if *on == d("2026-03-24")));
    // Silence counts as consent: nothing blocks a disclosure.
    assert!(!c.has_objection());
    step(
        &mut c,
        Command::DraftReply {
            reply: reply(Outcome::Disclosed(DisclosureBasis::Provided)),
        },
        Role::Officer,
        "2026-03-26",
    );
    assert_eq!(c.stage, Some(Stage::ReplyDrafted));
}
