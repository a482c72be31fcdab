//! What the participation registers' API files (意见征集, 政民互动, 建议提案,
//! 回应关切) share, written once:
//!
//! - a staff action's steps: who may act is asked first — 403 or 404 with
//!   the command's own words before anything sent is read, as on the
//!   pages —, then the body (422 saying what it should look like), then
//!   the command, whose refusal of what was sent is 422 with its words;
//! - a public submission's idempotency key;
//! - the `?after=ID` of a list's next page.

use std::future::Future;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use gongkai_domain::policy::Principal;
use serde::Deserialize;

use super::ApiError;
use crate::auth::session::random_token;
use crate::params::Id;

/// The caller as the policy reads it: the own agency and roles.
pub(super) fn reader(who: &crate::auth::CurrentStaff) -> Principal<'_> {
    Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    }
}

/// A refusal of what was sent is 422 with the command's words; anything
/// else keeps its status (403 with the policy's words, 404 …).
pub(super) fn refused(e: gongkai_app::Error) -> ApiError {
    match e {
        gongkai_app::Error::Invalid(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m),
        other => other.into(),
    }
}

/// The body, or 422 saying what it should look like (`shape`).
pub(super) fn body<T>(req: Result<Json<T>, JsonRejection>, shape: &str) -> Result<T, ApiError> {
    req.map(|Json(r)| r).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("请求体应为 JSON，如 {shape}。"),
        )
    })
}

/// A staff action's body, read once `may` (the command's own check of who
/// may act) has passed: a caller who may not learns nothing from a 422
/// about what was sent, and hears the same refusal as on the page.
pub(super) async fn permitted_body<T, X>(
    may: impl Future<Output = Result<X, gongkai_app::Error>>,
    req: Result<Json<T>, JsonRejection>,
    shape: &str,
) -> Result<T, ApiError> {
    may.await?;
    body(req, shape)
}

/// A command's answer: a refusal of what was sent is 422 ([`refused`]).
pub(super) async fn act<X>(
    command: impl Future<Output = Result<X, gongkai_app::Error>>,
) -> Result<X, ApiError> {
    command.await.map_err(refused)
}

/// The longest idempotency key a client may send (kept with a prefix of
/// its own, within the 64 characters the forms' keys have).
pub const KEY_MAX: usize = 60;

/// The key a submission is kept under: `api-` and the client's key (so it
/// never meets a form's key), or a fresh one when none was sent (then a
/// second sending is a second submission, as with a form without its key).
pub(super) fn submit_key(key: Option<&str>) -> Result<String, ApiError> {
    let Some(k) = key.map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(random_token());
    };
    let ok = k.len() <= KEY_MAX
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "idempotency_key 只能由字母、数字、“-”和“_”组成，最长{KEY_MAX}个字符；\
                 同一次提交重发时请使用同一个值。"
            ),
        ));
    }
    Ok(format!("api-{k}"))
}

/// `?after=ID`: the next page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AfterParam {
    pub after: Option<Id>,
}
