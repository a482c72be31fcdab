//! 附件 of a task over HTTP: the lead unit's clerk reports progress with
//! two files, the plan's owner adds the 实施方案 as 补充材料; each file is
//! listed with its step and downloads as sent to whoever may read the
//! task, and to nobody else; a file of a type not accepted, or one too
//! many, refuses the step and records nothing.

use gongkai_app::demo::{BUREAU_CODE, DEMO_PASSWORD};
use gongkai_domain::plan::TaskState;
use gongkai_domain::staff::{Role, Username};
use gongkai_store::NewStaff;
use reqwest::StatusCode;
use reqwest::header::CONTENT_DISPOSITION;
use reqwest::multipart::{Form, Part};
use sha2::{Digest, Sha256};

use crate::helpers::{DbKind, TestApp};

/// 白沙县财政局: a department beside the bureau.
const FINANCE: &str = "11990121518190937G";

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const DOCX: &[u8] = b"PK\x03\x04\x14\0\0\0\x08\0word/document.xml";

/// The seq the task page offers, then the step as multipart with `files`.
async fn step_with_files(
    app: &TestApp,
    task: i64,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> (StatusCode, String) {
    let seq = crate::helpers::task_seq(app, task).await;
    let mut form = Form::new().text("_csrf", app.csrf().await).text("seq", seq);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        form = form.part(
            "files",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    let r = app
        .client
        .post(app.url(&format!("/workbench/tasks/{task}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[tokio::test]
async fn files_go_with_their_steps_and_only_to_those_who_may_read_the_task() {
    let Some(app) = TestApp::builder(DbKind::Sqlite)
        .on("2025-06-03")
        .spawn()
        .await
    else {
        return;
    };
    let store = app.store.as_ref();
    gongkai_app::demo::seed_content(store, app.clock.today())
        .await
        .unwrap();
    let bureau = store.agency_by_code(BUREAU_CODE).await.unwrap().unwrap();
    let clerk = store
        .staff_by_username(&Username::parse("clerk").unwrap())
        .await
        .unwrap()
        .unwrap();
    let mine = store.staff_units(clerk.id).await.unwrap();
    let plan = store.plans(bureau.id, Some(2025)).await.unwrap()[0].id;
    let tasks = store.plan_tasks(plan).await.unwrap();
    let task = tasks
        .iter()
        .find(|t| {
            t.row.state == TaskState::InProgress && t.row.lead.iter().any(|u| mine.contains(u))
        })
        .expect("a task in progress led by the clerk's unit")
        .id;
    let other_task = tasks.iter().find(|t| t.id != task).unwrap().id;
    let events_before = store.task_events(task).await.unwrap().len();

    let member = app.logged_in("clerk").await;
    let progress = [
        ("action", "progress"),
        ("text", "专栏已改版，检查记录附后。"),
    ];
    let (s, page) = step_with_files(
        &member,
        task,
        &progress,
        &[("专栏改版检查记录.pdf", PDF), ("首页截图.png", PNG)],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("已记录：报告进展（附件2个）。"), "{page}");
    let link = format!("/workbench/tasks/{task}/files/{}", sha(PDF));
    assert!(
        page.contains(&format!(
            "附件：<a href=\"{link}\">专栏改版检查记录.pdf</a>"
        )),
        "{page}"
    );

    // The file comes back as it was sent, under its name.
    let r = member.get(&link).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains("%E4%B8%93%E6%A0%8F"), "{disposition}"); // 专栏
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);

    // The plan's owner adds the 实施方案; the state stays 办理中.
    let owner = app.logged_in("reviewer").await;
    let files = [("action", "files"), ("text", "任务实施方案")];
    let (s, page) = step_with_files(&owner, task, &files, &[("实施方案.docx", DOCX)]).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("已记录：补充材料（附件1个）。"), "{page}");
    assert!(page.contains("<dd id=\"task-state\">办理中"), "{page}");
    let listed = page
        .split("id=\"task-files\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    let order: Vec<usize> = ["专栏改版检查记录.pdf", "首页截图.png", "实施方案.docx"]
        .iter()
        .map(|n| listed.find(n).unwrap_or_else(|| panic!("{n} in {listed}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{listed}");

    // Refused, and nothing recorded: a program, six files.
    let (s, page) = step_with_files(
        &member,
        task,
        &progress,
        &[("检查记录.exe", b"MZ\x90\0\x03")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(
            "文件“检查记录.exe”的格式不受支持：附件请使用 PDF、DOCX、XLSX、JPG 或 PNG 格式。"
        ),
        "{page}"
    );
    let six: Vec<(&str, &[u8])> = (0..6).map(|_| ("a.pdf", PDF)).collect();
    let (s, page) = step_with_files(&member, task, &progress, &six).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("一次最多附5个文件（选了6个）"), "{page}");
    // 领办 carries no files: refused rather than dropped.
    let (s, page) = step_with_files(&owner, task, &[("action", "accept")], &[("a.pdf", PDF)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("附件只能随进展报告、完成报告或“补充材料”报送。"),
        "{page}"
    );
    assert_eq!(
        store.task_events(task).await.unwrap().len(),
        events_before + 2
    );

    // The JSON API lists the files and serves them with the same token.
    let token = app.bearer("clerk").await;
    let json: serde_json::Value = app
        .client
        .get(app.url(&format!("/api/v1/tasks/{task}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["专栏改版检查记录.pdf", "首页截图.png", "实施方案.docx"]
    );
    let url = json["files"][2]["url"].as_str().unwrap();
    assert_eq!(url, format!("/api/v1/tasks/{task}/files/{}", sha(DOCX)));
    let r = app
        .client
        .get(app.url(url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), DOCX);

    // Only a file the task's history names; only for those who may read it.
    let r = member
        .get(&format!("/workbench/tasks/{other_task}/files/{}", sha(PDF)))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = member
        .get(&format!("/workbench/tasks/{task}/files/{}", sha(b"other")))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = member
        .get(&format!(
            "/workbench/tasks/{task}/files/..%2F..%2Fetc%2Fpasswd"
        ))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let finance = store.agency_by_code(FINANCE).await.unwrap().unwrap();
    store
        .create_staff(&NewStaff {
            agency_id: finance.id,
            username: Username::parse("czj-clerk").unwrap(),
            display_name: "财政办事员".into(),
            password_hash: gongkai_app::password::hash_password(DEMO_PASSWORD).unwrap(),
            roles: vec![Role::Clerk],
        })
        .await
        .unwrap();
    let outsider = app.logged_in("czj-clerk").await;
    assert_eq!(outsider.get(&link).await.status(), StatusCode::FORBIDDEN);
    let anonymous = app.another_browser();
    let r = anonymous.get(&link).await;
    assert_ne!(r.status(), StatusCode::OK);
    assert!(!r.bytes().await.unwrap().starts_with(b"%PDF"));
}
