//! 回应关切 in the JSON API on both backends, on the same commands as the
//! workbench. The counting (clock hours from the moment learned, Beijing
//! time): a 重大突发事件 learned of at 22:30 on 3 July 2025 is due
//! authoritative information by 03:30 on the 4th (22:30 + 5 h) and a press
//! conference by 22:30 on the 4th (+ 24 h). A public release at 03:10 meets
//! the first clock (按时); no press conference follows, so on 7 July the
//! second is 已超时未回应.

use gongkai_domain::staff::{Role, Username};
use gongkai_store::NewStaff;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{DbKind, TestApp};
use crate::motions::BUREAU;
use crate::on_both_backends;

/// 青山市财政局: a city bureau beside the county, not above the bureau.
const OUTSIDE: &str = "11990100390996033U";

on_both_backends!(
    the_api_registers_responds_and_shows_what_the_column_shows,
    staff_elsewhere_are_refused_with_the_pages_words
);

async fn call(app: &TestApp, token: &str, post: Option<Value>, path: &str) -> (StatusCode, Value) {
    let req = match post {
        Some(body) => app.client.post(app.url(path)).json(&body),
        None => app.client.get(app.url(path)),
    };
    let r = req.bearer_auth(token).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The bureau's editor registers the incident and records the release in
/// time and an internal note; the concern's id.
async fn incident_with_a_release(app: &TestApp, editor: &str) -> i64 {
    let new = json!({
        "title": "汛期县道中断",
        "class": "major_incident",
        "learned_at": "2025-07-03 22:30",
        "source": "12345热线",
        "summary": "暴雨致县道X021塌方，网民集中关注。",
    });
    let (status, c) = call(app, editor, Some(new), "/api/v1/concerns").await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["clocks"][0]["due"], "2025-07-04 03:30");
    assert_eq!(c["clocks"][1]["due"], "2025-07-04 22:30");
    assert_eq!(c["lead_agency"], "白沙县交通运输局", "the agency itself");
    let id = c["id"].as_i64().unwrap();
    let release = json!({
        "kind": "authoritative_release",
        "responded_at": "2025-07-04 03:10",
        "body": "县道X021因塌方临时封闭，绕行线路如下。",
        "public": true,
    });
    let path = format!("/api/v1/concerns/{id}/responses");
    let (status, c) = call(app, editor, Some(release), &path).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    let note = json!({
        "kind": "other",
        "responded_at": "2025-07-04 08:00",
        "body": "内部研判：抢通预计需要三天。",
    });
    let (status, c) = call(app, editor, Some(note), &path).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(
        c["responses"].as_array().unwrap().len(),
        2,
        "staff see both"
    );
    id
}

async fn the_api_registers_responds_and_shows_what_the_column_shows(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-07-07").spawn().await else {
        return;
    };
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/agencies/{code}/concerns",
        "/api/v1/agencies/{code}/concerns/{id}",
        "/api/v1/concerns",
        "/api/v1/concerns/{id}/responses",
        "/api/v1/concerns/{id}/close",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} in the document");
    }
    let editor = app.bearer("editor").await;
    let id = incident_with_a_release(&app, &editor).await;

    // The public list and the concern: the release, not the internal note
    // nor the summary; the 5-hour clock met, the 24-hour one missed.
    let list: Value = app
        .get(&format!("/api/v1/agencies/{BUREAU}/concerns"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["concerns"].as_array().unwrap().len(), 1, "{list}");
    let one = app
        .get(&format!("/api/v1/agencies/{BUREAU}/concerns/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!one.contains("内部研判"), "{one}");
    assert!(!one.contains("网民集中关注"), "{one}");
    let one: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one, list["concerns"][0]);
    assert_eq!(one["responses"].as_array().unwrap().len(), 1);
    assert_eq!(one["responses"][0]["kind_label"], "权威信息发布");
    assert_eq!(one["clocks"][0]["mark"], "on-time");
    assert_eq!(one["clocks"][0]["met_at"], "2025-07-04 03:10");
    assert_eq!(one["clocks"][1]["mark"], "missed");
    // The page shows the same.
    let page = app
        .get(&format!("/agencies/{BUREAU}/concerns/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("县道X021因塌方临时封闭，绕行线路如下。"));
    assert!(!page.contains("内部研判"));

    // Closing; nothing more recorded afterwards (422 with the words).
    let close = json!({"note": "道路已抢通，舆情平息"});
    let path = format!("/api/v1/concerns/{id}/close");
    let (status, c) = call(&app, &editor, Some(close.clone()), &path).await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["open"], false);
    let (status, e) = call(&app, &editor, Some(close), &path).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"], "该舆情已经办结。");

    // A class the platform does not know is refused with what to choose.
    let bad = json!({"title": "某地突发事件", "class": "urgent", "learned_at": "2025-07-05 10:00",
                     "source": "网络媒体", "summary": "某事件概要"});
    let (status, e) = call(&app, &editor, Some(bad), "/api/v1/concerns").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        e["error"].as_str().unwrap().starts_with("请选择舆情类别"),
        "{e}"
    );
}

async fn staff_elsewhere_are_refused_with_the_pages_words(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-07-07").spawn().await else {
        return;
    };
    let store = app.store.as_ref();
    let outside = store.agency_by_code(OUTSIDE).await.unwrap().unwrap();
    store
        .create_staff(&NewStaff {
            agency_id: outside.id,
            username: Username::parse("outsider").unwrap(),
            display_name: "钱外部".into(),
            password_hash: gongkai_app::password::hash_password(gongkai_app::demo::DEMO_PASSWORD)
                .unwrap(),
            roles: vec![Role::Editor, Role::Reviewer],
        })
        .await
        .unwrap();
    let editor = app.bearer("editor").await;
    let id = incident_with_a_release(&app, &editor).await;

    // Another agency's editor: the policy's words, in the API as on the page.
    let words = "只能登记和回应本机关的政务舆情；上级机关的监督员可以查看。";
    let outsider = app.bearer("outsider").await;
    let answer = json!({"kind": "statement", "responded_at": "2025-07-05 10:00",
                        "body": "另一机关的回应内容，不应被记录。", "public": true});
    for (post, path) in [
        (None, format!("/api/v1/concerns/{id}")),
        (
            Some(answer.clone()),
            format!("/api/v1/concerns/{id}/responses"),
        ),
    ] {
        let (status, e) = call(&app, &outsider, post, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(e["error"], words, "{path}");
    }
    let html = app.logged_in("outsider").await;
    let r = html
        .post_form(
            &format!("/workbench/concerns/{id}/respond"),
            &[("kind", "statement"), ("responded_at", "2025-07-05 10:00")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains(words));

    // The county's supervisor reads and records nothing.
    let supervisor = app.bearer("supervisor").await;
    let (status, c) = call(&app, &supervisor, None, &format!("/api/v1/concerns/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(c["access"], "read");
    let path = format!("/api/v1/concerns/{id}/responses");
    let (status, e) = call(&app, &supervisor, Some(answer), &path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        e["error"],
        "上级机关可以查看回应关切的情况，由本机关的信息员或审核人登记回应。"
    );
    // Without a token: 401.
    let r = app.get("/api/v1/concerns").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
