//! Response headers that depend on who asks and what is answered.
//!
//! * `Cache-Control: no-store` on every answer that may carry personal data,
//!   so no browser or proxy keeps a copy: the case pages and their documents
//!   and ID proofs, the applicant's tracking pages, the workbench, the
//!   administrators' pages, the JSON API (`/api/v1`), the login page — and
//!   every answer to a request that carries a staff session, a tracking
//!   session or a bearer token. A handler that set its own `Cache-Control`
//!   keeps it. Public pages may be cached.
//! * `Strict-Transport-Security` when cookies are marked secure (the site is
//!   served over HTTPS).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::SESSION_COOKIE;
use crate::auth::session::{cookie_name, cookie_value};

/// Paths whose every answer is private.
const PRIVATE_PREFIXES: &[&str] = &[
    "/cases",
    "/track",
    "/workbench",
    "/admin",
    "/account",
    "/api/v1",
    "/login",
];

/// The tracking session's cookie (handlers/track.rs).
const TRACK_COOKIE: &str = "gk_track";

const HSTS: &str = "max-age=31536000";

/// True when the answer to this request may carry personal data.
pub fn is_private(path: &str, headers: &HeaderMap) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
    };
    // A session cookie under either name (`__Host-` when served over HTTPS).
    let cookie = |base: &str| {
        [false, true]
            .iter()
            .any(|secure| cookie_value(headers, &cookie_name(base, *secure)).is_some())
    };
    PRIVATE_PREFIXES.iter().any(|p| under(p))
        || cookie(SESSION_COOKIE)
        || cookie(TRACK_COOKIE)
        || headers.contains_key(header::AUTHORIZATION)
}

/// The middleware; its state says whether the site is served over HTTPS.
pub async fn privacy_headers(State(secure): State<bool>, req: Request, next: Next) -> Response {
    let private = is_private(req.uri().path(), req.headers());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_paths_and_sessions() {
        let none = HeaderMap::new();
        assert!(is_private("/cases/GK-2025-1", &none));
        assert!(is_private("/track", &none));
        assert!(is_private("/track/documents/3", &none));
        assert!(is_private("/api/v1/cases", &none));
        assert!(!is_private("/", &none));
        assert!(!is_private("/agencies/119901219482199390", &none));
        assert!(!is_private("/api/search", &none));
        assert!(!is_private("/casesx", &none), "a prefix is a whole segment");
        let mut staff = HeaderMap::new();
        staff.insert(header::COOKIE, HeaderValue::from_static("gk_session=abc"));
        assert!(is_private("/", &staff));
        // Served over HTTPS the cookies carry the `__Host-` prefix.
        let mut secure = HeaderMap::new();
        secure.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=big; __Host-gk_session=abc"),
        );
        assert!(is_private("/agencies/119901219482199390", &secure));
        let mut tracking = HeaderMap::new();
        tracking.insert(
            header::COOKIE,
            HeaderValue::from_static("__Host-gk_track=x"),
        );
        assert!(is_private("/", &tracking));
    }
}
