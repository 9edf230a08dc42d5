//! The operations commands of the binary (issue #10): `doctor` finds what is wrong and exits
//! non-zero; `import ledger` (dry run, then for real, with a mapping file), `export` and `import
//! export` move cases in and out.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../crates/mail/tests/support/mod.rs"]
mod smtp_sink;

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
    // The demo default: mail is written to files, which the doctor names (and does not create).
    assert!(line(&out(&o), "mail").starts_with("ok"));
    assert!(line(&out(&o), "mail").contains("data/mail"), "{}", out(&o));
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

/// `doctor` against a deployment whose database and session key are in order, with `[mail]` from
/// the environment.
fn doctor_with_mail(d: &Path, mail: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclosure"));
    cmd.current_dir(d)
        .env_remove("DATABASE_URL")
        .env_remove("DISCLOSURE_CONFIG")
        .env_remove("DISCLOSURE_CALENDAR_FILE")
        .arg("doctor");
    for (k, v) in mail {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn doctor_opens_a_real_smtp_connection_and_names_the_mail_check_when_it_fails() {
    if !smtp_sink::sink_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(disclosure(d, &["migrate"]).status.success());
    let key = d.join("data/session.key");
    std::fs::write(&key, [7u8; 64]).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let sink = smtp_sink::Sink::start(inbox.path(), 0);
    let port = sink.port.to_string();
    let smtp = |port: &str| -> Vec<(&'static str, String)> {
        vec![
            ("DISCLOSURE_MAIL__TRANSPORT", "smtp".into()),
            ("DISCLOSURE_MAIL__HOST", "127.0.0.1".into()),
            ("DISCLOSURE_MAIL__PORT", port.into()),
            ("DISCLOSURE_MAIL__TLS", "none".into()),
        ]
    };
    let env = smtp(&port);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let o = doctor_with_mail(d, &env);
    let text = out(&o);
    let mail = line(&text, "mail");
    assert!(mail.starts_with("ok"), "{text}");
    assert!(mail.contains(&format!("127.0.0.1:{port}")), "{mail}");
    assert!(mail.contains("connected"), "{mail}");
    // Only the fonts may be missing on a machine without them; everything else is in order.
    let fonts_ok = line(&text, "fonts").starts_with("ok");
    assert_eq!(o.status.success(), fonts_ok, "{text}{}", err(&o));
    // The connection sent nothing.
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(smtp_sink::read_received(inbox.path()).is_empty());

    // The relay is down: the check fails, names the relay and the exit status says so.
    drop(sink);
    let env = smtp(&port);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let started = std::time::Instant::now();
    let o = doctor_with_mail(d, &env);
    let text = out(&o);
    let mail = line(&text, "mail");
    assert!(mail.starts_with("FAIL"), "{text}");
    assert!(mail.contains(&format!("127.0.0.1:{port}")), "{mail}");
    assert!(mail.to_lowercase().contains("connect"), "{mail}");
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(err(&o).contains("problem(s) found"), "{}", err(&o));
    assert!(
        err(&o).contains("mail"),
        "the exit message names the mail check: {}",
        err(&o)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));

    // A misspelt transport is a finding too, and stdout names where mail goes.
    let o = doctor_with_mail(d, &[("DISCLOSURE_MAIL__TRANSPORT", "smpt")]);
    assert!(line(&out(&o), "mail").starts_with("FAIL"), "{}", out(&o));
    assert!(line(&out(&o), "mail").contains("smpt"), "{}", out(&o));
    let o = doctor_with_mail(d, &[("DISCLOSURE_MAIL__TRANSPORT", "stdout")]);
    let mail = line(&out(&o), "mail").to_string();
    assert!(mail.starts_with("ok") && mail.contains("stdout"), "{mail}");
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

/// Importing the same ledger twice changes nothing the second time: the command refuses with an
/// error naming the earlier import, and a dry run lists each repeated row. A ledger that was
/// extended since brings only its new rows; `--allow-duplicate` imports repeated rows anyway.
#[test]
fn import_ledger_twice_is_refused_naming_the_earlier_import() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, rows: &[[&str; 4]]| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["收到日期", "申请人", "申请人类型", "申请内容"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
        wb.save(d.join(name)).unwrap();
    };
    let first = [
        ["2025-03-04", "张三", "自然人", "老旧小区改造资金"],
        ["2025-06-03", "甲公司", "商业企业", "招标文件"],
    ];
    write("台账.xlsx", &first);
    assert!(
        disclosure(d, &["--database", "a.db", "seed", "--cases", "1"])
            .status
            .success()
    );
    let cases = || -> usize {
        let o = disclosure(d, &["--database", "a.db", "export"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["cases"].as_array().unwrap().len()
    };
    let before = cases();
    let import = |args: &[&str]| {
        let mut all = vec!["--database", "a.db", "import", "ledger"];
        all.extend_from_slice(args);
        disclosure(d, &all)
    };
    let o = import(&["台账.xlsx"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("imported 2 cases"), "{}", out(&o));
    assert_eq!(cases(), before + 2);

    // The same file again: refused, nothing written, the earlier import named.
    let o = import(&["台账.xlsx"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let e = err(&o);
    assert!(e.contains("台账.xlsx has already been imported"), "{e}");
    assert!(e.contains("第2行"), "{e}");
    assert!(
        e.contains("台账.xlsx 第2行，"),
        "the earlier import by file and row: {e}"
    );
    assert!(e.contains("导入"), "{e}");
    assert!(e.contains("nothing written"), "{e}");
    assert_eq!(cases(), before + 2);
    // The dry run lists both rows.
    let o = import(&["台账.xlsx", "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    let text = out(&o);
    assert!(text.contains("0 rows can be imported, 2 cannot"), "{text}");
    assert!(text.contains("第2行: 与已有案件2025-"), "{text}");
    assert!(text.contains("第3行: 与已有案件2025-"), "{text}");

    // The ledger kept growing: only the new row (and not its repeat within the sheet) comes in.
    let grown = [
        first[0],
        first[1],
        ["2025-07-01", "李四", "自然人", "道路规划"],
        ["2025-07-01", "李四", "自然人", "道路规划"],
    ];
    write("台账-7月.xlsx", &grown);
    let o = import(&["台账-7月.xlsx"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("imported 1 cases in one transaction (3 rows skipped)"),
        "{text}"
    );
    assert!(
        text.contains("第5行: 与本表第4行的收到日期、申请人、申请内容相同"),
        "{text}"
    );
    assert_eq!(cases(), before + 3);

    // The office confirms they are separate applications.
    let o = import(&["台账.xlsx", "--allow-duplicate"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("imported 2 cases"), "{}", out(&o));
    assert_eq!(cases(), before + 5);
}
