//! 重大行政决策事项目录 over HTTP on both backends: entries added (a status
//! needs its link), the directory published in the agency's column with
//! each entry's consultation and decision, a change after publication
//! refused without its reason and shown with it.

use reqwest::StatusCode;

use crate::consultations::{BUREAU, decision_item, location, notice};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

on_both_backends!(a_yearly_directory_with_its_links_and_adjustments);

fn entry<'a>(
    title: &'a str,
    (month, status): (&'a str, &'a str),
    (consultation, decision): (&'a str, &'a str),
    reason: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("year", "2025"),
        ("title", title),
        ("lead_unit", "县交通运输局"),
        ("planned_month", month),
        ("status", status),
        ("consultation", consultation),
        ("decision_item", decision),
        ("reason", reason),
    ]
}

async fn a_yearly_directory_with_its_links_and_adjustments(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-09-25").spawn().await else {
        return;
    };
    let editor = app.logged_in("editor").await;
    let v: Vec<(&str, String)> = notice("2025-10-11");
    let f: Vec<(&str, &str)> = v.iter().map(|(k, s)| (*k, s.as_str())).collect();
    let r = editor
        .post_form("/workbench/consultations/new", &f, true)
        .await;
    let staff_path = location(&r);
    let cid = staff_path.rsplit('/').next().unwrap().to_string();
    editor
        .post_form(&format!("{staff_path}/publish"), &[], true)
        .await;
    let item = decision_item(&app, "2025-09-25").await.to_string();

    let add = "/workbench/decisions/entries";
    let r = editor
        .post_form(
            add,
            &entry("城区公交线网优化方案", ("6", "consulting"), ("", ""), ""),
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("须关联其意见征集"));
    let clerk = app.logged_in("clerk").await;
    let one = entry("城区公交线网优化方案", ("6", "planned"), ("", ""), "");
    assert_eq!(
        clerk.post_form(add, &one, true).await.status(),
        StatusCode::FORBIDDEN
    );
    for e in [
        one.clone(),
        entry("农村公路养护管理办法", ("10", "consulting"), (&cid, ""), ""),
        entry(
            "农村客运班线运营管理办法",
            ("9", "decided"),
            ("", &item),
            "",
        ),
    ] {
        let r = editor.post_form(add, &e, true).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{e:?}");
    }
    let citizen = app.another_browser();
    let public = format!("/agencies/{BUREAU}/decisions?year=2025");
    let page = citizen.get(&public).await.text().await.unwrap();
    assert!(
        page.contains("2025年重大行政决策事项目录尚未公布"),
        "{page}"
    );
    // The API shows what the page shows: nothing before publication.
    let api = format!("/api/v1/agencies/{BUREAU}/decisions?year=2025");
    let json = |r: reqwest::Response| async { r.json::<serde_json::Value>().await.unwrap() };
    let unpublished = json(citizen.get(&api).await).await;
    assert_eq!(unpublished["published_at"], serde_json::Value::Null);
    assert_eq!(unpublished["entries"], serde_json::json!([]));

    let r = editor
        .post_form("/workbench/decisions/publish", &[("year", "2025")], true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = citizen.get(&public).await.text().await.unwrap();
    let published = json(citizen.get(&api).await).await;
    let entries = published["entries"].as_array().unwrap();
    let fields: Vec<(&str, &str, u64)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("");
            (
                s("title"),
                s("status"),
                e["planned_month"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("城区公交线网优化方案", "planned", 6),
            ("农村公路养护管理办法", "consulting", 10),
            ("农村客运班线运营管理办法", "decided", 9),
        ],
        "in the order entered"
    );
    assert_eq!(entries[1]["consultation_id"].to_string(), cid);
    assert_eq!(entries[2]["decision_item_id"].to_string(), item);
    let wrong_year = citizen.get(&format!("{api}&year=1999")).await;
    assert_eq!(wrong_year.status(), StatusCode::BAD_REQUEST);
    for part in [
        "城区公交线网优化方案",
        "2025年6月",
        &format!("/agencies/{BUREAU}/consultations/{cid}\""),
        &format!("/items/{item}\""),
        "已决策",
        "征求意见中",
    ] {
        assert!(page.contains(part), "{part}: {page}");
    }

    // ---- after publication: a change needs its reason, shown publicly ----
    let first = app
        .store
        .decision_catalogue(
            app.store.agency_by_code(BUREAU).await.unwrap().unwrap().id,
            2025,
        )
        .await
        .unwrap()
        .entries[0]
        .id;
    let path = format!("/workbench/decisions/entries/{first}");
    let moved = entry("城区公交线网优化方案", ("11", "adjusted"), ("", ""), "");
    let r = editor.post_form(&path, &moved, true).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("调整事项须说明理由"));
    let why = "待线网客流调查完成后决策";
    let moved = entry("城区公交线网优化方案", ("11", "adjusted"), ("", ""), why);
    assert_eq!(
        editor.post_form(&path, &moved, true).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = citizen.get(&public).await.text().await.unwrap();
    let shown = format!("调整（2025-09-25）：计划时间：6月 → 11月；状态：计划 → 调整。理由：{why}");
    assert!(page.contains(&shown), "{page}");
    let r = editor.get("/workbench/decisions?year=1999").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
