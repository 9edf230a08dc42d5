//! The deadline explanation in Chinese, as officers, auditors and the CLI show it. All the wording of
//! the clock lives here.
use chrono::{Datelike, NaiveDate};
use disclosure_calendar::{DayNote, DayNoteKind};

use super::{ClockStatus, ClockStep, Deadline, PauseReason};

/// A date as Chinese official documents write it: `2026年3月2日`.
pub fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn reason_zh(r: PauseReason) -> &'static str {
    match r {
        PauseReason::ThirdPartyConsultation => "征求第三方意见",
        PauseReason::AgencyConsultation => "征求其他机关意见",
        PauseReason::FeePayment => "等待缴纳信息处理费",
        PauseReason::Other => "依法中止计算",
    }
}

fn notes_zh(notes: &[DayNote]) -> String {
    // Consecutive days of the same holiday read as one range: 2026年10月1日至10月7日国庆节放假.
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < notes.len() {
        let first = &notes[i];
        let mut last = first;
        while let Some(next) = notes.get(i + 1) {
            let consecutive = last.date.succ_opt() == Some(next.date);
            if !(consecutive && next.kind == first.kind && next.name == first.name) {
                break;
            }
            last = next;
            i += 1;
        }
        let what = match first.kind {
            DayNoteKind::Holiday => "放假",
            DayNoteKind::MakeUpWorkday => "调休上班",
            DayNoteKind::ProvisionalHoliday => "法定假日（暂定）",
        };
        let span = if first.date == last.date {
            date_zh(first.date)
        } else {
            format!("{}至{}", date_zh(first.date), date_zh(last.date))
        };
        parts.push(format!("{span}{}{what}", first.name));
        i += 1;
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("；其间：{}", parts.join("、"))
    }
}

impl Deadline {
    /// One line per step, in Chinese, for pages, letters' annexes and the CLI.
    pub fn explain_zh(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.steps.iter().map(step_zh).collect();
        match self.status {
            ClockStatus::Running => {}
            ClockStatus::AwaitingCorrection => lines.push(
                "等待申请人补正：答复期限自收到补正后的申请之日起重新计算（条例第三十条）".into(),
            ),
            ClockStatus::Paused {
                reason,
                since,
                remaining,
            } => {
                let window = self
                    .pause_window_ends
                    .map(|d| format!("，期限至{}", date_zh(d)))
                    .unwrap_or_default();
                lines.push(format!(
                    "自{}起{}，计时中止{}；剩余{}个工作日，自结束次日起继续计算",
                    date_zh(since),
                    reason_zh(reason),
                    window,
                    remaining
                ));
            }
        }
        if self.provisional {
            lines.push(
                "注意：期限跨入国务院尚未公布放假安排的年度，按周末及固定日期法定节假日暂定计算，公布后须重新计算"
                    .into(),
            );
        }
        lines
    }
}

fn step_zh(step: &ClockStep) -> String {
    match step {
        ClockStep::Received {
            date,
            correction_notice_due,
        } => format!(
            "{}收到申请（收到申请之日不计入期限）；如需补正，最迟应于{}一次性告知（条例第三十条）",
            date_zh(*date),
            date_zh(*correction_notice_due)
        ),
        ClockStep::CorrectionRequested { on, late } => format!(
            "{}发出补正告知{}",
            date_zh(*on),
            if *late {
                "（已超过7个工作日的告知期限）"
            } else {
                ""
            }
        ),
        ClockStep::Restarted { on } => format!(
            "{}收到补正后的申请，答复期限自该日起重新计算（条例第三十条）",
            date_zh(*on)
        ),
        ClockStep::Counted {
            after,
            through,
            days,
            used_before,
            notes,
        } => format!(
            "{}至{}计入{}个工作日（第{}至第{}个）{}",
            date_zh(after.succ_opt().unwrap_or(*after)),
            date_zh(*through),
            days,
            used_before + 1,
            used_before + days,
            notes_zh(notes)
        ),
        ClockStep::Paused {
            reason,
            from,
            until,
            skipped,
            lapsed,
        } => format!(
            "{}：{}次日至{}不计入期限（{}个工作日）{}",
            reason_zh(*reason),
            date_zh(*from),
            date_zh(*until),
            skipped,
            if *lapsed {
                "，答复期限届满未答复"
            } else {
                ""
            }
        ),
        ClockStep::PauseAfterDue { reason, from } => format!(
            "{}始于{}，已在答复期限届满之后，不影响期限",
            reason_zh(*reason),
            date_zh(*from)
        ),
        ClockStep::Deferred {
            until,
            previous_due,
        } => format!(
            "申请数量、频次明显超过合理范围但理由合理，确定延迟答复期限至{}（条例第三十五条），原答复期限{}",
            date_zh(*until),
            date_zh(*previous_due)
        ),
        ClockStep::Extended {
            days,
            approver,
            original_due,
            approved_late,
        } => format!(
            "经{}同意延长答复期限{}个工作日（条例第三十三条），原答复期限{}{}",
            approver,
            days,
            date_zh(*original_due),
            if *approved_late {
                "；延期决定晚于原答复期限"
            } else {
                ""
            }
        ),
        ClockStep::Due { date, provisional } => format!(
            "答复期限：{}{}",
            date_zh(*date),
            if *provisional { "（暂定）" } else { "" }
        ),
    }
}
