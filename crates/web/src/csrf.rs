//! CSRF protection for every state-changing request.
//!
//! Double-submit: each browser gets a random token in an HttpOnly,
//! SameSite=Strict cookie; every form carries the same token in a hidden
//! `_csrf` field (or an `X-CSRF-Token` header). A POST, PUT, PATCH or DELETE
//! whose token is missing or differs is refused before any handler runs.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::auth::session::{cookie_value, random_token, set_cookie};
use crate::error::AppError;
use crate::state::AppState;

pub const CSRF_COOKIE: &str = "gk_csrf";
pub const CSRF_FIELD: &str = "_csrf";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The token for this request's forms; templates put it in a hidden field.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

pub async fn csrf_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let cookie = cookie_value(req.headers(), CSRF_COOKIE).filter(|t| t.len() == 64);
    // The JSON API authenticates with bearer tokens only, never cookies, so a
    // forged cross-site request carries no credentials: it needs no token.
    let api = req.uri().path().starts_with("/api/");
    let safe = api || matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let Some(expected) = cookie.clone() else {
            return AppError::csrf_rejected().into_response();
        };
        let (parts, body) = req.into_parts();
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        let header_or_query = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| form_field(parts.uri.query().unwrap_or("").as_bytes(), CSRF_FIELD));
        // A urlencoded form is small: read it and look for the field. Other
        // bodies (file uploads, JSON) must carry the token in the query string
        // or the header, and are passed on unread.
        let body = if is_form && header_or_query.is_none() {
            let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
                Ok(b) => b,
                Err(_) => {
                    return AppError::bad_request("提交的内容超过 2 MB，请精简后重新提交。")
                        .into_response();
                }
            };
            let submitted = form_field(&bytes, CSRF_FIELD);
            if !submitted.is_some_and(|s| same(&s, &expected)) {
                return AppError::csrf_rejected().into_response();
            }
            Body::from(bytes)
        } else {
            if !header_or_query.is_some_and(|s| same(&s, &expected)) {
                return AppError::csrf_rejected().into_response();
            }
            body
        };
        req = Request::from_parts(parts, body);
    }
    let (token, fresh) = match cookie {
        Some(t) => (t, false),
        None => (random_token(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    if fresh {
        let value = set_cookie(
            CSRF_COOKIE,
            &token,
            None,
            "Strict",
            state.settings.secure_cookies,
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// Compare without leaking where the strings differ.
fn same(a: &str, b: &str) -> bool {
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    body.split(|b| *b == b'&').find_map(|pair| {
        let mut kv = pair.splitn(2, |b| *b == b'=');
        let k = kv.next()?;
        let v = kv.next().unwrap_or_default();
        (k == name.as_bytes()).then(|| String::from_utf8_lossy(v).into_owned())
    })
}
