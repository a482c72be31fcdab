//! The annual report's figures kept by staff (by form, by CSV upload and
//! through the API; a negative count refused next to its field), an
//! item's attachments, and the counts derived from the catalogue with its
//! publication channels — on both backends.

use reqwest::StatusCode;

use crate::catalogue::{PW, draft, id_of};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::AGENCY;

on_both_backends!(figures_attachments_and_channel_counts);

async fn figures_attachments_and_channel_counts(kind: DbKind) {
    use reqwest::multipart::{Form, Part};
    use serde_json::{Value, json};
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );

    // Figures by form: a negative count is refused next to its field.
    let url = format!("/admin/agencies/{AGENCY}/figures?year=2025");
    let r = editor
        .post_form(
            &url,
            &[
                ("permits", "-3"),
                ("penalties", "417"),
                ("compulsory_measures", "0"),
                ("fee_income_wan_yuan", "12.35"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能为负数"));
    let r = editor
        .post_form(
            &url,
            &[
                ("permits", "14"),
                ("penalties", "417"),
                ("compulsory_measures", "0"),
                ("fee_income_wan_yuan", "12.35"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // By CSV upload (2024).
    let token = editor.csrf().await;
    let csv = "年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n2024,9,669,2,3.5\n";
    let form = Form::new().text("_csrf", token.clone()).part(
        "file",
        Part::bytes(csv.as_bytes().to_vec()).file_name("figures.csv"),
    );
    let r = editor
        .client
        .post(editor.url(&format!(
            "/admin/agencies/{AGENCY}/figures/upload?year=2024"
        )))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let agency = app.store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let f2024 = app
        .store
        .figures(agency.id, 2024)
        .await
        .unwrap()
        .unwrap()
        .figures;
    assert_eq!(
        (
            f2024.permits,
            f2024.penalties,
            f2024.fee_income_wan_yuan.as_str()
        ),
        (9, 669, "3.5")
    );

    // An item with an attachment, published on the website and WeChat.
    // Files are attached while the item is a draft (then reviewed with it).
    let good = draft("白沙县2025年农村公路养护计划");
    let refs: Vec<(&str, &str)> = good
        .iter()
        .filter(|(k, _)| *k != "do")
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let id = id_of(&editor.post_form("/items/new", &refs, true).await);
    let token = editor.csrf().await;
    let exe = Form::new().text("_csrf", token.clone()).part(
        "file",
        Part::bytes(b"MZ\x90\x00".to_vec()).file_name("计划.exe"),
    );
    let r = editor
        .client
        .post(editor.url(&format!("/items/{id}/attachments")))
        .multipart(exe)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("PDF、DOCX、XLSX"));
    let pdf = Form::new().text("_csrf", token.clone()).part(
        "file",
        Part::bytes(b"%PDF-1.4 plan".to_vec()).file_name("养护计划.pdf"),
    );
    let r = editor
        .client
        .post(editor.url(&format!("/items/{id}/attachments")))
        .multipart(pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let submit: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor
        .post_form(&format!("/items/{id}/edit"), &submit, true)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let (s, page) = reviewer
        .item_action(
            &id,
            &[
                ("action", "approve"),
                ("review", "不涉密"),
                ("date", "2025-10-30"),
                ("channel_website", "1"),
                ("channel_wechat", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let html = app.get(&format!("/items/{id}")).await.text().await.unwrap();
    let link = html
        .split("href=\"/files/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the attachment is listed")
        .to_string();
    let file = app.get(&format!("/files/{link}")).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.4 plan");

    // The API: figures, the counts derived from the catalogue, and channels.
    let session: Value = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({"username": "editor", "password": PW}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap().to_string();
    let got: Value = app
        .client
        .get(app.url(&format!("/api/v1/agencies/{AGENCY}/figures/2025")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["figures"]["permits"], 14);
    assert_eq!(
        got["regulations"]["normative"]["made"], 1,
        "one 行政规范性文件 published in 2025: {got}"
    );
    assert_eq!(got["regulations"]["normative"]["in_force"], 1);
    assert_eq!(got["channels"]["政务微信"], 1);
    let r = app
        .client
        .put(app.url(&format!("/api/v1/agencies/{AGENCY}/figures/2025")))
        .bearer_auth(&token)
        .json(&json!({"permits": "15", "penalties": "417", "compulsory_measures": "1", "fee_income_wan_yuan": "12.5"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.store
            .figures(agency.id, 2025)
            .await
            .unwrap()
            .unwrap()
            .figures
            .permits,
        15
    );
}
