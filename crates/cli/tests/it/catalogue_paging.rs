//! Paging the catalogue over HTTP on both backends (issue 15): the public
//! catalogue filtered by 第二十条 item, year and validity, page after page
//! through its "下一页" links (which keep the filters), and the editor's
//! list of the agency's items, 50 to a page.
//!
//! The demo bureau gets 100 items more. Item i is published on 2029-01-01
//! plus i days for i ≤ 95 (the latest 2029-04-06), on 2028-06-01 plus
//! (i − 96) days for the last five; it is under 第二十条 item 行政许可
//! (licensing) unless i is a multiple of 3, and repealed when i is a
//! multiple of 10. Its last event is at 1,900,000,000 + i + 3 s (in 2030,
//! after anything the demo wrote). One draft more, also 行政许可 in 2029,
//! last changed at 1,900,000,000 s, is never public.

use chrono::NaiveDate;
use gongkai_domain::catalogue::{IndexNumber, ItemAction, ItemState, ValidityState};
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{Agency, NewItem, story};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::AGENCY;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// Item `i` as the module's comment describes it.
fn item(agency: &Agency, i: u32) -> NewItem {
    let (year, on) = if i <= 95 {
        (2029, date(2029, 1, 1) + chrono::Days::new(u64::from(i)))
    } else {
        (
            2028,
            date(2028, 6, 1) + chrono::Days::new(u64::from(i - 96)),
        )
    };
    let number = IndexNumber::generate(&agency.profile.code, year, i);
    let key = format!("分页测试{i}");
    let title = format!("第{i}号通知");
    let mut item = story::published(agency.id, Some(&key), &title, &number, on, i64::from(i));
    let licensing = (!i.is_multiple_of(3)).then_some(Article20Item::Licensing);
    item.snapshot.metadata.article20 = licensing;
    if let ItemAction::Drafted { metadata } = &mut item.events[0].action {
        metadata.article20 = licensing;
    }
    if i.is_multiple_of(10) {
        item.snapshot.validity = ValidityState::Repealed {
            date: on,
            reason: "已被新文件替代".into(),
        };
    }
    item
}

/// The draft: drafted only, at 1,900,000,000 s.
fn draft(agency: &Agency) -> NewItem {
    let number = IndexNumber::generate(&agency.profile.code, 2029, 999);
    let mut item = story::published(
        agency.id,
        Some("分页测试草稿"),
        "草稿通知",
        &number,
        date(2029, 5, 1),
        0,
    );
    item.events.truncate(1);
    if let ItemAction::Drafted { metadata } = &mut item.events[0].action {
        metadata.article20 = Some(Article20Item::Licensing);
    }
    let s = &mut item.snapshot;
    s.metadata.article20 = Some(Article20Item::Licensing);
    s.state = ItemState::Draft;
    s.index_number = None;
    s.published_on = None;
    s.channels.clear();
    s.delay_working_days = None;
    item
}

/// The titles of the rows of the table `table`, in order: each row's link
/// to `/items/…`.
fn titles(html: &str, table: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("id=\"{table}\"")) else {
        return Vec::new();
    };
    let body = &html[start..];
    let body = &body[..body.find("</table>").expect("the table ends")];
    body.split("<a href=\"/items/")
        .skip(1)
        .map(|a| {
            let text = &a[a.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_string()
        })
        .collect()
}

/// The target of the link with the id `id`, unescaped.
fn link(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let tag = &html[html[..at].rfind("<a ")?..at];
    let href = tag.split("href=\"").nth(1)?;
    Some(
        href[..href.find('"')?]
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}

async fn page(app: &TestApp, path: &str) -> String {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// Follows "下一页" from `path`: each page's rows' titles, and the links
/// followed.
async fn walk(
    app: &TestApp,
    path: &str,
    table: &str,
    next: &str,
) -> (Vec<Vec<String>>, Vec<String>) {
    let (mut pages, mut links) = (Vec::new(), Vec::new());
    let mut path = path.to_string();
    loop {
        let html = page(app, &path).await;
        pages.push(titles(&html, table));
        match link(&html, next) {
            Some(n) => {
                links.push(n.clone());
                path = n;
            }
            None => return (pages, links),
        }
        assert!(pages.len() < 50, "the pages end");
    }
}

fn named(numbers: impl Iterator<Item = u32>) -> Vec<String> {
    numbers.map(|i| format!("第{i}号通知")).collect()
}

on_both_backends!(the_catalogue_and_the_item_list_page_through_filters);

async fn the_catalogue_and_the_item_list_page_through_filters(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let mut items: Vec<NewItem> = (1..=100).map(|i| item(&agency, i)).collect();
    items.push(draft(&agency));
    app.store.create_items(&items).await.unwrap();

    // 行政许可 in 2029: i ≤ 95 not a multiple of 3 (95 − 31 = 64), newest
    // publication first (i descending): pages of 30, 30 and 4.
    let base = format!("/agencies/{AGENCY}/catalogue");
    let first = format!("{base}?item=licensing&year=2029");
    let (pages, links) = walk(&app, &first, "catalogue", "catalogue-next").await;
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [30, 30, 4],
        "{pages:?}"
    );
    assert_eq!(
        pages.concat(),
        named((1..=95u32).rev().filter(|i| !i.is_multiple_of(3)))
    );
    assert_eq!(pages[0][..3], named([95, 94, 92].into_iter()));
    assert_eq!(pages[2], named([5, 4, 2, 1].into_iter()));
    // Each "下一页" keeps the filters; the later pages lead back to the first.
    for next in &links {
        assert!(
            next.starts_with(&format!("{base}?item=licensing&year=2029&after=")),
            "{next}"
        );
    }
    let second = page(&app, &links[0]).await;
    assert_eq!(
        link(&second, "catalogue-first").as_deref(),
        Some(first.as_str())
    );
    let html = page(&app, &first).await;
    assert!(link(&html, "catalogue-first").is_none());
    // The years offered are those published in, newest first.
    let year_at = |y: &str| html.find(&format!("<option value=\"{y}\"")).expect(y);
    assert!(year_at("2029") < year_at("2028"));

    // Repealed as well: multiples of 10 not of 3, one page.
    let html = page(&app, &format!("{first}&validity=repealed")).await;
    assert_eq!(
        titles(&html, "catalogue"),
        named([80, 70, 50, 40, 20, 10].into_iter())
    );
    assert!(
        html.contains("废止（2029-03-22）：已被新文件替代"),
        "item 80"
    );
    assert!(link(&html, "catalogue-next").is_none());
    // 2028: the last five, whatever their item.
    let html = page(&app, &format!("{base}?year=2028")).await;
    assert_eq!(
        titles(&html, "catalogue"),
        named([100, 99, 98, 97, 96].into_iter())
    );
    // No item of ours is on 工业、交通.
    let html = page(&app, &format!("{base}?topic=industry_transport&year=2029")).await;
    assert!(titles(&html, "catalogue").is_empty());
    assert!(html.contains("暂无符合条件的信息"));

    // Bad parameters are refused, saying why.
    for (query, says) in [
        ("after=2029-02-30_1", "翻页参数 after 无效"),
        ("after=1", "翻页参数 after 无效"),
        ("topic=traffic", "“traffic”不是主题分类代码"),
        ("validity=valid", "有效性“valid”无法识别"),
        ("item=licence", "“licence”不是第二十条的项目代码"),
    ] {
        let r = app.get(&format!("{base}?{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(r.text().await.unwrap().contains(says), "{query}");
    }

    // The editor's list: last changed first, 50 to a page. Items 100…51,
    // then 50…1, then the draft before everything the demo wrote.
    assert_eq!(
        app.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let html = page(&app, "/items").await;
    assert_eq!(titles(&html, "items"), named((51..=100).rev()));
    assert!(link(&html, "items-first").is_none());
    let next = link(&html, "items-next").expect("a second page");
    let html = page(&app, &next).await;
    assert_eq!(titles(&html, "items"), named((1..=50).rev()));
    assert_eq!(link(&html, "items-first").as_deref(), Some("/items"));
    let next = link(&html, "items-next").expect("a third page");
    let html = page(&app, &next).await;
    assert_eq!(
        titles(&html, "items").first().map(String::as_str),
        Some("草稿通知")
    );
    let r = app.get("/items?after=2030-01-01_1").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("翻页参数 after 无效"));
}
