//! Session cookies. The cookie carries a random token; the database keeps only
//! its SHA-256, with the staff member and an expiry.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use gongkai_domain::staff::{Role, SessionActivity, SessionVerdict};
use gongkai_store::{Agency, Session, Staff, StoreResult};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "gk_session";

/// The name a cookie goes by: with `secure` (served over HTTPS) the
/// `__Host-` prefix, which browsers accept only from a secure origin with
/// `Secure`, `Path=/` and no `Domain`, so no subdomain and no plain-HTTP
/// response can set or overwrite it.
pub fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}
/// The page where staff change their own password.
pub const CHANGE_PASSWORD: &str = "/account/password";

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The value of cookie `name` in the request, if any.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value. `max_age` None: a session cookie; Some(0): delete.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    same_site: &str,
    secure: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// Create a session (or API token) for `staff`: its token and absolute expiry.
pub async fn new_session(
    state: &AppState,
    staff: &Staff,
    csrf_token: String,
) -> Result<(String, DateTime<Utc>), AppError> {
    let token = random_token();
    let now = Utc::now();
    let expires_at = now + chrono::Duration::hours(state.settings.session_hours.max(1));
    state
        .store
        .create_session(&Session {
            token_hash: token_hash(&token),
            staff_id: staff.id,
            csrf_token,
            created_at: now,
            expires_at,
        })
        .await?;
    Ok((token, expires_at))
}

/// Create a session for `staff` and return the cookie to set.
pub async fn start_session(state: &AppState, staff: &Staff) -> Result<String, AppError> {
    let (token, _) = new_session(state, staff, random_token()).await?;
    Ok(set_cookie(
        &cookie_name(SESSION_COOKIE, state.settings.secure_cookies),
        &token,
        Some(state.settings.session_hours.max(1) * 3600),
        "Lax",
        state.settings.secure_cookies,
    ))
}

/// The session of a token hash if it is alive — not past its absolute
/// expiry, not idle longer than the configured minutes (an idle one is
/// removed) — with its active staff member and their agency, read in one
/// query. Its last-seen time is written at most once a minute.
pub async fn live_principal(
    state: &AppState,
    hash: &str,
) -> StoreResult<Option<gongkai_store::SessionPrincipal>> {
    let now = Utc::now();
    let Some(p) = state.store.session_principal(hash, now).await? else {
        return Ok(None);
    };
    let idle = state.settings.session_idle_minutes.max(1) * 60;
    match SessionActivity::verdict(p.last_seen.timestamp(), idle, now.timestamp()) {
        SessionVerdict::Idle => {
            state.store.delete_session(hash).await?;
            Ok(None)
        }
        SessionVerdict::Alive { touch } => {
            if touch {
                state.store.touch_session(hash, now).await?;
            }
            Ok(Some(p).filter(|p| p.staff.active))
        }
    }
}

/// The logged-in staff member and their agency.
#[derive(Debug, Clone)]
pub struct CurrentStaff {
    pub staff: Staff,
    pub agency: Agency,
    pub token_hash: String,
}

impl CurrentStaff {
    pub fn has_role(&self, role: Role) -> bool {
        self.staff.has_role(role)
    }

    pub fn role_labels(&self) -> String {
        self.staff
            .roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// The session of a request as the CSRF layer resolved it (one query for
/// both: the layer needs its token, the handler its staff member).
#[derive(Debug, Clone)]
pub struct ResolvedSession(pub Option<CurrentStaff>);

/// The live session named by the request's cookie, with its staff member,
/// agency and stored CSRF token.
pub async fn resolve(
    headers: &axum::http::HeaderMap,
    state: &AppState,
) -> Result<Option<(CurrentStaff, String)>, AppError> {
    let name = cookie_name(SESSION_COOKIE, state.settings.secure_cookies);
    let Some(token) = cookie_value(headers, &name) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let Some(p) = live_principal(state, &hash).await? else {
        return Ok(None);
    };
    let current = CurrentStaff {
        staff: p.staff,
        agency: p.agency,
        token_hash: hash,
    };
    Ok(Some((current, p.session.csrf_token)))
}

async fn load(parts: &Parts, state: &AppState) -> Result<Option<CurrentStaff>, AppError> {
    if let Some(ResolvedSession(current)) = parts.extensions.get::<ResolvedSession>() {
        return Ok(current.clone());
    }
    Ok(resolve(&parts.headers, state).await?.map(|(c, _)| c))
}

/// Rejection for pages that need a login: go to the login page and come back.
pub struct LoginRequired {
    next: String,
}

impl IntoResponse for LoginRequired {
    fn into_response(self) -> Response {
        let next: String = url_encode(&self.next);
        Redirect::to(&format!("/login?next={next}")).into_response()
    }
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match load(parts, state).await {
            // After an administrator's reset, every page leads to the change.
            Ok(Some(current))
                if current.staff.must_change_password && parts.uri.path() != CHANGE_PASSWORD =>
            {
                Err(Redirect::to(CHANGE_PASSWORD).into_response())
            }
            Ok(Some(current)) => Ok(current),
            Ok(None) => Err(LoginRequired {
                next: parts.uri.path().to_string(),
            }
            .into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}

/// The logged-in staff member, if any (public pages show a different header).
pub struct MaybeStaff(pub Option<CurrentStaff>);

impl FromRequestParts<AppState> for MaybeStaff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        load(parts, state)
            .await
            .map(MaybeStaff)
            .map_err(IntoResponse::into_response)
    }
}
