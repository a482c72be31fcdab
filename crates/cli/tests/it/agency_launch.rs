//! A new agency is not public until its 指南 data is complete: the
//! administrators' form creates a draft (未上线) whose public pages answer
//! 404 (its administrators preview them under a banner), 上线 is refused
//! with what is missing, and succeeds once the data and the 制度 are
//! written.

use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};

/// 白沙县人民政府, the parent.
const COUNTY: &str = "11990121082462814Y";
/// The new agency's code (check character valid).
const CODE: &str = "119901214323194888";

fn profile<'a>(complete: bool) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("full_name", "白沙县林业局"),
        ("code", CODE),
        ("level", "county"),
        ("kind", "department"),
        ("office_name", "白沙县林业局办公室"),
        ("office_email", "lyj@bs.example.gov.cn"),
        ("ch_online", "1"),
    ];
    if complete {
        fields.extend([
            ("office_address", "白沙县林场路8号"),
            ("office_hours", "工作日8:30-12:00，14:30-17:30"),
            ("office_phone", "0898-2345678"),
            ("office_fax", "0898-2345679"),
        ]);
    }
    fields
}

async fn is_draft_publicly(app: &TestApp) {
    for path in [
        format!("/agencies/{CODE}"),
        format!("/agencies/{CODE}/guide"),
        format!("/agencies/{CODE}/catalogue"),
        format!("/agencies/{CODE}/reports"),
        format!("/agencies/{CODE}/plans"),
        format!("/agencies/{CODE}/standard-catalogue"),
        format!("/agencies/{CODE}/apply"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("政府信息公开专栏尚未上线"), "{path}: {html}");
    }
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        !home.contains(CODE),
        "a draft is not in the home page's tree"
    );
    let sitemap = app
        .get("/sitemaps/agencies.xml")
        .await
        .text()
        .await
        .unwrap();
    assert!(!sitemap.contains(CODE), "nor in the sitemap");
}

/// The administrators above a draft preview its column, under a banner;
/// applying to it, its feed and its 标准目录 stay closed.
async fn is_previewed(app: &TestApp) {
    for path in [
        format!("/agencies/{CODE}"),
        format!("/agencies/{CODE}/guide"),
        format!("/agencies/{CODE}/catalogue"),
        format!("/agencies/{CODE}/reports"),
        format!("/agencies/{CODE}/plans"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("预览（未上线）"), "{path}: {html}");
    }
    for path in [
        format!("/agencies/{CODE}/apply"),
        format!("/agencies/{CODE}/feed.atom"),
        format!("/agencies/{CODE}/standard-catalogue"),
    ] {
        assert_eq!(
            app.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_new_agency_goes_online_once_its_guide_data_is_complete() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    let admin = app.logged_in("admin").await;
    let mut fields = profile(false);
    fields.push(("parent", COUNTY));
    let r = admin.post_form("/admin/agencies/new", &fields, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = format!("/admin/agencies/{CODE}/edit");
    assert_eq!(r.headers()["location"], edit.as_str());
    let created = app.store.agency_by_code(CODE).await.unwrap().unwrap();
    assert_eq!(created.online_on, None, "created as a draft");
    is_draft_publicly(&app).await;
    is_previewed(&admin).await;

    // The edit page shows the draft and what is missing, with where to fill it.
    let html = admin.get(&edit).await.text().await.unwrap();
    assert!(html.contains("草稿（未上线）"), "{html}");
    assert!(html.contains("请填写办公地址、办公时间、联系电话、传真号码"));
    assert!(html.contains(&format!("/admin/agencies/{CODE}/texts")));

    // 上线 is refused with the list of what is missing.
    let online = format!("/admin/agencies/{CODE}/online");
    let r = admin
        .post_form(&online, &[("action", "online")], true)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(html.contains("暂不能上线"), "{html}");
    assert!(html.contains("办公时间") && html.contains("请编写政府信息公开制度"));
    let still = app.store.agency_by_code(CODE).await.unwrap().unwrap();
    assert_eq!(still.online_on, None);

    // The data and the 制度 written, it goes online.
    let r = admin.post_form(&edit, &profile(true), true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        edit.as_str(),
        "a draft: back to its checklist"
    );
    let texts = format!("/admin/agencies/{CODE}/texts");
    let rules = [(
        "rules_text",
        "第一条 为规范本局政府信息公开工作，制定本制度。",
    )];
    assert_eq!(
        admin.post_form(&texts, &rules, true).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = admin
        .post_form(&online, &[("action", "online")], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let live = app.store.agency_by_code(CODE).await.unwrap().unwrap();
    assert!(live.online_on.is_some(), "online");
    let column = app.get(&format!("/agencies/{CODE}")).await;
    assert_eq!(column.status(), StatusCode::OK);
    assert!(column.text().await.unwrap().contains("白沙县林场路8号"));
    assert!(app.get("/").await.text().await.unwrap().contains(CODE));
    assert!(
        admin
            .get(&edit)
            .await
            .text()
            .await
            .unwrap()
            .contains("已上线（")
    );

    // 下线 takes it back to a draft.
    let r = admin
        .post_form(&online, &[("action", "offline")], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    is_draft_publicly(&app).await;
    let trail = app.store.agency_by_code(CODE).await.unwrap().unwrap();
    assert_eq!(trail.online_on, None);
}

#[tokio::test]
async fn an_unknown_action_is_refused_in_chinese() {
    let Some(app) = TestApp::builder(DbKind::Sqlite).spawn().await else {
        return;
    };
    let admin = app.logged_in("admin").await;
    let online = format!("/admin/agencies/{COUNTY}/online");
    let r = admin.post_form(&online, &[("action", "later")], true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("未知的操作“later”"));
    // The demo's agencies are online, and stay so.
    let county = app.store.agency_by_code(COUNTY).await.unwrap().unwrap();
    assert!(county.is_online());
}
