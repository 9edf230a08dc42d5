use std::fmt;

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

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.seq)
    }
}
