//! The JSON API in process: bearer tokens, the error envelope for every failure, registration with
//! the same validation as the page and nothing saved on error, the workflow through issue with the
//! kept 答复书, role and agency checks, and the OpenAPI document.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::Arc;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::{test, App};
use disclosure_app::demo::ensure_demo_agency;
use disclosure_app::Services;
use disclosure_calendar::Calendar;
use disclosure_store::model::{Agency, User};
use disclosure_store::queries::CaseFilter;
use disclosure_store::{directory, DatabaseUrl, Store};
use disclosure_testkit::TestDb;
use disclosure_web::{configure, AppState, Clock};
use serde_json::{json, Value};

fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 9, 28)
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

fn token(st: &AppState, user: &str) -> String {
    st.services.create_token(user, "test", now()).unwrap().1
}

fn case_count(st: &AppState) -> usize {
    let actor = disclosure_app::demo::demo_actor(&st.services, "clerk").unwrap();
    st.services
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

async fn call<S>(app: &S, req: test::TestRequest) -> (u16, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    let resp = test::call_service(app, req.to_request()).await;
    let status = resp.status().as_u16();
    let body = test::read_body(resp).await;
    let json = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(format!("<{} bytes, not JSON>", body.len())));
    (status, json)
}

fn get(uri: &str, token: &str) -> test::TestRequest {
    test::TestRequest::get()
        .uri(uri)
        .insert_header(("authorization", format!("Bearer {token}")))
}

fn post(uri: &str, token: &str, body: &Value) -> test::TestRequest {
    test::TestRequest::post()
        .uri(uri)
        .insert_header(("authorization", format!("Bearer {token}")))
        .set_json(body)
}

/// The envelope every API error carries: a stable code and a Chinese message.
fn assert_envelope(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"]["code"], want_code, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "a Chinese message: {message}"
    );
}

fn registration(name: &str, id: &str) -> Value {
    json!({
        "channel": "in_person",
        "arrived_on": "2026-09-28",
        "applicant_kind": "natural_person",
        "name": name,
        "id_type": "resident_id",
        "id_number": id,
        "phone": "13800138000",
        "address": "示范市人民路1号",
        "description": "2025年老旧小区改造资金安排",
        "requested_form": "paper",
        "delivery": "post",
    })
}

#[actix_web::test]
async fn api_tokens_envelopes_registration_and_the_workflow_to_the_issued_letter() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let app = test::init_service(App::new().configure(|c| configure(c, st.clone()))).await;
    let (clerk, officer, approver) = (
        token(&st, "clerk"),
        token(&st, "officer"),
        token(&st, "approver"),
    );

    // No token, a wrong token, a revoked token: 401 with the envelope.
    let (s, b) = call(&app, test::TestRequest::get().uri("/api/v1/cases")).await;
    assert_envelope(s, &b, 401, "token_required");
    let (s, b) = call(&app, get("/api/v1/cases", "dsk_not-a-token")).await;
    assert_envelope(s, &b, 401, "bad_token");
    let (id, revoked) = st.services.create_token("legal", "old", now()).unwrap();
    assert_eq!(call(&app, get("/api/v1/cases", &revoked)).await.0, 200);
    assert!(st.services.revoke_token(&id, now()).unwrap());
    let (s, b) = call(&app, get("/api/v1/cases", &revoked)).await;
    assert_envelope(s, &b, 401, "bad_token");

    // Malformed input: the envelope, nothing saved.
    let bad_json = test::TestRequest::post()
        .uri("/api/v1/cases")
        .insert_header(("authorization", format!("Bearer {clerk}")))
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json");
    let (s, b) = call(&app, bad_json).await;
    assert_envelope(s, &b, 400, "invalid_json");
    let mut bad_date = registration("张三", "11010519491231002X");
    bad_date["arrived_on"] = json!("2026-02-30");
    let (s, b) = call(&app, post("/api/v1/cases", &clerk, &bad_date)).await;
    assert_envelope(s, &b, 400, "invalid_date");
    // The same ID-number check as the page (wrong check digit).
    let (s, b) = call(
        &app,
        post(
            "/api/v1/cases",
            &clerk,
            &registration("张三", "110105194912310021"),
        ),
    )
    .await;
    assert_eq!(s, 400, "{b}");
    // Registration is the clerk's: an officer is refused.
    let (s, b) = call(
        &app,
        post(
            "/api/v1/cases",
            &officer,
            &registration("张三", "11010519491231002X"),
        ),
    )
    .await;
    assert_envelope(s, &b, 403, "role_not_allowed");
    let (s, b) = call(&app, get("/api/v1/cases?per_page=0", &clerk)).await;
    assert_envelope(s, &b, 400, "invalid_number");
    let (s, b) = call(&app, get("/api/v1/no-such-thing", &clerk)).await;
    assert_envelope(s, &b, 404, "not_found");
    assert_eq!(case_count(&st), 0);

    // A proper registration: in person on Monday 2026-09-28, due 20 working days later across
    // 国庆 (10-01..10-08 off, 09-28 and 10-10 make-up days worked): 2026-10-30.
    let (s, case) = call(
        &app,
        post(
            "/api/v1/cases",
            &clerk,
            &registration("张三", "11010519491231002X"),
        ),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    assert_eq!(case["number"], "2026-0001");
    assert_eq!(case["receipt_date"], "2026-09-28");
    assert_eq!(case["due_date"], "2026-10-30");
    assert_eq!(case["stage"], "registered");
    // Personal data masked: the full ID number and phone never leave in the API.
    let text = case.to_string();
    assert!(!text.contains("11010519491231002X"), "{text}");
    assert!(!text.contains("13800138000"), "{text}");
    let id = case["id"].as_str().unwrap().to_string();
    let url = format!("/api/v1/cases/{id}");

    // The list finds it by applicant name.
    let (s, list) = call(&app, get("/api/v1/cases?q=%E5%BC%A0%E4%B8%89", &clerk)).await;
    assert_eq!(s, 200);
    assert_eq!(list["cases"].as_array().unwrap().len(), 1);

    // Workflow: assign (approver), accept (officer), with the domain's role checks and versions.
    let act =
        |name: &str, tok: &str, body: Value| post(&format!("{url}/actions/{name}"), tok, &body);
    let (s, b) = call(&app, act("accept", &clerk, json!({"version": 1}))).await;
    assert_envelope(s, &b, 403, "role_not_allowed");
    let (s, b) = call(&app, act("no_such_action", &officer, json!({"version": 1}))).await;
    assert_envelope(s, &b, 404, "unknown_action");
    let (s, c) = call(
        &app,
        act(
            "assign",
            &approver,
            json!({"version": 1, "officer": "u-officer|钱进（承办）"}),
        ),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["version"], 2);
    let (s, b) = call(&app, act("accept", &officer, json!({"version": 1}))).await;
    assert_envelope(s, &b, 409, "stale_case_version");
    let (s, c) = call(&app, act("accept", &officer, json!({"version": 2}))).await;
    assert_eq!((s, c["stage"].as_str()), (200, Some("handling")), "{c}");
    // R-DEC-1: a search's evidence (an array of attachment ids) must be files of this case.
    let (s, b) = call(
        &app,
        act(
            "record_search",
            &officer,
            json!({"version": 3, "places": "档案室", "method": "人工", "keywords": "资金",
                   "result": "检索到", "searched_on": "2026-09-28", "evidence": ["att-of-nobody"]}),
        ),
    )
    .await;
    assert_envelope(s, &b, 400, "search_evidence_unknown");
    let (s, c) = call(
        &app,
        act(
            "draft_reply",
            &officer,
            json!({
                "version": 3,
                "outcome": "disclosed_provided",
                "facts": "经检索，本机关保存有申请的资金安排文件。",
                "decision": "予以公开。",
                "disclosed": ["示区府办〔2025〕8号文件"],
                "provision": "paper",
            }),
        ),
    )
    .await;
    assert_eq!(s, 200, "{c}");
    let (s, c) = call(&app, act("approve_reply", &approver, json!({"version": 4}))).await;
    assert_eq!(s, 200, "{c}");
    let (s, c) = call(&app, act("issue_reply", &approver, json!({"version": 5}))).await;
    assert_eq!((s, c["stage"].as_str()), (200, Some("issued")), "{c}");
    // The reply, and the 送达回证 of a postal delivery (no 字号).
    let all = c["documents"].as_array().unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all.iter()
            .any(|d| d["kind"] == "delivery_receipt" && d["doc_number"].is_null()),
        "{all:?}"
    );
    let docs: Vec<&Value> = all.iter().filter(|d| d["kind"] == "reply").collect();
    assert_eq!(docs[0]["doc_number"], "示区府办信公开〔2026〕1号");
    // The kept bytes, as PDF, the same as the listing's hash says.
    let resp = test::call_service(
        &app,
        get(docs[0]["href"].as_str().unwrap(), &clerk).to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.headers().get("content-type").unwrap(),
        "application/pdf"
    );
    let bytes = test::read_body(resp).await;
    assert!(bytes.starts_with(b"%PDF-"));
    use sha2::Digest;
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&bytes)),
        docs[0]["sha256"].as_str().unwrap()
    );

    // Another agency's token sees nothing of it.
    st.services
        .store
        .write(|c| {
            directory::insert_agency(
                c,
                &Agency {
                    id: "other".into(),
                    name: "他市人民政府办公室".into(),
                    doc_prefix: "他府办信公开".into(),
                    address: "他市".into(),
                    contact: "0000".into(),
                    review_body: "他市人民政府".into(),
                    court: "他市人民法院".into(),
                    created_at: now(),
                },
            )?;
            directory::insert_user(
                c,
                &User {
                    id: "u-other".into(),
                    agency_id: "other".into(),
                    username: "other-clerk".into(),
                    display_name: "外".into(),
                    role: "clerk".into(),
                    password_hash: "x".into(),
                    active: true,
                    created_at: now(),
                },
            )
        })
        .unwrap();
    let stranger = token(&st, "other-clerk");
    let (s, b) = call(&app, get(&url, &stranger)).await;
    assert_envelope(s, &b, 404, "case_not_found");
    let (s, list) = call(&app, get("/api/v1/cases", &stranger)).await;
    assert_eq!((s, list["cases"].as_array().unwrap().len()), (200, 0));
}

#[actix_web::test]
async fn openapi_document_lists_every_route_and_the_bearer_scheme() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let app = test::init_service(App::new().configure(|c| configure(c, st.clone()))).await;
    let (s, doc) = call(&app, test::TestRequest::get().uri("/api/v1/openapi.json")).await;
    assert_eq!(s, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/actions/{action}",
        "/api/v1/cases/{id}/documents",
        "/api/v1/cases/{id}/documents/{doc}",
        "/api/v1/cases/{id}/attachments/{att}",
        "/api/v1/deadline",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc["components"]["schemas"]["ErrorEnvelope"].is_object());
}

/// The API's role × route matrix: every route with each role's token, and without one. Reading is
/// open to every staff role of the agency; registering is the clerk's; a workflow action is the
/// role its rule names (R-FLOW-2); another agency's case is 404; no token is 401 everywhere.
#[actix_web::test]
async fn api_role_route_matrix_of_every_route() {
    let db = TestDb::sqlite();
    let st = state(&db);
    let app = test::init_service(App::new().configure(|c| configure(c, st.clone()))).await;
    // The officer last: its 受理 moves the version on.
    let roles = ["clerk", "approver", "legal", "admin", "officer"];
    let tokens: Vec<String> = roles.iter().map(|r| token(&st, r)).collect();
    let (s, b) = call(
        &app,
        post("/api/v1/cases", &tokens[0], &registration("王五", "")),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    let id = b["id"].as_str().unwrap().to_string();
    let reads = [
        "/api/v1/cases".to_string(),
        "/api/v1/cases?channel=in_person&outcome=withheld".to_string(),
        format!("/api/v1/cases/{id}"),
        format!("/api/v1/cases/{id}/documents"),
        "/api/v1/deadline?received=2026-09-28".to_string(),
    ];
    for (role, tok) in roles.iter().zip(&tokens) {
        for uri in &reads {
            let (s, b) = call(&app, get(uri, tok)).await;
            assert_eq!(s, 200, "{role} GET {uri}: {b}");
        }
        let (s, b) = call(
            &app,
            get(&format!("/api/v1/cases/{id}/documents/nope"), tok),
        )
        .await;
        assert_envelope(s, &b, 404, "case_not_found");
        let (s, b) = call(
            &app,
            get(&format!("/api/v1/cases/{id}/attachments/nope"), tok),
        )
        .await;
        assert_envelope(s, &b, 404, "case_not_found");
        let (s, b) = call(&app, get("/api/v1/cases/not-a-case", tok)).await;
        assert_envelope(s, &b, 404, "case_not_found");
        // Registering: the clerk's alone.
        let (s, b) = call(&app, post("/api/v1/cases", tok, &registration("赵六", ""))).await;
        if *role == "clerk" {
            assert_eq!(s, 201, "{b}");
        } else {
            assert_envelope(s, &b, 403, "role_not_allowed");
        }
        // 受理 (accept): the officer's alone; the others are refused by the rule, nothing written.
        let accept = post(
            &format!("/api/v1/cases/{id}/actions/accept"),
            tok,
            &json!({"version": 1}),
        );
        let (s, b) = call(&app, accept).await;
        if *role == "officer" {
            assert_eq!(s, 200, "{b}");
        } else {
            assert_envelope(s, &b, 403, "role_not_allowed");
        }
    }
    // Without a token every route is 401 with the envelope; the OpenAPI document is public.
    let mut all = reads.to_vec();
    all.push(format!("/api/v1/cases/{id}/documents/nope"));
    all.push(format!("/api/v1/cases/{id}/attachments/nope"));
    for uri in &all {
        if uri.starts_with("/api/v1/deadline") {
            continue;
        }
        let (s, b) = call(&app, test::TestRequest::get().uri(uri)).await;
        assert_envelope(s, &b, 401, "token_required");
    }
    let (s, b) = call(
        &app,
        test::TestRequest::post()
            .uri("/api/v1/cases")
            .set_json(registration("钱八", "")),
    )
    .await;
    assert_envelope(s, &b, 401, "token_required");
    assert_eq!(
        call(&app, test::TestRequest::get().uri("/api/v1/openapi.json"))
            .await
            .0,
        200
    );
    // Two registrations by the clerk, none by the others.
    assert_eq!(case_count(&st), 2);
}
