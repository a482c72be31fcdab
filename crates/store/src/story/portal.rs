//! The portal's lists across agencies (0038, issue 21): 最新信息, the
//! published items of online agencies newest first, paged by offset, and
//! 通知公告, the same of the genre 通知. Drafts, an offline agency's items and
//! other genres stay out. Dated 2095, after every other story's items, so
//! they are the first rows whatever the stories before left.

use chrono::NaiveDate;
use gongkai_domain::agency_code::org_code_check_char;
use gongkai_domain::catalogue::{Genre, IndexNumber, ItemAction, ItemState};

use crate::*;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2095, m, day).unwrap()
}

/// A published item of `genre` of the agency `code`, its 索引号's serial
/// `serial`.
fn item(
    agency: AgencyId,
    code: &gongkai_domain::agency_code::AgencyCode,
    serial: u32,
    title: &str,
    genre: Genre,
    on: NaiveDate,
) -> NewItem {
    let number = IndexNumber::generate(code, 2095, serial);
    let key = format!("portal-{code}-{serial}");
    let mut item = super::published(
        agency,
        Some(&key),
        title,
        &number,
        on,
        i64::from(serial) * 10,
    );
    item.snapshot.metadata.genre = genre;
    let m = item.snapshot.metadata.clone();
    if let ItemAction::Drafted { metadata } = &mut item.events[0].action {
        *metadata = m;
    }
    item
}

/// A new agency (a root of its own: the later stories count the agencies
/// below `root`), online or a draft, its organisation code's body `body`.
async fn agency<S: Store>(store: &S, online: bool, body: &str, name: &str) -> AgencyId {
    let code = format!("{body}{}", org_code_check_char(body).unwrap());
    let profile = super::profile(&code, name);
    if online {
        store.create_agency(None, &profile).await.unwrap()
    } else {
        store.create_draft_agency(None, &profile).await.unwrap()
    }
}

pub async fn portal<S: Store>(store: &S) {
    let online = agency(store, true, "57204316", "濉溪县交通运输局").await;
    let offline = agency(store, false, "57204324", "濉溪县数据资源局").await;
    let online_code = store.agency(online).await.unwrap().unwrap().profile.code;
    let offline_code = store.agency(offline).await.unwrap().unwrap().profile.code;

    let notice = "关于2095年春节假期道路运输保障工作的通知";
    let budget = "2095年部门预算";
    let repairs = "2095年国省干线公路养护计划";
    let mut draft = item(
        online,
        &online_code,
        4,
        "未发布的草稿",
        Genre::Notice,
        d(5, 1),
    );
    draft.events.truncate(1);
    draft.snapshot.state = ItemState::Draft;
    draft.snapshot.index_number = None;
    draft.snapshot.published_on = None;
    let created = store
        .create_items(&[
            item(online, &online_code, 1, notice, Genre::Notice, d(3, 1)),
            item(online, &online_code, 2, budget, Genre::Other, d(3, 2)),
            item(online, &online_code, 3, repairs, Genre::Plan, d(3, 2)),
            draft,
            // An agency not online: its items are not public, however published.
            item(
                offline,
                &offline_code,
                1,
                "数据开放通知",
                Genre::Notice,
                d(4, 1),
            ),
        ])
        .await
        .unwrap();
    let ids: Vec<ItemId> = created.iter().map(|c| c.id()).collect();

    // ---- 最新信息: newest date first, the larger id first on one day ----
    let latest = store.latest_public_items(None, 0, 3).await.unwrap();
    let got: Vec<(ItemId, &str, NaiveDate)> = latest
        .iter()
        .map(|r| (r.id, r.title.as_str(), r.published_on))
        .collect();
    assert_eq!(
        got,
        [
            (ids[2], repairs, d(3, 2)),
            (ids[1], budget, d(3, 2)),
            (ids[0], notice, d(3, 1)),
        ]
    );
    assert_eq!(
        (
            latest[0].agency_code.as_str(),
            latest[0].agency_name.as_str()
        ),
        (online_code.as_str(), "濉溪县交通运输局")
    );
    // The second page of one row is the second row.
    let second = store.latest_public_items(None, 1, 1).await.unwrap();
    assert_eq!(second.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[1]]);
    assert!(
        store
            .latest_public_items(None, 0, 0)
            .await
            .unwrap()
            .is_empty()
    );

    // ---- 通知公告: the genre 通知 only ----
    let notices = store
        .latest_public_items(Some(Genre::Notice), 0, 2)
        .await
        .unwrap();
    assert_eq!(notices[0].id, ids[0]);
    assert!(notices.iter().all(|r| r.published_on <= d(3, 1)));
    assert!(
        store
            .latest_public_items(Some(Genre::Plan), 0, 5)
            .await
            .unwrap()
            .iter()
            .all(|r| r.id != ids[1])
    );
}
