//! Applicant mail (issue #7) on both backends: written with the event that causes it, only for
//! e-mail delivery; an issued reply goes out with its PDF and its acceptance records 送达.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../../mail/tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use disclosure_app::demo::{demo_actor, ensure_demo_agency};
use disclosure_app::mail::{DeliveryRecorder, CORRECTION_REQUESTED, REPLY_ISSUED};
use disclosure_app::{LoadedCase, Services};
use disclosure_calendar::Calendar;
use disclosure_core::case::{Command, DeliveryMethod, Event, Stage};
use disclosure_mail::{MailTransport, SmtpSettings, TlsMode, Worker, WorkerPolicy};
use disclosure_store::outbox::{self, MailStatus};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(
    correction_and_fee_mail_are_written_with_their_events_for_email_delivery_only,
    an_issued_reply_is_mailed_with_its_pdf_and_acceptance_records_delivery,
);

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
    ensure_demo_agency(&s, at("2026-01-01")).unwrap();
    s
}

fn application(
    received: &str,
    delivery: DeliveryMethod,
    email: Option<&str>,
) -> disclosure_core::case::Application {
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    Application {
        agency_id: "demo".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "张三".into(),
            id_document: None,
            phone: None,
            email: email.map(str::to_string),
            address: Some("某地".into()),
            contact_person: None,
        },
        description: "2025年某项目的批复文件".into(),
        requested_form: ProvisionForm::Electronic,
        delivery,
        receipt: ReceiptFacts::InPerson {
            handed_in: NaiveDate::parse_from_str(received, "%Y-%m-%d").unwrap(),
        },
        oral: false,
    }
}

fn register(s: &Services, delivery: DeliveryMethod, email: Option<&str>) -> LoadedCase {
    let clerk = demo_actor(s, "clerk").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let (_, c) = s
        .register(
            &clerk,
            application("2026-09-28", delivery, email),
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

fn correction_and_fee_mail_are_written_with_their_events_for_email_delivery_only(db: &TestDb) {
    let s = services(db);
    let officer = demo_actor(&s, "officer").unwrap();
    let c = register(&s, DeliveryMethod::Email, Some("zhangsan@example.cn"));
    assert!(s
        .store
        .read(|x| outbox::for_case(x, &c.row.id))
        .unwrap()
        .is_empty());
    // R-COR-1: the 补正 notice on 2026-09-30, reply by 2026-10-16.
    let request = Command::RequestCorrection {
        items: vec!["所需信息的文号".into(), "身份证明复印件".into()],
        reply_by: NaiveDate::from_ymd_opt(2026, 10, 16).unwrap(),
    };
    // A stale version writes neither the event nor the mail.
    assert!(s
        .execute(
            &officer,
            &c.row.id,
            c.row.version - 1,
            request.clone(),
            at("2026-09-30")
        )
        .is_err());
    assert!(s
        .store
        .read(|x| outbox::for_case(x, &c.row.id))
        .unwrap()
        .is_empty());
    s.execute(
        &officer,
        &c.row.id,
        c.row.version,
        request,
        at("2026-09-30"),
    )
    .unwrap();
    let mails = s.store.read(|x| outbox::for_case(x, &c.row.id)).unwrap();
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.kind, CORRECTION_REQUESTED);
    assert_eq!(m.recipient, "zhangsan@example.cn");
    assert_eq!(m.status, MailStatus::Pending);
    assert_eq!(
        m.subject,
        "【示范市示范区人民政府办公室】补正申请告知（申请编号2026-0001）"
    );
    // The body names the items, the deadline and the receipt date (written out by hand).
    let body: String = s
        .store
        .read(|x| {
            use disclosure_store::schema::outbox as o;
            Ok(o::table.find(&m.id).select(o::body).first::<String>(x)?)
        })
        .unwrap();
    assert!(
        body.contains("1. 所需信息的文号\n2. 身份证明复印件"),
        "{body}"
    );
    assert!(body.contains("请于2026年10月16日前提交补正材料"), "{body}");
    assert!(
        body.contains("您于2026年9月28日向示范市示范区人民政府办公室提出"),
        "{body}"
    );
    // Postal delivery, or e-mail chosen without an address: no mail.
    for (delivery, email) in [
        (DeliveryMethod::Post, Some("lisi@example.cn")),
        (DeliveryMethod::Email, None),
    ] {
        let c = register(&s, delivery, email);
        s.execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::RequestCorrection {
                items: vec!["文号".into()],
                reply_by: NaiveDate::from_ymd_opt(2026, 10, 16).unwrap(),
            },
            at("2026-09-30"),
        )
        .unwrap();
        assert!(s
            .store
            .read(|x| outbox::for_case(x, &c.row.id))
            .unwrap()
            .is_empty());
    }
}

fn issue(s: &Services, c: &LoadedCase) -> LoadedCase {
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
        facts: "经检索".into(),
        decision: "予以公开".into(),
        disclosed_items: vec!["批复文件".into()],
        withheld_items: vec![],
        provision: Some(disclosure_core::case::ProvisionForm::Electronic),
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

fn an_issued_reply_is_mailed_with_its_pdf_and_acceptance_records_delivery(db: &TestDb) {
    if !support::sink_available() {
        return;
    }
    let s = services(db);
    let c = register(&s, DeliveryMethod::Email, Some("zhangsan@example.cn"));
    let c = issue(&s, &c);
    assert_eq!(c.case.stage, Some(Stage::Issued));
    // The 答复书 as the issue kept it (R-LET-1): the bytes the applicant must receive.
    let docs = s.case_documents(&c).unwrap();
    let reply_doc = docs.iter().find(|d| d.kind == "reply").unwrap();
    let (_, pdf) = s.case_document(&c, &reply_doc.id).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let mails = s.store.read(|x| outbox::for_case(x, &c.row.id)).unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, REPLY_ISSUED);
    assert_eq!(
        mails[0].subject,
        "【示范市示范区人民政府办公室】政府信息公开申请答复书（申请编号2026-0001）"
    );
    // Sent through a real SMTP server on 127.0.0.1.
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
            timeout: Duration::from_secs(5),
            ca_file: None,
        })
        .unwrap(),
        "示例区人民政府办公室 <gkb@example.gov.cn>",
        WorkerPolicy::default(),
    )
    .unwrap()
    .with_after_send(Arc::new(DeliveryRecorder {
        calendar: s.calendar(),
    }));
    let before = disclosure_mail::china_now();
    assert_eq!(w.run_once(before, None).unwrap().sent, 1);
    let got = support::wait_for(dir.path(), 1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, mails[0].subject);
    assert_eq!(
        got[0].attachments[0].filename.as_deref(),
        Some("示范市示范区人民政府办公室政府信息公开申请答复书.pdf")
    );
    assert!(std::fs::read(&got[0].attachments[0].file).unwrap() == pdf);
    let body = got[0].body.as_deref().unwrap();
    assert!(body.contains("答复书见本邮件附件"), "{body}");
    // 送达 recorded in the same transaction as the row's `sent`, with the acceptance time.
    let officer = demo_actor(&s, "officer").unwrap();
    let c = s.load(&officer, &c.row.id).unwrap();
    assert_eq!(c.case.stage, Some(Stage::Delivered));
    let d = c.case.delivery.as_ref().unwrap();
    assert_eq!(d.method, DeliveryMethod::Email);
    assert!(!d.signed_receipt);
    let sent = s.store.read(|x| outbox::entry(x, &mails[0].id)).unwrap();
    let sent_at = sent.sent_at.unwrap();
    assert_eq!(d.delivered_on, sent_at.date());
    let note = d.tracking_number.as_deref().unwrap();
    assert!(note.contains("250 2.0.0 Ok"), "{note}");
    assert!(note.contains(&mails[0].message_id), "{note}");
    assert!(note.contains("服务器接收不等于申请人已确认收到"), "{note}");
    let last = c.events.last().unwrap();
    assert_eq!(last.kind, "delivered");
    assert_eq!(last.actor_name, "邮件发送服务");
    assert_eq!(last.recorded_at, sent_at);
    assert!(matches!(
        disclosure_app::records::to_event(last).unwrap(),
        Event::Delivered { .. }
    ));
    assert_eq!(s.store.verify_all_chains().unwrap().first_broken, None);
}
