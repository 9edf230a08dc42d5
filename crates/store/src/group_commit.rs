//! Group commit for SQLite writers (issue #9).
//!
//! SQLite has one writer at a time and, with `synchronous = FULL`, every COMMIT waits for an fsync
//! of the WAL: a few milliseconds on a virtual disk, so one transaction per registration caps a
//! server at a few hundred registrations a second however many clerks are typing, and the 64th
//! writer in the queue waits 64 fsyncs.
//!
//! Here the writers of one process share one transaction while they queue: each runs its work in
//! its own SAVEPOINT (its error rolls back only its own changes), and the writer that finds nobody
//! queued behind it commits the whole batch with one fsync. Nobody returns success before the
//! COMMIT that holds its changes has returned, so an acknowledged write is as durable as before;
//! when that COMMIT fails, every member of the batch gets the error and nothing of the batch is
//! kept. Writers still run one at a time, in arrival order, so gapless numbers and version checks
//! behave exactly as with one transaction each.
//!
//! PostgreSQL does not need this (row locks, and its own group commit of WAL flushes).
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::Connection;

use crate::conn::{AnyConnection, DbPool};
use crate::store::{Conn, TxError};
use crate::StoreError;

/// At most this many writers share one COMMIT, so one batch's latency stays bounded under a flood.
pub const MAX_BATCH: usize = 256;

/// A batch open this long is committed by its next writer even with others queued: readers (who see
/// only committed data) never wait longer than this behind a stream of writers.
pub const MAX_BATCH_AGE: Duration = Duration::from_millis(20);

/// The shared state of one process's SQLite writers.
#[derive(Debug, Default)]
pub(crate) struct GroupCommit {
    open: Mutex<Option<Batch>>,
    /// Writers waiting for `open`: while there are any, a writer leaves the COMMIT to them.
    queued: AtomicUsize,
    committed_writes: AtomicU64,
    commits: AtomicU64,
}

/// How many writes the process committed in how many COMMITs (writes per fsync).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupCommitStats {
    pub writes: u64,
    pub commits: u64,
}

struct Batch {
    conn: Conn,
    opened: Instant,
    /// Writers whose work succeeded and waits for this batch's COMMIT.
    members: usize,
    outcome: Arc<Outcome>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("members", &self.members)
            .finish_non_exhaustive()
    }
}

/// How a batch ended, for the members waiting on it.
#[derive(Debug, Default)]
struct Outcome {
    result: Mutex<Option<Result<(), String>>>,
    done: Condvar,
}

impl Outcome {
    fn set(&self, r: Result<(), String>) {
        *lock(&self.result) = Some(r);
        self.done.notify_all();
    }

    fn wait(&self) -> Result<(), String> {
        let mut g = lock(&self.result);
        loop {
            if let Some(r) = g.as_ref() {
                return r.clone();
            }
            g = self.done.wait(g).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking writer rolls its batch back before unwinding (below), so the state is sound.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl GroupCommit {
    /// Runs `f` in its own savepoint of the open batch and returns once the batch holding its
    /// changes has committed (or with the error that made it, or the batch, fail).
    pub(crate) fn write<T, E: From<StoreError>>(
        &self,
        pool: &DbPool,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
    ) -> Result<T, E> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        let mut open = lock(&self.open);
        self.queued.fetch_sub(1, Ordering::SeqCst);
        let batch = match open.as_mut() {
            Some(b) => b,
            None => open.insert(begin(pool).map_err(E::from)?),
        };
        let ran = catch_unwind(AssertUnwindSafe(|| {
            batch
                .conn
                .transaction::<T, TxError<E>, _>(|c| f(c).map_err(TxError::Inner))
        }));
        let ran = match ran {
            Ok(r) if healthy(&mut batch.conn) => r,
            // A panic (its savepoint may still be open) or a failure SQLite answers by rolling the
            // whole transaction back: nothing of this batch may be kept.
            other => {
                let failed = open
                    .take()
                    .map(|b| abort(b, "a writer of the batch failed"));
                drop(open);
                return match other {
                    Err(panic) => resume_unwind(panic),
                    Ok(Err(TxError::Inner(e))) => Err(e),
                    Ok(Err(TxError::Database(e))) => Err(E::from(StoreError::Database(e))),
                    Ok(Ok(_)) => Err(E::from(StoreError::CommitFailed(
                        failed.unwrap_or_default(),
                    ))),
                };
            }
        };
        let value = match ran {
            Ok(v) => v,
            Err(TxError::Inner(e)) => return self.leave(open, Err(e)),
            Err(TxError::Database(e)) => {
                return self.leave(open, Err(E::from(StoreError::Database(e))))
            }
        };
        batch.members += 1;
        let outcome = if self.queued.load(Ordering::SeqCst) == 0
            || batch.members >= MAX_BATCH
            || batch.opened.elapsed() >= MAX_BATCH_AGE
        {
            let r = match open.take() {
                Some(b) => {
                    let r = self.commit(b.conn, b.members);
                    b.outcome.set(r.clone());
                    r
                }
                None => Err("the batch was closed under its writer".to_string()),
            };
            drop(open);
            r
        } else {
            let waiting = Arc::clone(&batch.outcome);
            drop(open);
            waiting.wait()
        };
        outcome
            .map(|()| value)
            .map_err(|e| E::from(StoreError::CommitFailed(e)))
    }

    /// Commits a batch of `members` writes (one fsync).
    fn commit(&self, mut conn: Conn, members: usize) -> Result<(), String> {
        match <AnyConnection as Connection>::TransactionManager::commit_transaction(&mut conn) {
            Ok(()) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                self.committed_writes
                    .fetch_add(members as u64, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                let _ = <AnyConnection as Connection>::TransactionManager::rollback_transaction(
                    &mut conn,
                );
                Err(e.to_string())
            }
        }
    }

    pub(crate) fn stats(&self) -> GroupCommitStats {
        GroupCommitStats {
            writes: self.committed_writes.load(Ordering::Relaxed),
            commits: self.commits.load(Ordering::Relaxed),
        }
    }

    /// A writer whose own work failed (its savepoint rolled back) leaves the batch. What the others
    /// did is committed now rather than left to the queue: the failure may be a version conflict
    /// with their uncommitted work, and the caller's retry reads the committed state — were the
    /// batch kept open while writers queue, a retry would read the same stale version again.
    fn leave<T, E: From<StoreError>>(
        &self,
        mut open: MutexGuard<'_, Option<Batch>>,
        failed: Result<T, E>,
    ) -> Result<T, E> {
        let members = open.as_ref().map_or(0, |b| b.members);
        if members > 0 || self.queued.load(Ordering::SeqCst) == 0 {
            if let Some(b) = open.take() {
                let r = if b.members == 0 {
                    rollback(b.conn)
                } else {
                    self.commit(b.conn, b.members)
                };
                b.outcome.set(r);
            }
        }
        drop(open);
        failed
    }
}

fn begin(pool: &DbPool) -> Result<Batch, StoreError> {
    let mut conn = pool.get()?;
    match &mut *conn {
        // IMMEDIATE: the write lock is taken now, so a concurrent writer of another process waits
        // on busy_timeout here instead of failing to upgrade a read lock later.
        AnyConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        AnyConnection::Postgresql(_) => {
            <AnyConnection as Connection>::TransactionManager::begin_transaction(&mut conn)?
        }
    }
    Ok(Batch {
        conn,
        opened: Instant::now(),
        members: 0,
        outcome: Arc::default(),
    })
}

/// The batch's transaction is still open at its outermost level and usable.
fn healthy(conn: &mut AnyConnection) -> bool {
    let status =
        <AnyConnection as Connection>::TransactionManager::transaction_manager_status_mut(conn);
    matches!(status.transaction_depth(), Ok(Some(d)) if d.get() == 1)
}

fn rollback(mut conn: Conn) -> Result<(), String> {
    <AnyConnection as Connection>::TransactionManager::rollback_transaction(&mut conn)
        .map_err(|e| e.to_string())
}

/// Rolls a failed batch back and tells its waiting members; returns what they were told.
fn abort(b: Batch, why: &str) -> String {
    let mut conn = b.conn;
    let _ = <AnyConnection as Connection>::TransactionManager::rollback_transaction(&mut conn);
    let msg = why.to_string();
    b.outcome.set(Err(msg.clone()));
    msg
}
