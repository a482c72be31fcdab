//! 标准目录: an agency's standard catalogue, derived from a shipped template;
//! rows kept, changed, added, or deleted with a reason (kept so that the
//! differences stay readable).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::standard::CatalogueRow;

use crate::{AgencyId, StaffId, StoreResult};

/// A row of an agency's catalogue as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCatalogueRow {
    pub row: CatalogueRow,
    /// 删除: the reason the agency gave; `None` while the row is in force.
    pub deleted_reason: Option<String>,
}

/// An agency's catalogue: the template it derives from and its rows in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardCatalogue {
    pub agency_id: AgencyId,
    /// The template's code (`transport`, `generic`).
    pub template: String,
    pub derived_at: DateTime<Utc>,
    pub rows: Vec<StoredCatalogueRow>,
}

impl StandardCatalogue {
    /// The rows in force (not deleted), in order.
    pub fn in_force(&self) -> impl Iterator<Item = &CatalogueRow> {
        self.rows
            .iter()
            .filter(|r| r.deleted_reason.is_none())
            .map(|r| &r.row)
    }
}

/// How many rows an agency's catalogue has, kept and deleted (the console's
/// and the supervising office's overview: one query for a subtree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueCounts {
    pub agency_id: AgencyId,
    pub template: String,
    pub in_force: i64,
    pub deleted: i64,
}

/// Most rows one agency's catalogue holds.
pub const CATALOGUE_ROWS_MAX: usize = 500;

#[async_trait]
pub trait StandardCatalogueStore: Send + Sync {
    /// The agency's catalogue from `rows` of `template`; audited
    /// (`standard_catalogue.derived`). An agency that has one already is
    /// [`crate::Conflict::StandardCatalogue`].
    async fn derive_standard_catalogue(
        &self,
        agency: AgencyId,
        template: &str,
        rows: &[CatalogueRow],
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn standard_catalogue(&self, agency: AgencyId) -> StoreResult<Option<StandardCatalogue>>;
    /// Adds the row (after the last) or replaces the row with its key, in
    /// force again; audited (`standard_catalogue.row_saved`). Not found
    /// when the agency has no catalogue.
    async fn save_standard_catalogue_row(
        &self,
        agency: AgencyId,
        row: &CatalogueRow,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Deletes the row with its reason (`Some`) or restores it (`None`);
    /// audited (`standard_catalogue.row_deleted` / `row_restored`).
    async fn mark_standard_catalogue_row(
        &self,
        agency: AgencyId,
        key: &str,
        deleted_reason: Option<&str>,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// For `root` and every agency below it with a catalogue: its counts.
    async fn standard_catalogue_counts(&self, root: AgencyId) -> StoreResult<Vec<CatalogueCounts>>;
}
