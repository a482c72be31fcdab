//! The public pages as rendered bytes (issue 15, a policy everyone reads on
//! the day it is published): an agency's column, its tabs and catalogue, an
//! item's page, the home page and `/latest` are kept once rendered, for visitors
//! without a session, and served with an `ETag` and `Last-Modified` (a
//! conditional GET that matches is answered 304 without a body).
//!
//! Invalidation: every change a public page shows is a decision recorded
//! in the audit trail (items, column texts, agencies, reports, the
//! calendar), so the trail's head (`audit_chain_head.seq`) is the data's
//! version. A task reads it every [`POLL`] — one indexed row — and empties
//! the cache when it moved or the day changed; a published change is served
//! within a second, on every server sharing the database.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use sha2::{Digest, Sha256};

use crate::headers::is_private;
use crate::state::AppState;

/// How often the data's version is read.
pub const POLL: Duration = Duration::from_millis(500);
/// Pages kept at most, and their bytes at most: beyond, pages are served
/// uncached until the next change empties the cache.
const MAX_PAGES: usize = 20_000;
const MAX_BYTES: usize = 256 * 1024 * 1024;
/// A page larger than this is not kept (exports and big catalogues).
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// Longer URLs (query strings) are not kept.
const MAX_KEY: usize = 512;

/// One rendered page.
struct Page {
    body: Bytes,
    content_type: HeaderValue,
    etag: HeaderValue,
    last_modified: HeaderValue,
}

/// The cache and the version its pages were rendered at.
#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<Page>>>,
    bytes: AtomicUsize,
    /// The data's version last read (none yet: nothing is kept).
    version: RwLock<Option<(i64, NaiveDate)>>,
    /// Bumped whenever the pages are emptied: a page rendered before is not kept.
    generation: AtomicU64,
}

impl PageCache {
    /// Empties the cache when the data's version moved; true if it did.
    pub fn observe(&self, version: (i64, NaiveDate)) -> bool {
        let mut current = self.version.write().unwrap_or_else(|e| e.into_inner());
        if *current == Some(version) {
            return false;
        }
        *current = Some(version);
        self.clear();
        true
    }

    /// Empties the cache (this server changed something).
    pub fn clear(&self) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        pages.clear();
        self.bytes.store(0, Ordering::Relaxed);
    }

    fn get(&self, key: &str) -> Option<Arc<Page>> {
        self.version.read().ok()?.as_ref()?;
        self.pages.read().ok()?.get(key).cloned()
    }

    /// The generation a page starts rendering in, if pages are kept now.
    fn generation(&self) -> Option<u64> {
        self.version.read().ok()?.as_ref()?;
        Some(self.generation.load(Ordering::SeqCst))
    }

    fn put(&self, key: String, page: Page, rendered_in: u64) {
        let size = page.body.len();
        if self.bytes.load(Ordering::Relaxed) + size > MAX_BYTES {
            return;
        }
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) != rendered_in || pages.len() >= MAX_PAGES {
            return;
        }
        if pages.insert(key, Arc::new(page)).is_none() {
            self.bytes.fetch_add(size, Ordering::Relaxed);
        }
    }
}

/// Keeps the cache's version current (spawned with the server).
pub async fn follow_versions(state: AppState) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match state.store.data_version().await {
            Ok(v) => {
                state.pages.observe((v, state.clock.today()));
            }
            Err(e) => tracing::warn!(error = %e, "reading the data version failed"),
        }
    }
}

/// Whether `path` is a public page kept in the cache.
fn cacheable(path: &str) -> bool {
    // The home page and its lists across agencies (最新信息, 通知公告).
    if path == "/" || path == "/latest" {
        return true;
    }
    if let Some(id) = path.strip_prefix("/items/") {
        return !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    }
    let Some(rest) = path.strip_prefix("/agencies/") else {
        return false;
    };
    let mut parts = rest.split('/');
    let code = parts.next().unwrap_or_default();
    let tab = parts.next();
    let page = parts.next();
    // A plan of the 政务公开工作要点 tab is a page of the column too.
    let plan = tab == Some("plans")
        && page.is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    !code.is_empty()
        && parts.next().is_none()
        && (page.is_none() || plan)
        && tab.is_none_or(|t| !t.is_empty() && t != "apply" && t != "feed.atom")
}

/// A visitor's request that may be answered from the cache: GET or HEAD of
/// a cacheable page, without any session (staff pages look different).
fn key_of(req: &Request) -> Option<String> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let uri = req.uri();
    if !cacheable(uri.path()) || is_private(uri.path(), req.headers()) {
        return None;
    }
    let key = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    // 大字版 and 高对比度 pages differ from the standard ones (issue 21).
    let key = format!("{}{key}", crate::display::cache_key_prefix(req.headers()));
    (key.len() <= MAX_KEY).then_some(key)
}

fn not_modified(headers: &HeaderMap, page: &Page) -> bool {
    match headers.get(header::IF_NONE_MATCH) {
        Some(tags) => tags.to_str().is_ok_and(|t| {
            t.split(',')
                .any(|t| t.trim() == page.etag || t.trim() == "*")
        }),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .is_some_and(|since| since == page.last_modified),
    }
}

fn answer(req_headers: &HeaderMap, head: bool, page: &Page) -> Response {
    let mut r = if not_modified(req_headers, page) {
        StatusCode::NOT_MODIFIED.into_response()
    } else if head {
        StatusCode::OK.into_response()
    } else {
        Response::new(Body::from(page.body.clone()))
    };
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, page.content_type.clone());
    h.insert(header::ETAG, page.etag.clone());
    h.insert(header::LAST_MODIFIED, page.last_modified.clone());
    // Browsers and proxies may keep it but ask again each time (a 304 is cheap).
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// The middleware (outside the CSRF layer: a page served from here reads
/// nothing from the database).
pub async fn page_cache_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = key_of(&req) else {
        let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let response = next.run(req).await;
        if writes {
            // What this server just changed is served at once (other
            // servers see it within [`POLL`]).
            state.pages.clear();
        }
        return response;
    };
    let head = req.method() == Method::HEAD;
    if let Some(page) = state.pages.get(&key) {
        return answer(req.headers(), head, &page);
    }
    let Some(generation) = state.pages.generation() else {
        return next.run(req).await;
    };
    let req_headers = req.headers().clone();
    let response = next.run(req).await;
    if response.status() != StatusCode::OK || head {
        return response;
    }
    // Only a body of known, small size is read whole (rendered pages are).
    if response
        .body()
        .size_hint()
        .upper()
        .is_none_or(|n| n > MAX_PAGE_BYTES as u64)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    let page = Page {
        body: body.clone(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("text/html; charset=utf-8")),
        etag: HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
        last_modified: HeaderValue::from_str(
            &Utc::now().format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        )
        .unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
    };
    let mut fresh = answer(&req_headers, false, &page);
    // The CSRF layer's cookie for a first visit goes with this answer only.
    for cookie in parts.headers.get_all(header::SET_COOKIE) {
        fresh
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    state.pages.put(key, page, generation);
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_pages_are_kept() {
        assert!(cacheable("/"));
        assert!(cacheable("/latest"));
        assert!(!cacheable("/latest/2"));
        assert!(cacheable("/items/12"));
        assert!(!cacheable("/items/12/manage"));
        assert!(!cacheable("/items/"));
        assert!(cacheable("/agencies/119901219482199390"));
        assert!(cacheable("/agencies/119901219482199390/catalogue"));
        assert!(cacheable("/agencies/119901219482199390/guide"));
        assert!(!cacheable("/agencies/119901219482199390/apply"));
        assert!(!cacheable("/agencies/119901219482199390/feed.atom"));
        assert!(!cacheable("/agencies/119901219482199390/reports/2025"));
        assert!(cacheable("/agencies/119901219482199390/plans"));
        assert!(cacheable("/agencies/119901219482199390/plans/12"));
        assert!(!cacheable(
            "/agencies/119901219482199390/plans/12/report.pdf"
        ));
        assert!(!cacheable("/agencies/119901219482199390/plans/x"));
        assert!(!cacheable("/workbench"));
        assert!(!cacheable("/search"));
    }

    #[test]
    fn a_moved_version_empties_the_cache() {
        let cache = PageCache::default();
        assert!(
            cache.generation().is_none(),
            "nothing is kept before a version is read"
        );
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert!(cache.observe((5, day)));
        let page = || Page {
            body: Bytes::from_static(b"<p>1</p>"),
            content_type: HeaderValue::from_static("text/html"),
            etag: HeaderValue::from_static("\"a\""),
            last_modified: HeaderValue::from_static("x"),
        };
        let rendered_in = cache.generation().unwrap();
        cache.put("/".into(), page(), rendered_in);
        assert!(cache.get("/").is_some());
        assert!(!cache.observe((5, day)));
        assert!(cache.get("/").is_some());
        assert!(cache.observe((6, day)));
        assert!(cache.get("/").is_none());
        // A page rendered before the move is not kept after it.
        cache.put("/".into(), page(), rendered_in);
        assert!(cache.get("/").is_none());
        // Nor one rendered before this server's own change.
        let before = cache.generation().unwrap();
        cache.clear();
        cache.put("/".into(), page(), before);
        assert!(cache.get("/").is_none());
        // The next day empties it too.
        cache.put("/".into(), page(), cache.generation().unwrap());
        assert!(cache.observe((6, day.succ_opt().unwrap())));
        assert!(cache.get("/").is_none());
    }
}
