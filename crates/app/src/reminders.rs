//! 督办 reminders: each morning, every staff member with an e-mail address gets one digest of what
//! needs them, computed from the clock and the cases' events (never from stored counters):
//!
//! - handling officers: their cases overdue, due today, due within 3 and within 5 working days
//!   (R-TIME-3, R-TIME-4); the 补正 notice's 7-working-day limit nearing (R-COR-1); consultation
//!   answers due (R-TIME-6, R-TIME-7); fee windows lapsing (R-TIME-9);
//! - approvers: extensions and replies waiting for their approval, cases waiting to be assigned;
//! - legal staff: the agency's overdue list;
//! - admins and legal staff, from 1 November: next year's official calendar not loaded (R-TIME-10).
//!
//! Working days only (R-TIME-1): on a day off only overdue matters are sent. A digest is enqueued
//! once per person and day (the outbox's dedupe key), however many instances compute it.
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use disclosure_calendar::Calendar;
use disclosure_core::actor::Role;
use disclosure_core::case::{Case, Stage};
use disclosure_core::values::CaseNumber;
use disclosure_store::model::User;
use disclosure_store::outbox::{self, NewMail};
use disclosure_store::queries::{self, CaseFilter};
use disclosure_store::{cases as store_cases, directory, Store};

use crate::mail_zh;
use crate::records::{stage_text, to_event};
use crate::ServiceError;

/// Outbox kind of a digest.
pub const DIGEST: &str = "digest";

/// Why a case (or the calendar) is in a digest. `left` is the number of working days after today up
/// to and including the date (R-TIME-2 counting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matter {
    /// The reply is overdue.
    Overdue {
        due: NaiveDate,
    },
    DueToday {
        due: NaiveDate,
    },
    DueWithin3 {
        due: NaiveDate,
        left: u32,
    },
    DueWithin5 {
        due: NaiveDate,
        left: u32,
    },
    /// R-COR-1: the 补正 notice must go out by `limit` (7 working days after receipt).
    CorrectionLimit {
        limit: NaiveDate,
        left: u32,
    },
    /// R-TIME-6/7: a consultation's 15-working-day window ends on `ends` (`left` 0: today).
    ConsultationDue {
        party: String,
        ends: NaiveDate,
        left: u32,
    },
    /// The window has passed with no answer recorded: record the lapse.
    ConsultationLapsed {
        party: String,
        ended: NaiveDate,
    },
    /// R-TIME-9: the fee must be paid by `pay_by`.
    FeeDue {
        pay_by: NaiveDate,
        left: u32,
    },
    FeeLapsed {
        pay_by: NaiveDate,
    },
    /// Waiting for the approver.
    ExtensionAwaitsApproval {
        days: u32,
    },
    ReplyAwaitsApproval,
    AwaitsAssignment,
    /// R-TIME-10: next year's calendar is not loaded.
    CalendarMissing {
        year: i32,
    },
}

impl Matter {
    /// Sent even on a day off.
    pub fn is_overdue(&self) -> bool {
        matches!(
            self,
            Self::Overdue { .. } | Self::ConsultationLapsed { .. } | Self::FeeLapsed { .. }
        )
    }
}

/// One line of a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `None` for the calendar watch.
    pub case_number: Option<String>,
    pub matter: Matter,
}

/// A staff member who can receive a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: String,
    pub name: String,
    pub role: Role,
    pub email: String,
}

/// A digest for one person on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub recipient: Recipient,
    pub lines: Vec<Line>,
}

/// An open case as the reminders see it.
#[derive(Debug, Clone)]
pub struct OpenCase {
    pub number: String,
    pub case: Case,
}

/// How many days ahead of a date the matters of R-COR-1, R-TIME-6/7 and R-TIME-9 are announced.
const NEAR: u32 = 3;

fn is_working(cal: &Calendar, d: NaiveDate) -> bool {
    cal.is_working_day(d)
        .unwrap_or_else(|_| d.weekday().number_from_monday() <= 5)
}

fn left(cal: &Calendar, today: NaiveDate, until: NaiveDate) -> Option<u32> {
    cal.working_days_between(today, until).ok().map(|c| c.days)
}

/// The reply-deadline matter of a case on `today`, if any.
fn due_matter(cal: &Calendar, today: NaiveDate, due: NaiveDate) -> Option<Matter> {
    if today > due {
        return Some(Matter::Overdue { due });
    }
    if today == due {
        return Some(Matter::DueToday { due });
    }
    match left(cal, today, due)? {
        n @ 0..=3 => Some(Matter::DueWithin3 { due, left: n }),
        n @ 4..=5 => Some(Matter::DueWithin5 { due, left: n }),
        _ => None,
    }
}

/// The matters of one case for its handling officer.
fn officer_matters(cal: &Calendar, today: NaiveDate, case: &Case) -> Vec<Matter> {
    let mut out = Vec::new();
    let Some(Ok(deadline)) = case.deadline(cal) else {
        return out;
    };
    if let Some(due) = deadline.due {
        out.extend(due_matter(cal, today, due.date));
    }
    // R-COR-1: before the case is accepted and while no 补正 was asked.
    if matches!(case.stage, Some(Stage::Registered | Stage::UnderReview))
        && case.correction.is_none()
    {
        let limit = deadline.correction_notice_due;
        if today <= limit {
            if let Some(n) = left(cal, today, limit).filter(|n| *n <= NEAR) {
                out.push(Matter::CorrectionLimit { limit, left: n });
            }
        }
    }
    for c in case.consultations.iter().filter(|c| c.is_open()) {
        if today > c.window_ends {
            out.push(Matter::ConsultationLapsed {
                party: c.party.clone(),
                ended: c.window_ends,
            });
        } else if let Some(n) = left(cal, today, c.window_ends).filter(|n| *n <= NEAR) {
            out.push(Matter::ConsultationDue {
                party: c.party.clone(),
                ends: c.window_ends,
                left: n,
            });
        }
    }
    if let Some(f) = case.fee.as_ref().filter(|f| f.is_pending()) {
        if today > f.pay_by {
            out.push(Matter::FeeLapsed { pay_by: f.pay_by });
        } else if let Some(n) = left(cal, today, f.pay_by).filter(|n| *n <= NEAR) {
            out.push(Matter::FeeDue {
                pay_by: f.pay_by,
                left: n,
            });
        }
    }
    out
}

/// What waits for an approver in a case.
fn approver_matters(case: &Case) -> Vec<Matter> {
    let mut out = Vec::new();
    if let Some((days, _)) = &case.extension_pending {
        out.push(Matter::ExtensionAwaitsApproval { days: *days });
    }
    match case.stage {
        Some(Stage::ReplyDrafted) => out.push(Matter::ReplyAwaitsApproval),
        Some(Stage::Registered) if case.assignee.is_none() => out.push(Matter::AwaitsAssignment),
        _ => {}
    }
    out
}

/// The digests of one agency on `today`: one per recipient with something to say. Pure: the clock,
/// the calendar and the cases come in as arguments.
pub fn digests(
    today: NaiveDate,
    cal: &Calendar,
    cases: &[OpenCase],
    staff: &[Recipient],
) -> Vec<Digest> {
    let working = is_working(cal, today);
    let watch =
        (today.month() >= 11 && !cal.is_year_loaded(today.year() + 1)).then_some(today.year() + 1);
    let open: Vec<&OpenCase> = cases
        .iter()
        .filter(|c| c.case.stage.is_some_and(|s| !s.is_concluded()))
        .collect();
    let mut out = Vec::new();
    for r in staff {
        let mut lines = Vec::new();
        let mut push = |number: &str, matters: Vec<Matter>| {
            lines.extend(matters.into_iter().map(|matter| Line {
                case_number: Some(number.to_string()),
                matter,
            }));
        };
        match r.role {
            Role::Officer => {
                for c in &open {
                    if c.case
                        .assignee
                        .as_ref()
                        .is_some_and(|(id, _)| *id == r.user_id)
                    {
                        push(&c.number, officer_matters(cal, today, &c.case));
                    }
                }
            }
            Role::Approver => {
                for c in &open {
                    push(&c.number, approver_matters(&c.case));
                }
            }
            Role::Legal => {
                for c in &open {
                    let overdue = officer_matters(cal, today, &c.case)
                        .into_iter()
                        .filter(|m| matches!(m, Matter::Overdue { .. }))
                        .collect();
                    push(&c.number, overdue);
                }
            }
            Role::Clerk | Role::Admin => {}
        }
        if let Some(year) = watch {
            if matches!(r.role, Role::Admin | Role::Legal) {
                lines.push(Line {
                    case_number: None,
                    matter: Matter::CalendarMissing { year },
                });
            }
        }
        if !working {
            lines.retain(|l| l.matter.is_overdue());
        }
        if !lines.is_empty() {
            out.push(Digest {
                recipient: r.clone(),
                lines,
            });
        }
    }
    out
}

/// Computes today's digests of every agency and enqueues them, once per person and day. Returns how
/// many were newly enqueued.
pub fn enqueue_digests(
    store: &Store,
    cal: &Calendar,
    now: NaiveDateTime,
) -> Result<usize, ServiceError> {
    let today = now.date();
    let agencies = store.read(directory::list_agencies)?;
    let mut n = 0;
    for agency in agencies {
        let staff: Vec<Recipient> = store
            .read(|c| outbox::staff_with_email(c, &agency.id))?
            .into_iter()
            .filter_map(|(u, email)| recipient(&u, email))
            .collect();
        if staff.is_empty() {
            continue;
        }
        let cases = open_cases(store, &agency.id)?;
        for d in digests(today, cal, &cases, &staff) {
            let (subject, body) = mail_zh::digest(&agency.name, today, &d);
            let inserted = store.write(|c| {
                outbox::enqueue(
                    c,
                    &NewMail {
                        kind: DIGEST.into(),
                        case_id: None,
                        recipient: d.recipient.email.clone(),
                        subject,
                        body,
                        document_id: None,
                        dedupe_key: Some(format!("digest:{}:{}", d.recipient.user_id, today)),
                    },
                    now,
                )
            })?;
            n += usize::from(inserted.is_some());
        }
    }
    Ok(n)
}

fn recipient(u: &User, email: String) -> Option<Recipient> {
    let role: Role = serde_json::from_value(serde_json::Value::String(u.role.clone())).ok()?;
    Some(Recipient {
        user_id: u.id.clone(),
        name: u.display_name.clone(),
        role,
        email,
    })
}

/// Every case of an agency whose stage is not concluded, folded from its events.
fn open_cases(store: &Store, agency_id: &str) -> Result<Vec<OpenCase>, ServiceError> {
    let stages: Vec<String> = [
        Stage::Registered,
        Stage::UnderReview,
        Stage::AwaitingCorrection,
        Stage::Handling,
        Stage::ReplyDrafted,
        Stage::ReplyApproved,
    ]
    .into_iter()
    .map(stage_text)
    .collect();
    let mut out = Vec::new();
    // Pages of 500 (the list's ceiling), bounded.
    for page in 0..10_000i64 {
        let rows = store.read(|c| {
            queries::list_cases(
                c,
                &CaseFilter {
                    agency_id: agency_id.to_string(),
                    stages: stages.clone(),
                    limit: 500,
                    offset: page * 500,
                    ..CaseFilter::default()
                },
            )
        })?;
        let last = rows.len() < 500;
        for item in rows {
            let events = store.read(|c| store_cases::load_events(c, &item.case.id))?;
            let mut case = Case::default();
            for s in &events {
                case.apply(&to_event(s)?);
            }
            out.push(OpenCase {
                number: CaseNumber::new(
                    item.case.number_year,
                    u32::try_from(item.case.number_seq).unwrap_or(0),
                )
                .to_string(),
                case,
            });
        }
        if last {
            break;
        }
    }
    Ok(out)
}

/// When the daily digests are due: at `at` (China Standard Time) each day, checked by the mail
/// worker's every round; a restart or a second instance is harmless (one digest per person and day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSchedule {
    pub at: NaiveTime,
    last: Option<NaiveDate>,
}

impl ReminderSchedule {
    pub fn new(at: NaiveTime) -> Self {
        Self { at, last: None }
    }

    /// Whether to compute the digests now; remembers that it did for today.
    pub fn due(&mut self, now: NaiveDateTime) -> bool {
        if now.time() < self.at || self.last == Some(now.date()) {
            return false;
        }
        self.last = Some(now.date());
        true
    }
}
