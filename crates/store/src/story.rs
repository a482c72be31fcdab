//! Story tests shared by the storage backends (feature `story`): each backend
//! runs the same story against its own database, so SQLite and PostgreSQL
//! are held to one behaviour.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::*;
use gongkai_domain::catalogue::ItemState;

/// The conflict both backends report for a stale item event.
const EVENT_CONFLICT: &str = "该信息的新记录（其他人刚刚更新了此信息，请刷新后重试）";
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use gongkai_domain::agency::{AgencyDraft, AgencyProfile, DisclosureOffice};
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{Article20Figures, ItemEventRecord};
use gongkai_domain::catalogue::{
    IndexNumber, ItemAction, ItemForm, ItemMetadata, PublicationChannel, ValidityState,
};
use gongkai_domain::staff::{Role, Username};
use gongkai_domain::vocabulary::Channel;
use std::time::Instant;

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_900_000_000 + secs, 0).expect("in range")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A valid county department's profile (the backends' own tests use it too).
pub fn profile(code: &str, full_name: &str) -> AgencyProfile {
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
        list_counts_2019: None,
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
pub async fn catalogue(store: &dyn Store, raw_error: impl AsyncFn(&str) -> String) {
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
        let err = raw_error(sql).await;
        assert!(err.contains("immutable"), "{sql}: {err}");
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
pub async fn catalogue_bulk(store: &dyn Store) {
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

    // One change per item, in the order created; none for the second import.
    let changes = store.item_changes_after(0, 20_000).await.unwrap();
    assert_eq!(
        changes.iter().map(|c| c.item_id).collect::<Vec<_>>(),
        created.iter().map(|c| c.id()).collect::<Vec<_>>()
    );
    assert_eq!(
        store.last_item_change().await.unwrap(),
        changes.last().unwrap().seq
    );
    let ids_of_all: Vec<ItemId> = created.iter().map(|c| c.id()).collect();
    let started = Instant::now();
    let all = store.items_by_ids(&ids_of_all).await.unwrap();
    println!(
        "{}: items_by_ids of 10,000 ids: {:?}",
        store.backend().label(),
        started.elapsed()
    );
    let mut got = ids(&all);
    got.sort_unstable();
    let mut want = ids_of_all;
    want.sort_unstable();
    assert_eq!(got, want);
}

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

/// A report's JSON as published: nested, Chinese, numbers of every kind.
fn report_json(year: i32, received: u64, note: &str) -> serde_json::Value {
    serde_json::json!({
        "year": year,
        "agency": "安徽省淮北市杜集区交通运输局",
        "parts": ["一、总体情况", "", "", "", "五、存在的主要问题及改进情况", note],
        "tables": {
            "三": { "rows": [{ "code": "1", "label": "本年新收政府信息公开申请数量", "natural": received, "total": received }] },
            "二": { "article20": { "permits": 12_345_678_901_u64, "fee_income_wan_yuan": 12.35 } }
        },
        "findings": [{ "rule": "AR-15", "level": "warning", "message": "“引号”与\\反斜杠\n换行" }],
        "members": [],
        "withdrawn": null,
        "final": true
    })
}

/// Drafts (saved, replaced, per agency and year) and published versions
/// (numbered 1, 2 … per agency and year, read back intact, never changed);
/// `raw_error` runs a statement of SQL and returns the error it must fail with.
pub async fn annual_reports(store: &dyn Store, raw_error: impl AsyncFn(&str) -> String) {
    store.migrate().await.unwrap();
    let county = store
        .create_agency(
            None,
            &profile("11341702486344515H", "安徽省淮北市杜集区交通运输局"),
        )
        .await
        .unwrap();
    let office = store
        .create_agency(
            Some(county),
            &profile("486344515", "杜集区交通运输局办公室"),
        )
        .await
        .unwrap();
    let station = store
        .create_agency(Some(county), &profile("486344523", "杜集区公路管理站"))
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

    // ---- drafts: none, saved, read back, replaced ----
    assert!(store.report_draft(county, 2029).await.unwrap().is_none());
    let first = ReportDraft {
        agency_id: county,
        year: 2029,
        parts: [
            "一、总体情况\n2029年，本局认真贯彻落实《条例》。".into(),
            "二、主动公开政府信息情况（导语）".into(),
            String::new(),
            "四、政府信息公开行政复议、行政诉讼情况".into(),
            "五、存在的主要问题及改进情况".into(),
            "六、其他需要报告的事项：“无”。".into(),
        ],
        members: vec![station, office],
        updated_by: Some(admin),
        updated_at: at(10),
    };
    store.put_report_draft(&first).await.unwrap();
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(first.clone())
    );
    let second = ReportDraft {
        parts: std::array::from_fn(|i| format!("第{}部分（修改后）", i + 1)),
        members: vec![],
        updated_by: None,
        updated_at: at(20),
        ..first.clone()
    };
    store.put_report_draft(&second).await.unwrap();
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second.clone())
    );
    // Another agency's, another year's: none.
    assert!(store.report_draft(office, 2029).await.unwrap().is_none());
    assert!(store.report_draft(county, 2030).await.unwrap().is_none());
    assert!(store.report_draft(9_999, 2029).await.unwrap().is_none());
    // Each agency and year has its own draft.
    let office_draft = ReportDraft {
        agency_id: office,
        year: 2030,
        ..first.clone()
    };
    store.put_report_draft(&office_draft).await.unwrap();
    assert_eq!(
        store.report_draft(office, 2030).await.unwrap(),
        Some(office_draft)
    );
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second.clone())
    );
    // An unknown agency, member or staff member is refused and changes nothing.
    let refused = [
        (
            ReportDraft {
                agency_id: 9_999,
                ..first.clone()
            },
            "机构9999",
        ),
        (
            ReportDraft {
                members: vec![office, 9_998],
                ..first.clone()
            },
            "机构9998",
        ),
        (
            ReportDraft {
                updated_by: Some(9_997),
                ..first.clone()
            },
            "工作人员9997",
        ),
    ];
    for (draft, what) in refused {
        let err = store.put_report_draft(&draft).await.expect_err(what);
        assert!(
            matches!(&err, StoreError::NotFound(w) if w == what),
            "{what}: {err:?}"
        );
    }
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second.clone())
    );

    // ---- publishing: version 1, then a correction as version 2 ----
    assert!(
        store
            .report_versions(county, 2029)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.published_reports(county).await.unwrap().is_empty());
    let before = Utc::now();
    let v1 = store
        .publish_report(&NewReportVersion {
            agency_id: county,
            year: 2029,
            report: report_json(2029, 12, "无"),
            published_on: date(2030, 1, 20),
            note: None,
            published_by: Some(admin),
        })
        .await
        .unwrap();
    assert_eq!(
        (
            v1.agency_id,
            v1.year,
            v1.version,
            &v1.report,
            v1.published_on,
            &v1.note,
            v1.published_by
        ),
        (
            county,
            2029,
            1,
            &report_json(2029, 12, "无"),
            date(2030, 1, 20),
            &None,
            Some(admin)
        )
    );
    // PostgreSQL keeps microseconds.
    assert!(v1.published_at >= before - chrono::Duration::milliseconds(1));
    assert!(v1.published_at <= Utc::now());
    let correction = "更正：第三部分表格中“本年新收政府信息公开申请数量”由12件更正为13件。";
    let v2 = store
        .publish_report(&NewReportVersion {
            agency_id: county,
            year: 2029,
            report: report_json(2029, 13, correction),
            published_on: date(2030, 2, 3),
            note: Some(correction.into()),
            published_by: None,
        })
        .await
        .unwrap();
    assert_eq!((v2.version, v2.note.as_deref()), (2, Some(correction)));
    assert_eq!(v2.report, report_json(2029, 13, correction));
    assert!(v2.id != v1.id && v2.published_at >= v1.published_at);
    assert_eq!(
        store.report_versions(county, 2029).await.unwrap(),
        vec![v1.clone(), v2.clone()]
    );
    // The draft is the writer's; publishing leaves it as it was.
    assert_eq!(
        store.report_draft(county, 2029).await.unwrap(),
        Some(second)
    );

    // ---- other years and agencies: numbered on their own ----
    let publish = |agency_id, year, on| NewReportVersion {
        agency_id,
        year,
        report: report_json(year, 1, "无"),
        published_on: on,
        note: None,
        published_by: Some(admin),
    };
    let v2030 = store
        .publish_report(&publish(county, 2030, date(2031, 1, 15)))
        .await
        .unwrap();
    let v2028 = store
        .publish_report(&publish(county, 2028, date(2029, 1, 31)))
        .await
        .unwrap();
    let office_v = store
        .publish_report(&publish(office, 2029, date(2030, 1, 25)))
        .await
        .unwrap();
    assert_eq!((v2030.version, v2028.version, office_v.version), (1, 1, 1));
    assert_eq!(
        store.published_reports(county).await.unwrap(),
        vec![v2030.clone(), v1.clone(), v2.clone(), v2028.clone()]
    );
    assert_eq!(
        store.published_reports(office).await.unwrap(),
        vec![office_v.clone()]
    );
    assert!(store.published_reports(station).await.unwrap().is_empty());
    assert!(
        store
            .report_versions(county, 2027)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.report_versions(9_999, 2029).await.unwrap().is_empty());

    // An unknown agency or staff member is refused and records nothing.
    let err = store
        .publish_report(&publish(9_999, 2029, date(2030, 1, 20)))
        .await
        .expect_err("unknown agency");
    assert!(
        matches!(&err, StoreError::NotFound(w) if w == "机构9999"),
        "{err:?}"
    );
    let err = store
        .publish_report(&NewReportVersion {
            published_by: Some(9_997),
            ..publish(county, 2029, date(2030, 3, 1))
        })
        .await
        .expect_err("unknown staff");
    assert!(
        matches!(&err, StoreError::NotFound(w) if w == "工作人员9997"),
        "{err:?}"
    );
    // The refused publication took no version: the next one is 3.
    let v3 = store
        .publish_report(&publish(county, 2029, date(2030, 3, 2)))
        .await
        .unwrap();
    assert_eq!(v3.version, 3);

    // ---- published versions are immutable ----
    for sql in [
        "UPDATE annual_report_versions SET note = 'changed'",
        "UPDATE annual_report_versions SET version = version + 10 WHERE version = 3",
        "DELETE FROM annual_report_versions",
        "DELETE FROM annual_report_versions WHERE version = 3",
    ] {
        let err = raw_error(sql).await;
        assert!(err.contains("immutable"), "{sql}: {err}");
    }
    assert_eq!(
        store.report_versions(county, 2029).await.unwrap(),
        vec![v1, v2, v3]
    );
}
