//! 考核评分: a supervising office's scoring runs over its subtree — per
//! agency the measures the run was computed from, the scorecard, and the
//! hand scores (人工评分) with their evidence.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::scorecard::{ManualScore, Measures, Scorecard, ScorecardKind};

use crate::{AgencyBrief, AgencyId, StaffId, StoreResult};

pub type ScorecardRunId = i64;

/// Most runs of an office a list shows.
pub const SCORECARD_RUNS_MAX: u32 = 100;

/// One agency's result as a run starts.
#[derive(Debug, Clone)]
pub struct NewScorecardResult {
    pub agency_id: AgencyId,
    /// What the computed leaves were decided on (kept: a hand score later
    /// re-scores with the same measures, not with today's).
    pub measures: Measures,
    /// The health check the findings came from.
    pub health_checked_on: Option<NaiveDate>,
    pub card: Scorecard,
}

/// A run as it starts: its results are written with it.
#[derive(Debug, Clone)]
pub struct NewScorecardRun {
    /// The supervising office's agency: the root of the subtree scored.
    pub root: AgencyId,
    pub kind: ScorecardKind,
    /// e.g. `2026年第四季度` (validated by the app).
    pub period: String,
    pub scored_on: NaiveDate,
    pub started_by: Option<StaffId>,
    pub started_at: DateTime<Utc>,
    pub results: Vec<NewScorecardResult>,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardRun {
    pub id: ScorecardRunId,
    pub root: AgencyId,
    pub kind: ScorecardKind,
    pub period: String,
    pub scored_on: NaiveDate,
    pub started_by: Option<StaffId>,
    pub started_at: DateTime<Utc>,
    /// Agencies scored.
    pub agencies: u32,
}

/// One agency's stored result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardResult {
    pub run_id: ScorecardRunId,
    pub agency: AgencyBrief,
    pub measures: Measures,
    pub health_checked_on: Option<NaiveDate>,
    pub card: Scorecard,
}

/// 佐证材料 as a kept file: its content by SHA-256 under the data
/// directory (its name is the evidence's `file_name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    pub sha256: String,
    pub content_type: String,
    pub size: i64,
}

/// A hand score to store.
#[derive(Debug, Clone)]
pub struct NewManualScore {
    pub run_id: ScorecardRunId,
    pub agency_id: AgencyId,
    pub score: ManualScore,
    /// The uploaded evidence, when there is one.
    pub file: Option<EvidenceFile>,
    pub by: Option<StaffId>,
    pub at: DateTime<Utc>,
}

/// A stored hand score: who scored it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredManualScore {
    pub score: ManualScore,
    pub file: Option<EvidenceFile>,
    pub scored_by: Option<StaffId>,
    pub scored_at: DateTime<Utc>,
}

/// 评分任务: an evaluator (评估人员) assigned to score one agency in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorerAssignment {
    pub run_id: ScorecardRunId,
    pub agency_id: AgencyId,
    pub staff_id: StaffId,
}

/// An assignment as the run's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedScorer {
    pub agency_id: AgencyId,
    pub staff_id: StaffId,
    pub staff_name: String,
}

/// An evaluator's task as their workbench lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringTask {
    pub run: ScorecardRun,
    pub agency: AgencyBrief,
    /// Leaves of the agency's card not scored yet.
    pub unscored: u32,
    pub assigned_at: DateTime<Utc>,
}

/// Most tasks an evaluator's workbench lists.
pub const SCORING_TASKS_MAX: u32 = 200;

/// Scores an agency again from its run's measures and every hand score of
/// it (the one being put included), inside the transaction that stores them.
pub type Rescore<'a> =
    dyn Fn(&Measures, &[ManualScore]) -> StoreResult<Scorecard> + Send + Sync + 'a;

#[async_trait]
pub trait ScorecardStore: Send + Sync {
    /// Store a run with every agency's result in one transaction; audited
    /// (`scorecard.run_started`).
    async fn create_scorecard_run(&self, run: &NewScorecardRun) -> StoreResult<ScorecardRunId>;
    /// The runs of `root`, newest first, at most `limit` (and never more
    /// than [`SCORECARD_RUNS_MAX`]).
    async fn scorecard_runs(&self, root: AgencyId, limit: u32) -> StoreResult<Vec<ScorecardRun>>;
    async fn scorecard_run(&self, id: ScorecardRunId) -> StoreResult<Option<ScorecardRun>>;
    /// The run of the same root and template before `run` (by id), if any:
    /// what the run is compared with.
    async fn previous_scorecard_run(&self, run: &ScorecardRun)
    -> StoreResult<Option<ScorecardRun>>;
    /// Every result of a run, highest total first (then by the tree's path).
    async fn scorecard_results(&self, run: ScorecardRunId) -> StoreResult<Vec<ScorecardResult>>;
    async fn scorecard_result(
        &self,
        run: ScorecardRunId,
        agency: AgencyId,
    ) -> StoreResult<Option<ScorecardResult>>;
    /// Put (insert or replace) a hand score and replace the agency's result
    /// with `rescore`'s, in one transaction that holds the result's row, so
    /// two hand scores at once each count the other's; audited
    /// (`scorecard.scored`, with the value it replaced). Returns the new
    /// scorecard. `NotFound` when the agency has no result in the run.
    async fn put_manual_score(
        &self,
        score: &NewManualScore,
        rescore: &Rescore<'_>,
    ) -> StoreResult<Scorecard>;
    /// The hand scores of one agency in a run, by code.
    async fn manual_scores(
        &self,
        run: ScorecardRunId,
        agency: AgencyId,
    ) -> StoreResult<Vec<StoredManualScore>>;
    /// Assign an evaluator to an agency of a run; `false` when it already
    /// was. Audited (`scorecard.assigned`). `NotFound` when the agency has
    /// no result in the run.
    async fn assign_scorer(
        &self,
        a: &ScorerAssignment,
        by: Option<StaffId>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Withdraw an assignment; `false` when there was none. Audited
    /// (`scorecard.unassigned`); the evaluator's scores stay.
    async fn unassign_scorer(
        &self,
        a: &ScorerAssignment,
        by: Option<StaffId>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Every assignment of a run, by agency and evaluator's name.
    async fn scorer_assignments(&self, run: ScorecardRunId) -> StoreResult<Vec<AssignedScorer>>;
    /// The agencies `staff` is assigned in `run`.
    async fn assigned_agencies(
        &self,
        run: ScorecardRunId,
        staff: StaffId,
    ) -> StoreResult<Vec<AgencyId>>;
    /// `staff`'s tasks, newest run first, at most `limit` (never more than
    /// [`SCORING_TASKS_MAX`]).
    async fn scoring_tasks(&self, staff: StaffId, limit: u32) -> StoreResult<Vec<ScoringTask>>;
}
