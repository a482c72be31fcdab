//! 适老化 display modes (issue 21 item 1): 大字版 (large text) and 高对比度
//! (high contrast), chosen without JavaScript by a link in the header
//! (`/display?mode=large&back=/agencies/…`), remembered per browser in a
//! `display` cookie, and rendered as the class of every page's `<html>`.
//!
//! The mode reaches [`crate::views::Chrome`] through a task-local set by
//! [`display_layer`] around each request, so that the ~90 handlers that
//! build a `Chrome` need not each read the cookie. The page cache keeps a
//! page per mode ([`cache_key_prefix`]).

use axum::extract::{Query, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::session::cookie_value;
use crate::error::AppError;

pub const DISPLAY_COOKIE: &str = "display";
/// A year: the choice is a reader's lasting need, not a visit's.
const COOKIE_MAX_AGE: i64 = 365 * 24 * 3600;
/// Longer `back` paths are refused (the header links are short).
const MAX_BACK: usize = 1024;

/// 显示模式: how a browser wants the pages drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Display {
    /// 标准版.
    #[default]
    Normal,
    /// 大字版: larger text, wider line spacing, stronger contrast.
    Large,
    /// 高对比度.
    Contrast,
}

impl Display {
    pub fn parse(s: &str) -> Option<Display> {
        match s {
            "normal" => Some(Display::Normal),
            "large" => Some(Display::Large),
            "contrast" => Some(Display::Contrast),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Display::Normal => "normal",
            Display::Large => "large",
            Display::Contrast => "contrast",
        }
    }

    /// The `<html class>` of the page (empty for the normal mode).
    pub fn html_class(self) -> &'static str {
        match self {
            Display::Normal => "",
            Display::Large => "mode-large",
            Display::Contrast => "mode-contrast",
        }
    }

    /// The browser's mode from its cookie; an unknown value is the normal mode.
    pub fn of_request(headers: &HeaderMap) -> Display {
        cookie_value(headers, DISPLAY_COOKIE)
            .and_then(|v| Display::parse(&v))
            .unwrap_or_default()
    }

    /// The mode of the request being handled (normal outside a request).
    pub fn current() -> Display {
        CURRENT.try_with(|v| v.display).unwrap_or_default()
    }

    /// The header's switch: (link, label, whether it is the current mode),
    /// each link coming back to the page being viewed.
    pub fn switch_links() -> Vec<(String, &'static str, bool)> {
        let (current, back) = CURRENT
            .try_with(|v| (v.display, v.back.clone()))
            .unwrap_or_else(|_| (Display::Normal, "/".to_string()));
        [
            (Display::Normal, "标准版"),
            (Display::Large, "大字版"),
            (Display::Contrast, "高对比度"),
        ]
        .into_iter()
        .map(|(mode, label)| {
            let query = serde_urlencoded::to_string([("mode", mode.as_str()), ("back", &back)])
                .unwrap_or_default();
            (format!("/display?{query}"), label, mode == current)
        })
        .collect()
    }
}

/// What a request's pages need to draw the switch.
struct Viewing {
    display: Display,
    /// The page to come back to: this page when it was a GET, else home
    /// (a form's answer has no address of its own to return to).
    back: String,
}

tokio::task_local! {
    static CURRENT: Viewing;
}

/// Runs the rest of the request with the browser's mode in scope.
pub async fn display_layer(req: Request, next: Next) -> Response {
    let display = Display::of_request(req.headers());
    let back = match (req.method().as_str(), req.uri().path_and_query()) {
        ("GET", Some(pq)) if local_path(pq.as_str()).is_some() => pq.as_str().to_string(),
        _ => "/".to_string(),
    };
    CURRENT
        .scope(Viewing { display, back }, next.run(req))
        .await
}

/// What the page cache puts before a page's URL: pages differ by mode.
pub fn cache_key_prefix(headers: &HeaderMap) -> &'static str {
    match Display::of_request(headers) {
        Display::Normal => "",
        Display::Large => "large|",
        Display::Contrast => "contrast|",
    }
}

/// A path of this site to go back to: starts with one `/` (not `//`, which
/// a browser reads as another host), no backslash (read as `/` by browsers)
/// and no control characters. Anything else is refused: no open redirect.
pub fn local_path(back: &str) -> Option<&str> {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control)
        && back.len() <= MAX_BACK;
    local.then_some(back)
}

#[derive(Deserialize)]
pub struct DisplayQuery {
    pub mode: Option<String>,
    pub back: Option<String>,
}

/// `GET /display?mode=large|contrast|normal&back=/path`: remembers the mode
/// and goes back. Without a mode, the standard display; without `back`, home.
pub async fn switch(Query(q): Query<DisplayQuery>) -> Result<Response, AppError> {
    let mode = match q.mode.as_deref() {
        None | Some("") => Display::Normal,
        Some(m) => Display::parse(m).ok_or_else(|| {
            AppError::bad_request(
                "显示模式只能是 large（大字版）、contrast（高对比度）或 normal（标准版）。请使用页面顶部的显示模式链接。",
            )
        })?,
    };
    let back = match q.back.as_deref() {
        None | Some("") => "/",
        Some(b) => local_path(b).ok_or_else(|| {
            AppError::bad_request(
                "返回地址必须是本站的页面路径（以“/”开头）。请使用页面顶部的显示模式链接。",
            )
        })?,
    };
    // Not HttpOnly-sensitive, but nothing on the page needs to read it.
    let cookie = format!(
        "{DISPLAY_COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly",
        mode.as_str()
    );
    let mut r = Redirect::to(back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_gone_back_to() {
        assert_eq!(local_path("/agencies/1?x=1"), Some("/agencies/1?x=1"));
        assert_eq!(local_path("/"), Some("/"));
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("/\\evil.example"), None);
        assert_eq!(local_path("https://evil.example/"), None);
        assert_eq!(local_path("evil"), None);
        assert_eq!(local_path("/a\r\nSet-Cookie: x=1"), None);
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_BACK))), None);
    }

    #[test]
    fn the_cookie_chooses_the_mode_and_anything_else_is_normal() {
        let mut h = HeaderMap::new();
        assert_eq!(Display::of_request(&h), Display::Normal);
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; display=large"),
        );
        assert_eq!(Display::of_request(&h), Display::Large);
        assert_eq!(cache_key_prefix(&h), "large|");
        h.insert(header::COOKIE, HeaderValue::from_static("display=huge"));
        assert_eq!(Display::of_request(&h), Display::Normal);
        assert_eq!(cache_key_prefix(&h), "");
    }

    #[tokio::test]
    async fn a_request_outside_the_layer_is_drawn_normally_and_inside_in_its_mode() {
        assert_eq!(Display::current(), Display::Normal);
        let viewing = Viewing {
            display: Display::Contrast,
            back: "/items/7?a=1&b=2".into(),
        };
        let (mode, links) = CURRENT
            .scope(viewing, async {
                (Display::current(), Display::switch_links())
            })
            .await;
        assert_eq!(mode, Display::Contrast);
        assert_eq!(
            links[2],
            (
                "/display?mode=contrast&back=%2Fitems%2F7%3Fa%3D1%26b%3D2".to_string(),
                "高对比度",
                true
            )
        );
        assert!(!links[0].2 && !links[1].2);
    }
}
