//! Lists of catalogue items a page at a time: an agency's public catalogue
//! (主动公开目录), filtered in SQL on the columns of migrations 0013 and
//! 0028, and the editor's list of the agency's items (信息列表), filtered
//! and searched on those of 0032 too, with its count. Each page is one query
//! reading at most `limit` rows in index order after the previous page's
//! last key, and only the fields a row shows: never an item's body.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::catalogue::ItemState;

use super::items::{state_code, state_of};
use super::{Db, Dialect, Query, Row, parse_json, query};
use crate::*;

/// The columns of an [`ItemListRow`]: the table's own, and the few fields of
/// the snapshot a row shows, extracted in the database.
fn list_columns(d: Dialect) -> String {
    let j = |path: &[&str]| d.json_text("snapshot", path);
    format!(
        "id, state, index_number, published_on, updated_at, late, {} AS title, \
         {} AS document_number, {} AS formed_on, {} AS changed_on, {} AS validity_json, \
         CAST({} AS BIGINT) AS delay_days",
        j(&["metadata", "title"]),
        j(&["metadata", "document_number"]),
        j(&["metadata", "formed_on"]),
        j(&["metadata", "changed_on"]),
        j(&["validity"]),
        j(&["delay_working_days"]),
    )
}

/// A date the snapshot holds as text (`2029-03-01`).
fn json_date(r: &Row, col: &str) -> StoreResult<Option<NaiveDate>> {
    r.get::<Option<String>>(col)?
        .map(|t| {
            t.parse()
                .map_err(|_| StoreError::Corrupt(format!("信息日期“{t}”")))
        })
        .transpose()
}

fn list_row(r: &Row) -> StoreResult<ItemListRow> {
    let formed_on =
        json_date(r, "formed_on")?.ok_or_else(|| StoreError::Corrupt("信息缺少成文日期".into()))?;
    let validity: Option<String> = r.get("validity_json")?;
    let delay: Option<i64> = r.get("delay_days")?;
    Ok(ItemListRow {
        id: r.get("id")?,
        state: state_of(&r.get::<String>("state")?)?,
        title: r.get::<Option<String>>("title")?.unwrap_or_default(),
        index_number: r.get("index_number")?,
        document_number: r.get("document_number")?,
        published_on: r.get("published_on")?,
        timeliness_start: json_date(r, "changed_on")?.unwrap_or(formed_on),
        validity: match validity {
            Some(v) => parse_json(&v, "有效性")?,
            None => Default::default(),
        },
        delay_working_days: delay.and_then(|n| u32::try_from(n).ok()),
        late: r.get("late")?,
        updated_at: r.get("updated_at")?,
    })
}

/// What makes an item public: published or withdrawn, with an 索引号, as
/// `is_public` on the item page. Such an item has its publication date
/// (the domain gives both at once); saying `published_on IS NOT NULL` too
/// would be a third condition on the date, which makes SQLite's planner
/// take the date index over a filter's index.
fn push_public(q: &mut Query) -> StoreResult<()> {
    q.push(" AND state IN (");
    q.push_bind(state_code(ItemState::Published)?);
    q.push(", ");
    q.push_bind(state_code(ItemState::Withdrawn)?);
    q.push(") AND index_number IS NOT NULL");
    Ok(())
}

/// One page of `agency`'s public catalogue narrowed by `filter`, newest
/// publication first, after `after`.
pub(super) async fn catalogue_page(
    db: &Db,
    agency: AgencyId,
    filter: &CatalogueFilter,
    after: Option<&CatalogueKey>,
    limit: u32,
) -> StoreResult<Vec<ItemListRow>> {
    let mut q = query(format!(
        "SELECT {} FROM catalogue_items WHERE agency_id = ",
        list_columns(db.dialect())
    ));
    q.push_bind(agency);
    push_public(&mut q)?;
    if let Some(a) = filter.article20 {
        q.push(" AND article20 = ");
        q.push_bind(a.code());
    }
    if let Some(t) = filter.topic {
        q.push(" AND top_topic = ");
        q.push_bind(t.code());
    }
    if let Some(v) = filter.validity {
        q.push(" AND validity = ");
        q.push_bind(v.code());
    }
    if let Some(rows) = &filter.rows {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        super::catalogue_rows::push_rows(&mut q, rows);
    }
    // The year and the key bound the date from below and above: one range
    // of the indexed date, each end once (more conditions on the date make
    // SQLite's planner prefer the date index to a filter's index).
    let (mut from, mut to) = (None, None);
    if let Some(year) = filter.year {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Ok(Vec::new());
        };
        (from, to) = (Some(first), Some(last));
    }
    if let Some(k) = after {
        to = Some(to.map_or(k.published_on, |t| t.min(k.published_on)));
    }
    if let Some(from) = from {
        q.push(" AND published_on >= ");
        q.push_bind(from);
    }
    if let Some(to) = to {
        q.push(" AND published_on <= ");
        q.push_bind(to);
    }
    if let Some(k) = after {
        // Of the key's own day, only the rows after it.
        q.push(" AND (published_on < ");
        q.push_bind(k.published_on);
        q.push(" OR id < ");
        q.push_bind(k.id);
        q.push(")");
    }
    q.push(" ORDER BY published_on DESC, id DESC LIMIT ");
    q.push_bind(i64::from(limit));
    q.fetch_as(db, list_row).await
}

/// The years of `agency`'s public items, newest first: the latest
/// publication date before the start of the year last found, until there
/// is none — a lookup in the `(agency_id, published_on)` index a year.
pub(super) async fn catalogue_years(db: &Db, agency: AgencyId) -> StoreResult<Vec<i32>> {
    let mut years = Vec::new();
    let mut before: Option<NaiveDate> = None;
    loop {
        let mut q = query("SELECT published_on FROM catalogue_items WHERE agency_id = ");
        q.push_bind(agency);
        push_public(&mut q)?;
        if let Some(b) = before {
            q.push(" AND published_on < ");
            q.push_bind(b);
        }
        q.push(" ORDER BY published_on DESC LIMIT 1");
        let Some(latest) = q.scalar_opt::<NaiveDate>(db).await? else {
            return Ok(years);
        };
        years.push(latest.year());
        match NaiveDate::from_ymd_opt(latest.year(), 1, 1) {
            Some(start) => before = Some(start),
            None => return Ok(years),
        }
    }
}

/// One page of `agency`'s items narrowed by `filter`, last changed first
/// (or first changed first), after `after`.
pub(super) async fn item_list(
    db: &Db,
    agency: AgencyId,
    filter: &ItemListFilter,
    after: Option<&ItemListKey>,
    limit: u32,
) -> StoreResult<Vec<ItemListRow>> {
    let d = db.dialect();
    let mut q = query(format!(
        "SELECT {} FROM catalogue_items WHERE agency_id = ",
        list_columns(d)
    ));
    q.push_bind(agency);
    if !push_list_filter(&mut q, d, filter) {
        return Ok(Vec::new());
    }
    let (before, order) = if filter.oldest_first {
        ((">=", ">"), "ASC")
    } else {
        (("<=", "<"), "DESC")
    };
    if let Some(k) = after {
        // Of the key's own instant, only the rows after it.
        q.push(&format!(" AND updated_at {} ", before.0));
        q.push_bind(k.updated_at);
        q.push(&format!(" AND (updated_at {} ", before.1));
        q.push_bind(k.updated_at);
        q.push(&format!(" OR id {} ", before.1));
        q.push_bind(k.id);
        q.push(")");
    }
    q.push(&format!(" ORDER BY updated_at {order}, id {order} LIMIT "));
    q.push_bind(i64::from(limit));
    q.fetch_as(db, list_row).await
}

/// How many of `agency`'s items `filter` selects.
pub(super) async fn item_list_count(
    db: &Db,
    agency: AgencyId,
    filter: &ItemListFilter,
) -> StoreResult<u64> {
    let mut q = query("SELECT COUNT(*) FROM catalogue_items WHERE agency_id = ");
    q.push_bind(agency);
    if !push_list_filter(&mut q, db.dialect(), filter) {
        return Ok(0);
    }
    let n: i64 = q.scalar(db).await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// ` AND …` for each filter given; `false` when nothing can match (a year
/// without dates).
fn push_list_filter(q: &mut Query, d: Dialect, f: &ItemListFilter) -> bool {
    let codes = [
        ("state", f.state.map(|s| s.code())),
        ("article20", f.article20.map(|a| a.code())),
        ("top_topic", f.topic.map(|t| t.code())),
        ("validity", f.validity.map(|v| v.code())),
        ("genre", f.genre.map(|g| g.code())),
    ];
    for (column, code) in codes {
        if let Some(code) = code {
            q.push(&format!(" AND {column} = "));
            q.push_bind(code);
        }
    }
    if let Some(year) = f.year {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return false;
        };
        q.push(" AND formed_on >= ");
        q.push_bind(first);
        q.push(" AND formed_on <= ");
        q.push_bind(last);
    }
    if f.returned {
        q.push(" AND times_returned > 0");
    }
    if let Some(text) = f.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!(
            "%{}%",
            super::case_register::escape_like(&text.to_lowercase())
        );
        q.push(" AND (");
        let columns = [
            d.json_text("snapshot", &["metadata", "title"]),
            d.json_text("snapshot", &["metadata", "document_number"]),
            "index_number".to_string(),
        ];
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            q.push(&format!("LOWER({column}) LIKE "));
            q.push_bind(pattern.as_str());
            q.push(" ESCAPE '\\'");
        }
        q.push(")");
    }
    true
}

/// The agency's items back with the editor, last returned first, with the
/// reason of their last return (their own events, by key).
pub(super) async fn returned_items(
    db: &Db,
    agency: AgencyId,
    limit: u32,
) -> StoreResult<Vec<ReturnedItem>> {
    let d = db.dialect();
    let mut q = query(format!(
        "SELECT i.id, i.updated_at, {} AS title, (SELECT {} FROM item_events e \
         WHERE e.item_id = i.id AND {} = 'refused' ORDER BY e.seq DESC LIMIT 1) AS reason \
         FROM catalogue_items i WHERE i.agency_id = ",
        d.json_text("i.snapshot", &["metadata", "title"]),
        d.json_text("e.action", &["reason"]),
        d.json_text("e.action", &["action"]),
    ));
    q.push_bind(agency);
    q.push(" AND i.state = ");
    q.push_bind(ItemState::Refused.code());
    q.push(" ORDER BY i.updated_at DESC, i.id DESC LIMIT ");
    q.push_bind(i64::from(limit));
    q.fetch_as(db, |r| {
        Ok(ReturnedItem {
            id: r.get("id")?,
            title: r.get::<Option<String>>("title")?.unwrap_or_default(),
            reason: r.get::<Option<String>>("reason")?.unwrap_or_default(),
            changed_at: r.get("updated_at")?,
        })
    })
    .await
}

/// `agency`'s late items (the `late` column of migration 0013's
/// timeliness), newest publication first.
pub(super) async fn late_items(
    db: &Db,
    agency: AgencyId,
    limit: u32,
) -> StoreResult<Vec<ItemListRow>> {
    let mut q = query(format!(
        "SELECT {} FROM catalogue_items WHERE agency_id = ",
        list_columns(db.dialect())
    ));
    q.push_bind(agency);
    q.push(" AND late = ");
    q.push_bind(true);
    q.push(" ORDER BY published_on DESC, id DESC LIMIT ");
    q.push_bind(i64::from(limit));
    q.fetch_as(db, list_row).await
}
