//! The look-back: a task's note in versions under optimistic concurrency
//! (the current one per task, every version kept and never changed), and
//! the implementation report published, replaced and read back as
//! published.

use chrono::NaiveDate;
use gongkai_domain::case::Actor;
use gongkai_domain::document::{Block, Document, DocumentKind};
use gongkai_domain::plan::{LimitKind, TaskAction, TaskEvent, TaskState, TimeLimit};

use super::{Epoch, date};
use crate::sql::{SqlBacked, query};
use crate::*;

const EPOCH: Epoch = Epoch(1_950_000_000);

fn assigned(due: NaiveDate) -> TaskEvent {
    TaskEvent {
        seq: 1,
        at: EPOCH.at(0),
        actor: Actor::System,
        action: TaskAction::Assigned {
            date: date(2031, 3, 1),
            lead: vec![],
            partners: vec![],
            limit: Some(TimeLimit::on(due)),
        },
    }
}

fn task(n: &str, due: NaiveDate) -> NewTask {
    NewTask {
        chapter: None,
        number: Some(n.into()),
        task: format!("回头看任务{n}"),
        requirement: None,
        division: "牵头：办公室".into(),
        major: false,
        superior_task: None,
        first: assigned(due),
        row: TaskRow {
            state: TaskState::Assigned,
            lead: vec![],
            partners: vec![],
            limit_kind: Some(LimitKind::Date),
            percent: None,
            due_on: Some(due),
            completed_on: None,
            blue_from: None,
            yellow_from: None,
            red_from: None,
            step_on: None,
            listed: false,
        },
    }
}

fn note(task_id: TaskId, version: u32, problem: &str, by: StaffId) -> NewLookbackNote {
    NewLookbackNote {
        task_id,
        version,
        problem: problem.into(),
        rectification: "明确专人负责，逐月调度".into(),
        deadline: Some(date(2032, 3, 31)),
        noted_by: by,
        noted_at: EPOCH.at(i64::from(version)),
    }
}

fn report(plan_id: PlanId, agency_id: AgencyId, on: NaiveDate, by: StaffId) -> PublishedPlanReport {
    PublishedPlanReport {
        plan_id,
        agency_id,
        published_on: on,
        document: Document {
            kind: DocumentKind::Receipt,
            title: "关于2031年政务公开工作要点落实情况的报告".into(),
            number: String::new(),
            recipient: "县人民政府办公室：".into(),
            body: vec![
                Block::Paragraph("现将落实情况报告如下：".into()),
                Block::Table {
                    columns: vec!["任务".into(), "牵头科室".into()],
                    rows: vec![vec!["1.规范发布".into(), "办公室".into()]],
                },
            ],
            issuer: "白沙县交通运输局".into(),
            date: on,
        },
        published_by: Some(by),
        published_at: EPOCH.at(100),
    }
}

pub async fn lookback<S: Store + SqlBacked>(
    store: &S,
    (root, child, admin): (AgencyId, AgencyId, StaffId),
) {
    let plan = NewPlan {
        agency_id: root,
        year: 2031,
        title: "2031年政务公开工作要点".into(),
        document_number: String::new(),
        issued_on: None,
        implements: None,
        created_by: Some(admin),
        tasks: vec![task("1", date(2031, 6, 30)), task("2", date(2031, 9, 30))],
    };
    let (plan_id, tasks) = store.create_plan(&plan).await.unwrap();
    assert!(store.lookback_notes(plan_id).await.unwrap().is_empty());

    // ---- a note in versions, the next one only ----
    store
        .put_lookback_note(&note(tasks[0], 1, "未按时完成", admin))
        .await
        .unwrap();
    for stale in [1, 3] {
        let refused = store
            .put_lookback_note(&note(tasks[0], stale, "另一人保存", admin))
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(Conflict::LookbackNote))),
            "version {stale}: {refused:?}"
        );
    }
    store
        .put_lookback_note(&note(tasks[0], 2, "栏目内容未更新", admin))
        .await
        .unwrap();
    let missing = store
        .put_lookback_note(&note(999_999, 1, "无", admin))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let current = store.lookback_notes(plan_id).await.unwrap();
    assert_eq!(current.len(), 1, "one current note per task");
    assert_eq!(
        (
            current[0].task_id,
            current[0].version,
            current[0].problem.as_str()
        ),
        (tasks[0], 2, "栏目内容未更新")
    );
    assert_eq!(current[0].deadline, Some(date(2032, 3, 31)));
    assert_eq!(current[0].noted_by, Some(admin));
    let history = store.lookback_note_history(tasks[0]).await.unwrap();
    let problems: Vec<&str> = history.iter().map(|n| n.problem.as_str()).collect();
    assert_eq!(problems, vec!["未按时完成", "栏目内容未更新"]);
    for sql in [
        "UPDATE plan_lookback_notes SET problem = 'changed'",
        "DELETE FROM plan_lookback_notes",
    ] {
        let err = query(sql).execute(store.db()).await.expect_err(sql).0;
        assert!(err.to_string().contains("immutable"), "{sql}: {err}");
    }

    // ---- the report, published, replaced, read as published ----
    assert!(
        store
            .published_plan_report(plan_id)
            .await
            .unwrap()
            .is_none()
    );
    let first = report(plan_id, root, date(2032, 1, 10), admin);
    store.publish_plan_report(&first).await.unwrap();
    assert_eq!(
        store.published_plan_report(plan_id).await.unwrap(),
        Some(first.clone())
    );
    let again = report(plan_id, root, date(2032, 1, 15), admin);
    store.publish_plan_report(&again).await.unwrap();
    assert_eq!(
        store.published_plan_reports(root).await.unwrap(),
        vec![(plan_id, date(2032, 1, 15))]
    );
    assert!(
        store
            .published_plan_reports(child)
            .await
            .unwrap()
            .is_empty()
    );
    let foreign = store
        .publish_plan_report(&report(plan_id, child, date(2032, 1, 15), admin))
        .await;
    assert!(
        matches!(foreign, Err(StoreError::NotFound(_))),
        "{foreign:?}"
    );

    let audit = store.audit_entries(10).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"plan.lookback_noted"), "{actions:?}");
    assert!(actions.contains(&"plan.report_published"), "{actions:?}");
}
