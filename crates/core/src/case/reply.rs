use serde::{Deserialize, Serialize};

use super::ProvisionForm;
use crate::outcome::Outcome;

/// A withheld part of the information and the reason for it (条例 §37).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithheldItem {
    pub item: String,
    pub reason: String,
}

/// The agency competent for the information (条例 §36(5)), when it can be determined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetentAgency {
    pub name: String,
    pub contact: String,
}

/// The substance of the reply letter (答复书) as the officer drafts it; the 字号 and the reply date
/// are added when it is issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub outcome: Outcome,
    /// 答复的事实依据: what the agency did and found (检索、审查、征求意见…).
    pub facts: String,
    /// The answer in plain words (R-LET-3).
    pub decision: String,
    pub disclosed_items: Vec<String>,
    pub withheld_items: Vec<WithheldItem>,
    /// How the information is provided, when it is (条例 §40).
    pub provision: Option<ProvisionForm>,
    /// §36(5): the competent agency, when known.
    pub competent_agency: Option<CompetentAgency>,
    /// R-TIME-6: disclosing over a third party's objection needs the public-interest reason…
    pub public_interest_reason: Option<String>,
    /// …and a written notice to the third party.
    pub third_party_notified: bool,
}
