//! Paging through results: one order for every page (the sort's value, then
//! the item id, so ties never depend on where a document sits in the index),
//! offset pages up to [`MAX_WINDOW`], and search-after cursors past it.
//!
//! Offsets are bounded because the top-k heap holds `offset + limit`
//! entries: an unbounded offset is an unbounded allocation. A cursor keeps
//! only `limit + 1` entries however deep the page is.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Score, Searcher};

use crate::{SearchError, SearchResult, Sort};

/// The deepest result an offset page may reach (`offset + limit`); deeper
/// results are reached with a cursor.
pub const MAX_WINDOW: usize = 10_000;
/// The most results one page may hold.
pub const MAX_LIMIT: usize = 1_000;

/// Where a result stands in the order: a greater key comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RankKey {
    /// The sort's value, mapped to an unsigned integer in the same order
    /// (the score's bits, or the publication day).
    primary: u64,
    /// Ties: the lower item id first.
    id: Reverse<u64>,
}

impl RankKey {
    fn relevance(score: Score, id: u64) -> RankKey {
        RankKey {
            primary: score_order(score),
            id: Reverse(id),
        }
    }

    fn date(days: i64, id: u64) -> RankKey {
        RankKey {
            primary: (days as u64) ^ (1 << 63),
            id: Reverse(id),
        }
    }

    /// The score the key stands for (relevance keys).
    fn score(self) -> Score {
        let bits = self.primary as u32;
        f32::from_bits(if bits & 0x8000_0000 != 0 {
            bits & 0x7fff_ffff
        } else {
            !bits
        })
    }
}

/// f32 → u64 in the same total order (negative scores cannot occur, but
/// the mapping keeps them below the positive ones anyway).
fn score_order(score: Score) -> u64 {
    let bits = score.to_bits();
    u64::from(if bits & 0x8000_0000 != 0 {
        !bits
    } else {
        bits | 0x8000_0000
    })
}

/// The opaque search-after token: the last result's place in the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub sort: Sort,
    key: RankKey,
}

impl Cursor {
    /// The token as it goes into a URL (letters, digits and `.`).
    pub fn encode(&self) -> String {
        let kind = match self.sort {
            Sort::Relevance => 'r',
            Sort::Newest => 'd',
        };
        format!("{kind}{:x}.{:x}", self.key.primary, self.key.id.0)
    }

    /// Reads a token made by [`Cursor::encode`]; anything else is refused.
    pub fn decode(token: &str) -> SearchResult<Cursor> {
        let bad = || SearchError::Cursor;
        let token = token.trim();
        let sort = match token.chars().next() {
            Some('r') => Sort::Relevance,
            Some('d') => Sort::Newest,
            _ => return Err(bad()),
        };
        let (primary, id) = token[1..].split_once('.').ok_or_else(bad)?;
        let hex = |s: &str| -> SearchResult<u64> {
            if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad());
            }
            u64::from_str_radix(s, 16).map_err(|_| bad())
        };
        let key = RankKey {
            primary: hex(primary)?,
            id: Reverse(hex(id)?),
        };
        if sort == Sort::Relevance
            && (key.primary > u64::from(u32::MAX) || !key.score().is_finite())
        {
            return Err(bad());
        }
        Ok(Cursor { sort, key })
    }
}

/// Which page to collect.
pub(crate) struct Window {
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    pub after: Option<Cursor>,
}

/// A collected page: each result's score (relevance) and address, the
/// cursor after its last result when more follow, and (date order) the
/// number of matches.
pub(crate) struct Page {
    pub results: Vec<(Option<Score>, DocAddress)>,
    pub next: Option<Cursor>,
    pub counted: usize,
}

impl Window {
    /// Refuses a window whose heap would be unbounded.
    pub fn check(&self) -> SearchResult<()> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(SearchError::Window(format!(
                "每页条数须为 1 至 {MAX_LIMIT} 之间的整数"
            )));
        }
        if self.offset.saturating_add(self.limit) > MAX_WINDOW {
            return Err(SearchError::Window(format!(
                "按偏移翻页最多到第 {MAX_WINDOW} 条（偏移量与每页条数之和不超过 {MAX_WINDOW}），更后面的结果请用翻页标记（cursor）继续"
            )));
        }
        if let Some(c) = self.after
            && c.sort != self.sort
        {
            return Err(SearchError::Cursor);
        }
        Ok(())
    }
}

/// The best `k` keys seen.
struct Top {
    k: usize,
    heap: BinaryHeap<Reverse<(RankKey, DocAddress)>>,
}

impl Top {
    fn push(&mut self, key: RankKey, address: DocAddress) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse((key, address)));
        } else if self.heap.peek().is_some_and(|Reverse((min, _))| key > *min) {
            self.heap.pop();
            self.heap.push(Reverse((key, address)));
        }
    }

    /// The score a document must exceed to enter (ties with the lowest
    /// kept score may still enter through a lower id).
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(Reverse((min, _))) if self.heap.len() >= self.k => min.score().next_down(),
            _ => Score::MIN,
        }
    }
}

/// Collects the window's page of `query`'s matches.
pub(crate) fn collect(searcher: &Searcher, query: &dyn Query, w: &Window) -> SearchResult<Page> {
    w.check()?;
    // One more than the page tells whether another page follows.
    let k = w.offset + w.limit + 1;
    let mut top = Top {
        k,
        heap: BinaryHeap::with_capacity(k),
    };
    let mut counted = 0;
    let eligible = |key: RankKey| w.after.is_none_or(|c| key < c.key);
    match w.sort {
        Sort::Relevance => {
            let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let ids = reader.fast_fields().u64("id")?;
                let alive = reader.alive_bitset();
                // The threshold lets tantivy skip blocks that cannot reach
                // the page (block-max pruning).
                weight.for_each_pruning(top.threshold(), reader, &mut |doc, score| {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        let key = RankKey::relevance(score, ids.first(doc).unwrap_or(0));
                        if eligible(key) {
                            top.push(key, DocAddress::new(ord as u32, doc));
                        }
                    }
                    top.threshold()
                })?;
            }
        }
        Sort::Newest => {
            let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
            for (ord, reader) in searcher.segment_readers().iter().enumerate() {
                let ids = reader.fast_fields().u64("id")?;
                let dates = reader.fast_fields().i64("date")?;
                let alive = reader.alive_bitset();
                weight.for_each_no_score(reader, &mut |docs| {
                    for &doc in docs {
                        if alive.is_some_and(|a| a.is_deleted(doc)) {
                            continue;
                        }
                        counted += 1;
                        let key = RankKey::date(
                            dates.first(doc).unwrap_or(0),
                            ids.first(doc).unwrap_or(0),
                        );
                        if eligible(key) {
                            top.push(key, DocAddress::new(ord as u32, doc));
                        }
                    }
                })?;
            }
        }
    }
    // Ascending order of `Reverse` is descending order of keys: best first.
    let sorted: Vec<(RankKey, DocAddress)> = top
        .heap
        .into_sorted_vec()
        .into_iter()
        .map(|Reverse(entry)| entry)
        .collect();
    let more = sorted.len() > w.offset + w.limit;
    let page: Vec<_> = sorted.into_iter().skip(w.offset).take(w.limit).collect();
    let next = if more {
        page.last().map(|(key, _)| Cursor {
            sort: w.sort,
            key: *key,
        })
    } else {
        None
    };
    let relevance = w.sort == Sort::Relevance;
    Ok(Page {
        results: page
            .into_iter()
            .map(|(key, address)| (relevance.then(|| key.score()), address))
            .collect(),
        next,
        counted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_their_order_as_keys() {
        let scores = [0.0f32, 1e-9, 0.5, 1.0, 3.25, 1000.0];
        for pair in scores.windows(2) {
            assert!(score_order(pair[0]) < score_order(pair[1]));
        }
        for s in scores {
            assert_eq!(RankKey::relevance(s, 1).score(), s);
        }
    }

    #[test]
    fn cursors_round_trip_and_forgeries_are_refused() {
        let c = Cursor {
            sort: Sort::Relevance,
            key: RankKey::relevance(2.5, 42),
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        let d = Cursor {
            sort: Sort::Newest,
            key: RankKey::date(739_000, 7),
        };
        assert_eq!(Cursor::decode(&d.encode()).unwrap(), d);
        for bad in [
            "",
            "x1.2",
            "r",
            "r1",
            "r.2",
            "r1.",
            "rzz.1",
            "r1.2.3",
            "d11111111111111111.1",
            "rffc00000.1",
            "r1ffffffff.1",
        ] {
            assert!(Cursor::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_window_past_the_cap_is_refused_before_anything_is_allocated() {
        let w = Window {
            sort: Sort::Relevance,
            offset: 99_999_999_999,
            limit: 20,
            after: None,
        };
        assert!(matches!(w.check(), Err(SearchError::Window(_))));
        let w = Window {
            offset: usize::MAX,
            ..w
        };
        assert!(w.check().is_err());
    }
}
