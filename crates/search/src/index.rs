//! The tantivy index: its schema, opening it (an index of another layout
//! is replaced and filled again from the change feed), and searching
//! (the page, the total, hits with highlights, facet counts). Queries are
//! built in `build`, documents written in `writer`.

use std::path::Path;
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use tantivy::collector::{DocSetCollector, FacetCollector};
use tantivy::query::Query;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::analyzer::{ANALYZER, ChineseTokenizer};
use crate::build::{Built, build};
use crate::count::{EXACT_COUNT_LIMIT, bounded_count};
use crate::facets::AgencyCounts;
use crate::page::{self, Window};
use crate::snippet::Highlighter;
use crate::writer::IndexWriter;
use crate::{
    Facets, Hit, SearchError, SearchRequest, SearchResult, SearchResults, Sort, Vocabulary,
};

/// Memory the server's writer may use before it flushes a segment.
pub(crate) const SERVER_WRITER_BYTES: usize = 50_000_000;
/// The title stands this many times in the searchable text: its words
/// weigh more (BM25 term frequency) without extra clauses to score, which at
/// a million items would cost more than the match itself.
pub(crate) const TITLE_REPEAT: usize = 3;

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    /// The title, searched (for its weight) and stored.
    pub title: Field,
    /// Summary and body, stored only: the snippet's text.
    pub content: Field,
    /// Everything searchable in one field (title, summary, body, keywords,
    /// issuers, agency, 文号, 索引号): one posting list per word keeps the
    /// required words an intersection of single lists.
    pub all: Field,
    pub ident: Field,
    /// The agency's facet path (filters take a subtree).
    pub agency: Field,
    /// The agency path as `depth << 56 | id` values, for the counts by
    /// agency (`facets`); a field added in issue 19 — an index without it
    /// has another schema and is rebuilt on opening.
    pub agency_levels: Field,
    pub agency_id: Field,
    pub agency_name: Field,
    pub facets: Field,
    pub date: Field,
    pub document_number: Field,
    pub index_number: Field,
    pub validity: Field,
    pub url: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        title: b.add_text_field("title", analyzed.clone() | STORED),
        content: b.add_text_field("content", STORED),
        all: b.add_text_field("all", analyzed),
        ident: b.add_text_field("ident", STRING),
        agency: b.add_facet_field("agency", FacetOptions::default()),
        agency_levels: b.add_u64_field(crate::facets::AGENCY_LEVELS, FAST),
        agency_id: b.add_i64_field("agency_id", STORED),
        agency_name: b.add_text_field("agency_name", STORED),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        date: b.add_i64_field("date", INDEXED | STORED | FAST),
        document_number: b.add_text_field("document_number", STORED),
        index_number: b.add_text_field("index_number", STORED),
        validity: b.add_text_field("validity", STORED),
        url: b.add_text_field("url", STORED),
    };
    (b.build(), fields)
}

pub(crate) fn agency_facet(path: &[i64]) -> Facet {
    Facet::from_path(path.iter().map(|id| id.to_string()))
}

pub(crate) fn facet(kind: &str, value: &str) -> Facet {
    Facet::from_path([kind, value])
}

pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

fn date_of(days: i64) -> NaiveDate {
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}

/// The search index (one directory, or memory).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<Option<tantivy::IndexWriter>>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (and the directory) if needed.
    pub fn open_or_create(dir: &Path) -> SearchResult<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = if dir.join("meta.json").exists() {
            let index = Index::open_in_dir(dir)?;
            if index.schema() != schema {
                // An index of an older layout: it is derived data, so start
                // afresh and let the feed fill it.
                drop(index);
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Index::create_in_dir(dir, schema)?
            } else {
                index
            }
        } else {
            Index::create_in_dir(dir, schema)?
        };
        Self::with_index(index, fields)
    }

    /// An index in memory (tests).
    pub fn in_ram() -> SearchResult<SearchIndex> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(mut index: Index, fields: Fields) -> SearchResult<SearchIndex> {
        // Each search runs over the segments on every core.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        index.set_multithread_executor(threads)?;
        index
            .tokenizers()
            .register(ANALYZER, ChineseTokenizer::default());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            writer: Mutex::new(None),
        })
    }

    /// The sequence number of the last database change the committed index
    /// contains (0 for a new index).
    pub fn indexed_seq(&self) -> SearchResult<i64> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    /// Documents in the index as last reloaded.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The writer (one per index; held until the index is dropped). The
    /// server's writer uses one thread and a small memory budget.
    pub fn writer(&self) -> SearchResult<IndexWriter<'_>> {
        self.writer_with(1, SERVER_WRITER_BYTES)
    }

    /// A writer for bulk building: `threads` indexing threads sharing
    /// `memory_bytes`.
    pub fn writer_with(
        &self,
        threads: usize,
        memory_bytes: usize,
    ) -> SearchResult<IndexWriter<'_>> {
        let mut guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let w = self
                .index
                .writer_with_num_threads(threads.max(1), memory_bytes)
                .map_err(|e| match e {
                    tantivy::TantivyError::LockFailure(..) => SearchError::Locked(e.to_string()),
                    e => SearchError::Index(e),
                })?;
            *guard = Some(w);
        }
        Ok(IndexWriter {
            guard,
            fields: self.fields,
            reader: &self.reader,
        })
    }
    /// Searches with the platform's vocabulary (see [`SearchIndex::search_with`]).
    pub fn search(&self, req: &SearchRequest) -> SearchResult<SearchResults> {
        self.search_with(req, &Vocabulary::platform())
    }

    /// Searches, expanding the words with `vocabulary`. Every page is in
    /// one order (the sort's value, then the item id); `offset + limit` may
    /// not pass [`crate::MAX_WINDOW`], deeper pages continue from a cursor.
    pub fn search_with(
        &self,
        req: &SearchRequest,
        vocabulary: &Vocabulary,
    ) -> SearchResult<SearchResults> {
        let window = Window {
            sort: req.sort,
            offset: req.offset,
            limit: req.limit,
            after: req.after,
        };
        window.check()?;
        let searcher = self.reader.searcher();
        let Built { query, expanded } = build(&self.fields, req, vocabulary, true);
        let matching = build(&self.fields, req, vocabulary, false).query;
        let (page, total, total_exact) = match req.sort {
            Sort::Relevance => {
                // The count is taken separately and stops being exact past
                // EXACT_COUNT_LIMIT, so the page can skip blocks.
                let page = page::collect(&searcher, query.as_ref(), &window)?;
                let (total, exact) =
                    bounded_count(&searcher, matching.as_ref(), EXACT_COUNT_LIMIT)?;
                (page, total, exact)
            }
            Sort::Newest => {
                // Date order visits every match anyway: the count is free.
                let page = page::collect(&searcher, matching.as_ref(), &window)?;
                let total = page.counted;
                (page, total, true)
            }
        };
        let next_cursor = page.next.map(|c| c.encode());
        let hits = self.hits(&searcher, query.as_ref(), page.results)?;
        let facets = if req.facets {
            Some(self.facets(&searcher, matching.as_ref(), req)?)
        } else {
            None
        };
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            facets,
            next_cursor,
            expanded,
        })
    }

    /// The ids of every match (no ranking, no paging): what recall is
    /// measured on; the platform's vocabulary.
    pub fn matching_ids(&self, req: &SearchRequest) -> SearchResult<Vec<u64>> {
        let searcher = self.reader.searcher();
        let query = build(&self.fields, req, &Vocabulary::platform(), false).query;
        let found = searcher.search(&query, &DocSetCollector)?;
        let mut ids = Vec::with_capacity(found.len());
        for address in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_u64()) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The query matching what `req` asks for, without ranking clauses
    /// (tests of the count).
    #[cfg(test)]
    pub(crate) fn matching_query(&self, req: &SearchRequest) -> (Searcher, Box<dyn Query>) {
        let query = build(&self.fields, req, &Vocabulary::platform(), false).query;
        (self.reader.searcher(), query)
    }

    fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        addresses: Vec<(Option<f32>, DocAddress)>,
    ) -> SearchResult<Vec<Hit>> {
        if addresses.is_empty() {
            return Ok(Vec::new());
        }
        let f = self.fields;
        // The words matched in `all`, highlighted in the stored title,
        // summary and body.
        let highlighter = Highlighter::new(searcher, query, f.all)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let title = text(f.title);
            let optional = |field: Field| Some(text(field)).filter(|s| !s.is_empty());
            hits.push(Hit {
                id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0),
                score,
                title_html: highlighter.title_html(&title),
                snippet_html: highlighter.snippet_html(&title, &text(f.content)),
                title,
                agency_id: doc
                    .get_first(f.agency_id)
                    .and_then(|v| v.as_i64())
                    .unwrap_or(0),
                agency_name: text(f.agency_name),
                index_number: optional(f.index_number),
                document_number: optional(f.document_number),
                published_on: date_of(doc.get_first(f.date).and_then(|v| v.as_i64()).unwrap_or(0)),
                validity: text(f.validity),
                url: text(f.url),
            });
        }
        Ok(hits)
    }

    /// Counts of the matches: by agency one level below the filter (or the
    /// roots), and by Article 20 item, topic, year and validity.
    fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        req: &SearchRequest,
    ) -> SearchResult<Facets> {
        let depth = req.agency_path.as_ref().map_or(0, Vec::len);
        let by_agency = AgencyCounts { depth };
        let mut by_value = FacetCollector::for_field("facets");
        for kind in ["a20", "topic", "year", "validity"] {
            by_value.add_facet(Facet::from_path([kind]));
        }
        let (agencies, values) = searcher.search(query, &(by_agency, by_value))?;
        let last = |f: &Facet| {
            f.to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let mut out = Facets {
            agencies: agencies.children.into_iter().collect(),
            agency_own: if depth == 0 { 0 } else { agencies.own },
            ..Facets::default()
        };
        out.agencies
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let values_of = |kind: &str| -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = values
                .get(&format!("/{kind}"))
                .map(|(f, n)| (last(f), n))
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        out.article20 = values_of("a20");
        out.topics = values_of("topic");
        out.validity = values_of("validity");
        out.years = values_of("year")
            .into_iter()
            .filter_map(|(y, n)| y.parse().ok().map(|y| (y, n)))
            .collect();
        out.years.sort_by_key(|y| std::cmp::Reverse(y.0));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index written by an earlier version (another schema, e.g. without
    /// the agency levels of issue 19) is replaced by an empty one at
    /// sequence 0, which the indexer then fills from the database.
    #[test]
    fn an_index_of_another_layout_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = Schema::builder();
        b.add_u64_field("id", INDEXED | STORED | FAST);
        let old = Index::create_in_dir(dir.path(), b.build()).unwrap();
        let mut w: tantivy::IndexWriter = old.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut prepared = w.prepare_commit().unwrap();
        prepared.set_payload("42");
        prepared.commit().unwrap();
        drop(w);
        drop(old);
        let index = SearchIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(index.indexed_seq().unwrap(), 0);
        assert_eq!(index.index.schema(), schema().0);
        // Reopened unchanged, it is kept.
        {
            let mut w = index.writer().unwrap();
            w.commit(7).unwrap();
        }
        drop(index);
        let again = SearchIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(again.indexed_seq().unwrap(), 7);
    }
}
