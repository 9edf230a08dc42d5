//! Answers to "why this date?" — what officers and auditors ask of every deadline.
use chrono::NaiveDate;

use crate::Dated;

/// What kind of special day was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayNoteKind {
    /// An official day off (放假), from the loaded notice.
    Holiday,
    /// A weekend day made a working day (调休上班).
    MakeUpWorkday,
    /// A fixed-date day off assumed for a year whose notice is not loaded (R-TIME-10).
    ProvisionalHoliday,
}

/// A holiday or make-up day met while counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayNote {
    pub date: NaiveDate,
    pub kind: DayNoteKind,
    /// The holiday it belongs to, e.g. 国庆节.
    pub name: String,
}

/// The working days counted from `start` to reach `end`, and the special days met on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub start: NaiveDate,
    pub n: u32,
    pub end: Dated,
    /// Every working day counted, in order; `counted.len() == n`.
    pub counted: Vec<NaiveDate>,
    /// Holidays and make-up days in `(start, end]`.
    pub notes: Vec<DayNote>,
}
