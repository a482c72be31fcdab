//! `GET /`: the portal's home page — a search box, 最新信息 and 通知公告
//! across agencies (`gongkai_app::portal_latest`, one bounded query each),
//! and the agency tree, each agency's lower levels folded in a `<details>`
//! so that a province's thousands of agencies do not make a page of
//! screens. Kept by the page cache (`page_cache`), which a publication
//! empties.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::portal_latest;
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, HomePage, TreeRow};

/// An agency of the tree as the home page nests it: the rows are flat
/// (depth first), so each says whether it opens a folded list of its lower
/// agencies and how many levels end after it.
pub struct FoldedRow {
    pub agency: Agency,
    pub depth: usize,
    /// Agencies directly below it (0: a leaf).
    pub children: usize,
    /// Nested lists closed after this row (its own when it is a leaf is
    /// not counted).
    pub closes: usize,
}

/// For depth-first depths, each row's (children, lists closed after it):
/// a row opens a list when the next is deeper and closes as many as the
/// next row climbs (the last row closes every list still open).
fn shape(depths: &[usize]) -> Vec<(usize, usize)> {
    (0..depths.len())
        .map(|i| {
            let d = depths[i];
            let children = depths[i + 1..]
                .iter()
                .take_while(|n| **n > d)
                .filter(|n| **n == d + 1)
                .count();
            let next = depths.get(i + 1).copied().unwrap_or(0);
            (children, d.saturating_sub(next))
        })
        .collect()
}

pub fn fold(rows: Vec<TreeRow>) -> Vec<FoldedRow> {
    let depths: Vec<usize> = rows.iter().map(|r| r.depth).collect();
    rows.into_iter()
        .zip(shape(&depths))
        .map(|(r, (children, closes))| FoldedRow {
            agency: r.agency,
            depth: r.depth,
            children,
            closes,
        })
        .collect()
}

pub async fn home(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let lists = portal_latest::home_lists(&state).await?;
    let agencies = gongkai_app::site::public_agencies(&state).await?;
    let page = HomePage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0),
        latest: lists.latest,
        notices: lists.notices,
        tree: fold(tree::rows(&agencies, None)),
    };
    Ok(Html(page.render()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_opens_its_children_and_closes_what_the_next_climbs() {
        // 县政府 › (交通局 › 站), 财政局; then 市政府 › 教育局.
        assert_eq!(
            shape(&[0, 1, 2, 1, 0, 1]),
            [(2, 0), (1, 0), (0, 1), (0, 1), (1, 0), (0, 1)]
        );
        assert!(shape(&[]).is_empty());
    }
}
