//! `GET|POST /admin/agencies/{code}/texts`: edit the 指南 and 制度 texts.

use crate::params::Path;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_domain::policy::Permission;
use serde::Deserialize;

use super::Csrf;
use super::admin_agency::audit;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::guide;
use crate::state::AppState;
use crate::views::{Chrome, TextsEditPage};

#[derive(Deserialize)]
pub struct TextsForm {
    #[serde(default)]
    guide_text: String,
    #[serde(default)]
    rules_text: String,
}

async fn load(
    state: &AppState,
    who: &CurrentStaff,
    code: &str,
) -> AppResult<gongkai_store::Agency> {
    let found = crate::tree::permitted(state, who, code, Permission::AdministerAgency).await?;
    Ok(found.agency)
}

pub async fn edit(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = load(&state, &who, &code).await?;
    let page = TextsEditPage {
        chrome: Chrome::new(Some(&who), &csrf.0.0),
        guide_text: agency.guide_text.clone().unwrap_or_default(),
        generated_guide: guide::as_text(&guide::generate(
            &agency.profile,
            &guide::bodies(&state, &agency).await?,
        )),
        rules_text: agency.rules_text.clone().unwrap_or_default(),
        agency,
    };
    Ok(Html(page.render()?))
}

pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(code): Path<String>,
    Form(form): Form<TextsForm>,
) -> AppResult<Response> {
    let agency = load(&state, &who, &code).await?;
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let guide = clean(&form.guide_text);
    let rules = clean(&form.rules_text);
    state
        .store
        .set_agency_texts(agency.id, guide.as_deref(), rules.as_deref())
        .await?;
    audit(&state, &who, agency.id, "agency.texts", "指南/制度").await?;
    // A draft has no public column yet: back to its checklist.
    let to = if agency.is_online() {
        format!("/agencies/{code}/guide")
    } else {
        format!("/admin/agencies/{code}/edit")
    };
    Ok(Redirect::to(&to).into_response())
}
