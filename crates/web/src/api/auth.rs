//! `POST /api/v1/sessions`: exchange a staff login for a bearer token; the
//! `ApiStaff` extractor checks it.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use gongkai_domain::staff::{LoginThrottle, LoginVerdict, Username};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, ApiResult};
use crate::auth::CurrentStaff;
use crate::auth::password::{dummy_hash, verify_password_blocking};
use crate::auth::session::token_hash;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct SessionRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct SessionToken {
    /// Send as `Authorization: Bearer {token}`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Log in for the API.
#[utoipa::path(post, path = "/api/v1/sessions", request_body = SessionRequest,
    responses((status = 200, body = SessionToken), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
pub async fn create_session(
    State(state): State<AppState>,
    Json(req): Json<SessionRequest>,
) -> ApiResult<SessionToken> {
    let unauthorized = || ApiError::new(StatusCode::UNAUTHORIZED, "用户名或密码不正确。");
    let staff = match Username::parse(&req.username) {
        Ok(u) => state.store.staff_by_username(&u).await?,
        Err(_) => None,
    };
    let Some(staff) = staff.filter(|s| s.active) else {
        verify_password_blocking(req.password, dummy_hash().to_string()).await;
        return Err(unauthorized());
    };
    let now = Utc::now();
    match LoginThrottle::verdict(
        staff.failed_logins,
        staff.last_failure_at.map(|t| t.timestamp()),
        staff.locked_until.map(|t| t.timestamp()),
        now.timestamp(),
    ) {
        LoginVerdict::Allowed => {}
        LoginVerdict::Wait { seconds } | LoginVerdict::Locked { seconds } => {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("登录尝试过于频繁或账户已被暂时锁定，请在{seconds}秒后再试。"),
            ));
        }
    }
    if !verify_password_blocking(req.password, staff.password_hash.clone()).await {
        let failures = state.store.record_login_failure(staff.id, now).await?;
        if let Some(until) = LoginThrottle::lock_after_failure(failures, now.timestamp())
            .and_then(|t| DateTime::from_timestamp(t, 0))
        {
            state.store.lock_staff(staff.id, until).await?;
        }
        return Err(unauthorized());
    }
    state.store.record_login_success(staff.id, now).await?;
    let token = crate::auth::session::random_token();
    let expires_at = now + chrono::Duration::hours(state.settings.session_hours.max(1));
    state
        .store
        .create_session(&gongkai_store::Session {
            token_hash: token_hash(&token),
            staff_id: staff.id,
            csrf_token: String::new(),
            created_at: now,
            expires_at,
        })
        .await?;
    Ok(Json(SessionToken { token, expires_at }))
}

/// The staff member of a bearer token.
pub struct ApiStaff(pub CurrentStaff);

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let missing = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "缺少或无效的访问令牌：请先调用 POST /api/v1/sessions 取得令牌，并以 Authorization: Bearer 令牌 发送。",
            )
        };
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(missing)?;
        let hash = token_hash(token.trim());
        let session = state
            .store
            .session(&hash, Utc::now())
            .await?
            .ok_or_else(missing)?;
        let staff = state
            .store
            .staff(session.staff_id)
            .await?
            .filter(|s| s.active)
            .ok_or_else(missing)?;
        let agency = state
            .store
            .agency(staff.agency_id)
            .await?
            .ok_or_else(missing)?;
        Ok(ApiStaff(CurrentStaff {
            staff,
            agency,
            token_hash: hash,
        }))
    }
}
