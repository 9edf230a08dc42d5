//! 登录 / 退出.
use actix_session::Session;
use actix_web::{get, http::header, post, web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::layout::Layout;
use crate::{session, AppError, AppState};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    error: Option<String>,
    username: String,
}

#[get("/login")]
pub async fn login_form(state: web::Data<AppState>, s: Session) -> Result<HttpResponse, AppError> {
    super::render(&LoginPage {
        layout: state.layout(),
        csrf: session::csrf_token(&s),
        error: None,
        username: String::new(),
    })
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    s: Session,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    session::check_csrf(&s, &form.csrf)?;
    let services = state.services.clone();
    let (u, p) = (form.username.clone(), form.password.clone());
    let now = state.clock.now();
    match web::block(move || services.authenticate(&u, &p, now)).await? {
        Ok(actor) => {
            if let disclosure_core::actor::Actor::Staff { user_id, .. } = &actor {
                session::log_in(&s, user_id, state.clock.now());
            }
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/workbench"))
                .finish())
        }
        Err(e) => {
            let err = AppError::from(e);
            let mut resp = super::render(&LoginPage {
                layout: state.layout(),
                csrf: session::csrf_token(&s),
                error: Some(err.message()),
                username: form.username.clone(),
            })?;
            *resp.status_mut() = err.status;
            Ok(resp)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

#[post("/logout")]
pub async fn logout(s: Session, form: web::Form<LogoutForm>) -> Result<HttpResponse, AppError> {
    session::check_csrf(&s, &form.csrf)?;
    session::log_out(&s);
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/login"))
        .finish())
}
