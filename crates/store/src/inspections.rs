//! 督查: the supervising office's view of the work plans of its subtree and
//! its quarterly inspections — every task frozen as it stood on a date,
//! findings per agency, the 通报 issued once, and the rectification plans
//! (整改事项) the findings became.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::plan::{Light, LimitKind, TaskState};

use crate::{AgencyId, PlanId, StaffId, StoreResult, TaskId};

pub type InspectionId = i64;
pub type FindingId = i64;

/// Most plans of a year the supervision page lists for one subtree.
pub const SUBTREE_PLANS_MAX: u32 = 500;
/// Most agencies without a plan listed by name.
pub const MISSING_MAX: u32 = 200;
/// Most frozen tasks listed by name on an inspection (red or listed).
pub const FLAGGED_MAX: u32 = 300;
/// Most findings one inspection holds.
pub const FINDINGS_MAX: usize = 500;

/// An agency of the subtree, as lists name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyBrief {
    pub id: AgencyId,
    pub name: String,
    pub code: String,
}

/// A plan of the year in the subtree (the supervision page's links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtreePlan {
    pub id: PlanId,
    pub agency: AgencyBrief,
    pub title: String,
    pub document_number: String,
    pub issued_on: Option<NaiveDate>,
    /// A rectification plan an inspection made (not the agency's own plan).
    pub rectification: bool,
}

/// What opening an inspection is told.
#[derive(Debug, Clone)]
pub struct NewInspection {
    /// The supervising office's agency: the root of the subtree inspected.
    pub agency_id: AgencyId,
    pub year: i32,
    /// e.g. `2026年第四季度` or `专项督查` (validated by the app).
    pub period: String,
    pub frozen_on: NaiveDate,
    pub by: Option<StaffId>,
}

/// The 通报 as issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulletin {
    /// e.g. 白政务公开〔2026〕3号.
    pub number: String,
    pub date: NaiveDate,
    pub issued_by: Option<StaffId>,
    pub issued_at: DateTime<Utc>,
}

/// A stored inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionRecord {
    pub id: InspectionId,
    pub agency_id: AgencyId,
    pub year: i32,
    pub period: String,
    pub frozen_on: NaiveDate,
    /// Tasks frozen when it was opened.
    pub tasks: u64,
    pub opened_by: Option<StaffId>,
    pub opened_at: DateTime<Utc>,
    pub bulletin: Option<Bulletin>,
}

/// One agency's frozen figures (summed in the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenCounts {
    pub agency: AgencyBrief,
    pub tasks: u64,
    pub completed: u64,
    pub red: u64,
    pub yellow: u64,
    pub blue: u64,
    pub returned: u64,
    pub listed: u64,
}

/// A task as frozen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenTask {
    pub task_id: TaskId,
    pub agency_id: AgencyId,
    pub plan_id: PlanId,
    pub position: u32,
    pub number: Option<String>,
    pub task: String,
    /// The lead units' names as they were (joined with 、).
    pub lead: Option<String>,
    pub state: TaskState,
    pub light: Light,
    pub percent: Option<u8>,
    pub limit_kind: Option<LimitKind>,
    pub due_on: Option<NaiveDate>,
    pub listed: bool,
}

#[derive(Debug, Clone)]
pub struct NewFinding {
    pub inspection: InspectionId,
    pub agency_id: AgencyId,
    /// 发现的问题.
    pub problem: String,
    /// 整改要求 (may be empty).
    pub rectification: String,
    /// 整改期限.
    pub deadline: NaiveDate,
    pub by: Option<StaffId>,
}

/// A stored finding, with the rectification task it became once issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRecord {
    pub id: FindingId,
    pub inspection: InspectionId,
    pub agency: AgencyBrief,
    pub problem: String,
    pub rectification: String,
    pub deadline: NaiveDate,
    pub task_id: Option<TaskId>,
}

#[async_trait]
pub trait InspectionStore: Send + Sync {
    /// The plans of `year` of `root` and every agency below it, by the
    /// tree's path then plan (at most [`SUBTREE_PLANS_MAX`]; one query).
    async fn subtree_plans(&self, root: AgencyId, year: i32) -> StoreResult<Vec<SubtreePlan>>;
    /// The agencies of `root`'s subtree with no plan of `year` of their own
    /// (a rectification plan does not count), by path, at most
    /// [`MISSING_MAX`], and how many there are in all (one query each).
    async fn agencies_without_plan(
        &self,
        root: AgencyId,
        year: i32,
    ) -> StoreResult<(Vec<AgencyBrief>, u64)>;
    /// Open an inspection: in one transaction the inspection, then every
    /// task of the plans of its year in its agency's subtree copied by one
    /// statement with its state, its light on the frozen date, percent,
    /// due date and whether it is listed; audited (`plan.inspection_opened`).
    async fn open_inspection(&self, new: &NewInspection) -> StoreResult<InspectionId>;
    async fn inspection(&self, id: InspectionId) -> StoreResult<Option<InspectionRecord>>;
    /// The agency's inspections of `year`, newest first (at most 100).
    async fn inspections(&self, agency: AgencyId, year: i32) -> StoreResult<Vec<InspectionRecord>>;
    /// The frozen figures per agency, by path (one `GROUP BY`).
    async fn inspection_counts(&self, id: InspectionId) -> StoreResult<Vec<FrozenCounts>>;
    /// The frozen tasks that were red or listed, by agency path and plan
    /// order, at most [`FLAGGED_MAX`].
    async fn flagged_tasks(&self, id: InspectionId) -> StoreResult<Vec<FrozenTask>>;
    /// Add a finding; audited (`plan.inspection_finding`). `None` (nothing
    /// written) once the inspection's 通报 has been issued.
    async fn add_finding(&self, new: &NewFinding) -> StoreResult<Option<FindingId>>;
    /// The inspection's findings by agency path, then as added.
    async fn findings(&self, id: InspectionId) -> StoreResult<Vec<FindingRecord>>;
    /// Record that `plan` is the agency's rectification plan of the
    /// inspection and each finding's task (`links`: finding, task); false
    /// (nothing written) when the agency has one already.
    async fn link_rectifications(
        &self,
        id: InspectionId,
        agency: AgencyId,
        plan: PlanId,
        links: &[(FindingId, TaskId)],
    ) -> StoreResult<bool>;
    /// Record the 通报 (number and date) once; audited
    /// (`plan.inspection_issued`). False (nothing written) when it was
    /// issued already.
    async fn issue_inspection(
        &self,
        id: InspectionId,
        number: &str,
        date: NaiveDate,
        by: Option<StaffId>,
    ) -> StoreResult<bool>;
}
