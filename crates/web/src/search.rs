//! Keeping the search index in step with the catalogue. The database is the
//! record; the index is derived from it. Every item change leaves a row in
//! the change feed (`item_changes`, written in the same transaction); one
//! indexer reads the feed after the sequence number the index's last commit
//! carries, so a restart, a crash or a deleted index directory is caught up
//! by reading on. Recording an item action wakes the indexer, so a
//! publication is searchable well within a second; a poll every second
//! picks up changes made by other processes (a CLI import).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use gongkai_search::{SearchDoc, SearchIndex};
use gongkai_store::{Agency, AgencyId, ItemRecord, Store};
use tokio::sync::Notify;

/// Changes read and committed at a time.
const BATCH: i64 = 2_000;
/// How often the indexer looks for changes nobody told it about.
const POLL: Duration = Duration::from_secs(1);

/// The index and the bell that wakes its indexer.
pub struct Search {
    pub index: SearchIndex,
    wake: Notify,
}

impl Search {
    /// Opens (or creates) the index under the data directory.
    pub fn open(data_dir: &Path) -> anyhow::Result<Arc<Search>> {
        let dir = index_dir(data_dir);
        let index = SearchIndex::open_or_create(&dir)
            .map_err(|e| anyhow::anyhow!("无法打开检索索引 {}：{e}", dir.display()))?;
        Ok(Arc::new(Search {
            index,
            wake: Notify::new(),
        }))
    }

    /// Tells the indexer that the catalogue changed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Where the index lives.
pub fn index_dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("search-index")
}

/// The agencies by id (for each item's path from the root).
pub struct AgencyPaths(HashMap<AgencyId, Agency>);

impl AgencyPaths {
    pub fn new(agencies: Vec<Agency>) -> AgencyPaths {
        AgencyPaths(agencies.into_iter().map(|a| (a.id, a)).collect())
    }

    /// From the root down to `id`.
    pub fn path(&self, id: AgencyId) -> Vec<i64> {
        let mut path = vec![id];
        let mut seen = HashSet::from([id]);
        let mut cur = self.0.get(&id).and_then(|a| a.parent_id);
        while let Some(p) = cur {
            if !seen.insert(p) {
                break;
            }
            path.push(p);
            cur = self.0.get(&p).and_then(|a| a.parent_id);
        }
        path.reverse();
        path
    }

    pub fn get(&self, id: AgencyId) -> Option<&Agency> {
        self.0.get(&id)
    }
}

/// The index document of an item, or None when the public may not see it
/// (drafts, items under review, refused).
pub fn search_doc(record: &ItemRecord, agencies: &AgencyPaths) -> Option<SearchDoc> {
    let s = &record.snapshot;
    if !s.state.is_public() {
        return None;
    }
    let index_number = s.index_number.clone()?;
    let published_on = s.published_on?;
    let m = &s.metadata;
    Some(SearchDoc {
        id: u64::try_from(record.id).ok()?,
        agency_path: agencies.path(record.agency_id),
        agency_name: agencies
            .get(record.agency_id)
            .map(|a| a.profile.full_name.clone())
            .unwrap_or_default(),
        title: m.title.clone(),
        summary: m.summary.clone(),
        body: m.body.clone(),
        keywords: m.keywords.clone(),
        issuers: m.issuers.clone(),
        document_number: m.document_number.clone(),
        index_number: Some(index_number),
        published_on,
        article20: m.article20.map(|a| a.code().to_string()),
        topic: Some(m.topic.top.code().to_string()),
        validity: s.validity.kind().code().to_string(),
        url: format!("/items/{}", record.id),
    })
}

/// Applies every change after the index's sequence number; returns how many
/// items were (re)indexed or removed.
pub async fn catch_up(store: &dyn Store, search: &Arc<Search>) -> anyhow::Result<usize> {
    let mut applied = 0;
    loop {
        let after = search.index.indexed_seq()?;
        let last = store.last_item_change().await?;
        if last < after {
            // The index is ahead of this database (it was restored or
            // replaced): start again from it.
            tracing::warn!(
                index = after,
                database = last,
                "search index ahead of the database; rebuilding"
            );
            return Ok(rebuild(store, search, Arc::new(|_, _| {})).await? as usize);
        }
        let changes = store.item_changes_after(after, BATCH).await?;
        let Some(newest) = changes.last().map(|c| c.seq) else {
            return Ok(applied);
        };
        let mut ids: Vec<i64> = changes.iter().map(|c| c.item_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let records = store.items_by_ids(&ids).await?;
        let agencies = AgencyPaths::new(store.agencies().await?);
        let docs: HashMap<i64, Option<SearchDoc>> = records
            .iter()
            .map(|r| (r.id, search_doc(r, &agencies)))
            .collect();
        applied += ids.len();
        let search = search.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut writer = search.index.writer()?;
            for id in ids {
                match docs.get(&id) {
                    Some(Some(doc)) => writer.upsert(doc)?,
                    _ => writer.delete(id as u64),
                }
            }
            writer.commit(newest)?;
            Ok(())
        })
        .await??;
    }
}

/// Called as a rebuild goes: (items done, items in all).
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Rebuilds the whole index from the published items. Returns the number of
/// items indexed.
pub async fn rebuild(
    store: &dyn Store,
    search: &Arc<Search>,
    progress: Progress,
) -> anyhow::Result<u64> {
    // The sequence number is read before the items: a change made while
    // reading is applied again by the next catch-up (upserts are idempotent).
    let seq = store.last_item_change().await?;
    let records = store.published_items(None, -1).await?;
    let agencies = AgencyPaths::new(store.agencies().await?);
    let docs: Vec<SearchDoc> = records
        .iter()
        .filter_map(|r| search_doc(r, &agencies))
        .collect();
    let search = search.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
        let total = docs.len() as u64;
        progress(0, total);
        let mut writer = search.index.writer()?;
        writer.clear()?;
        for (i, doc) in docs.iter().enumerate() {
            writer.add(doc)?;
            if i % 1_000 == 999 {
                progress(i as u64 + 1, total);
            }
        }
        writer.commit(seq)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        writer.finish_balanced(cores)?;
        progress(total, total);
        Ok(total)
    })
    .await?
}

/// Runs the indexer: catches up at once, then whenever woken or every second.
pub fn spawn_indexer(store: Arc<dyn Store>, search: Arc<Search>) {
    tokio::spawn(async move {
        loop {
            match catch_up(store.as_ref(), &search).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(items = n, "search index caught up"),
                Err(e) => tracing::error!(error = %e, "search indexer failed; retrying"),
            }
            tokio::select! {
                _ = search.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    });
}

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
    use gongkai_domain::catalogue::{TopTopic, Validity};
    use gongkai_domain::vocabulary::Article20Item;
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
        Some(
            all.iter()
                .find(|a| a.profile.code.as_str() == code)
                .cloned()
                .ok_or_else(|| format!("未找到代码为“{code}”的机构，请从机构列表中选择。"))?,
        )
    };
    let article20 = if blank(&params.item) {
        None
    } else {
        let code = params.item.trim();
        Article20Item::from_code(code)
            .ok_or_else(|| format!("“{code}”不是第二十条的项目代码。"))?;
        Some(code.to_string())
    };
    let topic = if blank(&params.topic) {
        None
    } else {
        let code = params.topic.trim();
        TopTopic::from_code(code).ok_or_else(|| format!("“{code}”不是主题分类代码。"))?;
        Some(code.to_string())
    };
    let year = if blank(&params.year) {
        None
    } else {
        Some(crate::params::Year::parse(&params.year)?.0)
    };
    let validity = if blank(&params.validity) {
        None
    } else {
        let code = params.validity.trim();
        Validity::from_code(code).ok_or_else(|| {
            format!(
                "有效性“{code}”无法识别，可选：in_force（有效）、lapsed（失效）、repealed（废止）。"
            )
        })?;
        Some(code.to_string())
    };
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

/// Runs a search off the async threads.
pub async fn run(
    search: &Arc<Search>,
    request: gongkai_search::SearchRequest,
) -> anyhow::Result<gongkai_search::SearchResults> {
    let search = search.clone();
    Ok(tokio::task::spawn_blocking(move || search.index.search(&request)).await??)
}
