//! Mail on the staff pages (issue #7), in process: the case page lists the case's mails, and a
//! mail a real SMTP server (aiosmtpd on 127.0.0.1) refused with 550 is shown as 发送失败 with the
//! server's answer, at the top of the page, so the officer delivers another way; the administrators'
//! page for staff 督办 addresses is theirs alone, needs the session's CSRF token, refuses a bad
//! address in Chinese with nothing changed, and keeps every change with its author.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

#[path = "../../mail/tests/support/mod.rs"]
mod smtp_sink;

use std::sync::Arc;
use std::time::Duration;

use actix_web::cookie::Key;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{test, App};
use chrono::{NaiveDate, NaiveDateTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency, DEMO_PASSWORD};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::case::{Command, DeliveryMethod};
use disclosure_mail::{MailTransport, SmtpSettings, TlsMode, Worker, WorkerPolicy};
use disclosure_store::outbox::{self, MailStatus};
use disclosure_store::{DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use disclosure_web::{configure, security_headers, session_middleware, AppState, Clock};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 9, 28)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn state(db: &TestDb) -> AppState {
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let services = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    ensure_demo_agency(&services, now()).unwrap();
    AppState {
        services,
        clock: Clock::Fixed(now()),
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

    async fn csrf(&mut self, uri: &str) -> String {
        let (_, body, _) = self.get(uri).await;
        let start = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
        body[start..start + 32].to_string()
    }

    async fn login(&mut self, user: &str) {
        let csrf = self.csrf("/login").await;
        let (status, _, _) = self
            .post(
                "/login",
                &[
                    ("csrf", &csrf),
                    ("username", user),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(status, 303, "{user} logs in");
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

/// A case of an applicant who chose e-mail delivery, assigned and sent a 补正 notice (R-COR-1),
/// which puts one mail in the outbox. Returns the case id.
fn case_with_correction_mail(s: &Services, name: &str, email: &str) -> String {
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    let clerk = demo_actor(s, "clerk").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let officer = demo_actor(s, "officer").unwrap();
    let application = Application {
        agency_id: "demo".into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: name.into(),
            id_document: None,
            phone: None,
            email: Some(email.into()),
            address: None,
            contact_person: None,
        },
        description: "2025年本区道路养护合同".into(),
        requested_form: ProvisionForm::Electronic,
        delivery: DeliveryMethod::Email,
        receipt: ReceiptFacts::InPerson {
            handed_in: now().date(),
        },
        oral: false,
    };
    let (_, c) = s.register(&clerk, application, now()).unwrap();
    let c = s
        .execute(
            &approver,
            &c.row.id,
            c.row.version,
            Command::Assign {
                officer_id: "u-officer".into(),
                officer_name: "钱进".into(),
            },
            now(),
        )
        .unwrap();
    let c = s
        .execute(
            &officer,
            &c.row.id,
            c.row.version,
            Command::RequestCorrection {
                items: vec!["所需信息的文号".into()],
                reply_by: NaiveDate::from_ymd_opt(2026, 10, 16).unwrap(),
            },
            now(),
        )
        .unwrap();
    c.row.id
}

/// The part of the case page between `<section class="panel" id="mails">` and its end.
fn mails_section(body: &str) -> &str {
    let start = body.find("id=\"mails\"").expect("a 邮件 section");
    let end = body[start..].find("</section>").unwrap() + start;
    &body[start..end]
}

#[actix_rt::test]
async fn a_mail_refused_with_550_shows_as_failed_with_the_servers_answer_on_the_case_page() {
    if !smtp_sink::sink_available() {
        return;
    }
    let db = TestDb::sqlite();
    let st = state(&db);
    let s = &st.services;
    // The sink refuses any recipient whose local part starts with "reject" with 550 5.1.1.
    let refused = case_with_correction_mail(s, "张三", "reject.zhangsan@example.cn");
    let accepted = case_with_correction_mail(s, "李四", "lisi@example.cn");
    let quiet = {
        let mut c = client!(st.clone());
        c.login("officer").await;
        c.get(&format!("/cases/{refused}")).await.1
    };
    // Before the worker runs: waiting to be sent.
    assert!(mails_section(&quiet).contains("待发送"), "{quiet}");
    assert!(!quiet.contains("id=\"mail-failed\""));

    let inbox = tempfile::tempdir().unwrap();
    let sink = smtp_sink::Sink::start(inbox.path(), 0);
    let transport = MailTransport::smtp(&SmtpSettings {
        host: "127.0.0.1".into(),
        port: sink.port,
        tls: TlsMode::None,
        user: None,
        password: None,
        timeout: Duration::from_secs(5),
        ca_file: None,
    })
    .unwrap();
    let worker = Worker::new(
        s.store.clone(),
        transport,
        "示范区政府办公室 <gkb@example.gov.cn>",
        WorkerPolicy::default(),
    )
    .unwrap();
    let report = worker.run_once(disclosure_mail::china_now(), None).unwrap();
    worker.release().unwrap();
    assert_eq!((report.sent, report.failed), (1, 1), "{report:?}");
    let rows = s.store.read(|c| outbox::for_case(c, &refused)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, MailStatus::Failed);

    let mut officer = client!(st.clone());
    officer.login("officer").await;
    let (status, body, _) = officer.get(&format!("/cases/{refused}")).await;
    assert_eq!(status, 200);
    // Prominent, at the top: the applicant did not get it; deliver another way.
    let banner = body
        .find("id=\"mail-failed\"")
        .expect("the failed-mail notice");
    assert!(
        banner < body.find("<h2>申请人</h2>").unwrap(),
        "above the case"
    );
    assert!(body.contains("有1封邮件发送失败"), "{body}");
    assert!(body.contains("请改用邮寄、当面等其他方式送达"), "{body}");
    let mails = mails_section(&body);
    assert!(mails.contains("补正告知"), "{mails}");
    assert!(mails.contains("<tr class=\"mail-failed\">"), "{mails}");
    assert!(mails.contains("发送失败"), "{mails}");
    // The server's own answer, as it gave it.
    assert!(mails.contains("550"), "{mails}");
    assert!(mails.contains("mailbox unavailable"), "{mails}");
    // One attempt, never retried; the address only as much as tells mails apart.
    assert!(mails.contains("<td>1</td>"), "{mails}");
    // (The server's answer may quote the address; it is shown as the server gave it.)
    assert!(mails.contains("<td>re***@example.cn</td>"), "{mails}");

    // The accepted one: 已发送 with the acceptance time and the server's 250, no alarm.
    let (_, body, _) = officer.get(&format!("/cases/{accepted}")).await;
    assert!(!body.contains("id=\"mail-failed\""));
    let mails = mails_section(&body);
    assert!(mails.contains("已发送"), "{mails}");
    assert!(mails.contains("250"), "{mails}");
    let sent_at = s.store.read(|c| outbox::for_case(c, &accepted)).unwrap()[0]
        .sent_at
        .unwrap();
    assert!(
        mails.contains(&sent_at.format("%Y-%m-%d %H:%M:%S").to_string()),
        "{mails}"
    );
    assert_eq!(smtp_sink::read_received(inbox.path()).len(), 1);
}

fn address_of(st: &AppState, user_id: &str) -> Option<String> {
    st.services
        .store
        .read(|c| outbox::staff_email(c, user_id))
        .unwrap()
}

fn changes(st: &AppState) -> Vec<outbox::StaffEmailChange> {
    st.services.staff_address_changes("demo").unwrap()
}

#[actix_rt::test]
async fn staff_email_page_is_the_admins_with_csrf_chinese_validation_and_every_change_kept() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let route = "/admin/staff-emails";

    // Not logged in: the login page.
    let mut anonymous = client!(st.clone());
    let (status, _, location) = anonymous.get(route).await;
    assert_eq!((status, location.as_deref()), (303, Some("/login")));

    // Role × route: every role but the administrator is refused, reading and writing.
    for role in ["clerk", "officer", "approver", "legal"] {
        let mut c = client!(st.clone());
        c.login(role).await;
        let (status, body, _) = c.get(route).await;
        assert_eq!(status, 403, "{role} GET: {body}");
        assert!(body.contains("您的岗位无权进行此项操作"), "{body}");
        let csrf = c.csrf("/workbench").await;
        let (status, _, _) = c
            .post(
                route,
                &[
                    ("csrf", &csrf),
                    ("user_id", "u-officer"),
                    ("email", "qianjin@example.gov.cn"),
                ],
            )
            .await;
        assert_eq!(status, 403, "{role} POST");
        assert!(
            !c.get("/workbench").await.1.contains(route),
            "no link for {role}"
        );
    }
    assert_eq!(address_of(&st, "u-officer"), None);

    let mut admin = client!(st.clone());
    admin.login("admin").await;
    let (status, body, _) = admin.get(route).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("钱进（承办）"), "{body}");
    assert!(body.contains("尚无修改记录"), "{body}");
    assert!(
        admin.get("/workbench").await.1.contains(route),
        "the nav links it"
    );

    // Without this session's token: refused, nothing changed.
    let (status, _, _) = admin
        .post(
            route,
            &[
                ("csrf", "forged"),
                ("user_id", "u-officer"),
                ("email", "qianjin@example.gov.cn"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(address_of(&st, "u-officer"), None);

    // Not an address: refused in Chinese, what was typed kept in the form, nothing changed.
    let csrf = admin.csrf(route).await;
    let (status, body, _) = admin
        .post(
            route,
            &[
                ("csrf", &csrf),
                ("user_id", "u-officer"),
                ("email", "qianjin at example"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("电子邮箱格式有误"), "{body}");
    assert!(body.contains("value=\"qianjin at example\""), "{body}");
    assert_eq!(address_of(&st, "u-officer"), None);
    assert!(changes(&st).is_empty());

    // Someone who is not a user of this agency: refused, nothing changed.
    let (status, body, _) = admin
        .post(
            route,
            &[
                ("csrf", &csrf),
                ("user_id", "u-nobody"),
                ("email", "x@example.gov.cn"),
            ],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(changes(&st).is_empty());

    // Set, then change, then remove: each kept with who did it.
    for (email, expected) in [
        ("qianjin@example.gov.cn", Some("qianjin@example.gov.cn")),
        (" qj@example.gov.cn ", Some("qj@example.gov.cn")),
        ("", None),
    ] {
        let (status, _, location) = admin
            .post(
                route,
                &[("csrf", &csrf), ("user_id", "u-officer"), ("email", email)],
            )
            .await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/admin/staff-emails?saved=officer"))
        );
        assert_eq!(address_of(&st, "u-officer").as_deref(), expected);
    }
    // Saving the same again changes nothing and records nothing.
    admin
        .post(
            route,
            &[("csrf", &csrf), ("user_id", "u-officer"), ("email", "")],
        )
        .await;
    let kept = changes(&st);
    // The test's clock stands still, so all three have the same time: compared in any order.
    let mut summary: Vec<(Option<&str>, Option<&str>, &str, &str)> = kept
        .iter()
        .map(|c| {
            (
                c.old_email.as_deref(),
                c.new_email.as_deref(),
                c.changed_by.as_str(),
                c.changed_by_name.as_str(),
            )
        })
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        vec![
            (
                None,
                Some("qianjin@example.gov.cn"),
                "u-admin",
                "周全（系统管理）"
            ),
            (
                Some("qianjin@example.gov.cn"),
                Some("qj@example.gov.cn"),
                "u-admin",
                "周全（系统管理）"
            ),
            (
                Some("qj@example.gov.cn"),
                None,
                "u-admin",
                "周全（系统管理）"
            ),
        ]
    );
    let (_, body, _) = admin.get("/admin/staff-emails?saved=officer").await;
    assert!(body.contains("已保存 officer 的督办提醒邮箱"), "{body}");
    let log = &body[body.find("id=\"changes\"").unwrap()..];
    assert!(log.contains("（已删除）"), "{log}");
    assert!(log.contains("qianjin@example.gov.cn"), "{log}");
}

/// #8: the administrator sets a staff member's 科室 (the compliance report's department level) on
/// the staff page; other roles are refused, a forged form too, an over-long name is refused in
/// Chinese and changes nothing, and each change is kept with its author.
#[actix_rt::test]
async fn departments_are_set_by_the_admin_and_every_change_is_kept() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let route = "/admin/departments";
    let department = |st: &AppState| {
        st.services
            .departments("demo")
            .unwrap()
            .get("u-officer")
            .cloned()
    };
    let before = department(&st);
    assert_eq!(
        before.as_deref(),
        Some("政务公开科"),
        "the demo's department"
    );

    let mut legal = client!(st.clone());
    legal.login("legal").await;
    let csrf = legal.csrf("/workbench").await;
    let (status, _, _) = legal
        .post(
            route,
            &[
                ("csrf", &csrf),
                ("username", "officer"),
                ("department", "业务二科"),
            ],
        )
        .await;
    assert_eq!(status, 403);

    let mut admin = client!(st.clone());
    admin.login("admin").await;
    let csrf = admin.csrf("/admin/staff-emails").await;
    let (_, page, _) = admin.get("/admin/staff-emails").await;
    assert!(page.contains("value=\"政务公开科\""), "{page}");
    let (status, _, _) = admin
        .post(
            route,
            &[
                ("csrf", "forged"),
                ("username", "officer"),
                ("department", "业务二科"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let long = "政".repeat(31);
    let (status, body, _) = admin
        .post(
            route,
            &[
                ("csrf", &csrf),
                ("username", "officer"),
                ("department", &long),
            ],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("科室名称不能超过30个字"), "{body}");
    assert_eq!(department(&st), before);
    assert!(st.services.department_changes("demo").unwrap().is_empty());

    let (status, _, location) = admin
        .post(
            route,
            &[
                ("csrf", &csrf),
                ("username", "officer"),
                ("department", " 业务二科 "),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/admin/staff-emails?department=officer"))
    );
    assert_eq!(department(&st).as_deref(), Some("业务二科"));
    let kept = st.services.department_changes("demo").unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (
            kept[0].old_department.as_deref(),
            kept[0].new_department.as_deref(),
            kept[0].changed_by_name.as_str()
        ),
        (Some("政务公开科"), Some("业务二科"), "周全（系统管理）")
    );
    let (_, body, _) = admin.get("/admin/staff-emails?department=officer").await;
    assert!(body.contains("已保存 officer 的科室"), "{body}");
    let log = &body[body.find("id=\"department-changes\"").unwrap()..];
    assert!(
        log.contains("政务公开科") && log.contains("业务二科"),
        "{log}"
    );
    // Cleared: no department, kept as a change too.
    admin
        .post(
            route,
            &[("csrf", &csrf), ("username", "officer"), ("department", "")],
        )
        .await;
    assert_eq!(department(&st), None);
    assert_eq!(st.services.department_changes("demo").unwrap().len(), 2);
}
