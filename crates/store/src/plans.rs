//! 政务公开工作要点: an agency's units, its plans with their tasks, and each
//! task's history with its read model (where it stands, as dates).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::plan::{LimitKind, TaskEvent, TaskState, UnitKind, UnitName};

use crate::{AgencyId, NewMail, StaffId, StoreResult};

pub type UnitId = i64;
pub type PlanId = i64;
pub type TaskId = i64;

/// Most tasks one plan holds (a State Council plan has about 100).
pub const PLAN_TASKS_MAX: usize = 500;
/// Most units one agency has.
pub const AGENCY_UNITS_MAX: usize = 300;

/// 内设机构 or 直属单位.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub agency_id: AgencyId,
    pub name: UnitName,
    pub kind: UnitKind,
}

/// A task's read model: folded from its history by the domain
/// (`plan::task::fold`, `plan::escalation::marks`), rewritten with every
/// event in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub state: TaskState,
    pub lead: Vec<UnitId>,
    pub partners: Vec<UnitId>,
    pub limit_kind: Option<LimitKind>,
    pub percent: Option<u8>,
    pub due_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    /// From this day the light is blue (the reminder day).
    pub blue_from: Option<NaiveDate>,
    /// From this day yellow (no report within the reporting period).
    pub yellow_from: Option<NaiveDate>,
    /// From this day red (the day after the limit).
    pub red_from: Option<NaiveDate>,
    /// The next reminder, 催办 or 通报 the platform records.
    pub step_on: Option<NaiveDate>,
    /// Listed in the supervising office's 通报.
    pub listed: bool,
}

/// A task as a plan is created with it: its place, text and first event
/// (the 分工) with the read model that event gives.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub chapter: Option<String>,
    pub number: Option<String>,
    pub task: String,
    pub requirement: Option<String>,
    /// The division of work as written (`牵头：…；配合：…`).
    pub division: String,
    pub major: bool,
    pub superior_task: Option<TaskId>,
    pub first: TaskEvent,
    pub row: TaskRow,
}

#[derive(Debug, Clone)]
pub struct NewPlan {
    pub agency_id: AgencyId,
    pub year: i32,
    pub title: String,
    /// e.g. 国办发〔2021〕12号 (may be empty).
    pub document_number: String,
    pub issued_on: Option<NaiveDate>,
    /// The superior's plan this one implements.
    pub implements: Option<PlanId>,
    pub created_by: Option<StaffId>,
    pub tasks: Vec<NewTask>,
}

/// A stored plan with its task counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRecord {
    pub id: PlanId,
    pub agency_id: AgencyId,
    pub year: i32,
    pub title: String,
    pub document_number: String,
    pub issued_on: Option<NaiveDate>,
    pub implements: Option<PlanId>,
    pub created_at: DateTime<Utc>,
    pub tasks: u64,
    pub completed: u64,
}

/// A stored task with its read model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    pub id: TaskId,
    pub plan_id: PlanId,
    pub agency_id: AgencyId,
    pub position: u32,
    pub chapter: Option<String>,
    pub number: Option<String>,
    pub task: String,
    pub requirement: Option<String>,
    pub division: String,
    pub major: bool,
    pub superior_task: Option<TaskId>,
    pub row: TaskRow,
}

/// One agency's tasks of a year on a day (the supervisor's table).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskCounts {
    pub agency_id: AgencyId,
    pub plans: u64,
    pub tasks: u64,
    pub completed: u64,
    pub red: u64,
    pub yellow: u64,
    pub returned: u64,
    pub listed: u64,
}

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Add a unit to the agency; audited (`plan.unit_added`; `by` None: the
    /// command line). A name the agency has already is a conflict.
    async fn add_unit(
        &self,
        agency: AgencyId,
        name: &UnitName,
        kind: UnitKind,
        by: Option<StaffId>,
    ) -> StoreResult<UnitId>;
    /// The agency's units by name (at most [`AGENCY_UNITS_MAX`]).
    async fn units(&self, agency: AgencyId) -> StoreResult<Vec<Unit>>;
    /// The staff member belongs to exactly `units` from now; audited.
    async fn set_staff_units(
        &self,
        staff: StaffId,
        units: &[UnitId],
        by: StaffId,
    ) -> StoreResult<()>;
    async fn staff_units(&self, staff: StaffId) -> StoreResult<Vec<UnitId>>;
    /// Store a plan with its tasks and their first events in one
    /// transaction; audited (`plan.created`). The same title for the same
    /// agency and year is a conflict.
    async fn create_plan(&self, plan: &NewPlan) -> StoreResult<(PlanId, Vec<TaskId>)>;
    /// The agency's plans, newest year first (of `year` only when given).
    async fn plans(&self, agency: AgencyId, year: Option<i32>) -> StoreResult<Vec<PlanRecord>>;
    async fn plan(&self, id: PlanId) -> StoreResult<Option<PlanRecord>>;
    /// The plan's tasks in order.
    async fn plan_tasks(&self, plan: PlanId) -> StoreResult<Vec<TaskRecord>>;
    async fn task(&self, id: TaskId) -> StoreResult<Option<TaskRecord>>;
    /// 未承接: the tasks of `plan` that no task of a plan implementing it
    /// cites, in order (one query, by the index on the cited task).
    async fn superior_tasks_not_taken_up(&self, plan: PlanId) -> StoreResult<Vec<TaskRecord>>;
    async fn task_events(&self, id: TaskId) -> StoreResult<Vec<TaskEvent>>;
    /// Every event of every task of the plan, by task and in order (one
    /// query; a plan has at most [`PLAN_TASKS_MAX`] tasks): what ledgers
    /// and reports quote from the tasks' histories.
    async fn plan_events(&self, plan: PlanId) -> StoreResult<Vec<(TaskId, TaskEvent)>>;
    /// Append the task's next event (its `seq` must be the next; another
    /// writer first is [`crate::Conflict::TaskEventSeq`]) and rewrite the
    /// read model; audited with `detail`; `mails` (a 催办's notices) are
    /// queued in the same transaction, so a recorded step is never without
    /// its mail.
    async fn append_task_event(
        &self,
        task: TaskId,
        event: &TaskEvent,
        row: &TaskRow,
        detail: &str,
        mails: &[NewMail],
    ) -> StoreResult<()>;
    /// The workbench's tasks: open tasks of `agency` that a unit of `units`
    /// leads, and for the plan's owner (`owner`) those waiting for
    /// acceptance or an extension decision; overdue first, then by due
    /// date; at most `limit`.
    async fn tasks_needing(
        &self,
        agency: AgencyId,
        units: &[UnitId],
        owner: bool,
        limit: u32,
    ) -> StoreResult<Vec<TaskRecord>>;
    /// Tasks whose next reminder, 催办 or 通报 falls on or before `today`,
    /// at most `limit`, oldest step first.
    async fn tasks_with_steps_due(&self, today: NaiveDate, limit: u32) -> StoreResult<Vec<TaskId>>;
    /// For `root` and every agency below it with a plan of `year`: its
    /// plans and tasks, completed, red and yellow on `today`, returned and
    /// listed (one query).
    async fn task_counts(
        &self,
        root: AgencyId,
        year: i32,
        today: NaiveDate,
    ) -> StoreResult<Vec<TaskCounts>>;
}
