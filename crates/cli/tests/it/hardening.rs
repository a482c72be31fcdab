//! Hardening of the server (issue 13): slow clients are cut off by the header
//! timeout, the connection limit holds further clients back without stopping
//! the server, private answers are not cached, HSTS over HTTPS, and the
//! per-address and per-case rate limits answer 429 with `Retry-After` and a
//! Chinese message.

use std::time::{Duration, Instant};

use gongkai_app::config::{Limits, Rate};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, RETRY_AFTER, STRICT_TRANSPORT_SECURITY};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{DbKind, TestApp, test_limits};
use crate::on_both_backends;
use crate::requests::AGENCY;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

fn host_port(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_string()
}

/// Read until the server closes the connection; how long it took.
async fn time_to_close(stream: &mut TcpStream, give_up: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(
            give_up.saturating_sub(start.elapsed()),
            stream.read(&mut buf),
        )
        .await
        {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn half_a_header_is_closed_within_the_header_timeout() {
    let limits = Limits {
        header_timeout_secs: 1,
        ..test_limits()
    };
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .limits(limits)
        .spawn()
        .await
    else {
        return;
    };
    let mut slow = TcpStream::connect(host_port(&app)).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: gongkai\r\nX-Half: ")
        .await
        .unwrap();
    let closed = time_to_close(&mut slow, Duration::from_secs(5)).await;
    let closed = closed.expect("the half-open request is closed by the server");
    assert!(
        closed >= Duration::from_millis(900) && closed < Duration::from_secs(3),
        "closed after {closed:?}, the header timeout is 1 s"
    );
    // A connection that sends nothing at all is closed too.
    let mut idle = TcpStream::connect(host_port(&app)).await.unwrap();
    assert!(
        time_to_close(&mut idle, Duration::from_secs(5))
            .await
            .is_some()
    );
    // The server still serves.
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn past_the_connection_limit_clients_wait_until_a_connection_closes() {
    let limits = Limits {
        max_connections: 2,
        header_timeout_secs: 30,
        ..test_limits()
    };
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .limits(limits)
        .spawn()
        .await
    else {
        return;
    };
    let first = TcpStream::connect(host_port(&app)).await.unwrap();
    let second = TcpStream::connect(host_port(&app)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let url = app.url("/healthz");
    let third = tokio::spawn(async move {
        let r = reqwest::Client::new().get(url).send().await;
        (r.map(|r| r.status()), Instant::now())
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        !third.is_finished(),
        "a third client is not served while two connections are open"
    );
    let released = Instant::now();
    drop(first);
    drop(second);
    let (status, served) = tokio::time::timeout(Duration::from_secs(5), third)
        .await
        .expect("served once the connections closed")
        .unwrap();
    assert_eq!(status.unwrap(), StatusCode::OK);
    assert!(served >= released);
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
}

fn cache_control(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get(CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_string())
}

on_both_backends!(private_answers_are_not_stored);

async fn private_answers_are_not_stored(kind: DbKind) {
    let Some(citizen) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    // Public pages may be cached; no HSTS over plain HTTP.
    let home = citizen.get("/").await;
    assert_ne!(cache_control(&home).as_deref(), Some("no-store"));
    assert!(home.headers().get(STRICT_TRANSPORT_SECURITY).is_none());

    let (number, code, _) = citizen.apply(&"h".repeat(64)).await;
    let clerk = citizen.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let case = clerk.get(&format!("/cases/{number}")).await;
    assert_eq!(cache_control(&case).as_deref(), Some("no-store"));
    let html = case.text().await.unwrap();
    let proof = html
        .split(&format!("/cases/{number}/attachments/"))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the ID proof is linked");
    let proof = clerk
        .get(&format!("/cases/{number}/attachments/{proof}"))
        .await;
    assert_eq!(proof.status(), StatusCode::OK);
    assert_eq!(cache_control(&proof).as_deref(), Some("no-store"));
    // Every page to a logged-in staff member, even a public one.
    assert_eq!(
        cache_control(&clerk.get("/").await).as_deref(),
        Some("no-store")
    );

    // A correction notice for the applicant to download.
    let (s, page) = clerk
        .act(&number, "confirm", &[("date", "2025-03-03")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let (s, page) = clerk
        .act(
            &number,
            "correction",
            &[
                ("date", "2025-03-03"),
                ("items", "请写明所需信息的文件名称或文号"),
                ("applicant_deadline", "2025-03-17"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");

    assert_eq!(
        cache_control(&citizen.get("/track").await).as_deref(),
        Some("no-store")
    );
    let r = citizen
        .post_form("/track", &[("number", &number), ("code", &code)], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let track = citizen.get("/track/case").await;
    assert_eq!(cache_control(&track).as_deref(), Some("no-store"));
    let html = track.text().await.unwrap();
    let doc = html
        .split("/track/documents/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the correction notice is listed");
    let doc = citizen.get(&format!("/track/documents/{doc}")).await;
    assert_eq!(doc.status(), StatusCode::OK);
    assert_eq!(cache_control(&doc).as_deref(), Some("no-store"));
}

#[tokio::test]
async fn hsts_only_when_cookies_are_secure() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .empty()
        .secure_cookies()
        .spawn()
        .await
    else {
        return;
    };
    let r = app.get("/").await;
    assert_eq!(
        r.headers()
            .get(STRICT_TRANSPORT_SECURITY)
            .map(|v| v.to_str().unwrap()),
        Some("max-age=31536000")
    );
}

fn retry_after(r: &reqwest::Response) -> u64 {
    r.headers()
        .get(RETRY_AFTER)
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .expect("whole seconds")
}

fn api_form(n: usize) -> Value {
    json!({"form": {
        "applicant_kind": "commercial_enterprise",
        "name": format!("白沙县通达运输有限公司{n}"),
        "id_document": "credit_code",
        "id_number": "916501002286002919",
        "contact_person": "赵经理",
        "phone": "0991-8812345",
        "email": "zhao@example.com",
        "description": format!("2024年度白沙县道路运输企业质量信誉考核结果（第{n}份）"),
        "delivery_form": "electronic",
        "delivery_method": "email"
    }})
}

on_both_backends!(applications_and_query_codes_are_rate_limited);

async fn applications_and_query_codes_are_rate_limited(kind: DbKind) {
    let limits = Limits {
        // Two applications a minute per address.
        applications: Rate::new(2, 60),
        // Five query-code tries per 10 minutes per address.
        query_codes: Rate::new(5, 600),
        // Three wrong codes an hour on one application number.
        query_codes_per_case: Rate::new(3, 3600),
        ..test_limits()
    };
    let Some(app) = TestApp::builder(kind).limits(limits).spawn().await else {
        return;
    };
    let url = app.url(&format!("/api/v1/agencies/{AGENCY}/applications"));
    let mut numbers = Vec::new();
    for n in 0..2 {
        let r = app
            .client
            .post(&url)
            .json(&api_form(n))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let receipt: Value = r.json().await.unwrap();
        numbers.push(receipt["number"].as_str().unwrap().to_string());
    }
    let r = app
        .client
        .post(&url)
        .json(&api_form(3))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // One application every 30 seconds refills.
    let wait = retry_after(&r);
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["error"].as_str().unwrap(),
        format!("提交过于频繁，请在{wait}秒后再试。")
    );
    // The web form shares the address's allowance and says the same in a page.
    let token = app.csrf().await;
    let r = app
        .client
        .post(app.url(&format!("/agencies/{AGENCY}/apply")))
        .multipart(crate::requests::apply_form(
            Some(&token),
            &"r".repeat(64),
            "张三",
            crate::requests::ID,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&r);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(&format!("提交过于频繁，请在{wait}秒后再试。"))
    );

    // Wrong query codes on one application: the third is the last counted.
    let track = app.url("/api/v1/track");
    let attempt = |number: String, code: &'static str| {
        let client = app.client.clone();
        let track = track.clone();
        async move {
            client
                .post(&track)
                .json(&json!({"number": number, "code": code}))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..3 {
        let r = attempt(numbers[0].clone(), "WRONG123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = attempt(numbers[0].clone(), "WRONG123").await;
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the case's tries are spent"
    );
    // 3 wrong codes an hour: one refills in 20 minutes.
    let wait = retry_after(&r);
    assert!((1100..=1200).contains(&wait), "Retry-After {wait}");
    // Another case is still open to this address (5th try of 5)…
    let r = attempt(numbers[1].clone(), "WRONG123").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // …until the address's own tries are spent, on any case, in the web form too.
    let r = app
        .post_form(
            "/track",
            &[("number", &numbers[1]), ("code", "WRONG123")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&r);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(&format!("请在{wait}秒后再试"))
    );
}
