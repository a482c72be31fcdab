//! Paging the catalogue (issue 15): an agency's public catalogue filtered in
//! SQL and the editor's list, page after page over the 10,000 items of
//! [`super::catalogue_bulk`]; the filter columns of migration 0013 filled
//! from the snapshots of items stored before it.

use std::collections::HashSet;

use super::*;
use crate::sql::{Dialect, SqlBacked, query};
use gongkai_domain::catalogue::{TopTopic, Topic, Validity};
use gongkai_domain::vocabulary::Article20Item;

/// What the bulk import's item `i` (1…10,000) is: published on day
/// `i % 365` after 1 January of 2029, or of 2030 when `i` is a multiple of
/// 4; under 第二十条 item 行政许可 (licensing) when a multiple of 3; on the
/// topic 工业、交通\公路 when a multiple of 5 (else 其他); repealed on its day
/// of publication when a multiple of 7.
struct Spec {
    on: NaiveDate,
    licensing: bool,
    transport: bool,
    repealed: bool,
}

fn spec(i: u32) -> Spec {
    let year = if i.is_multiple_of(4) { 2030 } else { 2029 };
    Spec {
        on: date(year, 1, 1) + chrono::Days::new(u64::from(i % 365)),
        licensing: i.is_multiple_of(3),
        transport: i.is_multiple_of(5),
        repealed: i.is_multiple_of(7),
    }
}

/// The bulk import's item `i` (see [`Spec`]), numbered `number`.
pub(super) fn bulk_item(agency: AgencyId, number: &IndexNumber, i: u32) -> NewItem {
    let s = spec(i);
    let key = format!("索引号:{number}");
    let mut item = published(
        agency,
        Some(&key),
        &format!("第{i}号通知"),
        number,
        s.on,
        i64::from(i),
    );
    let m = &mut item.snapshot.metadata;
    m.article20 = s.licensing.then_some(Article20Item::Licensing);
    if s.transport {
        m.topic = Topic::parse("工业、交通\\公路").expect("a topic");
    }
    if let ItemAction::Drafted { metadata } = &mut item.events[0].action {
        *metadata = m.clone();
    }
    if s.repealed {
        item.snapshot.validity = ValidityState::Repealed {
            date: s.on,
            reason: "已被新文件替代".into(),
        };
    }
    item
}

/// Every page of `agency`'s catalogue under `filter`, `limit` rows a page,
/// each page after the last row of the one before.
async fn every_catalogue_page(
    store: &dyn Store,
    agency: AgencyId,
    filter: &CatalogueFilter,
    limit: u32,
) -> Vec<Vec<ItemListRow>> {
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .catalogue_page(agency, filter, after.as_ref(), limit)
            .await
            .unwrap();
        assert!(page.len() <= limit as usize);
        after = page.last().and_then(ItemListRow::catalogue_key);
        let last = page.len() < limit as usize;
        pages.push(page);
        if last {
            return pages;
        }
    }
}

/// The ids the filter selects, newest publication first, from the
/// specifications alone (`ids[i - 1]` is item `i`'s id).
fn expected(ids: &[ItemId], keep: impl Fn(u32, &Spec) -> bool) -> Vec<ItemId> {
    let mut chosen: Vec<(NaiveDate, ItemId)> = (1..=10_000u32)
        .filter(|&i| keep(i, &spec(i)))
        .map(|i| (spec(i).on, ids[i as usize - 1]))
        .collect();
    chosen.sort_unstable_by(|a, b| b.cmp(a));
    chosen.into_iter().map(|(_, id)| id).collect()
}

/// Every row once, in the order of the pages.
fn flat(pages: &[Vec<ItemListRow>]) -> Vec<ItemId> {
    let all: Vec<ItemId> = pages.iter().flatten().map(|r| r.id).collect();
    let distinct: HashSet<ItemId> = all.iter().copied().collect();
    assert_eq!(distinct.len(), all.len(), "a row on two pages");
    all
}

/// The catalogue and the editor's list over the bulk import (`ids[i - 1]`
/// is item `i`'s id).
pub(super) async fn pages_of_bulk(store: &dyn Store, agency: AgencyId, ids: &[ItemId]) {
    assert_eq!(
        store.catalogue_years(agency).await.unwrap(),
        vec![2030, 2029]
    );

    // 行政许可 on 工业、交通 published in 2029: the multiples of 15 (666)
    // that are not multiples of 60 (166), 500 items: 16 pages of 30 and one of 20.
    let filter = CatalogueFilter {
        article20: Some(Article20Item::Licensing),
        topic: Some(TopTopic::IndustryTransport),
        year: Some(2029),
        validity: None,
        rows: None,
    };
    let pages = every_catalogue_page(store, agency, &filter, 30).await;
    assert_eq!(pages.len(), 17);
    assert_eq!(pages[16].len(), 20);
    let got = flat(&pages);
    assert_eq!(got.len(), 500);
    assert_eq!(
        got,
        expected(ids, |i, s| s.licensing
            && s.transport
            && !i.is_multiple_of(4))
    );

    // Repealed: the multiples of 7, 1,428 items (7 pages of 200, one of 28).
    let repealed = CatalogueFilter {
        validity: Some(Validity::Repealed),
        ..CatalogueFilter::default()
    };
    let pages = every_catalogue_page(store, agency, &repealed, 200).await;
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [200, 200, 200, 200, 200, 200, 200, 28]
    );
    assert_eq!(flat(&pages), expected(ids, |_, s| s.repealed));

    // Published in 2030 and in force: multiples of 4 (2,500) less those of
    // 28 (357): 2,143.
    let in_force_2030 = CatalogueFilter {
        year: Some(2030),
        validity: Some(Validity::InForce),
        ..CatalogueFilter::default()
    };
    let pages = every_catalogue_page(store, agency, &in_force_2030, 1_000).await;
    let got = flat(&pages);
    assert_eq!(got.len(), 2_143);
    assert_eq!(
        got,
        expected(ids, |i, s| i.is_multiple_of(4) && !s.repealed)
    );

    // Everything, and nothing of another year.
    let pages = every_catalogue_page(store, agency, &CatalogueFilter::default(), 1_000).await;
    assert_eq!(flat(&pages), expected(ids, |_, _| true));
    let none = CatalogueFilter {
        year: Some(2031),
        ..CatalogueFilter::default()
    };
    assert!(
        store
            .catalogue_page(agency, &none, None, 30)
            .await
            .unwrap()
            .is_empty()
    );

    // A row carries what the list shows. Item 105 (= 3 × 5 × 7): published
    // and repealed on 2029-01-01 + 105 days = 2029-04-16.
    let all = pages.iter().flatten().collect::<Vec<_>>();
    let row = all.iter().find(|r| r.id == ids[104]).expect("item 105");
    assert_eq!(
        (
            row.title.as_str(),
            row.state,
            row.published_on,
            row.timeliness_start,
            row.delay_working_days,
            row.late,
            row.document_number.as_deref(),
        ),
        (
            "第105号通知",
            ItemState::Published,
            Some(date(2029, 4, 16)),
            date(2029, 1, 2),
            Some(3),
            false,
            None,
        )
    );
    assert!(
        row.index_number
            .as_deref()
            .unwrap()
            .ends_with("/2029-00105")
    );
    assert_eq!(
        row.validity.label_zh(),
        "废止（2029-04-16）：已被新文件替代"
    );

    // The editor's list: last changed first (item i's last event at
    // i + 3 s), so the latest import first; 10 pages of 1,000.
    let mut listed = Vec::new();
    let mut after = None;
    for _ in 0..10 {
        let page = store
            .item_list_page(agency, after.as_ref(), 1_000)
            .await
            .unwrap();
        assert_eq!(page.len(), 1_000);
        after = page.last().map(ItemListRow::list_key);
        listed.extend(page.iter().map(|r| r.id));
    }
    assert!(
        store
            .item_list_page(agency, after.as_ref(), 1_000)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(listed, ids.iter().rev().copied().collect::<Vec<_>>());
}

/// Items stored before migration 0013 get its filter columns from their
/// snapshots: the 第二十条 item, the top-level topic (the text before the
/// backslash, as its code) and the kind of validity.
pub async fn catalogue_columns_backfilled<S: Store + SqlBacked>(store: &S) {
    store
        .db()
        .migrate_before(Some(13))
        .await
        .expect("migrate to 0012");
    let p = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
    // By hand: `create_agency` writes the columns of the latest schema
    // (0026's online_on), which 0012 does not have yet.
    let agency: AgencyId = query(
        "INSERT INTO agencies (full_name, short_name, code, level, kind, channels, \
         created_at) VALUES ($1, '', $2, 'county', 'department', 'online', $3) RETURNING id",
    )
    .bind(&p.full_name)
    .bind(p.code.as_str())
    .bind(at(0))
    .scalar(store.db())
    .await
    .unwrap();
    let number = |serial| IndexNumber::generate(&p.code, 2029, serial);
    let mut snapshots = Vec::new();
    // 1: 行政许可, 工业、交通\公路, in force.
    let mut one = published_snapshot("许可公示", &number(1), date(2029, 3, 1));
    one.metadata.article20 = Some(Article20Item::Licensing);
    one.metadata.topic = Topic::parse("工业、交通\\公路").unwrap();
    snapshots.push(one);
    // 2: no 第二十条 item, 其他, repealed.
    let mut two = published_snapshot("废止的办法", &number(2), date(2029, 3, 2));
    two.validity = ValidityState::Repealed {
        date: date(2029, 6, 1),
        reason: "已废止".into(),
    };
    snapshots.push(two);
    // 3: 规章, 综合政务 without a second level, lapsed.
    let mut three = published_snapshot("失效的规定", &number(3), date(2029, 3, 3));
    three.metadata.article20 = Some(Article20Item::Regulations);
    three.metadata.topic = Topic::parse("综合政务").unwrap();
    three.validity = ValidityState::Lapsed {
        date: date(2029, 7, 1),
        reason: String::new(),
    };
    snapshots.push(three);
    let mut ids = Vec::new();
    for s in &snapshots {
        let id: i64 = query(
            "INSERT INTO catalogue_items (agency_id, index_number, state, published_on, \
             snapshot, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(agency)
        .bind(&s.index_number)
        .bind("published")
        .bind(s.published_on)
        .bind(crate::sql::json(s).unwrap())
        .bind(at(1))
        .scalar(store.db())
        .await
        .unwrap();
        ids.push(id);
    }
    // A snapshot without those fields (as in older tests' rows) gets none.
    let empty = match store.db().dialect() {
        Dialect::Sqlite => "'{}'",
        Dialect::Postgres => "'{}'::jsonb",
    };
    query(format!(
        "INSERT INTO catalogue_items (agency_id, state, snapshot, created_at, updated_at) \
         VALUES ($1, 'draft', {empty}, $2, $2)"
    ))
    .bind(agency)
    .bind(at(2))
    .execute(store.db())
    .await
    .unwrap();
    store.migrate().await.expect("migrate to the latest");
    // 0026 puts every agency that existed before it online.
    let migrated = store.agency(agency).await.unwrap().unwrap();
    assert!(migrated.is_online(), "{migrated:?}");

    let page = async |filter: CatalogueFilter| -> Vec<ItemId> {
        let rows = store.catalogue_page(agency, &filter, None, 30).await;
        rows.unwrap().iter().map(|r| r.id).collect()
    };
    let by_item = |a| CatalogueFilter {
        article20: Some(a),
        ..CatalogueFilter::default()
    };
    let by_topic = |t| CatalogueFilter {
        topic: Some(t),
        ..CatalogueFilter::default()
    };
    let by_validity = |v| CatalogueFilter {
        validity: Some(v),
        ..CatalogueFilter::default()
    };
    let (one, two, three) = (ids[0], ids[1], ids[2]);
    assert_eq!(page(CatalogueFilter::default()).await, [three, two, one]);
    assert_eq!(page(by_item(Article20Item::Licensing)).await, [one]);
    assert_eq!(page(by_item(Article20Item::Regulations)).await, [three]);
    assert_eq!(page(by_topic(TopTopic::IndustryTransport)).await, [one]);
    assert_eq!(page(by_topic(TopTopic::Other)).await, [two]);
    assert_eq!(page(by_topic(TopTopic::General)).await, [three]);
    assert_eq!(page(by_validity(Validity::InForce)).await, [one]);
    assert_eq!(page(by_validity(Validity::Repealed)).await, [two]);
    assert_eq!(page(by_validity(Validity::Lapsed)).await, [three]);
    let columns: Vec<(Option<String>, Option<String>, String)> =
        query("SELECT article20, top_topic, validity FROM catalogue_items WHERE state = 'draft'")
            .fetch_all(store.db())
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.get("article20").unwrap(),
                    r.get("top_topic").unwrap(),
                    r.get("validity").unwrap(),
                )
            })
            .collect();
    assert_eq!(columns, [(None, None, "in_force".to_string())]);
}
