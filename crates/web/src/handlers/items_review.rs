//! The document in front of the editor and the reviewer (保密审查 against
//! what will be published): the item's files as the reviewer opens them
//! (`/files/…` serves a draft's files to its own staff), office files
//! shown as readable HTML, and the
//! preview of a form before it is saved or submitted — the public page
//! itself, under a banner.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gongkai_store::ItemAttachment;

use super::Csrf;
use super::items_content::{Shown, public_item};
use super::items_staff::{form_of, own_item};
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::{Chrome, ItemPreviewPage, OfficePreviewPage};

/// How the reviewer's page shows an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// In the browser's PDF viewer, in the page.
    Pdf,
    /// As a picture.
    Image,
    /// DOCX or XLSX, converted to HTML in the page.
    Office,
    /// Only as a download.
    Download,
}

/// An attachment on the reviewer's page.
pub struct ReviewFile {
    pub filename: String,
    pub size_kb: i64,
    pub href: String,
    pub preview_href: String,
    pub shows: Shows,
}

fn shows(content_type: &str) -> Shows {
    match content_type {
        "application/pdf" => Shows::Pdf,
        t if t.starts_with("image/") => Shows::Image,
        t if t.contains("officedocument") => Shows::Office,
        _ => Shows::Download,
    }
}

/// The item's attachments as its reviewer opens them.
pub(super) fn review_files(item: i64, files: &[ItemAttachment]) -> Vec<ReviewFile> {
    files
        .iter()
        .map(|a| ReviewFile {
            filename: a.filename.clone(),
            size_kb: (a.size + 1023) / 1024,
            href: super::items_content::file_href(&a.sha256, &a.filename),
            preview_href: format!("/items/{item}/files/{}/preview", a.sha256),
            shows: shows(&a.content_type),
        })
        .collect()
}

/// The interpretations linked to the item (解读), with their state, for
/// the reviewer: (id, title, state).
pub(super) async fn linked_interpretations(
    state: &AppState,
    b: &gongkai_app::catalogue_work::ItemBundle,
) -> AppResult<Vec<(i64, String, String)>> {
    let mut out = Vec::new();
    for key in &b.view.interpretations {
        if let Ok(id) = key.parse::<i64>()
            && let Some(r) = state.store.item(id).await?
            && r.agency_id == b.record.agency_id
        {
            out.push((
                r.id,
                r.snapshot.metadata.title.clone(),
                r.snapshot.state.label_zh().to_string(),
            ));
        }
    }
    Ok(out)
}

/// The attachment `sha` of item `id`, for its own agency's staff.
async fn own_file(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
    sha: &str,
) -> AppResult<ItemAttachment> {
    own_item(state, who, id).await?;
    state
        .store
        .item_attachments(id)
        .await?
        .into_iter()
        .find(|a| a.sha256 == sha)
        .ok_or_else(|| AppError::not_found("该附件"))
}

async fn read(state: &AppState, a: &ItemAttachment) -> AppResult<Vec<u8>> {
    tokio::fs::read(gongkai_app::uploads::path_for(
        &state.settings.data_dir,
        &a.sha256,
    ))
    .await
    .map_err(AppError::internal)
}

/// Headers that let this site's own pages show a file in a frame (the
/// reviewer's page, the PDF body): everything else keeps `DENY`.
pub(super) fn framed_by_self(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'self'",
        ),
    );
}

/// `GET /items/{id}/files/{sha256}/preview`: a DOCX or XLSX attachment as
/// a readable page (headings, paragraphs, tables), for the reviewer.
pub async fn office_preview(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((Id(id), sha)): Path<(Id, String)>,
) -> AppResult<Response> {
    let a = own_file(&state, &who, id, &sha).await?;
    if shows(&a.content_type) != Shows::Office {
        return Err(AppError::bad_request(
            "只有DOCX和XLSX附件可以转换预览；PDF和图片请直接打开。",
        ));
    }
    let bytes = read(&state, &a).await?;
    let (html, problem) = match gongkai_parse::office::to_html(&a.filename, &bytes) {
        Ok(html) => (html, None),
        Err(e) => (
            String::new(),
            Some(format!("无法转换预览（{e}），请下载原文件查看。")),
        ),
    };
    let page = OfficePreviewPage {
        display: crate::display::Display::current(),
        filename: a.filename,
        html,
        problem,
    };
    let mut r = Html(page.render()?).into_response();
    framed_by_self(&mut r);
    Ok(r)
}

/// `POST /items/preview` and `POST /items/{id}/preview`: the form as its
/// public page will show it, not saved. Errors are listed above the page
/// so the editor sees both.
pub async fn preview_new(
    state: State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    preview(&state, &who, &csrf.0.0, None, &f).await
}

pub async fn preview_existing(
    state: State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    preview(&state, &who, &csrf.0.0, Some(id), &f).await
}

async fn preview(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: Option<i64>,
    f: &HashMap<String, String>,
) -> AppResult<Response> {
    super::items_staff::require_edit(who)?;
    let (attachments, source) = match id {
        Some(id) => {
            let b = own_item(state, who, id).await?;
            let files = state.store.item_attachments(id).await?;
            (files, b.view.metadata.body_source.clone())
        }
        None => (Vec::new(), None),
    };
    let form = form_of(f);
    let (metadata, errors) = match form.validate_on(state.clock.today()) {
        Ok(mut m) => {
            m.body_source = source;
            (m, Vec::new())
        }
        Err(errors) => {
            let list = errors.0.iter().map(|e| e.message.clone()).collect();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(render_preview(who, csrf, None, list)?),
            )
                .into_response());
        }
    };
    let it = public_item(Shown::draft(&metadata), attachments, Vec::new());
    Ok(Html(render_preview(who, csrf, Some(it), errors)?).into_response())
}

fn render_preview(
    who: &CurrentStaff,
    csrf: &str,
    it: Option<crate::views::PublicItem>,
    errors: Vec<String>,
) -> AppResult<String> {
    Ok(ItemPreviewPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.clone(),
        it,
        errors,
    }
    .render()?)
}
