//! Operations of a running `disclosure serve` (issue #10): the log of a full case carries a request
//! id on every request line and never an ID number, phone number or password; `/metrics` on the
//! admin address counts a newly registered case; `/readyz` reports a stopped database; SIGTERM stops
//! the server cleanly. A real binary, real sockets on 127.0.0.1, raw HTTP/1.1.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use disclosure_testkit::TestDb;

/// Someone's 居民身份证 number with a valid check digit, and a mobile number: neither may be logged.
const ID_NUMBER: &str = "11010519491231002X";
const PORTAL_ID_NUMBER: &str = "440304198506121230";
const PHONE: &str = "13912345678";
const PORTAL_PHONE: &str = "13698765432";
const PASSWORD: &str = "demo-2026";

/// A server child process killed on drop, with its stdout lines collected by a thread.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    base: String,
    admin: Option<String>,
    _dir: tempfile::TempDir,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_lines(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Running {
    fn start(env: &[(&str, &str)], args: &[&str]) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclosure"));
        cmd.current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("RUST_LOG")
            .env_remove("DISCLOSURE_BIND")
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let lines = spawn_lines(child.stdout.take().unwrap());
        let mut r = Running {
            child,
            lines,
            seen: Vec::new(),
            base: String::new(),
            admin: None,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while r.base.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = r
                .lines
                .recv_timeout(left)
                .expect("the server prints its address within 60 s");
            if let Some(a) = line.strip_prefix("disclosure: admin (metrics, readyz) on http://") {
                r.admin = Some(a.trim_end_matches('/').to_string());
            }
            if let Some(a) = line.strip_prefix("disclosure: serving on http://") {
                r.base = a.trim_end_matches('/').to_string();
            }
            r.seen.push(line);
        }
        r
    }

    /// Everything printed so far (waits briefly for lines still in flight).
    fn output(&mut self) -> Vec<String> {
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(300)) {
            self.seen.push(l);
        }
        self.seen.clone()
    }
}

/// One HTTP/1.1 exchange with `Connection: close`: (status, headers lower-cased, body).
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn http(addr: &str, method: &str, path: &str, extra: &[(&str, &str)], body: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    for _ in 0..100_000 {
        let Some((size, rest)) = s.split_once("\r\n") else {
            break;
        };
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn csrf_of(body: &str) -> String {
    let start = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    body[start..start + 32].to_string()
}

/// A browser's session: the cookie of the last `Set-Cookie`.
struct Session<'a> {
    addr: &'a str,
    cookie: String,
}

impl Session<'_> {
    fn send(&mut self, method: &str, path: &str, body: &str) -> Reply {
        let mut headers = vec![];
        if !self.cookie.is_empty() {
            headers.push(("Cookie", self.cookie.as_str()));
        }
        let r = http(self.addr, method, path, &headers, body);
        if let Some(c) = r.header("set-cookie") {
            self.cookie = c.split(';').next().unwrap().to_string();
        }
        r
    }
}

fn metric(text: &str, name: &str) -> i64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_full_case_logs_request_ids_but_no_id_number_phone_or_password_and_metrics_count_it() {
    let mut server = Running::start(
        &[
            ("DISCLOSURE_LOG__FORMAT", "json"),
            ("DISCLOSURE_SERVER__ADMIN_BIND", "127.0.0.1:0"),
        ],
        &[],
    );
    let base = server.base.clone();
    let admin = server.admin.clone().expect("an admin listener");
    // /metrics is on the admin address only.
    assert_eq!(http(&base, "GET", "/metrics", &[], "").status, 404);
    let before = http(&admin, "GET", "/metrics", &[], "");
    assert_eq!(before.status, 200);
    let registered_before = metric(&before.body, "disclosure_cases_open{stage=\"registered\"}");

    // The applicant applies online with an ID number and a phone number.
    let mut applicant = Session {
        addr: &base,
        cookie: String::new(),
    };
    let page = applicant.send("GET", "/apply", "");
    let csrf = csrf_of(&page.body);
    let agency_start = page.body.find("name=\"agency\"><option value=\"").unwrap() + 29;
    let agency: String = page.body[agency_start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let applied = applicant.send(
        "POST",
        "/apply",
        &form(&[
            ("csrf", &csrf),
            ("agency", &agency),
            ("applicant_kind", "natural_person"),
            ("name", "李四"),
            ("id_type", "resident_id"),
            ("id_number", PORTAL_ID_NUMBER),
            ("phone", PORTAL_PHONE),
            ("email", "lisi@example.cn"),
            ("description", "2025年本区道路养护合同"),
            ("requested_form", "electronic"),
            ("delivery", "email"),
        ]),
    );
    assert_eq!(applied.status, 200, "{}", applied.body);

    // A clerk logs in with a password and registers a paper application.
    let mut clerk = Session {
        addr: &base,
        cookie: String::new(),
    };
    let csrf = csrf_of(&clerk.send("GET", "/login", "").body);
    let login = clerk.send(
        "POST",
        "/login",
        &form(&[
            ("csrf", &csrf),
            ("username", "clerk"),
            ("password", PASSWORD),
        ]),
    );
    assert_eq!(login.status, 303);
    let csrf = csrf_of(&clerk.send("GET", "/cases/new", "").body);
    // A mistyped ID number first: refused, and not logged either.
    let bad = clerk.send(
        "POST",
        "/cases",
        &form(&[
            ("csrf", &csrf),
            ("channel", "in_person"),
            ("arrived_on", "2026-11-20"),
            ("applicant_kind", "natural_person"),
            ("name", "张三"),
            ("id_type", "resident_id"),
            ("id_number", "110105194912310021"),
            ("phone", PHONE),
            ("address", "示范市人民路1号"),
            ("description", "2025年老旧小区改造资金安排"),
            ("requested_form", "paper"),
            ("delivery", "post"),
        ]),
    );
    assert_eq!(bad.status, 400);
    let registered = clerk.send(
        "POST",
        "/cases",
        &form(&[
            ("csrf", &csrf),
            ("channel", "in_person"),
            ("arrived_on", "2026-11-20"),
            ("applicant_kind", "natural_person"),
            ("name", "张三"),
            ("id_type", "resident_id"),
            ("id_number", ID_NUMBER),
            ("phone", PHONE),
            ("address", "示范市人民路1号"),
            ("description", "2025年老旧小区改造资金安排"),
            ("requested_form", "paper"),
            ("delivery", "post"),
        ]),
    );
    assert_eq!(registered.status, 303, "{}", registered.body);
    let case = registered.header("location").unwrap().to_string();
    let detail = clerk.send("GET", &case, "");
    assert_eq!(detail.status, 200);

    // A request id from a proxy is kept and echoed; without one, one is made.
    let traced = http(
        &base,
        "GET",
        "/healthz",
        &[("X-Request-Id", "edge-7f3a")],
        "",
    );
    assert_eq!(traced.header("x-request-id"), Some("edge-7f3a"));
    let made = http(&base, "GET", "/healthz", &[], "");
    assert_eq!(made.header("x-request-id").map(str::len), Some(32));

    // Metrics: two more cases in stage `registered` (one online, one at the desk).
    let after = http(&admin, "GET", "/metrics", &[], "");
    assert_eq!(
        metric(&after.body, "disclosure_cases_open{stage=\"registered\"}"),
        registered_before + 2
    );
    assert!(after.body.contains(
        "disclosure_http_request_duration_seconds_count{method=\"POST\",route=\"/cases\",status=\"3xx\"} 1"
    ));
    assert!(after.body.contains(
        "disclosure_http_request_duration_seconds_count{method=\"GET\",route=\"/cases/{id}\",status=\"2xx\"} 1"
    ));
    assert_eq!(
        metric(
            &after.body,
            "disclosure_calendar_year_loaded{year=\"2026\"}"
        ),
        1
    );

    // SIGTERM: the server stops by itself, cleanly.
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(40);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "no exit 40 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "exit after SIGTERM: {status:?}");

    let output = server.output();
    let log: Vec<serde_json::Value> = output
        .iter()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("every log line is JSON"))
        .collect();
    let requests: Vec<&serde_json::Value> =
        log.iter().filter(|v| v["message"] == "request").collect();
    assert!(requests.len() >= 12, "{} request lines", requests.len());
    for r in &requests {
        let id = r["span"]["request_id"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "request line without request id: {r}");
    }
    assert!(requests
        .iter()
        .any(|r| r["span"]["request_id"] == "edge-7f3a" && r["route"] == "/healthz"));
    assert!(log.iter().any(|v| v["message"] == "stopped"));
    for line in &output {
        for secret in [
            ID_NUMBER,
            PORTAL_ID_NUMBER,
            "110105194912310021",
            PHONE,
            PORTAL_PHONE,
        ] {
            assert!(!line.contains(secret), "{secret} logged: {line}");
        }
        // The password is printed once by design in the demo banner (not a log line); no log line
        // may contain it.
        if line.starts_with('{') {
            assert!(!line.contains(PASSWORD), "password logged: {line}");
        }
    }
}

#[test]
fn readyz_reports_a_stopped_database() {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let server = Running::start(&[("DATABASE_URL", db.url.as_str())], &["--no-demo"]);
    let ready = http(&server.base, "GET", "/readyz", &[], "");
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready\n"));
    // The database goes away (DROP … WITH (FORCE) ends every connection, as a stopped server does).
    drop(db);
    let started = Instant::now();
    let down = http(&server.base, "GET", "/readyz", &[], "");
    assert_eq!(down.status, 503, "{}", down.body);
    assert!(
        down.body.starts_with("not ready: database unreachable"),
        "{}",
        down.body
    );
    assert!(started.elapsed() < Duration::from_secs(10), "answers fast");
    // Liveness is unaffected: the process is up.
    assert_eq!(http(&server.base, "GET", "/healthz", &[], "").status, 200);
}

#[test]
fn readyz_is_ready_on_a_fresh_sqlite_database_and_a_bad_config_key_stops_the_start() {
    let server = Running::start(&[], &["--no-demo"]);
    let ready = http(&server.base, "GET", "/readyz", &[], "");
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready\n"));
    drop(server);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("disclosure.toml");
    std::fs::write(&config, "[server]\nadmin_bnid = \"127.0.0.1:9090\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .current_dir(dir.path())
        .args(["--config", config.to_str().unwrap(), "serve", "--no-demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("admin_bnid"), "{err}");
    assert!(err.contains("disclosure.toml"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .current_dir(dir.path())
        .env("DISCLOSURE_LOG__FORMAT", "xml")
        .args(["serve", "--no-demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("format") && err.contains("xml"), "{err}");
    assert!(
        !dir.path().join("data").exists(),
        "nothing created before the configuration is valid"
    );
}

#[test]
fn the_session_key_is_generated_once_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let server = Running::start(&[("DISCLOSURE_SERVER__DATA_DIR", "state")], &["--no-demo"]);
    let key = server._dir.path().join("state/session.key");
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), 64);
    let first = std::fs::read(&key).unwrap();
    // Made readable by others (e.g. restored from a backup): the next start keeps it, private again.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let dir_path = server._dir.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .current_dir(&dir_path)
        .env("DISCLOSURE_SERVER__DATA_DIR", "state")
        .env_remove("DATABASE_URL")
        .args(["serve", "--no-demo", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = spawn_lines(child.stdout.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines.recv_timeout(left).expect("second start");
        if line.starts_with("disclosure: serving on") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read(&key).unwrap(), first, "the same key");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    drop(server);
}

/// Lifecycle (issue #10): SIGTERM while a request is in flight. An applicant's form is half
/// uploaded (a slow connection: the body arrives in two pieces, the second after the signal); the
/// server stops accepting, lets that request finish — the application is registered and answered
/// with 200 — stops the mail worker (its log line), and exits 0.
#[test]
fn sigterm_lets_an_in_flight_request_finish_then_stops_the_mail_worker_and_exits_0() {
    let mut server = Running::start(&[], &[]);
    let base = server.base.clone();
    let mut applicant = Session {
        addr: &base,
        cookie: String::new(),
    };
    let page = applicant.send("GET", "/apply", "");
    let csrf = csrf_of(&page.body);
    let agency_start = page.body.find("name=\"agency\"><option value=\"").unwrap() + 29;
    let agency: String = page.body[agency_start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let body = form(&[
        ("csrf", &csrf),
        ("agency", &agency),
        ("applicant_kind", "natural_person"),
        ("name", "王小二"),
        ("phone", PORTAL_PHONE),
        ("email", "wangxiaoer@example.cn"),
        ("description", "本区2025年公共厕所改造项目的招标文件"),
        ("requested_form", "electronic"),
        ("delivery", "email"),
    ]);
    let (first, second) = body.split_at(body.len() / 2);
    let mut s = TcpStream::connect(&base).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST /apply HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        applicant.cookie,
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(first.as_bytes()).unwrap();
    s.flush().unwrap();
    // The server has the request and is waiting for the rest of its body.
    std::thread::sleep(Duration::from_millis(500));
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    // Well after the signal the process is still there, waiting for the request in flight.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server exited with a request in flight"
    );
    s.write_all(second.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let reply = String::from_utf8_lossy(&raw).into_owned();
    assert!(
        reply.starts_with("HTTP/1.1 200"),
        "the in-flight request completes: {reply}"
    );
    assert!(reply.contains("申请已提交"), "{reply}");
    assert!(reply.contains("id=\"tracking-code\""), "{reply}");

    let deadline = Instant::now() + Duration::from_secs(40);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "no exit 40 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let output = server.output();
    let at = |needle: &str| {
        output
            .iter()
            .position(|l| l.trim_end().ends_with(needle))
            .unwrap_or_else(|| panic!("no line ending in `{needle}` in {output:#?}"))
    };
    // The listener stopped first, then the mail worker was stopped and joined.
    assert!(
        at("INFO stopped") < at("INFO mail worker stopped"),
        "{output:#?}"
    );
    // The registered application is in the database the server used.
    let db = server._dir.path().join("data/disclosure.db");
    let export = Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .args(["--database", db.to_str().unwrap(), "export"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(export.status.success());
    let text = String::from_utf8_lossy(&export.stdout);
    assert!(text.contains("本区2025年公共厕所改造项目的招标文件"));
}
