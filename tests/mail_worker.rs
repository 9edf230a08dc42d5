//! `disclosure staff-email` and `disclosure mail-worker --once` end to end: the binary computes the
//! 督办 digests of seeded cases and sends them to a real SMTP server on 127.0.0.1 (aiosmtpd), once
//! per person and day.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../crates/mail/tests/support/mod.rs"]
mod smtp_sink;

use std::process::{Command, Output};
use std::time::Duration;

fn run(dir: &std::path::Path, port: u16, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .args(args)
        .current_dir(dir)
        .env_remove("DISCLOSURE_CALENDAR_FILE")
        .env_remove("DATABASE_URL")
        .env("DISCLOSURE_MAIL__TRANSPORT", "smtp")
        .env("DISCLOSURE_MAIL__HOST", "127.0.0.1")
        .env("DISCLOSURE_MAIL__PORT", port.to_string())
        .env("DISCLOSURE_MAIL__TLS", "none")
        .env(
            "DISCLOSURE_MAIL__FROM",
            "示范区政府办公室 <gkb@example.gov.cn>",
        )
        .env("DISCLOSURE_MAIL__REMINDER_TIME", "00:00")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn mail_worker_once_sends_the_digests_to_a_real_smtp_server_once_a_day() {
    if !smtp_sink::sink_available() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let sink = smtp_sink::Sink::start(inbox.path(), 0);
    ok(&run(work.path(), sink.port, &["seed", "--cases", "40"]));
    let bad = run(
        work.path(),
        sink.port,
        &["staff-email", "legal", "not an address"],
    );
    assert!(!bad.status.success());
    let set = ok(&run(
        work.path(),
        sink.port,
        &["staff-email", "legal", "lizheng@example.gov.cn"],
    ));
    assert!(set.contains("lizheng@example.gov.cn"), "{set}");
    let out = ok(&run(work.path(), sink.port, &["mail-worker", "--once"]));
    // Seeded cases reach back two years: some are overdue, and overdue matters go out every day.
    assert!(out.contains("1 claimed, 1 sent"), "{out}");
    let got = smtp_sink::wait_for(inbox.path(), 1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].envelope_to,
        vec!["lizheng@example.gov.cn".to_string()]
    );
    assert!(
        got[0]
            .subject
            .starts_with("【示范市示范区人民政府办公室】督办提醒（"),
        "{}",
        got[0].subject
    );
    let body = got[0].body.as_deref().unwrap();
    assert!(body.starts_with("李正（法制审核）："), "{body}");
    assert!(body.contains("【已超过答复期限】"), "{body}");
    // The same day again: nothing new.
    let again = ok(&run(work.path(), sink.port, &["mail-worker", "--once"]));
    assert!(again.contains("0 claimed"), "{again}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(smtp_sink::read_received(inbox.path()).len(), 1);
}
