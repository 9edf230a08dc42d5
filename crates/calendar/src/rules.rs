//! The rule that says whether one date is a working day, expressed as a `bdays` holiday calendar.
use std::collections::{BTreeMap, BTreeSet};

use bdays::HolidayCalendar;
use chrono::{Datelike, NaiveDate};

use crate::{DayEntry, DayKind};

/// (month, day, name) of the days off that 《全国年节及纪念日放假办法》 fixes by solar date: the only
/// days off that can be known before a year's notice is published (R-TIME-10).
pub const PROVISIONAL_FIXED_DAYS_OFF: [(u32, u32, &str); 6] = [
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
];

/// The official entries plus the set of years they cover; for any other year the provisional rule.
///
/// Implements [`bdays::HolidayCalendar`] with `is_bday` overridden, because the provided one can never
/// make a Saturday a working day (调休).
#[derive(Debug, Clone, Default)]
pub struct ChineseHolidayRules {
    entries: BTreeMap<NaiveDate, DayEntry>,
    loaded_years: BTreeSet<i32>,
}

impl ChineseHolidayRules {
    /// Takes the entries; every year that has at least one entry counts as announced (loaded).
    pub fn new(entries: BTreeMap<NaiveDate, DayEntry>) -> Self {
        let loaded_years = entries.keys().map(|d| d.year()).collect();
        Self {
            entries,
            loaded_years,
        }
    }

    /// Replaces whole years with the years present in `overrides`: a yearly notice is taken as a
    /// whole, so a year in the override file never mixes with the built-in lines of that year.
    pub fn overridden_by(mut self, overrides: BTreeMap<NaiveDate, DayEntry>) -> Self {
        let years: BTreeSet<i32> = overrides.keys().map(|d| d.year()).collect();
        self.entries.retain(|d, _| !years.contains(&d.year()));
        self.entries.extend(overrides);
        self.loaded_years.extend(years);
        self
    }

    /// Whether the year's official notice is part of the data.
    pub fn is_year_loaded(&self, year: i32) -> bool {
        self.loaded_years.contains(&year)
    }

    pub fn loaded_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.loaded_years.iter().copied()
    }

    pub fn entry(&self, date: NaiveDate) -> Option<&DayEntry> {
        self.entries.get(&date)
    }

    /// The provisional day off on `date`, if the year is not loaded and the date is a fixed one.
    pub fn provisional_day_off(&self, date: NaiveDate) -> Option<&'static str> {
        if self.is_year_loaded(date.year()) {
            return None;
        }
        PROVISIONAL_FIXED_DAYS_OFF
            .iter()
            .find(|(m, d, _)| date.month() == *m && date.day() == *d)
            .map(|(_, _, name)| *name)
    }
}

impl HolidayCalendar<NaiveDate> for ChineseHolidayRules {
    fn is_holiday(&self, date: NaiveDate) -> bool {
        match self.entries.get(&date) {
            Some(e) => e.kind == DayKind::Off,
            None => self.provisional_day_off(date).is_some(),
        }
    }

    fn is_bday(&self, date: NaiveDate) -> bool {
        match self.entries.get(&date) {
            Some(e) => e.kind == DayKind::Work,
            None => bdays::is_weekday(date) && self.provisional_day_off(date).is_none(),
        }
    }
}
