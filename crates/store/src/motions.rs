//! 人大代表建议 and 政协委员提案: an agency's register per year and session
//! (届次), the motions it leads (主办) with their co-handling agencies
//! (协办), the extension with the assigning body's consent, the reply with
//! its grade, its publication (the text as published, contacts removed)
//! and the proposer's satisfaction. Every decision appends its chained
//! audit record in its transaction, naming the motion by its session,
//! 编号 and title — never a proposer's contact.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::participation::clocks::{MotionKind, ReplyGrade};
use gongkai_domain::participation::motions::{Proposer, PublishMode, Satisfaction};

use crate::{AgencyBrief, AgencyId, StaffId, Stamp, StoreResult};

pub type MotionSessionId = i64;
pub type MotionId = i64;

/// Most rows a list reads at once.
pub const MOTION_ROWS_MAX: u32 = 200;

/// A session's register as created (checked by the app).
#[derive(Debug, Clone)]
pub struct NewMotionSession {
    pub agency_id: AgencyId,
    pub kind: MotionKind,
    pub year: i32,
    /// 届次, e.g. 白沙县第十八届人民代表大会第五次会议.
    pub name: String,
    /// Months from assignment a reply is due in.
    pub reply_months: u32,
    /// 交办机关.
    pub assigned_by: String,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// A stored session, with its motions counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionSession {
    pub id: MotionSessionId,
    pub agency_id: AgencyId,
    pub kind: MotionKind,
    pub year: i32,
    pub name: String,
    pub reply_months: u32,
    pub assigned_by: String,
    pub created_at: DateTime<Utc>,
    pub motions: u64,
    /// Answered (published or not), and published.
    pub answered: u64,
    pub published: u64,
}

/// Where a motion stands as stored (the marks of a day are the domain's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionState {
    /// 办理中.
    Handling,
    /// 已答复, not published yet.
    Answered,
    /// 答复已公开.
    Published,
}

impl MotionState {
    pub fn code(self) -> &'static str {
        match self {
            MotionState::Handling => "handling",
            MotionState::Answered => "answered",
            MotionState::Published => "published",
        }
    }

    pub fn from_code(code: &str) -> Option<MotionState> {
        [Self::Handling, Self::Answered, Self::Published]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A motion as registered (checked by the app).
#[derive(Debug, Clone)]
pub struct NewMotion {
    pub session_id: MotionSessionId,
    /// The lead agency (主办): the session's.
    pub agency_id: AgencyId,
    /// 编号.
    pub number: String,
    pub title: String,
    pub proposers: Vec<Proposer>,
    /// 协办 agencies of the platform.
    pub co_agencies: Vec<AgencyId>,
    /// 交办日期, and the day the reply is due by.
    pub assigned_on: NaiveDate,
    pub due_on: NaiveDate,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// The reply as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionReply {
    pub text: String,
    pub grade: ReplyGrade,
    pub answered_on: NaiveDate,
    /// Published by this day (20 working days after answering, on the
    /// calendar in force when it was recorded).
    pub publish_due: NaiveDate,
}

/// The reply as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionPublication {
    pub mode: PublishMode,
    /// The text as published: the reply or its summary, contacts removed.
    pub text: String,
    /// Why only a summary (required for one).
    pub summary_reason: Option<String>,
    pub published_on: NaiveDate,
}

/// A stored motion. The proposers' contacts are private: the lead
/// agency's staff see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Motion {
    pub id: MotionId,
    pub session: MotionSession,
    pub agency_id: AgencyId,
    pub number: String,
    pub title: String,
    pub proposers: Vec<Proposer>,
    pub co_agencies: Vec<AgencyBrief>,
    pub assigned_on: NaiveDate,
    /// Due by this day as registered; `extended_until` with the consent.
    pub due_on: NaiveDate,
    pub extended_until: Option<NaiveDate>,
    pub extension_consent: Option<String>,
    pub state: MotionState,
    pub reply: Option<MotionReply>,
    pub publication: Option<MotionPublication>,
    pub satisfaction: Option<(Satisfaction, NaiveDate)>,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

impl Motion {
    /// The day the reply is due by, as extended.
    pub fn due(&self) -> NaiveDate {
        self.extended_until.unwrap_or(self.due_on)
    }
}

/// A motion as a list shows it: no contact, no reply text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionRow {
    pub id: MotionId,
    pub session_id: MotionSessionId,
    pub kind: MotionKind,
    pub year: i32,
    pub session_name: String,
    /// The lead agency.
    pub agency: AgencyBrief,
    pub number: String,
    pub title: String,
    /// `王某某（城关镇代表团）`, each proposer as shown.
    pub proposers: Vec<String>,
    pub assigned_on: NaiveDate,
    /// Due by (as extended).
    pub due: NaiveDate,
    pub state: MotionState,
    pub grade: Option<ReplyGrade>,
    pub answered_on: Option<NaiveDate>,
    pub publish_due: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub publish_mode: Option<PublishMode>,
    pub satisfaction: Option<Satisfaction>,
}

/// Which motions a list reads, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionList {
    /// A session's register.
    Session(MotionSessionId),
    /// The motions an agency co-handles (协办), any session.
    CoHandled(AgencyId),
    /// The agency's replies published, of sessions of `year`.
    Published { agency: AgencyId, year: i32 },
    /// The agency's motions late on `today`: unanswered past their due
    /// day, or answered and unpublished past their publication day.
    Overdue { agency: AgencyId, today: NaiveDate },
}

/// An agency's motions counted for its workbench on a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MotionCounts {
    /// Not answered yet, and of those past their due day.
    pub handling: u64,
    pub reply_overdue: u64,
    /// Answered and not published, and of those past their publication day.
    pub awaiting_publication: u64,
    pub publication_overdue: u64,
    /// Motions it co-handles whose lead agency has not answered yet.
    pub co_handled_open: u64,
}

/// An agency of a subtree with late motions on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionsOverdue {
    pub agency: AgencyBrief,
    pub reply_overdue: u64,
    pub publication_overdue: u64,
}

/// 办理情况总体情况: an agency's motions of the sessions of a year, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MotionYearSummary {
    pub suggestions: u64,
    pub proposals: u64,
    pub answered: u64,
    /// Answered by the due day (as extended).
    pub answered_on_time: u64,
    /// By [`ReplyGrade`]: A, B, C, D.
    pub grades: [u64; 4],
    /// By [`Satisfaction`]: 满意, 基本满意, 不满意; and answered without one.
    pub satisfaction: [u64; 3],
    pub satisfaction_unknown: u64,
    pub published: u64,
    /// Published by the publication day.
    pub published_on_time: u64,
    /// Published as a summary only.
    pub summaries: u64,
}

impl MotionYearSummary {
    pub fn total(&self) -> u64 {
        self.suggestions + self.proposals
    }
}

#[async_trait]
pub trait MotionStore: Send + Sync {
    /// Store a session's register; `None` when the agency has this session
    /// of this kind and year already. Audited (`motion.session_created`).
    async fn create_motion_session(
        &self,
        s: &NewMotionSession,
    ) -> StoreResult<Option<MotionSessionId>>;
    async fn motion_session(&self, id: MotionSessionId) -> StoreResult<Option<MotionSession>>;
    /// The agency's sessions, the latest year first, at most `limit`.
    async fn motion_sessions(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<MotionSession>>;
    /// The years of the agency's sessions, the latest first.
    async fn motion_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>>;
    /// Register a motion with its co-handling agencies; `None` when its
    /// 编号 is taken in the session. Audited (`motion.registered`).
    async fn register_motion(&self, m: &NewMotion) -> StoreResult<Option<MotionId>>;
    async fn motion(&self, id: MotionId) -> StoreResult<Option<Motion>>;
    /// A list's rows after `after` (by id, newest first), at most `limit`
    /// (never more than [`MOTION_ROWS_MAX`]).
    async fn motion_rows(
        &self,
        list: MotionList,
        after: Option<MotionId>,
        limit: u32,
    ) -> StoreResult<Vec<MotionRow>>;
    /// Extend a motion still being handled to `until`, with the consent's
    /// reference; `false` once answered. Audited (`motion.extended`).
    async fn extend_motion(
        &self,
        id: MotionId,
        until: NaiveDate,
        consent: &str,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Record the reply of a motion still being handled; `false` once
    /// answered. Audited (`motion.answered`, with the grade).
    async fn record_motion_reply(
        &self,
        id: MotionId,
        reply: &MotionReply,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Publish the reply of an answered motion; `false` unless answered
    /// and not published. Audited (`motion.published`, with the mode and
    /// a summary's reason).
    async fn publish_motion_reply(
        &self,
        id: MotionId,
        p: &MotionPublication,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Record (or correct) the proposer's satisfaction asked on `on`;
    /// `false` while unanswered. Audited (`motion.satisfaction`).
    async fn record_motion_satisfaction(
        &self,
        id: MotionId,
        satisfaction: Satisfaction,
        on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// The agency's counts on `today`, in one query.
    async fn motion_counts(&self, agency: AgencyId, today: NaiveDate) -> StoreResult<MotionCounts>;
    /// The agencies of the subtree of `root` with motions late on `today`,
    /// the most unpublished replies first: one `GROUP BY`.
    async fn motions_overdue_by_agency(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<Vec<MotionsOverdue>>;
    /// The agency's motions of the sessions of `year`, counted in SQL.
    async fn motion_year_summary(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<MotionYearSummary>;
}
