//! `GET|POST /admin/agencies/{code}/synonyms`: the agency's search synonym
//! groups (检索同义词), which the public search uses beside the platform's
//! dictionary (网约车/网络预约出租汽车 …). Adding and deleting are
//! `gongkai_app::search::synonyms` (the agency's administrators; audited).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::search::synonyms;
use gongkai_domain::policy::Permission;
use gongkai_search::{GROUP_TERMS_MAX, TERM_CHARS_MAX};
use gongkai_store::{AGENCY_SYNONYM_GROUPS_MAX, Agency, SynonymGroupId};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;
use crate::views::Chrome;

/// One group as listed.
pub struct GroupRow {
    pub id: SynonymGroupId,
    pub terms: String,
    pub added_on: String,
}

#[derive(Template)]
#[template(path = "search_synonyms.html")]
pub struct SynonymsPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub groups: Vec<GroupRow>,
    /// The add form as submitted, kept when it was refused.
    pub form_terms: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub groups_max: usize,
    pub terms_max: usize,
    pub chars_max: usize,
}

async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    notice: Option<String>,
    error: Option<String>,
    form_terms: String,
) -> AppResult<String> {
    let groups = synonyms::groups(&state.app, &who.staff, &agency)
        .await?
        .into_iter()
        .map(|g| GroupRow {
            id: g.id,
            terms: g.terms.join(" / "),
            added_on: g.created_at.date_naive().to_string(),
        })
        .collect();
    Ok(SynonymsPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        groups,
        form_terms,
        notice,
        error,
        groups_max: AGENCY_SYNONYM_GROUPS_MAX,
        terms_max: GROUP_TERMS_MAX,
        chars_max: TERM_CHARS_MAX,
    }
    .render()?)
}

async fn load(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let found = crate::tree::permitted(state, who, code, Permission::AdministerAgency).await?;
    Ok(found.agency)
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = load(&state, &who, &code).await?;
    let html = render(&state, &who, &csrf.0.0, agency, None, None, String::new()).await?;
    Ok(Html(html))
}

/// `op=add` (terms: the group as typed) or `op=delete` (id: a group of
/// the agency).
pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = load(&state, &who, &code).await?;
    let terms = form.get("terms").cloned().unwrap_or_default();
    let done = match form.get("op").map(String::as_str) {
        Some("add") => synonyms::add(&state.app, &who.staff, &agency, &terms)
            .await
            .map(|t| {
                format!(
                    "已添加同义词组“{}”：检索其中任何一个词时，也会检索其余的词。",
                    t.join("/")
                )
            }),
        Some("delete") => {
            let id = form
                .get("id")
                .and_then(|id| id.trim().parse::<SynonymGroupId>().ok())
                .ok_or_else(|| {
                    AppError::bad_request(
                        "要删除的同义词组有误：请刷新页面后，点击该组旁的“删除”。",
                    )
                })?;
            synonyms::delete(&state.app, &who.staff, &agency, id)
                .await
                .map(|()| "已删除该同义词组。".to_string())
        }
        _ => {
            return Err(AppError::bad_request(
                "请使用页面上的表单提交：添加同义词组，或删除已有的组。",
            ));
        }
    };
    let (status, notice, error, kept) = match done {
        Ok(notice) => (StatusCode::OK, Some(notice), None, String::new()),
        Err(gongkai_app::Error::Invalid(m)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m), terms)
        }
        Err(e) => return Err(e.into()),
    };
    let html = render(&state, &who, &csrf.0.0, agency, notice, error, kept).await?;
    Ok((status, Html(html)).into_response())
}
