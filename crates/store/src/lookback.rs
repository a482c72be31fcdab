//! 回头看: the look-back at a year's plan — for each task not completed the
//! problems found (存在问题) and the rectification (整改措施, 整改时限) — and
//! the report on the plan's implementation (工作要点落实情况报告) as the
//! agency published it in its column.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::document::Document;

use crate::{AgencyId, PlanId, StaffId, StoreResult, TaskId};

/// A look-back note as the plan's manager records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLookbackNote {
    pub task_id: TaskId,
    /// The version this note becomes: the current one's plus one (1 for a
    /// task's first note). Another writer first is
    /// [`crate::Conflict::LookbackNote`].
    pub version: u32,
    /// 存在问题.
    pub problem: String,
    /// 整改措施.
    pub rectification: String,
    /// 整改时限.
    pub deadline: Option<NaiveDate>,
    pub noted_by: StaffId,
    pub noted_at: DateTime<Utc>,
}

/// A stored look-back note (one version of a task's note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookbackNote {
    pub task_id: TaskId,
    pub version: u32,
    pub problem: String,
    pub rectification: String,
    pub deadline: Option<NaiveDate>,
    pub noted_by: Option<StaffId>,
    pub noted_at: DateTime<Utc>,
}

/// The implementation report as published (frozen: the public download).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedPlanReport {
    pub plan_id: PlanId,
    pub agency_id: AgencyId,
    /// The plan's `published_report_on`.
    pub published_on: NaiveDate,
    pub document: Document,
    pub published_by: Option<StaffId>,
    pub published_at: DateTime<Utc>,
}

#[async_trait]
pub trait LookbackStore: Send + Sync {
    /// Record the task's note as its next version; audited
    /// (`plan.lookback_noted`). A version already taken is
    /// [`crate::Conflict::LookbackNote`]; a version that skips one, too.
    async fn put_lookback_note(&self, note: &NewLookbackNote) -> StoreResult<()>;
    /// The current note (the highest version) of each task of the plan that
    /// has one, by task id.
    async fn lookback_notes(&self, plan: PlanId) -> StoreResult<Vec<LookbackNote>>;
    /// Every version of the task's note, oldest first.
    async fn lookback_note_history(&self, task: TaskId) -> StoreResult<Vec<LookbackNote>>;
    /// Publish the plan's implementation report, replacing an earlier
    /// publication; audited (`plan.report_published`).
    async fn publish_plan_report(&self, report: &PublishedPlanReport) -> StoreResult<()>;
    async fn published_plan_report(&self, plan: PlanId)
    -> StoreResult<Option<PublishedPlanReport>>;
    /// The agency's plans with a published report: (plan, published on).
    async fn published_plan_reports(
        &self,
        agency: AgencyId,
    ) -> StoreResult<Vec<(PlanId, NaiveDate)>>;
}
