use std::fmt;

use serde::{Deserialize, Serialize};

use super::ValueError;

/// A case number, unique per agency: the receipt year and a gapless sequence, `2026-0001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNumber {
    pub year: i32,
    pub seq: u32,
}

impl CaseNumber {
    pub fn new(year: i32, seq: u32) -> Self {
        Self { year, seq }
    }

    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let bad = || ValueError::CaseNumber(text.to_string());
        let (y, n) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || n.len() < 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let seq = n.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(Self { year, seq })
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}", self.year, self.seq)
    }
}

impl TryFrom<String> for CaseNumber {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CaseNumber> for String {
    fn from(v: CaseNumber) -> String {
        v.to_string()
    }
}
