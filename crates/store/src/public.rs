//! 公众可见: what the public site reads of the catalogue across agencies —
//! the sitemap's items and the attachments served under `/files/` — only
//! of agencies that are online (上线, `agencies.online_on`): a draft
//! agency's items are not public, however published. Filtered in SQL by a
//! join on the agency, never item by item.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::catalogue::Genre;

use crate::{AgencyId, ItemAttachment, ItemId, StoreResult};

/// One row of the portal's lists across agencies (最新信息, 通知公告): the
/// item with its agency's code and name, nothing of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalItem {
    pub id: ItemId,
    pub title: String,
    pub published_on: NaiveDate,
    pub agency_code: String,
    pub agency_name: String,
}

#[async_trait]
pub trait PublicStore: Send + Sync {
    /// The public items (published or withdrawn, with an 索引号) of online
    /// agencies with an id in `first..=last`, by id, with when each last
    /// changed (a sitemap file: one indexed id range).
    async fn online_item_stamps(
        &self,
        first: ItemId,
        last: ItemId,
    ) -> StoreResult<Vec<(ItemId, DateTime<Utc>)>>;
    /// The first attachment (by id) with this content hash and file name
    /// whose item is public and whose agency is online, if any: the public
    /// download, one indexed lookup.
    async fn online_attachment(
        &self,
        sha256: &str,
        filename: &str,
    ) -> StoreResult<Option<ItemAttachment>>;
    /// The published items (with an 索引号) of online agencies, of `genre`
    /// if one is given, newest publication first (then the larger id), the
    /// `limit` after the first `offset`: the portal's 最新信息 and 通知公告,
    /// one backward walk of the date index (0038) stopping after the page.
    async fn latest_public_items(
        &self,
        genre: Option<Genre>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<PortalItem>>;
    /// The first attachment with this hash and name of any item of
    /// `agency`, whatever its state: what the agency's own staff open
    /// before publication (the editor's pictures, the reviewer's files).
    async fn agency_attachment(
        &self,
        sha256: &str,
        filename: &str,
        agency: AgencyId,
    ) -> StoreResult<Option<ItemAttachment>>;
}
