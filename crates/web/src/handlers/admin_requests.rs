//! `GET|POST /admin/agencies/{code}/requests`: the agency's settings for
//! requests — which replies its reviewer signs, its document number
//! patterns, the redress bodies (`gongkai_app::request_settings`).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::request_settings::{self, SettingsForm};
use gongkai_domain::policy::Permission;
use gongkai_domain::vocabulary::Outcome;
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;
use crate::views::Chrome;

/// One outcome's checkbox.
pub struct OutcomeCheck {
    pub code: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "request_settings.html")]
pub struct RequestSettingsPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub outcomes: Vec<OutcomeCheck>,
    /// (field name, series label, pattern in force, the agency's own).
    pub patterns: Vec<(&'static str, &'static str, String, bool)>,
    pub reconsideration_body: String,
    pub court: String,
    pub notice: Option<String>,
    pub error: Option<String>,
}

async fn page(
    state: &AppState,
    who: &CurrentStaff,
    agency: Agency,
    csrf: &str,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let s = request_settings::in_force(state, &agency).await?;
    let outcomes = Outcome::ALL
        .into_iter()
        .map(|o| OutcomeCheck {
            code: o.code(),
            label: format!("{}（{}）", o.label(), o.article().unwrap_or("—")),
            checked: s.approval.needs_approval(o),
        })
        .collect();
    let patterns = s
        .patterns
        .into_iter()
        .map(|(series, p, own)| {
            let field = match series.code() {
                "receipt" => "receipt_pattern",
                "notice" => "notice_pattern",
                _ => "reply_pattern",
            };
            (field, series.label_zh(), p, own)
        })
        .collect();
    Ok(RequestSettingsPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        outcomes,
        patterns,
        reconsideration_body: s.reconsideration_body,
        court: s.court,
        notice,
        error,
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let found = crate::tree::permitted(&state, &who, &code, Permission::AdministerAgency).await?;
    Ok(Html(
        page(&state, &who, found.agency, &csrf.0.0, None, None).await?,
    ))
}

pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let found = crate::tree::permitted(&state, &who, &code, Permission::AdministerAgency).await?;
    let text = |k: &str| f.get(k).cloned().unwrap_or_default();
    let form = SettingsForm {
        approval: Outcome::ALL
            .into_iter()
            .filter(|o| f.contains_key(&format!("approve_{}", o.code())))
            .collect(),
        receipt_pattern: text("receipt_pattern"),
        notice_pattern: text("notice_pattern"),
        reply_pattern: text("reply_pattern"),
        reconsideration_body: text("reconsideration_body"),
        court: text("court"),
    };
    let agency = found.agency;
    let (status, notice, error) = match request_settings::save(&state, &agency, who.staff.id, form)
        .await
    {
        Ok(()) => (StatusCode::OK, Some("已保存。".to_string()), None),
        Err(gongkai_app::Error::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(e) => return Err(e.into()),
    };
    let html = page(&state, &who, agency, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
