//! Work plans: units, a plan with its tasks and their first events, a task's
//! next event under optimistic concurrency with its read model, the steps
//! due, and the supervisor's counts per agency of a subtree.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{LimitKind, TaskAction, TaskEvent, TaskState, UnitKind, UnitName};

use super::date;
use crate::*;

fn name(n: &str) -> UnitName {
    UnitName::parse(n).unwrap()
}

fn event(seq: u32, action: TaskAction) -> TaskEvent {
    TaskEvent {
        seq,
        at: DateTime::<Utc>::from_timestamp(1_900_000_000 + i64::from(seq), 0).unwrap(),
        actor: Actor::System,
        action,
    }
}

fn row(
    state: TaskState,
    lead: Vec<UnitId>,
    partners: Vec<UnitId>,
    due: Option<NaiveDate>,
) -> TaskRow {
    TaskRow {
        state,
        lead,
        partners,
        limit_kind: due.map(|_| LimitKind::Date),
        percent: None,
        due_on: due,
        completed_on: None,
        blue_from: due.and_then(|d| d.checked_sub_signed(chrono::Duration::days(4))),
        yellow_from: None,
        red_from: due.and_then(|d| d.succ_opt()),
        step_on: due.and_then(|d| d.checked_sub_signed(chrono::Duration::days(4))),
        listed: false,
    }
}

pub async fn plans<S: Store>(store: &S, (root, child, admin): (AgencyId, AgencyId, StaffId)) {
    // ---- units ----
    let office = store
        .add_unit(root, &name("办公室"), UnitKind::Internal, Some(admin))
        .await
        .unwrap();
    let brigade = store
        .add_unit(
            root,
            &name("市交通运输综合行政执法支队"),
            UnitKind::Subordinate,
            Some(admin),
        )
        .await
        .unwrap();
    let again = store
        .add_unit(root, &name("办公室"), UnitKind::Internal, Some(admin))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(Conflict::Unit))),
        "{again:?}"
    );
    let theirs = store
        .add_unit(child, &name("办公室"), UnitKind::Internal, Some(admin))
        .await
        .unwrap();
    let units = store.units(root).await.unwrap();
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, vec!["办公室", "市交通运输综合行政执法支队"]);
    assert_eq!(units[1].kind, UnitKind::Subordinate);
    // Staff belong to units of their own agency only.
    store
        .set_staff_units(admin, &[office], admin)
        .await
        .unwrap();
    assert_eq!(store.staff_units(admin).await.unwrap(), vec![office]);
    let foreign = store.set_staff_units(admin, &[theirs], admin).await;
    assert!(
        matches!(foreign, Err(StoreError::NotFound(_))),
        "{foreign:?}"
    );
    assert_eq!(store.staff_units(admin).await.unwrap(), vec![office]);

    // ---- a plan with two tasks ----
    let due = date(2030, 9, 30);
    let assigned = |lead: Vec<UnitId>, partners: Vec<UnitId>| {
        event(
            1,
            TaskAction::Assigned {
                date: date(2030, 3, 1),
                lead,
                partners,
                limit: Some(gongkai_domain::plan::TimeLimit::on(due)),
            },
        )
    };
    let new_task = |n: &str, lead: Vec<UnitId>, partners: Vec<UnitId>, due| NewTask {
        chapter: Some("进一步做好政府信息公开条例的实施".into()),
        number: Some(n.into()),
        task: format!("任务{n}"),
        requirement: None,
        division: "牵头：办公室".into(),
        major: n == "（一）",
        superior_task: None,
        first: assigned(lead.clone(), partners.clone()),
        row: row(TaskState::Assigned, lead, partners, due),
    };
    let plan = NewPlan {
        agency_id: root,
        year: 2030,
        title: "2030年政务公开工作要点".into(),
        document_number: "青政办发〔2030〕3号".into(),
        issued_on: Some(date(2030, 3, 1)),
        implements: None,
        created_by: Some(admin),
        tasks: vec![
            new_task("（一）", vec![office], vec![brigade], Some(due)),
            new_task("（二）", vec![brigade], vec![], None),
        ],
    };
    let (plan_id, tasks) = store.create_plan(&plan).await.unwrap();
    assert_eq!(tasks.len(), 2);
    let twice = store.create_plan(&plan).await;
    assert!(
        matches!(twice, Err(StoreError::Conflict(Conflict::Plan))),
        "{twice:?}"
    );
    let listed = store.plans(root, Some(2030)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id, listed[0].tasks, listed[0].completed),
        (plan_id, 2, 0)
    );
    assert_eq!(listed[0].document_number, "青政办发〔2030〕3号");
    assert!(store.plans(root, Some(2029)).await.unwrap().is_empty());
    assert_eq!(
        store.plan(plan_id).await.unwrap().unwrap().title,
        plan.title
    );

    let stored = store.plan_tasks(plan_id).await.unwrap();
    assert_eq!(
        stored.iter().map(|t| t.position).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(stored[0].row.lead, vec![office]);
    assert_eq!(stored[0].row.partners, vec![brigade]);
    assert!(stored[0].major && !stored[1].major);
    assert_eq!(stored[0].row.due_on, Some(due));
    assert_eq!(stored[1].row.due_on, None);

    // ---- the next event, once ----
    let signed = event(
        2,
        TaskAction::SignedFor {
            date: date(2030, 3, 2),
            unit: office,
        },
    );
    let mut next = row(
        TaskState::InProgress,
        vec![office],
        vec![brigade],
        Some(due),
    );
    next.percent = Some(10);
    store
        .append_task_event(tasks[0], &signed, &next, "任务（一）：领办", &[])
        .await
        .unwrap();
    let stale = store
        .append_task_event(tasks[0], &signed, &next, "任务（一）：领办", &[])
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict(Conflict::TaskEventSeq))),
        "{stale:?}"
    );
    let events = store.task_events(tasks[0]).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1], signed);
    let t = store.task(tasks[0]).await.unwrap().unwrap();
    assert_eq!(
        (t.row.state, t.row.percent),
        (TaskState::InProgress, Some(10))
    );
    // The plan's histories in one read: task by task, in order.
    let all = store.plan_events(plan_id).await.unwrap();
    let seqs: Vec<(TaskId, u32)> = all.iter().map(|(t, e)| (*t, e.seq)).collect();
    assert_eq!(seqs, vec![(tasks[0], 1), (tasks[0], 2), (tasks[1], 1)]);
    // The workbench: the office leads (一); the brigade leads (二) and only
    // partners in (一), which is not its to work.
    let mine = store
        .tasks_needing(root, &[office], false, 10)
        .await
        .unwrap();
    assert_eq!(
        mine.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![tasks[0]]
    );
    assert_eq!(mine[0].row.lead, vec![office]);
    let led = store
        .tasks_needing(root, &[brigade], false, 10)
        .await
        .unwrap();
    assert_eq!(led.iter().map(|t| t.id).collect::<Vec<_>>(), vec![tasks[1]]);
    assert_eq!(led[0].row.partners, Vec::<UnitId>::new());
    assert!(
        store
            .tasks_needing(root, &[], true, 10)
            .await
            .unwrap()
            .is_empty(),
        "nothing to decide"
    );

    // ---- the steps due and the supervisor's counts ----
    assert_eq!(
        store
            .tasks_with_steps_due(date(2030, 9, 25), 10)
            .await
            .unwrap(),
        Vec::<TaskId>::new()
    );
    assert_eq!(
        store
            .tasks_with_steps_due(date(2030, 9, 26), 10)
            .await
            .unwrap(),
        vec![tasks[0]]
    );
    let counts = store
        .task_counts(root, 2030, date(2030, 10, 1))
        .await
        .unwrap();
    let mine = counts.iter().find(|c| c.agency_id == root).unwrap();
    assert_eq!(
        (mine.plans, mine.tasks, mine.completed, mine.red),
        (1, 2, 0, 1)
    );
    assert!(
        counts.iter().all(|c| c.agency_id != child),
        "the child has no plan"
    );
    let before = store
        .task_counts(root, 2030, date(2030, 9, 30))
        .await
        .unwrap();
    assert_eq!(before.iter().find(|c| c.agency_id == root).unwrap().red, 0);

    // Every decision is in the audit trail.
    let audit = store.audit_entries(20).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"plan.created"), "{actions:?}");
    assert!(actions.contains(&"plan.unit_added"));
    assert!(actions.contains(&"plan_task.in_progress"));

    taken_up(store, (plan_id, &tasks), (child, theirs, admin)).await;
}

/// 未承接: a superior task counts as taken up once a task of a plan that
/// implements the superior's cites it; a plan implementing nothing does not
/// take anything up.
async fn taken_up<S: Store>(
    store: &S,
    (superior, tasks): (PlanId, &[TaskId]),
    (child, unit, admin): (AgencyId, UnitId, StaffId),
) {
    let ids = |records: Vec<TaskRecord>| records.iter().map(|t| t.id).collect::<Vec<_>>();
    let open = store.superior_tasks_not_taken_up(superior).await.unwrap();
    assert_eq!(ids(open), tasks.to_vec());
    let citing = |n: &str, cites: TaskId| NewTask {
        chapter: None,
        number: Some(n.into()),
        task: format!("落实任务{n}"),
        requirement: None,
        division: "牵头：办公室".into(),
        major: false,
        superior_task: Some(cites),
        first: event(
            1,
            TaskAction::Assigned {
                date: date(2030, 3, 20),
                lead: vec![unit],
                partners: vec![],
                limit: None,
            },
        ),
        row: row(TaskState::Assigned, vec![unit], vec![], None),
    };
    let plan = |title: &str, implements: Option<PlanId>, tasks: Vec<NewTask>| NewPlan {
        agency_id: child,
        year: 2030,
        title: title.into(),
        document_number: String::new(),
        issued_on: Some(date(2030, 3, 20)),
        implements,
        created_by: Some(admin),
        tasks,
    };
    // A plan of its own citing the second task takes nothing up.
    store
        .create_plan(&plan("自行制定的要点", None, vec![citing("1", tasks[1])]))
        .await
        .unwrap();
    // The implementing plan cites the first task twice.
    let derived = plan(
        "落实2030年政务公开工作要点",
        Some(superior),
        vec![citing("1", tasks[0]), citing("2", tasks[0])],
    );
    store.create_plan(&derived).await.unwrap();
    let open = store.superior_tasks_not_taken_up(superior).await.unwrap();
    assert_eq!(ids(open.clone()), vec![tasks[1]]);
    assert_eq!(open[0].task, "任务（二）");
    assert_eq!(open[0].row.lead.len(), 1, "with its units");
}
