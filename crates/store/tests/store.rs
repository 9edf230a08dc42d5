//! The store on both backends: every test runs once on a temporary SQLite file and once on a fresh
//! PostgreSQL database (R-FLOW-1: every state change recorded; the chain proves it was not rewritten).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use disclosure_store::cases::{self, new_id};
use disclosure_store::directory;
use disclosure_store::model::{Agency, NewApplicant, NewEvent, Projection};
use disclosure_store::{DatabaseUrl, Store, StoreError};
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
    register_append_and_read_back,
    stale_version_is_a_conflict_and_writes_nothing,
    thirty_two_writers_on_one_case_one_wins_per_version,
    thirty_two_registrations_get_gapless_numbers,
    doc_numbers_are_gapless_and_a_rolled_back_issue_gives_its_number_back,
    editing_a_stored_event_is_detected_and_named,
    list_totals_count_every_page_and_those_due_before_a_day,
    open_stage_lists_put_running_cases_without_a_due_date_last_and_leave_out_concluded_ones,
);

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
}

fn open(db: &TestDb) -> Store {
    Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap()
}

fn agency(store: &Store, id: &str) {
    store
        .write(|c| {
            directory::insert_agency(
                c,
                &Agency {
                    id: id.into(),
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

fn event(kind: &str, n: u32) -> NewEvent {
    NewEvent {
        kind: kind.into(),
        payload: serde_json::json!({ "kind": kind, "n": n, "名称": "张三" }),
        actor_id: "u1".into(),
        actor_name: "赵受理".into(),
        recorded_at: t("2026-09-28 09:30:00.123456789"),
    }
}

fn projection(stage: &str) -> Projection {
    Projection {
        stage: stage.into(),
        receipt_date: NaiveDate::from_ymd_opt(2026, 9, 28).unwrap(),
        due_date: NaiveDate::from_ymd_opt(2026, 10, 30),
        provisional: false,
        assignee_id: None,
        outcome: None,
        handling_state: None,
        channel: None,
        request_text: None,
        report: Default::default(),
    }
}

fn register(store: &Store, agency_id: &str) -> disclosure_store::model::RegisteredCase {
    store
        .write(|c| {
            cases::register(
                c,
                agency_id,
                2026,
                Some(&NewApplicant {
                    kind: "natural_person".into(),
                    name: "张三".into(),
                    id_doc_type: Some("resident_id".into()),
                    id_doc_number: Some("11010519491231002X".into()),
                    phone: Some("13800138000".into()),
                    email: None,
                    address: None,
                }),
                &projection("registered"),
                &event("registered", 0),
            )
        })
        .unwrap()
}

fn register_append_and_read_back(db: &TestDb) {
    let store = open(db);
    agency(&store, "A");
    let reg = register(&store, "A");
    assert_eq!((reg.number_year, reg.number_seq), (2026, 1));
    assert_eq!(reg.tracking_code.len(), 10);
    let v = store
        .write(|c| {
            cases::append(
                c,
                &reg.case_id,
                1,
                &[event("assigned", 1), event("accepted", 2)],
                &projection("handling"),
                t("2026-09-29 10:00:00"),
            )
        })
        .unwrap();
    assert_eq!(v, 3);
    let events = store.read(|c| cases::load_events(c, &reg.case_id)).unwrap();
    assert_eq!(
        events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(events[1].kind, "assigned");
    // Payloads are stored canonically: sorted keys, no whitespace, Chinese kept as is.
    assert_eq!(
        events[1].payload,
        r#"{"kind":"assigned","n":1,"名称":"张三"}"#
    );
    // Timestamps are kept to the microsecond on both backends.
    assert_eq!(events[0].recorded_at, t("2026-09-28 09:30:00.123456"));
    assert_eq!(events[1].prev_hash, events[0].hash);
    let row = store.read(|c| cases::case_row(c, &reg.case_id)).unwrap();
    assert_eq!((row.stage.as_str(), row.version), ("handling", 3));
    let report = store.verify_all_chains().unwrap();
    assert_eq!(report.events_checked, 3);
    assert_eq!(report.first_broken, None);
    // Reopening migrates nothing more and finds everything.
    drop(store);
    let again = open(db);
    assert_eq!(again.migrate().unwrap(), 0);
    assert_eq!(
        again.read(|c| cases::load_events(c, &reg.case_id)).unwrap(),
        events
    );
}

fn stale_version_is_a_conflict_and_writes_nothing(db: &TestDb) {
    let store = open(db);
    agency(&store, "A");
    let reg = register(&store, "A");
    store
        .write(|c| {
            cases::append(
                c,
                &reg.case_id,
                1,
                &[event("assigned", 1)],
                &projection("under_review"),
                t("2026-09-29 10:00:00"),
            )
        })
        .unwrap();
    let e = store
        .write(|c| {
            cases::append(
                c,
                &reg.case_id,
                1,
                &[event("accepted", 2)],
                &projection("handling"),
                t("2026-09-29 10:01:00"),
            )
        })
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::Conflict {
                expected: 1,
                found: 2
            }
        ),
        "{e}"
    );
    assert_eq!(e.code(), "stale_case_version");
    let row = store.read(|c| cases::case_row(c, &reg.case_id)).unwrap();
    assert_eq!((row.stage.as_str(), row.version), ("under_review", 2));
    assert_eq!(
        store
            .read(|c| cases::load_events(c, &reg.case_id))
            .unwrap()
            .len(),
        2
    );
}

fn thirty_two_writers_on_one_case_one_wins_per_version(db: &TestDb) {
    let store = open(db);
    agency(&store, "A");
    let reg = register(&store, "A");
    let threads: usize = 32;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let (store, barrier, case_id) = (store.clone(), barrier.clone(), reg.case_id.clone());
            std::thread::spawn(move || {
                barrier.wait();
                // Everyone appends at version 1 at once: exactly one may win.
                let first = store.write(|c| {
                    cases::append(
                        c,
                        &case_id,
                        1,
                        &[event("note", i as u32)],
                        &projection("under_review"),
                        t("2026-09-29 10:00:00"),
                    )
                });
                // Then each retries with the version it reads until it lands once.
                let mut landed = first.is_ok();
                let mut conflicts = usize::from(first.is_err());
                if let Err(e) = &first {
                    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
                }
                while !landed {
                    let v = store
                        .read(|c| cases::case_row(c, &case_id))
                        .unwrap()
                        .version;
                    match store.write(|c| {
                        cases::append(
                            c,
                            &case_id,
                            v,
                            &[event("note", i as u32)],
                            &projection("under_review"),
                            t("2026-09-29 10:00:00"),
                        )
                    }) {
                        Ok(_) => landed = true,
                        Err(StoreError::Conflict { .. }) => conflicts += 1,
                        Err(e) => panic!("{e}"),
                    }
                }
                (first.is_ok(), conflicts)
            })
        })
        .collect();
    let results: Vec<(bool, usize)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|(won, _)| *won).count(),
        1,
        "one winner at version 1"
    );
    let events = store.read(|c| cases::load_events(c, &reg.case_id)).unwrap();
    assert_eq!(
        events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=33).collect::<Vec<i32>>()
    );
    let writers: BTreeSet<String> = events[1..].iter().map(|e| e.payload.clone()).collect();
    assert_eq!(writers.len(), 32, "every writer landed exactly once");
    assert_eq!(
        store.verify_case_chain(&reg.case_id).unwrap().first_broken,
        None
    );
}

fn thirty_two_registrations_get_gapless_numbers(db: &TestDb) {
    let store = open(db);
    agency(&store, "A");
    agency(&store, "B");
    let barrier = Arc::new(Barrier::new(32));
    let handles: Vec<_> = (0..32)
        .map(|i| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                (0..3)
                    .map(|_| register(&store, if i % 4 == 0 { "B" } else { "A" }).number_seq)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<i32> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    numbers.sort_unstable();
    // Agency A: 24 threads × 3 = 72 cases numbered 1..=72; B: 8 × 3 = 24 numbered 1..=24.
    let mut expected: Vec<i32> = (1..=72).chain(1..=24).collect();
    expected.sort_unstable();
    assert_eq!(numbers, expected);
}

fn doc_numbers_are_gapless_and_a_rolled_back_issue_gives_its_number_back(db: &TestDb) {
    let store = open(db);
    agency(&store, "A");
    assert_eq!(
        store.write(|c| cases::next_doc_seq(c, "A", 2026)).unwrap(),
        1
    );
    let failed: Result<(), StoreError> = store.write(|c| {
        assert_eq!(cases::next_doc_seq(c, "A", 2026)?, 2);
        Err(StoreError::NotFound("simulated failure after allocating"))
    });
    assert!(failed.is_err());
    assert_eq!(
        store.write(|c| cases::next_doc_seq(c, "A", 2026)).unwrap(),
        2,
        "no gap"
    );
    assert_eq!(
        store.write(|c| cases::next_doc_seq(c, "A", 2027)).unwrap(),
        1,
        "per year"
    );
}

fn editing_a_stored_event_is_detected_and_named(db: &TestDb) {
    let store = open(db);
    agency(&store, "A");
    let reg = register(&store, "A");
    store
        .write(|c| {
            cases::append(
                c,
                &reg.case_id,
                1,
                &[event("assigned", 1), event("accepted", 2)],
                &projection("handling"),
                t("2026-09-29 10:00:00"),
            )
        })
        .unwrap();
    let other = register(&store, "A");
    let mut conn = store.conn().unwrap();
    diesel::sql_query(format!(
        "UPDATE case_events SET payload = '{{\"kind\":\"assigned\",\"n\":1,\"名称\":\"李四\"}}' WHERE case_id = '{}' AND seq = 2",
        reg.case_id
    ))
    .execute(&mut conn)
    .unwrap();
    let report = store.verify_all_chains().unwrap();
    let broken = report.first_broken.expect("the edit is detected");
    assert_eq!(
        (broken.case_id.as_str(), broken.seq),
        (reg.case_id.as_str(), 2)
    );
    assert!(broken.reason.contains("altered"), "{}", broken.reason);
    assert_eq!(
        store
            .verify_case_chain(&other.case_id)
            .unwrap()
            .first_broken,
        None
    );
}

#[test]
fn backup_round_trip_on_sqlite_and_pg_dump_advice_on_postgres() {
    let db = TestDb::sqlite();
    let store = open(&db);
    agency(&store, "A");
    let reg = register(&store, "A");
    store
        .write(|c| {
            cases::append(
                c,
                &reg.case_id,
                1,
                &[event("assigned", 1)],
                &projection("under_review"),
                t("2026-09-29 10:00:00"),
            )
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("backup.db");
    store.backup_to(&target).unwrap();
    assert!(store.backup_to(&target).is_err(), "never overwrites");
    let restored = Store::open(&DatabaseUrl::Sqlite(target)).unwrap();
    assert_eq!(
        restored
            .read(|c| cases::load_events(c, &reg.case_id))
            .unwrap(),
        store.read(|c| cases::load_events(c, &reg.case_id)).unwrap()
    );
    assert_eq!(
        restored.read(|c| cases::case_row(c, &reg.case_id)).unwrap(),
        store.read(|c| cases::case_row(c, &reg.case_id)).unwrap()
    );
    assert_eq!(restored.verify_all_chains().unwrap().events_checked, 2);
    if let Some(pg) = TestDb::postgres() {
        assert!(matches!(
            open(&pg).backup_to(&dir.path().join("x.db")),
            Err(StoreError::BackupNotSupported)
        ));
    }
}

#[test]
fn database_urls() {
    use std::path::PathBuf;
    assert_eq!(
        DatabaseUrl::parse("./data/x.db").unwrap(),
        DatabaseUrl::Sqlite(PathBuf::from("./data/x.db"))
    );
    assert_eq!(
        DatabaseUrl::parse("sqlite:///srv/x.db").unwrap(),
        DatabaseUrl::Sqlite(PathBuf::from("/srv/x.db"))
    );
    assert!(matches!(
        DatabaseUrl::parse("postgres://u:secret@h/db").unwrap(),
        DatabaseUrl::Postgres(_)
    ));
    assert_eq!(
        DatabaseUrl::parse("postgres://u:secret@h/db")
            .unwrap()
            .redacted(),
        "postgres://u:***@h/db"
    );
    assert!(DatabaseUrl::parse("mysql://x").is_err());
    assert!(DatabaseUrl::parse(" ").is_err());
    let _ = new_id();
}

/// The totals beside a paged list (工作台): all matching cases and those due before a day, whatever
/// the page, with and without conditions on the joined applicant (the two query paths).
fn list_totals_count_every_page_and_those_due_before_a_day(db: &TestDb) {
    use disclosure_store::queries::{list_cases, totals, CaseFilter, CaseTotals};
    let store = open(db);
    agency(&store, "A");
    agency(&store, "B");
    // Due 1, 2, … 9 October for A's nine cases; one case of B, due 1 October.
    for (agency_id, due_days) in [("A", 1..=9u32), ("B", 1..=1)] {
        for day in due_days {
            store
                .write(|c| {
                    let mut p = projection("handling");
                    p.due_date = NaiveDate::from_ymd_opt(2026, 10, day);
                    cases::register(
                        c,
                        agency_id,
                        2026,
                        Some(&NewApplicant {
                            kind: if day % 3 == 0 {
                                "business"
                            } else {
                                "natural_person"
                            }
                            .into(),
                            name: format!("申请人{day}"),
                            id_doc_type: None,
                            id_doc_number: None,
                            phone: None,
                            email: None,
                            address: None,
                        }),
                        &p,
                        &event("registered", day),
                    )
                })
                .unwrap();
        }
    }
    let oct = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
    let filter = CaseFilter {
        agency_id: "A".into(),
        stages: vec!["handling".into()],
        limit: 2,
        offset: 2,
        ..Default::default()
    };
    let mut c = store.conn().unwrap();
    assert_eq!(
        list_cases(&mut c, &filter).unwrap().len(),
        2,
        "a page of two"
    );
    // Due before 5 October: the 1st to the 4th.
    assert_eq!(
        totals(&mut c, &filter, oct(5)).unwrap(),
        CaseTotals {
            all: 9,
            due_before: 4
        }
    );
    // Businesses (days 3, 6, 9): the joined path; due before 7 October: 3 and 6.
    let businesses = CaseFilter {
        applicant_kinds: vec!["business".into()],
        ..filter.clone()
    };
    assert_eq!(
        totals(&mut c, &businesses, oct(7)).unwrap(),
        CaseTotals {
            all: 3,
            due_before: 2
        }
    );
    let none = CaseFilter {
        stages: vec!["issued".into()],
        ..filter
    };
    assert_eq!(
        totals(&mut c, &none, oct(5)).unwrap(),
        CaseTotals {
            all: 0,
            due_before: 0
        }
    );
}

/// The 工作台's filter, the running stages (given here in another order than `OPEN_STAGES`, as any
/// caller may), goes through the partial indexes of running cases: soonest due first, running
/// cases without a due date (paused) last by number, no concluded case even where it sorts among
/// them (no due date either), and the totals agree with the pages.
fn open_stage_lists_put_running_cases_without_a_due_date_last_and_leave_out_concluded_ones(
    db: &TestDb,
) {
    use disclosure_store::model::User;
    use disclosure_store::queries::{list_cases, totals, CaseFilter, CaseTotals, OPEN_STAGES};
    let store = open(db);
    agency(&store, "A");
    for officer in ["o1", "o2"] {
        store
            .write(|c| {
                directory::insert_user(
                    c,
                    &User {
                        id: officer.into(),
                        agency_id: "A".into(),
                        username: officer.into(),
                        display_name: officer.into(),
                        role: "officer".into(),
                        password_hash: String::new(),
                        active: true,
                        created_at: t("2026-09-01 09:00:00"),
                    },
                )
            })
            .unwrap();
    }
    let oct = |d| NaiveDate::from_ymd_opt(2026, 10, d);
    // Registered in this order, so numbered 1 to 8 (number: stage, due, officer).
    let plan = [
        ("handling", oct(2), "o1"),          // 1
        ("handling", oct(1), "o1"),          // 2
        ("awaiting_correction", None, "o1"), // 3
        ("archived", None, "o1"),            // 4
        ("handling", None, "o1"),            // 5 (paused for a consultation)
        ("delivered", None, "o1"),           // 6
        ("reply_drafted", oct(1), "o2"),     // 7
        ("issued", None, "o1"),              // 8
    ];
    for (i, (stage, due, officer)) in plan.iter().enumerate() {
        store
            .write(|c| {
                let mut p = projection(stage);
                p.due_date = *due;
                p.assignee_id = Some((*officer).into());
                cases::register(c, "A", 2026, None, &p, &event("registered", i as u32 + 1))
            })
            .unwrap();
    }
    let mut open: Vec<String> = OPEN_STAGES.iter().rev().map(|s| (*s).into()).collect();
    open.swap(0, 3);
    let mine = CaseFilter {
        agency_id: "A".into(),
        assignee_id: Some("o1".into()),
        stages: open.clone(),
        limit: 10,
        ..Default::default()
    };
    let mut c = store.conn().unwrap();
    let numbers = |c: &mut _, f: &CaseFilter| -> Vec<i32> {
        list_cases(c, f)
            .unwrap()
            .iter()
            .map(|i| i.case.number_seq)
            .collect()
    };
    assert_eq!(numbers(&mut c, &mine), vec![2, 1, 5, 3]);
    // The last page of two: the paused ones, and nothing concluded.
    let last_page = CaseFilter {
        limit: 2,
        offset: 2,
        ..mine.clone()
    };
    assert_eq!(numbers(&mut c, &last_page), vec![5, 3]);
    assert_eq!(
        totals(&mut c, &mine, oct(2).unwrap()).unwrap(),
        CaseTotals {
            all: 4,
            due_before: 1
        }
    );
    // Legal staff: every officer's running cases.
    let all = CaseFilter {
        assignee_id: None,
        ..mine
    };
    assert_eq!(numbers(&mut c, &all), vec![7, 2, 1, 5, 3]);
    assert_eq!(
        totals(&mut c, &all, oct(2).unwrap()).unwrap(),
        CaseTotals {
            all: 5,
            due_before: 2
        }
    );
}
