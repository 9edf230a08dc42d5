//! The operations commands of the binary (issue #10): `doctor` finds what is wrong and exits
//! non-zero; `import ledger` (dry run, then for real, with a mapping file), `export` and `import
//! export` move cases in and out.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;

fn disclosure(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("DISCLOSURE_CONFIG")
        .env_remove("DISCLOSURE_CALENDAR_FILE")
        .args(args)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn line<'a>(text: &'a str, check: &str) -> &'a str {
    text.lines()
        .find(|l| l.split_whitespace().nth(1) == Some(check))
        .unwrap_or_else(|| panic!("no `{check}` line in {text}"))
}

#[test]
fn doctor_reports_each_problem_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Nothing deployed yet: the database is missing, and the doctor does not create it.
    let o = disclosure(d, &["doctor"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(line(&out(&o), "database").starts_with("FAIL"));
    assert!(line(&out(&o), "database").contains("does not exist"));
    assert!(line(&out(&o), "config").starts_with("ok"));
    assert!(line(&out(&o), "mail").contains("skipped"));
    assert!(!d.join("data").exists(), "the doctor changes nothing");
    assert!(err(&o).contains("1 problem(s) found"), "{}", err(&o));

    // An empty SQLite file: reachable, but its schema is missing (migrations pending).
    std::fs::create_dir(d.join("data")).unwrap();
    std::fs::write(d.join("data/disclosure.db"), b"").unwrap();
    let o = disclosure(d, &["doctor"]);
    assert!(
        line(&out(&o), "database").contains("migration(s) pending"),
        "{}",
        out(&o)
    );
    std::fs::remove_file(d.join("data/disclosure.db")).unwrap();

    // Deployed: migrated, a session key of 64 bytes with mode 0600.
    assert!(disclosure(d, &["migrate"]).status.success());
    let key = d.join("data/session.key");
    std::fs::write(&key, [7u8; 64]).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = disclosure(d, &["doctor"]);
    let text = out(&o);
    assert!(line(&text, "database").starts_with("ok"), "{text}");
    assert!(line(&text, "session").starts_with("ok"), "{text}");
    // R-TIME-10: this year's notice is built in.
    assert!(!line(&text, "calendar").starts_with("FAIL"), "{text}");
    let fonts_ok = line(&text, "fonts").starts_with("ok");
    assert_eq!(o.status.success(), fonts_ok, "{text}");
    if fonts_ok {
        assert!(text.ends_with("no problems found\n"), "{text}");
    }

    // A session key others can read, and a configuration with a misspelt key.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(d.join("disclosure.toml"), "[log]\nformt = \"json\"\n").unwrap();
    let o = disclosure(d, &["--config", "disclosure.toml", "doctor"]);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(line(&text, "session").starts_with("FAIL"), "{text}");
    assert!(line(&text, "session").contains("chmod 600"), "{text}");
    assert!(line(&text, "config").starts_with("FAIL"), "{text}");
    assert!(line(&text, "config").contains("formt"), "{text}");
}

fn ledger(path: &Path, received_header: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 6]; 4] = [
        [
            received_header,
            "申请人",
            "申请人类型",
            "申请内容",
            "答复日期",
            "答复类型",
        ],
        [
            "2025-03-04",
            "张三",
            "自然人",
            "老旧小区改造资金",
            "2025-03-25",
            "予以公开",
        ],
        ["2025-13-01", "李四", "自然人", "道路规划", "", ""],
        ["2025-06-03", "甲公司", "商业企业", "招标文件", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn import_ledger_dry_run_then_for_real_then_export_and_import_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ledger(&d.join("台账.xlsx"), "收文日期");
    std::fs::write(
        d.join("mapping.toml"),
        "[columns]\nreceived = \"收文日期\"\n",
    )
    .unwrap();
    // The demo agency only, no cases.
    assert!(
        disclosure(d, &["--database", "a.db", "seed", "--cases", "1"])
            .status
            .success()
    );
    let a = disclosure(d, &["--database", "a.db", "export"]);
    let before: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    let cases_before = before["cases"].as_array().unwrap().len();

    // Without the mapping, the header is not found.
    let o = disclosure(
        d,
        &[
            "--database",
            "a.db",
            "import",
            "ledger",
            "台账.xlsx",
            "--dry-run",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("收到日期"), "{}", err(&o));

    let o = disclosure(
        d,
        &[
            "--database",
            "a.db",
            "import",
            "ledger",
            "台账.xlsx",
            "--mapping",
            "mapping.toml",
            "--dry-run",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    assert!(text.contains("2 rows can be imported, 1 cannot"), "{text}");
    assert!(
        text.contains("第3行: 收到日期「2025-13-01」不是日期"),
        "{text}"
    );
    assert!(text.contains("dry run: nothing written"), "{text}");

    let o = disclosure(
        d,
        &[
            "--database",
            "a.db",
            "import",
            "ledger",
            "台账.xlsx",
            "--mapping",
            "mapping.toml",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("imported 2 cases in one transaction (1 rows skipped)"),
        "{text}"
    );
    // Numbered in the ledger's year, after the demo case(s) of that year.
    assert!(text.contains("第2行 → 2025-"), "{text}");
    assert!(text.contains("第4行 → 2025-"), "{text}");

    // Out as JSON, into an empty database; CSV too.
    let o = disclosure(
        d,
        &[
            "--database",
            "a.db",
            "export",
            "--format",
            "json",
            "-o",
            "all.json",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let o = disclosure(d, &["--database", "b.db", "import", "export", "all.json"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o),
        format!("imported {} cases from all.json\n", cases_before + 2)
    );
    let a: serde_json::Value =
        serde_json::from_slice(&disclosure(d, &["--database", "a.db", "export"]).stdout).unwrap();
    let b: serde_json::Value =
        serde_json::from_slice(&disclosure(d, &["--database", "b.db", "export"]).stdout).unwrap();
    let summary = |v: &serde_json::Value| -> Vec<(String, String, String, usize)> {
        v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["number"].as_str().unwrap().to_string(),
                    c["stage"].as_str().unwrap().to_string(),
                    c["outcome"].to_string(),
                    c["events"].as_array().unwrap().len(),
                )
            })
            .collect()
    };
    assert_eq!(summary(&a), summary(&b));
    let o = disclosure(
        d,
        &["--database", "b.db", "export", "--format", "csv", "--mask"],
    );
    let csv = out(&o);
    assert!(csv.starts_with("\u{feff}case_number,"), "{csv}");
    assert!(csv.contains("张*"), "{csv}");
    assert!(!csv.contains("张三"), "{csv}");
    // Importing twice is refused.
    let o = disclosure(
        d,
        &[
            "--database",
            "b.db",
            "import",
            "export",
            "all.json",
            "--documents",
            "pdf",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("empty database"), "{}", err(&o));
}
