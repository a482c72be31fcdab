//! `GET /admin/agencies/{code}/templates` and `GET|POST …/templates/{key}`:
//! an agency administrator edits the templates its documents are made from.
//! A template is checked before it is saved (title line, known placeholders,
//! the case number, the article and the redress sentence kept).

use gongkai_domain::policy::Permission;
use std::collections::HashMap;

use crate::params::Path;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_domain::document::{self, DocumentKind, TEMPLATE_SYNTAX_HELP};
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{Chrome, DocTemplateEditPage, DocTemplatesPage, TemplateRow};
use gongkai_app::casework::template_for;

async fn agency_for(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    let found = crate::tree::permitted(state, who, code, Permission::AdministerAgency).await?;
    Ok(found.agency)
}

fn kind_of(key: &str) -> AppResult<DocumentKind> {
    DocumentKind::from_key(key).ok_or_else(|| AppError::not_found(format!("文书模板“{key}”")))
}

pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = agency_for(&state, &who, &code).await?;
    let mut rows = Vec::new();
    for kind in DocumentKind::all() {
        let edited = state
            .store
            .document_template(agency.id, &kind.key())
            .await?
            .is_some();
        rows.push(TemplateRow {
            key: kind.key(),
            name: kind.name_zh(),
            edited,
        });
    }
    Ok(Html(
        DocTemplatesPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            agency,
            rows,
        }
        .render()?,
    ))
}

fn edit_page(
    who: &CurrentStaff,
    csrf: &str,
    agency: Agency,
    kind: DocumentKind,
    body: String,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let required = document::required_placeholders(kind);
    Ok(DocTemplateEditPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        name: kind.name_zh(),
        body,
        syntax_help: TEMPLATE_SYNTAX_HELP,
        placeholders: document::placeholders(kind)
            .iter()
            .map(|(n, d)| (*n, *d, required.contains(n)))
            .collect(),
        notice,
        error,
    }
    .render()?)
}

pub async fn edit(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, key)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let agency = agency_for(&state, &who, &code).await?;
    let kind = kind_of(&key)?;
    let body = template_for(&state, &agency, kind).await?;
    Ok(Html(edit_page(
        &who, &csrf.0.0, agency, kind, body, None, None,
    )?))
}

pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path((code, key)): Path<(String, String)>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = agency_for(&state, &who, &code).await?;
    let kind = kind_of(&key)?;
    let body = if f.get("do").map(String::as_str) == Some("reset") {
        document::default_template(kind).to_string()
    } else {
        f.get("body")
            .cloned()
            .unwrap_or_default()
            .replace("\r\n", "\n")
    };
    if let Err(e) = document::check_template(kind, &body) {
        let html = edit_page(
            &who,
            &csrf.0.0,
            agency,
            kind,
            body,
            None,
            Some(format!("模板未保存：{e}")),
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    state
        .store
        .put_document_template(agency.id, &key, &body, Some(who.staff.id))
        .await?;
    let html = edit_page(
        &who,
        &csrf.0.0,
        agency,
        kind,
        body,
        Some("模板已保存，此后生成的文书使用新模板。".into()),
        None,
    )?;
    Ok(Html(html).into_response())
}
