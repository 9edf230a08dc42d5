//! The report pages in process (R-REP-1, R-TIME-3): who may see them, every compliance number leading
//! to exactly that many cases, the chart, the official table layout, the exports, and locking a year
//! with CSRF, legal staff only.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use actix_web::cookie::Key;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{test, App};
use disclosure_app::demo::{ensure_demo_agency, seed_cases, DEMO_PASSWORD};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use disclosure_web::{configure, security_headers, session_middleware, AppState, Clock};

fn state(db: &TestDb) -> AppState {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let services = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    let now = chrono::NaiveDate::from_ymd_opt(2026, 7, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    ensure_demo_agency(&services, now).unwrap();
    seed_cases(&services, 60, 42, now.date(), 540).unwrap();
    AppState {
        services,
        clock: Clock::Fixed(now),
    }
}

struct Reply {
    status: u16,
    body: Vec<u8>,
    location: Option<String>,
    content_type: String,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

struct Client<S> {
    app: S,
    cookie: Option<String>,
}

impl<S> Client<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    async fn send(&mut self, mut req: test::TestRequest) -> Reply {
        if let Some(c) = &self.cookie {
            req = req.insert_header(("cookie", c.clone()));
        }
        let resp = test::call_service(&self.app, req.to_request()).await;
        if let Some(set) = resp.headers().get("set-cookie") {
            self.cookie = Some(set.to_str().unwrap().split(';').next().unwrap().to_string());
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .map(|l| l.to_str().unwrap().to_string())
        };
        let (location, content_type) = (header("location"), header("content-type"));
        Reply {
            status: resp.status().as_u16(),
            location,
            content_type: content_type.unwrap_or_default(),
            body: test::read_body(resp).await.to_vec(),
        }
    }

    async fn get(&mut self, uri: &str) -> Reply {
        self.send(test::TestRequest::get().uri(uri)).await
    }

    async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> Reply {
        self.send(test::TestRequest::post().uri(uri).set_form(form))
            .await
    }

    async fn csrf(&mut self, uri: &str) -> String {
        let body = self.get(uri).await.text();
        let start = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
        body[start..start + 32].to_string()
    }

    async fn login(&mut self, user: &str) {
        self.cookie = None;
        let csrf = self.csrf("/login").await;
        let r = self
            .post(
                "/login",
                &[
                    ("csrf", &csrf),
                    ("username", user),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{user} logs in");
    }
}

macro_rules! client {
    ($state:expr) => {{
        let s = $state;
        let app = test::init_service(
            App::new()
                .wrap(session_middleware(Key::from(&[7u8; 64]), false))
                .wrap(security_headers())
                .configure(move |c| configure(c, s)),
        )
        .await;
        Client { app, cookie: None }
    }};
}

/// The `(href, number)` of every linked number in the compliance table.
fn linked_numbers(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<td><a href=\"") {
        rest = &rest[i + 13..];
        let end = rest.find('"').unwrap();
        let href = rest[..end].replace("&amp;", "&").replace("&#38;", "&");
        let text_start = rest.find('>').unwrap() + 1;
        let text_end = rest.find("</a>").unwrap();
        out.push((href, rest[text_start..text_end].to_string()));
        rest = &rest[text_end..];
    }
    out
}

#[actix_rt::test]
async fn r_time_3_compliance_numbers_lead_to_their_cases() {
    let db = TestDb::sqlite();
    let mut c = client!(state(&db));
    c.login("officer").await;
    assert_eq!(c.get("/reports/compliance").await.status, 403);
    c.login("legal").await;
    let page = c
        .get("/reports/compliance?from=2025-07-01&to=2026-06-30")
        .await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<svg"), "the chart");
    assert_eq!(
        html.matches("<rect").count(),
        12 + 1,
        "a bar per month and the legend"
    );
    let numbers = linked_numbers(&html);
    // The total row and at least one officer row, 14 numbers each.
    assert!(numbers.len() >= 28, "{}", numbers.len());
    let mut checked = 0;
    for (i, (href, text)) in numbers.iter().enumerate() {
        // The counts (not the sums of working days or the percentiles, columns 3, 9, 11, 12, 13)
        // are the lengths of their lists.
        if ![0, 1, 2, 4, 5, 6, 7, 8, 10].contains(&(i % 14)) {
            continue;
        }
        let n: usize = text.parse().unwrap();
        let list = c.get(href).await;
        assert_eq!(list.status, 200, "{href}");
        let body = list.text();
        assert_eq!(
            body.matches("<td><a href=\"/cases/").count(),
            n,
            "{href} shows {n} cases"
        );
        checked += 1;
    }
    assert!(checked >= 18, "{checked}");
    let replied: usize = numbers[0].1.parse().unwrap();
    assert!(replied > 0, "the seeded data has replies in the period");

    let csv = c
        .get("/reports/compliance/export.csv?from=2025-07-01&to=2026-06-30")
        .await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.text().starts_with("\u{feff}机关或承办人,答复件数,"));
    let xlsx = c
        .get("/reports/compliance/export.xlsx?from=2025-07-01&to=2026-06-30")
        .await;
    assert_eq!(&xlsx.body[..2], b"PK");

    let bad = c
        .get("/reports/compliance?from=2026-06-30&to=2026-01-01")
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("结束日期早于开始日期"));
}

#[actix_rt::test]
async fn r_rep_1_annual_tables_in_the_official_layout_and_locking() {
    let db = TestDb::sqlite();
    let mut c = client!(state(&db));
    c.login("approver").await;
    let page = c.get("/reports/annual/2025").await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"));
    assert!(
        html.contains("<th rowspan=\"22\">三、本年度办理结果</th>"),
        "{html}"
    );
    assert!(html.contains("<th rowspan=\"8\">（三）不予公开</th>"));
    assert!(html.contains("各列均成立"));
    assert!(!html.contains("/lock"), "approvers read, they do not lock");
    let csrf = c.csrf("/reports/annual/2025").await.len();
    assert_eq!(csrf, 32);

    let xlsx = c.get("/reports/annual/2025/table.xlsx").await;
    assert!(xlsx.content_type.contains("spreadsheetml"));
    assert_eq!(&xlsx.body[..2], b"PK");
    let csv = c.get("/reports/annual/2025/table.csv").await.text();
    assert!(csv.contains("三,（七）总计,"));

    c.login("legal").await;
    let csrf = c.csrf("/reports/annual/2025").await;
    assert_eq!(
        c.post("/reports/annual/2025/lock", &[("csrf", "forged")])
            .await
            .status,
        403
    );
    let r = c
        .post("/reports/annual/2025/lock", &[("csrf", &csrf)])
        .await;
    assert_eq!(
        (r.status, r.location.as_deref()),
        (303, Some("/reports/annual/2025"))
    );
    let html = c.get("/reports/annual/2025").await.text();
    assert!(html.contains("本年度数据已由李正（法制审核）于2026-07-01 09:00锁定"));
    assert!(!html.contains("锁定后案件记录已发生变化"));
    assert!(!html.contains("/reports/annual/2025/lock"), "locked once");
    let again = c
        .post("/reports/annual/2025/lock", &[("csrf", &csrf)])
        .await;
    assert_eq!(again.status, 409);
    assert!(again.text().contains("已锁定"));

    c.login("approver").await;
    let csrf = c.csrf("/reports/annual/2024").await;
    assert_eq!(
        c.post("/reports/annual/2024/lock", &[("csrf", &csrf)])
            .await
            .status,
        403
    );
}

#[actix_rt::test]
async fn r_time_10_calendar_page_shows_the_loaded_years_and_what_is_provisional() {
    let db = TestDb::sqlite();
    let mut c = client!(state(&db));
    c.login("officer").await;
    assert_eq!(c.get("/admin/calendar").await.status, 403);
    c.login("legal").await;
    let html = c.get("/admin/calendar?year=2026").await.text();
    // 2026: 261 weekdays, 19 of them off (元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1, 国庆 5),
    // 6 weekend days worked (4 Jan, 14 and 28 Feb, 9 May, 20 Sep, 10 Oct): 248 working days.
    assert!(html.contains("2026年共有248个工作日"), "{html}");
    assert!(html.contains("<td>2026年10月10日</td><td>星期六</td><td>调休上班</td><td>国庆节</td>"));
    assert!(html.contains("<a href=\"/admin/calendar?year=2004\">2004</a>"));
    // From 1 July 2026 the 2027 notice is not loaded yet: said on the page.
    assert!(html.contains("2027年的放假安排尚未载入"));
    let next = c.get("/admin/calendar?year=2027").await.text();
    assert!(
        next.contains("2027年的放假安排尚未载入：以下按周末及"),
        "{next}"
    );
    assert!(next.contains("<td>2027年10月1日</td><td>星期五</td><td>法定假日（暂定）</td>"));
}
