//! 听证 on a consultation: a hearing drafted, its notice published (late
//! only for a hearing already held: flagged), its participants listed
//! (names public, contacts private) and its record published. Every
//! decision appends its chained audit record in its transaction, without a
//! participant's contact.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::participation::hearing::Participant;

use crate::{AgencyId, ConsultationId, StaffId, Stamp, StoreResult};

pub type HearingId = i64;

/// Most hearings one consultation lists.
pub const HEARINGS_MAX: u32 = 50;

/// Where a hearing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HearingState {
    /// 草稿: not public.
    Draft,
    /// 已公告.
    Published,
    /// 已公开听证报告.
    Recorded,
}

impl HearingState {
    pub fn code(self) -> &'static str {
        match self {
            HearingState::Draft => "draft",
            HearingState::Published => "published",
            HearingState::Recorded => "recorded",
        }
    }

    pub fn from_code(code: &str) -> Option<HearingState> {
        [Self::Draft, Self::Published, Self::Recorded]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What the notice says (checked by the app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingNotice {
    /// 听证事项.
    pub matter: String,
    pub held_on: NaiveDate,
    /// `HH:MM`.
    pub starts_at: String,
    pub place: String,
    /// 参加办法.
    pub how_to_join: String,
    /// 听证材料.
    pub materials: String,
}

/// A hearing to store as a draft.
#[derive(Debug, Clone)]
pub struct NewHearing {
    pub consultation_id: ConsultationId,
    pub agency_id: AgencyId,
    pub notice: HearingNotice,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

/// A stored hearing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hearing {
    pub id: HearingId,
    pub consultation_id: ConsultationId,
    pub agency_id: AgencyId,
    pub notice: HearingNotice,
    pub state: HearingState,
    pub published_on: Option<NaiveDate>,
    /// Announced less than 7 days ahead (a hearing already held).
    pub notice_late: bool,
    pub participants: Vec<Participant>,
    pub participants_at: Option<DateTime<Utc>>,
    pub record: Option<String>,
    pub recorded_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait HearingStore: Send + Sync {
    /// Store a draft; audited (`hearing.created`).
    async fn create_hearing(&self, h: &NewHearing) -> StoreResult<HearingId>;
    async fn hearing(&self, id: HearingId) -> StoreResult<Option<Hearing>>;
    /// The consultation's hearings by day (at most [`HEARINGS_MAX`]);
    /// `published_only`: those whose notice is out.
    async fn hearings_of(
        &self,
        consultation: ConsultationId,
        published_only: bool,
    ) -> StoreResult<Vec<Hearing>>;
    /// Change a draft's notice; `false` once published. Audited
    /// (`hearing.edited`).
    async fn edit_hearing(
        &self,
        id: HearingId,
        notice: &HearingNotice,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Publish a draft's notice on `on` (`late`: less than 7 days before
    /// the hearing); `false` once published. Audited (`hearing.published`).
    async fn publish_hearing(
        &self,
        id: HearingId,
        on: NaiveDate,
        late: bool,
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Replace the participants of a hearing not yet recorded; `false`
    /// otherwise. Audited (`hearing.participants`, the count only).
    async fn set_participants(
        &self,
        id: HearingId,
        list: &[Participant],
        stamp: Stamp,
    ) -> StoreResult<bool>;
    /// Publish the record of a published hearing on `on`; `false` unless
    /// published and not recorded. Audited (`hearing.recorded`).
    async fn record_hearing(
        &self,
        id: HearingId,
        record: &str,
        on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool>;
}
