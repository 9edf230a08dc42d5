//! The 答复条款库 page in process (issue #8; R-LET-1, R-LET-3): legal staff and administrators only,
//! every outcome of table 三 with its clause in force and its history, publishing a version with
//! CSRF, bad input refused in Chinese with nothing changed, output escaped, a stale form refused;
//! and the case timeline naming the clause version a reply was issued with.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use actix_web::cookie::Key;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{test, App};
use disclosure_app::demo::{demo_actor, ensure_demo_agency, DEMO_PASSWORD};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::outcome::{Outcome, WithholdGround};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use disclosure_web::{configure, security_headers, session_middleware, AppState, Clock};

const THIRD_PARTY: Outcome = Outcome::Withheld(WithholdGround::ThirdPartyRights);
const KEY: &str = "withheld.third_party_rights";

fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn state(db: &TestDb) -> AppState {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let services = Services::new(store, Arc::new(Calendar::builtin().unwrap()));
    ensure_demo_agency(&services, now()).unwrap();
    AppState {
        services,
        clock: Clock::Fixed(now()),
    }
}

struct Reply {
    status: u16,
    body: Vec<u8>,
    location: Option<String>,
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
        let location = resp
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        Reply {
            status: resp.status().as_u16(),
            location,
            body: test::read_body(resp).await.to_vec(),
        }
    }

    async fn get(&mut self, uri: &str) -> Reply {
        self.send(test::TestRequest::get().uri(uri)).await
    }

    async fn post<T: serde::Serialize>(&mut self, uri: &str, form: &T) -> Reply {
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
                    ("csrf", csrf.as_str()),
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

fn versions_of(s: &Services) -> Vec<u32> {
    let legal = demo_actor(s, "legal").unwrap();
    s.reasons_library(&legal)
        .unwrap()
        .into_iter()
        .find(|e| e.outcome == THIRD_PARTY)
        .unwrap()
        .history
        .iter()
        .map(|v| v.clause.version.get())
        .collect()
}

#[actix_rt::test]
async fn r_let_1_the_reasons_page_is_for_legal_staff_and_administrators_only() {
    let db = TestDb::sqlite();
    let mut c = client!(state(&db));
    for who in ["clerk", "officer", "approver"] {
        c.login(who).await;
        assert_eq!(c.get("/admin/reasons").await.status, 403, "{who}");
        let home = c.get("/workbench").await.text();
        assert!(!home.contains("/admin/reasons"), "{who} has no link");
    }
    for who in ["legal", "admin"] {
        c.login(who).await;
        let page = c.get("/admin/reasons").await;
        assert_eq!(page.status, 200, "{who}");
        let html = page.text();
        assert!(html.contains("href=\"/admin/reasons\""), "the nav links it");
        // One section per outcome of table 三 (23 clauses), each with its form.
        assert_eq!(html.matches("<section class=\"clause\"").count(), 23);
        assert_eq!(
            html.matches("name=\"seen_version\" value=\"1\"").count(),
            23
        );
        assert!(html.contains("（三）不予公开 4.保护第三方合法权益"));
        assert!(html.contains(
            "现行第1版：根据《中华人民共和国政府信息公开条例》第十五条的规定，现答复如下：您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关不予公开。"
        ));
        // The provision is chosen from those that fit: 不予处理 1 offers §39 and §39 ¶1 only.
        assert!(html.contains("<option value=\"39.1\""));
        // §36(4) is offered to 信息不存在 only.
        assert_eq!(html.matches("<option value=\"36.4\"").count(), 1);
    }
}

#[actix_rt::test]
async fn r_let_1_publishing_a_version_with_csrf_bad_input_refused_and_output_escaped() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let services = st.services.clone();
    let mut c = client!(st);
    c.login("legal").await;
    let csrf = c.csrf("/admin/reasons").await;
    let wording = "经征求第三方<script>alert(1)</script>意见，本机关不予公开。";
    let form = |csrf: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("outcome_key", KEY.to_string()),
            ("seen_version", "1".to_string()),
            ("citation_key", "15".to_string()),
            ("wording", wording.to_string()),
            ("note", "写明征求意见经过".to_string()),
        ]
    };
    // A forged token changes nothing.
    let r = c.post("/admin/reasons", &form("forged-token")).await;
    assert_eq!(r.status, 403);
    assert_eq!(versions_of(&services), vec![1]);

    // A 不予公开 ground cannot cite §36(4): a Chinese error beside the form, what was typed kept.
    let mut bad = form(&csrf);
    bad[3].1 = "36.4".into();
    let r = c.post("/admin/reasons", &bad).await;
    assert_eq!(r.status, 400);
    let html = r.text();
    assert!(
        html.contains("不能作为“（三）不予公开 4.保护第三方合法权益”的法律依据"),
        "{html}"
    );
    assert!(html.contains("未发布新版本"));
    assert!(html.contains("写明征求意见经过"), "the note typed is kept");
    assert_eq!(versions_of(&services), vec![1]);
    // No note.
    let mut bad = form(&csrf);
    bad[5].1 = " ".into();
    let r = c.post("/admin/reasons", &bad).await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("请填写修改说明"));
    assert_eq!(versions_of(&services), vec![1]);

    // Published: back to the page, which says so and shows the wording escaped.
    let r = c.post("/admin/reasons", &form(&csrf)).await;
    assert_eq!(r.status, 303);
    let to = r.location.unwrap();
    assert!(
        to.starts_with("/admin/reasons?published=withheld.third_party_rights-2"),
        "{to}"
    );
    assert_eq!(versions_of(&services), vec![2, 1]);
    let html = c.get(&to).await.text();
    assert!(html.contains("已发布“（三）不予公开 4.保护第三方合法权益”的答复条款第2版。"));
    assert!(!html.contains("<script>alert(1)</script>"), "escaped");
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(html.contains("现行第2版"));
    assert!(html.contains("李正（法制审核）"));
    assert!(html.contains("2026-11-02 09:30"));
    assert!(html.contains("系统内置"), "version 1 in the history");

    // The same form again (still showing version 1) is refused: someone published since.
    let mut stale = form(&csrf);
    stale[4].1 = "本机关不予公开。".into();
    let r = c.post("/admin/reasons", &stale).await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("此后已有人发布了第2版"));
    assert_eq!(versions_of(&services), vec![2, 1]);

    // An administrator publishes version 3 on the current form.
    c.login("admin").await;
    let csrf2 = c.csrf("/admin/reasons").await;
    let r = c
        .post(
            "/admin/reasons",
            &[
                ("csrf", csrf2.as_str()),
                ("outcome_key", KEY),
                ("seen_version", "2"),
                ("citation_key", "15"),
                ("wording", "本机关不予公开。"),
                ("note", "精简"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(versions_of(&services), vec![3, 2, 1]);
}

#[actix_rt::test]
async fn r_let_1_the_timeline_names_the_clause_version_a_reply_was_issued_with() {
    use disclosure_core::case::Event;
    use disclosure_core::reasons::{Clause, ClauseDraft};
    use disclosure_core::values::DocNumber;
    let v2 = ClauseDraft::new(THIRD_PARTY, "15", "本机关不予公开。", "精简")
        .unwrap()
        .publish_after(&Clause::builtin(THIRD_PARTY))
        .unwrap()
        .0;
    let event = Event::ReplyIssued {
        doc_number: DocNumber::new("示政信公开", 2026, 4).unwrap(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        clause: Some(v2.reference()),
    };
    let payload = serde_json::to_string(&event).unwrap();
    assert_eq!(
        disclosure_web::messages_zh::event_detail("reply_issued", &payload),
        "：适用条款：《中华人民共和国政府信息公开条例》第十五条（第2版）"
    );
    let old = Event::ReplyIssued {
        doc_number: DocNumber::new("示政信公开", 2026, 4).unwrap(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        clause: None,
    };
    assert_eq!(
        disclosure_web::messages_zh::event_detail(
            "reply_issued",
            &serde_json::to_string(&old).unwrap()
        ),
        "：适用条款：系统内置条款（第1版）"
    );
}
