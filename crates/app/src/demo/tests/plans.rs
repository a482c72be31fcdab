//! The demo's work plans (issue 17), seeded on fixed days: every step
//! allowed when it was taken, nothing after today, the bureau's tasks in
//! every state and light, nothing left for the ticker.

use chrono::NaiveDate;
use gongkai_store::{Store, calendar_in_force};

use super::{TempStore, agency, day, demo_store};
use crate::demo::{BUREAU_CODE, GOVERNMENT_CODE};

/// What a task's history holds on the seeding day.
struct Held {
    state: gongkai_domain::plan::TaskState,
    light: gongkai_domain::plan::Light,
    /// The dates of the platform's 到期提醒, 催办 and 列入通报.
    reminded: Option<NaiveDate>,
    urged: Option<NaiveDate>,
    listed: Option<NaiveDate>,
    view: gongkai_domain::plan::TaskView,
    events: Vec<gongkai_domain::plan::TaskEvent>,
}

async fn held(store: &dyn Store, task: i64, today: NaiveDate) -> Held {
    use gongkai_domain::plan::TaskAction as A;
    use gongkai_domain::plan::escalation::light;
    use gongkai_domain::plan::task::{check, fold};
    let calendar = calendar_in_force(store).await.unwrap();
    let events = store.task_events(task).await.unwrap();
    // Every step was allowed after the ones before it, on its day, by today.
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.seq as usize, i + 1);
        assert!(e.action.date() <= today, "{e:?}");
        let before = fold(&events[..i]);
        if i > 0 {
            check(&before, &e.action, e.action.date()).unwrap();
            assert!(e.at > events[i - 1].at, "{e:?}");
        }
    }
    let on = |f: fn(&A) -> bool| {
        events
            .iter()
            .find(|e| f(&e.action))
            .map(|e| e.action.date())
    };
    let view = fold(&events);
    Held {
        state: view.state,
        light: light(&calendar, &view, today),
        reminded: on(|a| matches!(a, A::Reminded { .. })),
        urged: on(|a| matches!(a, A::Urged { .. })),
        listed: on(|a| matches!(a, A::Listed { .. })),
        view,
        events,
    }
}

/// The demo's plans on a day: the county's of the year it was issued in
/// (10 March, or 45 working days back when that is later), the bureau's
/// derived from it taking up every county task but (六); the bureau's ten
/// tasks each in the state and light `demo/plans/table.rs` gives it; the
/// platform's steps recorded on their working days and none left due; no
/// mail. `plan_year` is written by hand for each day. Returns the store.
async fn demo_plans_on(today: NaiveDate, plan_year: i32) -> TempStore {
    use gongkai_domain::plan::{Light as L, TaskState as S};
    let t = demo_store(&format!("plans-{today}")).await;
    let store: &dyn Store = &t.store;
    crate::demo::seed_content(store, today).await.unwrap();
    let calendar = calendar_in_force(store).await.unwrap();
    let ago = |d: Option<NaiveDate>| d.map(|d| calendar.working_days_between(d, today));
    let (county, bureau) = (
        agency(store, GOVERNMENT_CODE).await,
        agency(store, BUREAU_CODE).await,
    );
    let county_plans = store.plans(county.id, None).await.unwrap();
    assert_eq!(county_plans.len(), 1, "{today}");
    let cp = &county_plans[0];
    assert_eq!(cp.year, plan_year, "{today}");
    assert_eq!(cp.title, format!("白沙县{plan_year}年政务公开工作要点"));
    assert_eq!(cp.tasks, 8);
    let plans = store.plans(bureau.id, None).await.unwrap();
    assert_eq!(plans.len(), 1, "{today}");
    let bp = &plans[0];
    assert_eq!(
        (bp.year, bp.implements, bp.tasks, bp.completed),
        (plan_year, Some(cp.id), 10, 1)
    );
    let county_tasks = store.plan_tasks(cp.id).await.unwrap();
    let tasks = store.plan_tasks(bp.id).await.unwrap();
    let cited: Vec<Option<i64>> = tasks.iter().map(|t| t.superior_task).collect();
    let c = |i: usize| Some(county_tasks[i].id);
    assert_eq!(
        cited,
        [c(0), c(1), c(2), c(3), c(4), c(4), c(6), c(7), None, None]
    );
    let open = store.superior_tasks_not_taken_up(cp.id).await.unwrap();
    let open: Vec<&str> = open.iter().map(|t| t.task.as_str()).collect();
    assert_eq!(open, ["深化基层政务公开标准化规范化"]);

    let mut h = Vec::new();
    for t in &tasks {
        h.push(held(store, t.id, today).await);
    }
    let states: Vec<S> = h.iter().map(|h| h.state).collect();
    assert_eq!(
        states,
        [
            S::Assigned,
            S::InProgress,
            S::Completed,
            S::AwaitingAcceptance,
            S::Returned,
            S::AwaitingExtension,
            S::InProgress,
            S::InProgress,
            S::InProgress,
            S::Assigned
        ],
        "{today}"
    );
    let lights: Vec<L> = h.iter().map(|h| h.light).collect();
    assert_eq!(
        lights,
        [
            L::None,
            L::Blue,
            L::None,
            L::None,
            L::None,
            L::None,
            L::None,
            L::Yellow,
            L::Red,
            L::Red
        ],
        "{today}"
    );
    // Task 1: divided anew to 办公室 three working days ago, not signed for.
    assert_eq!(h[0].events.len(), 2);
    assert_eq!(ago(Some(h[0].view.assigned_on.unwrap())), Some(3));
    // Task 2: 80%, due in two working days, reminded yesterday (working).
    assert_eq!(h[1].view.percent, Some(80));
    assert_eq!(
        calendar.working_days_between(today, h[1].view.due.unwrap()),
        2
    );
    assert_eq!(ago(h[1].reminded), Some(1));
    assert_eq!((h[1].urged, h[1].listed), (None, None));
    assert!(
        h[4].view
            .returned_reason
            .as_deref()
            .unwrap()
            .contains("施工许可")
    );
    assert!(h[5].view.pending_extension.is_some());
    assert_eq!(h[6].view.percent, Some(50));
    // Task 8: nothing reported since it was signed for, over 30 days ago.
    let since = h[7].view.last_report.unwrap();
    assert!((today - since).num_days() > 30, "{today} {since}");
    // Task 9: due two working days ago, reminded, urged yesterday.
    assert_eq!(ago(h[8].view.due), Some(2));
    assert_eq!(
        (ago(h[8].reminded), ago(h[8].urged), h[8].listed),
        (Some(5), Some(1), None)
    );
    // Task 10: never signed for; due ten working days ago, urged nine,
    // listed in the 通报 four working days ago.
    assert_eq!(ago(h[9].view.due), Some(10));
    let steps = (ago(h[9].reminded), ago(h[9].urged), ago(h[9].listed));
    assert_eq!(steps, (Some(13), Some(9), Some(4)));
    for (i, h) in h.iter().enumerate().take(8) {
        assert_eq!(h.urged, None, "{today}: task {}", i + 1);
    }

    // The supervisor's counts agree; nothing is left for the ticker; no mail.
    let counts = store
        .task_counts(county.id, plan_year, today)
        .await
        .unwrap();
    let b = counts.iter().find(|c| c.agency_id == bureau.id).unwrap();
    let got = (b.tasks, b.completed, b.red, b.yellow, b.returned, b.listed);
    assert_eq!(got, (10, 1, 2, 1, 1, 1), "{today}");
    assert!(
        store
            .tasks_with_steps_due(today, 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.pending_mail(100, 1000).await.unwrap().is_empty());

    // The bureau's clerk is in 办公室, which now leads task 1.
    let clerk = gongkai_domain::staff::Username::parse("clerk").unwrap();
    let clerk = store.staff_by_username(&clerk).await.unwrap().unwrap();
    assert_eq!(
        store.staff_units(clerk.id).await.unwrap(),
        tasks[0].row.lead
    );
    let units = store.units(bureau.id).await.unwrap();
    let office = units.iter().find(|u| u.name.as_str() == "办公室").unwrap();
    assert_eq!(tasks[0].row.lead, [office.id]);
    assert_eq!(units.len(), 6);
    t
}

#[tokio::test]
async fn demo_plans_have_a_task_in_every_state_and_light() {
    // A working Thursday; the plan of 10 March 2026. The dates of the
    // steps by hand: task 10 due Thu 11-19, urged Fri 11-20, listed five
    // working days later, Fri 11-27; task 9 due Tue 12-01, urged Wed 12-02.
    let today = day("2026-12-03");
    let t = demo_plans_on(today, 2026).await;
    let store: &dyn Store = &t.store;
    let bureau = agency(store, BUREAU_CODE).await;
    let plan = &store.plans(bureau.id, None).await.unwrap()[0];
    // Derived five working days after 2026-03-10 (a Tuesday).
    assert_eq!(plan.issued_on, Some(day("2026-03-17")));
    let tasks = store.plan_tasks(plan.id).await.unwrap();
    let h9 = held(store, tasks[8].id, today).await;
    let h10 = held(store, tasks[9].id, today).await;
    assert_eq!(
        (h9.view.due, h9.urged),
        (Some(day("2026-12-01")), Some(day("2026-12-02")))
    );
    assert_eq!(
        (h10.view.due, h10.urged, h10.listed),
        (
            Some(day("2026-11-19")),
            Some(day("2026-11-20")),
            Some(day("2026-11-27"))
        )
    );
    // Task 8 was signed for two working days after the plan (Thu 03-19).
    assert_eq!(
        held(store, tasks[7].id, today).await.view.last_report,
        Some(day("2026-03-19"))
    );
}

/// On a holiday, New Year's day, 29 February and in the first year the
/// demo allows: in January and February the plan is last year's.
#[tokio::test]
async fn demo_plans_are_alive_on_any_date() {
    for (today, year) in [
        ("2026-10-05", 2026),
        ("2027-01-01", 2026),
        ("2028-02-29", 2027),
        ("2023-03-15", 2023),
    ] {
        demo_plans_on(day(today), year).await;
    }
}
