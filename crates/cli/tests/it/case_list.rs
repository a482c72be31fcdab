//! The case read model through the server (issue 15): after an
//! administrator declares a working day off, every case whose deadline runs
//! is re-projected at once — its stored row answers today what folding its
//! history with the new calendar answers — and the re-projection is in the
//! audit trail. The work queue and the API list page through the rows.

use gongkai_domain::case::{QueueMark, fold};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

use gongkai_app::demo::DEMO_PASSWORD as PW;

/// The clerk registers an application handed in `days_ago` days ago.
async fn register(app: &TestApp, token: &str, days_ago: u64) {
    let arrived = app.clock.today() - chrono::Days::new(days_ago);
    let r = app
        .client
        .post(app.url("/api/v1/cases"))
        .bearer_auth(token)
        .json(&serde_json::json!({"channel": "in_person", "facts": {"arrived": arrived},
            "form": {"applicant_kind": "natural_person", "name": "张三", "id_document": "resident_id_card",
                     "id_number": "11010519491231002X", "phone": "13800138000", "address": "白沙县城关镇南街1号",
                     "description": format!("第{days_ago}号所需信息"), "delivery_form": "paper", "delivery_method": "post"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
}

on_both_backends!(a_calendar_change_reprojects_the_running_cases);

async fn a_calendar_change_reprojects_the_running_cases(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let clerk = app.bearer("clerk").await;
    for days_ago in [0, 9, 18, 27] {
        register(&app, &clerk, days_ago).await;
    }
    let today = app.clock.today();
    let before = gongkai_store::calendar_in_force(app.store.as_ref())
        .await
        .unwrap();
    // The third working day from today becomes a day off: every reply
    // deadline still running after it moves one working day on.
    let day_off = before.add_working_days(today, 3).unwrap().due;
    assert_eq!(app.login("admin", PW).await.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_form(
            "/admin/calendar/override",
            &[
                ("date", &day_off.to_string()),
                ("working", "off"),
                ("name", "临时调整"),
                ("notice", "测试通知"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("件办理中申请的期限"));
    let after = gongkai_store::calendar_in_force(app.store.as_ref())
        .await
        .unwrap();
    assert!(!after.is_working(day_off));

    let mut running = 0;
    for agency in app.store.agencies().await.unwrap() {
        for case in app.store.cases_of_agency(agency.id).await.unwrap() {
            let events = app.store.case_events(case.id).await.unwrap();
            let folded = fold(&events, &after, today);
            let row = app.store.case_snapshot(case.id).await.unwrap().unwrap();
            assert_eq!(row.mark_on(today), folded.mark, "{}", case.number);
            if folded.mark != QueueMark::Finished {
                running += 1;
                assert_eq!(
                    row.reply_due_on(&after, today),
                    folded.reply_due,
                    "{}",
                    case.number
                );
            }
        }
    }
    assert!(running > 0, "the demo has cases whose deadline runs");
    let trail = app.store.audit_entries(-1).await.unwrap();
    let reprojected = trail
        .iter()
        .find(|e| e.action == "case.reproject")
        .expect("the re-projection is audited");
    assert!(
        reprojected.detail.contains(&format!("：{running}件")),
        "{}",
        reprojected.detail
    );
}

on_both_backends!(the_api_list_pages_with_a_link_header);

async fn the_api_list_pages_with_a_link_header(kind: DbKind) {
    let Some(app) = TestApp::builder(kind).spawn().await else {
        return;
    };
    let token = app.bearer("clerk").await;
    for days_ago in [0, 1, 2, 3, 4] {
        register(&app, &token, days_ago).await;
    }
    let get = async |path: &str| {
        app.client
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
    };
    // Page by page, two at a time, until no `Link` names a next page.
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some("/api/v1/cases?limit=2".to_string());
    while let Some(path) = next.take() {
        let r = get(&path).await;
        assert_eq!(r.status(), StatusCode::OK);
        next = r
            .headers()
            .get("link")
            .map(|l| l.to_str().unwrap().to_string())
            .map(|l| {
                l.trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap()
                    .to_string()
            });
        let page: Vec<serde_json::Value> = r.json().await.unwrap();
        assert!(page.len() <= 2);
        assert!(next.is_none() || page.len() == 2);
        seen.extend(
            page.iter()
                .map(|c| c["number"].as_str().unwrap().to_string()),
        );
    }
    let whole: Vec<serde_json::Value> = get("/api/v1/cases?limit=200").await.json().await.unwrap();
    let all: Vec<String> = whole
        .iter()
        .map(|c| c["number"].as_str().unwrap().to_string())
        .collect();
    assert!(all.len() >= 5, "the clerk's cases");
    assert_eq!(seen, all);
    // Bad paging parameters are refused with what to do.
    for bad in [
        "/api/v1/cases?limit=0",
        "/api/v1/cases?limit=201",
        "/api/v1/cases?after=x",
    ] {
        let r = get(bad).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body = r.text().await.unwrap();
        assert!(body.contains("limit") || body.contains("翻页"), "{body}");
    }
}
