//! The reasons library through the services (issue #8; R-LET-1 法律依据, R-LET-3), on a real SQLite
//! file and a real PostgreSQL database: a reply takes the clause in force when it is issued and
//! records its version; a version published later changes new letters only — the first letter's
//! stored bytes (and their SHA-256) and recorded version stay as they were. Letters are read back
//! with `pdftotext`. Publishing is for legal staff and administrators, checked, and a refusal
//! writes nothing.
//!
//! Dates on the official 2026 calendar: registered Monday 2026-09-28, replies issued 2026-10-12
//! (the National Day holiday, 1–7 October, is inside the period; nothing here depends on it).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency};
use disclosure_app::reasons::{NewClauseVersion, ReasonsError};
use disclosure_app::{LoadedCase, Services};
use disclosure_calendar::Calendar;
use disclosure_core::case::{Command, DeliveryMethod, Event, ProvisionForm, Reply};
use disclosure_core::outcome::{Outcome, WithholdGround};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use sha2::{Digest, Sha256};

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(
    r_let_1_a_clause_published_later_changes_new_letters_only,
    r_let_1_only_legal_staff_and_administrators_publish_and_a_refusal_writes_nothing,
    r_let_1_the_reply_preview_uses_the_clause_in_force,
);

const THIRD_PARTY: Outcome = Outcome::Withheld(WithholdGround::ThirdPartyRights);
const KEY: &str = "withheld.third_party_rights";
const V1_WORDING: &str =
    "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关不予公开。";
const V2_WORDING: &str =
    "经书面征求第三方意见，第三方不同意公开，您申请获取的政府信息涉及其商业秘密，本机关不予公开。";

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
    assert!(s.fonts.is_some(), "letter fonts: {:?}", s.fonts_problem);
    ensure_demo_agency(&s, at("2026-01-01")).unwrap();
    s
}

/// Registered 2026-09-28 by post, assigned, accepted, a 不予公开 4 reply drafted and approved.
fn approved(s: &Services, applicant: &str) -> LoadedCase {
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::Application;
    use disclosure_core::receipt::ReceiptFacts;
    let clerk = demo_actor(s, "clerk").unwrap();
    let officer = demo_actor(s, "officer").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let application = Application {
        agency_id: "demo".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: applicant.into(),
            id_document: None,
            phone: None,
            email: None,
            address: Some("示范市示范区人民路88号".into()),
            contact_person: None,
        },
        description: "某企业新建厂房项目的环境影响评价报告全文".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: at("2026-09-28").date(),
        },
        oral: false,
    };
    let (_, c) = s.register(&clerk, application, at("2026-09-28")).unwrap();
    let id = c.row.id.clone();
    let mut v = c.row.version;
    let mut run = |who: &disclosure_core::actor::Actor, cmd: Command, on: &str| {
        let c = s.execute(who, &id, v, cmd, at(on)).unwrap();
        v = c.row.version;
        c
    };
    run(
        &approver,
        Command::Assign {
            officer_id: "u-officer".into(),
            officer_name: "钱进".into(),
        },
        "2026-09-28",
    );
    run(&officer, Command::Accept, "2026-09-29");
    let reply = Reply {
        outcome: THIRD_PARTY,
        facts: "经审查，该报告含有建设单位的工艺参数和设备清单。".into(),
        decision: "该报告不予公开。".into(),
        disclosed_items: vec![],
        withheld_items: vec![],
        provision: None,
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    };
    run(&officer, Command::DraftReply { reply }, "2026-10-09");
    run(&approver, Command::ApproveReply, "2026-10-09")
}

fn issued(s: &Services, applicant: &str) -> LoadedCase {
    let c = approved(s, applicant);
    let approver = demo_actor(s, "approver").unwrap();
    s.issue_reply(&approver, &c.row.id, c.row.version, at("2026-10-12"))
        .unwrap()
}

/// The text of a PDF as `pdftotext` reads it, without whitespace (a line break may fall anywhere).
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

fn sha256(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The clause (version, provision key) the case's `ReplyIssued` event recorded.
fn recorded(c: &LoadedCase) -> Option<(u32, String)> {
    c.events.iter().find_map(|e| {
        let ev: Event = serde_json::from_str(&e.payload).unwrap();
        match ev {
            Event::ReplyIssued { clause, .. } => {
                clause.map(|r| (r.version.get(), r.citation.clone()))
            }
            _ => None,
        }
    })
}

fn reply_document_id(s: &Services, c: &LoadedCase) -> String {
    s.case_documents(c)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == "reply")
        .unwrap()
        .id
}

fn publish_v2(s: &Services) {
    let legal = demo_actor(s, "legal").unwrap();
    let v = s
        .publish_clause(
            &legal,
            &NewClauseVersion {
                outcome_key: KEY.into(),
                seen_version: 1,
                citation_key: "15".into(),
                wording: V2_WORDING.into(),
                note: "写明已征求第三方意见".into(),
            },
            at("2026-10-12"),
        )
        .unwrap();
    assert_eq!(v.clause.version.get(), 2);
}

fn r_let_1_a_clause_published_later_changes_new_letters_only(db: &TestDb) {
    let s = services(db);
    let legal = demo_actor(&s, "legal").unwrap();
    let first = issued(&s, "王喆");
    let before = s.issued_reply(&first).unwrap();
    let before_sha = sha256(&before);
    let text = pdf_text(&before);
    assert!(
        text.contains(&format!(
            "根据《中华人民共和国政府信息公开条例》第十五条的规定，现答复如下：{V1_WORDING}"
        )),
        "{text}"
    );
    assert_eq!(recorded(&first), Some((1, "15".to_string())));
    let first_doc = reply_document_id(&s, &first);
    assert_eq!(
        s.document_clause(&first_doc).unwrap(),
        Some((KEY.to_string(), 1))
    );

    publish_v2(&s);
    assert_eq!(
        s.clause_in_force(&legal, THIRD_PARTY)
            .unwrap()
            .version
            .get(),
        2
    );

    let second = issued(&s, "李堃");
    let text2 = pdf_text(&s.issued_reply(&second).unwrap());
    assert!(
        text2.contains(&format!(
            "根据《中华人民共和国政府信息公开条例》第十五条的规定，现答复如下：{V2_WORDING}"
        )),
        "{text2}"
    );
    assert!(!text2.contains(V1_WORDING));
    assert_eq!(recorded(&second), Some((2, "15".to_string())));
    assert_eq!(
        s.document_clause(&reply_document_id(&s, &second)).unwrap(),
        Some((KEY.to_string(), 2))
    );

    // The first letter is what it was: same bytes, same hash, same recorded version.
    let first = s.load(&legal, &first.row.id).unwrap();
    let after = s.issued_reply(&first).unwrap();
    assert_eq!(sha256(&after), before_sha);
    assert!(after == before);
    let meta = s
        .case_documents(&first)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == "reply")
        .unwrap();
    assert_eq!(meta.sha256, before_sha);
    assert!(pdf_text(&after).contains(V1_WORDING));
    assert_eq!(recorded(&first), Some((1, "15".to_string())));
    assert_eq!(
        s.document_clause(&first_doc).unwrap(),
        Some((KEY.to_string(), 1))
    );
    // The 案卷 of the first case prints the letter as issued.
    assert!(pdf_text(&s.case_file(&first).unwrap()).contains(V1_WORDING));
}

fn r_let_1_only_legal_staff_and_administrators_publish_and_a_refusal_writes_nothing(db: &TestDb) {
    let s = services(db);
    let legal = demo_actor(&s, "legal").unwrap();
    let new = |citation: &str, wording: &str, seen: u32| NewClauseVersion {
        outcome_key: KEY.into(),
        seen_version: seen,
        citation_key: citation.into(),
        wording: wording.into(),
        note: "修改".into(),
    };
    let library_before = s.reasons_library(&legal).unwrap();
    assert_eq!(library_before.len(), 23);
    assert!(library_before
        .iter()
        .all(|e| e.current.clause.version.get() == 1 && e.history.len() == 1));

    for who in ["officer", "approver", "clerk"] {
        let actor = demo_actor(&s, who).unwrap();
        let e = s
            .publish_clause(&actor, &new("15", V2_WORDING, 1), at("2026-10-12"))
            .unwrap_err();
        assert!(matches!(e, ReasonsError::NotAllowed), "{who}: {e}");
        assert_eq!(e.code(), "role_not_allowed");
    }
    // A 不予公开 ground cannot cite §36(4).
    let e = s
        .publish_clause(&legal, &new("36.4", V2_WORDING, 1), at("2026-10-12"))
        .unwrap_err();
    assert_eq!(e.code(), "clause_citation_does_not_fit");
    let e = s
        .publish_clause(&legal, &new("15", "  ", 1), at("2026-10-12"))
        .unwrap_err();
    assert_eq!(e.code(), "clause_wording_empty");
    let e = s
        .publish_clause(&legal, &new("15", V1_WORDING, 1), at("2026-10-12"))
        .unwrap_err();
    assert_eq!(e.code(), "clause_unchanged");
    let e = s
        .publish_clause(
            &legal,
            &NewClauseVersion {
                outcome_key: "withheld.no_such_ground".into(),
                ..new("15", V2_WORDING, 1)
            },
            at("2026-10-12"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "clause_unknown_outcome");
    assert_eq!(s.reasons_library(&legal).unwrap(), library_before);

    // The administrator publishes version 2; a form still showing version 1 is then refused.
    let admin = demo_actor(&s, "admin").unwrap();
    let v2 = s
        .publish_clause(&admin, &new("15", V2_WORDING, 1), at("2026-10-12"))
        .unwrap();
    let e = s
        .publish_clause(
            &legal,
            &new("15", "本机关不予公开该信息。", 1),
            at("2026-10-13"),
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            ReasonsError::Superseded {
                seen: 1,
                current: 2
            }
        ),
        "{e}"
    );
    let library = s.reasons_library(&legal).unwrap();
    let entry = library.iter().find(|e| e.outcome == THIRD_PARTY).unwrap();
    assert_eq!(entry.current, v2);
    assert_eq!(
        entry
            .history
            .iter()
            .map(|v| v.clause.version.get())
            .collect::<Vec<_>>(),
        vec![2, 1]
    );
    let published = entry.history[0].published.as_ref().unwrap();
    assert_eq!(published.by_name, "周全（系统管理）");
    assert_eq!(published.note, "修改");
    assert_eq!(published.at, at("2026-10-12"));
    assert!(
        entry.history[1].published.is_none(),
        "version 1 is built in"
    );
    // Every other outcome still has only its built-in version.
    assert_eq!(
        library
            .iter()
            .filter(|e| e.current.clause.version.get() == 1)
            .count(),
        22
    );
}

fn r_let_1_the_reply_preview_uses_the_clause_in_force(db: &TestDb) {
    let s = services(db);
    let c = approved(&s, "赵赟");
    let text = pdf_text(&s.reply_preview(&c, at("2026-10-09")).unwrap());
    assert!(text.contains(V1_WORDING), "{text}");
    assert!(text.contains("（字号于签发时编定）"), "{text}");
    publish_v2(&s);
    let text = pdf_text(&s.reply_preview(&c, at("2026-10-12")).unwrap());
    assert!(text.contains(V2_WORDING), "{text}");
    // The preview wrote nothing: the case has no kept reply yet.
    assert!(s
        .case_documents(&c)
        .unwrap()
        .iter()
        .all(|d| d.kind != "reply"));
}
