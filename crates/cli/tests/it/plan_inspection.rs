//! The county's supervising office inspects the 2025 plans of its subtree,
//! on both backends: the supervision page (the bureau's plan with its
//! counts, the three agencies without one), a quarterly inspection frozen on
//! 2025-10-20 that a later 销号 does not change, findings for two agencies,
//! the 通报 issued once — each agency's findings become its rectification
//! plan with the deadlines as due dates, worked by its plan managers — and
//! downloaded as DOCX and PDF. Typed mistakes are refused in Chinese; the
//! bureau's clerk and an office outside the county get 403.
//!
//! The lights on 2025-10-20, by hand from `plan::escalation`: task 1,
//! assigned 09-01 and due 09-30, is red from 10-01; task 2, without a time
//! limit and without a report, is yellow from 09-01 + 31 days = 10-02.

use std::io::Read;

use chrono::NaiveDate;
use gongkai_app::plans::import::{ImportOptions, import};
use gongkai_app::plans::inspections;
use gongkai_app::plans::work::{act, load};
use gongkai_app::{App, Settings};
use gongkai_domain::plan::{TaskAction, TaskState, UnitKind, UnitName};
use gongkai_domain::staff::{Role, Username};
use gongkai_parse::plan::read_plan_text;
use gongkai_store::{NewStaff, Staff, TaskId};
use reqwest::StatusCode;

use crate::helpers::{DbKind, TestApp, staff_named};
use crate::on_both_backends;

/// 白沙县交通运输局.
const BUREAU: &str = "119901219482199390";
/// 白沙县财政局: below the county, without a plan.
const FINANCE: &str = "11990121518190937G";
/// 青山市财政局: not below the county.
const OUTSIDE: &str = "11990100390996033U";
const PASSWORD: &str = gongkai_app::demo::DEMO_PASSWORD;

const PLAN: &str = "一、规范发布\n\
     1.规范政府信息发布流程。(牵头单位:办公室;完成时限:2025年9月30日前)\n\
     2.做好政策解读。(牵头单位:办公室)";
const PROBLEM: &str = "未按时更新政务公开专栏";
const MEASURE: &str = "补充发布第三季度政务动态";
const NUMBER: &str = "白政务公开〔2025〕3号";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn step(app: &App, who: &Staff, task: TaskId, action: TaskAction) {
    let b = load(app.store.as_ref(), task).await.unwrap();
    act(app, &b, who, b.next_seq(), action).await.unwrap();
}

/// POST a form; the status and the page.
async fn post(b: &TestApp, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
    let r = b.post_form(path, fields, true).await;
    let location = r
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

/// The text of a DOCX's body, tags removed.
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

on_both_backends!(an_inspection_freezes_the_tasks_and_its_findings_are_rectified);

async fn an_inspection_freezes_the_tasks_and_its_findings_are_rectified(kind: DbKind) {
    let Some(web) = TestApp::builder(kind).on("2025-09-01").spawn().await else {
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
    let (clerk, reviewer, supervisor) = (
        staff_named(web.store.as_ref(), "clerk").await,
        staff_named(web.store.as_ref(), "reviewer").await,
        staff_named(web.store.as_ref(), "supervisor").await,
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
    let opts = ImportOptions {
        year: 2025,
        title: "2025年政务公开工作要点".into(),
        document_number: String::new(),
        issued_on: None,
        create_units: false,
        dry_run: false,
    };
    let calendar = app.calendar_in_force().await.unwrap();
    let outcome = import(
        store.as_ref(),
        &calendar,
        &bureau,
        Some(reviewer.id),
        read_plan_text(PLAN),
        &opts,
        app.clock.now(),
    )
    .await
    .unwrap();
    let (plan, _) = outcome.stored.unwrap();
    let tasks: Vec<TaskId> = store
        .plan_tasks(plan)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    web.today("2025-10-20");

    // ---- the supervision page ----
    let s = inspections::supervision(&app, &supervisor, 2025)
        .await
        .unwrap();
    assert_eq!(s.lines.len(), 1);
    let l = &s.lines[0];
    assert_eq!(l.agency.code, BUREAU);
    assert!(l.issued);
    let c = l.counts;
    assert_eq!(
        (c.tasks, c.completed, c.red, c.yellow, c.returned, c.listed),
        (2, 0, 1, 1, 0, 0)
    );
    assert_eq!(l.rate, "0.0%");
    let mut missing: Vec<&str> = s.missing.iter().map(|a| a.name.as_str()).collect();
    missing.sort_unstable();
    assert_eq!(
        (missing, s.missing_total),
        (
            vec![
                "白沙县城关镇人民政府",
                "白沙县财政局",
                "青山市白沙县人民政府"
            ],
            3
        )
    );
    let boss = web.logged_in("supervisor").await;
    let html = boss
        .get("/workbench/supervision/plans?year=2025")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("白沙县交通运输局") && html.contains(&format!("/workbench/plans/{plan}"))
    );
    assert!(html.contains("未印发2025年工作要点的单位（3个）"), "{html}");

    // ---- opening: typed mistakes refused in Chinese, then frozen ----
    let open = "/workbench/supervision/inspections";
    let bad = [
        (
            "第五季度",
            "2025-10-20",
            "季度应写作“第一季度”“第二季度”“第三季度”或“第四季度”",
        ),
        ("2024年第三季度", "2025-10-20", "督查期间写的是2024年"),
        ("第三季度", "2025-10-21", "冻结日期不能晚于今天"),
        (
            "第三季度",
            "2025/10/20",
            "冻结日期“2025/10/20”不是有效的日期",
        ),
    ];
    for (period, frozen, said) in bad {
        let fields = [("year", "2025"), ("period", period), ("frozen_on", frozen)];
        let (status, _, page) = post(&boss, open, &fields).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{period} {frozen}");
        assert!(page.contains(said), "{said}: {page}");
    }
    let fields = [
        ("year", "2025"),
        ("period", "第三季度"),
        ("frozen_on", "2025-10-20"),
    ];
    let (status, location, _) = post(&boss, open, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let (status, _, page) = post(&boss, open, &fields).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the same period twice: {page}"
    );
    let page_path = format!("/workbench/supervision/inspections/{id}");
    let html = boss.get(&page_path).await.text().await.unwrap();
    assert!(
        html.contains("2025年第三季度政务公开工作要点督查"),
        "{html}"
    );
    assert!(html.contains("规范政府信息发布流程") && html.contains("已逾期"));

    // ---- a later 销号 leaves the frozen copy as it was ----
    let sign = TaskAction::SignedFor {
        date: d(2025, 10, 20),
        unit: office,
    };
    step(&app, &clerk, tasks[0], sign).await;
    let done = TaskAction::CompletionReported {
        date: d(2025, 10, 20),
        text: "已印发信息发布审核制度".into(),
        items: vec![],
        files: Vec::new(),
    };
    step(&app, &clerk, tasks[0], done).await;
    let accept = TaskAction::Accepted {
        date: d(2025, 10, 20),
        note: String::new(),
    };
    step(&app, &reviewer, tasks[0], accept).await;
    let live = store
        .task_counts(bureau.id, 2025, d(2025, 10, 20))
        .await
        .unwrap();
    assert_eq!((live[0].completed, live[0].red), (1, 0));
    let frozen = store.inspection_counts(id).await.unwrap();
    assert_eq!(frozen.len(), 1);
    let f = &frozen[0];
    assert_eq!(
        (
            f.agency.id,
            f.tasks,
            f.completed,
            f.red,
            f.yellow,
            f.blue,
            f.returned,
            f.listed
        ),
        (bureau.id, 2, 0, 1, 1, 0, 0, 0)
    );
    let flagged = store.flagged_tasks(id).await.unwrap();
    assert_eq!(
        flagged
            .iter()
            .map(|t| (t.task_id, t.state))
            .collect::<Vec<_>>(),
        vec![(tasks[0], TaskState::Assigned)]
    );

    // ---- findings ----
    let findings = format!("{page_path}/findings");
    let early = [
        ("agency", BUREAU),
        ("problem", PROBLEM),
        ("deadline", "2025-10-20"),
    ];
    let (status, _, page) = post(&boss, &findings, &early).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("整改期限应晚于督查冻结日期（2025年10月20日）"),
        "{page}"
    );
    let outside = [
        ("agency", OUTSIDE),
        ("problem", PROBLEM),
        ("deadline", "2025-11-30"),
    ];
    let (status, _, page) = post(&boss, &findings, &outside).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("青山市财政局不在本次督查的范围内"), "{page}");
    let ours = [
        ("agency", BUREAU),
        ("problem", PROBLEM),
        ("rectification", MEASURE),
        ("deadline", "2025-11-30"),
    ];
    assert_eq!(post(&boss, &findings, &ours).await.0, StatusCode::SEE_OTHER);
    let theirs = [
        ("agency", FINANCE),
        ("problem", "未印发2025年政务公开工作要点"),
        ("deadline", "2025-11-14"),
    ];
    assert_eq!(
        post(&boss, &findings, &theirs).await.0,
        StatusCode::SEE_OTHER
    );

    // ---- who may not ----
    let clerk_web = web.logged_in("clerk").await;
    for path in ["/workbench/supervision/plans", page_path.as_str()] {
        assert_eq!(
            clerk_web.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        post(&clerk_web, &findings, &ours).await.0,
        StatusCode::FORBIDDEN
    );
    let outsider = store.agency_by_code(OUTSIDE).await.unwrap().unwrap();
    store
        .create_staff(&NewStaff {
            agency_id: outsider.id,
            username: Username::parse("outsider").unwrap(),
            display_name: "钱外部".into(),
            password_hash: gongkai_app::password::hash_password(PASSWORD).unwrap(),
            roles: vec![Role::Supervisor, Role::Administrator],
        })
        .await
        .unwrap();
    let outsider_web = web.logged_in("outsider").await;
    for path in [page_path.clone(), format!("{page_path}/bulletin.docx")] {
        assert_eq!(
            outsider_web.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // ---- the 通报, once ----
    let issue = format!("{page_path}/issue");
    let (status, _, page) = post(&boss, &issue, &[("number", ""), ("date", "2025-10-20")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("请填写通报的文号"), "{page}");
    let (status, _, page) =
        post(&boss, &issue, &[("number", NUMBER), ("date", "2025-10-21")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("晚于今天"), "{page}");
    let fields = [("number", NUMBER), ("date", "2025-10-20")];
    assert_eq!(post(&boss, &issue, &fields).await.0, StatusCode::SEE_OTHER);
    assert_eq!(post(&boss, &issue, &fields).await.0, StatusCode::CONFLICT);
    assert_eq!(post(&boss, &findings, &ours).await.0, StatusCode::CONFLICT);

    // ---- each agency's findings are its rectification plan ----
    let made = store.findings(id).await.unwrap();
    let mut fixes = Vec::new();
    for f in &made {
        let t = store
            .task(f.task_id.expect("made a task"))
            .await
            .unwrap()
            .unwrap();
        let p = store.plan(t.plan_id).await.unwrap().unwrap();
        assert_eq!(
            (
                p.title.as_str(),
                p.document_number.as_str(),
                p.year,
                p.issued_on
            ),
            (
                "2025年第三季度政务公开督查整改事项",
                NUMBER,
                2025,
                Some(d(2025, 10, 20))
            )
        );
        assert!(t.row.lead.is_empty());
        assert_eq!(t.row.state, TaskState::Assigned);
        fixes.push((
            f.agency.code.clone(),
            t.task,
            t.requirement,
            t.row.due_on,
            t.id,
        ));
    }
    fixes.sort();
    assert_eq!(
        fixes
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2.as_deref(), f.3))
            .collect::<Vec<_>>(),
        vec![
            (
                FINANCE,
                "未印发2025年政务公开工作要点",
                None,
                Some(d(2025, 11, 14))
            ),
            (BUREAU, PROBLEM, Some(MEASURE), Some(d(2025, 11, 30))),
        ]
    );
    let html = boss.get(&page_path).await.text().await.unwrap();
    assert!(
        html.contains(&format!("通报已印发：{NUMBER}（2025年10月20日）")),
        "{html}"
    );
    assert!(html.contains(&format!("/workbench/tasks/{}", fixes[1].4)));
    assert!(!html.contains("id=\"finding-form\""), "no more findings");
    // Worked by the bureau's plan managers, not by its clerk.
    let report = TaskAction::ProgressReported {
        date: d(2025, 10, 20),
        text: "已补充发布第三季度政务动态8条".into(),
        percent: Some(50),
        items: vec![],
        files: Vec::new(),
    };
    let fix = fixes[1].4;
    let b = load(store.as_ref(), fix).await.unwrap();
    let refused = act(&app, &b, &clerk, b.next_seq(), report.clone()).await;
    assert!(
        matches!(
            refused,
            Err(gongkai_app::casework::RecordError::Other(
                gongkai_app::Error::Forbidden(_)
            ))
        ),
        "{refused:?}"
    );
    step(&app, &reviewer, fix, report).await;
    // A rectification plan is not the finance bureau's own plan.
    let s = inspections::supervision(&app, &supervisor, 2025)
        .await
        .unwrap();
    assert_eq!(s.missing_total, 3);
    let finance = s.lines.iter().find(|l| l.agency.code == FINANCE).unwrap();
    assert!(!finance.issued);

    // ---- the 通报 as downloaded: the frozen figures, the findings ----
    let r = boss.get(&format!("{page_path}/bulletin.docx")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = docx_text(&r.bytes().await.unwrap());
    for expected in [
        "关于2025年第三季度政务公开工作要点落实情况督查的通报",
        NUMBER,
        "截至2025年10月20日，本次督查共涉及1个单位的2项任务，已完成0项，完成率0.0%；超过完成时限仍未完成（红灯）的1项；列入本次通报的0项。",
        "白沙县交通运输局",
        "1.未按时更新政务公开专栏。整改要求：补充发布第三季度政务动态，于2025年11月30日前整改到位。",
        "白沙县财政局",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let r = boss.get(&format!("{page_path}/bulletin.pdf")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
}
