//! Looking up a download by its content hash and name (index
//! `item_attachments_file`, migration 0009): a public download reads the
//! few rows with that hash, never every published item.

use gongkai_store::{ItemAttachment, StoreResult};

use crate::{SqliteStore, backend};

impl SqliteStore {
    pub(crate) async fn item_attachments_by_file_impl(
        &self,
        sha256: &str,
        filename: &str,
    ) -> StoreResult<Vec<ItemAttachment>> {
        let rows = sqlx::query(
            "SELECT id, item_id, sha256, filename, content_type, size FROM item_attachments \
             WHERE sha256 = ? AND filename = ? ORDER BY id",
        )
        .bind(sha256)
        .bind(filename)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        crate::catalogue::attachment_rows(&rows)
    }
}
