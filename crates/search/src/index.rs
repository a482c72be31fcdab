//! The tantivy index: schema, writing (upserts with the change sequence in
//! each commit), and searching (query building, filters, facets, snippets).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate};
use tantivy::collector::{DocSetCollector, FacetCollector};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TERMINATED, TantivyDocument,
    Term,
};

use crate::analyzer::{ANALYZER, ChineseTokenizer, query_tokens};
use crate::page::{self, Window};
use crate::query::{document_number_key, identifier_key, parse_query};
use crate::{
    Facets, Hit, SearchDoc, SearchError, SearchRequest, SearchResult, SearchResults, Sort,
};

/// Memory the server's writer may use before it flushes a segment.
const SERVER_WRITER_BYTES: usize = 50_000_000;
/// Characters of body text around the matches.
const SNIPPET_CHARS: usize = 120;
/// The title stands this many times in the searchable text: its words
/// weigh more (BM25 term frequency) without extra clauses to score, which at
/// a million items would cost more than the match itself.
const TITLE_REPEAT: usize = 3;
/// An identifier typed whole outweighs any number of word matches.
const IDENTIFIER_BOOST: f32 = 1000.0;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    /// The title, searched (for its weight) and stored.
    title: Field,
    /// Summary and body, stored only: the snippet's text.
    content: Field,
    /// Everything searchable in one field (title, summary, body, keywords,
    /// issuers, agency, 文号, 索引号): one posting list per word keeps the
    /// required words an intersection of single lists.
    all: Field,
    ident: Field,
    agency: Field,
    agency_id: Field,
    agency_name: Field,
    facets: Field,
    date: Field,
    document_number: Field,
    index_number: Field,
    validity: Field,
    url: Field,
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

fn agency_facet(path: &[i64]) -> Facet {
    Facet::from_path(path.iter().map(|id| id.to_string()))
}

fn facet(kind: &str, value: &str) -> Facet {
    Facet::from_path([kind, value])
}

fn day_number(date: NaiveDate) -> i64 {
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

    /// Searches. Every page is in one order (the sort's value, then the item
    /// id); `offset + limit` may not pass [`crate::MAX_WINDOW`], deeper pages
    /// continue from a cursor.
    pub fn search(&self, req: &SearchRequest) -> SearchResult<SearchResults> {
        let window = Window {
            sort: req.sort,
            offset: req.offset,
            limit: req.limit,
            after: req.after,
        };
        window.check()?;
        let searcher = self.reader.searcher();
        let query = self.query(req, true);
        let (page, total, total_exact) = match req.sort {
            Sort::Relevance => {
                // The count is taken separately and stops being exact past
                // EXACT_COUNT_LIMIT, so the page can skip blocks.
                let page = page::collect(&searcher, query.as_ref(), &window)?;
                let matching = self.query(req, false);
                let (total, exact) =
                    bounded_count(&searcher, matching.as_ref(), EXACT_COUNT_LIMIT)?;
                (page, total, exact)
            }
            Sort::Newest => {
                // Date order visits every match anyway: the count is free.
                let page = page::collect(&searcher, self.query(req, false).as_ref(), &window)?;
                let total = page.counted;
                (page, total, true)
            }
        };
        let next_cursor = page.next.map(|c| c.encode());
        let addresses = page.results;
        let hits = self.hits(&searcher, &query, addresses)?;
        let facets = if req.facets {
            Some(self.facets(&searcher, self.query(req, false).as_ref(), req)?)
        } else {
            None
        };
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            facets,
            next_cursor,
        })
    }

    /// The ids of every match (no ranking, no paging): what recall is measured on.
    pub fn matching_ids(&self, req: &SearchRequest) -> SearchResult<Vec<u64>> {
        let searcher = self.reader.searcher();
        let query = self.query(req, false);
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
        // The words matched in `all`, highlighted in the stored summary and body.
        let mut content_snippets = SnippetGenerator::create(searcher, query, f.all)?;
        content_snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut title_snippets =
            SnippetGenerator::create(searcher, &self.title_words(query), f.title)?;
        title_snippets.set_max_num_chars(1000);
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
            let content = text(f.content);
            let mut title_snippet = title_snippets.snippet(&title);
            title_snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let title_html = if title_snippet.is_empty() {
                escape(&title)
            } else {
                title_snippet.to_html()
            };
            let mut snippet = content_snippets.snippet(&content);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let snippet_html = if snippet.highlighted().is_empty() {
                escape(&content.chars().take(SNIPPET_CHARS).collect::<String>())
            } else {
                snippet.to_html()
            };
            let optional = |field: Field| Some(text(field)).filter(|s| !s.is_empty());
            hits.push(Hit {
                id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0),
                score,
                title,
                title_html,
                snippet_html,
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

    fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        req: &SearchRequest,
    ) -> SearchResult<Facets> {
        let root = match &req.agency_path {
            Some(path) => agency_facet(path),
            None => Facet::root(),
        };
        let mut by_agency = FacetCollector::for_field("agency");
        by_agency.add_facet(root.clone());
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
            agencies: agencies
                .get(&root.to_path_string())
                .filter_map(|(f, n)| last(f).parse().ok().map(|id| (id, n)))
                .collect(),
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

    /// The tantivy query for a request.
    /// The tantivy query for a request; `ranking` adds the clauses that only
    /// order the results (title weight, longer words).
    fn query(&self, req: &SearchRequest, ranking_clauses: bool) -> Box<dyn Query> {
        let f = self.fields;
        let parsed = parse_query(&req.text);
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        let mut ranking: Vec<Box<dyn Query>> = Vec::new();
        for word in &parsed.words {
            let (finest, coarse) = query_tokens(word);
            for t in &finest {
                required.push(self.term(f.all, &t.text));
            }
            for t in coarse {
                ranking.push(self.term(f.all, &t.text));
            }
        }
        for phrase in &parsed.phrases {
            let (finest, _) = query_tokens(phrase);
            match finest.len() {
                0 => {}
                1 => required.push(self.term(f.all, &finest[0].text)),
                _ => {
                    // jieba's positions are character offsets: the phrase's
                    // words must stand at the same distances as in the query.
                    let first = finest.iter().map(|t| t.start).min().unwrap_or(0);
                    let in_field = |field: Field| -> Box<dyn Query> {
                        let terms = finest
                            .iter()
                            .map(|t| (t.start - first, Term::from_field_text(field, &t.text)))
                            .collect();
                        Box::new(PhraseQuery::new_with_offset(terms))
                    };
                    required.push(in_field(f.all));
                }
            }
        }

        let mut text_query: Option<Box<dyn Query>> = None;
        if !required.is_empty() {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                required.into_iter().map(|q| (Occur::Must, q)).collect();
            if ranking_clauses {
                clauses.extend(ranking.into_iter().map(|q| (Occur::Should, q)));
            }
            text_query = Some(Box::new(BooleanQuery::new(clauses)));
        }
        let identifiers: Vec<(Occur, Box<dyn Query>)> = parsed
            .identifiers
            .iter()
            .map(|key| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.ident, key),
                        IndexRecordOption::Basic,
                    )),
                    IDENTIFIER_BOOST,
                ));
                (Occur::Should, q)
            })
            .collect();
        let matching: Box<dyn Query> = match (text_query, identifiers.is_empty()) {
            (None, true) => Box::new(AllQuery),
            (None, false) => Box::new(BooleanQuery::new(identifiers)),
            (Some(text), true) => text,
            (Some(text), false) => {
                let mut clauses = identifiers;
                clauses.push((Occur::Should, text));
                Box::new(BooleanQuery::new(clauses))
            }
        };

        let mut filters: Vec<Facet> = Vec::new();
        if let Some(path) = req.agency_path.as_ref().filter(|p| !p.is_empty()) {
            filters.push(agency_facet(path));
        }
        let mut value_filters = Vec::new();
        if let Some(v) = &req.article20 {
            value_filters.push(facet("a20", v));
        }
        if let Some(v) = &req.topic {
            value_filters.push(facet("topic", v));
        }
        if let Some(y) = req.year {
            value_filters.push(facet("year", &y.to_string()));
        }
        if let Some(v) = &req.validity {
            value_filters.push(facet("validity", v));
        }
        if filters.is_empty() && value_filters.is_empty() {
            return matching;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matching)];
        for (field, facet) in filters
            .into_iter()
            .map(|x| (f.agency, x))
            .chain(value_filters.into_iter().map(|x| (f.facets, x)))
        {
            // A filter: it must match but does not change the ranking.
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_facet(field, &facet),
                        IndexRecordOption::Basic,
                    )),
                    0.0,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The query's words in the title field (for highlighting the title; the
    /// search itself matches the `all` field).
    fn title_words(&self, query: &dyn Query) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        query.query_terms(&mut |term, _| {
            if let Some(text) = term
                .value()
                .as_str()
                .filter(|_| term.field() == self.fields.all)
            {
                clauses.push((Occur::Should, self.term(self.fields.title, text)));
            }
        });
        BooleanQuery::new(clauses)
    }

    fn term(&self, field: Field, token: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, token),
            IndexRecordOption::WithFreqs,
        ))
    }
}

/// Adds, replaces and deletes documents; [`IndexWriter::commit`] makes them
/// visible with the change sequence they reach.
pub struct IndexWriter<'a> {
    guard: MutexGuard<'a, Option<tantivy::IndexWriter>>,
    fields: Fields,
    reader: &'a IndexReader,
}

impl IndexWriter<'_> {
    fn writer(&self) -> &tantivy::IndexWriter {
        self.guard.as_ref().expect("writer created with the guard")
    }

    /// Adds `doc`, replacing any earlier version of it.
    pub fn upsert(&mut self, doc: &SearchDoc) -> SearchResult<()> {
        self.delete(doc.id);
        self.add(doc)
    }

    /// Adds `doc` without looking for an earlier version (bulk builds).
    pub fn add(&mut self, doc: &SearchDoc) -> SearchResult<()> {
        let f = self.fields;
        let mut d = TantivyDocument::default();
        d.add_u64(f.id, doc.id);
        d.add_text(f.title, &doc.title);
        let content = if doc.summary.trim().is_empty() {
            doc.body.clone()
        } else {
            format!("{}\n{}", doc.summary, doc.body)
        };
        let mut all: Vec<&str> = vec![&doc.title; TITLE_REPEAT];
        all.push(&content);
        all.extend(doc.keywords.iter().map(String::as_str));
        all.extend(doc.issuers.iter().map(String::as_str));
        all.push(&doc.agency_name);
        all.extend(doc.document_number.as_deref());
        all.extend(doc.index_number.as_deref());
        // Separated by a line break: a phrase never runs from one part into
        // the next (positions are character offsets).
        d.add_text(f.all, all.join("\n"));
        d.add_text(f.content, &content);
        if let Some(n) = &doc.document_number {
            d.add_text(f.ident, document_number_key(n));
            d.add_text(f.document_number, n);
        }
        if let Some(n) = &doc.index_number {
            d.add_text(f.ident, identifier_key(n));
            d.add_text(f.index_number, n);
        }
        if !doc.agency_path.is_empty() {
            d.add_facet(f.agency, agency_facet(&doc.agency_path));
        }
        d.add_i64(f.agency_id, doc.agency_path.last().copied().unwrap_or(0));
        d.add_text(f.agency_name, &doc.agency_name);
        if let Some(a) = &doc.article20 {
            d.add_facet(f.facets, facet("a20", a));
        }
        if let Some(t) = &doc.topic {
            d.add_facet(f.facets, facet("topic", t));
        }
        d.add_facet(
            f.facets,
            facet("year", &doc.published_on.year().to_string()),
        );
        d.add_facet(f.facets, facet("validity", &doc.validity));
        d.add_i64(f.date, day_number(doc.published_on));
        d.add_text(f.validity, &doc.validity);
        d.add_text(f.url, &doc.url);
        self.writer().add_document(d)?;
        Ok(())
    }

    /// Removes the item `id` (withdrawn, or no longer public).
    pub fn delete(&mut self, id: u64) {
        self.writer()
            .delete_term(Term::from_field_u64(self.fields.id, id));
    }

    /// Removes everything (before a rebuild).
    pub fn clear(&mut self) -> SearchResult<()> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Commits, recording `seq` as the last change the index contains, and
    /// makes the changes visible to searches.
    pub fn commit(&mut self, seq: i64) -> SearchResult<()> {
        let writer = self.guard.as_mut().expect("writer created with the guard");
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Waits for merges to finish and releases the writer (bulk builds).
    pub fn finish(mut self) -> SearchResult<()> {
        if let Some(w) = self.guard.take() {
            w.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Waits for merges, then merges the committed segments into `parts`
    /// segments of about equal size, and releases the writer (bulk builds).
    ///
    /// Why: searches run one thread per segment, so a query's time is that of
    /// its largest segment. The log merge policy leaves one large segment and
    /// a tail of small ones; equal parts, one per core, let a query that
    /// matches most of the index use every core fully.
    pub fn finish_balanced(mut self, parts: usize) -> SearchResult<()> {
        let Some(w) = self.guard.take() else {
            return Ok(());
        };
        let index = w.index().clone();
        w.wait_merging_threads()?;
        let mut metas = index.searchable_segment_metas()?;
        let parts = parts.max(1);
        if metas.len() > parts {
            // Largest first, each into the lightest bin (LPT scheduling).
            metas.sort_by_key(|m| std::cmp::Reverse(m.num_docs()));
            let mut bins: Vec<(u64, Vec<tantivy::index::SegmentId>)> = vec![(0, Vec::new()); parts];
            for m in &metas {
                let bin = bins
                    .iter_mut()
                    .min_by_key(|(docs, _)| *docs)
                    .expect("at least one bin");
                bin.0 += u64::from(m.num_docs());
                bin.1.push(m.id());
            }
            let mut w: tantivy::IndexWriter =
                index.writer_with_num_threads(1, SERVER_WRITER_BYTES)?;
            w.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
            let merges: Vec<_> = bins
                .iter()
                .filter(|(_, ids)| ids.len() > 1)
                .map(|(_, ids)| w.merge(ids))
                .collect();
            for m in merges {
                m.wait()?;
            }
            w.wait_merging_threads()?;
        }
        self.reader.reload()?;
        Ok(())
    }
}

/// Up to this many matches the total is counted exactly; past it, it is
/// estimated from samples (and shown as "约 …").
pub const EXACT_COUNT_LIMIT: usize = 100_000;
/// Windows per segment and documents per window of the estimate's sample.
const SAMPLE_WINDOWS: u32 = 32;
const SAMPLE_WINDOW_DOCS: u32 = 4_096;

/// The number of documents `query` matches: exact up to `limit`
/// ([`EXACT_COUNT_LIMIT`]); past it, estimated from evenly spread windows of
/// every segment (the density in the windows times the segment's size),
/// rounded to two significant digits, with `false` for "not exact".
///
/// Why: counting a conjunction visits every match. For a query matching most
/// of a million items (政府信息公开) that is four fifths of the query's time,
/// for a figure nobody reads to the last digit.
fn bounded_count(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> SearchResult<(usize, bool)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let readers = searcher.segment_readers();
    // Segments are counted on every core (a bulk build leaves one segment
    // per core); each stops once the limit is passed.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let groups: Vec<&[tantivy::SegmentReader]> = readers
        .chunks(readers.len().div_ceil(cores).max(1))
        .collect();
    let count_group = |group: &[tantivy::SegmentReader]| -> tantivy::Result<usize> {
        let mut n = 0usize;
        for reader in group {
            let mut scorer = weight.scorer(reader, 1.0)?;
            let alive = reader.alive_bitset();
            let mut doc = scorer.doc();
            while doc != TERMINATED && n <= limit {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    n += 1;
                }
                doc = scorer.advance();
            }
        }
        Ok(n)
    };
    let counts: Vec<tantivy::Result<usize>> = if groups.len() > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .iter()
                .map(|g| scope.spawn(|| count_group(g)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a counting thread does not panic"))
                .collect()
        })
    } else {
        groups.iter().map(|g| count_group(g)).collect()
    };
    let mut exact = 0usize;
    for c in counts {
        exact += c?;
    }
    if exact <= limit {
        return Ok((exact, true));
    }
    let mut estimate = 0f64;
    for reader in searcher.segment_readers() {
        let max_doc = reader.max_doc();
        if max_doc == 0 {
            continue;
        }
        let alive = reader.alive_bitset();
        let mut scorer = weight.scorer(reader, 1.0)?;
        let stride = (max_doc / SAMPLE_WINDOWS).max(1);
        let (mut sampled, mut found) = (0u64, 0u64);
        let mut start = 0u32;
        while start < max_doc {
            let end = start
                .saturating_add(SAMPLE_WINDOW_DOCS.min(stride))
                .min(max_doc);
            sampled += u64::from(end - start);
            let mut doc = if scorer.doc() >= start {
                scorer.doc()
            } else {
                scorer.seek(start)
            };
            while doc < end {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    found += 1;
                }
                doc = scorer.advance();
            }
            start = start.saturating_add(stride);
        }
        let alive_docs = f64::from(reader.num_docs());
        estimate += found as f64 / sampled.max(1) as f64 * alive_docs;
    }
    let estimate = (estimate.round() as usize).max(limit + 1);
    Ok((round_two_digits(estimate), false))
}

/// Rounds to two significant digits (631,153 → 630,000).
fn round_two_digits(n: usize) -> usize {
    let mut unit = 1usize;
    while n / unit >= 100 {
        unit *= 10;
    }
    ((n + unit / 2) / unit) * unit
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_round_to_two_significant_digits() {
        assert_eq!(round_two_digits(631_153), 630_000);
        assert_eq!(round_two_digits(96_963), 97_000);
        assert_eq!(round_two_digits(1_250), 1_300);
        assert_eq!(round_two_digits(99), 99);
        assert_eq!(round_two_digits(0), 0);
    }

    #[test]
    fn counts_are_exact_up_to_the_limit_and_estimated_past_it() {
        let index = SearchIndex::in_ram().unwrap();
        {
            let mut w = index.writer().unwrap();
            for id in 0..3_000u64 {
                // Every third document speaks of 预算; the others of 公开.
                let body = if id % 3 == 0 {
                    "部门预算"
                } else {
                    "信息公开"
                };
                w.add(&SearchDoc {
                    id,
                    agency_path: vec![1],
                    agency_name: "机构".into(),
                    title: format!("文件{id}"),
                    summary: String::new(),
                    body: body.into(),
                    keywords: vec![],
                    issuers: vec![],
                    document_number: None,
                    index_number: None,
                    published_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                    article20: None,
                    topic: None,
                    validity: "in_force".into(),
                    url: format!("/items/{id}"),
                })
                .unwrap();
            }
            w.commit(1).unwrap();
        }
        let searcher = index.reader.searcher();
        let req = SearchRequest {
            text: "预算".into(),
            ..SearchRequest::default()
        };
        let query = index.query(&req, false);
        assert_eq!(
            bounded_count(&searcher, query.as_ref(), 10_000).unwrap(),
            (1_000, true)
        );
        // Past a limit of 100 the count is estimated from windows spread over
        // the segment: every third document matches, so about 1,000.
        let (estimate, exact) = bounded_count(&searcher, query.as_ref(), 100).unwrap();
        assert!(!exact);
        assert!((900..=1_100).contains(&estimate), "{estimate}");
        // The public total of a search that matches fewer than the limit is exact.
        let results = index.search(&req).unwrap();
        assert_eq!((results.total, results.total_exact), (1_000, true));
    }
}
