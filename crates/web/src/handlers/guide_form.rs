//! `GET /agencies/{code}/guide/application-form.docx|pdf`: the
//! 政府信息公开申请表 the 指南 offers (issue 21), generated from the agency's
//! data (`crate::guide::application_form`, `gongkai_render`).
//!
//! Public and cacheable: the answer carries an `ETag` (a hash of the
//! form's data and format) and `Cache-Control: public`; a matching
//! `If-None-Match` is answered 304 without rendering. Rendered files are
//! kept in memory by that hash — a change of the agency's data makes a new
//! one — at most [`KEPT`] of them, each at most [`MAX_BYTES`].

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::downloads::{Disposition, content_disposition};
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;
use crate::{guide, tree};

/// Files kept in memory at most (beyond, the memory is emptied).
const KEPT: usize = 64;
/// The largest file served: a one-page form is far smaller (the PDF's
/// font subset is most of it); anything larger is a fault, not a form.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// How long a browser or proxy may keep the file without asking again.
const CACHE_CONTROL: &str = "public, max-age=600";

static KEPT_FILES: LazyLock<Mutex<HashMap<String, Bytes>>> = LazyLock::new(Mutex::default);

#[derive(Debug, Clone, Copy)]
enum Format {
    Docx,
    Pdf,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
        }
    }
}

pub async fn docx(
    state: State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> AppResult<Response> {
    form(state, headers, code, Format::Docx).await
}

pub async fn pdf(
    state: State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> AppResult<Response> {
    form(state, headers, code, Format::Pdf).await
}

async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    code: String,
    format: Format,
) -> AppResult<Response> {
    // A draft agency (未上线) has no public form: 404, as its other files.
    let agency = tree::public_agency(&state, &code).await?;
    let form = guide::application_form(&agency.profile, &state.settings.base_url());
    let digest = Sha256::digest(format!("{}\n{form:?}", format.ext()).as_bytes());
    let etag = format!("\"{}\"", &hex::encode(digest)[..32]);
    let name = format!(
        "{}政府信息公开申请表.{}",
        agency.profile.full_name,
        format.ext()
    );
    let mut out = HeaderMap::new();
    out.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).map_err(AppError::internal)?,
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, out).into_response());
    }
    let bytes = match kept(&etag) {
        Some(bytes) => bytes,
        None => {
            let bytes = render(form, format).await?;
            keep(etag, bytes.clone());
            bytes
        }
    };
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    out.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&content_disposition(Disposition::Attachment, &name))
            .map_err(AppError::internal)?,
    );
    Ok((out, bytes).into_response())
}

/// The file, rendered on a blocking thread (typst takes a while).
async fn render(form: gongkai_render::ApplicationForm, format: Format) -> AppResult<Bytes> {
    let bytes = tokio::task::spawn_blocking(move || match format {
        Format::Docx => gongkai_render::application_form_docx(&form),
        Format::Pdf => gongkai_render::application_form_pdf(&form),
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    if bytes.len() > MAX_BYTES {
        return Err(AppError::internal(format!(
            "申请表文件有{}字节，超过上限{MAX_BYTES}字节",
            bytes.len()
        )));
    }
    Ok(Bytes::from(bytes))
}

fn kept(etag: &str) -> Option<Bytes> {
    KEPT_FILES.lock().ok()?.get(etag).cloned()
}

fn keep(etag: String, bytes: Bytes) {
    if let Ok(mut files) = KEPT_FILES.lock() {
        if files.len() >= KEPT {
            files.clear();
        }
        files.insert(etag, bytes);
    }
}
