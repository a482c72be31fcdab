//! The search page's counts by agency over HTTP, on both backends: at every
//! level of the tree each agency's count is the total its own filter shows,
//! and the children's counts with the agency's own ("本机关") make the
//! level's total — on a fixture counted by hand, and on the demo's content
//! (`农村公路`: the province showed 5 of 6 before issue 19).

use chrono::NaiveDate;
use gongkai_app::demo;
use gongkai_domain::catalogue::ItemForm;
use gongkai_store::Store;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const PROVINCE: &str = "1199000052601815XM";
const CITY: &str = "11990100908301663T";
const CITY_FINANCE: &str = "11990100390996033U";
const COUNTY: &str = "11990121082462814Y";
const COUNTY_TRANSPORT: &str = "119901219482199390";

/// One level of the page: the total, the agency's own count (the
/// "本机关" entry), and (agency code, count) for each child listed.
#[derive(Debug, PartialEq)]
struct Level {
    total: u64,
    own: u64,
    children: Vec<(String, u64)>,
}

fn between<'a>(text: &'a str, from: &str, to: &str) -> Option<&'a str> {
    let start = text.find(from)? + from.len();
    let end = text[start..].find(to)? + start;
    Some(&text[start..end])
}

fn number(text: &str) -> u64 {
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("a count: {text}"))
}

/// Reads a search page's total and its agency facet.
fn level_of(html: &str) -> Level {
    let total = number(between(html, "<strong id=\"search-total\">", "</strong>").expect("total"));
    let mut level = Level {
        total,
        own: 0,
        children: Vec::new(),
    };
    let Some(list) = between(html, "<ul id=\"facet-agencies\">", "</ul>") else {
        // No agency below with results: all are the agency's own.
        level.own = total;
        return level;
    };
    for item in list.split("<li").skip(1) {
        let count = number(between(item, "<span class=\"count\">", "</span>").expect("count"));
        if item.starts_with(" id=\"facet-own\"") {
            level.own = count;
            continue;
        }
        let code = between(item, "agency=", "\"").expect("an agency link");
        level.children.push((code.to_string(), count));
    }
    level.children.sort();
    level
}

async fn level(app: &TestApp, q: &str, agency: &str) -> Level {
    let mut url = format!("/search?q={q}");
    if !agency.is_empty() {
        url.push_str(&format!("&agency={agency}"));
    }
    let r = app.get(&url).await;
    assert_eq!(r.status(), reqwest::StatusCode::OK, "{url}");
    level_of(&r.text().await.unwrap())
}

/// Walks the tree from the top: every child's count is what its filter
/// shows, and each level adds up.
async fn check_every_level(app: &TestApp, q: &str) {
    let mut todo = vec![String::new()];
    while let Some(agency) = todo.pop() {
        let here = level(app, q, &agency).await;
        let sum: u64 = here.children.iter().map(|c| c.1).sum();
        assert_eq!(sum + here.own, here.total, "{q} at {agency:?}: {here:?}");
        for (child, count) in here.children {
            let below = level(app, q, &child).await;
            assert_eq!(below.total, count, "{q}: the count of {child}");
            todo.push(child);
        }
    }
}

fn form(title: &str) -> ItemForm {
    ItemForm {
        title: title.into(),
        summary: "加强地质灾害防治。".into(),
        issuers: "测试机关".into(),
        formed_on: "2025-01-02".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: format!("{title}\n各有关单位：请做好汛期滑坡隐患排查。"),
        ..ItemForm::default()
    }
}

async fn publish(store: &dyn Store, code: &str, title: &str) {
    let agency = store.agency_by_code(code).await.unwrap().unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 5, 6).unwrap();
    demo::publish_item(
        store,
        &agency,
        form(title).validate().unwrap(),
        day,
        "测试数据",
    )
    .await
    .expect("publish");
}

/// Waits until the indexer has caught up with the feed.
async fn indexed(app: &TestApp, q: &str, total: u64) {
    let started = std::time::Instant::now();
    while level(app, q, "").await.total != total {
        assert!(started.elapsed().as_secs() < 10, "not indexed: {q}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

on_both_backends!(
    the_counts_of_every_level_are_the_filtered_results,
    the_demo_counts_add_up_at_every_level,
);

async fn the_counts_of_every_level_are_the_filtered_results(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    // Province 1, city 1, city finance 2, county 1, county transport 3:
    // eight items, each deeper item below every agency above it.
    let placed = [
        (PROVINCE, 1),
        (CITY, 1),
        (CITY_FINANCE, 2),
        (COUNTY, 1),
        (COUNTY_TRANSPORT, 3),
    ];
    for (code, n) in placed {
        for i in 1..=n {
            publish(store, code, &format!("滑坡防治通知（{code}第{i}号）")).await;
        }
    }
    let q = "%E6%BB%91%E5%9D%A1"; // 滑坡
    indexed(&app, q, 8).await;
    let want = |total, own, children: &[(&str, u64)]| Level {
        total,
        own,
        children: children.iter().map(|(c, n)| (c.to_string(), *n)).collect(),
    };
    assert_eq!(level(&app, q, "").await, want(8, 0, &[(PROVINCE, 8)]));
    assert_eq!(level(&app, q, PROVINCE).await, want(8, 1, &[(CITY, 7)]));
    // Children by code: the finance bureau's sorts before the county's.
    assert_eq!(
        level(&app, q, CITY).await,
        want(7, 1, &[(CITY_FINANCE, 2), (COUNTY, 4)])
    );
    assert_eq!(
        level(&app, q, COUNTY).await,
        want(4, 1, &[(COUNTY_TRANSPORT, 3)])
    );
    assert_eq!(level(&app, q, COUNTY_TRANSPORT).await, want(3, 3, &[]));
    check_every_level(&app, q).await;
}

async fn the_demo_counts_add_up_at_every_level(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-15").spawn().await else {
        return;
    };
    // As `gongkai serve --demo` seeds it.
    let day = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap();
    demo::seed_content(app.store.as_ref(), day).await.unwrap();
    demo::seed_reports(app.store.as_ref(), day).await.unwrap();
    let q = "%E5%86%9C%E6%9D%91%E5%85%AC%E8%B7%AF"; // 农村公路
    // The county government's 实施意见 and the bureau's five items (the
    // demo's item table): the province holds all six.
    let started = std::time::Instant::now();
    loop {
        let top = level(&app, q, "").await;
        if top.total >= 6 {
            break;
        }
        assert!(started.elapsed().as_secs() < 10, "not indexed: {top:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Seeded in the database before the indexer's next poll read it: one
    // more poll and the index holds all of it.
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    let top = level(&app, q, "").await;
    assert_eq!(top.children, vec![(PROVINCE.to_string(), top.total)]);
    check_every_level(&app, q).await;
}
