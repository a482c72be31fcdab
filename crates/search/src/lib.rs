//! Chinese full-text search over published information (政府信息公开检索).
//!
//! The index is derived data: the database is the record, and the index can
//! always be rebuilt from it. Each commit carries the sequence number of the
//! last database change it contains ([`SearchIndex::indexed_seq`]), so a
//! reader of the change feed knows where to resume.
//!
//! Text is folded before jieba segments it (traditional → simplified,
//! full-width → half-width, 文号 brackets to `〔〕`), the same way for
//! documents and queries, so each spelling finds the others. Synonyms,
//! abbreviations and Taiwan/Hong Kong words are expanded in the query only
//! ([`Vocabulary`]), so a changed dictionary needs no reindex.

mod analyzer;
mod build;
mod count;
mod facets;
pub mod fold;
mod group;
mod index;
mod page;
mod query;
mod snippet;
mod vocabulary;
mod writer;

use chrono::NaiveDate;
use serde::Serialize;

pub use analyzer::{ANALYZER, ChineseTokenizer, QueryToken, query_tokens};
pub use count::EXACT_COUNT_LIMIT;
pub use group::{GROUP_TERMS_MAX, TERM_CHARS_MAX, TERM_CHARS_MIN, parse_group};
pub use index::SearchIndex;
pub use page::{Cursor, MAX_LIMIT, MAX_WINDOW};
pub use query::{ParsedQuery, parse_query};
pub use vocabulary::Vocabulary;
pub use writer::IndexWriter;

/// An item as the index needs it (built by the caller from the catalogue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: u64,
    /// The publishing agency's id, and its ancestors from the root down to
    /// it (the last element is the agency itself): filtering by an agency
    /// finds everything below it.
    pub agency_path: Vec<i64>,
    pub agency_name: String,
    /// 名称
    pub title: String,
    /// 内容概述
    pub summary: String,
    /// 正文
    pub body: String,
    /// 关键词
    pub keywords: Vec<String>,
    /// 发布机构
    pub issuers: Vec<String>,
    /// 文号, as published.
    pub document_number: Option<String>,
    /// 索引号
    pub index_number: Option<String>,
    /// 发布日期
    pub published_on: NaiveDate,
    /// The Article 20 item's code, if any.
    pub article20: Option<String>,
    /// The top-level topic's code (主题分类).
    pub topic: Option<String>,
    /// The validity code: `in_force`, `lapsed`, `repealed`.
    pub validity: String,
    /// Where the public reads it (a path like `/items/42`).
    pub url: String,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (BM25; title matches count more; a 文号 or 索引号
    /// typed whole puts its item first).
    #[default]
    Relevance,
    /// Newest publication first.
    Newest,
}

/// A search as asked.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// What was typed; `"…"` (or `“…”`) marks an exact phrase. Empty: every
    /// item that passes the filters.
    pub text: String,
    /// Only this agency and everything below it: its path from the root
    /// (as in [`SearchDoc::agency_path`]).
    pub agency_path: Option<Vec<i64>>,
    pub article20: Option<String>,
    pub topic: Option<String>,
    pub year: Option<i32>,
    pub validity: Option<String>,
    pub sort: Sort,
    /// Results skipped (offset + limit at most [`MAX_WINDOW`]).
    pub offset: usize,
    pub limit: usize,
    /// Search after this result (from a previous page's `next_cursor`),
    /// for pages past [`MAX_WINDOW`]; the offset then counts from it.
    pub after: Option<Cursor>,
    /// Count results by agency, Article 20 item, topic, year and validity.
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            text: String::new(),
            agency_path: None,
            article20: None,
            topic: None,
            year: None,
            validity: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
            after: None,
            facets: false,
        }
    }
}

impl SearchRequest {
    pub fn text(text: impl Into<String>) -> SearchRequest {
        SearchRequest {
            text: text.into(),
            ..SearchRequest::default()
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: u64,
    /// BM25 score (None when sorted by date).
    pub score: Option<f32>,
    pub title: String,
    /// The title with the matched words in `<mark>`, HTML-escaped.
    pub title_html: String,
    /// A passage of the summary and body around the matched words, in
    /// `<mark>`, HTML-escaped: without the title's repeat, on sentence
    /// boundaries where it can, "…" where it is cut.
    pub snippet_html: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub index_number: Option<String>,
    pub document_number: Option<String>,
    pub published_on: NaiveDate,
    pub validity: String,
    pub url: String,
}

/// Result counts by value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Below the filtered agency (or at the roots): (agency id, count) for
    /// each child with results, largest first. Each count is what filtering
    /// by that child finds.
    pub agencies: Vec<(i64, u64)>,
    /// The filtered agency's own results (not below it); with the
    /// children's counts they make the total. 0 without an agency filter.
    pub agency_own: u64,
    pub article20: Vec<(String, u64)>,
    pub topics: Vec<(String, u64)>,
    /// Newest year first.
    pub years: Vec<(i32, u64)>,
    pub validity: Vec<(String, u64)>,
}

/// A page of results.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// All matches, not only this page: exact up to
    /// [`EXACT_COUNT_LIMIT`], an estimate
    /// rounded to two significant digits past it.
    pub total: usize,
    /// Whether `total` is exact.
    pub total_exact: bool,
    pub hits: Vec<Hit>,
    pub facets: Option<Facets>,
    /// The cursor that continues after this page's last hit, when more
    /// results follow (see [`Cursor`]).
    pub next_cursor: Option<String>,
    /// What the vocabulary added to the words typed (synonyms, mainland
    /// words for Taiwan/Hong Kong ones), each once: shown to the user as
    /// "已同时搜索：…".
    pub expanded: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("检索索引正被另一进程使用（例如正在运行的平台）：{0}。请先停止它，再重试。")]
    Locked(String),
    #[error("检索索引出错：{0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("检索索引目录无法使用：{0}")]
    Io(#[from] std::io::Error),
    #[error("检索式无法理解：{0}")]
    Query(String),
    #[error("翻页范围不允许：{0}。")]
    Window(String),
    #[error(
        "翻页标记（cursor）无效或与排序方式不符：请从检索结果页的“下一页”链接或上一次返回的 next_cursor 继续翻页。"
    )]
    Cursor,
}

pub type SearchResult<T> = Result<T, SearchError>;
