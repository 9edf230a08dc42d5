//! Two `disclosure serve` processes on one throw-away PostgreSQL database, the load spread across
//! both: registrations get distinct, gapless numbers (R-APP-1); two commands racing on the same
//! case version never both land — one is answered 409 `stale_case_version`, nothing is silently
//! overwritten; each applicant mail and each daily 督办 digest reaches the SMTP server once, whichever
//! instance's worker claims it; and the audit log verifies.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod scale_support;
#[path = "../crates/mail/tests/support/mod.rs"]
mod smtp_sink;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::time::Duration;

use disclosure_testkit::TestDb;
use scale_support::{http, registration, run_ok, seed, serve_with, token};
use serde_json::{json, Value};

/// Registrations per client thread, and client threads (each alternates between the instances).
const PER_CLIENT: usize = 12;
const CLIENTS: usize = 4;

fn post(addr: SocketAddr, path: &str, token: &str, body: &Value) -> (u16, Value) {
    let (status, b) = http(addr, "POST", path, token, Some(body)).unwrap();
    (status, serde_json::from_str(&b).unwrap_or(Value::Null))
}

#[test]
fn multi_instance_postgres_no_duplicate_numbers_no_lost_updates_each_mail_once_r_app_1() {
    if !smtp_sink::sink_available() {
        return;
    }
    let Some(db) = TestDb::postgres() else { return };
    let url = db.url.as_str();
    let dir = tempfile::tempdir().unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let sink = smtp_sink::Sink::start(inbox.path(), 0);
    // Forty seeded cases: some are overdue, so legal's daily digest has something to say.
    seed(dir.path(), url, 40);
    run_ok(
        dir.path(),
        url,
        &["staff-email", "legal", "lizheng@example.gov.cn"],
    );
    let (clerk, officer, approver) = (
        token(dir.path(), url, "clerk"),
        token(dir.path(), url, "officer"),
        token(dir.path(), url, "approver"),
    );
    let env = [
        ("DISCLOSURE_MAIL__TRANSPORT", "smtp".to_string()),
        ("DISCLOSURE_MAIL__HOST", "127.0.0.1".to_string()),
        ("DISCLOSURE_MAIL__PORT", sink.port.to_string()),
        ("DISCLOSURE_MAIL__TLS", "none".to_string()),
        (
            "DISCLOSURE_MAIL__FROM",
            "示范区政府办公室 <gkb@example.gov.cn>".to_string(),
        ),
        ("DISCLOSURE_MAIL__REMINDER_TIME", "00:00".to_string()),
    ];
    // Started one after the other: the first writes the shared session key.
    let a = serve_with(dir.path(), url, &env);
    let b = serve_with(dir.path(), url, &env);
    let addrs = [a.addr, b.addr];

    // 1. Registrations from several clients, alternating between the instances.
    let threads: Vec<_> = (0..CLIENTS)
        .map(|k| {
            let clerk = clerk.clone();
            std::thread::spawn(move || {
                (0..PER_CLIENT)
                    .map(|i| {
                        let mut body = registration(&format!("申请人{k}-{i}"));
                        body["delivery"] = json!("email");
                        body["email"] = json!(format!("a{k}-{i}@example.cn"));
                        let (s, v) = post(addrs[(k + i) % 2], "/api/v1/cases", &clerk, &body);
                        assert_eq!(s, 201, "{v}");
                        (
                            v["id"].as_str().unwrap().to_string(),
                            v["number"].as_str().unwrap().to_string(),
                            format!("a{k}-{i}@example.cn"),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let registered: Vec<(String, String, String)> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(registered.len(), CLIENTS * PER_CLIENT);
    // Distinct numbers, and this year's run of them (these are its only registrations) is gapless.
    let numbers: BTreeSet<&str> = registered.iter().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(numbers.len(), registered.len(), "a number was given twice");
    let mut by_year: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for n in &numbers {
        let (y, s) = n.split_once('-').unwrap();
        by_year.entry(y).or_default().push(s.parse().unwrap());
    }
    assert_eq!(by_year.len(), 1, "{by_year:?}");
    let seqs = by_year.into_values().next().unwrap();
    let (min, max) = (seqs[0], *seqs.last().unwrap());
    assert_eq!(
        u32::try_from(seqs.len()).unwrap(),
        max - min + 1,
        "gap in {seqs:?}"
    );

    // 2. Assign each case through one instance, then race two officers' commands on the same
    // version, one per instance: exactly one lands, the other is 409, nothing is overwritten.
    let mut corrections = BTreeSet::new();
    for (i, (id, _, email)) in registered.iter().enumerate() {
        let (s, v) = post(
            addrs[i % 2],
            &format!("/api/v1/cases/{id}/actions/assign"),
            &approver,
            &json!({"version": 1, "officer": "u-officer|钱进（承办）"}),
        );
        assert_eq!(s, 200, "{v}");
        let version = v["version"].as_i64().unwrap();
        let racers = [
            (
                addrs[i % 2],
                "accept",
                json!({"version": version}),
                "handling",
            ),
            (
                addrs[(i + 1) % 2],
                "request_correction",
                json!({
                    "version": version,
                    "items": ["请明确所需信息的名称、文号"],
                    "reply_by": "2027-01-15",
                }),
                "awaiting_correction",
            ),
        ];
        let results: Vec<(u16, Value, &str)> = std::thread::scope(|s| {
            let hs: Vec<_> = racers
                .iter()
                .map(|(addr, action, body, stage)| {
                    let officer = officer.clone();
                    s.spawn(move || {
                        let (st, v) = post(
                            *addr,
                            &format!("/api/v1/cases/{id}/actions/{action}"),
                            &officer,
                            body,
                        );
                        (st, v, *stage)
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won: Vec<_> = results.iter().filter(|(s, _, _)| *s == 200).collect();
        let lost: Vec<_> = results.iter().filter(|(s, _, _)| *s == 409).collect();
        assert_eq!((won.len(), lost.len()), (1, 1), "{results:?}");
        assert_eq!(lost[0].1["error"]["code"], "stale_case_version");
        let winner_stage = won[0].2;
        if winner_stage == "awaiting_correction" {
            corrections.insert(email.clone());
        }
        // What either instance now reads is the winner's state, one version on.
        let (s, body) = http(
            addrs[(i + 1) % 2],
            "GET",
            &format!("/api/v1/cases/{id}"),
            &officer,
            None,
        )
        .unwrap();
        assert_eq!(s, 200);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["stage"], winner_stage);
        assert_eq!(v["version"].as_i64(), Some(version + 1));
        assert_eq!(v["events"].as_array().unwrap().len() as i64, version + 1);
    }

    // 3. Mail: each 补正 notice once to its applicant, and legal's digest once, whichever worker
    // claimed it. The workers poll every few seconds: wait (bounded) for all, then a little more
    // to see that nothing comes twice.
    let expected = corrections.len() + 1;
    smtp_sink::wait_for(inbox.path(), expected, Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(7));
    let got = smtp_sink::read_received(inbox.path());
    let mut per_recipient: BTreeMap<String, usize> = BTreeMap::new();
    for m in &got {
        for to in &m.envelope_to {
            *per_recipient.entry(to.clone()).or_default() += 1;
        }
    }
    assert_eq!(per_recipient.remove("lizheng@example.gov.cn"), Some(1));
    let expected_applicants: BTreeMap<String, usize> =
        corrections.iter().map(|e| (e.clone(), 1)).collect();
    assert_eq!(per_recipient, expected_applicants);
    assert_eq!(got.len(), expected);

    drop(a);
    drop(b);
    let out = run_ok(dir.path(), url, &["audit", "verify"]);
    assert!(out.starts_with("ok "), "{out}");
}
