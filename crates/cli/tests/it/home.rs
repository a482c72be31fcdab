//! The portal's home page and its lists (issue 21): a labelled search box
//! sending a GET to `/search`; 最新信息 across agencies with the item
//! published today first, 通知公告 with the notice, each with its "更多"
//! link to `/latest`, which refuses a bad page or list in Chinese; an
//! agency's empty 法定主动公开内容 showing its 无信息说明 (a filtered empty
//! list still saying nothing matched); the error page with the skip link
//! and footer; the workbench's links to the site settings.

use gongkai_domain::agency_code::org_code_check_char;
use reqwest::StatusCode;

use crate::catalogue::{draft, id_of};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// The routes of this file, for the access matrix.
#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    ("GET", "/latest",                                           "O O O O O O O"),
];

const TITLE: &str = "关于做好2026年清明节假期农村公路安全保障工作的通知";

async fn text(app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = app.get(path).await;
    (r.status(), r.text().await.unwrap())
}

/// The part of `page` from the element with `id` to the next `end`.
fn part<'a>(page: &'a str, id: &str, end: &str) -> &'a str {
    page.split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|p| p.split(end).next())
        .unwrap_or_else(|| panic!("no {id} in {page}"))
}

/// The first `<li>` of a list section.
fn first_row<'a>(page: &'a str, id: &str) -> &'a str {
    let section = part(page, id, "</section>");
    section
        .split("<li>")
        .nth(1)
        .and_then(|li| li.split("</li>").next())
        .unwrap_or_else(|| panic!("no row in {id}: {section}"))
}

/// The bureau's editor writes a notice formed on 2026-03-12; the reviewer
/// publishes it on 2026-03-16 (today). Its id.
async fn publish_notice(app: &TestApp) -> String {
    let editor = app.logged_in("editor").await;
    let fields: Vec<(&str, String)> = draft(TITLE)
        .into_iter()
        .map(|(k, v)| match k {
            "formed_on" => (k, "2026-03-12".to_string()),
            _ => (k, v),
        })
        .collect();
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let id = id_of(&r);
    let reviewer = app.logged_in("reviewer").await;
    let approve = [
        ("action", "approve"),
        ("review", "经审查，不涉及国家秘密。"),
        ("date", "2026-03-16"),
        ("channel_website", "1"),
    ];
    let (s, page) = reviewer.item_action(&id, &approve).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    id
}

on_both_backends!(the_home_page_lists_the_latest_and_the_notices);

async fn the_home_page_lists_the_latest_and_the_notices(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-03-16").spawn().await else {
        return;
    };
    gongkai_app::demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    // Seen once before the publication: the page cache keeps it.
    let (s, before) = text(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!before.contains(TITLE));
    let form = part(&before, "home-search", "</form>");
    assert!(before.contains(
        "<form method=\"get\" action=\"/search\" class=\"searchbox\" id=\"home-search\""
    ));
    assert!(
        form.contains("<label for=\"home-q\">检索政府信息</label>"),
        "{form}"
    );
    assert!(form.contains("id=\"home-q\" name=\"q\""), "{form}");
    assert!(before.contains("id=\"agency-tree\""));
    // The demo's items (`serve --demo`): its notices are listed at once.
    let notices = part(&before, "home-notices", "</section>");
    assert!(notices.contains("关于"), "{notices}");

    let id = publish_notice(&app).await;
    let (_, home) = text(&app, "/").await;
    let latest = first_row(&home, "home-latest");
    assert!(
        latest.contains(&format!("<a href=\"/items/{id}\">{TITLE}</a>")),
        "{latest}"
    );
    assert!(latest.contains(">白沙县交通运输局</a>"), "{latest}");
    assert!(latest.contains("2026-03-16"), "{latest}");
    let notice = first_row(&home, "home-notices");
    assert!(notice.contains(TITLE), "{notice}");
    assert!(home.contains("<a href=\"/latest\" id=\"latest-more\">"));
    assert!(home.contains("<a href=\"/latest?kind=notice\" id=\"notices-more\">"));

    // The "更多" pages: the same first row, 20 to a page.
    let (s, more) = text(&app, "/latest").await;
    assert_eq!(s, StatusCode::OK);
    let table = part(&more, "latest", "</table>");
    let first = table
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(first.contains(TITLE), "{first}");
    assert!(table.matches("<tr>").count() <= 21, "{table}");
    let (_, notices) = text(&app, "/latest?kind=notice").await;
    assert!(notices.contains("<h1>通知公告</h1>"));
    assert!(notices.contains(TITLE));

    // Bad parameters: a Chinese 400 saying what to send.
    for (query, says) in [
        (
            "page=0",
            "页码应为1至50之间的整数（收到“0”），如 /latest?page=2。",
        ),
        (
            "page=abc",
            "页码应为1至50之间的整数（收到“abc”），如 /latest?page=2。",
        ),
        ("page=51", "这里只列出最近50页（每页20条）"),
        (
            "kind=news",
            "栏目参数 kind 只能是 latest（最新信息）或 notice（通知公告），收到“news”",
        ),
    ] {
        let (s, page) = text(&app, &format!("/latest?{query}")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.contains(says), "{query}: {page}");
    }
}

/// An online agency below the city with nothing published; its code.
async fn empty_agency(app: &TestApp) -> String {
    let body = "57311207";
    let code = format!("{body}{}", org_code_check_char(body).unwrap());
    let city = app
        .store
        .agency_by_code("11990100908301663T")
        .await
        .unwrap()
        .unwrap();
    let profile = gongkai_store::story::profile(&code, "青山市档案馆");
    app.store
        .create_agency(Some(city.id), &profile)
        .await
        .unwrap();
    code
}

#[tokio::test]
async fn an_empty_catalogue_shows_the_agencys_explanation() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2026-03-16")
        .spawn()
        .await
    else {
        return;
    };
    let code = empty_agency(&app).await;
    let catalogue = format!("/agencies/{code}/catalogue");
    // Without an explanation: said plainly.
    let (s, page) = text(&app, &catalogue).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("本机关尚未在本栏目发布信息。"), "{page}");

    let note = "本馆法定主动公开内容由青山市人民政府统一发布，本栏目暂无信息。";
    let admin = app.logged_in("admin").await;
    let r = admin
        .post_form(
            &format!("/admin/agencies/{code}/standard-catalogue"),
            &[("op", "note"), ("column", "catalogue"), ("note", note)],
            true,
        )
        .await;
    let body = r.text().await.unwrap();
    assert!(
        body.contains("已发布“法定主动公开内容（整个栏目）”的无信息说明。"),
        "{body}"
    );

    let (_, page) = text(&app, &catalogue).await;
    let shown = part(&page, "column-note", "</p>");
    assert_eq!(shown, format!(">无信息说明：{note}（2026-03-16发布）"));
    assert!(!page.contains("尚未在本栏目发布"));
    assert!(!page.contains("暂无符合条件的信息"));
    // Filtered, the list says nothing matched, not why the column is empty.
    let (_, filtered) = text(&app, &format!("{catalogue}?year=2025")).await;
    assert!(filtered.contains("暂无符合条件的信息。请减少或更改筛选条件。"));
    assert!(!filtered.contains(note));
}

#[tokio::test]
async fn the_error_page_has_the_skip_link_and_footer() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    let (s, page) = text(&app, "/agencies/000000000/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        page.contains("<a class=\"skip-link\" href=\"#main\">跳到主要内容</a>"),
        "{page}"
    );
    assert!(page.contains("<main class=\"wrap\" id=\"main\""));
    assert!(page.contains("id=\"site-footer\""));
    assert!(page.contains("aria-label=\"显示模式\""));
}

#[tokio::test]
async fn administrators_find_the_site_settings_on_their_workbench() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    // 陈管理: the platform's and the city's administrator.
    let (_, page) = text(&app.logged_in("admin").await, "/workbench").await;
    assert!(page.contains("<a href=\"/admin/site\" id=\"platform-site-link\">"));
    assert!(
        page.contains(
            "<a href=\"/admin/agencies/11990100908301663T/site\" id=\"agency-site-link\">"
        )
    );
    let (_, page) = text(&app.logged_in("clerk").await, "/workbench").await;
    assert!(!page.contains("platform-site-link"));
    assert!(!page.contains("agency-site-link"));
}
