use chrono::NaiveDate;
use disclosure_calendar::{Calendar, Dated};

use super::{
    ClockError, ClockFacts, ClockStatus, ClockStep, Deadline, Pause, PauseReason,
    CONSULTATION_WORKING_DAYS, CORRECTION_NOTICE_WORKING_DAYS, FEE_PAYMENT_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS, REPLY_PERIOD_WORKING_DAYS,
};

/// Computes the reply deadline from the case's dated facts.
///
/// R-TIME-3: 20 working days after the receipt date, the receipt day not counted (R-TIME-2).
/// R-COR-2: a corrected application restarts the 20 days from its arrival.
/// R-TIME-5 / R-TIME-9: the working days in `(sent, answered]` of a consultation or fee wait are not
/// counted; what remained runs again from the day after. Overlapping pauses count once.
/// R-TIME-4: an approved extension adds at most 20 working days to the period.
/// R-TIME-8: a 延迟答复 date fixed under §35 replaces an earlier due date.
pub fn compute_deadline(facts: &ClockFacts, cal: &Calendar) -> Result<Deadline, ClockError> {
    let received = facts.received;
    let notice_due = cal.add_working_days(received, CORRECTION_NOTICE_WORKING_DAYS)?;
    let mut out = Deadline {
        status: ClockStatus::Running,
        due: None,
        original_due: None,
        correction_notice_due: notice_due.date,
        correction_notice_late: false,
        extension_approved_late: false,
        pause_window_ends: None,
        provisional: notice_due.provisional,
        steps: vec![ClockStep::Received {
            date: received,
            correction_notice_due: notice_due.date,
        }],
    };

    let start = match &facts.correction {
        None => received,
        Some(c) => {
            if c.requested < received {
                return Err(ClockError::CorrectionBeforeReceipt {
                    received,
                    requested: c.requested,
                });
            }
            out.correction_notice_late = c.requested > notice_due.date;
            out.steps.push(ClockStep::CorrectionRequested {
                on: c.requested,
                late: out.correction_notice_late,
            });
            let Some(corrected) = c.received else {
                out.status = ClockStatus::AwaitingCorrection;
                return Ok(out);
            };
            if corrected < c.requested {
                return Err(ClockError::CorrectionReceivedBeforeRequest {
                    requested: c.requested,
                    received: corrected,
                });
            }
            out.steps.push(ClockStep::Restarted { on: corrected });
            corrected
        }
    };

    let extra = match &facts.extension {
        None => 0,
        Some(e) => {
            if e.days == 0 || e.days > MAX_EXTENSION_WORKING_DAYS {
                return Err(ClockError::ExtensionLength { days: e.days });
            }
            if e.approver.trim().is_empty() {
                return Err(ClockError::ExtensionWithoutApprover);
            }
            e.days
        }
    };

    let pauses = resolve_pauses(&facts.pauses, start, cal)?;
    let base = run(start, REPLY_PERIOD_WORKING_DAYS, &pauses, cal)?;
    let full = if extra > 0 {
        run(start, REPLY_PERIOD_WORKING_DAYS + extra, &pauses, cal)?
    } else {
        base.clone()
    };
    out.provisional |= full.provisional || base.provisional;
    out.steps.extend(full.steps);
    match full.end {
        RunEnd::Due(due) => {
            let original = match base.end {
                RunEnd::Due(d) => Some(d),
                RunEnd::Paused { .. } => None,
            };
            if let (Some(e), Some(orig)) = (&facts.extension, original) {
                out.extension_approved_late = e.approved_on.is_some_and(|a| a > orig.date);
                out.steps.push(ClockStep::Extended {
                    days: e.days,
                    approver: e.approver.clone(),
                    original_due: orig.date,
                    approved_late: out.extension_approved_late,
                });
            }
            let mut due_on = due.date;
            if let Some(until) = facts.deferred_until.filter(|u| *u > due.date) {
                out.steps.push(ClockStep::Deferred {
                    until,
                    previous_due: due.date,
                });
                due_on = until;
            }
            out.steps.push(ClockStep::Due {
                date: due_on,
                provisional: out.provisional,
            });
            out.due = Some(Dated {
                date: due_on,
                provisional: out.provisional,
            });
            out.original_due = original;
        }
        RunEnd::Paused {
            reason,
            since,
            remaining,
            window_ends,
        } => {
            out.status = ClockStatus::Paused {
                reason,
                since,
                remaining,
            };
            out.pause_window_ends = window_ends;
        }
    }
    Ok(out)
}

/// A pause with its end worked out: `until` is `None` only while outstanding.
#[derive(Debug, Clone)]
struct ResolvedPause {
    reason: PauseReason,
    from: NaiveDate,
    until: Option<NaiveDate>,
    /// The consultation lapsed: its window ended before (or without) an answer.
    lapsed: bool,
    /// The last day of the consultation or payment window.
    window_ends: Option<NaiveDate>,
}

fn resolve_pauses(
    pauses: &[Pause],
    start: NaiveDate,
    cal: &Calendar,
) -> Result<Vec<ResolvedPause>, ClockError> {
    let mut out = Vec::with_capacity(pauses.len());
    for p in pauses {
        if p.from < start {
            return Err(ClockError::PauseBeforeStart {
                from: p.from,
                start,
            });
        }
        if let Some(u) = p.until {
            if u < p.from {
                return Err(ClockError::PauseEndsBeforeStart {
                    from: p.from,
                    until: u,
                });
            }
        }
        let window = match p.reason {
            PauseReason::ThirdPartyConsultation | PauseReason::AgencyConsultation => Some(
                cal.add_working_days(p.from, CONSULTATION_WORKING_DAYS)?
                    .date,
            ),
            PauseReason::FeePayment => {
                Some(cal.add_working_days(p.from, FEE_PAYMENT_WORKING_DAYS)?.date)
            }
            PauseReason::Other => None,
        };
        let consultation = matches!(
            p.reason,
            PauseReason::ThirdPartyConsultation | PauseReason::AgencyConsultation
        );
        // R-TIME-5: a consultation that is not answered in time ends when its window lapses; a late
        // answer does not extend the pause.
        let (until, lapsed) = match (p.until, window) {
            (Some(u), Some(w)) if consultation && u > w => (Some(w), true),
            (u, _) => (u, false),
        };
        out.push(ResolvedPause {
            reason: p.reason,
            from: p.from,
            until,
            lapsed,
            window_ends: window,
        });
    }
    out.sort_by_key(|p| p.from);
    Ok(out)
}

#[derive(Debug, Clone)]
enum RunEnd {
    Due(Dated),
    Paused {
        reason: PauseReason,
        since: NaiveDate,
        remaining: u32,
        window_ends: Option<NaiveDate>,
    },
}

#[derive(Debug, Clone)]
struct Run {
    end: RunEnd,
    provisional: bool,
    steps: Vec<ClockStep>,
}

/// Runs a period of `period` working days from `start` through the pauses.
fn run(
    start: NaiveDate,
    period: u32,
    pauses: &[ResolvedPause],
    cal: &Calendar,
) -> Result<Run, ClockError> {
    let mut steps = Vec::new();
    let mut provisional = false;
    let mut used = 0u32;
    let mut cursor = start;
    for p in pauses {
        // Overlapping pauses: the part already skipped is not skipped twice.
        let from = p.from.max(cursor);
        if p.until.is_some_and(|u| u <= from) {
            continue;
        }
        let seg = cal.working_days_between(cursor, from)?;
        provisional |= seg.provisional;
        if used + seg.days >= period {
            steps.push(ClockStep::PauseAfterDue {
                reason: p.reason,
                from: p.from,
            });
            break;
        }
        if seg.days > 0 {
            steps.push(counted(cursor, from, seg.days, used, cal)?);
        }
        used += seg.days;
        let Some(until) = p.until else {
            return Ok(Run {
                end: RunEnd::Paused {
                    reason: p.reason,
                    since: p.from,
                    remaining: period - used,
                    window_ends: p.window_ends,
                },
                provisional,
                steps,
            });
        };
        let skipped = cal.working_days_between(from, until)?;
        provisional |= skipped.provisional;
        steps.push(ClockStep::Paused {
            reason: p.reason,
            from,
            until,
            skipped: skipped.days,
            lapsed: p.lapsed,
        });
        cursor = until;
    }
    let due = cal.add_working_days(cursor, period - used)?;
    provisional |= due.provisional;
    steps.push(counted(cursor, due.date, period - used, used, cal)?);
    Ok(Run {
        end: RunEnd::Due(Dated {
            date: due.date,
            provisional,
        }),
        provisional,
        steps,
    })
}

fn counted(
    after: NaiveDate,
    through: NaiveDate,
    days: u32,
    used_before: u32,
    cal: &Calendar,
) -> Result<ClockStep, ClockError> {
    Ok(ClockStep::Counted {
        after,
        through,
        days,
        used_before,
        notes: cal.notes_between(after, through)?,
    })
}
