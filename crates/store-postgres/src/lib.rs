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

/// The store on a PostgreSQL database.
pub struct PostgresStore {
    pool: PgPool,
    sql: SqlStore,
}

impl PostgresStore {
    /// Connect to a `postgres:` URL, e.g.
    /// `postgres://gongkai:secret@db.example.gov.cn/gongkai`.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(backend)?;
        let sql = SqlStore::new(Db::Postgres(pool.clone()));
        Ok(PostgresStore { pool, sql })
    }

    /// The store on `pool` (the tests' fresh databases).
    #[cfg(test)]
    fn on(pool: PgPool) -> PostgresStore {
        let sql = SqlStore::new(Db::Postgres(pool.clone()));
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
