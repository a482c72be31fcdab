//! gongkai's scale-out store on PostgreSQL: a connection pool to a server the
//! deployment runs, for when several web processes share one database.
//!
//! It keeps the same tables and columns as the SQLite store, in PostgreSQL's
//! own types (identity keys, `TIMESTAMPTZ`, `DATE`, `BOOLEAN`, `JSONB`). The
//! store itself is written once, for both databases, in
//! [`gongkai_store::sql`] (with the migrations, whose PostgreSQL lines are
//! marked there); this crate holds what is PostgreSQL's own: connecting and
//! pool options.

use std::time::Duration;

use gongkai_store::StoreResult;
use gongkai_store::sql::{Db, SqlBacked, SqlStore, backend};
use sqlx::postgres::{PgPool, PgPoolOptions};

#[cfg(test)]
mod test_db;
#[cfg(test)]
mod tests;

/// Connections to the database at most, unless configured.
pub const DEFAULT_POOL_SIZE: u32 = 10;

/// The store on a PostgreSQL database.
pub struct PostgresStore {
    pool: PgPool,
    sql: SqlStore,
}

impl PostgresStore {
    /// Connect to a `postgres:` URL, e.g.
    /// `postgres://gongkai:secret@db.example.gov.cn/gongkai`.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        Self::connect_with(url, DEFAULT_POOL_SIZE, None).await
    }

    /// Connect with `pool_size` connections at most (to the primary, and as
    /// many to the read replica at `read_url`, if given: see
    /// `SqlBacked::reads` for what is read there).
    pub async fn connect_with(
        url: &str,
        pool_size: u32,
        read_url: Option<&str>,
    ) -> StoreResult<PostgresStore> {
        let pool = Self::pool_of(url, pool_size).await?;
        let sql = match read_url {
            Some(r) => SqlStore::with_replica(
                Db::Postgres(pool.clone()),
                Db::Postgres(Self::pool_of(r, pool_size).await?),
            ),
            None => SqlStore::new(Db::Postgres(pool.clone())),
        };
        Ok(PostgresStore { pool, sql })
    }

    async fn pool_of(url: &str, size: u32) -> StoreResult<PgPool> {
        PgPoolOptions::new()
            .max_connections(size.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(backend)
    }

    /// The store on `pool` (the tests' fresh databases).
    #[cfg(test)]
    fn on(pool: PgPool) -> PostgresStore {
        let sql = SqlStore::new(Db::Postgres(pool.clone()));
        PostgresStore { pool, sql }
    }

    /// The store on `pool` reading its aggregates on `replica` (tests).
    #[cfg(test)]
    fn on_replica(pool: PgPool, replica: PgPool) -> PostgresStore {
        let sql = SqlStore::with_replica(Db::Postgres(pool.clone()), Db::Postgres(replica));
        PostgresStore { pool, sql }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl SqlBacked for PostgresStore {
    fn sql(&self) -> &SqlStore {
        &self.sql
    }
}
