//! `GET /latest?kind=&page=`: 最新信息 (or, `kind=notice`, 通知公告) across
//! the online agencies, the home page's "更多", a page at a time
//! (`gongkai_app::portal_latest`: one bounded query a page, at most
//! `MAX_PAGE` pages back; a bad page number or list is a Chinese 400).

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::portal_latest::{self, PortalList};
use gongkai_store::PortalItem;

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::AppResult;
use crate::params::Query;
use crate::state::AppState;
use crate::views::Chrome;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LatestParams {
    pub kind: String,
    pub page: String,
}

#[derive(Template)]
#[template(path = "latest.html")]
pub struct LatestPage {
    pub chrome: Chrome,
    /// 最新信息 or 通知公告.
    pub title: &'static str,
    pub page: u32,
    pub rows: Vec<PortalItem>,
    /// The links to the page before and after, where there is one.
    pub previous: Option<String>,
    pub next: Option<String>,
}

fn href(list: PortalList, page: u32) -> String {
    match list {
        PortalList::Latest => format!("/latest?page={page}"),
        other => format!("/latest?kind={}&page={page}", other.code()),
    }
}

pub async fn latest(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Query(params): Query<LatestParams>,
) -> AppResult<Html<String>> {
    let list = PortalList::parse(&params.kind)?;
    let page = portal_latest::page_number(&params.page)?;
    let found = portal_latest::latest_page(&state, list, page).await?;
    let view = LatestPage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0),
        title: list.label(),
        page: found.page,
        previous: (found.page > 1).then(|| href(list, found.page - 1)),
        next: found.has_next.then(|| href(list, found.page + 1)),
        rows: found.rows,
    };
    Ok(Html(view.render()?))
}
