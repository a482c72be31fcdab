//! `GET /login`, `POST /login`: staff sign-in with argon2 and throttling.

use crate::params::Query;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use gongkai_domain::staff::{LoginThrottle, LoginVerdict, Username};
use gongkai_store::NewAuditEntry;
use serde::Deserialize;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::auth::password::{dummy_hash, verify_password_blocking};
use crate::auth::session::start_session;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::{Chrome, LoginPage};

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths may be a redirect target (no open redirects).
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/workbench".to_string()
    }
}

pub async fn login_page(
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if who.is_some() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    let page = LoginPage {
        chrome: Chrome::new(None, &csrf.0.0),
        username: String::new(),
        next: safe_next(&q.next),
        error: None,
    };
    Ok(Html(page.render()?).into_response())
}

fn secs(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp())
}

fn minutes(seconds: i64) -> i64 {
    (seconds + 59) / 60
}

pub async fn login_submit(
    State(state): State<AppState>,
    csrf: Csrf,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&form.next);
    let refuse = |status: StatusCode, message: String, username: &str| -> AppResult<Response> {
        let page = LoginPage {
            chrome: Chrome::new(None, &csrf.0.0),
            username: username.to_string(),
            next: next.clone(),
            error: Some(message),
        };
        Ok((status, Html(page.render()?)).into_response())
    };
    if form.username.trim().is_empty() || form.password.is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            "请填写用户名和密码。".into(),
            form.username.trim(),
        );
    }
    let generic = "用户名或密码不正确，请重新输入。".to_string();
    let staff = match Username::parse(&form.username) {
        Ok(u) => state.store.staff_by_username(&u).await?,
        Err(_) => None,
    };
    let Some(staff) = staff.filter(|s| s.active) else {
        // Spend the same time as a real check so names cannot be probed.
        verify_password_blocking(form.password, dummy_hash().to_string()).await;
        return refuse(StatusCode::UNAUTHORIZED, generic, form.username.trim());
    };
    let now = Utc::now();
    match LoginThrottle::verdict(
        staff.failed_logins,
        secs(staff.last_failure_at),
        secs(staff.locked_until),
        now.timestamp(),
    ) {
        LoginVerdict::Allowed => {}
        LoginVerdict::Wait { seconds } => {
            return refuse(
                StatusCode::TOO_MANY_REQUESTS,
                format!("登录尝试过于频繁，请在{seconds}秒后再试。"),
                staff.username.as_str(),
            );
        }
        LoginVerdict::Locked { seconds } => {
            return refuse(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "该账户因连续登录失败已被暂时锁定，请在{}分钟后再试，或联系本机关管理员。",
                    minutes(seconds)
                ),
                staff.username.as_str(),
            );
        }
    }
    if !verify_password_blocking(form.password, staff.password_hash.clone()).await {
        let failures = state.store.record_login_failure(staff.id, now).await?;
        let locked = LoginThrottle::lock_after_failure(failures, now.timestamp());
        if let Some(until) = locked.and_then(|t| DateTime::from_timestamp(t, 0)) {
            state.store.lock_staff(staff.id, until).await?;
        }
        state
            .store
            .append_audit(&NewAuditEntry {
                at: now,
                staff_id: Some(staff.id),
                agency_id: Some(staff.agency_id),
                action: "login.failure".into(),
                detail: format!("连续失败{failures}次"),
            })
            .await?;
        let message = if locked.is_some() {
            format!(
                "用户名或密码不正确。由于连续{failures}次登录失败，该账户已被锁定{}分钟。",
                LoginThrottle::LOCK_SECONDS / 60
            )
        } else {
            let left = LoginThrottle::LOCK_AFTER - failures;
            format!("{generic}（再连续失败{left}次，账户将被暂时锁定。）")
        };
        return refuse(StatusCode::UNAUTHORIZED, message, staff.username.as_str());
    }
    state.store.record_login_success(staff.id, now).await?;
    state
        .store
        .append_audit(&NewAuditEntry {
            at: now,
            staff_id: Some(staff.id),
            agency_id: Some(staff.agency_id),
            action: "login.success".into(),
            detail: String::new(),
        })
        .await?;
    let cookie = start_session(&state, &staff).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, next)],
    )
        .into_response())
}
