//! `GET|POST /account/password`: a staff member changes their own password
//! (the current one, the new one twice; the domain's policy stated on the
//! form). Required after an administrator's reset: until then every staff
//! page leads here (`auth::session`). Other sessions and API tokens of the
//! account end; this one stays.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use gongkai_domain::staff::{NewPassword, password_policy};
use gongkai_store::NewAuditEntry;
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::{AccountPasswordPage, Chrome};

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    error: Option<String>,
    notice: Option<String>,
) -> AppResult<String> {
    Ok(AccountPasswordPage {
        chrome: Chrome::new(Some(who), csrf),
        policy: password_policy(),
        forced: who.staff.must_change_password && notice.is_none(),
        error,
        notice,
    }
    .render()?)
}

pub async fn password_form(who: CurrentStaff, csrf: Csrf) -> AppResult<Html<String>> {
    Ok(Html(page(&who, &csrf.0.0, None, None)?))
}

pub async fn change_password(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let refuse = |status: StatusCode, message: String| -> AppResult<Response> {
        Ok((status, Html(page(&who, &csrf.0.0, Some(message), None)?)).into_response())
    };
    let busy = |b: gongkai_app::password::Busy| refuse(StatusCode::TOO_MANY_REQUESTS, b.message());
    match state
        .hashing
        .verify(form.current.clone(), who.staff.password_hash.clone())
        .await
    {
        Err(b) => return busy(b),
        Ok(false) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "当前密码不正确，请重新输入。".into(),
            );
        }
        Ok(true) => {}
    }
    let new = match NewPassword::parse(&form.new) {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    };
    if form.new != form.repeat {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "两次输入的新密码不一致，请重新输入。".into(),
        );
    }
    if form.new == form.current {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "新密码不能与当前密码相同，请换一个。".into(),
        );
    }
    let hash = match state.hashing.hash(new.expose().to_string()).await {
        Ok(hash) => hash.map_err(AppError::internal)?,
        Err(b) => return busy(b),
    };
    state
        .store
        .change_password(who.staff.id, &hash, false, Some(&who.token_hash))
        .await?;
    state
        .store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            staff_id: Some(who.staff.id),
            agency_id: Some(who.staff.agency_id),
            action: "staff.password_change".into(),
            detail: who.staff.username.to_string(),
        })
        .await?;
    let notice = "密码已修改。您在其他设备上的登录和 API 令牌已全部结束。".to_string();
    Ok(Html(page(&who, &csrf.0.0, None, Some(notice))?).into_response())
}
