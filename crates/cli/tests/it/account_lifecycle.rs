//! The life of a staff account (issue 13): self-service password change, an
//! administrator's reset forcing a change, deactivation and reactivation,
//! unlocking, role changes, revoking an API token; scope and self-protection;
//! every change audited.

use gongkai_domain::staff::Role;
use reqwest::StatusCode;
use serde_json::Value;

use crate::accounts::{ParseUsername, api_login};
use crate::helpers::{DbKind, TestApp, csrf_in};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
const DEPT: &str = "119901219482199390";
const COUNTY: &str = "11990121082462814Y";

on_both_backends!(
    staff_change_their_own_password,
    an_administrator_manages_the_life_of_an_account,
    a_revoked_api_token_is_refused,
);

async fn token(app: &TestApp, username: &str, password: &str) -> String {
    let r = api_login(app, username, password, None).await;
    assert_eq!(r.status(), StatusCode::OK, "{username} gets a token");
    let body: Value = r.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

async fn with_token(app: &TestApp, token: &str) -> StatusCode {
    app.client
        .get(app.url("/api/v1/cases"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

async fn logged_in(browser: &TestApp) -> bool {
    browser.get("/workbench").await.status() == StatusCode::OK
}

async fn audited(app: &TestApp) -> Vec<String> {
    let entries = app.store.audit_entries(10_000).await.unwrap();
    entries.into_iter().map(|e| e.action).collect()
}

async fn staff_change_their_own_password(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let other_device = app.another_browser();
    assert_eq!(app.login("clerk", PW).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        other_device.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let api = token(&app, "clerk", PW).await;

    let form = app.get("/account/password").await.text().await.unwrap();
    assert!(
        form.contains("密码至少10个字符，须同时包含字母和数字。"),
        "policy on the form"
    );
    let change = |current: &'static str, new: &'static str, repeat: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/account/password",
                &[("current", current), ("new", new), ("repeat", repeat)],
                true,
            )
            .await
        }
    };
    let r = change("wrong-current-1", "new-secret-2026", "new-secret-2026").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("当前密码不正确"));
    let r = change(PW, "short1", "short1").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("密码至少需要10个字符，您输入了6个")
    );
    let r = change(PW, "new-secret-2026", "new-secret-2027").await;
    assert!(r.text().await.unwrap().contains("两次输入的新密码不一致"));

    let r = change(PW, "new-secret-2026", "new-secret-2026").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("密码已修改"));
    // This session stays; the other device and the API token end.
    assert!(logged_in(&app).await);
    assert!(!logged_in(&other_device).await);
    assert_eq!(with_token(&app, &api).await, StatusCode::UNAUTHORIZED);
    let fresh = app.another_browser();
    assert_eq!(
        fresh.login("clerk", PW).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fresh.login("clerk", "new-secret-2026").await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        audited(&app)
            .await
            .contains(&"staff.password_change".to_string())
    );
}

/// POST an administrator's action on a member of staff.
async fn act(
    admin: &TestApp,
    agency: &str,
    who: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    admin
        .post_form(
            &format!("/admin/agencies/{agency}/staff/{who}/{action}"),
            fields,
            true,
        )
        .await
}

async fn an_administrator_manages_the_life_of_an_account(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let admin = app.another_browser();
    assert_eq!(
        admin.login("admin", PW).await.status(),
        StatusCode::SEE_OTHER
    );

    // Reset: a one-time password, every session and token of the reviewer ends.
    let reviewer = app.another_browser();
    assert_eq!(
        reviewer.login("reviewer", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let api = token(&app, "reviewer", PW).await;
    let r = act(&admin, DEPT, "reviewer", "reset_password", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    let temporary = page
        .split("临时密码为 ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("the page shows the temporary password")
        .to_string();
    assert_eq!(temporary.chars().count(), 12);
    assert!(!logged_in(&reviewer).await);
    assert_eq!(with_token(&app, &api).await, StatusCode::UNAUTHORIZED);
    // The reviewer logs in with it and is led to change it first.
    let r = reviewer.login("reviewer", &temporary).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = reviewer.get("/workbench").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/account/password");
    let r = api_login(&app, "reviewer", &temporary, None).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let page = reviewer
        .get("/account/password")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("管理员已重置您的密码"));
    // (The workbench leads here, so the form's token is read from this page.)
    let csrf = csrf_in(&page).unwrap();
    let r = reviewer
        .post_form(
            "/account/password",
            &[
                ("current", &temporary),
                ("new", "mine-again-2026"),
                ("repeat", "mine-again-2026"),
                ("_csrf", &csrf),
            ],
            false,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(logged_in(&reviewer).await, "free to work after the change");

    // Deactivate: the open session and the API token end at once.
    let editor = app.another_browser();
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );
    let api = token(&app, "editor", PW).await;
    let r = act(&admin, DEPT, "editor", "deactivate", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("已停用“editor”"));
    assert!(!logged_in(&editor).await);
    assert_eq!(with_token(&app, &api).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Reactivate: the old password works again.
    act(&admin, DEPT, "editor", "reactivate", &[]).await;
    assert_eq!(
        editor.login("editor", PW).await.status(),
        StatusCode::SEE_OTHER
    );

    // Unlock: locked by guesses, opened by the administrator.
    let clerk = app.another_browser();
    for _ in 0..5 {
        clerk.login("clerk", "wrong-guess-123").await;
    }
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let list = admin
        .get(&format!("/admin/agencies/{DEPT}/staff"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("登录已暂停（可解锁）"));
    act(&admin, DEPT, "clerk", "unlock", &[]).await;
    assert_eq!(
        clerk.login("clerk", PW).await.status(),
        StatusCode::SEE_OTHER
    );

    // Roles.
    let r = act(
        &admin,
        DEPT,
        "clerk",
        "roles",
        &[("role_clerk", "1"), ("role_reviewer", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let clerk_roles = app
        .store
        .staff_by_username(&"clerk".parse_username())
        .await
        .unwrap()
        .unwrap()
        .roles;
    assert_eq!(clerk_roles, vec![Role::Reviewer, Role::Clerk]);
    let r = act(&admin, DEPT, "clerk", "roles", &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("请至少选择一个角色"));

    // Nobody drops their own administrator role or deactivates themselves.
    let city = "11990100908301663T";
    let r = act(&admin, city, "admin", "roles", &[("role_supervisor", "1")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能取消自己的管理员角色"));
    let r = act(&admin, city, "admin", "deactivate", &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("不能停用自己的账户"));
    let me = app
        .store
        .staff_by_username(&"admin".parse_username())
        .await
        .unwrap()
        .unwrap();
    assert!(me.active && me.has_role(Role::Administrator));

    // An administrator below acts only on their subtree; a member named under
    // another agency's address is not found there.
    let clerk_id = app
        .store
        .staff_by_username(&"clerk".parse_username())
        .await
        .unwrap()
        .unwrap()
        .id;
    app.store
        .set_staff_roles(clerk_id, &[Role::Administrator])
        .await
        .unwrap();
    let r = act(&clerk, COUNTY, "supervisor", "deactivate", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = act(&admin, COUNTY, "editor", "deactivate", &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let supervisor = app
        .store
        .staff_by_username(&"supervisor".parse_username())
        .await
        .unwrap()
        .unwrap();
    assert!(supervisor.active);

    let actions = audited(&app).await;
    for action in [
        "staff.reset_password",
        "staff.password_change",
        "staff.deactivate",
        "staff.reactivate",
        "staff.unlock",
        "staff.roles",
    ] {
        assert!(actions.contains(&action.to_string()), "{action} audited");
    }
}

async fn a_revoked_api_token_is_refused(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/sessions"]["delete"].is_object());
    let kept = token(&app, "clerk", PW).await;
    let revoked = token(&app, "clerk", PW).await;
    assert_eq!(with_token(&app, &revoked).await, StatusCode::OK);
    let r = app
        .client
        .delete(app.url("/api/v1/sessions"))
        .bearer_auth(&revoked)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(with_token(&app, &revoked).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        with_token(&app, &kept).await,
        StatusCode::OK,
        "only the token sent"
    );
    let r = app
        .client
        .delete(app.url("/api/v1/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(audited(&app).await.contains(&"session.revoke".to_string()));
}
