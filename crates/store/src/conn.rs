//! The connection to either backend and its pool. All SQL goes through [`AnyConnection`], so there is
//! one code path; where the backends must differ, it is in [`crate::dialect`].
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use crate::{DatabaseUrl, StoreError};

/// A connection to SQLite or PostgreSQL.
#[derive(diesel::MultiConnection)]
#[allow(
    missing_debug_implementations,
    reason = "diesel's connections do not implement Debug"
)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// The pool every caller shares; handlers use it inside `web::block`.
pub type DbPool = Pool<ConnectionManager<AnyConnection>>;

/// SQLite settings applied to every pooled connection (they are per connection, except WAL).
///
/// `synchronous = FULL` with WAL: a transaction is on disk when COMMIT returns, so an acknowledged
/// registration survives a power loss (NORMAL would only survive a process crash).
pub const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 15000;";

#[derive(Debug, Clone, Copy)]
struct Pragmas;

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let AnyConnection::Sqlite(c) = conn {
            c.batch_execute(SQLITE_PRAGMAS)
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens a pool; creates the SQLite file's directory when needed.
pub fn open_pool(url: &DatabaseUrl, max_size: u32) -> Result<DbPool, StoreError> {
    let conn_str = match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            path.to_string_lossy().into_owned()
        }
        DatabaseUrl::Postgres(u) => u.clone(),
    };
    // Fail early with a clear message rather than from inside the pool.
    AnyConnection::establish(&conn_str).map_err(|e| StoreError::Open(e.to_string()))?;
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(30))
        .connection_customizer(Box::new(Pragmas))
        .build(ConnectionManager::new(conn_str))
        .map_err(|e| StoreError::Open(e.to_string()))
}
