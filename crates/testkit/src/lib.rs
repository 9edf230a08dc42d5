//! Test harness: throw-away databases on both backends, so every store test runs twice.
//!
//! - [`TestDb::sqlite`]: a temporary SQLite file, removed afterwards.
//! - [`TestDb::postgres`]: a fresh database on a private PostgreSQL cluster, dropped afterwards. The
//!   cluster is the one `scripts/test.sh` started for the whole run (`DISCLOSURE_TEST_PG`), or else one
//!   this process starts from the Debian binaries (`/usr/lib/postgresql/*/bin`) on a unix socket in a
//!   temporary directory, stopped and removed when the process exits. When the binaries are missing
//!   the PostgreSQL half is skipped with a loud message — except under `CI=true`, where it fails.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// A database for one test.
#[derive(Debug)]
pub struct TestDb {
    /// The URL to give `DatabaseUrl::parse`.
    pub url: String,
    backend: Backend,
}

#[derive(Debug)]
enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres {
        cluster: &'static Cluster,
        name: String,
    },
}

impl TestDb {
    /// A fresh SQLite file in a temporary directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::Builder::new()
            .prefix("disclosure-test-")
            .tempdir()
            .unwrap_or_else(|e| panic!("temporary directory: {e}"));
        let url = dir.path().join("test.db").to_string_lossy().into_owned();
        TestDb {
            url,
            backend: Backend::Sqlite(dir),
        }
    }

    /// A fresh PostgreSQL database, or `None` (with a loud message) when PostgreSQL is not installed
    /// and this is not CI.
    pub fn postgres() -> Option<TestDb> {
        let cluster = match cluster() {
            Ok(c) => c,
            Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("PostgreSQL tests cannot run in CI: {why}")
            }
            Err(why) => {
                eprintln!("\n!! SKIPPING PostgreSQL half of this test: {why}\n");
                return None;
            }
        };
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        cluster.psql(&format!("CREATE DATABASE {name}"));
        Some(TestDb {
            url: cluster.url(&name),
            backend: Backend::Postgres { cluster, name },
        })
    }

    /// The SQLite file, for tests that look at it directly.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        match &self.backend {
            Backend::Sqlite(dir) => Some(dir.path().join("test.db")),
            Backend::Postgres { .. } => None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Backend::Postgres { cluster, name } = &self.backend {
            cluster.psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A running cluster reachable on a unix socket.
#[derive(Debug)]
pub struct Cluster {
    bin: PathBuf,
    socket_dir: String,
    port: u16,
}

impl Cluster {
    fn url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@localhost/{db}?host={}&port={}",
            self.socket_dir, self.port
        )
    }

    fn psql(&self, sql: &str) {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", &self.socket_dir])
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                sql,
            ])
            .output()
            .unwrap_or_else(|e| panic!("psql: {e}"));
        assert!(
            out.status.success(),
            "psql `{sql}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn cluster() -> Result<&'static Cluster, String> {
    static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| match std::env::var("DISCLOSURE_TEST_PG") {
            Ok(spec) => from_spec(&spec),
            Err(_) => start_private_cluster(),
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// `DISCLOSURE_TEST_PG=BIN_DIR|SOCKET_DIR|PORT`, as printed by `scripts/pg-test-cluster.sh start`.
fn from_spec(spec: &str) -> Result<Cluster, String> {
    let parts: Vec<&str> = spec.split('|').collect();
    let [bin, socket_dir, port] = parts.as_slice() else {
        return Err(format!(
            "DISCLOSURE_TEST_PG `{spec}` is not BIN|SOCKET_DIR|PORT"
        ));
    };
    Ok(Cluster {
        bin: PathBuf::from(bin),
        socket_dir: socket_dir.to_string(),
        port: port.parse().map_err(|_| format!("bad port in `{spec}`"))?,
    })
}

/// The newest Debian PostgreSQL binaries, if installed.
pub fn postgres_bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
        .collect();
    dirs.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL server binary, as the `postgres` user when we are root (initdb refuses root).
fn run_as_postgres(bin: &Path, args: &[&str]) -> Result<(), String> {
    let mut cmd = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {:?} failed: {}",
            bin.display(),
            args,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn start_private_cluster() -> Result<Cluster, String> {
    let bin = postgres_bin_dir().ok_or(
        "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)",
    )?;
    let dir = tempfile::Builder::new()
        .prefix("disclosure-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cannot chown the cluster directory to postgres".into());
        }
    }
    let data = dir.join("data");
    let data_s = data.to_string_lossy().into_owned();
    let dir_s = dir.to_string_lossy().into_owned();
    run_as_postgres(
        &bin.join("initdb"),
        &[
            "-D",
            &data_s,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
    )?;
    let port = 5432u16;
    let opts =
        format!("-c listen_addresses='' -k {dir_s} -p {port} -c fsync=off -c max_connections=200");
    let log = dir.join("server.log").to_string_lossy().into_owned();
    run_as_postgres(
        &bin.join("pg_ctl"),
        &["-D", &data_s, "-l", &log, "-o", &opts, "-w", "start"],
    )?;
    // Stop and remove the cluster when this process is gone, however it ends.
    let pg_ctl = bin.join("pg_ctl").to_string_lossy().into_owned();
    let stop = if is_root() {
        format!("runuser -u postgres -- {pg_ctl} -D {data_s} -m immediate stop")
    } else {
        format!("{pg_ctl} -D {data_s} -m immediate stop")
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {dir_s}",
        pid = std::process::id()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    Ok(Cluster {
        bin,
        socket_dir: dir_s,
        port,
    })
}
