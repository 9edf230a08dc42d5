//! The mail outbox on both backends: enqueued with the caller's transaction, claimed by one worker at
//! a time per row, retried with exponential back-off, failed for good on a permanent rejection.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use disclosure_store::model::{Agency, NewApplicant, NewEvent, Projection};
use disclosure_store::outbox::{self, Backoff, MailStatus, NewMail};
use disclosure_store::schema::documents;
use disclosure_store::{cases, directory, DatabaseUrl, Store, StoreError};
use disclosure_testkit::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { let db = disclosure_testkit::TestDb::sqlite(); super::$name(&db); })*
        }
        mod postgres {
            $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })*
        }
    };
}

on_both_backends!(
    enqueued_with_the_event_transaction_or_not_at_all,
    claim_carries_the_attachment_bytes_and_a_stable_message_id,
    a_claimed_row_is_not_claimed_again_until_its_lease_runs_out,
    retry_backs_off_exponentially_and_failure_is_final,
    dedupe_key_enqueues_once,
    staff_emails_for_digests,
);

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn open(db: &TestDb) -> Store {
    Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap()
}

fn agency(store: &Store) {
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
            )
        })
        .unwrap();
}

fn case(store: &Store) -> String {
    store
        .write(|c| {
            cases::register(
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
                    stage: "registered".into(),
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
            )
        })
        .unwrap()
        .case_id
}

fn mail(n: usize) -> NewMail {
    NewMail {
        kind: "correction_requested".into(),
        recipient: format!("a{n}@example.cn"),
        subject: format!("补正通知 {n}"),
        body: "请补正。".into(),
        ..NewMail::default()
    }
}

fn enqueue(store: &Store, m: &NewMail, now: NaiveDateTime) -> Option<String> {
    store.write(|c| outbox::enqueue(c, m, now)).unwrap()
}

fn claim(store: &Store, owner: &str, now: NaiveDateTime, limit: i64) -> Vec<outbox::ClaimedMail> {
    store
        .write(|c| outbox::claim(c, owner, now, TimeDelta::minutes(5), limit))
        .unwrap()
}

fn enqueued_with_the_event_transaction_or_not_at_all(db: &TestDb) {
    let store = open(db);
    agency(&store);
    let case_id = case(&store);
    let now = t("2026-10-09 10:00:00");
    // The caller's transaction fails after enqueueing: no mail survives.
    let r: Result<(), StoreError> = store.write(|c| {
        outbox::enqueue(
            c,
            &NewMail {
                case_id: Some(case_id.clone()),
                ..mail(1)
            },
            now,
        )?;
        Err(StoreError::NotFound("the event that failed"))
    });
    assert!(r.is_err());
    assert!(store.read(outbox::all).unwrap().is_empty());
    let id = enqueue(
        &store,
        &NewMail {
            case_id: Some(case_id.clone()),
            ..mail(1)
        },
        now,
    )
    .unwrap();
    let rows = store.read(|c| outbox::for_case(c, &case_id)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    assert_eq!(rows[0].status, MailStatus::Pending);
    assert_eq!(rows[0].attempts, 0);
    assert_eq!(rows[0].subject, "补正通知 1");
    assert_eq!(rows[0].next_attempt_at, now);
}

fn claim_carries_the_attachment_bytes_and_a_stable_message_id(db: &TestDb) {
    let store = open(db);
    agency(&store);
    let case_id = case(&store);
    // Every byte value, so an encoding slip (text instead of binary) shows.
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(70_000))
        .collect();
    store
        .write(|c| {
            diesel::insert_into(documents::table)
                .values((
                    documents::id.eq("doc1"),
                    documents::case_id.eq(&case_id),
                    documents::agency_id.eq("A"),
                    documents::kind.eq("reply"),
                    documents::title.eq("政府信息公开申请答复书"),
                    documents::doc_year.eq(Some(2026)),
                    documents::doc_seq.eq(Some(12)),
                    documents::doc_number.eq(Some("某府信公开〔2026〕12号")),
                    documents::issued_on.eq(NaiveDate::from_ymd_opt(2026, 10, 9).unwrap()),
                    documents::content.eq(&pdf),
                    documents::sha256.eq("x"),
                    documents::created_at.eq(t("2026-10-09 10:00:00")),
                ))
                .execute(c)
                .map_err(StoreError::from)
        })
        .unwrap();
    let now = t("2026-10-09 10:00:00");
    let id = enqueue(
        &store,
        &NewMail {
            kind: "reply_issued".into(),
            case_id: Some(case_id.clone()),
            document_id: Some("doc1".into()),
            ..mail(1)
        },
        now,
    )
    .unwrap();
    let message_id = format!("<{id}@outbox.disclosure>");
    assert_eq!(
        store.read(|c| outbox::entry(c, &id)).unwrap().message_id,
        message_id
    );
    assert!(!store
        .read(|c| outbox::has_due(c, now - TimeDelta::seconds(1)))
        .unwrap());
    assert!(store.read(|c| outbox::has_due(c, now)).unwrap());
    let got = claim(&store, "w1", now, 10);
    assert_eq!(got.len(), 1);
    assert!(
        !store.read(|c| outbox::has_due(c, now)).unwrap(),
        "claimed, leased"
    );
    let m = &got[0];
    assert_eq!(m.kind, "reply_issued");
    assert_eq!(m.attempts, 1);
    assert_eq!(m.message_id, message_id);
    let att = m.attachment.as_ref().unwrap();
    assert_eq!(att.name, "政府信息公开申请答复书.pdf");
    assert_eq!(att.content, pdf);
    // Sent: the response is kept; the row is never claimed again.
    let sent_at = t("2026-10-09 10:00:03");
    assert!(store
        .write(|c| outbox::mark_sent(c, &id, "w1", sent_at, "250 2.0.0 Ok: queued as 7"))
        .unwrap());
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert_eq!(e.status, MailStatus::Sent);
    assert_eq!(e.sent_at, Some(sent_at));
    assert_eq!(
        e.smtp_response.as_deref(),
        Some("250 2.0.0 Ok: queued as 7")
    );
    assert!(claim(&store, "w1", t("2026-10-10 10:00:00"), 10).is_empty());
    // A retried row keeps its Message-ID: a second claim after a retry has the same one.
    let id2 = enqueue(&store, &mail(2), now).unwrap();
    let first = claim(&store, "w1", now, 10);
    let backoff = Backoff {
        base: TimeDelta::seconds(30),
        max: TimeDelta::hours(1),
    };
    store
        .write(|c| outbox::mark_retry(c, &id2, "w1", now, "connection refused", backoff))
        .unwrap();
    let second = claim(&store, "w1", now + TimeDelta::seconds(30), 10);
    assert_eq!(first[0].message_id, second[0].message_id);
    assert_eq!(second[0].attempts, 2);
}

fn a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(db: &TestDb) {
    let store = open(db);
    let now = t("2026-10-09 10:00:00");
    let ids: BTreeSet<String> = (0..10)
        .map(|n| enqueue(&store, &mail(n), now).unwrap())
        .collect();
    let a = claim(&store, "worker-a", now, 4);
    assert_eq!(a.len(), 4);
    // Another worker a second later: never A's rows (on SQLite: nothing, A holds the outbox lease).
    let b = claim(&store, "worker-b", now + TimeDelta::seconds(1), 100);
    let a_ids: BTreeSet<String> = a.iter().map(|m| m.id.clone()).collect();
    assert!(b.iter().all(|m| !a_ids.contains(&m.id)));
    if db.sqlite_path().is_some() {
        assert!(b.is_empty(), "SQLite: one worker at a time");
    } else {
        assert_eq!(b.len(), 6, "PostgreSQL: B takes the rest");
    }
    // A's lease (5 minutes) runs out: its unfinished rows return to the queue, B takes them, and A's
    // late result is refused.
    let later = now + TimeDelta::minutes(5) + TimeDelta::seconds(1);
    let b2 = claim(&store, "worker-b", later, 100);
    let b2_ids: BTreeSet<String> = b2.iter().map(|m| m.id.clone()).collect();
    assert!(a_ids.is_subset(&b2_ids), "{a_ids:?} ⊄ {b2_ids:?}");
    let stolen = &a[0];
    assert!(!store
        .write(|c| outbox::mark_sent(c, &stolen.id, "worker-a", later, "250 late"))
        .unwrap());
    assert_eq!(
        store
            .read(|c| outbox::entry(c, &stolen.id))
            .unwrap()
            .attempts,
        2
    );
    let all: BTreeSet<String> = b.iter().chain(&b2).map(|m| m.id.clone()).collect();
    assert_eq!(all, ids);
}

fn retry_backs_off_exponentially_and_failure_is_final(db: &TestDb) {
    let store = open(db);
    let now = t("2026-10-09 10:00:00");
    let id = enqueue(&store, &mail(1), now).unwrap();
    let backoff = Backoff {
        base: TimeDelta::seconds(30),
        max: TimeDelta::minutes(3),
    };
    // Attempt k fails at `at`; the next is due `at + 30 s · 2^(k-1)`, capped at 3 minutes:
    // 30 s, 60 s, 120 s, 180 s (240 capped), 180 s.
    let mut at = now;
    for (k, wait) in [(1, 30), (2, 60), (3, 120), (4, 180), (5, 180)] {
        let got = claim(&store, "w", at, 10);
        assert_eq!(got.len(), 1, "attempt {k}");
        assert_eq!(got[0].attempts, k);
        store
            .write(|c| outbox::mark_retry(c, &id, "w", at, "421 try later", backoff))
            .unwrap();
        let e = store.read(|c| outbox::entry(c, &id)).unwrap();
        assert_eq!(e.status, MailStatus::Pending);
        assert_eq!(
            e.next_attempt_at,
            at + TimeDelta::seconds(wait),
            "attempt {k}"
        );
        assert!(
            claim(&store, "w", at + TimeDelta::seconds(wait - 1), 10).is_empty(),
            "not before its time"
        );
        at += TimeDelta::seconds(wait);
    }
    // A permanent rejection: failed, never claimed again, the reason kept.
    assert_eq!(claim(&store, "w", at, 10).len(), 1);
    store
        .write(|c| outbox::mark_failed(c, &id, "w", at, "550 5.1.1 mailbox unavailable"))
        .unwrap();
    assert!(claim(&store, "w", at + TimeDelta::days(30), 10).is_empty());
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert_eq!(e.status, MailStatus::Failed);
    assert_eq!(
        e.last_error.as_deref(),
        Some("550 5.1.1 mailbox unavailable")
    );
    let log = store.read(|c| outbox::attempts(c, &id)).unwrap();
    assert_eq!(log.len(), 6);
    assert!(log[..5].iter().all(|a| a.outcome == MailStatus::Pending));
    assert_eq!(log[5].outcome, MailStatus::Failed);
    assert_eq!(log[5].attempt, 6);
}

fn dedupe_key_enqueues_once(db: &TestDb) {
    let store = open(db);
    let now = t("2026-10-09 08:00:00");
    let m = NewMail {
        kind: "digest".into(),
        dedupe_key: Some("digest:u1:2026-10-09".into()),
        ..mail(1)
    };
    assert!(enqueue(&store, &m, now).is_some());
    assert!(enqueue(&store, &m, now).is_none());
    // Rows without a key never collide.
    assert!(enqueue(&store, &mail(2), now).is_some());
    assert!(enqueue(&store, &mail(2), now).is_some());
    assert_eq!(store.read(outbox::all).unwrap().len(), 3);
}

fn staff_emails_for_digests(db: &TestDb) {
    let store = open(db);
    agency(&store);
    store
        .write(|c| {
            for (id, name) in [("u1", "li"), ("u2", "wang")] {
                directory::insert_user(
                    c,
                    &disclosure_store::model::User {
                        id: id.into(),
                        agency_id: "A".into(),
                        username: name.into(),
                        display_name: name.into(),
                        role: "officer".into(),
                        password_hash: "x".into(),
                        active: true,
                        created_at: t("2026-01-01 00:00:00"),
                    },
                )?;
            }
            outbox::set_staff_email(c, "u1", "old@example.cn")?;
            outbox::set_staff_email(c, "u1", "li@example.cn")
        })
        .unwrap();
    let staff = store.read(|c| outbox::staff_with_email(c, "A")).unwrap();
    assert_eq!(staff.len(), 1);
    assert_eq!(staff[0].0.id, "u1");
    assert_eq!(staff[0].1, "li@example.cn");
}

/// PostgreSQL only: eight workers claim at once from 200 rows; every row goes to exactly one.
#[test]
fn postgres_concurrent_claims_are_disjoint() {
    let Some(db) = TestDb::postgres() else { return };
    let store = open(&db);
    let now = t("2026-10-09 10:00:00");
    let ids: BTreeSet<String> = (0..200)
        .map(|n| enqueue(&store, &mail(n), now).unwrap())
        .collect();
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|w| {
            let store = store.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut mine = Vec::new();
                for _ in 0..50 {
                    let got = claim(&store, &format!("w{w}"), now, 7);
                    if got.is_empty() {
                        break;
                    }
                    mine.extend(got.into_iter().map(|m| m.id));
                }
                mine
            })
        })
        .collect();
    let mut seen = Vec::new();
    for h in handles {
        seen.extend(h.join().unwrap());
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(seen.len(), 200, "no row claimed twice");
    assert_eq!(unique, ids);
}
