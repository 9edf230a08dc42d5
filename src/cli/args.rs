//! Value parsers shared by the subcommands: inputs become typed values once, here.
use chrono::NaiveDate;
use disclosure_calendar::parse_iso_date;

/// The largest N accepted for "N working days": about forty years, far beyond any legal period.
pub const MAX_WORKING_DAYS: u32 = 10_000;

/// A `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    parse_iso_date(s.trim()).ok_or_else(|| format!("`{s}` is not a date YYYY-MM-DD"))
}

/// A number of working days, 0..=10000.
pub fn parse_working_days(s: &str) -> Result<u32, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if (0..=i64::from(MAX_WORKING_DAYS)).contains(&n) => {
            Ok(u32::try_from(n).unwrap_or(MAX_WORKING_DAYS))
        }
        Ok(n) => Err(format!(
            "{n} working days is out of range: give a whole number from 0 to {MAX_WORKING_DAYS}"
        )),
        Err(_) => Err(format!(
            "`{s}` is not a number of working days (a whole number from 0 to {MAX_WORKING_DAYS})"
        )),
    }
}

/// `FROM,TO` (both dates) or `FROM` alone when `allow_open`.
pub fn parse_date_pair(
    s: &str,
    allow_open: bool,
) -> Result<(NaiveDate, Option<NaiveDate>), String> {
    match s.split_once(',') {
        Some((a, b)) => Ok((parse_date(a)?, Some(parse_date(b)?))),
        None if allow_open => Ok((parse_date(s)?, None)),
        None => Err(format!("`{s}` must be two dates `YYYY-MM-DD,YYYY-MM-DD`")),
    }
}
