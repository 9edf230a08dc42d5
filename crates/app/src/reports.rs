//! The reports of legal staff (法制审核): deadline compliance and the statutory annual-report tables
//! (R-REP-1), computed by `disclosure_core::report` from the folded cases of an agency, and the locking
//! of a published year. The pages and the CLI both call these, so a figure is computed one way only.
pub mod calendar;
pub mod export;

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::ApplicantKind;
use disclosure_core::case::{Case, Event, Review};
use disclosure_core::outcome::Outcome;
use disclosure_core::report::annual::{
    table3, table3_weighted, table4, ReportCase, Table3, COLUMNS,
};
use disclosure_core::report::compliance::{compliance, ComplianceCase, ComplianceReport, Period};
use disclosure_store::calendar_imports::departments_of_agency;
use disclosure_store::model::Agency;
use disclosure_store::report_facts::{self, FactRow, YearFacts, YearGroups};
use disclosure_store::reports::{agency_cases_with_events, insert_report_lock, report_lock};
use disclosure_store::{directory, AnyConnection, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::records::{projection, to_event};
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

/// Cases per transaction of [`Services::rebuild_report_facts`].
pub const REBUILD_PAGE: i64 = 1000;

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
    /// SHA-256 of the case facts the year's figures depend on (see [`inputs_hash`]); computed for
    /// a locked year only (to compare with the lock's), as it reads every case of the year.
    pub inputs_hash: Option<String>,
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
            .is_some_and(|l| self.inputs_hash.as_deref() != Some(l.inputs_hash.as_str()))
    }
}

/// A review or lawsuit with the number of its case (table 四 and the locked-year hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewOf {
    pub number: String,
    pub review: Review,
    /// Whether its case is in the report at all (a case without an application is not, and its
    /// reviews are then counted in table 四 but not hashed — as when every case was folded).
    pub case_reported: bool,
}

/// What one year's tables read of an agency: per case its report facts (`reference` is its
/// number), ordered by number, and the reviews. Built from the `report_facts` projection (a few
/// index reads, [`Services::year_inputs`]) or, as the reference and while that projection is being
/// rebuilt, from the folded cases ([`YearInputs::from_folded`]); both give the same tables and hash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearInputs {
    pub cases: Vec<ReportCase>,
    pub reviews: Vec<ReviewOf>,
}

impl YearInputs {
    /// From every folded case of the agency, in number order.
    pub fn from_folded(cases: &[FoldedCase]) -> Self {
        let mut out = Self::default();
        for c in cases {
            let report_case = ReportCase::from_case(&c.number, &c.case);
            let case_reported = report_case.is_some();
            out.cases.extend(report_case);
            out.reviews.extend(c.case.reviews.iter().map(|r| ReviewOf {
                number: c.number.clone(),
                review: r.clone(),
                case_reported,
            }));
        }
        out
    }

    /// From the stored facts of a year ([`disclosure_store::report_facts::year_facts`]).
    pub fn from_facts(facts: YearFacts) -> Result<Self, ServiceError> {
        let YearFacts {
            mut cases,
            breaches,
            reviewed,
        } = facts;
        cases.extend(breaches);
        // Number order, as the folded cases come: the breaches are named in that order.
        cases.sort_unstable_by_key(|r| (r.number_year, r.number_seq));
        let mut read = FactReader::default();
        let mut out = Self {
            cases: Vec::with_capacity(cases.len()),
            reviews: read.reviews(reviewed)?,
        };
        for r in &cases {
            out.cases.extend(read.case(r)?);
        }
        Ok(out)
    }
}

/// Reads stored facts into the report's types. Few distinct kinds and outcomes: each JSON is parsed
/// once per report, not once per case.
#[derive(Default)]
struct FactReader {
    kinds: HashMap<String, ApplicantKind>,
    outcomes: HashMap<String, Outcome>,
}

impl FactReader {
    fn kind(&mut self, r: &FactRow, kind: &str) -> Result<ApplicantKind, ServiceError> {
        if let Some(k) = self.kinds.get(kind) {
            return Ok(*k);
        }
        let k: ApplicantKind = serde_json::from_value(serde_json::Value::String(kind.to_string()))
            .map_err(|e| corrupt_fact(r, "applicant_kind", &e))?;
        self.kinds.insert(kind.to_string(), k);
        Ok(k)
    }

    fn outcome(&mut self, r: &FactRow, json: &str) -> Result<Outcome, ServiceError> {
        if let Some(o) = self.outcomes.get(json) {
            return Ok(*o);
        }
        let o: Outcome = serde_json::from_str(json).map_err(|e| corrupt_fact(r, "outcome", &e))?;
        self.outcomes.insert(json.to_string(), o);
        Ok(o)
    }

    /// The case as the report reads it; `None` for a case without an application.
    fn case(&mut self, r: &FactRow) -> Result<Option<ReportCase>, ServiceError> {
        let Some(kind) = r.applicant_kind.as_deref() else {
            return Ok(None);
        };
        let kind = self.kind(r, kind)?;
        let outcome = match r.outcome.as_deref() {
            None => None,
            Some(json) => Some(self.outcome(r, json)?),
        };
        Ok(Some(ReportCase {
            reference: number_text(r.number_year, r.number_seq),
            kind,
            received: r.received_on,
            concluded: r.concluded_on.zip(outcome),
        }))
    }

    /// The reviews and lawsuits of the reviewed cases, in number order.
    fn reviews(&mut self, mut reviewed: Vec<FactRow>) -> Result<Vec<ReviewOf>, ServiceError> {
        reviewed.sort_unstable_by_key(|r| (r.number_year, r.number_seq));
        let mut out = Vec::new();
        for r in &reviewed {
            let Some(json) = r.reviews.as_deref() else {
                continue;
            };
            let reviews: Vec<Review> =
                serde_json::from_str(json).map_err(|e| corrupt_fact(r, "reviews", &e))?;
            let number = number_text(r.number_year, r.number_seq);
            out.extend(reviews.into_iter().map(|review| ReviewOf {
                number: number.clone(),
                review,
                case_reported: r.applicant_kind.is_some(),
            }));
        }
        Ok(out)
    }

    /// Tables 三 and 四 from the year's groups: one representative case per group, weighted by its
    /// count (dated on the year's first day, or the day before it when carried over; concluded on
    /// its last day), then the breaches one by one in number order.
    fn grouped(&mut self, year: i32, g: YearGroups) -> Result<(Table3, [u64; 15]), ServiceError> {
        let (first, last) = year_bounds(year);
        let before = first.pred_opt().unwrap_or(first);
        let mut weighted = Vec::with_capacity(g.groups.len() + g.breaches.len());
        for grp in &g.groups {
            let Some(kind) = grp.applicant_kind.as_deref() else {
                continue;
            };
            // Named in a corruption error only: the group has no single number.
            let as_row = FactRow {
                number_year: year,
                number_seq: 0,
                applicant_kind: grp.applicant_kind.clone(),
                received_on: first,
                concluded_on: None,
                outcome: grp.concluded_in_year.clone(),
                reviews: None,
            };
            let kind = self.kind(&as_row, kind)?;
            let concluded = match grp.concluded_in_year.as_deref() {
                None => None,
                Some(json) => Some((last, self.outcome(&as_row, json)?)),
            };
            let case = ReportCase {
                reference: String::new(),
                kind,
                received: if grp.received_before { before } else { first },
                concluded,
            };
            weighted.push((case, grp.count));
        }
        let mut breaches = g.breaches;
        breaches.sort_unstable_by_key(|r| (r.number_year, r.number_seq));
        for r in &breaches {
            weighted.extend(self.case(r)?.map(|c| (c, 1)));
        }
        let reviews = self.reviews(g.reviewed)?;
        Ok((
            table3_weighted(year, weighted.iter().map(|(c, n)| (c, *n))),
            table4(year, reviews.iter().map(|r| &r.review)),
        ))
    }
}

fn number_text(year: i32, seq: i32) -> String {
    format!("{year}-{seq:04}")
}

fn corrupt_fact(r: &FactRow, column: &str, e: &serde_json::Error) -> ServiceError {
    ServiceError::Corrupt(format!(
        "report_facts.{column} of case {}: {e}",
        number_text(r.number_year, r.number_seq)
    ))
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

/// The lines hashed for a locked year: per case that bears on the year, what the tables read of it,
/// reduced to its meaning for that year (a case open on 31 December gives the same line whether it
/// concluded in January or not at all), so events of later years never make a locked year mismatch.
pub fn input_lines(year: i32, inputs: &YearInputs) -> Vec<String> {
    let (first, last) = year_bounds(year);
    let mut json = JsonNames::default();
    let mut lines = Vec::new();
    for r in &inputs.cases {
        let mut line = String::new();
        if case_line(&mut line, r, first, last, &mut json) {
            lines.push(line);
        }
    }
    lines.extend(review_lines(year, inputs));
    lines.sort();
    lines
}

/// SHA-256 (hex) of [`input_lines`], one line after another each ended by `\n`. Computed without
/// collecting and sorting the lines (hundreds of thousands in a year at scale): case lines sort
/// as their numbers do with the `|` after them, and all come before the `review|` lines.
pub fn inputs_hash(year: i32, inputs: &YearInputs) -> String {
    let (first, last) = year_bounds(year);
    let mut order: Vec<&ReportCase> = inputs
        .cases
        .iter()
        .filter(|r| is_relevant(r, first, last))
        .collect();
    // "case|{number}|…": the lines compare as their numbers followed by `|` do.
    fn terminated(r: &ReportCase) -> impl Iterator<Item = u8> + '_ {
        r.reference.bytes().chain(std::iter::once(b'|'))
    }
    order.sort_unstable_by(|a, b| terminated(a).cmp(terminated(b)));
    let mut h = Sha256::new();
    let mut json = JsonNames::default();
    let mut line = String::with_capacity(128);
    for r in order {
        line.clear();
        case_line(&mut line, r, first, last, &mut json);
        h.update(line.as_bytes());
        h.update(b"\n");
    }
    for l in review_lines(year, inputs) {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// The JSON of each applicant kind and outcome, computed once per report rather than per case.
#[derive(Default)]
struct JsonNames {
    kinds: HashMap<ApplicantKind, String>,
    outcomes: HashMap<Outcome, String>,
}

fn is_relevant(r: &ReportCase, first: NaiveDate, last: NaiveDate) -> bool {
    let concluded = r.concluded.filter(|(d, _)| *d <= last);
    r.received <= last && concluded.is_none_or(|(d, _)| d >= first)
}

/// Writes the hashed line of `r` into `out` when it bears on the year; false when it does not.
fn case_line(
    out: &mut String,
    r: &ReportCase,
    first: NaiveDate,
    last: NaiveDate,
    json: &mut JsonNames,
) -> bool {
    use std::fmt::Write;
    if !is_relevant(r, first, last) {
        return false;
    }
    let kind = json
        .kinds
        .entry(r.kind)
        .or_insert_with(|| serde_json::to_string(&r.kind).unwrap_or_default());
    let _ = write!(out, "case|{}|{kind}|{}|", r.reference, r.received);
    match r.concluded.filter(|(d, _)| *d <= last) {
        Some((d, o)) => {
            let outcome = json
                .outcomes
                .entry(o)
                .or_insert_with(|| serde_json::to_string(&o).unwrap_or_default());
            let _ = write!(out, "{d}|{outcome}");
        }
        None => out.push_str("open"),
    }
    true
}

/// The hashed lines of the reviews filed in `year`, sorted.
fn review_lines(year: i32, inputs: &YearInputs) -> Vec<String> {
    let (_, last) = year_bounds(year);
    let mut lines: Vec<String> = inputs
        .reviews
        .iter()
        .filter(|r| r.case_reported && r.review.filed_on.year() == year)
        .map(
            |ReviewOf {
                 number, review: rv, ..
             }| {
                let decided = rv.decided_on.filter(|d| *d <= last);
                let result = match decided {
                    Some(d) => format!(
                        "{}|{d}",
                        serde_json::to_string(&rv.result).unwrap_or_default()
                    ),
                    None => "pending".into(),
                };
                let kind = serde_json::to_string(&rv.kind).unwrap_or_default();
                format!("review|{number}|{kind}|{}|{result}", rv.filed_on)
            },
        )
        .collect();
    lines.sort();
    lines
}

/// Computes tables 三 and 四 of `inputs` for `year`.
pub fn annual_figures(agency: &Agency, year: i32, inputs: &YearInputs) -> AnnualFigures {
    let t3 = table3(year, &inputs.cases);
    let t4 = table4(year, inputs.reviews.iter().map(|r| &r.review));
    figures_of(agency, year, &t3, t4)
}

fn figures_of(agency: &Agency, year: i32, t3: &Table3, t4: [u64; 15]) -> AnnualFigures {
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
        identity_breaches: t3.identity_breaches.clone(),
    }
}

/// Tables 三 and 四 of `year` counted in the database from the `report_facts` projection (the
/// report of a year not locked: no per-case row is read), or from the folded cases while that
/// projection waits for `disclosure report rebuild`.
pub fn year_figures(
    c: &mut AnyConnection,
    agency: &Agency,
    year: i32,
) -> Result<AnnualFigures, ReportError> {
    if report_facts::rebuild_pending(c)? {
        return Ok(annual_figures(
            agency,
            year,
            &year_inputs(c, &agency.id, year)?,
        ));
    }
    let (first, last) = year_bounds(year);
    let groups = report_facts::year_groups(c, &agency.id, first, last)?;
    let (t3, t4) = FactReader::default().grouped(year, groups)?;
    Ok(figures_of(agency, year, &t3, t4))
}

/// What `year`'s tables read of an agency, inside the caller's connection or transaction: from
/// the `report_facts` projection, or — while `disclosure report rebuild` has not yet filled it
/// for a database that held cases before it existed — from every folded case.
pub fn year_inputs(
    c: &mut AnyConnection,
    agency_id: &str,
    year: i32,
) -> Result<YearInputs, ReportError> {
    if report_facts::rebuild_pending(c)? {
        return Ok(YearInputs::from_folded(&fold_agency(c, Some(agency_id))?));
    }
    let (first, last) = year_bounds(year);
    Ok(YearInputs::from_facts(report_facts::year_facts(
        c, agency_id, first, last,
    )?)?)
}

/// Every case of an agency (or of all), folded from its record, in number order.
fn fold_agency(
    c: &mut AnyConnection,
    agency_id: Option<&str>,
) -> Result<Vec<FoldedCase>, ReportError> {
    agency_cases_with_events(c, agency_id)?
        .into_iter()
        .map(|(row, events)| {
            let mut case = Case::default();
            for s in &events {
                let e: Event = to_event(s)?;
                case.apply(&e);
            }
            Ok(FoldedCase {
                number: number_text(row.number_year, row.number_seq),
                id: row.id,
                case,
            })
        })
        .collect()
}

impl Services {
    /// Every case of an agency, folded from its record (two queries for the whole agency).
    pub fn folded_cases(&self, agency_id: &str) -> Result<Vec<FoldedCase>, ReportError> {
        let mut c = self.store.conn()?;
        fold_agency(&mut c, Some(agency_id))
    }

    /// Recomputes every case's `report_facts` row from its events (`disclosure report rebuild`): once
    /// after upgrading a database that held cases before the projection existed, or to repair it.
    /// Readers fold the events while it runs (the projection is marked pending first), so a report
    /// asked meanwhile is slower but right. Walks the cases in pages of [`REBUILD_PAGE`], each in its
    /// own transaction that first locks its cases, so memory stays bounded and a concurrent append
    /// either waits or is folded in. Returns how many cases were rewritten.
    pub fn rebuild_report_facts(
        &self,
        now: NaiveDateTime,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, ReportError> {
        self.store
            .write(|c| report_facts::request_rebuild(c, now))?;
        let cal = self.calendar();
        let mut after: Option<String> = None;
        let mut done = 0u64;
        loop {
            let page = self
                .store
                .read(|c| report_facts::cases_after(c, after.as_deref(), REBUILD_PAGE))?;
            let Some(upto) = page.last().map(|k| k.id.clone()) else {
                break;
            };
            let ids: Vec<String> = page.into_iter().map(|k| k.id).collect();
            let locked: HashSet<&str> = ids.iter().map(String::as_str).collect();
            self.store.write(|c| -> Result<(), ReportError> {
                report_facts::lock_cases(c, &ids)?;
                let events = report_facts::events_in_range(c, after.as_deref(), Some(&upto))?;
                for chunk in events.chunk_by(|a, b| a.case_id == b.case_id) {
                    // A case registered meanwhile wrote its own facts and is not locked here.
                    let Some(case_id) = chunk
                        .first()
                        .map(|e| e.case_id.as_str())
                        .filter(|id| locked.contains(id))
                    else {
                        continue;
                    };
                    let mut case = Case::default();
                    for s in chunk {
                        case.apply(&to_event(s)?);
                    }
                    report_facts::write(c, case_id, &projection(&case, &cal)?)?;
                }
                Ok(())
            })?;
            done += ids.len() as u64;
            progress(done);
            after = Some(upto);
        }
        self.store.write(report_facts::finish_rebuild)?;
        Ok(done)
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
    /// An open year is counted in the database; a locked one reads every case that bears on it,
    /// for the hash that tells whether the records changed since.
    pub fn annual_report(&self, agency_id: &str, year: i32) -> Result<AnnualReport, ReportError> {
        check_year(year)?;
        let mut c = self.store.conn()?;
        let agency = directory::agency(&mut c, agency_id)?;
        let lock = report_lock(&mut c, agency_id, year)?
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
        let (current, inputs_hash) = if lock.is_some() {
            let inputs = year_inputs(&mut c, agency_id, year)?;
            (
                annual_figures(&agency, year, &inputs),
                Some(inputs_hash(year, &inputs)),
            )
        } else {
            (year_figures(&mut c, &agency, year)?, None)
        };
        Ok(AnnualReport {
            current,
            inputs_hash,
            lock,
        })
    }

    /// The hash of what `year`'s tables read of an agency today ([`inputs_hash`]), as a lock
    /// would store it.
    pub fn annual_inputs_hash(&self, agency_id: &str, year: i32) -> Result<String, ReportError> {
        check_year(year)?;
        let mut c = self.store.conn()?;
        Ok(inputs_hash(year, &year_inputs(&mut c, agency_id, year)?))
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
            let inputs = year_inputs(c, &agency_id, year)?;
            let figures = annual_figures(&agency, year, &inputs);
            insert_report_lock(
                c,
                &disclosure_store::reports::ReportLock {
                    agency_id: agency_id.clone(),
                    year,
                    figures: serde_json::to_string(&figures)
                        .map_err(|e| ReportError::Export(e.to_string()))?,
                    inputs_hash: inputs_hash(year, &inputs),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn case(number: &str, received: &str, concluded: Option<&str>) -> ReportCase {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
        ReportCase {
            reference: number.to_string(),
            kind: ApplicantKind::NaturalPerson,
            received: d(received),
            concluded: concluded.map(|c| {
                (
                    d(c),
                    Outcome::Unavailable(disclosure_core::outcome::UnavailableGround::DoesNotExist),
                )
            }),
        }
    }

    /// R-REP-1: the streamed hash is the hash of the sorted lines, also where a number has a fifth
    /// digit ("2025-10000" sorts before "2025-1000" in the lines, by the `|` after the latter).
    #[test]
    fn r_rep_1_streamed_hash_equals_the_hash_of_the_sorted_lines() {
        let inputs = YearInputs {
            cases: vec![
                case("2025-1000", "2025-03-02", Some("2025-03-20")),
                case("2025-10000", "2025-11-02", None),
                case("2025-0999", "2025-02-02", Some("2026-01-05")),
                case("2024-0100", "2024-12-20", Some("2025-01-10")),
                case("2024-0099", "2024-05-20", Some("2024-06-10")),
                case("2025-100", "2025-01-08", Some("2025-01-09")),
            ],
            reviews: vec![ReviewOf {
                number: "2025-1000".into(),
                review: Review {
                    kind: disclosure_core::case::ReviewKind::Reconsideration,
                    filed_on: NaiveDate::from_ymd_opt(2025, 5, 6).unwrap_or(NaiveDate::MIN),
                    result: disclosure_core::case::ReviewResult::Pending,
                    decided_on: None,
                },
                case_reported: true,
            }],
        };
        let lines = input_lines(2025, &inputs);
        // 2024-0099 concluded in 2024: not in 2025's lines. Byte order: '0' < '|', so
        // "2025-10000|" < "2025-1000|" < "2025-100|"; "case|" < "review|".
        let starts: Vec<&str> = lines
            .iter()
            .map(|l| l.split('|').take(2).last().unwrap_or_default())
            .collect();
        assert_eq!(
            starts,
            [
                "2024-0100",
                "2025-0999",
                "2025-10000",
                "2025-1000",
                "2025-100",
                "2025-1000"
            ]
        );
        assert!(lines[5].starts_with("review|"));
        assert_eq!(
            lines[3],
            "case|2025-1000|\"natural_person\"|2025-03-02|2025-03-20|{\"kind\":\"unavailable\",\"ground\":\"does_not_exist\"}"
        );
        let mut h = Sha256::new();
        for l in &lines {
            h.update(l.as_bytes());
            h.update(b"\n");
        }
        assert_eq!(inputs_hash(2025, &inputs), hex::encode(h.finalize()));
    }
}
