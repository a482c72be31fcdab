//! `POST /api/v1/reports/check`: annual reports published elsewhere, checked
//! (public, no token; nothing is stored).

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, ApiResult};
use crate::report_check::{self, Checked};
use crate::state::AppState;

/// One uploaded file.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ReportFile(pub Vec<u8>);

/// The upload: report files (text, HTML, DOCX, or PDF read through its
/// text layer — a scanned PDF is refused with its reason — or a `.zip`
/// archive of them; each at most 10 MB, at most 50), and/or the text of a
/// report pasted.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CheckUpload {
    /// The files (repeat the field for several).
    #[schema(required = false)]
    pub files: Vec<ReportFile>,
    /// A report's text, as copied from a page.
    pub text: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckResults {
    /// One entry per input, in the order sent: the report as read, in the
    /// shared JSON shape (`format`, `year`, `agency`, `title`, `source`,
    /// `input`, `table2`, `table3`, `table4`, `parts`, `findings`, `missing`,
    /// `ambiguous`, `sources`, `notes`, and `figures` for a free-text
    /// report); or, for a file that cannot be read, `{"source", "error"}`.
    #[schema(value_type = Vec<Object>)]
    pub reports: Vec<serde_json::Value>,
}

/// Check annual reports published elsewhere against the national format and
/// the rule catalogue AR-01…AR-20. Files may be sent one by one or in a ZIP
/// archive (the same limits as the check page: each report at most 10 MB,
/// at most 50). Cross-year rules (AR-09 上年结转 …) compare the reports of
/// one agency sent together, and a report of an agency the platform has,
/// whose year before was not sent, with the platform's published report of
/// that year; its `notes` then say which report that was.
#[utoipa::path(post, path = "/api/v1/reports/check", operation_id = "check_reports",
    request_body(content = inline(CheckUpload), content_type = "multipart/form-data"),
    responses(
        (status = 200, body = CheckResults),
        (status = 400, body = ApiError, description = "nothing sent, more than 50 files, or not a multipart upload"),
    ))]
pub async fn check(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<CheckResults> {
    let mut multipart = multipart.map_err(|e| ApiError::from(report_check::rejection(e)))?;
    let checked = report_check::read_upload(state.store.as_ref(), &mut multipart).await?;
    Ok(Json(CheckResults {
        reports: checked.iter().map(Checked::to_json).collect(),
    }))
}
