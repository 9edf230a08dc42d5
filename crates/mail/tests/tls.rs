//! Real TLS (issue #7): an SMTP server on 127.0.0.1 (aiosmtpd) speaking STARTTLS, or TLS from the
//! first byte, with a certificate signed by a private CA made here with the openssl command line —
//! as a government relay under a provincial CA would be. With that CA in `ca_file` the mail
//! arrives; with another CA (or none: the public roots only) the handshake fails with an error that
//! says the certificate is not trusted and points at `mail.ca_file`, nothing is sent, and the row
//! stays queued for a retry.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::TimeDelta;
use disclosure_mail::{MailTransport, SmtpSettings, TlsMode, Worker, WorkerPolicy};
use disclosure_store::outbox::{self, Backoff, MailStatus, NewMail};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use support::{sink_available, wait_for, Sink};

const FROM: &str = "某区人民政府办公室 <gkb@example.gov.cn>";

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the openssl command line");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA named `name` in `dir`: `NAME-ca.pem` and its key.
fn make_ca(dir: &Path, name: &str) -> PathBuf {
    let (pem, key) = (format!("{name}-ca.pem"), format!("{name}-ca.key"));
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &pem,
            "-days",
            "2",
            "-subj",
            &format!("/CN={name} Test CA"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    dir.join(pem)
}

/// The relay's certificate for 127.0.0.1, signed by the CA `ca`: (certificate, key).
fn make_server_cert(dir: &Path, ca: &str) -> (PathBuf, PathBuf) {
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            &format!("{ca}-ca.pem"),
            "-CAkey",
            &format!("{ca}-ca.key"),
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
    (dir.join("server.pem"), dir.join("server.key"))
}

fn smtp(port: u16, tls: TlsMode, ca_file: Option<PathBuf>) -> MailTransport {
    MailTransport::smtp(&SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
        ca_file,
    })
    .unwrap()
}

fn policy() -> WorkerPolicy {
    WorkerPolicy {
        batch: 10,
        lease: TimeDelta::minutes(5),
        backoff: Backoff {
            base: TimeDelta::zero(),
            max: TimeDelta::zero(),
        },
        max_attempts: 1000,
        idle: Duration::from_millis(20),
    }
}

fn enqueue(store: &Store, n: usize) -> String {
    store
        .write(|c| {
            outbox::enqueue(
                c,
                &NewMail {
                    kind: "extension_approved".into(),
                    recipient: format!("applicant{n}@example.cn"),
                    subject: format!("延期答复告知（2026年第{n}号）"),
                    body: format!("您好：第{n}号申请延期答复。"),
                    ..NewMail::default()
                },
                disclosure_mail::china_now(),
            )
        })
        .unwrap()
        .unwrap()
}

/// One round of a worker with `transport`; returns (sent, retried).
fn round(store: &Store, transport: MailTransport) -> (usize, usize) {
    let w = Worker::new(store.clone(), transport, FROM, policy()).unwrap();
    let r = w.run_once(disclosure_mail::china_now(), None).unwrap();
    w.release().unwrap();
    (r.sent, r.retried)
}

fn over_tls(mode: &str, tls: TlsMode) {
    if !sink_available() {
        return;
    }
    let pki = tempfile::tempdir().unwrap();
    let ca = make_ca(pki.path(), "province");
    let other_ca = make_ca(pki.path(), "stranger");
    let (cert, key) = make_server_cert(pki.path(), "province");
    let inbox = tempfile::tempdir().unwrap();
    let sink = Sink::start_tls(inbox.path(), mode, &cert, &key);
    let db = TestDb::sqlite();
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let id = enqueue(&store, 1);

    // Another CA, then the public roots only: the handshake fails, clearly, and the row waits.
    for wrong in [Some(other_ca), None] {
        let t = smtp(sink.port, tls, wrong.clone());
        let check = t.check_connection().unwrap_err();
        assert!(!check.permanent, "{check:?}");
        assert_eq!(round(&store, t), (0, 1), "{mode} with {wrong:?}");
        let e = store.read(|c| outbox::entry(c, &id)).unwrap();
        assert_eq!(e.status, MailStatus::Pending, "stays queued");
        let why = e.last_error.unwrap();
        assert!(why.contains("certificate"), "{why}");
        assert!(why.contains("UnknownIssuer"), "{why}");
        assert!(why.contains("set mail.ca_file"), "{why}");
        assert_eq!(check.message, why, "doctor says what the worker records");
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(sink.received().is_empty(), "nothing was sent");

    // The private CA: the same row goes out, over TLS, once.
    let t = smtp(sink.port, tls, Some(ca.clone()));
    assert_eq!(
        t.check_connection().unwrap(),
        "connected, TLS and login accepted"
    );
    assert_eq!(round(&store, t), (1, 0));
    let e = store.read(|c| outbox::entry(c, &id)).unwrap();
    assert_eq!(e.status, MailStatus::Sent);
    assert_eq!(e.attempts, 3);
    let got = wait_for(inbox.path(), 1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, "延期答复告知（2026年第1号）");
    assert_eq!(got[0].message_id, format!("<{id}@outbox.disclosure>"));
}

#[test]
fn starttls_with_a_private_ca_delivers_and_a_wrong_ca_keeps_the_mail_queued() {
    over_tls("starttls", TlsMode::Starttls);
}

#[test]
fn implicit_tls_with_a_private_ca_delivers_and_a_wrong_ca_keeps_the_mail_queued() {
    over_tls("tls", TlsMode::Tls);
}

#[test]
fn a_ca_file_that_is_missing_or_not_a_certificate_is_a_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    let settings = |ca: PathBuf| SmtpSettings {
        host: "smtp.example.gov.cn".into(),
        port: 587,
        tls: TlsMode::Starttls,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
        ca_file: Some(ca),
    };
    let missing = dir.path().join("missing.pem");
    let e = MailTransport::smtp(&settings(missing))
        .unwrap_err()
        .to_string();
    assert!(e.contains("ca_file") && e.contains("missing.pem"), "{e}");
    let junk = dir.path().join("junk.pem");
    std::fs::write(&junk, "not a certificate").unwrap();
    let e = MailTransport::smtp(&settings(junk))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no PEM certificate"), "{e}");
}
