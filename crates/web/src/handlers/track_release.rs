//! The applicant's own actions beyond the correction (`/track`): download a
//! file released with the reply, and withdraw the application online.

use axum::Form;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_app::casework::{self, release};
use gongkai_app::uploads;
use gongkai_domain::case::{Actor, CaseAction};
use serde::Deserialize;

use super::Csrf;
use super::track::{after_action, tracked};
use crate::error::AppError;
use crate::params::{Id, Path};
use crate::state::AppState;

/// `GET /track/files/{id}`: a file the issued reply released (never a draft's
/// file, never another attachment of the case).
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(Id(id)): Path<Id>,
) -> Response {
    let b = match tracked(&state, &headers).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let released = release::released_to_applicant(&b)
        .iter()
        .any(|p| p.attachment == Some(id));
    let att = match state.store.case_attachments(b.case.id).await {
        Ok(all) => all.into_iter().find(|a| a.id == id && released),
        Err(e) => return AppError::from(e).into_response(),
    };
    let Some(att) = att else {
        return AppError::not_found("该文件").into_response();
    };
    let path = uploads::path_for(&state.settings.data_dir, &att.sha256);
    match tokio::fs::read(path).await {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, att.content_type.clone()),
                (
                    header::CONTENT_DISPOSITION,
                    crate::downloads::content_disposition(
                        crate::downloads::Disposition::Attachment,
                        &att.filename,
                    ),
                ),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

/// `POST /track/withdraw`: the applicant withdraws (→ 其他处理).
pub async fn withdraw(
    State(state): State<AppState>,
    csrf: Csrf,
    headers: HeaderMap,
    Form(f): Form<WithdrawForm>,
) -> Response {
    let b = match tracked(&state, &headers).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let reason: String = f.reason.trim().chars().take(200).collect();
    let action = CaseAction::Withdrawn {
        date: state.clock.today(),
        reason,
    };
    // The workflow decides whether it may still be withdrawn (until the
    // reply is served; not after a lapse).
    let result = casework::record(
        &state,
        &b,
        b.next_seq(),
        Actor::Applicant,
        action,
        String::new(),
    )
    .await;
    after_action(&state, b, &csrf.0.0, result, "申请已撤回，本机关不再处理。").await
}
