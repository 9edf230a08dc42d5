//! The SMTP sink the mail tests talk to: `smtp_sink.py` (Python aiosmtpd) on 127.0.0.1, started and
//! stopped by the test.
#![allow(dead_code, reason = "each test file uses part of the support module")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running sink; killed on drop.
#[derive(Debug)]
pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

/// A message as Python's e-mail parser decoded it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Received {
    pub subject: String,
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub envelope_to: Vec<String>,
    pub body: Option<String>,
    pub attachments: Vec<ReceivedAttachment>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct ReceivedAttachment {
    pub filename: Option<String>,
    pub content_type: String,
    pub file: PathBuf,
}

/// Whether Python with aiosmtpd is available; under CI its absence fails the test.
pub fn sink_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("python3 with aiosmtpd is required (pip install aiosmtpd)");
        }
        eprintln!("\n!! SKIPPING: python3 -c 'import aiosmtpd' failed (pip install aiosmtpd)\n");
    }
    ok
}

impl Sink {
    /// Starts a sink writing into `dir`, on `port` (0: any free port).
    pub fn start(dir: &Path, port: u16) -> Sink {
        Self::spawn(dir, &[port.to_string()])
    }

    /// A sink speaking TLS with the certificate `cert` (PEM chain) and `key`: `starttls` (offered
    /// and required before MAIL) or `tls` (from the first byte).
    pub fn start_tls(dir: &Path, mode: &str, cert: &Path, key: &Path) -> Sink {
        Self::spawn(
            dir,
            &[
                "0".into(),
                mode.into(),
                cert.display().to_string(),
                key.display().to_string(),
            ],
        )
    }

    fn spawn(dir: &Path, args: &[String]) -> Sink {
        // Found next to this file, whichever package's tests include it: `file!()` is relative to
        // the workspace root, tests run in their package's directory.
        let here = Path::new(file!()).with_file_name("smtp_sink.py");
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = [manifest.join(&here), manifest.join("../..").join(&here)]
            .into_iter()
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("smtp_sink.py not found from {}", here.display()));
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let port: u16 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("sink did not start: {line:?}"));
        Sink {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    /// Every message received so far, by file name.
    pub fn received(&self) -> Vec<Received> {
        read_received(&self.dir)
    }
}

/// The messages stored in `dir` (by any sink that wrote there).
pub fn read_received(dir: &Path) -> Vec<Received> {
    let mut by_name = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let r: Received = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            by_name.insert(p, r);
        }
    }
    by_name.into_values().collect()
}

/// Waits (at most `limit`) until `dir` holds `n` messages.
pub fn wait_for(dir: &Path, n: usize, limit: Duration) -> Vec<Received> {
    let start = Instant::now();
    loop {
        let got = read_received(dir);
        if got.len() >= n || start.elapsed() > limit {
            return got;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
