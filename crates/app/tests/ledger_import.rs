//! Moving in and out (issue #10): a 20-row ledger written as a real XLSX with 3 broken rows; the dry
//! run names the 3 by row number; the import writes 17 cases and the annual report (R-REP-1) counts
//! them in the right columns and rows — figures worked out by hand below; an export imported into
//! an empty database (PostgreSQL when available) gives the same tables.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use disclosure_app::demo::ensure_demo_agency;
use disclosure_app::export::{write_csv, ExportOptions};
use disclosure_app::ledger_import::{
    check_duplicates, check_with_domain, plan, read_ledger, ImportError, LedgerColumns, RowProblem,
};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::case::{Case, Event};
use disclosure_core::report::annual::{table3, ReportCase, Table3};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn services(db: &TestDb) -> Services {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    Services::new(store, Arc::new(Calendar::builtin().unwrap()))
}

/// A ledger cell: a real Excel date, or text as typed.
enum C {
    Date(u16, u8, u8),
    T(&'static str),
    None,
}

/// The 20 data rows (spreadsheet rows 3–22, under a title row and the header row):
/// 收到日期, 申请人, 申请人类型, 申请内容, 答复日期, 答复类型, 承办人, 备注.
fn rows() -> Vec<[C; 8]> {
    use C::{Date as D, None as N, T};
    vec![
        /* 3 */
        [
            D(2025, 1, 6),
            T("张一"),
            T("自然人"),
            T("2024年财政预算"),
            D(2025, 1, 20),
            T("予以公开"),
            T("王五"),
            N,
        ],
        /* 4 */
        [
            T("2025/1/8"),
            T("甲公司"),
            T("法人或其他组织：商业企业"),
            T("土地出让合同"),
            T("2025/2/10"),
            T("部分公开"),
            T("王五"),
            N,
        ],
        /* 5 */
        [
            D(2025, 2, 11),
            T("张二"),
            T("自然人"),
            T("拆迁补偿名单"),
            D(2025, 3, 3),
            T("不予公开-保护第三方合法权益"),
            T("王五"),
            N,
        ],
        /* 6 */
        [
            T("2025年3月4日"),
            T("某研究院"),
            T("科研机构"),
            T("水质监测原始数据"),
            T("2025年3月20日"),
            T("无法提供-本机关不掌握相关政府信息"),
            T("赵六"),
            N,
        ],
        /* 7 broken: no such date */
        [
            T("2025-02-30"),
            T("张三"),
            T("自然人"),
            T("道路规划"),
            N,
            N,
            N,
            N,
        ],
        /* 8 */
        [
            D(2025, 4, 7),
            T("张四"),
            T("自然人"),
            T("道路规划"),
            D(2025, 4, 25),
            T("不予处理-重复申请"),
            T("赵六"),
            T("与2025-01号相同"),
        ],
        /* 9 */
        [
            D(2025, 5, 6),
            T("某律师事务所"),
            T("法律服务机构"),
            T("行政处罚决定书"),
            D(2025, 5, 20),
            T("予以公开"),
            T("赵六"),
            N,
        ],
        /* 10 */
        [
            D(2025, 6, 3),
            T("某环保协会"),
            T("社会公益组织"),
            T("涉密项目清单"),
            D(2025, 6, 24),
            T("不予公开：属于国家秘密"),
            T("王五"),
            N,
        ],
        /* 11 */
        [
            D(2025, 7, 1),
            T("张五"),
            T("自然人"),
            T("公交线路调整"),
            D(2025, 7, 15),
            T("予以公开"),
            T("王五"),
            N,
        ],
        /* 12 broken: unknown applicant kind */
        [
            D(2025, 7, 14),
            T("外星人甲"),
            T("外星人"),
            T("着陆许可"),
            N,
            N,
            N,
            N,
        ],
        /* 13 */
        [
            D(2025, 8, 4),
            T("某村委会"),
            T("其他"),
            T("村道硬化资金"),
            D(2025, 8, 26),
            T("其他处理-其他"),
            T("赵六"),
            T("申请人来电撤回"),
        ],
        /* 14 */
        [
            D(2025, 9, 1),
            T("张六"),
            T("自然人"),
            T("各街道人口统计汇总"),
            D(2025, 9, 19),
            T("无法提供-没有现成信息需要另行制作"),
            T("赵六"),
            N,
        ],
        /* 15 */
        [
            D(2025, 10, 9),
            T("乙公司"),
            T("商业企业"),
            T("招标文件"),
            D(2025, 10, 30),
            T("予以公开"),
            T("王五"),
            N,
        ],
        /* 16 */
        [
            D(2025, 11, 3),
            T("张七"),
            T("自然人"),
            T("征收决定"),
            D(2025, 11, 24),
            T("部分公开"),
            T("王五"),
            N,
        ],
        /* 17 */
        [
            D(2025, 12, 1),
            T("张八"),
            T("自然人"),
            T("学区划分"),
            D(2025, 12, 19),
            T("予以公开"),
            T("赵六"),
            N,
        ],
        /* 18 broken: a reply kind without its date */
        [
            D(2025, 12, 8),
            T("张九"),
            T("自然人"),
            T("停车收费标准"),
            N,
            T("予以公开"),
            T("赵六"),
            N,
        ],
        /* 19 */
        [
            D(2025, 12, 22),
            T("张十"),
            T("自然人"),
            T("供暖补贴"),
            D(2026, 1, 12),
            T("予以公开"),
            T("王五"),
            N,
        ],
        /* 20 */
        [
            D(2025, 12, 29),
            T("丙公司"),
            T("商业企业"),
            T("环评批复"),
            N,
            N,
            T("王五"),
            T("办理中"),
        ],
        /* 21 */
        [
            D(2024, 12, 16),
            T("李一"),
            T("自然人"),
            T("投诉处理结果"),
            D(2025, 1, 7),
            T("不予处理-信访举报投诉类申请"),
            T("赵六"),
            N,
        ],
        /* 22 */
        [
            T("2025-03-17"),
            T("李二"),
            T("自然人"),
            T("停车场建设"),
            T("2025-04-02"),
            T("予以公开"),
            T("王五"),
            N,
        ],
    ]
}

fn write_ledger(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2025年台账").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "某某区人民政府办公室2025年依申请公开台账")
        .unwrap();
    let header = [
        "收到日期",
        "申请人",
        "申请人类型",
        "申请内容",
        "答复日期",
        "答复类型",
        "承办人",
        "备注",
    ];
    for (col, h) in header.iter().enumerate() {
        ws.write_string(1, col as u16, *h).unwrap();
    }
    for (i, row) in rows().iter().enumerate() {
        let r = 2 + i as u32;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                C::Date(y, m, d) => {
                    ws.write_datetime_with_format(
                        r,
                        col,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .unwrap();
                }
                C::T(t) => {
                    ws.write_string(r, col, *t).unwrap();
                }
                C::None => {}
            }
        }
    }
    wb.save(path).unwrap();
}

/// Table 三 of `year` from every case in the database, folded from its events.
fn report(services: &Services, year: i32) -> Table3 {
    let export = services.export(&ExportOptions::default(), now()).unwrap();
    let cases: Vec<ReportCase> = export
        .cases
        .iter()
        .map(|c| {
            let events: Vec<Event> = c
                .events
                .iter()
                .map(|e| serde_json::from_value(e.payload.clone()).unwrap())
                .collect();
            ReportCase::from_case(&c.number, &Case::from_events(&events)).unwrap()
        })
        .collect();
    table3(year, &cases)
}

fn counts(t: &Table3, label: &str) -> [u64; 7] {
    t.rows
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no row {label}"))
        .counts
}

#[test]
fn r_rep_1_a_ledger_with_three_broken_rows_imports_seventeen_cases_counted_in_the_annual_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账2025.xlsx");
    write_ledger(&path);

    let db = TestDb::sqlite();
    let s = services(&db);
    ensure_demo_agency(&s, now()).unwrap();
    let agency = s
        .store
        .read(disclosure_store::directory::list_agencies)
        .unwrap()
        .remove(0)
        .id;

    // Dry run: the three broken rows by their spreadsheet row numbers, with the reason.
    let sheet = read_ledger(&path, None).unwrap();
    assert_eq!(sheet.name, "2025年台账");
    let mut p = plan(
        &sheet,
        &LedgerColumns::default(),
        &agency,
        "台账2025.xlsx",
        now().date(),
    )
    .unwrap();
    check_with_domain(&mut p, &s, now());
    let broken: Vec<(u32, RowProblem)> = p
        .errors
        .iter()
        .map(|e| (e.row, e.problem.clone()))
        .collect();
    assert_eq!(
        broken,
        vec![
            (
                7,
                RowProblem::BadDate {
                    column: "收到日期",
                    value: "2025-02-30".into()
                }
            ),
            (12, RowProblem::UnknownApplicantKind("外星人".into())),
            (18, RowProblem::ReplyKindWithoutDate),
        ]
    );
    assert!(p.errors[0]
        .problem
        .reason_zh()
        .contains("收到日期「2025-02-30」不是日期"));
    assert_eq!(p.cases.len(), 17);
    let before = report(&s, 2025);
    assert_eq!(
        counts(&before, "一、本年新收政府信息公开申请数量")[6],
        0,
        "the dry run wrote nothing"
    );

    // The real run: 17 cases in one transaction, numbered in their receipt year.
    let imported = s.import_ledger(&p, now()).unwrap();
    assert_eq!(imported.cases.len(), 17);
    assert_eq!(imported.cases[0], (3, "2025-1".to_string()));
    assert!(imported.cases.contains(&(21, "2024-1".to_string())));

    // Table 三 for 2025, worked out by hand from the rows above. Columns: 自然人, 商业企业, 科研机构,
    // 社会公益组织, 法律服务机构, 其他, 总计.
    let t = report(&s, 2025);
    assert!(t.identity_breaches.is_empty(), "{:?}", t.identity_breaches);
    // Received in 2025: rows 3,5,8,11,14,16,17,19,22 (自然人), 4,15,20 (商业), 6, 10, 9, 13.
    assert_eq!(
        counts(&t, "一、本年新收政府信息公开申请数量"),
        [9, 3, 1, 1, 1, 1, 16]
    );
    // Row 21, received 2024-12-16 and answered 2025-01-07.
    assert_eq!(
        counts(&t, "二、上年结转政府信息公开申请数量"),
        [1, 0, 0, 0, 0, 0, 1]
    );
    // 予以公开: rows 3, 11, 17, 22 (自然人), 15 (商业), 9 (法律); row 19 was answered in 2026.
    assert_eq!(counts(&t, "（一）予以公开"), [4, 1, 0, 0, 1, 0, 6]);
    assert_eq!(
        counts(
            &t,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        ),
        [1, 1, 0, 0, 0, 0, 2]
    );
    assert_eq!(counts(&t, "（三）不予公开"), [1, 0, 0, 1, 0, 0, 2]);
    assert_eq!(counts(&t, "1.属于国家秘密"), [0, 0, 0, 1, 0, 0, 1]);
    assert_eq!(counts(&t, "4.保护第三方合法权益"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(counts(&t, "（四）无法提供"), [1, 0, 1, 0, 0, 0, 2]);
    assert_eq!(
        counts(&t, "1.本机关不掌握相关政府信息"),
        [0, 0, 1, 0, 0, 0, 1]
    );
    assert_eq!(
        counts(&t, "2.没有现成信息需要另行制作"),
        [1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(counts(&t, "（五）不予处理"), [2, 0, 0, 0, 0, 0, 2]);
    assert_eq!(counts(&t, "1.信访举报投诉类申请"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(counts(&t, "2.重复申请"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(counts(&t, "（六）其他处理"), [0, 0, 0, 0, 0, 1, 1]);
    assert_eq!(counts(&t, "3.其他"), [0, 0, 0, 0, 0, 1, 1]);
    assert_eq!(counts(&t, "（七）总计"), [9, 2, 1, 1, 1, 1, 15]);
    // Carried into 2026: row 19 (answered 2026-01-12) and row 20 (no answer in the ledger).
    assert_eq!(counts(&t, "四、结转下年度继续办理"), [1, 1, 0, 0, 0, 0, 2]);

    // The record says where each case came from.
    let export = s.export(&ExportOptions::default(), now()).unwrap();
    let row_8 = export
        .cases
        .iter()
        .find(|c| c.applicant.as_ref().is_some_and(|a| a.name == "张四"))
        .unwrap();
    assert_eq!(row_8.stage, "archived");
    assert_eq!(row_8.events.len(), 2);
    assert_eq!(row_8.events[1].kind, "imported");
    assert_eq!(row_8.events[1].payload["source"], "台账2025.xlsx 第8行");
    assert_eq!(row_8.events[1].payload["note"], "与2025-01号相同");
    assert_eq!(row_8.events[1].actor_name, "台账导入");
    let row_20 = export
        .cases
        .iter()
        .find(|c| c.applicant.as_ref().is_some_and(|a| a.name == "丙公司"))
        .unwrap();
    assert_eq!(
        row_20.stage, "registered",
        "no reply in the ledger: still open"
    );
    assert!(s.store.verify_all_chains().unwrap().first_broken.is_none());

    // Export → import into an empty database (PostgreSQL when installed): the same tables.
    let json = serde_json::to_string(&export).unwrap();
    let target_db = TestDb::postgres().unwrap_or_else(TestDb::sqlite);
    let target = services(&target_db);
    let restored = target
        .restore(&serde_json::from_str(&json).unwrap(), None)
        .unwrap();
    assert_eq!(restored, 17);
    for year in [2024, 2025, 2026] {
        assert_eq!(
            report(&target, year),
            report(&s, year),
            "table 三 of {year}"
        );
    }
    assert!(target
        .store
        .verify_all_chains()
        .unwrap()
        .first_broken
        .is_none());
    // A second import into the now non-empty database is refused, and writes nothing.
    let again = target.restore(&serde_json::from_str(&json).unwrap(), None);
    assert!(again.is_err());
    assert_eq!(
        target
            .export(&ExportOptions::default(), now())
            .unwrap()
            .cases
            .len(),
        17
    );

    // CSV: one line per event (17 cases × 2 events) under the header.
    let mut csv = Vec::new();
    write_csv(&export, &mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().count(), 1 + 34);
    assert!(text.starts_with("\u{feff}case_number,agency_id,receipt_date"));
}

#[test]
fn nothing_is_half_imported_when_a_row_fails_in_the_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.xlsx");
    write_ledger(&path);
    let db = TestDb::sqlite();
    let s = services(&db);
    ensure_demo_agency(&s, now()).unwrap();
    let agency = s
        .store
        .read(disclosure_store::directory::list_agencies)
        .unwrap()
        .remove(0)
        .id;
    let sheet = read_ledger(&path, None).unwrap();
    let mut p = plan(
        &sheet,
        &LedgerColumns::default(),
        &agency,
        "ledger.xlsx",
        now().date(),
    )
    .unwrap();
    // The last planned case belongs to an agency that does not exist: the insert fails at the end.
    p.cases.last_mut().unwrap().application.agency_id = "no-such-agency".into();
    assert!(s.import_ledger(&p, now()).is_err());
    assert!(s
        .export(&ExportOptions::default(), now())
        .unwrap()
        .cases
        .is_empty());
}

#[test]
fn a_mapping_names_other_headers_and_a_missing_header_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.xlsx");
    write_ledger(&path);
    let sheet = read_ledger(&path, None).unwrap();
    let columns = LedgerColumns {
        received: "收文日期".into(),
        ..LedgerColumns::default()
    };
    let e = plan(&sheet, &columns, "a", "ledger.xlsx", now().date()).unwrap_err();
    assert!(e.to_string().contains("收文日期"), "{e}");
}

#[test]
fn a_masked_export_hides_personal_data_and_cannot_be_imported() {
    let db = TestDb::sqlite();
    let s = services(&db).with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    ensure_demo_agency(&s, now()).unwrap();
    disclosure_app::demo::seed_cases(&s, 6, 2026, now().date(), 30).unwrap();
    let full = s.export(&ExportOptions::default(), now()).unwrap();
    let masked = s
        .export(
            &ExportOptions {
                mask: true,
                applicant: None,
            },
            now(),
        )
        .unwrap();
    assert!(masked.users.is_empty());
    let text = serde_json::to_string(&masked).unwrap();
    for c in &full.cases {
        if let Some(a) = &c.applicant {
            for secret in [&a.id_doc_number, &a.phone, &a.email].into_iter().flatten() {
                assert!(
                    !text.contains(secret.as_str()),
                    "{secret} in a masked export"
                );
            }
            if a.kind == "natural_person" {
                assert!(
                    !text.contains(&format!("\"{}\"", a.name)),
                    "{} in a masked export",
                    a.name
                );
            }
        }
    }
    let target_db = TestDb::sqlite();
    assert!(services(&target_db).restore(&masked, None).is_err());
    // One applicant's own data, on request.
    let name = full.cases[0].applicant.as_ref().unwrap().name.clone();
    let own = s
        .export(
            &ExportOptions {
                mask: false,
                applicant: Some(name.clone()),
            },
            now(),
        )
        .unwrap();
    assert!(!own.cases.is_empty());
    assert!(own
        .cases
        .iter()
        .all(|c| c.applicant.as_ref().unwrap().name == name));
}

#[test]
fn issued_documents_move_with_their_doc_numbers_and_the_sequence_continues() {
    let db = TestDb::sqlite();
    let s = services(&db).with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    if s.fonts.is_none() {
        eprintln!("!! SKIPPING: letter fonts are not installed");
        return;
    }
    ensure_demo_agency(&s, now()).unwrap();
    disclosure_app::demo::seed_cases(&s, 12, 2026, now().date(), 30).unwrap();
    let export = s.export(&ExportOptions::default(), now()).unwrap();
    let docs: Vec<_> = export
        .cases
        .iter()
        .flat_map(|c| c.documents.clone())
        .collect();
    assert!(!docs.is_empty(), "the demo issues some replies");
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(s.write_documents(&export, dir.path()).unwrap(), docs.len());

    let target_db = TestDb::sqlite();
    let target = services(&target_db);
    // Without the folder: refused, nothing written.
    assert!(target.restore(&export, None).is_err());
    assert!(target
        .export(&ExportOptions::default(), now())
        .unwrap()
        .cases
        .is_empty());
    // A tampered PDF is refused too.
    let first = dir.path().join(&docs[0].file);
    let original = std::fs::read(&first).unwrap();
    std::fs::write(&first, b"not the letter").unwrap();
    assert!(target.restore(&export, Some(dir.path())).is_err());
    std::fs::write(&first, &original).unwrap();

    assert_eq!(
        target.restore(&export, Some(dir.path())).unwrap(),
        export.cases.len()
    );
    let again = target.export(&ExportOptions::default(), now()).unwrap();
    let numbers = |e: &disclosure_app::export::Export| -> Vec<(String, Option<String>, String)> {
        let mut v: Vec<_> = e
            .cases
            .iter()
            .flat_map(|c| {
                c.documents
                    .iter()
                    .map(|d| (c.number.clone(), d.doc_number.clone(), d.sha256.clone()))
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(numbers(&again), numbers(&export));
    // The next 字号 of each agency's year comes after the highest imported one.
    let agency = export.agencies[0].id.clone();
    let highest = docs
        .iter()
        .filter(|d| d.doc_year == Some(2026))
        .filter_map(|d| d.doc_seq)
        .max()
        .unwrap_or(0);
    let next = target
        .store
        .write(|c| disclosure_store::cases::next_doc_seq(c, &agency, 2026))
        .unwrap();
    assert_eq!(next, highest + 1);
}

/// Importing the same ledger twice: the second plan finds every importable row already a case and
/// names the earlier import (file, row, time); a plan checked before the first import ran cannot
/// write its rows afterwards either (the transaction checks again); `allow` imports them anyway.
#[test]
fn a_ledger_imported_twice_makes_no_second_set_of_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.xlsx");
    write_ledger(&path);
    let db = TestDb::sqlite();
    let s = services(&db);
    ensure_demo_agency(&s, now()).unwrap();
    let agency = s
        .store
        .read(disclosure_store::directory::list_agencies)
        .unwrap()
        .remove(0)
        .id;
    let sheet = read_ledger(&path, None).unwrap();
    let fresh = || {
        let mut p = plan(
            &sheet,
            &LedgerColumns::default(),
            &agency,
            "ledger.xlsx",
            now().date(),
        )
        .unwrap();
        check_with_domain(&mut p, &s, now());
        p
    };
    let mut first = fresh();
    check_duplicates(&mut first, &s, false).unwrap();
    assert_eq!(first.cases.len(), 17, "nothing in the database yet");
    let stale = first.clone();
    let imported = s.import_ledger(&first, now()).unwrap();
    assert_eq!(imported.cases.len(), 17);
    let count = || {
        s.export(&ExportOptions::default(), now())
            .unwrap()
            .cases
            .len()
    };
    assert_eq!(count(), 17);

    // The second time: the 17 importable rows are cases already, the 3 broken ones stay broken.
    let mut second = fresh();
    check_duplicates(&mut second, &s, false).unwrap();
    assert!(second.cases.is_empty());
    assert_eq!(second.errors.len(), 20);
    let row3 = second.errors.iter().find(|e| e.row == 3).unwrap();
    assert_eq!(
        row3.problem,
        RowProblem::AlreadyImported {
            case_number: "2025-0001".into(),
            earlier: "ledger.xlsx 第3行，2026年11月23日10:00导入".into(),
        }
    );
    assert!(row3.problem.reason_zh().contains("与已有案件2025-0001重复"));
    assert!(row3.problem.reason_zh().contains("--allow-duplicate"));

    // A plan checked before the first import ran is refused inside the transaction: nothing written.
    match s.import_ledger(&stale, now()) {
        Err(ImportError::Duplicates(rows)) => {
            assert_eq!(rows.len(), 17);
            assert_eq!(rows[0].row, 3);
        }
        other => panic!("expected Duplicates, got {other:?}"),
    }
    assert_eq!(count(), 17);

    // The office says they are distinct applications: imported again, numbered after the first 17.
    let mut forced = fresh();
    check_duplicates(&mut forced, &s, true).unwrap();
    assert_eq!(forced.cases.len(), 17);
    assert_eq!(s.import_ledger(&forced, now()).unwrap().cases.len(), 17);
    assert_eq!(count(), 34);
}

/// R-LET-1 on imported open cases: a ledger row without 通信地址 becomes a case whose reply the
/// applicant collects (自行领取), one with an address a postal one. Either can be replied in the
/// system — before, every imported case was "by post" without an address, and issuing its reply
/// was refused because the 送达回证 had no 送达地址.
#[test]
fn r_let_1_an_imported_open_case_can_be_replied_with_or_without_an_address() {
    use disclosure_app::demo::demo_actor;
    use disclosure_core::case::{Command, DeliveryMethod, ProvisionForm, Reply};
    use disclosure_core::outcome::{DisclosureBasis, Outcome};

    let db = TestDb::sqlite();
    let s = services(&db).with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    assert!(s.fonts.is_some(), "the letter fonts are installed");
    ensure_demo_agency(&s, now()).unwrap();
    let agency = s
        .store
        .read(disclosure_store::directory::list_agencies)
        .unwrap()
        .remove(0)
        .id;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账2026.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (col, h) in ["收到日期", "申请人", "申请人类型", "申请内容", "通信地址"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    let rows = [
        ["2026-11-02", "赵一", "自然人", "某路段改造批复", ""],
        [
            "2026-11-03",
            "钱二",
            "自然人",
            "某小区规划许可",
            "示范市示范区人民路1号",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (col, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(1 + r as u32, col as u16, *v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();

    let sheet = read_ledger(&path, None).unwrap();
    let mut p = plan(
        &sheet,
        &LedgerColumns::default(),
        &agency,
        "台账2026.xlsx",
        now().date(),
    )
    .unwrap();
    check_with_domain(&mut p, &s, now());
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let imported = s.import_ledger(&p, now()).unwrap();
    assert_eq!(imported.cases.len(), 2);

    let officer = demo_actor(&s, "officer").unwrap();
    let approver = demo_actor(&s, "approver").unwrap();
    let mut receipts = Vec::new();
    for (row, number) in &imported.cases {
        let (year, seq) = number.split_once('-').unwrap();
        let row_of = s
            .store
            .read(|c| {
                disclosure_store::cases::find_by_number(
                    c,
                    &agency,
                    year.parse().unwrap(),
                    seq.parse().unwrap(),
                )
            })
            .unwrap()
            .unwrap();
        let c = s.load(&officer, &row_of.id).unwrap();
        let expected = if *row == 2 {
            DeliveryMethod::PickUp
        } else {
            DeliveryMethod::Post
        };
        assert_eq!(
            c.case.application.as_ref().unwrap().delivery,
            expected,
            "row {row}"
        );
        let c = s
            .execute(&officer, &c.row.id, c.row.version, Command::Accept, now())
            .unwrap();
        let reply = Reply {
            outcome: Outcome::Disclosed(DisclosureBasis::Provided),
            facts: "经检索，本机关保存有该文件".into(),
            decision: "予以公开".into(),
            disclosed_items: vec!["该文件".into()],
            withheld_items: vec![],
            provision: Some(ProvisionForm::Paper),
            competent_agency: None,
            public_interest_reason: None,
            third_party_notified: false,
        };
        let c = s
            .execute(
                &officer,
                &c.row.id,
                c.row.version,
                Command::DraftReply { reply },
                now(),
            )
            .unwrap();
        let c = s
            .execute(
                &approver,
                &c.row.id,
                c.row.version,
                Command::ApproveReply,
                now(),
            )
            .unwrap();
        let c = s
            .issue_reply(&approver, &c.row.id, c.row.version, now())
            .unwrap();
        assert_eq!(c.row.stage, "issued");
        let docs = s.case_documents(&c).unwrap();
        let receipt = docs
            .iter()
            .find(|d| d.kind == "delivery_receipt")
            .expect("a paper reply has its 送达回证");
        let (_, pdf) = s.case_document(&c, &receipt.id).unwrap();
        let file = dir.path().join(format!("receipt-{row}.pdf"));
        std::fs::write(&file, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        let text: String = String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .collect();
        receipts.push(text);
    }
    assert!(receipts[0].contains("自行领取"), "{}", receipts[0]);
    assert!(receipts[1].contains("邮寄"), "{}", receipts[1]);
    assert!(
        receipts[1].contains("示范市示范区人民路1号"),
        "{}",
        receipts[1]
    );
}
