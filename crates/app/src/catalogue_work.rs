//! Recording actions on catalogue items: check them (domain), give a
//! publication its 索引号, and append the events with the new snapshots —
//! all of one command in one transaction, the serial drawn inside it (a
//! refused approval uses up no number).

use chrono::{Datelike, NaiveDate};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::replacement::Replacement;
use gongkai_domain::catalogue::{
    IndexNumber, ItemAction, ItemEventRecord, ItemState, ItemView, PublicationChannel,
    check_item_action, item_view,
};
use gongkai_store::{
    Agency, AgencyId, Conflict, ItemAppend, ItemId, ItemRecord, ItemSnapshot, NewItem,
    NewItemAttachment, StoreError,
};

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
    let calendar = state.calendar_in_force().await?;
    Ok(ItemBundle {
        record,
        agency,
        events,
        view,
        calendar,
    })
}

/// What an editor or reviewer asks of an item.
pub enum ItemCommand {
    /// Actions recorded as given, in order.
    Record(Vec<ItemAction>),
    /// 提交审核, with the item's interpretation (解读) going to review with
    /// it (a draft) or already published, or for a 规章/规范性文件 without
    /// one, the reason none is needed.
    Submit {
        with_interpretation: Option<String>,
        no_interpretation_reason: Option<String>,
    },
    /// 关联解读: a published interpretation of the agency.
    Link { item: String },
    /// 废止 (`repeal`) or 失效 on `date` for `reason`, with the replacing
    /// document: an item of the agency (its key) or one named as typed.
    EndValidity {
        repeal: bool,
        date: NaiveDate,
        reason: String,
        replaced_by_item: Option<String>,
        replaced_by_text: String,
    },
    /// 审核通过 and 发布 with a new 索引号; a policy document submitted with
    /// its interpretation publishes that on the same day and is linked to it
    /// (同步审签、同步发布).
    ApproveAndPublish {
        review: String,
        date: NaiveDate,
        channels: Vec<PublicationChannel>,
    },
}

/// Carry out `command` on the item of `bundle` as the event after
/// `expected_seq - 1`: one transaction for everything it records.
pub async fn execute(
    state: &App,
    bundle: &ItemBundle,
    expected_seq: u32,
    actor: Actor,
    command: ItemCommand,
) -> Result<(), RecordError> {
    let plan = |actions: Vec<Planned>, note: String| Plan {
        bundle,
        expected_seq,
        actions,
        note,
    };
    match command {
        ItemCommand::Record(actions) => {
            let actions = actions.into_iter().map(Planned::action).collect();
            record_plans(state, &actor, vec![plan(actions, String::new())]).await
        }
        ItemCommand::Submit {
            with_interpretation,
            no_interpretation_reason,
        } => {
            let submitted = ItemAction::Submitted {
                with_interpretation: with_interpretation.clone(),
                no_interpretation_reason,
            };
            let Some(key) = with_interpretation else {
                let actions = vec![Planned::action(submitted)];
                return record_plans(state, &actor, vec![plan(actions, String::new())]).await;
            };
            let other = interpretation(state, bundle, &key).await?;
            let together = crate::catalogue_links::check_candidate(bundle, &other, false)?;
            let mut plans = vec![plan(vec![Planned::action(submitted)], String::new())];
            // A published interpretation is linked, not submitted again.
            if together {
                let note = format!("与“{}”一并提交", bundle.view.metadata.title);
                let with = Planned::action(ItemAction::Submitted {
                    with_interpretation: None,
                    no_interpretation_reason: None,
                });
                plans.push(Plan::next(&other, vec![with], note));
            }
            record_plans(state, &actor, plans).await
        }
        ItemCommand::Link { item } => {
            let other = interpretation(state, bundle, &item).await?;
            crate::catalogue_links::check_candidate(bundle, &other, true)?;
            let actions = vec![Planned::action(ItemAction::InterpretationLinked { item })];
            record_plans(state, &actor, vec![plan(actions, String::new())]).await
        }
        ItemCommand::EndValidity {
            repeal,
            date,
            reason,
            replaced_by_item,
            replaced_by_text,
        } => {
            let end = if repeal {
                ItemAction::Repealed { date, reason }
            } else {
                ItemAction::Lapsed { date, reason }
            };
            let mut actions = vec![Planned::action(end)];
            let replacement = crate::catalogue_links::replacement(
                state,
                bundle,
                replaced_by_item.as_deref(),
                &replaced_by_text,
            )
            .await?;
            if let Some(replacement) = replacement {
                actions.push(Planned::action(ItemAction::ReplacedBy { replacement }));
            }
            record_plans(state, &actor, vec![plan(actions, String::new())]).await
        }
        ItemCommand::ApproveAndPublish {
            review,
            date,
            channels,
        } => approve_and_publish(state, bundle, expected_seq, &actor, review, date, channels).await,
    }
}

/// Record `actions` in order (e.g. an attachment added to a draft).
pub async fn record(
    state: &App,
    bundle: &ItemBundle,
    expected_seq: u32,
    actor: Actor,
    actions: Vec<ItemAction>,
    note: String,
) -> Result<(), RecordError> {
    let actions = actions.into_iter().map(Planned::action).collect();
    let plan = Plan {
        bundle,
        expected_seq,
        actions,
        note,
    };
    record_plans(state, &actor, vec![plan]).await
}

/// Add `files` to the item (each an `AttachmentAdded` event stored with its
/// row, in one transaction), then record `then` (e.g. the edit that makes
/// one of them the body). A file is part of the item: the workflow allows
/// it only where an edit is allowed, so it goes through review.
pub async fn attach(
    state: &App,
    bundle: &ItemBundle,
    expected_seq: u32,
    actor: Actor,
    files: Vec<NewItemAttachment>,
    (then, note): (Vec<ItemAction>, String),
) -> Result<(), RecordError> {
    let actions = files
        .into_iter()
        .map(|f| Planned::Attach(Box::new(f)))
        .chain(then.into_iter().map(Planned::action))
        .collect();
    let plan = Plan {
        bundle,
        expected_seq,
        actions,
        note,
    };
    record_plans(state, &actor, vec![plan]).await
}

/// 起草: a new item of `agency` whose history is one `Drafted` event.
pub async fn draft(
    state: &App,
    agency: AgencyId,
    actor: Actor,
    metadata: gongkai_domain::catalogue::ItemMetadata,
) -> Result<ItemId, Error> {
    let calendar = state.calendar_in_force().await?;
    let first = ItemEventRecord {
        seq: 1,
        at: state.clock.now(),
        actor,
        action: ItemAction::Drafted { metadata },
        note: String::new(),
    };
    let snapshot = ItemSnapshot::from_history(std::slice::from_ref(&first), &calendar)
        .map_err(Error::internal)?;
    let created = state
        .store
        .create_items(&[NewItem {
            agency_id: agency,
            dedup_key: None,
            events: vec![first],
            snapshot,
        }])
        .await?;
    created
        .first()
        .map(|c| c.id())
        .ok_or_else(|| Error::internal("no item created"))
}

async fn approve_and_publish(
    state: &App,
    bundle: &ItemBundle,
    expected_seq: u32,
    actor: &Actor,
    review: String,
    date: NaiveDate,
    channels: Vec<PublicationChannel>,
) -> Result<(), RecordError> {
    let publish = || Planned::Publish {
        date,
        channels: channels.clone(),
    };
    let approve = || {
        Planned::action(ItemAction::Approved {
            review: review.clone(),
        })
    };
    let mut own = vec![approve(), publish()];
    let old = revised(state, bundle).await?;
    let mut plans = Vec::new();
    let with = bundle.view.submitted_with_interpretation.clone();
    let other = match &with {
        Some(key) => Some(interpretation(state, bundle, key).await?),
        None => None,
    };
    if let (Some(key), Some(other)) = (with, other.as_ref()) {
        if other.view.state == ItemState::Submitted {
            let note = format!("与“{}”同步审签、同步发布", bundle.view.metadata.title);
            plans.push(Plan::next(other, vec![approve(), publish()], note));
        }
        if !bundle.view.interpretations.contains(&key) {
            own.push(Planned::action(ItemAction::InterpretationLinked {
                item: key,
            }));
        }
    }
    if let Some(old) = &old {
        plans.push(superseded(old, bundle, date));
    }
    let own = Plan {
        bundle,
        expected_seq,
        actions: own,
        note: String::new(),
    };
    plans.insert(0, own);
    record_plans(state, actor, plans).await
}

/// 修订: the published version a revision replaces, while it is still in
/// force (one repealed meanwhile is left as it is).
async fn revised(state: &App, bundle: &ItemBundle) -> Result<Option<ItemBundle>, RecordError> {
    let Some(id) = bundle
        .view
        .metadata
        .revision_of
        .as_deref()
        .and_then(|k| k.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    let old = match load(state, id).await {
        Ok(b) => b,
        Err(Error::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let current = old.record.agency_id == bundle.record.agency_id
        && old.view.state == ItemState::Published
        && old.view.validity.is_in_force();
    Ok(current.then_some(old))
}

/// The published version lapses (失效) on the day its revision is published,
/// and names the revision as the document replacing it, in the same
/// transaction: the public never sees two versions in force.
fn superseded<'a>(old: &'a ItemBundle, revision: &ItemBundle, date: NaiveDate) -> Plan<'a> {
    let lapsed = ItemAction::Lapsed {
        date,
        reason: "信息已变更，以修订后重新发布的版本为准。".into(),
    };
    let replaced = ItemAction::ReplacedBy {
        replacement: Replacement {
            item: Some(revision.record.id.to_string()),
            title: revision.view.metadata.title.clone(),
        },
    };
    let note = format!("由修订版本“{}”替代", revision.view.metadata.title);
    Plan::next(
        old,
        vec![Planned::action(lapsed), Planned::action(replaced)],
        note,
    )
}

/// The interpretation named by `key`: an item of the same agency.
pub(crate) async fn interpretation(
    state: &App,
    policy: &ItemBundle,
    key: &str,
) -> Result<ItemBundle, RecordError> {
    let missing = || RecordError::Refused("所选解读不存在。".into());
    let id: i64 = key.parse().map_err(|_| missing())?;
    let other = match load(state, id).await {
        Ok(b) => b,
        Err(Error::NotFound(_)) => return Err(missing()),
        Err(e) => return Err(e.into()),
    };
    if other.record.agency_id != policy.record.agency_id {
        return Err(RecordError::Refused("解读须为本机关的信息。".into()));
    }
    Ok(other)
}

/// One item's part of a command: its actions after `expected_seq - 1`.
struct Plan<'a> {
    bundle: &'a ItemBundle,
    expected_seq: u32,
    actions: Vec<Planned>,
    note: String,
}

impl<'a> Plan<'a> {
    /// Actions after the item's last event as loaded.
    fn next(bundle: &'a ItemBundle, actions: Vec<Planned>, note: String) -> Plan<'a> {
        Plan {
            bundle,
            expected_seq: bundle.next_seq(),
            actions,
            note,
        }
    }
}

/// An action to record; a publication is given its 索引号 inside the
/// transaction.
enum Planned {
    Action(Box<ItemAction>),
    /// A file added: its `AttachmentAdded` event and its row, together.
    Attach(Box<NewItemAttachment>),
    Publish {
        date: NaiveDate,
        channels: Vec<PublicationChannel>,
    },
}

impl Planned {
    fn action(a: ItemAction) -> Planned {
        Planned::Action(Box::new(a))
    }
}

async fn record_plans(state: &App, actor: &Actor, plans: Vec<Plan<'_>>) -> Result<(), RecordError> {
    if plans.iter().any(|p| p.expected_seq != p.bundle.next_seq()) {
        return Err(RecordError::Stale);
    }
    let serials: Vec<(AgencyId, i32)> = plans
        .iter()
        .flat_map(|p| {
            p.actions.iter().filter_map(|a| match a {
                Planned::Publish { date, .. } => Some((p.bundle.agency.id, date.year())),
                Planned::Action(_) | Planned::Attach(_) => None,
            })
        })
        .collect();
    let now = state.clock.now();
    let build = |drawn: &[u32]| events_of(&plans, drawn, actor, now);
    match state.store.append_item_events(&serials, &build).await {
        Ok(Ok(())) => {
            state.search.wake();
            Ok(())
        }
        Ok(Err(why)) => Err(RecordError::Refused(why)),
        Err(StoreError::Conflict(Conflict::ItemEventSeq)) => Err(RecordError::Stale),
        Err(e) => Err(RecordError::Other(e.into())),
    }
}

/// The events of `plans`, each checked against the item's workflow
/// (domain) after the ones before it, with the snapshot after it; `drawn`
/// are the serials of the publications, in order.
fn events_of(
    plans: &[Plan<'_>],
    drawn: &[u32],
    actor: &Actor,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<ItemAppend>, String> {
    let mut serials = drawn.iter().copied();
    let mut out = Vec::new();
    for p in plans {
        let mut history = p.bundle.events.clone();
        for planned in &p.actions {
            let mut attachment = None;
            let action = match planned {
                Planned::Action(a) => a.as_ref().clone(),
                Planned::Attach(file) => {
                    attachment = Some(file.as_ref().clone());
                    ItemAction::AttachmentAdded {
                        sha256: file.sha256.clone(),
                        filename: file.filename.clone(),
                    }
                }
                Planned::Publish { date, channels } => ItemAction::Published {
                    date: *date,
                    index_number: IndexNumber::generate(
                        &p.bundle.agency.profile.code,
                        date.year(),
                        serials.next().ok_or("索引号流水号不足")?,
                    ),
                    channels: channels.clone(),
                },
            };
            check_item_action(&history, &action).map_err(|e| e.to_string())?;
            let event = ItemEventRecord {
                seq: history.last().map_or(1, |e| e.seq + 1),
                at,
                actor: actor.clone(),
                action,
                note: p.note.clone(),
            };
            history.push(event.clone());
            let snapshot = ItemSnapshot::from_history(&history, &p.bundle.calendar)
                .map_err(|e| e.to_string())?;
            out.push(ItemAppend {
                item: p.bundle.record.id,
                event,
                snapshot,
                attachment,
            });
        }
    }
    Ok(out)
}
