use chrono::NaiveDate;

/// Why a calendar question could not be answered. Every variant says what was wrong so the CLI and
/// the pages can show it as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("date {date} is outside the calendar's range {first}..={last}")]
    OutOfRange {
        date: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
    },
    #[error("adding {n} working days to {start} runs past the calendar's last date {last}")]
    ResultOutOfRange {
        start: NaiveDate,
        n: u32,
        last: NaiveDate,
    },
    #[error(
        "the interval ({from}, {to}] is reversed: the first date must not be after the second"
    )]
    ReversedInterval { from: NaiveDate, to: NaiveDate },
    #[error("calendar data line {line}: {reason}")]
    BadData { line: usize, reason: String },
}

impl CalendarError {
    /// A stable machine code for APIs and the message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OutOfRange { .. } => "date_out_of_calendar_range",
            Self::ResultOutOfRange { .. } => "result_out_of_calendar_range",
            Self::ReversedInterval { .. } => "reversed_interval",
            Self::BadData { .. } => "bad_calendar_data",
        }
    }
}
