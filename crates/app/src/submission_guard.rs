//! The portal's rate limit per client address: at most N online applications an hour, with no
//! captcha (条例 §29 lets anyone apply; the limit only stops a script flooding the register). Kept
//! in memory per process, like login throttling; 0 turns it off.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{Duration, NaiveDateTime};

/// The window the count runs over.
const WINDOW_MINUTES: i64 = 60;
/// Addresses tracked at most; beyond it, addresses quiet for a window are forgotten.
const MAX_TRACKED: usize = 50_000;

#[derive(Debug)]
pub struct SubmissionGuard {
    per_hour: u32,
    hits: Mutex<HashMap<String, VecDeque<NaiveDateTime>>>,
}

impl Default for SubmissionGuard {
    /// 10 an hour: more than any person applies by hand, far fewer than a script.
    fn default() -> Self {
        Self::new(10)
    }
}

impl SubmissionGuard {
    pub fn new(per_hour: u32) -> Self {
        Self {
            per_hour,
            hits: Mutex::default(),
        }
    }

    /// Counts a submission from `address` at `now`, or says from when it may try again. Refused
    /// submissions are not counted, so waiting always helps.
    pub fn admit(&self, address: &str, now: NaiveDateTime) -> Result<(), NaiveDateTime> {
        if self.per_hour == 0 {
            return Ok(());
        }
        let Ok(mut map) = self.hits.lock() else {
            return Ok(());
        };
        let window = Duration::minutes(WINDOW_MINUTES);
        if map.len() >= MAX_TRACKED {
            map.retain(|_, q| q.back().is_some_and(|last| now - *last < window));
        }
        let q = map.entry(address.to_string()).or_default();
        while q.front().is_some_and(|first| now - *first >= window) {
            q.pop_front();
        }
        if q.len() >= self.per_hour as usize {
            return Err(q.front().map_or(now, |first| *first + window));
        }
        q.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 9, 28)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn the_fourth_in_an_hour_waits_until_the_first_is_an_hour_old() {
        let g = SubmissionGuard::new(3);
        for m in [0, 10, 20] {
            assert_eq!(g.admit("10.0.0.1", at(9, m)), Ok(()));
        }
        assert_eq!(g.admit("10.0.0.1", at(9, 59)), Err(at(10, 0)));
        // Another address is not affected.
        assert_eq!(g.admit("10.0.0.2", at(9, 59)), Ok(()));
        // At 10:00 the 09:00 submission leaves the window.
        assert_eq!(g.admit("10.0.0.1", at(10, 0)), Ok(()));
        assert_eq!(g.admit("10.0.0.1", at(10, 5)), Err(at(10, 10)));
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let g = SubmissionGuard::new(0);
        for m in 0..30 {
            assert_eq!(g.admit("10.0.0.1", at(9, m)), Ok(()));
        }
    }
}
