//! The tamper-evident audit trail on both backends: decisions made over HTTP
//! are chained; `gongkai audit verify` says the chain is intact, then names
//! the record changed, inserted or removed directly in the database; the
//! audit page shows the trail to administrators and supervisors only.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::json;

use crate::catalogue::{draft, id_of};
use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;
use crate::requests::{AGENCY, text_of};

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;

/// `gongkai audit verify` on the app's database: (exit code, stdout).
fn verify(app: &TestApp) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["audit", "verify"])
        .args(&app.db_args)
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_DATA_DIR")
        .output()
        .expect("run gongkai");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    (out.status.code().unwrap_or(-1), format!("{stdout}{stderr}"))
}

/// Run SQL directly on the app's database, behind the platform's back.
async fn tamper(app: &TestApp, sql: &str) {
    match app.db_args[0].as_str() {
        "--data-dir" => {
            let path = std::path::Path::new(&app.db_args[1]).join("gongkai.db");
            let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
        _ => {
            let pool = sqlx::PgPool::connect(&app.db_args[1]).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}

on_both_backends!(the_audit_chain_reveals_changed_inserted_and_removed_records);

async fn the_audit_chain_reveals_changed_inserted_and_removed_records(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    // A login, an application through the API, a case action, an item published.
    let clerk = app.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let form = json!({"form": {
        "applicant_kind": "natural_person", "name": "张三",
        "id_document": "resident_id_card", "id_number": "11010519491231002X",
        "phone": "13800138000", "description": "白沙县2024年农村公路养护资金的分配方案",
        "delivery_form": "electronic", "delivery_method": "online"}});
    let r = app
        .client
        .post(app.url(&format!("/api/v1/agencies/{AGENCY}/applications")))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let number = r.json::<serde_json::Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, page) = clerk
        .act(&number, "confirm", &[("date", "2025-10-30")])
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let fields = draft("关于印发《白沙县农村公路养护资金管理办法》的通知");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let id = id_of(&editor.post_form("/items/new", &refs, true).await);
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
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let index = text_of(&page, "index-number").unwrap();

    // Every decision is on the chain, without the applicant's private data.
    let (records, head) = app.store.audit_chain().await.unwrap();
    let actions: Vec<&str> = records.iter().map(|r| r.action.as_str()).collect();
    for expected in [
        "login.success",
        "case.submitted_online",
        "case.receipt_confirmed",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    assert!(
        records
            .iter()
            .any(|r| r.action == "item.published" && r.detail.contains(&index)),
        "{records:?}"
    );
    assert!(
        records
            .iter()
            .all(|r| !r.detail.contains("11010519491231002X")
                && !r.detail.contains("13800138000")
                && !r.detail.contains("张三"))
    );
    let n = records.len();
    assert_eq!(head.seq, i64::try_from(n).unwrap());
    let (code, out) = verify(&app);
    assert_eq!(
        (code, out.trim()),
        (0, format!("审计记录完整：共{n}条").as_str())
    );

    // A detail changed directly in the database: named, exit 1; then undone.
    let third = records.iter().find(|r| r.seq == Some(3)).unwrap().clone();
    tamper(&app, "UPDATE audit_log SET detail = 'forged' WHERE seq = 3").await;
    let (code, out) = verify(&app);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("第3条审计记录（编号{}）已被修改", third.id)),
        "{out}"
    );
    let original = third.detail.replace('\'', "''");
    tamper(
        &app,
        &format!("UPDATE audit_log SET detail = '{original}' WHERE seq = 3"),
    )
    .await;
    assert_eq!(verify(&app).0, 0);

    // A record slipped in by hand: named, exit 1; then removed again.
    tamper(
        &app,
        "INSERT INTO audit_log (at, action, detail) \
         VALUES ('2025-10-30T01:00:00Z', 'case.reply_sent', 'GK2025-000001 #9')",
    )
    .await;
    let (code, out) = verify(&app);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("是事后插入的"), "{out}");
    tamper(&app, "DELETE FROM audit_log WHERE seq IS NULL").await;
    assert_eq!(verify(&app).0, 0);

    // A record removed: named by its number, exit 1.
    tamper(&app, "DELETE FROM audit_log WHERE seq = 2").await;
    let (code, out) = verify(&app);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("第2条审计记录已被删除"), "{out}");
}

on_both_backends!(the_audit_page_shows_the_subtree_to_administrators_and_supervisors);

async fn the_audit_page_shows_the_subtree_to_administrators_and_supervisors(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).on("2025-10-30").spawn().await else {
        return;
    };
    let clerk = app.another_browser();
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        clerk.get("/workbench/audit").await.status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.another_browser();
    assert_eq!(
        admin.login("admin", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let workbench = admin.get("/workbench").await.text().await.unwrap();
    assert!(
        workbench.contains("href=\"/workbench/audit\""),
        "linked from the workbench"
    );
    // The clerk's login (an agency below the administrator's) is on the trail.
    let page = admin
        .get("/workbench/audit?action=login&staff=clerk")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("login.success") && page.contains("李承办"),
        "{page}"
    );
    assert_eq!(
        text_of(&page, "audit-total").as_deref(),
        Some("共 1 条，第 1/1 页")
    );
    // Bad filters are refused in Chinese.
    let r = admin.get("/workbench/audit?page=0").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("页码须为1至1000之间的整数")
    );
    let r = admin.get("/workbench/audit?from=2025-13-01").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Dates in Beijing time: nothing before the day the app runs.
    let page = admin
        .get("/workbench/audit?to=2020-01-01")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"audit-empty\""), "{page}");
    // The supervisor of a county sees nothing of the city above.
    let supervisor = app.another_browser();
    assert_eq!(
        supervisor.login("supervisor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = supervisor
        .get("/workbench/audit?action=login&staff=admin")
        .await;
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
}
