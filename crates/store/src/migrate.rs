//! Embedded migrations, one tree per backend with identical version names.
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::conn::AnyConnection;
use crate::StoreError;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// The PostgreSQL advisory lock key that serialises migrations of several starting instances.
const MIGRATION_LOCK: i64 = 0x0D15_C105;

/// Applies every pending migration; returns how many ran. On PostgreSQL, instances starting together
/// take turns on an advisory lock, so only one applies a migration and the others find it done.
pub fn run_migrations(conn: &mut AnyConnection) -> Result<usize, StoreError> {
    use diesel::RunQueryDsl;
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        AnyConnection::Postgresql(c) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(c)?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(c)?;
            result
        }
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(applied)
}

/// Whether migrations are pending (for readiness checks).
pub fn pending_migrations(conn: &mut AnyConnection) -> Result<usize, StoreError> {
    match conn {
        AnyConnection::Sqlite(c) => c.pending_migrations(SQLITE_MIGRATIONS).map(|p| p.len()),
        AnyConnection::Postgresql(c) => c.pending_migrations(POSTGRES_MIGRATIONS).map(|p| p.len()),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))
}
