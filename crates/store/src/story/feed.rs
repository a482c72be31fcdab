//! The feed of item changes (the search indexer's) story.

use std::future::Future;
use std::pin::Pin;

use super::*;
use crate::sql::items::insert_changes;
use crate::sql::{Arg, Dialect, SqlBacked, query};

/// The change sequence the search indexer reads: one change per item created
/// and per event appended, in order; nothing for an item already there or a
/// write refused; and items fetched by id, thousands at a time.
pub async fn item_changes(store: &dyn Store) {
    store.migrate().await.unwrap();
    assert_eq!(store.last_item_change().await.unwrap(), 0);
    assert!(store.item_changes_after(0, 10).await.unwrap().is_empty());
    let p = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
    let county = store.create_agency(None, &p).await.unwrap();
    let number = |serial: u32| IndexNumber::generate(&p.code, 2029, serial);

    // ---- two items created: two changes, in order ----
    let created = store
        .create_items(&[
            draft(county, Some("方案"), "道路养护工作方案", 10),
            published(
                county,
                Some("公告"),
                "2029年道路养护招标公告",
                &number(1),
                date(2029, 3, 1),
                20,
            ),
        ])
        .await
        .unwrap();
    let (a, b) = (new_id(created[0]), new_id(created[1]));
    let changes = store.item_changes_after(0, 10).await.unwrap();
    assert_eq!(
        changes.iter().map(|c| c.item_id).collect::<Vec<_>>(),
        vec![a, b]
    );
    assert!(changes[0].seq > 0 && changes[0].seq < changes[1].seq);
    assert_eq!(store.last_item_change().await.unwrap(), changes[1].seq);

    // ---- an event appended: a third change, of that item ----
    let submitted = ItemSnapshot {
        state: ItemState::Submitted,
        ..draft_snapshot("道路养护工作方案")
    };
    let submit = |seq| {
        event(
            seq,
            100,
            ItemAction::Submitted {
                with_interpretation: None,
                no_interpretation_reason: None,
            },
        )
    };
    store
        .append_item_event(a, &submit(2), &submitted)
        .await
        .unwrap();
    let all = store.item_changes_after(0, 10).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(&all[..2], &changes[..]);
    assert_eq!(all[2].item_id, a);
    assert!(all[2].seq > all[1].seq);
    assert_eq!(store.last_item_change().await.unwrap(), all[2].seq);

    // ---- reading on from a seq, and the limit ----
    assert_eq!(
        store.item_changes_after(all[0].seq, 10).await.unwrap(),
        all[1..].to_vec()
    );
    assert_eq!(
        store.item_changes_after(all[1].seq, 10).await.unwrap(),
        all[2..].to_vec()
    );
    assert!(
        store
            .item_changes_after(all[2].seq, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.item_changes_after(0, 2).await.unwrap(),
        all[..2].to_vec()
    );
    assert_eq!(
        store.item_changes_after(all[0].seq, 1).await.unwrap(),
        all[1..2].to_vec()
    );
    assert!(store.item_changes_after(0, 0).await.unwrap().is_empty());

    // ---- nothing for an item already there or a write refused ----
    assert_eq!(
        store
            .create_items(&[draft(county, Some("方案"), "再次导入", 10)])
            .await
            .unwrap(),
        vec![ItemCreated::AlreadyExists(a)]
    );
    assert!(store.create_items(&[]).await.unwrap().is_empty());
    // A taken 索引号 refuses the whole slice, the new item before it too.
    assert!(matches!(
        store
            .create_items(&[
                draft(county, Some("新键"), "新信息", 30),
                published(
                    county,
                    Some("抢号"),
                    "抢号",
                    &number(1),
                    date(2029, 4, 1),
                    31
                ),
            ])
            .await,
        Err(StoreError::Conflict(_))
    ));
    // An out-of-order event, and an event of no item.
    assert!(matches!(
        store.append_item_event(a, &submit(2), &submitted).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store.append_item_event(9_999, &submit(1), &submitted).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.last_item_change().await.unwrap(), all[2].seq);
    assert_eq!(store.item_changes_after(0, 10).await.unwrap(), all);

    // ---- a mixed slice: changes for the new items only ----
    let created = store
        .create_items(&[
            draft(county, Some("公告"), "已有的公告", 40),
            draft(county, None, "第三条", 41),
            draft(county, Some("方案"), "已有的方案", 42),
            draft(county, None, "第四条", 43),
        ])
        .await
        .unwrap();
    assert_eq!(created[0], ItemCreated::AlreadyExists(b));
    assert_eq!(created[2], ItemCreated::AlreadyExists(a));
    let (c, d) = (new_id(created[1]), new_id(created[3]));
    let later = store.item_changes_after(all[2].seq, 10).await.unwrap();
    assert_eq!(
        later.iter().map(|x| x.item_id).collect::<Vec<_>>(),
        vec![c, d]
    );
    assert!(all[2].seq < later[0].seq && later[0].seq < later[1].seq);

    // ---- items by id: the existing ones, each once, in any order ----
    let by_ids = |mut items: Vec<ItemRecord>| {
        items.sort_by_key(|i| i.id);
        items
            .into_iter()
            .map(|i| (i.id, i.snapshot.metadata.title))
            .collect::<Vec<_>>()
    };
    let got = store.items_by_ids(&[b, 9_999, a]).await.unwrap();
    let mut want = vec![
        (a, "道路养护工作方案".to_string()),
        (b, "2029年道路养护招标公告".to_string()),
    ];
    want.sort();
    assert_eq!(by_ids(got.clone()), want);
    let got_a = got.iter().find(|i| i.id == a).unwrap();
    let one = store.item(a).await.unwrap().unwrap();
    assert_eq!(
        (got_a.agency_id, &got_a.snapshot, got_a.updated_at),
        (one.agency_id, &one.snapshot, one.updated_at)
    );
    assert!(store.items_by_ids(&[]).await.unwrap().is_empty());
    assert!(store.items_by_ids(&[9_999]).await.unwrap().is_empty());
    // Thousands of ids (more than one statement's worth), mostly missing,
    // with the existing ones late in the list and asked for twice.
    let mut many: Vec<ItemId> = (100_000..103_000).collect();
    many.extend([d, c, a, d]);
    many.extend(100_000..100_600);
    let got = store.items_by_ids(&many).await.unwrap();
    let mut got_ids = ids(&got);
    got_ids.sort_unstable();
    let mut want_ids = vec![a, c, d];
    want_ids.sort_unstable();
    assert_eq!(got_ids, want_ids);
}

/// Writers recording changes side by side (each holding its transaction open
/// a little on PostgreSQL) while a reader follows the feed with
/// `seq > last_seen`: the reader misses no change. Without the lock (the
/// advisory lock on PostgreSQL, the write lock on SQLite) a seq that commits
/// after a higher one would be skipped. Wants a pool of 9 connections.
pub async fn feed_under_concurrent_writers<S: Store + SqlBacked>(store: &S) {
    store.migrate().await.unwrap();
    let db = store.db();
    let agency: i64 = query(
        "INSERT INTO agencies (full_name, short_name, code, level, kind, channels, \
         created_at) VALUES ('交通运输局', '', 'X', 'county', 'department', '[]', $1) \
         RETURNING id",
    )
    .bind(Utc::now())
    .scalar(db)
    .await
    .unwrap();
    const WRITERS: usize = 8;
    const ROUNDS: usize = 30;
    let finished = std::cell::Cell::new(0);
    let seen = std::cell::RefCell::new(Vec::new());
    let mut tasks: Vec<Pin<Box<dyn Future<Output = ()> + '_>>> = Vec::new();
    for w in 0..WRITERS {
        let finished = &finished;
        tasks.push(Box::pin(async move {
            for r in 0..ROUNDS {
                let id: i64 = query(
                    "INSERT INTO catalogue_items (agency_id, state, snapshot, \
                     created_at, updated_at) VALUES ($1, 'draft', $2, $3, $3) RETURNING id",
                )
                .bind(agency)
                .bind(Arg::json("{}".into()))
                .bind(Utc::now())
                .scalar(db)
                .await
                .unwrap();
                // The change row as the store writes it, then a pause before
                // committing to widen any window.
                let mut tx = db.write_tx().await.unwrap();
                insert_changes(&mut tx, &[id]).await.unwrap();
                if db.dialect() == Dialect::Postgres && (w + r) % 3 == 0 {
                    query("SELECT pg_sleep(0.005)")
                        .execute(&mut tx)
                        .await
                        .unwrap();
                }
                tx.commit().await.unwrap();
            }
            finished.set(finished.get() + 1);
        }));
    }
    let (reader_finished, reader_seen) = (&finished, &seen);
    tasks.push(Box::pin(async move {
        let mut last = 0;
        loop {
            // Read after checking, so the last round sees every commit.
            let all_done = reader_finished.get() == WRITERS;
            let batch = store.item_changes_after(last, 7).await.unwrap();
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
}

/// Migration 0004 over items that existed before it: items 7, 3 and 5
/// (written at 30, 20 and 10 seconds, updated a second later) get one
/// change each, in id order, at each item's last update.
pub async fn backfilled_changes<S: Store + SqlBacked>(store: &S) {
    store
        .db()
        .migrate_before(Some(4))
        .await
        .expect("migrate to 0003");
    // PostgreSQL's identity columns take given ids only when told to.
    let (given, json) = match store.db().dialect() {
        Dialect::Sqlite => ("", "'{}'"),
        Dialect::Postgres => ("OVERRIDING SYSTEM VALUE ", "'{}'::jsonb"),
    };
    query(format!(
        "INSERT INTO agencies (id, full_name, short_name, code, level, kind, channels, \
         created_at) {given}VALUES (1, '交通运输局', '', 'X', 'county', 'department', '[]', $1)"
    ))
    .bind(Utc::now())
    .execute(store.db())
    .await
    .unwrap();
    // Ids out of the order of their times: changes follow the ids.
    for (id, secs) in [(7_i64, 30_i64), (3, 20), (5, 10)] {
        query(format!(
            "INSERT INTO catalogue_items (id, agency_id, state, snapshot, created_at, \
             updated_at) {given}VALUES ($1, 1, 'draft', {json}, $2, $3)"
        ))
        .bind(id)
        .bind(DateTime::from_timestamp(secs, 0))
        .bind(DateTime::from_timestamp(secs + 1, 0))
        .execute(store.db())
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
    let at: Vec<DateTime<Utc>> = query("SELECT changed_at FROM item_changes ORDER BY seq")
        .scalars(store.db())
        .await
        .unwrap();
    assert_eq!(
        at,
        [21, 11, 31].map(|s| DateTime::from_timestamp(s, 0).unwrap())
    );
}
