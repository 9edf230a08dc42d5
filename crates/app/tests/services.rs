//! The services on both backends: registration, commands, 字号 on issue, agency isolation, stale
//! versions, and demo data that obeys every rule.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency, seed_cases, DEMO_PASSWORD};
use disclosure_app::{ServiceError, Services};
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::{Command, Stage};
use disclosure_store::queries::CaseFilter;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

fn at(s: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn services(db: &TestDb) -> Services {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let s = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    assert!(ensure_demo_agency(&s, at("2026-01-01")).unwrap());
    assert!(
        !ensure_demo_agency(&s, at("2026-01-01")).unwrap(),
        "only once"
    );
    s
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(a_case_from_registration_to_issue, demo_data_obeys_the_rules);

fn a_case_from_registration_to_issue(db: &TestDb) {
    let s = services(db);
    let t0 = at("2026-09-28");
    let clerk = s.authenticate("clerk", DEMO_PASSWORD, t0).unwrap();
    assert!(matches!(
        s.authenticate("clerk", "wrong", t0),
        Err(ServiceError::BadCredentials)
    ));
    assert!(matches!(
        s.authenticate("nobody", DEMO_PASSWORD, t0),
        Err(ServiceError::BadCredentials)
    ));
    let officer = demo_actor(&s, "officer").unwrap();
    let approver = demo_actor(&s, "approver").unwrap();
    // Registered on Monday 2026-09-28: due 2026-10-30 (see the clock tests).
    let app = {
        let (reg, loaded) = s
            .register(&clerk, sample_application("2026-09-28"), at("2026-09-28"))
            .unwrap();
        assert_eq!((reg.number_year, reg.number_seq), (2026, 1));
        assert_eq!(loaded.row.due_date, NaiveDate::from_ymd_opt(2026, 10, 30));
        assert_eq!(loaded.row.stage, "registered");
        loaded
    };
    let id = app.row.id.clone();
    let c = s
        .execute(
            &approver,
            &id,
            1,
            Command::Assign {
                officer_id: "u-officer".into(),
                officer_name: "钱进".into(),
            },
            at("2026-09-28"),
        )
        .unwrap();
    // A stale version is refused with its code and changes nothing.
    let e = s
        .execute(&officer, &id, 1, Command::Accept, at("2026-09-29"))
        .unwrap_err();
    assert_eq!(e.code(), "stale_case_version");
    // A rule refusal rolls back and names its code.
    let e = s
        .execute(
            &clerk,
            &id,
            c.row.version,
            Command::Accept,
            at("2026-09-29"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "role_not_allowed");
    let c = s
        .execute(
            &officer,
            &id,
            c.row.version,
            Command::Accept,
            at("2026-09-29"),
        )
        .unwrap();
    assert_eq!(c.row.stage, "handling");
    // Another agency's officer cannot see it.
    let stranger = Actor::Staff {
        user_id: "x".into(),
        name: "外".into(),
        role: Role::Officer,
        agency_id: "other".into(),
    };
    assert!(matches!(
        s.load(&stranger, &id),
        Err(ServiceError::NotFound)
    ));
    let reply = disclosure_core::case::Reply {
        outcome: disclosure_core::outcome::Outcome::Disclosed(
            disclosure_core::outcome::DisclosureBasis::Provided,
        ),
        facts: "经检索".into(),
        decision: "予以公开".into(),
        disclosed_items: vec!["文件".into()],
        withheld_items: vec![],
        provision: Some(disclosure_core::case::ProvisionForm::Paper),
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    };
    let c = s
        .execute(
            &officer,
            &id,
            c.row.version,
            Command::DraftReply { reply },
            at("2026-10-09"),
        )
        .unwrap();
    let c = s
        .execute(
            &approver,
            &id,
            c.row.version,
            Command::ApproveReply,
            at("2026-10-09"),
        )
        .unwrap();
    // R-LET-1: without the letter there is no issue — the installation lacks its fonts, the
    // command is refused, the case and the 字号 sequence are untouched.
    let fontless = Services::new(s.store.clone(), s.calendar());
    let e = fontless
        .issue_reply(&approver, &id, c.row.version, at("2026-10-12"))
        .unwrap_err();
    assert_eq!(e.code(), "letter_fonts_missing");
    assert_eq!(s.load(&approver, &id).unwrap().row.version, c.row.version);
    assert!(s.case_documents(&c).unwrap().is_empty());
    let c = s
        .issue_reply(&approver, &id, c.row.version, at("2026-10-12"))
        .unwrap();
    assert_eq!(c.case.stage, Some(Stage::Issued));
    // The letter is kept with its 字号 and date, and every download returns those same bytes.
    // By post: the reply and its 送达回证 (no 字号 of its own), in that order.
    let docs = s.case_documents(&c).unwrap();
    let kinds: Vec<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"delivery_receipt"), "{kinds:?}");
    let docs: Vec<_> = docs.into_iter().filter(|d| d.kind == "reply").collect();
    assert_eq!(
        docs[0].doc_number.as_deref(),
        Some("示区府办信公开〔2026〕1号")
    );
    assert_eq!(
        docs[0].issued_on,
        NaiveDate::from_ymd_opt(2026, 10, 12).unwrap()
    );
    let (meta, kept) = s.case_document(&c, &docs[0].id).unwrap();
    assert_eq!(meta.size, i64::try_from(kept.len()).unwrap());
    assert_eq!(s.issued_reply(&c).unwrap(), kept);
    assert!(kept.starts_with(b"%PDF-"));
    let text = pdf_text(&kept);
    for element in [
        "示区府办信公开〔2026〕1号",
        "张三",
        "2026年10月12日",
        "复议",
    ] {
        assert!(text.contains(element), "{element} missing from:\n{text}");
    }
    assert_eq!(
        c.case.issued.as_ref().unwrap().0.to_string(),
        "示区府办信公开〔2026〕1号"
    );
    assert_eq!(
        c.row.due_date, None,
        "a concluded case has no running deadline"
    );
    assert!(c.row.outcome.is_some());
    assert_eq!(c.events.len(), 6);
    assert_eq!(s.store.verify_all_chains().unwrap().first_broken, None);
}

/// The text of a PDF as `pdftotext` reads it, with line breaks and spaces removed so a 字号 split
/// over two lines still matches.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Five wrong passwords in a row lock the name for 15 minutes, even against the right password;
/// a success before that clears the count; the lock ends on its own.
#[test]
fn login_throttling_locks_a_name_after_five_failures() {
    let s = services(&TestDb::sqlite());
    let t0 = at("2026-09-28");
    let minutes = |m: i64| t0 + chrono::Duration::minutes(m);
    for i in 0..4 {
        assert!(s.authenticate("officer", "wrong", minutes(i)).is_err());
    }
    s.authenticate("officer", DEMO_PASSWORD, minutes(4))
        .unwrap();
    for i in 0..5 {
        let e = s
            .authenticate("Officer", "wrong", minutes(5 + i))
            .unwrap_err();
        assert_eq!(e.code(), "bad_credentials");
    }
    // Locked from the fifth failure at minute 9 until minute 24.
    let e = s
        .authenticate("officer", DEMO_PASSWORD, minutes(10))
        .unwrap_err();
    assert_eq!(e.code(), "login_throttled");
    let e = s
        .authenticate("officer", DEMO_PASSWORD, minutes(23))
        .unwrap_err();
    assert_eq!(e.code(), "login_throttled");
    // Other names are not affected.
    s.authenticate("clerk", DEMO_PASSWORD, minutes(10)).unwrap();
    s.authenticate("officer", DEMO_PASSWORD, minutes(24))
        .unwrap();
}

fn sample_application(received: &str) -> disclosure_core::case::Application {
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
            handed_in: NaiveDate::parse_from_str(received, "%Y-%m-%d").unwrap(),
        },
        oral: false,
    }
}

fn demo_data_obeys_the_rules(db: &TestDb) {
    let s = services(db);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(seed_cases(&s, 60, 7, today, 200).unwrap(), 60);
    let officer = demo_actor(&s, "officer").unwrap();
    let all = s
        .list(
            &officer,
            CaseFilter {
                limit: 500,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(all.len(), 60);
    let stages: std::collections::BTreeSet<&str> =
        all.iter().map(|c| c.case.stage.as_str()).collect();
    for expected in [
        "registered",
        "under_review",
        "handling",
        "issued",
        "archived",
    ] {
        assert!(stages.contains(expected), "{expected} in {stages:?}");
    }
    let numbers: std::collections::BTreeSet<i32> = all.iter().map(|c| c.case.number_seq).collect();
    assert_eq!(numbers, (1..=60).collect());
    assert_eq!(s.store.verify_all_chains().unwrap().first_broken, None);
}
