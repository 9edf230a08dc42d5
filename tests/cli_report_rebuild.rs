//! `disclosure report rebuild` end to end (R-REP-1): on a seeded database whose annual-report
//! projection was emptied and marked for a rebuild (as the migration leaves a database that held
//! cases before it), the annual tables are the same before (folding the events), and after the
//! rebuild (reading the projection), which fills one row per case; `audit verify` still checks
//! every event.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::path::Path;
use std::process::{Command, Output};

use diesel::{Connection, RunQueryDsl};

fn disclosure(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .arg("--database")
        .arg(db)
        .args(args)
        .env_remove("DISCLOSURE_CALENDAR_FILE")
        .env_remove("DISCLOSURE_CONFIG")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(db: &Path, table: &str) -> i64 {
    let mut c = diesel::SqliteConnection::establish(db.to_str().unwrap()).unwrap();
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<Count>(&mut c)
        .unwrap()
        .n
}

#[test]
fn r_rep_1_report_rebuild_fills_the_projection_and_keeps_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&disclosure(
        &db,
        &[
            "seed",
            "--cases",
            "50",
            "--seed",
            "9",
            "--days",
            "500",
            "--today",
            "2026-11-20",
            "--quiet",
        ],
    ));
    assert_eq!(
        count(&db, "report_facts"),
        50,
        "the seed writes the projection"
    );
    let annual = |year: &str| {
        ok(&disclosure(
            &db,
            &["report", "annual", year, "--format", "json"],
        ))
    };
    let (y2025, y2026) = (annual("2025"), annual("2026"));

    // As a database from before the projection: no rows, marked for a rebuild.
    {
        let mut c = diesel::SqliteConnection::establish(db.to_str().unwrap()).unwrap();
        diesel::sql_query("DELETE FROM report_facts")
            .execute(&mut c)
            .unwrap();
        diesel::sql_query(
            "INSERT INTO projection_rebuilds (name, requested_at) VALUES ('report_facts', '2026-11-20 08:00:00')",
        )
        .execute(&mut c)
        .unwrap();
    }
    assert_eq!(annual("2025"), y2025, "folding the events meanwhile");
    assert_eq!(annual("2026"), y2026);

    let out = ok(&disclosure(&db, &["report", "rebuild", "--quiet"]));
    assert!(
        out.starts_with("report facts rebuilt for 50 cases"),
        "{out}"
    );
    assert_eq!(count(&db, "report_facts"), 50);
    assert_eq!(count(&db, "projection_rebuilds"), 0);
    assert_eq!(annual("2025"), y2025, "read from the projection");
    assert_eq!(annual("2026"), y2026);

    let events = count(&db, "case_events");
    assert_eq!(
        ok(&disclosure(&db, &["audit", "verify"])).trim(),
        format!("ok {events} events")
    );
}
