//! A graceful stop: the worker finishes the mail in hand, then returns; a stop request also cuts its
//! idle wait short, so `serve` shuts down at once.
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

#[derive(Debug, Default)]
struct Flag {
    stopped: Mutex<bool>,
    wake: Condvar,
}

/// Held by whoever stops the worker.
#[derive(Debug, Clone)]
pub struct StopHandle(Arc<Flag>);

/// Held by the worker.
#[derive(Debug, Clone)]
pub struct StopToken(Arc<Flag>);

/// A connected handle and token.
pub fn stop_pair() -> (StopHandle, StopToken) {
    let flag = Arc::new(Flag::default());
    (StopHandle(flag.clone()), StopToken(flag))
}

impl StopHandle {
    /// Asks the worker to stop after the mail in hand.
    pub fn stop(&self) {
        let mut s = self.0.stopped.lock().unwrap_or_else(|p| p.into_inner());
        *s = true;
        self.0.wake.notify_all();
    }
}

impl StopToken {
    pub fn is_stopped(&self) -> bool {
        *self.0.stopped.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Sleeps up to `d`; returns `true` at once when a stop is requested.
    pub fn wait(&self, d: Duration) -> bool {
        let guard = self.0.stopped.lock().unwrap_or_else(|p| p.into_inner());
        let (guard, _) = self
            .0
            .wake
            .wait_timeout_while(guard, d, |stopped| !*stopped)
            .unwrap_or_else(|p| p.into_inner());
        *guard
    }
}
