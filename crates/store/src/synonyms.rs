//! 检索同义词组: the synonym groups an agency's administrator adds to the
//! platform's search dictionary (migration 0031). The search expands
//! queries with them (`gongkai_search::Vocabulary`); which agencies' groups
//! a search uses is [`SynonymStore::synonyms_for_search`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::{AgencyId, StaffId, StoreResult};

pub type SynonymGroupId = i64;

/// The most groups one agency keeps (the page lists them all).
pub const AGENCY_SYNONYM_GROUPS_MAX: usize = 200;

/// A group as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymGroup {
    pub id: SynonymGroupId,
    pub agency_id: AgencyId,
    /// The terms as typed (checked by `gongkai_search::parse_group`).
    pub terms: Vec<String>,
    pub created_by: Option<StaffId>,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait SynonymStore: Send + Sync {
    /// Adds a group to the agency's; audited (`search.synonyms_added`).
    async fn add_synonym_group(
        &self,
        agency: AgencyId,
        terms: &[String],
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<SynonymGroupId>;
    /// Deletes the agency's group `id` (not found when it is not the
    /// agency's); audited (`search.synonyms_deleted`).
    async fn delete_synonym_group(
        &self,
        agency: AgencyId,
        id: SynonymGroupId,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The agency's own groups, oldest first (at most
    /// [`AGENCY_SYNONYM_GROUPS_MAX`]).
    async fn synonym_groups(&self, agency: AgencyId) -> StoreResult<Vec<SynonymGroup>>;
    /// The terms of the groups a search uses: of every online agency for
    /// the whole platform (`None`); for a search within `Some(agency)`'s
    /// subtree, of the online agencies in the subtree and on its lineage.
    async fn synonyms_for_search(&self, within: Option<AgencyId>) -> StoreResult<Vec<Vec<String>>>;
}
