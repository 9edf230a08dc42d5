//! In-process tests of the deadline calculator page and API, the error envelope and the security
//! headers. Expected dates are worked out by hand (see crates/core/tests/clock.rs).
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use std::sync::Arc;

use actix_web::{test, App};
use disclosure_calendar::Calendar;
use disclosure_web::{configure, security_headers, AppState, Clock};

fn state_at(today: &str) -> AppState {
    // The calculator needs no data; an empty SQLite database stands behind the state.
    // One database, opened (and migrated) once: the tests run in parallel.
    static STORE: std::sync::OnceLock<(disclosure_testkit::TestDb, disclosure_store::Store)> =
        std::sync::OnceLock::new();
    let (_, store) = STORE.get_or_init(|| {
        let db = disclosure_testkit::TestDb::sqlite();
        let url = disclosure_store::DatabaseUrl::parse(&db.url).unwrap();
        let store = disclosure_store::Store::open(&url).unwrap();
        (db, store)
    });
    let store = store.clone();
    AppState {
        services: disclosure_app::Services::new(store, Arc::new(Calendar::builtin().unwrap())),
        clock: Clock::Fixed(
            chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        ),
    }
}

fn state() -> AppState {
    state_at("2026-06-01")
}

macro_rules! app {
    () => {{
        let s = state();
        test::init_service(
            App::new()
                .wrap(security_headers())
                .configure(move |c| configure(c, s)),
        )
        .await
    }};
}

async fn get(uri: &str) -> (u16, String, actix_web::http::header::HeaderMap) {
    let app = app!();
    let resp = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = test::read_body(resp).await;
    (status, String::from_utf8(body.to_vec()).unwrap(), headers)
}

#[actix_rt::test]
async fn r_time_3_calculator_page_shows_the_due_date_and_explanation() {
    let (status, html, _) = get("/tools/deadline?received=2026-09-28").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<strong id="due">2026年10月30日</strong>"#),
        "{html}"
    );
    assert!(
        html.contains("2026年10月1日至2026年10月7日国庆节放假"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="2026-09-28""#),
        "the form keeps its input"
    );
}

#[actix_rt::test]
async fn r_time_5_calculator_with_a_consultation_across_spring_festival() {
    let (_, html, _) =
        get("/tools/deadline?received=2026-01-26&consult_from=2026-02-06&consult_until=2026-03-02")
            .await;
    assert!(
        html.contains(r#"<strong id="due">2026年3月17日</strong>"#),
        "{html}"
    );
}

#[actix_rt::test]
async fn calculator_page_bad_input_is_a_chinese_error_with_400() {
    let (status, html, _) = get("/tools/deadline?received=2026-02-30").await;
    assert_eq!(status, 400);
    assert!(html.contains("日期格式有误"), "{html}");
    assert!(!html.contains(r#"id="due""#));
    let (status, html, _) =
        get("/tools/deadline?received=2026-09-28&extension_days=5&approver=").await;
    assert_eq!(status, 400);
    assert!(
        html.contains("须经政府信息公开工作机构负责人同意"),
        "{html}"
    );
}

#[actix_rt::test]
async fn calculator_escapes_what_the_user_typed() {
    let (_, html, _) = get(
        "/tools/deadline?received=2026-09-28&extension_days=5&approver=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    )
    .await;
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || html.contains("&lt;script&gt;"),
        "{html}"
    );
}

#[actix_rt::test]
async fn r_time_4_api_returns_json_with_original_and_extended_due_dates() {
    // Original due 10-30; +5: 11-02..06.
    let (status, body, headers) =
        get("/api/v1/deadline?received=2026-09-28&extension_days=5&approver=%E7%8E%8B%E4%B8%BB%E4%BB%BB")
            .await;
    assert_eq!(status, 200);
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["due"], "2026-11-06");
    assert_eq!(v["original_due"], "2026-10-30");
    assert_eq!(v["status"], "running");
    assert_eq!(v["provisional"], false);
    assert_eq!(v["correction_notice_due"], "2026-10-13");
}

#[actix_rt::test]
async fn api_errors_use_one_envelope_with_a_stable_code() {
    for (uri, code) in [
        ("/api/v1/deadline?received=2026-13-01", "invalid_date"),
        ("/api/v1/deadline", "missing_received_date"),
        (
            "/api/v1/deadline?received=2026-09-28&extension_days=21&approver=x",
            "invalid_working_days",
        ),
        (
            "/api/v1/deadline?received=2026-09-28&correction_requested=2026-09-01",
            "correction_before_receipt",
        ),
        (
            "/api/v1/deadline?received=2026-09-28&pause_from=2026-10-09",
            "incomplete_period",
        ),
        (
            "/api/v1/deadline?received=1999-09-28",
            "date_out_of_calendar_range",
        ),
    ] {
        let (status, body, _) = get(uri).await;
        assert_eq!(status, 400, "{uri}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["error"]["code"], code, "{uri}: {body}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "message in Chinese: {body}"
        );
    }
}

#[actix_rt::test]
async fn r_time_10_api_marks_a_provisional_due_date() {
    let (_, body, _) = get("/api/v1/deadline?received=2026-12-15").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["due"], "2027-01-13");
    assert_eq!(v["provisional"], true);
}

#[actix_rt::test]
async fn every_response_carries_the_security_headers_and_unknown_paths_are_404() {
    let (status, html, headers) = get("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("页面不存在"));
    let csp = headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    let (status, body, _) = get("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
}

#[actix_rt::test]
async fn r_time_10_from_1_november_pages_warn_that_next_year_is_not_loaded() {
    for (today, warned) in [
        ("2026-10-31", false),
        ("2026-11-01", true),
        ("2026-11-23", true),
        ("2027-03-01", true),
    ] {
        let s = state_at(today);
        let app = test::init_service(App::new().configure(move |c| configure(c, s))).await;
        let resp = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
        let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
        assert_eq!(html.contains("2027年节假日安排尚未载入"), warned, "{today}");
    }
}
