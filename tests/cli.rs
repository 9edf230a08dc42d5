//! End-to-end tests of the `disclosure` binary: calendar, deadline and fee commands (issue: foundation,
//! section 5). Expected dates are worked out by hand from the 2026 notice (国办发明电〔2025〕7号).
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn disclosure(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .args(args)
        .env_remove("DISCLOSURE_CALENDAR_FILE")
        .output()
        .unwrap()
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Bad input: non-zero exit, nothing on stdout, exactly one line on stderr naming the problem.
fn assert_one_line_error(o: &Output, needle: &str) {
    assert!(!o.status.success(), "should fail: {o:?}");
    assert_eq!(stdout(o), "", "nothing on stdout");
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
}

#[test]
fn r_time_2_calendar_add_prints_the_date_alone() {
    let o = disclosure(&["calendar", "add", "2026-09-28", "20"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "2026-10-30\n");
    assert_eq!(stderr(&o), "");
}

#[test]
fn r_time_2_calendar_count_is_half_open() {
    let o = disclosure(&["calendar", "count", "2026-09-28", "2026-10-30"]);
    assert_eq!(stdout(&o), "20\n");
    // (09-30, 10-08]: only Thursday 10-08.
    let o = disclosure(&["calendar", "count", "2026-09-30", "2026-10-08"]);
    assert_eq!(stdout(&o), "1\n");
}

#[test]
fn r_time_10_provisional_results_are_flagged() {
    let o = disclosure(&["calendar", "add", "2026-12-15", "20"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "2027-01-13\n");
    assert!(stderr(&o).contains("provisional"));
}

#[test]
fn r_time_10_a_calendar_file_loads_next_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2027.csv");
    std::fs::write(
        &path,
        "date,kind,name\n2027-01-01,off,元旦\n2027-01-04,off,元旦\n",
    )
    .unwrap();
    let o = disclosure(&[
        "--calendar-file",
        path.to_str().unwrap(),
        "calendar",
        "add",
        "2026-12-15",
        "20",
    ]);
    assert_eq!(stdout(&o), "2027-01-14\n");
    assert_eq!(stderr(&o), "", "no longer provisional");
    std::fs::write(&path, "2027-01-04,work,x\n").unwrap();
    let o = disclosure(&[
        "--calendar-file",
        path.to_str().unwrap(),
        "calendar",
        "years",
    ]);
    assert_one_line_error(&o, "line 1");
}

#[test]
fn calendar_add_batch_from_a_file_and_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.txt");
    std::fs::write(
        &path,
        "2026-09-28 20\n# comment\n\n2026-02-13 20\n2026-10-01 1\n2026-12-15 20\n",
    )
    .unwrap();
    let o = disclosure(&["calendar", "add", "--batch", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2026-10-30\n2026-03-19\n2026-10-08\n2027-01-13 provisional\n"
    );
    let o = with_stdin(
        &["calendar", "add", "--batch", "-"],
        "2026-09-28 20\n2026-09-19 1\n",
    );
    assert_eq!(stdout(&o), "2026-10-30\n2026-09-20\n");
}

#[test]
fn calendar_add_batch_stops_at_the_first_bad_line_and_names_it() {
    let o = with_stdin(
        &["calendar", "add", "--batch", "-"],
        "2026-09-28 20\n2026-09-31 2\n2026-09-28 20\n",
    );
    assert!(!o.status.success());
    assert_eq!(
        stdout(&o),
        "2026-10-30\n",
        "lines before the bad one are printed"
    );
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.contains("line 2") && err.contains("2026-09-31"),
        "{err}"
    );
}

#[test]
fn bad_input_exits_non_zero_with_one_line() {
    assert_one_line_error(
        &disclosure(&["calendar", "add", "2026-13-01", "3"]),
        "2026-13-01",
    );
    assert_one_line_error(
        &disclosure(&["calendar", "add", "2026/01/05", "3"]),
        "YYYY-MM-DD",
    );
    assert_one_line_error(&disclosure(&["calendar", "add", "2026-01-05", "-3"]), "-3");
    assert_one_line_error(
        &disclosure(&["calendar", "add", "2026-01-05", "99999"]),
        "99999",
    );
    assert_one_line_error(&disclosure(&["calendar", "add", "2026-01-05", "x"]), "`x`");
    assert_one_line_error(
        &disclosure(&["calendar", "add", "2003-12-31", "3"]),
        "outside",
    );
    assert_one_line_error(
        &disclosure(&["calendar", "count", "2026-10-30", "2026-09-28"]),
        "reversed",
    );
    assert_one_line_error(
        &disclosure(&["deadline", "--received", "2026-09-28", "--extend", "5"]),
        "--approver",
    );
    assert_one_line_error(
        &disclosure(&[
            "deadline",
            "--received",
            "2026-09-28",
            "--extend",
            "21",
            "--approver",
            "王主任",
        ]),
        "R-TIME-4",
    );
    assert_one_line_error(
        &disclosure(&[
            "deadline",
            "--received",
            "2026-09-28",
            "--correction",
            "2026-10-09",
        ]),
        "two dates",
    );
}

#[test]
fn r_time_5_deadline_prints_the_due_date_first_then_the_explanation() {
    // Received 2026-01-26; consultation (02-06, 03-02] across 春节: due 03-17 (see the clock tests);
    // extension of 5 approved: 03-18..20 (3), 03-23, 03-24 (5).
    let o = disclosure(&[
        "deadline",
        "--received",
        "2026-01-26",
        "--consult",
        "2026-02-06,2026-03-02",
        "--extend",
        "5",
        "--approver",
        "王主任",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("2026-03-24"));
    let rest: Vec<&str> = lines.collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("征求第三方意见") && l.contains("12个工作日")),
        "{out}"
    );
    assert!(
        rest.iter()
            .any(|l| l.contains("经王主任同意延长答复期限5个工作日")),
        "{out}"
    );
    assert!(
        rest.iter().any(|l| l.contains("原答复期限2026年3月17日")),
        "{out}"
    );
}

#[test]
fn r_cor_2_deadline_with_correction_and_pause() {
    // Received 2026-09-01, corrected 2026-11-02: due 2026-11-30 (see the clock tests).
    let o = disclosure(&[
        "deadline",
        "--received",
        "2026-09-01",
        "--correction",
        "2026-09-08,2026-11-02",
    ]);
    assert_eq!(stdout(&o).lines().next(), Some("2026-11-30"));
    // A generic pause (11-06, 11-10] skips 11-09 and 11-10: due moves two working days to 12-02.
    let o = disclosure(&[
        "deadline",
        "--received",
        "2026-09-01",
        "--correction",
        "2026-09-08,2026-11-02",
        "--pause",
        "2026-11-06,2026-11-10",
    ]);
    assert_eq!(stdout(&o).lines().next(), Some("2026-12-02"));
}

#[test]
fn help_lists_the_commands() {
    let o = disclosure(&["--help"]);
    assert!(o.status.success());
    for command in [
        "serve", "calendar", "deadline", "fee", "migrate", "backup", "audit", "seed",
    ] {
        assert!(stdout(&o).contains(command), "{command}");
    }
}

#[test]
fn r_fee_3_and_r_fee_4_fee_commands() {
    for (args, out) in [
        (vec!["fee", "per-item", "--nth", "10"], "0\n"),
        (vec!["fee", "per-item", "--nth", "11"], "100\n"),
        (vec!["fee", "per-item", "--nth", "41"], "300\n"),
        (vec!["fee", "per-page", "--pages", "30"], "0\n"),
        (vec!["fee", "per-page", "--pages", "101"], "720\n"),
        (vec!["fee", "per-page", "--pages", "201"], "2740\n"),
    ] {
        let o = disclosure(&args);
        assert_eq!(stdout(&o), out, "{args:?}");
    }
    assert_one_line_error(&disclosure(&["fee", "per-item", "--nth", "0"]), "0");
    assert_one_line_error(&disclosure(&["fee", "per-page", "--pages", "-1"]), "-1");
}

#[test]
fn r_time_2_batch_fixture_matches_the_hand_worked_results() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = disclosure(&[
        "calendar",
        "add",
        "--batch",
        root.join("fixtures/calendar-batch.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = std::fs::read_to_string(root.join("fixtures/calendar-batch.expected")).unwrap();
    assert_eq!(stdout(&o), expected);
}

#[test]
fn token_create_prints_a_working_token_once_and_refuses_unknown_users() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let db = db.to_str().unwrap();
    let o = disclosure(&["--database", db, "seed", "--cases", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = disclosure(&["--database", db, "token", "create", "--user", "officer"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let token = stdout(&o).trim().to_string();
    assert!(token.starts_with("dsk_") && token.len() == 68, "{token}");
    assert!(stderr(&o).contains("not shown again"));
    // Only its hash is stored: the secret appears in none of the database's files (main, WAL).
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let raw = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()));
    }
    let o = disclosure(&["--database", db, "token", "create", "--user", "nobody"]);
    assert!(!o.status.success());
    assert_one_line_error(&o, "nobody");
}
