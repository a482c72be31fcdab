//! Issue 13, items 8, 9 and 11 over HTTP on both backends: who sees an
//! applicant's personal data (one policy for pages, downloads and the API),
//! who changes the platform-wide working-day calendar, and CSRF tokens bound
//! to the session and never carried in the address.

use chrono::NaiveDate;
use gongkai_domain::staff::{Role, Username};
use gongkai_store::NewStaff;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::helpers::{DbKind, TestApp, csrf_in};
use crate::on_both_backends;
use crate::requests::ID;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
/// 张三's resident ID as a supervisor sees it: first 6 and last 4 characters.
const ID_MASKED: &str = "110105********002X";
/// 白沙县城关镇人民政府, a township in the demo tree.
const TOWNSHIP: &str = "11990121786579754J";

on_both_backends!(
    personal_data_follows_one_policy,
    only_a_platform_administrator_changes_the_calendar,
    csrf_tokens_are_bound_and_never_in_the_address,
);

async fn logged_in(app: &TestApp, username: &str) -> TestApp {
    let b = app.another_browser();
    assert_eq!(b.login(username, PW).await.status(), StatusCode::SEE_OTHER);
    b
}

async fn personal_data_follows_one_policy(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let (number, _, _) = app.apply(&"a".repeat(64)).await;
    let clerk = logged_in(&app, "clerk").await;
    // Confirming issues a document, so there is one to download.
    let (s, page) = clerk
        .act(&number, "confirm", &[("date", "2025-03-03")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let case = app.store.case_by_number(&number).await.unwrap().unwrap();
    let proof = app.store.case_attachments(case.id).await.unwrap()[0].id;
    let doc = app.store.case_documents(case.id).await.unwrap()[0].id;
    let case_page = format!("/cases/{number}");
    let proof_url = format!("/cases/{number}/attachments/{proof}");
    let doc_url = format!("/cases/{number}/documents/{doc}.docx");

    // The clerk of the agency sees everything.
    let html = clerk.get(&case_page).await.text().await.unwrap();
    assert!(html.contains(ID) && html.contains("13800138000"), "{html}");
    assert_eq!(clerk.get(&proof_url).await.status(), StatusCode::OK);
    assert_eq!(clerk.get(&doc_url).await.status(), StatusCode::OK);

    // The county's supervisor sees the case masked, and no identity proof.
    let supervisor = logged_in(&app, "supervisor").await;
    let r = supervisor.get(&case_page).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains(ID_MASKED), "{html}");
    assert!(html.contains("138****8000"), "{html}");
    assert!(!html.contains(ID) && !html.contains("13800138000"));
    assert!(!html.contains("身份证.pdf"), "the proof is not listed");
    assert_eq!(
        supervisor.get(&proof_url).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(supervisor.get(&doc_url).await.status(), StatusCode::OK);

    // The editor of the handling agency sees nothing of cases.
    let editor = logged_in(&app, "editor").await;
    for path in [&case_page, &proof_url, &doc_url] {
        let r = editor.get(path).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        let body = r.text().await.unwrap();
        assert!(!body.contains(ID) && !body.contains("张三"), "{path}");
        assert!(body.contains("无权"), "a Chinese reason: {path} {body}");
    }
    let workbench = editor.get("/workbench").await.text().await.unwrap();
    assert!(!workbench.contains(&number), "no queue for the editor");

    // The API applies the same policy.
    let api = |token: String, path: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url(&path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
        }
    };
    let editor_token = app.bearer("editor").await;
    for path in [
        "/api/v1/cases".to_string(),
        format!("/api/v1/cases/{number}"),
    ] {
        let r = api(editor_token.clone(), path.clone()).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("无权"), "{body}");
    }
    let clerk_case: Value = api(app.bearer("clerk").await, format!("/api/v1/cases/{number}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(clerk_case["applicant_details"]["id_number"], ID);
    assert_eq!(clerk_case["applicant_details"]["phone"], "13800138000");
    let r = api(
        app.bearer("supervisor").await,
        format!("/api/v1/cases/{number}"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let supervised: Value = r.json().await.unwrap();
    assert_eq!(supervised["applicant_details"]["id_number"], ID_MASKED);
    assert_eq!(supervised["applicant_details"]["phone"], "138****8000");
    assert!(supervised["applicant_details"]["address"].is_null());
}

async fn only_a_platform_administrator_changes_the_calendar(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let township = app.store.agency_by_code(TOWNSHIP).await.unwrap().unwrap();
    app.store
        .create_staff(&NewStaff {
            agency_id: township.id,
            username: Username::parse("zhen-admin").unwrap(),
            display_name: "镇管理".into(),
            password_hash: gongkai_app::password::hash_password(PW).unwrap(),
            roles: vec![Role::Administrator],
        })
        .await
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
    let working = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            gongkai_store::calendar_in_force(store.as_ref())
                .await
                .unwrap()
                .day(day)
                .working
        }
    };
    assert!(working(&app).await, "2025-03-10 is a Monday");
    let change = [
        ("date", "2025-03-10"),
        ("working", "off"),
        ("name", "临时放假"),
        ("notice", "镇政府通知"),
    ];

    // The township's administrator sees the calendar but cannot change it.
    let township_admin = logged_in(&app, "zhen-admin").await;
    let page = township_admin.get("/admin/calendar").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("id=\"override-form\""),
        "no form to change it"
    );
    let r = township_admin
        .post_form("/admin/calendar/override", &change, true)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("平台管理员"));
    assert!(working(&app).await, "the calendar is unchanged");
    // Nor may they make themselves a platform administrator.
    let r = township_admin
        .post_form(
            &format!("/admin/agencies/{TOWNSHIP}/staff"),
            &[
                ("username", "zhen-boss"),
                ("display_name", "镇老板"),
                ("password", "zhen-boss-2025"),
                ("role_platform_administrator", "1"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        app.store
            .staff_by_username(&Username::parse("zhen-boss").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    // Other staff do not see the calendar at all.
    let clerk = logged_in(&app, "clerk").await;
    assert_eq!(
        clerk.get("/admin/calendar").await.status(),
        StatusCode::FORBIDDEN
    );

    // The platform administrator (demo `admin`) changes it; the page says who.
    let admin = logged_in(&app, "admin").await;
    let r = admin
        .post_form("/admin/calendar/override", &change, true)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!working(&app).await, "2025-03-10 is now a day off");
    let html = township_admin
        .get("/admin/calendar")
        .await
        .text()
        .await
        .unwrap();
    let table = &html[html.find("id=\"calendar-overrides\"").expect("the list")..];
    let row = &table[table.find("2025-03-10").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("陈管理（admin）"), "{row}");
    // The change is in the audit trail, with who made it.
    let admin_id = app
        .store
        .staff_by_username(&Username::parse("admin").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let audited = app.store.audit_entries(50).await.unwrap();
    assert!(
        audited.iter().any(|e| e.action == "calendar.override"
            && e.staff_id == Some(admin_id)
            && e.detail.contains("2025-03-10")),
        "{audited:?}"
    );
}

async fn csrf_tokens_are_bound_and_never_in_the_address(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let editor = logged_in(&app, "editor").await;
    let mine = editor.csrf().await;
    // A second browser's valid pair: its cookie is not sent by the editor's
    // browser, but its form token is offered with the editor's session.
    let other = logged_in(&app, "reviewer").await;
    let theirs = other.csrf().await;
    assert_ne!(mine, theirs);
    let anonymous = app.another_browser();
    let anonymous_token = anonymous.csrf().await;
    let draft = ITEM;
    for (label, token) in [
        ("another session's", &theirs),
        ("an anonymous", &anonymous_token),
    ] {
        let mut fields: Vec<(&str, &str)> = draft.to_vec();
        fields.push(("_csrf", token));
        let r = editor.post_form("/items/new", &fields, false).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{label} token");
        assert!(r.text().await.unwrap().contains("CSRF"), "{label} token");
    }
    // The session's own token in the address instead of the body: refused.
    let r = editor
        .client
        .post(editor.url(&format!("/items/new?_csrf={mine}")))
        .form(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("网址"));

    // A page rendered for the session carries the session's token.
    let page = editor.get("/items/new").await.text().await.unwrap();
    assert_eq!(csrf_in(&page).as_deref(), Some(mine.as_str()));
    assert!(!page.contains("_csrf="), "no token in any address");

    // A multipart upload with the token as its first field works.
    let (id, manage) = create_item(&editor).await;
    assert!(!manage.contains("_csrf="), "{manage}");
    let upload = |token: &str| {
        Form::new().text("_csrf", token.to_string()).part(
            "file",
            Part::bytes(b"%PDF-1.4 plan".to_vec()).file_name("工作要点.pdf"),
        )
    };
    let r = editor
        .client
        .post(editor.url(&format!("/items/{id}/attachments")))
        .multipart(upload(&mine))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("工作要点.pdf"));
    // … and not with another session's token, nor in the address.
    let r = editor
        .client
        .post(editor.url(&format!("/items/{id}/attachments")))
        .multipart(upload(&theirs))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = editor
        .client
        .post(editor.url(&format!("/items/{id}/attachments?_csrf={mine}")))
        .multipart(Form::new().part(
            "file",
            Part::bytes(b"%PDF-1.4 x".to_vec()).file_name("x.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The anonymous key was made on first start and is kept: a second
    // instance (or a restart) gets the same one, not the value it offers.
    let key = app
        .store
        .server_secret(gongkai_store::CSRF_SECRET, "another-instance")
        .await
        .unwrap();
    assert_ne!(key, "another-instance");
    assert_eq!(key.len(), 64);

    // After logging out, the old session's token is worth nothing.
    let r = editor.post_form("/logout", &[], true).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut fields: Vec<(&str, &str)> = draft.to_vec();
    fields.push(("_csrf", &mine));
    let r = editor.post_form("/items/new", &fields, false).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// A catalogue item as the editor's form submits it.
const ITEM: [(&str, &str); 14] = [
    ("title", "白沙县交通运输局2025年工作要点"),
    (
        "summary",
        "明确2025年农村公路建设、养护和运输服务的重点工作。",
    ),
    ("issuers", "白沙县交通运输局"),
    ("document_number", "白交[2025]3号"),
    ("formed_on", "2025-02-20"),
    ("topic", "工业、交通\\公路"),
    ("genre", "notice"),
    ("kind", "normative"),
    ("article20", "regulations"),
    ("attribute", "proactive"),
    ("scope", "public"),
    ("keywords", "农村公路"),
    (
        "body",
        "各乡镇人民政府，县直有关单位：\n现将2025年工作要点印发给你们。",
    ),
    // Kept as a draft: files are added before the item goes to review.
    ("do", "save"),
];

/// An item of the editor's agency: (id, its management page).
async fn create_item(editor: &TestApp) -> (String, String) {
    let r = editor.post_form("/items/new", &ITEM, true).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let id = location
        .trim_start_matches("/items/")
        .trim_end_matches("/manage")
        .to_string();
    let manage = editor.get(&location).await.text().await.unwrap();
    (id, manage)
}
