//! The public check of annual reports: what is refused and what cannot be
//! read — on the page and through the API, each with its Chinese reason.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::report_check::*;
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

// ---------------------------------------------------------------------------
// 2. Unreadable and refused uploads

/// Bytes no reader takes for a report: spread values and NULs.
fn binary() -> Vec<u8> {
    (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .chain([0, 0, 0, 0])
        .collect()
}

on_both_backends!(unreadable_and_refused_uploads_say_why_in_chinese);

async fn unreadable_and_refused_uploads_say_why_in_chinese(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2026-01-20").spawn().await else {
        return;
    };
    let garbage = binary();

    // A binary file alone: the API lists it with the reader's reason.
    let reports =
        api_reports(check_api(&app, upload(&[("garbage.bin", &garbage)], None)).await).await;
    assert_eq!(reports.len(), 1);
    let entry = reports[0].as_object().unwrap();
    assert_eq!(
        entry.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["source", "error"]),
        "only source and error: {entry:?}"
    );
    assert_eq!(entry["source"], "garbage.bin");
    assert!(
        entry["error"].as_str().unwrap().contains("二进制"),
        "{entry:?}"
    );
    // On the page: nothing could be read (422), and the page says why.
    let page = check_page(&app, |f| upload_onto(f, &[("garbage.bin", &garbage)], None)).await;
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"report-1-error\""));
    assert!(html.contains("无法读取该文件"));
    assert!(html.contains("二进制"));
    assert!(html.contains("garbage.bin"));

    // A binary file beside the corpus: the corpus is still checked.
    let both = |f| {
        upload_onto(
            f,
            &[("garbage.bin", &garbage), (NAME_000, CORPUS_000)],
            None,
        )
    };
    let reports = api_reports(check_api(&app, both(Form::new())).await).await;
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports[0],
        json!({"source": "garbage.bin", "error": reports[0]["error"].clone()})
    );
    assert!(reports[0]["error"].as_str().unwrap().contains("二进制"));
    assert_eq!(reports[1]["source"], NAME_000);
    assert_worked_example(&reports[1]);
    let page = check_page(&app, both).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"report-1-error\""));
    assert!(!html.contains("id=\"report-2-error\""));
    assert_page_marks(&html, 2);

    // Nothing sent (the file input left empty, no text): 400, in Chinese.
    let empty = |f: Form| {
        f.part(
            "files",
            Part::bytes(Vec::new())
                .file_name("")
                .mime_str("application/octet-stream")
                .unwrap(),
        )
        .text("text", "")
    };
    let refused = check_api(&app, empty(Form::new())).await;
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("没有收到要检查的报告"),
        "{body}"
    );
    let page = check_page(&app, empty).await;
    assert_eq!(page.status(), 400);
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"check-error\""), "{html}");
    assert!(html.contains("没有收到要检查的报告"));
    assert!(
        html.contains("id=\"check-form\""),
        "the form is shown again"
    );

    // 51 files: refused as a whole.
    let many: Vec<(String, Vec<u8>)> = (1..=51)
        .map(|i| (format!("r{i}.txt"), format!("第{i}份报告").into_bytes()))
        .collect();
    let many_form = |f| {
        upload_onto(
            f,
            &many
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect::<Vec<_>>(),
            None,
        )
    };
    let refused = check_api(&app, many_form(Form::new())).await;
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("最多检查50个文件"), "{error}");
    assert!(error.contains("51"), "{error}");
    let page = check_page(&app, many_form).await;
    assert_eq!(page.status(), 400);
    let html = page.text().await.unwrap();
    assert!(html.contains("最多检查50个文件"));
    assert!(html.contains("id=\"check-form\""));

    // A file over 10 MB is listed as too large; the others are checked.
    let mut big = b"\xe4\xb8\x80".repeat(10 * 1024 * 1024 / 3);
    big.resize(10 * 1024 * 1024 + 1, b'\n');
    let with_big = |f| upload_onto(f, &[("big.txt", &big), (NAME_000, CORPUS_000)], None);
    let reports = api_reports(check_api(&app, with_big(Form::new())).await).await;
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["source"], "big.txt");
    let error = reports[0]["error"].as_str().unwrap();
    assert!(error.contains("超过10MB"), "{error}");
    assert!(reports[0].get("format").is_none());
    assert_worked_example(&reports[1]);
    let page = check_page(&app, with_big).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"report-1-error\""));
    assert!(html.contains("超过10MB"));
    assert_page_marks(&html, 2);

    // A body that is not an upload at all.
    let refused = app
        .client
        .post(app.url("/api/v1/reports/check"))
        .json(&json!({"text": "一、总体情况"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("multipart/form-data"),
        "{body}"
    );

    // The page's POST without its token, or with another one, or from a
    // browser that never loaded a page (no cookie), or with the right token
    // in the address instead of the body: 403.
    let stranger = app.another_browser();
    let good = form_token(&app).await;
    let wrong = "0".repeat(64);
    let in_address = format!("/reports/check?_csrf={good}");
    for (client, path, token) in [
        (&app.client, "/reports/check", None),
        (&app.client, "/reports/check", Some(wrong.as_str())),
        (&stranger.client, "/reports/check", Some(wrong.as_str())),
        (&stranger.client, "/reports/check", Some(good.as_str())),
        (&app.client, in_address.as_str(), None),
    ] {
        let base = match token {
            Some(t) => Form::new().text("_csrf", t.to_string()),
            None => Form::new(),
        };
        let forged = client
            .post(app.url(path))
            .multipart(upload_onto(base, &[(NAME_000, CORPUS_000)], None))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{path} {token:?}");
        assert!(
            forged.text().await.unwrap().contains("CSRF"),
            "{path} {token:?}"
        );
    }

    // The site goes on answering.
    assert_eq!(app.get("/reports/check").await.status(), 200);
    assert_eq!(app.get("/").await.status(), 200);
    let reports = api_reports(check_api(&app, upload(&[(NAME_000, CORPUS_000)], None)).await).await;
    assert_worked_example(&reports[0]);
}
