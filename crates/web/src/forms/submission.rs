//! A form submission with or without files: `multipart/form-data` when the form carries scans,
//! `application/x-www-form-urlencoded` otherwise (and from tests and scripts). Files are counted
//! and size-checked while they stream in, so an oversized upload is cut off, not buffered.
use actix_multipart::Multipart;
use actix_web::{http::header, web, HttpRequest};
use disclosure_app::attachments::{Upload, UploadLimits, UploadRefusal};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::AppError;

/// The most a form's text fields may add up to.
const MAX_TEXT_BYTES: usize = 256 * 1024;

/// Reads the submission into its form value and its files (possibly none).
pub async fn read_submission<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    limits: UploadLimits,
) -> Result<(T, Vec<Upload>), AppError> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        read_multipart(req, payload, limits).await
    } else {
        let body = payload
            .to_bytes_limited(MAX_TEXT_BYTES)
            .await
            .map_err(|_| AppError::bad_request("too_long", "form"))?
            .map_err(|e| AppError::bad_request("invalid_form", e.to_string()))?;
        let form = serde_urlencoded::from_bytes(&body)
            .map_err(|e| AppError::bad_request("invalid_form", e.to_string()))?;
        Ok((form, Vec::new()))
    }
}

async fn read_multipart<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    limits: UploadLimits,
) -> Result<(T, Vec<Upload>), AppError> {
    let bad =
        |e: actix_multipart::MultipartError| AppError::bad_request("invalid_form", e.to_string());
    let refused = |r: UploadRefusal| AppError::from(disclosure_app::ServiceError::from(r));
    let mut parts = Multipart::new(req.headers(), payload);
    let mut fields = serde_json::Map::new();
    let mut files = Vec::new();
    let mut text_bytes = 0usize;
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(bad)?;
        let (name, file_name) = match field.content_disposition() {
            Some(cd) => (
                cd.get_name().unwrap_or("").to_string(),
                cd.get_filename().map(str::to_string),
            ),
            None => (String::new(), None),
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad)?;
            bytes.extend_from_slice(&chunk);
            if file_name.is_some() && bytes.len() > limits.max_file_bytes {
                return Err(refused(UploadRefusal::TooLarge {
                    file: file_name.unwrap_or_default(),
                    limit: limits.max_file_bytes,
                }));
            }
            if file_name.is_none() && text_bytes + bytes.len() > MAX_TEXT_BYTES {
                return Err(AppError::bad_request("too_long", name));
            }
        }
        match file_name {
            // A file input left empty arrives as a part with no name and no bytes.
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => {
                if files.len() == limits.max_files {
                    return Err(refused(UploadRefusal::TooMany(limits.max_files)));
                }
                files.push(Upload {
                    file_name: f,
                    bytes,
                })
            }
            None => {
                text_bytes += bytes.len();
                let text = String::from_utf8(bytes)
                    .map_err(|_| AppError::bad_request("invalid_form", name.clone()))?;
                fields.insert(name, serde_json::Value::String(text));
            }
        }
    }
    let form = serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| AppError::bad_request("invalid_form", e.to_string()))?;
    Ok((form, files))
}
