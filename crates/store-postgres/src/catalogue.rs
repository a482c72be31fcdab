//! The catalogue of proactive disclosure: items, their append-only events and
//! listing snapshots, 索引号 counters, item attachments, Article 20 figures:
//! PostgreSQL.
//!
//! The same calls as the SQLite store's `catalogue` module, with the same
//! results and errors. JSON columns are `JSONB`, bound as text with a
//! `::jsonb` cast and read back with `::text`.
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
//!   known dedup key inserts nothing) but their events in batches through
//!   `UNNEST`, so a bulk import costs about one round trip per item.
//! * Every item created and every event appended records one row of
//!   `item_changes` (the search indexer's feed) in the same transaction, as
//!   the transaction's last write, under the advisory lock
//!   [`ITEM_CHANGES_LOCK`]: see [`insert_changes`].

use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::{Article20Figures, ItemEventRecord, ItemState};
use gongkai_store::*;
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::audit::{append_chained, append_chained_many};
use crate::{PostgresStore, backend, write_err};
use gongkai_store::audit;

/// The message of a concurrent or out-of-order append (as in SQLite).
const EVENT_CONFLICT: &str = "该信息的新记录（其他人刚刚更新了此信息，请刷新后重试）";

const ITEM_COLUMNS: &str = "id, agency_id, snapshot::text AS snapshot, updated_at";

/// Events written by one `UNNEST` insert of `create_items`.
const EVENT_BATCH: usize = 5_000;

/// Ids looked up by one statement of `items_by_ids`.
const ID_BATCH: usize = 500;

/// The transaction-level advisory lock held from taking a `seq` of
/// `item_changes` to committing (an arbitrary constant, used for nothing
/// else). Without it two transactions could take seqs 5 and 6 and commit 6
/// first: an indexer reading `seq > last_seen` in between would see 6, and
/// then skip 5 forever.
const ITEM_CHANGES_LOCK: i64 = 7_310_001;

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

/// An event's `seq` as the `INTEGER` column holds it.
fn seq_column(seq: u32) -> StoreResult<i32> {
    i32::try_from(seq).map_err(|_| StoreError::Backend(format!("信息记录序号{seq}超出范围")))
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

fn item_row(r: &PgRow) -> StoreResult<ItemRecord> {
    let get = |e: sqlx::Error| backend(e);
    let snapshot: String = r.try_get("snapshot").map_err(get)?;
    Ok(ItemRecord {
        id: r.try_get("id").map_err(get)?,
        agency_id: r.try_get("agency_id").map_err(get)?,
        snapshot: parse_json(&snapshot, "信息概要")?,
        updated_at: r.try_get("updated_at").map_err(get)?,
    })
}

fn event_row(r: &PgRow) -> StoreResult<ItemEventRecord> {
    let get = |e: sqlx::Error| backend(e);
    let seq: i32 = r.try_get("seq").map_err(get)?;
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

/// Events of new items waiting to be inserted together.
#[derive(Default)]
struct EventBatch {
    item_ids: Vec<i64>,
    seqs: Vec<i32>,
    ats: Vec<DateTime<Utc>>,
    actors: Vec<String>,
    actions: Vec<String>,
    notes: Vec<String>,
}

impl EventBatch {
    fn push(&mut self, item: ItemId, e: &ItemEventRecord) -> StoreResult<()> {
        self.item_ids.push(item);
        self.seqs.push(seq_column(e.seq)?);
        self.ats.push(e.at);
        self.actors
            .push(gongkai_store::event_schema::encode_actor(&e.actor)?);
        self.actions
            .push(gongkai_store::event_schema::encode_item_action(&e.action)?);
        self.notes.push(e.note.clone());
        Ok(())
    }

    async fn flush(&mut self, tx: &mut sqlx::Transaction<'_, sqlx::Postgres>) -> StoreResult<()> {
        if self.item_ids.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(self);
        sqlx::query(
            "INSERT INTO item_events (item_id, seq, at, actor, action, note) \
             SELECT item_id, seq, at, actor::jsonb, action::jsonb, note \
             FROM UNNEST($1::bigint[], $2::integer[], $3::timestamptz[], $4::text[], \
             $5::text[], $6::text[]) AS e(item_id, seq, at, actor, action, note)",
        )
        .bind(batch.item_ids)
        .bind(batch.seqs)
        .bind(batch.ats)
        .bind(batch.actors)
        .bind(batch.actions)
        .bind(batch.notes)
        .execute(&mut **tx)
        .await
        .map_err(write_err(EVENT_CONFLICT))?;
        Ok(())
    }
}

/// Record one change of each item, in the order given. Call it last, right
/// before committing: it takes [`ITEM_CHANGES_LOCK`], which then serialises
/// every writer of changes until this transaction ends, so changes become
/// visible in `seq` order.
async fn insert_changes(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    items: &[ItemId],
) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(ITEM_CHANGES_LOCK)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    sqlx::query(
        "INSERT INTO item_changes (item_id, changed_at) \
         SELECT item_id, $2 FROM UNNEST($1::bigint[]) WITH ORDINALITY AS c(item_id, n) \
         ORDER BY n",
    )
    .bind(items)
    .bind(Utc::now())
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

impl PostgresStore {
    pub(crate) async fn create_items_impl(
        &self,
        items: &[NewItem],
    ) -> StoreResult<Vec<ItemCreated>> {
        for item in items {
            check_history(item)?;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut events = EventBatch::default();
        let mut created = Vec::new();
        let mut decisions = Vec::new();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for item in items {
            let s = &item.snapshot;
            let first = item.events.first().map_or_else(Utc::now, |e| e.at);
            let last = item.events.last().map_or(first, |e| e.at);
            // A key seen before (in the table, earlier in this slice, or in a
            // concurrent import once it commits) inserts nothing; the item
            // holding it is then answered in the same round trip, except when
            // it was committed after this statement began (looked up again).
            let row: Option<(i64, bool)> = sqlx::query_as(
                "WITH inserted AS ( \
                 INSERT INTO catalogue_items (agency_id, dedup_key, index_number, state, \
                 published_on, snapshot, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) \
                 ON CONFLICT (agency_id, dedup_key) DO NOTHING RETURNING id) \
                 SELECT id, TRUE FROM inserted UNION ALL \
                 SELECT id, FALSE FROM catalogue_items \
                 WHERE agency_id = $1 AND dedup_key = $2 AND NOT EXISTS (SELECT 1 FROM inserted)",
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
            let id = match row {
                Some((id, true)) => id,
                Some((existing, false)) => {
                    out.push(ItemCreated::AlreadyExists(existing));
                    continue;
                }
                None => {
                    let existing: i64 = sqlx::query_scalar(
                        "SELECT id FROM catalogue_items WHERE agency_id = $1 AND dedup_key = $2",
                    )
                    .bind(item.agency_id)
                    .bind(&item.dedup_key)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(backend)?;
                    out.push(ItemCreated::AlreadyExists(existing));
                    continue;
                }
            };
            for e in &item.events {
                events.push(id, e)?;
                decisions.push(audit::item_event(item.agency_id, id, e));
            }
            if events.item_ids.len() >= EVENT_BATCH {
                events.flush(&mut tx).await?;
            }
            created.push(id);
            out.push(ItemCreated::New(id));
        }
        events.flush(&mut tx).await?;
        insert_changes(&mut tx, &created).await?;
        append_chained_many(&mut tx, &decisions).await?;
        tx.commit().await.map_err(backend)?;
        Ok(out)
    }

    pub(crate) async fn item_impl(&self, id: ItemId) -> StoreResult<Option<ItemRecord>> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE id = $1");
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
            "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE agency_id = $1 \
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
        // SQLite reads a negative LIMIT as "no limit"; PostgreSQL refuses it but
        // reads LIMIT NULL that way. SQLite sorts NULL dates last when
        // descending; PostgreSQL is told to.
        let limit = (limit >= 0).then_some(limit);
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE state IN ($1, $2) \
             AND ($3::bigint IS NULL OR agency_id = $3) \
             ORDER BY published_on DESC NULLS LAST, id DESC LIMIT $4"
        );
        let rows = sqlx::query(&sql)
            .bind(state_code(ItemState::Published)?)
            .bind(state_code(ItemState::Withdrawn)?)
            .bind(agency)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(item_row).collect()
    }

    pub(crate) async fn item_by_index_number_impl(
        &self,
        index_number: &str,
    ) -> StoreResult<Option<ItemRecord>> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE index_number = $1");
        let row = sqlx::query(&sql)
            .bind(index_number)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(item_row).transpose()
    }

    pub(crate) async fn item_events_impl(&self, item: ItemId) -> StoreResult<Vec<ItemEventRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor::text AS actor, action::text AS action, note \
             FROM item_events WHERE item_id = $1 ORDER BY seq",
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        // Concurrent appends to one item wait here for each other, so the
        // second one sees the first one's event below.
        let agency: Option<i64> =
            sqlx::query_scalar("SELECT agency_id FROM catalogue_items WHERE id = $1 FOR UPDATE")
                .bind(item)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
        let Some(agency) = agency else {
            return Err(StoreError::NotFound(format!("信息{item}")));
        };
        let last: Option<i32> =
            sqlx::query_scalar("SELECT MAX(seq) FROM item_events WHERE item_id = $1")
                .bind(item)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        if i64::from(event.seq) != i64::from(last.unwrap_or(0)) + 1 {
            return Err(StoreError::Conflict(EVENT_CONFLICT.into()));
        }
        sqlx::query(
            "INSERT INTO item_events (item_id, seq, at, actor, action, note) \
             VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)",
        )
        .bind(item)
        .bind(seq_column(event.seq)?)
        .bind(event.at)
        .bind(json(&event.actor)?)
        .bind(json(&event.action)?)
        .bind(&event.note)
        .execute(&mut *tx)
        .await
        .map_err(write_err(EVENT_CONFLICT))?;
        sqlx::query(
            "UPDATE catalogue_items SET state = $1, index_number = $2, published_on = $3, \
             snapshot = $4::jsonb, updated_at = $5 WHERE id = $6",
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
        insert_changes(&mut tx, &[item]).await?;
        append_chained(&mut tx, &audit::item_event(agency, item, event)).await?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn item_changes_after_impl(
        &self,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<ItemChange>> {
        // A negative limit is "no limit", as in SQLite (LIMIT NULL here).
        let limit = (limit >= 0).then_some(limit);
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT seq, item_id FROM item_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
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
        let sql = format!("SELECT {ITEM_COLUMNS} FROM catalogue_items WHERE id = ANY($1)");
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ID_BATCH) {
            let rows = sqlx::query(&sql)
                .bind(chunk)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
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
        // The upsert locks the counter row until the statement commits, so
        // concurrent calls take their serials one after the other.
        let last: i64 = sqlx::query_scalar(
            "INSERT INTO index_counters (agency_id, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (agency_id, year) DO UPDATE SET last = index_counters.last + 1 \
             RETURNING last",
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
             uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
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
             WHERE item_id = $1 ORDER BY id",
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO article20_figures (agency_id, year, data, updated_by, updated_at) \
             VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (agency_id, year) DO UPDATE SET \
             data = EXCLUDED.data, updated_by = EXCLUDED.updated_by, \
             updated_at = EXCLUDED.updated_at",
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
            "SELECT agency_id, data::text AS data, updated_by, updated_at FROM article20_figures \
             WHERE agency_id = $1 AND year = $2",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|r| -> StoreResult<FiguresRecord> {
            let data: String = r.try_get("data").map_err(backend)?;
            Ok(FiguresRecord {
                agency_id: r.try_get("agency_id").map_err(backend)?,
                figures: parse_json(&data, "第二十条数据")?,
                updated_by: r.try_get("updated_by").map_err(backend)?,
                updated_at: r.try_get("updated_at").map_err(backend)?,
            })
        })
        .transpose()
    }
}

/// Runs only when `GONGKAI_TEST_DATABASE_URL` names a PostgreSQL server the
/// test may create and drop databases on; skipped silently otherwise.
/// Item attachment rows (`id, item_id, sha256, filename, content_type, size`).
pub(crate) fn attachment_rows(rows: &[sqlx::postgres::PgRow]) -> StoreResult<Vec<ItemAttachment>> {
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

    use std::future::Future;

    use sqlx::postgres::PgPoolOptions;

    use super::*;

    async fn with_fresh_database<F, Fut>(body: F)
    where
        F: FnOnce(PostgresStore) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        crate::test_db::with_fresh_database("catalogue", 2, body).await;
    }

    #[sqlx::test]
    async fn every_catalogue_call() {
        with_fresh_database(|store| async move { story(&store).await }).await;
    }

    #[sqlx::test]
    async fn a_bulk_import_takes_seconds() {
        with_fresh_database(|store| async move { bulk(&store).await }).await;
    }

    #[sqlx::test]
    async fn the_change_sequence() {
        with_fresh_database(|store| async move {
            gongkai_store::story::item_changes(&store).await;
        })
        .await;
    }

    /// Migrations up to (not including) `version`, copied to a directory of
    /// their own, which is removed when the test ends.
    struct MigrationsBefore(std::path::PathBuf);

    impl MigrationsBefore {
        fn new(version: &str) -> MigrationsBefore {
            let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
            let dir = std::env::temp_dir().join(format!(
                "gongkai-pg-migrations-{}-{nanos}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).expect("create the directory");
            let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
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
        with_fresh_database(|store| async move {
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
                 created_at) OVERRIDING SYSTEM VALUE \
                 VALUES (1, '交通运输局', '', 'X', 'county', 'department', '[]', $1)",
            )
            .bind(Utc::now())
            .execute(pool)
            .await
            .unwrap();
            // Ids out of the order of their times: changes follow the ids.
            for (id, secs) in [(7_i64, 30_i64), (3, 20), (5, 10)] {
                sqlx::query(
                    "INSERT INTO catalogue_items (id, agency_id, state, snapshot, created_at, \
                     updated_at) OVERRIDING SYSTEM VALUE \
                     VALUES ($1, 1, 'draft', '{}'::jsonb, $2, $3)",
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
        })
        .await;
    }

    /// Poll every future on this task until all are done (the crate has no
    /// executor of its own to spawn on).
    async fn join_all(mut futures: Vec<std::pin::Pin<Box<dyn Future<Output = ()> + '_>>>) {
        let mut done = vec![false; futures.len()];
        std::future::poll_fn(|cx| {
            for (f, d) in futures.iter_mut().zip(done.iter_mut()) {
                if !*d && f.as_mut().poll(cx).is_ready() {
                    *d = true;
                }
            }
            if done.iter().all(|d| *d) {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
    }

    /// Writers recording changes side by side (each holding its transaction
    /// open a little) while a reader follows the feed with `seq > last_seen`:
    /// the reader misses no change. Without the advisory lock a seq that
    /// commits after a higher one would be skipped.
    #[sqlx::test]
    async fn a_reader_following_concurrent_writers_misses_no_change() {
        with_fresh_database(|store| async move {
            store.migrate().await.unwrap();
            let pool = PgPoolOptions::new()
                .max_connections(9)
                .connect_with((*store.pool().connect_options()).clone())
                .await
                .expect("a bigger pool");
            let store = PostgresStore { pool };
            let agency: i64 = sqlx::query_scalar(
                "INSERT INTO agencies (full_name, short_name, code, level, kind, channels, \
                 created_at) VALUES ('交通运输局', '', 'X', 'county', 'department', '[]', $1) \
                 RETURNING id",
            )
            .bind(Utc::now())
            .fetch_one(store.pool())
            .await
            .unwrap();
            const WRITERS: usize = 8;
            const ROUNDS: usize = 30;
            let finished = std::cell::Cell::new(0);
            let seen = std::cell::RefCell::new(Vec::new());
            let mut tasks: Vec<std::pin::Pin<Box<dyn Future<Output = ()> + '_>>> = Vec::new();
            for w in 0..WRITERS {
                let (store, finished) = (&store, &finished);
                tasks.push(Box::pin(async move {
                    for r in 0..ROUNDS {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO catalogue_items (agency_id, state, snapshot, \
                             created_at, updated_at) VALUES ($1, 'draft', '{}'::jsonb, $2, $2) \
                             RETURNING id",
                        )
                        .bind(agency)
                        .bind(Utc::now())
                        .fetch_one(store.pool())
                        .await
                        .unwrap();
                        // The change row as the store writes it, then a pause
                        // before committing to widen any window.
                        let mut tx = store.pool().begin().await.unwrap();
                        insert_changes(&mut tx, &[id]).await.unwrap();
                        let pause = if (w + r) % 3 == 0 { 0.005 } else { 0.0 };
                        sqlx::query("SELECT pg_sleep($1)")
                            .bind(pause)
                            .execute(&mut *tx)
                            .await
                            .unwrap();
                        tx.commit().await.unwrap();
                    }
                    finished.set(finished.get() + 1);
                }));
            }
            let (reader_store, reader_finished, reader_seen) = (&store, &finished, &seen);
            tasks.push(Box::pin(async move {
                let mut last = 0;
                loop {
                    // Read after checking, so the last round sees every commit.
                    let all_done = reader_finished.get() == WRITERS;
                    let batch = reader_store.item_changes_after(last, 7).await.unwrap();
                    for c in &batch {
                        last = c.seq;
                        reader_seen.borrow_mut().push(c.seq);
                    }
                    if all_done && batch.is_empty() {
                        break;
                    }
                }
            }));
            join_all(tasks).await;
            let all: Vec<i64> = store
                .item_changes_after(0, -1)
                .await
                .unwrap()
                .iter()
                .map(|c| c.seq)
                .collect();
            assert_eq!(all.len(), WRITERS * ROUNDS);
            assert_eq!(*seen.borrow(), all, "the reader skipped a change");
            store.pool().close().await;
        })
        .await;
    }

    async fn story(store: &PostgresStore) {
        gongkai_store::story::catalogue(store, async |sql: &str| {
            sqlx::query(sql)
                .execute(store.pool())
                .await
                .expect_err(sql)
                .to_string()
        })
        .await;
    }

    async fn bulk(store: &PostgresStore) {
        gongkai_store::story::catalogue_bulk(store).await;
    }
}
