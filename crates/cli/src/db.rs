//! Choosing the store: PostgreSQL for a `postgres://` URL, otherwise SQLite.

use std::sync::Arc;

use gongkai_store::{Store, StoreError};
use gongkai_store_postgres::PostgresStore;
use gongkai_store_sqlite::SqliteStore;

use gongkai_app::Settings;

/// Open the configured database and bring its schema up to date.
pub async fn open_store(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    let size = |default| match settings.database_pool_size {
        0 => default,
        n => n,
    };
    let is_pg = |url: &str| url.starts_with("postgres://") || url.starts_with("postgresql://");
    let read_url = settings.database_read_url.as_deref();
    if let Some(r) = read_url {
        let primary_pg = settings.database_url.as_deref().is_some_and(is_pg);
        if !primary_pg || !is_pg(r) {
            return Err(StoreError::Backend(
                "只读副本（database_read_url）只用于 PostgreSQL：主库和副本都应是 postgres://… 地址；使用 SQLite 时请删去该设置。".into(),
            ));
        }
    }
    let store: Arc<dyn Store> = match settings.database_url.as_deref() {
        Some(url) if is_pg(url) => Arc::new(
            PostgresStore::connect_with(
                url,
                size(gongkai_store_postgres::DEFAULT_POOL_SIZE),
                read_url,
            )
            .await?,
        ),
        Some(url) if url.starts_with("sqlite:") => Arc::new(
            SqliteStore::open_url_with(url, size(gongkai_store_sqlite::DEFAULT_POOL_SIZE)).await?,
        ),
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
            Arc::new(
                SqliteStore::open_file_with(
                    &settings.sqlite_path(),
                    size(gongkai_store_sqlite::DEFAULT_POOL_SIZE),
                )
                .await?,
            )
        }
    };
    store.migrate().await?;
    Ok(store)
}
