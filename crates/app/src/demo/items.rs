//! Publishing the demo's catalogue items ([`super::item_table`]) as they
//! stand on `today`: published, pushed on WeChat and repealed on their days
//! as far as today reaches.

use chrono::{Datelike, Days, Utc};
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{ItemAction, ItemEventRecord, ItemForm, PublicationChannel};
use gongkai_store::{Agency, ItemId, ItemSnapshot, Store, StoreResult};

use super::item_table::DemoItem;
use super::when::{Today, fill};
use super::{Who, corrupt};

/// Appends one item action with its new snapshot.
async fn append_item_action(
    store: &dyn Store,
    today: &Today<'_>,
    item: ItemId,
    action: ItemAction,
) -> StoreResult<()> {
    let mut events = store.item_events(item).await?;
    events.push(ItemEventRecord {
        seq: events.len() as u32 + 1,
        at: Utc::now(),
        actor: Actor::System,
        action,
        note: "演示数据".into(),
    });
    let snapshot = ItemSnapshot::from_history(&events, today.calendar).map_err(corrupt)?;
    let last = events.last().expect("just pushed");
    store.append_item_event(item, last, &snapshot).await
}

/// Publishes the `items` of the `agencies` given, leaving out those
/// published after today.
pub(super) async fn seed_items(
    store: &dyn Store,
    today: &Today<'_>,
    agencies: &[(Who, &Agency)],
    items: &[DemoItem],
) -> StoreResult<()> {
    for it in items {
        let published = today.date(it.published);
        if published > today.day {
            continue;
        }
        let Some((_, agency)) = agencies.iter().find(|(w, _)| *w == it.who) else {
            continue;
        };
        let year = published.year();
        let title = fill(it.title, year);
        let metadata = ItemForm {
            title: title.clone(),
            summary: fill(it.summary, year),
            issuers: agency.profile.full_name.clone(),
            document_number: fill(it.number, year),
            formed_on: today.date(it.formed).to_string(),
            topic: it.topic.into(),
            genre: it.genre.into(),
            kind: it.kind.into(),
            article20: it.article20.into(),
            attribute: "proactive".into(),
            scope: "public".into(),
            body: format!("{title}\n（演示数据）本文件全文略。"),
            standard_row: match it.who {
                Who::Bureau => super::catalogue::filed_under(it.title).into(),
                _ => String::new(),
            },
            ..Default::default()
        }
        .validate()
        .map_err(|e| corrupt(format!("{title}：{e}")))?;
        let id = super::publish_item(store, agency, metadata, published, "演示数据").await?;
        if it.wechat && published + Days::new(1) <= today.day {
            let channels = vec![PublicationChannel::Wechat];
            let action = ItemAction::ChannelsRecorded { channels };
            append_item_action(store, today, id, action).await?;
        }
        let repealed = it.repealed.map(|(at, reason)| (today.date(at), reason));
        if let Some((date, reason)) = repealed.filter(|(d, _)| *d <= today.day) {
            let reason = fill(reason, date.year());
            let action = ItemAction::Repealed { date, reason };
            append_item_action(store, today, id, action).await?;
        }
    }
    Ok(())
}
