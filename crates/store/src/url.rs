//! One way to name the database everywhere (`--database URL`, `DATABASE_URL`).
use std::path::PathBuf;

use crate::StoreError;

/// The default database of a county office: one SQLite file next to the program.
pub const DEFAULT_DATABASE: &str = "./data/disclosure.db";

/// Which backend, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// A file path or `sqlite://PATH` is SQLite; `postgres://…` or `postgresql://…` is PostgreSQL.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(StoreError::BadUrl(text.to_string()));
        }
        if t.starts_with("postgres://") || t.starts_with("postgresql://") {
            return Ok(Self::Postgres(t.to_string()));
        }
        if let Some(path) = t.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StoreError::BadUrl(text.to_string()));
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if t.contains("://") {
            return Err(StoreError::BadUrl(text.to_string()));
        }
        Ok(Self::Sqlite(PathBuf::from(t)))
    }

    /// For messages and logs: the PostgreSQL password is never shown.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite://{}", p.display()),
            Self::Postgres(u) => match (u.find("://"), u.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let creds = &u[s + 3..at];
                    let user = creds.split(':').next().unwrap_or("");
                    format!("{}://{}:***@{}", &u[..s], user, &u[at + 1..])
                }
                _ => u.clone(),
            },
        }
    }
}
