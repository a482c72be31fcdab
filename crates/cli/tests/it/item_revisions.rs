//! 修订 over HTTP: published information that changed is drafted again
//! from the published version, must state its change date (Art. 26 counts
//! from it), and its reviewer sees what differs from the published version.

use reqwest::StatusCode;

use crate::catalogue::id_of;
use crate::helpers::{DbKind, TestApp, csrf_in};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

fn fields(body: &str, changed_on: &str, revision_of: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "白沙县2025年农村公路养护计划".into()),
        (
            "summary",
            "公布本局二〇二五年农村公路养护工程的计划里程和资金安排。".into(),
        ),
        ("issuers", "白沙县交通运输局".into()),
        ("formed_on", "2025-09-26".into()),
        ("changed_on", changed_on.into()),
        ("topic", "工业、交通\\公路".into()),
        ("genre", "notice".into()),
        ("kind", "other".into()),
        ("attribute", "proactive".into()),
        ("scope", "public".into()),
        ("body", body.into()),
        ("body_format", "html".into()),
        ("revision_of", revision_of.into()),
        ("do", "save".into()),
    ]
}

async fn post(app: &TestApp, f: &[(&'static str, String)]) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/items/new", &refs, true).await
}

async fn a_revision_shows_the_reviewer_what_changed(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-20").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let first = "<p>一、养护里程</p><p>全年养护125公里。</p><p>二、资金</p>";
    let r = post(&editor, &fields(first, "", "")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = id_of(&r);
    // Only published information is revised.
    let r = editor.get(&format!("/items/new?revise={id}")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("只能修订已发布且未撤回的信息")
    );
    assert_eq!(
        editor.item_action(&id, &[("action", "submit")]).await.0,
        StatusCode::OK
    );
    let approve = [
        ("action", "approve"),
        ("review", "经保密审查，不涉及国家秘密"),
        ("date", "2025-10-09"),
        ("channel_website", "1"),
    ];
    assert_eq!(reviewer.item_action(&id, &approve).await.0, StatusCode::OK);

    // The editor starts from the published version.
    let manage = editor
        .get(&format!("/items/{id}/manage"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        manage.contains(&format!("href=\"/items/new?revise={id}\"")),
        "{manage}"
    );
    let form = editor
        .get(&format!("/items/new?revise={id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains(&format!("name=\"revision_of\" value=\"{id}\"")),
        "{form}"
    );
    assert!(form.contains("value=\"白沙县2025年农村公路养护计划\""));
    assert!(csrf_in(&form).is_some());

    // Without a change date it is refused, saying why (Art. 26).
    let second = "<p>一、养护里程</p><p>全年养护130公里。</p><p>二、资金</p><p>三、监督电话</p>";
    let r = post(&editor, &fields(second, "", &id)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("修订已发布的信息时请填写变更日期")
    );
    let r = post(&editor, &fields(second, "2025-10-15", &id)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let revision = id_of(&r);
    assert_eq!(
        editor
            .item_action(&revision, &[("action", "submit")])
            .await
            .0,
        StatusCode::OK
    );

    // The reviewer sees the change against the published version.
    let page = reviewer
        .get(&format!("/items/{revision}/manage"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(
            "本信息是对已发布的<a href=\"/items/{id}\">《白沙县2025年农村公路养护计划》</a>的修订"
        )),
        "{page}"
    );
    assert!(
        page.contains("<tr><th scope=\"row\">变更日期</th><td><del></del></td><td><ins>2025-10-15</ins></td></tr>"),
        "{page}"
    );
    assert!(page.contains(
        "<li class=\"removed\"><span class=\"mark\">删</span><del>全年养护125公里。</del></li>"
    ));
    assert!(page.contains(
        "<li class=\"added\"><span class=\"mark\">增</span><ins>全年养护130公里。</ins></li>"
    ));
    assert!(page.contains(
        "<li class=\"added\"><span class=\"mark\">增</span><ins>三、监督电话</ins></li>"
    ));
    assert!(page.contains("<li class=\"same\">二、资金</li>"));
    // Art. 26 from the change: 10-16, 17, 20 → 3 working days on 20 October.
    assert!(page.contains("成文或变更后已过3个工作日"), "{page}");

    // Published, the revision names the version it revises.
    assert_eq!(
        reviewer.item_action(&revision, &approve).await.0,
        StatusCode::OK
    );
    let public = app
        .get(&format!("/items/{revision}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        public.contains(&format!(
            "本信息是对<a href=\"/items/{id}\">《白沙县2025年农村公路养护计划》</a>的修订"
        )),
        "{public}"
    );

    // The published version lapsed the same day, naming its revision.
    let old = app.get(&format!("/items/{id}")).await.text().await.unwrap();
    assert!(
        old.contains(
            "<td id=\"validity\">失效（2025-10-09）：信息已变更，以修订后重新发布的版本为准。</td>"
        ),
        "{old}"
    );
    assert!(!old.contains("为准。。"), "one full stop: {old}");
    assert!(
        old.contains(&format!("href=\"/items/{revision}\"")),
        "{old}"
    );
    let history = editor
        .get(&format!("/items/{id}/manage"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("信息已变更，以修订后重新发布的版本为准。"),
        "{history}"
    );
    assert!(
        !history.contains("id=\"revise-item\""),
        "a lapsed item is not revised again"
    );

    // Another agency's item cannot be revised here.
    let r = post(&editor, &fields(second, "2025-10-15", "999999")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("所修订的信息不存在或不属于本机关")
    );
}

on_both_backends!(a_revision_shows_the_reviewer_what_changed);
