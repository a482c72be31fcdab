//! Story tests shared by the storage backends (feature `story`): each backend
//! runs the same stories against its own database, so SQLite and PostgreSQL
//! are held to one behaviour. One module an aggregate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod case_list;
mod cases;
mod catalogue;
mod catalogue_paging;
mod catalogue_rows;
mod concerns;
mod consultations;
mod engagement;
mod feed;
mod findings_mail;
mod health;
mod hearings;
mod inspections;
mod item_links;
mod lookback;
mod mail;
mod motions;
mod plans;
mod portal;
mod proposals;
mod questions;
mod register;
mod reports;
mod scorecards;
mod standard;

pub use accounts::accounts;
pub use case_list::case_list;
pub use cases::cases;
pub use catalogue::{catalogue, catalogue_bulk};
pub use catalogue_paging::catalogue_columns_backfilled;
pub use feed::{backfilled_changes, feed_under_concurrent_writers, item_changes};
pub use item_links::item_links_backfilled;
pub use register::register;
pub use reports::{annual_reports, concurrent_publications};

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

/// A story's own stretch of time, counted in seconds from its start: each
/// story keeps its records' instants (and the days they fall on, which its
/// expected values name) apart from the other stories' in one database.
#[derive(Clone, Copy)]
struct Epoch(i64);

impl Epoch {
    fn at(self, secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0 + secs, 0).expect("in range")
    }

    /// Done by `by`, `secs` into the story.
    fn stamp(self, by: StaffId, secs: i64) -> Stamp {
        Stamp {
            by: Some(by),
            at: self.at(secs),
        }
    }
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
        changed_on: None,
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
        changed_on: Some(on),
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
pub fn published(
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
                no_interpretation_reason: None,
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

/// Poll every future on this task until all are done (the crate has no
/// executor of its own to spawn on; each pool connection works side by side).
pub async fn join_all<T>(
    mut futures: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = T> + '_>>>,
) -> Vec<T> {
    let mut out: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (f, o) in futures.iter_mut().zip(out.iter_mut()) {
            if o.is_none()
                && let std::task::Poll::Ready(v) = f.as_mut().poll(cx)
            {
                *o = Some(v);
            }
        }
        if out.iter().all(Option::is_some) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.into_iter().flatten().collect()
}
