//! Pages in a real headless Chromium, driven through chromium-driver.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::helpers::{DbKind, TestApp, unavailable};

/// A chromedriver process on a free port, stopped on drop.
pub struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    path.exists().then_some(path)
}

pub async fn browser() -> Option<(Driver, Client)> {
    let Some(driver_bin) = which("GONGKAI_CHROMEDRIVER", "/usr/bin/chromedriver") else {
        return unavailable("chromedriver (Debian package chromium-driver)");
    };
    let Some(chromium) = which("GONGKAI_CHROMIUM", "/usr/bin/chromium") else {
        return unavailable("chromium");
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver {
        child,
        port,
        _profile: profile,
    };
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", driver._profile.path().display()),
            ]
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            Ok(c) => return Some((driver, c)),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not accept a session: {last:?}");
}

/// Signs `username` in with the demo password through the login page.
pub async fn log_in(
    c: &Client,
    app: &TestApp,
    username: &str,
) -> Result<(), fantoccini::error::CmdError> {
    c.goto(&app.url("/login")).await?;
    c.find(Locator::Id("username"))
        .await?
        .send_keys(username)
        .await?;
    c.find(Locator::Id("password"))
        .await?
        .send_keys(gongkai_app::demo::DEMO_PASSWORD)
        .await?;
    c.find(Locator::Id("login-submit")).await?.click().await
}

/// One of the published items of the agency `code` (the item page the
/// browser tours open).
pub async fn published_item(
    app: &crate::helpers::TestApp,
    code: &str,
) -> gongkai_store::ItemRecord {
    let store = app.store.as_ref();
    let bureau = store.agency_by_code(code).await.unwrap().unwrap();
    store
        .items_of_agency(bureau.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.snapshot.state.is_public())
        .expect("the bureau has a published item")
}

pub fn screenshot_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[tokio::test]
async fn a_clerk_logs_in_from_the_home_page_and_reaches_the_workbench() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        c.goto(&app.url("/")).await?;
        // The tree's lower levels are folded (`<details>`): their HTML, not their text.
        let tree = c.find(Locator::Id("agency-tree")).await?.html(true).await?;
        assert!(tree.contains("白沙县交通运输局"), "{tree}");
        c.find(Locator::Id("nav-login")).await?.click().await?;
        c.wait().for_element(Locator::Id("login-form")).await?;
        c.find(Locator::Id("username"))
            .await?
            .send_keys("clerk")
            .await?;
        c.find(Locator::Id("password"))
            .await?
            .send_keys(gongkai_app::demo::DEMO_PASSWORD)
            .await?;
        c.find(Locator::Id("login-submit")).await?.click().await?;
        let title = c
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id("workbench-title"))
            .await?
            .text()
            .await?;
        assert_eq!(title, "工作台");
        let body = c.find(Locator::Css("main")).await?.text().await?;
        assert!(body.contains("李承办"), "{body}");
        let png = c.screenshot().await?;
        std::fs::write(screenshot_path("workbench.png"), png).unwrap();
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}

#[tokio::test]
async fn a_wrong_password_shows_the_error_in_the_browser() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        c.goto(&app.url("/login")).await?;
        c.find(Locator::Id("username"))
            .await?
            .send_keys("clerk")
            .await?;
        c.find(Locator::Id("password"))
            .await?
            .send_keys("wrong-password-1")
            .await?;
        c.find(Locator::Id("login-submit")).await?.click().await?;
        let err = c
            .wait()
            .for_element(Locator::Id("login-error"))
            .await?
            .text()
            .await?;
        assert!(err.contains("用户名或密码不正确"), "{err}");
        std::fs::write(screenshot_path("login-error.png"), c.screenshot().await?).unwrap();
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}
