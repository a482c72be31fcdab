//! Writing the index: upserts and deletes, each commit carrying the
//! change sequence it reaches; bulk builds balanced over the cores.

use std::sync::MutexGuard;

use chrono::Datelike;
use tantivy::{IndexReader, TantivyDocument, Term};

use crate::facets::level_value;
use crate::index::{Fields, SERVER_WRITER_BYTES, TITLE_REPEAT, agency_facet, day_number, facet};
use crate::query::{document_number_key, identifier_key};
use crate::{SearchDoc, SearchResult};

/// Adds, replaces and deletes documents; [`IndexWriter::commit`] makes them
/// visible with the change sequence they reach.
pub struct IndexWriter<'a> {
    pub(crate) guard: MutexGuard<'a, Option<tantivy::IndexWriter>>,
    pub(crate) fields: Fields,
    pub(crate) reader: &'a IndexReader,
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
        // Every level of the path, for the counts by agency (see `facets`).
        for (depth, id) in doc.agency_path.iter().enumerate() {
            if let Some(v) = level_value(depth, *id) {
                d.add_u64(f.agency_levels, v);
            }
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
