//! The sitemap (sitemaps.org protocol): `/sitemap.xml` is an index of
//! files of at most 50,000 URLs each, as the protocol allows — one for the
//! home page and the agencies' columns, and one per range of 50,000 item ids
//! for the public items. A shard reads only its own id range (an indexed
//! range of the catalogue), so no request reads every item of the platform.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongkai_store::ItemId;

use super::items_public::{base_url, xml_escape};
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::state::AppState;

/// URLs a sitemap file may list (sitemaps.org: 50,000).
pub const URLS_PER_FILE: i64 = 50_000;

/// How many item shards cover ids 1..=`last_id`.
pub fn item_shards(last_id: ItemId, per: i64) -> i64 {
    if last_id <= 0 {
        0
    } else {
        (last_id + per - 1) / per
    }
}

/// The ids shard `n` (from 1) lists: `((n-1)·per, n·per]`.
pub fn shard_ids(n: i64, per: i64) -> (ItemId, ItemId) {
    ((n - 1) * per + 1, n * per)
}

fn xml(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `GET /sitemap.xml`: the index of the sitemap files.
pub async fn index(State(state): State<AppState>) -> AppResult<Response> {
    let base = base_url(&state);
    let shards = item_shards(state.store.last_item_id().await?, URLS_PER_FILE);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    out.push_str(&format!(
        "<sitemap><loc>{base}/sitemaps/agencies.xml</loc></sitemap>\n"
    ));
    for n in 1..=shards {
        out.push_str(&format!(
            "<sitemap><loc>{base}/sitemaps/items-{n}.xml</loc></sitemap>\n"
        ));
    }
    out.push_str("</sitemapindex>\n");
    Ok(xml(out))
}

fn urlset() -> String {
    String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    )
}

/// `GET /sitemaps/agencies.xml`: the home page and each agency's column.
pub async fn agencies(State(state): State<AppState>) -> AppResult<Response> {
    let base = base_url(&state);
    let mut out = urlset();
    out.push_str(&format!("<url><loc>{base}/</loc></url>\n"));
    for a in gongkai_app::site::public_agencies(&state).await? {
        for part in ["", "/rules", "/catalogue", "/reports"] {
            out.push_str(&format!(
                "<url><loc>{base}/agencies/{}{part}</loc></url>\n",
                xml_escape(a.profile.code.as_str())
            ));
        }
    }
    out.push_str("</urlset>\n");
    Ok(xml(out))
}

/// `GET /sitemaps/items-{n}.xml`: the public items of the `n`th id range
/// (of online agencies: a draft's are not public), with the day each last
/// changed.
pub async fn items(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let missing = || AppError::not_found("该站点地图文件");
    let n: i64 = file
        .strip_prefix("items-")
        .and_then(|f| f.strip_suffix(".xml"))
        .and_then(|n| n.parse().ok())
        .ok_or_else(missing)?;
    let shards = item_shards(state.store.last_item_id().await?, URLS_PER_FILE);
    if n < 1 || n > shards {
        return Err(missing());
    }
    let (first, last) = shard_ids(n, URLS_PER_FILE);
    let base = base_url(&state);
    let mut out = urlset();
    for (id, updated) in state.store.online_item_stamps(first, last).await? {
        out.push_str(&format!(
            "<url><loc>{base}/items/{id}</loc><lastmod>{}</lastmod></url>\n",
            updated.date_naive()
        ));
    }
    out.push_str("</urlset>\n");
    Ok(xml(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_id_once_and_none_holds_more_than_allowed() {
        assert_eq!(item_shards(0, 50_000), 0);
        assert_eq!(item_shards(1, 50_000), 1);
        assert_eq!(item_shards(50_000, 50_000), 1);
        assert_eq!(item_shards(50_001, 50_000), 2);
        assert_eq!(item_shards(100_022, 50_000), 3);
        assert_eq!(shard_ids(1, 50_000), (1, 50_000));
        assert_eq!(shard_ids(3, 50_000), (100_001, 150_000));
    }
}
