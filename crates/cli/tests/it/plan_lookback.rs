//! 回头看 and the implementation report of the bureau's 2025 plan, on both
//! backends: three tasks — one completed, one not, one without a time limit
//! (not looked back on); before 1 January 2026 the page only shows the
//! progress; in January the plan's manager records the problem and the
//! rectification of the task not completed, downloads the report (DOCX,
//! PDF) and publishes it; the public column lists the plan's tasks with
//! their units and states and no member of staff. Who may: the bureau's
//! plan managers record, the supervising office above only reads, its
//! clerk, its editor and an agency outside get 403.

use std::io::Read;

use chrono::NaiveDate;
use gongkai_app::plans::import::{ImportOptions, import};
use gongkai_app::plans::lookback::{self, NoteForm};
use gongkai_app::plans::work::{act, load};
use gongkai_app::{App, Settings};
use gongkai_domain::plan::{TaskAction, UnitKind, UnitName};
use gongkai_domain::staff::{Role, Username};
use gongkai_parse::plan::read_plan_text;
use gongkai_store::{NewStaff, PlanId, Staff, TaskId};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp, require_all, staff_named};
use crate::on_both_backends;

/// 白沙县交通运输局.
const BUREAU: &str = "119901219482199390";
/// 青山市财政局: not above the bureau.
const OUTSIDE: &str = "11990100390996033U";
const PASSWORD: &str = gongkai_app::demo::DEMO_PASSWORD;
/// The demo's staff as the workbench names them; none is shown to the public.
const STAFF_NAMES: [&str; 5] = ["陈管理", "周监督", "李承办", "王审核", "赵信息"];

const PLAN_2025: &str = "一、规范发布\n\
     1.规范政府信息发布流程。(牵头单位:办公室;完成时限:2025年9月30日前)\n\
     2.推进重大建设项目信息公开。(牵头单位:办公室;完成时限:年底前)\n\
     3.做好政策解读。(牵头单位:法规科)";
const PLAN_2026: &str = "一、公开平台\n\
     1.更新政府信息公开指南。(牵头单位:办公室;配合单位:法规科;完成时限:2026年3月31日前)";
const PROBLEM: &str = "重大建设项目批准和实施信息未按期公开";
const MEASURE: &str = "逐项梳理在建项目，补充公开批准、实施信息";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Import `text` as the bureau's plan of `year`; its id and task ids.
async fn import_plan(app: &App, year: i32, title: &str, text: &str) -> (PlanId, Vec<TaskId>) {
    let store = app.store.as_ref();
    let bureau = store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let opts = ImportOptions {
        year,
        title: title.into(),
        document_number: String::new(),
        issued_on: None,
        create_units: true,
        dry_run: false,
    };
    let calendar = app.calendar_in_force().await.unwrap();
    let outcome = import(
        store,
        &calendar,
        &bureau,
        None,
        read_plan_text(text),
        &opts,
        app.clock.now(),
    )
    .await
    .unwrap();
    let (plan, _) = outcome.stored.unwrap();
    let tasks = store.plan_tasks(plan).await.unwrap();
    (plan, tasks.iter().map(|t| t.id).collect())
}

async fn step(app: &App, who: &Staff, task: TaskId, action: TaskAction) {
    let b = load(app.store.as_ref(), task).await.unwrap();
    act(app, &b, who, b.next_seq(), action).await.unwrap();
}

/// The text of a DOCX's body, tags removed (a paragraph's runs joined).
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The PDF's text without blanks, or None where pdftotext is missing.
fn pdf_text(bytes: &[u8]) -> Option<String> {
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        assert!(
            !require_all(),
            "pdftotext (poppler-utils) is required in this run"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
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

on_both_backends!(the_look_back_lists_the_tasks_and_the_report_is_published);

async fn the_look_back_lists_the_tasks_and_the_report_is_published(kind: DbKind) {
    let Some(web) = TestApp::builder(kind).on("2025-03-03").spawn().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    let app = App::new(settings, web.store.clone(), web.clock.clone()).unwrap();
    let store = web.store.clone();
    let bureau = store.agency_by_code(BUREAU).await.unwrap().unwrap();
    let (clerk, reviewer) = (
        staff_named(web.store.as_ref(), "clerk").await,
        staff_named(web.store.as_ref(), "reviewer").await,
    );
    let office = store
        .add_unit(
            bureau.id,
            &UnitName::parse("办公室").unwrap(),
            UnitKind::Internal,
            None,
        )
        .await
        .unwrap();
    store
        .set_staff_units(clerk.id, &[office], reviewer.id)
        .await
        .unwrap();
    let (plan, tasks) = import_plan(&app, 2025, "2025年政务公开工作要点", PLAN_2025).await;
    assert_eq!(tasks.len(), 3);

    // The year's work: task 1 completed and accepted, task 2 in progress.
    for t in &tasks[..2] {
        let sign = TaskAction::SignedFor {
            date: d(2025, 3, 3),
            unit: office,
        };
        step(&app, &clerk, *t, sign).await;
    }
    web.today("2025-06-10");
    let progress = TaskAction::ProgressReported {
        date: d(2025, 6, 10),
        text: "已完成在建项目梳理".into(),
        percent: Some(40),
        items: vec![],
        files: Vec::new(),
    };
    step(&app, &clerk, tasks[1], progress).await;
    web.today("2025-09-20");
    let done = TaskAction::CompletionReported {
        date: d(2025, 9, 20),
        text: "已印发信息发布审核制度".into(),
        items: vec![],
        files: Vec::new(),
    };
    step(&app, &clerk, tasks[0], done).await;
    web.today("2025-09-22");
    let accept = TaskAction::Accepted {
        date: d(2025, 9, 22),
        note: String::new(),
    };
    step(&app, &reviewer, tasks[0], accept).await;

    // ---- before the year ends: the progress so far, nothing recorded ----
    web.today("2025-12-01");
    let manager = web.logged_in("reviewer").await;
    let path = format!("/workbench/plans/{plan}/lookback");
    let html = manager.get(&path).await.text().await.unwrap();
    assert!(html.contains("自2026-01-01起可填写"), "{html}");
    assert!(!html.contains("id=\"note-"), "no form before the look-back");
    let early = NoteForm {
        task: tasks[1].to_string(),
        version: "0".into(),
        problem: PROBLEM.into(),
        rectification: MEASURE.into(),
        deadline: String::new(),
    };
    let refused = lookback::record_note(&app, &reviewer, plan, &early)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("回头看自2026年1月1日起开展"),
        "{refused}"
    );
    web.today("2025-12-20");
    import_plan(&app, 2026, "2026年政务公开工作要点", PLAN_2026).await;

    // ---- January 2026: the look-back ----
    web.today("2026-01-12");
    let html = manager.get(&path).await.text().await.unwrap();
    for t in &tasks[..2] {
        assert!(
            html.contains(&format!("id=\"task-{t}\"")),
            "task {t} listed"
        );
    }
    assert!(
        !html.contains(&format!("id=\"task-{}\"", tasks[2])),
        "a task without a time limit is not looked back on"
    );
    assert!(html.contains("列入回头看的任务2项，已完成1项，未完成1项。"));
    assert!(html.contains("另有1项任务未明确牵头单位或完成时限"));
    assert!(html.contains("已完成（2025-09-22）"));
    assert!(html.contains("已印发信息发布审核制度"));
    assert!(html.contains("未完成（办理中）"));
    assert!(html.contains("已完成在建项目梳理"));
    assert!(html.contains(&format!("id=\"note-{}\"", tasks[1])));
    assert!(!html.contains(&format!("id=\"note-{}\"", tasks[0])));
    // Part 一: 2 tasks, 1 completed (1 of 2 = 50.0%), 1 not.
    assert!(
        html.contains("2025年，本机关制定《2025年政务公开工作要点》，明确2项任务，已完成1项（完成率50.0%），尚有1项未完成。"),
        "{html}"
    );

    // What the command refuses, in Chinese.
    let mut blank = early.clone();
    blank.problem = "  ".into();
    let e = lookback::record_note(&app, &reviewer, plan, &blank)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("请填写存在问题"), "{e}");
    let mut finished = early.clone();
    finished.task = tasks[0].to_string();
    let e = lookback::record_note(&app, &reviewer, plan, &finished)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("已销号完成"), "{e}");

    // The manager records the note on the page; a second save from the
    // same form is stale.
    let fields = [
        ("task", tasks[1].to_string()),
        ("version", "0".to_string()),
        ("problem", PROBLEM.to_string()),
        ("rectification", MEASURE.to_string()),
        ("deadline", "2026-03-31".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = manager.post_form(&path, &fields, true).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("已保存该任务的存在问题和整改措施"), "{html}");
    assert!(html.contains(PROBLEM));
    let again = manager.post_form(&path, &fields, true).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let notes = store.lookback_notes(plan).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].task_id, notes[0].version, notes[0].deadline),
        (tasks[1], 1, Some(d(2026, 3, 31)))
    );

    // ---- the report ----
    let r = manager
        .get(&format!("/workbench/plans/{plan}/report.docx"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = docx_text(&r.bytes().await.unwrap());
    for want in [
        "白沙县交通运输局关于2025年政务公开工作要点落实情况的报告",
        "规范政府信息发布流程",
        "该项任务于2025年9月22日完成",
        "推进重大建设项目信息公开",
        "存在问题：重大建设项目批准和实施信息未按期公开。",
        "整改措施：逐项梳理在建项目，补充公开批准、实施信息，2026年3月31日前完成。",
        // Next year's division table: a row of task, lead, partner, limit.
        "1.更新政府信息公开指南办公室法规科2026年3月31日前",
    ] {
        assert!(text.contains(want), "`{want}` not in the DOCX: {text}");
    }
    let r = manager
        .get(&format!("/workbench/plans/{plan}/report.pdf"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    if let Some(text) = pdf_text(&r.bytes().await.unwrap()) {
        assert!(text.contains("推进重大建设项目信息公开"), "{text}");
        assert!(text.contains(PROBLEM), "{text}");
    }

    who_may(&web, plan, tasks[1]).await;
    the_public_column(&web, &manager, plan).await;
}

/// The supervising office above reads; the bureau's clerk and editor and
/// an agency outside get 403.
async fn who_may(web: &TestApp, plan: PlanId, open_task: TaskId) {
    let path = format!("/workbench/plans/{plan}/lookback");
    let supervisor = web.logged_in("supervisor").await;
    let html = supervisor.get(&path).await.text().await.unwrap();
    assert!(html.contains(PROBLEM), "the supervisor reads the note");
    assert!(!html.contains("id=\"note-"), "and gets no form");
    let fields = [
        ("task", open_task.to_string()),
        ("version", "1".to_string()),
        ("problem", "上级填写".to_string()),
        ("rectification", "上级填写".to_string()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = supervisor.post_form(&path, &fields, true).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = supervisor
        .post_form(&format!("{path}/publish"), &[], true)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let outside = web.store.agency_by_code(OUTSIDE).await.unwrap().unwrap();
    web.store
        .create_staff(&NewStaff {
            agency_id: outside.id,
            username: Username::parse("outsider").unwrap(),
            display_name: "钱外部".into(),
            password_hash: gongkai_app::password::hash_password(PASSWORD).unwrap(),
            roles: vec![Role::Reviewer, Role::Supervisor, Role::Administrator],
        })
        .await
        .unwrap();
    for name in ["clerk", "editor", "outsider"] {
        let b = web.logged_in(name).await;
        assert_eq!(
            b.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{name} on the look-back"
        );
        let report = b.get(&format!("/workbench/plans/{plan}/report.docx")).await;
        assert_eq!(
            report.status(),
            StatusCode::FORBIDDEN,
            "{name} on the report"
        );
    }
}

/// The plan in the bureau's column: its tasks, units and states, no staff;
/// the report once published.
async fn the_public_column(web: &TestApp, manager: &TestApp, plan: PlanId) {
    let visitor = web.another_browser();
    let html = visitor
        .get(&format!("/agencies/{BUREAU}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("href=\"/agencies/{BUREAU}/plans\"")));
    let list = visitor
        .get(&format!("/agencies/{BUREAU}/plans"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("2025年政务公开工作要点") && list.contains("2026年政务公开工作要点"));
    let page_path = format!("/agencies/{BUREAU}/plans/{plan}");
    let r = visitor.get(&page_path).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    for want in [
        "规范政府信息发布流程",
        "推进重大建设项目信息公开",
        "做好政策解读",
        "办公室",
        "法规科",
        "2025年9月30日前",
        "年底前",
        "已完成",
        "推进中",
        "共3项任务，已完成1项。",
    ] {
        assert!(html.contains(want), "`{want}` not on the public page");
    }
    for name in STAFF_NAMES {
        assert!(!html.contains(name), "{name} is not shown to the public");
    }
    assert!(!html.contains("id=\"plan-report\""), "not published yet");
    let report = format!("{page_path}/report.docx");
    assert_eq!(visitor.get(&report).await.status(), StatusCode::NOT_FOUND);
    // Another agency's code does not show the bureau's plan.
    let elsewhere = format!("/agencies/{OUTSIDE}/plans/{plan}");
    assert_eq!(
        visitor.get(&elsewhere).await.status(),
        StatusCode::NOT_FOUND
    );

    let r = manager
        .post_form(
            &format!("/workbench/plans/{plan}/lookback/publish"),
            &[],
            true,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("已于2026-01-12在本机关政府信息公开栏目公开")
    );
    let html = visitor.get(&page_path).await.text().await.unwrap();
    assert!(html.contains("id=\"plan-report\""), "{html}");
    let r = visitor.get(&report).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = docx_text(&r.bytes().await.unwrap());
    assert!(text.contains(PROBLEM), "the published report: {text}");
    for name in STAFF_NAMES {
        assert!(
            !text.contains(name),
            "{name} is not in the published report"
        );
    }
}
