//! `POST /api/v1/reports/check` with a ZIP of reports, checked across years
//! against the platform's own published report (issue 22, item 5): the API
//! checks by the same command as the check page (`report_check::check_upload`).
//!
//! The figures compared are those the demo is built to give, as its own test
//! states them (`crates/app/src/demo/tests.rs`): the bureau's 2025 report has
//! 上年结转 3 in all and AR-09 holds, so its published 2024 report has
//! 结转下年度继续办理 总计 3; it is published on 2025-01-22 (the 15th working
//! day of January, as `report_bulk.rs` states). The upload below says 上年结转
//! 自然人 99 (more than that whole total) and 总计 3, other cells blank.

use chrono::NaiveDate;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::report_bulk::zip_of;
use crate::report_check::{api_reports, check_api, findings};

/// A 2025 report of 白沙县交通运输局 (named in its title) with table 三's
/// first two rows; `agency` replaces the name.
fn report_of(agency: &str) -> String {
    format!(
        "{agency}2025年政府信息公开工作年度报告
一、总体情况
2025年，本机关依法做好政府信息公开工作。
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况
 | 自然人 | 法人或其他组织 | 总计
 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0
二、上年结转政府信息公开申请数量 | 99 |  |  |  |  |  | 3
"
    )
}

fn zip_form(zip: Vec<u8>) -> Form {
    Form::new().part(
        "files",
        Part::bytes(zip)
            .file_name("reports.zip")
            .mime_str("application/zip")
            .unwrap(),
    )
}

fn messages(findings: &[&Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("[{}] {}", f["severity"], f["message"]))
        .collect()
}

on_both_backends!(a_zip_sent_to_the_api_is_compared_with_the_platforms_published_report);

async fn a_zip_sent_to_the_api_is_compared_with_the_platforms_published_report(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-02-15").spawn().await else {
        return;
    };
    let day = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
    gongkai_app::demo::seed_reports(app.store.as_ref(), day)
        .await
        .unwrap();
    let ours = report_of("白沙县交通运输局");
    let elsewhere = report_of("某某县交通运输局");
    let zip = zip_of(&[
        ("2025/bureau.txt", ours.as_bytes()),
        ("2025/other.txt", elsewhere.as_bytes()),
    ]);
    let reports = api_reports(check_api(&app, zip_form(zip)).await).await;
    assert_eq!(reports.len(), 2, "{reports:#?}");
    let (bureau, other) = (&reports[0], &reports[1]);
    assert_eq!(bureau["source"], "reports.zip/2025/bureau.txt");
    assert_eq!(bureau["agency"], "白沙县交通运输局");

    // The bureau's 2024 report is on the platform: compared with it, and said so.
    let notes = bureau["notes"].to_string();
    assert!(
        notes.contains(
            "跨年度核对（AR-09 上年结转等）使用了本平台已公布的《白沙县交通运输局2024年政府信息公开工作年度报告》（2025年1月22日公布）"
        ),
        "{notes}"
    );
    let ar09 = findings(bureau, "AR-09");
    // 自然人 99 cannot be last year's carry-over (3 in all); 总计 3 is.
    assert!(
        ar09.iter().any(|f| f["severity"] == "E"
            && f["column"] == "自然人"
            && f["message"]
                .as_str()
                .is_some_and(|m| m.contains("上年结转填写为99，而2024年度报告"))),
        "{:?}",
        messages(&ar09)
    );
    assert!(
        ar09.iter()
            .all(|f| f["column"] != "总计" && f["severity"] == "E"),
        "{:?}",
        messages(&ar09)
    );

    // An agency the platform does not have: last year is unknown (a warning).
    assert!(!other["notes"].to_string().contains("本平台已公布"));
    let ar09 = findings(other, "AR-09");
    assert!(
        !ar09.is_empty() && ar09.iter().all(|f| f["severity"] == "W"),
        "{:?}",
        messages(&ar09)
    );
    assert!(
        ar09[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("未找到本机关2024年度的报告"))
    );
}
