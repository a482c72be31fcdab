//! Two `gongkai serve` processes on one PostgreSQL database are one site
//! (issue 15): each queued mail goes out once, though both senders start on
//! the same outbox at the same moment, and an item published through the
//! database is found by the search of both (each node's index follows the
//! change feed) and shown on both servers' kept public pages within a
//! second (each follows the data's version).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gongkai_domain::catalogue::IndexNumber;
use gongkai_store::{NewMail, story};

use crate::helpers::{DbKind, fresh_store_with_args};
use crate::mail::smtp_listener;

const MAILS: usize = 400;

/// `gongkai serve` on `url` with its own data directory (its own search
/// index), mailing through the SMTP listener on `smtp_port`; its base URL.
/// Its standard output is closed after the first line, as a supervisor
/// might: the server must go on.
fn serve(url: &str, data_dir: &std::path::Path, smtp_port: u16) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0", "--database-url", url, "--data-dir"])
        .arg(data_dir)
        .env("GONGKAI_SMTP_HOST", "127.0.0.1")
        .env("GONGKAI_SMTP_PORT", smtp_port.to_string())
        .env("GONGKAI_SMTP_SECURITY", "none")
        .env("GONGKAI_SMTP_FROM", "gongkai@example.gov.cn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gongkai serve");
    let first = BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .next()
        .expect("a first line")
        .expect("readable");
    let base = first
        .split('：')
        .nth(1)
        .expect("the URL")
        .trim()
        .to_string();
    (child, base)
}

/// Wait up to 30 s for `done`.
async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(started.elapsed() < Duration::from_secs(60), "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_servers_on_one_database_send_each_mail_once_and_both_find_new_items() {
    let Some((store, _dir, args)) = fresh_store_with_args(DbKind::Postgres).await else {
        return;
    };
    let url = args[1].clone();
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    for n in 0..MAILS {
        store
            .enqueue_mail(&NewMail {
                case_id: None,
                to_address: format!("applicant{n}@example.cn"),
                subject: format!("通知{n:02}"),
                body: "正文".into(),
                document_id: None,
            })
            .await
            .unwrap();
    }
    let (port, inbox) = smtp_listener().await;
    // Both start on the full outbox at once.
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut a, base_a) = serve(&url, dir_a.path(), port);
    let (mut b, base_b) = serve(&url, dir_b.path(), port);

    eventually("every mail sent", async || {
        store.pending_mail(5, -1).await.unwrap().is_empty()
    })
    .await;
    let mut subjects: Vec<String> = inbox
        .messages()
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| l.starts_with("Subject:"))
                .map(str::to_string)
        })
        .collect();
    subjects.sort();
    let received = subjects.len();
    subjects.dedup();
    assert_eq!(
        (received, subjects.len()),
        (MAILS, MAILS),
        "each of the {MAILS} mails once"
    );

    // An item published (written through the store, with its change) is
    // found by both servers' search.
    let agency = store
        .agency_by_code("119901219482199390")
        .await
        .unwrap()
        .unwrap();
    // Both servers keep the catalogue page as rendered: a visitor's second
    // request that names its ETag is answered 304 without a body.
    let catalogue = "/agencies/119901219482199390/catalogue";
    let client = reqwest::Client::new();
    for base in [&base_a, &base_b] {
        let first = client
            .get(format!("{base}{catalogue}"))
            .send()
            .await
            .unwrap();
        assert_eq!(first.status(), 200);
        let etag = first.headers()["etag"].clone();
        assert!(first.headers().contains_key("last-modified"));
        assert!(!first.text().await.unwrap().contains("青石渡口"));
        let again = client
            .get(format!("{base}{catalogue}"))
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304);
        assert!(again.bytes().await.unwrap().is_empty());
    }
    let on = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
    let number = IndexNumber::generate(&agency.profile.code, 2025, 901);
    let item = story::published(agency.id, None, "青石渡口码头安全管理通告", &number, on, 0);
    store.create_items(&[item]).await.unwrap();
    let published = Instant::now();
    // The change reaches both servers' kept pages within the poll (0.5 s).
    for base in [&base_a, &base_b] {
        eventually("the new item is on both servers' catalogue", async || {
            let page = client
                .get(format!("{base}{catalogue}"))
                .send()
                .await
                .unwrap();
            page.text()
                .await
                .unwrap()
                .contains("青石渡口码头安全管理通告")
        })
        .await;
    }
    assert!(
        published.elapsed() < Duration::from_secs(5),
        "served after {:?}",
        published.elapsed()
    );
    for base in [&base_a, &base_b] {
        eventually("the new item is searchable on both servers", async || {
            let r = reqwest::get(format!("{base}/api/search?q=青石渡口"))
                .await
                .unwrap();
            let body: serde_json::Value = r.json().await.unwrap();
            body["total"] == 1
        })
        .await;
    }
    for child in [&mut a, &mut b] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
