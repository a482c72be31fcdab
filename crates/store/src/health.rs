//! 栏目健康检查: the figures the checks read (per column of the catalogue,
//! policies and their interpretations), 无信息说明 of empty columns, and the
//! runs with their findings.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::health::{Finding, Tally};

use crate::{AgencyId, StaffId, StoreResult};

/// One column of the catalogue (an Article 20 item, or none) of an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnStat {
    /// The Article 20 item's code; `None` for items under no item.
    pub article20: Option<String>,
    pub published: i64,
    pub last_published: Option<NaiveDate>,
    /// Published without a publication date.
    pub undated: i64,
}

/// 无信息说明 of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnNote {
    /// The column's code (an Article 20 item's code, `rules`, `guide`).
    pub column_code: String,
    pub note: String,
    pub published_on: NaiveDate,
}

/// A published policy (规章、规范性文件) with the items linked as its
/// interpretations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRow {
    pub item_id: i64,
    pub title: String,
    pub published_on: NaiveDate,
    pub interpretations: Vec<i64>,
}

/// A run's findings for one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyFindings {
    pub agency_id: AgencyId,
    pub findings: Vec<Finding>,
}

/// A finished run, as stored.
#[derive(Debug, Clone)]
pub struct NewHealthRun {
    pub root: AgencyId,
    pub started_by: Option<StaffId>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub checked_on: NaiveDate,
    pub agencies: Vec<AgencyFindings>,
    /// The digests to the agencies, queued with the run.
    pub mails: Vec<crate::NewMail>,
}

/// The latest run over an agency: when, and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestHealth {
    pub run_id: i64,
    pub checked_on: NaiveDate,
    pub finished_at: DateTime<Utc>,
    pub findings: Vec<Finding>,
}

/// The latest tally of each agency of a subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthTally {
    pub agency_id: AgencyId,
    pub run_id: i64,
    pub tally: Tally,
}

/// Most characters of a 无信息说明.
pub const COLUMN_NOTE_MAX_CHARS: usize = 300;

/// 检查结果邮件: how an agency's findings are mailed to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FindingsMailMode {
    /// 每次检查后立即发送: after each run that found something new.
    #[default]
    Immediate,
    /// 每周汇总: one digest a week of what is new (vetoes still at once).
    Weekly,
    /// 不发送邮件: the workbench only.
    Off,
}

impl FindingsMailMode {
    pub const ALL: [FindingsMailMode; 3] = [
        FindingsMailMode::Immediate,
        FindingsMailMode::Weekly,
        FindingsMailMode::Off,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FindingsMailMode::Immediate => "immediate",
            FindingsMailMode::Weekly => "weekly",
            FindingsMailMode::Off => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<FindingsMailMode> {
        FindingsMailMode::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            FindingsMailMode::Immediate => "每次检查后立即发送",
            FindingsMailMode::Weekly => "每周汇总",
            FindingsMailMode::Off => "不发送邮件（仅在工作台提示）",
        }
    }
}

/// An agency's 检查结果邮件 setting, with the weekly digest's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FindingsMail {
    pub mode: FindingsMailMode,
    /// Weekly: the day of the last digest (or the day weekly was chosen).
    pub digest_on: Option<NaiveDate>,
    /// Weekly: the agency's latest run the last digest covered (None: it
    /// had none then); the next digest reads the runs after it.
    pub digest_run: Option<i64>,
}

/// A finding with the run that found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFinding {
    pub run_id: i64,
    pub checked_on: NaiveDate,
    pub finding: Finding,
}

/// A weekly digest to record: the marker moves from `previous_on` to
/// (`on`, `run`) and the mail (none when there was nothing new or no
/// address) is queued.
#[derive(Debug, Clone)]
pub struct WeeklyDigest {
    pub agency: AgencyId,
    pub previous_on: NaiveDate,
    pub on: NaiveDate,
    pub run: Option<i64>,
    pub mail: Option<crate::NewMail>,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait HealthStore: Send + Sync {
    /// The agency's published items per Article 20 item (one query).
    async fn column_stats(&self, agency: AgencyId) -> StoreResult<Vec<ColumnStat>>;
    async fn column_notes(&self, agency: AgencyId) -> StoreResult<Vec<ColumnNote>>;
    /// Publish (`Some`) or withdraw (`None`) the column's 无信息说明; audited
    /// (`column_note.published` / `column_note.withdrawn`).
    async fn put_column_note(
        &self,
        agency: AgencyId,
        column_code: &str,
        note: Option<(&str, NaiveDate)>,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The agency's 规章 and 规范性文件 published on or after `since`, newest
    /// first, at most `limit`.
    async fn published_policies(
        &self,
        agency: AgencyId,
        since: NaiveDate,
        limit: u32,
    ) -> StoreResult<Vec<PolicyRow>>;
    /// Store a run with its findings, make it each agency's latest and
    /// queue its mails, in one transaction.
    async fn record_health_run(&self, run: &NewHealthRun) -> StoreResult<i64>;
    async fn latest_health(&self, agency: AgencyId) -> StoreResult<Option<LatestHealth>>;
    /// The latest tally of `root` and every agency below it that was checked.
    async fn health_tallies(&self, root: AgencyId) -> StoreResult<Vec<HealthTally>>;
    /// The agency's 检查结果邮件 (immediate when never set).
    async fn findings_mail(&self, agency: AgencyId) -> StoreResult<FindingsMail>;
    /// Save the agency's 检查结果邮件; audited (`findings_mail.update`).
    async fn put_findings_mail(
        &self,
        agency: AgencyId,
        mail: &FindingsMail,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The agencies mailed weekly whose last digest was before `digest_day`
    /// (one indexed query).
    async fn weekly_digests_due(
        &self,
        digest_day: NaiveDate,
    ) -> StoreResult<Vec<(AgencyId, FindingsMail)>>;
    /// The agency's findings in the runs after `after` (every run when
    /// None) up to `upto`, oldest run first, in order.
    async fn findings_between(
        &self,
        agency: AgencyId,
        after: Option<i64>,
        upto: i64,
    ) -> StoreResult<Vec<RunFinding>>;
    /// Record a weekly digest: move the marker and queue the mail in one
    /// transaction, only if the marker still stands at `previous_on`
    /// (false otherwise: another server sent it; nothing is queued).
    async fn record_weekly_digest(&self, digest: &WeeklyDigest) -> StoreResult<bool>;
}
