//! Write transactions and the chained audit trail: SQLite.
//!
//! Every write transaction starts with `BEGIN IMMEDIATE` ([`SqliteStore::write_tx`]):
//! it takes SQLite's write lock before its first read, waiting up to the busy
//! timeout for other writers. A deferred `BEGIN` that reads and then writes
//! cannot be upgraded while another connection writes, and SQLite answers such
//! an upgrade at once with "database is locked" instead of waiting. Holding the
//! write lock also serializes appends to the audit chain, so it never forks.

use gongkai_store::audit::{self, AuditPage, AuditQuery, ChainHead, ChainedRecord};
use gongkai_store::*;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, Transaction};

use crate::{SqliteStore, backend};

impl SqliteStore {
    /// A transaction holding the database's write lock from its start.
    pub(crate) async fn write_tx(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)
    }

    /// Chain the rows written before the chain existed (0006 recorded their
    /// last id), once, in id order. Rows added by hand later stay unchained
    /// and `verify` names them.
    pub(crate) async fn chain_legacy_audit(&self) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let legacy_until: i64 =
            sqlx::query_scalar("SELECT legacy_until FROM audit_chain_head WHERE id = 1")
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        let rows = sqlx::query(
            "SELECT id, at, staff_id, agency_id, action, detail FROM audit_log \
             WHERE seq IS NULL AND id <= ? ORDER BY id",
        )
        .bind(legacy_until)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        for r in &rows {
            let entry = NewAuditEntry {
                at: r.try_get("at").map_err(backend)?,
                staff_id: r.try_get("staff_id").map_err(backend)?,
                agency_id: r.try_get("agency_id").map_err(backend)?,
                action: r.try_get("action").map_err(backend)?,
                detail: r.try_get("detail").map_err(backend)?,
            };
            let id: i64 = r.try_get("id").map_err(backend)?;
            let head = chain_head(&mut tx).await?;
            let link = audit::link(&entry, &head);
            sqlx::query(
                "UPDATE audit_log SET seq = ?, at = ?, prev_hash = ?, hash = ? WHERE id = ?",
            )
            .bind(link.seq)
            .bind(link.at)
            .bind(&link.prev_hash)
            .bind(&link.hash)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            move_head(
                &mut tx,
                &ChainHead {
                    seq: link.seq,
                    hash: link.hash,
                },
            )
            .await?;
        }
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn append_audit_impl(&self, entry: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        append_chained(&mut tx, entry).await?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn audit_chain_impl(&self) -> StoreResult<(Vec<ChainedRecord>, ChainHead)> {
        // One read transaction: the rows and the head from the same snapshot.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let head = chain_head(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT id, seq, at, staff_id, agency_id, action, detail, prev_hash, hash \
             FROM audit_log ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let records = rows
            .iter()
            .map(|r| -> Result<ChainedRecord, sqlx::Error> {
                Ok(ChainedRecord {
                    id: r.try_get("id")?,
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    staff_id: r.try_get("staff_id")?,
                    agency_id: r.try_get("agency_id")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                    prev_hash: r.try_get("prev_hash")?,
                    hash: r.try_get("hash")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok((records, head))
    }

    pub(crate) async fn audit_search_impl(&self, q: &AuditQuery) -> StoreResult<AuditPage> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM audit_log WHERE ");
        push_filters(&mut count, q);
        let total: i64 = count
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        let mut select = QueryBuilder::<Sqlite>::new(
            "SELECT id, at, staff_id, agency_id, action, detail FROM audit_log WHERE ",
        );
        push_filters(&mut select, q);
        select.push(" ORDER BY id DESC LIMIT ");
        select.push_bind(q.limit.clamp(1, audit::AUDIT_PAGE_MAX));
        select.push(" OFFSET ");
        select.push_bind(q.offset.max(0));
        let rows = select
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let entries = rows
            .iter()
            .map(entry_row)
            .collect::<Result<_, _>>()
            .map_err(backend)?;
        Ok(AuditPage { entries, total })
    }
}

fn push_filters(b: &mut QueryBuilder<'_, Sqlite>, q: &AuditQuery) {
    if q.agencies.is_empty() {
        b.push("0");
    } else {
        b.push("agency_id IN (");
        let mut list = b.separated(", ");
        for a in &q.agencies {
            list.push_bind(*a);
        }
        b.push(")");
    }
    if let Some(action) = &q.action {
        b.push(" AND (action = ");
        b.push_bind(action.clone());
        b.push(" OR substr(action, 1, ");
        b.push_bind(i64::try_from(action.len() + 1).unwrap_or(i64::MAX));
        b.push(") = ");
        b.push_bind(format!("{action}."));
        b.push(")");
    }
    if let Some(staff) = q.staff_id {
        b.push(" AND staff_id = ");
        b.push_bind(staff);
    }
    // Times are stored as RFC 3339 text in UTC, which sorts as time does,
    // but compare through julianday so the offset notation never matters.
    if let Some(from) = q.from {
        b.push(" AND julianday(at) >= julianday(");
        b.push_bind(audit::day_start(from));
        b.push(")");
    }
    if let Some(to) = q.to.and_then(|d| d.succ_opt()) {
        b.push(" AND julianday(at) < julianday(");
        b.push_bind(audit::day_start(to));
        b.push(")");
    }
}

pub(crate) fn entry_row(r: &SqliteRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        staff_id: r.try_get("staff_id")?,
        agency_id: r.try_get("agency_id")?,
        action: r.try_get("action")?,
        detail: r.try_get("detail")?,
    })
}

async fn chain_head(tx: &mut SqliteConnection) -> StoreResult<ChainHead> {
    let row = sqlx::query("SELECT seq, hash FROM audit_chain_head WHERE id = 1")
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(ChainHead {
        seq: row.try_get("seq").map_err(backend)?,
        hash: row.try_get("hash").map_err(backend)?,
    })
}

async fn move_head(tx: &mut SqliteConnection, head: &ChainHead) -> StoreResult<()> {
    sqlx::query("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")
        .bind(head.seq)
        .bind(&head.hash)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// Append one chained record inside an open write transaction (one started by
/// [`SqliteStore::write_tx`], whose lock keeps the chain from forking).
pub(crate) async fn append_chained(
    tx: &mut SqliteConnection,
    entry: &NewAuditEntry,
) -> StoreResult<()> {
    append_chained_many(tx, std::slice::from_ref(entry)).await
}

/// Records per INSERT statement (8 parameters each).
const CHAIN_BATCH: usize = 1000;

/// Append several chained records, in order, reading and moving the chain
/// head once (a bulk import records thousands of decisions).
pub(crate) async fn append_chained_many(
    tx: &mut SqliteConnection,
    entries: &[NewAuditEntry],
) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut head = chain_head(tx).await?;
    let mut links = Vec::with_capacity(entries.len());
    for entry in entries {
        let link = audit::link(entry, &head);
        head = ChainHead {
            seq: link.seq,
            hash: link.hash.clone(),
        };
        links.push(link);
    }
    for (es, ls) in entries.chunks(CHAIN_BATCH).zip(links.chunks(CHAIN_BATCH)) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO audit_log (seq, at, staff_id, agency_id, action, detail, prev_hash, hash) ",
        );
        insert.push_values(es.iter().zip(ls), |mut row, (e, l)| {
            row.push_bind(l.seq)
                .push_bind(l.at)
                .push_bind(e.staff_id)
                .push_bind(e.agency_id)
                .push_bind(e.action.clone())
                .push_bind(e.detail.clone())
                .push_bind(l.prev_hash.clone())
                .push_bind(l.hash.clone());
        });
        insert.build().execute(&mut *tx).await.map_err(backend)?;
    }
    move_head(tx, &head).await
}
