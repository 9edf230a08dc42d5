//! "Today" for the web layer, in China Standard Time; fixed in tests so pages are reproducible.
use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// Where the web layer gets the current time; the domain never reads it, it is passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(NaiveDateTime),
}

impl Clock {
    /// The current date-time in China Standard Time (UTC+8, no daylight saving), the zone of every
    /// date the agency works with.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Self::System => Utc::now().naive_utc() + TimeDelta::hours(8),
            Self::Fixed(t) => *t,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }
}
