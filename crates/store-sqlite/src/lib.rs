//! gongkai's embedded store: one SQLite file under the data directory, in WAL
//! mode with foreign keys on.
//!
//! The store itself is written once, for both databases, in
//! [`gongkai_store::sql`] (with the migrations, whose SQLite lines are marked
//! there); this crate holds what is SQLite's own: opening the file with its
//! pragmas.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use gongkai_store::StoreResult;
use gongkai_store::sql::{Db, SqlBacked, SqlStore, backend};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

#[cfg(test)]
mod test_db;
#[cfg(test)]
mod tests;

/// The store on one SQLite database file.
pub struct SqliteStore {
    pool: SqlitePool,
    sql: SqlStore,
}

/// Connections to the file at most, unless configured (each keeps up to
/// 16 MB of pages).
pub const DEFAULT_POOL_SIZE: u32 = 8;

impl SqliteStore {
    /// Open (creating if needed) the database file at `path`.
    pub async fn open_file(path: &Path) -> StoreResult<SqliteStore> {
        Self::open_file_with(path, DEFAULT_POOL_SIZE).await
    }

    /// [`SqliteStore::open_file`] with `pool_size` connections at most.
    pub async fn open_file_with(path: &Path, pool_size: u32) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        Self::open_with(options, pool_size).await
    }

    /// Open a `sqlite:` URL, e.g. `sqlite:///var/lib/gongkai/gongkai.db`.
    pub async fn open_url(url: &str) -> StoreResult<SqliteStore> {
        Self::open_url_with(url, DEFAULT_POOL_SIZE).await
    }

    /// [`SqliteStore::open_url`] with `pool_size` connections at most.
    pub async fn open_url_with(url: &str, pool_size: u32) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(backend)?
            .create_if_missing(true);
        Self::open_with(options, pool_size).await
    }

    async fn open_with(options: SqliteConnectOptions, pool_size: u32) -> StoreResult<SqliteStore> {
        // Writers wait for each other up to the busy timeout (their
        // transactions begin with `BEGIN IMMEDIATE`), then fail with `Busy`.
        let options = options
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 16 MB of pages per connection (the default is 2 MB): lists and
            // reports over a province's rows stay in memory between requests.
            .pragma("cache_size", "-16384");
        let pool = SqlitePoolOptions::new()
            .max_connections(pool_size.max(1))
            .connect_with(options)
            .await
            .map_err(backend)?;
        let sql = SqlStore::new(Db::Sqlite(pool.clone()));
        Ok(SqliteStore { pool, sql })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl SqlBacked for SqliteStore {
    fn sql(&self) -> &SqlStore {
        &self.sql
    }
}
