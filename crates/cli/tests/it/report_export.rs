//! `gongkai report generate`: the demo's report exported in every format
//! (JSON, HTML, DOCX, XLSX, PDF), each opened by the program a reader would
//! use (LibreOffice, poppler) and its figures read back.

use std::process::Command;

use chrono::NaiveDate;
use gongkai_domain::report::{AnnualReport, RuleContext, validate};

use crate::helpers::{DbKind, have, require_all};

const BUREAU: &str = "119901219482199390";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("run gongkai")
}

#[tokio::test]
async fn report_generate_exports_the_demo_report_in_every_format() {
    let Some((store, dir)) = crate::helpers::fresh_store(DbKind::Sqlite).await else {
        return;
    };
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    gongkai_app::demo::seed_reports(store.as_ref(), d("2026-02-15"))
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

    // JSON: the shape, and AR-05 … AR-09 hold (2024 is published).
    let out = gongkai(&[&base[..], &["--format", "json"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "2021");
    assert_eq!(json["year"], 2025);
    assert_eq!(json["table3"].as_object().unwrap().len(), 25);
    assert_eq!(json["table4"].as_array().unwrap().len(), 15);
    assert_eq!(json["parts"].as_object().unwrap().len(), 6);
    let report = AnnualReport::from_json(&json).unwrap();
    let last = AnnualReport::from_json(
        &serde_json::from_slice(
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
        .unwrap(),
    )
    .unwrap();
    let findings = validate(
        &report,
        &RuleContext {
            previous: Some(&last),
            ..RuleContext::default()
        },
    );
    let broken: Vec<_> = findings
        .iter()
        .filter(|f| ["AR-05", "AR-06", "AR-07", "AR-08", "AR-09"].contains(&f.rule))
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "E"),
        "{}",
        json["findings"]
    );

    // XLSX read back with calamine equals the JSON.
    let xlsx = dir.path().join("r.xlsx");
    let out = gongkai(
        &[
            &base[..],
            &["--format", "xlsx", "--output", xlsx.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        xlsx_tables(&xlsx),
        (
            json["table2"].clone(),
            json["table3"].clone(),
            json["table4"].clone()
        )
    );

    // DOCX → LibreOffice → PDF text: the 25 row labels of table 三 in order.
    let docx = dir.path().join("r.docx");
    let out = gongkai(
        &[
            &base[..],
            &["--format", "docx", "--output", docx.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // PDF typeset by typst: CJK fonts embedded.
    let pdf = dir.path().join("r.pdf");
    let out = gongkai(
        &[
            &base[..],
            &["--format", "pdf", "--output", pdf.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if !(have("libreoffice") && have("pdftotext") && have("pdffonts")) {
        assert!(
            !require_all(),
            "libreoffice, pdftotext and pdffonts are required in this run"
        );
        eprintln!("SKIPPED: libreoffice/poppler-utils not installed");
        return;
    }
    let profile = tempfile::tempdir().unwrap();
    let converted = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("lo"))
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let text = pdf_text(&dir.path().join("lo/r.pdf"));
    let labels: Vec<&str> = gongkai_domain::vocabulary::ReportFormat::Y2021
        .table3_rows()
        .iter()
        .map(|r| r.item_label())
        .collect();
    assert_eq!(labels.len(), 25);
    let mut at = 0;
    for label in labels {
        let wanted: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        // Long labels wrap inside their cell; their first 6 characters stay together.
        let head: String = wanted.chars().take(6).collect();
        let found = text[at..]
            .find(&head)
            .unwrap_or_else(|| panic!("“{label}” not after position {at} in {text}"));
        at += found + head.len();
    }
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.lines().any(|l| l.contains("CJK") && l.split_whitespace().filter(|w| *w == "yes").count() >= 2),
        "{fonts}"
    );
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Tables 二, 三 and 四 rebuilt in the JSON shape from the workbook's sheet
/// 数据 (表, 区块, 行, 列, 序号, 数值, 标签: one row per value).
fn xlsx_tables(
    path: &std::path::Path,
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use serde_json::{Map, Value, json};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let number = |c: &Data| match c {
        Data::Int(i) => json!(i),
        Data::Float(f) if f.fract() == 0.0 => json!(*f as i64),
        Data::Float(f) => json!(f),
        Data::String(s) => json!(s),
        _ => Value::Null,
    };
    let data = book.worksheet_range("数据").unwrap();
    let (mut t2, mut t3) = (Map::new(), Map::new());
    let mut t4 = vec![Value::Null; 15];
    for row in data.rows().skip(1) {
        let s = |i: usize| row[i].to_string();
        let index = || number(&row[4]).as_u64().unwrap() as usize;
        match s(0).as_str() {
            "table2" => {
                let block = t2.entry(s(1)).or_insert_with(|| json!({}));
                let r = block
                    .as_object_mut()
                    .unwrap()
                    .entry(s(2))
                    .or_insert_with(|| json!({}));
                r.as_object_mut().unwrap().insert(s(3), number(&row[5]));
            }
            "table3" => {
                let r = t3
                    .entry(s(2))
                    .or_insert_with(|| Value::Array(vec![Value::Null; 7]));
                r.as_array_mut().unwrap()[index()] = number(&row[5]);
            }
            "table4" => t4[index()] = number(&row[5]),
            _ => {}
        }
    }
    (Value::Object(t2), Value::Object(t3), Value::Array(t4))
}
