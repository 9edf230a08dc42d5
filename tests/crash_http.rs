//! Crash safety end to end (R-APP-1: gapless case numbers; the audit log's hash chain): clients
//! register cases through the JSON API at full speed while the real `disclosure serve` is killed
//! with SIGKILL. After a restart every registration that was answered 2xx is there with the number
//! it was given, the numbers of each agency and year have no gap, and `disclosure audit verify`
//! passes. On SQLite (the default deployment) and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod scale_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use disclosure_store::schema::cases;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use scale_support::{http, prepare, registration, run_ok, serve};

/// Concurrent clients, and the acknowledged registrations after which the server is killed.
const CLIENTS: usize = 6;
const KILL_AFTER: usize = 60;

fn crash_test(url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let token = prepare(dir.path(), url, "clerk");
    let server = serve(dir.path(), url);
    let addr = server.addr;
    // (case id, number) of every 201 the clients got.
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|k| {
            let (acked, stop, token) = (acked.clone(), stop.clone(), token.clone());
            std::thread::spawn(move || {
                let until = Instant::now() + Duration::from_secs(60);
                // Bounded in count and time; a refused or cut connection ends the client.
                for i in 0..2_000 {
                    if stop.load(Ordering::SeqCst) || Instant::now() > until {
                        break;
                    }
                    let body = registration(&format!("申请人{k}-{i}"));
                    match http(addr, "POST", "/api/v1/cases", &token, Some(&body)) {
                        // A response cut by the kill is no acknowledgement: only a whole body is.
                        Ok((201, b)) => match serde_json::from_str::<serde_json::Value>(&b) {
                            Ok(v) => acked.lock().unwrap().push((
                                v["id"].as_str().unwrap().to_string(),
                                v["number"].as_str().unwrap().to_string(),
                            )),
                            Err(_) => break,
                        },
                        Ok((status, b)) => panic!("registration answered {status}: {b}"),
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < KILL_AFTER && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    // SIGKILL while the clients are still sending: some requests are in flight.
    let mut server = server;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= KILL_AFTER,
        "only {} registrations acknowledged before the deadline",
        acked.len()
    );
    drop(server);

    // Restart on the same database: every acknowledged case is served with its number.
    let server = serve(dir.path(), url);
    for (id, number) in &acked {
        let (status, body) = http(
            server.addr,
            "GET",
            &format!("/api/v1/cases/{id}"),
            &token,
            None,
        )
        .unwrap();
        assert_eq!(status, 200, "acknowledged case {number} lost: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["number"].as_str(), Some(number.as_str()));
    }
    let distinct: BTreeSet<&String> = acked.iter().map(|(_, n)| n).collect();
    assert_eq!(distinct.len(), acked.len(), "a number was given twice");
    drop(server);

    // Numbers per agency and year run 1..=max without a gap.
    let store = Store::open(&DatabaseUrl::parse(url).unwrap()).unwrap();
    let mut conn = store.conn().unwrap();
    let rows: Vec<(String, i32, i32)> = cases::table
        .select((cases::agency_id, cases::number_year, cases::number_seq))
        .load(&mut conn)
        .unwrap();
    let mut groups: BTreeMap<(String, i32), BTreeSet<i32>> = BTreeMap::new();
    for (agency, year, seq) in rows {
        assert!(
            groups.entry((agency, year)).or_default().insert(seq),
            "duplicate"
        );
    }
    for ((agency, year), seqs) in &groups {
        let max = *seqs.iter().max().unwrap();
        assert_eq!(
            seqs,
            &(1..=max).collect::<BTreeSet<i32>>(),
            "gap in {agency} {year}"
        );
    }
    drop(conn);
    drop(store);
    let out = run_ok(dir.path(), url, &["audit", "verify"]);
    assert!(out.starts_with("ok "), "{out}");
}

#[test]
fn crash_http_sqlite_sigkill_mid_registration_loses_nothing_acknowledged_r_app_1() {
    let db = TestDb::sqlite();
    crash_test(&db.url);
}

#[test]
fn crash_http_postgres_sigkill_mid_registration_loses_nothing_acknowledged_r_app_1() {
    let Some(db) = TestDb::postgres() else { return };
    crash_test(&db.url);
}
