//! The catalogue of proactive disclosure: items, their append-only events and
//! listing snapshots, 索引号 counters, item attachments, Article 20 figures:
//! SQLite.
//!
//! * An item's `created_at` and `updated_at` are the times of its first and of
//!   its latest event (the clock of whoever recorded them), so "newest first"
//!   means "most recently acted on".
//! * A new item whose events are not numbered 1, 2, 3 … (or that has none) is
//!   a caller's bug: `create_items` refuses the whole slice with
//!   [`StoreError::Corrupt`] before writing anything.
//! * `state` is the snapshot state's serde code (`draft` … `withdrawn`);
//!   published items are those `published` or `withdrawn`.
//! * `create_items` inserts the items one by one (each needs its id, and a
//!   known dedup key inserts nothing) but their events [`EVENT_BATCH`] rows
//!   to a statement.
//! * Every item created and every event appended records one row of
//!   `item_changes` (the search indexer's feed) in the same transaction.
//!   SQLite runs one writing transaction at a time, so changes commit in
//!   `seq` order and a reader asking for `seq > last_seen` never skips one.

use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::{Article20Figures, ItemEventRecord, ItemState};
use gongkai_store::*;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::audit::{append_chained, append_chained_many};
use crate::{SqliteStore, backend, write_err};
use gongkai_store::audit;

/// The message of a concurrent or out-of-order append.
const EVENT_CONFLICT: &str = "该信息的新记录（其他人刚刚更新了此信息，请刷新后重试）";

const ITEM_COLUMNS: &str = "id, agency_id, snapshot, updated_at";

/// Events written by one statement of `create_items` (6 parameters each; SQLite
/// allows 32,766).
const EVENT_BATCH: usize = 100;

/// Changes written by one statement of `create_items` (2 parameters each).
const CHANGE_BATCH: usize = 500;

/// Ids looked up by one statement of `items_by_ids`.
const ID_BATCH: usize = 500;

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}：{e}")))
}

/// An item state's code, as serde writes it (`published`).
fn state_code(state: ItemState) -> StoreResult<String> {
    match serde_json::to_value(state).map_err(backend)? {
        serde_json::Value::String(code) => Ok(code),
        other => Err(backend(format!("信息状态{other}"))),
    }
}

/// Writing an item: a taken 索引号 is a conflict, an unknown agency not found.
fn item_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict("索引号".into())
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound("信息所属的机构".into())
        }
        _ => backend(e),
    }
}

/// A new item's history must be numbered 1, 2, 3 … and not be empty.
fn check_history(item: &NewItem) -> StoreResult<()> {
    if item.events.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "新信息“{}”没有任何记录",
            item.snapshot.metadata.title
        )));
    }
    for (i, e) in item.events.iter().enumerate() {
        if usize::try_from(e.seq).ok() != Some(i + 1) {
            return Err(StoreError::Corrupt(format!(
                "新信息“{}”的第{}条记录序号为{}",
                item.snapshot.metadata.title,
                i + 1,
                e.seq
            )));
        }
    }
    Ok(())
}

fn item_row(r: &SqliteRow) -> StoreResult<ItemRecord> {
    let get = |e: sqlx::Error| backend(e);
    let snapshot: String = r.try_get("snapshot").map_err(get)?;
    Ok(ItemRecord {
        id: r.try_get("id").map_err(get)?,
        agency_id: r.try_get("agency_id").map_err(get)?,
        snapshot: parse_json(&snapshot, "信息概要")?,
        updated_at: r.try_get("updated_at").map_err(get)?,
    })
}

fn event_row(r: &SqliteRow) -> StoreResult<ItemEventRecord> {
    let get = |e: sqlx::Error| backend(e);
    let seq: i64 = r.try_get("seq").map_err(get)?;
    let actor: String = r.try_get("actor").map_err(get)?;
    let action: String = r.try_get("action").map_err(get)?;
    Ok(ItemEventRecord {
        seq: u32::try_from(seq).map_err(|_| StoreError::Corrupt("信息记录序号".into()))?,
        at: r.try_get("at").map_err(get)?,
        actor: gongkai_store::event_schema::decode_actor(&actor)?,
        action: gongkai_store::event_schema::decode_item_action(&action)?,
        note: r.try_get("note").map_err(get)?,
    })
}

async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    item: ItemId,
    e: &ItemEventRecord,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO item_events (item_id, seq, at, actor, action, note) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(item)
    .bind(i64::from(e.seq))
    .bind(e.at)
    .bind(gongkai_store::event_schema::encode_actor(&e.actor)?)
    .bind(gongkai_store::event_schema::encode_item_action(&e.action)?)
    .bind(&e.note)
    .execute(&mut **tx)
    .await
    .map_err(write_err(EVENT_CONFLICT))?;
    Ok(())
}

/// Insert events of new items with one statement (at most [`EVENT_BATCH`]).
async fn insert_events(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    events: &[(ItemId, &ItemEventRecord)],
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO item_events (item_id, seq, at, actor, action, note) VALUES {}",
        vec!["(?, ?, ?, ?, ?, ?)"; events.len()].join(", ")
    );
    let mut q = sqlx::query(&sql);
    for (item, e) in events {
        q = q
            .bind(*item)
            .bind(i64::from(e.seq))
            .bind(e.at)
            .bind(gongkai_store::event_schema::encode_actor(&e.actor)?)
            .bind(gongkai_store::event_schema::encode_item_action(&e.action)?)
            .bind(&e.note);
    }
    q.execute(&mut **tx)
        .await
        .map_err(write_err(EVENT_CONFLICT))?;
    Ok(())
}

/// Record one change of each item, in the order given, with one statement.
/// No lock is needed for commit order: SQLite serialises writing transactions.
async fn insert_changes(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    items: &[ItemId],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO item_changes (item_id, changed_at) VALUES {}",
        vec!["(?, ?)"; items.len()].join(", ")
    );
    let mut q = sqlx::query(&sql);
    for item in items {
        q = q.bind(*item).bind(at);
    }
    q.execute(&mut **tx).await.map_err(backend)?;
    Ok(())
}

impl SqliteStore {
    pub(crate) async fn create_items_impl(
        &self,
        items: &[NewItem],
    ) -> StoreResult<Vec<ItemCreated>> {
        for item in items {
            check_history(item)?;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut events = Vec::new();
        let mut created = Vec::new();
        let mut decisions = Vec::new();
        let mut tx = self.write_tx().await?;
        for item in items {
            let s = &item.snapshot;
            let first = item.events.first().map_or_else(Utc::now, |e| e.at);
            let last = item.events.last().map_or(first, |e| e.at);
            // A key seen before (in the table or earlier in this slice) inserts
            // nothing and returns no row.
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO catalogue_items (agency_id, dedup_key, index_number, state, \
                 published_on, snapshot, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (agency_id, dedup_key) DO NOTHING RETURNING id",
            )
            .bind(item.agency_id)
            .bind(&item.dedup_key)
            .bind(&s.index_number)
            .bind(state_code(s.state)?)
            .bind(s.published_on)
            .bind(json(s)?)
            .bind(first)
            .bind(last)
            .fetch_optional(&mut *tx)
            .await
            .map_err(item_err)?;
            let Some(id) = id else {
                let existing: i64 = sqlx::query_scalar(
                    "SELECT id FROM catalogue_items WHERE agency_id = ? AND dedup_key = ?",
                )
                .bind(item.agency_id)
                .bind(&item.dedup_key)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
                out.push(ItemCreated::AlreadyExists(existing));
                continue;
            };
            events.extend(item.events.iter().map(|e| (id, e)));
            decisions.extend(
                item.events
                    .iter()
                    .map(|e| audit::item_event(item.agency_id, id, e)),
            );
            created.push(id);
            out.push(ItemCreated::New(id));
        }
        for chunk in events.chunks(EVENT_BATCH) {
            insert_events(&mut tx, chunk).await?;
        }
        let now = Utc::now();
        for chunk in created.chunks(CHANGE_BATCH) {
            insert_changes(&mut tx, chunk, now).await?;
        }
        append_chained_many(&mut tx, &decisions).await?;
        tx.commit().await.map_err(backend)?;
        Ok(out)
    }

    pub(crate) async fn item_impl(&self, id: ItemId) -> StoreResult<Option<ItemRecord>> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE id = ?");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(item_row).transpose()
    }

    pub(crate) async fn items_of_agency_impl(
        &self,
        agency: AgencyId,
    ) -> StoreResult<Vec<ItemRecord>> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE agency_id = ? \
             ORDER BY updated_at DESC, id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(agency)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(item_row).collect()
    }

    pub(crate) async fn published_items_impl(
        &self,
        agency: Option<AgencyId>,
        limit: i64,
    ) -> StoreResult<Vec<ItemRecord>> {
        let filter = if agency.is_some() {
            "AND agency_id = ?"
        } else {
            ""
        };
        // A negative LIMIT is "no limit" in SQLite.
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE state IN (?, ?) {filter} \
             ORDER BY published_on DESC, id DESC LIMIT ?"
        );
        let mut q = sqlx::query(&sql)
            .bind(state_code(ItemState::Published)?)
            .bind(state_code(ItemState::Withdrawn)?);
        if let Some(agency) = agency {
            q = q.bind(agency);
        }
        let rows = q.bind(limit).fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(item_row).collect()
    }

    pub(crate) async fn item_by_index_number_impl(
        &self,
        index_number: &str,
    ) -> StoreResult<Option<ItemRecord>> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE index_number = ?");
        let row = sqlx::query(&sql)
            .bind(index_number)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(item_row).transpose()
    }

    pub(crate) async fn item_events_impl(&self, item: ItemId) -> StoreResult<Vec<ItemEventRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, note FROM item_events WHERE item_id = ? ORDER BY seq",
        )
        .bind(item)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    pub(crate) async fn append_item_event_impl(
        &self,
        item: ItemId,
        event: &ItemEventRecord,
        snapshot: &ItemSnapshot,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let agency: Option<i64> =
            sqlx::query_scalar("SELECT agency_id FROM catalogue_items WHERE id = ?")
                .bind(item)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
        let Some(agency) = agency else {
            return Err(StoreError::NotFound(format!("信息{item}")));
        };
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM item_events WHERE item_id = ?")
                .bind(item)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        if i64::from(event.seq) != last.unwrap_or(0) + 1 {
            return Err(StoreError::Conflict(EVENT_CONFLICT.into()));
        }
        insert_event(&mut tx, item, event).await?;
        sqlx::query(
            "UPDATE catalogue_items SET state = ?, index_number = ?, published_on = ?, \
             snapshot = ?, updated_at = ? WHERE id = ?",
        )
        .bind(state_code(snapshot.state)?)
        .bind(&snapshot.index_number)
        .bind(snapshot.published_on)
        .bind(json(snapshot)?)
        .bind(event.at)
        .bind(item)
        .execute(&mut *tx)
        .await
        .map_err(item_err)?;
        insert_changes(&mut tx, &[item], Utc::now()).await?;
        append_chained(&mut tx, &audit::item_event(agency, item, event)).await?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn item_changes_after_impl(
        &self,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<ItemChange>> {
        // A negative LIMIT is "no limit" in SQLite.
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT seq, item_id FROM item_changes WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(seq, item_id)| ItemChange { seq, item_id })
            .collect())
    }

    pub(crate) async fn last_item_change_impl(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM item_changes")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    pub(crate) async fn items_by_ids_impl(&self, ids: &[ItemId]) -> StoreResult<Vec<ItemRecord>> {
        // Each id once, however often it was asked for.
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ID_BATCH) {
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE id IN ({})",
                vec!["?"; chunk.len()].join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            let rows = q.fetch_all(&self.pool).await.map_err(backend)?;
            for r in &rows {
                out.push(item_row(r)?);
            }
        }
        Ok(out)
    }

    pub(crate) async fn next_index_serial_impl(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<u32> {
        let last: i64 = sqlx::query_scalar(
            "INSERT INTO index_counters (agency_id, year, last) VALUES (?, ?, 1) \
             ON CONFLICT (agency_id, year) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(agency)
        .bind(year)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::NotFound(format!("机构{agency}"))
            }
            _ => backend(e),
        })?;
        u32::try_from(last).map_err(|_| StoreError::Corrupt(format!("索引号流水号{last}")))
    }

    pub(crate) async fn add_item_attachment_impl(&self, a: &NewItemAttachment) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO item_attachments (item_id, sha256, filename, content_type, size, \
             uploaded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(a.item_id)
        .bind(&a.sha256)
        .bind(&a.filename)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(write_err("附件"))
    }

    pub(crate) async fn item_attachments_impl(
        &self,
        item: ItemId,
    ) -> StoreResult<Vec<ItemAttachment>> {
        let rows = sqlx::query(
            "SELECT id, item_id, sha256, filename, content_type, size FROM item_attachments \
             WHERE item_id = ? ORDER BY id",
        )
        .bind(item)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        attachment_rows(&rows)
    }

    pub(crate) async fn put_figures_impl(
        &self,
        agency: AgencyId,
        figures: &Article20Figures,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO article20_figures (agency_id, year, data, updated_by, updated_at) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET \
             data = excluded.data, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(agency)
        .bind(figures.year)
        .bind(json(figures)?)
        .bind(by)
        .bind(Utc::now())
        .execute(&mut *tx)
        .await
        .map_err(write_err("第二十条数据"))?;
        let detail = format!("{}年", figures.year);
        let entry = audit::decision(Utc::now(), by, Some(agency), "figures.save", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn figures_impl(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Option<FiguresRecord>> {
        let row = sqlx::query(
            "SELECT agency_id, data, updated_by, updated_at FROM article20_figures \
             WHERE agency_id = ? AND year = ?",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|r| -> StoreResult<FiguresRecord> {
            let data: String = r.try_get("data").map_err(backend)?;
            let updated_at: DateTime<Utc> = r.try_get("updated_at").map_err(backend)?;
            Ok(FiguresRecord {
                agency_id: r.try_get("agency_id").map_err(backend)?,
                figures: parse_json(&data, "第二十条数据")?,
                updated_by: r.try_get("updated_by").map_err(backend)?,
                updated_at,
            })
        })
        .transpose()
    }
}

/// Item attachment rows (`id, item_id, sha256, filename, content_type, size`).
pub(crate) fn attachment_rows(
    rows: &[sqlx::sqlite::SqliteRow],
) -> StoreResult<Vec<ItemAttachment>> {
    rows.iter()
        .map(|r| -> Result<ItemAttachment, sqlx::Error> {
            Ok(ItemAttachment {
                id: r.try_get("id")?,
                item_id: r.try_get("item_id")?,
                sha256: r.try_get("sha256")?,
                filename: r.try_get("filename")?,
                content_type: r.try_get("content_type")?,
                size: r.try_get("size")?,
            })
        })
        .collect::<Result<_, _>>()
        .map_err(backend)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    use crate::test_db::TempDb;

    #[sqlx::test]
    async fn every_catalogue_call() {
        let db = TempDb::new("catalogue");
        let store = db.open().await;
        story(&store).await;
        store.pool().close().await;
    }

    #[sqlx::test]
    async fn a_bulk_import_takes_seconds() {
        let db = TempDb::new("catalogue-bulk");
        let store = db.open().await;
        bulk(&store).await;
        store.pool().close().await;
    }

    #[sqlx::test]
    async fn the_change_sequence() {
        let db = TempDb::new("item-changes");
        let store = db.open().await;
        gongkai_store::story::item_changes(&store).await;
        store.pool().close().await;
    }

    /// Migrations up to (not including) `version`, copied to a directory of
    /// their own, which is removed when the test ends.
    struct MigrationsBefore(PathBuf);

    impl MigrationsBefore {
        fn new(version: &str) -> MigrationsBefore {
            let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
            let dir = std::env::temp_dir()
                .join(format!("gongkai-migrations-{}-{nanos}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("create the directory");
            let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations");
            for entry in std::fs::read_dir(source).expect("read the migrations") {
                let path = entry.expect("a migration").path();
                let name = path.file_name().expect("a file name").to_owned();
                if name.to_string_lossy().as_ref() < version {
                    std::fs::copy(&path, dir.join(name)).expect("copy a migration");
                }
            }
            MigrationsBefore(dir)
        }
    }

    impl Drop for MigrationsBefore {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[sqlx::test]
    async fn migrating_records_one_change_per_existing_item() {
        let db = TempDb::new("item-changes-backfill");
        let store = db.open().await;
        let before = MigrationsBefore::new("0004");
        sqlx::migrate::Migrator::new(before.0.clone())
            .await
            .expect("load the older migrations")
            .run(store.pool())
            .await
            .expect("migrate to 0003");
        let pool = store.pool();
        sqlx::query(
            "INSERT INTO agencies (id, full_name, short_name, code, level, kind, channels, \
             created_at) VALUES (1, '交通运输局', '', 'X', 'county', 'department', '[]', ?)",
        )
        .bind(Utc::now())
        .execute(pool)
        .await
        .unwrap();
        // Ids out of the order of their times: changes follow the ids.
        for (id, secs) in [(7_i64, 30_i64), (3, 20), (5, 10)] {
            sqlx::query(
                "INSERT INTO catalogue_items (id, agency_id, state, snapshot, created_at, \
                 updated_at) VALUES (?, 1, 'draft', '{}', ?, ?)",
            )
            .bind(id)
            .bind(DateTime::from_timestamp(secs, 0))
            .bind(DateTime::from_timestamp(secs + 1, 0))
            .execute(pool)
            .await
            .unwrap();
        }
        store.migrate().await.expect("migrate to the latest");
        let changes = store.item_changes_after(0, 10).await.unwrap();
        assert_eq!(
            changes.iter().map(|c| c.item_id).collect::<Vec<_>>(),
            vec![3, 5, 7]
        );
        assert_eq!(store.last_item_change().await.unwrap(), changes[2].seq);
        let at: Vec<DateTime<Utc>> =
            sqlx::query_scalar("SELECT changed_at FROM item_changes ORDER BY seq")
                .fetch_all(pool)
                .await
                .unwrap();
        assert_eq!(
            at,
            [21, 11, 31].map(|s| DateTime::from_timestamp(s, 0).unwrap())
        );
        store.pool().close().await;
    }

    async fn story(store: &SqliteStore) {
        gongkai_store::story::catalogue(store, async |sql: &str| {
            sqlx::query(sql)
                .execute(store.pool())
                .await
                .expect_err(sql)
                .to_string()
        })
        .await;
    }

    async fn bulk(store: &SqliteStore) {
        gongkai_store::story::catalogue_bulk(store).await;
    }
}
