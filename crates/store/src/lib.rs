//! Persistence of `disclosure`: one diesel code path over embedded SQLite (the default) and
//! PostgreSQL (several server instances on one database). The case record is append-only and
//! hash-chained; the `cases` table is a projection updated in the same transaction.
#![forbid(unsafe_code)]

pub mod attachments;
pub mod bulk;
pub mod calendar_imports;
pub mod cases;
mod chain;
mod conn;
pub mod department_changes;
mod dialect;
pub mod directory;
pub mod documents;
pub mod dump;
mod error;
mod group_commit;
pub use group_commit::{GroupCommitStats, MAX_BATCH, MAX_BATCH_AGE};
mod migrate;
pub mod model;
pub mod outbox;
pub mod queries;
pub mod reasons;
pub mod report_facts;
pub mod reports;
pub mod schema;
pub mod stats;
mod store;
pub mod tokens;
mod url;
mod verify;

pub use conn::{open_pool, AnyConnection, DbPool, SQLITE_PRAGMAS};
pub use error::StoreError;
pub use migrate::{pending_migrations, run_migrations};
pub use store::{Conn, Store};
pub use url::{DatabaseUrl, DEFAULT_DATABASE};
pub use verify::{verify_events, BrokenLink, ChainReport, ChainVerifier};
