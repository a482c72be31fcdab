//! 意见征集, 政民互动 and 建议提案 in the JSON API and the Atom feeds, on
//! both backends, with the demo's registers of 白沙县交通运输局 seeded on
//! 2025-12-10 (`demo::seed_content`): two open consultations and a closed
//! one (the closed one with its feedback published, a comment from
//! 13800138000), one published question (asked by 13800138000) and two
//! published motion replies (one in full, one as a summary).

use gongkai_app::config::Rate;
use gongkai_app::demo;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::consultations::BUREAU;
use crate::helpers::{DbKind, TestApp, test_limits};
use crate::on_both_backends;

on_both_backends!(
    the_api_lists_what_the_column_lists,
    comments_and_questions_through_the_api_are_kept_once_and_limited,
    staff_endpoints_answer_like_the_workbench
);

async fn json_of(app: &TestApp, path: &str) -> Value {
    let r = app.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.unwrap()
}

/// The `<entry>` titles of a feed, after checking it is well-formed XML
/// (every element closed in order; the writer escapes all text).
fn feed_titles(xml: &str) -> Vec<String> {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    let mut open: Vec<String> = Vec::new();
    let mut titles = Vec::new();
    let mut rest = &xml[xml.find("?>").unwrap() + 2..];
    while let Some(at) = rest.find('<') {
        let text = &rest[..at];
        assert!(!text.contains('>'), "a bare '>' in {text}");
        let end = rest[at..].find('>').expect("a tag closed") + at;
        let tag = &rest[at + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop().as_deref(), Some(name), "closed in order");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap().to_string();
            if name == "title" && open.last().map(String::as_str) == Some("entry") {
                let close = rest[end..].find("</title>").unwrap() + end;
                titles.push(rest[end + 1..close].to_string());
            }
            open.push(name);
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "every element closed: {open:?}");
    titles
}

async fn the_api_lists_what_the_column_lists(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-10").spawn().await else {
        return;
    };
    demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let doc = json_of(&app, "/api/openapi.json").await;
    for path in [
        "/api/v1/agencies/{code}/consultations/{id}/comments",
        "/api/v1/agencies/{code}/questions/track",
        "/api/v1/agencies/{code}/motions",
        "/api/v1/questions/{id}/answer",
        "/api/v1/consultations/{id}/feedback",
        "/api/v1/motions/{id}/publication",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} in the document");
    }

    // ---- 意见征集: the open one and the closed one with its feedback ----
    let list = json_of(&app, &format!("/api/v1/agencies/{BUREAU}/consultations")).await;
    let titles = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| l["title"].as_str().unwrap().to_string())
            .collect()
    };
    let open = titles(&list["open"]);
    let closed = titles(&list["closed"]);
    // The demo's 重大行政决策 (公交票价, open 30 days from 2025-11-24) closes
    // on 12-24, after the 客运班线 one (12-19): the soonest to close first.
    assert_eq!(open.len(), 2, "{list}");
    assert!(open[0].contains("白沙县农村客运班线运营管理办法（征求意见稿）"));
    assert!(open[1].contains("白沙县城区公交票价调整方案（征求意见稿）"));
    assert_eq!(closed.len(), 1, "{list}");
    assert!(closed[0].contains("白沙县农村公路养护管理办法（征求意见稿）"));
    assert_eq!(list["open"][0]["phase"], "open");
    assert_eq!(list["closed"][0]["phase"], "published");
    let closed_id = list["closed"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/agencies/{BUREAU}/consultations/{closed_id}");
    let one = app.get(&path).await.text().await.unwrap();
    assert!(
        !one.contains("13800138000"),
        "no commenter's contact: {one}"
    );
    assert!(!one.contains("\"contact\""), "{one}");
    let one: Value = serde_json::from_str(&one).unwrap();
    assert!(!one["feedback"].as_array().unwrap().is_empty(), "{one}");
    assert!(one["comments"].as_array().is_some());

    // ---- the feed carries the same three, published ones only ----
    let feed = app
        .get(&format!("/agencies/{BUREAU}/consultations.atom"))
        .await;
    assert_eq!(
        feed.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let entries = feed_titles(&feed.text().await.unwrap());
    assert_eq!(
        entries,
        [open[0].clone(), open[1].clone(), closed[0].clone()]
    );
    let page = app
        .get(&format!("/agencies/{BUREAU}/consultations"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"意见征集（Atom）\" href=\"/agencies/{BUREAU}/consultations.atom\">"
    )));
    assert!(page.contains("id=\"consultations-feed\">订阅（Atom）</a>"));

    // ---- 政民互动: the one published question, without its asker ----
    let q = app
        .get(&format!("/api/v1/agencies/{BUREAU}/questions"))
        .await
        .text()
        .await
        .unwrap();
    let q: Value = serde_json::from_str(&q).unwrap();
    let questions = q["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 1, "{q}");
    assert_eq!(questions[0]["subject"], "城关至北坡村公路何时完成修复");
    let id = questions[0]["id"].as_i64().unwrap();
    let one = app
        .get(&format!("/api/v1/agencies/{BUREAU}/questions/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !one.contains("13800138000") && !one.contains("\"contact\""),
        "{one}"
    );
    let feed = app.get(&format!("/agencies/{BUREAU}/questions.atom")).await;
    let entries = feed_titles(&feed.text().await.unwrap());
    assert_eq!(entries, ["城关至北坡村公路何时完成修复"]);

    // ---- 建议提案: the year's summary and its two published replies ----
    let y = json_of(&app, &format!("/api/v1/agencies/{BUREAU}/motions")).await;
    assert_eq!(y["year"], 2025, "{y}");
    let replies = y["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2, "{y}");
    assert_eq!(y["summary"]["published"], 2, "{y}");
    let full = replies
        .iter()
        .find(|r| r["publish_mode"] == "full")
        .expect("a reply in full");
    let id = full["id"].as_i64().unwrap();
    let reply = app
        .get(&format!("/api/v1/agencies/{BUREAU}/motions/{id}"))
        .await
        .text()
        .await
        .unwrap();
    // The demo's proposer's phone, removed from what is published.
    assert!(!reply.contains("13907712345"), "{reply}");
    let feed = app.get(&format!("/agencies/{BUREAU}/motions.atom")).await;
    let entries = feed_titles(&feed.text().await.unwrap());
    assert_eq!(entries.len(), 2, "{entries:?}");
}

async fn comments_and_questions_through_the_api_are_kept_once_and_limited(kind: DbKind) {
    let limits = gongkai_app::config::Limits {
        comments: Rate::new(2, 3600),
        questions: Rate::new(2, 3600),
        ..test_limits()
    };
    let Some(app) = TestApp::builder(kind)
        .on("2025-12-10")
        .limits(limits)
        .spawn()
        .await
    else {
        return;
    };
    demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let list = json_of(&app, &format!("/api/v1/agencies/{BUREAU}/consultations")).await;
    let open = list["open"][0]["id"].as_i64().unwrap();
    let before = app.store.comment_counts(open).await.unwrap().total();

    // ---- a comment sent twice with its key is kept once ----
    let url = app.url(&format!(
        "/api/v1/agencies/{BUREAU}/consultations/{open}/comments"
    ));
    let comment = json!({"contact": "13600136000", "body": "建议增加早晚班次，方便学生出行。", "idempotency_key": "c-1"});
    let post = |body: Value| app.client.post(&url).json(&body).send();
    let r = post(comment.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.unwrap();
    let r = post(comment.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let again: Value = r.json().await.unwrap();
    assert_eq!(
        (again["id"].clone(), again["created"].clone()),
        (first["id"].clone(), json!(false))
    );
    assert_eq!(
        app.store.comment_counts(open).await.unwrap().total(),
        before + 1
    );
    // The third from this address within the hour: two per hour.
    let r = post(json!({"body": "再提一条意见：建议公布班次时刻表。", "idempotency_key": "c-2"}))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key(reqwest::header::RETRY_AFTER));
    let refused: Value = r.json().await.unwrap();
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .starts_with("提交过于频繁")
    );
    assert_eq!(
        app.store.comment_counts(open).await.unwrap().total(),
        before + 1
    );

    // ---- a question: the query code once, the same question again ----
    let url = app.url(&format!("/api/v1/agencies/{BUREAU}/questions"));
    let ask = json!({
        "name": "赵市民", "contact": "13500135000",
        "subject": "城关客运站春节期间是否加开班车",
        "body": "请问城关客运站春节期间是否加开前往北坡村的班车？",
        "consent": true, "idempotency_key": "q-1"
    });
    let r = app.client.post(&url).json(&ask).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let receipt: Value = r.json().await.unwrap();
    let code = receipt["query_code"].as_str().unwrap().to_string();
    let number = receipt["number"].as_str().unwrap().to_string();
    let r = app.client.post(&url).json(&ask).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["number"], number.as_str());
    assert!(again["query_code"].is_null(), "the code is shown once");
    // The third from this address within the hour (two per hour).
    let other = json!({
        "name": "赵市民", "contact": "13500135000",
        "subject": "客运站售票时间", "body": "请问城关客运站春节期间的售票时间？",
        "idempotency_key": "q-2"
    });
    let r = app.client.post(&url).json(&other).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);

    // ---- the asker reads it with number and code; a wrong code is 401 ----
    let track = app.url(&format!("/api/v1/agencies/{BUREAU}/questions/track"));
    let r = app
        .client
        .post(&track)
        .json(&json!({"number": number, "code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let view: Value = r.json().await.unwrap();
    assert_eq!(view["state"], "open");
    assert_eq!(view["subject"], "城关客运站春节期间是否加开班车");
    let r = app
        .client
        .post(&track)
        .json(&json!({"number": number, "code": "WRONG123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Not published: absent from the public list and the feed.
    let feed = app
        .get(&format!("/agencies/{BUREAU}/questions.atom"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!feed.contains("城关客运站春节期间是否加开班车"));
}

async fn staff_endpoints_answer_like_the_workbench(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-10").spawn().await else {
        return;
    };
    demo::seed_content(app.store.as_ref(), app.clock.today())
        .await
        .unwrap();
    let editor = app.bearer("editor").await;
    let queue: Value = app
        .client
        .get(app.url("/api/v1/questions"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The demo's open questions, with their due dates and marks.
    let open = queue["questions"].as_array().unwrap();
    assert!(!open.is_empty(), "{queue}");
    assert!(
        open.iter()
            .all(|q| q["due"].is_string() && q["mark"].is_string())
    );
    let id = open[0]["id"].as_i64().unwrap();

    // The county's supervisor reads without the asker, and may not answer,
    // with the same words as the workbench.
    let supervisor = app.bearer("supervisor").await;
    let read: Value = app
        .client
        .get(app.url(&format!("/api/v1/questions/{id}")))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (read["access"].as_str(), read["contact"].as_str()),
        (Some("read"), Some(""))
    );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/questions/{id}/answer")))
        .bearer_auth(&supervisor)
        .json(&json!({"answer": "春节期间加开班车，具体时刻请关注客运站公告。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let refused: Value = r.json().await.unwrap();
    let words = "上级机关可以查看留言的办理情况，由收到留言的机关答复。";
    assert_eq!(refused["error"], words);
    let html = app.logged_in("supervisor").await;
    let r = html
        .post_form(
            &format!("/workbench/questions/{id}/answer"),
            &[("answer", "春节期间加开班车，具体时刻请关注客运站公告。")],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains(words));

    // The agency's editor answers through the API; the asker is shown to it.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/questions/{id}/answer")))
        .bearer_auth(&editor)
        .json(&json!({"answer": "春节期间加开班车，具体时刻请关注客运站公告。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let answered: Value = r.json().await.unwrap();
    assert_eq!(answered["state"], "answered");
    assert_eq!(answered["access"], "answer");
    assert!(!answered["contact"].as_str().unwrap().is_empty());
    // Answered twice: refused with the command's words, as 422.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/questions/{id}/answer")))
        .bearer_auth(&editor)
        .json(&json!({"answer": "再答复一次。再答复一次。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without a token: 401.
    let r = app.get("/api/v1/consultations").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
