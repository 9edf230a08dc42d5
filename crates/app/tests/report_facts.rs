//! The annual report's projection (`report_facts`, R-REP-1) on both backends: the tables and the
//! locked-year hash read from it equal those folded from every event, for bulk-seeded cases and for
//! cases handled through the services (with a review, R-REV-1); a database that held cases before
//! the projection existed is read by folding until `rebuild_report_facts` has filled it; a damaged
//! row is repaired by the rebuild. And `audit verify` walking the chains page by page gives the same
//! verdict as checking every event at once.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_query;
use disclosure_app::demo::{demo_actor, ensure_demo_agency, seed_cases, DEMO_AGENCY};
use disclosure_app::reports::{annual_figures, inputs_hash, AnnualFigures, YearInputs};
use disclosure_app::seed::{seed, SeedPlan};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::case::{Command, Review, ReviewKind, ReviewResult};
use disclosure_store::cases::all_events;
use disclosure_store::report_facts::{rebuild_pending, year_facts};
use disclosure_store::schema::{case_events, cases, report_facts};
use disclosure_store::{directory, verify_events, DatabaseUrl, Store};
use disclosure_testkit::TestDb;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn services(db: &TestDb) -> Services {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults())
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(
    r_rep_1_bulk_seeded_facts_give_the_tables_of_the_folded_record,
    r_rep_1_a_database_from_before_the_projection_folds_until_rebuilt,
    audit_verify_in_pages_finds_the_same_broken_link_as_all_at_once,
);

/// The figures and hash computed the old way: every case of the agency folded from its events.
fn folded(s: &Services, year: i32) -> (AnnualFigures, String) {
    let agency = s.store.read(|c| directory::agency(c, DEMO_AGENCY)).unwrap();
    let inputs = YearInputs::from_folded(&s.folded_cases(DEMO_AGENCY).unwrap());
    (
        annual_figures(&agency, year, &inputs),
        inputs_hash(year, &inputs),
    )
}

fn r_rep_1_bulk_seeded_facts_give_the_tables_of_the_folded_record(db: &TestDb) {
    let s = services(db);
    // 600 cases received over the 800 days before 20 November 2026: three report years with cases
    // carried over each new year, concluded in every way, and some still open.
    seed(
        &s,
        &SeedPlan {
            cases: 600,
            agencies: 1,
            seed: 7,
            today: d("2026-11-20"),
            span_days: 800,
        },
        |_| {},
    )
    .unwrap();
    let mut c = s.store.conn().unwrap();
    let facts: i64 = report_facts::table.count().get_result(&mut c).unwrap();
    assert_eq!(facts, 600, "one row per seeded case");
    assert!(!rebuild_pending(&mut c).unwrap());
    drop(c);
    for year in 2024..=2026 {
        let report = s.annual_report(DEMO_AGENCY, year).unwrap();
        let (figures, hash) = folded(&s, year);
        assert_eq!(report.current, figures, "tables of {year}");
        // An open year is counted in the database (grouped), and hashed only on request.
        assert_eq!(report.inputs_hash, None, "{year} is not locked");
        assert_eq!(
            s.annual_inputs_hash(DEMO_AGENCY, year).unwrap(),
            hash,
            "hash of {year}"
        );
        let received = &report.current.table3[0].counts;
        assert!(received[6] > 0, "{year} has cases");
    }
    // 2025 and 2026 both have cases carried over from the year before.
    let carried = |y: i32| s.annual_report(DEMO_AGENCY, y).unwrap().current.table3[1].counts[6];
    assert!(carried(2025) > 0 && carried(2026) > 0);

    // Two damaged rows concluding before their receipt (one of 2025, one of 2024) are identity
    // breaches, named by number in every year's report; counted in the database they give what
    // reading each row gives, breaches in number order included.
    let mut c = s.store.conn().unwrap();
    let mut damaged = Vec::new();
    // The seeded receipts run from September 2024 (800 days before 20 November 2026).
    for (from, to) in [("2025-03-01", "2025-09-01"), ("2024-10-01", "2024-12-15")] {
        let (id, number_year, number_seq, received): (String, i32, i32, NaiveDate) =
            report_facts::table
                .filter(report_facts::received_on.between(d(from), d(to)))
                .filter(report_facts::concluded_on.is_not_null())
                .order((report_facts::number_year, report_facts::number_seq))
                .select((
                    report_facts::case_id,
                    report_facts::number_year,
                    report_facts::number_seq,
                    report_facts::received_on,
                ))
                .first(&mut c)
                .unwrap();
        diesel::update(report_facts::table.find(&id))
            .set(report_facts::concluded_on.eq(received - chrono::Days::new(40)))
            .execute(&mut c)
            .unwrap();
        damaged.push(format!("{number_year}-{number_seq:04}"));
    }
    damaged.sort();
    let agency = directory::agency(&mut c, DEMO_AGENCY).unwrap();
    for year in 2024..=2026 {
        let (first, last) = (d(&format!("{year}-01-01")), d(&format!("{year}-12-31")));
        let per_row = annual_figures(
            &agency,
            year,
            &YearInputs::from_facts(year_facts(&mut c, DEMO_AGENCY, first, last).unwrap()).unwrap(),
        );
        let counted = s.annual_report(DEMO_AGENCY, year).unwrap().current;
        assert_eq!(
            counted.identity_breaches, damaged,
            "breaches named in {year}"
        );
        assert_eq!(counted, per_row, "tables of {year}");
    }
}

fn r_rep_1_a_database_from_before_the_projection_folds_until_rebuilt(db: &TestDb) {
    let s = services(db);
    ensure_demo_agency(&s, at("2024-01-02")).unwrap();
    // 30 cases over the 400 days before 31 March 2026, through the services.
    seed_cases(&s, 30, 20261123, d("2026-03-31"), 400).unwrap();
    let legal = demo_actor(&s, "legal").unwrap();
    // A review, filed in 2025 and not decided, of the first case concluded before it (table 四,
    // R-REV-1).
    let first_id: String = {
        let mut c = s.store.conn().unwrap();
        report_facts::table
            .filter(report_facts::concluded_on.lt(d("2025-06-01")))
            .filter(report_facts::outcome.is_not_null())
            .order((report_facts::number_year, report_facts::number_seq))
            .select(report_facts::case_id)
            .first(&mut c)
            .unwrap()
    };
    let v = s.load(&legal, &first_id).unwrap().row.version;
    s.execute(
        &legal,
        &first_id,
        v,
        Command::RecordReview {
            review: Review {
                kind: ReviewKind::Reconsideration,
                filed_on: d("2025-06-02"),
                result: ReviewResult::Pending,
                decided_on: None,
            },
        },
        at("2025-06-03"),
    )
    .unwrap();
    let locked = s
        .lock_annual_report(&legal, 2025, at("2026-01-20"))
        .unwrap();
    assert!(!locked.mismatch());
    assert_eq!(locked.current.table4[0..5], [0, 0, 0, 1, 1]);
    let before = s.annual_report(DEMO_AGENCY, 2026).unwrap();

    // The database as it was before the projection: the table and its migration undone.
    {
        let mut c = s.store.conn().unwrap();
        for q in [
            "DROP TABLE projection_rebuilds",
            "DROP TABLE report_facts",
            "DELETE FROM __diesel_schema_migrations WHERE version = '20261123172200'",
        ] {
            sql_query(q).execute(&mut c).unwrap();
        }
    }
    // Opening it applies the migration again: the table is there, empty, and marked for a rebuild.
    let s = services(db);
    {
        let mut c = s.store.conn().unwrap();
        assert!(rebuild_pending(&mut c).unwrap());
        let facts: i64 = report_facts::table.count().get_result(&mut c).unwrap();
        assert_eq!(facts, 0);
    }
    // Meanwhile the report folds the events: same figures, no mismatch with the lock.
    let during = s.annual_report(DEMO_AGENCY, 2025).unwrap();
    assert_eq!(during.current, locked.current);
    assert!(!during.mismatch());
    assert_eq!(
        s.annual_report(DEMO_AGENCY, 2026).unwrap().current,
        before.current
    );

    let mut pages = Vec::new();
    let n = s
        .rebuild_report_facts(at("2026-04-01"), |done| pages.push(done))
        .unwrap();
    assert_eq!(n, 30);
    assert_eq!(pages.last(), Some(&30));
    {
        let mut c = s.store.conn().unwrap();
        assert!(!rebuild_pending(&mut c).unwrap());
        let facts: i64 = report_facts::table.count().get_result(&mut c).unwrap();
        assert_eq!(facts, 30);
    }
    let after = s.annual_report(DEMO_AGENCY, 2025).unwrap();
    assert_eq!(after.current, locked.current);
    assert_eq!(after.inputs_hash, locked.inputs_hash);
    assert!(!after.mismatch());
    assert_eq!(
        s.annual_report(DEMO_AGENCY, 2026).unwrap().current,
        before.current
    );

    // A damaged row (the review and the outcome lost) is what a rebuild repairs.
    {
        let mut c = s.store.conn().unwrap();
        diesel::update(report_facts::table.find(&first_id))
            .set((
                report_facts::reviews.eq(None::<String>),
                report_facts::outcome.eq(None::<String>),
            ))
            .execute(&mut c)
            .unwrap();
    }
    assert!(s.annual_report(DEMO_AGENCY, 2025).unwrap().mismatch());
    s.rebuild_report_facts(at("2026-04-01"), |_| {}).unwrap();
    let repaired = s.annual_report(DEMO_AGENCY, 2025).unwrap();
    assert!(!repaired.mismatch());
    assert_eq!(repaired.current, locked.current);
}

fn audit_verify_in_pages_finds_the_same_broken_link_as_all_at_once(db: &TestDb) {
    let s = services(db);
    seed(
        &s,
        &SeedPlan {
            cases: 40,
            agencies: 2,
            seed: 3,
            today: d("2026-11-20"),
            span_days: 120,
        },
        |_| {},
    )
    .unwrap();
    let mut c = s.store.conn().unwrap();
    let total: i64 = case_events::table.count().get_result(&mut c).unwrap();
    for page in [1, 3, 7, 2000] {
        let r = s.store.verify_all_chains_paged(page).unwrap();
        assert_eq!(r.first_broken, None, "page {page}");
        assert_eq!(r.events_checked as i64, total, "page {page}");
    }
    // Alter the second event of the 23rd case in id order (a middle page with pages of 3).
    let ids: Vec<String> = cases::table
        .order(cases::id)
        .select(cases::id)
        .load(&mut c)
        .unwrap();
    let victim = &ids[22];
    diesel::update(
        case_events::table
            .filter(case_events::case_id.eq(victim))
            .filter(case_events::seq.eq(2)),
    )
    .set(case_events::actor_name.eq("篡改者"))
    .execute(&mut c)
    .unwrap();
    // Events before it in (case, seq) order: all of the 22 cases before, and its first.
    let before: i64 = case_events::table
        .filter(case_events::case_id.lt(victim))
        .count()
        .get_result(&mut c)
        .unwrap();
    let whole = verify_events(&all_events(&mut c).unwrap());
    for page in [1, 3, 7, 2000] {
        let r = s.store.verify_all_chains_paged(page).unwrap();
        let broken = r.first_broken.as_ref().expect("broken");
        assert_eq!((&broken.case_id, broken.seq), (victim, 2), "page {page}");
        assert_eq!(r.events_checked as i64, before + 1, "page {page}");
        assert_eq!(r, whole, "page {page}");
    }
}
