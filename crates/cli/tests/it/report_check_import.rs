//! The public check of annual reports: a supervisor imports a checked report
//! into the 年报 column of an agency of its subtree.

use reqwest::{Response, StatusCode};
use serde_json::Value;

use super::report_check::*;
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

// ---------------------------------------------------------------------------
// 3. Import

/// The hidden `report` field of the import form of report `index`.
fn import_json(html: &str, index: usize) -> String {
    let form = &html[html
        .find(&format!("id=\"report-{index}-import-form\""))
        .unwrap_or_else(|| panic!("an import form for report {index}: {html}"))..];
    let at = form.find("name=\"report\" value=\"").unwrap() + "name=\"report\" value=\"".len();
    unescape(form[at..].split('"').next().unwrap())
}

/// `POST /workbench/reports/import` as the check page's form sends it.
async fn import(app: &TestApp, agency: &str, report: &str, source: &str) -> Response {
    app.post_form(
        "/workbench/reports/import",
        &[
            ("agency", agency),
            ("year", "2020"),
            ("report", report),
            ("source", source),
        ],
        true,
    )
    .await
}

on_both_backends!(a_supervisor_imports_a_checked_report_for_an_agency_of_its_subtree);

async fn a_supervisor_imports_a_checked_report_for_an_agency_of_its_subtree(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2022-01-10").spawn().await else {
        return;
    };
    let bureau = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let city_bureau = app
        .store
        .agency_by_code(CITY_BUREAU)
        .await
        .unwrap()
        .unwrap();

    // The supervisor of the county checks corpus 000 (and the free-text 003).
    let supervisor = app.another_browser();
    assert_eq!(supervisor.login("supervisor", PASSWORD).await.status(), 303);
    let page = check_page(&supervisor, |f| {
        upload_onto(f, &[(NAME_000, CORPUS_000), (NAME_003, CORPUS_003)], None)
    })
    .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert_page_marks(&html, 1);
    assert!(html.contains("id=\"report-1-import\""));
    // Agencies of the county only.
    assert!(html.contains(&format!("<option value=\"{BUREAU}\"")));
    assert!(!html.contains(&format!("<option value=\"{CITY_BUREAU}\"")));
    let report = import_json(&html, 1);
    let json: Value = serde_json::from_str(&report).expect("the report's JSON");
    assert_eq!(json["format"], "2019");
    assert_eq!(json["year"], 2020);
    // The free-text report cannot be imported, and the page says so.
    assert!(html.contains("id=\"report-2-import\""));
    assert!(!html.contains("id=\"report-2-import-form\""));
    let section2 = &html[html.find("id=\"report-2\"").unwrap()..];
    assert!(section2.contains("自由文本"));
    assert!(section2.contains("不能导入"));

    // Before any import, the bureau's 2021 report cannot check its carry-over.
    let draft = supervisor
        .get(&format!("/workbench/reports/{BUREAU}/2021"))
        .await;
    assert_eq!(draft.status(), 200);
    let draft = draft.text().await.unwrap();
    assert!(draft.contains("未找到本机关2020年度的报告"), "{draft}");
    assert!(draft.contains("data-rule=\"AR-09\""));

    // A clerk may not import, and sees no import form.
    let clerk = app.another_browser();
    assert_eq!(clerk.login("clerk", PASSWORD).await.status(), 303);
    let clerk_page = check_page(&clerk, |f| upload_onto(f, &[(NAME_000, CORPUS_000)], None)).await;
    assert!(
        !clerk_page
            .text()
            .await
            .unwrap()
            .contains("id=\"report-1-import\"")
    );
    let refused = import(&clerk, BUREAU, &report, NAME_000).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Without an account: to the login page.
    let public = app.another_browser();
    let refused = import(&public, BUREAU, &report, NAME_000).await;
    assert!(refused.status().is_redirection(), "{}", refused.status());
    assert!(
        refused.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );

    // The supervisor may not import for an agency outside the county.
    let refused = import(&supervisor, CITY_BUREAU, &report, NAME_000).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("不在"));
    assert!(
        app.store
            .report_versions(city_bureau.id, 2020)
            .await
            .unwrap()
            .is_empty()
    );

    // Free text (corpus 003, read through the API) is refused.
    let free = api_reports(check_api(&app, upload(&[(NAME_003, CORPUS_003)], None)).await).await;
    assert_eq!(free[0]["format"], "free-text", "{}", free[0]);
    let refused = import(&supervisor, BUREAU, &free[0].to_string(), NAME_003).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("自由文本"));
    assert!(
        app.store
            .report_versions(bureau.id, 2020)
            .await
            .unwrap()
            .is_empty()
    );

    // Imported as the bureau's 2020 report.
    let imported = import(&supervisor, BUREAU, &report, NAME_000).await;
    assert_eq!(imported.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        imported.headers()["location"],
        format!("/agencies/{BUREAU}/reports/2020?version=1").as_str()
    );
    let versions = app.store.report_versions(bureau.id, 2020).await.unwrap();
    assert_eq!(versions.len(), 1, "the bureau's 2020 report");
    let note = versions[0].note.clone().unwrap_or_default();
    assert!(note.starts_with("导入："), "{note}");
    assert!(note.contains(NAME_000), "{note}");
    assert!(note.contains("周监督"), "{note}");
    assert_eq!(versions[0].report["agency"], "白沙县交通运输局");
    assert_eq!(versions[0].report["year"], 2020);
    // The platform checked it again: the blank cells are errors.
    assert!(
        versions[0].report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "AR-03" && f["row"] == "行政强制")
    );
    let audit = app.store.audit_entries(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "report.import" && e.agency_id == Some(bureau.id)),
        "{audit:?}"
    );

    // The public 年报 column shows it with the import note.
    let column = public
        .get(&format!("/agencies/{BUREAU}/reports"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        column.contains("白沙县交通运输局2020年政府信息公开工作年度报告"),
        "{column}"
    );
    let shown = public
        .get(&format!("/agencies/{BUREAU}/reports/2020"))
        .await;
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    assert!(shown.contains("id=\"import-note-1\""), "{shown}");
    let note_html = &shown[shown.find("id=\"import-note-1\"").unwrap()..];
    let note_html = &note_html[..note_html.find("</p>").unwrap()];
    assert!(note_html.contains("导入："));
    assert!(note_html.contains(NAME_000));
    assert!(shown.contains("第 1 版，公布日期 2022-01-10"));
    assert!(shown.contains(">1086<"), "the table as read");
    assert!(shown.contains("公开的内容较多"), "part 五 as read");

    // The bureau's 2021 report now has last year's figures for AR-09.
    let draft = supervisor
        .get(&format!("/workbench/reports/{BUREAU}/2021"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!draft.contains("未找到本机关2020年度的报告"), "{draft}");
    // No application in either year: both carry-overs are 0 (2020's blank
    // 总计 cannot be compared), so AR-09 has nothing to say.
    assert!(!draft.contains("data-rule=\"AR-09\""), "{draft}");

    // A second import adds version 2; version 1 stays.
    let again = import(&supervisor, BUREAU, &report, NAME_000).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        again.headers()["location"],
        format!("/agencies/{BUREAU}/reports/2020?version=2").as_str()
    );
    let versions = app.store.report_versions(bureau.id, 2020).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let shown = public
        .get(&format!("/agencies/{BUREAU}/reports/2020"))
        .await
        .text()
        .await
        .unwrap();
    assert!(shown.contains("第 2 版"), "{shown}");
    assert!(shown.contains("id=\"import-note-1\""));
    assert!(shown.contains("id=\"import-note-2\""));
    let old = public
        .get(&format!("/agencies/{BUREAU}/reports/2020?version=1"))
        .await
        .text()
        .await
        .unwrap();
    assert!(old.contains("这是旧版本"));
}
