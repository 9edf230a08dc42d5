//! The notices of issue #4 / R-LET on both backends: each is rendered and kept in the transaction of
//! the event that issues it, without a 字号 (the catalogue numbers only the 答复书), read back with
//! `pdftotext`; a notice that cannot be made refuses the command and changes nothing; the applicant
//! mail of the event attaches the stored bytes; the 案卷 lists every document.
//!
//! Dates are worked out by hand on the official 2026 calendar (`cn-official.csv`): 10月1日–7日 off,
//! 10月10日 (Saturday) a working day, no other change in October and November.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../../mail/tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency};
use disclosure_app::{LoadedCase, Services};
use disclosure_calendar::Calendar;
use disclosure_core::case::{Command, DeliveryMethod, PartyKind};
use disclosure_core::fee::FeeBasis;
use disclosure_mail::{MailTransport, SmtpSettings, TlsMode, Worker, WorkerPolicy};
use disclosure_store::outbox;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(
    r_cor_1_correction_notice_is_kept_with_its_event_and_refused_without_fonts,
    r_time_4_extension_notice_is_kept_with_the_approval,
    r_time_8_deferral_notice_is_kept_and_mailed_with_the_later_date,
    r_time_6_consultation_letter_is_kept_with_the_consultation,
    r_fee_5_fee_notice_is_kept_with_the_notice_and_mailed_with_its_bytes,
    r_let_1_a_postal_reply_is_kept_with_its_delivery_receipt_or_refused_without_an_address,
    r_let_case_file_lists_every_document_with_its_number_and_date,
);

fn at(s: &str) -> NaiveDateTime {
    day(s).and_hms_opt(10, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn services(db: &TestDb) -> Services {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let s = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    assert!(
        s.fonts.is_some(),
        "the letter fonts are installed: {:?}",
        s.fonts_problem
    );
    ensure_demo_agency(&s, at("2026-01-01")).unwrap();
    s
}

fn application(
    delivery: DeliveryMethod,
    email: Option<&str>,
    address: Option<&str>,
) -> disclosure_core::case::Application {
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    Application {
        agency_id: "demo".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "王喆".into(),
            id_document: None,
            phone: None,
            email: email.map(str::to_string),
            address: address.map(str::to_string),
            contact_person: None,
        },
        description: "2025年示范区旧城改造项目的批复文件".into(),
        requested_form: ProvisionForm::Paper,
        delivery,
        receipt: ReceiptFacts::InPerson {
            handed_in: day("2026-09-28"),
        },
        oral: false,
    }
}

/// Registered on Monday 2026-09-28 (due 2026-10-30) and assigned.
fn registered(s: &Services, delivery: DeliveryMethod, email: Option<&str>) -> LoadedCase {
    registered_at(s, delivery, email, Some("示范市示范区人民路88号"))
}

fn registered_at(
    s: &Services,
    delivery: DeliveryMethod,
    email: Option<&str>,
    address: Option<&str>,
) -> LoadedCase {
    let clerk = demo_actor(s, "clerk").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let (_, c) = s
        .register(
            &clerk,
            application(delivery, email, address),
            at("2026-09-28"),
        )
        .unwrap();
    s.execute(
        &approver,
        &c.row.id,
        c.row.version,
        Command::Assign {
            officer_id: "u-officer".into(),
            officer_name: "钱进".into(),
        },
        at("2026-09-28"),
    )
    .unwrap()
}

fn accepted(s: &Services, delivery: DeliveryMethod, email: Option<&str>) -> LoadedCase {
    let c = registered(s, delivery, email);
    let officer = demo_actor(s, "officer").unwrap();
    s.execute(
        &officer,
        &c.row.id,
        c.row.version,
        Command::Accept,
        at("2026-09-29"),
    )
    .unwrap()
}

/// The only kept document of `kind`, with its bytes.
fn kept(
    s: &Services,
    c: &LoadedCase,
    kind: &str,
) -> (disclosure_store::documents::DocumentMeta, Vec<u8>) {
    let docs: Vec<_> = s
        .case_documents(c)
        .unwrap()
        .into_iter()
        .filter(|d| d.kind == kind)
        .collect();
    assert_eq!(docs.len(), 1, "one {kind}: {docs:?}");
    s.case_document(c, &docs[0].id).unwrap()
}

/// The text of a PDF as `pdftotext` reads it, without whitespace (a line break may fall anywhere).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
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

fn assert_says(text: &str, parts: &[&str]) {
    for p in parts {
        assert!(text.contains(p), "{p} missing from:\n{text}");
    }
}

fn r_cor_1_correction_notice_is_kept_with_its_event_and_refused_without_fonts(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let c = registered(&s, DeliveryMethod::Post, None);
    let request = Command::RequestCorrection {
        items: vec!["所需信息的文号".into(), "身份证明复印件".into()],
        reply_by: day("2026-10-16"),
    };
    // Without fonts the notice cannot be made: refused with the typed letter error, and neither
    // the event nor a document is written.
    let fontless = Services::new(s.store.clone(), s.calendar());
    let e = fontless
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            request.clone(),
            at("2026-09-30"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "letter_fonts_missing");
    let unchanged = s.load(&officer, &c.row.id).unwrap();
    assert_eq!(unchanged.row.version, c.row.version);
    assert_eq!(unchanged.row.stage, "under_review");
    assert!(s.case_documents(&c).unwrap().is_empty());

    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            request,
            at("2026-09-30"),
        )
        .unwrap();
    let (meta, pdf) = kept(&s, &c, "correction_notice");
    assert_eq!(
        meta.doc_number, None,
        "the catalogue gives the notice no 字号"
    );
    assert_eq!(meta.issued_on, day("2026-09-30"));
    assert_eq!(
        meta.title,
        "示范市示范区人民政府办公室政府信息公开申请补正告知书"
    );
    assert_eq!(meta.size, i64::try_from(pdf.len()).unwrap());
    let text = pdf_text(&pdf);
    assert_says(
        &text,
        &[
            "王喆：",
            "本机关于2026年9月28日收到您提出的政府信息公开申请",
            "《中华人民共和国政府信息公开条例》第三十条",
            "1.所需信息的文号。",
            "2.身份证明复印件。",
            "请您最迟于2026年10月16日将补正后的申请提交本机关",
            "示范市示范区政府路1号",
            "0571-88886666",
            "视为放弃申请",
            "2026年9月30日",
        ],
    );
}

fn r_time_4_extension_notice_is_kept_with_the_approval(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let approver = demo_actor(&s, "approver").unwrap();
    let c = accepted(&s, DeliveryMethod::Post, None);
    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::RequestExtension {
                days: 10,
                reason: "需要调取2018年以来的档案逐一核查".into(),
            },
            at("2026-10-20"),
        )
        .unwrap();
    assert!(
        s.case_documents(&c).unwrap().is_empty(),
        "a request issues nothing"
    );
    let c = s
        .execute(
            &approver,
            &c.row.id,
            c.row.version,
            Command::ApproveExtension,
            at("2026-10-21"),
        )
        .unwrap();
    // Due 2026-10-30 (Friday); ten working days more: 11月2日–6日 and 9日–13日 → 2026-11-13.
    assert_eq!(c.row.due_date, Some(day("2026-11-13")));
    let (meta, pdf) = kept(&s, &c, "extension_notice");
    assert_eq!(meta.doc_number, None);
    assert_eq!(meta.issued_on, day("2026-10-21"));
    let text = pdf_text(&pdf);
    assert_says(
        &text,
        &[
            "延期答复告知书",
            "王喆：",
            "本机关应于2026年10月30日前作出答复",
            "因需要调取2018年以来的档案逐一核查",
            "经本机关政府信息公开工作机构负责人同意",
            "答复期限延长至2026年11月13日",
            "2026年10月21日",
        ],
    );
    // R-TIME-4 is §33 ¶1: ¶2 is the consultation pause (R-TIME-5).
    assert!(text.contains("第三十三条第一款"), "{text}");
}

/// R-TIME-8 (条例 §35): received Mon 2026-09-28, due Fri 10-30 (国庆 off, Sat 10-10 worked). On
/// 10-21 the head of the office fixes Tue 12-15: the due date moves, the 延迟答复告知书 is kept with
/// the event and mailed to the applicant with its bytes; an officer may not do it.
fn r_time_8_deferral_notice_is_kept_and_mailed_with_the_later_date(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let approver = demo_actor(&s, "approver").unwrap();
    let c = accepted(&s, DeliveryMethod::Email, Some("wangzhe@example.cn"));
    assert_eq!(c.row.due_date, Some(day("2026-10-30")));
    let defer = Command::DeferReply {
        until: day("2026-12-15"),
        reason: "您申请的信息涉及2015年以来的全部项目档案，需逐件调取".into(),
    };
    let e = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            defer.clone(),
            at("2026-10-21"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "role_not_allowed");
    assert!(s.case_documents(&c).unwrap().is_empty());
    let c = s
        .execute(&approver, &c.row.id, c.row.version, defer, at("2026-10-21"))
        .unwrap();
    assert_eq!(c.row.due_date, Some(day("2026-12-15")));
    let (meta, pdf) = kept(&s, &c, "deferral_notice");
    assert_eq!(meta.doc_number, None);
    assert_eq!(meta.issued_on, day("2026-10-21"));
    let text = pdf_text(&pdf);
    assert_says(
        &text,
        &[
            "延迟答复告知书",
            "王喆：",
            "数量、频次明显超过合理范围",
            "无法在2026年10月30日前作出答复",
            "需逐件调取",
            "第三十五条",
            "延迟答复的期限为2026年12月15日",
            "2026年10月21日",
        ],
    );
    let mails = s.store.read(|x| outbox::for_case(x, &c.row.id)).unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, disclosure_app::mail::REPLY_DEFERRED);
    assert!(
        mails[0].subject.contains("延迟答复告知"),
        "{}",
        mails[0].subject
    );
}

fn r_time_6_consultation_letter_is_kept_with_the_consultation(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let c = accepted(&s, DeliveryMethod::Post, None);
    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::StartConsultation {
                party: "示范市某某建设有限公司".into(),
                party_kind: PartyKind::ThirdParty,
                sent_on: day("2026-10-12"),
            },
            at("2026-10-12"),
        )
        .unwrap();
    let (meta, pdf) = kept(&s, &c, "consultation_letter");
    assert_eq!(meta.doc_number, None);
    assert_eq!(meta.issued_on, day("2026-10-12"));
    let text = pdf_text(&pdf);
    // Sent Monday 2026-10-12: 15 working days are 10月13日–16日, 19日–23日, 26日–30日, 11月2日.
    assert_says(
        &text,
        &[
            "征求意见书",
            "示范市某某建设有限公司：",
            "申请获取“2025年示范区旧城改造项目的批复文件”",
            "《中华人民共和国政府信息公开条例》第三十二条",
            "15个工作日内（最迟于2026年11月2日）",
            "示范市示范区政府路1号",
            "2026年10月12日",
        ],
    );
    assert!(
        !text.contains("王喆"),
        "the third party is not told who applied"
    );
}

fn r_fee_5_fee_notice_is_kept_with_the_notice_and_mailed_with_its_bytes(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let c = accepted(&s, DeliveryMethod::Email, Some("wangzhe@example.cn"));
    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::IssueFeeNotice {
                basis: FeeBasis::PerPage { pages: 120 },
            },
            at("2026-10-12"),
        )
        .unwrap();
    let (meta, pdf) = kept(&s, &c, "fee_notice");
    assert_eq!(meta.doc_number, None);
    assert_eq!(meta.issued_on, day("2026-10-12"));
    let text = pdf_text(&pdf);
    // R-FEE-4: pages 1–30 free, 31–100 at 10 yuan (700), 101–120 at 20 yuan (400): 1100 yuan.
    // R-TIME-9: 20 working days after Monday 2026-10-12 → 2026-11-09.
    assert_says(
        &text,
        &[
            "收费通知书",
            "王喆：",
            "第31—100页共70页，每页10元，计700元",
            "第101—120页共20页，每页20元，计400元",
            "合计应缴纳信息处理费1100元",
            "最迟于2026年11月9日",
            "登记编号2026-0001",
            "视为放弃申请",
        ],
    );
    // The applicant's mail of the event points at the stored notice…
    let mails = s.store.read(|x| outbox::for_case(x, &c.row.id)).unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, disclosure_app::mail::FEE_NOTICED);
    if !support::sink_available() {
        eprintln!("SKIPPING the SMTP half: aiosmtpd is not installed");
        return;
    }
    // …and the message a real SMTP server on 127.0.0.1 receives carries exactly those bytes.
    let dir = tempfile::tempdir().unwrap();
    let sink = support::Sink::start(dir.path(), 0);
    let w = Worker::new(
        s.store.clone(),
        MailTransport::smtp(&SmtpSettings {
            host: "127.0.0.1".into(),
            port: sink.port,
            tls: TlsMode::None,
            user: None,
            password: None,
            ca_file: None,
            timeout: Duration::from_secs(5),
        })
        .unwrap(),
        "示范区人民政府办公室 <gkb@example.gov.cn>",
        WorkerPolicy::default(),
    )
    .unwrap();
    assert_eq!(
        w.run_once(disclosure_mail::china_now(), None).unwrap().sent,
        1
    );
    let got = support::wait_for(dir.path(), 1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].attachments.len(), 1);
    assert_eq!(
        got[0].attachments[0].filename.as_deref(),
        Some("示范市示范区人民政府办公室政府信息公开信息处理费收费通知书.pdf")
    );
    assert!(std::fs::read(&got[0].attachments[0].file).unwrap() == pdf);
}

fn issue_reply(s: &Services, c: &LoadedCase) -> Result<LoadedCase, disclosure_app::ServiceError> {
    let officer = demo_actor(s, "officer").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let id = &c.row.id;
    let c = s
        .execute(
            &officer,
            id,
            c.row.version,
            Command::Accept,
            at("2026-09-29"),
        )
        .unwrap();
    let reply = disclosure_core::case::Reply {
        outcome: disclosure_core::outcome::Outcome::Disclosed(
            disclosure_core::outcome::DisclosureBasis::Provided,
        ),
        facts: "经检索，本机关保存有该批复文件".into(),
        decision: "予以公开".into(),
        disclosed_items: vec!["示区府办〔2025〕8号批复".into()],
        withheld_items: vec![],
        provision: Some(disclosure_core::case::ProvisionForm::Paper),
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    };
    let c = s
        .execute(
            &officer,
            id,
            c.row.version,
            Command::DraftReply { reply },
            at("2026-10-09"),
        )
        .unwrap();
    let c = s
        .execute(
            &approver,
            id,
            c.row.version,
            Command::ApproveReply,
            at("2026-10-09"),
        )
        .unwrap();
    s.issue_reply(&approver, id, c.row.version, at("2026-10-12"))
}

fn r_let_1_a_postal_reply_is_kept_with_its_delivery_receipt_or_refused_without_an_address(
    db: &TestDb,
) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    // By post without an address the 送达回证 lacks its 送达地址: the issue is refused, nothing is
    // written, and the 字号 is not used up.
    let c = registered_at(&s, DeliveryMethod::Post, None, None);
    let e = issue_reply(&s, &c).unwrap_err();
    assert_eq!(e.code(), "letter_element_missing");
    assert!(e.to_string().contains("送达地址"), "{e}");
    let unchanged = s.load(&officer, &c.row.id).unwrap();
    assert_eq!(unchanged.row.stage, "reply_approved");
    assert!(s.case_documents(&c).unwrap().is_empty());

    // Collected in person: the reply gets the first 字号 of the year, the 送达回证 none.
    let c = registered(&s, DeliveryMethod::PickUp, None);
    let c = issue_reply(&s, &c).unwrap();
    let docs = s.case_documents(&c).unwrap();
    let kinds: Vec<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"reply") && kinds.contains(&"delivery_receipt"));
    let (reply, _) = kept(&s, &c, "reply");
    assert_eq!(
        reply.doc_number.as_deref(),
        Some("示区府办信公开〔2026〕1号")
    );
    let (meta, pdf) = kept(&s, &c, "delivery_receipt");
    assert_eq!(meta.doc_number, None);
    assert_eq!(meta.issued_on, day("2026-10-12"));
    let text = pdf_text(&pdf);
    assert_says(
        &text,
        &[
            "送达回证",
            "示范市示范区人民政府办公室政府信息公开申请答复书",
            "示区府办信公开〔2026〕1号",
            "王喆",
            "自行领取",
            "受送达人签名",
        ],
    );
    // By e-mail there is no paper to sign: no 送达回证.
    let c = registered(&s, DeliveryMethod::Email, Some("wangzhe@example.cn"));
    let c = issue_reply(&s, &c).unwrap();
    let kinds: Vec<String> = s
        .case_documents(&c)
        .unwrap()
        .into_iter()
        .map(|d| d.kind)
        .collect();
    assert_eq!(kinds, ["reply"]);
    let (reply, bytes) = kept(&s, &c, "reply");
    assert_eq!(
        reply.doc_number.as_deref(),
        Some("示区府办信公开〔2026〕2号")
    );
    // The reply mail attaches the stored reply.
    let mails = s.store.read(|x| outbox::for_case(x, &c.row.id)).unwrap();
    assert_eq!(mails.len(), 1);
    let attached: Option<String> = s
        .store
        .read(|x| {
            use diesel::prelude::*;
            use disclosure_store::schema::outbox as o;
            Ok(o::table
                .find(&mails[0].id)
                .select(o::document_id)
                .first::<Option<String>>(x)?)
        })
        .unwrap();
    assert_eq!(attached.as_deref(), Some(reply.id.as_str()));
    assert!(bytes.starts_with(b"%PDF-"));
}

fn r_let_case_file_lists_every_document_with_its_number_and_date(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let c = registered(&s, DeliveryMethod::Post, None);
    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::RequestCorrection {
                items: vec!["所需信息的文号".into()],
                reply_by: day("2026-10-16"),
            },
            at("2026-09-30"),
        )
        .unwrap();
    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::ReceiveCorrection {
                received_on: day("2026-10-08"),
            },
            at("2026-10-08"),
        )
        .unwrap();
    let c = issue_reply_after_correction(&s, &c);
    let pdf = s.case_file(&c).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case-file.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let index = String::from_utf8(
        std::process::Command::new("pdftotext")
            .args(["-layout", "-f", "1", "-l", "1"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let squeezed: String = index.chars().filter(|c| !c.is_whitespace()).collect();
    assert_says(
        &squeezed,
        &[
            "卷内目录",
            "立卷单位：示范市示范区人民政府办公室",
            "案件编号：2026-0001",
            "序号",
            "文件题名",
            "字号",
            "日期",
            "页号",
            // The reply's 字号, in its cell.
            "〔2026〕1号",
        ],
    );
    // One entry per document, in the order they were issued: 登记表 and 登记回执 (registration,
    // 2026-09-28), 补正告知书 (2026-09-30), 答复书 and its 送达回证 (2026-10-12); each line starts
    // with the number and carries the 8-digit date.
    let entry = |no: &str, date: &str| {
        index.lines().any(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.first() == Some(&no) && cells.contains(&date)
        })
    };
    for (no, date) in [
        ("1", "20260928"),
        ("2", "20260928"),
        ("3", "20260930"),
        ("4", "20261012"),
        ("5", "20261012"),
    ] {
        assert!(entry(no, date), "entry {no} of {date} not in:\n{index}");
    }
    assert!(!entry("6", "20261012"), "five documents only:\n{index}");
    // The documents follow as issued, in that order.
    let text = pdf_text(&pdf);
    let after_index = &text[text.find("登记编号").expect("the 登记表 follows the index")..];
    let pos = |s: &str| {
        after_index
            .find(s)
            .unwrap_or_else(|| panic!("{s} not in the file:\n{after_index}"))
    };
    assert!(pos("政府信息公开申请登记回执") < pos("政府信息公开申请补正告知书"));
    assert!(pos("政府信息公开申请补正告知书") < pos("经检索，本机关保存有该批复文件"));
    assert!(pos("经检索，本机关保存有该批复文件") < pos("受送达人签名"));
}

fn issue_reply_after_correction(s: &Services, c: &LoadedCase) -> LoadedCase {
    let officer = demo_actor(s, "officer").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let id = &c.row.id;
    let c = s
        .execute(
            &officer,
            id,
            c.row.version,
            Command::Accept,
            at("2026-10-09"),
        )
        .unwrap();
    let reply = disclosure_core::case::Reply {
        outcome: disclosure_core::outcome::Outcome::Disclosed(
            disclosure_core::outcome::DisclosureBasis::Provided,
        ),
        facts: "经检索，本机关保存有该批复文件".into(),
        decision: "予以公开".into(),
        disclosed_items: vec!["示区府办〔2025〕8号批复".into()],
        withheld_items: vec![],
        provision: Some(disclosure_core::case::ProvisionForm::Paper),
        competent_agency: None,
        public_interest_reason: None,
        third_party_notified: false,
    };
    let c = s
        .execute(
            &officer,
            id,
            c.row.version,
            Command::DraftReply { reply },
            at("2026-10-09"),
        )
        .unwrap();
    let c = s
        .execute(
            &approver,
            id,
            c.row.version,
            Command::ApproveReply,
            at("2026-10-09"),
        )
        .unwrap();
    s.issue_reply(&approver, id, c.row.version, at("2026-10-12"))
        .unwrap()
}
