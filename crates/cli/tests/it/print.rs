//! Issue 21 item 5: pages print cleanly on A4. Chromium prints (WebDriver's
//! “print page”) an item page, the guide, a report page and the applicant's
//! tracking page; poppler reads the PDF: A4 (595 × 842 pt), the page's main
//! heading in it, and none of the site's chrome — the skip link, the menu,
//! the breadcrumbs, the column's buttons, the footer — unless the page's
//! own content says the same words.

use std::process::Command;

use fantoccini::wd::PrintConfiguration;
use fantoccini::{Client, Locator};

use crate::browser::browser;
use crate::column_browser::{BUREAU, TODAY, column_pages};
use crate::helpers::{DbKind, TestApp, have, unavailable};

/// The chrome's texts: skip link, menu and display links, breadcrumbs,
/// the column's buttons, the footer's links and lines.
const CHROME: &[&str] = &[
    "跳到主要内容",
    "菜单",
    "机构导航",
    "信息检索",
    "申请查询",
    "工作人员登录",
    "标准版",
    "大字版",
    "高对比度",
    "当前位置",
    "依申请公开",
    "查询申请办理进度",
    "订阅",
    "联系我们",
    "网站地图",
    "隐私声明",
    "无障碍声明",
    "国务院令第711号",
];

/// The text of `main` less the column's header and every `nav`.
const OWN_CONTENT: &str = r#"
const main = document.querySelector('main').cloneNode(true);
main.querySelectorAll('#column-head, nav').forEach(e => e.remove());
return main.textContent;
"#;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `pdfinfo`'s page size and `pdftotext`'s text of `pdf`.
fn read(pdf: &[u8]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.pdf");
    std::fs::write(&path, pdf).unwrap();
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    assert!(info.status.success());
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default()
        .to_string();
    (size, String::from_utf8_lossy(&text.stdout).into_owned())
}

/// The page size `Page size:       595.276 x 841.89 pts (A4)` as (w, h).
fn points(size: &str) -> (f64, f64) {
    let nums: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// Prints the page in the browser and checks the PDF; problems are
/// collected, not panicked, so that one run names them all.
async fn check_print(
    c: &Client,
    name: &str,
    problems: &mut Vec<String>,
) -> Result<(), fantoccini::error::CmdError> {
    let heading = c.find(Locator::Css("main h1")).await?.text().await?;
    // The page's own content: main without the column's header and menus
    // (which the page draws inside main).
    let main = c.execute(OWN_CONTENT, vec![]).await?;
    let main = main.as_str().unwrap_or_default();
    let pdf = c
        .print(PrintConfiguration::builder().build().expect("A4"))
        .await?;
    let (size, text) = read(&pdf);
    let (w, h) = points(&size);
    if (w - 595.0).abs() > 1.0 || (h - 842.0).abs() > 1.0 {
        problems.push(format!("{name}: printed on {size}, not A4"));
    }
    let text = squash(&text);
    if !text.contains(&squash(&heading)) {
        problems.push(format!("{name}: the heading “{heading}” is not printed"));
    }
    for chrome in CHROME {
        if !main.contains(chrome) && text.contains(chrome) {
            problems.push(format!("{name}: the chrome's “{chrome}” is printed"));
        }
    }
    Ok(())
}

#[tokio::test]
async fn item_guide_report_and_tracking_pages_print_on_a4_without_chrome() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).on(TODAY).spawn().await else {
        return;
    };
    if !have("pdftotext") || !have("pdfinfo") {
        unavailable::<()>("pdftotext and pdfinfo (poppler-utils)");
        return;
    }
    let pages: Vec<_> = column_pages(&app)
        .await
        .into_iter()
        .filter(|p| ["指南", "信息页", "年度报告"].contains(&p.name))
        .collect();
    assert_eq!(pages.len(), 3);
    let (number, code, _) = app.apply(&"p".repeat(64)).await;
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let mut problems = Vec::new();
    let outcome = async {
        for p in &pages {
            c.goto(&app.url(&p.path)).await?;
            check_print(&c, p.name, &mut problems).await?;
        }
        // The applicant signs in with the number and the query code.
        c.goto(&app.url("/track")).await?;
        c.find(Locator::Id("track-number"))
            .await?
            .send_keys(&number)
            .await?;
        c.find(Locator::Id("track-code"))
            .await?
            .send_keys(&code)
            .await?;
        c.find(Locator::Id("track-submit")).await?.click().await?;
        c.wait().for_element(Locator::Id("case-number")).await?;
        check_print(&c, "查询页", &mut problems).await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
    assert!(
        problems.is_empty(),
        "{} problems ({BUREAU}):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
