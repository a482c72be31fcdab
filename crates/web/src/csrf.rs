//! CSRF protection for every state-changing request.
//!
//! A POST, PUT, PATCH or DELETE outside the bearer-token API must carry the
//! request's token in a `_csrf` form field (or an `X-CSRF-Token` header);
//! otherwise it is refused before any handler runs. The token is bound to
//! whoever is asking:
//!
//! * **Logged-in staff**: the token is the one stored with the session when
//!   it began (`sessions.csrf_token`). Forms rendered for the session carry
//!   it; a token of any other session, or a pair of cookie and field taken
//!   from another browser, does not match.
//! * **Anonymous visitors** (logging in, applying, tracking a case, checking
//!   reports): there is no session to bind to, so the browser gets a random
//!   value in an HttpOnly, SameSite=Strict cookie and its forms carry
//!   HMAC-SHA256(server key, cookie value), not the value itself. An attacker
//!   who can plant a cookie in the victim's browser (a sibling subdomain, a
//!   plain-HTTP response on a shared network) can no longer choose a value
//!   and submit the same value as the field: without the key, which never
//!   leaves the server, no field matches a chosen cookie. What stays possible
//!   is planting a whole pair the attacker got from us; over HTTPS the
//!   `__Host-` cookie prefix closes that too, as no subdomain and no plain
//!   HTTP response may set a `__Host-` cookie. The key is generated on first
//!   start and kept in the database (`server_secrets`), so tokens survive a
//!   restart and every instance on one database accepts them.
//!
//! With `secure_cookies` the cookies are called `__Host-gk_session` and
//! `__Host-gk_csrf` (Secure, Path=/, no Domain, as the prefix requires).
//!
//! The token never travels in the URL, where it would land in access logs,
//! proxies and the Referer header: a request with `_csrf` in its query string
//! is refused. A urlencoded form is small and read whole. A multipart upload
//! (files up to tens of megabytes) is not buffered: the token must be its
//! FIRST part (every upload form puts the hidden field first, and browsers
//! send fields in document order); the layer reads only that part, at most
//! [`MAX_MULTIPART_HEAD`] bytes, and hands the handler the body with those
//! bytes put back in front of the rest of the stream.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use http_body::{Body as HttpBody, Frame, SizeHint};
use sha2::{Digest, Sha256};

use crate::auth::session::{
    ResolvedSession, SESSION_COOKIE, cookie_name, cookie_value, random_token, resolve, set_cookie,
    token_hash,
};
use crate::error::AppError;
use crate::state::AppState;

pub use crate::csrf_key::CsrfKey;

pub const CSRF_COOKIE: &str = "gk_csrf";
pub const CSRF_FIELD: &str = "_csrf";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// The most of a multipart body read to find the token (its first part).
pub const MAX_MULTIPART_HEAD: usize = 8 * 1024;

/// The token for this request's forms; templates put it in a hidden field.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Who the request's token is bound to.
enum Binding {
    /// A live staff session with its stored token (empty for API sessions,
    /// which never post forms).
    Session(String),
    /// An anonymous visitor's cookie value, if the browser sent one.
    Anonymous(Option<String>),
}

/// Who the token is bound to, and the live session it found (handed on to
/// the handler's extractor, so a request reads its session once).
async fn binding(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Binding, ResolvedSession), AppError> {
    let secure = state.settings.secure_cookies;
    if let Some((current, csrf)) = resolve(headers, state).await? {
        return Ok((Binding::Session(csrf), ResolvedSession(Some(current))));
    }
    // A session that is no longer live (idle, or its staff member disabled)
    // still binds the forms it rendered: the handler then asks to log in
    // again instead of refusing the form.
    if let Some(token) = cookie_value(headers, &cookie_name(SESSION_COOKIE, secure))
        && let Some(s) = state.store.session(&token_hash(&token), Utc::now()).await?
    {
        return Ok((Binding::Session(s.csrf_token), ResolvedSession(None)));
    }
    let cookie = cookie_value(headers, &cookie_name(CSRF_COOKIE, secure)).filter(|t| t.len() == 64);
    Ok((Binding::Anonymous(cookie), ResolvedSession(None)))
}

pub async fn csrf_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let (binding, resolved) = match binding(&state, req.headers()).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    req.extensions_mut().insert(resolved);
    // The JSON API authenticates with bearer tokens only, never cookies, so a
    // forged cross-site request carries no credentials: it needs no token.
    let api = req.uri().path().starts_with("/api/");
    let safe = api || matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if form_field(req.uri().query().unwrap_or("").as_bytes(), CSRF_FIELD).is_some() {
            return AppError::forbidden(
                "表单校验令牌（CSRF）不能放在网址中（网址会被记入日志），本次提交未被处理。请返回上一页，刷新后用页面上的表单重新提交。",
            )
            .into_response();
        }
        let expected = match &binding {
            Binding::Session(t) if t.len() == 64 => t.clone(),
            Binding::Anonymous(Some(cookie)) => state.csrf_key.anonymous_token(cookie),
            _ => return AppError::csrf_rejected().into_response(),
        };
        let (parts, body) = req.into_parts();
        let submitted = match submitted_token(&parts.headers, body).await {
            Ok(s) => s,
            Err(e) => return e.into_response(),
        };
        match submitted {
            (Some(token), body) if same(&token, &expected) => {
                req = Request::from_parts(parts, body);
            }
            _ => return AppError::csrf_rejected().into_response(),
        }
    }
    let (token, fresh_cookie) = match &binding {
        Binding::Session(t) => (t.clone(), None),
        Binding::Anonymous(Some(c)) => (state.csrf_key.anonymous_token(c), None),
        Binding::Anonymous(None) => {
            let cookie = random_token();
            (state.csrf_key.anonymous_token(&cookie), Some(cookie))
        }
    };
    req.extensions_mut().insert(CsrfToken(token));
    let mut response = next.run(req).await;
    if let Some(cookie) = fresh_cookie {
        let secure = state.settings.secure_cookies;
        let value = set_cookie(
            &cookie_name(CSRF_COOKIE, secure),
            &cookie,
            None,
            "Strict",
            secure,
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// The token the request carries (header, urlencoded field or the first
/// multipart part) and the body to hand on, unchanged in content.
async fn submitted_token(
    headers: &HeaderMap,
    body: Body,
) -> Result<(Option<String>, Body), AppError> {
    if let Some(h) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return Ok((Some(h.to_string()), body));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let bytes = to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| AppError::bad_request("提交的内容超过 2 MB，请精简后重新提交。"))?;
        return Ok((form_field(&bytes, CSRF_FIELD), Body::from(bytes)));
    }
    if let Some(boundary) = multipart_boundary(content_type) {
        return first_part_token(body, &boundary).await;
    }
    Ok((None, body))
}

/// Read the multipart body up to the end of its first part and return that
/// part's value if it is the `_csrf` field, with the body reassembled.
async fn first_part_token(body: Body, boundary: &str) -> Result<(Option<String>, Body), AppError> {
    let mut rest = body;
    let mut head: Vec<u8> = Vec::new();
    loop {
        match parse_first_part(&head, boundary) {
            FirstPart::Found(token) => return Ok((token, prefixed(head, rest))),
            FirstPart::NeedMore if head.len() < MAX_MULTIPART_HEAD => {}
            _ => return Ok((None, prefixed(head, rest))),
        }
        match next_data(&mut rest).await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => {
                return Err(AppError::bad_request("上传中断，请重新提交。"));
            }
            None => return Ok((None, prefixed(head, rest))),
        }
    }
}

enum FirstPart {
    /// The first part is complete: its value if it is `_csrf`.
    Found(Option<String>),
    NeedMore,
}

/// Looks at the start of a multipart body: `--boundary CRLF headers CRLF CRLF
/// value CRLF --boundary`. A preamble before the first boundary is allowed.
fn parse_first_part(buf: &[u8], boundary: &str) -> FirstPart {
    let delimiter = format!("--{boundary}\r\n");
    let Some(start) = find(buf, delimiter.as_bytes()) else {
        return FirstPart::NeedMore;
    };
    let after = &buf[start + delimiter.len()..];
    let Some(headers_end) = find(after, b"\r\n\r\n") else {
        return FirstPart::NeedMore;
    };
    let closing = format!("\r\n--{boundary}");
    let value = &after[headers_end + 4..];
    let Some(value_end) = find(value, closing.as_bytes()) else {
        return FirstPart::NeedMore;
    };
    let headers = String::from_utf8_lossy(&after[..headers_end]);
    let is_token = headers.split("\r\n").any(|line| {
        let Some((name, v)) = line.split_once(':') else {
            return false;
        };
        name.trim().eq_ignore_ascii_case("content-disposition")
            && v.split(';')
                .map(str::trim)
                .any(|p| p == format!("name=\"{CSRF_FIELD}\"") || p == format!("name={CSRF_FIELD}"))
            && !v.contains("filename")
    });
    FirstPart::Found(is_token.then(|| String::from_utf8_lossy(&value[..value_end]).into_owned()))
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The next data chunk of a body (trailers skipped).
async fn next_data(body: &mut Body) -> Option<Result<Bytes, axum::Error>> {
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await?;
        match frame {
            Ok(f) => match f.into_data() {
                Ok(data) => return Some(Ok(data)),
                Err(_) => continue,
            },
            Err(e) => return Some(Err(e)),
        }
    }
}

/// `head` followed by whatever is left of `rest`.
fn prefixed(head: Vec<u8>, rest: Body) -> Body {
    Body::new(Prefixed {
        head: (!head.is_empty()).then(|| Bytes::from(head)),
        rest,
    })
}

struct Prefixed {
    head: Option<Bytes>,
    rest: Body,
}

impl HttpBody for Prefixed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        Pin::new(&mut self.rest).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.head.is_none() && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = self.rest.size_hint();
        let extra = self.head.as_ref().map_or(0, |h| h.len() as u64);
        hint.set_lower(hint.lower() + extra);
        if let Some(upper) = hint.upper() {
            hint.set_upper(upper + extra);
        }
        hint
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, value) in parts {
            out.extend_from_slice(
                format!(
                    "--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        out.extend_from_slice(b"--XyZ--\r\n");
        out
    }

    #[test]
    fn the_token_is_read_from_the_first_part_only() {
        let first = body(&[("_csrf", "abc"), ("file", "data")]);
        assert!(matches!(parse_first_part(&first, "XyZ"), FirstPart::Found(Some(t)) if t == "abc"));
        let later = body(&[("year", "2024"), ("_csrf", "abc")]);
        assert!(matches!(
            parse_first_part(&later, "XyZ"),
            FirstPart::Found(None)
        ));
        let cut = &first[..20];
        assert!(matches!(parse_first_part(cut, "XyZ"), FirstPart::NeedMore));
        // A file part named _csrf is not the field.
        let file = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"; filename=\"a\"\r\n\r\nabc\r\n--XyZ--";
        assert!(matches!(
            parse_first_part(file, "XyZ"),
            FirstPart::Found(None)
        ));
    }

    #[test]
    fn boundaries_are_read_from_the_content_type() {
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=----abc").as_deref(),
            Some("----abc")
        );
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"q r\"").as_deref(),
            Some("q r")
        );
        assert_eq!(multipart_boundary("application/json"), None);
    }

    #[test]
    fn anonymous_tokens_depend_on_the_key_and_the_cookie() {
        let a = CsrfKey(vec![1; 32]);
        let b = CsrfKey(vec![2; 32]);
        let cookie = "0".repeat(64);
        assert_eq!(a.anonymous_token(&cookie).len(), 64);
        assert_ne!(a.anonymous_token(&cookie), cookie);
        assert_ne!(a.anonymous_token(&cookie), b.anonymous_token(&cookie));
        assert_ne!(
            a.anonymous_token(&cookie),
            a.anonymous_token(&"1".repeat(64))
        );
    }
}
