//! The applicant (申请人) as the annual report classifies them, and what Art. 29 asks of them.
use serde::{Deserialize, Serialize};

use crate::values::{IdNumber, PhoneNumber};

/// The column of table 三 an applicant is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    /// 自然人
    NaturalPerson,
    /// 法人或其他组织: 商业企业
    Business,
    /// 科研机构
    Research,
    /// 社会公益组织
    PublicInterest,
    /// 法律服务机构
    LegalService,
    /// 其他
    OtherOrganisation,
}

impl ApplicantKind {
    pub const ALL: [ApplicantKind; 6] = [
        Self::NaturalPerson,
        Self::Business,
        Self::Research,
        Self::PublicInterest,
        Self::LegalService,
        Self::OtherOrganisation,
    ];

    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::NaturalPerson => "自然人",
            Self::Business => "商业企业",
            Self::Research => "科研机构",
            Self::PublicInterest => "社会公益组织",
            Self::LegalService => "法律服务机构",
            Self::OtherOrganisation => "其他",
        }
    }

    pub fn is_organisation(&self) -> bool {
        !matches!(self, Self::NaturalPerson)
    }
}

/// The identity document (Art. 29(1)): a resident ID card is checked; other documents (passport,
/// 统一社会信用代码 of an organisation, …) are kept as typed by the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "number", rename_all = "snake_case")]
pub enum IdDocument {
    ResidentId(IdNumber),
    Other { kind: String, number: String },
}

/// The applicant as registered. Fields may be missing: an incomplete application is still
/// registered, and the remedy is 补正 (R-COR-1), never refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub kind: ApplicantKind,
    /// Name of the person or organisation.
    pub name: String,
    pub id_document: Option<IdDocument>,
    pub phone: Option<PhoneNumber>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// For an organisation: its legal representative or contact person.
    pub contact_person: Option<String>,
}
