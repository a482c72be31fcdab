//! Recording actions on catalogue items: check them (domain), allocate the
//! 索引号 at publication, and append the event with the new snapshot.

use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    IndexNumber, ItemAction, ItemEventRecord, ItemView, check_item_action, item_view,
};
use gongkai_store::{Agency, ItemRecord, ItemSnapshot, StoreError};

use crate::error::RecordError;
use crate::{App, Error};

pub struct ItemBundle {
    pub record: ItemRecord,
    pub agency: Agency,
    pub events: Vec<ItemEventRecord>,
    pub view: ItemView,
    pub calendar: Calendar,
}

impl ItemBundle {
    pub fn next_seq(&self) -> u32 {
        self.events.last().map_or(1, |e| e.seq + 1)
    }
}

pub async fn load(state: &App, id: i64) -> Result<ItemBundle, Error> {
    let record = state
        .store
        .item(id)
        .await?
        .ok_or_else(|| Error::not_found("该信息"))?;
    let agency = state
        .store
        .agency(record.agency_id)
        .await?
        .ok_or_else(|| Error::internal("item without agency"))?;
    let events = state.store.item_events(id).await?;
    let view = item_view(&events).map_err(Error::internal)?;
    let calendar = gongkai_store::calendar_in_force(state.store.as_ref()).await?;
    Ok(ItemBundle {
        record,
        agency,
        events,
        view,
        calendar,
    })
}

/// The Published action with a new 索引号 in the agency's form.
pub async fn publication(
    state: &App,
    agency: &Agency,
    date: chrono::NaiveDate,
    channels: Vec<gongkai_domain::catalogue::PublicationChannel>,
) -> Result<ItemAction, Error> {
    use chrono::Datelike;
    let serial = state
        .store
        .next_index_serial(agency.id, date.year())
        .await?;
    Ok(ItemAction::Published {
        date,
        index_number: IndexNumber::generate(&agency.profile.code, date.year(), serial),
        channels,
    })
}

/// Record `actions` in order (e.g. approval and publication together).
pub async fn record(
    state: &App,
    bundle: &ItemBundle,
    expected_seq: u32,
    actor: Actor,
    actions: Vec<ItemAction>,
    note: String,
) -> Result<(), RecordError> {
    if expected_seq != bundle.next_seq() {
        return Err(RecordError::Stale);
    }
    let mut history = bundle.events.clone();
    for action in actions {
        check_item_action(&history, &action).map_err(|e| RecordError::Refused(e.to_string()))?;
        let event = ItemEventRecord {
            seq: history.last().map_or(1, |e| e.seq + 1),
            at: state.clock.now(),
            actor: actor.clone(),
            action,
            note: note.clone(),
        };
        history.push(event.clone());
        let snapshot = ItemSnapshot::from_history(&history, &bundle.calendar)
            .map_err(|e| RecordError::Refused(e.to_string()))?;
        match state
            .store
            .append_item_event(bundle.record.id, &event, &snapshot)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict(gongkai_store::Conflict::ItemEventSeq)) => {
                return Err(RecordError::Stale);
            }
            Err(e) => return Err(RecordError::Other(e.into())),
        }
    }
    state.search.wake();
    Ok(())
}
