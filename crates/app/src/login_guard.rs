//! Login throttling: after [`MAX_FAILURES`] wrong passwords in a row for one user name, that name
//! is refused for [`LOCKOUT_MINUTES`] minutes, whatever the password — so guessing a password
//! online takes years. Kept in memory per process (each instance counts its own attempts); a
//! success clears the count.
use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{Duration, NaiveDateTime};

/// Wrong passwords in a row before the name is locked.
pub const MAX_FAILURES: u32 = 5;
/// How long a locked name stays locked after its last failure.
pub const LOCKOUT_MINUTES: i64 = 15;
/// Names tracked at most; beyond it the oldest entries are dropped (a flood of invented names
/// must not exhaust memory).
const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Default)]
pub struct LoginGuard {
    failures: Mutex<HashMap<String, (u32, NaiveDateTime)>>,
}

impl LoginGuard {
    fn key(username: &str) -> String {
        username.trim().to_lowercase()
    }

    /// Until when the name is locked, if it is.
    pub fn locked_until(&self, username: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let map = self.failures.lock().ok()?;
        let (count, last) = map.get(&Self::key(username))?;
        let until = *last + Duration::minutes(LOCKOUT_MINUTES);
        (*count >= MAX_FAILURES && now < until).then_some(until)
    }

    /// Records a wrong password.
    pub fn failed(&self, username: &str, now: NaiveDateTime) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() >= MAX_TRACKED {
            let cutoff = now - Duration::minutes(LOCKOUT_MINUTES);
            map.retain(|_, (_, last)| *last >= cutoff);
        }
        let entry = map.entry(Self::key(username)).or_insert((0, now));
        // A failure after the lock expired starts a new count.
        if now - entry.1 >= Duration::minutes(LOCKOUT_MINUTES) {
            entry.0 = 0;
        }
        entry.0 += 1;
        entry.1 = now;
    }

    /// Clears the count after a successful login.
    pub fn succeeded(&self, username: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&Self::key(username));
        }
    }
}
