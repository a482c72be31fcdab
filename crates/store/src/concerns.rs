//! 回应关切 / 政务舆情: an agency's register of the public concerns and
//! incidents it learned of, with their clocks (as the domain derived them
//! when registered), the responses it made (public or kept internal) with
//! the published items they link, and the closing. Every decision appends
//! its chained audit record in its transaction, naming the concern by its
//! number and title.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::ResponseKind;

use crate::{AgencyBrief, AgencyId, ItemId, StaffId, Stamp, StoreResult};

pub type ConcernId = i64;
pub type ConcernResponseId = i64;

/// Most rows a list reads at once.
pub const CONCERN_ROWS_MAX: u32 = 200;

/// A concern as registered (checked by the app, its clocks derived).
#[derive(Debug, Clone)]
pub struct NewConcern {
    pub agency_id: AgencyId,
    pub class: ConcernClass,
    pub title: String,
    pub learned_at: DateTime<Utc>,
    /// 来源/渠道.
    pub source: String,
    pub summary: String,
    /// 牵头回应单位.
    pub lead_agency: String,
    /// The first clock's due moment (5 h or 48 h) and, for an incident,
    /// the press conference's (24 h).
    pub first_due_at: DateTime<Utc>,
    pub second_due_at: Option<DateTime<Utc>>,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// Where a concern stands as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcernState {
    /// 处置中.
    Open,
    /// 已办结.
    Closed,
}

impl ConcernState {
    pub fn code(self) -> &'static str {
        match self {
            ConcernState::Open => "open",
            ConcernState::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<ConcernState> {
        [ConcernState::Open, ConcernState::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A published catalogue item a response links, with its title as linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedItem {
    pub item_id: ItemId,
    pub title: String,
}

/// A response as recorded (checked by the app), with the clocks it meets
/// (a public response of a kind that answers them, as the domain says).
#[derive(Debug, Clone)]
pub struct NewConcernResponse {
    pub kind: ResponseKind,
    pub responded_at: DateTime<Utc>,
    pub body: String,
    pub public: bool,
    pub external_url: Option<String>,
    pub items: Vec<LinkedItem>,
    pub meets_first: bool,
    pub meets_second: bool,
}

/// A stored response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernResponse {
    pub id: ConcernResponseId,
    pub kind: ResponseKind,
    pub responded_at: DateTime<Utc>,
    pub body: String,
    pub public: bool,
    pub external_url: Option<String>,
    pub items: Vec<LinkedItem>,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// A concern's clocks as stored: each due moment and the first public
/// response that met it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcernClocks {
    pub first_due_at: DateTime<Utc>,
    pub first_met_at: Option<DateTime<Utc>>,
    pub second_due_at: Option<DateTime<Utc>>,
    pub second_met_at: Option<DateTime<Utc>>,
}

/// A stored concern with its responses (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    pub id: ConcernId,
    pub agency_id: AgencyId,
    pub class: ConcernClass,
    pub title: String,
    pub learned_at: DateTime<Utc>,
    pub source: String,
    pub summary: String,
    pub lead_agency: String,
    pub state: ConcernState,
    pub clocks: ConcernClocks,
    pub closed_at: Option<DateTime<Utc>>,
    pub closing_note: Option<String>,
    pub responses: Vec<ConcernResponse>,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// A concern as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernRow {
    pub id: ConcernId,
    pub agency: AgencyBrief,
    pub class: ConcernClass,
    pub title: String,
    pub learned_at: DateTime<Utc>,
    pub source: String,
    pub lead_agency: String,
    pub state: ConcernState,
    pub clocks: ConcernClocks,
    /// Its public responses, counted.
    pub public_responses: u64,
}

/// Which concerns a list reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcernList {
    /// The agency's queue: open concerns first, by the nearest clock not
    /// met (the missed ones first, being the earliest), then the closed,
    /// the latest learned first.
    Queue(AgencyId),
    /// The agency's 回应关切 column: concerns with a public response, the
    /// latest learned first.
    Public(AgencyId),
}

/// An agency of a subtree with its concerns learned since a moment:
/// registered, and 超时 (a clock met late, or missed at `now`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcernCounts {
    pub agency_id: AgencyId,
    pub concerns: u64,
    pub late: u64,
}

#[async_trait]
pub trait ConcernStore: Send + Sync {
    /// Register a concern. Audited (`concern.registered`).
    async fn register_concern(&self, c: &NewConcern) -> StoreResult<ConcernId>;
    async fn concern(&self, id: ConcernId) -> StoreResult<Option<Concern>>;
    /// A list's rows from `offset`, at most `limit` (never more than
    /// [`CONCERN_ROWS_MAX`]).
    async fn concern_rows(
        &self,
        list: ConcernList,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<ConcernRow>>;
    /// Record a response of an open concern, with the clocks it meets
    /// (each kept at its earliest meeting); `None` once closed. Audited
    /// (`concern.responded`, with the kind and whether public).
    async fn record_concern_response(
        &self,
        id: ConcernId,
        r: &NewConcernResponse,
        stamp: Stamp,
    ) -> StoreResult<Option<ConcernResponseId>>;
    /// Close an open concern with a note; `false` once closed. Audited
    /// (`concern.closed`).
    async fn close_concern(&self, id: ConcernId, note: &str, stamp: Stamp) -> StoreResult<bool>;
    /// The agencies of the subtree of `root` with concerns learned since
    /// `since`, counted at `now`: one `GROUP BY`.
    async fn concern_counts(
        &self,
        root: AgencyId,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ConcernCounts>>;
}
