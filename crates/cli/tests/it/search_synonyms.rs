//! 检索同义词 (issue 19): the agency's synonym groups in the store on both
//! backends (scoped to the searches they apply to, audited), the
//! administrator's page over HTTP (who may, the Chinese messages), and the
//! public search expanding its words with them and with the platform's
//! dictionary (出租车 → 网络预约出租汽车, 資訊 → 信息).

use chrono::NaiveDate;
use gongkai_app::demo;
use gongkai_domain::catalogue::ItemForm;
use gongkai_domain::staff::{Role, Username};
use gongkai_store::{NewStaff, Store, StoreError};
use reqwest::StatusCode;
use serde_json::Value;

use crate::access_matrix::{World, check_cells};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// The access-matrix rows of the synonyms page (`access_matrix.rs` checks
/// them with its own against the router's routes; the test here checks
/// their cells alone): as editing the agency — its administrators and
/// those above it; an empty form is refused with 400.
#[rustfmt::skip]
pub const ROWS: &[(&str, &str, &str)] = &[
    //                                                        anon adm sup clk rev edi out
    ("GET",  "/admin/agencies/{code}/synonyms",                  "L O F F F F F"),
    ("POST", "/admin/agencies/{code}/synonyms",                  "L A F F F F F"),
];

const PROVINCE: &str = "1199000052601815XM";
const CITY: &str = "11990100908301663T";
const CITY_FINANCE: &str = "11990100390996033U";
const COUNTY: &str = "11990121082462814Y";
const BUREAU: &str = "119901219482199390";
/// 白沙县财政局: a draft (未上线) in the demo.
const DRAFT: &str = "11990121518190937G";

fn terms(t: &[&str]) -> Vec<String> {
    t.iter().map(|s| s.to_string()).collect()
}

async fn id_of(store: &dyn Store, code: &str) -> i64 {
    store.agency_by_code(code).await.unwrap().unwrap().id
}

async fn the_synonyms_page_has_its_access_decisions(kind: DbKind) {
    let Some(world) = World::start(kind).await else {
        return;
    };
    check_cells(&world, ROWS.to_vec()).await;
}

on_both_backends!(
    the_synonyms_page_has_its_access_decisions,
    groups_are_kept_per_agency_and_read_for_the_searches_they_apply_to,
    an_administrator_adds_a_group_and_the_search_uses_it,
    the_platform_dictionary_expands_the_public_search,
);

async fn groups_are_kept_per_agency_and_read_for_the_searches_they_apply_to(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    let admin = store
        .staff_by_username(&Username::parse("admin").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let at = app.clock.now();
    let add = |code: &'static str, t: &'static [&'static str]| async move {
        let agency = id_of(store, code).await;
        store
            .add_synonym_group(agency, &terms(t), admin, at)
            .await
            .unwrap()
    };
    let bureau_group = add(BUREAU, &["白交局", "白沙县交通运输局"]).await;
    add(CITY_FINANCE, &["青财局", "青山市财政局"]).await;
    add(PROVINCE, &["江南", "江南省"]).await;
    add(DRAFT, &["县财政", "白沙县财政局"]).await;
    // The draft stays a draft (the test application seeds it online).
    let draft = id_of(store, DRAFT).await;
    store.set_agency_online(draft, None).await.unwrap();

    let bureau = id_of(store, BUREAU).await;
    let own = store.synonym_groups(bureau).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].terms, terms(&["白交局", "白沙县交通运输局"]));
    assert_eq!(own[0].created_by, Some(admin));

    let sorted = |mut g: Vec<Vec<String>>| {
        g.sort();
        g
    };
    let bureau_terms = terms(&["白交局", "白沙县交通运输局"]);
    let finance_terms = terms(&["青财局", "青山市财政局"]);
    let province_terms = terms(&["江南", "江南省"]);
    // The whole platform: every online agency's groups, not the draft's.
    assert_eq!(
        sorted(store.synonyms_for_search(None).await.unwrap()),
        sorted(vec![
            bureau_terms.clone(),
            finance_terms.clone(),
            province_terms.clone()
        ])
    );
    // Within the bureau: its own and its lineage's (the province), not its
    // cousin's (the city's finance bureau).
    assert_eq!(
        sorted(store.synonyms_for_search(Some(bureau)).await.unwrap()),
        sorted(vec![bureau_terms.clone(), province_terms.clone()])
    );
    // Within the city: the subtree's (the bureau, the finance bureau) and
    // the province's.
    let city = id_of(store, CITY).await;
    assert_eq!(
        sorted(store.synonyms_for_search(Some(city)).await.unwrap()),
        sorted(vec![bureau_terms, finance_terms, province_terms])
    );

    // Deleting: only as the group's agency.
    let finance = id_of(store, CITY_FINANCE).await;
    assert!(matches!(
        store
            .delete_synonym_group(finance, bureau_group, admin, at)
            .await,
        Err(StoreError::NotFound(_))
    ));
    store
        .delete_synonym_group(bureau, bureau_group, admin, at)
        .await
        .unwrap();
    assert!(store.synonym_groups(bureau).await.unwrap().is_empty());
    let audit = store.audit_entries(20).await.unwrap();
    for (action, detail) in [
        (
            "search.synonyms_added",
            "新增检索同义词组：白交局/白沙县交通运输局",
        ),
        (
            "search.synonyms_deleted",
            "删除检索同义词组：白交局/白沙县交通运输局",
        ),
    ] {
        assert!(
            audit.iter().any(|e| e.action == action
                && e.detail == detail
                && e.agency_id == Some(bureau)
                && e.staff_id == Some(admin)),
            "{action}: {audit:?}"
        );
    }
}

fn item(title: &str, summary: &str, body: &str) -> ItemForm {
    ItemForm {
        title: title.into(),
        summary: summary.into(),
        issuers: "白沙县交通运输局".into(),
        formed_on: "2025-01-02".into(),
        topic: "工业、交通\\道路运输".into(),
        genre: "notice".into(),
        kind: "other".into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: body.into(),
        ..ItemForm::default()
    }
}

async fn publish(store: &dyn Store, code: &str, form: ItemForm) {
    let agency = store.agency_by_code(code).await.unwrap().unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 6, 3).unwrap();
    demo::publish_item(store, &agency, form.validate().unwrap(), day, "测试数据")
        .await
        .expect("publish");
}

async fn api(app: &TestApp, query: &str) -> Value {
    let r = app.get(&format!("/api/search?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// Waits until `query` finds `total` (the indexer polls the feed).
async fn until_total(app: &TestApp, query: &str, total: u64) -> Value {
    let started = std::time::Instant::now();
    loop {
        let body = api(app, query).await;
        if body["total"] == total {
            return body;
        }
        assert!(started.elapsed().as_secs() < 10, "{query}: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn an_administrator_adds_a_group_and_the_search_uses_it(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    publish(
        store,
        BUREAU,
        item(
            "白沙县公路超限超载治理联合执法工作制度",
            "明确联合执法的职责分工。",
            "建立联合执法工作制度。",
        ),
    )
    .await;
    let bjj = "q=%E7%99%BD%E4%BA%A4%E5%B1%80"; // 白交局
    until_total(&app, "q=%E8%B6%85%E9%99%90", 1).await; // 超限
    assert_eq!(api(&app, bjj).await["total"], 0);

    let page = format!("/admin/agencies/{BUREAU}/synonyms");
    // The bureau's editor, and the administrator of an agency beside it,
    // may neither see nor change the bureau's groups.
    let finance = store.agency_by_code(CITY_FINANCE).await.unwrap().unwrap();
    store
        .create_staff(&NewStaff {
            agency_id: finance.id,
            username: Username::parse("finadmin").unwrap(),
            display_name: "钱财政".into(),
            password_hash: gongkai_app::password::hash_password(demo::DEMO_PASSWORD).unwrap(),
            roles: vec![Role::Administrator],
        })
        .await
        .unwrap();
    for name in ["editor", "finadmin"] {
        let who = app.logged_in(name).await;
        assert_eq!(
            who.get(&page).await.status(),
            StatusCode::FORBIDDEN,
            "{name}"
        );
        let r = who
            .post_form(
                &page,
                &[("op", "add"), ("terms", "白交局/白沙县交通运输局")],
                true,
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}");
    }
    let bureau = store.agency_by_code(BUREAU).await.unwrap().unwrap();
    assert!(store.synonym_groups(bureau.id).await.unwrap().is_empty());

    // The city's administrator administers the bureau below it.
    let admin = app.logged_in("admin").await;
    let html = admin.get(&page).await.text().await.unwrap();
    assert!(html.contains("白沙县交通运输局：检索同义词"), "{html}");
    assert!(html.contains("尚未添加同义词组"), "{html}");
    for (typed, message) in [
        ("白交局//白沙县交通运输局", "第2个词是空的"),
        (
            "白交局/白沙县交通运输局局长办公室综合行政执法大队",
            "过长（21个字）：每个词不超过20个字",
        ),
        (
            "甲乙/丙丁/戊己/庚辛/壬癸/子丑/寅卯/辰巳/午未/申酉/戌亥",
            "一组最多10个词，现有11个",
        ),
        ("白交局", "一组至少要有两个词"),
        ("局/白沙县交通运输局", "“局”只有一个字"),
    ] {
        let r = admin
            .post_form(&page, &[("op", "add"), ("terms", typed)], true)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{typed}: {html}");
        // The form keeps what was typed.
        assert!(html.contains(&format!("value=\"{typed}\"")), "{typed}");
    }
    let r = admin
        .post_form(
            &page,
            &[("op", "add"), ("terms", "白交局、白沙县交通运输局")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("已添加同义词组“白交局/白沙县交通运输局”"),
        "{html}"
    );
    // The same group again is refused.
    let r = admin
        .post_form(
            &page,
            &[("op", "add"), ("terms", "白沙县交通运输局/白交局")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("本机关已有同义词组"));

    // The next search uses it, without a reindex; the page says so.
    let body = api(&app, bjj).await;
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(body["expanded"], serde_json::json!(["白沙县交通运输局"]));
    let html = app
        .get(&format!("/search?{bjj}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("已同时搜索：白沙县交通运输局。"), "{html}");
    // Within the county the bureau's group applies; within the city's
    // finance bureau (beside it) it does not.
    let body = api(&app, &format!("{bjj}&agency={COUNTY}")).await;
    assert_eq!(
        (
            body["total"].as_u64(),
            body["expanded"].as_array().map(Vec::len)
        ),
        (Some(1), Some(1))
    );
    let body = api(&app, &format!("{bjj}&agency={CITY_FINANCE}")).await;
    assert_eq!(body["expanded"], serde_json::json!([]));

    // Deleted, it no longer applies.
    let group = store.synonym_groups(bureau.id).await.unwrap()[0].id;
    let r = admin
        .post_form(&page, &[("op", "delete"), ("id", &group.to_string())], true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("已删除该同义词组"));
    assert_eq!(api(&app, bjj).await["total"], 0);
    let audit = store.audit_entries(10).await.unwrap();
    assert!(
        audit.iter().any(|e| e.action == "search.synonyms_deleted"
            && e.detail == "删除检索同义词组：白交局/白沙县交通运输局"),
        "{audit:?}"
    );
}

async fn the_platform_dictionary_expands_the_public_search(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    let title = "白沙县网络预约出租汽车经营服务管理实施细则";
    publish(
        store,
        BUREAU,
        item(
            title,
            "规定经营许可和服务规范。",
            &format!("{title}\n第一条 为规范网络预约出租汽车经营服务，制定本细则。"),
        ),
    )
    .await;
    publish(
        store,
        COUNTY,
        item(
            "2024年政府信息公开工作年度报告",
            "报告全年工作情况。",
            "本机关全年主动公开政府信息一百二十条。",
        ),
    )
    .await;
    until_total(&app, "q=%E7%BB%86%E5%88%99", 1).await; // 细则

    // 出租车 finds the 网约车 rules through 出租汽车.
    let html = app
        .get("/search?q=%E5%87%BA%E7%A7%9F%E8%BD%A6")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<strong id=\"search-total\">1</strong>"),
        "{html}"
    );
    assert!(
        html.contains("已同时搜索：出租汽车、巡游出租汽车。"),
        "{html}"
    );
    // The snippet: the summary and the body after its heading line (the
    // title), whole.
    let body = api(&app, "q=%E7%BD%91%E7%BA%A6%E8%BD%A6").await; // 网约车
    assert_eq!(
        body["hits"][0]["snippet"],
        "规定经营许可和服务规范。第一条 为规范<mark>网络预约出租汽车</mark>经营服务，制定本细则。"
    );
    // A Taiwan word: 資訊公開 finds 信息公开.
    let body = api(&app, "q=%E8%B3%87%E8%A8%8A%E5%85%AC%E9%96%8B").await;
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(body["hits"][0]["title"], "2024年政府信息公开工作年度报告");
    assert_eq!(body["expanded"], serde_json::json!(["信息"]));
    // In quotes, exactly what was typed.
    let body = api(&app, "q=%22%E5%87%BA%E7%A7%9F%E8%BD%A6%22").await;
    assert_eq!(
        (body["total"].as_u64(), body["expanded"].clone()),
        (Some(0), serde_json::json!([]))
    );
}
