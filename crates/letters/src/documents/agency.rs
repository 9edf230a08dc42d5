//! The issuing agency as every document needs it: its name (title, signature), the bodies named
//! in the remedy notice (R-LET-2), its seal and its contact line — from the agency's settings.

use chrono::NaiveDate;

use super::{required, DocumentError, Element};
use crate::layout::{Seal, Signature};

/// The agency's settings a document prints. Fill it once per agency and clone it into drafts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssuingAgency {
    /// The agency's full name (答复机关 / 发文机关署名), e.g. `某市自然资源局`.
    pub name: String,
    /// The 行政复议机关 named in the remedy notice (R-LET-2), e.g. `某市人民政府`.
    pub review_body: String,
    /// The people's court named in the remedy notice (R-LET-2), e.g. `某区人民法院`.
    pub court: String,
    /// The e-seal when configured; otherwise the letter marks where the hand stamp goes.
    pub seal: Seal,
    /// The contact note (附注), e.g. `联系人：李四，联系电话：0000-1234567`.
    pub contact: Option<String>,
}

/// The checked agency fields a document keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Agency {
    pub name: String,
    pub seal: Seal,
    pub contact: Option<String>,
}

impl Agency {
    /// Requires the name (the signature of every document).
    pub fn check(a: &IssuingAgency) -> Result<Self, DocumentError> {
        Ok(Self {
            name: required(&a.name, Element::Agency)?,
            seal: a.seal.clone(),
            contact: a
                .contact
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        })
    }

    pub fn signature(&self, date: NaiveDate) -> Signature {
        Signature {
            agency: self.name.clone(),
            date,
        }
    }
}
