//! Issue 19: what migration 0032 fills for items stored before it — the
//! editor's list columns (genre, 成文日期, times returned) from snapshots and
//! events, and the policy–interpretation links from the events that
//! recorded them — and a link written with its event afterwards.

use super::*;
use crate::event_schema::{encode_actor, encode_item_action};
use crate::sql::{Arg, SqlBacked, query};
use gongkai_domain::catalogue::{Genre, ItemState};

/// A row of `catalogue_items` as 0030 has it, by hand (the store's own
/// insert writes 0032's columns).
async fn old_item<S: SqlBacked>(store: &S, agency: AgencyId, s: &ItemSnapshot, secs: i64) -> i64 {
    query(
        "INSERT INTO catalogue_items (agency_id, index_number, state, published_on, snapshot, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(agency)
    .bind(&s.index_number)
    .bind(ItemState::code(s.state))
    .bind(s.published_on)
    .bind(crate::sql::json(s).unwrap())
    .bind(at(secs))
    .scalar(store.db())
    .await
    .unwrap()
}

/// The events of `item`, by hand.
async fn old_events<S: SqlBacked>(store: &S, item: i64, actions: Vec<ItemAction>) {
    for (i, action) in actions.into_iter().enumerate() {
        let e = event(i as u32 + 1, i as i64, action);
        query(
            "INSERT INTO item_events (item_id, seq, at, actor, action, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(item)
        .bind(e.seq as i32)
        .bind(e.at)
        .bind(Arg::json(encode_actor(&e.actor).unwrap()))
        .bind(Arg::json(encode_item_action(&e.action).unwrap()))
        .bind(e.note.as_str())
        .execute(store.db())
        .await
        .unwrap();
    }
}

fn submitted(with: Option<String>) -> ItemAction {
    ItemAction::Submitted {
        with_interpretation: with,
        no_interpretation_reason: None,
    }
}

/// Items written before 0032: a policy submitted with one interpretation
/// and linked to another (and to a key that is no item's id, and to an id
/// no item has), and an item returned twice, formed in 2028.
pub async fn item_links_backfilled<S: Store + SqlBacked>(store: &S) {
    store
        .db()
        .migrate_before(Some(32))
        .await
        .expect("migrate to 0030");
    let p = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
    let agency = store.create_agency(None, &p).await.unwrap();
    let mut interpretation = draft_snapshot("办法的政策解读");
    interpretation.metadata.genre = Genre::Interpretation;
    let first = old_item(store, agency, &interpretation, 10).await;
    let second = old_item(store, agency, &interpretation, 20).await;
    let number = IndexNumber::generate(&p.code, 2029, 1);
    let policy = old_item(
        store,
        agency,
        &published_snapshot("办法", &number, date(2029, 3, 1)),
        30,
    )
    .await;
    let mut returned = draft_snapshot("两次退回的通知");
    returned.state = ItemState::Refused;
    returned.metadata.formed_on = date(2028, 5, 5);
    let twice = old_item(store, agency, &returned, 40).await;
    old_events(
        store,
        policy,
        vec![
            ItemAction::Drafted {
                metadata: metadata("办法"),
            },
            submitted(Some(first.to_string())),
            ItemAction::InterpretationLinked {
                item: second.to_string(),
            },
            ItemAction::InterpretationLinked {
                item: "item-7".into(),
            },
            ItemAction::InterpretationLinked {
                item: "999999".into(),
            },
        ],
    )
    .await;
    let refused = |reason: &str| ItemAction::Refused {
        reason: reason.into(),
    };
    old_events(
        store,
        twice,
        vec![
            ItemAction::Drafted {
                metadata: metadata("两次退回的通知"),
            },
            submitted(None),
            refused("第一次退回"),
            submitted(None),
            refused("第二次退回：附件缺页"),
        ],
    )
    .await;
    store.migrate().await.expect("migrate to the latest");

    // The links, found from the interpretation's side.
    assert_eq!(
        store.policies_interpreted_by(first).await.unwrap(),
        vec![policy]
    );
    assert_eq!(
        store.policies_interpreted_by(second).await.unwrap(),
        vec![policy]
    );
    assert!(
        store
            .policies_interpreted_by(policy)
            .await
            .unwrap()
            .is_empty()
    );
    // The list's columns.
    let list = async |filter: ItemListFilter| -> Vec<ItemId> {
        let rows = store.item_list(agency, &filter, None, 10).await.unwrap();
        rows.iter().map(|r| r.id).collect()
    };
    let interpretations = ItemListFilter {
        genre: Some(Genre::Interpretation),
        ..ItemListFilter::default()
    };
    assert_eq!(list(interpretations.clone()).await, vec![second, first]);
    assert_eq!(
        store
            .item_list_count(agency, &interpretations)
            .await
            .unwrap(),
        2
    );
    let returned_filter = ItemListFilter {
        returned: true,
        ..ItemListFilter::default()
    };
    assert_eq!(list(returned_filter).await, vec![twice]);
    let in_2028 = ItemListFilter {
        year: Some(2028),
        ..ItemListFilter::default()
    };
    assert_eq!(list(in_2028).await, vec![twice]);
    // The workbench's flag: the reason of the last return.
    let flagged = store.returned_items(agency, 5).await.unwrap();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].id, twice);
    assert_eq!(flagged[0].title, "两次退回的通知");
    assert_eq!(flagged[0].reason, "第二次退回：附件缺页");

    // Recorded afterwards, a link is written with its event.
    let third = store
        .create_items(&[NewItem {
            agency_id: agency,
            dedup_key: None,
            events: vec![event(
                1,
                50,
                ItemAction::Drafted {
                    metadata: metadata("另一份解读"),
                },
            )],
            snapshot: interpretation.clone(),
        }])
        .await
        .unwrap()[0]
        .id();
    let linked = event(
        6,
        60,
        ItemAction::InterpretationLinked {
            item: third.to_string(),
        },
    );
    let snapshot = published_snapshot("办法", &number, date(2029, 3, 1));
    let append = ItemAppend {
        item: policy,
        event: linked,
        snapshot,
        attachment: None,
    };
    let build = |_: &[u32]| Ok(vec![append.clone()]);
    store
        .append_item_events(&[], &build)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.policies_interpreted_by(third).await.unwrap(),
        vec![policy]
    );

    // A file is stored with its event or not at all: appended out of
    // sequence (a second writer came first), neither is kept.
    let file = NewItemAttachment {
        item_id: third,
        sha256: "sha256-of-图解.png".into(),
        filename: "图解.png".into(),
        content_type: "image/png".into(),
        size: 2_048,
    };
    let added = |seq| ItemAppend {
        item: third,
        event: event(
            seq,
            70,
            ItemAction::AttachmentAdded {
                sha256: file.sha256.clone(),
                filename: file.filename.clone(),
            },
        ),
        snapshot: interpretation.clone(),
        attachment: Some(file.clone()),
    };
    let stale = |_: &[u32]| Ok(vec![added(3)]);
    assert!(matches!(
        store.append_item_events(&[], &stale).await,
        Err(StoreError::Conflict(Conflict::ItemEventSeq))
    ));
    assert!(store.item_attachments(third).await.unwrap().is_empty());
    let next = |_: &[u32]| Ok(vec![added(2)]);
    store.append_item_events(&[], &next).await.unwrap().unwrap();
    let kept = store.item_attachments(third).await.unwrap();
    assert_eq!(
        kept.iter()
            .map(|a| (a.filename.as_str(), a.size))
            .collect::<Vec<_>>(),
        vec![("图解.png", 2_048)]
    );
    assert_eq!(store.item_events(third).await.unwrap().len(), 2);
}
