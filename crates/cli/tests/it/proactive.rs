//! 依申请公开转主动公开 over HTTP (Art. 44(1): "多个申请人就相同政府信息向
//! 同一行政机关提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动
//! 公开的范围"): two applicants ask the bureau for the same table; once it is
//! released to one of them the case page offers the proposal, the editor
//! drafts the catalogue item from it with the released file, and the county's
//! supervisor counts it. The case register answers the JSON API with the
//! page's filters.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::catalogue::{draft, id_of};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::{ID, text_of};

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
/// A second applicant's resident ID (check digit by GB 11643).
const OTHER_ID: &str = "110105198001010032";
const TABLE: &str = "2025年白沙县农村公路养护资金分配表";

async fn staff(app: &TestApp, user: &str) -> TestApp {
    let s = app.another_browser();
    assert_eq!(s.login(user, PW).await.status(), StatusCode::SEE_OTHER);
    s
}

/// An application handed in today by `name`; its case number.
async fn register(clerk: &TestApp, name: &str, id_number: &str, description: &str) -> String {
    let r = clerk
        .post_form(
            "/cases/new",
            &[
                ("channel", "in_person"),
                ("arrived", "2025-03-03"),
                ("applicant_kind", "natural_person"),
                ("name", name),
                ("id_document", "resident_id_card"),
                ("id_number", id_number),
                ("phone", "13800138000"),
                ("address", "白沙县城关镇南街1号"),
                ("description", description),
                ("delivery_form", "paper"),
                ("delivery_method", "post"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    text_of(&r.text().await.unwrap(), "case-number").expect("the case number")
}

/// The clerk releases `file` with a 予以公开 reply through the JSON API.
async fn release(app: &TestApp, clerk: &TestApp, number: &str, file: &str) {
    let upload = Form::new().text("_csrf", clerk.csrf().await).part(
        "file",
        Part::bytes(b"%PDF-1.4\n% table\n".to_vec()).file_name(file.to_string()),
    );
    let r = clerk
        .client
        .post(clerk.url(&format!("/cases/{number}/released")))
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let case = app.store.case_by_number(number).await.unwrap().unwrap();
    let attachment = app.store.case_attachments(case.id).await.unwrap()[0].id;
    let body = json!({"seq": 2, "action": {"action": "outcome_decided", "date": "2025-03-03",
        "outcome": "disclosed", "reasoning": "", "referred_to": null,
        "access_method": "随本告知书邮寄提供。",
        "provided": [{"name": file, "attachment": attachment}]}});
    let r = app
        .client
        .post(app.url(&format!("/api/v1/cases/{number}/events")))
        .bearer_auth(app.bearer("clerk").await)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
}

on_both_backends!(several_applicants_for_the_same_table_lead_to_a_catalogue_item);

async fn several_applicants_for_the_same_table_lead_to_a_catalogue_item(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let clerk = staff(&app, "clerk").await;
    let first = register(&clerk, "赵六", ID, &format!("申请公开{TABLE}")).await;
    let second = register(&clerk, "钱七", OTHER_ID, &format!("请提供{TABLE}。")).await;
    // The same applicant asking again is a repeat, not "several applicants".
    let again = register(&clerk, "钱七", OTHER_ID, "申请公开本局2024年部门决算").await;

    // Undecided: nothing to offer; the API says which condition is missing.
    let page = clerk
        .get(&format!("/cases/{second}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("id=\"proactive\""));
    let token = app.bearer("clerk").await;
    let api_propose = |number: String, token: String| {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/cases/{number}/proactive"));
        async move { client.post(url).bearer_auth(token).send().await.unwrap() }
    };
    let r = api_propose(second.clone(), token.clone()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("尚未作出答复"),
        "{body}"
    );

    // Released to 钱七: the page lists 赵六's application and offers the proposal.
    release(&app, &clerk, &second, "养护资金分配表.pdf").await;
    let page = clerk
        .get(&format!("/cases/{second}"))
        .await
        .text()
        .await
        .unwrap();
    let same = page
        .split("id=\"proactive-same\"")
        .nth(1)
        .expect("the same requests");
    let same = same.split("</ul>").next().unwrap();
    assert!(same.contains(&first), "{same}");
    assert!(!same.contains(&again), "{same}");
    assert!(page.contains("id=\"proactive-submit\""));

    // An editor may not propose; the clerk does, once.
    let editor = staff(&app, "editor").await;
    let r = editor
        .post_form(&format!("/cases/{second}/proactive"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = clerk
        .post_form(&format!("/cases/{second}/proactive"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"proactive-status\""), "{html}");
    assert_eq!(
        api_propose(second.clone(), token).await.status(),
        StatusCode::CONFLICT
    );
    let audit = app.store.audit_entries(5).await.unwrap();
    let proposed = audit
        .iter()
        .find(|e| e.action == "case.proactive_proposed")
        .expect("audited");
    assert!(proposed.detail.contains(&second) && proposed.detail.contains(&first));

    // The editor's workbench links the draft; the form comes filled in.
    let bench = editor.get("/workbench").await.text().await.unwrap();
    let link = bench
        .split("href=\"/items/new?proposal=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the proposal on the editor's workbench")
        .to_string();
    let form = editor
        .get(&format!("/items/new?proposal={link}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains(&format!("value=\"请提供{TABLE}。\"")),
        "the title"
    );
    assert!(
        form.contains("第四十四条第一款纳入主动公开范围"),
        "the summary"
    );
    assert_eq!(
        editor.get("/items/new?proposal=abc").await.status(),
        StatusCode::BAD_REQUEST
    );

    // Saved and submitted: the released file goes with the item.
    let mut fields = draft(TABLE);
    fields[4].1 = "2025-03-03".into();
    fields.push(("proposal", link.clone()));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let item: i64 = id_of(&r).parse().unwrap();
    let files = app.store.item_attachments(item).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].filename, "养护资金分配表.pdf");
    let manage = editor
        .get(&format!("/items/{item}/manage"))
        .await
        .text()
        .await
        .unwrap();
    assert!(manage.contains("养护资金分配表.pdf"));
    // Taken once: the same form again is refused and the workbench is clear.
    assert_eq!(
        editor.post_form("/items/new", &refs, true).await.status(),
        StatusCode::CONFLICT
    );
    let bench = editor.get("/workbench").await.text().await.unwrap();
    assert!(!bench.contains("?proposal="));
    let page = clerk
        .get(&format!("/cases/{second}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"/items/{item}/manage\"")));

    // The county's office counts one proposal, taken.
    let supervisor = staff(&app, "supervisor").await;
    let bench = supervisor.get("/workbench").await.text().await.unwrap();
    let total = bench.split("class=\"total\"").nth(1).unwrap();
    let total = total.split("</tr>").next().unwrap();
    assert!(total.contains("<td>1／1</td>"), "{total}");
}

on_both_backends!(the_register_answers_the_api_with_its_filters);

async fn the_register_answers_the_api_with_its_filters(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let clerk = staff(&app, "clerk").await;
    let a = register(&clerk, "赵六", ID, &format!("申请公开{TABLE}")).await;
    let b = register(&clerk, "钱七", OTHER_ID, &format!("请提供{TABLE}。")).await;
    release(&app, &clerk, &b, "分配表.pdf").await;
    let token = app.bearer("clerk").await;
    let get = |query: &str| {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/case-register?{query}"));
        let token = token.clone();
        async move { client.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let numbers = |rows: &serde_json::Value| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_string())
            .collect()
    };
    // Searched by what was asked, newest first; narrowed by outcome.
    let q = "q=%E5%86%9C%E6%9D%91%E5%85%AC%E8%B7%AF%E5%85%BB%E6%8A%A4"; // 农村公路养护
    let r = get(q).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        numbers(&r.json().await.unwrap()),
        vec![b.clone(), a.clone()]
    );
    let r = get(&format!("{q}&outcome=disclosed")).await;
    let rows: serde_json::Value = r.json().await.unwrap();
    assert_eq!(numbers(&rows), vec![b.clone()]);
    assert_eq!(rows[0]["applicant"], json!("钱七"));
    assert_eq!(rows[0]["state"], json!("decided"));
    // A page of one names the next page, filters kept.
    let r = get(&format!("{q}&limit=1")).await;
    let link = r.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.contains(&format!("after={b}")) && link.contains("limit=1") && link.contains("q="),
        "{link}"
    );
    // A filter the register does not know is refused in Chinese, with the choices.
    let r = get("state=lost").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("状态“lost”无法识别"),
        "{body}"
    );
    assert_eq!(get("limit=0").await.status(), StatusCode::BAD_REQUEST);
    // Editors see no cases.
    let editor = app.bearer("editor").await;
    let r = app
        .client
        .get(app.url("/api/v1/case-register"))
        .bearer_auth(editor)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// Whatever a client sends, a reply provides only the case's released files
/// and published catalogue items (never an identity proof, never a link
/// elsewhere): the command checks `provided` for the JSON API too.
#[tokio::test]
async fn a_reply_provides_only_released_files_and_published_items() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let clerk = staff(&app, "clerk").await;
    let number = register(&clerk, "赵六", ID, &format!("申请公开{TABLE}")).await;
    let token = app.bearer("clerk").await;
    for provided in [
        json!([{"name": "点击查看", "link": "javascript:alert(1)"}]),
        json!([{"name": "身份证明.pdf", "attachment": 999_999}]),
        json!([{"name": "他处", "link": "https://example.com/x"}]),
    ] {
        let body = json!({"seq": 2, "action": {"action": "outcome_decided",
            "date": "2025-03-03", "outcome": "disclosed", "reasoning": "",
            "referred_to": null, "access_method": "随本告知书提供。", "provided": provided}});
        let r = app
            .client
            .post(app.url(&format!("/api/v1/cases/{number}/events")))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{provided}");
    }
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    assert_eq!(app.store.case_events(case.id).await.unwrap().len(), 1);
}

/// Art. 36(一): the decision form offers the published items that match the
/// request; the clerk ticks one and the letter names it with its 索引号.
#[tokio::test]
async fn an_already_published_reply_picks_the_matching_item() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    crate::request_office::seed_indexed_content(&app).await;
    let clerk = staff(&app, "clerk").await;
    let number = register(&clerk, "赵六", ID, "白沙县交通运输局2025年部门预算公开").await;
    let page = clerk.case_page(&number).await;
    let ticked = page
        .split("name=\"item_")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a matching published item offered on the decision form")
        .to_string();
    let label = page
        .split(&format!("name=\"item_{ticked}\""))
        .nth(1)
        .unwrap();
    assert!(label.contains("2025年部门预算公开"), "{label}");
    let key = format!("item_{ticked}");
    let (s, html) = clerk
        .act(
            &number,
            "decide",
            &[
                ("date", "2025-03-03"),
                ("outcome", "already_published"),
                ("access_method", "请在本局政府信息公开专栏查阅。"),
                (key.as_str(), "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    let docs = app.store.case_documents(case.id).await.unwrap();
    let letter = format!("{:?}", docs.last().unwrap().document);
    assert!(letter.contains("2025年部门预算公开（索引号："), "{letter}");
    // A ticked box that is not a number is refused, nothing recorded.
    let other = register(
        &clerk,
        "钱七",
        OTHER_ID,
        "白沙县交通运输局2025年部门预算公开",
    )
    .await;
    let (s, _) = clerk
        .act(
            &other,
            "decide",
            &[
                ("date", "2025-03-03"),
                ("outcome", "already_published"),
                ("access_method", "请在本局政府信息公开专栏查阅。"),
                ("item_x", "1"),
            ],
        )
        .await;
    assert_ne!(s, StatusCode::OK);
}
