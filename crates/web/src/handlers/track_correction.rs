//! `POST /track/correction`: the applicant answers a correction request
//! (补正, Art. 30) with its text and, optionally, files (a multipart form;
//! the plain urlencoded form of older clients is read too). The files are
//! checked before the correction is recorded and added to the case after.

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use gongkai_app::casework::{self, RecordError, correction_files};
use gongkai_domain::case::{Actor, CaseAction};
use std::collections::HashMap;

use super::Csrf;
use super::track::{after_action, tracked};
use crate::error::AppError;
use crate::state::AppState;

/// The correction as submitted: its text and its files (name, bytes).
type Submitted = (String, Vec<(String, Vec<u8>)>);

async fn read(state: &AppState, req: Request) -> Result<Submitted, String> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(f) = Form::<HashMap<String, String>>::from_request(req, state)
            .await
            .map_err(|_| "提交的内容无法读取，请刷新页面后重新填写。".to_string())?;
        return Ok((f.get("text").cloned().unwrap_or_default(), Vec::new()));
    }
    let mut m = Multipart::from_request(req, state)
        .await
        .map_err(|_| "提交的内容无法读取，请刷新页面后重新填写。".to_string())?;
    let (mut text, mut files) = (String::new(), Vec::new());
    while let Ok(Some(field)) = m.next_field().await {
        match field.name() {
            Some("text") => text = field.text().await.unwrap_or_default(),
            Some("files") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| "附件超过10MB或上传中断，请压缩后重新上传。".to_string())?;
                if !bytes.is_empty() {
                    files.push((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    Ok((text, files))
}

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
    let (text, files) = match read(&state, req).await {
        Ok(s) => s,
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
