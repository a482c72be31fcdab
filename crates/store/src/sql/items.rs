//! Writing the catalogue (主动公开目录): new items with their histories, and
//! one change in `item_changes` (the search indexer's feed) for each item
//! written, in the same transaction and as its last writes.
//!
//! Changes must become visible in `seq` order, or an indexer reading
//! `seq > last_seen` could skip one for ever: SQLite runs one writing
//! transaction at a time; PostgreSQL writers take [`Lock::ItemChanges`] from
//! taking a `seq` to committing.

use chrono::Utc;
use gongkai_domain::catalogue::{ItemAction, ItemEventRecord, ItemState};

use super::audit::append_chained_many;
use super::{Arg, Db, Lock, Query, SqlError, Tx, json, query, write_err};
use crate::event_schema::{encode_actor, encode_item_action};
use crate::*;

/// Events written by one statement of `create_items` (6 parameters each;
/// SQLite allows 32,766 parameters, PostgreSQL 65,535).
const EVENT_BATCH: usize = 1_000;

/// Changes written by one statement (2 parameters each).
const CHANGE_BATCH: usize = 1_000;

/// An item state's code, as serde writes it (`published`).
pub(super) fn state_code(state: ItemState) -> StoreResult<String> {
    match serde_json::to_value(state).map_err(super::backend)? {
        serde_json::Value::String(code) => Ok(code),
        other => Err(super::backend(format!("信息状态{other}"))),
    }
}

/// The item state of a stored code (`published`).
pub(super) fn state_of(code: &str) -> StoreResult<ItemState> {
    serde_json::from_value(serde_json::Value::String(code.into()))
        .map_err(|_| StoreError::Corrupt(format!("信息状态“{code}”")))
}

/// An item event's `seq` as the `INTEGER` column holds it.
pub(super) fn item_seq(seq: u32) -> StoreResult<i32> {
    i32::try_from(seq).map_err(|_| StoreError::Backend(format!("信息记录序号{seq}超出范围")))
}

/// The columns the lists filter on, from a snapshot: the 第二十条 item, the
/// top-level topic and the kind of validity (codes; see migration 0013),
/// the key of the 标准目录 row it is filed under (0028), the genre and the
/// 成文日期 (0032), in the order of [`FILTER_COLUMNS`].
pub(super) fn filter_columns(s: &ItemSnapshot) -> [Arg; 6] {
    let m = &s.metadata;
    [
        m.article20.map(|a| a.code()).into(),
        m.topic.top.code().into(),
        s.validity.kind().code().into(),
        m.standard_row.clone().into(),
        m.genre.code().into(),
        m.formed_on.into(),
    ]
}

/// The columns [`filter_columns`] fills, in its order.
pub(super) const FILTER_COLUMNS: [&str; 6] = [
    "article20",
    "top_topic",
    "validity",
    "standard_row",
    "genre",
    "formed_on",
];

/// Whether an event is a return to the editor (退回), counted in
/// `times_returned` (0032).
pub(super) fn is_return(e: &ItemEventRecord) -> bool {
    matches!(e.action, ItemAction::Refused { .. })
}

/// The interpretation an event links to its item, if it names an item by
/// its id (a policy submitted with its interpretation, or 关联解读).
fn linked_interpretation(e: &ItemEventRecord) -> Option<ItemId> {
    let key = match &e.action {
        ItemAction::Submitted {
            with_interpretation: Some(k),
            ..
        } => k,
        ItemAction::InterpretationLinked { item } => item,
        _ => return None,
    };
    key.trim().parse().ok().filter(|id: &ItemId| *id > 0)
}

/// Writing an item: a taken 索引号 is a conflict, an unknown agency not found.
pub(super) fn item_err(e: SqlError) -> StoreError {
    match write_err(Conflict::IndexNumber)(e) {
        StoreError::NotFound(_) => StoreError::NotFound("信息所属的机构".into()),
        other => other,
    }
}

/// A new item's history must be numbered 1, 2, 3 … and not be empty.
fn check_history(item: &NewItem) -> StoreResult<()> {
    let title = &item.snapshot.metadata.title;
    if item.events.is_empty() {
        return Err(StoreError::Corrupt(format!("新信息“{title}”没有任何记录")));
    }
    for (i, e) in item.events.iter().enumerate() {
        if usize::try_from(e.seq).ok() != Some(i + 1) {
            return Err(StoreError::Corrupt(format!(
                "新信息“{title}”的第{}条记录序号为{}",
                i + 1,
                e.seq
            )));
        }
    }
    Ok(())
}

/// The binds of one `item_events` row.
pub(super) fn event_args(item: ItemId, e: &ItemEventRecord) -> StoreResult<[Arg; 6]> {
    Ok([
        item.into(),
        item_seq(e.seq)?.into(),
        e.at.into(),
        Arg::json(encode_actor(&e.actor)?),
        Arg::json(encode_item_action(&e.action)?),
        e.note.as_str().into(),
    ])
}

/// Insert item events, [`EVENT_BATCH`] rows to a statement, and the
/// policy–interpretation links they record (an id that is no item links
/// nothing).
pub(super) async fn insert_events(
    tx: &mut Tx,
    events: &[(ItemId, &ItemEventRecord)],
) -> StoreResult<()> {
    for (policy, e) in events {
        if let Some(interpretation) = linked_interpretation(e) {
            query(
                "INSERT INTO item_interpretations (policy_id, interpretation_id) \
                 SELECT $1, id FROM catalogue_items WHERE id = $2 \
                 ON CONFLICT (policy_id, interpretation_id) DO NOTHING",
            )
            .bind(*policy)
            .bind(interpretation)
            .execute(&mut *tx)
            .await?;
        }
    }
    for chunk in events.chunks(EVENT_BATCH) {
        let mut q =
            query("INSERT INTO item_events (item_id, seq, at, actor, action, note) VALUES ");
        q.push_rows(chunk.len(), 6);
        for (item, e) in chunk {
            q = event_args(*item, e)?.into_iter().fold(q, Query::bind);
        }
        q.execute(&mut *tx)
            .await
            .map_err(write_err(Conflict::ItemEventSeq))?;
    }
    Ok(())
}

/// Record one change of each item, in the order given. Call it last, right
/// before committing: on PostgreSQL it takes [`Lock::ItemChanges`], which
/// then serialises every writer of changes until this transaction ends.
pub(crate) async fn insert_changes(tx: &mut Tx, items: &[ItemId]) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    tx.lock(Lock::ItemChanges).await?;
    let at = Utc::now();
    for chunk in items.chunks(CHANGE_BATCH) {
        let mut q = query("INSERT INTO item_changes (item_id, changed_at) VALUES ");
        q.push_rows(chunk.len(), 2);
        for item in chunk {
            q = q.bind(*item).bind(at);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Insert one new item's row; `None` when its dedup key exists at its agency
/// (in the table or earlier in this call): nothing is inserted then.
async fn insert_item(tx: &mut Tx, item: &NewItem) -> StoreResult<Option<ItemId>> {
    let s = &item.snapshot;
    let first = item.events.first().map_or_else(Utc::now, |e| e.at);
    let last = item.events.last().map_or(first, |e| e.at);
    let returns = item.events.iter().filter(|e| is_return(e)).count();
    query(format!(
        "INSERT INTO catalogue_items (agency_id, dedup_key, index_number, state, \
         published_on, snapshot, created_at, updated_at, late, kind, times_returned, {}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         ON CONFLICT (agency_id, dedup_key) DO NOTHING RETURNING id",
        FILTER_COLUMNS.join(", ")
    ))
    .bind(item.agency_id)
    .bind(&item.dedup_key)
    .bind(&s.index_number)
    .bind(state_code(s.state)?)
    .bind(s.published_on)
    .bind(json(s)?)
    .bind(first)
    .bind(last)
    .bind(s.late)
    .bind(s.metadata.kind.code())
    .bind(i64::try_from(returns).unwrap_or(i64::MAX))
    .bind_all(filter_columns(s).into())
    .scalar_opt(tx)
    .await
    .map_err(item_err)
}

/// Create items with their histories in one transaction.
pub(super) async fn create_items(db: &Db, items: &[NewItem]) -> StoreResult<Vec<ItemCreated>> {
    for item in items {
        check_history(item)?;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut events = Vec::new();
    let mut created = Vec::new();
    let mut decisions = Vec::new();
    let mut tx = db.write_tx().await?;
    for item in items {
        let Some(id) = insert_item(&mut tx, item).await? else {
            // Looked up in a statement of its own, so that on PostgreSQL it
            // sees a concurrent import's item once that commits.
            let existing: i64 =
                query("SELECT id FROM catalogue_items WHERE agency_id = $1 AND dedup_key = $2")
                    .bind(item.agency_id)
                    .bind(&item.dedup_key)
                    .scalar(&mut tx)
                    .await?;
            out.push(ItemCreated::AlreadyExists(existing));
            continue;
        };
        for e in &item.events {
            events.push((id, e));
            decisions.push(audit::item_event(item.agency_id, id, e));
        }
        created.push(id);
        out.push(ItemCreated::New(id));
    }
    insert_events(&mut tx, &events).await?;
    insert_changes(&mut tx, &created).await?;
    append_chained_many(&mut tx, &decisions).await?;
    tx.commit().await?;
    Ok(out)
}
