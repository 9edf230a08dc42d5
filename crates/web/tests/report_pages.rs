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
    assert!(csv
        .text()
        .starts_with("\u{feff}机关、科室或承办人,答复件数,"));
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
    // R-REV-2: the loss rates under table 四, against the 2 % target.
    assert!(html.contains("id=\"review-rates\""), "{html}");
    assert!(html.contains("行政复议纠错率") && html.contains("控制目标：均不超过2%"));
    assert!(!html.contains("/lock"), "approvers read, they do not lock");
    let csrf = c.csrf("/reports/annual/2025").await.len();
    assert_eq!(csrf, 32);

    let xlsx = c.get("/reports/annual/2025/table.xlsx").await;
    assert!(xlsx.content_type.contains("spreadsheetml"));
    assert_eq!(&xlsx.body[..2], b"PK");
    let csv = c.get("/reports/annual/2025/table.csv").await.text();
    assert!(csv.contains("三,（七）总计,"));
    let pdf = c.get("/reports/annual/2025/table.pdf").await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type, "application/pdf");
    assert_eq!(&pdf.body[..5], b"%PDF-");
    let path = std::env::temp_dir().join(format!("annual-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, &pdf.body).unwrap();
    let text = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    std::fs::remove_file(&path).unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("2025年度政府信息公开工作年度报告统计表"),
        "{text}"
    );
    assert!(text.contains("（七）总计"), "{text}");

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

/// A 2027 notice shaped like a real one (not the official text, unpublished when written).
const NOTICE_2027: &str = include_str!("../../../fixtures/calendar/2027-hypothetical.csv");

/// A demo agency without generated cases, and one case received 31 December 2026 and extended by
/// 20 working days: due 2027-02-26 while 2027 is provisional, 2027-03-04 with the test notice (the
/// count is in crates/core/tests/calendar_update.rs). The clock stands at 21 January 2027.
fn state_with_a_case_across_new_year(db: &TestDb) -> (AppState, String) {
    use disclosure_app::demo::{demo_actor, DEMO_AGENCY};
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, Command, DeliveryMethod, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let services = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    let at = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    };
    ensure_demo_agency(&services, at("2026-01-02")).unwrap();
    let actor = |u: &str| demo_actor(&services, u).unwrap();
    let application = Application {
        agency_id: DEMO_AGENCY.into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "王五".into(),
            id_document: None,
            phone: None,
            email: None,
            address: Some("示范市人民路2号".into()),
            contact_person: None,
        },
        description: "本区2026年道路养护资金安排".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: at("2026-12-31").date(),
        },
        oral: false,
    };
    let id = services
        .register(&actor("clerk"), application, at("2026-12-31"))
        .unwrap()
        .1
        .row
        .id;
    let steps = [
        (
            "approver",
            Command::Assign {
                officer_id: "u-officer".into(),
                officer_name: "钱进（承办）".into(),
            },
            "2026-12-31",
        ),
        ("officer", Command::Accept, "2026-12-31"),
        (
            "officer",
            Command::RequestExtension {
                days: 20,
                reason: "需要调取多个部门的档案".into(),
            },
            "2027-01-19",
        ),
        ("approver", Command::ApproveExtension, "2027-01-20"),
    ];
    for (who, cmd, on) in steps {
        let a = actor(who);
        let v = services.load(&a, &id).unwrap().row.version;
        services.execute(&a, &id, v, cmd, at(on)).unwrap();
    }
    (
        AppState {
            services,
            clock: Clock::Fixed(at("2027-01-21")),
        },
        id,
    )
}

#[actix_rt::test]
async fn r_time_10_importing_a_year_on_the_calendar_page_recomputes_the_open_case() {
    let db = TestDb::sqlite();
    let (state, id) = state_with_a_case_across_new_year(&db);
    let services = state.services.clone();
    let mut c = client!(state);
    c.login("legal").await;
    let page = c.get("/admin/calendar?year=2027").await.text();
    assert!(
        page.contains("2027年的放假安排尚未载入：以下按周末及"),
        "{page}"
    );
    assert!(page.contains("期限暂定的在办案件（1件）"), "{page}");
    let csrf = c.csrf("/admin/calendar").await;

    // Refusals change nothing: no CSRF token, a clerk, a weekday marked as worked.
    let r = c
        .post(
            "/admin/calendar/import",
            &[("csrf", "x"), ("csv", NOTICE_2027)],
        )
        .await;
    assert!(r.status >= 400, "{}", r.status);
    let bad = "date,kind,name\n2027-01-01,off,元旦\n2027-02-03,work,春节\n";
    let r = c
        .post("/admin/calendar/import", &[("csrf", &csrf), ("csv", bad)])
        .await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("第3行有误"), "{}", r.text());
    assert!(!services.calendar().is_year_loaded(2027));

    let r = c
        .post(
            "/admin/calendar/import",
            &[("csrf", &csrf), ("csv", NOTICE_2027)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let location = r.location.unwrap();
    assert_eq!(location, "/admin/calendar?year=2027&imported=2027-1");
    let page = c.get(&location).await.text();
    assert!(
        page.contains("已导入2027年的放假安排，1件在办案件的答复期限已重新计算并记入案件记录。"),
        "{page}"
    );
    // The running server counts with 2027 at once: the year is loaded, the case no longer provisional.
    assert!(page.contains("<td>2027年2月8日</td><td>星期一</td><td>放假</td><td>春节</td>"));
    assert!(page.contains("期限暂定的在办案件（0件）"), "{page}");
    assert!(
        page.contains("<td>第1次</td><td>李正（法制审核）</td>"),
        "{page}"
    );

    let case = c.get(&format!("/cases/{id}")).await.text();
    assert!(
        case.contains(
            "节假日安排更新，期限重新计算：载入2027年放假安排，答复期限由2027年2月26日调整为2027年3月4日，不再暂定"
        ),
        "{case}"
    );

    // The same data again: nothing changed, nothing recorded.
    let events = services
        .load(
            &disclosure_app::demo::demo_actor(&services, "legal").unwrap(),
            &id,
        )
        .unwrap()
        .events
        .len();
    let r = c
        .post(
            "/admin/calendar/import",
            &[("csrf", &csrf), ("csv", NOTICE_2027)],
        )
        .await;
    assert_eq!(
        r.location.as_deref(),
        Some("/admin/calendar?year=2027&imported=2027-same")
    );
    let page = c
        .get("/admin/calendar?year=2027&imported=2027-same")
        .await
        .text();
    assert!(page.contains("2027年的放假安排与已载入的完全相同，未作任何改动。"));
    assert_eq!(
        services
            .load(
                &disclosure_app::demo::demo_actor(&services, "legal").unwrap(),
                &id
            )
            .unwrap()
            .events
            .len(),
        events
    );

    // A clerk, with the clerk's own CSRF token: not allowed.
    c.login("clerk").await;
    let csrf = c.csrf("/workbench").await;
    let r = c
        .post(
            "/admin/calendar/import",
            &[("csrf", &csrf), ("csv", NOTICE_2027)],
        )
        .await;
    assert_eq!(r.status, 403);
}

/// #8 audit trail: the 记录校验 page (legal staff, CSRF) runs the same check as `disclosure audit
/// verify`, and each case's timeline marks its events as verified — until a record is altered in
/// the database behind the system's back: then the page names the case and the broken record, and
/// the timeline marks that event and every later one as failed.
#[actix_rt::test]
async fn audit_page_and_timeline_marks_show_a_record_altered_in_the_database() {
    use diesel::RunQueryDsl;
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut c = client!(st.clone());
    c.login("officer").await;
    assert_eq!(c.get("/reports/audit").await.status, 403);
    c.login("legal").await;
    let csrf = c.csrf("/reports/audit").await;
    assert_eq!(
        c.post("/reports/audit", &[("csrf", "forged")]).await.status,
        403
    );
    let page = c.post("/reports/audit", &[("csrf", &csrf)]).await.text();
    assert!(page.contains("id=\"audit-ok\""), "{page}");
    assert!(!page.contains("id=\"audit-broken\""));

    // A case with at least three events; its page marks every one verified.
    let legal = disclosure_app::demo::demo_actor(&st.services, "legal").unwrap();
    let list = st
        .services
        .list(
            &legal,
            disclosure_store::queries::CaseFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    let victim = list
        .iter()
        .map(|l| st.services.load(&legal, &l.case.id).unwrap())
        .find(|l| l.events.len() >= 3)
        .expect("a case with three events");
    let id = victim.row.id.clone();
    let html = c.get(&format!("/cases/{id}")).await.text();
    assert_eq!(
        html.matches("✓ 已校验").count(),
        victim.events.len(),
        "{html}"
    );
    assert!(!html.contains("✗ 校验未通过"));

    // Someone rewrites who recorded the second event, directly in the database.
    let mut conn = st.services.store.conn().unwrap();
    diesel::sql_query(format!(
        "UPDATE case_events SET actor_name = '某某' WHERE case_id = '{id}' AND seq = 2"
    ))
    .execute(&mut conn)
    .unwrap();
    drop(conn);
    let page = c.post("/reports/audit", &[("csrf", &csrf)]).await.text();
    let broken = &page[page
        .find("id=\"audit-broken\"")
        .expect("the break is named")..];
    assert!(
        broken.contains(&id) && broken.contains("第2条记录"),
        "{broken}"
    );
    let html = c.get(&format!("/cases/{id}")).await.text();
    assert_eq!(html.matches("✓ 已校验").count(), 1, "only the first record");
    assert_eq!(
        html.matches("✗ 校验未通过").count(),
        victim.events.len() - 1
    );
}
