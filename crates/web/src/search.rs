//! The search parameters shared by `/search` and `/api/search`: checked
//! with Chinese messages, paged by offset within the window and by cursor
//! past it, and run on a blocking thread. The index and its indexer are
//! `gongkai_app::search`.

use std::sync::Arc;

use gongkai_app::search::{AgencyPaths, Search};
use gongkai_store::Agency;

/// Longest query accepted, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// Results per page on the public search page.
pub const PAGE_SIZE: usize = 20;
/// Most results one API call returns.
pub const API_LIMIT_MAX: usize = 100;

/// Results an offset page may reach (`offset + limit`); past it a cursor
/// continues (see [`gongkai_search::Cursor`]).
pub const MAX_WINDOW: usize = gongkai_search::MAX_WINDOW;
/// The last page the search page reaches by number; the next ones follow
/// a cursor.
pub const LAST_NUMBERED_PAGE: usize = MAX_WINDOW / PAGE_SIZE;
/// The highest page number shown on a cursor page (a label only).
pub const PAGE_LABEL_MAX: usize = 10_000_000;

/// The search parameters as they arrive in the URL (the page and the API
/// share them).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// 检索词；用引号（"…" 或 “…”）括起的为精确短语；文号、索引号可整体输入。
    pub q: String,
    /// 机构代码：只检索该机构及其下级机构。
    pub agency: String,
    /// 第二十条项目代码（如 `regulations`）。
    pub item: String,
    /// 主题分类（一级）代码。
    pub topic: String,
    /// 发布年份，如 `2025`。
    pub year: String,
    /// 有效性：`in_force`、`lapsed`、`repealed`。
    pub validity: String,
    /// 排序：`relevance`（默认，相关度）或 `date`（发布日期，新在前）。
    pub sort: String,
    /// 页码（检索页，从 1 起）。
    pub page: String,
    /// 跳过的条数（API）。
    pub offset: String,
    /// 每次返回条数（API，1 至 100）。
    pub limit: String,
    /// 翻页标记：上一页返回的 `next_cursor`，从其后继续（可翻过偏移翻页的一万条上限）。
    pub cursor: String,
}

/// Where a page of results starts.
pub struct Paging {
    pub offset: usize,
    pub limit: usize,
    pub after: Option<gongkai_search::Cursor>,
    /// The page number (the search page), from 1.
    pub page: usize,
}

/// Reads page, offset, limit and cursor: offset paging reaches the first
/// [`MAX_WINDOW`] results; a cursor reaches the rest.
pub fn paging(
    params: &SearchParams,
    sort: gongkai_search::Sort,
    default_limit: usize,
) -> Result<Paging, String> {
    use crate::params::{Limit, Offset, Page};
    let given = |s: &str| !s.trim().is_empty();
    let limit = if given(&params.limit) {
        Limit::parse(&params.limit, API_LIMIT_MAX)?.0
    } else {
        default_limit
    };
    if given(&params.cursor) {
        if given(&params.offset) {
            return Err("cursor 与 offset 不能同时使用：用 cursor 翻页时请去掉 offset。".into());
        }
        let after = gongkai_search::Cursor::decode(&params.cursor).map_err(|e| e.to_string())?;
        if after.sort != sort {
            return Err(gongkai_search::SearchError::Cursor.to_string());
        }
        // On the search page the number only labels the page.
        let page = if given(&params.page) {
            Page::parse(&params.page, PAGE_LABEL_MAX)?.0
        } else {
            1
        };
        return Ok(Paging {
            offset: 0,
            limit,
            after: Some(after),
            page,
        });
    }
    let max_offset = MAX_WINDOW - limit;
    let offset = if given(&params.offset) {
        Offset::parse(&params.offset, max_offset).map_err(|e| {
            format!("{e}offset 与 limit 之和不超过 {MAX_WINDOW}；更后面的结果请用返回的 next_cursor 作为 cursor 继续翻页。")
        })?
        .0
    } else if given(&params.page) {
        let last = MAX_WINDOW / limit;
        let page = Page::parse(&params.page, last)
            .map_err(|e| format!("{e}更后面的结果请在第 {last} 页点击“下一页”继续。"))?;
        (page.0 - 1) * limit
    } else {
        0
    };
    Ok(Paging {
        offset,
        limit,
        after: None,
        page: offset / limit + 1,
    })
}

/// A search to run, read from [`SearchParams`]; the filter agency, if any.
pub struct ParsedSearch {
    pub request: gongkai_search::SearchRequest,
    pub agency: Option<Agency>,
    /// The page number (the search page), from 1.
    pub page: usize,
}

/// Reads the parameters; a message in Chinese says what is wrong otherwise.
pub fn parse_params(
    params: &SearchParams,
    agencies: &AgencyPaths,
    all: &[Agency],
    default_limit: usize,
) -> Result<ParsedSearch, String> {
    let text = params.q.trim().to_string();
    if text.chars().count() > QUERY_MAX_CHARS {
        return Err(format!(
            "检索词过长（{} 字），请缩短到 {QUERY_MAX_CHARS} 字以内。",
            text.chars().count()
        ));
    }
    let blank = |s: &str| s.trim().is_empty();
    let agency = if blank(&params.agency) {
        None
    } else {
        let code = params.agency.trim();
        // A draft agency (未上线) is not public: as if unknown.
        Some(
            all.iter()
                .find(|a| a.profile.code.as_str() == code && a.is_online())
                .cloned()
                .ok_or_else(|| format!("未找到代码为“{code}”的机构，请从机构列表中选择。"))?,
        )
    };
    let code = |c: &'static str| c.to_string();
    let article20 = crate::params::article20(&params.item)?.map(|a| code(a.code()));
    let topic = crate::params::top_topic(&params.topic)?.map(|t| code(t.code()));
    let year = if blank(&params.year) {
        None
    } else {
        Some(crate::params::Year::parse(&params.year)?.0)
    };
    let validity = crate::params::validity(&params.validity)?.map(|v| code(v.code()));
    let sort = match params.sort.trim() {
        "" | "relevance" => gongkai_search::Sort::Relevance,
        "date" | "newest" => gongkai_search::Sort::Newest,
        other => {
            return Err(format!(
                "排序方式“{other}”无法识别，可选：relevance（相关度）、date（发布日期）。"
            ));
        }
    };
    let paging = paging(params, sort, default_limit)?;
    Ok(ParsedSearch {
        request: gongkai_search::SearchRequest {
            text,
            agency_path: agency.as_ref().map(|a| agencies.path(a.id)),
            article20,
            topic,
            year,
            validity,
            sort,
            offset: paging.offset,
            limit: paging.limit,
            after: paging.after,
            facets: false,
        },
        agency,
        page: paging.page,
    })
}

/// Runs a search of `/search` and `/api/search`: its words expanded with
/// the vocabulary that applies where it searches (the platform's dictionary
/// and the agencies' groups, `gongkai_app::search::synonyms::vocabulary`).
pub async fn run_public(
    state: &crate::state::AppState,
    request: gongkai_search::SearchRequest,
) -> anyhow::Result<gongkai_search::SearchResults> {
    let within = request.agency_path.as_ref().and_then(|p| p.last().copied());
    let vocabulary = gongkai_app::search::synonyms::vocabulary(&state.app, within).await?;
    let search = state.search.clone();
    Ok(
        tokio::task::spawn_blocking(move || search.index.search_with(&request, &vocabulary))
            .await??,
    )
}

/// Runs a search off the async threads (the platform's vocabulary).
pub async fn run(
    search: &Arc<Search>,
    request: gongkai_search::SearchRequest,
) -> anyhow::Result<gongkai_search::SearchResults> {
    let search = search.clone();
    Ok(tokio::task::spawn_blocking(move || search.index.search(&request)).await??)
}
