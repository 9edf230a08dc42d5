//! Migrations in lockstep, and crash safety: a writer killed with SIGKILL loses nothing it
//! acknowledged.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use disclosure_store::cases;
use disclosure_store::directory;
use disclosure_store::model::{Agency, NewEvent, Projection};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Col {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

#[test]
fn both_migration_trees_produce_the_same_tables_and_columns() {
    let Some(pg) = TestDb::postgres() else { return };
    let lite = TestDb::sqlite();
    Store::open(&DatabaseUrl::parse(&lite.url).unwrap()).unwrap();
    Store::open(&DatabaseUrl::parse(&pg.url).unwrap()).unwrap();
    let mut s = diesel::sqlite::SqliteConnection::establish(&lite.url).unwrap();
    let mut sqlite_cols: Vec<Col> = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, \
         CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
    )
    .load(&mut s)
    .unwrap();
    let mut p = diesel::pg::PgConnection::establish(&pg.url).unwrap();
    let mut pg_cols: Vec<Col> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
         CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(&mut p)
    .unwrap();
    sqlite_cols.sort();
    pg_cols.sort();
    assert!(sqlite_cols.len() > 60, "{}", sqlite_cols.len());
    assert_eq!(sqlite_cols, pg_cols);
}

fn store_for(url: &str) -> Store {
    Store::open(&DatabaseUrl::parse(url).unwrap()).unwrap()
}

fn event(n: u64) -> NewEvent {
    NewEvent {
        kind: "registered".into(),
        payload: serde_json::json!({ "n": n }),
        actor_id: "clerk".into(),
        actor_name: "赵受理".into(),
        recorded_at: NaiveDateTime::parse_from_str("2026-09-28 09:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap(),
    }
}

/// The child of the crash test: registers cases until killed, printing each number once committed.
#[test]
#[ignore = "run only as the crash test's child process"]
fn crash_child_registers_until_killed() {
    let Ok(url) = std::env::var("DISCLOSURE_CRASH_DB") else {
        return;
    };
    let store = store_for(&url);
    let projection = Projection {
        stage: "registered".into(),
        receipt_date: NaiveDate::from_ymd_opt(2026, 9, 28).unwrap(),
        due_date: NaiveDate::from_ymd_opt(2026, 10, 30),
        provisional: false,
        assignee_id: None,
        outcome: None,
        handling_state: None,
        channel: None,
        request_text: None,
        report: Default::default(),
    };
    for n in 0..100_000u64 {
        let reg = store
            .write(|c| cases::register(c, "A", 2026, None, &projection, &event(n)))
            .unwrap();
        println!("registered {} {}", reg.number_seq, reg.case_id);
    }
}

fn crash_test(db: &TestDb) {
    let store = store_for(&db.url);
    store
        .write(|c| {
            directory::insert_agency(
                c,
                &Agency {
                    id: "A".into(),
                    name: "某机关".into(),
                    doc_prefix: "某府信公开".into(),
                    address: "x".into(),
                    contact: "x".into(),
                    review_body: "x".into(),
                    court: "x".into(),
                    created_at: NaiveDateTime::parse_from_str(
                        "2026-01-01 00:00:00",
                        "%Y-%m-%d %H:%M:%S",
                    )
                    .unwrap(),
                },
            )
        })
        .unwrap();
    drop(store);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash_child_registers_until_killed",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DISCLOSURE_CRASH_DB", &db.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acknowledged = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("registered ") {
            let (seq, id) = rest.split_once(' ').unwrap();
            acknowledged.push((seq.parse::<i32>().unwrap(), id.to_string()));
            if acknowledged.len() == 40 {
                child.kill().unwrap(); // SIGKILL, mid-write
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(acknowledged.len(), 40);
    let store = store_for(&db.url);
    for (seq, id) in &acknowledged {
        let row = store.read(|c| cases::case_row(c, id)).unwrap();
        assert_eq!(row.number_seq, *seq);
        assert_eq!(
            store.read(|c| cases::load_events(c, id)).unwrap().len(),
            1,
            "whole"
        );
    }
    // Numbers have no gap: whatever committed after the last acknowledgement continues the run.
    let mut conn = store.conn().unwrap();
    let seqs: BTreeSet<i32> = disclosure_store::schema::cases::table
        .select(disclosure_store::schema::cases::number_seq)
        .load::<i32>(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    let max = *seqs.iter().max().unwrap();
    assert_eq!(seqs, (1..=max).collect::<BTreeSet<i32>>());
    assert!(max >= 40);
    let report = store.verify_all_chains().unwrap();
    assert_eq!(report.first_broken, None);
    assert_eq!(report.events_checked, max as usize);
}

#[test]
fn crash_sqlite_sigkill_loses_nothing_acknowledged() {
    crash_test(&TestDb::sqlite());
}

#[test]
fn crash_postgres_sigkill_loses_nothing_acknowledged() {
    if let Some(db) = TestDb::postgres() {
        crash_test(&db);
    }
}

#[test]
fn several_instances_starting_together_on_postgres_migrate_once() {
    let Some(db) = TestDb::postgres() else { return };
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = db.url.clone();
            std::thread::spawn(move || Store::open(&DatabaseUrl::parse(&url).unwrap()).map(|_| ()))
        })
        .collect();
    for h in handles {
        h.join()
            .unwrap()
            .expect("every instance opens the database");
    }
}
