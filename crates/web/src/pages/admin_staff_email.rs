//! 督办邮箱 (administrators): where each staff member's daily 督办 digest goes. A digest lists
//! cases with applicants' names, so a wrong address leaks them: only administrators change it, each
//! change is kept with who made it (`staff_email_changes`), and the page shows the latest changes.
use std::collections::HashMap;

use actix_session::Session;
use actix_web::{get, http::header, post, web, HttpResponse};
use askama::Template;
use disclosure_app::auth::role_from_str;
use disclosure_app::mail::StaffAddress;
use disclosure_core::actor::Role;
use serde::Deserialize;

use crate::auth::Staff;
use crate::layout::Layout;
use crate::{session, AppError, AppState};

/// One staff member's line.
struct UserRow {
    id: String,
    username: String,
    name: String,
    role: &'static str,
    active: bool,
    email: String,
    /// 科室, for the compliance report's department level.
    department: String,
}

/// One kept change.
struct ChangeRow {
    at: String,
    user: String,
    old: String,
    new: String,
    by: String,
}

#[derive(Template)]
#[template(path = "admin_staff_email.html")]
struct StaffEmailPage {
    layout: Layout,
    staff: Staff,
    users: Vec<UserRow>,
    changes: Vec<ChangeRow>,
    department_changes: Vec<ChangeRow>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
    department: Option<String>,
}

#[get("/admin/staff-emails")]
pub async fn staff_emails(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<SavedQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Admin])?;
    let notice = match (&q.saved, &q.department) {
        (Some(u), _) => Some(format!("已保存 {u} 的督办提醒邮箱。")),
        (None, Some(u)) => Some(format!("已保存 {u} 的科室。")),
        _ => None,
    };
    page(
        &state,
        staff,
        notice,
        None,
        None,
        actix_web::http::StatusCode::OK,
    )
    .await
}

#[post("/admin/staff-emails")]
pub async fn save_staff_email(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Admin])?;
    let fields = form.into_inner();
    session::check_csrf(&s, fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let user_id = fields.get("user_id").cloned().unwrap_or_default();
    let typed = fields.get("email").map(|e| e.trim()).unwrap_or("");
    // Empty: the address is removed (no more digests).
    let email = if typed.is_empty() {
        None
    } else {
        match StaffAddress::parse(typed) {
            Some(a) => Some(a),
            None => {
                let e = AppError::bad_request("invalid_email", typed.to_string());
                let retry = Some((user_id, typed.to_string()));
                return page(&state, staff, None, Some(e.message()), retry, e.status).await;
            }
        }
    };
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let target = user_id.clone();
    let changed = web::block(move || {
        let user = services
            .store
            .read(|c| disclosure_store::directory::user(c, &target))
            .ok();
        services
            .set_staff_email(&actor, &target, email.as_ref(), now)
            .map(|_| user.map(|u| u.username).unwrap_or_default())
    })
    .await?;
    let saved = changed.map(|username| format!("saved={}", url_escape(&username)));
    back_to_page(&state, staff, saved.map_err(AppError::from)).await
}

/// 科室 of a staff member (administrators): the compliance report groups officers by it; each
/// change is kept with its author.
#[post("/admin/departments")]
pub async fn save_department(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    staff.require(&[Role::Admin])?;
    let fields = form.into_inner();
    session::check_csrf(&s, fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let username = fields.get("username").cloned().unwrap_or_default();
    let department = fields.get("department").cloned().unwrap_or_default();
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let target = username.clone();
    let changed = web::block(move || {
        services.set_department(&actor, &target, Some(department.as_str()), now)
    })
    .await?;
    let saved = changed.map(|_| format!("department={}", url_escape(&username)));
    back_to_page(&state, staff, saved.map_err(AppError::from)).await
}

/// After a save: back to the page with `query` saying what was saved, or the page again with the
/// refusal in Chinese (a server failure stays an error page).
async fn back_to_page(
    state: &AppState,
    staff: Staff,
    query: Result<String, AppError>,
) -> Result<HttpResponse, AppError> {
    match query {
        Ok(q) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/admin/staff-emails?{q}")))
            .finish()),
        Err(e) if e.status.is_client_error() => {
            page(state, staff, None, Some(e.message()), None, e.status).await
        }
        Err(e) => Err(e),
    }
}

/// User names are ASCII in practice; anything else is percent-encoded byte by byte.
fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `retry`: the user whose form was refused, with what was typed, so it is shown again, not lost.
async fn page(
    state: &AppState,
    staff: Staff,
    notice: Option<String>,
    error: Option<String>,
    retry: Option<(String, String)>,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, AppError> {
    let services = state.services.clone();
    let agency = staff.actor.agency_id().to_string();
    let (rows, changes, departments, department_changes) =
        web::block(move || -> Result<_, AppError> {
            Ok((
                services.staff_addresses(&agency)?,
                services.staff_address_changes(&agency)?,
                services.departments(&agency)?,
                services.department_changes(&agency)?,
            ))
        })
        .await??;
    let names: HashMap<String, String> = rows
        .iter()
        .map(|r| (r.user.id.clone(), r.user.display_name.clone()))
        .collect();
    let users = rows
        .into_iter()
        .map(|r| UserRow {
            role: role_from_str(&r.user.role).map_or("", |x| x.label_zh()),
            email: match &retry {
                Some((id, typed)) if *id == r.user.id => typed.clone(),
                _ => r.email.unwrap_or_default(),
            },
            department: departments.get(&r.user.id).cloned().unwrap_or_default(),
            id: r.user.id,
            username: r.user.username,
            name: r.user.display_name,
            active: r.user.active,
        })
        .collect();
    let changes = changes
        .into_iter()
        .map(|c| ChangeRow {
            at: c.changed_at.format("%Y-%m-%d %H:%M").to_string(),
            user: names.get(&c.user_id).cloned().unwrap_or(c.user_id),
            old: c.old_email.unwrap_or_default(),
            new: c.new_email.unwrap_or_default(),
            by: c.changed_by_name,
        })
        .collect();
    let department_changes = department_changes
        .into_iter()
        .map(|c| ChangeRow {
            at: c.changed_at.format("%Y-%m-%d %H:%M").to_string(),
            user: names.get(&c.user_id).cloned().unwrap_or(c.user_id),
            old: c.old_department.unwrap_or_default(),
            new: c.new_department.unwrap_or_default(),
            by: c.changed_by_name,
        })
        .collect();
    let mut resp = super::render(&StaffEmailPage {
        layout: state.layout(),
        staff,
        users,
        changes,
        department_changes,
        notice,
        error,
    })?;
    *resp.status_mut() = status;
    Ok(resp)
}
