//! Shared harness of the end-to-end tests: a real `disclosure serve` on a free loopback port, and a
//! real headless Chromium driven through chromedriver.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped, so a failing test leaves nothing running.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `disclosure serve` and its base URL.
pub struct Server {
    pub base: String,
    _child: Guard,
    /// The server's working directory (its `data/`: SQLite file, session key), removed afterwards.
    pub dir: tempfile::TempDir,
}

/// Starts the binary under test on 127.0.0.1:0 in a fresh working directory (so its SQLite database
/// and demo data are its own) and waits for its address line.
pub fn start_server(extra_args: &[&str]) -> Server {
    let dir = tempfile::tempdir().expect("server directory");
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclosure"))
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start disclosure serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("server exited before printing its address")
            .expect("read server output");
        if let Some(rest) = line.strip_prefix("disclosure: serving on ") {
            break rest.trim_end_matches('/').to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        base,
        _child: Guard(child),
        dir,
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Where the browser lives, or why the browser tests cannot run here.
pub fn browser_binaries() -> Result<(PathBuf, PathBuf), String> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let driver = PathBuf::from("/usr/bin/chromedriver");
    match chromium {
        Some(c) if driver.exists() => Ok((c, driver)),
        _ => Err("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)".into()),
    }
}

/// Returns the binaries, or (outside CI) prints a loud notice and returns None so the test is skipped.
/// In CI a missing browser fails the test: nothing may be skipped there.
pub fn require_browser() -> Option<(PathBuf, PathBuf)> {
    match browser_binaries() {
        Ok(b) => Some(b),
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("browser tests cannot run in CI: {why}")
        }
        Err(why) => {
            eprintln!("\n!! SKIPPING browser test: {why}\n");
            None
        }
    }
}

/// A chromedriver process and a WebDriver session on headless Chromium.
pub struct Browser {
    pub client: fantoccini::Client,
    _driver: Guard,
}

impl Browser {
    pub async fn start(chromium: &Path, driver: &Path) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let guard = Guard(child);
        let profile = tempfile::tempdir().expect("profile dir").keep();
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000", "--lang=zh-CN",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps = caps.as_object().cloned().expect("caps object");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match fantoccini::ClientBuilder::rustls()
                .expect("tls")
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("chromedriver did not start: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client,
            _driver: guard,
        }
    }

    /// Saves a PNG of the current page under `target/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }
}
