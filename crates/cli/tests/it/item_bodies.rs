//! Issue 19, items 1 and 2 over HTTP: bodies as real documents (HTML from
//! the editor, cleaned; a Word file converted; a PDF published as the body
//! with its text searchable), a draft's files shown only to its agency's
//! staff, office attachments previewed for the reviewer, and the preview of
//! a form before it is saved.

use chrono::NaiveDate;
use gongkai_domain::document::{Block, Document, DocumentKind};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::catalogue::id_of;
use crate::helpers::{DbKind, TestApp, have};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

/// A draft of kind 其他 (no interpretation asked for) with an HTML body.
fn html_draft(title: &str, body: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_string()),
        (
            "summary",
            "公布本局二〇二五年农村公路养护工程的计划里程和资金安排。".into(),
        ),
        ("issuers", "白沙县交通运输局".into()),
        ("formed_on", "2025-09-26".into()),
        ("topic", "工业、交通\\公路".into()),
        ("genre", "notice".into()),
        ("kind", "other".into()),
        ("attribute", "proactive".into()),
        ("scope", "public".into()),
        ("body", body.to_string()),
        ("body_format", "html".into()),
        ("do", "save".into()),
    ]
}

async fn create(editor: &TestApp, fields: &[(&'static str, String)]) -> String {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    id_of(&r)
}

async fn upload(editor: &TestApp, path: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, String) {
    let token = editor.csrf().await;
    let form = Form::new()
        .text("_csrf", token)
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    let r = editor
        .client
        .post(editor.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

fn document(body: Vec<Block>) -> Document {
    Document {
        kind: DocumentKind::Receipt,
        title: "二〇二五年农村公路养护计划".into(),
        number: String::new(),
        recipient: String::new(),
        body,
        issuer: "白沙县交通运输局".into(),
        date: NaiveDate::from_ymd_opt(2025, 9, 26).unwrap(),
    }
}

async fn an_html_body_is_cleaned_and_published_as_markup(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-09").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let body = r#"<h1 class=MsoTitle>一、计划安排</h1><p style="color:red" onclick="x()">全年养护<b>125</b>公里。</p><table><tr><td colspan=2>合计</td></tr><tr><td>县道</td><td>40</td></tr></table><script>alert(1)</script>"#;
    let id = create(&editor, &html_draft("白沙县2025年农村公路养护计划", body)).await;
    let manage = editor
        .get(&format!("/items/{id}/manage"))
        .await
        .text()
        .await
        .unwrap();
    // The editor and the reviewer see the body as it will be published.
    assert!(manage.contains("<h2>一、计划安排</h2>"), "{manage}");
    assert!(manage.contains("<td colspan=\"2\">合计</td>"));
    assert!(
        !manage.contains("onclick")
            && !manage.contains("alert(1)")
            && !manage.contains("color:red")
    );
    // Art. 26 before publication, counted by hand: 9-28 (Sunday worked), 9-29,
    // 9-30, [1–8 October off], 10-9 → 4 working days; the 20th is 30 October.
    assert!(
        manage.contains(
            "成文或变更后已过4个工作日；按《条例》第二十六条，应于2025-10-30前（含当日）公开。"
        ),
        "{manage}"
    );
    // Published: the public page carries the markup, search the words only.
    let (s, page) = editor.item_action(&id, &[("action", "submit")]).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let approve = [
        ("action", "approve"),
        ("review", "经保密审查，不涉及国家秘密"),
        ("date", "2025-10-09"),
        ("channel_website", "1"),
    ];
    let (s, page) = reviewer.item_action(&id, &approve).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let public = app.get(&format!("/items/{id}")).await.text().await.unwrap();
    assert!(
        public.contains("<tr><td>县道</td><td>40</td></tr>"),
        "{public}"
    );
    let started = std::time::Instant::now();
    loop {
        let hits: serde_json::Value = app
            .get("/api/search?q=%E5%8E%BF%E9%81%93")
            .await
            .json()
            .await
            .unwrap();
        if hits["total"] == 1 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{hits}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let markup: serde_json::Value = app.get("/api/search?q=colspan").await.json().await.unwrap();
    assert_eq!(markup["total"], 0, "{markup}");

    // A picture pasted from Word (a local file) is refused with what to do.
    let bad = html_draft(
        "附图",
        r#"<p>见图<img src="file:///C:/Temp/clip_image002.png"></p>"#,
    );
    let refs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/new", &refs, true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("正文中有1张图片不能发布"));
}

async fn a_word_file_becomes_the_body_and_a_pdf_is_the_body(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-09").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let id = create(
        &editor,
        &html_draft("白沙县2025年农村公路养护计划", "<p>见附件。</p>"),
    )
    .await;
    let table = Block::Table {
        columns: vec!["路线".into(), "里程（公里）".into()],
        rows: vec![vec!["县道X012".into(), "40".into()]],
    };
    let docx = gongkai_render::to_docx(&document(vec![
        Block::Paragraph("全年养护农村公路125公里。".into()),
        table,
    ]))
    .unwrap();
    let (s, page) = upload(
        &editor,
        &format!("/items/{id}/body-source"),
        "养护计划.docx",
        docx,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("已将“养护计划.docx”转换为正文"), "{page}");
    assert!(page.contains("<td><p>县道X012</p></td>"), "{page}");
    assert!(page.contains("全年养护农村公路125公里。"));
    // The Word file stays as the original, for its staff only before publication.
    let href = page
        .split("id=\"body-original\">原文：<a href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the original's link")
        .to_string();
    assert_eq!(editor.get(&href).await.status(), StatusCode::OK);
    assert_eq!(app.get(&href).await.status(), StatusCode::NOT_FOUND);
    let other_agency = app.another_browser();
    assert_eq!(
        other_agency.login("supervisor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        other_agency.get(&href).await.status(),
        StatusCode::NOT_FOUND
    );

    // A non-document is refused in Chinese.
    let (s, page) = upload(
        &editor,
        &format!("/items/{id}/body-source"),
        "a.exe",
        b"MZ\x90".to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("action-error"), "{page}");

    if !have("pdftotext") || !gongkai_render::font_available() {
        return;
    }
    let pdf = gongkai_render::to_pdf(&document(vec![Block::Paragraph(
        "全年养护农村公路一百二十五公里。".into(),
    )]))
    .unwrap();
    let (s, page) = upload(
        &editor,
        &format!("/items/{id}/body-source"),
        "养护计划.pdf",
        pdf,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("id=\"body-pdf\""), "{page}");
    // The PDF's own words, extracted, are the body's text.
    assert!(page.contains("全年养护农村公路一百二十五公里。"), "{page}");
}

async fn office_attachments_are_previewed_for_the_reviewer(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-09").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let id = create(&editor, &html_draft("资金分配表", "<p>见附件。</p>")).await;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("分配").unwrap();
    ws.write(0, 0, "乡镇").unwrap();
    ws.write(0, 1, "资金（万元）").unwrap();
    ws.write(1, 0, "城关镇").unwrap();
    ws.write(1, 1, 52).unwrap();
    let (s, _) = upload(
        &editor,
        &format!("/items/{id}/attachments"),
        "分配表.xlsx",
        wb.save_to_buffer().unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let manage = editor
        .get(&format!("/items/{id}/manage"))
        .await
        .text()
        .await
        .unwrap();
    let preview = manage
        .split("class=\"review-office\" src=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the office preview frame")
        .to_string();
    let r = editor.get(&preview).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-frame-options"], "SAMEORIGIN");
    let html = r.text().await.unwrap();
    assert!(html.contains("<td>城关镇</td><td>52</td>"), "{html}");
    // Not for the public, not for another agency.
    assert_eq!(app.get(&preview).await.status(), StatusCode::SEE_OTHER);
    let other = app.another_browser();
    assert_eq!(
        other.login("supervisor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(other.get(&preview).await.status(), StatusCode::FORBIDDEN);
}

async fn the_preview_is_the_public_page_not_saved(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-09").spawn().await else {
        return;
    };
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let fields = html_draft("预览中的计划", "<p>正文<b>一</b></p><ul><li>甲</li></ul>");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/preview", &refs, true).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"preview-banner\""));
    assert!(
        html.contains(
            "<div class=\"prose\" id=\"item-body\"><p>正文<b>一</b></p><ul><li>甲</li></ul></div>"
        ),
        "{html}"
    );
    assert!(html.contains("（发布时生成）"));
    // Nothing was saved.
    let list = editor.get("/items").await.text().await.unwrap();
    assert!(!list.contains("预览中的计划"));
    // A form with errors lists them instead of a page.
    let mut bad = fields.clone();
    bad[0].1 = String::new();
    let refs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post_form("/items/preview", &refs, true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"preview-errors\""));
    // The public may not preview.
    let r = app.post_form("/items/preview", &refs, true).await;
    assert_ne!(r.status(), StatusCode::OK);
}

on_both_backends!(an_html_body_is_cleaned_and_published_as_markup);
on_both_backends!(a_word_file_becomes_the_body_and_a_pdf_is_the_body);
on_both_backends!(office_attachments_are_previewed_for_the_reviewer);
on_both_backends!(the_preview_is_the_public_page_not_saved);
