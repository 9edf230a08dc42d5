//! The reasons library (issue #8, R-LET-1 法律依据, R-LET-3): one clause per reply outcome, version 1
//! built in, new versions checked before they exist, and an issued reply recording the clause it
//! used. Expected citations and wording are typed from the 条例 and the rule book's outcome table,
//! not read from the code.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::{Applicant, ApplicantKind};
use disclosure_core::case::{
    decide, Application, Case, Command, DeliveryMethod, Event, ProvisionForm, Reply,
};
use disclosure_core::messages_zh::clause_error;
use disclosure_core::outcome::{
    NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};
use disclosure_core::reasons::{
    fitting_citations, outcome_from_key, outcome_key, outcome_label_zh, Clause, ClauseDraft,
    ClauseError, OUTCOMES,
};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::values::DocNumber;

const THIRD_PARTY: Outcome = Outcome::Withheld(WithholdGround::ThirdPartyRights);

#[test]
fn r_let_1_the_library_has_one_clause_per_row_of_table_three_with_a_stable_key() {
    // 予以公开 (2: §36(1), §36(2)) + 部分公开 + 不予公开 1–8 + 无法提供 1 (§36(4), §36(5)), 2, 3
    // + 不予处理 1–5 + 其他处理 1–3 = 2 + 1 + 8 + 4 + 5 + 3.
    assert_eq!(OUTCOMES.len(), 23);
    let keys: HashSet<&str> = OUTCOMES.iter().map(outcome_key).collect();
    assert_eq!(keys.len(), 23, "keys are distinct");
    for o in OUTCOMES {
        assert_eq!(outcome_from_key(outcome_key(&o)), Some(o));
    }
    assert_eq!(outcome_key(&THIRD_PARTY), "withheld.third_party_rights");
    assert_eq!(outcome_from_key("withheld.nonsense"), None);
    assert_eq!(
        outcome_label_zh(&THIRD_PARTY),
        "（三）不予公开 4.保护第三方合法权益"
    );
    assert_eq!(
        outcome_label_zh(&Outcome::PartiallyDisclosed),
        "（二）部分公开"
    );
    assert_eq!(
        outcome_label_zh(&Outcome::Unavailable(UnavailableGround::NotThisAgency)),
        "（四）无法提供 1.本机关不掌握相关政府信息（不属于本机关负责公开）"
    );
}

#[test]
fn r_let_1_version_1_is_the_built_in_clause_each_citing_the_article_of_its_outcome() {
    let c = Clause::builtin(THIRD_PARTY);
    assert_eq!(c.version.get(), 1);
    assert_eq!(
        c.citation.cite_zh,
        "《中华人民共和国政府信息公开条例》第十五条"
    );
    assert_eq!(
        c.wording,
        "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关不予公开。"
    );
    let c = Clause::builtin(Outcome::Unavailable(UnavailableGround::DoesNotExist));
    assert_eq!(
        c.citation.cite_zh,
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    );
    assert_eq!(
        c.wording,
        "经检索，本机关没有您申请公开的政府信息，该政府信息不存在。"
    );
    let c = Clause::builtin(Outcome::NotProcessed(NotProcessedGround::Repeated));
    assert_eq!(
        c.citation.cite_zh,
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项"
    );
    // Every built-in clause cites a provision that fits its outcome, and ends its sentence.
    for o in OUTCOMES {
        let c = Clause::builtin(o);
        assert_eq!(fitting_citations(&o)[0], c.citation.key, "{o:?}");
        assert!(c.wording.ends_with('。'), "{o:?}");
        assert!(
            ClauseDraft::new(o, c.citation.key, &c.wording, "同第1版").is_ok(),
            "version 1 passes the checks a new version must pass: {o:?}"
        );
    }
}

#[test]
fn r_let_1_a_new_version_cites_only_a_provision_of_the_table_that_fits_the_outcome() {
    let wording = "您申请获取的政府信息涉及他人个人隐私，本机关不予公开。";
    // A 不予公开 ground cannot cite §36(4) (信息不存在).
    let e = ClauseDraft::new(THIRD_PARTY, "36.4", wording, "改").unwrap_err();
    assert_eq!(
        e,
        ClauseError::CitationDoesNotFit {
            outcome: THIRD_PARTY,
            citation: "36.4"
        }
    );
    assert_eq!(e.code(), "clause_citation_does_not_fit");
    assert_eq!(
        clause_error(&e),
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项不能作为“（三）不予公开 4.保护第三方合法权益”的法律依据，请从该答复类型可用的条款中选择（R-LET-1）。未发布新版本。"
    );
    // A provision the table does not have.
    assert_eq!(
        ClauseDraft::new(THIRD_PARTY, "99", wording, "改").unwrap_err(),
        ClauseError::UnknownCitation("99".into())
    );
    // 不予处理 1 (信访) may cite §39 whole or its first paragraph, not its second.
    let petition = Outcome::NotProcessed(NotProcessedGround::Petition);
    let w = "您反映的问题属于信访事项，请您通过信访渠道提出。";
    assert!(ClauseDraft::new(petition, "39.1", w, "改引第一款").is_ok());
    assert!(ClauseDraft::new(petition, "39", w, "改").is_ok());
    assert_eq!(
        ClauseDraft::new(petition, "39.2", w, "改")
            .unwrap_err()
            .code(),
        "clause_citation_does_not_fit"
    );
    // 其他处理 3 has no provision; nothing else may cite "none".
    assert!(ClauseDraft::new(Outcome::Other(OtherGround::Other), "none", w, "改").is_ok());
    assert_eq!(
        ClauseDraft::new(THIRD_PARTY, "none", wording, "改")
            .unwrap_err()
            .code(),
        "clause_citation_does_not_fit"
    );
}

#[test]
fn r_let_3_the_wording_is_one_finished_paragraph_of_at_most_300_characters_with_a_note() {
    let ok = |w: &str, note: &str| ClauseDraft::new(THIRD_PARTY, "15", w, note);
    assert_eq!(ok("  \n ", "改").unwrap_err(), ClauseError::EmptyWording);
    // 300 characters: 299 × 字 + 。 is accepted; 301 is not.
    let at_limit = format!("{}。", "字".repeat(299));
    assert!(ok(&at_limit, "改").is_ok());
    let over = format!("{}。", "字".repeat(300));
    assert_eq!(
        ok(&over, "改").unwrap_err(),
        ClauseError::WordingTooLong { len: 301, max: 300 }
    );
    assert_eq!(
        clause_error(&ok(&over, "改").unwrap_err()),
        "答复措辞共301字，超过300字的上限，请精简。未发布新版本。"
    );
    assert_eq!(
        ok("本机关不予公开。\n理由如下。", "改").unwrap_err(),
        ClauseError::WordingNotOneParagraph
    );
    assert_eq!(
        ok("本机关不予公开", "改").unwrap_err(),
        ClauseError::WordingUnfinished
    );
    assert_eq!(
        ok("本机关不予公开。", " ").unwrap_err(),
        ClauseError::NoteRequired
    );
    assert_eq!(
        ok("本机关不予公开。", &"说".repeat(201)).unwrap_err(),
        ClauseError::NoteTooLong { len: 201, max: 200 }
    );
}

#[test]
fn r_let_1_a_published_version_follows_the_one_in_force_and_must_change_something() {
    let v1 = Clause::builtin(THIRD_PARTY);
    let same = ClauseDraft::new(THIRD_PARTY, "15", &format!(" {} ", v1.wording), "重发").unwrap();
    assert_eq!(
        same.publish_after(&v1).unwrap_err(),
        ClauseError::Unchanged { version: 1 }
    );
    let w2 = "您申请获取的政府信息涉及第三方的商业秘密，经书面征求第三方意见，第三方不同意公开，本机关不予公开。";
    let (v2, note) = ClauseDraft::new(THIRD_PARTY, "15", w2, "写明征求意见经过")
        .unwrap()
        .publish_after(&v1)
        .unwrap();
    assert_eq!(v2.version.get(), 2);
    assert_eq!(v2.wording, w2);
    assert_eq!(note, "写明征求意见经过");
    // Only the provision changed: still a new version (§39 → §39 ¶1).
    let petition = Outcome::NotProcessed(NotProcessedGround::Petition);
    let v1 = Clause::builtin(petition);
    let (v2, _) = ClauseDraft::new(petition, "39.1", &v1.wording, "引用到款")
        .unwrap()
        .publish_after(&v1)
        .unwrap();
    assert_eq!(v2.version.get(), 2);
    assert_eq!(
        v2.citation.cite_zh,
        "《中华人民共和国政府信息公开条例》第三十九条第一款"
    );
    assert_eq!(
        v2.reference().label_zh(),
        "适用条款：《中华人民共和国政府信息公开条例》第三十九条第一款（第2版）"
    );
    // A version of another outcome is not the successor of this one.
    let other = ClauseDraft::new(THIRD_PARTY, "15", w2, "改").unwrap();
    assert_eq!(
        other.publish_after(&v1).unwrap_err(),
        ClauseError::OutcomeMismatch
    );
}

#[test]
fn a_stored_version_is_restored_only_with_a_provision_that_still_fits() {
    let c = Clause::restore(THIRD_PARTY, 3, "15", "本机关不予公开。").unwrap();
    assert_eq!(c.version.get(), 3);
    assert_eq!(c.citation.key, "15");
    assert_eq!(
        Clause::restore(THIRD_PARTY, 0, "15", "x").unwrap_err(),
        ClauseError::BadVersion
    );
    assert_eq!(
        Clause::restore(THIRD_PARTY, 2, "36.4", "x")
            .unwrap_err()
            .code(),
        "clause_citation_does_not_fit"
    );
}

// --- The issued reply records its clause (decide) ---

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    day(s).and_hms_opt(10, 0, 0).unwrap()
}

fn cal() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(|| Calendar::builtin().unwrap())
}

fn staff(role: Role) -> Actor {
    Actor::Staff {
        user_id: format!("{role:?}").to_lowercase(),
        name: "某人".into(),
        role,
        agency_id: "A".into(),
    }
}

fn step(case: &mut Case, cmd: Command, role: Role, now: &str) -> Vec<Event> {
    let events = decide(case, cmd, &staff(role), at(now), cal()).unwrap();
    for e in &events {
        case.apply(e);
    }
    events
}

/// Registered 2026-10-09, accepted, a 不予公开 4 reply drafted and approved.
fn approved_withholding() -> Case {
    let mut c = Case::default();
    let application = Application {
        agency_id: "A".into(),
        applicant: Applicant {
            kind: ApplicantKind::Business,
            name: "某公司".into(),
            id_document: None,
            phone: None,
            email: None,
            address: Some("某市某路1号".into()),
            contact_person: None,
        },
        description: "某企业的环评报告全文".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: day("2026-10-09"),
        },
        oral: false,
    };
    step(
        &mut c,
        Command::Register { application },
        Role::Clerk,
        "2026-10-09",
    );
    step(
        &mut c,
        Command::Assign {
            officer_id: "officer".into(),
            officer_name: "钱".into(),
        },
        Role::Approver,
        "2026-10-09",
    );
    step(&mut c, Command::Accept, Role::Officer, "2026-10-09");
    let reply = Reply {
        outcome: THIRD_PARTY,
        facts: "经审查，该报告含有企业的商业秘密。".into(),
        decision: "本机关不予公开。".into(),
        disclosed_items: vec![],
        withheld_items: vec![],
        provision: None,
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    };
    step(
        &mut c,
        Command::DraftReply { reply },
        Role::Officer,
        "2026-10-12",
    );
    step(&mut c, Command::ApproveReply, Role::Approver, "2026-10-12");
    c
}

#[test]
fn r_let_1_the_issued_reply_records_the_clause_and_version_it_used() {
    let mut c = approved_withholding();
    let v2 = ClauseDraft::new(THIRD_PARTY, "15", "本机关不予公开该商业秘密。", "改")
        .unwrap()
        .publish_after(&Clause::builtin(THIRD_PARTY))
        .unwrap()
        .0
        .reference();
    let events = step(
        &mut c,
        Command::IssueReply {
            doc_number: DocNumber::new("某府信公开", 2026, 7).unwrap(),
            clause: v2.clone(),
        },
        Role::Approver,
        "2026-10-13",
    );
    let [Event::ReplyIssued { clause, .. }] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(
        clause
            .as_ref()
            .map(|c| (c.outcome, c.version.get(), c.citation.as_str())),
        Some((THIRD_PARTY, 2, "15"))
    );
    assert_eq!(c.issued_clause, Some(v2));
    // The event keeps it in its JSON: {"outcome":{...},"version":2,"citation":"15"}.
    let json = serde_json::to_value(&events[0]).unwrap();
    assert_eq!(json["clause"]["version"], 2);
    assert_eq!(json["clause"]["citation"], "15");
    assert_eq!(json["clause"]["outcome"]["ground"], "third_party_rights");
}

#[test]
fn r_let_1_issuing_with_the_clause_of_another_outcome_is_refused_and_changes_nothing() {
    let c = approved_withholding();
    let before = c.clone();
    let wrong = Clause::builtin(Outcome::Unavailable(UnavailableGround::DoesNotExist)).reference();
    let e = decide(
        &c,
        Command::IssueReply {
            doc_number: DocNumber::new("某府信公开", 2026, 7).unwrap(),
            clause: wrong,
        },
        &staff(Role::Approver),
        at("2026-10-13"),
        cal(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "clause_outcome_mismatch");
    assert_eq!(c, before);
}

#[test]
fn a_reply_issued_before_the_library_was_versioned_reads_back_without_a_clause() {
    // The JSON of a `reply_issued` event as stored before the clause was recorded.
    let old = r#"{"kind":"reply_issued","doc_number":{"prefix":"某府信公开","year":2026,"seq":3},"issued_on":"2026-05-06"}"#;
    let doc = serde_json::to_value(DocNumber::new("某府信公开", 2026, 3).unwrap()).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(old).unwrap();
    v["doc_number"] = doc;
    let e: Event = serde_json::from_value(v.clone()).unwrap();
    let Event::ReplyIssued { clause, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(clause, &None);
    // …and writes back the same JSON (the hash chain covers the stored text).
    assert_eq!(serde_json::to_value(&e).unwrap(), v);
}
