//! Logging in under attack (issue 13): the throttle counts before it checks,
//! per source and per username; unknown usernames are answered like known
//! ones; password hashing is bounded; `next` never leaves the site; sessions
//! end when idle.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

on_both_backends!(
    a_burst_of_guesses_gets_no_more_checks_than_the_throttle_allows,
    a_guesser_at_one_address_does_not_lock_out_another,
    unknown_and_known_usernames_get_the_same_answers,
    password_hashing_is_bounded,
    after_login_only_paths_on_this_site_are_followed,
    idle_sessions_and_tokens_end,
);

/// `POST /api/v1/sessions` from `source` (sent as X-Forwarded-For; only read
/// when the app trusts 127.0.0.1 as its proxy).
pub async fn api_login(
    app: &TestApp,
    username: &str,
    password: &str,
    source: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": username, "password": password}));
    if let Some(ip) = source {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.expect("POST /api/v1/sessions")
}

/// The error paragraph of the login page.
fn login_error(html: &str) -> String {
    let start = html.find("id=\"login-error\">").expect("an error") + "id=\"login-error\">".len();
    html[start..].split("</p>").next().unwrap().to_string()
}

async fn audit_count(app: &TestApp, action: &str) -> usize {
    let entries = app.store.audit_entries(10_000).await.unwrap();
    entries.iter().filter(|e| e.action == action).count()
}

async fn a_burst_of_guesses_gets_no_more_checks_than_the_throttle_allows(kind: DbKind) {
    // Hashing waits as long as it takes: on a loaded test machine the five
    // checks the throttle lets through must not be refused as busy instead.
    let Some(app) = TestApp::builder(kind)
        .configure(|s| {
            s.password_hash_queue = 100;
            s.password_hash_wait_seconds = 120;
        })
        .spawn()
        .await
    else {
        return;
    };
    let app = std::sync::Arc::new(app);
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..60 {
        let app = app.clone();
        burst.spawn(async move {
            api_login(&app, "clerk", &format!("guess-{i}-x9"), None)
                .await
                .status()
        });
    }
    let (mut wrong, mut throttled) = (0, 0);
    while let Some(status) = burst.join_next().await {
        match status.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("unexpected {other}"),
        }
    }
    // 5 per (account, source) in 15 minutes: exactly five passwords checked.
    assert_eq!(wrong, 5, "passwords checked");
    assert_eq!(throttled, 55);
    assert_eq!(audit_count(&app, "login.failure").await, 5);
    // The right password is refused too until the window ends.
    assert_eq!(
        api_login(&app, "clerk", PW, None).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn a_guesser_at_one_address_does_not_lock_out_another(kind: DbKind) {
    let Some(app) = TestApp::builder(kind)
        .configure(|s| s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()])
        .spawn()
        .await
    else {
        return;
    };
    let attacker = Some("203.0.113.9");
    for _ in 0..5 {
        let r = api_login(&app, "admin", "wrong-password-1", attacker).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = api_login(&app, "admin", "wrong-password-1", attacker).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((840..=900).contains(&wait), "Retry-After {wait}");
    // The attacker's address is stopped even with the right password …
    assert_eq!(
        api_login(&app, "admin", PW, attacker).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // … the administrator at the office is not.
    let office = Some("198.51.100.7");
    assert_eq!(
        api_login(&app, "admin", PW, office).await.status(),
        StatusCode::OK
    );
    // The web form counts the same way.
    let r = app
        .client
        .post(app.url("/login"))
        .header("x-forwarded-for", "198.51.100.7")
        .form(&[
            ("username", "admin"),
            ("password", PW),
            ("_csrf", app.csrf().await.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

async fn unknown_and_known_usernames_get_the_same_answers(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    // Web: the same status and words for a wrong password and an unknown name.
    let known = app.login("clerk", "not-the-password-1").await;
    let unknown = app.login("nobody", "not-the-password-1").await;
    assert_eq!(known.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let (k, u) = (
        login_error(&known.text().await.unwrap()),
        login_error(&unknown.text().await.unwrap()),
    );
    assert_eq!(k, "用户名或密码不正确，请重新输入。");
    assert_eq!(k, u);
    // A deactivated account is answered like an unknown name, right password or not.
    let editor = app
        .store
        .staff_by_username(&"editor".parse_username())
        .await
        .unwrap()
        .unwrap();
    app.store.set_staff_active(editor.id, false).await.unwrap();
    let r = app.login("editor", PW).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(login_error(&r.text().await.unwrap()), k);

    // API: the same status and body; after five tries both are stopped alike.
    for round in 1..=6 {
        let known = api_login(&app, "reviewer", "not-the-password-1", None).await;
        let unknown = api_login(&app, "ghost", "not-the-password-1", None).await;
        let expected = if round <= 5 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!((known.status(), unknown.status()), (expected, expected));
        assert_eq!(
            known.headers().get("retry-after").is_some(),
            unknown.headers().get("retry-after").is_some()
        );
        let (k, u): (Value, Value) = (known.json().await.unwrap(), unknown.json().await.unwrap());
        assert_eq!(k, u, "round {round}");
        if round == 6 {
            assert!(
                k["error"].as_str().unwrap().contains("请在15分钟后再试"),
                "{k}"
            );
        }
    }
}

async fn password_hashing_is_bounded(kind: DbKind) {
    let Some(app) = TestApp::builder(kind)
        .configure(|s| {
            s.password_hash_permits = 2;
            s.password_hash_queue = 2;
            s.password_hash_wait_seconds = 2;
        })
        .spawn()
        .await
    else {
        return;
    };
    let app = std::sync::Arc::new(app);
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..50 {
        let app = app.clone();
        // Distinct unknown names: the throttle lets each through to hashing.
        burst.spawn(async move {
            let r = api_login(&app, &format!("visitor{i:02}"), "some-password-1", None).await;
            let retry = r
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
            (r.status(), retry)
        });
    }
    let (mut checked, mut busy) = (0, 0);
    while let Some(outcome) = burst.join_next().await {
        match outcome.unwrap() {
            (StatusCode::UNAUTHORIZED, _) => checked += 1,
            (StatusCode::TOO_MANY_REQUESTS, Some(retry)) => {
                assert_eq!(retry, "2");
                busy += 1;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(busy >= 40, "{busy} refused, {checked} checked");
    assert!(
        checked >= 4,
        "those running and queued were checked: {checked}"
    );
    // Still serving, and logins work once the burst is over.
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(
        api_login(&app, "clerk", PW, None).await.status(),
        StatusCode::OK
    );
}

async fn after_login_only_paths_on_this_site_are_followed(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    for (next, expected) in [
        ("/\t/evil.example", "/workbench"),
        ("/%09/evil.example", "/workbench"),
        ("//evil.example", "/workbench"),
        ("/\\evil.example", "/workbench"),
        ("https://evil.example", "/workbench"),
        ("/workbench\r\nSet-Cookie: a=b", "/workbench"),
        ("/cases/GK2025-1", "/cases/GK2025-1"),
    ] {
        let browser = app.another_browser();
        let r = browser
            .post_form(
                "/login",
                &[("username", "clerk"), ("password", PW), ("next", next)],
                true,
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], expected, "{next:?}");
        // Logged in, /login?next=… redirects through the same check.
        let r = browser
            .client
            .get(app.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], expected, "{next:?}");
    }
}

async fn idle_sessions_and_tokens_end(kind: DbKind) {
    let Some(app) = TestApp::builder(kind)
        .configure(|s| s.session_idle_minutes = 5)
        .spawn()
        .await
    else {
        return;
    };
    let r = app.login("clerk", PW).await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    let hash = gongkai_web::auth::session::token_hash(token);
    // Four idle minutes: still logged in, and the visit is recorded.
    let four_ago = Utc::now() - chrono::Duration::minutes(4);
    app.store.touch_session(&hash, four_ago).await.unwrap();
    assert_eq!(app.get("/workbench").await.status(), StatusCode::OK);
    let seen = app.store.session_last_seen(&hash).await.unwrap().unwrap();
    assert!(seen > Utc::now() - chrono::Duration::seconds(30), "touched");
    // Six: the session has ended.
    let six_ago = Utc::now() - chrono::Duration::minutes(6);
    app.store.touch_session(&hash, six_ago).await.unwrap();
    let r = app.get("/workbench").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=/workbench");
    assert_eq!(
        app.store.session_last_seen(&hash).await.unwrap(),
        None,
        "removed"
    );

    // An API token the same way.
    let token: Value = api_login(&app, "reviewer", PW, None)
        .await
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_string();
    let cases = |t: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/api/v1/cases"))
                .bearer_auth(t)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(cases(token.clone()).await, StatusCode::OK);
    let hash = gongkai_web::auth::session::token_hash(&token);
    app.store.touch_session(&hash, six_ago).await.unwrap();
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(cases(token).await, StatusCode::UNAUTHORIZED);
}

/// `"name".parse_username()` for tests.
pub trait ParseUsername {
    fn parse_username(&self) -> gongkai_domain::staff::Username;
}

impl ParseUsername for str {
    fn parse_username(&self) -> gongkai_domain::staff::Username {
        gongkai_domain::staff::Username::parse(self).expect("a username")
    }
}
