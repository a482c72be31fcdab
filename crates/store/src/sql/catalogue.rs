//! 主动公开目录: reading the catalogue, appending to an item's history, the
//! feed of changes, 索引号 numbering, attachments and Article 20 figures.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::{Article20Figures, ItemEventRecord, ItemState};

use super::audit::append_chained;
use super::items::{self, insert_changes, insert_events, item_err, state_code};
use super::{Db, Row, SqlBacked, Tx, json, parse_json, query, seq_value, write_err};
use super::{catalogue_rows, item_pages};
use crate::event_schema::{decode_actor, decode_item_action};
use crate::*;

const ITEM_COLUMNS: &str = "id, agency_id, snapshot, updated_at";

const ATTACHMENT_COLUMNS: &str = "id, item_id, sha256, filename, content_type, size";

/// Ids looked up by one statement of `items_by_ids`.
const ID_BATCH: usize = 500;

fn item_row(r: &Row) -> StoreResult<ItemRecord> {
    Ok(ItemRecord {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        snapshot: parse_json(&r.json("snapshot")?, "信息概要")?,
        updated_at: r.get("updated_at")?,
    })
}

fn event_row(r: &Row) -> StoreResult<ItemEventRecord> {
    Ok(ItemEventRecord {
        seq: seq_value(r.get("seq")?).map_err(|_| StoreError::Corrupt("信息记录序号".into()))?,
        at: r.get("at")?,
        actor: decode_actor(&r.json("actor")?)?,
        action: decode_item_action(&r.json("action")?)?,
        note: r.get("note")?,
    })
}

pub(super) fn attachment_row(r: &Row) -> StoreResult<ItemAttachment> {
    Ok(ItemAttachment {
        id: r.get("id")?,
        item_id: r.get("item_id")?,
        sha256: r.get("sha256")?,
        filename: r.get("filename")?,
        content_type: r.get("content_type")?,
        size: r.get("size")?,
    })
}

/// Items matching `clause` (placeholders from `$1`, bound to `keys`), in the
/// order `tail` gives.
async fn items_where(db: &Db, clause: &str, keys: Vec<super::Arg>) -> StoreResult<Vec<ItemRecord>> {
    let q = query(format!(
        "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE {clause}"
    ));
    q.bind_all(keys).fetch_as(db, item_row).await
}

/// Draw the serials, build the events from them, and append each event with
/// its snapshot; all in one transaction (see `append_item_events`).
async fn append_item_events(
    db: &Db,
    serials: &[(AgencyId, i32)],
    build: &BuildItemEvents<'_>,
) -> StoreResult<Result<(), String>> {
    let mut tx = db.write_tx().await?;
    let mut drawn = Vec::with_capacity(serials.len());
    for &(agency, year) in serials {
        drawn.push(index_serial(&mut tx, agency, year).await?);
    }
    let appends = match build(&drawn) {
        Ok(a) => a,
        Err(why) => {
            tx.rollback().await?;
            return Ok(Err(why));
        }
    };
    let mut last_seq: Vec<(ItemId, u32)> = Vec::new();
    for a in &appends {
        let last = match last_seq.iter().position(|(i, _)| *i == a.item) {
            Some(k) => last_seq[k].1,
            None => lock_item(&mut tx, a.item).await?,
        };
        if a.event.seq != last + 1 {
            return Err(StoreError::Conflict(Conflict::ItemEventSeq));
        }
        last_seq.retain(|(i, _)| *i != a.item);
        last_seq.push((a.item, a.event.seq));
        append_one(&mut tx, a).await?;
        if let Some(file) = &a.attachment {
            insert_attachment(file, &mut tx).await?;
        }
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Insert an attachment row (alone, or with its event in a transaction).
async fn insert_attachment<'c>(
    a: &NewItemAttachment,
    on: impl Into<super::Exec<'c>>,
) -> StoreResult<i64> {
    query(
        "INSERT INTO item_attachments (item_id, sha256, filename, content_type, size, \
         uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(a.item_id)
    .bind(&a.sha256)
    .bind(&a.filename)
    .bind(&a.content_type)
    .bind(a.size)
    .bind(Utc::now())
    .scalar(on)
    .await
    .map_err(write_err(Conflict::Attachment))
}

/// Lock an item's row until the transaction ends (PostgreSQL; concurrent
/// appends wait here for each other) and answer its last event's seq.
async fn lock_item(tx: &mut Tx, item: ItemId) -> StoreResult<u32> {
    let lock = tx.dialect().for_update();
    let found: Option<i64> = query(format!(
        "SELECT id FROM catalogue_items WHERE id = $1{lock}"
    ))
    .bind(item)
    .scalar_opt(&mut *tx)
    .await?;
    if found.is_none() {
        return Err(StoreError::NotFound(format!("信息{item}")));
    }
    let last: Option<i32> = query("SELECT MAX(seq) FROM item_events WHERE item_id = $1")
        .bind(item)
        .scalar(&mut *tx)
        .await?;
    Ok(u32::try_from(last.unwrap_or(0)).unwrap_or(0))
}

/// Insert one event, replace the item's snapshot, record the change and
/// the audit entry.
async fn append_one(tx: &mut Tx, a: &ItemAppend) -> StoreResult<()> {
    let (item, event, snapshot) = (a.item, &a.event, &a.snapshot);
    insert_events(tx, &[(item, event)]).await?;
    // The filter columns from $10 on, in their order.
    let filters: Vec<String> = items::FILTER_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 10))
        .collect();
    let agency: i64 = query(format!(
        "UPDATE catalogue_items SET state = $1, index_number = $2, published_on = $3, \
         snapshot = $4, updated_at = $5, late = $6, kind = $8, \
         times_returned = times_returned + $9, {} WHERE id = $7 RETURNING agency_id",
        filters.join(", ")
    ))
    .bind(state_code(snapshot.state)?)
    .bind(&snapshot.index_number)
    .bind(snapshot.published_on)
    .bind(json(snapshot)?)
    .bind(event.at)
    .bind(snapshot.late)
    .bind(item)
    .bind(snapshot.metadata.kind.code())
    .bind(i64::from(items::is_return(event)))
    .bind_all(items::filter_columns(snapshot).into())
    .scalar(&mut *tx)
    .await
    .map_err(item_err)?;
    insert_changes(tx, &[item]).await?;
    append_chained(tx, &audit::item_event(agency, item, event)).await
}

/// The next 索引号 serial of `agency` in `year`, inside `tx`. The upsert
/// locks the counter row until the transaction ends, so concurrent
/// publications take their serials one after the other; a rolled-back
/// transaction gives its serial back.
async fn index_serial(tx: &mut Tx, agency: AgencyId, year: i32) -> StoreResult<u32> {
    let last: i64 = query(
        "INSERT INTO index_counters (agency_id, year, last) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, year) DO UPDATE SET last = index_counters.last + 1 \
         RETURNING last",
    )
    .bind(agency)
    .bind(year)
    .scalar(&mut *tx)
    .await
    .map_err(|e| match write_err(Conflict::IndexNumber)(e) {
        StoreError::NotFound(_) => StoreError::NotFound(format!("机构{agency}")),
        other => other,
    })?;
    u32::try_from(last).map_err(|_| StoreError::Corrupt(format!("索引号流水号{last}")))
}

async fn put_figures(
    db: &Db,
    agency: AgencyId,
    figures: &Article20Figures,
    by: Option<StaffId>,
) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    query(
        "INSERT INTO article20_figures (agency_id, year, data, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id, year) DO UPDATE SET \
         data = EXCLUDED.data, updated_by = EXCLUDED.updated_by, \
         updated_at = EXCLUDED.updated_at",
    )
    .bind(agency)
    .bind(figures.year)
    .bind(json(figures)?)
    .bind(by)
    .bind(Utc::now())
    .execute(&mut tx)
    .await
    .map_err(write_err(Conflict::Figures))?;
    let detail = format!("{}年", figures.year);
    let entry = audit::decision(Utc::now(), by, Some(agency), "figures.save", detail);
    append_chained(&mut tx, &entry).await?;
    tx.commit().await
}

#[async_trait]
impl<S: SqlBacked> CatalogueStore for S {
    async fn create_items(&self, items: &[NewItem]) -> StoreResult<Vec<ItemCreated>> {
        items::create_items(self.db(), items).await
    }

    async fn item(&self, id: ItemId) -> StoreResult<Option<ItemRecord>> {
        Ok(items_where(self.db(), "id = $1", vec![id.into()])
            .await?
            .pop())
    }

    async fn item_counts(&self, agency: AgencyId) -> StoreResult<ItemCounts> {
        let r = query(
            "SELECT (SELECT COUNT(*) FROM catalogue_items WHERE agency_id = $1 AND state = $2) \
             AS submitted, \
             (SELECT COUNT(*) FROM catalogue_items WHERE agency_id = $1 AND late = $3) AS late",
        )
        .bind(agency)
        .bind(super::items::state_code(ItemState::Submitted)?)
        .bind(true)
        .fetch_one(self.db())
        .await?;
        let n = |c: &str| -> StoreResult<u64> { Ok(u64::try_from(r.get::<i64>(c)?).unwrap_or(0)) };
        Ok(ItemCounts {
            awaiting_review: n("submitted")?,
            late: n("late")?,
        })
    }

    async fn items_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<ItemRecord>> {
        let clause = "agency_id = $1 ORDER BY updated_at DESC, id DESC";
        items_where(self.db(), clause, vec![agency.into()]).await
    }

    async fn item_list_page(
        &self,
        agency: AgencyId,
        after: Option<&ItemListKey>,
        limit: u32,
    ) -> StoreResult<Vec<ItemListRow>> {
        let every = ItemListFilter::default();
        item_pages::item_list(self.db(), agency, &every, after, limit).await
    }

    async fn item_list(
        &self,
        agency: AgencyId,
        filter: &ItemListFilter,
        after: Option<&ItemListKey>,
        limit: u32,
    ) -> StoreResult<Vec<ItemListRow>> {
        item_pages::item_list(self.db(), agency, filter, after, limit).await
    }

    async fn item_list_count(&self, agency: AgencyId, filter: &ItemListFilter) -> StoreResult<u64> {
        item_pages::item_list_count(self.db(), agency, filter).await
    }

    async fn returned_items(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<ReturnedItem>> {
        item_pages::returned_items(self.db(), agency, limit).await
    }

    async fn policies_interpreted_by(&self, item: ItemId) -> StoreResult<Vec<ItemId>> {
        query(
            "SELECT policy_id FROM item_interpretations WHERE interpretation_id = $1 \
             ORDER BY policy_id",
        )
        .bind(item)
        .fetch_as(self.db(), |r| r.get("policy_id"))
        .await
    }

    async fn late_items(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<ItemListRow>> {
        item_pages::late_items(self.db(), agency, limit).await
    }

    async fn catalogue_page(
        &self,
        agency: AgencyId,
        filter: &CatalogueFilter,
        after: Option<&CatalogueKey>,
        limit: u32,
    ) -> StoreResult<Vec<ItemListRow>> {
        item_pages::catalogue_page(self.reads(), agency, filter, after, limit).await
    }

    async fn catalogue_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>> {
        item_pages::catalogue_years(self.reads(), agency).await
    }

    async fn items_filed_under(&self, agency: AgencyId, key: &str) -> StoreResult<u64> {
        catalogue_rows::items_filed_under(self.reads(), agency, key).await
    }

    async fn row_stats(&self, agency: AgencyId) -> StoreResult<Vec<RowStat>> {
        catalogue_rows::row_stats(self.reads(), agency).await
    }

    async fn published_items(
        &self,
        agency: Option<AgencyId>,
        limit: i64,
    ) -> StoreResult<Vec<ItemRecord>> {
        // NULL dates last (SQLite's default when descending; PostgreSQL is told).
        let clause = "state IN ($1, $2) AND ($3 IS NULL OR agency_id = $3) \
                      ORDER BY published_on DESC NULLS LAST, id DESC LIMIT $4";
        let keys = vec![
            state_code(ItemState::Published)?.into(),
            state_code(ItemState::Withdrawn)?.into(),
            agency.into(),
            self.db().dialect().limit(limit).into(),
        ];
        items_where(self.db(), clause, keys).await
    }

    async fn public_item_stamps(
        &self,
        first: ItemId,
        last: ItemId,
    ) -> StoreResult<Vec<(ItemId, DateTime<Utc>)>> {
        query(
            "SELECT id, updated_at FROM catalogue_items WHERE id BETWEEN $1 AND $2 \
             AND state IN ($3, $4) AND index_number IS NOT NULL ORDER BY id",
        )
        .bind(first)
        .bind(last)
        .bind(state_code(ItemState::Published)?)
        .bind(state_code(ItemState::Withdrawn)?)
        .fetch_as(self.db(), |r| Ok((r.get("id")?, r.get("updated_at")?)))
        .await
    }

    async fn last_item_id(&self) -> StoreResult<ItemId> {
        Ok(query("SELECT COALESCE(MAX(id), 0) FROM catalogue_items")
            .scalar(self.db())
            .await?)
    }

    async fn item_by_index_number(&self, index_number: &str) -> StoreResult<Option<ItemRecord>> {
        let keys = vec![index_number.into()];
        Ok(items_where(self.db(), "index_number = $1", keys)
            .await?
            .pop())
    }

    async fn item_events(&self, item: ItemId) -> StoreResult<Vec<ItemEventRecord>> {
        query(
            "SELECT seq, at, actor, action, note FROM item_events WHERE item_id = $1 ORDER BY seq",
        )
        .bind(item)
        .fetch_as(self.db(), event_row)
        .await
    }

    async fn append_item_events(
        &self,
        serials: &[(AgencyId, i32)],
        build: &BuildItemEvents<'_>,
    ) -> StoreResult<Result<(), String>> {
        append_item_events(self.db(), serials, build).await
    }

    async fn item_changes_after(&self, after: i64, limit: i64) -> StoreResult<Vec<ItemChange>> {
        query("SELECT seq, item_id FROM item_changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after)
            .bind(self.db().dialect().limit(limit))
            .fetch_all(self.db())
            .await?
            .iter()
            .map(|r| {
                Ok(ItemChange {
                    seq: r.get("seq")?,
                    item_id: r.get("item_id")?,
                })
            })
            .collect()
    }

    async fn last_item_change(&self) -> StoreResult<i64> {
        Ok(query("SELECT COALESCE(MAX(seq), 0) FROM item_changes")
            .scalar(self.db())
            .await?)
    }

    async fn items_by_ids(&self, ids: &[ItemId]) -> StoreResult<Vec<ItemRecord>> {
        // Each id once, however often it was asked for.
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ID_BATCH) {
            let mut q = query(format!(
                "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE id IN ("
            ));
            for (i, &id) in chunk.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " });
                q.push_bind(id);
            }
            q.push(")");
            out.extend(q.fetch_as(self.db(), item_row).await?);
        }
        Ok(out)
    }

    async fn next_index_serial(&self, agency: AgencyId, year: i32) -> StoreResult<u32> {
        let mut tx = self.db().write_tx().await?;
        let serial = index_serial(&mut tx, agency, year).await?;
        tx.commit().await?;
        Ok(serial)
    }

    async fn add_item_attachment(&self, a: &NewItemAttachment) -> StoreResult<i64> {
        insert_attachment(a, self.db()).await
    }

    async fn item_attachments(&self, item: ItemId) -> StoreResult<Vec<ItemAttachment>> {
        query(format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM item_attachments WHERE item_id = $1 ORDER BY id"
        ))
        .bind(item)
        .fetch_as(self.db(), attachment_row)
        .await
    }

    /// An indexed lookup (`item_attachments_file`, migration 0009) joined
    /// to the item by its key: a public download reads the attachments with
    /// that hash and name until the first of a public item, never every item.
    async fn public_attachment(
        &self,
        sha256: &str,
        filename: &str,
    ) -> StoreResult<Option<ItemAttachment>> {
        let columns = ATTACHMENT_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = query(format!(
            "SELECT {columns} FROM item_attachments a JOIN catalogue_items i ON i.id = a.item_id \
             WHERE a.sha256 = $1 AND a.filename = $2 AND i.state IN ($3, $4) \
             AND i.index_number IS NOT NULL ORDER BY a.id LIMIT 1"
        ))
        .bind(sha256)
        .bind(filename)
        .bind(state_code(ItemState::Published)?)
        .bind(state_code(ItemState::Withdrawn)?)
        .fetch_as(self.db(), attachment_row)
        .await?;
        Ok(rows.into_iter().next())
    }

    async fn put_figures(
        &self,
        agency: AgencyId,
        figures: &Article20Figures,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
        put_figures(self.db(), agency, figures, by).await
    }

    async fn figures(&self, agency: AgencyId, year: i32) -> StoreResult<Option<FiguresRecord>> {
        let row = query(
            "SELECT agency_id, data, updated_by, updated_at FROM article20_figures \
             WHERE agency_id = $1 AND year = $2",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(self.db())
        .await?;
        row.map(|r| -> StoreResult<FiguresRecord> {
            Ok(FiguresRecord {
                agency_id: r.get("agency_id")?,
                figures: parse_json(&r.json("data")?, "第二十条数据")?,
                updated_by: r.get("updated_by")?,
                updated_at: r.get("updated_at")?,
            })
        })
        .transpose()
    }
}
