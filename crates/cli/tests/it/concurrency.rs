//! Concurrent writers on both backends: applications through the form and the
//! API (with idempotency keys, each sent twice), case actions on different
//! cases and item publications, all at once for a few seconds. Nothing may
//! fail (no 5xx, no "busy"), every acknowledged application must be stored,
//! and the audit chain must still be one unbroken chain. Also: an
//! idempotency key reused with another body is refused with 409.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::catalogue::{draft, id_of};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::AGENCY;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
const RUN_FOR: Duration = Duration::from_secs(4);

fn api_body(name: &str, key: &str) -> Value {
    json!({"form": {
        "applicant_kind": "natural_person", "name": name,
        "id_document": "resident_id_card", "id_number": "11010519491231002X",
        "phone": "13800138000", "description": "白沙县2024年农村公路养护资金的分配方案",
        "delivery_form": "electronic", "delivery_method": "online"},
        "idempotency_key": key})
}

/// Apply through the API; the number, or what went wrong.
async fn api_apply(app: &TestApp, name: &str, key: &str) -> Result<(StatusCode, String), String> {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/agencies/{AGENCY}/applications")))
        .json(&api_body(name, key))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = r.status();
    let body: Value = r.json().await.map_err(|e| e.to_string())?;
    match body["number"].as_str() {
        Some(n) if status.is_success() => Ok((status, n.to_string())),
        _ => Err(format!("API {status}: {body}")),
    }
}

/// Applies through the API, each key twice: the replay must name the same case.
async fn api_worker(app: TestApp, w: usize) -> (Vec<String>, Vec<String>) {
    let (mut numbers, mut failures) = (Vec::new(), Vec::new());
    let start = Instant::now();
    let mut i = 0;
    while start.elapsed() < RUN_FOR {
        let key = format!("w{w}-{i}");
        match api_apply(&app, "张三", &key).await {
            Ok((StatusCode::CREATED, n)) => {
                match api_apply(&app, "张三", &key).await {
                    Ok((StatusCode::OK, again)) if again == n => {}
                    other => failures.push(format!("replay of {key}: {other:?}")),
                }
                numbers.push(n);
            }
            other => failures.push(format!("{key}: {other:?}")),
        }
        i += 1;
    }
    (numbers, failures)
}

/// Applies through the web form (its own browser and submission ids).
async fn form_worker(app: TestApp, w: usize) -> (Vec<String>, Vec<String>) {
    let mut numbers = Vec::new();
    let start = Instant::now();
    let mut i = 0;
    while start.elapsed() < RUN_FOR {
        // `apply` asserts the 200 answer itself; a panic counts as a failure.
        let (n, _, _) = app.apply(&format!("{w:032}{i:032}")).await;
        numbers.push(n);
        i += 1;
    }
    (numbers, Vec::new())
}

/// Registers a case through the API, then confirms its receipt as the clerk.
async fn clerk_worker(app: TestApp, w: usize) -> (Vec<String>, Vec<String>) {
    let (mut numbers, mut failures) = (Vec::new(), Vec::new());
    if app.login("clerk", PW).await.status() != StatusCode::SEE_OTHER {
        return (numbers, vec!["clerk login".into()]);
    }
    let start = Instant::now();
    let mut i = 0;
    while start.elapsed() < RUN_FOR {
        match api_apply(&app, "李四", &format!("c{w}-{i}")).await {
            Ok((_, n)) => {
                let (s, page) = app.act(&n, "confirm", &[("date", "2025-10-30")]).await;
                if s != StatusCode::OK {
                    failures.push(format!("confirm {n}: {s} {}", &page[..page.len().min(300)]));
                }
                numbers.push(n);
            }
            Err(e) => failures.push(e),
        }
        i += 1;
    }
    (numbers, failures)
}

/// Drafts and submits items as the editor; the reviewer publishes each.
async fn item_worker(editor: TestApp, reviewer: TestApp, w: usize) -> (Vec<String>, Vec<String>) {
    let mut failures = Vec::new();
    if editor.login("editor", PW).await.status() != StatusCode::SEE_OTHER
        || reviewer.login("reviewer", PW).await.status() != StatusCode::SEE_OTHER
    {
        return (Vec::new(), vec!["item logins".into()]);
    }
    let start = Instant::now();
    let mut i = 0;
    while start.elapsed() < RUN_FOR {
        let fields = draft(&format!("关于印发第{w}-{i}号管理办法的通知"));
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = editor.post_form("/items/new", &refs, true).await;
        if r.status() != StatusCode::SEE_OTHER {
            failures.push(format!("item new: {}", r.status()));
        } else {
            let id = id_of(&r);
            let (s, _) = reviewer
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
            if s != StatusCode::OK {
                failures.push(format!("approve {id}: {s}"));
            }
        }
        i += 1;
    }
    (Vec::new(), failures)
}

on_both_backends!(concurrent_writers_never_fail);

async fn concurrent_writers_never_fail(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let mut tasks = Vec::new();
    for w in 0..8 {
        tasks.push(tokio::spawn(api_worker(app.another_browser(), w)));
    }
    for w in 0..4 {
        tasks.push(tokio::spawn(form_worker(app.another_browser(), w)));
    }
    for w in 0..4 {
        tasks.push(tokio::spawn(clerk_worker(app.another_browser(), w)));
    }
    for w in 0..2 {
        let (editor, reviewer) = (app.another_browser(), app.another_browser());
        tasks.push(tokio::spawn(item_worker(editor, reviewer, w)));
    }
    assert!(tasks.len() >= 16);
    let (mut numbers, mut failures) = (Vec::new(), Vec::new());
    for t in tasks {
        match t.await {
            Ok((n, f)) => {
                numbers.extend(n);
                failures.extend(f);
            }
            Err(panic) => failures.push(format!("a client failed: {panic}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
    assert!(numbers.len() >= 16, "only {} applications", numbers.len());
    for n in &numbers {
        assert!(
            app.store.case_by_number(n).await.unwrap().is_some(),
            "acknowledged {n} is stored"
        );
    }
    let (records, head) = app.store.audit_chain().await.unwrap();
    assert_eq!(
        gongkai_store::audit::verify(&records, &head).map(|i| i.records),
        Ok(u64::try_from(records.len()).unwrap()),
        "one unbroken chain"
    );
}

on_both_backends!(an_idempotency_key_is_bound_to_its_request);

async fn an_idempotency_key_is_bound_to_its_request(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let (s, first) = api_apply(&app, "张三", "shared-key").await.unwrap();
    assert_eq!(s, StatusCode::CREATED);
    // The same request again: the same case.
    assert_eq!(
        api_apply(&app, "张三", "shared-key").await.unwrap(),
        (StatusCode::OK, first.clone())
    );
    // Another applicant with the same key: refused, never given that case.
    let r = app
        .client
        .post(app.url(&format!("/api/v1/agencies/{AGENCY}/applications")))
        .json(&api_body("王五", "shared-key"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await.unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(
        message.contains("幂等键") && message.contains("新的幂等键"),
        "{message}"
    );
    assert!(
        !body.to_string().contains(&first),
        "the first case is not revealed"
    );
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    assert_eq!(app.store.cases_of_agency(agency.id).await.unwrap().len(), 1);
}
