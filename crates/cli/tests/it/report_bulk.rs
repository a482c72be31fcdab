//! `gongkai report check DIR --summary summary.xlsx` (issue 22, item 4): a
//! folder of the demo's own reports — the bureau's 2020 (2019 format) and
//! 2025 reports, the county government's 2025 report — with a file that
//! cannot be read, a symbolic link and a manifest beside them, checked in
//! bulk; the workbook is read back with calamine.
//!
//! The figures expected are those the demo is built to give, as its own
//! test states them (`crates/app/src/demo/tests.rs`,
//! `demo_reports_are_complete_and_publishable`, today 2026-02-15):
//! bureau 2025: 上年结转 3, 本年新收 19, 结转下年度 2, so 总计 3+19−2 = 20;
//! table 四 [1,0,0,1,2, 1,0,0,0,1, 0,0,0,0,0], so 复议 2 and 诉讼 1+0 = 1;
//! bureau 2020: 上年结转 2, 本年新收 10, 结转 2, so 总计 10, of which
//! （六）其他处理 2; government 2025: 本年新收 19 + 8 = 27.

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;

use crate::helpers::DbKind;

const BUREAU: &str = "119901219482199390";
const GOVERNMENT: &str = "11990121082462814Y";
const BUREAU_NAME: &str = "白沙县交通运输局";
const GOVERNMENT_NAME: &str = "青山市白沙县人民政府";

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("run gongkai")
}

fn generate(data: &str, agency: &str, year: &str, format: &str, output: &Path) {
    let out = gongkai(&[
        "report",
        "generate",
        "--data-dir",
        data,
        "--agency",
        agency,
        "--year",
        year,
        "--format",
        format,
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A sheet as text rows (numbers as written by `{}`), header row first.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("an XLSX");
    let range = wb.worksheet_range(name).expect(name);
    range
        .rows()
        // Row 1 is the title, row 2 what the sheet holds, row 3 the labels.
        .skip(2)
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn column(header: &[String], label: &str) -> usize {
    header
        .iter()
        .position(|h| h == label)
        .unwrap_or_else(|| panic!("column {label} in {header:?}"))
}

#[tokio::test]
async fn a_folder_of_demo_reports_is_summarised_in_a_workbook() {
    let Some((store, dir)) = crate::helpers::fresh_store(DbKind::Sqlite).await else {
        return;
    };
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap();
    gongkai_app::demo::seed_reports(store.as_ref(), day)
        .await
        .unwrap();
    let data = dir.path().to_str().unwrap();
    let reports = tempfile::tempdir().unwrap();
    let root = reports.path();
    std::fs::create_dir(root.join("2020")).unwrap();
    generate(data, BUREAU, "2025", "html", &root.join("bureau-2025.html"));
    generate(
        data,
        GOVERNMENT,
        "2025",
        "docx",
        &root.join("government-2025.docx"),
    );
    generate(
        data,
        BUREAU,
        "2020",
        "html",
        &root.join("2020/bureau-2020.html"),
    );
    // A damaged Word file: listed as unreadable.
    std::fs::write(root.join("broken.docx"), b"PK\x03\x04 not really a zip").unwrap();
    // Not reports, or not followed: skipped.
    std::fs::write(root.join("manifest.csv"), "网址,文件\n").unwrap();
    std::os::unix::fs::symlink(root.join("bureau-2025.html"), root.join("link.html")).unwrap();

    let xlsx = root.join("summary.xlsx");
    let out = gongkai(&[
        "report",
        "check",
        root.to_str().unwrap(),
        "--summary",
        xlsx.to_str().unwrap(),
        "--platform",
        "--data-dir",
        data,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "a file is unreadable: {stderr}");
    assert!(
        stderr.contains("跳过 1 个符号链接、1 个不是报告的文件"),
        "{stderr}"
    );
    // Not a terminal here: a plain line per file.
    assert!(stderr.contains("已读取 4/4"), "{stderr}");

    let rows = sheet(&xlsx, "汇总");
    let header = &rows[0];
    let lines = &rows[1..];
    // In name order, the folder first: 2020/…, broken, bureau-2025, government-2025.
    let files: Vec<&str> = lines
        .iter()
        .map(|r| r[0].rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "bureau-2020.html",
            "broken.docx",
            "bureau-2025.html",
            "government-2025.docx"
        ]
    );
    let at = |line: usize, label: &str| lines[line][column(header, label)].clone();
    assert_eq!(at(0, "机关"), BUREAU_NAME);
    assert_eq!(at(0, "年度"), "2020");
    assert_eq!(at(0, "格式"), "2019年格式");
    assert_eq!(at(0, "本年新收申请（件）"), "10");
    assert_eq!(at(0, "其他处理（件）"), "2");
    assert_eq!(at(0, "办理结果总计（件）"), "10");
    // The 2019 format states no 行政事业性收费 amount.
    assert_eq!(at(0, "行政事业性收费（万元）"), "");

    assert_eq!(at(1, "机关"), "");
    assert!(at(1, "说明").starts_with("无法读取"), "{:?}", lines[1]);
    assert_eq!(at(1, "错误"), "");

    assert_eq!(at(2, "机关"), BUREAU_NAME);
    assert_eq!(at(2, "年度"), "2025");
    assert_eq!(at(2, "格式"), "2021年格式");
    assert_eq!(at(2, "本年新收申请（件）"), "19");
    assert_eq!(at(2, "办理结果总计（件）"), "20");
    assert_eq!(at(2, "行政复议（件）"), "2");
    assert_eq!(at(2, "行政诉讼（件）"), "1");
    // The platform's published 2024 report was the previous year (AR-09),
    // published on the 15th working day of January 2025 (demo test).
    assert!(
        at(2, "说明")
            .contains("《白沙县交通运输局2024年政府信息公开工作年度报告》（2025年1月22日公布）"),
        "{:?}",
        at(2, "说明")
    );

    assert_eq!(at(3, "机关"), GOVERNMENT_NAME);
    assert_eq!(at(3, "本年新收申请（件）"), "27");

    // Every finding is in 问题明细, and the counts of 汇总 agree with it.
    let findings = sheet(&xlsx, "问题明细");
    for (i, line) in lines.iter().enumerate().filter(|(i, _)| *i != 1) {
        let of_file: Vec<_> = findings[1..].iter().filter(|f| f[0] == line[0]).collect();
        let errors = of_file.iter().filter(|f| f[2] == "错误").count();
        assert_eq!(at(i, "错误"), errors.to_string(), "{}", line[0]);
        assert_eq!(
            at(i, "提示"),
            (of_file.len() - errors).to_string(),
            "{}",
            line[0]
        );
    }

    // 年度对比: the bureau's 2020 and 2025 side by side; the government
    // has one year only.
    let years = sheet(&xlsx, "年度对比");
    let new = years
        .iter()
        .find(|r| r[0] == BUREAU_NAME && r[1] == "本年新收申请（件）")
        .expect("the bureau's applications compared");
    assert_eq!(new[2..], ["2020", "10", "2025", "19", "9"]);
    assert!(years[1..].iter().all(|r| r[0] == BUREAU_NAME), "{years:?}");
}

// ---------------------------------------------------------------------------
// The check page: a ZIP of reports, and the summary workbook to download.

/// Corpus `000_…` (a county bureau's 2020 report, 2019 format), read by
/// hand: table 二 第二十条第（一）项 本年新公开数量 规章 0 + 规范性文件 5 = 5;
/// table 三's 总计 column is blank throughout (so no figure of it); table
/// 四 all 0.
const CORPUS_000: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../parse/tests/corpus/000_a83da41d4916728f.txt"
));

pub(crate) fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

async fn post_zip(app: &crate::helpers::TestApp, path: &str, zip: &[u8]) -> reqwest::Response {
    let page = app.get("/reports/check").await.text().await.unwrap();
    let marker = "<input type=\"hidden\" name=\"_csrf\" value=\"";
    let at = page.find(marker).expect("the form's token") + marker.len();
    let token = page[at..].split('"').next().unwrap().to_string();
    assert!(
        page.contains("formaction=\"/reports/check/summary.xlsx\""),
        "{page}"
    );
    let form = reqwest::multipart::Form::new().text("_csrf", token).part(
        "files",
        reqwest::multipart::Part::bytes(zip.to_vec())
            .file_name("reports.zip")
            .mime_str("application/zip")
            .unwrap(),
    );
    app.client
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

crate::on_both_backends!(a_zip_of_reports_is_checked_and_summarised_on_the_page);

async fn a_zip_of_reports_is_checked_and_summarised_on_the_page(kind: DbKind) {
    let Some(app) = crate::helpers::TestApp::builder(kind)
        .on("2026-01-20")
        .spawn()
        .await
    else {
        return;
    };
    let zip = zip_of(&[
        ("reports/000.txt", CORPUS_000),
        ("../outside.txt", CORPUS_000),
        ("reports/broken.docx", b"PK\x03\x04 not really"),
        ("reports/list.xlsx", b"ignored"),
    ]);
    let page = post_zip(&app, "/reports/check", &zip).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("检查结果（2 份）"), "{html}");
    assert!(html.contains("reports.zip/reports/000.txt"), "{html}");
    assert!(!html.contains("outside.txt"), "a climbing name is ignored");
    assert!(
        html.contains("<td class=\"num\" data-figure=\"行政复议（件）\">0</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"num\" data-figure=\"本年新收申请（件）\"></td>"),
        "{html}"
    );

    let download = post_zip(&app, "/reports/check/summary.xlsx", &zip).await;
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = download.bytes().await.unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    let rows = sheet(file.path(), "汇总");
    let header = &rows[0];
    assert_eq!(rows.len(), 3, "{rows:?}");
    let at = |line: usize, label: &str| rows[line][column(header, label)].clone();
    assert_eq!(at(1, "文件"), "reports.zip/reports/000.txt");
    assert_eq!(at(1, "年度"), "2020");
    assert_eq!(at(1, "主动公开规章和规范性文件（件）"), "5");
    assert_eq!(at(1, "本年新收申请（件）"), "");
    assert_eq!(at(1, "行政复议（件）"), "0");
    assert_eq!(at(1, "行政诉讼（件）"), "0");
    assert_eq!(at(2, "文件"), "reports.zip/reports/broken.docx");
    assert!(at(2, "说明").starts_with("无法读取"), "{:?}", rows[2]);
}
