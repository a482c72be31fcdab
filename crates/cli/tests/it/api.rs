//! The JSON API and its OpenAPI document, on both backends.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::{AGENCY, ID};

fn form(name: &str, id_number: &str) -> Value {
    json!({
        "applicant_kind": "commercial_enterprise",
        "name": name,
        "id_document": "credit_code",
        "id_number": id_number,
        "contact_person": "赵经理",
        "phone": "0991-8812345",
        "email": "zhao@example.com",
        "description": "2024年度白沙县道路运输企业质量信誉考核结果",
        "delivery_form": "electronic",
        "delivery_method": "email"
    })
}

on_both_backends!(the_api_applies_registers_records_and_counts);

async fn the_api_applies_registers_records_and_counts(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-12-29").spawn().await else {
        return;
    };
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(
        doc["paths"]["/api/v1/cases/{number}/events"]["post"].is_object(),
        "the document describes the event route"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());

    // A company applies; a bad credit code is refused field by field.
    let url = app.url(&format!("/api/v1/agencies/{AGENCY}/applications"));
    let r = app
        .client
        .post(&url)
        .json(&json!({"form": form("白沙县通达运输有限公司", "91650100228600291X")}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "id_number", "{body}");
    let good = json!({"form": form("白沙县通达运输有限公司", "916501002286002919"), "idempotency_key": "k-1"});
    let r = app.client.post(&url).json(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let receipt: Value = r.json().await.unwrap();
    let number = receipt["number"].as_str().unwrap().to_string();
    assert_eq!(receipt["query_code"].as_str().unwrap().len(), 8);
    // The same key again: the same application, no second case.
    let again: Value = app
        .client
        .post(&url)
        .json(&good)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["number"], number.as_str());
    assert_eq!(again["created"], false);
    assert!(again["query_code"].is_null());

    // Staff endpoints need a token.
    assert_eq!(
        app.client
            .get(app.url("/api/v1/cases"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": "clerk", "password": "wrong-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let session: Value = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": "clerk", "password": gongkai_app::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap().to_string();
    let auth = |rb: reqwest::RequestBuilder| rb.bearer_auth(&token);
    let cases: Value = auth(app.client.get(app.url("/api/v1/cases")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cases[0]["number"], number.as_str());
    assert_eq!(cases[0]["state"], "待确认");

    // Confirm on Mon 2025-12-29: 20 working days → Dec 30, 31 (2), Jan 1 元旦 off,
    // Jan 2 is also off in 2026 (元旦 1–3), Jan 3 Sat off, Sun Jan 4 make-up day (3),
    // Jan 5–9 (8), 12–16 (13), 19–23 (18), 26 (19), 27 (20) → 2026-01-27.
    let event = |seq: u32, action: Value| json!({"seq": seq, "action": action});
    let confirm = json!({"action": "receipt_confirmed", "channel": "online", "receipt_date": "2025-12-29",
        "facts": {"confirmed": "2025-12-29"}});
    let events_url = app.url(&format!("/api/v1/cases/{number}/events"));
    let r = auth(app.client.post(&events_url))
        .json(&event(2, confirm.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let case: Value = auth(app.client.get(app.url(&format!("/api/v1/cases/{number}"))))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(case["reply_due"], "2026-01-27");
    assert_eq!(case["next_seq"], 3);
    // A stale sequence number is refused: nothing is overwritten.
    let r = auth(app.client.post(&events_url))
        .json(&event(2, confirm))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A clerk cannot approve an extension.
    let approve = json!({"action": "extension_approved", "date": "2025-12-29", "days": 5});
    let r = auth(app.client.post(&events_url))
        .json(&event(3, approve))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A clerk registers a letter signed for on 2025-12-30 (Art. 31).
    app.today("2025-12-30");
    let r = auth(app.client.post(app.url("/api/v1/cases")))
        .json(&json!({"channel": "post", "facts": {"post_kind": "signed", "arrived": "2025-12-29", "signed": "2025-12-30"},
            "form": {"applicant_kind": "natural_person", "name": "张三", "id_document": "resident_id_card", "id_number": ID,
                     "phone": "13800138000", "address": "白沙县城关镇南街1号", "description": "城关镇2025年道路改造工程的招标文件",
                     "delivery_form": "paper", "delivery_method": "post"}}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let registered: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    assert_eq!(
        registered["receipt_date"], "2025-12-30",
        "the signing day, not the arrival"
    );
    let second = registered["number"].as_str().unwrap().to_string();
    // It is decided and delivered in 2025; the first stays open over the year end.
    app.today("2025-12-31");
    let decide = json!({"action": "outcome_decided", "date": "2025-12-31", "outcome": "disclosed", "reasoning": "", "access_method": "招标文件随本告知书提供。", "referred_to": null});
    let r = auth(
        app.client
            .post(app.url(&format!("/api/v1/cases/{second}/events"))),
    )
    .json(&event(2, decide))
    .send()
    .await
    .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );

    // The register for 2025: two received (one person, one company), one
    // disclosed (person), one carried over (company).
    let counts: Value = auth(
        app.client
            .get(app.url(&format!("/api/v1/agencies/{AGENCY}/register/2025"))),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(counts["format"], "2021");
    let t3 = &counts["table3"];
    assert_eq!(t3["new_received"], json!([1, 1, 0, 0, 0, 0, 2]));
    assert_eq!(t3["r_open"], json!([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3["r_total"], json!([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3["carry_next"], json!([0, 1, 0, 0, 0, 0, 1]));
    // 2026 starts with the company's application carried over.
    let counts: Value = auth(
        app.client
            .get(app.url(&format!("/api/v1/agencies/{AGENCY}/register/2026"))),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        counts["table3"]["carried_over"],
        json!([0, 1, 0, 0, 0, 0, 1])
    );
    assert_eq!(counts["table4"].as_array().unwrap().len(), 15);

    // The applicant follows the case through the API.
    let view: Value = app
        .client
        .post(app.url("/api/v1/track"))
        .json(&json!({"number": number, "code": receipt["query_code"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["reply_due"], "2026-01-27");
    assert!(
        view["reply_due_explanation"]
            .as_str()
            .unwrap()
            .contains("元旦")
    );
}
