//! `gongkai backup` while the server takes applications, then `gongkai
//! restore` into a new data directory: every application acknowledged before
//! the backup started is there with its ID proof, and the search index is
//! rebuilt from the restored database.

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use gongkai_app::Settings;
use gongkai_store::prelude::*;
use gongkai_store_sqlite::SqliteStore;
use gongkai_web::Application;
use serde_json::Value;
use tokio::process::Command;

use crate::helpers::{DbKind, TestApp};

const GONGKAI: &str = env!("CARGO_BIN_EXE_gongkai");

async fn gongkai(args: &[&str]) -> (bool, String) {
    let out = Command::new(GONGKAI)
        .args(args)
        .env_remove("GONGKAI_DATA_DIR")
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .stdin(Stdio::null())
        .output()
        .await
        .expect("run gongkai");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_every_acknowledged_application() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter("error")
        .try_init();
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    gongkai_app::demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let data_dir = app.data_dir().to_path_buf();

    // Three applicants apply one after another until told to stop; each
    // records when its application was acknowledged.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let applicant = app.another_browser();
        let stop = stop.clone();
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let submission = format!("{w}{n:063}");
                let (number, _, _) = applicant.apply(&submission).await;
                acknowledged.push((number, Instant::now()));
                n += 1;
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;

    let backup_dir = tempfile::tempdir().unwrap();
    let archive = backup_dir.path().join("gongkai-backup.zip");
    let started = Instant::now();
    let (ok, out) = gongkai(&[
        "backup",
        "--data-dir",
        data_dir.to_str().unwrap(),
        "--output",
        archive.to_str().unwrap(),
    ])
    .await;
    assert!(ok, "{out}");
    assert!(out.contains("已备份数据库"), "{out}");
    // Writes go on during and after the backup.
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let mut before = Vec::new();
    let mut total = 0;
    for w in writers {
        let acknowledged = w.await.unwrap();
        total += acknowledged.len();
        before.extend(
            acknowledged
                .into_iter()
                .filter(|(_, at)| *at < started)
                .map(|(number, _)| number),
        );
    }
    assert!(
        !before.is_empty(),
        "applications were acknowledged before the backup"
    );
    assert!(total > before.len(), "and during or after it");

    // Restoring over a directory in use is refused without --force.
    let (ok, out) = gongkai(&[
        "restore",
        archive.to_str().unwrap(),
        "--data-dir",
        data_dir.to_str().unwrap(),
    ])
    .await;
    assert!(!ok && out.contains("--force"), "{out}");

    let restored = tempfile::tempdir().unwrap();
    let target = restored.path().join("data");
    let (ok, out) = gongkai(&[
        "restore",
        archive.to_str().unwrap(),
        "--data-dir",
        target.to_str().unwrap(),
    ])
    .await;
    assert!(ok, "{out}");

    let store = SqliteStore::open_file(&target.join("gongkai.db"))
        .await
        .unwrap();
    for number in &before {
        let case = store
            .case_by_number(number)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{number} was acknowledged before the backup"));
        let proofs = store.case_attachments(case.id).await.unwrap();
        assert_eq!(proofs.len(), 1, "{number} has its ID proof");
        let file = gongkai_app::uploads::path_for(&target, &proofs[0].sha256);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            b"%PDF-1.4 identity proof",
            "{number}'s proof is restored"
        );
    }
    store.pool().close().await;

    // The search index is rebuilt from the restored database on start.
    assert!(!target.join("search-index").exists());
    let settings = Settings {
        port: 0,
        data_dir: target.clone(),
        ..Settings::default()
    };
    // As `gongkai serve` does: the binary opens (and migrates) the store.
    let store = SqliteStore::open_file(&settings.sqlite_path())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let server = Application::build(settings, Arc::new(store)).await.unwrap();
    let url = server.url();
    tokio::spawn(server.run_until_stopped());
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found: Value = client
            .get(format!("{url}/api/search"))
            .query(&[("q", "农村公路养护管理办法")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if found["total"].as_u64().unwrap_or(0) >= 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the index was not rebuilt: {found}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_damaged_backup_is_refused_and_nothing_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.zip");
    std::fs::write(&bad, b"not an archive").unwrap();
    let target = dir.path().join("data");
    let (ok, out) = gongkai(&[
        "restore",
        bad.to_str().unwrap(),
        "--data-dir",
        target.to_str().unwrap(),
    ])
    .await;
    assert!(!ok && out.contains("不是 gongkai 的备份文件"), "{out}");
    assert!(!target.join("gongkai.db").exists());
}
