//! Choosing the store: PostgreSQL for a `postgres://` URL, otherwise SQLite.

use std::sync::Arc;

use gongkai_store::{Store, StoreError};
use gongkai_store_postgres::PostgresStore;
use gongkai_store_sqlite::SqliteStore;

use gongkai_app::Settings;

/// Open the configured database and bring its schema up to date.
pub async fn open_store(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    let store: Arc<dyn Store> = match settings.database_url.as_deref() {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Arc::new(PostgresStore::connect(url).await?)
        }
        Some(url) if url.starts_with("sqlite:") => Arc::new(SqliteStore::open_url(url).await?),
        Some(other) => {
            return Err(StoreError::Backend(format!(
                "不支持的数据库地址“{other}”：请使用 postgres://… 或 sqlite://…"
            )));
        }
        None => {
            std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
                StoreError::Backend(format!(
                    "无法创建数据目录 {}：{e}",
                    settings.data_dir.display()
                ))
            })?;
            Arc::new(SqliteStore::open_file(&settings.sqlite_path()).await?)
        }
    };
    store.migrate().await?;
    Ok(store)
}
