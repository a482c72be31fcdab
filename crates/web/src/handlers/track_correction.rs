//! `POST /track/correction`: the applicant answers a correction request
//! (补正, Art. 30) with its text and, optionally, files (a multipart form;
//! the plain urlencoded form of older clients is read too). The files are
//! checked before the correction is recorded and added to the case after.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use gongkai_app::casework::{self, RecordError, correction_files};
use gongkai_domain::case::{Actor, CaseAction};

use super::Csrf;
use super::track::{after_action, tracked};
use crate::error::AppError;
use crate::form_files;
use crate::state::AppState;

pub async fn correct(
    State(state): State<AppState>,
    csrf: Csrf,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let b = match tracked(&state, &headers).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (text, files) = match form_files::read(&state, req, "files").await {
        Ok(s) => (s.value("text"), s.files),
        Err(m) => {
            return after_action(&state, b, &csrf.0.0, Err(RecordError::Refused(m)), "").await;
        }
    };
    let text = text.trim().to_string();
    if text.chars().count() < 5 {
        let m = "请填写补正内容（至少5个字），写明所需信息的名称、文号或其他特征。".to_string();
        return after_action(&state, b, &csrf.0.0, Err(RecordError::Refused(m)), "").await;
    }
    let prepared = match correction_files::prepare(&state, &files).await {
        Ok(p) => p,
        Err(e) => {
            let m = e.to_string();
            return after_action(&state, b, &csrf.0.0, Err(RecordError::Refused(m)), "").await;
        }
    };
    let action = CaseAction::CorrectionSubmitted {
        date: state.clock.today(),
        text,
    };
    let result = casework::record(
        &state,
        &b,
        b.next_seq(),
        Actor::Applicant,
        action,
        String::new(),
    )
    .await;
    if result.is_ok()
        && let Err(e) = correction_files::attach(&state, &b, prepared).await
    {
        return AppError::from(e).into_response();
    }
    let done = if files.is_empty() {
        "补正内容已提交。本机关自收到补正之日起重新计算答复期限（《条例》第三十条）。".to_string()
    } else {
        format!(
            "补正内容及{}个附件已提交。本机关自收到补正之日起重新计算答复期限（《条例》第三十条）。",
            files.len()
        )
    };
    after_action(&state, b, &csrf.0.0, result, &done).await
}
