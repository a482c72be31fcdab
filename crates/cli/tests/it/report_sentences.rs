//! The annual report's ready sentences from the participation registers
//! (issue 20 item 5): the editor's report page offers, beside the tables,
//! a sentence per register with the year's figures.

use chrono::NaiveDate;
use gongkai_app::demo;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const BUREAU: &str = "119901219482199390";

on_both_backends!(the_report_page_offers_the_registers_figures_as_sentences);

async fn the_report_page_offers_the_registers_figures_as_sentences(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-15").spawn().await else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap();
    demo::seed_content(app.store.as_ref(), today).await.unwrap();
    app.login("editor", demo::DEMO_PASSWORD).await;
    let html = app
        .get(&format!("/workbench/reports/{BUREAU}/2025"))
        .await
        .text()
        .await
        .unwrap();
    // The demo's questions, asked 1, 8, 20, 15 and 12 working days before
    // Monday 15 December 2025 — all in 2025: the one asked 20 days before is
    // answered 3 working days later and published with consent, the one asked
    // 15 days before answered after 4 (both within the default 5 working
    // days), the one asked 12 days before referred to 信访, two still open.
    assert!(
        html.contains(
            "通过政民互动渠道收到咨询5件，答复2件（按期答复2件），告知通过其他渠道反映1件；经提问人同意公开答复1件。"
        ),
        "{html}"
    );
    // The open consultation (published 3 working days ago) counts in 2025.
    assert!(html.contains("2025年，本机关公开征求意见"), "{html}");
    // The county government has no questions of its own: no such sentence.
    let supervisor = app.another_browser();
    supervisor.login("supervisor", demo::DEMO_PASSWORD).await;
    let county = supervisor
        .get("/workbench/reports/11990121082462814Y/2025")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        county.contains("本机关"),
        "the county's report page: {county}"
    );
    assert!(!county.contains("政民互动渠道"));
}
