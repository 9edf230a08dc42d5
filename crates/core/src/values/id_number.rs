use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ValueError;

/// An 18-character 居民身份证号码 (GB 11643-1999) with a valid ISO 7064 MOD 11-2 check character.
///
/// `Display` masks it (`110105**********1X`); the full number only through [`IdNumber::as_str`],
/// where it is really needed (the registration form, the case file).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [u8; 11] = *b"10X98765432";

impl IdNumber {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let s = text.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        let well_formed = b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X');
        if !well_formed {
            return Err(ValueError::IdNumberFormat(text.to_string()));
        }
        // Characters 7–14 are the date of birth, YYYYMMDD (GB 11643-1999 §5.2).
        let birth = NaiveDate::parse_from_str(&s[6..14], "%Y%m%d")
            .ok()
            .filter(|d| d.year() >= 1900);
        if birth.is_none() {
            return Err(ValueError::IdNumberBirthDate(text.to_string()));
        }
        let sum: u32 = b[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(c, w)| u32::from(c - b'0') * w)
            .sum();
        if CHECK[(sum % 11) as usize] != b[17] {
            return Err(ValueError::IdNumberCheckDigit(text.to_string()));
        }
        Ok(Self(s))
    }

    /// The full number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The masked form shown in lists and logs: the first 6 and the last 2 characters.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..6], "*".repeat(10), &self.0[16..])
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl TryFrom<String> for IdNumber {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(v: IdNumber) -> String {
        v.0
    }
}
