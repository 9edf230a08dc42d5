//! Values parsed once at the edge ("parse, don't validate"): past the constructor a value is valid by
//! its type.
mod case_number;
mod doc_number;
mod id_number;
mod phone;

pub use case_number::CaseNumber;
pub use doc_number::DocNumber;
pub use id_number::IdNumber;
pub use phone::PhoneNumber;

/// Why a value could not be parsed; `code()` is stable for APIs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("`{0}` is not an 18-character resident ID number")]
    IdNumberFormat(String),
    #[error("`{0}`: characters 7-14 are not a date of birth (GB 11643)")]
    IdNumberBirthDate(String),
    #[error("`{0}` has a wrong check digit (GB 11643)")]
    IdNumberCheckDigit(String),
    #[error("`{0}` is not a phone number")]
    Phone(String),
    #[error("`{0}` is not a case number YYYY-NNNN")]
    CaseNumber(String),
    #[error("document number: {0}")]
    DocNumber(String),
}

impl ValueError {
    /// What the clerk reads, in Chinese, from the catalogue ([`crate::messages_zh`]).
    pub fn message_zh(&self) -> String {
        crate::messages_zh::value_error(self)
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::IdNumberFormat(_) => "invalid_id_number",
            Self::IdNumberBirthDate(_) => "id_number_birth_date",
            Self::IdNumberCheckDigit(_) => "id_number_check_digit",
            Self::Phone(_) => "invalid_phone",
            Self::CaseNumber(_) => "invalid_case_number",
            Self::DocNumber(_) => "invalid_doc_number",
        }
    }
}
