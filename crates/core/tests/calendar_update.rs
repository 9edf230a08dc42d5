//! R-TIME-10 and R-REV-1 in the pure domain: what importing a year's notice does to an open case's
//! clock, and a review's decision recorded on the review filed earlier. Dates worked out by hand:
//! with the built-in data 2027 is provisional (weekends plus 1 January, 1–2 May, 1–3 October); the
//! test notice is `fixtures/calendar/2027-hypothetical.csv` (春节 5–13 February off, Sunday
//! 31 January and Saturday 20 February worked).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_calendar::{parse_calendar_csv, Calendar};
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::{Applicant, ApplicantKind, IdDocument};
use disclosure_core::case::{
    decide, Application, Case, Command, DeliveryMethod, Event, ProvisionForm, Reply, Review,
    ReviewKind, ReviewResult,
};
use disclosure_core::outcome::{DisclosureBasis, Outcome};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::report::annual::table4;
use disclosure_core::values::{DocNumber, IdNumber};

const NOTICE_2027: &str = include_str!("../../../fixtures/calendar/2027-hypothetical.csv");

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn builtin() -> Calendar {
    Calendar::builtin().unwrap()
}

fn with_2027() -> Calendar {
    builtin().with_years(parse_calendar_csv(NOTICE_2027).unwrap())
}

fn staff(role: Role) -> Actor {
    Actor::Staff {
        user_id: format!("{role:?}").to_lowercase(),
        name: "经办人".into(),
        role,
        agency_id: "A".into(),
    }
}

fn step(case: &mut Case, cmd: Command, role: Role, now: &str, cal: &Calendar) {
    let events = decide(case, cmd.clone(), &staff(role), at(now), cal)
        .unwrap_or_else(|e| panic!("{} refused: {e}", cmd.name()));
    for e in &events {
        case.apply(e);
    }
}

fn received(on: &str, cal: &Calendar) -> Case {
    let mut c = Case::default();
    let application = Application {
        agency_id: "A".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "张三".into(),
            id_document: Some(IdDocument::ResidentId(
                IdNumber::parse("11010519491231002X").unwrap(),
            )),
            phone: None,
            email: None,
            address: Some("北京市朝阳区某路1号".into()),
            contact_person: None,
        },
        description: "本区2026年老旧小区改造资金安排".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson { handed_in: d(on) },
        oral: false,
    };
    step(
        &mut c,
        Command::Register { application },
        Role::Clerk,
        on,
        cal,
    );
    step(
        &mut c,
        Command::Assign {
            officer_id: "officer".into(),
            officer_name: "钱承办".into(),
        },
        Role::Approver,
        on,
        cal,
    );
    step(&mut c, Command::Accept, Role::Officer, on, cal);
    c
}

fn due(c: &Case, cal: &Calendar) -> (NaiveDate, bool) {
    let dl = c.deadline(cal).unwrap().unwrap();
    (dl.due.unwrap().date, dl.provisional)
}

/// Received Thursday 31 December 2026, extended by 20 working days (approved 20 January 2027).
fn extended_across_new_year() -> Case {
    let cal = builtin();
    let mut c = received("2026-12-31", &cal);
    step(
        &mut c,
        Command::RequestExtension {
            days: 20,
            reason: "需要调取多个部门的档案".into(),
        },
        Role::Officer,
        "2027-01-19",
        &cal,
    );
    step(
        &mut c,
        Command::ApproveExtension,
        Role::Approver,
        "2027-01-20",
        &cal,
    );
    c
}

#[test]
fn r_time_10_the_test_notice_is_a_valid_one_year_notice() {
    let cal = with_2027();
    assert!(cal.is_year_loaded(2027));
    assert!(!builtin().is_year_loaded(2027));
    assert!(
        cal.is_working_day(d("2027-01-31")).unwrap(),
        "a Sunday worked"
    );
    assert!(
        !cal.is_working_day(d("2027-02-08")).unwrap(),
        "a Monday off"
    );
    // The years before stay as they were.
    assert_eq!(cal.year_entries(2026), builtin().year_entries(2026));
}

#[test]
fn r_time_10_a_deadline_through_spring_festival_moves_and_stops_being_provisional() {
    let c = extended_across_new_year();
    // Built-in: 40 working days after 2026-12-31, 1 January off: January 4–29 gives 20, then
    // February 1–26 (no holiday known) gives 40 → 2027-02-26, provisional.
    assert_eq!(due(&c, &builtin()), (d("2027-02-26"), true));
    // With the notice: Sunday 31 January (21), 1–4 February (25), 5–14 off, 15–19 (30), Saturday
    // 20 February (31), 22–26 (36), 1–4 March (40) → 2027-03-04, no longer provisional.
    assert_eq!(due(&c, &with_2027()), (d("2027-03-04"), false));
    let event = c
        .calendar_update(2027, &builtin(), &with_2027())
        .unwrap()
        .unwrap();
    assert_eq!(
        event,
        Event::CalendarUpdated {
            year: 2027,
            previous_due: Some(d("2027-02-26")),
            new_due: Some(d("2027-03-04")),
            provisional: false,
        }
    );
    // The fold keeps the facts: the event changes nothing but the record.
    let mut after = c.clone();
    after.apply(&event);
    assert_eq!(after.reviews, c.reviews);
    assert_eq!(due(&after, &with_2027()), (d("2027-03-04"), false));
}

#[test]
fn r_time_10_a_january_deadline_keeps_its_date_but_is_no_longer_provisional() {
    let c = received("2026-12-31", &builtin());
    // 20 working days after 2026-12-31, 1 January off: January 4–8, 11–15, 18–22, 25–29 → 29 January,
    // with or without the notice (nothing in it falls before 31 January).
    assert_eq!(due(&c, &builtin()), (d("2027-01-29"), true));
    assert_eq!(
        c.calendar_update(2027, &builtin(), &with_2027()).unwrap(),
        Some(Event::CalendarUpdated {
            year: 2027,
            previous_due: Some(d("2027-01-29")),
            new_due: Some(d("2027-01-29")),
            provisional: false,
        })
    );
}

#[test]
fn r_time_10_the_same_calendar_again_records_nothing() {
    let c = extended_across_new_year();
    assert_eq!(
        c.calendar_update(2027, &with_2027(), &with_2027()).unwrap(),
        None
    );
    // A case inside 2026 never depended on 2027.
    let inside = received("2026-11-02", &builtin());
    assert_eq!(
        inside
            .calendar_update(2027, &builtin(), &with_2027())
            .unwrap(),
        None
    );
}

fn issued(received_on: &str) -> Case {
    let cal = builtin();
    let mut c = received(received_on, &cal);
    step(
        &mut c,
        Command::DraftReply {
            reply: Reply {
                outcome: Outcome::Disclosed(DisclosureBasis::Provided),
                facts: "经检索，本机关保有该信息。".into(),
                decision: "予以公开。".into(),
                disclosed_items: vec!["资金安排文件".into()],
                withheld_items: vec![],
                provision: Some(ProvisionForm::Paper),
                competent_agency: None,
                public_interest_reason: None,
                third_party_notified: false,
            },
        },
        Role::Officer,
        "2026-03-05",
        &cal,
    );
    step(
        &mut c,
        Command::ApproveReply,
        Role::Approver,
        "2026-03-05",
        &cal,
    );
    step(
        &mut c,
        Command::IssueReply {
            doc_number: DocNumber::new("示政公开", 2026, 1).unwrap(),
            clause: disclosure_core::reasons::Clause::builtin(Outcome::Disclosed(
                DisclosureBasis::Provided,
            ))
            .reference(),
        },
        Role::Approver,
        "2026-03-06",
        &cal,
    );
    c
}

#[test]
fn r_rev_1_a_decision_completes_the_review_filed_earlier_and_counts_once() {
    let cal = builtin();
    let mut c = issued("2026-03-02");
    step(
        &mut c,
        Command::RecordReview {
            review: Review {
                kind: ReviewKind::Reconsideration,
                filed_on: d("2026-04-10"),
                result: ReviewResult::Pending,
                decided_on: None,
            },
        },
        Role::Legal,
        "2026-04-10",
        &cal,
    );
    // Open on 31 December: one 行政复议, 尚未审结.
    assert_eq!(
        table4(2026, &c.reviews),
        [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    step(
        &mut c,
        Command::DecideReview {
            review_id: 0,
            result: ReviewResult::Corrected,
            decided_on: d("2026-06-30"),
        },
        Role::Legal,
        "2026-07-01",
        &cal,
    );
    assert_eq!(c.reviews.len(), 1, "the same review, not a second one");
    assert_eq!(
        table4(2026, &c.reviews),
        [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
}

#[test]
fn r_rev_1_decide_review_refusals_change_nothing() {
    let cal = builtin();
    let mut c = issued("2026-03-02");
    step(
        &mut c,
        Command::RecordReview {
            review: Review {
                kind: ReviewKind::LitigationDirect,
                filed_on: d("2026-04-10"),
                result: ReviewResult::Pending,
                decided_on: None,
            },
        },
        Role::Legal,
        "2026-04-10",
        &cal,
    );
    let refused = |c: &Case, cmd: Command, role: Role, now: &str| {
        let before = c.clone();
        let e = decide(c, cmd, &staff(role), at(now), &cal).unwrap_err();
        assert_eq!(c, &before);
        e.code()
    };
    let decision = |id: u32, result: ReviewResult, on: &str| Command::DecideReview {
        review_id: id,
        result,
        decided_on: d(on),
    };
    assert_eq!(
        refused(
            &c,
            decision(1, ReviewResult::Upheld, "2026-05-01"),
            Role::Legal,
            "2026-05-02"
        ),
        "no_such_review"
    );
    assert_eq!(
        refused(
            &c,
            decision(0, ReviewResult::Pending, "2026-05-01"),
            Role::Legal,
            "2026-05-02"
        ),
        "review_result_required"
    );
    assert_eq!(
        refused(
            &c,
            decision(0, ReviewResult::Upheld, "2026-04-09"),
            Role::Legal,
            "2026-05-02"
        ),
        "date_too_early"
    );
    assert_eq!(
        refused(
            &c,
            decision(0, ReviewResult::Upheld, "2026-05-03"),
            Role::Legal,
            "2026-05-02"
        ),
        "date_in_future"
    );
    assert_eq!(
        refused(
            &c,
            decision(0, ReviewResult::Upheld, "2026-05-01"),
            Role::Officer,
            "2026-05-02"
        ),
        "role_not_allowed"
    );
    step(
        &mut c,
        decision(0, ReviewResult::Upheld, "2026-05-01"),
        Role::Legal,
        "2026-05-02",
        &cal,
    );
    assert_eq!(
        refused(
            &c,
            decision(0, ReviewResult::Other, "2026-05-01"),
            Role::Legal,
            "2026-05-02"
        ),
        "review_already_decided"
    );
}
