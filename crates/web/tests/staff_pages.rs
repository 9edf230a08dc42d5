//! The staff pages in process: login with CSRF, the role checks, registration with validation in
//! Chinese and nothing saved on error, agency isolation, and escaped output.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use actix_web::cookie::Key;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{test, App};
use disclosure_app::demo::{ensure_demo_agency, DEMO_PASSWORD};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_store::queries::CaseFilter;
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use disclosure_web::{configure, security_headers, session_middleware, AppState, Clock};

fn state(db: &TestDb) -> AppState {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let services = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    let now = chrono::NaiveDate::from_ymd_opt(2026, 9, 28)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    ensure_demo_agency(&services, now).unwrap();
    AppState {
        services,
        clock: Clock::Fixed(now),
    }
}

/// A browser-like client: keeps the session cookie between requests.
struct Client<S> {
    app: S,
    cookie: Option<String>,
}

impl<S> Client<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    async fn send(&mut self, mut req: test::TestRequest) -> (u16, String, Option<String>) {
        if let Some(c) = &self.cookie {
            req = req.insert_header(("cookie", c.clone()));
        }
        let resp = test::call_service(&self.app, req.to_request()).await;
        if let Some(set) = resp.headers().get("set-cookie") {
            self.cookie = Some(set.to_str().unwrap().split(';').next().unwrap().to_string());
        }
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
        (status, body, location)
    }

    async fn get(&mut self, uri: &str) -> (u16, String, Option<String>) {
        self.send(test::TestRequest::get().uri(uri)).await
    }

    async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> (u16, String, Option<String>) {
        self.send(test::TestRequest::post().uri(uri).set_form(form))
            .await
    }

    /// Posts `multipart/form-data` as a browser does for a form with file inputs.
    async fn post_multipart(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> (u16, String, Option<String>) {
        let boundary = "----disclosureTestBoundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.send(
            test::TestRequest::post()
                .uri(uri)
                .insert_header((
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                ))
                .set_payload(body),
        )
        .await
    }

    async fn csrf(&mut self, uri: &str) -> String {
        let (_, body, _) = self.get(uri).await;
        let start = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
        body[start..start + 32].to_string()
    }

    async fn login(&mut self, user: &str) {
        let csrf = self.csrf("/login").await;
        let (status, _, location) = self
            .post(
                "/login",
                &[
                    ("csrf", &csrf),
                    ("username", user),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/workbench")),
            "{user} logs in"
        );
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

fn registration<'a>(csrf: &'a str, name: &'a str, id: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("channel", "in_person"),
        ("arrived_on", "2026-09-28"),
        ("applicant_kind", "natural_person"),
        ("name", name),
        ("id_type", "resident_id"),
        ("id_number", id),
        ("phone", "13800138000"),
        ("address", "示范市人民路1号"),
        ("description", "2025年老旧小区改造资金安排"),
        ("requested_form", "paper"),
        ("delivery", "post"),
    ]
}

fn case_count(state: &AppState) -> usize {
    let actor = disclosure_app::demo::demo_actor(&state.services, "clerk").unwrap();
    state
        .services
        .list(
            &actor,
            CaseFilter {
                limit: 500,
                ..Default::default()
            },
        )
        .unwrap()
        .len()
}

#[actix_rt::test]
async fn staff_pages_need_a_login_and_wrong_passwords_are_refused_in_chinese() {
    let db = TestDb::sqlite();
    let mut c = client!(state(&db));
    for uri in ["/workbench", "/cases", "/cases/new", "/cases/anything"] {
        let (status, _, location) = c.get(uri).await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/login")),
            "{uri}"
        );
    }
    let csrf = c.csrf("/login").await;
    let (status, body, _) = c
        .post(
            "/login",
            &[("csrf", &csrf), ("username", "clerk"), ("password", "nope")],
        )
        .await;
    assert_eq!(status, 401);
    assert!(body.contains("用户名或密码错误"), "{body}");
    // A login form without this session's CSRF token is refused.
    let (status, body, _) = c
        .post(
            "/login",
            &[
                ("csrf", "forged"),
                ("username", "clerk"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 403);
    assert!(body.contains("页面已过期"), "{body}");
}

#[actix_rt::test]
async fn r_app_1_clerk_registers_and_bad_input_saves_nothing() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut c = client!(st.clone());
    c.login("clerk").await;
    let csrf = c.csrf("/cases/new").await;
    // Bad ID check digit: a Chinese error, the form kept, nothing saved.
    let (status, body, _) = c
        .post("/cases", &registration(&csrf, "张三", "110105194912310021"))
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("居民身份证号码的校验码不正确"), "{body}");
    assert!(
        body.contains("2025年老旧小区改造资金安排"),
        "the form keeps what was typed"
    );
    assert_eq!(case_count(&st), 0);
    // Without the CSRF token: refused, nothing saved.
    let mut form = registration(&csrf, "张三", "11010519491231002X");
    form[0] = ("csrf", "");
    assert_eq!(c.post("/cases", &form).await.0, 403);
    assert_eq!(case_count(&st), 0);
    // A proper registration: to the case page, with the due date computed (09-28 → 10-30).
    let (status, _, location) = c
        .post(
            "/cases",
            &registration(&csrf, "<script>alert(1)</script>", "11010519491231002X"),
        )
        .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    let (status, body, _) = c.get(&location).await;
    assert_eq!(status, 200);
    assert!(
        body.contains(r#"<strong id="due">2026年10月30日</strong>"#),
        "{body}"
    );
    assert!(!body.contains("<script>alert(1)</script>"), "escaped");
    assert!(body.contains("110105**********2X"), "ID masked");
    assert!(!body.contains("11010519491231002X"), "full ID never shown");
    assert!(body.contains("138****8000"), "phone masked");
    assert_eq!(case_count(&st), 1);
}

#[actix_rt::test]
async fn r_flow_2_roles_are_checked_on_every_route_and_action() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    let csrf = clerk.csrf("/cases/new").await;
    let (_, _, location) = clerk.post("/cases", &registration(&csrf, "王五", "")).await;
    let case_uri = location.unwrap().split('?').next().unwrap().to_string();

    let mut officer = client!(st.clone());
    officer.login("officer").await;
    // An officer may not register.
    assert_eq!(officer.get("/cases/new").await.0, 403);
    let csrf = officer.csrf("/workbench").await;
    assert_eq!(
        officer
            .post("/cases", &registration(&csrf, "x", ""))
            .await
            .0,
        403
    );
    // An officer may not approve; the page says why in Chinese and nothing changes.
    let (status, body, _) = officer
        .post(
            &format!("{case_uri}/actions/approve_reply"),
            &[("csrf", &csrf), ("version", "1")],
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("承办人无权"), "{body}");
    // The clerk sees only the clerk's actions (assign, withdraw), not the officer's.
    let (_, body, _) = clerk.get(&case_uri).await;
    assert!(
        body.contains("/actions/assign") && !body.contains("/actions/accept"),
        "{body}"
    );
    // A stale version is refused with a Chinese message.
    let csrf = clerk.csrf(&case_uri).await;
    let (status, body, _) = clerk
        .post(
            &format!("{case_uri}/actions/withdraw"),
            &[("csrf", &csrf), ("version", "7"), ("on", "2026-09-28")],
        )
        .await;
    assert_eq!(status, 409);
    assert!(body.contains("刚刚已被他人更新"), "{body}");
}

#[actix_rt::test]
async fn another_agencys_case_is_not_found() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    let csrf = clerk.csrf("/cases/new").await;
    let (_, _, location) = clerk.post("/cases", &registration(&csrf, "王五", "")).await;
    let case_uri = location.unwrap().split('?').next().unwrap().to_string();
    // A second agency with its own officer.
    st.services
        .store
        .write(|c| -> Result<(), disclosure_store::StoreError> {
            let now = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            disclosure_store::directory::insert_agency(
                c,
                &disclosure_store::model::Agency {
                    id: "other".into(),
                    name: "另一机关".into(),
                    doc_prefix: "另".into(),
                    address: "x".into(),
                    contact: "x".into(),
                    review_body: "x".into(),
                    court: "x".into(),
                    created_at: now,
                },
            )?;
            disclosure_store::directory::insert_user(
                c,
                &disclosure_store::model::User {
                    id: "u-other".into(),
                    agency_id: "other".into(),
                    username: "other".into(),
                    display_name: "外机关承办".into(),
                    role: "officer".into(),
                    password_hash: disclosure_app::auth::hash_password(DEMO_PASSWORD).unwrap(),
                    active: true,
                    created_at: now,
                },
            )
        })
        .unwrap();
    let mut stranger = client!(st.clone());
    stranger.login("other").await;
    assert_eq!(stranger.get(&case_uri).await.0, 404);
    let (_, body, _) = stranger.get("/cases").await;
    assert!(!body.contains("王五"), "lists are per agency");
}

#[actix_rt::test]
async fn applicant_portal_applies_online_and_tracks_with_the_code_only() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut c = client!(st.clone());
    let csrf = c.csrf("/apply").await;
    let (status, body, _) = c
        .post(
            "/apply",
            &[
                ("csrf", csrf.as_str()),
                ("agency", "demo"),
                ("applicant_kind", "natural_person"),
                ("name", "赵六"),
                ("id_type", "resident_id"),
                ("id_number", "11010519491231002X"),
                ("email", "zhao@example.com"),
                ("description", "本区2025年财政预算执行情况报告"),
                ("requested_form", "electronic"),
                ("delivery", "email"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Submitted on Monday 2026-09-28 (the test clock): received that day, due 2026-10-30.
    assert!(
        body.contains("2026年9月28日") && body.contains("2026年10月30日"),
        "{body}"
    );
    let start = body.find("<code>").unwrap() + 6;
    let code = body[start..start + 10].to_string();
    let (status, body, _) = c.get(&format!("/track?number=2026-0001&code={code}")).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("已登记") && body.contains("2026年10月30日"),
        "{body}"
    );
    assert!(
        !body.contains("赵六") && !body.contains("zhao@example.com"),
        "nothing personal is shown"
    );
    let (status, body, _) = c.get("/track?number=2026-0001&code=WRONGCODE1").await;
    assert_eq!(status, 404);
    assert!(body.contains("未找到该申请"), "{body}");
    // The portal refuses a forged form and an unknown agency, saving nothing.
    assert_eq!(
        c.post("/apply", &[("csrf", "x"), ("agency", "demo")])
            .await
            .0,
        403
    );
    let (status, _, _) = c
        .post(
            "/apply",
            &[
                ("csrf", csrf.as_str()),
                ("agency", "nope"),
                ("applicant_kind", "natural_person"),
                ("requested_form", "paper"),
                ("delivery", "post"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(case_count(&st), 1);
}

/// The role × route matrix of the staff pages: each role gets exactly the pages it may open, 403
/// otherwise; without a login every staff route leads to the login page; the public pages need none.
#[actix_rt::test]
async fn role_route_matrix_of_every_staff_page() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    let csrf = clerk.csrf("/cases/new").await;
    let (_, _, location) = clerk.post("/cases", &registration(&csrf, "王五", "")).await;
    let case = location.unwrap().split('?').next().unwrap().to_string();
    let receipt = format!("{case}/receipt.pdf");
    let reply = format!("{case}/reply.pdf");
    let unknown_doc = format!("{case}/documents/none");
    // (route, [clerk, officer, approver, legal, admin]); 400 = no reply issued yet.
    let matrix: Vec<(&str, [u16; 5])> = vec![
        ("/workbench", [200, 200, 200, 200, 200]),
        ("/cases", [200, 200, 200, 200, 200]),
        ("/cases/new", [200, 403, 403, 403, 403]),
        ("/approvals", [403, 403, 200, 403, 403]),
        (&case, [200, 200, 200, 200, 200]),
        (&receipt, [200, 200, 200, 200, 200]),
        (&reply, [400, 400, 400, 400, 400]),
        (&unknown_doc, [404, 404, 404, 404, 404]),
        ("/cases/no-such-case", [404, 404, 404, 404, 404]),
    ];
    let roles = ["clerk", "officer", "approver", "legal", "admin"];
    let mut anonymous = client!(st.clone());
    for (route, _) in &matrix {
        let (status, _, location) = anonymous.get(route).await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/login")),
            "{route}"
        );
    }
    for public in ["/", "/apply", "/track", "/tools/deadline", "/login"] {
        assert_eq!(anonymous.get(public).await.0, 200, "{public}");
    }
    for (i, role) in roles.iter().enumerate() {
        let mut c = client!(st.clone());
        c.login(role).await;
        for (route, expected) in &matrix {
            let (status, body, _) = c.get(route).await;
            assert_eq!(status, expected[i], "{role} GET {route}: {body}");
        }
        // Registering is the clerk's alone.
        let csrf = c.csrf("/workbench").await;
        let status = c.post("/cases", &registration(&csrf, "赵六", "")).await.0;
        assert_eq!(
            status,
            if *role == "clerk" { 303 } else { 403 },
            "{role} POST /cases"
        );
        // A form without this session's CSRF token is refused, whoever sends it.
        let (status, _, _) = c
            .post(
                &format!("{case}/actions/assign"),
                &[("csrf", "forged"), ("version", "1")],
            )
            .await;
        assert_eq!(status, 403, "{role} without CSRF");
    }
    // Only the clerk's two registrations exist: the refused ones saved nothing.
    assert_eq!(case_count(&st), 2);
}

/// 全部案件: filters narrow the list, and 批量分办 assigns each ticked case in its own
/// transaction — a stale one is counted as failed and the others go through.
#[actix_rt::test]
async fn case_list_filters_and_bulk_assignment() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    let mut ids = vec![];
    for name in ["甲", "乙", "丙"] {
        let csrf = clerk.csrf("/cases/new").await;
        let (_, _, location) = clerk.post("/cases", &registration(&csrf, name, "")).await;
        ids.push(
            location
                .unwrap()
                .trim_start_matches("/cases/")
                .split('?')
                .next()
                .unwrap()
                .to_string(),
        );
    }
    let mut approver = client!(st.clone());
    approver.login("approver").await;
    // Registered 2026-09-28, due 2026-10-30: nothing is overdue or due within 5 working days on
    // 2026-09-28, all three are due within 30 (10-30 is the 20th working day).
    let rows = |body: &str| body.matches("type=\"checkbox\" name=\"case\"").count();
    assert_eq!(rows(&approver.get("/cases?due=overdue").await.1), 0);
    assert_eq!(rows(&approver.get("/cases?due=5").await.1), 0);
    assert_eq!(rows(&approver.get("/cases?due=20").await.1), 3);
    assert_eq!(rows(&approver.get("/cases?due=19").await.1), 0);
    assert_eq!(rows(&approver.get("/cases?kind=business").await.1), 0);
    assert_eq!(
        rows(
            &approver
                .get("/cases?kind=natural_person&received_from=2026-09-28&received_to=2026-09-28")
                .await
                .1
        ),
        3
    );
    assert_eq!(
        rows(&approver.get("/cases?received_from=2026-09-29").await.1),
        0
    );
    assert_eq!(approver.get("/cases?due=abc").await.0, 400);
    assert_eq!(approver.get("/cases?received_from=2026-13-01").await.0, 400);
    // Bulk-assign the first two at version 1 and the third at a stale version.
    let csrf = approver.csrf("/cases").await;
    let (a, b, c) = (
        format!("{}:1", ids[0]),
        format!("{}:1", ids[1]),
        format!("{}:9", ids[2]),
    );
    let (status, _, location) = approver
        .post(
            "/cases/assign",
            &[
                ("csrf", &csrf),
                ("back", "/cases?sort=newest"),
                ("officer", "u-officer|钱进（承办）"),
                ("case", &a),
                ("case", &b),
                ("case", &c),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert_eq!(location, "/cases?sort=newest&assigned=2&failed=1");
    let (_, body, _) = approver.get(&location).await;
    assert!(body.contains("已分办 2 件；1 件未能分办"), "{body}");
    assert_eq!(rows(&approver.get("/cases?assignee=u-officer").await.1), 2);
    // Nothing ticked: a Chinese error; an officer may not bulk-assign.
    let (status, body, _) = approver
        .post(
            "/cases/assign",
            &[("csrf", &csrf), ("officer", "u-officer|钱进（承办）")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("请先勾选"), "{body}");
    let mut officer = client!(st.clone());
    officer.login("officer").await;
    let csrf = officer.csrf("/cases").await;
    let status = officer
        .post(
            "/cases/assign",
            &[("csrf", &csrf), ("officer", "u-officer|x"), ("case", &c)],
        )
        .await
        .0;
    assert_eq!(status, 403);
}

/// A tiny but real PDF header and PNG signature: what the type check reads.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

fn case_id_of(location: &str) -> String {
    location
        .trim_start_matches("/cases/")
        .split(['?', '#'])
        .next()
        .unwrap()
        .to_string()
}

#[actix_rt::test]
async fn r_app_1_registration_keeps_scans_and_refuses_bad_files_saving_nothing() {
    let db = TestDb::sqlite();
    let mut st = state(&db);
    st.services.upload_limits = disclosure_app::attachments::UploadLimits {
        max_file_bytes: 1024,
        max_files: 2,
    };
    let mut c = client!(st.clone());
    c.login("clerk").await;
    let csrf = c.csrf("/cases/new").await;
    let form = registration(&csrf, "李四", "11010519491231002X");
    // A Windows program renamed to .pdf: refused by its content, in Chinese, nothing saved.
    let (status, body, _) = c
        .post_multipart("/cases", &form, &[("申请书.pdf", b"MZ\x90\0\x03\0\0\0")])
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("文件“申请书.pdf”不是PDF、JPEG、PNG或TIFF格式"),
        "{body}"
    );
    assert_eq!(case_count(&st), 0);
    // Over the size limit (1 KB here): 413, nothing saved.
    let big = [PDF, &[b' '; 2000][..]].concat();
    let (status, body, _) = c.post_multipart("/cases", &form, &[("大.pdf", &big)]).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("超过"), "{body}");
    assert_eq!(case_count(&st), 0);
    // Three files where two are allowed.
    let (status, body, _) = c
        .post_multipart(
            "/cases",
            &form,
            &[("a.pdf", PDF), ("b.pdf", PDF), ("c.pdf", PDF)],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("一次最多上传2个文件"), "{body}");
    assert_eq!(case_count(&st), 0);
    // A PDF and a PNG (a path before the name is dropped): registered with both, in one step.
    let (status, body, location) = c
        .post_multipart(
            "/cases",
            &form,
            &[("scans/申请书扫描件.pdf", PDF), ("身份证.png", PNG)],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let location = location.unwrap();
    assert_eq!(case_count(&st), 1);
    let (_, page, _) = c.get(&location).await;
    assert!(
        page.contains("<td>申请书扫描件.pdf</td><td>PDF</td>"),
        "{page}"
    );
    assert!(page.contains("<td>身份证.png</td><td>PNG</td>"), "{page}");
    assert_eq!(
        page.matches("添加附件</td>").count(),
        2,
        "two timeline entries: {page}"
    );
    // The download is the same bytes, named for the clerk, never rendered inline.
    let href_start = page.find("/attachments/").unwrap();
    let href = &page[page[..href_start].rfind('"').unwrap() + 1
        ..page[href_start..].find('"').unwrap() + href_start];
    let resp = test::call_service(
        &c.app,
        test::TestRequest::get()
            .uri(href)
            .insert_header(("cookie", c.cookie.clone().unwrap()))
            .to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    let disposition = resp
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E7%94%B3"),
        "{disposition}"
    );
    assert_eq!(
        resp.headers().get("content-type").unwrap(),
        "application/pdf"
    );
    assert_eq!(&test::read_body(resp).await[..], PDF);
}

#[actix_rt::test]
async fn r_flow_1_officer_adds_files_to_a_case_and_other_roles_may_not() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    let csrf = clerk.csrf("/cases/new").await;
    let (_, _, location) = clerk.post("/cases", &registration(&csrf, "王五", "")).await;
    let id = case_id_of(&location.unwrap());
    let mut officer = client!(st.clone());
    officer.login("officer").await;
    let csrf = officer.csrf(&format!("/cases/{id}")).await;
    let uri = format!("/cases/{id}/attachments");
    // No file chosen: a Chinese error on the case page.
    let (status, body, _) = officer
        .post_multipart(&uri, &[("csrf", &csrf), ("version", "1")], &[])
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("请选择要上传的文件"), "{body}");
    // Without CSRF: refused.
    let (status, _, _) = officer
        .post_multipart(
            &uri,
            &[("csrf", ""), ("version", "1")],
            &[("补正材料.pdf", PDF)],
        )
        .await;
    assert_eq!(status, 403);
    // A stale version: 409, nothing kept.
    let (status, _, _) = officer
        .post_multipart(
            &uri,
            &[("csrf", &csrf), ("version", "7")],
            &[("补正材料.pdf", PDF)],
        )
        .await;
    assert_eq!(status, 409);
    let (status, _, location) = officer
        .post_multipart(
            &uri,
            &[("csrf", &csrf), ("version", "1")],
            &[("补正材料.pdf", PDF)],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.unwrap(), format!("/cases/{id}#attachments"));
    let (_, page, _) = officer.get(&format!("/cases/{id}")).await;
    assert_eq!(page.matches("<td>补正材料.pdf</td>").count(), 1, "{page}");
    // Legal staff and approvers read the case but add nothing.
    for role in ["legal", "approver"] {
        let mut other = client!(st.clone());
        other.login(role).await;
        let csrf = other.csrf(&format!("/cases/{id}")).await;
        let (status, _, _) = other
            .post_multipart(
                &uri,
                &[("csrf", &csrf), ("version", "2")],
                &[("x.pdf", PDF)],
            )
            .await;
        assert_eq!(status, 403, "{role}");
    }
    // A file id of another case, or none at all: not found.
    assert_eq!(
        officer
            .get(&format!("/cases/{id}/attachments/nope"))
            .await
            .0,
        404
    );
}

#[actix_rt::test]
async fn case_list_filters_by_channel_outcome_and_request_text() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    for (channel, description) in [
        ("in_person", "2025年老旧小区改造资金安排"),
        ("fax", "某路段道路拓宽工程征收补偿方案"),
    ] {
        let csrf = clerk.csrf("/cases/new").await;
        let mut form = registration(&csrf, "赵六", "");
        form[1] = ("channel", channel);
        form[9] = ("description", description);
        if channel == "fax" {
            form.push(("confirmed_on", "2026-09-28"));
        }
        let (status, body, _) = clerk.post("/cases", &form).await;
        assert_eq!(status, 303, "{body}");
    }
    let rows = |body: &str| body.matches("type=\"checkbox\" name=\"case\"").count();
    assert_eq!(rows(&clerk.get("/cases").await.1), 2);
    assert_eq!(rows(&clerk.get("/cases?channel=fax").await.1), 1);
    assert_eq!(rows(&clerk.get("/cases?channel=online").await.1), 0);
    // Full-text search reaches the request text, not only number and name.
    let (_, body, _) = clerk.get("/cases?q=%E5%BE%81%E6%94%B6").await; // 征收
    assert_eq!(rows(&body), 1, "{body}");
    // The fax application is withdrawn: its outcome is 其他处理, found by the outcome filter.
    let actor = disclosure_app::demo::demo_actor(&st.services, "clerk").unwrap();
    let fax = st
        .services
        .list(
            &actor,
            CaseFilter {
                channels: vec!["fax".into()],
                limit: 5,
                ..Default::default()
            },
        )
        .unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 9, 28).unwrap();
    st.services
        .execute(
            &actor,
            &fax[0].case.id,
            fax[0].case.version,
            disclosure_core::case::Command::Withdraw { on },
            on.and_hms_opt(10, 0, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(rows(&clerk.get("/cases?outcome=other").await.1), 1);
    // The case page says how it ended (R-FLOW-1 结案方式).
    let (_, page, _) = clerk.get(&format!("/cases/{}", fax[0].case.id)).await;
    assert!(page.contains("已撤回（申请人撤回）"), "{page}");
    assert_eq!(
        rows(&clerk.get("/cases?outcome=other&channel=in_person").await.1),
        0
    );
    // Unknown choices are refused.
    assert_eq!(rows(&clerk.get("/cases?outcome=withheld").await.1), 0);
    assert_eq!(clerk.get("/cases?outcome=nonsense").await.0, 400);
    assert_eq!(clerk.get("/cases?channel=pigeon").await.0, 400);
}

#[actix_rt::test]
async fn portal_takes_scans_and_limits_applications_per_address() {
    let db = TestDb::sqlite();
    let mut st = state(&db);
    st.services.portal_guard = Arc::new(disclosure_app::submission_guard::SubmissionGuard::new(2));
    let mut c = client!(st.clone());
    let csrf = c.csrf("/apply").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("agency", "demo"),
        ("applicant_kind", "natural_person"),
        ("name", "孙七"),
        ("email", "sun@example.com"),
        ("description", "本区2025年财政预算执行情况报告"),
        ("requested_form", "electronic"),
        ("delivery", "email"),
    ];
    let (status, body, _) = c
        .post_multipart("/apply", &form, &[("身份证.png", PNG)])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(c.post("/apply", &form).await.0, 200);
    // The third within the hour from the same address: 429 in Chinese, nothing saved.
    let (status, body, _) = c.post("/apply", &form).await;
    assert_eq!(status, 429);
    assert!(body.contains("一小时内提交的申请过多"), "{body}");
    assert_eq!(case_count(&st), 2);
    let actor = disclosure_app::demo::demo_actor(&st.services, "clerk").unwrap();
    let first = st
        .services
        .list(
            &actor,
            CaseFilter {
                limit: 5,
                ..Default::default()
            },
        )
        .unwrap();
    let with_scan = first
        .iter()
        .map(|i| st.services.load(&actor, &i.case.id).unwrap())
        .find(|l| !l.case.attachments.is_empty())
        .expect("the online application keeps its scan");
    assert_eq!(with_scan.case.attachments[0].file_name, "身份证.png");
    assert_eq!(with_scan.events[1].actor_name, "在线申请平台");
}

/// Sessions end after 30 idle minutes and 12 hours after login, however busy (the cookie alone
/// never keeps a workstation logged in).
#[actix_rt::test]
async fn sessions_expire_when_idle_and_after_twelve_hours() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let at = |minutes: i64| {
        let Clock::Fixed(t) = st.clock else {
            unreachable!()
        };
        AppState {
            clock: Clock::Fixed(t + chrono::TimeDelta::minutes(minutes)),
            ..st.clone()
        }
    };
    let mut c = client!(at(0));
    c.login("officer").await;
    let cookie = c.cookie.clone();
    // 29 minutes later: still in (and marked as seen then).
    let mut later = client!(at(29));
    later.cookie = cookie.clone();
    assert_eq!(later.get("/workbench").await.0, 200);
    // The original cookie used 31 minutes after login: idle too long, back to the login page.
    let mut idle = client!(at(31));
    idle.cookie = cookie;
    let (status, _, location) = idle.get("/workbench").await;
    assert_eq!((status, location.as_deref()), (303, Some("/login")));
    // Kept busy every 25 minutes, the session still ends 12 hours after login.
    let mut cookie = later.cookie.clone();
    let mut last_ok = 29;
    for step in 1..=40 {
        let minute = 29 + step * 25;
        let mut c = client!(at(minute));
        c.cookie = cookie.clone();
        if c.get("/workbench").await.0 != 200 {
            break;
        }
        last_ok = minute;
        cookie = c.cookie.clone();
    }
    assert!(
        (12 * 60 - 25..=12 * 60).contains(&last_ok),
        "the last page before the 12-hour limit was at minute {last_ok}"
    );
}

/// 进度查询 offers every letter issued to the applicant — here the 补正告知书 — to the holder of
/// the number and code, and nothing else.
#[actix_rt::test]
async fn r_cor_1_the_applicant_downloads_the_correction_notice_from_the_portal() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut c = client!(st.clone());
    let csrf = c.csrf("/apply").await;
    let (status, body, _) = c
        .post(
            "/apply",
            &[
                ("csrf", csrf.as_str()),
                ("agency", "demo"),
                ("applicant_kind", "natural_person"),
                ("name", "周九"),
                ("address", "示范市人民路2号"),
                ("description", "有关文件"),
                ("requested_form", "paper"),
                ("delivery", "post"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let start = body.find("<code>").unwrap() + 6;
    let code = body[start..start + 10].to_string();
    let track = format!("/track?number=2026-0001&code={code}");
    assert!(
        !c.get(&track).await.1.contains("已发给您的文书"),
        "nothing issued yet"
    );
    let officer = disclosure_app::demo::demo_actor(&st.services, "officer").unwrap();
    let case = &st
        .services
        .list(
            &officer,
            CaseFilter {
                limit: 1,
                ..Default::default()
            },
        )
        .unwrap()[0]
        .case;
    let on = chrono::NaiveDate::from_ymd_opt(2026, 9, 29).unwrap();
    st.services
        .execute(
            &officer,
            &case.id,
            case.version,
            disclosure_core::case::Command::RequestCorrection {
                items: vec!["所需信息的文号或者名称".into()],
                reply_by: chrono::NaiveDate::from_ymd_opt(2026, 10, 16).unwrap(),
            },
            on.and_hms_opt(10, 0, 0).unwrap(),
        )
        .unwrap();
    let (_, page, _) = c.get(&track).await;
    assert!(page.contains("已发给您的文书"), "{page}");
    let href_at = page.find("/track/documents/").expect("a letter link");
    let href = page[href_at..page[href_at..].find('"').unwrap() + href_at]
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let resp = test::call_service(&c.app, test::TestRequest::get().uri(&href).to_request()).await;
    assert_eq!(resp.status().as_u16(), 200, "{href}");
    assert!(test::read_body(resp).await.starts_with(b"%PDF-"));
    // The same document with a wrong code: not found.
    let forged = href.replace(&code, "WRONGCODE1");
    assert_eq!(c.get(&forged).await.0, 404);
}

/// 计算期限 on the 登记 form: the receipt date (R-APP-2) and due date (R-TIME-1) before saving,
/// worked out by hand — a plain letter that arrived Friday 2026-09-25 (中秋, a day off) and was
/// confirmed with the applicant on Monday 09-28 is received 09-28; 20 working days, skipping the
/// 国庆 holiday 10-01…10-07 and counting the make-up Saturday 10-10, end on 10-30. Nothing is saved.
#[actix_rt::test]
async fn r_app_2_the_clerk_sees_the_receipt_and_due_dates_before_saving() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut c = client!(st.clone());
    c.login("clerk").await;
    let csrf = c.csrf("/cases/new").await;
    let mut form = registration(&csrf, "吴十", "");
    form[1] = ("channel", "plain_letter");
    form[2] = ("arrived_on", "2026-09-25");
    form.push(("confirmed_on", "2026-09-28"));
    form.push(("preview", "1"));
    let (status, body, _) = c.post("/cases", &form).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("收到申请日期：2026年9月28日；答复期限：2026年10月30日。尚未登记"),
        "{body}"
    );
    assert!(body.contains("吴十"), "the form keeps what was typed");
    assert_eq!(case_count(&st), 0, "nothing saved");
    // A confirmation before arrival is refused in Chinese, as registering would be.
    form[2] = ("arrived_on", "2026-09-29");
    let (status, body, _) = c.post("/cases", &form).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(case_count(&st), 0);
}

/// R-DEC-1: the 检索记录 form offers the case's attachments as evidence; the record keeps the
/// ticked ones and the case page lists the search with links to them. An id that is not a file of
/// this case is refused in Chinese and nothing is recorded.
#[actix_rt::test]
async fn r_dec_1_the_search_record_keeps_its_evidence_files() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let mut clerk = client!(st.clone());
    clerk.login("clerk").await;
    let csrf = clerk.csrf("/cases/new").await;
    let (_, _, location) = clerk.post("/cases", &registration(&csrf, "王五", "")).await;
    let id = case_id_of(&location.unwrap());
    let mut officer = client!(st.clone());
    officer.login("officer").await;
    let csrf = officer.csrf(&format!("/cases/{id}")).await;
    let (status, _, _) = officer
        .post_multipart(
            &format!("/cases/{id}/attachments"),
            &[("csrf", &csrf), ("version", "1")],
            &[("档案系统检索截图.png", PNG)],
        )
        .await;
    assert_eq!(status, 303);
    let (status, body, _) = officer
        .post(
            &format!("/cases/{id}/actions/accept"),
            &[("csrf", csrf.as_str()), ("version", "2")],
        )
        .await;
    assert!(status == 303 || status == 200, "{status} {body}");
    let actor = disclosure_app::demo::demo_actor(&st.services, "officer").unwrap();
    let loaded = st.services.load(&actor, &id).unwrap();
    let att = loaded.case.attachments[0].id.clone();
    let (_, page, _) = officer.get(&format!("/cases/{id}")).await;
    assert!(
        page.contains(&format!("name=\"evidence:{att}\"")),
        "the search form offers the file: {page}"
    );
    assert!(!page.contains("id=\"searches\""), "no search recorded yet");

    let search = |evidence_key: String| {
        vec![
            ("csrf".to_string(), csrf.clone()),
            ("version".to_string(), "3".to_string()),
            ("places".to_string(), "区档案馆、OA系统".to_string()),
            ("method".to_string(), "全文检索".to_string()),
            ("keywords".to_string(), "某路段改造".to_string()),
            ("result".to_string(), "未检索到".to_string()),
            ("searched_on".to_string(), "2026-09-28".to_string()),
            (evidence_key, "on".to_string()),
        ]
    };
    let forged = search("evidence:not-a-file".into());
    let forged: Vec<(&str, &str)> = forged
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, body, _) = officer
        .post(&format!("/cases/{id}/actions/record_search"), &forged)
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("检索证据须是本案已上传的附件"), "{body}");
    assert!(st
        .services
        .load(&actor, &id)
        .unwrap()
        .case
        .searches
        .is_empty());

    let good = search(format!("evidence:{att}"));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body, _) = officer
        .post(&format!("/cases/{id}/actions/record_search"), &good)
        .await;
    assert!(status == 303 || status == 200, "{status} {body}");
    let case = st.services.load(&actor, &id).unwrap().case;
    assert_eq!(case.searches.len(), 1);
    assert_eq!(case.searches[0].evidence, vec![att.clone()]);
    let (_, page, _) = officer.get(&format!("/cases/{id}")).await;
    let section = &page[page.find("id=\"searches\"").expect("检索记录 listed")..];
    assert!(section.contains("区档案馆、OA系统") && section.contains("未检索到"));
    assert!(
        section.contains(&format!(
            "<a href=\"/cases/{id}/attachments/{att}\">档案系统检索截图.png</a>"
        )),
        "{section}"
    );
}

#[derive(diesel::QueryableByName)]
struct RunningCase {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    due_date: Option<String>,
}

/// 工作台 (issue #9): an officer's running cases, 50 to a page, soonest due first; the totals
/// beside them count every page ("共 N 件，其中 M 件已超期"), and the pages together list each of the
/// officer's running cases exactly once. Expected figures come from SQL written here, not from the
/// list code.
#[actix_rt::test]
async fn workbench_pages_the_officers_running_cases_with_totals_of_all_pages() {
    use std::collections::BTreeSet;

    use diesel::RunQueryDsl;
    let db = TestDb::sqlite();
    let st = state(&db);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 9, 28).unwrap();
    disclosure_app::seed::seed(
        &st.services,
        &disclosure_app::seed::SeedPlan {
            cases: 3000,
            agencies: 1,
            seed: 11,
            today,
            span_days: 70,
        },
        |_| {},
    )
    .unwrap();
    let running: Vec<RunningCase> = {
        let mut c = st.services.store.conn().unwrap();
        diesel::sql_query(
            "SELECT id, due_date FROM cases WHERE assignee_id = 'u-officer' AND stage IN \
             ('registered', 'under_review', 'awaiting_correction', 'handling', 'reply_drafted', \
             'reply_approved')",
        )
        .load(&mut c)
        .unwrap()
    };
    let total = running.len();
    let overdue = running
        .iter()
        .filter(|r| r.due_date.as_deref().is_some_and(|d| d < "2026-09-28"))
        .count();
    assert!(total > 100, "three pages at least: {total}");
    assert!(overdue > 0, "some are overdue");
    let pages = total.div_ceil(50);

    let mut officer = client!(st.clone());
    officer.login("officer").await;
    let mut seen = BTreeSet::new();
    let mut first_due = Vec::new();
    for page in 1..=pages {
        let (status, body, _) = officer.get(&format!("/workbench?page={page}")).await;
        assert_eq!(status, 200);
        assert!(body.contains(&format!("共 {total} 件")), "page {page}");
        assert!(
            body.contains(&format!("其中 {overdue} 件已超期")),
            "page {page}"
        );
        assert!(
            body.contains(&format!("第{page}页，共{pages}页")),
            "page {page}"
        );
        assert_eq!(
            body.contains(&format!("href=\"/workbench?page={}\"", page + 1)),
            page < pages,
            "next link on page {page}"
        );
        let ids: Vec<&str> = body
            .split("<td><a href=\"/cases/")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        let expected_rows = if page < pages {
            50
        } else {
            total - 50 * (pages - 1)
        };
        assert_eq!(ids.len(), expected_rows, "rows on page {page}");
        for id in ids {
            assert!(seen.insert(id.to_string()), "{id} listed twice");
            if page == 1 {
                first_due.push(
                    running
                        .iter()
                        .find(|r| r.id == id)
                        .unwrap()
                        .due_date
                        .clone(),
                );
            }
        }
    }
    let expected: BTreeSet<String> = running.iter().map(|r| r.id.clone()).collect();
    assert_eq!(seen, expected, "every running case of the officer, once");
    // Soonest due first: the first page holds the earliest deadlines of all.
    let mut all_due: Vec<String> = running.iter().filter_map(|r| r.due_date.clone()).collect();
    all_due.sort();
    let page_due: Vec<String> = first_due.into_iter().flatten().collect();
    assert_eq!(page_due, all_due[..50].to_vec());
}
