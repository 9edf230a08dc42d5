//! One error policy for the web edge: a stable snake_case `code` for machines and a Chinese message
//! from [`crate::messages_zh`] for people. Pages render it as HTML, the API as a JSON envelope.
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;
use disclosure_app::ServiceError;

use crate::messages_zh;

/// An error shown on a page.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct AppError {
    pub status: StatusCode,
    /// Stable machine code, e.g. `invalid_date`.
    pub code: &'static str,
    /// What exactly was wrong, for logs and the API (not shown to applicants verbatim).
    pub detail: String,
    /// The domain's own Chinese message (with its dates and rule), when it has one; otherwise the
    /// catalogue's message of `code` is shown.
    pub human: Option<String>,
}

impl AppError {
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code,
            detail: detail.into(),
            human: None,
        }
    }

    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            code,
            detail: detail.into(),
            human: None,
        }
    }

    pub fn not_found() -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            detail: String::new(),
            human: None,
        }
    }

    /// Too many requests from one client for now (429).
    pub fn too_many(code: &'static str) -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            code,
            detail: code.to_string(),
            human: None,
        }
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal_error",
            detail: detail.into(),
            human: None,
        }
    }

    /// Not logged in: pages redirect to the login page.
    pub fn login_required() -> Self {
        Self {
            status: StatusCode::SEE_OTHER,
            code: "login_required",
            detail: String::new(),
            human: None,
        }
    }

    /// Uses the domain's own Chinese message instead of the catalogue's.
    pub fn with_human(mut self, message: String) -> Self {
        self.human = Some(message);
        self
    }

    /// A refusal of the deadline clock, with its dates and rule in the message.
    pub fn clock(e: &disclosure_core::clock::ClockError) -> Self {
        Self::bad_request(e.code(), e.to_string())
            .with_human(disclosure_core::messages_zh::clock_error(e))
    }

    /// A malformed value (ID number, phone…), in the domain's words.
    pub fn value(e: &disclosure_core::values::ValueError, field: &str) -> Self {
        Self::bad_request(e.code(), field.to_string()).with_human(e.message_zh())
    }

    /// The Chinese message for people.
    pub fn message(&self) -> String {
        self.human
            .clone()
            .unwrap_or_else(|| messages_zh::message(self.code).to_string())
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        let status = match &e {
            ServiceError::NotFound => StatusCode::NOT_FOUND,
            ServiceError::BadCredentials | ServiceError::BadToken => StatusCode::UNAUTHORIZED,
            ServiceError::LoginThrottled(_) => StatusCode::TOO_MANY_REQUESTS,
            ServiceError::Upload(disclosure_app::attachments::UploadRefusal::TooLarge {
                ..
            }) => StatusCode::PAYLOAD_TOO_LARGE,
            ServiceError::Domain(d) if d.code() == "role_not_allowed" => StatusCode::FORBIDDEN,
            ServiceError::Domain(d) if d.code() == "case_not_found" => StatusCode::NOT_FOUND,
            ServiceError::Store(disclosure_store::StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            ServiceError::Store(disclosure_store::StoreError::Conflict { .. }) => {
                StatusCode::CONFLICT
            }
            ServiceError::Letter(disclosure_app::documents::LetterFailure::NoFonts(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            _ if e.is_client_error() => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let human = match &e {
            ServiceError::Domain(d) => Some(d.message_zh()),
            ServiceError::Upload(r) => Some(messages_zh::upload_refusal(r)),
            _ => None,
        };
        Self {
            status,
            code: e.code(),
            detail: e.to_string(),
            human,
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(e.to_string())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: crate::layout::Layout,
    title: &'a str,
    message: String,
    code: &'a str,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if self.status == StatusCode::SEE_OTHER {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/login"))
                .finish();
        }
        // Error pages are rendered without the state; the frame shows no notices there.
        let page = ErrorPage {
            layout: crate::layout::Layout::default(),
            title: messages_zh::status_title(self.status.as_u16()),
            message: self.message(),
            code: self.code,
        };
        match page.render() {
            Ok(html) => HttpResponse::build(self.status)
                .content_type("text/html; charset=utf-8")
                .body(html),
            Err(_) => HttpResponse::build(self.status)
                .content_type("text/plain; charset=utf-8")
                .body(self.message()),
        }
    }
}

/// An error returned by the JSON API: `{"error": {"code": …, "message": …, "detail": …}}`.
#[derive(Debug, Clone, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        Self(e.into())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self(e.into())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.0.status).json(serde_json::json!({
            "error": {
                "code": self.0.code,
                "message": self.0.message(),
                "detail": self.0.detail,
            }
        }))
    }
}
