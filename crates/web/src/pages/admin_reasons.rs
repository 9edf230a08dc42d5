//! 答复条款库 (legal staff and administrators, issue #8): for every reply outcome of table 三, the
//! clause in force — the provision cited (chosen from the citations table among those that fit the
//! outcome, never typed) and the answer's wording — with every earlier version, who published it,
//! when and why; and a form to publish a new version. A new version changes letters issued from
//! then on; issued letters keep the version they were issued with (R-LET-1, R-LET-3).
use std::collections::HashMap;

use actix_session::Session;
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use disclosure_app::reasons::{ClauseVersion, NewClauseVersion};
use disclosure_core::actor::Role;
use disclosure_core::citation::citation;
use disclosure_core::reasons::{
    fitting_citations, outcome_from_key, outcome_key, outcome_label_zh, WORDING_MAX_CHARS,
};
use serde::Deserialize;

use crate::auth::Staff;
use crate::layout::Layout;
use crate::{messages_zh, session, AppError, AppState};

/// Who may see and change the library.
const ROLES: [Role; 2] = [Role::Legal, Role::Admin];

/// One version as the page prints it.
struct VersionView {
    version: u32,
    cite: String,
    wording: String,
    by: String,
    at: String,
    note: String,
}

/// A provision offered in the form.
struct ChoiceView {
    key: &'static str,
    label: String,
    selected: bool,
}

/// One outcome's clause: the version in force, its history, the form.
struct EntryView {
    key: &'static str,
    /// The key as an HTML id (`withheld-third_party_rights`).
    anchor: String,
    label: String,
    current: VersionView,
    history: Vec<VersionView>,
    choices: Vec<ChoiceView>,
    /// What the form shows: the wording in force, or what was typed when the form was refused.
    form_wording: String,
    form_note: String,
    /// The refusal of this outcome's form, shown beside it.
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_reasons.html")]
struct ReasonsPage {
    layout: Layout,
    staff: Staff,
    entries: Vec<EntryView>,
    notice: Option<String>,
    error: Option<String>,
    wording_max: usize,
}

#[derive(Debug, Deserialize)]
pub struct PublishedQuery {
    /// Set by the redirect after a publication: `outcome_key-version`.
    published: Option<String>,
}

/// What was typed in a refused form, so it is shown again rather than lost.
struct Retry {
    outcome_key: String,
    citation_key: String,
    wording: String,
    note: String,
    error: String,
}

#[get("/admin/reasons")]
pub async fn reasons_page(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<PublishedQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(&ROLES)?;
    let notice = q.published.as_deref().and_then(published_notice);
    page(&state, staff, notice, None, StatusCode::OK).await
}

#[post("/admin/reasons")]
pub async fn publish_clause(
    state: web::Data<AppState>,
    staff: Staff,
    s: Session,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    staff.require(&ROLES)?;
    let fields = form.into_inner();
    session::check_csrf(&s, fields.get("csrf").map(String::as_str).unwrap_or(""))?;
    let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let Ok(seen_version) = field("seen_version").trim().parse::<u32>() else {
        return Err(AppError::bad_request("invalid_form", "seen_version"));
    };
    let new = NewClauseVersion {
        outcome_key: field("outcome_key"),
        seen_version,
        citation_key: field("citation_key"),
        wording: field("wording"),
        note: field("note"),
    };
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let submitted = new.clone();
    let result = web::block(move || services.publish_clause(&actor, &submitted, now)).await?;
    match result {
        Ok(v) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!(
                    "/admin/reasons?published={}-{}#{}",
                    outcome_key(&v.clause.outcome),
                    v.clause.version,
                    anchor(outcome_key(&v.clause.outcome))
                ),
            ))
            .finish()),
        Err(e) if e.is_client_error() => {
            let status = if matches!(e, disclosure_app::reasons::ReasonsError::NotAllowed) {
                StatusCode::FORBIDDEN
            } else if matches!(e, disclosure_app::reasons::ReasonsError::Superseded { .. }) {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            let retry = Retry {
                outcome_key: new.outcome_key,
                citation_key: new.citation_key,
                wording: new.wording,
                note: new.note,
                error: messages_zh::reasons_error(&e),
            };
            page(&state, staff, None, Some(retry), status).await
        }
        Err(disclosure_app::reasons::ReasonsError::Service(e)) => Err(e.into()),
        Err(e) => Err(AppError::internal(e.to_string())),
    }
}

/// `withheld.third_party_rights` → `withheld-third_party_rights` (an id without a dot, which CSS
/// selectors would read as a class).
fn anchor(key: &str) -> String {
    key.replace('.', "-")
}

/// The line shown after a publication's redirect.
fn published_notice(param: &str) -> Option<String> {
    let (key, version) = param.rsplit_once('-')?;
    let outcome = outcome_from_key(key)?;
    let version: u32 = version.parse().ok()?;
    Some(messages_zh::clause_published(
        &outcome_label_zh(&outcome),
        version,
    ))
}

fn version_view(v: &ClauseVersion) -> VersionView {
    let cite = v.clause.citation.cite_zh;
    VersionView {
        version: v.clause.version.get(),
        cite: if cite.is_empty() {
            messages_zh::NO_PROVISION.to_string()
        } else {
            cite.to_string()
        },
        wording: v.clause.wording.clone(),
        by: v.published.as_ref().map_or_else(
            || messages_zh::BUILT_IN_CLAUSE.to_string(),
            |p| p.by_name.clone(),
        ),
        at: v
            .published
            .as_ref()
            .map_or_else(String::new, |p| p.at.format("%Y-%m-%d %H:%M").to_string()),
        note: v.published.as_ref().map_or_else(
            || messages_zh::BUILT_IN_NOTE.to_string(),
            |p| p.note.clone(),
        ),
    }
}

async fn page(
    state: &AppState,
    staff: Staff,
    notice: Option<String>,
    retry: Option<Retry>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let services = state.services.clone();
    let actor = staff.actor.clone();
    let library = web::block(move || services.reasons_library(&actor)).await??;
    let mut error = None;
    let entries = library
        .iter()
        .map(|entry| {
            let key = outcome_key(&entry.outcome);
            let retry = retry.as_ref().filter(|r| r.outcome_key == key);
            let chosen = retry.map_or(entry.current.clause.citation.key, |r| {
                r.citation_key.as_str()
            });
            EntryView {
                key,
                anchor: anchor(key),
                label: outcome_label_zh(&entry.outcome),
                current: version_view(&entry.current),
                history: entry.history.iter().map(version_view).collect(),
                choices: fitting_citations(&entry.outcome)
                    .iter()
                    .filter_map(|k| citation(k))
                    .map(|c| ChoiceView {
                        key: c.key,
                        label: if c.cite_zh.is_empty() {
                            messages_zh::NO_PROVISION.to_string()
                        } else {
                            format!("{}（{}）", c.cite_zh, c.gist_zh)
                        },
                        selected: c.key == chosen,
                    })
                    .collect(),
                form_wording: retry.map_or_else(
                    || entry.current.clause.wording.clone(),
                    |r| r.wording.clone(),
                ),
                form_note: retry.map_or_else(String::new, |r| r.note.clone()),
                error: retry.map(|r| r.error.clone()),
            }
        })
        .collect::<Vec<_>>();
    // A refusal of a form that matches no outcome (a forged or stale key) is shown at the top.
    if let Some(r) = &retry {
        if !entries.iter().any(|e| e.key == r.outcome_key) {
            error = Some(r.error.clone());
        }
    }
    let mut resp = super::render(&ReasonsPage {
        layout: state.layout(),
        staff,
        entries,
        notice,
        error,
        wording_max: WORDING_MAX_CHARS,
    })?;
    *resp.status_mut() = status;
    Ok(resp)
}
