use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ValueError;

/// A 字号 of an issued document: agency prefix, year in 〔〕 (U+3014/U+3015), sequence, 号 —
/// `X府信公开〔2026〕12号`. Gapless per agency and year; assigned only when the document is issued.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocNumber {
    pub prefix: String,
    pub year: i32,
    pub seq: u32,
}

impl DocNumber {
    pub fn new(prefix: &str, year: i32, seq: u32) -> Result<Self, ValueError> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(ValueError::DocNumber("the agency prefix is empty".into()));
        }
        if prefix.contains(['〔', '〕', '[', ']']) {
            return Err(ValueError::DocNumber(format!(
                "the prefix `{prefix}` must not contain brackets"
            )));
        }
        if seq == 0 || !(2000..=2099).contains(&year) {
            return Err(ValueError::DocNumber(format!("{year}/{seq} out of range")));
        }
        Ok(Self {
            prefix: prefix.to_string(),
            year,
            seq,
        })
    }
}

impl DocNumber {
    /// Reads a 字号 as printed, e.g. from a reply an applicant cites in a repeated application
    /// (不予处理 2). GB/T 9704-2012 §7.2.4: the year in full inside 〔〕 (U+3014/U+3015, not `[]`
    /// or `（）`), the sequence in Arabic numerals without 第 and without leading zeros, then 号.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let bad = |why: &str| ValueError::DocNumber(format!("`{}`: {why}", text.trim()));
        let s = text.trim();
        let (prefix, rest) = s
            .split_once('〔')
            .ok_or_else(|| bad("the year must be inside 〔〕 (U+3014/U+3015)"))?;
        let (year, rest) = rest
            .split_once('〕')
            .ok_or_else(|| bad("the year must be inside 〔〕 (U+3014/U+3015)"))?;
        let seq = rest
            .strip_suffix('号')
            .ok_or_else(|| bad("the sequence number must end with 号"))?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) {
            return Err(bad("the year must be written in full, e.g. 2026"));
        }
        if !digits(seq) || seq.starts_with('0') {
            return Err(bad(
                "the sequence number is Arabic numerals without 第 or leading zeros",
            ));
        }
        let year = year.parse().map_err(|_| bad("year out of range"))?;
        let seq = seq
            .parse()
            .map_err(|_| bad("sequence number out of range"))?;
        Self::new(prefix, year, seq)
    }
}

impl FromStr for DocNumber {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.seq)
    }
}
