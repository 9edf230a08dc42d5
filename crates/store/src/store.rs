//! The store facade: a pool, migrations at open, transactions for writers.
use std::path::Path;
use std::sync::Arc;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, PooledConnection};
use diesel::Connection;

use crate::conn::{open_pool, AnyConnection, DbPool};
use crate::group_commit::{GroupCommit, GroupCommitStats};
use crate::migrate::run_migrations;
use crate::report_facts::{cases_after, events_in_range};
use crate::verify::{verify_events, ChainReport, ChainVerifier};
use crate::{DatabaseUrl, StoreError};

/// Cases per page when walking every case's events (`verify_all_chains`): about 16,000 events,
/// a few megabytes.
pub const VERIFY_PAGE: i64 = 2000;

/// A pooled connection.
pub type Conn = PooledConnection<ConnectionManager<AnyConnection>>;

/// The database of a deployment.
#[derive(Clone)]
pub struct Store {
    pool: DbPool,
    url: DatabaseUrl,
    /// SQLite: the process's writers share COMMITs (see [`crate::group_commit`]).
    group: Option<Arc<GroupCommit>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("url", &self.url.redacted())
            .finish()
    }
}

impl Store {
    /// Opens the database (creating an SQLite file when needed) and applies pending migrations.
    pub fn open(url: &DatabaseUrl) -> Result<Self, StoreError> {
        let pool = open_pool(url, 16)?;
        let group = matches!(url, DatabaseUrl::Sqlite(_)).then(Arc::default);
        let store = Self {
            pool,
            url: url.clone(),
            group,
        };
        store.migrate()?;
        Ok(store)
    }

    /// Applies pending migrations; returns how many ran.
    pub fn migrate(&self) -> Result<usize, StoreError> {
        let mut c = self.conn()?;
        run_migrations(&mut c)
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// A connection from the pool.
    pub fn conn(&self) -> Result<Conn, StoreError> {
        Ok(self.pool.get()?)
    }

    /// A connection, waiting at most `timeout` (health checks must answer fast when the database is
    /// down, rather than wait the pool's 30 s).
    pub fn conn_within(&self, timeout: std::time::Duration) -> Result<Conn, StoreError> {
        Ok(self.pool.get_timeout(timeout)?)
    }

    /// Runs `f` in one transaction: every state change and its events commit together or not at
    /// all. Any error of `f` (the caller's own error type included) rolls the transaction back.
    /// On SQLite, concurrent writers' transactions are savepoints of one shared COMMIT (group
    /// commit); each returns only once its changes are durable.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some(group) = &self.group {
            return group.write(&self.pool, f);
        }
        let mut conn = self.conn().map_err(E::from)?;
        conn.transaction::<T, TxError<E>, _>(|c| f(c).map_err(TxError::Inner))
            .map_err(|e| match e {
                TxError::Inner(e) => e,
                TxError::Database(d) => E::from(StoreError::Database(d)),
            })
    }

    /// SQLite: how many writes were committed in how many COMMITs since the store was opened.
    pub fn group_commit_stats(&self) -> Option<GroupCommitStats> {
        self.group.as_ref().map(|g| g.stats())
    }

    /// Reads with a pooled connection.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut c = self.conn()?;
        f(&mut c)
    }

    /// Verifies every case's hash chain; reports the first broken link. Walks the cases in pages of
    /// [`VERIFY_PAGE`] (their events in one range read each), so memory stays bounded at millions of
    /// events; each case's events come from one query, so a concurrent append never splits a chain.
    pub fn verify_all_chains(&self) -> Result<ChainReport, StoreError> {
        self.verify_all_chains_paged(VERIFY_PAGE)
    }

    /// [`Store::verify_all_chains`] with `page` cases per read (tests use small pages to cross many
    /// page boundaries with few cases).
    pub fn verify_all_chains_paged(&self, page: i64) -> Result<ChainReport, StoreError> {
        let mut c = self.conn()?;
        let mut v = ChainVerifier::default();
        let mut after: Option<String> = None;
        loop {
            let page = cases_after(&mut c, after.as_deref(), page.max(1))?;
            // The last range is open-ended: events of no listed case are checked too.
            let upto = page.last().map(|k| k.id.clone());
            for e in events_in_range(&mut c, after.as_deref(), upto.as_deref())? {
                if !v.feed(&e) {
                    return Ok(v.report());
                }
            }
            match upto {
                Some(u) => after = Some(u),
                None => return Ok(v.report()),
            }
        }
    }

    /// Verifies one case's chain.
    pub fn verify_case_chain(&self, case_id: &str) -> Result<ChainReport, StoreError> {
        let mut c = self.conn()?;
        Ok(verify_events(&crate::cases::load_events(&mut c, case_id)?))
    }

    /// A consistent online copy of an SQLite database (`VACUUM INTO`), safe while the server runs.
    /// PostgreSQL deployments use `pg_dump` (docs/storage.md).
    pub fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        if !matches!(self.url, DatabaseUrl::Sqlite(_)) {
            return Err(StoreError::BackupNotSupported);
        }
        if target.exists() {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} already exists", target.display()),
            )));
        }
        let quoted = target.to_string_lossy().replace('\'', "''");
        self.conn()?
            .batch_execute(&format!("VACUUM INTO '{quoted}'"))?;
        Ok(())
    }
}

/// A transaction's error: the caller's, or the database's own (BEGIN/COMMIT failing).
#[derive(Debug)]
pub(crate) enum TxError<E> {
    Inner(E),
    Database(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for TxError<E> {
    fn from(e: diesel::result::Error) -> Self {
        Self::Database(e)
    }
}
