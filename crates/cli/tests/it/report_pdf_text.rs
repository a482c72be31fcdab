//! The platform's own report as a reader elsewhere gets it (issue 22): the
//! demo bureau's 2025 report exported to PDF, turned into text by
//! `pdftotext -layout` (cells separated by spaces, blank cells as gaps), and
//! read back by gongkai-parse — every cell of tables 二, 三 and 四 as
//! generated, and no finding the generated report does not have (both
//! checked against the bureau's 2024 report).

use std::collections::BTreeSet;
use std::process::Command;

use chrono::NaiveDate;
use gongkai_domain::report::AnnualReport;

use crate::helpers::{DbKind, have, unavailable};

const BUREAU: &str = "119901219482199390";

fn gongkai(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("run gongkai");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A finding as compared: rule, table, row, column.
fn places(findings: &serde_json::Value) -> BTreeSet<String> {
    findings
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {} {} {}", f["rule"], f["table"], f["row"], f["column"]))
        .collect()
}

#[tokio::test]
async fn the_demo_report_as_pdf_text_reads_back_cell_for_cell() {
    if !have("pdftotext") {
        return unavailable("pdftotext (poppler-utils)").unwrap_or(());
    }
    let Some((store, dir)) = crate::helpers::fresh_store(DbKind::Sqlite).await else {
        return;
    };
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
    gongkai_app::demo::seed_reports(store.as_ref(), day)
        .await
        .unwrap();
    let data = dir.path().to_str().unwrap();
    let base = [
        "report",
        "generate",
        "--data-dir",
        data,
        "--agency",
        BUREAU,
        "--year",
        "2025",
    ];
    let json: serde_json::Value =
        serde_json::from_slice(&gongkai(&[&base[..], &["--format", "json"]].concat()).stdout)
            .unwrap();
    let generated = AnnualReport::from_json(&json).unwrap();
    let pdf = dir.path().join("r.pdf");
    gongkai(
        &[
            &base[..],
            &["--format", "pdf", "--output", pdf.to_str().unwrap()],
        ]
        .concat(),
    );
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    if let Ok(keep) = std::env::var("GONGKAI_KEEP_PDF_TEXT") {
        std::fs::write(keep, &text).unwrap();
    }

    let parsed = gongkai_parse::parse_bytes("r.txt", text.as_bytes()).unwrap();
    assert!(parsed.missing.is_empty(), "missing: {:#?}", parsed.missing);
    assert!(
        parsed.ambiguous.is_empty(),
        "ambiguous: {:#?}",
        parsed.ambiguous
    );
    assert_eq!(parsed.year, Some(2025));
    assert_eq!(parsed.report.table2, generated.table2, "表二");
    assert_eq!(parsed.report.table3, generated.table3, "表三");
    assert_eq!(parsed.report.table4, generated.table4, "表四");

    // Checked as the generated report was: against last year's (AR-09).
    let last: serde_json::Value = serde_json::from_slice(
        &gongkai(&[
            "report",
            "generate",
            "--data-dir",
            data,
            "--agency",
            BUREAU,
            "--year",
            "2024",
        ])
        .stdout,
    )
    .unwrap();
    let last = AnnualReport::from_json(&last).unwrap();
    let checked = gongkai_parse::check::check_one(parsed, Some(&last));
    let read = places(&checked.to_json()["findings"]);
    let original = places(&json["findings"]);
    let extra: Vec<&String> = read.difference(&original).collect();
    assert!(extra.is_empty(), "findings the original lacks: {extra:?}");
}
