//! `POST /admin/agencies/{code}/online`: 上线 an agency's public column once
//! its 指南 data is complete (the checklist of
//! `gongkai_domain::agency::launch`), or take it back to a draft (下线).
//! The edit page shows where the agency stands and what is missing.

use crate::params::Path;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_domain::agency::launch::{self, Check, FixAt, LaunchFacts};
use gongkai_domain::policy::Permission;
use gongkai_store::Agency;
use serde::Deserialize;

use super::Csrf;
use super::admin_agency::{audit, edit_page};
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Where the agency stands and its checklist, for the edit page.
pub struct LaunchView {
    pub online_on: Option<NaiveDate>,
    pub checks: Vec<CheckRow>,
    pub ready: bool,
}

pub struct CheckRow {
    pub label: &'static str,
    pub missing: Option<String>,
    pub basis: &'static str,
    /// The page where the item is filled in.
    pub fix_href: String,
}

fn facts(a: &Agency) -> LaunchFacts<'_> {
    LaunchFacts {
        profile: &a.profile,
        guide_text: a.guide_text.as_deref(),
        rules_text: a.rules_text.as_deref(),
    }
}

fn row(code: &str, c: Check) -> CheckRow {
    let page = match c.fix_at {
        FixAt::Profile => "edit",
        FixAt::Texts => "texts",
    };
    CheckRow {
        label: c.label,
        missing: c.missing,
        basis: c.basis,
        fix_href: format!("/admin/agencies/{code}/{page}"),
    }
}

pub fn view_of(a: &Agency) -> LaunchView {
    let checks: Vec<CheckRow> = launch::checklist(&facts(a))
        .into_iter()
        .map(|c| row(a.profile.code.as_str(), c))
        .collect();
    LaunchView {
        online_on: a.online_on,
        ready: checks.iter().all(|c| c.missing.is_none()),
        checks,
    }
}

#[derive(Deserialize)]
pub struct OnlineForm {
    /// `online` (上线) or `offline` (下线, back to a draft).
    #[serde(default)]
    action: String,
}

pub async fn set(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<OnlineForm>,
) -> AppResult<Response> {
    let found = crate::tree::permitted(&state, &who, &code, Permission::AdministerAgency).await?;
    let agency = found.agency;
    let (on, action) = match form.action.as_str() {
        "online" => (Some(state.clock.today()), "agency.online"),
        "offline" => (None, "agency.offline"),
        other => {
            return Err(AppError::bad_request(format!(
                "未知的操作“{other}”：请在机构信息页点击“上线”或“下线”。"
            )));
        }
    };
    if on.is_some() {
        let blockers = launch::launch_blockers(&facts(&agency));
        if !blockers.is_empty() {
            let refusal = Some(launch::refusal(&blockers));
            let body = edit_page(&state, &who, &csrf.0.0, agency, refusal).await?;
            return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
        }
    }
    state.store.set_agency_online(agency.id, on).await?;
    // Its items enter the search index (or leave it) at once.
    state.search.wake();
    audit(&state, &who, agency.id, action, &agency.profile.full_name).await?;
    Ok(Redirect::to(&format!("/admin/agencies/{code}/edit")).into_response())
}
