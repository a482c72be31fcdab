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

use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::{Article20Figures, ItemEventRecord, ItemState};
use gongkai_store::*;
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::{PostgresStore, backend, write_err};

/// The message of a concurrent or out-of-order append (as in SQLite).
const EVENT_CONFLICT: &str = "该信息的新记录（其他人刚刚更新了此信息，请刷新后重试）";

const ITEM_COLUMNS: &str = "id, agency_id, snapshot::text AS snapshot, updated_at";

/// Events written by one `UNNEST` insert of `create_items`.
const EVENT_BATCH: usize = 5_000;

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
        actor: parse_json(&actor, "信息记录执行人")?,
        action: parse_json(&action, "信息记录内容")?,
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
        self.actors.push(json(&e.actor)?);
        self.actions.push(json(&e.action)?);
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
            }
            if events.item_ids.len() >= EVENT_BATCH {
                events.flush(&mut tx).await?;
            }
            out.push(ItemCreated::New(id));
        }
        events.flush(&mut tx).await?;
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
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM catalogue_items WHERE id = $1 FOR UPDATE")
                .bind(item)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("信息{item}")));
        }
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
        tx.commit().await.map_err(backend)
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

    pub(crate) async fn put_figures_impl(
        &self,
        agency: AgencyId,
        figures: &Article20Figures,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
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
        .execute(&self.pool)
        .await
        .map_err(write_err("第二十条数据"))?;
        Ok(())
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
#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::str::FromStr;
    use std::time::Instant;

    use chrono::NaiveDate;
    use gongkai_domain::agency::{AgencyDraft, AgencyProfile, DisclosureOffice};
    use gongkai_domain::case::Actor;
    use gongkai_domain::catalogue::{
        IndexNumber, ItemAction, ItemForm, ItemMetadata, PublicationChannel, ValidityState,
    };
    use gongkai_domain::staff::{Role, Username};
    use gongkai_domain::vocabulary::Channel;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    use super::*;

    /// Run `body` against a fresh database, dropped afterwards (a failing
    /// check leaves it behind for inspection).
    async fn with_fresh_database<F, Fut>(body: F)
    where
        F: FnOnce(PostgresStore) -> Fut,
        Fut: Future<Output = ()>,
    {
        let Some(url) = std::env::var("GONGKAI_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            return;
        };
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("connect to GONGKAI_TEST_DATABASE_URL");
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        let name = format!("gongkai_catalogue_{}_{nanos}", std::process::id());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("create the test database");
        let options = PgConnectOptions::from_str(&url)
            .expect("parse the URL")
            .database(&name);
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .expect("connect to the test database");
        body(PostgresStore { pool: pool.clone() }).await;
        pool.close().await;
        sqlx::query(&format!("DROP DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("drop the test database");
    }

    #[sqlx::test]
    async fn every_catalogue_call() {
        with_fresh_database(|store| async move { story(&store).await }).await;
    }

    #[sqlx::test]
    async fn a_bulk_import_takes_seconds() {
        with_fresh_database(|store| async move { bulk(&store).await }).await;
    }

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_900_000_000 + secs, 0).expect("in range")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn profile(code: &str, full_name: &str) -> AgencyProfile {
        AgencyDraft {
            full_name: full_name.into(),
            short_name: String::new(),
            code: code.into(),
            level: "county".into(),
            kind: "department".into(),
            office: DisclosureOffice {
                email: "jtj@example.gov.cn".into(),
                ..Default::default()
            },
            channels: vec![Channel::Online],
        }
        .validate()
        .expect("valid agency")
    }

    fn metadata(title: &str) -> ItemMetadata {
        ItemForm {
            title: title.into(),
            summary: "概述内容不同于名称。".into(),
            issuers: "淮北市杜集区交通运输局".into(),
            formed_on: "2029-01-02".into(),
            topic: "其他".into(),
            genre: "other".into(),
            kind: "other".into(),
            attribute: "proactive".into(),
            scope: "public".into(),
            ..Default::default()
        }
        .validate()
        .expect("valid metadata")
    }

    fn event(seq: u32, secs: i64, action: ItemAction) -> ItemEventRecord {
        ItemEventRecord {
            seq,
            at: at(secs),
            actor: Actor::Staff {
                id: 1,
                name: "张三".into(),
            },
            action,
            note: format!("第{seq}条"),
        }
    }

    fn draft_snapshot(title: &str) -> ItemSnapshot {
        ItemSnapshot {
            state: ItemState::Draft,
            metadata: metadata(title),
            index_number: None,
            published_on: None,
            validity: ValidityState::InForce,
            channels: vec![],
            withdrawal_note: None,
            delay_working_days: None,
            late: false,
        }
    }

    fn published_snapshot(title: &str, number: &IndexNumber, on: NaiveDate) -> ItemSnapshot {
        ItemSnapshot {
            state: ItemState::Published,
            index_number: Some(number.as_str().to_string()),
            published_on: Some(on),
            channels: vec![PublicationChannel::Website],
            delay_working_days: Some(3),
            ..draft_snapshot(title)
        }
    }

    fn publish(seq: u32, secs: i64, number: &IndexNumber, on: NaiveDate) -> ItemEventRecord {
        event(
            seq,
            secs,
            ItemAction::Published {
                date: on,
                index_number: number.clone(),
                channels: vec![PublicationChannel::Website],
            },
        )
    }

    fn draft(agency_id: AgencyId, key: Option<&str>, title: &str, secs: i64) -> NewItem {
        NewItem {
            agency_id,
            dedup_key: key.map(Into::into),
            events: vec![event(
                1,
                secs,
                ItemAction::Drafted {
                    metadata: metadata(title),
                },
            )],
            snapshot: draft_snapshot(title),
        }
    }

    /// An item imported as published: drafted, submitted, approved, published
    /// (the last event at `secs + 3`).
    fn published(
        agency_id: AgencyId,
        key: Option<&str>,
        title: &str,
        number: &IndexNumber,
        on: NaiveDate,
        secs: i64,
    ) -> NewItem {
        let mut item = draft(agency_id, key, title, secs);
        item.events.extend([
            event(
                2,
                secs + 1,
                ItemAction::Submitted {
                    with_interpretation: None,
                },
            ),
            event(
                3,
                secs + 2,
                ItemAction::Approved {
                    review: "经审查，不涉及国家秘密。".into(),
                },
            ),
            publish(4, secs + 3, number, on),
        ]);
        item.snapshot = published_snapshot(title, number, on);
        item
    }

    fn figures(year: i32, permits: u64) -> Article20Figures {
        Article20Figures {
            year,
            permits,
            penalties: 3,
            compulsory_measures: 0,
            fee_income_wan_yuan: "12.35".into(),
            other_services: None,
            procurement_items: None,
            procurement_amount: None,
        }
    }

    fn ids(items: &[ItemRecord]) -> Vec<ItemId> {
        items.iter().map(|i| i.id).collect()
    }

    fn new_id(created: ItemCreated) -> ItemId {
        match created {
            ItemCreated::New(id) => id,
            other => panic!("expected a new item, got {other:?}"),
        }
    }

    /// Every catalogue call on a migrated, empty database.
    async fn story(store: &PostgresStore) {
        store.migrate().await.unwrap();
        let county_profile = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
        let county = store.create_agency(None, &county_profile).await.unwrap();
        let office = store
            .create_agency(
                Some(county),
                &profile("486344515", "杜集区交通运输局办公室"),
            )
            .await
            .unwrap();
        let admin = store
            .create_staff(&NewStaff {
                agency_id: county,
                username: Username::parse("zhangsan").expect("valid username"),
                display_name: "张三".into(),
                password_hash: "$argon2id$stub".into(),
                roles: vec![Role::Administrator],
            })
            .await
            .unwrap();
        let code = county_profile.code.clone();
        let number = |year: i32, serial: u32| IndexNumber::generate(&code, year, serial);

        // ---- create: new, a key seen before, a key twice in one slice ----
        let created = store
            .create_items(&[
                draft(county, None, "道路养护工作方案", 10),
                published(
                    county,
                    Some("索引号:A1"),
                    "2029年道路养护招标公告",
                    &number(2029, 1),
                    date(2029, 3, 1),
                    20,
                ),
                published(
                    county,
                    Some("索引号:A1"),
                    "同一键的第二行",
                    &number(2029, 99),
                    date(2029, 3, 2),
                    21,
                ),
                published(
                    office,
                    Some("索引号:A1"),
                    "另一机构的同一键",
                    &number(2029, 2),
                    date(2029, 2, 1),
                    22,
                ),
            ])
            .await
            .unwrap();
        assert_eq!(created.len(), 4);
        let (a, b, c) = (new_id(created[0]), new_id(created[1]), new_id(created[3]));
        assert_eq!(created[2], ItemCreated::AlreadyExists(b));
        assert!(a != b && b != c && a != c);
        assert_eq!(
            store
                .create_items(&[published(
                    county,
                    Some("索引号:A1"),
                    "再次导入",
                    &number(2029, 1),
                    date(2029, 3, 1),
                    20,
                )])
                .await
                .unwrap(),
            vec![ItemCreated::AlreadyExists(b)]
        );
        assert!(store.create_items(&[]).await.unwrap().is_empty());

        // A taken 索引号 refuses the whole slice.
        let err = store
            .create_items(&[
                draft(county, Some("新键"), "新信息", 30),
                published(
                    county,
                    Some("另一键"),
                    "抢号",
                    &number(2029, 1),
                    date(2029, 4, 1),
                    31,
                ),
            ])
            .await
            .expect_err("taken index number");
        assert!(
            matches!(&err, StoreError::Conflict(w) if w == "索引号"),
            "{err:?}"
        );
        // Nothing of it was kept: the key is still free (two items with one time).
        let created = store
            .create_items(&[
                draft(county, Some("新键"), "新信息", 30),
                draft(county, None, "同时起草", 30),
            ])
            .await
            .unwrap();
        let (d, e) = (new_id(created[0]), new_id(created[1]));

        // Histories not numbered 1, 2, 3 … are refused before anything is written.
        let mut skipping = published(
            county,
            Some("坏键"),
            "序号跳跃",
            &number(2029, 50),
            date(2029, 4, 1),
            40,
        );
        skipping.events[2].seq = 4;
        let mut empty = draft(county, Some("空键"), "没有记录", 40);
        empty.events.clear();
        for bad in [skipping, empty] {
            let err = store
                .create_items(&[draft(county, Some("好键"), "好信息", 40), bad])
                .await
                .expect_err("bad history");
            assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
        }
        assert!(matches!(
            store
                .create_items(&[draft(9_999, None, "无主信息", 1)])
                .await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(store.items_of_agency(county).await.unwrap().len(), 4);

        // ---- read back ----
        let got = store.item(b).await.unwrap().expect("created");
        assert_eq!((got.id, got.agency_id, got.updated_at), (b, county, at(23)));
        let b_snapshot =
            published_snapshot("2029年道路养护招标公告", &number(2029, 1), date(2029, 3, 1));
        assert_eq!(got.snapshot, b_snapshot);
        let b_history = published(
            county,
            None,
            "2029年道路养护招标公告",
            &number(2029, 1),
            date(2029, 3, 1),
            20,
        )
        .events;
        assert_eq!(store.item_events(b).await.unwrap(), b_history);
        assert!(store.item(9_999).await.unwrap().is_none());
        assert!(store.item_events(9_999).await.unwrap().is_empty());
        let by_number = store
            .item_by_index_number(number(2029, 1).as_str())
            .await
            .unwrap();
        assert_eq!(by_number.map(|i| i.id), Some(b));
        assert!(
            store
                .item_by_index_number("000014349/2017-00110")
                .await
                .unwrap()
                .is_none()
        );

        // ---- append: out of order refused, in order replaces the snapshot ----
        let title = "道路养护工作方案";
        let submitted = ItemSnapshot {
            state: ItemState::Submitted,
            ..draft_snapshot(title)
        };
        let submit = |seq| {
            event(
                seq,
                100,
                ItemAction::Submitted {
                    with_interpretation: None,
                },
            )
        };
        for seq in [1, 3] {
            assert!(matches!(
                store.append_item_event(a, &submit(seq), &submitted).await,
                Err(StoreError::Conflict(w)) if w == EVENT_CONFLICT
            ));
        }
        store
            .append_item_event(a, &submit(2), &submitted)
            .await
            .unwrap();
        assert!(matches!(
            store.append_item_event(a, &submit(2), &submitted).await,
            Err(StoreError::Conflict(w)) if w == EVENT_CONFLICT
        ));
        let got = store.item(a).await.unwrap().unwrap();
        assert_eq!((got.snapshot, got.updated_at), (submitted, at(100)));
        let approved = ItemSnapshot {
            state: ItemState::Approved,
            ..draft_snapshot(title)
        };
        let approve = event(
            3,
            110,
            ItemAction::Approved {
                review: "不涉密".into(),
            },
        );
        store
            .append_item_event(a, &approve, &approved)
            .await
            .unwrap();
        // Publishing with another item's number is refused and records nothing.
        let taken = published_snapshot(title, &number(2029, 1), date(2030, 1, 10));
        assert!(matches!(
            store
                .append_item_event(a, &publish(4, 120, &number(2029, 1), date(2030, 1, 10)), &taken)
                .await,
            Err(StoreError::Conflict(w)) if w == "索引号"
        ));
        assert_eq!(store.item_events(a).await.unwrap().len(), 3);
        let got = store.item(a).await.unwrap().unwrap();
        assert_eq!((got.snapshot, got.updated_at), (approved, at(110)));

        // ---- 索引号 serials: 1, 2, … per agency and year ----
        let serial = store.next_index_serial(county, 2030).await.unwrap();
        assert_eq!(serial, 1);
        let a_number = number(2030, serial);
        let a_snapshot = published_snapshot(title, &a_number, date(2030, 1, 10));
        let a_publish = publish(4, 130, &a_number, date(2030, 1, 10));
        store
            .append_item_event(a, &a_publish, &a_snapshot)
            .await
            .unwrap();
        let got = store
            .item_by_index_number(a_number.as_str())
            .await
            .unwrap()
            .expect("published");
        assert_eq!(
            (got.id, got.snapshot, got.updated_at),
            (a, a_snapshot, at(130))
        );
        assert_eq!(store.item_events(a).await.unwrap()[3], a_publish);
        assert!(matches!(
            store
                .append_item_event(9_999, &submit(1), &draft_snapshot(title))
                .await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(store.next_index_serial(county, 2030).await.unwrap(), 2);
        assert_eq!(store.next_index_serial(county, 2031).await.unwrap(), 1);
        assert_eq!(store.next_index_serial(office, 2030).await.unwrap(), 1);
        assert_eq!(store.next_index_serial(office, 2030).await.unwrap(), 2);
        assert_eq!(store.next_index_serial(county, 2030).await.unwrap(), 3);
        assert!(matches!(
            store.next_index_serial(9_999, 2030).await,
            Err(StoreError::NotFound(_))
        ));

        // ---- events are immutable ----
        for sql in [
            "UPDATE item_events SET note = 'changed'",
            "DELETE FROM item_events",
        ] {
            let err = sqlx::query(sql).execute(store.pool()).await.expect_err(sql);
            assert!(err.to_string().contains("immutable"), "{sql}: {err}");
        }
        assert_eq!(store.item_events(b).await.unwrap(), b_history);

        // ---- published lists: newest publication first, withdrawn included ----
        let mut withdrawn = published(
            county,
            Some("撤回键"),
            "已撤回的通知",
            &number(2029, 3),
            date(2029, 3, 1),
            50,
        );
        withdrawn.events.push(event(
            5,
            60,
            ItemAction::Withdrawn {
                date: date(2029, 3, 5),
                note: "内容有误，已撤回。".into(),
            },
        ));
        withdrawn.snapshot.state = ItemState::Withdrawn;
        withdrawn.snapshot.withdrawal_note = Some("内容有误，已撤回。".into());
        let w = new_id(store.create_items(&[withdrawn]).await.unwrap()[0]);
        // a 2030-01-10; w and b 2029-03-01 (w the later id); c 2029-02-01.
        let all = store.published_items(None, -1).await.unwrap();
        assert_eq!(ids(&all), vec![a, w, b, c]);
        assert_eq!(all[1].snapshot.state, ItemState::Withdrawn);
        assert_eq!(
            ids(&store.published_items(Some(county), -1).await.unwrap()),
            vec![a, w, b]
        );
        assert_eq!(
            ids(&store.published_items(Some(office), -1).await.unwrap()),
            vec![c]
        );
        assert_eq!(
            ids(&store.published_items(None, 2).await.unwrap()),
            vec![a, w]
        );
        assert!(store.published_items(None, 0).await.unwrap().is_empty());
        assert!(
            store
                .published_items(Some(9_999), -1)
                .await
                .unwrap()
                .is_empty()
        );

        // ---- an agency's items: latest event first, then the later id ----
        // a 130, w 60, e and d 30, b 23.
        assert_eq!(
            ids(&store.items_of_agency(county).await.unwrap()),
            vec![a, w, e, d, b]
        );
        assert_eq!(ids(&store.items_of_agency(office).await.unwrap()), vec![c]);
        assert!(store.items_of_agency(9_999).await.unwrap().is_empty());

        // ---- attachments ----
        let attachment = |item_id, filename: &str| NewItemAttachment {
            item_id,
            sha256: format!("sha256-of-{filename}"),
            filename: filename.into(),
            content_type: "application/pdf".into(),
            size: 1_024,
        };
        let first = store
            .add_item_attachment(&attachment(a, "方案.pdf"))
            .await
            .unwrap();
        let second = store
            .add_item_attachment(&attachment(a, "附件2.pdf"))
            .await
            .unwrap();
        assert!(second > first);
        let got = store.item_attachments(a).await.unwrap();
        assert_eq!(
            got.iter()
                .map(|x| (x.id, x.item_id, x.filename.as_str(), x.sha256.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (first, a, "方案.pdf", "sha256-of-方案.pdf"),
                (second, a, "附件2.pdf", "sha256-of-附件2.pdf"),
            ]
        );
        assert_eq!(
            (got[0].content_type.as_str(), got[0].size),
            ("application/pdf", 1_024)
        );
        assert!(store.item_attachments(b).await.unwrap().is_empty());
        assert!(matches!(
            store.add_item_attachment(&attachment(9_999, "x.pdf")).await,
            Err(StoreError::NotFound(w)) if w == "附件所引用的记录"
        ));

        // ---- Article 20 figures: saved, replaced ----
        assert!(store.figures(county, 2029).await.unwrap().is_none());
        store
            .put_figures(county, &figures(2029, 10), Some(admin))
            .await
            .unwrap();
        let got = store.figures(county, 2029).await.unwrap().expect("saved");
        assert_eq!(
            (got.agency_id, got.figures, got.updated_by),
            (county, figures(2029, 10), Some(admin))
        );
        store
            .put_figures(county, &figures(2029, 12), None)
            .await
            .unwrap();
        let got = store.figures(county, 2029).await.unwrap().expect("saved");
        assert_eq!((got.figures, got.updated_by), (figures(2029, 12), None));
        assert!(got.updated_at <= Utc::now());
        store
            .put_figures(county, &figures(2030, 1), None)
            .await
            .unwrap();
        assert_eq!(
            store.figures(county, 2029).await.unwrap().unwrap().figures,
            figures(2029, 12)
        );
        assert!(store.figures(office, 2029).await.unwrap().is_none());
        assert!(matches!(
            store.put_figures(9_999, &figures(2029, 1), None).await,
            Err(StoreError::NotFound(_))
        ));
    }

    /// A bulk import of 10,000 published items in one call, then the same
    /// import again (creating nothing). Prints the times.
    async fn bulk(store: &PostgresStore) {
        store.migrate().await.unwrap();
        let p = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
        let agency = store.create_agency(None, &p).await.unwrap();
        let items: Vec<NewItem> = (1..=10_000u32)
            .map(|i| {
                let n = IndexNumber::generate(&p.code, 2029, i);
                let key = format!("索引号:{n}");
                let on = date(2029, 1, 1) + chrono::Days::new(u64::from(i % 365));
                published(
                    agency,
                    Some(&key),
                    &format!("第{i}号通知"),
                    &n,
                    on,
                    i64::from(i),
                )
            })
            .collect();
        let started = Instant::now();
        let created = store.create_items(&items).await.unwrap();
        let first = started.elapsed();
        assert!(created.iter().all(|c| matches!(c, ItemCreated::New(_))));
        let started = Instant::now();
        let again = store.create_items(&items).await.unwrap();
        let second = started.elapsed();
        assert_eq!(
            again.iter().map(|c| c.id()).collect::<Vec<_>>(),
            created.iter().map(|c| c.id()).collect::<Vec<_>>()
        );
        assert!(
            again
                .iter()
                .all(|c| matches!(c, ItemCreated::AlreadyExists(_)))
        );
        println!(
            "{}: create_items of 10,000 items (40,000 events): {first:?}; the same again: {second:?}",
            store.backend().label()
        );
        assert_eq!(store.items_of_agency(agency).await.unwrap().len(), 10_000);
        assert_eq!(store.published_items(None, 10).await.unwrap().len(), 10);
        assert_eq!(
            store.item_events(created[9_999].id()).await.unwrap().len(),
            4
        );
        assert!(first.as_secs() < 10, "10,000 items took {first:?}");
    }
}
