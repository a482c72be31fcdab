//! One store implementation for both databases (实现一次，两种方言).
//!
//! The statements are written once, with `$1, $2 …` placeholders, over a
//! [`Db`] that is either an SQLite or a PostgreSQL pool. What really differs
//! between the two stays in this module, as small matches on [`Dialect`]:
//! how a write transaction takes its lock ([`Db::write_tx`], [`Tx::lock`],
//! [`Dialect::for_update`]), how errors are classified ([`SqlError`]), and
//! the few functions the two spell differently. The migrations are written
//! once too ([`migrations`]: shared lines, and lines marked for one dialect).
//! Connecting and pool options stay in the backend crates, which implement
//! [`SqlBacked`] and so get every store trait from the blanket
//! implementations here.

pub mod migrations;
mod query;

mod access;
mod accounts;
mod agencies;
mod audit;
mod calendar;
mod case_import;
mod case_register;
mod cases;
mod catalogue;
mod catalogue_rows;
mod concerns;
mod consultation_comments;
mod consultation_flags;
mod consultations;
mod decision_catalogue;
mod documents;
mod engagement;
mod health;
mod health_mail;
mod hearings;
mod inspections;
mod item_pages;
pub(crate) mod items;
mod latest;
mod lookback;
mod motion_reads;
mod motions;
mod plan_queue;
mod plans;
mod proposals;
mod public;
mod question_decisions;
mod questions;
mod register;
mod reports;
mod scorecard_assignments;
mod scorecards;
mod settings;
mod site;
mod snapshots;
mod staff;
mod standard;
mod synonyms;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

pub use query::{Arg, Decoded, Exec, Query, Row, query};

use crate::{Backend, Conflict, StoreError, StoreResult};

/// Which SQL a statement must be written in, where the two differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The row lock a read inside a write transaction takes: PostgreSQL
    /// locks the rows read (`FOR UPDATE`), so concurrent writers of one
    /// record wait for each other; SQLite's write transactions already run
    /// one at a time (`BEGIN IMMEDIATE`).
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// What a `SELECT … FOR UPDATE` of a queue adds so that concurrent
    /// takers skip each other's rows (PostgreSQL); SQLite's writers take
    /// turns anyway.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// The values of `column` over a group, joined with commas.
    pub fn comma_list(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("GROUP_CONCAT({column}, ',')"),
            Dialect::Postgres => format!("string_agg({column}, ',')"),
        }
    }

    /// A `LIMIT` value where a negative one means "no limit": SQLite reads a
    /// negative LIMIT that way; PostgreSQL refuses it but reads NULL so.
    pub fn limit(self, limit: i64) -> Option<i64> {
        match self {
            Dialect::Sqlite => Some(limit),
            Dialect::Postgres => (limit >= 0).then_some(limit),
        }
    }

    /// The text at `path` (keys from the root) of the JSON column `column`:
    /// a string unquoted, an array or object as JSON text, NULL when absent
    /// or JSON null.
    pub fn json_text(self, column: &str, path: &[&str]) -> String {
        match self {
            Dialect::Sqlite => format!("json_extract({column}, '$.{}')", path.join(".")),
            Dialect::Postgres => format!("({column} #>> '{{{}}}')", path.join(",")),
        }
    }

    /// What encloses one bound JSON array of ids to make it a subquery for
    /// `IN (…)`: a list of any length in one parameter.
    pub fn ids_of_json(self) -> (&'static str, &'static str) {
        match self {
            Dialect::Sqlite => ("SELECT value FROM json_each(", ")"),
            Dialect::Postgres => ("SELECT value::bigint FROM jsonb_array_elements_text(", ")"),
        }
    }

    /// The larger of two numbers (SQLite's two-argument `MAX`).
    pub fn greatest(self) -> &'static str {
        match self {
            Dialect::Sqlite => "MAX",
            Dialect::Postgres => "GREATEST",
        }
    }
}

/// A connection pool to either database.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction on either database.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A transaction-level lock a writer takes on PostgreSQL where no row exists
/// to lock (advisory locks; arbitrary constants used for nothing else).
/// SQLite needs none: its write transactions run one at a time.
#[derive(Debug, Clone, Copy)]
pub enum Lock {
    /// Held from taking a `seq` of `item_changes` to committing. Without it
    /// two transactions could take seqs 5 and 6 and commit 6 first: an
    /// indexer reading `seq > last_seen` in between would see 6, and then
    /// skip 5 forever.
    ItemChanges,
    /// The versions of one agency's report for one year, so two
    /// publications take consecutive versions.
    ReportVersions { agency: i64, year: i32 },
}

/// The first key of the two-key advisory locks of report versions (the
/// two-key lock space does not overlap the one-key space of item changes).
const REPORT_VERSIONS_LOCK: i32 = 7_310_002;
/// The one-key advisory lock of `item_changes`.
const ITEM_CHANGES_LOCK: i64 = 7_310_001;

/// The second key of the advisory lock of an agency's report for a year:
/// `agency × 10,000 + year`, cut to 32 bits. Distinct for every agency id
/// below 214,748 and every year below 10,000; two reports that share a key
/// only publish one after the other.
fn report_lock(agency: i64, year: i32) -> i32 {
    // Keeping the low 32 bits (`as` truncates) is the point.
    agency.wrapping_mul(10_000).wrapping_add(i64::from(year)) as i32
}

impl Db {
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// A write transaction. On SQLite it starts with `BEGIN IMMEDIATE`: it
    /// takes the write lock before its first read, waiting up to the busy
    /// timeout for other writers. A deferred `BEGIN` that reads and then
    /// writes cannot be upgraded while another connection writes, and SQLite
    /// answers such an upgrade at once with "database is locked" instead of
    /// waiting. Holding the write lock also serializes appends to the audit
    /// chain and every numbering. PostgreSQL writers lock rows instead
    /// ([`Dialect::for_update`], [`Tx::lock`]).
    pub async fn write_tx(&self) -> StoreResult<Tx> {
        match self {
            Db::Sqlite(p) => p.begin_with("BEGIN IMMEDIATE").await.map(Tx::Sqlite),
            Db::Postgres(p) => p.begin().await.map(Tx::Postgres),
        }
        .map_err(|e| SqlError(e).into())
    }

    /// A read-only transaction whose reads all see one snapshot.
    pub async fn snapshot_tx(&self) -> StoreResult<Tx> {
        match self {
            Db::Sqlite(p) => p.begin().await.map(Tx::Sqlite),
            Db::Postgres(p) => p
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await
                .map(Tx::Postgres),
        }
        .map_err(|e| SqlError(e).into())
    }

    /// Apply every pending migration of this database's dialect.
    pub async fn migrate(&self) -> StoreResult<()> {
        self.migrate_before(None).await
    }

    /// Apply the pending migrations with a version below `before` (all when
    /// `None`; tests build a database as it was with the older ones).
    pub async fn migrate_before(&self, before: Option<i64>) -> StoreResult<()> {
        let dialect = self.dialect();
        let migrator = migrations::Migrations { dialect, before }
            .migrator()
            .await?;
        match self {
            Db::Sqlite(p) => migrator.run(p).await,
            Db::Postgres(p) => migrator.run(p).await,
        }
        .map_err(backend)
    }
}

impl Tx {
    pub fn dialect(&self) -> Dialect {
        match self {
            Tx::Sqlite(_) => Dialect::Sqlite,
            Tx::Postgres(_) => Dialect::Postgres,
        }
    }

    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
        .map_err(|e| SqlError(e).into())
    }

    pub async fn rollback(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await,
            Tx::Postgres(t) => t.rollback().await,
        }
        .map_err(|e| SqlError(e).into())
    }

    /// Take `lock` until the transaction ends (nothing to do on SQLite).
    pub async fn lock(&mut self, lock: Lock) -> StoreResult<()> {
        let q = match (self.dialect(), lock) {
            (Dialect::Sqlite, _) => return Ok(()),
            (Dialect::Postgres, Lock::ItemChanges) => {
                query("SELECT pg_advisory_xact_lock($1)").bind(ITEM_CHANGES_LOCK)
            }
            (Dialect::Postgres, Lock::ReportVersions { agency, year }) => {
                query("SELECT pg_advisory_xact_lock($1, $2)")
                    .bind(REPORT_VERSIONS_LOCK)
                    .bind(report_lock(agency, year))
            }
        };
        q.execute(self).await?;
        Ok(())
    }
}

/// A database error, classified into a [`StoreError`] by `From`.
#[derive(Debug)]
pub struct SqlError(pub sqlx::Error);

impl From<sqlx::Error> for SqlError {
    fn from(e: sqlx::Error) -> SqlError {
        SqlError(e)
    }
}

impl SqlError {
    pub fn is_unique_violation(&self) -> bool {
        matches!(&self.0, sqlx::Error::Database(db) if db.is_unique_violation())
    }

    fn is_foreign_key_violation(&self) -> bool {
        matches!(&self.0, sqlx::Error::Database(db) if db.is_foreign_key_violation())
    }

    /// The database stayed busy: SQLite still locked after the busy timeout
    /// (SQLITE_BUSY or SQLITE_LOCKED and their extended codes), a PostgreSQL
    /// serialization failure (40001) or deadlock (40P01), or no connection
    /// free in time. Nothing was written.
    fn is_busy(&self) -> bool {
        match &self.0 {
            sqlx::Error::PoolTimedOut => true,
            sqlx::Error::Database(db) => match db.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
                Some(_) => db
                    .code()
                    .and_then(|c| c.parse::<i32>().ok())
                    .is_some_and(|c| matches!(c & 0xff, 5 | 6)),
                None => matches!(db.code().as_deref(), Some("40001" | "40P01")),
            },
            _ => false,
        }
    }

    /// A value PostgreSQL cannot store as text (the NUL character: 22021,
    /// or 22P05 for an untranslatable one).
    fn is_unstorable(&self) -> bool {
        matches!(&self.0, sqlx::Error::Database(db)
            if db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().is_some()
                && matches!(db.code().as_deref(), Some("22021" | "22P05")))
    }
}

impl From<SqlError> for StoreError {
    fn from(e: SqlError) -> StoreError {
        if e.is_busy() {
            StoreError::Busy
        } else if e.is_unstorable() {
            StoreError::Unstorable
        } else {
            StoreError::Backend(e.0.to_string())
        }
    }
}

/// Any other failure (serialising, a migration) as a backend error.
pub fn backend<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Map a write error: a uniqueness violation is the conflict `what`, a
/// missing referenced record is `NotFound` of what `what` refers to.
pub fn write_err(what: Conflict) -> impl Fn(SqlError) -> StoreError {
    move |e| {
        if e.is_unique_violation() {
            StoreError::Conflict(what)
        } else if e.is_foreign_key_violation() {
            StoreError::NotFound(format!("{what}所引用的记录"))
        } else {
            e.into()
        }
    }
}

/// The store on one database (its pool).
#[derive(Debug, Clone)]
pub struct SqlStore {
    db: Db,
    /// A read replica (PostgreSQL), if configured: see [`SqlBacked::reads`].
    replica: Option<Db>,
}

impl SqlStore {
    pub fn new(db: Db) -> SqlStore {
        SqlStore { db, replica: None }
    }

    /// The store on `db` whose large aggregate reads go to `replica`.
    pub fn with_replica(db: Db, replica: Db) -> SqlStore {
        SqlStore {
            db,
            replica: Some(replica),
        }
    }
}

/// A store on SQL: a backend crate's store type gives its [`SqlStore`] and
/// gets every store trait (blanket implementations in this module's
/// children).
pub trait SqlBacked: Send + Sync + 'static {
    fn sql(&self) -> &SqlStore;

    /// The pool statements run on.
    fn db(&self) -> &Db {
        &self.sql().db
    }

    /// The pool of the large aggregate reads that may lag behind a write
    /// by the replica's delay: the report's sums and drill-down, the
    /// supervisors' deadline counts, the public catalogue and the data's
    /// version (read there too, so what is kept per version is what the
    /// replica had). Without a replica, the primary.
    fn reads(&self) -> &Db {
        self.sql().replica.as_ref().unwrap_or(&self.sql().db)
    }
}

impl Dialect {
    /// The backend this dialect is spoken by.
    pub fn backend(self) -> Backend {
        match self {
            Dialect::Sqlite => Backend::Sqlite,
            Dialect::Postgres => Backend::Postgres,
        }
    }
}

/// Serialise a value for a JSON column.
pub(crate) fn json<T: serde::Serialize>(v: &T) -> StoreResult<Arg> {
    serde_json::to_string(v).map(Arg::json).map_err(backend)
}

/// Parse a JSON column's text; `what` names it in the error.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}：{e}")))
}

/// An event's `seq` as the `INTEGER` column holds it.
pub(crate) fn seq_column(seq: u32) -> StoreResult<i32> {
    i32::try_from(seq).map_err(|_| StoreError::Backend(format!("事件序号{seq}超出范围")))
}

/// A stored event's `seq`.
pub(crate) fn seq_value(seq: i32) -> StoreResult<u32> {
    u32::try_from(seq).map_err(|_| StoreError::Corrupt("事件序号".into()))
}
