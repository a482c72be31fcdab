//! The office's side of a request over HTTP (issue 16): the 登记回执 of a
//! clerk-registered application carries the query code the applicant tracks
//! with; a lost code is reissued (the old one stops working, audited); a
//! refusal is drafted by the clerk and signed by the reviewer, through the
//! case page and the JSON API alike; replies are numbered in the agency's
//! own pattern, in sequence, never reusing a number.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{DbKind, TestApp, require_all};
use crate::requests::{AGENCY, ID, text_of};

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

async fn staff(app: &TestApp, user: &str) -> TestApp {
    let s = app.another_browser();
    assert_eq!(s.login(user, PW).await.status(), StatusCode::SEE_OTHER);
    s
}

/// Registers an application handed in on `day`; returns (number, query code).
async fn register_in_person(clerk: &TestApp, day: &str, description: &str) -> (String, String) {
    let r = clerk
        .post_form(
            "/cases/new",
            &[
                ("channel", "in_person"),
                ("arrived", day),
                ("applicant_kind", "natural_person"),
                ("name", "赵六"),
                ("id_document", "resident_id_card"),
                ("id_number", ID),
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
    let html = r.text().await.unwrap();
    let number = text_of(&html, "case-number").expect("the case number");
    let code = html
        .split("查询码 ")
        .nth(1)
        .map(|r| {
            r.chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .expect("the query code, shown once");
    assert_eq!(code.len(), 8, "{code}");
    (number, code)
}

fn pdf_text(bytes: &[u8]) -> Option<String> {
    let have = Command::new("pdftotext").arg("-v").output().is_ok();
    if !have {
        assert!(
            !require_all(),
            "pdftotext (poppler-utils) is required in this run"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("d.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(
        String::from_utf8_lossy(&out.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

async fn track(app: &TestApp, number: &str, code: &str) -> StatusCode {
    app.post_form("/track", &[("number", number), ("code", code)], true)
        .await
        .status()
}

#[tokio::test]
async fn the_receipt_carries_the_query_code_and_a_lost_code_is_reissued() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let clerk = staff(&app, "clerk").await;
    let (number, code) =
        register_in_person(&clerk, "2025-03-03", "2024年白沙县公交线路调整方案").await;
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    let docs = app.store.case_documents(case.id).await.unwrap();
    assert_eq!(docs.len(), 1, "the 登记回执");
    // The receipt is numbered in the bureau's default receipt series
    // (its short name 县交通运输局 as 机关代字).
    let n = &docs[0].document.number;
    assert!(
        n.starts_with("县交通运输局依申收〔2025〕") && n.ends_with('号'),
        "{n}"
    );
    let pdf = clerk
        .get(&format!("/cases/{number}/documents/{}.pdf", docs[0].id))
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    if let Some(text) = pdf_text(&pdf.bytes().await.unwrap()) {
        assert!(text.contains(&format!("查询码为{code}")), "{text}");
        assert!(text.contains(&number), "{text}");
    }
    // The applicant tracks the case with the number and the code on paper.
    let applicant = app.another_browser();
    assert_eq!(
        track(&applicant, &number, &code).await,
        StatusCode::SEE_OTHER
    );
    let page = applicant.get("/track/case").await.text().await.unwrap();
    assert!(
        page.contains("2024年白沙县公交线路调整方案"),
        "what was asked"
    );
    // Lost: the clerk reissues it; the old code stops working at once.
    let r = clerk
        .post_form(&format!("/cases/{number}/query-code"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let new_code: String = html
        .split("已重新生成查询码：")
        .nth(1)
        .map(|r| r.chars().take_while(char::is_ascii_alphanumeric).collect())
        .expect("the new code, shown once");
    assert_ne!(new_code, code);
    let later = app.another_browser();
    assert_eq!(
        track(&later, &number, &code).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        track(&later, &number, &new_code).await,
        StatusCode::SEE_OTHER
    );
    let audit = app.store.audit_entries(50).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "case.query_code_reissued")
        .expect("audited");
    assert!(
        !entry.detail.contains(&new_code),
        "the code is never logged"
    );
    // A reviewer does not register applications, nor reissue their codes.
    let reviewer = staff(&app, "reviewer").await;
    let r = reviewer
        .post_form(&format!("/cases/{number}/query-code"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_refusal_is_drafted_returned_and_signed_and_numbered_in_sequence() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let admin = staff(&app, "admin").await;
    let r = admin
        .post_form(
            &format!("/admin/agencies/{AGENCY}/requests"),
            &[
                ("approve_partial", "1"),
                ("approve_deny_third_party", "1"),
                ("reply_pattern", "白交依复〔{year}〕{n}号"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let bad = admin
        .post_form(
            &format!("/admin/agencies/{AGENCY}/requests"),
            &[("reply_pattern", "白交依复〔2025〕号")],
            true,
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("{n}"));

    let clerk = staff(&app, "clerk").await;
    let reviewer = staff(&app, "reviewer").await;
    let (first, _) = register_in_person(&clerk, "2025-03-03", "某公司与本局签订的养护合同").await;
    let deny = [
        ("date", "2025-03-03"),
        ("outcome", "deny_third_party"),
        ("reasoning", "涉及第三方商业秘密。"),
    ];
    let (status, html) = clerk.act(&first, "decide", &deny).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("已提交审核"), "{html}");
    assert_eq!(text_of(&html, "case-state").as_deref(), Some("答复待签发"));
    // The clerk cannot sign his own draft.
    let (status, _) = clerk.act(&first, "sign_decision", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The reviewer reads the letter as it will be issued, and returns it.
    let page = reviewer.case_page(&first).await;
    assert!(page.contains("id=\"draft-letter\""), "{page}");
    assert!(page.contains("涉及第三方商业秘密"), "{page}");
    let (status, html) = reviewer
        .act(
            &first,
            "return_decision",
            &[("date", "2025-03-03"), ("reason", "请写明第三方意见")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let fixed = [
        ("date", "2025-03-03"),
        ("outcome", "deny_third_party"),
        (
            "reasoning",
            "合同单价属于第三方商业秘密，经征求意见第三方不同意公开。",
        ),
    ];
    let (status, _) = clerk.act(&first, "decide", &fixed).await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = reviewer.act(&first, "sign_decision", &[]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(text_of(&html, "case-state").as_deref(), Some("已作出决定"));

    // The second reply, through the JSON API: drafted, then signed.
    let (second, _) = register_in_person(&clerk, "2025-03-03", "本局2024年公务用车购置合同").await;
    let clerk_token = app.bearer("clerk").await;
    let reviewer_token = app.bearer("reviewer").await;
    let decided = json!({"action": "outcome_decided", "date": "2025-03-03",
        "outcome": "deny_third_party", "reasoning": "涉及第三方商业秘密。", "referred_to": null});
    let post = |token: String, seq: u32| {
        let url = app.url(&format!("/api/v1/cases/{second}/events"));
        let body = json!({"seq": seq, "action": decided});
        let client = app.client.clone();
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let r = post(clerk_token.clone(), 2).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["awaiting_approval"], json!(true));
    assert_eq!(body["documents"], json!([]));
    assert_eq!(post(clerk_token, 3).await.status(), StatusCode::FORBIDDEN);
    let r = post(reviewer_token, 3).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["documents"].as_array().map(Vec::len), Some(1));

    // Two replies of 2025 in the new pattern: consecutive numbers.
    let number_of = |n: String| {
        let store = app.store.clone();
        async move {
            let case = store.case_by_number(&n).await.unwrap().unwrap();
            let docs = store.case_documents(case.id).await.unwrap();
            docs.last().unwrap().document.number.clone()
        }
    };
    let (a, b) = (number_of(first).await, number_of(second).await);
    let seq = |n: &str| -> u32 {
        n.strip_prefix("白交依复〔2025〕")
            .and_then(|r| r.strip_suffix('号'))
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| panic!("not in the bureau's reply pattern: {n}"))
    };
    assert_eq!(seq(&b), seq(&a) + 1, "{a} then {b}");
}

/// Art. 44: before applying, what is already public is shown (without
/// JavaScript: a plain GET form, and again after a refused submission).
#[tokio::test]
async fn the_apply_page_shows_what_is_published_already() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    seed_indexed_content(&app).await;
    let url = format!("/agencies/{AGENCY}/apply?describe=部门预算公开");
    let html = app.get(&url).await.text().await.unwrap();
    assert!(html.contains("id=\"published-matches\""), "{html}");
    assert!(
        html.contains("白沙县交通运输局2025年部门预算公开"),
        "{html}"
    );
    // The description is kept for the application itself.
    assert!(html.contains(">部门预算公开</textarea>"), "{html}");
    // Nothing matches a nonsense description: no list.
    let none = app
        .get(&format!("/agencies/{AGENCY}/apply?describe=zzqqxx"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!none.contains("id=\"published-matches\""));
}

/// The applicant answers a correction request online with a file; a file of
/// a type not accepted refuses the whole correction before it is recorded.
#[tokio::test]
async fn a_correction_carries_its_files() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-03-03")
        .spawn()
        .await
    else {
        return;
    };
    let clerk = staff(&app, "clerk").await;
    let (number, code) = register_in_person(&clerk, "2025-03-03", "县城公交线路的调整情况").await;
    let (s, page) = clerk
        .act(
            &number,
            "correction",
            &[
                ("date", "2025-03-03"),
                ("items", "请写明所需信息的名称或文号"),
                ("applicant_deadline", "2025-03-17"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let applicant = app.another_browser();
    assert_eq!(
        track(&applicant, &number, &code).await,
        StatusCode::SEE_OTHER
    );
    let send = |name: &'static str, bytes: &'static [u8]| {
        let applicant = &applicant;
        async move {
            let form = reqwest::multipart::Form::new()
                .text("_csrf", applicant.csrf().await)
                .text(
                    "text",
                    "所需信息为白沙县2024年公交线路调整方案（白交〔2024〕9号）",
                )
                .part(
                    "files",
                    reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name),
                );
            applicant
                .client
                .post(applicant.url("/track/correction"))
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let r = send("程序.exe", b"MZ\x90\x00 not a document").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    let recorded = |app: &TestApp, id| {
        let store = app.store.clone();
        async move { store.case_events(id).await.unwrap().len() }
    };
    assert_eq!(recorded(&app, case.id).await, 2, "nothing recorded");
    let r = send("调整方案说明.pdf", b"%PDF-1.4\n% note\n").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("补正内容及1个附件已提交"));
    assert_eq!(recorded(&app, case.id).await, 3);
    let files = app.store.case_attachments(case.id).await.unwrap();
    let file = files
        .iter()
        .find(|a| a.purpose == "补正材料")
        .expect("the correction's file");
    assert_eq!(file.filename, "调整方案说明.pdf");
    let page = clerk.case_page(&number).await;
    assert!(page.contains("补正材料：调整方案说明.pdf"), "{page}");
}

/// The demo's content as of 2025-03-03 (the bureau published this year's
/// 部门预算 by the end of February), once the indexer has it: the search
/// answers (the indexer polls each second; a loaded machine may take longer).
pub(crate) async fn seed_indexed_content(app: &TestApp) {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    gongkai_app::demo::seed_content(app.store.as_ref(), day)
        .await
        .unwrap();
    for _ in 0..300 {
        let api = app
            .get("/api/search?q=部门预算公开")
            .await
            .text()
            .await
            .unwrap();
        if !api.contains("\"total\":0") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
