//! The legal staff's commands end to end: `disclosure report annual|compliance` on seeded data, and
//! `disclosure audit verify` catching an event altered in the database file.
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

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn seeded(dir: &Path, cases: &str) -> std::path::PathBuf {
    let db = dir.join("d.db");
    let o = disclosure(
        &db,
        &["seed", "--cases", cases, "--seed", "5", "--days", "400"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

#[test]
fn r_rep_1_annual_report_formats_and_the_identity() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path(), "40");
    let o = disclosure(&db, &["report", "annual", "2026", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["table3"].as_array().unwrap();
    assert_eq!(rows.len(), 30, "the official rows, headings included");
    let counts = |label: &str| -> Vec<u64> {
        rows.iter().find(|r| r["label"] == label).unwrap()["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect()
    };
    let (new, carried, total, forward) = (
        counts("一、本年新收政府信息公开申请数量"),
        counts("二、上年结转政府信息公开申请数量"),
        counts("（七）总计"),
        counts("四、结转下年度继续办理"),
    );
    assert!(new[6] + carried[6] > 0);
    for c in 0..7 {
        assert_eq!(new[c] + carried[c], total[c] + forward[c], "column {c}");
    }
    assert_eq!(v["table4"].as_array().unwrap().len(), 15);

    // The PDF, read back with pdftotext: the labels, and each row's numbers in the JSON's order.
    let pdf = dir.path().join("t.pdf");
    let o = disclosure(
        &db,
        &[
            "report",
            "annual",
            "2026",
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let layout = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let pdf_text = String::from_utf8(layout.stdout).unwrap();
    for label in [
        "2026年度政府信息公开工作年度报告统计表",
        "填报单位：示范市示范区人民政府办公室",
        "三、收到和处理政府信息公开",
        "四、政府信息公开行政复议、",
        "（二）部分公开（区分处理的，",
        "4.保护第三方合法权益",
    ] {
        assert!(pdf_text.contains(label), "{label} in\n{pdf_text}");
    }
    // Long labels wrap in their cell; the numbers stand on the label's first line.
    for (label, numbers) in [
        ("一、本年新收", &new),
        ("二、上年结转", &carried),
        ("（七）总计", &total),
        ("四、结转下年度", &forward),
    ] {
        let line = pdf_text
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} in\n{pdf_text}"));
        let found: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert_eq!(&found, numbers, "{line}");
    }
    let review_line = pdf_text
        .lines()
        .find(|l| l.trim_start().starts_with("行政复议"))
        .unwrap();
    let t4: Vec<u64> = v["table4"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let found: Vec<u64> = review_line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(found, t4[..5], "{review_line}");

    let text = stdout(&disclosure(&db, &["report", "annual", "2026"]));
    assert!(text.contains("三、收到和处理政府信息公开申请情况"));
    assert!(text.contains("勾稽关系：第一项＋第二项＝第三项＋第四项，各列均成立"));
    let csv = stdout(&disclosure(
        &db,
        &["report", "annual", "2026", "--format", "csv"],
    ));
    assert!(
        csv.starts_with("表,项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\n")
    );
    assert!(csv.contains("\n三,三、本年度办理结果,,,,,,,\n"), "{csv}");

    // XLSX goes to a file (a zip container), never to the terminal.
    let o = disclosure(&db, &["report", "annual", "2026", "--format", "xlsx"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    let file = dir.path().join("2026.xlsx");
    let o = disclosure(
        &db,
        &[
            "report",
            "annual",
            "2026",
            "--format",
            "xlsx",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(&std::fs::read(&file).unwrap()[..2], b"PK");

    let o = disclosure(&db, &["report", "annual", "1999"]);
    assert!(!o.status.success());
    let o = disclosure(&db, &["report", "annual", "2026", "--agency", "nope"]);
    assert!(
        stderr(&o).contains("no agency with id `nope`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn r_time_3_compliance_report_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path(), "30");
    let args = [
        "report",
        "compliance",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--as-of",
        "2026-07-01",
    ];
    let o = disclosure(&db, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("期限合规　2026-01-01至2026-06-30（统计日2026-07-01）"),
        "{text}"
    );
    assert!(text.contains("答复用时中位数（工作日）"));
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let csv = stdout(&disclosure(&db, &csv_args));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "机关、科室或承办人,答复件数,按期答复,逾期答复,逾期工作日合计,补正告知（7个工作日内）,补正告知（超过7个工作日）,延期,延期批准晚于原期限,中止计时次数,中止工作日合计,当前超期未答复,超期工作日合计,答复用时中位数（工作日）,答复用时90%分位（工作日）"
    );
    let total: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(total[0], "示范市示范区人民政府办公室（合计）");
    let n = |i: usize| total[i].parse::<u64>().unwrap();
    assert_eq!(n(1), n(2) + n(3), "replied = on time + late");
    // Agency → department → officer: the demo officer sits in 政务公开科, alone, so the department
    // line and the officer line carry the same numbers.
    let dept = lines.next().unwrap();
    let officer = lines.next().unwrap();
    assert!(dept.starts_with("　政务公开科（科室合计）,"), "{csv}");
    assert!(officer.starts_with("　　钱进（承办）,"), "{csv}");
    assert_eq!(
        dept.split_once(',').unwrap().1,
        officer.split_once(',').unwrap().1
    );

    // The administrator moves the officer to another department.
    let o = disclosure(&db, &["report", "set-department", "officer", "业务二科"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&disclosure(&db, &csv_args));
    assert!(csv.contains("\n　业务二科（科室合计）,"), "{csv}");
    assert!(!csv.contains("政务公开科（科室合计）"), "{csv}");
    let o = disclosure(&db, &["report", "set-department", "nobody", "业务二科"]);
    assert!(!o.status.success());

    let o = disclosure(
        &db,
        &[
            "report",
            "compliance",
            "--from",
            "2026-06-30",
            "--to",
            "2026-01-01",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("before --from"), "{}", stderr(&o));
}

#[derive(diesel::QueryableByName)]
struct CaseId {
    #[diesel(sql_type = diesel::sql_types::Text)]
    case_id: String,
}

#[test]
fn audit_verify_names_an_event_altered_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path(), "5");
    let o = disclosure(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok "), "{}", stdout(&o));

    // Someone with access to the file rewrites the applicant's address in a registration.
    let mut conn = diesel::SqliteConnection::establish(db.to_str().unwrap()).unwrap();
    let victim = diesel::sql_query(
        "SELECT case_id FROM case_events WHERE seq = 1 AND payload LIKE '%示范市%' ORDER BY case_id LIMIT 1",
    )
    .get_result::<CaseId>(&mut conn)
    .unwrap()
    .case_id;
    let changed = diesel::sql_query(format!(
        "UPDATE case_events SET payload = replace(payload, '示范市', '某某市') WHERE case_id = '{victim}' AND seq = 1"
    ))
    .execute(&mut conn)
    .unwrap();
    assert_eq!(changed, 1);
    drop(conn);

    let o = disclosure(&db, &["audit", "verify"]);
    assert!(!o.status.success(), "the edit must be caught");
    let err = stderr(&o);
    assert!(err.contains(&format!("case {victim} event 1")), "{err}");
    assert!(err.contains("altered"), "{err}");
}

mod calendar_import {
    //! R-TIME-10 through the binary on a real SQLite file: the cases are set up through the services
    //! (the workflow has no CLI), then `disclosure calendar import` does the rest.
    use std::sync::Arc;

    use chrono::{NaiveDate, NaiveDateTime};
    use disclosure_app::demo::{demo_actor, ensure_demo_agency, DEMO_AGENCY};
    use disclosure_app::Services;
    use disclosure_calendar::Calendar;
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, Command, DeliveryMethod, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    use disclosure_store::{DatabaseUrl, Store};

    use super::{disclosure, stderr, stdout};

    const NOTICE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/calendar/2027-hypothetical.csv"
    );

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        d(s).and_hms_opt(10, 0, 0).unwrap()
    }

    fn services(db: &std::path::Path) -> Services {
        let url = DatabaseUrl::parse(db.to_str().unwrap()).unwrap();
        // With fonts: approving the extension issues the 延期答复告知书 (R-TIME-4).
        Services::new(
            Store::open(&url).unwrap(),
            Arc::new(Calendar::builtin().unwrap()),
        )
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults())
    }

    /// Received 31 December 2026, extended by 20 working days: due 2027-02-26 while 2027 is
    /// provisional, 2027-03-04 with the test notice (count in crates/core/tests/calendar_update.rs).
    fn case_across_new_year(s: &Services) -> String {
        ensure_demo_agency(s, at("2026-01-02")).unwrap();
        let actor = |u: &str| demo_actor(s, u).unwrap();
        let application = Application {
            agency_id: DEMO_AGENCY.into(),
            applicant: Applicant {
                kind: ApplicantKind::NaturalPerson,
                name: "王五".into(),
                id_document: None,
                phone: None,
                email: None,
                address: Some("示范市人民路2号".into()),
                contact_person: None,
            },
            description: "本区2026年道路养护资金安排".into(),
            requested_form: ProvisionForm::Paper,
            delivery: DeliveryMethod::Post,
            receipt: ReceiptFacts::InPerson {
                handed_in: d("2026-12-31"),
            },
            oral: false,
        };
        let id = s
            .register(&actor("clerk"), application, at("2026-12-31"))
            .unwrap()
            .1
            .row
            .id;
        let steps = [
            (
                "approver",
                Command::Assign {
                    officer_id: "u-officer".into(),
                    officer_name: "钱进（承办）".into(),
                },
                "2026-12-31",
            ),
            ("officer", Command::Accept, "2026-12-31"),
            (
                "officer",
                Command::RequestExtension {
                    days: 20,
                    reason: "需要调取多个部门的档案".into(),
                },
                "2027-01-19",
            ),
            ("approver", Command::ApproveExtension, "2027-01-20"),
        ];
        for (who, cmd, on) in steps {
            let a = actor(who);
            let v = s.load(&a, &id).unwrap().row.version;
            s.execute(&a, &id, v, cmd, at(on)).unwrap();
        }
        id
    }

    #[test]
    fn r_time_10_calendar_import_moves_a_due_date_across_new_year_and_records_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        let id = {
            let s = services(&db);
            let id = case_across_new_year(&s);
            let row = s.load(&demo_actor(&s, "legal").unwrap(), &id).unwrap().row;
            assert_eq!(row.due_date, Some(d("2027-02-26")));
            assert!(row.provisional);
            id
        };
        let years = stdout(&disclosure(&db, &["calendar", "years"]));
        assert!(!years.contains("2027"), "{years}");

        // A file with two years is refused whole.
        let two = dir.path().join("two.csv");
        std::fs::write(
            &two,
            "date,kind,name\n2027-01-01,off,元旦\n2028-01-01,off,元旦\n",
        )
        .unwrap();
        let o = disclosure(&db, &["calendar", "import", two.to_str().unwrap()]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("several years"), "{}", stderr(&o));

        let o = disclosure(&db, &["calendar", "import", NOTICE]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains("2027: imported (12 lines); 1 open cases recomputed"),
            "{out}"
        );
        assert!(
            out.contains("2026-0001  2027-02-26 -> 2027-03-04\n"),
            "{out}"
        );

        // The case: new due date, not provisional, the change in its record by the administrator.
        let s = services(&db);
        let loaded = s.load(&demo_actor(&s, "legal").unwrap(), &id).unwrap();
        assert_eq!(loaded.row.due_date, Some(d("2027-03-04")));
        assert!(!loaded.row.provisional);
        let last = loaded.events.last().unwrap();
        assert_eq!(last.kind, "calendar_updated");
        assert_eq!(last.actor_name, "周全（系统管理）");
        let n = loaded.events.len();

        // Loaded for every later command, from the database.
        let years = stdout(&disclosure(&db, &["calendar", "years"]));
        assert!(years.trim_end().ends_with("2026 2027"), "{years}");
        let o = disclosure(&db, &["calendar", "add", "2027-01-29", "20"]);
        assert_eq!(stdout(&o), "2027-03-04\n");
        assert!(!stderr(&o).contains("provisional"));

        // The same file again: nothing changes, nothing is recorded.
        let o = disclosure(&db, &["calendar", "import", NOTICE]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("2027: the same data is already loaded; nothing changed"));
        let again = s.load(&demo_actor(&s, "legal").unwrap(), &id).unwrap();
        assert_eq!(again.events.len(), n);
        assert_eq!(s.calendar_imports().unwrap().len(), 1);
        let audit = disclosure(&db, &["audit", "verify"]);
        assert!(audit.status.success(), "{}", stdout(&audit));
    }
}
