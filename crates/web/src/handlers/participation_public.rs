//! What the participation registers' public pages in an agency's column
//! (回应关切, 政民互动, 建议提案) share, written once: the agency as its
//! column opens it with the page's chrome, a list's page parameter and the
//! link to its next page. Each page keeps its own template.

use gongkai_store::Agency;
use serde::Deserialize;

use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Id;
use crate::state::AppState;
use crate::views::Chrome;

/// A column page's frame: the agency and the chrome that marks a draft
/// agency's page as its staff's preview.
pub struct ColumnFrame {
    pub chrome: Chrome,
    pub agency: Agency,
}

/// Agency `code`'s column for `who`: 404 for an unknown agency, and for a
/// draft one unless `who` may preview it ([`crate::tree::column_agency`]).
pub async fn frame(
    state: &AppState,
    who: Option<&CurrentStaff>,
    csrf: &str,
    code: &str,
) -> AppResult<ColumnFrame> {
    let agency = crate::tree::column_agency(state, who, code).await?;
    Ok(ColumnFrame {
        chrome: Chrome::new(who, csrf).previewing(&agency),
        agency,
    })
}

/// `?after=ID`: the list's page after the line `ID`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AfterParams {
    after: Option<Id>,
}

impl AfterParams {
    pub fn after(&self) -> Option<i64> {
        self.after.map(|Id(a)| a)
    }
}

/// `?from=N`: the list's page from its `N`th line (0: the first page).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FromParams {
    from: Option<Id>,
}

impl FromParams {
    /// An offset beyond `u32` reads as the end of the list (an empty page).
    pub fn offset(&self) -> u32 {
        self.from
            .map_or(0, |Id(n)| u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// The link to a list's next page: `/agencies/{code}/{register}?{query}`.
pub fn next_href(code: &str, register: &str, query: &str) -> String {
    format!("/agencies/{code}/{register}?{query}")
}
