//! The tantivy query of a request: the words (each finest token required,
//! coarser ones only ranking), exact phrases, the whole-query 文号/索引号
//! key, the vocabulary's alternatives, and the filters.
//!
//! A stretch of a loose word the vocabulary knows ([`crate::Vocabulary`])
//! becomes one required alternative: its own tokens as before, or any of
//! its alternatives as a phrase (网约车 or "网络预约出租汽车"). Quoted
//! phrases are exact and never expanded.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};

use crate::SearchRequest;
use crate::analyzer::{QueryToken, query_tokens};
use crate::index::{Fields, agency_facet, facet};
use crate::query::parse_query;
use crate::vocabulary::{Expansion, Vocabulary};

/// An identifier typed whole outweighs any number of word matches.
const IDENTIFIER_BOOST: f32 = 1000.0;

/// A request's query and the alternatives it also searched.
pub(crate) struct Built {
    pub query: Box<dyn Query>,
    /// The vocabulary's alternatives in the query, each once, in order.
    pub expanded: Vec<String>,
}

fn term(field: Field, token: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, token),
        IndexRecordOption::WithFreqs,
    ))
}

/// `text` as an exact phrase in `field`: its finest tokens at the same
/// distances as in the text (jieba's positions are character offsets).
fn phrase(field: Field, text: &str) -> Option<Box<dyn Query>> {
    let (finest, _) = query_tokens(text);
    match finest.len() {
        0 => None,
        1 => Some(term(field, &finest[0].text)),
        _ => {
            let first = finest.iter().map(|t| t.start).min().unwrap_or(0);
            let terms = finest
                .iter()
                .map(|t| (t.start - first, Term::from_field_text(field, &t.text)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

fn overlaps(e: &Expansion, t: &QueryToken) -> bool {
    t.start < e.start + e.len && e.start < t.start + t.len
}

/// The required clauses of one loose word, and the alternatives searched.
fn word_clauses(
    all: Field,
    word: &str,
    vocabulary: &Vocabulary,
    required: &mut Vec<Box<dyn Query>>,
    expanded: &mut Vec<String>,
) -> Vec<QueryToken> {
    let (finest, coarse) = query_tokens(word);
    let expansions = vocabulary.expansions(word);
    let mut own: Vec<Vec<Box<dyn Query>>> = expansions.iter().map(|_| Vec::new()).collect();
    for t in &finest {
        match expansions.iter().position(|e| overlaps(e, t)) {
            Some(i) => own[i].push(term(all, &t.text)),
            None => required.push(term(all, &t.text)),
        }
    }
    for (e, own) in expansions.iter().zip(own) {
        let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !own.is_empty() {
            either.push((Occur::Should, all_of(own)));
        }
        for alternative in &e.alternatives {
            if let Some(q) = phrase(all, alternative) {
                either.push((Occur::Should, q));
                if !expanded.contains(alternative) {
                    expanded.push(alternative.clone());
                }
            }
        }
        if !either.is_empty() {
            required.push(Box::new(BooleanQuery::new(either)));
        }
    }
    coarse
}

/// The query for `req`; `ranking_clauses` adds the clauses that only order
/// the results (longer words).
pub(crate) fn build(
    f: &Fields,
    req: &SearchRequest,
    vocabulary: &Vocabulary,
    ranking_clauses: bool,
) -> Built {
    let parsed = parse_query(&req.text);
    let mut required: Vec<Box<dyn Query>> = Vec::new();
    let mut ranking: Vec<Box<dyn Query>> = Vec::new();
    let mut expanded = Vec::new();
    for word in &parsed.words {
        let coarse = word_clauses(f.all, word, vocabulary, &mut required, &mut expanded);
        ranking.extend(coarse.iter().map(|t| term(f.all, &t.text)));
    }
    for p in &parsed.phrases {
        required.extend(phrase(f.all, p));
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
    Built {
        query: with_filters(f, req, matching),
        expanded,
    }
}

/// `matching` restricted by the request's filters (facet terms: an
/// agency's facet path covers its subtree), which do not change the ranking.
fn with_filters(f: &Fields, req: &SearchRequest, matching: Box<dyn Query>) -> Box<dyn Query> {
    let mut filters: Vec<(Field, Facet)> = Vec::new();
    if let Some(path) = req.agency_path.as_ref().filter(|p| !p.is_empty()) {
        filters.push((f.agency, agency_facet(path)));
    }
    if let Some(v) = &req.article20 {
        filters.push((f.facets, facet("a20", v)));
    }
    if let Some(v) = &req.topic {
        filters.push((f.facets, facet("topic", v)));
    }
    if let Some(y) = req.year {
        filters.push((f.facets, facet("year", &y.to_string())));
    }
    if let Some(v) = &req.validity {
        filters.push((f.facets, facet("validity", v)));
    }
    if filters.is_empty() {
        return matching;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matching)];
    for (field, facet) in filters {
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
