//! Issue 21 items 3 and 4: the site settings in every public page's footer,
//! their validation, and the one header of an agency's column.

use crate::access_matrix::{TARGET, World, check_cells};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    ("GET", "/admin/site", "L O F F F F F"),
    ("POST", "/admin/site", "L A F F F F F"),
    ("GET", "/admin/agencies/{code}/site", "L O F F F F F"),
    ("POST", "/admin/agencies/{code}/site", "L A F F F F F"),
    ("GET", "/contact", "O O O O O O O"),
    ("GET", "/site-map", "O O O O O O O"),
    ("GET", "/privacy", "O O O O O O O"),
    ("GET", "/accessibility", "O O O O O O O"),
    ("GET", "/static/portal.css", "O O O O O O O"),
    ("GET", "/static/theme/{file}", "O O O O O O O"),
    ("GET", "/agencies/{code}/subscribe", "O O O O O O O"),
];

/// The access matrix's parameter for the theme sheet: a colour the domain
/// accepts.
pub fn params() -> Vec<(&'static str, String)> {
    vec![("file@/static/theme/", "1F4E8C.css".to_string())]
}

/// Sample identifiers, written by hand in the formats the rules give.
const SITE_CODE: &str = "9999000001";
const ICP: &str = "京ICP备99999999号-1";
const POLICE: &str = "京公网安备99999999999999号";
const HOST: &str = "示例市人民政府办公室";

async fn the_portal_routes_have_their_access_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

async fn body(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.text().await.unwrap()
}

/// The first link in `html` that starts with `prefix` (up to the quote).
fn first_link(html: &str, prefix: &str) -> String {
    let start = html
        .find(&format!("href=\"{prefix}"))
        .unwrap_or_else(|| panic!("no link to {prefix}"))
        + 6;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

fn between<'h>(html: &'h str, open: &str, close: &str) -> &'h str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = start + html[start..].find(close).unwrap();
    &html[start..end]
}

/// The column's public page types: guide, rules, catalogue, an item, the
/// report list and a report.
async fn column_pages(app: &TestApp) -> Vec<(String, String)> {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 28).unwrap();
    let store = app.store.as_ref();
    gongkai_app::demo::seed_content(store, today).await.unwrap();
    gongkai_app::demo::seed_reports(store, today).await.unwrap();
    let mut paths = vec![
        format!("/agencies/{TARGET}/guide"),
        format!("/agencies/{TARGET}/rules"),
        format!("/agencies/{TARGET}/catalogue"),
        format!("/agencies/{TARGET}/reports"),
    ];
    let catalogue = body(app, &paths[2]).await;
    paths.push(first_link(&catalogue, "/items/"));
    let reports = body(app, &paths[3]).await;
    paths.push(first_link(
        &reports,
        &format!("/agencies/{TARGET}/reports/20"),
    ));
    let mut pages = Vec::new();
    for p in paths {
        let html = body(app, &p).await;
        pages.push((p, html));
    }
    pages
}

async fn settings_are_checked_and_shown_in_every_footer(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let admin = app.logged_in("admin").await;
    // Wrong formats: each refused with what is wrong and an example.
    let r = admin
        .post_form(
            "/admin/site",
            &[
                ("site_code", "12345"),
                ("icp", "京ICP12345678号"),
                ("police", "京公网安备123号"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("网站标识码“12345”格式不正确：应为10位数字或字母"),
        "{html}"
    );
    assert!(html.contains("ICP备案号“京ICP12345678号”格式不正确"));
    assert!(html.contains("公安机关备案号“京公网安备123号”格式不正确"));
    // A theme colour too light for white text is refused with its ratio:
    // #FFD700 (gold) has a luminance of 0.698, so (1.05)/(0.748) = 1.40:1.
    let r = admin
        .post_form(
            &format!("/admin/agencies/{TARGET}/site"),
            &[("theme_colour", "#FFD700")],
            true,
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("对比度只有1.40:1，低于无障碍要求的4.5:1")
    );
    // A clerk may not change the platform's settings.
    let clerk = app.logged_in("clerk").await;
    let r = clerk
        .post_form("/admin/site", &[("host", "某单位")], true)
        .await;
    assert_eq!(r.status(), 403);

    let r = admin
        .post_form(
            "/admin/site",
            &[
                ("site_code", SITE_CODE),
                ("icp", ICP),
                ("police", POLICE),
                ("host", HOST),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), 200);
    let mut pages = column_pages(&app).await;
    for p in [
        "/",
        "/search",
        "/track",
        "/contact",
        "/site-map",
        "/privacy",
        "/accessibility",
    ] {
        pages.push((p.to_string(), body(&app, p).await));
    }
    pages.push((
        format!("/agencies/{TARGET}/subscribe"),
        body(&app, &format!("/agencies/{TARGET}/subscribe")).await,
    ));
    for (path, html) in &pages {
        let footer = between(html, "<footer", "</footer>");
        assert!(
            footer.contains(&format!("<span id=\"footer-site-code\">{SITE_CODE}</span>")),
            "{path}"
        );
        assert!(
            footer.contains(&format!("<a href=\"https://beian.miit.gov.cn/\" id=\"footer-icp\" rel=\"noopener\">{ICP}</a>")),
            "{path}"
        );
        assert!(
            footer.contains(
                "href=\"https://beian.mps.gov.cn/#/query/webSearch?code=99999999999999\""
            ),
            "{path}"
        );
        assert!(
            footer.contains(&format!("主办单位：<span id=\"footer-host\">{HOST}</span>")),
            "{path}"
        );
    }
    // An agency's own 主办单位 shows on its column, the platform's elsewhere.
    let r = admin
        .post_form(
            &format!("/admin/agencies/{TARGET}/site"),
            &[("host", "白沙县交通运输局"), ("theme_colour", "#1F4E8C")],
            true,
        )
        .await;
    assert_eq!(r.status(), 200);
    let guide = body(&app, &format!("/agencies/{TARGET}/guide")).await;
    assert!(guide.contains("<span id=\"footer-host\">白沙县交通运输局</span>"));
    assert!(guide.contains("href=\"/static/theme/1F4E8C.css\""));
    let home = body(&app, "/").await;
    assert!(home.contains(&format!("<span id=\"footer-host\">{HOST}</span>")));
    assert!(!home.contains("/static/theme/"));
    // The change is in the audit trail.
    let trail = body(&admin, "/workbench/audit").await;
    assert!(trail.contains("site.settings_update") || trail.contains("网站设置"));
}

async fn the_column_header_is_the_same_on_every_page(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-28").spawn().await else {
        return;
    };
    let pages = column_pages(&app).await;
    let tabs_of = |html: &str| {
        between(html, "<nav class=\"column-tabs\"", "</nav>").replace(" aria-current=\"page\"", "")
    };
    let actions_of = |html: &str| between(html, "<p class=\"column-actions\"", "</p>").to_string();
    let (first_path, first) = &pages[0];
    for (path, html) in &pages {
        assert_eq!(tabs_of(html), tabs_of(first), "{path} vs {first_path}");
        assert_eq!(
            actions_of(html),
            actions_of(first),
            "{path} vs {first_path}"
        );
        for label in [
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "政府信息公开年报",
        ] {
            assert!(tabs_of(html).contains(&format!(">{label}</a>")), "{path}");
        }
        assert!(actions_of(html).contains(">依申请公开</a>"), "{path}");
        assert!(
            actions_of(html).contains(&format!("href=\"/agencies/{TARGET}/subscribe\"")),
            "{path}"
        );
        let crumbs = between(html, "<nav class=\"crumbs\"", "</nav>");
        assert!(
            crumbs.contains("当前位置：<a href=\"/\">首页</a> › "),
            "{path}: {crumbs}"
        );
        assert!(
            crumbs.contains(&format!("<a href=\"/agencies/{TARGET}\">")),
            "{path}"
        );
        assert_eq!(crumbs.matches("aria-current=\"page\"").count(), 1, "{path}");
    }
    // The item page's trail ends with the item, under 法定主动公开内容.
    let (_, item) = &pages[4];
    let crumbs = between(item, "<nav class=\"crumbs\"", "</nav>");
    assert!(crumbs.contains("法定主动公开内容</a> › <span aria-current=\"page\">"));
    // 订阅 explains the feed before giving its address.
    let sub = body(&app, &format!("/agencies/{TARGET}/subscribe")).await;
    let explained = sub.find("id=\"feed-explained\"").unwrap();
    let address = sub.find(&format!("/agencies/{TARGET}/feed.atom")).unwrap();
    assert!(explained < address);
}

on_both_backends!(
    the_portal_routes_have_their_access_decisions,
    settings_are_checked_and_shown_in_every_footer,
    the_column_header_is_the_same_on_every_page,
);

/// `serve --demo` shows sample identifiers in every footer (issue 21): the
/// values of `demo::site`, which are obviously not real registrations.
#[tokio::test]
async fn the_demo_footer_carries_its_sample_identifiers() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-12-15")
        .spawn()
        .await
    else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 15).unwrap();
    gongkai_app::demo::seed_content(app.store.as_ref(), today)
        .await
        .unwrap();
    for path in ["/", "/agencies/119901219482199390/guide", "/search?q=公路"] {
        let html = body(&app, path).await;
        let footer = between(&html, "<footer", "</footer>");
        for shown in [
            "9999000001",
            "新ICP备00000000号-1",
            "新公网安备99999902000001号",
            "白沙县人民政府办公室",
        ] {
            assert!(footer.contains(shown), "{path}: {shown} in {footer}");
        }
    }
}
