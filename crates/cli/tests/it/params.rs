//! Numbers in URLs (issue 13): hostile pages, offsets and ids get a Chinese
//! 400 that states the allowed range, and the server lives on; a cursor
//! reaches every search result in both orders; absolute links in the
//! sitemap and feeds come from the settings, never from the Host header.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gongkai_app::demo;
use gongkai_domain::catalogue::ItemForm;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// 青山市人民政府 in the demo tree.
const CITY: &str = "11990100908301663T";

on_both_backends!(
    hostile_numbers_get_a_chinese_400_and_the_server_lives,
    a_cursor_reaches_every_result_in_both_orders,
    links_in_sitemap_and_feed_come_from_the_settings,
    implausible_item_dates_are_refused_with_the_rule,
    implausible_case_and_calendar_dates_are_refused_with_the_rule,
    hostile_file_names_download_by_their_link,
    a_nul_character_is_refused_never_a_500,
);

/// PostgreSQL cannot store the NUL character: a case number or a form field
/// holding one is a bad request (400 with a Chinese message) or simply not
/// found, never a 500; SQLite answers the same way.
async fn a_nul_character_is_refused_never_a_500(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let clerk = app.another_browser();
    clerk.login("clerk", "gongkai-demo-2025").await;
    for path in [
        "/cases/%00",
        "/cases/GK2025-%00/documents/1.docx",
        "/agencies/%00/catalogue",
        "/admin/agencies/%00/staff",
    ] {
        let r = clerk.get(path).await;
        let status = r.status();
        let page = r.text().await.unwrap();
        assert!(
            status == StatusCode::NOT_FOUND
                || (status == StatusCode::BAD_REQUEST && page.contains("空字符")),
            "{path}: {status} {page}"
        );
    }
    let r = app
        .client
        .post(app.url("/api/v1/agencies/119901219482199390/applications"))
        .json(&serde_json::json!({"form": {
            "applicant_kind": "natural_person", "name": "张\u{0}三",
            "id_document": "resident_id_card", "id_number": "11010519491231002X",
            "phone": "13800138000", "description": "白沙县2024年农村公路养护资金的分配方案\u{0}",
            "delivery_form": "electronic", "delivery_method": "online"},
            "idempotency_key": "nul-1"}))
        .send()
        .await
        .unwrap();
    assert!(!r.status().is_server_error(), "{}", r.text().await.unwrap());
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

/// A clerk's action dated 0001-01-01 and a calendar day in 9999 are refused
/// with the rule (not before 1949-10-01, not more than ten years ahead); the
/// case and the calendar are unchanged.
async fn implausible_case_and_calendar_dates_are_refused_with_the_rule(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let (number, _, _) = app.apply(&"d".repeat(64)).await;
    let clerk = app.another_browser();
    clerk.login("clerk", "gongkai-demo-2025").await;
    for bad in ["0001-01-01", "1949-09-30"] {
        let (_, page) = clerk.act(&number, "confirm", &[("date", bad)]).await;
        assert!(
            page.contains(&format!("日期“{bad}”不合理")) && page.contains("不早于1949年10月1日"),
            "{bad}: {page}"
        );
    }
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    assert_eq!(
        app.store.case_events(case.id).await.unwrap().len(),
        1,
        "nothing recorded"
    );

    let admin = app.another_browser();
    admin.login("admin", "gongkai-demo-2025").await;
    let r = admin
        .post_form(
            "/admin/calendar/override",
            &[
                ("date", "9999-12-31"),
                ("working", "off"),
                ("name", "误填"),
                ("notice", "无"),
            ],
            true,
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains("日期“9999-12-31”不合理"), "{page}");
    assert!(app.store.day_overrides().await.unwrap().is_empty());
}

async fn body_of(app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = app.get(path).await;
    (r.status(), r.text().await.unwrap())
}

async fn hostile_numbers_get_a_chinese_400_and_the_server_lives(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    // (path, what the message must say)
    let cases = [
        (
            "/search?q=%E9%81%93%E8%B7%AF&page=99999999999",
            "页码须为 1 至 500 之间的整数",
        ),
        (
            "/search?q=%E9%81%93%E8%B7%AF&page=99999999999&sort=date",
            "页码须为 1 至 500 之间的整数",
        ),
        (
            "/search?q=%E6%B2%A1%E6%9C%89%E7%9A%84%E8%AF%8D&page=501",
            "页码须为 1 至 500 之间的整数",
        ),
        (
            "/api/search?q=&offset=99999999999",
            "offset 须为 0 至 9980 之间的整数",
        ),
        (
            "/api/search?q=&offset=99999999999&sort=date",
            "offset 须为 0 至 9980 之间的整数",
        ),
        (
            "/api/search?q=%E6%B2%A1%E6%9C%89&offset=9981",
            "offset 须为 0 至 9980 之间的整数",
        ),
        (
            "/api/v1/search?q=x&limit=101",
            "limit 须为 1 至 100 之间的整数",
        ),
        ("/api/search?q=x&limit=0", "limit 须为 1 至 100 之间的整数"),
        ("/api/search?q=x&cursor=r1.zz", "翻页标记（cursor）无效"),
        ("/items/abc", "须为 1 至 9223372036854775807 之间的整数"),
        (
            "/items/99999999999999999999",
            "须为 1 至 9223372036854775807 之间的整数",
        ),
        ("/items/-3", "须为 1 至 9223372036854775807 之间的整数"),
        (
            &format!("/agencies/{CITY}/reports/99999"),
            "年份须为 1949 至 2100 之间的四位数字",
        ),
        (
            &format!("/agencies/{CITY}/reports/abc"),
            "年份须为 1949 至 2100 之间的四位数字",
        ),
        (
            &format!("/agencies/{CITY}/catalogue?year=1e9"),
            "年份须为 1949 至 2100 之间的四位数字",
        ),
        (
            &format!("/agencies/{CITY}/reports/2024?version=x"),
            "须为 1 至 9223372036854775807 之间的整数",
        ),
    ];
    for (path, says) in cases {
        let (status, body) = body_of(&app, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert!(body.contains(says), "{path}: expected “{says}” in {body}");
        if path.starts_with("/api/") {
            let json: Value = serde_json::from_str(&body).expect("JSON error");
            assert!(json["error"].as_str().unwrap().contains(says), "{path}");
        }
    }
    // Still alive, and a deep page inside the cap is simply empty.
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let (status, body) = body_of(&app, "/api/search?q=&offset=9980&limit=20").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = body_of(&app, "/search?q=%E9%81%93%E8%B7%AF&page=500").await;
    assert_eq!(status, StatusCode::OK);
}

fn item(n: usize) -> ItemForm {
    ItemForm {
        title: format!("关于农村公路养护第{n}号事项的通知"),
        summary: "规定农村公路日常养护的责任分工。".into(),
        issuers: "青山市人民政府".into(),
        formed_on: "2024-01-02".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: "农村公路养护".repeat(1 + n % 3),
        ..ItemForm::default()
    }
}

async fn api(app: &TestApp, query: &str) -> Value {
    let r = app.get(&format!("/api/search?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    r.json().await.unwrap()
}

async fn a_cursor_reaches_every_result_in_both_orders(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let agency = app.store.agency_by_code(CITY).await.unwrap().unwrap();
    let mut published = HashSet::new();
    for n in 0..250 {
        // Ten items a day: many ties in date, and in score (three bodies).
        let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(n as u64 / 10);
        let id = demo::publish_item(
            app.store.as_ref(),
            &agency,
            item(n).validate().unwrap(),
            date,
            "测试",
        )
        .await
        .unwrap();
        published.insert(id as u64);
    }
    let q = "q=%E5%85%BB%E6%8A%A4&limit=20"; // 养护
    let started = Instant::now();
    while api(&app, q).await["total"] != 250 {
        assert!(started.elapsed() < Duration::from_secs(20), "indexing");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for sort in ["relevance", "date"] {
        let mut seen = Vec::new();
        let mut query = format!("{q}&sort={sort}");
        let mut pages = 0;
        loop {
            let body = api(&app, &query).await;
            let hits = body["hits"].as_array().unwrap();
            seen.extend(hits.iter().map(|h| h["id"].as_u64().unwrap()));
            pages += 1;
            match body["next_cursor"].as_str() {
                Some(c) => query = format!("{q}&sort={sort}&cursor={c}"),
                None => break,
            }
            assert!(pages <= 13, "{sort}: more pages than results");
        }
        assert_eq!(pages, 13, "{sort}: 250 results in pages of 20");
        let unique: HashSet<u64> = seen.iter().copied().collect();
        assert_eq!(seen.len(), 250, "{sort}: no duplicates");
        assert_eq!(unique, published, "{sort}: no omissions");
        // The cursor pages are the offset pages, result for result.
        let by_offset = api(
            &app,
            &format!("q=%E5%85%BB%E6%8A%A4&limit=100&offset=100&sort={sort}"),
        )
        .await;
        let ids: Vec<u64> = by_offset["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, seen[100..200], "{sort}");
    }
    // Newest first in date order.
    let first = api(&app, &format!("{q}&sort=date")).await;
    assert_eq!(first["hits"][0]["published_on"], "2025-01-25");
    // The search page: past page 1 the pager links on; a cursor page carries it.
    let (status, html) = body_of(&app, "/search?q=%E5%85%BB%E6%8A%A4").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("page=2"), "{html}");
    let cursor = first["next_cursor"].as_str().unwrap();
    let (status, html) = body_of(
        &app,
        &format!("/search?q=%E5%85%BB%E6%8A%A4&sort=date&page=2&cursor={cursor}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(html.matches("class=\"hit\"").count(), 20);
    assert!(html.contains("第 2 / 13 页"), "{html}");
    // A relevance cursor does not continue a date search.
    let (status, body) = body_of(&app, &format!("/api/search?{q}&cursor={cursor}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

async fn links_in_sitemap_and_feed_come_from_the_settings(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    for path in [
        "/sitemaps/agencies.xml".to_string(),
        format!("/agencies/{CITY}/feed.atom"),
    ] {
        let r = app
            .client
            .get(app.url(&path))
            .header("Host", "evil.example\"><x>")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let xml = r.text().await.unwrap();
        assert!(!xml.contains("evil.example"), "{path}: {xml}");
        assert!(!xml.contains("<x>"), "{path}");
        // Every absolute link starts with the address the server is bound to.
        let base = &app.address;
        assert!(
            xml.contains(&format!("{base}/agencies/{CITY}")),
            "{path}: {xml}"
        );
        for part in xml.split("http").skip(1) {
            let link = format!("http{part}");
            assert!(
                link.starts_with(base.as_str())
                    || link.starts_with("http://www.w3.org")
                    || link.starts_with("http://www.sitemaps.org"),
                "{path}: {link}"
            );
        }
    }
    // The sitemap index names its files under the same address.
    let index = app
        .client
        .get(app.url("/sitemap.xml"))
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!index.contains("evil.example"), "{index}");
    assert!(
        index.contains(&format!("{}/sitemaps/agencies.xml", app.address)),
        "{index}"
    );
}

fn draft(formed_on: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "title",
            "关于印发《白沙县渡口安全管理办法》的通知".to_string(),
        ),
        (
            "summary",
            "规定县内渡口、码头的安全责任和日常检查要求。".into(),
        ),
        ("issuers", "白沙县交通运输局".into()),
        ("formed_on", formed_on.into()),
        ("topic", "工业、交通\\水运".into()),
        ("genre", "notice".into()),
        ("kind", "other".into()),
        ("attribute", "proactive".into()),
        ("scope", "public".into()),
        ("body", "各乡镇人民政府：现将办法印发给你们。".into()),
        ("do", "submit".into()),
    ]
}

async fn implausible_item_dates_are_refused_with_the_rule(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", demo::DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    for date in ["9999-12-31", "0001-01-01", "1949-09-30", "2035-10-31"] {
        let fields = draft(date);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = editor.post_form("/items/new", &refs, true).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains(&format!("成文日期“{date}”不合理")),
            "{date}: {html}"
        );
        assert!(
            html.contains("不早于1949年10月1日，不晚于今后10年"),
            "{date}"
        );
        assert!(html.contains("1949-10-01 至 2035-10-30"), "{date}");
    }
    for date in ["1949-10-01", "2035-10-30"] {
        let fields = draft(date);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = editor.post_form("/items/new", &refs, true).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{date} is plausible");
    }
}

async fn hostile_file_names_download_by_their_link(kind: DbKind) {
    use reqwest::multipart::{Form, Part};
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", demo::DEMO_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    // A draft (saved, not submitted) takes the file, then goes to review.
    let fields = draft("2025-10-20");
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| *k != "do")
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = r.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/items/")
        .trim_end_matches("/manage")
        .to_string();
    let upload = |name: &'static str, bytes: &'static [u8]| {
        let editor = &editor;
        let id = id.clone();
        async move {
            let token = editor.csrf().await;
            let form = Form::new()
                .text("_csrf", token)
                .part("file", Part::bytes(bytes.to_vec()).file_name(name));
            let r = editor
                .client
                .post(editor.url(&format!("/items/{id}/attachments")))
                .multipart(form)
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, page) = upload("a#b?c%d\"e'.pdf", b"%PDF-1.4 hostile").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let submit: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor
        .post_form(&format!("/items/{id}/edit"), &submit, true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Under review or published, files change only through the workflow
    // (frozen while in review, issue 19).
    let (status, page) = upload("late.pdf", b"%PDF-1.4 late").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("附件已冻结"), "{page}");
    let reviewer = app.another_browser();
    assert_eq!(
        reviewer
            .login("reviewer", demo::DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let (s, page) = reviewer
        .item_action(
            &id,
            &[
                ("action", "approve"),
                ("review", "不涉密"),
                ("date", "2025-10-30"),
                ("channel_website", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let (status, page) = upload("late.pdf", b"%PDF-1.4 late").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("已发布的信息不得擅自更改"), "{page}");
    // The history shows the file that went through review.
    let manage = editor
        .get(&format!("/items/{id}/manage"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        manage.contains("添加附件“a#b?c%d&#34;e&#39;.pdf”") || manage.contains("添加附件"),
        "{manage}"
    );
    let html = app.get(&format!("/items/{id}")).await.text().await.unwrap();
    assert!(!html.contains("late.pdf"), "a refused file is not public");
    let link = html
        .split("href=\"/files/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the attachment is listed")
        .to_string();
    assert!(link.ends_with("/a%23b%3Fc%25d%22e%27.pdf"), "{link}");
    let file = app.get(&format!("/files/{link}")).await;
    assert_eq!(file.status(), StatusCode::OK, "/files/{link}");
    assert_eq!(
        file.headers()["content-disposition"].to_str().unwrap(),
        "inline; filename=\"a#b?c%d_e'.pdf\"; filename*=UTF-8''a%23b%3Fc%25d%22e%27.pdf"
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.4 hostile");
    // An unknown file is a 404 found by index, not by reading every item.
    let sha = link.split('/').next().unwrap();
    let other = "0".repeat(64);
    assert_eq!(
        app.get(&format!("/files/{other}/x.pdf")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/files/{sha}/other.pdf")).await.status(),
        StatusCode::NOT_FOUND
    );
}
