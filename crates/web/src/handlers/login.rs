//! `GET /login`, `POST /login`: staff sign-in (the check is `auth::login`).

use crate::params::Query;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::auth::login::authenticate;
use crate::auth::session::start_session;
use crate::auth::source::SourceAddr;
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

/// Where to go after logging in. Only a path on this site: it starts with one
/// `/`, has no second leading `/`, no backslash, and only visible ASCII
/// (browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example`
/// or `/\evil.example` would leave the site; CR/LF would break the header).
/// Its percent-decoded form must not start with `//` or hold a backslash or a
/// control character either, for servers and proxies that decode first.
/// Anything else goes to the workbench.
pub fn safe_next(next: &str) -> String {
    const HOME: &str = "/workbench";
    let local = |s: &str| s.starts_with('/') && !s.starts_with("//") && !s.contains('\\');
    let decoded = percent_decode(next);
    if local(next)
        && next.bytes().all(|b| b.is_ascii_graphic())
        && local(&decoded)
        && !decoded.chars().any(char::is_control)
    {
        next.to_string()
    } else {
        HOME.to_string()
    }
}

/// `%XX` decoded (bytes that are not valid UTF-8 become U+FFFD, which
/// `safe_next` refuses anyway).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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

pub async fn login_submit(
    State(state): State<AppState>,
    SourceAddr(source): SourceAddr,
    csrf: Csrf,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&form.next);
    let username = form.username.trim().to_string();
    let page = |message: String| LoginPage {
        chrome: Chrome::new(None, &csrf.0.0),
        username: username.clone(),
        next: next.clone(),
        error: Some(message),
    };
    if username.is_empty() || form.password.is_empty() {
        let body = page("请填写用户名和密码。".into()).render()?;
        return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
    }
    let staff = match authenticate(&state, &username, form.password, &source).await? {
        Ok(staff) => staff,
        Err(refusal) => {
            let mut response =
                (refusal.status(), Html(page(refusal.message()).render()?)).into_response();
            if let Some(secs) = refusal.retry_after() {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            return Ok(response);
        }
    };
    let cookie = start_session(&state, &staff).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, next)],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        for bad in [
            "/\t/evil.example",
            "/%09/evil.example",
            "//evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "https://evil.example",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/workbench\r\nSet-Cookie: x=1",
            "/workbench%0d%0aSet-Cookie:%20x=1",
            "/\n/evil.example",
            "javascript:alert(1)",
            "",
            "workbench",
            " /workbench",
            "/案件",
            "/work bench",
        ] {
            assert_eq!(safe_next(bad), "/workbench", "{bad:?} must not be followed");
        }
        for good in [
            "/workbench?x=1",
            "/cases/GK2025-1",
            "/items/12/manage",
            "/search?q=a%20b",
            "/agencies/%E6%A1%88",
            "/",
        ] {
            assert_eq!(safe_next(good), good);
        }
    }
}
