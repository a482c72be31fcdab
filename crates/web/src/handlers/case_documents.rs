//! Downloading issued documents (`…/documents/{id}.pdf|.docx`) and uploaded
//! attachments. Documents are rendered from the frozen copy made when issued.

use crate::params::Id;
use crate::params::Path;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_store::CaseId;

use crate::auth::CurrentStaff;
use crate::case_access::staff_case;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use gongkai_app::casework::for_applicant;
use gongkai_app::uploads;

/// A download's header: one helper for every download.
fn disposition(name: &str) -> String {
    crate::downloads::content_disposition(crate::downloads::Disposition::Attachment, name)
}

/// Render document `file` (`{id}.pdf` or `{id}.docx`) of case `case`.
pub async fn download(
    state: &AppState,
    case: CaseId,
    file: &str,
    applicant: bool,
) -> AppResult<Response> {
    let (id, ext) = file
        .rsplit_once('.')
        .and_then(|(id, ext)| Some((id.parse::<i64>().ok()?, ext)))
        .ok_or_else(|| AppError::not_found("该文书"))?;
    let doc = state
        .store
        .issued_document(id)
        .await?
        .filter(|d| d.case_id == case)
        .filter(|d| !applicant || for_applicant(d.document.kind))
        .ok_or_else(|| AppError::not_found("该文书"))?;
    let title = format!("{}-{}", doc.document.title, doc.document.number);
    let document = doc.document;
    let (bytes, content_type) = match ext {
        "pdf" => (
            tokio::task::spawn_blocking(move || gongkai_render::to_pdf(&document))
                .await
                .map_err(AppError::internal)?
                .map_err(AppError::internal)?,
            "application/pdf",
        ),
        "docx" => (
            gongkai_render::to_docx(&document).map_err(AppError::internal)?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        _ => return Err(AppError::not_found("该格式的文书")),
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                disposition(&format!("{title}.{ext}")),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn staff_document(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((number, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if !access.may_download_documents() {
        return Err(AppError::forbidden("您无权下载该申请的文书。"));
    }
    download(&state, b.case.id, &file, false).await
}

pub async fn staff_attachment(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((number, Id(id))): Path<(String, Id)>,
) -> AppResult<Response> {
    let (b, access) = staff_case(&state, &who, &number).await?;
    if !access.may_download_id_proof() {
        return Err(AppError::forbidden(
            "申请人的身份证明只有受理机关的承办人、审核人可以查看。",
        ));
    }
    let att = state
        .store
        .case_attachments(b.case.id)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| AppError::not_found("该附件"))?;
    let bytes = tokio::fs::read(uploads::path_for(&state.settings.data_dir, &att.sha256))
        .await
        .map_err(AppError::internal)?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, att.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition(&att.filename)),
        ],
        Body::from(bytes),
    )
        .into_response())
}
