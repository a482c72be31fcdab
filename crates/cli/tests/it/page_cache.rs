//! Public pages kept as rendered (issue 15): a visitor's page is served
//! again with its ETag (304 when the browser names it), staff never get a
//! visitor's page nor a visitor theirs, and a change made through this
//! server is on the public page at the next request.

use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

const PW: &str = gongkai_app::demo::DEMO_PASSWORD;
const GUIDE: &str = "/agencies/119901219482199390/guide";

on_both_backends!(kept_pages_are_revalidated_separated_from_staff_and_follow_changes);

async fn kept_pages_are_revalidated_separated_from_staff_and_follow_changes(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    // The cache starts once the data's version is first read (at start).
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let visitor = app.another_browser();
    let first = visitor.get(GUIDE).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].clone();
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let page = first.text().await.unwrap();
    assert!(page.contains("工作人员登录"), "a visitor's header");
    let second = visitor.get(GUIDE).await;
    assert_eq!(second.headers()["etag"], etag, "served as kept");
    let revalidated = visitor
        .client
        .get(visitor.url(GUIDE))
        .header("if-none-match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert!(revalidated.bytes().await.unwrap().is_empty());

    // An administrator sees the page with his own header, not the kept one …
    assert_eq!(app.login("admin", PW).await.status(), StatusCode::SEE_OTHER);
    let staff_page = app.get(GUIDE).await.text().await.unwrap();
    assert!(staff_page.contains("id=\"logout\""));
    // … and his change is on the visitor's page at once.
    let r = app
        .post_form(
            "/admin/agencies/119901219482199390/texts",
            &[
                ("guide_text", "本局依申请公开受理窗口设在政务服务中心三楼。"),
                ("rules_text", ""),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = visitor.get(GUIDE).await;
    assert_ne!(after.headers()["etag"], etag);
    let text = after.text().await.unwrap();
    assert!(text.contains("政务服务中心三楼"));
    assert!(
        !text.contains("id=\"logout\""),
        "no staff header for a visitor"
    );
    // The old tag no longer matches: the new page is sent.
    let stale = visitor
        .client
        .get(visitor.url(GUIDE))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
}
