//! The worker against a real SMTP server on 127.0.0.1 (Python aiosmtpd, started by the test): the
//! letter arrives intact with its Chinese subject; an outage loses nothing and sends nothing twice; a
//! permanent rejection is failed, not retried; two workers on one PostgreSQL send each mail once.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};
use disclosure_mail::{MailTransport, SmtpSettings, TlsMode, Worker, WorkerPolicy};
use disclosure_store::model::{Agency, NewApplicant, NewEvent, Projection};
use disclosure_store::outbox::{self, Backoff, MailStatus, NewMail};
use disclosure_store::{cases, directory, DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use support::{sink_available, wait_for, Sink};

const FROM: &str = "某区人民政府办公室 <gkb@example.gov.cn>";

fn open(db: &TestDb) -> Store {
    Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap()
}

fn smtp(port: u16) -> MailTransport {
    MailTransport::smtp(&SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: TlsMode::None,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
        ca_file: None,
    })
    .unwrap()
}

/// Short waits so an outage test takes seconds: 50 ms, 100 ms, 200 ms, 200 ms, …
fn quick_policy() -> WorkerPolicy {
    WorkerPolicy {
        batch: 10,
        lease: TimeDelta::minutes(5),
        backoff: Backoff {
            base: TimeDelta::milliseconds(50),
            max: TimeDelta::milliseconds(200),
        },
        max_attempts: 1000,
        idle: Duration::from_millis(20),
    }
}

fn worker(store: &Store, port: u16) -> Worker {
    Worker::new(store.clone(), smtp(port), FROM, quick_policy()).unwrap()
}

fn mail(n: usize) -> NewMail {
    NewMail {
        kind: "extension_approved".into(),
        recipient: format!("applicant{n}@example.cn"),
        subject: format!("延期答复告知（2026年第{n}号）"),
        body: format!("您好：第{n}号申请延期答复。"),
        ..NewMail::default()
    }
}

fn enqueue(store: &Store, m: &NewMail) -> String {
    store
        .write(|c| outbox::enqueue(c, m, disclosure_mail::china_now()))
        .unwrap()
        .unwrap()
}

/// Rounds of `w` until nothing is pending or sending, bounded in rounds and time.
fn drain(store: &Store, workers: &[&Worker], limit: Duration) {
    let start = Instant::now();
    for _ in 0..10_000 {
        for w in workers {
            w.run_once(disclosure_mail::china_now(), None).unwrap();
        }
        let open = store
            .read(outbox::all)
            .unwrap()
            .iter()
            .filter(|e| matches!(e.status, MailStatus::Pending | MailStatus::Sending))
            .count();
        if open == 0 || start.elapsed() > limit {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn seed_case_with_document(store: &Store, pdf: &[u8]) -> (String, String) {
    use diesel::prelude::*;
    use disclosure_store::schema::documents;
    let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    store
        .write(|c| {
            directory::insert_agency(
                c,
                &Agency {
                    id: "A".into(),
                    name: "某市某区人民政府办公室".into(),
                    doc_prefix: "某府信公开".into(),
                    address: "某路1号".into(),
                    contact: "010-12345678".into(),
                    review_body: "某市某区人民政府".into(),
                    court: "某市某区人民法院".into(),
                    created_at: t("2026-01-01 00:00:00"),
                },
            )?;
            let reg = cases::register(
                c,
                "A",
                2026,
                Some(&NewApplicant {
                    kind: "natural_person".into(),
                    name: "张三".into(),
                    id_doc_type: None,
                    id_doc_number: None,
                    phone: None,
                    email: Some("zhangsan@example.cn".into()),
                    address: None,
                }),
                &Projection {
                    stage: "issued".into(),
                    receipt_date: NaiveDate::from_ymd_opt(2026, 9, 28).unwrap(),
                    due_date: None,
                    provisional: false,
                    assignee_id: None,
                    outcome: None,
                    handling_state: None,
                    channel: None,
                    request_text: None,
                    report: Default::default(),
                },
                &NewEvent {
                    kind: "registered".into(),
                    payload: serde_json::json!({}),
                    actor_id: "u1".into(),
                    actor_name: "赵受理".into(),
                    recorded_at: t("2026-09-28 09:30:00"),
                },
            )?;
            diesel::insert_into(documents::table)
                .values((
                    documents::id.eq("doc1"),
                    documents::case_id.eq(&reg.case_id),
                    documents::agency_id.eq("A"),
                    documents::kind.eq("reply"),
                    documents::title.eq("政府信息公开申请答复书"),
                    documents::doc_year.eq(Some(2026)),
                    documents::doc_seq.eq(Some(12)),
                    documents::doc_number.eq(Some("某府信公开〔2026〕12号")),
                    documents::issued_on.eq(NaiveDate::from_ymd_opt(2026, 10, 9).unwrap()),
                    documents::content.eq(pdf),
                    documents::sha256.eq("x"),
                    documents::created_at.eq(t("2026-10-09 10:00:00")),
                ))
                .execute(c)?;
            Ok::<_, disclosure_store::StoreError>((reg.case_id, "doc1".to_string()))
        })
        .unwrap()
}

#[test]
fn the_letter_arrives_with_the_same_pdf_bytes_and_a_decoded_chinese_subject() {
    if !sink_available() {
        return;
    }
    let db = TestDb::sqlite();
    let store = open(&db);
    // A PDF header followed by every byte value: a text-mode slip anywhere on the way shows.
    let pdf: Vec<u8> = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(100_000))
        .collect();
    let (case_id, doc) = seed_case_with_document(&store, &pdf);
    let subject = "政府信息公开申请答复书（2026年第12号，某市某区人民政府办公室）";
    let body = "张三：\n您于2026年9月28日提出的政府信息公开申请（2026年第12号），本机关已作出答复，答复书见附件。";
    let id = enqueue(
        &store,
        &NewMail {
            kind: "reply_issued".into(),
            case_id: Some(case_id.clone()),
            recipient: "zhangsan@example.cn".into(),
            subject: subject.into(),
            body: body.into(),
            document_id: Some(doc),
            dedupe_key: None,
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(dir.path(), 0);
    let w = worker(&store, sink.port);
    let r = w.run_once(disclosure_mail::china_now(), None).unwrap();
    assert_eq!((r.claimed, r.sent), (1, 1));
    let got = wait_for(dir.path(), 1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.subject, subject);
    // Mail lines end in CRLF on the wire; the text is the same.
    let received_body = m.body.as_deref().unwrap().replace("\r\n", "\n");
    assert_eq!(received_body.trim_end(), body);
    assert_eq!(m.envelope_to, vec!["zhangsan@example.cn".to_string()]);
    assert_eq!(m.message_id, format!("<{id}@outbox.disclosure>"));
    assert!(m.from.contains("gkb@example.gov.cn"), "{}", m.from);
    assert_eq!(m.attachments.len(), 1);
    let a = &m.attachments[0];
    assert_eq!(a.filename.as_deref(), Some("政府信息公开申请答复书.pdf"));
    assert_eq!(a.content_type, "application/pdf");
    assert!(
        std::fs::read(&a.file).unwrap() == pdf,
        "attachment bytes differ"
    );
    // The row: sent, with the server's own acceptance line.
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert_eq!(e.status, MailStatus::Sent);
    let resp = e.smtp_response.unwrap();
    assert!(resp.starts_with("250 2.0.0 Ok: queued as "), "{resp}");
    assert!(e.sent_at.is_some());
}

fn outage(db: &TestDb) {
    if !sink_available() {
        return;
    }
    let store = open(db);
    let dir = tempfile::tempdir().unwrap();
    // Find a free port, then take the server down.
    let port = Sink::start(dir.path(), 0).port;
    let ids: BTreeSet<String> = (0..50).map(|n| enqueue(&store, &mail(n))).collect();
    let w = worker(&store, port);
    // Server down: rounds until every mail was refused and rescheduled at least once (about a
    // second on an idle machine; bounded at 60 s for a loaded one).
    let start = Instant::now();
    let mut tried = 0;
    while (tried < 50 || start.elapsed() < Duration::from_millis(1000))
        && start.elapsed() < Duration::from_secs(60)
    {
        tried += w
            .run_once(disclosure_mail::china_now(), None)
            .unwrap()
            .retried;
        std::thread::sleep(Duration::from_millis(30));
    }
    assert!(
        tried >= 50,
        "every mail was tried while the server was down ({tried})"
    );
    let rows = store.read(outbox::all).unwrap();
    assert_eq!(rows.len(), 50);
    assert!(rows.iter().all(|e| e.status == MailStatus::Pending));
    assert!(rows.iter().all(|e| e.last_error.is_some()));
    assert!(wait_for(dir.path(), 1, Duration::ZERO).is_empty());
    // Back up on the same port: everything goes out once.
    let _sink = Sink::start(dir.path(), port);
    drain(&store, &[&w], Duration::from_secs(60));
    let got = wait_for(dir.path(), 50, Duration::from_secs(10));
    let mut per_id: BTreeMap<String, usize> = BTreeMap::new();
    for m in &got {
        *per_id.entry(m.message_id.clone()).or_default() += 1;
    }
    let want: BTreeSet<String> = ids
        .iter()
        .map(|id| format!("<{id}@outbox.disclosure>"))
        .collect();
    assert_eq!(
        per_id.keys().cloned().collect::<BTreeSet<_>>(),
        want,
        "none lost"
    );
    assert!(per_id.values().all(|n| *n == 1), "none twice: {per_id:?}");
    let rows = store.read(outbox::all).unwrap();
    assert!(rows.iter().all(|e| e.status == MailStatus::Sent));
    assert!(rows.iter().all(|e| e.attempts >= 2));
}

#[test]
fn outage_with_50_queued_loses_none_and_sends_none_twice_sqlite() {
    outage(&TestDb::sqlite());
}

#[test]
fn outage_with_50_queued_loses_none_and_sends_none_twice_postgres() {
    if let Some(db) = TestDb::postgres() {
        outage(&db);
    }
}

#[test]
fn a_permanent_5xx_rejection_is_failed_and_never_retried() {
    if !sink_available() {
        return;
    }
    let db = TestDb::sqlite();
    let store = open(&db);
    let bad = enqueue(
        &store,
        &NewMail {
            recipient: "reject-me@example.cn".into(),
            ..mail(1)
        },
    );
    let good = enqueue(&store, &mail(2));
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(dir.path(), 0);
    let w = worker(&store, sink.port);
    let r = w.run_once(disclosure_mail::china_now(), None).unwrap();
    assert_eq!((r.sent, r.failed, r.retried), (1, 1, 0));
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(
            w.run_once(disclosure_mail::china_now(), None)
                .unwrap()
                .claimed,
            0
        );
    }
    let e = store.read(|c| outbox::entry(c, &bad)).unwrap();
    assert_eq!(e.status, MailStatus::Failed);
    assert_eq!(e.attempts, 1);
    let why = e.last_error.unwrap();
    assert!(why.contains("550"), "{why}");
    assert_eq!(
        store.read(|c| outbox::entry(c, &good)).unwrap().status,
        MailStatus::Sent
    );
    assert_eq!(wait_for(dir.path(), 1, Duration::from_secs(5)).len(), 1);
}

#[test]
fn a_row_that_is_not_an_address_is_failed_without_contacting_the_server() {
    let db = TestDb::sqlite();
    let store = open(&db);
    let id = enqueue(
        &store,
        &NewMail {
            recipient: "张三 at example".into(),
            ..mail(1)
        },
    );
    // Port 9 (discard) on loopback: never reached, the address fails first.
    let w = worker(&store, 9);
    let r = w.run_once(disclosure_mail::china_now(), None).unwrap();
    assert_eq!(r.failed, 1);
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert_eq!(e.status, MailStatus::Failed);
    assert!(e.last_error.unwrap().contains("not a valid e-mail address"));
}

#[test]
fn two_workers_on_one_postgres_database_send_each_mail_exactly_once() {
    if !sink_available() {
        return;
    }
    let Some(db) = TestDb::postgres() else { return };
    let store = open(&db);
    let ids: BTreeSet<String> = (0..60).map(|n| enqueue(&store, &mail(n))).collect();
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(dir.path(), 0);
    // Two instances: their own pools on the same database, running at the same time.
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let store = open(&db);
            let port = sink.port;
            std::thread::spawn(move || {
                let w = Worker::new(
                    store.clone(),
                    smtp(port),
                    FROM,
                    WorkerPolicy {
                        batch: 3,
                        ..quick_policy()
                    },
                )
                .unwrap();
                let mut sent = 0;
                let start = Instant::now();
                while start.elapsed() < Duration::from_secs(60) {
                    let r = w.run_once(disclosure_mail::china_now(), None).unwrap();
                    sent += r.sent;
                    if r.claimed == 0 {
                        break;
                    }
                }
                sent
            })
        })
        .collect();
    let counts: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(counts.iter().sum::<usize>(), 60, "{counts:?}");
    assert!(counts.iter().all(|n| *n > 0), "both worked: {counts:?}");
    let got = wait_for(dir.path(), 60, Duration::from_secs(10));
    let mut per_id: BTreeMap<String, usize> = BTreeMap::new();
    for m in &got {
        *per_id.entry(m.message_id.clone()).or_default() += 1;
    }
    assert_eq!(got.len(), 60);
    assert!(per_id.values().all(|n| *n == 1), "{per_id:?}");
    let want: BTreeSet<String> = ids
        .iter()
        .map(|id| format!("<{id}@outbox.disclosure>"))
        .collect();
    assert_eq!(per_id.into_keys().collect::<BTreeSet<_>>(), want);
}

/// STARTTLS is required, never skipped: a server that does not offer it gets nothing, and the row
/// waits for a retry (a configuration to fix, not a mail to send in clear).
#[test]
fn required_starttls_is_never_downgraded_to_plain() {
    if !sink_available() {
        return;
    }
    let db = TestDb::sqlite();
    let store = open(&db);
    let id = enqueue(&store, &mail(1));
    let dir = tempfile::tempdir().unwrap();
    // The sink speaks plain SMTP only.
    let sink = Sink::start(dir.path(), 0);
    for tls in [TlsMode::Starttls, TlsMode::Tls] {
        let w = Worker::new(
            store.clone(),
            MailTransport::smtp(&SmtpSettings {
                host: "127.0.0.1".into(),
                port: sink.port,
                tls,
                user: Some("gkb".into()),
                password: Some("secret".into()),
                timeout: Duration::from_secs(5),
                ca_file: None,
            })
            .unwrap(),
            FROM,
            WorkerPolicy {
                backoff: Backoff {
                    base: TimeDelta::zero(),
                    max: TimeDelta::zero(),
                },
                ..quick_policy()
            },
        )
        .unwrap();
        let r = w.run_once(disclosure_mail::china_now(), None).unwrap();
        assert_eq!((r.claimed, r.retried, r.sent), (1, 1, 0), "{tls:?}");
        w.release().unwrap();
    }
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert_eq!(e.status, MailStatus::Pending);
    assert_eq!(e.attempts, 2);
    std::thread::sleep(Duration::from_millis(200));
    assert!(sink.received().is_empty(), "nothing went out in clear");
}

#[test]
fn plain_smtp_is_refused_to_a_remote_relay() {
    let e = MailTransport::smtp(&SmtpSettings {
        host: "smtp.example.gov.cn".into(),
        port: 25,
        tls: TlsMode::None,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
        ca_file: None,
    })
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("only allowed for a relay on this machine"),
        "{e}"
    );
}

#[test]
fn the_file_transport_writes_the_message_for_the_demo() {
    let db = TestDb::sqlite();
    let store = open(&db);
    let id = enqueue(&store, &mail(7));
    let dir = tempfile::tempdir().unwrap();
    let w = Worker::new(
        store.clone(),
        MailTransport::file(dir.path().join("mail")).unwrap(),
        FROM,
        quick_policy(),
    )
    .unwrap();
    assert_eq!(
        w.run_once(disclosure_mail::china_now(), None).unwrap().sent,
        1
    );
    let files: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let raw = String::from_utf8(std::fs::read(&files[0]).unwrap()).unwrap();
    assert!(
        raw.contains(&format!("Message-ID: <{id}@outbox.disclosure>")),
        "{raw}"
    );
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert!(e.smtp_response.unwrap().starts_with("file "));
}

#[test]
fn a_stop_request_ends_the_worker_loop_promptly() {
    let db = TestDb::sqlite();
    let store = open(&db);
    let w = Arc::new(worker(&store, 9));
    let (handle, token) = disclosure_mail::stop_pair();
    let w2 = w.clone();
    let t = std::thread::spawn(move || {
        w2.run(&token, |_| {});
    });
    std::thread::sleep(Duration::from_millis(100));
    let asked = Instant::now();
    handle.stop();
    t.join().unwrap();
    assert!(asked.elapsed() < Duration::from_secs(2));
}
