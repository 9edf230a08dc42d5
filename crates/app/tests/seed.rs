//! `disclosure seed`'s generator on both backends: every stage and outcome, gapless case numbers and
//! 字号 (R-APP-1, R-LET-1), hash chains that verify, the same data for the same seed, and seeded cases
//! that the services go on handling like any other.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use diesel::prelude::*;
use disclosure_app::seed::{seed, SeedPlan};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::Command;
use disclosure_store::schema::{case_events, cases, sequences};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

fn services(db: &TestDb) -> Services {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    Services::new(store, Arc::new(Calendar::builtin().unwrap()))
}

fn plan(cases: u64, seed_value: u64) -> SeedPlan {
    SeedPlan {
        cases,
        agencies: 2,
        seed: seed_value,
        today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        span_days: 150,
    }
}

/// Every stored case and event, ordered, for comparing two databases.
type Dump = (
    Vec<(
        String,
        String,
        i32,
        i32,
        String,
        String,
        Option<NaiveDate>,
        i32,
    )>,
    Vec<(String, i32, String, String)>,
);

fn dump(s: &Services) -> Dump {
    let mut c = s.store.conn().unwrap();
    let cs = cases::table
        .order(cases::id)
        .select((
            cases::id,
            cases::agency_id,
            cases::number_year,
            cases::number_seq,
            cases::tracking_code,
            cases::stage,
            cases::due_date,
            cases::version,
        ))
        .load(&mut c)
        .unwrap();
    let es = case_events::table
        .order((case_events::case_id, case_events::seq))
        .select((
            case_events::case_id,
            case_events::seq,
            case_events::kind,
            case_events::hash,
        ))
        .load(&mut c)
        .unwrap();
    (cs, es)
}

/// Numbers of each (agency, year) are exactly 1..=n, and the sequence row continues at n + 1.
fn assert_gapless(s: &Services) {
    let mut c = s.store.conn().unwrap();
    let rows: Vec<(String, i32, i32)> = cases::table
        .select((cases::agency_id, cases::number_year, cases::number_seq))
        .load(&mut c)
        .unwrap();
    let mut groups: BTreeMap<(String, i32), Vec<i32>> = BTreeMap::new();
    for (a, y, n) in rows {
        groups.entry((a, y)).or_default().push(n);
    }
    for ((agency, year), mut seqs) in groups {
        seqs.sort_unstable();
        let n = i32::try_from(seqs.len()).unwrap();
        assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "{agency} {year}");
        let next: i32 = sequences::table
            .filter(sequences::agency_id.eq(&agency))
            .filter(sequences::kind.eq("case"))
            .filter(sequences::year.eq(year))
            .select(sequences::next_value)
            .first(&mut c)
            .unwrap();
        assert_eq!(next, n + 1, "{agency} {year}");
    }
    // R-LET-1: one 字号 per issued reply, gapless per agency and year of issue.
    let issued: Vec<(String, String)> = case_events::table
        .inner_join(cases::table)
        .filter(case_events::kind.eq("reply_issued"))
        .select((cases::agency_id, case_events::payload))
        .load(&mut c)
        .unwrap();
    let mut docs: BTreeMap<(String, i64), BTreeSet<i64>> = BTreeMap::new();
    for (agency, payload) in issued {
        let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
        let number = &v["doc_number"];
        let year = number["year"].as_i64().unwrap();
        // The 字号's year is the year of the issue date.
        assert_eq!(
            v["issued_on"].as_str().unwrap()[..4]
                .parse::<i64>()
                .unwrap(),
            year
        );
        assert!(docs
            .entry((agency, year))
            .or_default()
            .insert(number["seq"].as_i64().unwrap()));
    }
    assert!(!docs.is_empty());
    for ((agency, year), seqs) in docs {
        let n = i64::try_from(seqs.len()).unwrap();
        assert_eq!(
            seqs,
            (1..=n).collect::<BTreeSet<_>>(),
            "字号 {agency} {year}"
        );
    }
}

fn seed_test(db_a: &TestDb, db_b: &TestDb, db_c: &TestDb) {
    let a = services(db_a);
    let report = seed(&a, &plan(800, 7), |_| {}).unwrap();
    assert_eq!(report.cases, 800);
    assert_eq!(report.by_stage.values().sum::<u64>(), 800);
    // Every stage of the workflow is present in an 800-case load over five months.
    let stages: BTreeSet<&str> = report.by_stage.keys().map(String::as_str).collect();
    for stage in [
        "registered",
        "under_review",
        "awaiting_correction",
        "handling",
        "reply_drafted",
        "reply_approved",
        "issued",
        "delivered",
        "archived",
        "withdrawn",
        "abandoned",
    ] {
        assert!(stages.contains(stage), "no case in {stage}: {stages:?}");
    }
    // Every kind of outcome of table 三.
    let kinds: BTreeSet<String> = report
        .by_outcome
        .keys()
        .map(|o| serde_json::from_str::<serde_json::Value>(o).unwrap()["kind"].to_string())
        .collect();
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    // The stored projection says the same as the generator counted.
    let mut c = a.store.conn().unwrap();
    let stored: Vec<(String, i64)> = cases::table
        .group_by(cases::stage)
        .select((cases::stage, diesel::dsl::count_star()))
        .load(&mut c)
        .unwrap();
    let stored: BTreeMap<String, u64> = stored
        .into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap()))
        .collect();
    assert_eq!(stored, report.by_stage);
    // Each case's version is its number of events, as after appending them one by one.
    let versions: BTreeMap<String, i64> = cases::table
        .select((cases::id, cases::version))
        .load::<(String, i32)>(&mut c)
        .unwrap()
        .into_iter()
        .map(|(id, v)| (id, i64::from(v)))
        .collect();
    let counts: BTreeMap<String, i64> = case_events::table
        .group_by(case_events::case_id)
        .select((case_events::case_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(&mut c)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(versions, counts);
    drop(c);
    assert_gapless(&a);
    let chain = a.store.verify_all_chains().unwrap();
    assert_eq!(chain.first_broken, None);
    assert_eq!(chain.events_checked as u64, report.events);

    // The same plan on another empty database gives the same records, hashes included.
    let b = services(db_b);
    seed(&b, &plan(800, 7), |_| {}).unwrap();
    assert_eq!(dump(&a), dump(&b));
    // Another seed gives other data.
    let c = services(db_c);
    seed(&c, &plan(800, 8), |_| {}).unwrap();
    assert_ne!(dump(&a).1, dump(&c).1);

    // Seeding again continues the numbers and 字号 where they stand.
    let more = seed(&a, &plan(150, 9), |_| {}).unwrap();
    assert_eq!(more.cases, 150);
    assert_gapless(&a);
    assert_eq!(a.store.verify_all_chains().unwrap().first_broken, None);

    // A seeded case is an ordinary case: the services load it and go on (R-FLOW-1 roles apply).
    let mut conn = a.store.conn().unwrap();
    let (id, version, assignee): (String, i32, Option<String>) = cases::table
        .filter(cases::stage.eq("under_review"))
        .filter(cases::agency_id.eq("demo"))
        .select((cases::id, cases::version, cases::assignee_id))
        .first(&mut conn)
        .unwrap();
    drop(conn);
    let officer = Actor::Staff {
        user_id: assignee.unwrap(),
        name: "承办".into(),
        role: Role::Officer,
        agency_id: "demo".into(),
    };
    let now = NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(16, 30, 0)
        .unwrap();
    let accepted = a
        .execute(&officer, &id, version, Command::Accept, now)
        .unwrap();
    assert_eq!(accepted.row.stage, "handling");
    assert_eq!(accepted.row.version, version + 1);
    assert_eq!(a.store.verify_case_chain(&id).unwrap().first_broken, None);
}

#[test]
fn seed_sqlite_every_stage_gapless_numbers_verified_chains_reproducible_r_app_1_r_let_1() {
    seed_test(&TestDb::sqlite(), &TestDb::sqlite(), &TestDb::sqlite());
}

#[test]
fn seed_postgres_every_stage_gapless_numbers_verified_chains_reproducible_r_app_1_r_let_1() {
    let (Some(a), Some(b), Some(c)) = (TestDb::postgres(), TestDb::postgres(), TestDb::postgres())
    else {
        return;
    };
    seed_test(&a, &b, &c);
}
