//! The annual report in Excel as the official tables (issue 19, item 6):
//! the demo bureau's published 2024 report, downloaded from its public
//! page as XLSX, has table 三 on its own sheet with the figures as numbers;
//! converted to PDF by LibreOffice Calc, that sheet prints the merged
//! header 申请人情况 over the applicant types and all 25 row labels of the
//! 2021 format (国办公开办函〔2021〕30号) in order.
//!
//! Without LibreOffice Calc or pdftotext the printing part prints `SKIPPED`
//! and passes, unless `GONGKAI_TEST_REQUIRE_ALL` is set, when it fails.

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;

use crate::helpers::{DbKind, TestApp, have, unavailable};

/// 白沙县交通运输局.
const BUREAU: &str = "119901219482199390";
const TITLE: &str = "白沙县交通运输局2024年政府信息公开工作年度报告";
const SHEET3: &str = "三（收到和处理政府信息公开申请情况）";

/// Table 三's row labels in the 2021 format, as the template prints them.
const LABELS: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// 本年新收 of 2024 by applicant, counted by hand from the demo's cases of
/// the bureau's last year (`crates/app/src/demo/past.rs`): 19 requests —
/// 李秀英 (twice), 王海涛, 刘晓燕, 陈志强, 孙伟, 赵丽娟, 周敏, 张建国, 郑德明
/// (10 natural persons); 顺达运输 and 通衢工程咨询, twice each (4 商业企业);
/// 交通科学研究院 (科研机构); 绿色出行促进会 (社会公益组织); the law firm,
/// twice (法律服务机构); 东街村股份经济合作社 (其他).
const NEW_RECEIVED: [i64; 7] = [10, 4, 1, 1, 2, 1, 19];

/// The applicant types under 申请人情况, left to right.
const APPLICANTS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first `vN` file name of the 2024 report page's downloads.
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

/// The workbook printed to PDF by LibreOffice Calc (a fresh profile), as
/// `pdftotext -layout` text; `None` (skipped) where either is missing.
fn printed(xlsx: &[u8]) -> Option<String> {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| have(p)) else {
        return unavailable("LibreOffice (Debian package libreoffice-calc)");
    };
    if !have("pdftotext") {
        return unavailable("pdftotext (poppler-utils)");
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let book = dir.path().join("report.xlsx");
    std::fs::write(&book, xlsx).unwrap();
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&book)
        .output()
        .unwrap();
    let pdf = dir.path().join("report.pdf");
    if !pdf.exists() {
        // Without Calc, LibreOffice has no filter for a workbook.
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return unavailable("LibreOffice Calc (Debian package libreoffice-calc)");
    }
    let text = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    Some(String::from_utf8_lossy(&text.stdout).into_owned())
}

/// The pages of table 三: from the page with its part title up to the
/// page of table 四.
fn table3_pages(text: &str) -> String {
    text.split('\u{c}')
        .skip_while(|p| !squash(p).contains("三、收到和处理政府信息公开申请情况"))
        .take_while(|p| !squash(p).contains("四、政府信息公开行政复议、行政诉讼情况"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line (index) and the column (in characters) where `needle` first
/// appears at or after line `from`.
fn locate(lines: &[&str], needle: &str, from: usize) -> (usize, usize) {
    lines
        .iter()
        .enumerate()
        .skip(from)
        .find_map(|(i, l)| l.find(needle).map(|at| (i, l[..at].chars().count())))
        .unwrap_or_else(|| panic!("“{needle}” not after line {from} in\n{}", lines.join("\n")))
}

/// The line and column of the first word (between blanks) `word` at or
/// after line `from`.
fn locate_word(lines: &[&str], word: &str, from: usize) -> (usize, usize) {
    for (i, line) in lines.iter().enumerate().skip(from) {
        for (col, (at, c)) in line.char_indices().enumerate() {
            let starts = at == 0 || line[..at].ends_with(char::is_whitespace);
            if !c.is_whitespace() && starts && line[at..].split_whitespace().next() == Some(word) {
                return (i, col);
            }
        }
    }
    panic!(
        "no word “{word}” after line {from} in\n{}",
        lines.join("\n")
    )
}

/// 申请人情况 on a line above the applicant types and centred over them
/// (between 自然人 and 总计), the header above the first row.
fn assert_merged_header(lines: &[&str]) {
    let (top, col) = locate(lines, "申请人情况", 0);
    let (orgs, _) = locate(lines, "法人或其他组织", 0);
    assert!(top < orgs, "申请人情况 above 法人或其他组织");
    let mut columns = Vec::new();
    for a in APPLICANTS {
        let (line, c) = locate_word(lines, a, top + 1);
        assert!(line > top, "{a} under 申请人情况");
        columns.push(c);
    }
    let header = lines[..locate(lines, "一、本年新收", 0).0].join("\n");
    assert!(
        columns.windows(2).all(|w| w[0] < w[1]),
        "{columns:?} in\n{header}"
    );
    assert!(
        columns[0] < col && col < columns[6],
        "申请人情况 at {col} spans the columns {columns:?}"
    );
    let (first_row, _) = locate(lines, "一、本年新收", 0);
    assert!(locate(lines, "商业企业", top).0 < first_row);
}

/// The 25 labels in order (a long label wraps in its cell: its first six
/// characters stay together).
fn assert_labels_in_order(lines: &[&str]) {
    let (from, _) = locate(lines, "一、本年新收", 0);
    let text = squash(&lines[from..].join("\n"));
    let mut at = 0;
    for label in LABELS {
        let head: String = label.chars().take(6).collect();
        let found = text[at..]
            .find(&head)
            .unwrap_or_else(|| panic!("“{label}” not after byte {at} of\n{text}"));
        at += found + head.len();
    }
}

#[tokio::test]
async fn the_published_report_xlsx_prints_table3_in_the_official_layout() {
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
    let r = app
        .get(&format!("/agencies/{BUREAU}/reports/2024/{v}.xlsx"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = r.bytes().await.unwrap().to_vec();

    // The sheet of table 三: title on top, the figures of 本年新收 as numbers.
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names()[1], SHEET3);
    let sheet = book.worksheet_range(SHEET3).unwrap();
    let cell = |row: u32, col: u32| sheet.get_value((row, col)).cloned();
    assert_eq!(cell(0, 0), Some(Data::String(TITLE.into())));
    assert_eq!(cell(6, 0), Some(Data::String(LABELS[0].into())));
    let figures: Vec<Option<Data>> = (3..10).map(|c| cell(6, c)).collect();
    let want: Vec<Option<Data>> = NEW_RECEIVED
        .iter()
        .map(|n| Some(Data::Float(*n as f64)))
        .collect();
    assert_eq!(figures, want);

    // Printed by LibreOffice Calc.
    let Some(text) = printed(&bytes) else {
        return;
    };
    let pages = table3_pages(&text);
    let lines: Vec<&str> = pages.lines().collect();
    assert!(squash(&pages).contains(TITLE), "{pages}");
    assert_merged_header(&lines);
    assert_labels_in_order(&lines);
    let (row, _) = locate(&lines, LABELS[0], 0);
    let printed: Vec<&str> = lines[row].split_whitespace().skip(1).collect();
    let want: Vec<String> = NEW_RECEIVED.iter().map(|n| n.to_string()).collect();
    assert_eq!(printed, want, "{}", lines[row]);
}
