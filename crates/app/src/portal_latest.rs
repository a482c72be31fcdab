//! The portal's lists across agencies (issue 21): 最新信息, the latest
//! published items of every online agency, and 通知公告, the latest of the
//! genre 通知 — a few on the home page, the rest at `/latest` a page at a
//! time. Each page is one bounded query
//! (`PublicStore::latest_public_items`); the page number is bounded too, so
//! that no page reads further back than [`MAX_PAGE`] pages.

use gongkai_domain::catalogue::Genre;
use gongkai_store::PortalItem;

use crate::{App, Error};

/// Rows of each list the home page shows.
pub const HOME_ROWS: u32 = 15;
/// Rows a page of `/latest` shows.
pub const PAGE_ROWS: u32 = 20;
/// The last page `/latest` lists: older items are found by search or in
/// each agency's catalogue.
pub const MAX_PAGE: u32 = 50;

/// Which list (栏目) of the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortalList {
    /// 最新信息: every genre.
    Latest,
    /// 通知公告: the genre 通知.
    Notices,
}

impl PortalList {
    /// Read from the `kind` parameter of `/latest` (blank: 最新信息).
    pub fn parse(raw: &str) -> Result<PortalList, Error> {
        match raw.trim() {
            "" | "latest" => Ok(PortalList::Latest),
            "notice" => Ok(PortalList::Notices),
            other => Err(Error::invalid(format!(
                "栏目参数 kind 只能是 latest（最新信息）或 notice（通知公告），收到“{}”；请从首页的“更多”链接进入。",
                other.chars().take(24).collect::<String>()
            ))),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PortalList::Latest => "最新信息",
            PortalList::Notices => "通知公告",
        }
    }

    /// The `kind` parameter naming it.
    pub fn code(self) -> &'static str {
        match self {
            PortalList::Latest => "latest",
            PortalList::Notices => "notice",
        }
    }

    fn genre(self) -> Option<Genre> {
        match self {
            PortalList::Latest => None,
            PortalList::Notices => Some(Genre::Notice),
        }
    }
}

/// The page number of `/latest` (blank: the first), 1 to [`MAX_PAGE`].
pub fn page_number(raw: &str) -> Result<u32, Error> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(1);
    }
    match raw.parse::<u64>() {
        Ok(n) if (1..=u64::from(MAX_PAGE)).contains(&n) => Ok(n as u32),
        Ok(n) if n > u64::from(MAX_PAGE) => Err(Error::invalid(format!(
            "这里只列出最近{MAX_PAGE}页（每页{PAGE_ROWS}条）；更早的信息请使用信息检索，或到各机关的“法定主动公开内容”中查找。"
        ))),
        _ => Err(Error::invalid(format!(
            "页码应为1至{MAX_PAGE}之间的整数（收到“{}”），如 /latest?page=2。",
            raw.chars().take(24).collect::<String>()
        ))),
    }
}

/// What the home page lists: 最新信息 and 通知公告.
pub struct HomeLists {
    pub latest: Vec<PortalItem>,
    pub notices: Vec<PortalItem>,
}

pub async fn home_lists(app: &App) -> Result<HomeLists, Error> {
    let store = app.store.as_ref();
    Ok(HomeLists {
        latest: store.latest_public_items(None, 0, HOME_ROWS).await?,
        notices: store
            .latest_public_items(PortalList::Notices.genre(), 0, HOME_ROWS)
            .await?,
    })
}

/// One page of a list, and whether a later page has rows.
pub struct LatestPage {
    pub list: PortalList,
    pub page: u32,
    pub rows: Vec<PortalItem>,
    pub has_next: bool,
}

/// Page `page` (from 1) of `list`: one more row is read to know whether a
/// next page exists.
pub async fn latest_page(app: &App, list: PortalList, page: u32) -> Result<LatestPage, Error> {
    let page = page.clamp(1, MAX_PAGE);
    let mut rows = app
        .store
        .latest_public_items(list.genre(), (page - 1) * PAGE_ROWS, PAGE_ROWS + 1)
        .await?;
    let more = rows.len() > PAGE_ROWS as usize;
    rows.truncate(PAGE_ROWS as usize);
    Ok(LatestPage {
        list,
        page,
        rows,
        has_next: more && page < MAX_PAGE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(e: Error) -> String {
        match e {
            Error::Invalid(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn page_numbers_from_one_to_the_last_listed_page() {
        assert_eq!(page_number("").unwrap(), 1);
        assert_eq!(page_number(" 3 ").unwrap(), 3);
        assert_eq!(page_number("50").unwrap(), 50);
        assert_eq!(
            message(page_number("0").unwrap_err()),
            "页码应为1至50之间的整数（收到“0”），如 /latest?page=2。"
        );
        assert_eq!(
            message(page_number("abc").unwrap_err()),
            "页码应为1至50之间的整数（收到“abc”），如 /latest?page=2。"
        );
        assert_eq!(
            message(page_number("51").unwrap_err()),
            "这里只列出最近50页（每页20条）；更早的信息请使用信息检索，或到各机关的“法定主动公开内容”中查找。"
        );
        assert!(page_number("-1").is_err());
    }

    #[test]
    fn the_lists_by_their_parameter() {
        assert_eq!(PortalList::parse("").unwrap(), PortalList::Latest);
        assert_eq!(PortalList::parse("notice").unwrap(), PortalList::Notices);
        assert!(message(PortalList::parse("news").unwrap_err()).contains("收到“news”"));
    }
}
