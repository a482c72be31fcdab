//! 级联 on both backends: 白沙县人民政府 imports its 2026 plan of three
//! tasks; 白沙县交通运输局's reviewer derives the bureau's plan taking the
//! first and the third and adding a task of its own; the second is the one
//! task no plan implementing the county's takes up. Refused, with nothing
//! stored: a superior plan of another year, a unit of another agency, a
//! task of another plan, a plan of an agency not above the bureau, a clerk
//! (no 工作要点 rights), a reviewer deriving for another agency.
//!
//! Expected values by hand from the plan text below: task 1 is due
//! 2026-06-30 as written, task 3 每季度 (checked at the year's end), the
//! bureau's own task 年底前 (2026-12-31).

use chrono::NaiveDate;
use gongkai_app::clock::Clock;
use gongkai_app::plans::derive::{DeriveChoice, DerivedTask, derive, not_taken_up};
use gongkai_app::plans::import::{ImportOptions, import};
use gongkai_app::{App, Error, Settings};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{LimitKind, TaskAction, TaskState, UnitKind, UnitName};
use gongkai_parse::plan::read_plan_text;
use gongkai_store::{Agency, PlanId, Staff, TaskRecord};

use crate::helpers::{DbKind, fresh_store, staff_named};
use crate::on_both_backends;

const COUNTY: &str = "11990121082462814Y";
const BUREAU: &str = "119901219482199390";
/// 白沙县财政局: beside the bureau under the county, not above it.
const FINANCE: &str = "11990121518190937G";

const COUNTY_PLAN: &str = "一、加强政策发布解读\n\
    1.集中公开政策文件。梳理现行有效的行政规范性文件并集中公开。(牵头单位:办公室;完成时限:2026年6月30日前)\n\
    2.推进基层政务公开。(牵头单位:政务公开办;完成时限:年底前)\n\
    二、加强平台建设\n\
    3.规范政府信息公开专栏。每季度检查一次。(牵头单位:信息中心;完成时限:每季度)";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn agency(app: &App, code: &str) -> Agency {
    app.store.agency_by_code(code).await.unwrap().unwrap()
}

/// Imports `text` as `agency`'s plan of `year`, creating its units.
async fn import_plan(app: &App, agency: &Agency, year: i32, text: &str) -> PlanId {
    let opts = ImportOptions {
        year,
        title: format!("白沙县{year}年政务公开工作要点"),
        document_number: format!("白政办发〔{year}〕8号"),
        issued_on: Some(d(year, 3, 10)),
        create_units: true,
        dry_run: false,
    };
    let calendar = app.calendar_in_force().await.unwrap();
    let reading = read_plan_text(text);
    let outcome = import(
        app.store.as_ref(),
        &calendar,
        agency,
        None,
        reading,
        &opts,
        app.clock.now(),
    )
    .await
    .unwrap();
    outcome.stored.unwrap().0
}

fn ids(tasks: &[TaskRecord]) -> Vec<i64> {
    tasks.iter().map(|t| t.id).collect()
}

fn invalid(r: Result<PlanId, Error>, says: &str) {
    match r {
        Err(Error::Invalid(m)) => assert!(m.contains(says), "{m}"),
        other => panic!("expected a refusal saying {says}: {other:?}"),
    }
}

fn forbidden(r: Result<PlanId, Error>, says: &str) {
    match r {
        Err(Error::Forbidden(m)) => assert!(m.contains(says), "{m}"),
        other => panic!("expected forbidden, saying {says}: {other:?}"),
    }
}

on_both_backends!(the_bureau_derives_its_plan_from_the_countys);

async fn the_bureau_derives_its_plan_from_the_countys(kind: DbKind) {
    let Some((store, dir)) = fresh_store(kind).await else {
        return;
    };
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    let app = App::new(settings, store.clone(), Clock::fixed(d(2026, 3, 16))).unwrap();
    let (county, bureau) = (agency(&app, COUNTY).await, agency(&app, BUREAU).await);
    let (reviewer, clerk) = (
        staff_named(app.store.as_ref(), "reviewer").await,
        staff_named(app.store.as_ref(), "clerk").await,
    );

    let county_plan = import_plan(&app, &county, 2026, COUNTY_PLAN).await;
    let superior = store.plan_tasks(county_plan).await.unwrap();
    assert_eq!(superior.len(), 3);
    let unit = async |a: &Agency, name: &str, kind| {
        let n = UnitName::parse(name).unwrap();
        store.add_unit(a.id, &n, kind, None).await.unwrap()
    };
    let office = unit(&bureau, "办公室", UnitKind::Internal).await;
    let finance = unit(&bureau, "财务科", UnitKind::Internal).await;

    let choice = DeriveChoice {
        agency: bureau.id,
        year: 2026,
        title: "白沙县交通运输局2026年政务公开工作要点".into(),
        document_number: "白交发〔2026〕15号".into(),
        issued_on: Some(d(2026, 3, 16)),
        tasks: vec![
            DerivedTask {
                superior_task: Some(superior[0].id),
                requirement: Some("梳理本局现行有效的行政规范性文件。".into()),
                lead: vec![office],
                partners: vec![finance],
                ..DerivedTask::default()
            },
            DerivedTask {
                superior_task: Some(superior[2].id),
                task: Some("规范本局政府信息公开专栏".into()),
                lead: vec![office, office],
                limit: Some("2026年9月30日前".into()),
                major: true,
                ..DerivedTask::default()
            },
            DerivedTask {
                chapter: Some("深化重点领域信息公开".into()),
                task: Some("公开农村公路养护资金使用情况".into()),
                lead: vec![finance],
                limit: Some("年底前".into()),
                ..DerivedTask::default()
            },
        ],
    };
    let plan = derive(&app, &reviewer, county_plan, choice.clone())
        .await
        .unwrap();

    let record = store.plan(plan).await.unwrap().unwrap();
    assert_eq!(
        (record.agency_id, record.year, record.implements),
        (bureau.id, 2026, Some(county_plan))
    );
    let tasks = store.plan_tasks(plan).await.unwrap();
    assert_eq!(tasks.len(), 3);
    // Task 1 takes the county's text, chapter and time limit.
    let t = &tasks[0];
    assert_eq!(t.task, "集中公开政策文件");
    assert_eq!(t.chapter.as_deref(), Some("加强政策发布解读"));
    assert_eq!(t.superior_task, Some(superior[0].id));
    assert_eq!(t.division, "牵头：办公室；配合：财务科");
    assert_eq!(
        (t.row.lead.clone(), t.row.partners.clone()),
        (vec![office], vec![finance])
    );
    assert_eq!(t.row.due_on, Some(d(2026, 6, 30)));
    assert_eq!(t.row.state, TaskState::Assigned);
    // Task 2: its own text and date, the county's chapter, one lead once.
    let t = &tasks[1];
    assert_eq!(t.task, "规范本局政府信息公开专栏");
    assert_eq!(t.chapter.as_deref(), Some("加强平台建设"));
    assert_eq!(t.row.lead, vec![office]);
    assert_eq!(t.row.due_on, Some(d(2026, 9, 30)));
    assert!(t.major);
    // The bureau's own task.
    let t = &tasks[2];
    assert_eq!(t.superior_task, None);
    assert_eq!(t.row.limit_kind, Some(LimitKind::YearEnd));
    assert_eq!(t.row.due_on, Some(d(2026, 12, 31)));
    // Each task's history starts with the reviewer's 分工 of the day.
    let events = store.task_events(tasks[0].id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].actor,
        Actor::Staff {
            id: reviewer.id,
            name: "王审核".into()
        }
    );
    assert!(matches!(
        events[0].action,
        TaskAction::Assigned { date, .. } if date == d(2026, 3, 16)
    ));

    // 未承接: the county's second task.
    let open = not_taken_up(&app, county_plan).await.unwrap();
    assert_eq!(ids(&open), vec![superior[1].id]);
    assert_eq!(open[0].task, "推进基层政务公开");

    refusals(&app, &county, county_plan, (&reviewer, &clerk), &choice).await;
    let plans = store.plans(bureau.id, None).await.unwrap();
    assert_eq!(ids_of(&plans), vec![plan], "nothing else stored");
    assert_eq!(
        ids(&not_taken_up(&app, county_plan).await.unwrap()),
        vec![superior[1].id]
    );
}

fn ids_of(plans: &[gongkai_store::PlanRecord]) -> Vec<PlanId> {
    plans.iter().map(|p| p.id).collect()
}

async fn refusals(
    app: &App,
    county: &Agency,
    county_plan: PlanId,
    (reviewer, clerk): (&Staff, &Staff),
    choice: &DeriveChoice,
) {
    let store = app.store.as_ref();
    let retitled = |title: &str| DeriveChoice {
        title: title.into(),
        ..choice.clone()
    };
    // Last year's plan of the county, for a plan of 2026.
    let last_year = import_plan(app, county, 2025, "1.公开政策文件。(牵头单位:办公室)").await;
    invalid(
        derive(app, reviewer, last_year, retitled("另一个")).await,
        "《白沙县2025年政务公开工作要点》是2025年的工作要点，不能据以制定2026年的工作要点",
    );
    // A unit of the county government (its 办公室) leading a bureau task.
    let county_office = store.units(county.id).await.unwrap()[0].id;
    let mut c = retitled("另一个");
    c.tasks[2].lead = vec![county_office];
    invalid(
        derive(app, reviewer, county_plan, c).await,
        "不是白沙县交通运输局的内设机构或直属单位",
    );
    // A task of last year's plan cited under this year's.
    let old_task = store.plan_tasks(last_year).await.unwrap()[0].id;
    let mut c = retitled("另一个");
    c.tasks[0].superior_task = Some(old_task);
    invalid(
        derive(app, reviewer, county_plan, c).await,
        "不是《白沙县2026年政务公开工作要点》中的任务",
    );
    // The finance bureau's plan: not above the bureau.
    let finance = store.agency_by_code(FINANCE).await.unwrap().unwrap();
    let theirs = import_plan(app, &finance, 2026, "1.公开预决算。(牵头单位:预算股)").await;
    invalid(
        derive(app, reviewer, theirs, retitled("另一个")).await,
        "白沙县交通运输局不是其下级机关",
    );
    // A clerk may not manage plans; a reviewer only their own agency's.
    forbidden(
        derive(app, clerk, county_plan, retitled("另一个")).await,
        "管理工作要点需要本机关的管理员、审核人或政务公开办监督员角色",
    );
    let elsewhere = DeriveChoice {
        agency: finance.id,
        ..retitled("另一个")
    };
    forbidden(
        derive(app, reviewer, county_plan, elsewhere).await,
        "只能管理本机关及下级机关的工作要点",
    );
    // The same title again.
    assert!(matches!(
        derive(app, reviewer, county_plan, choice.clone()).await,
        Err(Error::Conflict { .. })
    ));
}
