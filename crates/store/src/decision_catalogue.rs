//! 重大行政决策事项目录: an agency's yearly directory of major decisions,
//! public once published; its entries with their 承办单位, planned month,
//! status and links (the consultation, the published decision); every
//! change after publication, and every 调整, kept with its reason
//! (`decision_adjustments`, public). Every decision is audited.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::participation::decisions::DecisionStatus;

use crate::{AgencyId, ConsultationId, ItemId, Stamp, StoreResult};

pub type DecisionEntryId = i64;

/// Most entries one year's directory holds.
pub const DECISION_ENTRIES_MAX: u32 = 300;

/// An entry as typed (checked by the app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionEntryFields {
    pub title: String,
    /// 承办单位.
    pub lead_unit: String,
    /// 1–12, in the directory's year.
    pub planned_month: u32,
    pub status: DecisionStatus,
    pub consultation_id: Option<ConsultationId>,
    pub decision_item_id: Option<ItemId>,
}

/// A stored entry, with the titles of its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionEntry {
    pub id: DecisionEntryId,
    pub agency_id: AgencyId,
    pub year: i32,
    pub fields: DecisionEntryFields,
    pub consultation_title: Option<String>,
    pub decision_title: Option<String>,
}

/// A change of an entry with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionAdjustment {
    pub entry_id: DecisionEntryId,
    pub at: DateTime<Utc>,
    /// What changed, e.g. `状态：计划 → 调整`.
    pub change: String,
    pub reason: String,
}

/// One year's directory of an agency.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecisionCatalogue {
    /// `None`: not published (or no directory at all).
    pub published_at: Option<DateTime<Utc>>,
    pub entries: Vec<DecisionEntry>,
    pub adjustments: Vec<DecisionAdjustment>,
}

#[async_trait]
pub trait DecisionCatalogueStore: Send + Sync {
    /// The directory of `agency` for `year`: entries in order of entry,
    /// adjustments oldest first.
    async fn decision_catalogue(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<DecisionCatalogue>;
    /// The years of the agency's published directories, newest first.
    async fn decision_catalogue_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>>;
    async fn decision_entry(&self, id: DecisionEntryId) -> StoreResult<Option<DecisionEntry>>;
    /// Add an entry (creating the year's directory); once the directory is
    /// published the addition is an adjustment with `reason`. Audited
    /// (`decision_catalogue.entry_added`).
    async fn add_decision_entry(
        &self,
        agency: AgencyId,
        year: i32,
        fields: &DecisionEntryFields,
        reason: Option<&str>,
        stamp: Stamp,
    ) -> StoreResult<DecisionEntryId>;
    /// Change an entry; an adjustment (`change` with `reason`) is kept when
    /// a reason is given. `NotFound` for no such entry. Audited
    /// (`decision_catalogue.entry_changed`).
    async fn update_decision_entry(
        &self,
        id: DecisionEntryId,
        fields: &DecisionEntryFields,
        adjustment: Option<(&str, &str)>,
        stamp: Stamp,
    ) -> StoreResult<()>;
    /// Publish the year's directory; `false` when published already or
    /// without entries. Audited (`decision_catalogue.published`).
    async fn publish_decision_catalogue(
        &self,
        agency: AgencyId,
        year: i32,
        stamp: Stamp,
    ) -> StoreResult<bool>;
}
