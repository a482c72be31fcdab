//! [`PublicStore`] over both databases: the catalogue's public reads joined
//! to the agency, `online_on IS NOT NULL` in the statement.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::ItemState;

use super::catalogue::attachment_row;
use super::items::state_code;
use super::{SqlBacked, query};
use crate::*;

#[async_trait]
impl<S: SqlBacked> PublicStore for S {
    async fn online_item_stamps(
        &self,
        first: ItemId,
        last: ItemId,
    ) -> StoreResult<Vec<(ItemId, DateTime<Utc>)>> {
        query(
            "SELECT i.id, i.updated_at FROM catalogue_items i \
             JOIN agencies a ON a.id = i.agency_id \
             WHERE i.id BETWEEN $1 AND $2 AND i.state IN ($3, $4) \
             AND i.index_number IS NOT NULL AND a.online_on IS NOT NULL ORDER BY i.id",
        )
        .bind(first)
        .bind(last)
        .bind(state_code(ItemState::Published)?)
        .bind(state_code(ItemState::Withdrawn)?)
        .fetch_as(self.db(), |r| Ok((r.get("id")?, r.get("updated_at")?)))
        .await
    }

    /// The attachment index of migration 0009, then its item and agency by
    /// their keys.
    async fn online_attachment(
        &self,
        sha256: &str,
        filename: &str,
    ) -> StoreResult<Option<ItemAttachment>> {
        let rows = query(
            "SELECT f.id, f.item_id, f.sha256, f.filename, f.content_type, f.size \
             FROM item_attachments f JOIN catalogue_items i ON i.id = f.item_id \
             JOIN agencies a ON a.id = i.agency_id \
             WHERE f.sha256 = $1 AND f.filename = $2 AND i.state IN ($3, $4) \
             AND i.index_number IS NOT NULL AND a.online_on IS NOT NULL ORDER BY f.id LIMIT 1",
        )
        .bind(sha256)
        .bind(filename)
        .bind(state_code(ItemState::Published)?)
        .bind(state_code(ItemState::Withdrawn)?)
        .fetch_as(self.db(), attachment_row)
        .await?;
        Ok(rows.into_iter().next())
    }

    async fn latest_public_items(
        &self,
        genre: Option<gongkai_domain::catalogue::Genre>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<PortalItem>> {
        super::latest::latest_public_items(self.reads(), genre, offset, limit).await
    }

    async fn agency_attachment(
        &self,
        sha256: &str,
        filename: &str,
        agency: AgencyId,
    ) -> StoreResult<Option<ItemAttachment>> {
        let rows = query(
            "SELECT f.id, f.item_id, f.sha256, f.filename, f.content_type, f.size \
             FROM item_attachments f JOIN catalogue_items i ON i.id = f.item_id \
             WHERE f.sha256 = $1 AND f.filename = $2 AND i.agency_id = $3 ORDER BY f.id LIMIT 1",
        )
        .bind(sha256)
        .bind(filename)
        .bind(agency)
        .fetch_as(self.db(), attachment_row)
        .await?;
        Ok(rows.into_iter().next())
    }
}
