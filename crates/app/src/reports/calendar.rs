//! The calendar admin (R-TIME-10): a year's official holiday notice imported while the system runs.
//!
//! An import is validated like the built-in data, kept in `calendar_imports` (so it survives restarts
//! and is loaded at start on top of the built-in data), and in the same transaction every open case
//! whose clock it changes gets a [`Event::CalendarUpdated`] and a recomputed projection. Only then is
//! the shared calendar swapped, so the running services count with the new year at once.
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, PoisonError};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use disclosure_calendar::{parse_calendar_csv, CalendarError, DayEntry, DayKind};
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::{Case, Event};
use disclosure_store::calendar_imports::{
    calendar_import_history, insert_calendar_import, latest_calendar_imports, open_case_ids,
    CalendarImport,
};
use disclosure_store::cases as store_cases;
use sha2::{Digest, Sha256};

use super::ReportError;
use crate::records::{projection, to_event, to_new_event};
use crate::{ServiceError, Services};

/// The years a notice can be imported for: those the calendar answers for.
const YEARS: std::ops::RangeInclusive<i32> = 2004..=2099;

/// Why an import was refused; nothing was stored and no case changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarImportError {
    #[error(transparent)]
    Data(#[from] CalendarError),
    #[error("the file holds no date")]
    Empty,
    #[error("the file holds several years ({0:?}); import one year's notice at a time")]
    SeveralYears(Vec<i32>),
    #[error("year {0} is outside 2004–2099")]
    YearOutOfRange(i32),
    #[error("the file lists no day off for {0}: not a holiday notice")]
    NoDayOff(i32),
}

impl CalendarImportError {
    /// The stable code, key of each surface's Chinese message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Data(e) => e.code(),
            Self::Empty => "calendar_file_empty",
            Self::SeveralYears(_) => "calendar_several_years",
            Self::YearOutOfRange(_) => "calendar_year_out_of_range",
            Self::NoDayOff(_) => "calendar_no_day_off",
        }
    }
}

/// A year's notice, parsed and checked: the edge's typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearNotice {
    pub year: i32,
    pub entries: BTreeMap<NaiveDate, DayEntry>,
}

impl YearNotice {
    /// Parses `date,kind,name` lines of exactly one year (R-TIME-10).
    pub fn parse(csv: &str) -> Result<Self, CalendarImportError> {
        let entries = parse_calendar_csv(csv)?;
        let years: BTreeSet<i32> = entries.keys().map(Datelike::year).collect();
        let year = match years.iter().collect::<Vec<_>>().as_slice() {
            [] => return Err(CalendarImportError::Empty),
            [y] => **y,
            _ => {
                return Err(CalendarImportError::SeveralYears(
                    years.into_iter().collect(),
                ))
            }
        };
        if !YEARS.contains(&year) {
            return Err(CalendarImportError::YearOutOfRange(year));
        }
        if !entries.values().any(|e| e.kind == DayKind::Off) {
            return Err(CalendarImportError::NoDayOff(year));
        }
        Ok(Self { year, entries })
    }

    /// The lines as stored: the header and one normalised line per date, in date order.
    pub fn csv(&self) -> String {
        let mut out = String::from("date,kind,name\n");
        for e in self.entries.values() {
            let kind = match e.kind {
                DayKind::Off => "off",
                DayKind::Work => "work",
            };
            out.push_str(&format!("{},{kind},{}\n", e.date, e.name));
        }
        out
    }

    /// SHA-256 (hex) of [`YearNotice::csv`].
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.csv().as_bytes()))
    }
}

/// One open case whose clock an import changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatedCase {
    pub id: String,
    /// `2026-0001`
    pub number: String,
    pub previous_due: Option<NaiveDate>,
    pub new_due: Option<NaiveDate>,
    pub provisional: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub year: i32,
    /// The calendar already held exactly these lines for the year: nothing stored, nothing changed.
    pub unchanged: bool,
    pub updated: Vec<UpdatedCase>,
}

impl Services {
    /// Puts the imports kept in the database in force on top of the calendar this process started
    /// with (built-in data and any `--calendar-file`); called at start. Returns the years applied.
    pub fn load_imported_calendar(&self) -> Result<Vec<i32>, ReportError> {
        let imports = self.store.read(latest_calendar_imports)?;
        if imports.is_empty() {
            return Ok(Vec::new());
        }
        let mut entries = BTreeMap::new();
        for i in &imports {
            let notice = YearNotice::parse(&i.csv).map_err(|e| {
                ServiceError::Corrupt(format!("calendar import {} #{}: {e}", i.year, i.seq))
            })?;
            entries.extend(notice.entries);
        }
        let cal = self.calendar().with_years(entries);
        self.calendar_handle.replace(Arc::new(cal));
        Ok(imports.iter().map(|i| i.year).collect())
    }

    /// Which import of each year is in force in the database: (year, seq) pairs. Another
    /// instance on the same database compares it with what it loaded to see a new import.
    pub fn imported_calendar_stamp(&self) -> Result<Vec<(i32, i32)>, ReportError> {
        Ok(self
            .store
            .read(latest_calendar_imports)?
            .iter()
            .map(|i| (i.year, i.seq))
            .collect())
    }

    /// Puts in force a year imported by another instance since `seen` (R-TIME-10: every instance
    /// counts deadlines on the same calendar). Returns the years loaded when something changed;
    /// `seen` is updated.
    pub fn refresh_imported_calendar(
        &self,
        seen: &mut Vec<(i32, i32)>,
    ) -> Result<Option<Vec<i32>>, ReportError> {
        let now = self.imported_calendar_stamp()?;
        if &now == seen {
            return Ok(None);
        }
        let years = self.load_imported_calendar()?;
        *seen = now;
        Ok(Some(years))
    }

    /// Every import made, newest first (for the calendar page).
    pub fn calendar_imports(&self) -> Result<Vec<CalendarImport>, ReportError> {
        Ok(self.store.read(calendar_import_history)?)
    }

    /// Imports a year's official notice (administrators and legal staff, R-TIME-10): stores it, and in
    /// the same transaction records [`Event::CalendarUpdated`] on every open case whose due date or
    /// provisional flag it changes, with the case's projection recomputed; then swaps the shared
    /// calendar. The same lines imported again change nothing and record nothing.
    pub fn import_calendar_year(
        &self,
        actor: &Actor,
        notice: &YearNotice,
        now: NaiveDateTime,
    ) -> Result<ImportOutcome, ReportError> {
        if !matches!(actor.role(), Some(Role::Admin | Role::Legal)) {
            return Err(ReportError::NotAllowed);
        }
        let Actor::Staff { user_id, name, .. } = actor else {
            return Err(ReportError::NotAllowed);
        };
        // One import at a time: the old calendar read here must be the one replaced below.
        let _one_at_a_time = self
            .calendar_import_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let old = self.calendar();
        let same = old.is_year_loaded(notice.year)
            && old.year_entries(notice.year)
                == notice.entries.values().cloned().collect::<Vec<_>>();
        if same {
            return Ok(ImportOutcome {
                year: notice.year,
                unchanged: true,
                updated: Vec::new(),
            });
        }
        let new = Arc::new(old.with_years(notice.entries.clone()));
        // A year loaded for the first time can only change provisional clocks; a corrected notice
        // can change any open case's.
        let provisional_only = !old.is_year_loaded(notice.year);
        let updated = self
            .store
            .write(|c| -> Result<Vec<UpdatedCase>, ReportError> {
                let mut updated = Vec::new();
                for id in open_case_ids(c, provisional_only)? {
                    let row = store_cases::case_row(c, &id)?;
                    let mut case = Case::default();
                    for s in &store_cases::load_events(c, &id)? {
                        case.apply(&to_event(s)?);
                    }
                    let Some(event) = case
                        .calendar_update(notice.year, &old, &new)
                        .map_err(|e| ServiceError::Domain(e.into()))?
                    else {
                        continue;
                    };
                    case.apply(&event);
                    let proj = projection(&case, &new)?;
                    let case_actor = Actor::Staff {
                        user_id: user_id.clone(),
                        name: name.clone(),
                        role: actor.role().unwrap_or(Role::Admin),
                        agency_id: row.agency_id.clone(),
                    };
                    let stored = to_new_event(&event, &case_actor, now)?;
                    store_cases::append(c, &id, row.version, &[stored], &proj, now)?;
                    if let Event::CalendarUpdated {
                        previous_due,
                        new_due,
                        provisional,
                        ..
                    } = event
                    {
                        updated.push(UpdatedCase {
                            number: format!("{}-{:04}", row.number_year, row.number_seq),
                            id,
                            previous_due,
                            new_due,
                            provisional,
                        });
                    }
                }
                insert_calendar_import(
                    c,
                    &CalendarImport {
                        year: notice.year,
                        seq: 0,
                        csv: notice.csv(),
                        sha256: notice.sha256(),
                        imported_by: user_id.clone(),
                        imported_by_name: name.clone(),
                        imported_at: now,
                        cases_updated: i32::try_from(updated.len()).unwrap_or(i32::MAX),
                    },
                )?;
                Ok(updated)
            })?;
        self.calendar_handle.replace(new);
        Ok(ImportOutcome {
            year: notice.year,
            unchanged: false,
            updated,
        })
    }
}
