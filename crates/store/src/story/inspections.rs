//! Inspections (督查): the plans of a subtree and the agencies without one,
//! an inspection freezing every task of the year with its light on the
//! frozen date — a later change of a task leaves the copy as it was —,
//! findings, the rectification plans linked once, the 通报 issued once.
//!
//! Its plans are of 2035 and 2036, years no other story plans for.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{
    Light, LimitKind, TaskAction, TaskEvent, TaskState, TimeLimit, UnitKind, UnitName,
};

use super::date;
use crate::sql::{SqlBacked, query};
use crate::*;

fn event(seq: u32, action: TaskAction) -> TaskEvent {
    TaskEvent {
        seq,
        at: DateTime::<Utc>::from_timestamp(1_950_000_000 + i64::from(seq), 0).unwrap(),
        actor: Actor::System,
        action,
    }
}

/// A task's row with its dates: (blue, yellow, red) from.
fn row(
    state: TaskState,
    lead: Vec<UnitId>,
    due: Option<NaiveDate>,
    marks: [Option<NaiveDate>; 3],
    listed: bool,
) -> TaskRow {
    TaskRow {
        state,
        lead,
        partners: Vec::new(),
        limit_kind: due.map(|_| LimitKind::Date),
        percent: (state == TaskState::InProgress).then_some(40),
        due_on: due,
        completed_on: (state == TaskState::Completed).then(|| date(2035, 5, 20)),
        blue_from: marks[0],
        yellow_from: marks[1],
        red_from: marks[2],
        step_on: None,
        listed,
    }
}

fn task(text: &str, row: TaskRow) -> NewTask {
    NewTask {
        chapter: None,
        number: Some(text.chars().take(1).collect()),
        task: text.into(),
        requirement: None,
        division: String::new(),
        major: false,
        superior_task: None,
        first: event(
            1,
            TaskAction::Assigned {
                date: date(2035, 3, 1),
                lead: row.lead.clone(),
                partners: Vec::new(),
                limit: row.due_on.map(TimeLimit::on),
            },
        ),
        row,
    }
}

fn plan(agency: AgencyId, year: i32, title: &str, tasks: Vec<NewTask>) -> NewPlan {
    NewPlan {
        agency_id: agency,
        year,
        title: title.into(),
        document_number: String::new(),
        issued_on: None,
        implements: None,
        created_by: None,
        tasks,
    }
}

pub async fn inspections<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    // ---- plans of 2035: three tasks at the root, one at the child ----
    let unit = |n: &str| UnitName::parse(n).unwrap();
    let open_office = store
        .add_unit(root, &unit("政务公开科"), UnitKind::Internal, None)
        .await
        .unwrap();
    let section = store
        .add_unit(child, &unit("综合股"), UnitKind::Internal, None)
        .await
        .unwrap();
    let red = row(
        TaskState::InProgress,
        vec![open_office],
        Some(date(2035, 6, 30)),
        [
            Some(date(2035, 6, 25)),
            Some(date(2035, 5, 1)),
            Some(date(2035, 7, 1)),
        ],
        true,
    );
    let done = row(
        TaskState::Completed,
        vec![open_office],
        None,
        [None; 3],
        false,
    );
    let returned = row(
        TaskState::Returned,
        vec![open_office],
        Some(date(2035, 12, 31)),
        [
            Some(date(2035, 12, 26)),
            Some(date(2035, 6, 20)),
            Some(date(2036, 1, 1)),
        ],
        false,
    );
    let near = row(
        TaskState::Assigned,
        vec![section],
        Some(date(2035, 7, 31)),
        [
            Some(date(2035, 7, 8)),
            Some(date(2035, 8, 15)),
            Some(date(2035, 8, 1)),
        ],
        false,
    );
    let (root_plan, root_tasks) = store
        .create_plan(&plan(
            root,
            2035,
            "2035年政务公开工作要点",
            vec![
                task("1.公开预决算", red.clone()),
                task("2.更新权力清单", done),
                task("3.做好政策解读", returned),
            ],
        ))
        .await
        .unwrap();
    let (missing, total) = store.agencies_without_plan(root, 2035).await.unwrap();
    assert_eq!(
        (missing.iter().map(|a| a.id).collect::<Vec<_>>(), total),
        (vec![child], 1)
    );
    let (child_plan, _) = store
        .create_plan(&plan(
            child,
            2035,
            "2035年政务公开工作要点",
            vec![task("1.规范发布", near)],
        ))
        .await
        .unwrap();

    // ---- the subtree's plans, and who has none ----
    let plans = store.subtree_plans(root, 2035).await.unwrap();
    assert_eq!(
        plans
            .iter()
            .map(|p| (p.id, p.agency.id))
            .collect::<Vec<_>>(),
        vec![(root_plan, root), (child_plan, child)]
    );
    assert!(plans.iter().all(|p| !p.rectification));
    assert_eq!(
        store.agencies_without_plan(root, 2035).await.unwrap(),
        (vec![], 0)
    );
    let (missing, total) = store.agencies_without_plan(child, 2037).await.unwrap();
    assert_eq!(
        (missing.iter().map(|a| a.id).collect::<Vec<_>>(), total),
        (vec![child], 1),
        "the child's subtree is the child"
    );

    // ---- the freeze on 2035-07-10 ----
    let opened = store
        .open_inspection(&NewInspection {
            agency_id: root,
            year: 2035,
            period: "2035年第三季度".into(),
            frozen_on: date(2035, 7, 10),
            by: Some(admin),
        })
        .await
        .unwrap();
    let record = store.inspection(opened).await.unwrap().unwrap();
    assert_eq!(
        (
            record.year,
            record.period.as_str(),
            record.frozen_on,
            record.tasks
        ),
        (2035, "2035年第三季度", date(2035, 7, 10), 4)
    );
    assert_eq!(record.bulletin, None);
    // Root: red (overdue since 07-01, listed), completed, yellow (no report
    // since 06-20) and returned; child: blue (reminder day 07-08).
    let figures = |root_red| {
        vec![
            (root, 3, 1, root_red, 1, 0, 1, 1),
            (child, 1, 0, 0, 0, 1, 0, 0),
        ]
    };
    let counted = |c: Vec<FrozenCounts>| {
        c.iter()
            .map(|c| {
                let n = (
                    c.tasks,
                    c.completed,
                    c.red,
                    c.yellow,
                    c.blue,
                    c.returned,
                    c.listed,
                );
                (c.agency.id, n.0, n.1, n.2, n.3, n.4, n.5, n.6)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counted(store.inspection_counts(opened).await.unwrap()),
        figures(1)
    );
    let flagged = store.flagged_tasks(opened).await.unwrap();
    assert_eq!(flagged.len(), 1);
    let f = &flagged[0];
    assert_eq!(
        (
            f.task_id,
            f.light,
            f.state,
            f.lead.as_deref(),
            f.due_on,
            f.percent
        ),
        (
            root_tasks[0],
            Light::Red,
            TaskState::InProgress,
            Some("政务公开科"),
            Some(date(2035, 6, 30)),
            Some(40)
        )
    );
    assert!(f.listed);

    // ---- a later change of the task leaves the copy as it was ----
    let accepted = event(
        2,
        TaskAction::Accepted {
            date: date(2035, 7, 12),
            note: "已整改".into(),
        },
    );
    let now_done = row(
        TaskState::Completed,
        vec![open_office],
        None,
        [None; 3],
        true,
    );
    store
        .append_task_event(root_tasks[0], &accepted, &now_done, "销号", &[])
        .await
        .unwrap();
    let live = store
        .task_counts(root, 2035, date(2035, 7, 10))
        .await
        .unwrap();
    let live_root = live.iter().find(|c| c.agency_id == root).unwrap();
    assert_eq!((live_root.completed, live_root.red), (2, 0));
    assert_eq!(
        counted(store.inspection_counts(opened).await.unwrap()),
        figures(1)
    );
    assert_eq!(store.flagged_tasks(opened).await.unwrap(), flagged);
    let changed = query("UPDATE inspection_tasks SET state = 'completed'")
        .execute(store.db())
        .await;
    assert!(changed.is_err(), "the frozen copy cannot be changed");

    // ---- findings, rectification plans, the 通报 once ----
    let finding = NewFinding {
        inspection: opened,
        agency_id: child,
        problem: "未按时更新政务公开专栏".into(),
        rectification: "补充发布2035年上半年信息".into(),
        deadline: date(2035, 8, 31),
        by: Some(admin),
    };
    let found = store.add_finding(&finding).await.unwrap().unwrap();
    let listed = store.findings(opened).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].id,
            listed[0].agency.id,
            listed[0].deadline,
            listed[0].task_id
        ),
        (found, child, date(2035, 8, 31), None)
    );
    let fix = row(
        TaskState::Assigned,
        vec![],
        Some(date(2035, 8, 31)),
        [None; 3],
        false,
    );
    let (fix_plan, fix_tasks) = store
        .create_plan(&plan(
            child,
            2035,
            "2035年第三季度政务公开督查整改事项",
            vec![task("1.未按时更新政务公开专栏", fix)],
        ))
        .await
        .unwrap();
    let links = [(found, fix_tasks[0])];
    assert!(
        store
            .link_rectifications(opened, child, fix_plan, &links)
            .await
            .unwrap()
    );
    assert!(
        !store
            .link_rectifications(opened, child, fix_plan, &links)
            .await
            .unwrap()
    );
    assert_eq!(
        store.findings(opened).await.unwrap()[0].task_id,
        Some(fix_tasks[0])
    );
    let marked: Vec<(PlanId, bool)> = store
        .subtree_plans(root, 2035)
        .await
        .unwrap()
        .iter()
        .map(|p| (p.id, p.rectification))
        .collect();
    assert_eq!(
        marked,
        vec![(root_plan, false), (child_plan, false), (fix_plan, true)]
    );

    assert!(
        store
            .issue_inspection(
                opened,
                "青政务公开〔2035〕3号",
                date(2035, 7, 15),
                Some(admin)
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .issue_inspection(
                opened,
                "青政务公开〔2035〕4号",
                date(2035, 7, 16),
                Some(admin)
            )
            .await
            .unwrap()
    );
    let issued = store
        .inspection(opened)
        .await
        .unwrap()
        .unwrap()
        .bulletin
        .unwrap();
    assert_eq!(
        (issued.number.as_str(), issued.date, issued.issued_by),
        ("青政务公开〔2035〕3号", date(2035, 7, 15), Some(admin))
    );
    assert_eq!(store.add_finding(&finding).await.unwrap(), None, "issued");
    assert_eq!(store.findings(opened).await.unwrap().len(), 1);
    assert_eq!(
        store
            .inspections(root, 2035)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>(),
        vec![opened]
    );
    assert!(store.inspections(child, 2035).await.unwrap().is_empty());

    // ---- a rectification plan is not the agency's own plan ----
    let special = store
        .open_inspection(&NewInspection {
            agency_id: root,
            year: 2036,
            period: "专项督查".into(),
            frozen_on: date(2036, 2, 1),
            by: Some(admin),
        })
        .await
        .unwrap();
    assert_eq!(store.inspection(special).await.unwrap().unwrap().tasks, 0);
    let fix = row(
        TaskState::Assigned,
        vec![],
        Some(date(2036, 3, 31)),
        [None; 3],
        false,
    );
    let (fix_plan, _) = store
        .create_plan(&plan(
            child,
            2036,
            "专项督查政务公开督查整改事项",
            vec![task("1.整改", fix)],
        ))
        .await
        .unwrap();
    assert!(
        store
            .link_rectifications(special, child, fix_plan, &[])
            .await
            .unwrap()
    );
    let (missing, total) = store.agencies_without_plan(root, 2036).await.unwrap();
    assert_eq!(
        (missing.iter().map(|a| a.id).collect::<Vec<_>>(), total),
        (vec![root, child], 2)
    );

    let audit = store.audit_entries(30).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "plan.inspection_opened",
        "plan.inspection_finding",
        "plan.inspection_issued",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "plan.inspection_issued")
            .count(),
        1,
        "issued once"
    );
}
