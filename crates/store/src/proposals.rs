//! 依申请公开转主动公开 (Art. 44(1)): proposals that information released on
//! request be published proactively, and the catalogue items that took them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::{AgencyId, CaseId, StaffId, StoreResult};

/// A proposal as made by the clerk or reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProposal {
    pub agency_id: AgencyId,
    pub case_id: CaseId,
    pub title: String,
    pub summary: String,
    /// The other applications found asking for the same information.
    pub same_cases: Vec<String>,
    pub proposed_by: StaffId,
}

/// A stored proposal, with its case's number and, once an editor drafted a
/// catalogue item from it, that item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub id: i64,
    pub agency_id: AgencyId,
    pub case_id: CaseId,
    pub case_number: String,
    pub title: String,
    pub summary: String,
    pub same_cases: Vec<String>,
    pub proposed_at: DateTime<Utc>,
    pub item_id: Option<i64>,
}

/// Most open proposals one list shows.
pub const OPEN_PROPOSALS_MAX: u32 = 50;

#[async_trait]
pub trait ProposalStore: Send + Sync {
    /// Record a proposal; audited (`case.proactive_proposed`). A second
    /// proposal for the same case is a conflict.
    async fn propose_proactive(&self, p: &NewProposal) -> StoreResult<i64>;
    async fn proposal(&self, id: i64) -> StoreResult<Option<Proposal>>;
    async fn proposal_of_case(&self, case: CaseId) -> StoreResult<Option<Proposal>>;
    /// The agency's proposals no item has taken yet, oldest first, at most
    /// `limit` (capped at [`OPEN_PROPOSALS_MAX`]).
    async fn open_proposals(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<Proposal>>;
    /// Mark the proposal taken by `item`; audited (`proactive.taken`). A
    /// proposal already taken is a conflict.
    async fn take_proposal(&self, id: i64, item: i64, by: StaffId) -> StoreResult<()>;
}
