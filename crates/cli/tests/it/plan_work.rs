//! A task of the bureau's plan worked through the app's command on both
//! backends: only the lead unit's staff sign for and report, only the plan's
//! owner accepts; the platform reminds, urges and lists it in the 通报 on the
//! working days counted by hand (2025 National Day: 10-01…10-08 off,
//! Sun 09-28 and Sat 10-11 working).

use chrono::NaiveDate;
use gongkai_app::casework::RecordError;
use gongkai_app::clock::Clock;
use gongkai_app::plans::import::{ImportOptions, import};
use gongkai_app::plans::work::{act, load, tick};
use gongkai_app::{App, Settings};
use gongkai_domain::plan::{TaskAction, TaskState, UnitKind, UnitName};
use gongkai_parse::plan::read_plan_text;

use crate::helpers::{DbKind, fresh_store, staff_named};
use crate::on_both_backends;

const AGENCY: &str = "119901219482199390";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

on_both_backends!(a_task_is_signed_for_reminded_urged_listed_and_accepted);

async fn a_task_is_signed_for_reminded_urged_listed_and_accepted(kind: DbKind) {
    let Some((store, dir)) = fresh_store(kind).await else {
        return;
    };
    gongkai_app::demo::seed(store.as_ref()).await.unwrap();
    let clock = Clock::fixed(d(2025, 9, 1));
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    let app = App::new(settings, store.clone(), clock.clone()).unwrap();
    let agency = store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let (admin, clerk, editor, reviewer) = (
        staff_named(app.store.as_ref(), "admin").await,
        staff_named(app.store.as_ref(), "clerk").await,
        staff_named(app.store.as_ref(), "editor").await,
        staff_named(app.store.as_ref(), "reviewer").await,
    );
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
    let reading = read_plan_text(
        "一、规范发布\n1.规范发布流程。建立审核机制。(牵头单位:办公室;完成时限:2025年9月30日前)\n\
         2.做好政策解读。(牵头单位:法规科)",
    );
    let opts = ImportOptions {
        year: 2025,
        title: "2025年政务公开工作要点".into(),
        document_number: String::new(),
        issued_on: None,
        create_units: true,
        dry_run: false,
    };
    let calendar = app.calendar_in_force().await.unwrap();
    let outcome = import(
        store.as_ref(),
        &calendar,
        &agency,
        Some(admin.id),
        reading,
        &opts,
        clock.now(),
    )
    .await
    .unwrap();
    let (plan, count) = outcome.stored.unwrap();
    assert_eq!(count, 2);
    let tasks = store.plan_tasks(plan).await.unwrap();
    let task = tasks[0].id;
    assert_eq!(tasks[0].row.due_on, Some(d(2025, 9, 30)));
    assert_eq!(tasks[1].row.due_on, None, "no time limit stated");

    // Only the lead unit signs for it.
    let sign = TaskAction::SignedFor {
        date: d(2025, 9, 1),
        unit: office,
    };
    let b = load(store.as_ref(), task).await.unwrap();
    let refused = act(&app, &b, &editor, 2, sign.clone()).await;
    assert!(matches!(
        refused,
        Err(RecordError::Other(gongkai_app::Error::Forbidden(_)))
    ));
    act(&app, &b, &clerk, 2, sign.clone()).await.unwrap();
    assert!(matches!(
        act(&app, &b, &clerk, 2, sign).await,
        Err(RecordError::Stale)
    ));

    // The platform's steps, each on its working day.
    clock.set(d(2025, 9, 25));
    assert_eq!(tick(&app, d(2025, 9, 25)).await.unwrap(), 0);
    clock.set(d(2025, 9, 26));
    assert_eq!(tick(&app, d(2025, 9, 26)).await.unwrap(), 1, "reminded");
    assert_eq!(tick(&app, d(2025, 9, 26)).await.unwrap(), 0, "once");
    clock.set(d(2025, 10, 8));
    assert_eq!(tick(&app, d(2025, 10, 8)).await.unwrap(), 0, "holiday");
    clock.set(d(2025, 10, 9));
    assert_eq!(tick(&app, d(2025, 10, 9)).await.unwrap(), 1, "催办");
    clock.set(d(2025, 10, 14));
    assert_eq!(tick(&app, d(2025, 10, 14)).await.unwrap(), 0);
    clock.set(d(2025, 10, 15));
    assert_eq!(tick(&app, d(2025, 10, 15)).await.unwrap(), 1, "通报");
    let counts = store
        .task_counts(agency.id, 2025, d(2025, 10, 15))
        .await
        .unwrap();
    let c = counts.iter().find(|c| c.agency_id == agency.id).unwrap();
    assert_eq!((c.tasks, c.red, c.listed, c.completed), (2, 1, 1, 0));
    let labels: Vec<&str> = load(store.as_ref(), task)
        .await
        .unwrap()
        .events
        .iter()
        .map(|e| e.action.label())
        .collect();
    assert_eq!(labels, vec!["分工", "领办", "到期提醒", "催办", "列入通报"]);
    // Each step told the bureau's office by mail; the 通报 the county's too.
    let mails: Vec<(String, String)> = store
        .pending_mail(8, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.to_address, m.subject.chars().take(4).collect()))
        .collect();
    let bureau = "jtj@baisha.example.gov.cn".to_string();
    assert_eq!(
        mails,
        vec![
            (bureau.clone(), "【提醒】".into()),
            (bureau.clone(), "【催办】".into()),
            (bureau, "【通报】".into()),
            ("gk@baisha.example.gov.cn".into(), "【通报】".into()),
        ]
    );

    // Completion: reported by the unit, accepted by the owner only.
    let b = load(store.as_ref(), task).await.unwrap();
    let done = TaskAction::CompletionReported {
        date: d(2025, 10, 15),
        text: "审核机制已印发。".into(),
        items: vec![],
        files: Vec::new(),
    };
    act(&app, &b, &clerk, b.next_seq(), done).await.unwrap();
    let b = load(store.as_ref(), task).await.unwrap();
    let accept = TaskAction::Accepted {
        date: d(2025, 10, 15),
        note: String::new(),
    };
    let by_clerk = act(&app, &b, &clerk, b.next_seq(), accept.clone()).await;
    assert!(matches!(
        by_clerk,
        Err(RecordError::Other(gongkai_app::Error::Forbidden(_)))
    ));
    act(&app, &b, &reviewer, b.next_seq(), accept)
        .await
        .unwrap();
    let t = store.task(task).await.unwrap().unwrap();
    assert_eq!(t.row.state, TaskState::Completed);
    assert_eq!((t.row.red_from, t.row.step_on), (None, None));
}
