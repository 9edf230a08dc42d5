//! The JSON API under `/api/v1` (and the health probe). Every failure inside the scope, including
//! malformed JSON, bad query strings and unknown paths, answers with the JSON error envelope.
mod bearer;
pub mod cases;
pub mod deadline;
pub mod dto;
pub mod health;
pub mod openapi;

use actix_web::web;

use crate::{ApiError, AppError};

/// The `/api/v1` scope with its JSON error handling.
pub fn scope() -> actix_web::Scope {
    web::scope("/api/v1")
        .app_data(web::QueryConfig::default().error_handler(|e, _| {
            ApiError(AppError::bad_request("invalid_query", e.to_string())).into()
        }))
        .app_data(
            web::JsonConfig::default()
                .limit(256 * 1024)
                .error_handler(|e, _| {
                    ApiError(AppError::bad_request("invalid_json", e.to_string())).into()
                }),
        )
        .app_data(web::PathConfig::default().error_handler(|e, _| {
            ApiError(AppError::bad_request("invalid_query", e.to_string())).into()
        }))
        .service(deadline::deadline)
        .service(openapi::openapi_json)
        .service(cases::list)
        .service(cases::register)
        .service(cases::get_case)
        .service(cases::action)
        .service(cases::documents)
        .service(cases::document)
        .service(cases::attachment)
        .default_service(web::to(|| async {
            Err::<actix_web::HttpResponse, ApiError>(ApiError(AppError::not_found()))
        }))
}
