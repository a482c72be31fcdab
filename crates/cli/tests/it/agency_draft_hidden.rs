//! A draft agency (未上线) is not public (issue 18): 白沙县财政局, taken
//! back to a draft, publishes a notice with a file. The public gets 404 for
//! the item and the file; search (page and API) and the sitemap leave it
//! out while they list the bureau's notice on the same subject; filtering
//! the search by the draft answers as for an unknown agency. The city's
//! administrator and the county's supervisor preview the column and the
//! item under a 预览（未上线） banner; the bureau's clerk gets 404 like the
//! public. Once the agency is online everything is public, without banner.

use std::time::{Duration, Instant};

use gongkai_app::demo::{self, BUREAU_CODE};
use gongkai_domain::catalogue::{ItemForm, ItemMetadata};
use gongkai_store::{Agency, NewItemAttachment};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// 白沙县财政局, a department of the county.
const FINANCE: &str = "11990121518190937G";
const BANNER: &str = "预览（未上线）";

fn notice(title: &str, issuer: &str) -> ItemMetadata {
    ItemForm {
        title: title.into(),
        summary: "森林防火期内的有关安排。".into(),
        issuers: issuer.into(),
        formed_on: "2026-03-02".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "notice".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: "<p>森林防火期为每年3月1日至5月31日。</p>".into(),
        ..ItemForm::default()
    }
    .validate()
    .unwrap()
}

async fn publish(app: &TestApp, agency: &Agency, title: &str) -> i64 {
    let on = app.clock.today();
    demo::publish_item(
        app.store.as_ref(),
        agency,
        notice(title, &agency.profile.full_name),
        on,
        "测试",
    )
    .await
    .unwrap()
}

/// The ids the search API finds for 森林防火, by id.
async fn search_ids(app: &TestApp) -> Vec<i64> {
    let v: Value = app
        .get("/api/v1/search?q=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB")
        .await
        .json()
        .await
        .unwrap();
    let mut ids: Vec<i64> = v["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    assert_eq!(v["total"], ids.len(), "{v}");
    ids.sort_unstable();
    ids
}

/// Waits (the indexer follows the change feed) until search finds `want`.
async fn search_finds(app: &TestApp, want: &[i64]) {
    let started = Instant::now();
    loop {
        let ids = search_ids(app).await;
        if ids == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "found {ids:?}, want {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn status_and_page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = app.get(path).await;
    (r.status(), r.text().await.unwrap())
}

on_both_backends!(a_draft_agencys_items_are_not_public_until_it_goes_online);

async fn a_draft_agencys_items_are_not_public_until_it_goes_online(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-03-03").spawn().await else {
        return;
    };
    let store = app.store.clone();
    let finance = store.agency_by_code(FINANCE).await.unwrap().unwrap();
    store.set_agency_online(finance.id, None).await.unwrap();
    let bureau = store.agency_by_code(BUREAU_CODE).await.unwrap().unwrap();
    let hidden = publish(&app, &finance, "关于森林防火专项资金使用情况的公告").await;
    let shown = publish(&app, &bureau, "关于森林防火期间道路通行的通知").await;
    let file = gongkai_app::uploads::store(app.data_dir(), "资金表.pdf", b"%PDF-1.4\n%%EOF\n")
        .await
        .unwrap();
    store
        .add_item_attachment(&NewItemAttachment {
            item_id: hidden,
            sha256: file.sha256.clone(),
            filename: file.filename.clone(),
            content_type: file.content_type.into(),
            size: file.size,
        })
        .await
        .unwrap();
    let item = format!("/items/{hidden}");
    let download = format!(
        "/files/{}/{}",
        file.sha256, "%E8%B5%84%E9%87%91%E8%A1%A8.pdf"
    );

    // The public: 404 for the item (as for one that does not exist) and its file.
    let (status, page) = status_and_page(&app, &item).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("未找到该信息"), "{page}");
    assert!(!page.contains("森林防火"), "{page}");
    assert_eq!(app.get(&download).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/agencies/{FINANCE}/feed.atom"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Search finds the bureau's notice, never the draft's.
    search_finds(&app, &[shown]).await;
    let (status, page) =
        status_and_page(&app, "/search?q=%E6%A3%AE%E6%9E%97%E9%98%B2%E7%81%AB").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/items/{shown}")), "{page}");
    assert!(!page.contains(&item), "{page}");
    let (status, page) = status_and_page(&app, &format!("/search?q=x&agency={FINANCE}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains(&format!("未找到代码为“{FINANCE}”的机构")),
        "{page}"
    );
    let r = app
        .get(&format!("/api/v1/search?q=x&agency={FINANCE}"))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Nor is it in the sitemap.
    let (_, sitemap) = status_and_page(&app, "/sitemaps/items-1.xml").await;
    assert!(
        sitemap.contains(&format!("/items/{shown}</loc>")),
        "{sitemap}"
    );
    assert!(!sitemap.contains(&format!("{item}</loc>")), "{sitemap}");

    // Those above it preview the column and the item, marked as such.
    for who in ["admin", "supervisor"] {
        let staff = app.logged_in(who).await;
        for path in [
            item.clone(),
            format!("/agencies/{FINANCE}"),
            format!("/agencies/{FINANCE}/catalogue"),
        ] {
            let (status, page) = status_and_page(&staff, &path).await;
            assert_eq!(status, StatusCode::OK, "{who} {path}");
            assert!(page.contains(BANNER), "{who} {path}: {page}");
        }
        let (_, page) = status_and_page(&staff, &format!("/agencies/{FINANCE}/catalogue")).await;
        assert!(
            page.contains("关于森林防火专项资金使用情况的公告"),
            "{page}"
        );
        // The bureau's column, online, has no banner.
        let (_, page) = status_and_page(&staff, &format!("/items/{shown}")).await;
        assert!(!page.contains(BANNER), "{page}");
    }
    // Staff of another agency see what the public sees.
    let clerk = app.logged_in("clerk").await;
    assert_eq!(clerk.get(&item).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        clerk.get(&format!("/agencies/{FINANCE}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // Online: public everywhere, without a banner.
    store
        .set_agency_online(finance.id, Some(app.clock.today()))
        .await
        .unwrap();
    let (status, page) = status_and_page(&app, &item).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("关于森林防火专项资金使用情况的公告"),
        "{page}"
    );
    assert!(!page.contains(BANNER), "{page}");
    assert_eq!(app.get(&download).await.status(), StatusCode::OK);
    search_finds(&app, &[hidden, shown]).await;
    let (_, sitemap) = status_and_page(&app, "/sitemaps/items-1.xml").await;
    assert!(sitemap.contains(&format!("{item}</loc>")), "{sitemap}");
    let admin = app.logged_in("admin").await;
    let (_, page) = status_and_page(&admin, &item).await;
    assert!(!page.contains(BANNER), "{page}");

    // Back to a draft (下线): out of the search again.
    let r = admin
        .post_form(
            &format!("/admin/agencies/{FINANCE}/online"),
            &[("action", "offline")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get(&item).await.status(), StatusCode::NOT_FOUND);
    search_finds(&app, &[shown]).await;
}
