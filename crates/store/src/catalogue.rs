//! Records of proactive disclosure: catalogue items with their append-only
//! history, a snapshot for listing, attachments, and the Article 20 figures.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::catalogue::{
    Article20Figures, Genre, ItemEventRecord, ItemMetadata, ItemState, PublicationChannel,
    TopTopic, Validity, ValidityState,
};
use gongkai_domain::vocabulary::Article20Item;
use serde::{Deserialize, Serialize};

use crate::{AgencyId, StaffId};

pub type ItemId = i64;

/// What lists, feeds and the sitemap need of an item, kept beside its history
/// (rewritten with every event, in the same transaction) so that a list does
/// not replay every history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSnapshot {
    pub state: ItemState,
    pub metadata: ItemMetadata,
    /// 索引号, once published (never changes).
    pub index_number: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// The last day the public record changed: publication, 废止, 失效 or
    /// 撤回, as the actions state it (what a feed's `<updated>` says).
    /// Snapshots stored before it was kept read as `None`.
    #[serde(default)]
    pub changed_on: Option<NaiveDate>,
    pub validity: ValidityState,
    pub channels: Vec<PublicationChannel>,
    pub withdrawal_note: Option<String>,
    /// Working days from formed/changed to publication (Art. 26), and whether late.
    pub delay_working_days: Option<u32>,
    pub late: bool,
}

/// An agency's items by what they wait for (the workbench's counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemCounts {
    /// Submitted, waiting for a reviewer.
    pub awaiting_review: u64,
    /// Published later than Art. 26 allows.
    pub late: u64,
}

/// One event to append to an item, with the snapshot after it.
#[derive(Debug, Clone)]
pub struct ItemAppend {
    pub item: ItemId,
    pub event: ItemEventRecord,
    pub snapshot: ItemSnapshot,
    /// The file an `AttachmentAdded` event adds, stored in the same
    /// transaction as the event (never one without the other).
    pub attachment: Option<NewItemAttachment>,
}

/// Builds the events of [`crate::CatalogueStore::append_item_events`] from the
/// 索引号 serials drawn inside its transaction, or refuses (the message says
/// why; then nothing is stored and no serial is used).
pub type BuildItemEvents<'a> = dyn Fn(&[u32]) -> Result<Vec<ItemAppend>, String> + Send + Sync + 'a;

/// An item to create with its history so far (one event for a draft; the
/// whole publication for an imported item).
#[derive(Debug, Clone)]
pub struct NewItem {
    pub agency_id: AgencyId,
    /// A second item with the same key at the same agency is not created
    /// (imports run twice create nothing new).
    pub dedup_key: Option<String>,
    pub events: Vec<ItemEventRecord>,
    pub snapshot: ItemSnapshot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemCreated {
    New(ItemId),
    AlreadyExists(ItemId),
}

impl ItemCreated {
    pub fn id(self) -> ItemId {
        match self {
            ItemCreated::New(id) | ItemCreated::AlreadyExists(id) => id,
        }
    }
}

/// One change of a catalogue item (created, or an event appended), in commit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub seq: i64,
    pub item_id: ItemId,
}

/// An item as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRecord {
    pub id: ItemId,
    pub agency_id: AgencyId,
    pub snapshot: ItemSnapshot,
    pub updated_at: DateTime<Utc>,
}

/// An item as a list shows it (目录条目): its columns and the few fields of
/// its snapshot a row needs, never its body, so that a page of a list reads
/// a page of rows whatever the items hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemListRow {
    pub id: ItemId,
    pub state: ItemState,
    pub title: String,
    /// 索引号, once published.
    pub index_number: Option<String>,
    /// 文号.
    pub document_number: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// Where Art. 26 counts from: the date of the change, else 成文日期.
    pub timeliness_start: NaiveDate,
    pub validity: ValidityState,
    /// Working days from formed/changed to publication (Art. 26), and whether late.
    pub delay_working_days: Option<u32>,
    pub late: bool,
    pub updated_at: DateTime<Utc>,
}

/// What an agency's public catalogue (主动公开目录) is narrowed to; `None`
/// is every value. Each is a column of `catalogue_items` with an index
/// beginning `(agency_id, …, published_on)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueFilter {
    /// 第二十条 item.
    pub article20: Option<Article20Item>,
    /// 一级主题分类.
    pub topic: Option<TopTopic>,
    /// The year of publication.
    pub year: Option<i32>,
    /// 有效性.
    pub validity: Option<Validity>,
    /// A sub-column (子栏目): the keys of its 标准目录 rows; the items filed
    /// under any of them (`Some` of none: nothing).
    pub rows: Option<Vec<String>>,
}

/// What the editor's list of an agency's items (信息列表) is narrowed to;
/// `None` (or `false`) is every value. Each is a column of
/// `catalogue_items` (migrations 0013, 0032); the search is a substring of
/// the title, the 文号 or the 索引号.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemListFilter {
    pub state: Option<ItemState>,
    /// The year of the 成文日期.
    pub year: Option<i32>,
    /// 第二十条 item.
    pub article20: Option<Article20Item>,
    /// 一级主题分类.
    pub topic: Option<TopTopic>,
    /// 有效性.
    pub validity: Option<Validity>,
    /// 体裁.
    pub genre: Option<Genre>,
    /// Returned by the reviewer at least once (退回过).
    pub returned: bool,
    /// Text the title, the 文号 or the 索引号 contains (case ignored).
    pub search: Option<String>,
    /// First changed first (else last changed first).
    pub oldest_first: bool,
}

/// An item back with the editor, as the workbench flags it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedItem {
    pub id: ItemId,
    pub title: String,
    /// The reviewer's reason (退回理由).
    pub reason: String,
    /// When it last changed (returned, or edited since).
    pub changed_at: DateTime<Utc>,
}

/// The published items filed under one 标准目录 row (the health checks'
/// figures of a sub-column with a periodic 公开时限).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowStat {
    pub row_key: String,
    pub published: i64,
    pub last_published: Option<NaiveDate>,
    /// Published without a publication date.
    pub undated: i64,
}

/// Where a page of the public catalogue ends (newest publication first):
/// the last row's publication date and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueKey {
    pub published_on: NaiveDate,
    pub id: ItemId,
}

/// Where a page of the editor's list of items (信息列表: last changed
/// first) ends: the last row's time of change and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemListKey {
    pub updated_at: DateTime<Utc>,
    pub id: ItemId,
}

impl ItemListRow {
    /// The key of the public catalogue after this row (`None` for an item
    /// never published, which that list does not hold).
    pub fn catalogue_key(&self) -> Option<CatalogueKey> {
        self.published_on.map(|published_on| CatalogueKey {
            published_on,
            id: self.id,
        })
    }

    /// The key of the editor's list after this row.
    pub fn list_key(&self) -> ItemListKey {
        ItemListKey {
            updated_at: self.updated_at,
            id: self.id,
        }
    }
}

/// A file attached to an item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemAttachment {
    pub id: i64,
    pub item_id: ItemId,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone)]
pub struct NewItemAttachment {
    pub item_id: ItemId,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// The Article 20 figures of an agency for a year, as last saved.
#[derive(Debug, Clone)]
pub struct FiguresRecord {
    pub agency_id: AgencyId,
    pub figures: Article20Figures,
    pub updated_by: Option<StaffId>,
    pub updated_at: DateTime<Utc>,
}

impl ItemSnapshot {
    /// The snapshot of an item from its whole history (checked by the domain).
    pub fn from_history(
        history: &[ItemEventRecord],
        calendar: &gongkai_domain::calendar::Calendar,
    ) -> Result<ItemSnapshot, gongkai_domain::catalogue::ItemError> {
        let view = gongkai_domain::catalogue::item_view(history)?;
        let timeliness = view.timeliness(calendar);
        Ok(ItemSnapshot {
            state: view.state,
            index_number: view.index_number.as_ref().map(|n| n.as_str().to_string()),
            published_on: view.published_on,
            changed_on: history.iter().filter_map(|e| e.action.date()).max(),
            validity: view.validity.clone(),
            channels: view.channels.clone(),
            withdrawal_note: view.withdrawal.as_ref().map(|w| w.note.clone()),
            delay_working_days: timeliness.as_ref().map(|t| t.working_days),
            late: timeliness.as_ref().is_some_and(|t| t.late),
            metadata: view.metadata,
        })
    }
}
