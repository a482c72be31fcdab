//! An imported row's history, built and checked by the workflow rules: 起草
//! → 提交审核 → 审核通过 (the confidentiality review was done when it was
//! first published) → 发布 (with the index number from the file, or one in
//! the agency's form) → 废止/失效 as the file says, by the system, noting the
//! file and row.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    ImportItem, IndexNumber, ItemAction, ItemError, ItemEventRecord, PublicationChannel,
    ValidityState,
};
use gongkai_store::{Agency, ItemSnapshot, NewItem};

/// The confidentiality review recorded for an imported item.
pub const IMPORT_REVIEW: &str = "历史信息批量导入：原发布时已经保密审查";

/// An item ready to store.
pub(super) struct Built {
    pub item: NewItem,
    pub published_on: NaiveDate,
    /// The index number the file gave.
    pub kept: Option<IndexNumber>,
}

impl Built {
    pub fn set_index_number(&mut self, number: IndexNumber) {
        self.item.snapshot.index_number = Some(number.as_str().to_string());
        for e in &mut self.item.events {
            if let ItemAction::Published { index_number, .. } = &mut e.action {
                *index_number = number.clone();
            }
        }
    }
}

/// Where an item comes from, for its events' note.
pub(super) struct Origin<'a> {
    pub file_name: &'a str,
    /// Its row in the spreadsheet.
    pub row: usize,
    pub at: DateTime<Utc>,
}

/// The history of an imported item, checked; on error the column and reason.
pub(super) fn build_item(
    agency: &Agency,
    item: &ImportItem,
    origin: &Origin<'_>,
    calendar: &Calendar,
) -> Result<Built, (&'static str, String)> {
    let published_on = item.published_on.unwrap_or(item.metadata.formed_on);
    // A placeholder until every item is known to be good (serials are given
    // only to the items that will be stored).
    let index_number = item
        .index_number
        .clone()
        .unwrap_or_else(|| IndexNumber::generate(&agency.profile.code, published_on.year(), 0));
    let note = format!("批量导入：文件“{}”第{}行", origin.file_name, origin.row);
    let mut actions = vec![
        ItemAction::Drafted {
            metadata: item.metadata.clone(),
        },
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: gongkai_domain::catalogue::import::import_no_interpretation(
                &item.metadata,
            ),
        },
        ItemAction::Approved {
            review: IMPORT_REVIEW.to_string(),
        },
        ItemAction::Published {
            date: published_on,
            index_number,
            channels: vec![PublicationChannel::Website],
        },
    ];
    let original = |word: &str, date: NaiveDate, reason: &str| {
        let reason = reason.trim();
        if reason.is_empty() {
            format!("导入：原有效性为{word}（{date}）")
        } else {
            format!("导入：原有效性为{word}（{date}），{reason}")
        }
    };
    match &item.validity {
        ValidityState::InForce => {}
        ValidityState::Repealed { date, reason } => actions.push(ItemAction::Repealed {
            date: *date,
            reason: original("废止", *date, reason),
        }),
        ValidityState::Lapsed { date, reason } => actions.push(ItemAction::Lapsed {
            date: *date,
            reason: original("失效", *date, reason),
        }),
    }
    let events: Vec<ItemEventRecord> = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| ItemEventRecord {
            seq: i as u32 + 1,
            at: origin.at,
            actor: Actor::System,
            action,
            note: note.clone(),
        })
        .collect();
    let snapshot = ItemSnapshot::from_history(&events, calendar).map_err(|e| {
        let column = match &e {
            ItemError::NotProactive { .. } => "公开方式",
            ItemError::PublishedBeforeFormed { .. } => "发布日期",
            ItemError::NotInForce { .. }
            | ItemError::DateBeforePublication { .. }
            | ItemError::ValidityReasonMissing { .. } => "有效性",
            _ => "",
        };
        (column, e.to_string())
    })?;
    Ok(Built {
        item: NewItem {
            agency_id: agency.id,
            dedup_key: Some(item.dedup_key()),
            events,
            snapshot,
        },
        published_on,
        kept: item.index_number.clone(),
    })
}
