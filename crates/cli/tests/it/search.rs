//! Search over HTTP on both backends (a publication is searchable within a
//! second; the agency filter takes the subtree; paging reaches every result;
//! bad parameters get Chinese messages), and the index as derived data:
//! deleted, it is rebuilt by `gongkai reindex` or by the server on start with
//! identical results.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gongkai_app::{Settings, demo, search};
use gongkai_domain::catalogue::ItemForm;
use gongkai_search::{SearchIndex, SearchRequest};
use gongkai_store::Store;
use gongkai_store_sqlite::SqliteStore;
use gongkai_web::Application;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const PW: &str = demo::DEMO_PASSWORD;
/// In the demo tree: 青山市人民政府 → 白沙县人民政府 → 白沙县交通运输局;
/// 青山市财政局 is beside 白沙县.
const CITY: &str = "11990100908301663T";
const CITY_FINANCE: &str = "11990100390996033U";
const COUNTY: &str = "11990121082462814Y";
const COUNTY_TRANSPORT: &str = "119901219482199390";
const TOWN: &str = "11990121786579754J";

/// The demo content as seeded late in 2025: its titles name 2025 (the
/// demo's dates follow the day it is seeded).
fn content_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 15).unwrap()
}

fn form(title: &str, body: &str, document_number: &str) -> ItemForm {
    ItemForm {
        title: title.into(),
        summary: "规定有关工作的责任分工、办理程序和时间要求。".into(),
        issuers: "白沙县交通运输局".into(),
        document_number: document_number.into(),
        formed_on: "2024-01-02".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: body.into(),
        ..ItemForm::default()
    }
}

/// Publishes an item at the agency with `code` directly in the store.
async fn publish(store: &dyn Store, code: &str, f: ItemForm, date: &str) -> i64 {
    let agency = store
        .agency_by_code(code)
        .await
        .unwrap()
        .expect("demo agency");
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    demo::publish_item(
        store,
        &agency,
        f.validate().expect("valid form"),
        date,
        "测试数据",
    )
    .await
    .expect("publish")
}

async fn api(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let r = app.get(&format!("/api/search?{query}")).await;
    let status = r.status();
    (status, r.json().await.expect("JSON"))
}

/// Waits until the API reports `total` results for `query` (the indexer
/// polls the change feed every second for changes made outside the web).
async fn until_total(app: &TestApp, query: &str, total: u64) -> Value {
    let started = Instant::now();
    loop {
        let (status, body) = api(app, query).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        if body["total"] == total {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{query}: still {} results, expected {total}",
            body["total"]
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn ids(body: &Value) -> Vec<u64> {
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_u64().unwrap())
        .collect()
}

on_both_backends!(
    a_published_item_is_searchable_within_a_second,
    the_agency_filter_takes_the_subtree_and_paging_reaches_every_result,
);

async fn a_published_item_is_searchable_within_a_second(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "关于印发《白沙县渡口安全管理办法》的通知"),
        ("summary", "规定县内渡口、码头的安全责任和日常检查要求。"),
        ("issuers", "白沙县交通运输局"),
        ("document_number", "白交[2025]21号"),
        ("formed_on", "2025-10-20"),
        ("topic", "工业、交通\\水运"),
        ("genre", "notice"),
        ("kind", "normative"),
        ("article20", "regulations"),
        ("attribute", "proactive"),
        ("scope", "public"),
        ("keywords", "渡口、安全"),
        (
            "body",
            "各乡镇人民政府：现将《白沙县渡口安全管理办法》印发给你们，请认真贯彻执行。",
        ),
        ("no_interpretation_reason", "办法条文简明，无需另行解读。"),
        ("do", "submit"),
    ];
    let r = editor.post_form("/items/new", &fields, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = r.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/items/")
        .trim_end_matches("/manage")
        .to_string();
    // A second draft with the same word, never published.
    fields[0].1 = "白沙县渡口整治草稿";
    fields[3].1 = "";
    assert_eq!(
        editor.post_form("/items/new", &fields, true).await.status(),
        StatusCode::SEE_OTHER
    );

    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, page) = reviewer
        .item_action(
            &id,
            &[
                ("action", "approve"),
                ("review", "经保密审查，不涉及国家秘密"),
                ("date", "2025-10-30"),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let published = Instant::now();
    let body = loop {
        let (status, body) = api(&app, "q=渡口").await;
        assert_eq!(status, StatusCode::OK);
        if body["total"] != 0 {
            break body;
        }
        // The indexer is woken by the publication; the budget only bounds
        // the wait (speed is measured in the benchmarks, not here).
        assert!(
            published.elapsed() < Duration::from_secs(10),
            "not searchable after publication"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // Only the published item: the draft is never shown.
    assert_eq!(body["total"], 1, "{body}");
    let hit = &body["hits"][0];
    assert_eq!(hit["id"].as_u64().unwrap().to_string(), id);
    assert_eq!(hit["title"], "关于印发《白沙县渡口安全管理办法》的通知");
    assert_eq!(hit["agency"], "白沙县交通运输局");
    assert_eq!(hit["agency_code"], COUNTY_TRANSPORT);
    assert_eq!(hit["document_number"], "白交〔2025〕21号");
    assert_eq!(hit["published_on"], "2025-10-30");
    assert_eq!(hit["url"], format!("/items/{id}"));
    let index_number = hit["index_number"].as_str().unwrap().to_string();
    assert!(
        index_number.starts_with("119901219482199390/2025-"),
        "{index_number}"
    );
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>渡口</mark>"),
        "{hit}"
    );
    // Its 文号 typed with other brackets, and its 索引号, find it first.
    for q in ["白交(2025)21号", "白交【2025】21号", index_number.as_str()] {
        let (_, body) = api(&app, &format!("q={}", urlencode(q))).await;
        assert_eq!(
            body["hits"][0]["id"].as_u64().unwrap().to_string(),
            id,
            "{q}"
        );
    }
    // The public page finds it too, highlighted.
    let html = app
        .get("/search?q=%E6%B8%A1%E5%8F%A3")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<mark>渡口</mark>"), "{html}");
    assert!(html.contains(&format!("href=\"/items/{id}\"")));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

async fn the_agency_filter_takes_the_subtree_and_paging_reaches_every_result(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    let county_budget = publish(
        store,
        COUNTY_TRANSPORT,
        form("白沙县交通运输局2025年部门预算", "部门收支预算总表。", ""),
        "2025-02-28",
    )
    .await;
    let city_budget = publish(
        store,
        CITY_FINANCE,
        form("青山市财政局2025年部门预算", "部门预算及三公经费预算。", ""),
        "2025-03-03",
    )
    .await;
    // 23 more at the county government: enough for three pages of 10.
    let mut county_notices = Vec::new();
    for n in 1..=23 {
        let f = form(
            &format!("白沙县政务公开工作通报（第{n}期）"),
            "通报政务公开工作进展。",
            &format!("白政办〔2024〕{n}号"),
        );
        county_notices.push(publish(store, COUNTY, f, "2024-06-03").await);
    }
    until_total(&app, "q=预算", 2).await;
    until_total(&app, "q=通报", 23).await;

    let q = |agency: &str| format!("q=%E9%A2%84%E7%AE%97&agency={agency}");
    // The city takes everything below it: its finance bureau and the county's bureau.
    let mut both = ids(&api(&app, &q(CITY)).await.1);
    both.sort();
    let mut want = vec![county_budget as u64, city_budget as u64];
    want.sort();
    assert_eq!(both, want);
    assert_eq!(
        ids(&api(&app, &q(COUNTY)).await.1),
        vec![county_budget as u64]
    );
    assert_eq!(
        ids(&api(&app, &q(COUNTY_TRANSPORT)).await.1),
        vec![county_budget as u64]
    );
    assert_eq!(
        ids(&api(&app, &q(CITY_FINANCE)).await.1),
        vec![city_budget as u64]
    );
    assert_eq!(api(&app, &q(TOWN)).await.1["total"], 0);

    // Paging by date through all 23, 10 at a time.
    let mut seen = Vec::new();
    for offset in [0, 10, 20, 30] {
        let (_, body) = api(
            &app,
            &format!("q=%E9%80%9A%E6%8A%A5&sort=date&limit=10&offset={offset}"),
        )
        .await;
        assert_eq!(body["total"], 23);
        seen.extend(ids(&body));
    }
    seen.sort();
    let mut want: Vec<u64> = county_notices.iter().map(|i| *i as u64).collect();
    want.sort();
    assert_eq!(seen, want);

    // The page: facets by agency below the filter, and pages.
    let html = app
        .get(&format!("/search?q=%E9%80%9A%E6%8A%A5&agency={CITY}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<strong id=\"search-total\">23</strong>"),
        "{html}"
    );
    assert!(html.contains("第 1 / 2 页"), "{html}");
    assert!(
        html.contains(&format!("agency={COUNTY}")),
        "the county is offered as a facet"
    );
    let page2 = app
        .get(&format!(
            "/search?q=%E9%80%9A%E6%8A%A5&agency={CITY}&page=2"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(page2.matches("class=\"hit\"").count(), 3);
    assert!(!page2.contains("id=\"page-beyond\""), "{page2}");
    // A page past the results says where they are, not "没有找到".
    let page5 = app
        .get(&format!(
            "/search?q=%E9%80%9A%E6%8A%A5&agency={CITY}&page=5"
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page5.contains("第 5 页没有结果：共 23 条") && !page5.contains("没有找到符合条件"),
        "{page5}"
    );
    assert!(page5.contains("id=\"first-page\""), "{page5}");

    // Bad parameters: a Chinese message that says what to do.
    let (status, body) = api(&app, "q=x&agency=NOSUCH").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("未找到代码为“NOSUCH”的机构"),
        "{body}"
    );
    let (status, body) = api(&app, "q=x&year=twenty").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"].as_str().unwrap().contains("四位数字"),
        "{body}"
    );
    let html = app.get("/search?q=x&page=0").await.text().await.unwrap();
    assert!(html.contains("id=\"search-error\""), "{html}");
}

/// The queries whose results must survive a rebuild.
const QUERIES: [&str; 6] = [
    "预算",
    "农村公路",
    "白交[2025]3号",
    "處罰",
    "\"政务公开\"",
    "２０２５年",
];

fn results(dir: &Path) -> Vec<(String, usize, Vec<u64>)> {
    let index = SearchIndex::open_or_create(&search::index_dir(dir)).unwrap();
    QUERIES
        .iter()
        .map(|q| {
            let r = index.search(&SearchRequest::text(*q)).unwrap();
            (
                q.to_string(),
                r.total,
                r.hits.iter().map(|h| h.id).collect(),
            )
        })
        .collect()
}

fn reindex(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["reindex", "--data-dir"])
        .arg(dir)
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gongkai");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[tokio::test]
async fn reindex_after_deleting_the_index_restores_identical_results() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open_file(&dir.path().join("gongkai.db"))
            .await
            .unwrap(),
    );
    store.migrate().await.unwrap();
    demo::seed(store.as_ref()).await.unwrap();
    demo::seed_content(store.as_ref(), content_day())
        .await
        .unwrap();
    publish(
        store.as_ref(),
        CITY_FINANCE,
        form(
            "青山市道路運輸行政處罰裁量基準",
            "為規範行政處罰裁量權，制定本基準。",
            "",
        ),
        "2025-05-06",
    )
    .await;
    publish(
        store.as_ref(),
        COUNTY,
        form(
            "２０２５年白沙县政务公开工作要点解读",
            "解读政务公开工作要点。",
            "",
        ),
        "2025-03-20",
    )
    .await;

    let out = reindex(dir.path());
    assert!(out.contains("检索索引已重建：6 条已发布信息"), "{out}");
    let before = results(dir.path());
    // Every query finds something, so "identical" is not "both empty".
    for (q, total, hits) in &before {
        assert!(*total > 0 && !hits.is_empty(), "{q} finds nothing");
    }

    std::fs::remove_dir_all(search::index_dir(dir.path())).unwrap();
    reindex(dir.path());
    assert_eq!(results(dir.path()), before);

    // Deleted again, the server notices on start and catches up by itself.
    std::fs::remove_dir_all(search::index_dir(dir.path())).unwrap();
    let settings = Settings {
        port: 0,
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    let app = Application::build(settings, store.clone()).await.unwrap();
    let base = app.url();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let started = Instant::now();
    while state.search.index.indexed_seq().unwrap() < store.last_item_change().await.unwrap() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let client = reqwest::Client::new();
    for (q, total, hits) in &before {
        let body: Value = client
            .get(format!("{base}/api/search?q={}", urlencode(q)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["total"].as_u64().unwrap() as usize, *total, "{q}");
        assert_eq!(&ids(&body), hits, "{q}");
    }
}

/// A citizen searches in the browser: from the header to results in
/// traditional characters, narrowed to an agency by its facet.
#[tokio::test]
async fn a_citizen_searches_in_the_browser() {
    use crate::browser::{browser, screenshot_path};
    use fantoccini::Locator;
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    demo::seed_content(app.store.as_ref(), content_day())
        .await
        .unwrap();
    publish(
        app.store.as_ref(),
        CITY_FINANCE,
        form("青山市财政局2025年部门预算", "部门预算及三公经费预算。", ""),
        "2025-03-03",
    )
    .await;
    until_total(&app, "q=%E9%A2%84%E7%AE%97", 2).await;
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let outcome = async {
        c.goto(&app.url("/")).await?;
        c.find(Locator::Id("nav-search")).await?.click().await?;
        let form = c.wait().for_element(Locator::Id("search-form")).await?;
        // Typed in traditional characters.
        form.find(Locator::Css("input[name=q]"))
            .await?
            .send_keys("部門預算")
            .await?;
        form.find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        let total = c
            .wait()
            .for_element(Locator::Id("search-total"))
            .await?
            .text()
            .await?;
        assert_eq!(total, "2");
        let results = c.find(Locator::Id("search-results")).await?.text().await?;
        assert!(
            results.contains("白沙县交通运输局2025年部门预算公开"),
            "{results}"
        );
        assert!(results.contains("青山市财政局2025年部门预算"), "{results}");
        std::fs::write(screenshot_path("search.png"), c.screenshot().await?).unwrap();
        // Narrow to 白沙县 through the agency facet (province → city → county).
        for agency in [
            "江南省人民政府",
            "江南省青山市人民政府",
            "青山市白沙县人民政府",
        ] {
            c.wait()
                .for_element(Locator::LinkText(agency))
                .await?
                .click()
                .await?;
        }
        let current = c
            .wait()
            .for_element(Locator::Css(".facet-current"))
            .await?
            .text()
            .await?;
        assert!(current.contains("青山市白沙县人民政府"), "{current}");
        let total = c.find(Locator::Id("search-total")).await?.text().await?;
        assert_eq!(total, "1");
        let results = c.find(Locator::Id("search-results")).await?.text().await?;
        assert!(!results.contains("青山市财政局"), "{results}");
        let first = c.find(Locator::Css("#search-results .hit-title")).await?;
        first.click().await?;
        let h1 = c
            .wait()
            .for_element(Locator::Css("main h1"))
            .await?
            .text()
            .await?;
        assert!(h1.contains("部门预算"), "{h1}");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    c.close().await.ok();
    outcome.expect("browser story");
}
