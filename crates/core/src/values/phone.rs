use std::fmt;

use serde::{Deserialize, Serialize};

use super::ValueError;

/// A phone number: a mobile number (11 digits starting with 1) or a landline with area code
/// (digits with optional `-`), 7 to 20 characters. `Display` masks the middle digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let s: String = text.trim().chars().filter(|c| *c != ' ').collect();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let ok = (7..=20).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_digit() || c == '-')
            && digits >= 7
            && !s.starts_with('-')
            && !s.ends_with('-');
        if !ok {
            return Err(ValueError::Phone(text.to_string()));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`: the first 3 and the last 4 characters.
    pub fn masked(&self) -> String {
        let n = self.0.chars().count();
        let head: String = self.0.chars().take(3).collect();
        let tail: String = self.0.chars().skip(n.saturating_sub(4)).collect();
        format!("{head}****{tail}")
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PhoneNumber> for String {
    fn from(v: PhoneNumber) -> String {
        v.0
    }
}
