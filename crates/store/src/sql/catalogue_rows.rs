//! Items filed under the rows of an agency's 标准目录 (migration 0028): a
//! sub-column's list narrowed by its rows' keys, the count said when a row
//! is deleted, and the published items per row the health checks read.

use gongkai_domain::catalogue::ItemState;

use super::items::state_code;
use super::{Db, Query, query};
use crate::*;

/// ` AND standard_row IN ($n, …)`: the items filed under any of `rows`
/// (not empty), read through `catalogue_items_standard_row`.
pub(super) fn push_rows(q: &mut Query, rows: &[String]) {
    q.push(" AND standard_row IN (");
    for (i, key) in rows.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(key.as_str());
    }
    q.push(")");
}

/// How many of `agency`'s items, in any state, are filed under `key`.
pub(super) async fn items_filed_under(db: &Db, agency: AgencyId, key: &str) -> StoreResult<u64> {
    let n: i64 =
        query("SELECT COUNT(*) FROM catalogue_items WHERE agency_id = $1 AND standard_row = $2")
            .bind(agency)
            .bind(key)
            .scalar(db)
            .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// `agency`'s published items per row they are filed under.
pub(super) async fn row_stats(db: &Db, agency: AgencyId) -> StoreResult<Vec<RowStat>> {
    query(
        "SELECT standard_row, COUNT(*) AS published, MAX(published_on) AS last_published, \
         COALESCE(SUM(CASE WHEN published_on IS NULL THEN 1 ELSE 0 END), 0) AS undated \
         FROM catalogue_items WHERE agency_id = $1 AND state = $2 \
         AND standard_row IS NOT NULL GROUP BY standard_row ORDER BY standard_row",
    )
    .bind(agency)
    .bind(state_code(ItemState::Published)?)
    .fetch_as(db, |r| {
        Ok(RowStat {
            row_key: r.get("standard_row")?,
            published: r.get("published")?,
            last_published: r.get("last_published")?,
            undated: r.get("undated")?,
        })
    })
    .await
}
