//! Work on a task — the one command the task page and the JSON API call:
//! who may record which step (the lead unit's members sign for, report and
//! ask for time; the plan's owner divides, accepts, returns and decides
//! extensions), the domain's check of the step, and the append with the
//! read model. And the platform's own steps: reminders, 催办 and 通报,
//! recorded when due (`tick`).

use chrono::NaiveDate;
use gongkai_domain::case::Actor;
use gongkai_domain::plan::escalation::{Step, steps_due};
use gongkai_domain::plan::task::{check, fold};
use gongkai_domain::plan::{TaskAction, TaskEvent, TaskView};
use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{NewMail, Staff, Store, TaskId, TaskRecord};

use super::{notices, row_of};
use crate::error::RecordError;
use crate::{App, Error};

/// A task with its history and view.
pub struct TaskBundle {
    pub record: TaskRecord,
    pub events: Vec<TaskEvent>,
    pub view: TaskView,
}

impl TaskBundle {
    pub fn next_seq(&self) -> u32 {
        self.events.last().map_or(1, |e| e.seq + 1)
    }
}

pub async fn load(store: &dyn Store, id: TaskId) -> Result<TaskBundle, Error> {
    let record = store
        .task(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为{id}的任务")))?;
    let events = store.task_events(id).await?;
    let view = fold(&events);
    Ok(TaskBundle {
        record,
        events,
        view,
    })
}

/// Whether the step belongs to the plan's owner (else to the lead unit).
fn owners_step(action: &TaskAction) -> bool {
    matches!(
        action,
        TaskAction::Assigned { .. }
            | TaskAction::Accepted { .. }
            | TaskAction::Returned { .. }
            | TaskAction::ExtensionGranted { .. }
            | TaskAction::ExtensionRefused { .. }
    )
}

/// May `who` record `action` on the task? Owner's steps: the agency's
/// plan managers. The lead unit's steps: staff of the agency who belong
/// to a lead unit (the plan managers where the task has none).
async fn permitted(
    store: &dyn Store,
    b: &TaskBundle,
    who: &Staff,
    action: &TaskAction,
) -> Result<(), Error> {
    let relation = super::access::relation(store, who, b.record.agency_id).await?;
    let forbidden = |m: String| Error::forbidden(m);
    // A task without a lead unit (a 整改 of an inspection, a task the plan
    // left to the office) is worked by the plan's owner.
    let manages = may_in(&who.roles, Permission::ManagePlan, relation);
    if owners_step(action) || b.view.lead.is_empty() {
        return manages.map_err(|r| forbidden(r.0));
    }
    // 补充材料: the owner (a 实施方案) as well as the lead unit.
    if matches!(action, TaskAction::FilesAdded { .. }) && manages.is_ok() {
        return Ok(());
    }
    may_in(&who.roles, Permission::WorkOnTask, relation).map_err(|r| forbidden(r.0))?;
    let mine = store.staff_units(who.id).await?;
    if b.view.lead.iter().any(|u| mine.contains(u)) {
        Ok(())
    } else {
        Err(forbidden(
            "只有牵头单位的工作人员可以办理该任务：请由牵头单位领办、报告进展。".into(),
        ))
    }
}

/// Record `action` as the event after `expected_seq - 1`.
pub async fn act(
    state: &App,
    b: &TaskBundle,
    who: &Staff,
    expected_seq: u32,
    action: TaskAction,
) -> Result<(), RecordError> {
    // Who may comes first: someone without the right learns that, not
    // that the page was old.
    permitted(state.store.as_ref(), b, who, &action)
        .await
        .map_err(RecordError::Other)?;
    if expected_seq != b.next_seq() {
        return Err(RecordError::Stale);
    }
    let actor = Actor::Staff {
        id: who.id,
        name: who.display_name.clone(),
    };
    append(state, b, actor, action, &[]).await
}

async fn append(
    state: &App,
    b: &TaskBundle,
    actor: Actor,
    action: TaskAction,
    mails: &[NewMail],
) -> Result<(), RecordError> {
    let at = state.clock.now();
    let today = crate::clock::beijing(at).date_naive();
    check(&b.view, &action, today).map_err(|r| RecordError::Refused(r.0))?;
    let detail = format!(
        "任务{}“{}”：{}",
        b.record.number.as_deref().unwrap_or(""),
        b.record.task,
        action.label()
    );
    let event = TaskEvent {
        seq: b.next_seq(),
        at,
        actor,
        action,
    };
    let mut events = b.events.clone();
    events.push(event.clone());
    let calendar = state
        .calendar_in_force()
        .await
        .map_err(RecordError::Other)?;
    let row = row_of(&calendar, &fold(&events));
    state
        .store
        .append_task_event(b.record.id, &event, &row, &detail, mails)
        .await
        .map_err(|e| match e {
            gongkai_store::StoreError::Conflict(gongkai_store::Conflict::TaskEventSeq) => {
                RecordError::Stale
            }
            other => RecordError::Other(other.into()),
        })
}

/// Tasks handled by one run of [`tick`] at most.
pub const TICK_BATCH: u32 = 500;

/// Record every reminder, 催办 and 通报 due on `today` (at most
/// [`TICK_BATCH`] tasks a run), each with its notices by mail; how many
/// steps were recorded.
pub async fn tick(state: &App, today: NaiveDate) -> Result<usize, Error> {
    let calendar = state.calendar_in_force().await?;
    let mut recorded = 0;
    for id in state.store.tasks_with_steps_due(today, TICK_BATCH).await? {
        let mut b = load(state.store.as_ref(), id).await?;
        for step in steps_due(&calendar, &b.view, today) {
            let action = match step {
                Step::Remind => TaskAction::Reminded { date: today },
                Step::Urge => TaskAction::Urged { date: today },
                Step::List => TaskAction::Listed { date: today },
            };
            let mails = notices::for_step(state, &b, step).await?;
            match append(state, &b, Actor::System, action, &mails).await {
                Ok(()) => recorded += 1,
                // Someone recorded a step meanwhile: the next run sees it.
                Err(RecordError::Stale) => break,
                Err(RecordError::Refused(m)) => return Err(Error::internal(m)),
                Err(RecordError::Other(e)) => return Err(e),
            }
            b = load(state.store.as_ref(), id).await?;
        }
    }
    Ok(recorded)
}

/// How often the platform looks for reminders, 催办 and 通报 due.
const TICK_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Runs [`tick`] at start and every [`TICK_EVERY`]: a day's steps are
/// recorded on the morning they fall due (in Beijing time), and a platform
/// that was down catches up when it starts. Several servers on one database
/// may run it: a step recorded twice is refused as stale.
pub fn spawn_ticker(state: App) {
    tokio::spawn(async move {
        loop {
            let today = state.clock.today();
            match tick(&state, today).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(steps = n, "work plan reminders recorded");
                    state.mail_wake.notify_one();
                }
                Err(e) => tracing::error!(error = %e, "work plan reminders failed; retrying"),
            }
            tokio::time::sleep(TICK_EVERY).await;
        }
    });
}
