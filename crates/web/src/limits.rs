//! Per-source rate limits: applications, query-code tries (of applications
//! and of questions to an agency), report checks, comments and questions
//! per client address, and query-code tries per application or question
//! number (so that a guess spread over many addresses is bounded too). A refused request gets
//! 429, `Retry-After` and a Chinese message saying when to try again.
//!
//! Token buckets in memory, keyed by address (an IPv6 client by its /64, which
//! one subscriber usually holds whole). Memory is bounded: a bucket that has
//! refilled is the same as none and is dropped first; past `tracked_keys` the
//! least recently used are forgotten.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};

use crate::auth::source::source_key;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::ApiError;
use crate::error::AppError;
use gongkai_app::config::{Limits, Rate};

/// Token buckets of one rate, one per key.
pub struct Limiter<K> {
    rate: Rate,
    capacity: usize,
    buckets: Mutex<HashMap<K, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(rate: Rate, capacity: usize) -> Limiter<K> {
        Limiter {
            rate,
            capacity: capacity.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn per_sec(&self) -> f64 {
        f64::from(self.rate.count) / self.rate.per_secs.max(1) as f64
    }

    fn refilled(&self, b: Bucket, now: Instant) -> f64 {
        let burst = f64::from(self.rate.count);
        (b.tokens + now.duration_since(b.at).as_secs_f64() * self.per_sec()).min(burst)
    }

    /// Take one token for `key`, or say how long until one is there.
    pub fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        if self.rate.count == 0 {
            return Err(Duration::from_secs(self.rate.per_secs.max(1)));
        }
        let mut buckets = self.buckets.lock().expect("limiter lock");
        if !buckets.contains_key(key) && buckets.len() >= self.capacity {
            self.evict(&mut buckets, now);
        }
        let burst = f64::from(self.rate.count);
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let tokens = self.refilled(*bucket, now);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / self.per_sec()))
        }
    }

    /// Give back the token of a try that does not count (a correct query code).
    pub fn refund(&self, key: &K) {
        let mut buckets = self.buckets.lock().expect("limiter lock");
        if let Some(b) = buckets.get_mut(key) {
            b.tokens = (b.tokens + 1.0).min(f64::from(self.rate.count));
        }
    }

    /// Forget full buckets; if that is not a tenth of the room, the least
    /// recently used tenth too (so the cost is paid once per many inserts).
    fn evict(&self, buckets: &mut HashMap<K, Bucket>, now: Instant) {
        let burst = f64::from(self.rate.count);
        buckets.retain(|_, b| self.refilled(*b, now) < burst);
        let room = self.capacity / 10 + 1;
        if buckets.len() + room > self.capacity {
            let mut ages: Vec<Instant> = buckets.values().map(|b| b.at).collect();
            ages.sort_unstable();
            let cut = ages[room.min(ages.len()) - 1];
            buckets.retain(|_, b| b.at > cut);
        }
    }

    pub fn len(&self) -> usize {
        self.buckets.lock().expect("limiter lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The limits of one running application.
pub struct RateLimits {
    applications: Limiter<String>,
    query_codes: Limiter<String>,
    query_codes_per_case: Limiter<String>,
    report_checks: Limiter<String>,
    comments: Limiter<String>,
    questions: Limiter<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (the same
    /// source as login throttling: `auth::source`).
    trusted_proxies: Vec<IpAddr>,
}

impl RateLimits {
    pub fn new(limits: &Limits, trusted_proxies: &[IpAddr]) -> Arc<RateLimits> {
        let keys = limits.tracked_keys;
        Arc::new(RateLimits {
            applications: Limiter::new(limits.applications, keys),
            query_codes: Limiter::new(limits.query_codes, keys),
            query_codes_per_case: Limiter::new(limits.query_codes_per_case, keys),
            report_checks: Limiter::new(limits.report_checks, keys),
            comments: Limiter::new(limits.comments, keys),
            questions: Limiter::new(limits.questions, keys),
            trusted_proxies: trusted_proxies.to_vec(),
        })
    }
}

/// Which limited action a request is.
#[derive(Debug, PartialEq, Eq)]
enum Limited {
    Application,
    QueryCode,
    ReportCheck,
    Comment,
    Question,
}

fn classify(method: &Method, path: &str) -> Option<Limited> {
    if method != Method::POST {
        return None;
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match segments.as_slice() {
        ["", "agencies", _, "apply"] | ["", "api", "v1", "agencies", _, "applications"] => {
            Some(Limited::Application)
        }
        ["", "track"]
        | ["", "api", "v1", "track"]
        | ["", "agencies", _, "questions", "track"]
        | ["", "api", "v1", "agencies", _, "questions", "track"] => Some(Limited::QueryCode),
        ["", "reports", "check"] | ["", "api", "v1", "reports", "check"] => {
            Some(Limited::ReportCheck)
        }
        ["", "agencies", _, "consultations", _, "comments"]
        | [
            "",
            "api",
            "v1",
            "agencies",
            _,
            "consultations",
            _,
            "comments",
        ] => Some(Limited::Comment),
        ["", "agencies", _, "questions"] | ["", "api", "v1", "agencies", _, "questions"] => {
            Some(Limited::Question)
        }
        _ => None,
    }
}

/// The middleware: refuse a limited request over its rate before any handler.
pub async fn rate_limit_layer(
    State(limits): State<Arc<RateLimits>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(kind) = classify(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let api = req.uri().path().starts_with("/api/");
    // Without a peer address (a router driven in-process) there is no source to limit.
    let Some(peer) = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return next.run(req).await;
    };
    let ip = source_key(Some(peer), req.headers(), &limits.trusted_proxies);
    let now = Instant::now();
    let limiter = match kind {
        Limited::Application => &limits.applications,
        Limited::QueryCode => &limits.query_codes,
        Limited::ReportCheck => &limits.report_checks,
        Limited::Comment => &limits.comments,
        Limited::Question => &limits.questions,
    };
    if let Err(wait) = limiter.take(&ip, now) {
        return too_many(wait, api);
    }
    if kind != Limited::QueryCode {
        return next.run(req).await;
    }
    let (req, number) = match application_number(req, api).await {
        Ok(x) => x,
        Err(refusal) => return refusal,
    };
    let Some(number) = number else {
        return next.run(req).await;
    };
    if let Err(wait) = limits.query_codes_per_case.take(&number, now) {
        return too_many(wait, api);
    }
    let response = next.run(req).await;
    // Only wrong codes count against the case: the applicant's own visits must
    // not lock them out.
    if response.status() != StatusCode::UNAUTHORIZED {
        limits.query_codes_per_case.refund(&number);
    }
    response
}

/// Largest query-code form or JSON read here (the fields are a few dozen bytes).
const MAX_TRACK_BODY: usize = 16 * 1024;

/// The application number a query-code try names, read from the form or JSON
/// body (which is put back for the handler).
async fn application_number(
    req: Request,
    api: bool,
) -> Result<(Request, Option<String>), Response> {
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_TRACK_BODY).await.map_err(|_| {
        let message = "提交的内容过长或未传送完整，请只填写申请编号和查询码后重新提交。";
        refusal(StatusCode::BAD_REQUEST, message, api)
    })?;
    let number = if api {
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("number")?.as_str().map(str::to_string))
    } else {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|fields| fields.into_iter().find(|(k, _)| k == "number"))
            .map(|(_, v)| v)
    };
    let number = number
        .map(|n| n.trim().to_uppercase())
        .filter(|n| !n.is_empty());
    Ok((Request::from_parts(parts, Body::from(bytes)), number))
}

fn refusal(status: StatusCode, message: &str, api: bool) -> Response {
    if api {
        ApiError::new(status, message).into_response()
    } else {
        AppError {
            status,
            title: "提交过于频繁",
            message: message.to_string(),
        }
        .into_response()
    }
}

/// 429 with `Retry-After` (whole seconds, at least 1).
fn too_many(wait: Duration, api: bool) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let message = format!("提交过于频繁，请在{secs}秒后再试。");
    let mut response = refusal(StatusCode::TOO_MANY_REQUESTS, &message, api);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refuses_past_its_burst_and_refills_evenly() {
        let l: Limiter<u8> = Limiter::new(Rate::new(2, 60), 10);
        let t0 = Instant::now();
        assert!(l.take(&1, t0).is_ok());
        assert!(l.take(&1, t0).is_ok());
        let wait = l.take(&1, t0).unwrap_err();
        assert_eq!(wait.as_secs(), 30, "one token every 30 seconds");
        assert!(l.take(&2, t0).is_ok(), "another key has its own bucket");
        assert!(l.take(&1, t0 + Duration::from_secs(31)).is_ok());
    }

    #[test]
    fn memory_stays_bounded_under_many_keys() {
        let l: Limiter<u32> = Limiter::new(Rate::new(5, 60), 1000);
        let t0 = Instant::now();
        for k in 0..50_000u32 {
            let _ = l.take(&k, t0 + Duration::from_millis(u64::from(k)));
        }
        assert!(l.len() <= 1000, "{} keys kept", l.len());
    }

    #[test]
    fn a_refund_gives_the_try_back() {
        let l: Limiter<&str> = Limiter::new(Rate::new(1, 3600), 10);
        let t0 = Instant::now();
        assert!(l.take(&"A", t0).is_ok());
        l.refund(&"A");
        assert!(l.take(&"A", t0).is_ok());
        assert!(l.take(&"A", t0).is_err());
    }

    #[test]
    fn the_limited_routes() {
        let post = Method::POST;
        assert_eq!(
            classify(&post, "/agencies/119901219482199390/apply"),
            Some(Limited::Application)
        );
        assert_eq!(
            classify(&post, "/api/v1/agencies/X/applications"),
            Some(Limited::Application)
        );
        assert_eq!(classify(&post, "/track"), Some(Limited::QueryCode));
        assert_eq!(classify(&post, "/api/v1/track"), Some(Limited::QueryCode));
        assert_eq!(
            classify(&post, "/reports/check"),
            Some(Limited::ReportCheck)
        );
        assert_eq!(
            classify(
                &post,
                "/agencies/119901219482199390/consultations/7/comments"
            ),
            Some(Limited::Comment)
        );
        assert_eq!(
            classify(&post, "/agencies/119901219482199390/questions"),
            Some(Limited::Question)
        );
        assert_eq!(
            classify(&post, "/agencies/119901219482199390/questions/track"),
            Some(Limited::QueryCode)
        );
        assert_eq!(
            classify(&post, "/agencies/119901219482199390/questions/7/answer"),
            None
        );
        // The API's comment, question and question-query routes share the forms' limits.
        assert_eq!(
            classify(&post, "/api/v1/agencies/X/consultations/7/comments"),
            Some(Limited::Comment)
        );
        assert_eq!(
            classify(&post, "/api/v1/agencies/X/questions"),
            Some(Limited::Question)
        );
        assert_eq!(
            classify(&post, "/api/v1/agencies/X/questions/track"),
            Some(Limited::QueryCode)
        );
        assert_eq!(classify(&post, "/api/v1/questions/7/answer"), None);
        assert_eq!(classify(&Method::GET, "/track"), None);
        assert_eq!(classify(&post, "/track/correction"), None);
        assert_eq!(classify(&post, "/login"), None);
    }
}
