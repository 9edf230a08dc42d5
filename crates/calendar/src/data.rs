//! The calendar data file: one line per date that departs from the plain Monday–Friday rule.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::CalendarError;

/// The official data for 2004–2026 (`date,kind,name`), from the State Council notices; see
/// `data/README` in the repository's `../shared/calendar/` provenance notes.
pub const BUILTIN_CSV: &str = include_str!("../data/cn-official.csv");

/// What the notice says of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A statutory day off (放假).
    Off,
    /// A Saturday or Sunday made a working day (调休上班).
    Work,
}

/// One line of the data: the date, what it is, and the holiday it belongs to (e.g. 春节).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// Parses `date,kind,name` lines (a header line and blank lines and `#` comments are skipped).
///
/// Refuses a `work` line on a weekday (it would mean nothing and hides a typing error) and a date
/// given twice with different kinds.
pub fn parse_calendar_csv(text: &str) -> Result<BTreeMap<NaiveDate, DayEntry>, CalendarError> {
    let mut out: BTreeMap<NaiveDate, DayEntry> = BTreeMap::new();
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') || line.starts_with("date,") {
            continue;
        }
        let bad = |reason: String| CalendarError::BadData {
            line: line_no,
            reason,
        };
        let mut fields = line.splitn(3, ',').map(str::trim);
        let date_text = fields.next().unwrap_or_default();
        let kind_text = fields
            .next()
            .ok_or_else(|| bad(format!("expected `date,kind,name`, got `{line}`")))?;
        let name = fields.next().unwrap_or_default().to_string();
        let date = parse_iso_date(date_text)
            .ok_or_else(|| bad(format!("`{date_text}` is not a date YYYY-MM-DD")))?;
        let kind = match kind_text {
            "off" => DayKind::Off,
            "work" => DayKind::Work,
            other => return Err(bad(format!("kind must be `off` or `work`, got `{other}`"))),
        };
        if kind == DayKind::Work && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(bad(format!(
                "{date} is a weekday; only a Saturday or Sunday can be made a working day"
            )));
        }
        if let Some(prev) = out.get(&date) {
            if prev.kind != kind {
                return Err(bad(format!("{date} is listed both as `off` and as `work`")));
            }
        }
        out.insert(date, DayEntry { date, kind, name });
    }
    Ok(out)
}

/// Parses a strict `YYYY-MM-DD` date (four-digit year, two-digit month and day), the only form the
/// product accepts at its edges; faster than a format-string parse for bulk input.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}
