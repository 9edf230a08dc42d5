//! The working-day table: every question is answered by a lookup (R-TIME-1, R-TIME-2).
use std::collections::BTreeMap;

use bdays::HolidayCalendar;
use chrono::{Datelike, NaiveDate};

use crate::explain::{DayNote, DayNoteKind, Explanation};
use crate::rules::ChineseHolidayRules;
use crate::{parse_calendar_csv, CalendarError, DayEntry, DayKind, BUILTIN_CSV};

/// First date the calendar answers for: the official data starts in 2004.
const FIRST_YEAR: i32 = 2004;
/// Last year the calendar answers for (provisionally, beyond the loaded data).
const LAST_YEAR: i32 = 2099;

/// A date computed by the calendar, and whether it depends on a year whose notice is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub date: NaiveDate,
    /// True when any day counted lies in a year without official data (R-TIME-10).
    pub provisional: bool,
}

/// A number of working days, and whether it depends on a year whose notice is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub days: u32,
    pub provisional: bool,
}

/// What the calendar says of one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub working: bool,
    pub provisional: bool,
    /// The holiday or make-up day this date is, if any.
    pub note: Option<DayNote>,
}

/// The official working-day calendar with O(1) arithmetic over 2004–2099.
///
/// Built once (about a millisecond) and shared read-only; every query is an index into three
/// precomputed arrays.
#[derive(Debug, Clone)]
pub struct Calendar {
    rules: ChineseHolidayRules,
    first: NaiveDate,
    last: NaiveDate,
    first_ce: i32,
    /// `cum[i]`: working days in `[first, first + i]`.
    cum: Vec<u32>,
    /// `prov[i]`: days in years without official data in `[first, first + i]`.
    prov: Vec<u32>,
    /// `working[k]`: offset from `first` of the (k+1)-th working day.
    working: Vec<u32>,
}

impl Calendar {
    /// The calendar with the compiled-in official data (2004–2026).
    pub fn builtin() -> Result<Self, CalendarError> {
        Ok(Self::from_rules(ChineseHolidayRules::new(
            parse_calendar_csv(BUILTIN_CSV)?,
        )))
    }

    /// The built-in data with whole years replaced or added from `csv` (same format as the built-in
    /// file), e.g. next year's notice loaded before a new release.
    pub fn with_overrides(csv: &str) -> Result<Self, CalendarError> {
        let rules = ChineseHolidayRules::new(parse_calendar_csv(BUILTIN_CSV)?)
            .overridden_by(parse_calendar_csv(csv)?);
        Ok(Self::from_rules(rules))
    }

    /// This calendar with whole years replaced or added from `entries` (same meaning as
    /// [`Calendar::with_overrides`]), for a notice loaded while the system runs: the running
    /// calendar's own overrides are kept underneath.
    pub fn with_years(&self, entries: BTreeMap<NaiveDate, DayEntry>) -> Self {
        Self::from_rules(self.rules.clone().overridden_by(entries))
    }

    /// The lines the data holds for `year`, in date order (empty for a year not loaded).
    pub fn year_entries(&self, year: i32) -> Vec<DayEntry> {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Vec::new();
        };
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter_map(|d| self.rules.entry(d).cloned())
            .collect()
    }

    /// Builds the lookup tables from a rule set.
    pub fn from_rules(rules: ChineseHolidayRules) -> Self {
        let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX);
        let len = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
        let mut cum = Vec::with_capacity(len);
        let mut prov = Vec::with_capacity(len);
        let mut working = Vec::with_capacity(len * 5 / 7 + 1);
        let (mut c, mut p) = (0u32, 0u32);
        for (offset, date) in first.iter_days().take(len).enumerate() {
            if rules.is_bday(date) {
                c += 1;
                working.push(u32::try_from(offset).unwrap_or(u32::MAX));
            }
            if !rules.is_year_loaded(date.year()) {
                p += 1;
            }
            cum.push(c);
            prov.push(p);
        }
        Self {
            rules,
            first,
            last,
            first_ce: first.num_days_from_ce(),
            cum,
            prov,
            working,
        }
    }

    /// First date the calendar answers for.
    pub fn first_date(&self) -> NaiveDate {
        self.first
    }

    /// Last date the calendar answers for (provisionally beyond the loaded years).
    pub fn last_date(&self) -> NaiveDate {
        self.last
    }

    /// Years whose official notice is loaded.
    pub fn loaded_years(&self) -> Vec<i32> {
        self.rules.loaded_years().collect()
    }

    /// Whether the year's official notice is loaded (R-TIME-10).
    pub fn is_year_loaded(&self, year: i32) -> bool {
        self.rules.is_year_loaded(year)
    }

    fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        let off = date.num_days_from_ce() - self.first_ce;
        match usize::try_from(off) {
            Ok(i) if i < self.cum.len() => Ok(i),
            _ => Err(CalendarError::OutOfRange {
                date,
                first: self.first,
                last: self.last,
            }),
        }
    }

    fn date_at(&self, offset: u32) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.first_ce + offset as i32).unwrap_or(self.last)
    }

    /// Whether `date` is a working day (R-TIME-1).
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let i = self.index(date)?;
        let before = if i == 0 { 0 } else { self.cum[i - 1] };
        Ok(self.cum[i] > before)
    }

    /// Everything the calendar knows of one date.
    pub fn day_info(&self, date: NaiveDate) -> Result<DayInfo, CalendarError> {
        let working = self.is_working_day(date)?;
        Ok(DayInfo {
            date,
            working,
            provisional: !self.rules.is_year_loaded(date.year()),
            note: self.note(date),
        })
    }

    /// The `n`-th working day strictly after `start` (R-TIME-2: the start day is never counted,
    /// whatever kind of day it is). `n == 0` gives `start` itself.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<Dated, CalendarError> {
        let i = self.index(start)?;
        if n == 0 {
            return Ok(Dated {
                date: start,
                provisional: false,
            });
        }
        let k = self.cum[i] as usize + n as usize - 1;
        let Some(&off) = self.working.get(k) else {
            return Err(CalendarError::ResultOutOfRange {
                start,
                n,
                last: self.last,
            });
        };
        Ok(Dated {
            date: self.date_at(off),
            provisional: self.prov[off as usize] > self.prov[i],
        })
    }

    /// The number of working days in the half-open interval `(from, to]`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Counted, CalendarError> {
        let (i, j) = (self.index(from)?, self.index(to)?);
        if i > j {
            return Err(CalendarError::ReversedInterval { from, to });
        }
        Ok(Counted {
            days: self.cum[j] - self.cum[i],
            provisional: self.prov[j] > self.prov[i],
        })
    }

    /// Why `add_working_days(start, n)` gives the date it gives: the days counted and the holidays
    /// and make-up days met on the way.
    pub fn explain(&self, start: NaiveDate, n: u32) -> Result<Explanation, CalendarError> {
        let end = self.add_working_days(start, n)?;
        let counted = start
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= end.date)
            .filter(|d| self.is_working_day(*d).unwrap_or(false))
            .collect();
        Ok(Explanation {
            start,
            n,
            end,
            counted,
            notes: self.notes_between(start, end.date)?,
        })
    }

    /// The holidays, make-up working days and provisional days off in `(from, to]`.
    pub fn notes_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayNote>, CalendarError> {
        self.working_days_between(from, to)?;
        Ok(from
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter_map(|d| self.note(d))
            .collect())
    }

    fn note(&self, date: NaiveDate) -> Option<DayNote> {
        if let Some(e) = self.rules.entry(date) {
            let kind = match e.kind {
                DayKind::Off => DayNoteKind::Holiday,
                DayKind::Work => DayNoteKind::MakeUpWorkday,
            };
            return Some(DayNote {
                date,
                kind,
                name: e.name.clone(),
            });
        }
        self.rules.provisional_day_off(date).map(|name| DayNote {
            date,
            kind: DayNoteKind::ProvisionalHoliday,
            name: name.to_string(),
        })
    }
}
