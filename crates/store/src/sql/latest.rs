//! The portal's lists across agencies (最新信息, 通知公告): the published
//! items of online agencies, newest publication first, a page at a time.

use gongkai_domain::catalogue::{Genre, ItemState};

use super::items::state_code;
use super::{Db, Row, query};
use crate::*;

fn portal_row(r: &Row) -> StoreResult<PortalItem> {
    Ok(PortalItem {
        id: r.get("id")?,
        title: r.get::<Option<String>>("title")?.unwrap_or_default(),
        published_on: r.get("published_on")?,
        agency_code: r.get("code")?,
        agency_name: r.get("full_name")?,
    })
}

/// One page of the latest published items, of `genre` if given.
///
/// `CROSS JOIN` keeps the items the outer loop in SQLite (PostgreSQL plans
/// it as the inner join it is), so both walk the `(published_on, id)` or
/// `(genre, published_on, id)` index of 0038 backwards and stop after the
/// page, each row's agency found by its key; `published_on IS NOT NULL`
/// skips the drafts' NULL dates at the index's start (PostgreSQL's DESC
/// order puts them first).
pub(super) async fn latest_public_items(
    db: &Db,
    genre: Option<Genre>,
    offset: u32,
    limit: u32,
) -> StoreResult<Vec<PortalItem>> {
    let title = db.dialect().json_text("i.snapshot", &["metadata", "title"]);
    let genre_clause = if genre.is_some() {
        "i.genre = $4 AND "
    } else {
        ""
    };
    let sql = format!(
        "SELECT i.id, i.published_on, {title} AS title, a.code, a.full_name \
         FROM catalogue_items i CROSS JOIN agencies a \
         WHERE {genre_clause}i.published_on IS NOT NULL AND i.state = $1 \
         AND i.index_number IS NOT NULL AND a.id = i.agency_id AND a.online_on IS NOT NULL \
         ORDER BY i.published_on DESC, i.id DESC LIMIT $2 OFFSET $3"
    );
    let mut q = query(sql)
        .bind(state_code(ItemState::Published)?)
        .bind(i64::from(limit))
        .bind(i64::from(offset));
    if let Some(g) = genre {
        q = q.bind(g.code());
    }
    q.fetch_as(db, portal_row).await
}
