//! 主动公开目录 and 信息列表: an agency's public catalogue and the editor's
//! list of its items, a page at a time, and the cursors of their "下一页"
//! links.
//!
//! Both read one page of rows from the database (filtered and ordered
//! there, after the previous page's last key; see
//! `CatalogueStore::catalogue_page` and `item_list_page`), so their cost
//! follows the page, not the number of items an agency ever published.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use gongkai_store::{
    AgencyId, CatalogueFilter, CatalogueKey, ItemListFilter, ItemListKey, ItemListRow,
};

use crate::{App, Error};

/// Rows a page of the public catalogue shows.
pub const CATALOGUE_PAGE: u32 = 30;

/// Rows a page of the editor's list shows.
pub const ITEM_LIST_PAGE: u32 = 50;

/// One page of a list and where the next one starts (`None` on the last).
pub struct ItemPage<K> {
    pub rows: Vec<ItemListRow>,
    pub next: Option<K>,
}

/// Reads `limit + 1` rows to know whether a next page exists, and keeps
/// `limit`.
fn page_of<K>(
    mut rows: Vec<ItemListRow>,
    limit: u32,
    key: impl Fn(&ItemListRow) -> Option<K>,
) -> ItemPage<K> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().and_then(key)
    } else {
        None
    };
    ItemPage { rows, next }
}

/// One page of `agency`'s public catalogue narrowed by `filter`, newest
/// publication first, after `after`.
pub async fn catalogue_page(
    app: &App,
    agency: AgencyId,
    filter: &CatalogueFilter,
    after: Option<&CatalogueKey>,
) -> Result<ItemPage<CatalogueKey>, Error> {
    let rows = app
        .store
        .catalogue_page(agency, filter, after, CATALOGUE_PAGE + 1)
        .await?;
    Ok(page_of(rows, CATALOGUE_PAGE, ItemListRow::catalogue_key))
}

/// One page of `agency`'s items narrowed by `filter`, last changed first
/// (or first changed first), after `after` (the editor's list), and how
/// many items the filter selects in all.
pub async fn item_list_page(
    app: &App,
    agency: AgencyId,
    filter: &ItemListFilter,
    after: Option<&ItemListKey>,
) -> Result<(ItemPage<ItemListKey>, u64), Error> {
    let rows = app
        .store
        .item_list(agency, filter, after, ITEM_LIST_PAGE + 1)
        .await?;
    let total = app.store.item_list_count(agency, filter).await?;
    Ok((page_of(rows, ITEM_LIST_PAGE, |r| Some(r.list_key())), total))
}

/// Longest search text of the editor's list, in characters.
pub const ITEM_SEARCH_MAX_CHARS: usize = 50;

/// The most late items listed at once.
pub const LATE_ITEMS_MAX: u32 = 500;

/// The agency's items published later than Art. 26 allows, newest first
/// (at most [`LATE_ITEMS_MAX`]), and whether there are more.
pub async fn late_items(app: &App, agency: AgencyId) -> Result<(Vec<ItemListRow>, bool), Error> {
    let mut rows = app.store.late_items(agency, LATE_ITEMS_MAX + 1).await?;
    let more = rows.len() > LATE_ITEMS_MAX as usize;
    rows.truncate(LATE_ITEMS_MAX as usize);
    Ok((rows, more))
}

fn bad_cursor() -> Error {
    Error::invalid("翻页参数 after 无效：请从列表的“下一页”链接翻页，或去掉该参数从第一页开始。")
}

/// The key's id after the last `_` of a cursor: a positive integer.
fn split_cursor(text: &str) -> Result<(&str, i64), Error> {
    let (head, id) = text.rsplit_once('_').ok_or_else(bad_cursor)?;
    let plausible = !id.is_empty() && id.len() <= 19 && id.bytes().all(|b| b.is_ascii_digit());
    let id = plausible
        .then(|| id.parse::<i64>().ok())
        .flatten()
        .filter(|&id| id > 0)
        .ok_or_else(bad_cursor)?;
    Ok((head, id))
}

/// The latest date or year a cursor may name (records never reach it).
const LAST_YEAR: i32 = 9999;

/// The cursor of a page of the public catalogue in a URL:
/// `2029-03-01_123` (the last row's publication date and id).
pub fn catalogue_cursor(key: &CatalogueKey) -> String {
    format!("{}_{}", key.published_on, key.id)
}

/// Parse a cursor made by [`catalogue_cursor`]; anything else is refused
/// with a message saying what to do.
pub fn parse_catalogue_cursor(text: &str) -> Result<CatalogueKey, Error> {
    let (date, id) = split_cursor(text.trim())?;
    let published_on = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|d| {
            *d >= gongkai_domain::dates::earliest()
                && NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).is_some_and(|last| *d <= last)
        })
        .ok_or_else(bad_cursor)?;
    Ok(CatalogueKey { published_on, id })
}

/// The cursor of a page of the editor's list in a URL:
/// `2029-03-01T08:00:00.123456789Z_123` (the last row's time of change, to
/// the nanosecond as stored, and id).
pub fn item_list_cursor(key: &ItemListKey) -> String {
    format!(
        "{}_{}",
        key.updated_at.to_rfc3339_opts(SecondsFormat::Nanos, true),
        key.id
    )
}

/// Parse a cursor made by [`item_list_cursor`]; anything else is refused
/// with a message saying what to do.
pub fn parse_item_list_cursor(text: &str) -> Result<ItemListKey, Error> {
    use chrono::Datelike;
    let (time, id) = split_cursor(text.trim())?;
    let updated_at = DateTime::parse_from_rfc3339(time)
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| (1970..=LAST_YEAR).contains(&t.year()))
        .ok_or_else(bad_cursor)?;
    Ok(ItemListKey { updated_at, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_cursors_read_back_and_nonsense_is_refused() {
        let key = CatalogueKey {
            published_on: NaiveDate::from_ymd_opt(2029, 3, 1).unwrap(),
            id: 123,
        };
        assert_eq!(catalogue_cursor(&key), "2029-03-01_123");
        assert_eq!(parse_catalogue_cursor("2029-03-01_123").unwrap(), key);
        for bad in [
            "",
            "2029-03-01",
            "2029-13-01_1",
            "2029-03-01_0",
            "2029-03-01_-1",
            "2029-03-01_1x",
            "2029-03-01_99999999999999999999",
            "1900-01-01_1",
            "_1",
            "x_1",
        ] {
            assert!(parse_catalogue_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn list_cursors_keep_the_nanoseconds() {
        let key = ItemListKey {
            updated_at: DateTime::from_timestamp(1_900_000_000, 123_456_789).unwrap(),
            id: 42,
        };
        let text = item_list_cursor(&key);
        assert_eq!(text, "2030-03-17T17:46:40.123456789Z_42");
        assert_eq!(parse_item_list_cursor(&text).unwrap(), key);
        for bad in [
            "",
            "2030-03-17T17:46:40Z",
            "2030-03-17_42",
            "2030-03-17T17:46:40Z_0",
            "0001-01-01T00:00:00Z_1",
            "2030-03-17T17:46:40.1Z_4'2",
        ] {
            assert!(parse_item_list_cursor(bad).is_err(), "{bad}");
        }
    }
}
