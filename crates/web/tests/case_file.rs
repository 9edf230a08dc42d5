//! The 案卷 download (`GET /cases/{id}/case-file.pdf`) in process: every staff role of the agency
//! gets the file, read back with `pdftotext` (the 卷内目录 lists each document with its 字号 and
//! date); the case page links to it; another agency's case is not found; no session, no file.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use actix_web::cookie::Key;
use actix_web::{test, App};
use chrono::{NaiveDate, NaiveDateTime};
use disclosure_app::demo::{demo_actor, ensure_demo_agency, DEMO_PASSWORD, DEMO_USERS};
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_core::actor::{Actor, Role};
use disclosure_core::case::{Command, DeliveryMethod};
use disclosure_store::{directory, DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use disclosure_web::{configure, security_headers, session_middleware, AppState, Clock};

fn at(s: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn application(agency: &str) -> disclosure_core::case::Application {
    use disclosure_core::applicant::{Applicant, ApplicantKind};
    use disclosure_core::case::{Application, ProvisionForm};
    use disclosure_core::receipt::ReceiptFacts;
    Application {
        agency_id: agency.into(),
        applicant: Applicant {
            kind: ApplicantKind::NaturalPerson,
            name: "王喆".into(),
            id_document: None,
            phone: None,
            email: None,
            address: Some("示范市示范区人民路88号".into()),
            contact_person: None,
        },
        description: "2025年示范区旧城改造项目的批复文件".into(),
        requested_form: ProvisionForm::Paper,
        delivery: DeliveryMethod::Post,
        receipt: ReceiptFacts::InPerson {
            handed_in: NaiveDate::from_ymd_opt(2026, 9, 28).unwrap(),
        },
        oral: false,
    }
}

/// A case registered 2026-09-28, a 补正 on 2026-09-30, received 2026-10-08, a reply issued
/// 2026-10-12 by post (so with a 送达回证).
fn issued_case(s: &Services) -> String {
    let clerk = demo_actor(s, "clerk").unwrap();
    let officer = demo_actor(s, "officer").unwrap();
    let approver = demo_actor(s, "approver").unwrap();
    let (_, c) = s
        .register(&clerk, application("demo"), at("2026-09-28"))
        .unwrap();
    let id = c.row.id.clone();
    let mut v = c.row.version;
    let mut run = |who: &Actor, cmd: Command, day: &str| {
        v = s.execute(who, &id, v, cmd, at(day)).unwrap().row.version;
    };
    run(
        &approver,
        Command::Assign {
            officer_id: "u-officer".into(),
            officer_name: "钱进".into(),
        },
        "2026-09-28",
    );
    run(
        &officer,
        Command::RequestCorrection {
            items: vec!["所需信息的文号".into()],
            reply_by: NaiveDate::from_ymd_opt(2026, 10, 16).unwrap(),
        },
        "2026-09-30",
    );
    run(
        &officer,
        Command::ReceiveCorrection {
            received_on: NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(),
        },
        "2026-10-08",
    );
    run(&officer, Command::Accept, "2026-10-09");
    run(
        &officer,
        Command::DraftReply {
            reply: disclosure_core::case::Reply {
                outcome: disclosure_core::outcome::Outcome::Disclosed(
                    disclosure_core::outcome::DisclosureBasis::Provided,
                ),
                facts: "经检索，本机关保存有该批复文件".into(),
                decision: "予以公开".into(),
                disclosed_items: vec!["示区府办〔2025〕8号批复".into()],
                withheld_items: vec![],
                provision: Some(disclosure_core::case::ProvisionForm::Paper),
                competent_agency: None,
                public_interest_reason: None,
                third_party_notified: false,
            },
        },
        "2026-10-09",
    );
    run(&approver, Command::ApproveReply, "2026-10-09");
    s.issue_reply(&approver, &id, v, at("2026-10-12")).unwrap();
    id
}

/// Logs `user` in through the form (with its CSRF token) and returns the session cookie.
async fn login<S>(app: &S, user: &str) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
    >,
{
    let resp = test::call_service(app, test::TestRequest::get().uri("/login").to_request()).await;
    let cookie = session_cookie(&resp).unwrap();
    let body = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    let start = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    let csrf = body[start..start + 32].to_string();
    let resp = test::call_service(
        app,
        test::TestRequest::post()
            .uri("/login")
            .insert_header(("cookie", cookie.clone()))
            .set_form([
                ("csrf", csrf.as_str()),
                ("username", user),
                ("password", DEMO_PASSWORD),
            ])
            .to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 303, "{user} logs in");
    session_cookie(&resp).unwrap_or(cookie)
}

fn session_cookie(resp: &actix_web::dev::ServiceResponse) -> Option<String> {
    resp.headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
}

fn pdftotext_first_page(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!(
        "disclosure-web-case-file-{}.pdf",
        std::process::id()
    ));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    std::fs::remove_file(&path).unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[actix_web::test]
async fn r_let_the_case_file_is_downloaded_by_staff_of_the_agency_only() {
    let db = TestDb::sqlite();
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).unwrap();
    let services = Services::new(store, Arc::new(Calendar::builtin().unwrap()))
        .with_fonts(&disclosure_letters::FontConfig::debian_defaults());
    ensure_demo_agency(&services, at("2026-01-01")).unwrap();
    let id = issued_case(&services);
    // Another agency and one of its cases.
    services
        .store
        .write(|c| {
            directory::insert_agency(
                c,
                &disclosure_store::model::Agency {
                    id: "other".into(),
                    name: "示范市其他局".into(),
                    doc_prefix: "示其他信公开".into(),
                    address: "示范市某路2号".into(),
                    contact: "0571-00000000".into(),
                    review_body: "示范市人民政府".into(),
                    court: "示范市人民法院".into(),
                    created_at: at("2026-01-01"),
                },
            )
        })
        .unwrap();
    let stranger = Actor::Staff {
        user_id: "x".into(),
        name: "外".into(),
        role: Role::Clerk,
        agency_id: "other".into(),
    };
    let (_, other) = services
        .register(&stranger, application("other"), at("2026-09-28"))
        .unwrap();
    let state = AppState {
        services,
        clock: Clock::Fixed(at("2026-10-12")),
    };
    let app = test::init_service(
        App::new()
            .wrap(session_middleware(Key::from(&[7u8; 64]), false))
            .wrap(security_headers())
            .configure(move |c| configure(c, state)),
    )
    .await;
    let url = format!("/cases/{id}/case-file.pdf");

    // No session: no file.
    let resp = test::call_service(&app, test::TestRequest::get().uri(&url).to_request()).await;
    assert_ne!(resp.status().as_u16(), 200);

    for (user, _, _) in DEMO_USERS {
        let cookie = login(&app, user).await;
        let get = |uri: &str| {
            test::TestRequest::get()
                .uri(uri)
                .insert_header(("cookie", cookie.clone()))
                .to_request()
        };
        let resp = test::call_service(&app, get(&url)).await;
        assert_eq!(resp.status().as_u16(), 200, "{user}");
        assert_eq!(
            resp.headers().get("content-type").unwrap(),
            "application/pdf"
        );
        let pdf = test::read_body(resp).await;
        assert!(pdf.starts_with(b"%PDF-"));
        // Another agency's case is not found, even by id.
        let resp =
            test::call_service(&app, get(&format!("/cases/{}/case-file.pdf", other.row.id))).await;
        assert_eq!(resp.status().as_u16(), 404, "{user}");
        if user != "legal" {
            continue;
        }
        // The case page links to the file.
        let resp = test::call_service(&app, get(&format!("/cases/{id}"))).await;
        let page = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
        assert!(page.contains(&format!("href=\"{url}\"")), "{page}");
        // The 卷内目录: each document with its date (8 digits) on its numbered line, and the
        // reply's 字号.
        let index = pdftotext_first_page(&pdf);
        let squeezed: String = index.chars().filter(|c| !c.is_whitespace()).collect();
        for needle in [
            "卷内目录",
            "立卷单位：示范市示范区人民政府办公室",
            "案件编号：2026-0001",
            "〔2026〕1号",
        ] {
            assert!(squeezed.contains(needle), "{needle} not in:\n{index}");
        }
        let entry = |no: &str, date: &str| {
            index.lines().any(|l| {
                let cells: Vec<&str> = l.split_whitespace().collect();
                cells.first() == Some(&no) && cells.contains(&date)
            })
        };
        // 登记表, 登记回执 (2026-09-28), 补正告知书 (2026-09-30), 答复书 and 送达回证 (2026-10-12).
        for (no, date) in [
            ("1", "20260928"),
            ("2", "20260928"),
            ("3", "20260930"),
            ("4", "20261012"),
            ("5", "20261012"),
        ] {
            assert!(entry(no, date), "entry {no} of {date} not in:\n{index}");
        }
    }
}
