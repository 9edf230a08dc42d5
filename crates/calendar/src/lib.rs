//! The official working-day calendar of mainland China (R-TIME-1, R-TIME-2, R-TIME-10).
//!
//! A working day (工作日) is Monday–Friday, minus the statutory days off announced each year by the
//! State Council General Office (国务院办公厅关于部分节假日安排的通知), plus the weekend days that notice
//! turns into working days (调休上班). The official data for 2004–2026 is compiled in; an agency can
//! load a newer year at run time (see [`Calendar::with_overrides`]) the week the notice is published.
//!
//! Legal periods never count their starting day (期间开始的当日不计入, R-TIME-2): "N working days after
//! D" is the N-th working day strictly after D, whatever kind of day D is. `bdays`' own
//! `advance_bdays` first rolls a non-working start forward, which is wrong for legal periods, so the
//! arithmetic here is done on a precomputed prefix count: every call is a table lookup.
//!
//! Years without announced data are not guessed silently: they follow weekends plus the solar-date days
//! off fixed by 《全国年节及纪念日放假办法》 (1 January, 1–2 May, 1–3 October), and every result that
//! touches such a year is flagged *provisional*.
#![forbid(unsafe_code)]

mod calendar;
mod data;
mod error;
mod explain;
mod rules;

pub use calendar::{Calendar, Counted, Dated, DayInfo};
pub use data::{parse_calendar_csv, parse_iso_date, DayEntry, DayKind, BUILTIN_CSV};
pub use error::CalendarError;
pub use explain::{DayNote, DayNoteKind, Explanation};
pub use rules::{ChineseHolidayRules, PROVISIONAL_FIXED_DAYS_OFF};

/// Dates are plain calendar dates in China Standard Time; the domain never sees a clock.
pub type Date = chrono::NaiveDate;
