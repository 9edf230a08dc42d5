//! The reports of legal staff (法制审核): deadline compliance and the statutory annual-report tables
//! (R-REP-1), computed by `disclosure_core::report` from the folded cases of an agency, and the locking
//! of a published year. The pages and the CLI both call these, so a figure is computed one way only.
pub mod calendar;
pub mod export;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::{Case, Event, Review};
use disclosure_core::report::annual::{table3, table4, ReportCase, COLUMNS};
use disclosure_core::report::compliance::{compliance, ComplianceCase, ComplianceReport, Period};
use disclosure_store::calendar_imports::departments_of_agency;
use disclosure_store::model::Agency;
use disclosure_store::reports::{agency_cases_with_events, insert_report_lock, report_lock};
use disclosure_store::{directory, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::records::to_event;
use crate::{ServiceError, Services};

/// Why a report could not be produced or locked.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("report year {0} is already locked")]
    AlreadyLocked(i32),
    #[error("only legal staff may lock a report year")]
    NotAllowed,
    #[error("the period ends ({to}) before it starts ({from})")]
    ReversedPeriod { from: NaiveDate, to: NaiveDate },
    #[error("year {0} is outside the years the records can cover")]
    BadYear(i32),
    #[error("export failed: {0}")]
    Export(String),
    #[error("a department name has at most {0} characters")]
    DepartmentTooLong(usize),
}

/// The longest department (科室) name kept: long enough for 政策法规与信息公开科.
pub const MAX_DEPARTMENT_CHARS: usize = 30;

impl From<StoreError> for ReportError {
    fn from(e: StoreError) -> Self {
        Self::Service(e.into())
    }
}

impl ReportError {
    /// A stable machine code, the key of each surface's Chinese catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Service(e) => e.code(),
            Self::AlreadyLocked(_) => "report_year_locked",
            Self::NotAllowed => "role_not_allowed",
            Self::ReversedPeriod { .. } => "reversed_period",
            Self::BadYear(_) => "invalid_report_year",
            Self::Export(_) => "internal_error",
            Self::DepartmentTooLong(_) => "department_too_long",
        }
    }

    /// Whether the caller asked for something wrong (4xx) rather than the system failing.
    pub fn is_client_error(&self) -> bool {
        match self {
            Self::Service(e) => e.is_client_error(),
            Self::Export(_) => false,
            _ => true,
        }
    }
}

/// One case of an agency, folded from its record.
#[derive(Debug, Clone)]
pub struct FoldedCase {
    pub id: String,
    /// `2026-0001`
    pub number: String,
    pub case: Case,
}

/// One row of table 三 as stored and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table3Row {
    pub label: String,
    pub level: u8,
    pub counts: [u64; COLUMNS],
}

/// Tables 三 and 四 of one agency's year, as published (and as kept when the year is locked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualFigures {
    pub year: i32,
    pub agency_id: String,
    pub agency_name: String,
    pub table3: Vec<Table3Row>,
    /// 行政复议, 未经复议直接起诉, 复议后起诉; each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    pub table4: Vec<u64>,
    /// The cases breaking 「第一项 + 第二项 = 第三项 + 第四项」; empty when the identity holds.
    pub identity_breaches: Vec<String>,
}

/// The locked version of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedYear {
    pub figures: AnnualFigures,
    pub inputs_hash: String,
    pub locked_by_name: String,
    pub locked_at: NaiveDateTime,
}

/// An agency's annual report: the figures the records give today and, when the year is locked, the
/// figures as locked.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub current: AnnualFigures,
    /// SHA-256 of the case facts the year's figures depend on (see [`inputs_hash`]).
    pub inputs_hash: String,
    pub lock: Option<LockedYear>,
}

impl AnnualReport {
    /// The figures to publish: the locked ones once the year is locked, never silently replaced.
    pub fn figures(&self) -> &AnnualFigures {
        self.lock.as_ref().map_or(&self.current, |l| &l.figures)
    }

    /// The records changed after the year was locked: legal staff must look at what changed.
    pub fn mismatch(&self) -> bool {
        self.lock
            .as_ref()
            .is_some_and(|l| l.inputs_hash != self.inputs_hash)
    }
}

/// The lines hashed for a locked year: per case that bears on the year, what the tables read of it,
/// reduced to its meaning for that year (a case open on 31 December gives the same line whether it
/// concluded in January or not at all), so events of later years never make a locked year mismatch.
pub fn input_lines(year: i32, cases: &[FoldedCase]) -> Vec<String> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let mut lines = Vec::new();
    for c in cases {
        let Some(r) = ReportCase::from_case(&c.number, &c.case) else {
            continue;
        };
        let concluded = r.concluded.filter(|(d, _)| *d <= last);
        let relevant = r.received <= last && concluded.is_none_or(|(d, _)| d >= first);
        if relevant {
            let kind = serde_json::to_string(&r.kind).unwrap_or_default();
            let end = match concluded {
                Some((d, o)) => format!("{d}|{}", serde_json::to_string(&o).unwrap_or_default()),
                None => "open".into(),
            };
            lines.push(format!("case|{}|{kind}|{}|{end}", c.number, r.received));
        }
        for rv in c
            .case
            .reviews
            .iter()
            .filter(|rv| rv.filed_on.year() == year)
        {
            let decided = rv.decided_on.filter(|d| *d <= last);
            let result = match decided {
                Some(d) => format!(
                    "{}|{d}",
                    serde_json::to_string(&rv.result).unwrap_or_default()
                ),
                None => "pending".into(),
            };
            let kind = serde_json::to_string(&rv.kind).unwrap_or_default();
            lines.push(format!(
                "review|{}|{kind}|{}|{result}",
                c.number, rv.filed_on
            ));
        }
    }
    lines.sort();
    lines
}

/// SHA-256 (hex) of [`input_lines`].
pub fn inputs_hash(year: i32, cases: &[FoldedCase]) -> String {
    let mut h = Sha256::new();
    for l in input_lines(year, cases) {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// Computes tables 三 and 四 of `cases` for `year`.
pub fn annual_figures(agency: &Agency, year: i32, cases: &[FoldedCase]) -> AnnualFigures {
    let report_cases: Vec<ReportCase> = cases
        .iter()
        .filter_map(|c| ReportCase::from_case(&c.number, &c.case))
        .collect();
    let t3 = table3(year, &report_cases);
    let reviews: Vec<&Review> = cases.iter().flat_map(|c| &c.case.reviews).collect();
    let t4 = table4(year, reviews);
    AnnualFigures {
        year,
        agency_id: agency.id.clone(),
        agency_name: agency.name.clone(),
        table3: t3
            .rows
            .iter()
            .map(|r| Table3Row {
                label: r.label.to_string(),
                level: r.level,
                counts: r.counts,
            })
            .collect(),
        table4: t4.to_vec(),
        identity_breaches: t3.identity_breaches,
    }
}

impl Services {
    /// Every case of an agency, folded from its record (two queries for the whole agency).
    pub fn folded_cases(&self, agency_id: &str) -> Result<Vec<FoldedCase>, ReportError> {
        let loaded = self
            .store
            .read(|c| agency_cases_with_events(c, Some(agency_id)))?;
        loaded
            .into_iter()
            .map(|(row, events)| {
                let mut case = Case::default();
                for s in &events {
                    let e: Event = to_event(s)?;
                    case.apply(&e);
                }
                Ok(FoldedCase {
                    number: format!("{}-{:04}", row.number_year, row.number_seq),
                    id: row.id,
                    case,
                })
            })
            .collect()
    }

    /// Sets (or with `None` clears) the department (科室) of a staff member of the actor's agency, for
    /// the compliance report's department level; administrators only. The change is kept with
    /// who made it (`department_changes`) in the same transaction; `Ok(false)` when nothing changed.
    pub fn set_department(
        &self,
        actor: &Actor,
        username: &str,
        department: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<bool, ReportError> {
        if actor.role() != Some(Role::Admin) {
            return Err(ReportError::NotAllowed);
        }
        let department = department.map(str::trim).filter(|d| !d.is_empty());
        if department.is_some_and(|d| d.chars().count() > MAX_DEPARTMENT_CHARS) {
            return Err(ReportError::DepartmentTooLong(MAX_DEPARTMENT_CHARS));
        }
        self.store.write(|c| -> Result<bool, ReportError> {
            let user = directory::user_by_username(c, username.trim())?
                .filter(|u| u.agency_id == actor.agency_id())
                .ok_or(ServiceError::UnknownUser)?;
            let by = match actor {
                Actor::Staff { user_id, name, .. } => (user_id.as_str(), name.as_str()),
                Actor::Portal { .. } => return Err(ReportError::NotAllowed),
            };
            let changed = disclosure_store::department_changes::change_department(
                c, &user.id, department, by, now,
            )?;
            Ok(changed.is_some())
        })
    }

    /// The latest department changes of an agency's staff, newest first (the admin page).
    pub fn department_changes(
        &self,
        agency_id: &str,
    ) -> Result<Vec<disclosure_store::department_changes::DepartmentChange>, ReportError> {
        Ok(self.store.read(|c| {
            disclosure_store::department_changes::department_changes_of_agency(c, agency_id, 50)
        })?)
    }

    /// Each staff member's department (user id → department) in an agency.
    pub fn departments(
        &self,
        agency_id: &str,
    ) -> Result<std::collections::HashMap<String, String>, ReportError> {
        Ok(self
            .store
            .read(|c| departments_of_agency(c, agency_id))?
            .into_iter()
            .collect())
    }

    /// Tables 三 and 四 as a PDF in the letters' faces; refused with `letter_fonts_missing` when the
    /// fonts are not installed.
    pub fn annual_pdf(&self, figures: &AnnualFigures) -> Result<Vec<u8>, ReportError> {
        let fonts = self.letter_fonts().map_err(ServiceError::from)?;
        export::annual_pdf(figures, fonts)
    }

    /// The agencies a report can be asked for.
    pub fn agencies(&self) -> Result<Vec<Agency>, ReportError> {
        Ok(self.store.read(directory::list_agencies)?)
    }

    /// Deadline compliance of an agency over `period`, "now" being `as_of`.
    pub fn compliance_report(
        &self,
        agency_id: &str,
        period: Period,
        as_of: NaiveDate,
    ) -> Result<(ComplianceReport, Vec<FoldedCase>), ReportError> {
        if period.to < period.from {
            return Err(ReportError::ReversedPeriod {
                from: period.from,
                to: period.to,
            });
        }
        let cases = self.folded_cases(agency_id)?;
        let departments = self.store.read(|c| departments_of_agency(c, agency_id))?;
        let mut report = compliance(
            cases.iter().map(|c| ComplianceCase {
                id: &c.id,
                number: &c.number,
                case: &c.case,
            }),
            period,
            as_of,
            &self.calendar(),
        );
        report.departments = departments.into_iter().collect();
        Ok((report, cases))
    }

    /// An agency's annual report for `year`, with the locked figures when the year is locked.
    pub fn annual_report(&self, agency_id: &str, year: i32) -> Result<AnnualReport, ReportError> {
        check_year(year)?;
        let agency = self.store.read(|c| directory::agency(c, agency_id))?;
        let cases = self.folded_cases(agency_id)?;
        let lock = self
            .store
            .read(|c| report_lock(c, agency_id, year))?
            .map(|l| {
                let figures: AnnualFigures = serde_json::from_str(&l.figures)
                    .map_err(|e| ServiceError::Corrupt(format!("locked report {year}: {e}")))?;
                Ok::<_, ReportError>(LockedYear {
                    figures,
                    inputs_hash: l.inputs_hash,
                    locked_by_name: l.locked_by_name,
                    locked_at: l.locked_at,
                })
            })
            .transpose()?;
        Ok(AnnualReport {
            current: annual_figures(&agency, year, &cases),
            inputs_hash: inputs_hash(year, &cases),
            lock,
        })
    }

    /// Locks the actor's agency's `year` (legal staff only): the figures and the hash of their inputs
    /// are stored in one transaction, computed from the records read inside it.
    pub fn lock_annual_report(
        &self,
        actor: &Actor,
        year: i32,
        now: NaiveDateTime,
    ) -> Result<AnnualReport, ReportError> {
        check_year(year)?;
        if actor.role() != Some(Role::Legal) {
            return Err(ReportError::NotAllowed);
        }
        let (user_id, name) = match actor {
            Actor::Staff { user_id, name, .. } => (user_id.clone(), name.clone()),
            Actor::Portal { .. } => return Err(ReportError::NotAllowed),
        };
        let agency_id = actor.agency_id().to_string();
        self.store.write(|c| -> Result<(), ReportError> {
            if report_lock(c, &agency_id, year)?.is_some() {
                return Err(ReportError::AlreadyLocked(year));
            }
            let agency = directory::agency(c, &agency_id)?;
            let mut cases = Vec::new();
            for (row, events) in agency_cases_with_events(c, Some(&agency_id))? {
                let mut case = Case::default();
                for s in &events {
                    case.apply(&to_event(s)?);
                }
                cases.push(FoldedCase {
                    number: format!("{}-{:04}", row.number_year, row.number_seq),
                    id: row.id,
                    case,
                });
            }
            let figures = annual_figures(&agency, year, &cases);
            insert_report_lock(
                c,
                &disclosure_store::reports::ReportLock {
                    agency_id: agency_id.clone(),
                    year,
                    figures: serde_json::to_string(&figures)
                        .map_err(|e| ReportError::Export(e.to_string()))?,
                    inputs_hash: inputs_hash(year, &cases),
                    locked_by: user_id,
                    locked_by_name: name,
                    locked_at: now,
                },
            )?;
            Ok(())
        })?;
        self.annual_report(&agency_id, year)
    }
}

fn check_year(year: i32) -> Result<(), ReportError> {
    // The official calendar data starts in 2004; nothing before can be in the records.
    if (2004..=2099).contains(&year) {
        Ok(())
    } else {
        Err(ReportError::BadYear(year))
    }
}
