//! Issue 21 item 4 in headless Chromium: the column's header as a visitor
//! sees it — the agency, the four tabs, 依申请公开 (with 查询申请办理进度)
//! and 订阅 — reads the same on the guide, the rules, the catalogue, an item
//! and a report page, and the breadcrumbs read “当前位置：首页 › … › 当前页”,
//! ending in the page itself. (`portal.rs` compares the HTML over HTTP.)

use fantoccini::{Client, Locator};

use crate::browser::{browser, published_item};
use crate::helpers::{DbKind, TestApp};

/// 白沙县交通运输局, the demo's agency with items and reports.
pub const BUREAU: &str = "119901219482199390";
pub const TODAY: &str = "2025-12-28";
/// A published annual report of the demo (`demo::seed_reports`).
pub const YEAR: i32 = 2024;

/// The crumbs down to the bureau: the demo tree's short names.
const TRAIL: &str = "当前位置：首页 › 省政府 › 青山市政府 › 白沙县政府 › 县交通运输局";

/// A page of the column: what to call it, its path, and its last crumb.
pub struct ColumnPage {
    pub name: &'static str,
    pub path: String,
    pub here: String,
}

/// The demo with its content and reports; the pages of the column.
pub async fn column_pages(app: &TestApp) -> Vec<ColumnPage> {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let store = app.store.as_ref();
    gongkai_app::demo::seed_content(store, today).await.unwrap();
    gongkai_app::demo::seed_reports(store, today).await.unwrap();
    let item = published_item(app, BUREAU).await;
    let column = format!("/agencies/{BUREAU}");
    let page = |name, path: String, here: &str| ColumnPage {
        name,
        path,
        here: here.to_string(),
    };
    vec![
        page("指南", format!("{column}/guide"), "政府信息公开指南"),
        page("制度", format!("{column}/rules"), "政府信息公开制度"),
        page("目录", format!("{column}/catalogue"), "法定主动公开内容"),
        ColumnPage {
            name: "信息页",
            path: format!("/items/{}", item.id),
            here: format!("法定主动公开内容 › {}", item.snapshot.metadata.title),
        },
        page(
            "年度报告",
            format!("{column}/reports/{YEAR}"),
            "政府信息公开年报 › 2024年度",
        ),
    ]
}

async fn texts(c: &Client, css: &str) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await? {
        if e.is_displayed().await? {
            out.push(e.text().await?);
        }
    }
    Ok(out)
}

#[tokio::test]
async fn the_column_header_and_breadcrumbs_read_the_same_on_every_page() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).on(TODAY).spawn().await else {
        return;
    };
    let pages = column_pages(&app).await;
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        for p in &pages {
            c.goto(&app.url(&p.path)).await?;
            let agency = c.find(Locator::Id("column-agency")).await?.text().await?;
            assert_eq!(agency, "白沙县交通运输局", "{}", p.name);
            assert_eq!(
                texts(&c, "#column-tabs a").await?,
                [
                    "政府信息公开指南",
                    "政府信息公开制度",
                    "法定主动公开内容",
                    "政府信息公开年报"
                ],
                "{}",
                p.name
            );
            assert_eq!(
                texts(&c, "#column-actions a").await?,
                ["依申请公开", "查询申请办理进度", "订阅"],
                "{}",
                p.name
            );
            let crumbs = c.find(Locator::Id("crumbs")).await?.text().await?;
            assert_eq!(crumbs, format!("{TRAIL} › {}", p.here), "{}", p.name);
            // The last crumb is the current page, and the only one so marked.
            let current = texts(&c, "#crumbs [aria-current=page]").await?;
            let last = p.here.rsplit(" › ").next().unwrap();
            assert_eq!(current, [last], "{}", p.name);
        }
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}
