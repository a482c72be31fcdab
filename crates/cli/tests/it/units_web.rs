//! `/admin/agencies/{code}/units`: the administrator adds the bureau's
//! internal and subordinate units and says which units a clerk belongs to;
//! a duplicate name and an empty one are refused with what to do; a clerk
//! may not administer units.

use gongkai_domain::staff::Username;
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
/// 白沙县交通运输局; the demo's `admin` (青山市政府) administers it from above.
const BUREAU: &str = "119901219482199390";

on_both_backends!(an_administrator_adds_units_and_assigns_a_clerk);

fn units_path() -> String {
    format!("/admin/agencies/{BUREAU}/units")
}

async fn add(app: &TestApp, name: &str, kind: &str) -> (StatusCode, String) {
    let r = app
        .post_form(
            &units_path(),
            &[("op", "add"), ("name", name), ("kind", kind)],
            true,
        )
        .await;
    (r.status(), r.text().await.unwrap())
}

async fn an_administrator_adds_units_and_assigns_a_clerk(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let admin = app.another_browser();
    assert_eq!(
        admin.login("admin", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let staff_page = admin
        .get(&format!("/admin/agencies/{BUREAU}/staff"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        staff_page.contains(&format!("href=\"{}\"", units_path())),
        "the staff page links to the units"
    );
    let page = admin.get(&units_path()).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("尚未添加单位"));

    let (status, page) = add(&admin, "办公室", "internal").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("已添加内设机构“办公室”。"));
    let (status, page) = add(&admin, " 综合行政执法支队 ", "subordinate").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("已添加直属单位“综合行政执法支队”。"));
    assert!(page.contains("<td>综合行政执法支队</td><td>直属单位</td>"));

    // The same name again, and no name: refused, saying what to do.
    let (status, page) = add(&admin, "办公室", "internal").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains(
        "本机关已有名为“办公室”的单位：同一单位无需重复添加；不同的单位请使用能区分的名称。"
    ));
    let (status, page) = add(&admin, "  ", "internal").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("单位名称不能为空：请填写内设机构或直属单位的名称，如“办公室”。"));
    let agency = app.store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let units = app.store.units(agency.id).await.unwrap();
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, vec!["办公室", "综合行政执法支队"]);

    // The clerk 李承办 belongs to 办公室.
    let office = units[0].id;
    let tick = format!("unit_{office}");
    let r = admin
        .post_form(
            &units_path(),
            &[("op", "assign"), ("staff", "clerk"), (&tick, "1")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("已保存：李承办属于办公室。"), "{page}");
    assert!(page.contains("<td>办公室</td><td>内设机构</td><td>李承办</td>"));
    let clerk = app
        .store
        .staff_by_username(&Username::parse("clerk").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(app.store.staff_units(clerk.id).await.unwrap(), vec![office]);

    // A clerk administers nothing.
    let browser = app.another_browser();
    browser.login("clerk", PW).await;
    assert_eq!(
        browser.get(&units_path()).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = browser
        .post_form(
            &units_path(),
            &[("op", "add"), ("name", "财务科"), ("kind", "internal")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.units(agency.id).await.unwrap().len(), 2);
}
