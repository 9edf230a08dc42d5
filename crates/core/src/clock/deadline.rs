use chrono::NaiveDate;
use disclosure_calendar::{CalendarError, Dated, DayNote};

use super::PauseReason;

/// Where the clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    /// The reply period runs; `Deadline::due` is set.
    Running,
    /// A 补正 notice is out and the corrected application has not arrived: the 20 days will restart
    /// from its arrival (R-COR-2), so there is no due date yet.
    AwaitingCorrection,
    /// An outstanding consultation or fee wait stops the clock with `remaining` working days left.
    Paused {
        reason: PauseReason,
        since: NaiveDate,
        remaining: u32,
    },
}

/// One line of the explanation, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockStep {
    /// The receipt date, and when the 补正 notice is due (R-COR-1).
    Received {
        date: NaiveDate,
        correction_notice_due: NaiveDate,
    },
    /// The 补正 notice went out; `late` when after the 7-working-day limit.
    CorrectionRequested { on: NaiveDate, late: bool },
    /// The corrected application arrived: the period restarts (R-COR-2).
    Restarted { on: NaiveDate },
    /// Working days counted in `(after, through]`, with the holidays and make-up days met.
    Counted {
        after: NaiveDate,
        through: NaiveDate,
        days: u32,
        used_before: u32,
        notes: Vec<DayNote>,
    },
    /// Working days in `(from, until]` not counted (R-TIME-5, R-TIME-9).
    Paused {
        reason: PauseReason,
        from: NaiveDate,
        until: NaiveDate,
        skipped: u32,
        /// The consultation window lapsed without an answer (R-TIME-6).
        lapsed: bool,
    },
    /// A pause that began after the period had already run out, so it changes nothing.
    PauseAfterDue {
        reason: PauseReason,
        from: NaiveDate,
    },
    /// The approved extension (R-TIME-4).
    Extended {
        days: u32,
        approver: String,
        original_due: NaiveDate,
        approved_late: bool,
    },
    /// R-TIME-8: the agency fixed a later reply date under 条例 §35 (延迟答复).
    Deferred {
        until: NaiveDate,
        previous_due: NaiveDate,
    },
    /// The result.
    Due { date: NaiveDate, provisional: bool },
}

/// The reply deadline of a case with everything needed to show and audit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub status: ClockStatus,
    /// The due date while the clock runs (with the extension if approved).
    pub due: Option<Dated>,
    /// The due date without the extension: the date an extension must be decided before.
    pub original_due: Option<Dated>,
    /// R-COR-1: the 补正 notice is due by this date.
    pub correction_notice_due: NaiveDate,
    /// R-COR-1: the notice went out after `correction_notice_due` (a compliance breach).
    pub correction_notice_late: bool,
    /// R-TIME-4: the extension was approved after the original due date (a compliance breach).
    pub extension_approved_late: bool,
    /// For an outstanding consultation: the day its 15-working-day window lapses (R-TIME-6/7); for
    /// an outstanding fee: the last day to pay (R-TIME-9).
    pub pause_window_ends: Option<NaiveDate>,
    /// True when any date relied on lies in a year whose official calendar is not loaded.
    pub provisional: bool,
    pub steps: Vec<ClockStep>,
}

/// Facts that cannot be turned into a deadline; each names the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error("R-COR-1: the 补正 notice ({requested}) cannot precede the receipt date ({received})")]
    CorrectionBeforeReceipt {
        received: NaiveDate,
        requested: NaiveDate,
    },
    #[error("R-COR-2: the corrected application ({received}) cannot precede the 补正 notice ({requested})")]
    CorrectionReceivedBeforeRequest {
        requested: NaiveDate,
        received: NaiveDate,
    },
    #[error("R-TIME-5: a pause from {from} cannot start before the reply period starts ({start})")]
    PauseBeforeStart { from: NaiveDate, start: NaiveDate },
    #[error("R-TIME-5: a pause cannot end ({until}) before it starts ({from})")]
    PauseEndsBeforeStart { from: NaiveDate, until: NaiveDate },
    #[error("R-TIME-4 (条例第三十三条): an extension is 1 to 20 working days, not {days}")]
    ExtensionLength { days: u32 },
    #[error("R-TIME-4 (条例第三十三条): an extension needs the approver's name")]
    ExtensionWithoutApprover,
}

impl ClockError {
    /// A stable machine code for APIs and the message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Calendar(e) => e.code(),
            Self::CorrectionBeforeReceipt { .. } => "correction_before_receipt",
            Self::CorrectionReceivedBeforeRequest { .. } => "correction_received_before_request",
            Self::PauseBeforeStart { .. } => "pause_before_clock_start",
            Self::PauseEndsBeforeStart { .. } => "pause_ends_before_start",
            Self::ExtensionLength { .. } => "extension_length",
            Self::ExtensionWithoutApprover => "extension_without_approver",
        }
    }
}
