//! Annual reports checked as PDF (issue 22, item 3): the demo bureau's 2025
//! report generated as PDF and as HTML reads the same — every cell of tables
//! 二, 三 and 四 and the same findings — through `gongkai report check`, the
//! check page's upload and `POST /api/v1/reports/check`; a PDF without a
//! text layer (a scan) is refused everywhere with the reason and what to do.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use chrono::NaiveDate;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{DbKind, TestApp, have, unavailable};

const BUREAU: &str = "119901219482199390";

/// What the reader says of a PDF with no text (written out here, as the
/// person reads it).
const NO_TEXT: &str =
    "该PDF没有文字层（可能是扫描件），无法读取表格；请上传网页、Word版或可复制文字的PDF。";

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("run gongkai")
}

/// The demo bureau's 2025 report as HTML and as PDF (bytes).
async fn demo_report() -> Option<(Vec<u8>, Vec<u8>, tempfile::TempDir)> {
    let (store, dir) = crate::helpers::fresh_store(DbKind::Sqlite).await?;
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
    gongkai_app::demo::seed_reports(store.as_ref(), day)
        .await
        .unwrap();
    let data = dir.path().to_str().unwrap().to_string();
    let mut files = Vec::new();
    for format in ["html", "pdf"] {
        let path = dir.path().join(format!("report.{format}"));
        let out = gongkai(&[
            "report",
            "generate",
            "--data-dir",
            &data,
            "--agency",
            BUREAU,
            "--year",
            "2025",
            "--format",
            format,
            "--output",
            path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        files.push(std::fs::read(&path).unwrap());
    }
    let pdf = files.pop().unwrap();
    let html = files.pop().unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    Some((html, pdf, dir))
}

/// A finding as compared: rule, table, row, column.
fn places(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {} {} {}", f["rule"], f["table"], f["row"], f["column"]))
        .collect()
}

/// The PDF's reading is the HTML's: the same tables, nothing missing or
/// ambiguous, the same findings.
fn assert_same_reading(pdf: &Value, html: &Value) {
    assert_eq!(pdf["input"], "pdf");
    assert_eq!(html["input"], "html");
    assert_eq!(pdf["year"], 2025);
    for table in ["table2", "table3", "table4"] {
        assert_eq!(pdf[table], html[table], "{table}");
    }
    assert_eq!(pdf["missing"], Value::Array(vec![]), "{}", pdf["missing"]);
    assert_eq!(
        pdf["ambiguous"],
        Value::Array(vec![]),
        "{}",
        pdf["ambiguous"]
    );
    assert_eq!(places(pdf), places(html));
}

/// A one-page PDF holding only a picture (a 2×2 grey image), as a scanner
/// writes it: no text operators at all. Offsets are counted as written.
fn scanned_pdf() -> Vec<u8> {
    let objects: [&[u8]; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] \
          /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray \
          /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
        b"<< /Length 30 >>\nstream\nq 200 0 0 200 0 0 cm /Im1 Do Q\nendstream",
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

#[tokio::test]
async fn a_pdf_report_is_checked_by_the_cli_as_its_html_is() {
    if !have("pdftotext") {
        return unavailable("pdftotext (poppler-utils)").unwrap_or(());
    }
    let Some((_, _, dir)) = demo_report().await else {
        return;
    };
    let check = |name: &str| -> Value {
        let path = dir.path().join(name);
        let out = gongkai(&["report", "check", "--json", path.to_str().unwrap()]);
        // 0 or 1 (findings); 2 would be "could not be read".
        assert_ne!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_same_reading(&check("report.pdf"), &check("report.html"));

    // The summary names the input as a PDF.
    let pdf = dir.path().join("report.pdf");
    let out = gongkai(&["report", "check", pdf.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("PDF（文字层）"));

    // A scan: exit code 2, the reason on standard error.
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, scanned_pdf()).unwrap();
    let out = gongkai(&["report", "check", scan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(NO_TEXT), "{stderr}");
}

fn upload(name: &str, bytes: &[u8], token: Option<&str>) -> Form {
    let form = match token {
        Some(t) => Form::new().text("_csrf", t.to_string()),
        None => Form::new(),
    };
    form.part(
        "files",
        Part::bytes(bytes.to_vec())
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap(),
    )
}

/// The page's upload form token.
async fn token(app: &TestApp) -> String {
    let html = app.get("/reports/check").await.text().await.unwrap();
    let marker = "<input type=\"hidden\" name=\"_csrf\" value=\"";
    let at = html.find(marker).expect("the form's token") + marker.len();
    html[at..].split('"').next().unwrap().to_string()
}

async fn page(app: &TestApp, name: &str, bytes: &[u8]) -> (u16, String) {
    let t = token(app).await;
    let r = app
        .client
        .post(app.url("/reports/check"))
        .multipart(upload(name, bytes, Some(&t)))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn api(app: &TestApp, name: &str, bytes: &[u8]) -> Value {
    let r = app
        .client
        .post(app.url("/api/v1/reports/check"))
        .multipart(upload(name, bytes, None))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    body["reports"][0].clone()
}

/// The row of the results summary, without its file name.
fn summary_row(html: &str) -> String {
    let table = &html[html.find("id=\"results-summary\"").expect("summary")..];
    let row = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    let cells: Vec<&str> = row.split("<td").collect();
    // [prefix, #, file, format, year, agency, result]: drop the file name.
    cells
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, c)| *c)
        .collect()
}

#[tokio::test]
async fn a_pdf_report_is_checked_on_the_page_and_through_the_api() {
    if !have("pdftotext") {
        return unavailable("pdftotext (poppler-utils)").unwrap_or(());
    }
    let Some((html, pdf, _dir)) = demo_report().await else {
        return;
    };
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2026-02-15")
        .spawn()
        .await
    else {
        return;
    };
    assert_same_reading(
        &api(&app, "report.pdf", &pdf).await,
        &api(&app, "report.html", &html).await,
    );

    let (status, from_pdf) = page(&app, "报告.pdf", &pdf).await;
    assert_eq!(status, 200, "{from_pdf}");
    let (status, from_html) = page(&app, "报告.html", &html).await;
    assert_eq!(status, 200);
    assert_eq!(summary_row(&from_pdf), summary_row(&from_html));
    assert!(from_pdf.contains("PDF（文字层）"));

    // A scan: listed with the reason (API), nothing readable (page, 422).
    let scan = scanned_pdf();
    let entry = api(&app, "扫描件.pdf", &scan).await;
    assert_eq!(entry["source"], "扫描件.pdf");
    assert_eq!(entry["error"], NO_TEXT);
    let (status, html) = page(&app, "扫描件.pdf", &scan).await;
    assert_eq!(status, 422);
    assert!(html.contains(NO_TEXT), "{html}");
}
