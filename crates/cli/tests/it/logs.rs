//! No personal data and no secret in the log at any level: the server runs
//! with `RUST_LOG=trace` while a citizen searches for an ID number, applies
//! with a phone number and an ID number, follows the case with the query
//! code, and a clerk logs in; none of these strings, nor the CSRF token, is
//! in what it logged.

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::multipart::Part;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::helpers::csrf_in;
use crate::requests::{AGENCY, ID, apply_form, text_of};

const GONGKAI: &str = env!("CARGO_BIN_EXE_gongkai");
/// The phone number of `apply_form`.
const PHONE: &str = "13800138000";
/// Searched for, as a citizen might search for their own record.
const SEARCHED_ID: &str = "110105194912310021";

#[tokio::test]
async fn nothing_personal_or_secret_is_logged_even_at_trace() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.log");
    let mut server = Command::new(GONGKAI)
        .args(["serve", "--demo", "--port", "0", "--data-dir"])
        .arg(dir.path().join("data"))
        .env("RUST_LOG", "trace")
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .kill_on_drop(true)
        .spawn()
        .expect("start gongkai serve");
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let url = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(url) = line.strip_prefix("gongkai 已启动：") {
                return url.trim().to_string();
            }
        }
        panic!("the server stopped before printing its address");
    })
    .await
    .expect("the server starts");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // A search for an ID number, on the page and through the API.
    for path in ["/search", "/api/search"] {
        let r = client
            .get(format!("{url}{path}"))
            .query(&[("q", SEARCHED_ID)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    // An application with an ID number and a phone number; the CSRF token
    // is the first part of the multipart form.
    let login_page = client.get(format!("{url}/login")).send().await.unwrap();
    let token = csrf_in(&login_page.text().await.unwrap()).unwrap();
    let form = apply_form(Some(&token), &"l".repeat(64), "张三", ID).part(
        "id_proof",
        Part::bytes(b"%PDF-1.4 identity proof".to_vec()).file_name("身份证.pdf"),
    );
    let r = client
        .post(format!("{url}/agencies/{AGENCY}/apply"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let number = text_of(&html, "case-number").expect("applied");
    let code = text_of(&html, "query-code").expect("a query code");
    // The applicant follows the case; a clerk logs in.
    let r = client
        .post(format!("{url}/track"))
        .form(&[
            ("number", number.as_str()),
            ("code", &code),
            ("_csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let password = gongkai_app::demo::DEMO_PASSWORD;
    let r = client
        .post(format!("{url}/login"))
        .form(&[
            ("username", "clerk"),
            ("password", password),
            ("_csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let session = r
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("gk_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let r = client
        .get(format!("{url}/cases/{number}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    server.start_kill().unwrap();
    server.wait().await.unwrap();
    let logged = std::fs::read_to_string(&log).unwrap();
    // The log was captured at trace level, requests included.
    // (No crate in the server emits at TRACE today; DEBUG shows the filter is open.)
    assert!(logged.contains("DEBUG"), "the most verbose levels were on");
    assert!(
        logged.contains("path=/search"),
        "requests are logged by path"
    );
    for (what, secret) in [
        ("searched ID number", SEARCHED_ID),
        ("applicant's ID number", ID),
        ("applicant's phone", PHONE),
        ("query code", code.as_str()),
        ("CSRF token", token.as_str()),
        ("password", password),
        ("session token", session.as_str()),
    ] {
        assert!(!logged.contains(secret), "the {what} is in the log");
    }
}
