//! Items filed under 标准目录 rows (0028): the key written with every
//! snapshot, a sub-column's list narrowed to its rows' keys in SQL and paged
//! like the catalogue, the items filed under a row counted in any state, and
//! the published items per row in one `GROUP BY`.

use chrono::NaiveDate;
use gongkai_domain::agency_code::{AgencyCode, org_code_check_char};
use gongkai_domain::catalogue::standard::TemplateKind;
use gongkai_domain::catalogue::{IndexNumber, ItemAction, ItemState};
use gongkai_domain::vocabulary::Article20Item;

use super::{Epoch, date};
use crate::*;

const EPOCH: Epoch = Epoch(1_965_000_000);

/// A published item of 重大建设项目 filed under `row` (none: unfiled).
fn filed(
    agency: AgencyId,
    code: &AgencyCode,
    serial: u32,
    title: &str,
    row: Option<&str>,
    on: NaiveDate,
) -> NewItem {
    let number = IndexNumber::generate(code, 2033, serial);
    let key = format!("rows-{serial}");
    let mut item = super::published(
        agency,
        Some(&key),
        title,
        &number,
        on,
        i64::from(serial) * 10,
    );
    let m = &mut item.snapshot.metadata;
    m.article20 = Some(Article20Item::MajorProjects);
    m.standard_row = row.map(String::from);
    if let ItemAction::Drafted { metadata } = &mut item.events[0].action {
        *metadata = m.clone();
    }
    item
}

/// The ids of one page of `filter`, after the row `after` (its date and id).
async fn page<S: Store>(
    store: &S,
    agency: AgencyId,
    filter: &CatalogueFilter,
    after: Option<(NaiveDate, ItemId)>,
    limit: u32,
) -> Vec<ItemId> {
    let key = after.map(|(published_on, id)| CatalogueKey { published_on, id });
    let rows = store
        .catalogue_page(agency, filter, key.as_ref(), limit)
        .await
        .unwrap();
    rows.iter().map(|r| r.id).collect()
}

pub async fn catalogue_rows<S: Store>(
    store: &S,
    (root, _child, admin): (AgencyId, AgencyId, StaffId),
) {
    let body = "48634471";
    let check = org_code_check_char(body).unwrap();
    let code = format!("{body}{check}");
    let bureau = super::profile(&code, "杜集区农村公路管理所");
    let agency = store.create_agency(Some(root), &bureau).await.unwrap();
    let code = bureau.code;
    let template = &TemplateKind::Transport.template().rows;
    store
        .derive_standard_catalogue(agency, "transport", template, admin, EPOCH.at(0))
        .await
        .unwrap();

    // Two rows of the sub-column 农村公路建设, one of 招标投标, one unfiled.
    let (plan, subsidy, tender) = (
        "road.rural-plan",
        "road.rural-subsidy",
        "road.project-tendering",
    );
    let items = vec![
        filed(
            agency,
            &code,
            1,
            "2033年农村公路建设计划",
            Some(plan),
            date(2033, 3, 1),
        ),
        filed(
            agency,
            &code,
            2,
            "2033年农村公路建设补助标准",
            Some(subsidy),
            date(2033, 4, 2),
        ),
        filed(
            agency,
            &code,
            3,
            "农村公路建设项目招标公告",
            Some(tender),
            date(2033, 5, 3),
        ),
        filed(
            agency,
            &code,
            4,
            "2033年农村公路建设计划调整",
            Some(plan),
            date(2033, 6, 4),
        ),
        filed(agency, &code, 5, "重点项目建设情况", None, date(2033, 7, 5)),
    ];
    let ids: Vec<ItemId> = store
        .create_items(&items)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id())
        .collect();
    // A draft filed under the plan row: counted as filed, never listed.
    let mut draft = filed(
        agency,
        &code,
        6,
        "2034年农村公路建设计划（草稿）",
        Some(plan),
        date(2033, 8, 6),
    );
    draft.events.truncate(1);
    draft.snapshot.state = ItemState::Draft;
    draft.snapshot.index_number = None;
    draft.snapshot.published_on = None;
    let draft = store.create_items(&[draft]).await.unwrap()[0].id();

    // ---- the sub-column 农村公路建设: its two rows, newest first ----
    let sub = CatalogueFilter {
        article20: Some(Article20Item::MajorProjects),
        rows: Some(vec![plan.into(), subsidy.into()]),
        ..CatalogueFilter::default()
    };
    assert_eq!(
        page(store, agency, &sub, None, 30).await,
        [ids[3], ids[1], ids[0]]
    );
    // Paged like the catalogue: two, then the one after the second.
    assert_eq!(page(store, agency, &sub, None, 2).await, [ids[3], ids[1]]);
    assert_eq!(
        page(store, agency, &sub, Some((date(2033, 4, 2), ids[1])), 2).await,
        [ids[0]]
    );
    // With the other filters: the year, and no rows at all.
    let in_2034 = CatalogueFilter {
        year: Some(2034),
        ..sub.clone()
    };
    assert!(page(store, agency, &in_2034, None, 30).await.is_empty());
    let tendering = CatalogueFilter {
        rows: Some(vec![tender.into()]),
        ..CatalogueFilter::default()
    };
    assert_eq!(page(store, agency, &tendering, None, 30).await, [ids[2]]);
    let nothing = CatalogueFilter {
        rows: Some(Vec::new()),
        ..CatalogueFilter::default()
    };
    assert!(page(store, agency, &nothing, None, 30).await.is_empty());
    // The whole item still lists all five, filed or not.
    let item = CatalogueFilter {
        article20: Some(Article20Item::MajorProjects),
        ..CatalogueFilter::default()
    };
    assert_eq!(page(store, agency, &item, None, 30).await.len(), 5);

    // ---- counted: filed in any state; published per row ----
    assert_eq!(store.items_filed_under(agency, plan).await.unwrap(), 3);
    assert_eq!(
        store.items_filed_under(agency, "road.gone").await.unwrap(),
        0
    );
    assert_eq!(store.items_filed_under(root, plan).await.unwrap(), 0);
    let stats = store.row_stats(agency).await.unwrap();
    let got: Vec<(&str, i64, Option<NaiveDate>, i64)> = stats
        .iter()
        .map(|s| (s.row_key.as_str(), s.published, s.last_published, s.undated))
        .collect();
    assert_eq!(
        got,
        vec![
            (tender, 1, Some(date(2033, 5, 3)), 0),
            (plan, 2, Some(date(2033, 6, 4)), 0),
            (subsidy, 1, Some(date(2033, 4, 2)), 0),
        ]
    );

    // ---- an edit files the draft elsewhere: the column follows ----
    let record = store.item(draft).await.unwrap().unwrap();
    let mut snapshot = record.snapshot.clone();
    snapshot.metadata.standard_row = Some(subsidy.into());
    let edited = super::event(
        2,
        100,
        ItemAction::Edited {
            metadata: snapshot.metadata.clone(),
        },
    );
    store
        .append_item_event(draft, &edited, &snapshot)
        .await
        .unwrap();
    assert_eq!(store.items_filed_under(agency, plan).await.unwrap(), 2);
    assert_eq!(store.items_filed_under(agency, subsidy).await.unwrap(), 2);
    let events = store.item_events(draft).await.unwrap();
    match &events[1].action {
        ItemAction::Edited { metadata } => {
            assert_eq!(metadata.standard_row.as_deref(), Some(subsidy));
        }
        other => panic!("{other:?}"),
    }
}
