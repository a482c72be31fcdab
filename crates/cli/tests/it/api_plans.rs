//! Work plans in the JSON API: the bureau's plan listed and read with its
//! tasks' units, due dates and lights (by the agency and by the county
//! above it, not by a city bureau beside it); a member of the lead unit
//! signs for a task and reports progress; a stale `expected_seq` is 409, a
//! step the workflow does not allow 422, a staff member outside the lead
//! unit 403.
//!
//! (Who reads is the plan pages' rule, `gongkai_app::plans::access`.)
//!
//! The dates are counted by hand: task 1 is due 2025-09-30; its reminder
//! day, 3 working days before, is 09-26 (09-29, Sun 09-28 — a working day
//! of the 2025 National Day notice —, 09-26): blue from then, red from
//! 10-01. Task 2 has no time limit: assigned on 09-01 and never reported
//! on, it is behind schedule (yellow) from 09-01 + 31 days = 10-02.

use gongkai_app::plans::import::{ImportOptions, import};
use gongkai_domain::plan::{UnitKind, UnitName};
use gongkai_domain::staff::{Role, Username};
use gongkai_parse::plan::read_plan_text;
use gongkai_store::{NewStaff, PlanId, TaskId};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{DbKind, TestApp};
use crate::on_both_backends;

/// 白沙县交通运输局.
const BUREAU: &str = "119901219482199390";
/// 青山市财政局: beside the bureau's county, not above it.
const OUTSIDE: &str = "11990100390996033U";

const PLAN: &str = "\
一、规范发布
1.规范发布流程。建立审核机制。(牵头单位:办公室;完成时限:2025年9月30日前)
2.做好政策解读。(法规科牵头，办公室配合)";

on_both_backends!(
    the_agency_and_those_above_read_its_plans,
    a_member_of_the_lead_unit_signs_for_and_reports_progress,
);

/// The bureau with its plan, the clerk in 办公室, and an outsider with
/// every role of an agency.
async fn bureau_with_a_plan(kind: DbKind) -> Option<(TestApp, PlanId, Vec<TaskId>)> {
    let app = TestApp::builder(kind).on("2025-09-01").spawn().await?;
    let store = app.store.as_ref();
    let agency = store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let staff = |name: &str| {
        let u = Username::parse(name).unwrap();
        async move { store.staff_by_username(&u).await.unwrap().unwrap() }
    };
    let (admin, clerk) = (staff("admin").await, staff("clerk").await);
    let office = store
        .add_unit(
            agency.id,
            &UnitName::parse("办公室").unwrap(),
            UnitKind::Internal,
            Some(admin.id),
        )
        .await
        .unwrap();
    store
        .set_staff_units(clerk.id, &[office], admin.id)
        .await
        .unwrap();
    let opts = ImportOptions {
        year: 2025,
        title: "白沙县交通运输局2025年政务公开工作要点".into(),
        document_number: "白交〔2025〕8号".into(),
        issued_on: None,
        create_units: true,
        dry_run: false,
    };
    let calendar = gongkai_store::calendar_in_force(store).await.unwrap();
    let outcome = import(
        store,
        &calendar,
        &agency,
        Some(admin.id),
        read_plan_text(PLAN),
        &opts,
        app.clock.now(),
    )
    .await
    .unwrap();
    let (plan, _) = outcome.stored.unwrap();
    let tasks = store.plan_tasks(plan).await.unwrap();
    let outside = store.agency_by_code(OUTSIDE).await.unwrap().unwrap();
    store
        .create_staff(&NewStaff {
            agency_id: outside.id,
            username: Username::parse("outsider").unwrap(),
            display_name: "钱外部".into(),
            password_hash: gongkai_app::password::hash_password(gongkai_app::demo::DEMO_PASSWORD)
                .unwrap(),
            roles: Role::ALL
                .into_iter()
                .filter(|r| *r != Role::PlatformAdministrator)
                .collect(),
        })
        .await
        .unwrap();
    Some((app, plan, tasks.iter().map(|t| t.id).collect()))
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let r = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

async fn the_agency_and_those_above_read_its_plans(kind: DbKind) {
    let Some((app, plan, tasks)) = bureau_with_a_plan(kind).await else {
        return;
    };
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/v1/agencies/{code}/plans", "get"),
        ("/api/v1/plans/{id}", "get"),
        ("/api/v1/tasks/{id}", "get"),
        ("/api/v1/tasks/{id}/events", "post"),
        ("/api/v1/tasks/{id}/files/{sha256}", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let reviewer = app.bearer("reviewer").await;
    let (status, list) = get(
        &app,
        &reviewer,
        &format!("/api/v1/agencies/{BUREAU}/plans?year=2025"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], plan);
    assert_eq!(list[0]["title"], "白沙县交通运输局2025年政务公开工作要点");
    assert_eq!(list[0]["document_number"], "白交〔2025〕8号");
    assert_eq!(
        (&list[0]["tasks"], &list[0]["completed"]),
        (&json!(2), &json!(0))
    );
    let (_, none) = get(
        &app,
        &reviewer,
        &format!("/api/v1/agencies/{BUREAU}/plans?year=2024"),
    )
    .await;
    assert_eq!(none, json!([]));

    let (status, p) = get(&app, &reviewer, &format!("/api/v1/plans/{plan}")).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let t = &p["tasks"];
    assert_eq!(t[0]["id"], tasks[0]);
    assert_eq!(t[0]["number"], "1");
    assert_eq!(t[0]["task"], "规范发布流程");
    assert_eq!(t[0]["lead"][0]["name"], "办公室");
    assert_eq!(t[0]["partners"], json!([]));
    assert_eq!(t[0]["due_on"], "2025-09-30");
    assert_eq!(
        (&t[0]["state"], &t[0]["state_label"]),
        (&json!("assigned"), &json!("待领办"))
    );
    assert_eq!(t[0]["light"], "none");
    assert_eq!(t[1]["lead"][0]["name"], "法规科");
    assert_eq!(t[1]["partners"][0]["name"], "办公室");
    assert_eq!(t[1]["due_on"], Value::Null);

    // The lights move with the clock.
    let light = |p: &Value, i: usize| p["tasks"][i]["light"].as_str().unwrap().to_string();
    app.today("2025-09-25");
    let (_, p) = get(&app, &reviewer, &format!("/api/v1/plans/{plan}")).await;
    assert_eq!((light(&p, 0), light(&p, 1)), ("none".into(), "none".into()));
    app.today("2025-09-26");
    let (_, p) = get(&app, &reviewer, &format!("/api/v1/plans/{plan}")).await;
    assert_eq!((light(&p, 0), light(&p, 1)), ("blue".into(), "none".into()));
    app.today("2025-10-09");
    let (_, p) = get(&app, &reviewer, &format!("/api/v1/plans/{plan}")).await;
    assert_eq!(
        (light(&p, 0), light(&p, 1)),
        ("red".into(), "yellow".into())
    );
    assert_eq!(p["tasks"][0]["light_label"], "已逾期");

    // The county government above reads; a city bureau beside it does not.
    let supervisor = app.bearer("supervisor").await;
    let (status, _) = get(&app, &supervisor, &format!("/api/v1/tasks/{}", tasks[0])).await;
    assert_eq!(status, StatusCode::OK);
    let outsider = app.bearer("outsider").await;
    for path in [
        format!("/api/v1/agencies/{BUREAU}/plans"),
        format!("/api/v1/plans/{plan}"),
        format!("/api/v1/tasks/{}", tasks[0]),
    ] {
        let (status, body) = get(&app, &outsider, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            body["error"],
            "只能查看本机关、上级机关和下级机关的工作要点：该机关不在此范围内。"
        );
    }
    let (status, _) = get(&app, &reviewer, "/api/v1/plans/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn a_member_of_the_lead_unit_signs_for_and_reports_progress(kind: DbKind) {
    let Some((app, _, tasks)) = bureau_with_a_plan(kind).await else {
        return;
    };
    let events = format!("/api/v1/tasks/{}/events", tasks[0]);
    let clerk = app.bearer("clerk").await;
    let (status, t) = post(
        &app,
        &clerk,
        &events,
        json!({"expected_seq": 2, "action": "sign_for"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(t["state"], "in_progress");
    let (status, t) = post(
        &app,
        &clerk,
        &events,
        json!({"expected_seq": 3, "action": "progress", "text": "已起草信息发布审核制度。", "percent": 40}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    assert_eq!(t["percent"], 40);
    assert_eq!(t["next_seq"], 4);

    // Sent again with the same seq: someone recorded a step first.
    let (status, body) = post(
        &app,
        &clerk,
        &events,
        json!({"expected_seq": 3, "action": "progress", "text": "重复提交。"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Not a member of 办公室: the editor may not report.
    let editor = app.bearer("editor").await;
    let (status, body) = post(
        &app,
        &editor,
        &events,
        json!({"expected_seq": 4, "action": "progress", "text": "代为报告。"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        body["error"],
        "只有牵头单位的工作人员可以办理该任务：请由牵头单位领办、报告进展。"
    );
    // More time must end after the present limit (2025-09-30).
    let (status, body) = post(
        &app,
        &clerk,
        &events,
        json!({"expected_seq": 4, "action": "extension_request", "until": "2025-09-20", "reason": "需征求意见。"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "延期后的时限应晚于现在的时限。");
    // A percentage above 100, read as the task page reads it.
    let (status, body) = post(
        &app,
        &clerk,
        &events,
        json!({"expected_seq": 4, "action": "progress", "text": "已完成。", "percent": 120}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["error"],
        "完成比例“120”应是0到100之间的整数，或者不填。"
    );
    // A body without its step's fields: said in Chinese.
    let (status, body) = post(&app, &clerk, &events, json!({"expected_seq": 4})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("请求体应为 JSON")
    );
    // An outsider reaches nothing.
    let outsider = app.bearer("outsider").await;
    let (status, _) = post(
        &app,
        &outsider,
        &events,
        json!({"expected_seq": 4, "action": "accept"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, t) = get(&app, &clerk, &format!("/api/v1/tasks/{}", tasks[0])).await;
    assert_eq!(status, StatusCode::OK);
    let labels: Vec<&str> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["分工", "领办", "报告进展"]);
    assert_eq!(t["events"][2]["actor"], "李承办");
    assert_eq!(t["events"][2]["action"]["text"], "已起草信息发布审核制度。");
    assert_eq!(t["events"][1]["action"]["date"], "2025-09-01");
}
