//! Request telemetry: one request id per HTTP request, a tracing span carrying it, one log line per
//! request and its latency in the route histogram.
//!
//! What is logged is chosen so that no personal data can reach a log line: the method, the route
//! *pattern* (`/cases/{id}`, never the path or query, which may carry a tracking code), the status and
//! the latency. Form bodies, headers and cookies are never logged.
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

/// The header a proxy may set to correlate its logs with ours; echoed on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest request id accepted from a client; longer or odd ones are replaced by our own.
const MAX_REQUEST_ID: usize = 64;

/// The request id of the current request, for handlers that want to show it (e.g. an error page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Keeps a client's id when it is short and plain (so it cannot forge log lines), else makes one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= MAX_REQUEST_ID
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string())
}

/// The middleware (`actix_web::middleware::from_fn(telemetry)`): every log line written while the
/// request is handled carries its `request_id`, because it is a field of the enclosing span.
pub async fn telemetry(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request_id(&req);
    let method = req.method().to_string();
    actix_web::HttpMessage::extensions_mut(&req).insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %method);
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let _entered = span.enter();
    match result {
        Ok(mut res) => {
            let route = route_label(res.request().match_pattern());
            let status = res.status().as_u16();
            crate::metrics::observe_request(&method, &route, status, elapsed);
            let millis = elapsed.as_secs_f64() * 1000.0;
            if res.status().is_server_error() {
                tracing::error!(route = %route, status, latency_ms = millis, "request failed");
            } else {
                tracing::info!(route = %route, status, latency_ms = millis, "request");
            }
            if let Ok(v) = HeaderValue::from_str(&id) {
                res.headers_mut()
                    .insert(HeaderName::from_static(REQUEST_ID_HEADER), v);
            }
            Ok(res)
        }
        Err(e) => {
            // An error that did not become a response (rare: extractors turn theirs into responses).
            tracing::error!(latency_ms = elapsed.as_secs_f64() * 1000.0, "request error");
            Err(e)
        }
    }
}

/// The route pattern, or one label for everything unmatched so scanners cannot grow the metrics.
fn route_label(pattern: Option<String>) -> String {
    pattern.unwrap_or_else(|| "(unmatched)".to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn a_plain_client_id_is_kept_and_an_odd_one_replaced() {
        let req = TestRequest::default()
            .insert_header((REQUEST_ID_HEADER, "edge-42.a_b"))
            .to_srv_request();
        assert_eq!(request_id(&req), "edge-42.a_b");
        for bad in ["", "a b", "a/b", &"z".repeat(65)] {
            let req = TestRequest::default()
                .insert_header((REQUEST_ID_HEADER, bad))
                .to_srv_request();
            let id = request_id(&req);
            assert_eq!(id.len(), 32, "{bad:?} replaced by a uuid: {id}");
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        }
        let req = TestRequest::default().to_srv_request();
        assert_eq!(request_id(&req).len(), 32);
    }
}
