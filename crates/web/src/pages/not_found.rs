use actix_web::HttpResponse;

use crate::AppError;

/// Any unknown path.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::not_found())
}
