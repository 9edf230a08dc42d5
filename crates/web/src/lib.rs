//! The web application of `disclosure`: server-rendered pages in Chinese (askama templates, plain
//! HTML forms that work without JavaScript) and the JSON API under `/api/v1`.
//!
//! Handlers are thin: parse, call the domain or a service, render. Every Chinese string a person sees
//! lives in `templates/` (pages) or [`messages_zh`] (errors).
#![forbid(unsafe_code)]

mod action_forms;
mod api;
mod assets;
mod auth;
mod clock;
mod error;
mod forms;
pub mod health;
mod layout;
pub mod messages_zh;
pub mod metrics;
mod pages;
mod security;
mod session;
mod state;
pub mod telemetry;
mod views;

use actix_web::{web, App, HttpServer};

pub use clock::Clock;
pub use error::{ApiError, AppError};
pub use security::security_headers;
pub use session::session_middleware;
pub use state::AppState;

/// Registers every route; the same function serves the real server and the in-process tests.
pub fn configure(cfg: &mut web::ServiceConfig, state: AppState) {
    cfg.app_data(web::Data::new(state))
        .app_data(
            web::QueryConfig::default()
                .error_handler(|e, _| AppError::bad_request("invalid_query", e.to_string()).into()),
        )
        .service(assets::stylesheet)
        .service(api::health::healthz)
        .service(health::readyz)
        .service(api::scope())
        .service(pages::home::home)
        .service(pages::calculator::calculator)
        .service(pages::portal::apply_form)
        .service(pages::portal::apply)
        .service(pages::portal::track)
        .service(pages::portal::track_reply)
        .service(pages::portal::track_document)
        .service(pages::login::login_form)
        .service(pages::login::login)
        .service(pages::login::logout)
        .service(pages::workbench::workbench)
        .service(pages::case_list::cases)
        .service(pages::case_list::bulk_assign)
        .service(pages::approvals::approvals)
        .service(pages::case_new::new_case)
        .service(pages::case_new::register)
        .service(pages::case_letters::receipt)
        .service(pages::case_letters::reply)
        .service(pages::case_letters::document)
        .service(pages::case_attachments::download)
        .service(pages::case_attachments::upload)
        .service(pages::case_file::case_file)
        .service(pages::case_detail::case_detail)
        .service(pages::case_detail::case_action)
        .service(pages::reports::compliance_page)
        .service(pages::reports::compliance_csv)
        .service(pages::reports::compliance_xlsx)
        .service(pages::reports::compliance_cases)
        .service(pages::reports::annual_view)
        .service(pages::reports::annual_csv)
        .service(pages::reports::annual_xlsx)
        .service(pages::reports::annual_pdf)
        .service(pages::reports::annual_lock)
        .service(pages::reports_calendar::calendar_page)
        .service(pages::reports_audit::audit_page)
        .service(pages::reports_audit::audit_run)
        .service(pages::admin_reasons::reasons_page)
        .service(pages::admin_reasons::publish_clause)
        .service(pages::admin_staff_email::staff_emails)
        .service(pages::admin_staff_email::save_staff_email)
        .service(pages::admin_staff_email::save_department)
        .service(pages::reports_calendar::calendar_import)
        .default_service(web::to(pages::not_found::not_found));
}

/// Binds the HTTP server and returns it with the addresses it listens on (`:0` picks a free port);
/// awaiting the server runs it until SIGINT/SIGTERM, which finish in-flight requests first.
pub fn bind(
    addr: &str,
    state: AppState,
    session_key: actix_web::cookie::Key,
    secure_cookies: bool,
) -> std::io::Result<(actix_web::dev::Server, Vec<std::net::SocketAddr>)> {
    let server = HttpServer::new(move || {
        let state = state.clone();
        App::new()
            .wrap(session::session_middleware(
                session_key.clone(),
                secure_cookies,
            ))
            .wrap(security_headers())
            .wrap(actix_web::middleware::from_fn(telemetry::telemetry))
            .configure(move |cfg| configure(cfg, state))
    })
    .bind(addr)?;
    let addrs = server.addrs();
    Ok((server.run(), addrs))
}

/// Binds the admin listener: `/metrics`, `/readyz` and `/healthz` only, meant for a private
/// address (`server.admin_bind`) that monitoring reaches and the public does not.
pub fn bind_admin(
    addr: &str,
    state: AppState,
) -> std::io::Result<(actix_web::dev::Server, Vec<std::net::SocketAddr>)> {
    let server = HttpServer::new(move || {
        App::new()
            .wrap(actix_web::middleware::from_fn(telemetry::telemetry))
            .app_data(web::Data::new(state.clone()))
            .service(api::health::healthz)
            .service(health::readyz)
            .service(metrics::metrics)
    })
    .workers(1)
    .bind(addr)?;
    let addrs = server.addrs();
    Ok((server.run(), addrs))
}
