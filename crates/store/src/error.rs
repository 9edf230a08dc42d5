/// Why a store operation failed. A database error is never turned into "not found".
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL `{0}` is neither a file path, sqlite://PATH nor postgres://…")]
    BadUrl(String),
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("the case was changed by someone else (expected version {expected}, found {found})")]
    Conflict { expected: i32, found: i32 },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("backup is only for SQLite; for PostgreSQL use pg_dump (docs/storage.md)")]
    BackupNotSupported,
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The shared COMMIT of a group of writers failed (SQLite group commit): nothing of it is kept.
    #[error("commit failed: {0}")]
    CommitFailed(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("connection pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUrl(_) => "bad_database_url",
            Self::Open(_) => "database_unavailable",
            Self::Migration(_) => "migration_failed",
            Self::Conflict { .. } => "stale_case_version",
            Self::NotFound(_) => "not_found",
            Self::BackupNotSupported => "backup_not_supported",
            Self::Corrupt(_) => "corrupt_data",
            Self::CommitFailed(_) | Self::Database(_) | Self::Pool(_) | Self::Io(_) => {
                "database_error"
            }
        }
    }
}
