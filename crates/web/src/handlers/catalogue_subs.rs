//! The sub-columns (子栏目) of the public catalogue: the rows of the
//! agency's 标准目录 under an Article 20 item, each a link to the
//! catalogue narrowed to it (`/agencies/{code}/catalogue?item=X&sub=…`,
//! the items filed under its rows, filtered in SQL and paged like the rest
//! of the catalogue); a sub-column the catalogue does not have is answered
//! with what to do (`gongkai_app::catalogue_rows::for_list`).

use gongkai_app::catalogue_rows;
use gongkai_domain::vocabulary::Article20Item;
use gongkai_store::{Agency, CatalogueFilter};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A sub-column as the navigation links it.
pub struct SubLink {
    pub name: String,
    pub href: String,
    /// The list shows this sub-column.
    pub current: bool,
}

/// The catalogue of `code` narrowed to the sub-column `sub` of `item`.
pub fn sub_href(code: &str, item: Article20Item, sub: &str) -> String {
    let query =
        serde_urlencoded::to_string([("item", item.code()), ("sub", sub)]).unwrap_or_default();
    format!(
        "/agencies/{}/catalogue?{query}",
        crate::downloads::path_segment(code)
    )
}

/// Narrows `filter` to the sub-column `sub` (as typed; blank: none) of its
/// Article 20 item and gives the item's sub-columns as links; a sub-column
/// the agency's 标准目录 does not have under the item is a 400 saying so.
pub async fn narrow(
    state: &AppState,
    agency: &Agency,
    filter: &mut CatalogueFilter,
    sub: &str,
) -> AppResult<Vec<SubLink>> {
    let columns = catalogue_rows::for_list(state, agency.id, filter.article20, sub)
        .await
        .map_err(|e| match e {
            gongkai_app::Error::Invalid(m) => AppError::bad_request(m),
            e => e.into(),
        })?;
    let selected = columns.selected.as_ref().map(|(name, _)| name.clone());
    filter.rows = columns.selected.map(|(_, keys)| keys);
    let Some(item) = filter.article20 else {
        return Ok(Vec::new());
    };
    let code = agency.profile.code.as_str();
    Ok(columns
        .names
        .into_iter()
        .map(|name| SubLink {
            href: sub_href(code, item, &name),
            current: selected.as_deref() == Some(name.as_str()),
            name,
        })
        .collect())
}
