//! Deadline compliance for legal staff (法制审核): were the statutory periods kept, and where not, by
//! how much — computed from the folded cases and the official calendar, so every figure can be traced
//! back to the events that produced it.
//!
//! The figures and the rules behind them:
//! - replied on time / late: the reply issued on or before the due date of the clock (R-TIME-3,
//!   R-TIME-4, R-TIME-5, R-COR-2); lateness in working days in `(due, issued]`;
//! - 补正 notices within / after the 7 working days of R-COR-1; lateness in `(notice due, sent]`;
//! - extensions (R-TIME-4): who approved, and whether before the original due date;
//! - pauses (R-TIME-5, R-TIME-9): the working days in `(from, until]`, a consultation ending at its
//!   15-working-day window at the latest (R-TIME-6/7); an outstanding pause runs to `as_of`;
//! - overdue: open cases whose due date lies before `as_of`, by working days in `(due, as_of]`;
//! - working days to reply: elapsed working days in `(receipt, issued]`, pauses included, since that
//!   is what the applicant waited; median and 90th percentile by nearest rank (⌈p·n⌉-th smallest).
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use disclosure_calendar::Calendar;

use crate::case::{Case, PartyKind};
use crate::clock::{ClockError, ClockStatus, PauseReason, CONSULTATION_WORKING_DAYS};

/// One case given to the computation: its id (for links), its number (for people) and its state.
#[derive(Debug, Clone, Copy)]
pub struct ComplianceCase<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub case: &'a Case,
}

/// The period a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// A case behind a number, so a page can link every number to its list. Ordered by number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CaseMark {
    pub number: String,
    pub id: String,
}

/// A date kept or missed: the limit, the day it happened and the working days after the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timed {
    pub case: CaseMark,
    pub limit: NaiveDate,
    pub on: NaiveDate,
    /// Working days in `(limit, on]`: 0 when kept.
    pub working_days_late: u32,
}

/// An approved extension (R-TIME-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionUse {
    pub case: CaseMark,
    pub days: u32,
    pub approver: String,
    pub approved_on: Option<NaiveDate>,
    /// The due date without the extension; `None` while the clock has no date.
    pub original_due: Option<NaiveDate>,
    /// Approved on or before the original due date, as R-TIME-4 requires.
    pub approved_in_time: bool,
}

/// A stop of the clock (R-TIME-5, R-TIME-9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseUse {
    pub case: CaseMark,
    pub reason: PauseReason,
    pub from: NaiveDate,
    /// The day it ended, or `None` while outstanding (then counted to `as_of`).
    pub until: Option<NaiveDate>,
    pub working_days: u32,
}

/// An open case past its due date on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub case: CaseMark,
    pub due: NaiveDate,
    /// Working days in `(due, as_of]`.
    pub working_days: u32,
}

/// The figures of one agency or one officer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    /// Replies issued in the period: `on_time` and `late` together.
    pub on_time: Vec<Timed>,
    pub late: Vec<Timed>,
    /// 补正 notices sent in the period.
    pub corrections_in_time: Vec<Timed>,
    pub corrections_late: Vec<Timed>,
    /// Extensions approved in the period.
    pub extensions: Vec<ExtensionUse>,
    /// Pauses that began in the period.
    pub pauses: Vec<PauseUse>,
    /// Open cases overdue on `as_of`, whatever the period.
    pub overdue: Vec<Overdue>,
    /// Working days from receipt to reply of each reply in the period, smallest first.
    pub days_to_reply: Vec<u32>,
}

impl Figures {
    pub fn replied(&self) -> usize {
        self.on_time.len() + self.late.len()
    }

    /// The cases replied in the period.
    pub fn replied_cases(&self) -> Vec<&CaseMark> {
        let mut v: Vec<&CaseMark> = self
            .on_time
            .iter()
            .chain(&self.late)
            .map(|t| &t.case)
            .collect();
        v.sort();
        v
    }

    /// The extensions approved after the original due date (R-TIME-4 breached).
    pub fn extensions_late(&self) -> impl Iterator<Item = &ExtensionUse> {
        self.extensions.iter().filter(|e| !e.approved_in_time)
    }

    /// Median working days to reply (nearest rank).
    pub fn median_days(&self) -> Option<u32> {
        nearest_rank(&self.days_to_reply, 50)
    }

    /// 90th percentile of working days to reply (nearest rank).
    pub fn p90_days(&self) -> Option<u32> {
        nearest_rank(&self.days_to_reply, 90)
    }

    /// Working days paused in total.
    pub fn paused_working_days(&self) -> u32 {
        self.pauses.iter().map(|p| p.working_days).sum()
    }
}

/// The ⌈p·n/100⌉-th smallest value of a sorted list.
pub fn nearest_rank(sorted: &[u32], p: usize) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Who handled the cases of a group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Handler {
    Officer {
        id: String,
        name: String,
    },
    /// Not assigned to an officer (yet).
    Unassigned,
}

/// One month of the chart: replies and how many were on time, and applications received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub received: u32,
    pub replied: u32,
    pub on_time: u32,
}

impl Month {
    /// On-time share of the month's replies, in percent; `None` without replies.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.replied > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(self.replied))
    }
}

/// The compliance report of one set of cases (an agency's).
#[derive(Debug, Clone, PartialEq)]
pub struct ComplianceReport {
    pub period: Period,
    pub as_of: NaiveDate,
    pub total: Figures,
    pub by_handler: BTreeMap<Handler, Figures>,
    /// Every month the period touches, oldest first.
    pub months: Vec<Month>,
    /// Cases whose clock cannot be computed (their facts contradict a rule), with the reason.
    pub errors: Vec<(CaseMark, ClockError)>,
    /// The department (科室) of each officer by id, as the directory gives it; officers without one
    /// are not listed. Empty: the report has no department level.
    pub departments: BTreeMap<String, String>,
}

/// One department of an agency: its figures (those of its officers together) and its officers'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentFigures {
    /// `None`: officers without a department, and cases not assigned yet.
    pub department: Option<String>,
    pub total: Figures,
    pub officers: Vec<(Handler, Figures)>,
}

impl ComplianceReport {
    /// The agency → department → officer grouping: every officer's figures under their department,
    /// departments by name, the group without a department last. A case counts in exactly one
    /// officer's figures, so a department's figures are its officers' put together (medians and
    /// percentiles recomputed over the merged cases, never averaged).
    pub fn by_department(&self) -> Vec<DepartmentFigures> {
        let mut groups: BTreeMap<Option<&String>, DepartmentFigures> = BTreeMap::new();
        for (handler, f) in &self.by_handler {
            let department = match handler {
                Handler::Officer { id, .. } => self.departments.get(id),
                Handler::Unassigned => None,
            };
            let g = groups
                .entry(department)
                .or_insert_with(|| DepartmentFigures {
                    department: department.cloned(),
                    total: Figures::default(),
                    officers: Vec::new(),
                });
            merge(&mut g.total, f);
            g.officers.push((handler.clone(), f.clone()));
        }
        let mut out: Vec<DepartmentFigures> = groups.into_values().collect();
        for g in &mut out {
            sort(&mut g.total);
        }
        // `None` sorts first in a map; people look for it last.
        let none_first = usize::from(out.first().is_some_and(|g| g.department.is_none()));
        out.rotate_left(none_first);
        out
    }
}

/// Computes the compliance figures of `cases` for `period`, with "now" being `as_of`.
pub fn compliance<'a>(
    cases: impl IntoIterator<Item = ComplianceCase<'a>>,
    period: Period,
    as_of: NaiveDate,
    cal: &Calendar,
) -> ComplianceReport {
    let mut report = ComplianceReport {
        period,
        as_of,
        total: Figures::default(),
        by_handler: BTreeMap::new(),
        months: months_of(period),
        errors: Vec::new(),
        departments: BTreeMap::new(),
    };
    for c in cases {
        let mark = CaseMark {
            id: c.id.to_string(),
            number: c.number.to_string(),
        };
        let handler = match &c.case.assignee {
            Some((id, name)) => Handler::Officer {
                id: id.clone(),
                name: name.clone(),
            },
            None => Handler::Unassigned,
        };
        let mut f = Figures::default();
        if let Err(e) = case_figures(
            c.case,
            &mark,
            period,
            as_of,
            cal,
            &mut f,
            &mut report.months,
        ) {
            report.errors.push((mark, e));
            continue;
        }
        merge(&mut report.total, &f);
        merge(report.by_handler.entry(handler).or_default(), &f);
    }
    sort(&mut report.total);
    report.by_handler.values_mut().for_each(sort);
    report
}

fn case_figures(
    case: &Case,
    mark: &CaseMark,
    period: Period,
    as_of: NaiveDate,
    cal: &Calendar,
    f: &mut Figures,
    months: &mut [Month],
) -> Result<(), ClockError> {
    let (Some(received), Some(deadline)) = (case.receipt_date, case.deadline(cal)) else {
        return Ok(());
    };
    let deadline = deadline?;
    if period.contains(received) {
        if let Some(m) = month_mut(months, received) {
            m.received += 1;
        }
    }
    let late_by = |limit: NaiveDate, on: NaiveDate| -> Result<u32, ClockError> {
        Ok(if on > limit {
            cal.working_days_between(limit, on)?.days
        } else {
            0
        })
    };

    // Replies (R-TIME-3, R-TIME-4): on time unless issued after a due date the clock had.
    if let Some((_, issued)) = &case.issued {
        let issued = *issued;
        if period.contains(issued) {
            let due = deadline.due.map(|d| d.date);
            let t = Timed {
                case: mark.clone(),
                limit: due.unwrap_or(issued),
                on: issued,
                working_days_late: due.map_or(Ok(0), |d| late_by(d, issued))?,
            };
            let on_time = t.working_days_late == 0;
            if let Some(m) = month_mut(months, issued) {
                m.replied += 1;
                m.on_time += u32::from(on_time);
            }
            if on_time {
                f.on_time.push(t);
            } else {
                f.late.push(t);
            }
            if issued >= received {
                f.days_to_reply
                    .push(cal.working_days_between(received, issued)?.days);
            }
        }
    }

    // 补正 notices (R-COR-1): within 7 working days of receipt.
    if let Some(c) = &case.correction {
        if period.contains(c.requested_on) {
            let t = Timed {
                case: mark.clone(),
                limit: deadline.correction_notice_due,
                on: c.requested_on,
                working_days_late: late_by(deadline.correction_notice_due, c.requested_on)?,
            };
            if t.working_days_late == 0 {
                f.corrections_in_time.push(t);
            } else {
                f.corrections_late.push(t);
            }
        }
    }

    // Extensions (R-TIME-4): decided before the original due date.
    if let Some(e) = &case.extension {
        if e.approved_on.is_none_or(|d| period.contains(d)) {
            let original_due = deadline.original_due.map(|d| d.date);
            f.extensions.push(ExtensionUse {
                case: mark.clone(),
                days: e.days,
                approver: e.approver.clone(),
                approved_on: e.approved_on,
                original_due,
                approved_in_time: !deadline.extension_approved_late,
            });
        }
    }

    // Pauses (R-TIME-5, R-TIME-9).
    for c in &case.consultations {
        if !period.contains(c.sent_on) {
            continue;
        }
        // R-TIME-6/7: the pause ends with the answer or the lapse, at the latest when the window ends.
        let window = cal
            .add_working_days(c.sent_on, CONSULTATION_WORKING_DAYS)?
            .date;
        let ended = c.answer.as_ref().map(|(d, _)| *d).or(c.lapsed_on);
        let until = ended.map(|d| d.min(window));
        let end = until.unwrap_or(as_of.min(window)).max(c.sent_on);
        f.pauses.push(PauseUse {
            case: mark.clone(),
            reason: match c.party_kind {
                PartyKind::ThirdParty => PauseReason::ThirdPartyConsultation,
                PartyKind::Agency => PauseReason::AgencyConsultation,
            },
            from: c.sent_on,
            until,
            working_days: cal.working_days_between(c.sent_on, end)?.days,
        });
    }
    if let Some(fee) = &case.fee {
        if period.contains(fee.noticed_on) {
            let until = fee.paid_on.or(fee.waived_on).or(fee.lapsed_on);
            let end = until.unwrap_or(as_of).max(fee.noticed_on);
            f.pauses.push(PauseUse {
                case: mark.clone(),
                reason: PauseReason::FeePayment,
                from: fee.noticed_on,
                until,
                working_days: cal.working_days_between(fee.noticed_on, end)?.days,
            });
        }
    }

    // Overdue on `as_of` (open cases only, whatever the period).
    let open = case.concluded_on.is_none();
    if open && deadline.status == ClockStatus::Running {
        if let Some(due) = deadline.due.map(|d| d.date) {
            if due < as_of {
                f.overdue.push(Overdue {
                    case: mark.clone(),
                    due,
                    working_days: cal.working_days_between(due, as_of)?.days,
                });
            }
        }
    }
    Ok(())
}

fn merge(into: &mut Figures, f: &Figures) {
    into.on_time.extend(f.on_time.iter().cloned());
    into.late.extend(f.late.iter().cloned());
    into.corrections_in_time
        .extend(f.corrections_in_time.iter().cloned());
    into.corrections_late
        .extend(f.corrections_late.iter().cloned());
    into.extensions.extend(f.extensions.iter().cloned());
    into.pauses.extend(f.pauses.iter().cloned());
    into.overdue.extend(f.overdue.iter().cloned());
    into.days_to_reply.extend(f.days_to_reply.iter().copied());
}

fn sort(f: &mut Figures) {
    f.on_time.sort_by(|a, b| a.case.cmp(&b.case));
    f.late.sort_by(|a, b| a.case.cmp(&b.case));
    f.corrections_in_time.sort_by(|a, b| a.case.cmp(&b.case));
    f.corrections_late.sort_by(|a, b| a.case.cmp(&b.case));
    f.extensions.sort_by(|a, b| a.case.cmp(&b.case));
    f.pauses
        .sort_by(|a, b| (&a.case, a.from).cmp(&(&b.case, b.from)));
    f.overdue.sort_by(|a, b| a.case.cmp(&b.case));
    f.days_to_reply.sort_unstable();
}

fn months_of(period: Period) -> Vec<Month> {
    let mut out = Vec::new();
    let (mut y, mut m) = (period.from.year(), period.from.month());
    // Bounded: at most the months between the two dates (a reversed period gives none).
    while (y, m) <= (period.to.year(), period.to.month()) && out.len() < 12 * 200 {
        out.push(Month {
            year: y,
            month: m,
            received: 0,
            replied: 0,
            on_time: 0,
        });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn month_mut(months: &mut [Month], d: NaiveDate) -> Option<&mut Month> {
    months
        .iter_mut()
        .find(|m| m.year == d.year() && m.month == d.month())
}
