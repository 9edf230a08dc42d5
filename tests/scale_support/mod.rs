//! Harness of the scale tests (crash, multi-instance): the real binary's `seed`, `token create`,
//! `audit verify` and `serve` on a database the test chooses, and a minimal HTTP/1.1 client (one
//! connection per request, bounded by timeouts) so no request can hang a test.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The binary under test, with `DATABASE_URL` set and run in `dir` (its `data/` holds the session
/// key), so two servers of one test share exactly what they should.
pub fn disclosure(dir: &Path, database_url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_disclosure"));
    c.current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("DISCLOSURE_LOG__FORMAT", "json")
        .env("RUST_LOG", "warn");
    c
}

/// Runs a CLI command to completion; panics with its output when it fails.
pub fn run_ok(dir: &Path, database_url: &str, args: &[&str]) -> String {
    let out = disclosure(dir, database_url)
        .args(args)
        .output()
        .expect("run disclosure");
    assert!(
        out.status.success(),
        "disclosure {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo agency with its staff and `cases` seeded cases.
pub fn seed(dir: &Path, database_url: &str, cases: u32) {
    run_ok(
        dir,
        database_url,
        &["seed", "--cases", &cases.to_string(), "--quiet"],
    );
}

/// An API token acting as `user`.
pub fn token(dir: &Path, database_url: &str, user: &str) -> String {
    run_ok(dir, database_url, &["token", "create", "--user", user])
        .trim()
        .to_string()
}

/// The demo agency with its staff (and a few cases), and an API token acting as `user`.
pub fn prepare(dir: &Path, database_url: &str, user: &str) -> String {
    seed(dir, database_url, 5);
    token(dir, database_url, user)
}

/// A running `disclosure serve`; SIGKILLed when dropped.
pub struct Serve {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `disclosure serve` on 127.0.0.1:0 without demo data and waits for its address line.
pub fn serve(dir: &Path, database_url: &str) -> Serve {
    serve_with(dir, database_url, &[])
}

/// [`serve`] with extra environment (e.g. the `DISCLOSURE_MAIL__*` settings).
pub fn serve_with(dir: &Path, database_url: &str, env: &[(&str, String)]) -> Serve {
    let mut cmd = disclosure(dir, database_url);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .args(["serve", "--bind", "127.0.0.1:0", "--no-demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start disclosure serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("server exited before printing its address")
            .expect("read server output");
        if let Some(rest) = line.strip_prefix("disclosure: serving on http://") {
            break rest.trim_end_matches('/').parse().expect("address");
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Serve { child, addr }
}

/// One HTTP/1.1 request with a bearer token and a JSON body; returns the status and body. A
/// connection refused or cut (a killed server) is an `Err`.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&serde_json::Value>,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no complete response"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let rest = &raw[split + 4..];
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn dechunk(mut s: &[u8]) -> std::io::Result<Vec<u8>> {
    let cut = || std::io::Error::other("cut chunk");
    let mut out = Vec::new();
    loop {
        let line_end = s.windows(2).position(|w| w == b"\r\n").ok_or_else(cut)?;
        let size = String::from_utf8_lossy(&s[..line_end]);
        let n = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
        if n == 0 {
            return Ok(out);
        }
        let rest = &s[line_end + 2..];
        out.extend_from_slice(rest.get(..n).ok_or_else(cut)?);
        s = rest.get(n + 2..).unwrap_or(&[]);
    }
}

/// The registration form of the API (the 申请登记表's fields), for an applicant named `name`.
pub fn registration(name: &str) -> serde_json::Value {
    serde_json::json!({
        "channel": "in_person",
        "arrived_on": "2026-09-28",
        "applicant_kind": "natural_person",
        "name": name,
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "address": "示范市人民路1号",
        "description": "2025年老旧小区改造资金安排",
        "requested_form": "paper",
        "delivery": "post",
    })
}
