//! `POST /api/v1/sessions`: exchange a staff login for a bearer token;
//! `DELETE /api/v1/sessions`: revoke the token sent; the `ApiStaff`
//! extractor checks tokens. Tokens are sessions without a CSRF token (only
//! their SHA-256 is stored): logging out, deactivation and a password reset
//! end them like browser sessions, and they end after the same idle period.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use gongkai_store::NewAuditEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiError;
use crate::auth::CurrentStaff;
use crate::auth::login::{MUST_CHANGE_PASSWORD, Refusal, authenticate};
use crate::auth::session::{live_principal, new_session, token_hash};
use crate::auth::source::SourceAddr;
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
    /// The absolute end; the token also ends after the configured idle minutes
    /// without a request.
    pub expires_at: DateTime<Utc>,
}

/// A refused login as JSON, with `Retry-After` when waiting helps.
fn refused(r: Refusal) -> Response {
    let mut response = ApiError::new(r.status(), r.message()).into_response();
    if let Some(secs) = r.retry_after() {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// Log in for the API. Unknown usernames and wrong passwords get the same
/// 401; too many attempts, or too many logins at once, 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/sessions", request_body = SessionRequest,
    responses((status = 200, body = SessionToken), (status = 401, body = ApiError),
        (status = 403, body = ApiError), (status = 429, body = ApiError)))]
pub async fn create_session(
    State(state): State<AppState>,
    SourceAddr(source): SourceAddr,
    Json(req): Json<SessionRequest>,
) -> Result<Response, ApiError> {
    let staff = match authenticate(&state, &req.username, req.password, &source).await? {
        Ok(staff) => staff,
        Err(r) => return Ok(refused(r)),
    };
    if staff.must_change_password {
        return Err(ApiError::new(StatusCode::FORBIDDEN, MUST_CHANGE_PASSWORD));
    }
    let (token, expires_at) = new_session(&state, &staff, String::new()).await?;
    Ok(Json(SessionToken { token, expires_at }).into_response())
}

/// Revoke the bearer token sent with this request; it is refused afterwards.
#[utoipa::path(delete, path = "/api/v1/sessions",
    responses((status = 204, description = "令牌已作废"), (status = 401, body = ApiError)),
    security(("bearer" = [])))]
pub async fn delete_session(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
) -> Result<StatusCode, ApiError> {
    state.store.delete_session(&who.token_hash).await?;
    state
        .store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            staff_id: Some(who.staff.id),
            agency_id: Some(who.staff.agency_id),
            action: "session.revoke".into(),
            detail: "API 令牌".into(),
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
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
                "缺少或无效的访问令牌（令牌可能已过期、闲置超时或已作废）：请先调用 POST /api/v1/sessions 取得令牌，并以 Authorization: Bearer 令牌 发送。",
            )
        };
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(missing)?;
        let hash = token_hash(token.trim());
        let p = live_principal(state, &hash).await?.ok_or_else(missing)?;
        if p.staff.must_change_password {
            return Err(ApiError::new(StatusCode::FORBIDDEN, MUST_CHANGE_PASSWORD));
        }
        let (staff, agency) = (p.staff, p.agency);
        Ok(ApiStaff(CurrentStaff {
            staff,
            agency,
            token_hash: hash,
        }))
    }
}
