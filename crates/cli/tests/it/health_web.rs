//! The health page (issue 18, item 2): the county's supervisor starts a
//! run over the county; the bureau's findings are listed with their rule,
//! where the rule is written and a link to the page to fix it; the county's
//! page lists the agencies below it with their tallies; a clerk may read
//! but not start a run.

use std::time::{Duration, Instant};

use gongkai_app::demo::{BUREAU_CODE, GOVERNMENT_CODE};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};

#[tokio::test]
async fn the_supervisor_runs_the_checks_and_reads_what_they_found() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2026-03-02")
        .spawn()
        .await
    else {
        return;
    };
    gongkai_app::demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let supervisor = app.logged_in("supervisor").await;
    let page = supervisor
        .get("/workbench/health")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"never-checked\""), "{page}");

    let clerk = app.logged_in("clerk").await;
    let r = clerk
        .post_form("/workbench/health/run", &[("agency", BUREAU_CODE)], true)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = supervisor
        .post_form(
            "/workbench/health/run",
            &[("agency", GOVERNMENT_CODE)],
            true,
        )
        .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );

    // The run goes on in the background: the bureau's page shows it when done.
    let bureau_page = format!("/workbench/health?agency={BUREAU_CODE}");
    let started = Instant::now();
    let page = loop {
        let page = supervisor.get(&bureau_page).await.text().await.unwrap();
        if page.contains("id=\"health-summary\"") {
            break page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no run after 60 s: {page}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(page.contains("最近一次检查：2026-03-02。"), "{page}");
    let rules_row = page
        .split("<tr")
        .find(|row| row.contains("<td>政府信息公开制度</td>"))
        .unwrap_or_else(|| panic!("the 制度 row in {page}"));
    assert!(rules_row.contains("<td>空白栏目</td>"), "{rules_row}");
    assert!(
        rules_row.contains("栏目没有公开任何信息，也没有发布无信息说明。"),
        "{rules_row}"
    );
    assert!(rules_row.contains("国办秘函〔2019〕19号"), "{rules_row}");
    assert!(
        rules_row.contains(&format!(
            "<a href=\"/admin/agencies/{BUREAU_CODE}/texts\">去处理</a>"
        )),
        "{rules_row}"
    );

    // The county's page: the agencies below, each with its tally.
    let page = supervisor
        .get("/workbench/health")
        .await
        .text()
        .await
        .unwrap();
    let below = page
        .split("id=\"below\"")
        .nth(1)
        .unwrap_or_else(|| panic!("{page}"));
    assert!(
        below.contains(&format!(
            "<a href=\"/workbench/health?agency={BUREAU_CODE}\">白沙县交通运输局</a>"
        )),
        "{below}"
    );
    // The bureau's clerk reads the bureau's own.
    let page = clerk.get("/workbench/health").await.text().await.unwrap();
    assert!(page.contains("id=\"findings\""), "{page}");
    assert!(!page.contains("id=\"run-form\""), "{page}");
    // The workbench tells the clerk there is something to fix.
    let page = clerk.get("/workbench").await.text().await.unwrap();
    assert!(page.contains("id=\"health-box\""), "{page}");
    assert!(page.contains("2026-03-02检查："), "{page}");
}
