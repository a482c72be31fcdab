//! Files that tell the truth (issue 19, item 5): the bureau's published
//! 2024 annual report downloaded from its public page is named with the
//! agency's full name, its DOCX carries the title and the agency as author
//! in its core properties (not docx-rs's “unknown”), and its PDF passes
//! `pdfinfo` without a syntax error, with the title and author set.

use std::io::Read;
use std::process::Command;

use reqwest::StatusCode;
use reqwest::header::CONTENT_DISPOSITION;

use crate::helpers::{DbKind, TestApp, have, require_all};

/// 白沙县交通运输局.
const BUREAU: &str = "119901219482199390";
const TITLE: &str = "白沙县交通运输局2024年政府信息公开工作年度报告";

/// The download of `file` of the 2024 report: its bytes and the name its
/// `Content-Disposition` gives (the UTF-8 `filename*`, decoded).
async fn download(app: &TestApp, file: &str) -> (Vec<u8>, String) {
    let r = app
        .get(&format!("/agencies/{BUREAU}/reports/2024/{file}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{file}");
    let disposition = r.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    let encoded = disposition.split("filename*=UTF-8''").nth(1).unwrap();
    let name = percent_decode(encoded);
    (r.bytes().await.unwrap().to_vec(), name)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The first `vN` file name of the report page's downloads.
async fn version(app: &TestApp) -> String {
    let html = app
        .get(&format!("/agencies/{BUREAU}/reports/2024"))
        .await
        .text()
        .await
        .unwrap();
    let at = html.find("/reports/2024/v").expect("a published version");
    let rest = &html[at + "/reports/2024/".len()..];
    rest.split('.').next().unwrap().to_string()
}

#[tokio::test]
async fn report_files_carry_the_agency_and_read_cleanly() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-12-28")
        .spawn()
        .await
    else {
        return;
    };
    gongkai_app::demo::seed_reports(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let v = version(&app).await;

    let (docx, name) = download(&app, &format!("{v}.docx")).await;
    assert_eq!(name, format!("{TITLE}.docx"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(
        core.contains(&format!("<dc:title>{TITLE}</dc:title>")),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>白沙县交通运输局</dc:creator>"),
        "{core}"
    );
    assert!(
        !core.contains("unknown") && !core.contains("1970"),
        "{core}"
    );

    let (pdf, name) = download(&app, &format!("{v}.pdf")).await;
    assert_eq!(name, format!("{TITLE}.pdf"));
    let (_, name) = download(&app, &format!("{v}.xlsx")).await;
    assert_eq!(name, format!("{TITLE}.xlsx"));
    if !have("pdfinfo") {
        assert!(!require_all(), "pdfinfo is required in this run");
        eprintln!("SKIPPED: poppler-utils not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&info.stderr);
    assert!(
        info.status.success() && stderr.trim().is_empty(),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&info.stdout);
    assert!(
        stdout.contains(&format!("Title:           {TITLE}")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Author:          白沙县交通运输局"),
        "{stdout}"
    );
}
