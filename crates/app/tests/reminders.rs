//! 督办 reminders with fixed dates on the official 2026 calendar: across 春节 (15–23 February off,
//! Saturdays 14 and 28 February working) and the 国庆 make-up Sunday 20 September. Every due date and
//! count of working days below is worked out by hand from the State Council's 2026 notice.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency};
use disclosure_app::reminders::{
    digests, enqueue_digests, Digest, Line, Matter, OpenCase, Recipient, ReminderSchedule,
};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::actor::Role;
use disclosure_core::case::{Case, Command, Event, PartyKind};
use disclosure_core::fee::FeeBasis;
use disclosure_store::outbox;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> Calendar {
    Calendar::builtin().unwrap()
}

fn application(received: &str) -> disclosure_core::case::Application {
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, DeliveryMethod, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    Application {
        agency_id: "demo".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "张三".into(),
            id_document: None,
            phone: None,
            email: None,
            address: Some("某地".into()),
            contact_person: None,
        },
        description: "某文件".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: d(received),
        },
        oral: false,
    }
}

fn registered(received: &str) -> Vec<Event> {
    vec![Event::Registered {
        application: application(received),
        receipt_date: d(received),
        missing: vec![],
    }]
}

fn assigned(received: &str, officer: &str) -> Vec<Event> {
    let mut e = registered(received);
    e.push(Event::Assigned {
        officer_id: officer.into(),
        officer_name: officer.into(),
    });
    e
}

fn handling(received: &str, officer: &str) -> Vec<Event> {
    let mut e = assigned(received, officer);
    e.push(Event::Accepted);
    e
}

fn open(number: &str, events: &[Event]) -> OpenCase {
    OpenCase {
        number: number.into(),
        case: Case::from_events(events),
    }
}

fn who(id: &str, role: Role) -> Recipient {
    Recipient {
        user_id: id.into(),
        name: id.into(),
        role,
        email: format!("{id}@example.gov.cn"),
    }
}

fn lines_of<'a>(ds: &'a [Digest], id: &str) -> Option<&'a [Line]> {
    ds.iter()
        .find(|x| x.recipient.user_id == id)
        .map(|x| x.lines.as_slice())
}

fn line(number: &str, matter: Matter) -> Line {
    Line {
        case_number: Some(number.into()),
        matter,
    }
}

/// A: received 20 Jan → due 24 Feb (its 19th working day is Saturday 14 Feb, the 20th the first day
/// after 春节). B: received 8 Jan → due 5 Feb. C: received 22 Jan → due 26 Feb.
fn spring_festival_cases() -> Vec<OpenCase> {
    vec![
        open("2026-0001", &handling("2026-01-20", "li")),
        open("2026-0002", &handling("2026-01-08", "li")),
        open("2026-0003", &handling("2026-01-22", "wang")),
    ]
}

fn staff() -> Vec<Recipient> {
    vec![
        who("li", Role::Officer),
        who("wang", Role::Officer),
        who("sun", Role::Approver),
        who("legal", Role::Legal),
        who("admin", Role::Admin),
        who("clerk", Role::Clerk),
    ]
}

#[test]
fn r_time_3_officers_get_due_soon_and_overdue_counted_in_working_days_across_spring_festival() {
    let cal = cal();
    let cases = spring_festival_cases();
    // Friday 13 Feb: A has 2 working days left (Sat 14 Feb, Tue 24 Feb) though 11 calendar days;
    // C has 4 (14, 24, 25, 26 Feb); B is overdue.
    let ds = digests(d("2026-02-13"), &cal, &cases, &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap(),
        [
            line(
                "2026-0001",
                Matter::DueWithin3 {
                    due: d("2026-02-24"),
                    left: 2
                }
            ),
            line(
                "2026-0002",
                Matter::Overdue {
                    due: d("2026-02-05")
                }
            ),
        ]
    );
    assert_eq!(
        lines_of(&ds, "wang").unwrap(),
        [line(
            "2026-0003",
            Matter::DueWithin5 {
                due: d("2026-02-26"),
                left: 4
            }
        )]
    );
    // Legal: the agency's overdue list. Clerks and (before November) admins get nothing.
    assert_eq!(
        lines_of(&ds, "legal").unwrap(),
        [line(
            "2026-0002",
            Matter::Overdue {
                due: d("2026-02-05")
            }
        )]
    );
    assert!(lines_of(&ds, "clerk").is_none());
    assert!(lines_of(&ds, "admin").is_none());
    assert!(
        lines_of(&ds, "sun").is_none(),
        "nothing waits for the approver"
    );
}

#[test]
fn r_time_1_the_make_up_saturday_before_spring_festival_is_a_working_day_with_digests() {
    let ds = digests(d("2026-02-14"), &cal(), &spring_festival_cases(), &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap(),
        [
            line(
                "2026-0001",
                Matter::DueWithin3 {
                    due: d("2026-02-24"),
                    left: 1
                }
            ),
            line(
                "2026-0002",
                Matter::Overdue {
                    due: d("2026-02-05")
                }
            ),
        ]
    );
    assert_eq!(
        lines_of(&ds, "wang").unwrap(),
        [line(
            "2026-0003",
            Matter::DueWithin3 {
                due: d("2026-02-26"),
                left: 3
            }
        )]
    );
}

#[test]
fn r_time_1_during_spring_festival_only_overdue_matters_are_sent() {
    for day in ["2026-02-15", "2026-02-18", "2026-02-23"] {
        let ds = digests(d(day), &cal(), &spring_festival_cases(), &staff());
        assert_eq!(
            lines_of(&ds, "li").unwrap(),
            [line(
                "2026-0002",
                Matter::Overdue {
                    due: d("2026-02-05")
                }
            )],
            "{day}"
        );
        assert!(lines_of(&ds, "wang").is_none(), "{day}: C is not overdue");
        assert_eq!(lines_of(&ds, "legal").unwrap().len(), 1, "{day}");
    }
    // Back at work on Tuesday 24 Feb: A is due today, C has 2 working days left.
    let ds = digests(d("2026-02-24"), &cal(), &spring_festival_cases(), &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap()[0],
        line(
            "2026-0001",
            Matter::DueToday {
                due: d("2026-02-24")
            }
        )
    );
    assert_eq!(
        lines_of(&ds, "wang").unwrap(),
        [line(
            "2026-0003",
            Matter::DueWithin3 {
                due: d("2026-02-26"),
                left: 2
            }
        )]
    );
}

#[test]
fn r_cor_1_the_correction_limit_ending_on_the_make_up_saturday_28_february() {
    // Received Thu 12 Feb; 7 working days: 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat) Feb.
    let cases = vec![open("2026-0009", &assigned("2026-02-12", "li"))];
    let ds = digests(d("2026-02-25"), &cal(), &cases, &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap(),
        [line(
            "2026-0009",
            Matter::CorrectionLimit {
                limit: d("2026-02-28"),
                left: 3
            }
        )]
    );
    let ds = digests(d("2026-02-28"), &cal(), &cases, &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap(),
        [line(
            "2026-0009",
            Matter::CorrectionLimit {
                limit: d("2026-02-28"),
                left: 0
            }
        )]
    );
    // Sunday 1 March: past, and a day off: nothing.
    assert!(lines_of(&digests(d("2026-03-01"), &cal(), &cases, &staff()), "li").is_none());
    // Once the case is accepted, the 补正 limit no longer concerns anyone.
    let cases = vec![open("2026-0009", &handling("2026-02-12", "li"))];
    assert!(lines_of(&digests(d("2026-02-25"), &cal(), &cases, &staff()), "li").is_none());
}

#[test]
fn r_time_1_the_national_day_make_up_sunday_20_september_gets_digests_the_saturday_before_none() {
    // Received Fri 28 Aug → due Thu 24 Sep (20 Sep, a Sunday, is the 16th working day).
    let cases = vec![open("2026-0100", &handling("2026-08-28", "li"))];
    let ds = digests(d("2026-09-20"), &cal(), &cases, &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap(),
        [line(
            "2026-0100",
            Matter::DueWithin5 {
                due: d("2026-09-24"),
                left: 4
            }
        )]
    );
    assert!(digests(d("2026-09-19"), &cal(), &cases, &staff()).is_empty());
    // Sunday 27 Sep (中秋 days off): overdue, so sent anyway.
    let ds = digests(d("2026-09-27"), &cal(), &cases, &staff());
    assert_eq!(
        lines_of(&ds, "li").unwrap(),
        [line(
            "2026-0100",
            Matter::Overdue {
                due: d("2026-09-24")
            }
        )]
    );
}

#[test]
fn r_time_6_consultation_answers_due_and_r_time_9_fee_windows_lapsing() {
    // A third party consulted on 10 Feb: its 15 working days end on 9 Mar (14 and 28 Feb count).
    let mut consult = handling("2026-02-02", "li");
    consult.push(Event::ConsultationStarted {
        consultation_id: 1,
        party: "某科技有限公司".into(),
        party_kind: PartyKind::ThirdParty,
        sent_on: d("2026-02-10"),
        window_ends: d("2026-03-09"),
    });
    // A fee noticed on 2 Mar, payable by 30 Mar (20 working days).
    let mut fee = handling("2026-02-25", "li");
    fee.push(Event::FeeNoticed {
        basis: FeeBasis::PerPage { pages: 50 },
        amount_yuan: 200,
        noticed_on: d("2026-03-02"),
        pay_by: d("2026-03-30"),
    });
    let cases = vec![open("2026-0020", &consult), open("2026-0021", &fee)];
    let on = |day: &str| {
        digests(d(day), &cal(), &cases, &staff())
            .into_iter()
            .find(|x| x.recipient.user_id == "li")
            .map(|x| x.lines)
            .unwrap_or_default()
    };
    // 4 Mar: 3 working days to the window's end (5, 6, 9 Mar).
    assert!(on("2026-03-04").contains(&line(
        "2026-0020",
        Matter::ConsultationDue {
            party: "某科技有限公司".into(),
            ends: d("2026-03-09"),
            left: 3
        }
    )));
    assert!(!on("2026-03-03")
        .iter()
        .any(|l| matches!(l.matter, Matter::ConsultationDue { .. })));
    assert!(on("2026-03-10").contains(&line(
        "2026-0020",
        Matter::ConsultationLapsed {
            party: "某科技有限公司".into(),
            ended: d("2026-03-09")
        }
    )));
    // 25 Mar: 26, 27, 30 Mar left.
    assert!(on("2026-03-25").contains(&line(
        "2026-0021",
        Matter::FeeDue {
            pay_by: d("2026-03-30"),
            left: 3
        }
    )));
    assert!(on("2026-03-31").contains(&line(
        "2026-0021",
        Matter::FeeLapsed {
            pay_by: d("2026-03-30")
        }
    )));
}

#[test]
fn approvers_get_what_waits_for_them_on_working_days_only() {
    let mut drafted = handling("2026-02-02", "li");
    drafted.push(Event::ReplyDrafted {
        reply: disclosure_core::case::Reply {
            outcome: disclosure_core::outcome::Outcome::Disclosed(
                disclosure_core::outcome::DisclosureBasis::Provided,
            ),
            facts: "经检索".into(),
            decision: "予以公开".into(),
            disclosed_items: vec!["文件".into()],
            withheld_items: vec![],
            provision: None,
            competent_agency: None,
            public_interest_reason: None,
            third_party_notified: false,
        },
    });
    let mut extension = handling("2026-02-03", "li");
    extension.push(Event::ExtensionRequested {
        days: 10,
        reason: "需要调取档案".into(),
    });
    let cases = vec![
        open("2026-0030", &drafted),
        open("2026-0031", &extension),
        open("2026-0032", &registered("2026-02-12")),
    ];
    let ds = digests(d("2026-02-13"), &cal(), &cases, &staff());
    assert_eq!(
        lines_of(&ds, "sun").unwrap(),
        [
            line("2026-0030", Matter::ReplyAwaitsApproval),
            line("2026-0031", Matter::ExtensionAwaitsApproval { days: 10 }),
            line("2026-0032", Matter::AwaitsAssignment),
        ]
    );
    assert!(lines_of(&digests(d("2026-02-16"), &cal(), &cases, &staff()), "sun").is_none());
}

#[test]
fn r_time_10_calendar_watch_from_1_november_on_working_days_for_admins_and_legal() {
    // The built-in data ends with 2026: 2027 is not loaded.
    let cal = cal();
    assert!(!cal.is_year_loaded(2027));
    let watch = [Line {
        case_number: None,
        matter: Matter::CalendarMissing { year: 2027 },
    }];
    let ds = digests(d("2026-11-02"), &cal, &[], &staff());
    assert_eq!(lines_of(&ds, "admin").unwrap(), watch);
    assert_eq!(lines_of(&ds, "legal").unwrap(), watch);
    assert!(lines_of(&ds, "li").is_none());
    assert!(
        digests(d("2026-10-30"), &cal, &[], &staff()).is_empty(),
        "before November"
    );
    assert!(
        digests(d("2026-11-01"), &cal, &[], &staff()).is_empty(),
        "a Sunday"
    );
    // With 2027 loaded (an override file), no watch.
    let loaded = Calendar::with_overrides("2027-01-01,off,元旦\n").unwrap();
    assert!(digests(d("2026-11-02"), &loaded, &[], &staff()).is_empty());
}

#[test]
fn the_schedule_fires_once_a_day_at_the_configured_time() {
    let mut s = ReminderSchedule::new(NaiveTime::from_hms_opt(8, 30, 0).unwrap());
    let t = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    assert!(!s.due(t("2026-02-13 08:29")));
    assert!(s.due(t("2026-02-13 08:30")));
    assert!(!s.due(t("2026-02-13 15:00")));
    assert!(s.due(t("2026-02-14 09:00")));
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(digests_are_enqueued_once_per_person_and_day_from_the_stored_cases);

fn digests_are_enqueued_once_per_person_and_day_from_the_stored_cases(db: &TestDb) {
    let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let s = Services::new(store, Arc::new(cal()));
    ensure_demo_agency(&s, at("2026-01-01 08:00")).unwrap();
    let clerk = demo_actor(&s, "clerk").unwrap();
    let approver = demo_actor(&s, "approver").unwrap();
    let officer = demo_actor(&s, "officer").unwrap();
    for received in ["2026-01-20", "2026-01-08"] {
        let now = at(&format!("{received} 10:00"));
        let (_, c) = s.register(&clerk, application(received), now).unwrap();
        let c = s
            .execute(
                &approver,
                &c.row.id,
                c.row.version,
                Command::Assign {
                    officer_id: "u-officer".into(),
                    officer_name: "钱进".into(),
                },
                now,
            )
            .unwrap();
        s.execute(&officer, &c.row.id, c.row.version, Command::Accept, now)
            .unwrap();
    }
    s.store
        .write(|c| {
            outbox::set_staff_email(c, "u-officer", "qianjin@example.gov.cn")?;
            outbox::set_staff_email(c, "u-legal", "lizheng@example.gov.cn")
        })
        .unwrap();
    let now = at("2026-02-13 08:30");
    assert_eq!(enqueue_digests(&s.store, &s.calendar(), now).unwrap(), 2);
    // A second instance (or a restart) the same day adds nothing.
    assert_eq!(enqueue_digests(&s.store, &s.calendar(), now).unwrap(), 0);
    let rows = s.store.read(outbox::all).unwrap();
    assert_eq!(rows.len(), 2);
    let officer_mail = rows
        .iter()
        .find(|r| r.recipient == "qianjin@example.gov.cn")
        .unwrap();
    assert_eq!(
        officer_mail.subject,
        "【示范市示范区人民政府办公室】督办提醒（2026年2月13日）：逾期1项，共2项"
    );
    let body: String = s
        .store
        .read(|c| {
            use diesel::prelude::*;
            use disclosure_store::schema::outbox as o;
            Ok(o::table
                .find(&officer_mail.id)
                .select(o::body)
                .first::<String>(c)?)
        })
        .unwrap();
    assert!(
        body.contains("【已超过答复期限】\n  - 申请编号2026-0002：答复期限为2026年2月5日，已逾期"),
        "{body}"
    );
    assert!(
        body.contains(
            "【3个工作日内到期】\n  - 申请编号2026-0001：答复期限为2026年2月24日（还有2个工作日）"
        ),
        "{body}"
    );
    let legal_mail = rows
        .iter()
        .find(|r| r.recipient == "lizheng@example.gov.cn")
        .unwrap();
    assert_eq!(
        legal_mail.subject,
        "【示范市示范区人民政府办公室】督办提醒（2026年2月13日）：逾期1项，共1项"
    );
    // The next working day is a new digest.
    assert_eq!(
        enqueue_digests(&s.store, &s.calendar(), at("2026-02-14 08:30")).unwrap(),
        2
    );
}
