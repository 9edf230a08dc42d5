//! The reports over a real database on both backends (R-REP-1, R-REV-1): the annual tables of a
//! generated data set against a count made independently in the test from the case list, a case
//! concluded on 31 December vs 1 January, year locking, and the XLSX read back with `calamine`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency, seed_cases, DEMO_AGENCY};
use disclosure_app::reports::export::{
    annual_csv, annual_xlsx, compliance_numbers, compliance_xlsx, handler_label, official_rows,
    table3_columns, COMPLIANCE_COLUMNS,
};
use disclosure_app::reports::{AnnualFigures, ReportError};
use disclosure_app::{LoadedCase, Services};
use disclosure_calendar::Calendar;
use disclosure_core::actor::Actor;
use disclosure_core::applicant::{Applicant, ApplicantKind, IdDocument};
use disclosure_core::case::{
    Application, Command, DeliveryMethod, ProvisionForm, Reply, Review, ReviewKind, ReviewResult,
};
use disclosure_core::outcome::{DisclosureBasis, Outcome};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_core::values::{IdNumber, PhoneNumber};
use disclosure_store::queries::CaseFilter;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn services(db: &TestDb) -> Services {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let s = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    ensure_demo_agency(&s, at("2024-01-02")).unwrap();
    s
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[test] fn $name() { super::$name(&disclosure_testkit::TestDb::sqlite()); })* }
        mod postgres { $(#[test] fn $name() { if let Some(db) = disclosure_testkit::TestDb::postgres() { super::$name(&db); } })* }
    };
}

on_both_backends!(
    r_time_10_calendar_import_recomputes_open_cases_once,
    r_rev_1_a_review_filed_then_decided_counts_once_in_table_four,
    r_rep_1_generated_cases_match_an_independent_count,
    r_rep_1_thirty_first_december_vs_first_january_and_a_locked_year,
    r_time_3_compliance_xlsx_holds_the_figures_of_the_report,
);

fn application(kind: ApplicantKind, received: &str) -> Application {
    let id_document = if kind.is_organisation() {
        Some(IdDocument::Other {
            kind: "统一社会信用代码".into(),
            number: "91330100MA2000001X".into(),
        })
    } else {
        IdNumber::parse("11010519491231002X")
            .ok()
            .map(IdDocument::ResidentId)
    };
    Application {
        agency_id: DEMO_AGENCY.into(),
        applicant: Applicant {
            kind,
            name: "申请人".into(),
            id_document,
            phone: PhoneNumber::parse("13900000000").ok(),
            email: None,
            address: Some("示范市人民路1号".into()),
            contact_person: None,
        },
        description: "本区2025年财政预算执行情况报告".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: d(received),
        },
        oral: false,
    }
}

struct Actors {
    clerk: Actor,
    officer: Actor,
    approver: Actor,
    legal: Actor,
}

fn actors(s: &Services) -> Actors {
    Actors {
        clerk: demo_actor(s, "clerk").unwrap(),
        officer: demo_actor(s, "officer").unwrap(),
        approver: demo_actor(s, "approver").unwrap(),
        legal: demo_actor(s, "legal").unwrap(),
    }
}

fn register(s: &Services, a: &Actors, kind: ApplicantKind, received: &str, now: &str) -> String {
    s.register(&a.clerk, application(kind, received), at(now))
        .unwrap()
        .1
        .row
        .id
}

/// Takes an open case through to a 予以公开 reply issued on `on`.
fn conclude(s: &Services, a: &Actors, id: &str, on: &str) -> LoadedCase {
    let run = |actor: &Actor, cmd: Command| {
        let v = s.load(actor, id).unwrap().row.version;
        s.execute(actor, id, v, cmd, at(on)).unwrap()
    };
    run(
        &a.approver,
        Command::Assign {
            officer_id: "u-officer".into(),
            officer_name: "钱进（承办）".into(),
        },
    );
    run(&a.officer, Command::Accept);
    run(
        &a.officer,
        Command::DraftReply {
            reply: Reply {
                outcome: Outcome::Disclosed(DisclosureBasis::Provided),
                facts: "本机关收到申请后进行了检索和审查。".into(),
                decision: "您申请获取的信息属于公开范围，现予以公开。".into(),
                disclosed_items: vec!["财政预算执行情况报告".into()],
                withheld_items: vec![],
                provision: Some(ProvisionForm::Paper),
                competent_agency: None,
                public_interest_reason: None,
                third_party_notified: false,
            },
        },
    );
    run(&a.approver, Command::ApproveReply);
    let v = s.load(&a.approver, id).unwrap().row.version;
    s.issue_reply(&a.approver, id, v, at(on)).unwrap()
}

fn review(s: &Services, a: &Actors, id: &str, review: Review, now: &str) {
    let v = s.load(&a.legal, id).unwrap().row.version;
    s.execute(&a.legal, id, v, Command::RecordReview { review }, at(now))
        .unwrap();
}

fn row(f: &AnnualFigures, label: &str) -> [u64; 7] {
    f.table3
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no row {label}"))
        .counts
}

const NEW: &str = "一、本年新收政府信息公开申请数量";
const CARRIED: &str = "二、上年结转政府信息公开申请数量";
const DISCLOSED: &str = "（一）予以公开";
const TOTAL: &str = "（七）总计";
const FORWARD: &str = "四、结转下年度继续办理";

fn column(kind: &str) -> usize {
    [
        "natural_person",
        "business",
        "research",
        "public_interest",
        "legal_service",
        "other_organisation",
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or_else(|| panic!("kind {kind}"))
}

/// Table 三 counted in the test: case by case from the case list and each case's stored record
/// (the applicant type from the registration payload, the conclusion date from the concluding
/// event's payload, the outcome from the list's projection), not through the report's query.
fn expected_table3(s: &Services, actor: &Actor, year: i32) -> HashMap<String, [u64; 7]> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    let mut out: HashMap<String, [u64; 7]> = HashMap::new();
    let mut bump = |label: &str, col: usize| {
        let r = out.entry(label.to_string()).or_default();
        r[col] += 1;
        r[6] += 1;
    };
    let items = s
        .list(
            actor,
            CaseFilter {
                limit: 500,
                ..Default::default()
            },
        )
        .unwrap();
    for item in items {
        let loaded = s.load(actor, &item.case.id).unwrap();
        let first_event: serde_json::Value =
            serde_json::from_str(&loaded.events[0].payload).unwrap();
        let col = column(
            first_event["application"]["applicant"]["kind"]
                .as_str()
                .unwrap(),
        );
        let received = item.case.receipt_date;
        let concluded: Option<NaiveDate> = loaded.events.iter().find_map(|e| {
            let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap();
            let field = match e.kind.as_str() {
                "reply_issued" => "issued_on",
                "withdrawn" | "correction_lapsed" | "fee_lapsed" => "on",
                _ => return None,
            };
            Some(d(p[field].as_str().unwrap()))
        });
        if received.year() == year {
            bump(NEW, col);
        }
        if received < first && concluded.is_none_or(|c| c >= first) {
            bump(CARRIED, col);
        }
        if received <= last && concluded.is_none_or(|c| c > last) {
            bump(FORWARD, col);
        }
        if let Some(c) = concluded.filter(|c| c.year() == year) {
            let outcome: Outcome =
                serde_json::from_str(item.case.outcome.as_deref().unwrap()).unwrap();
            let (section, sub) = outcome.report_row();
            bump(section, col);
            if !sub.is_empty() {
                bump(sub, col);
            }
            bump(TOTAL, col);
            assert!(c >= received);
        }
    }
    out
}

fn r_rep_1_generated_cases_match_an_independent_count(db: &TestDb) {
    let s = services(db);
    let a = actors(&s);
    // 90 cases received over the 400 days before 31 March 2026, in every stage and outcome.
    seed_cases(&s, 90, 20261123, d("2026-03-31"), 400).unwrap();
    for year in [2025, 2026] {
        let report = s.annual_report(DEMO_AGENCY, year).unwrap();
        let f = &report.current;
        assert!(f.identity_breaches.is_empty(), "{:?}", f.identity_breaches);
        let expected = expected_table3(&s, &a.legal, year);
        assert!(expected[NEW][6] > 10, "the data set is not trivial");
        for r in &f.table3 {
            if r.label == "三、本年度办理结果" {
                continue;
            }
            let want = expected.get(&r.label).copied().unwrap_or_default();
            assert_eq!(r.counts, want, "{year} {}", r.label);
        }
        // The identity, column by column: 一 + 二 = 三（七） + 四.
        for c in 0..7 {
            assert_eq!(
                row(f, NEW)[c] + row(f, CARRIED)[c],
                row(f, TOTAL)[c] + row(f, FORWARD)[c]
            );
        }
        xlsx_holds_the_same_numbers_and_labels(f);
    }
    let csv = annual_csv(&s.annual_report(DEMO_AGENCY, 2025).unwrap().current);
    assert!(
        csv.starts_with("表,项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\n")
    );
}

/// The XLSX read back with calamine: the official headings where the form has them, every row label,
/// and each row's seven numbers; table 四's fifteen numbers under their headings.
fn xlsx_holds_the_same_numbers_and_labels(f: &AnnualFigures) {
    let bytes = annual_xlsx(f).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["表三", "表四"]);
    let t3 = wb.worksheet_range("表三").unwrap();
    let text = |r: u32, c: u32| match t3.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({r},{c}) {other:?}"),
    };
    assert_eq!(
        text(1, 0),
        "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
    );
    assert_eq!(text(1, 3), "申请人情况");
    assert_eq!(text(2, 3), "自然人");
    assert_eq!(text(2, 4), "法人或其他组织");
    assert_eq!(text(2, 9), "总计");
    for (i, label) in table3_columns()[1..6].iter().enumerate() {
        assert_eq!(text(3, 4 + i as u32), *label);
    }
    // Every label of the table appears; each numbered row carries its seven numbers.
    let mut seen = Vec::new();
    for r in 4..t3.height() as u32 {
        for c in 0..3 {
            if let Some(Data::String(s)) = t3.get_value((r, c)) {
                seen.push(s.clone());
            }
        }
        let label = (0..3)
            .rev()
            .find_map(|c| match t3.get_value((r, c)) {
                Some(Data::String(s)) => Some(s.clone()),
                _ => None,
            })
            .unwrap();
        let want = f.table3.iter().find(|x| x.label == label).unwrap().counts;
        let got: Vec<u64> = (3..10)
            .map(|c| match t3.get_value((r, c)) {
                Some(Data::Float(n)) => *n as u64,
                other => panic!("{label} col {c}: {other:?}"),
            })
            .collect();
        assert_eq!(got, want, "{label}");
    }
    for r in &f.table3 {
        assert!(seen.contains(&r.label), "{} missing", r.label);
    }
    assert_eq!(official_rows(&f.table3).len(), t3.height() - 4);

    let t4 = wb.worksheet_range("表四").unwrap();
    let s4 = |r: u32, c: u32| match t4.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({r},{c}) {other:?}"),
    };
    assert_eq!(s4(1, 0), "行政复议");
    assert_eq!(s4(1, 5), "行政诉讼");
    assert_eq!(s4(2, 5), "未经复议直接起诉");
    assert_eq!(s4(2, 10), "复议后起诉");
    assert_eq!(s4(2, 0), "结果维持");
    assert_eq!(s4(2, 3), "尚未审结");
    assert_eq!(s4(3, 9), "总计");
    let nums: Vec<u64> = (0..15)
        .map(|c| match t4.get_value((4, c)) {
            Some(Data::Float(n)) => *n as u64,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(nums, f.table4);
}

fn r_rep_1_thirty_first_december_vs_first_january_and_a_locked_year(db: &TestDb) {
    let s = services(db);
    let a = actors(&s);
    // D: received 16 December 2024, concluded 10 January 2025 → 上年结转 of 2025 and concluded in it.
    let case_d = register(
        &s,
        &a,
        ApplicantKind::LegalService,
        "2024-12-16",
        "2024-12-16",
    );
    conclude(&s, &a, &case_d, "2025-01-10");
    // A: concluded on 31 December 2025 → counted in 2025's results, not carried forward.
    let case_a = register(
        &s,
        &a,
        ApplicantKind::NaturalPerson,
        "2025-11-03",
        "2025-11-03",
    );
    // B: concluded on 1 January 2026 → carried forward from 2025, a result of 2026.
    let case_b = register(&s, &a, ApplicantKind::Business, "2025-12-01", "2025-12-01");
    // C: still open.
    let case_c = register(&s, &a, ApplicantKind::Research, "2025-12-22", "2025-12-22");
    conclude(&s, &a, &case_a, "2025-12-31");
    conclude(&s, &a, &case_b, "2026-01-01");
    // R-REV-1: a lawsuit on D filed and decided in 2025; a 复议 on A filed 31 December 2025 and
    // decided in 2026, so still 尚未审结 at the end of 2025.
    review(
        &s,
        &a,
        &case_d,
        Review {
            kind: ReviewKind::LitigationDirect,
            filed_on: d("2025-03-03"),
            result: ReviewResult::Upheld,
            decided_on: Some(d("2025-06-02")),
        },
        "2025-06-03",
    );
    review(
        &s,
        &a,
        &case_a,
        Review {
            kind: ReviewKind::Reconsideration,
            filed_on: d("2025-12-31"),
            result: ReviewResult::Corrected,
            decided_on: Some(d("2026-01-05")),
        },
        "2026-01-06",
    );

    let r2025 = s.annual_report(DEMO_AGENCY, 2025).unwrap();
    let f = &r2025.current;
    assert_eq!(row(f, NEW), [1, 1, 1, 0, 0, 0, 3]);
    assert_eq!(row(f, CARRIED), [0, 0, 0, 0, 1, 0, 1]);
    assert_eq!(row(f, DISCLOSED), [1, 0, 0, 0, 1, 0, 2]);
    assert_eq!(row(f, TOTAL), [1, 0, 0, 0, 1, 0, 2]);
    assert_eq!(row(f, FORWARD), [0, 1, 1, 0, 0, 0, 2]);
    assert!(f.identity_breaches.is_empty());
    assert_eq!(
        f.table4,
        [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
        "复议 pending at year end; 直接起诉 upheld"
    );
    let r2026 = s.annual_report(DEMO_AGENCY, 2026).unwrap();
    assert_eq!(row(&r2026.current, CARRIED), [0, 1, 1, 0, 0, 0, 2]);
    assert_eq!(row(&r2026.current, DISCLOSED), [0, 1, 0, 0, 0, 0, 1]);
    assert_eq!(row(&r2026.current, FORWARD), [0, 0, 1, 0, 0, 0, 1]);
    assert_eq!(r2026.current.table4[0..5], [0, 0, 0, 0, 0]);

    // Locking: legal staff only, once.
    assert!(matches!(
        s.lock_annual_report(&a.approver, 2025, at("2026-01-20")),
        Err(ReportError::NotAllowed)
    ));
    let locked = s
        .lock_annual_report(&a.legal, 2025, at("2026-01-20"))
        .unwrap();
    assert_eq!(locked.figures(), f);
    assert!(!locked.mismatch());
    assert!(matches!(
        s.lock_annual_report(&a.legal, 2025, at("2026-01-21")),
        Err(ReportError::AlreadyLocked(2025))
    ));

    // A later year's events do not touch the locked year: C concludes in 2026.
    conclude(&s, &a, &case_c, "2026-01-21");
    let after = s.annual_report(DEMO_AGENCY, 2025).unwrap();
    assert_eq!(after.figures(), f);
    assert_eq!(&after.current, f);
    assert!(!after.mismatch());

    // An application received in 2025 but registered late changes the year's facts: the locked
    // figures stay as published and the mismatch is shown.
    register(
        &s,
        &a,
        ApplicantKind::NaturalPerson,
        "2025-12-30",
        "2026-01-22",
    );
    let changed = s.annual_report(DEMO_AGENCY, 2025).unwrap();
    assert_eq!(changed.figures(), f, "a locked year never changes silently");
    assert!(changed.mismatch());
    assert_eq!(row(&changed.current, NEW)[6], 4);
    let lock = changed.lock.as_ref().unwrap();
    assert_eq!(lock.locked_by_name, "李正（法制审核）");
    assert_ne!(Some(&lock.inputs_hash), changed.inputs_hash.as_ref());
}

/// The compliance XLSX read back: the headings of the page, one row per group with its numbers, and
/// the late and overdue cases listed on the second sheet.
fn r_time_3_compliance_xlsx_holds_the_figures_of_the_report(db: &TestDb) {
    let s = services(db);
    seed_cases(&s, 50, 77, d("2026-06-30"), 300).unwrap();
    let period = disclosure_core::report::compliance::Period {
        from: d("2025-09-01"),
        to: d("2026-06-30"),
    };
    let (r, _) = s
        .compliance_report(DEMO_AGENCY, period, d("2026-07-01"))
        .unwrap();
    assert!(r.total.replied() > 0);
    let bytes = compliance_xlsx("示范机关", &r).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let t = wb.worksheet_range("期限合规").unwrap();
    for (i, (_, label)) in COMPLIANCE_COLUMNS.iter().enumerate() {
        assert_eq!(
            t.get_value((1, 1 + i as u32)),
            Some(&Data::String((*label).to_string()))
        );
    }
    // The demo staff have departments: agency, then each department and its officers.
    assert!(!r.departments.is_empty());
    let mut groups = vec![("示范机关（合计）".to_string(), r.total.clone())];
    for g in r.by_department() {
        let label = match &g.department {
            Some(name) => format!("　{name}（科室合计）"),
            None => "　未设科室（合计）".to_string(),
        };
        groups.push((label, g.total.clone()));
        groups.extend(
            g.officers
                .iter()
                .map(|(h, f)| (format!("　　{}", handler_label(h)), f.clone())),
        );
    }
    // The demo officer is in 政务公开科; unassigned cases have no department.
    assert_eq!(groups[1].0, "　政务公开科（科室合计）");
    assert_eq!(groups[2].0, "　　钱进（承办）");
    assert_eq!(t.height(), 2 + groups.len());
    for (row, (name, f)) in groups.iter().enumerate() {
        let row = 2 + row as u32;
        assert_eq!(t.get_value((row, 0)), Some(&Data::String(name.clone())));
        for (c, n) in compliance_numbers(f).iter().enumerate() {
            let cell = t.get_value((row, 1 + c as u32));
            match n {
                Some(n) => assert_eq!(cell, Some(&Data::Float(*n as f64)), "{name} col {c}"),
                None => assert!(matches!(cell, None | Some(Data::Empty)), "{name} col {c}"),
            }
        }
    }
    let lists = wb.worksheet_range("逾期与超期").unwrap();
    assert_eq!(
        lists.height() - 1,
        r.total.late.len() + r.total.corrections_late.len() + r.total.overdue.len()
    );
}

/// A 2027 notice shaped like a real one (not the official text, unpublished when written).
const NOTICE_2027: &str = include_str!("../../../fixtures/calendar/2027-hypothetical.csv");

fn run(s: &Services, actor: &Actor, id: &str, cmd: Command, now: &str) -> LoadedCase {
    let v = s.load(actor, id).unwrap().row.version;
    s.execute(actor, id, v, cmd, at(now)).unwrap()
}

fn r_time_10_calendar_import_recomputes_open_cases_once(db: &TestDb) {
    use disclosure_app::reports::calendar::YearNotice;
    let s = services(db);
    let a = actors(&s);
    let before_import = s.clone();
    // Received Thursday 31 December 2026 and extended by 20 working days: on the built-in data
    // (2027 provisional: weekends and 1 January off) due 2027-02-26; with the notice (春节 5–13
    // February off, Sunday 31 January and Saturday 20 February worked) 2027-03-04. The count day by
    // day is in crates/core/tests/calendar_update.rs.
    let long = register(
        &s,
        &a,
        ApplicantKind::NaturalPerson,
        "2026-12-31",
        "2026-12-31",
    );
    run(
        &s,
        &a.approver,
        &long,
        Command::Assign {
            officer_id: "u-officer".into(),
            officer_name: "钱进（承办）".into(),
        },
        "2026-12-31",
    );
    run(&s, &a.officer, &long, Command::Accept, "2026-12-31");
    run(
        &s,
        &a.officer,
        &long,
        Command::RequestExtension {
            days: 20,
            reason: "需要调取多个部门的档案".into(),
        },
        "2027-01-19",
    );
    let long_before = run(
        &s,
        &a.approver,
        &long,
        Command::ApproveExtension,
        "2027-01-20",
    );
    assert_eq!(long_before.row.due_date, Some(d("2027-02-26")));
    assert!(long_before.row.provisional);
    // Same receipt, no extension: 29 January with or without the notice; only the flag changes.
    let short = register(&s, &a, ApplicantKind::Business, "2026-12-31", "2026-12-31");
    // Concluded, and open inside 2026: neither depends on 2027.
    let done = register(
        &s,
        &a,
        ApplicantKind::NaturalPerson,
        "2026-03-02",
        "2026-03-02",
    );
    conclude(&s, &a, &done, "2026-03-06");
    let inside = register(
        &s,
        &a,
        ApplicantKind::NaturalPerson,
        "2026-11-02",
        "2026-11-02",
    );
    let events = |id: &str| s.load(&a.legal, id).unwrap().events;
    let (done_n, inside_n, short_n) = (
        events(&done).len(),
        events(&inside).len(),
        events(&short).len(),
    );

    let other_instance = Services::new(s.store.clone(), Arc::new(Calendar::builtin().unwrap()));
    let notice = YearNotice::parse(NOTICE_2027).unwrap();
    assert_eq!(notice.year, 2027);
    assert!(matches!(
        s.import_calendar_year(&a.officer, &notice, at("2027-01-21")),
        Err(ReportError::NotAllowed)
    ));
    assert!(
        !s.calendar().is_year_loaded(2027),
        "a refusal changes nothing"
    );

    let out = s
        .import_calendar_year(&a.legal, &notice, at("2027-01-21"))
        .unwrap();
    assert!(!out.unchanged);
    let mut moved: Vec<_> = out
        .updated
        .iter()
        .map(|u| (u.id.clone(), u.previous_due, u.new_due, u.provisional))
        .collect();
    moved.sort();
    let mut expected = vec![
        (
            long.clone(),
            Some(d("2027-02-26")),
            Some(d("2027-03-04")),
            false,
        ),
        (
            short.clone(),
            Some(d("2027-01-29")),
            Some(d("2027-01-29")),
            false,
        ),
    ];
    expected.sort();
    assert_eq!(moved, expected);
    // Every clone of the services (a running server's workers) counts with 2027 now.
    assert!(s.calendar().is_year_loaded(2027));
    assert!(before_import.calendar().is_year_loaded(2027));

    let long_after = s.load(&a.legal, &long).unwrap();
    assert_eq!(long_after.row.due_date, Some(d("2027-03-04")));
    assert!(!long_after.row.provisional);
    let last = long_after.events.last().unwrap();
    assert_eq!(last.kind, "calendar_updated");
    assert_eq!(last.actor_name, "李正（法制审核）");
    let payload: serde_json::Value = serde_json::from_str(&last.payload).unwrap();
    assert_eq!(payload["previous_due"], "2027-02-26");
    assert_eq!(payload["new_due"], "2027-03-04");
    let short_after = s.load(&a.legal, &short).unwrap();
    assert_eq!(short_after.row.due_date, Some(d("2027-01-29")));
    assert!(!short_after.row.provisional);
    assert_eq!(short_after.events.len(), short_n + 1);
    assert_eq!(events(&done).len(), done_n);
    assert_eq!(events(&inside).len(), inside_n);
    assert_eq!(s.store.verify_all_chains().unwrap().first_broken, None);

    // The same notice again: nothing stored, nothing recorded.
    let long_n = events(&long).len();
    let again = s
        .import_calendar_year(&a.legal, &notice, at("2027-01-22"))
        .unwrap();
    assert!(again.unchanged);
    assert!(again.updated.is_empty());
    assert_eq!(events(&long).len(), long_n);
    assert_eq!(s.calendar_imports().unwrap().len(), 1);

    // Another instance on the same database, started before the import: its periodic refresh
    // sees the new import once and loads it without a restart.
    let mut seen = Vec::new();
    assert!(!other_instance.calendar().is_year_loaded(2027));
    assert_eq!(
        other_instance.refresh_imported_calendar(&mut seen).unwrap(),
        Some(vec![2027])
    );
    assert!(other_instance.calendar().is_year_loaded(2027));
    assert_eq!(seen, vec![(2027, 1)]);
    assert_eq!(
        other_instance.refresh_imported_calendar(&mut seen).unwrap(),
        None
    );

    // A restart: the built-in calendar, then the stored import on top of it.
    let restarted = Services::new(s.store.clone(), Arc::new(Calendar::builtin().unwrap()));
    assert!(!restarted.calendar().is_year_loaded(2027));
    assert_eq!(restarted.load_imported_calendar().unwrap(), vec![2027]);
    assert!(restarted
        .calendar()
        .is_working_day(d("2027-01-31"))
        .unwrap());
    assert!(!restarted
        .calendar()
        .is_working_day(d("2027-02-08"))
        .unwrap());
}

fn r_rev_1_a_review_filed_then_decided_counts_once_in_table_four(db: &TestDb) {
    let s = services(db);
    let a = actors(&s);
    let id = register(
        &s,
        &a,
        ApplicantKind::NaturalPerson,
        "2026-03-02",
        "2026-03-02",
    );
    conclude(&s, &a, &id, "2026-03-06");
    review(
        &s,
        &a,
        &id,
        Review {
            kind: ReviewKind::LitigationAfterReconsideration,
            filed_on: d("2026-04-10"),
            result: ReviewResult::Pending,
            decided_on: None,
        },
        "2026-04-10",
    );
    let table4 = || s.annual_report(DEMO_AGENCY, 2026).unwrap().current.table4;
    // 行政诉讼 复议后起诉 are the last five: 维持, 纠正, 其他, 尚未审结, 总计.
    assert_eq!(table4(), vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    run(
        &s,
        &a.legal,
        &id,
        Command::DecideReview {
            review_id: 0,
            result: ReviewResult::Upheld,
            decided_on: d("2026-09-15"),
        },
        "2026-09-16",
    );
    assert_eq!(table4(), vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    let last = s
        .load(&a.legal, &id)
        .unwrap()
        .events
        .last()
        .unwrap()
        .clone();
    assert_eq!(last.kind, "review_decided");
    // A second decision of the same review is refused and changes nothing.
    let v = s.load(&a.legal, &id).unwrap().row.version;
    let e = s
        .execute(
            &a.legal,
            &id,
            v,
            Command::DecideReview {
                review_id: 0,
                result: ReviewResult::Corrected,
                decided_on: d("2026-09-20"),
            },
            at("2026-09-21"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "review_already_decided");
    assert_eq!(s.load(&a.legal, &id).unwrap().row.version, v);
    assert_eq!(table4(), vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
}
