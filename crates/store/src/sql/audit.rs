//! 审计记录: the chained audit trail.
//!
//! Appending reads the chain's head row under the write transaction's lock
//! (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `SELECT … FOR UPDATE` on the head),
//! so concurrent appends take consecutive sequence numbers and the chain never
//! forks. Writers append last in their transactions, after their own rows, so
//! on PostgreSQL the head is held only for the final statements.

use async_trait::async_trait;

use super::{Db, Dialect, Query, Row, SqlBacked, Tx, query};
use crate::audit::{self, AuditPage, AuditQuery, ChainHead, ChainedRecord};
use crate::*;

/// Chain the rows written before the chain existed (0006 recorded their last
/// id), once, in id order. Rows added by hand later stay unchained and
/// `verify` names them.
pub(super) async fn chain_legacy_audit(db: &Db) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    let lock = tx.dialect().for_update();
    let legacy_until: i64 = query(format!(
        "SELECT legacy_until FROM audit_chain_head WHERE id = 1{lock}"
    ))
    .scalar(&mut tx)
    .await?;
    let rows = query(
        "SELECT id, at, staff_id, agency_id, action, detail FROM audit_log \
         WHERE seq IS NULL AND id <= $1 ORDER BY id",
    )
    .bind(legacy_until)
    .fetch_all(&mut tx)
    .await?;
    for r in &rows {
        let e = entry_row(r)?;
        let entry = NewAuditEntry {
            at: e.at,
            staff_id: e.staff_id,
            agency_id: e.agency_id,
            action: e.action,
            detail: e.detail,
        };
        let head = chain_head(&mut tx).await?;
        let link = audit::link(&entry, &head);
        query("UPDATE audit_log SET seq = $1, at = $2, prev_hash = $3, hash = $4 WHERE id = $5")
            .bind(link.seq)
            .bind(link.at)
            .bind(&link.prev_hash)
            .bind(&link.hash)
            .bind(e.id)
            .execute(&mut tx)
            .await?;
        let head = ChainHead {
            seq: link.seq,
            hash: link.hash,
        };
        move_head(&mut tx, &head).await?;
    }
    tx.commit().await
}

fn entry_row(r: &Row) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        id: r.get("id")?,
        at: r.get("at")?,
        staff_id: r.get("staff_id")?,
        agency_id: r.get("agency_id")?,
        action: r.get("action")?,
        detail: r.get("detail")?,
    })
}

fn chained_row(r: &Row) -> StoreResult<ChainedRecord> {
    Ok(ChainedRecord {
        id: r.get("id")?,
        seq: r.get("seq")?,
        at: r.get("at")?,
        staff_id: r.get("staff_id")?,
        agency_id: r.get("agency_id")?,
        action: r.get("action")?,
        detail: r.get("detail")?,
        prev_hash: r.get("prev_hash")?,
        hash: r.get("hash")?,
    })
}

#[async_trait]
impl<S: SqlBacked> AuditStore for S {
    async fn append_audit(&self, entry: &NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        append_chained(&mut tx, entry).await?;
        tx.commit().await
    }

    async fn data_version(&self) -> StoreResult<i64> {
        let seq: Option<i64> = query("SELECT seq FROM audit_chain_head WHERE id = 1")
            .scalar_opt(self.reads())
            .await?;
        Ok(seq.unwrap_or(0))
    }

    async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        query(
            "SELECT id, at, staff_id, agency_id, action, detail FROM audit_log \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(self.db().dialect().limit(limit))
        .fetch_as(self.db(), entry_row)
        .await
    }

    async fn audit_chain(&self) -> StoreResult<(Vec<ChainedRecord>, ChainHead)> {
        // One snapshot for the rows and the head.
        let mut tx = self.db().snapshot_tx().await?;
        let row = query("SELECT seq, hash FROM audit_chain_head WHERE id = 1")
            .fetch_one(&mut tx)
            .await?;
        let head = ChainHead {
            seq: row.get("seq")?,
            hash: row.get("hash")?,
        };
        let records = query(
            "SELECT id, seq, at, staff_id, agency_id, action, detail, prev_hash, hash \
             FROM audit_log ORDER BY id",
        )
        .fetch_all(&mut tx)
        .await?
        .iter()
        .map(chained_row)
        .collect::<StoreResult<_>>()?;
        tx.commit().await?;
        Ok((records, head))
    }

    async fn audit_search(&self, q: &AuditQuery) -> StoreResult<AuditPage> {
        let dialect = self.db().dialect();
        let mut count = query("SELECT COUNT(*) FROM audit_log WHERE ");
        push_filters(&mut count, q, dialect);
        let total: i64 = count.scalar(self.db()).await?;
        let mut select =
            query("SELECT id, at, staff_id, agency_id, action, detail FROM audit_log WHERE ");
        push_filters(&mut select, q, dialect);
        select.push(" ORDER BY id DESC LIMIT ");
        select.push_bind(q.limit.clamp(1, audit::AUDIT_PAGE_MAX));
        select.push(" OFFSET ");
        select.push_bind(q.offset.max(0));
        let entries = select
            .fetch_all(self.db())
            .await?
            .iter()
            .map(entry_row)
            .collect::<StoreResult<_>>()?;
        Ok(AuditPage { entries, total })
    }
}

fn push_filters(b: &mut Query, q: &AuditQuery, dialect: Dialect) {
    if q.agencies.is_empty() {
        b.push("FALSE");
    } else {
        b.push("agency_id IN (");
        for (i, a) in q.agencies.iter().enumerate() {
            if i > 0 {
                b.push(", ");
            }
            b.push_bind(*a);
        }
        b.push(")");
    }
    if let Some(action) = &q.action {
        // The action itself or any below it (`case` finds `case.register`).
        b.push(" AND (action = ");
        b.push_bind(action.as_str());
        b.push(" OR substr(action, 1, ");
        // INTEGER, not BIGINT: PostgreSQL's substr takes int4 lengths.
        b.push_bind(i32::try_from(action.chars().count() + 1).unwrap_or(i32::MAX));
        b.push(") = ");
        b.push_bind(format!("{action}."));
        b.push(")");
    }
    if let Some(staff) = q.staff_id {
        b.push(" AND staff_id = ");
        b.push_bind(staff);
    }
    // SQLite stores times as RFC 3339 text in UTC, which sorts as time does,
    // but compares through julianday so the offset notation never matters.
    let (at, close) = match dialect {
        Dialect::Sqlite => ("julianday(at)", "julianday("),
        Dialect::Postgres => ("at", "("),
    };
    if let Some(from) = q.from {
        b.push(&format!(" AND {at} >= {close}"));
        b.push_bind(audit::day_start(from));
        b.push(")");
    }
    if let Some(to) = q.to.and_then(|d| d.succ_opt()) {
        b.push(&format!(" AND {at} < {close}"));
        b.push_bind(audit::day_start(to));
        b.push(")");
    }
}

async fn chain_head(tx: &mut Tx) -> StoreResult<ChainHead> {
    let lock = tx.dialect().for_update();
    let row = query(format!(
        "SELECT seq, hash FROM audit_chain_head WHERE id = 1{lock}"
    ))
    .fetch_one(&mut *tx)
    .await?;
    Ok(ChainHead {
        seq: row.get("seq")?,
        hash: row.get("hash")?,
    })
}

async fn move_head(tx: &mut Tx, head: &ChainHead) -> StoreResult<()> {
    query("UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(head.seq)
        .bind(&head.hash)
        .execute(tx)
        .await?;
    Ok(())
}

/// Append one chained record inside an open write transaction; on PostgreSQL
/// it locks the chain head until that transaction ends, so call it after the
/// decision's rows.
pub(super) async fn append_chained(tx: &mut Tx, entry: &NewAuditEntry) -> StoreResult<()> {
    append_chained_many(tx, std::slice::from_ref(entry)).await
}

/// Records per INSERT statement (8 parameters each; SQLite allows 32,766).
const CHAIN_BATCH: usize = 1000;

/// Append several chained records, in order, reading and moving the chain
/// head once (a bulk import records thousands of decisions).
pub(super) async fn append_chained_many(tx: &mut Tx, entries: &[NewAuditEntry]) -> StoreResult<()> {
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
        let mut insert = query(
            "INSERT INTO audit_log (seq, at, staff_id, agency_id, action, detail, prev_hash, hash) \
             VALUES ",
        );
        insert.push_rows(es.len(), 8);
        for (e, l) in es.iter().zip(ls) {
            insert = insert
                .bind(l.seq)
                .bind(l.at)
                .bind(e.staff_id)
                .bind(e.agency_id)
                .bind(&e.action)
                .bind(&e.detail)
                .bind(&l.prev_hash)
                .bind(&l.hash);
        }
        insert.execute(&mut *tx).await?;
    }
    move_head(tx, &head).await
}
