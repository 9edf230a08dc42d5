use disclosure_core::case::DomainError;
use disclosure_store::StoreError;

/// Why a service call failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A rule refused the command (nothing was written).
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("wrong user name or password")]
    BadCredentials,
    #[error("too many failed logins for this user name; locked until {0}")]
    LoginThrottled(chrono::NaiveDateTime),
    #[error("the API token is unknown, revoked or its user inactive")]
    BadToken,
    #[error("no active user has that user name")]
    UnknownUser,
    #[error("the case does not exist or belongs to another agency")]
    NotFound,
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    /// A letter the command must issue could not be made.
    #[error(transparent)]
    Letter(#[from] crate::documents::LetterFailure),
    /// An uploaded file was refused (size, count, type).
    #[error(transparent)]
    Upload(#[from] crate::attachments::UploadRefusal),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

impl ServiceError {
    /// A stable machine code, the key of the Chinese message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::BadCredentials => "bad_credentials",
            Self::BadToken => "bad_token",
            Self::LoginThrottled(_) => "login_throttled",
            Self::UnknownUser => "unknown_user",
            Self::NotFound => "case_not_found",
            Self::Corrupt(_) => "corrupt_data",
            Self::Letter(e) => e.code(),
            Self::Upload(e) => e.code(),
            Self::Hashing(_) => "internal_error",
        }
    }

    /// Whether the caller did something wrong (4xx) rather than the system (5xx).
    pub fn is_client_error(&self) -> bool {
        if let Self::Letter(l) = self {
            return l.is_client_error();
        }
        matches!(
            self,
            Self::Domain(_)
                | Self::BadCredentials
                | Self::BadToken
                | Self::LoginThrottled(_)
                | Self::UnknownUser
                | Self::NotFound
                | Self::Upload(_)
                | Self::Store(StoreError::Conflict { .. } | StoreError::NotFound(_))
        )
    }
}
