//! The search vocabulary (检索词表): synonyms and abbreviations
//! (同义词、简称: 网约车 = 网络预约出租汽车), and the words of Taiwan and
//! Hong Kong with their mainland equivalents (資訊 → 信息).
//!
//! Expansion happens when a query is built, never in the index: a word of
//! the query that the vocabulary knows matches its own tokens as before, or
//! any of its alternatives as a phrase. So a changed dictionary (an agency
//! adds a group) takes effect with the next search, without a reindex.
//!
//! Two kinds of entries:
//! - groups (`甲/乙/丙`): each term finds the others. Keys are folded
//!   (traditional → simplified, widths) like the documents, so 網約車 is
//!   网约车.
//! - one-way entries (`甲 → 乙/丙`): 甲 also finds 乙 and 丙, not back
//!   (the narrower term would flood the broader one's results). The
//!   Taiwan/Hong Kong words are one-way and matched as typed, in their
//!   traditional characters: per-character folding makes 資訊 资讯, a
//!   mainland word of its own, and 资料 typed in simplified keeps its
//!   mainland sense (materials) instead of becoming 数据.
//!
//! A Taiwan/Hong Kong word's mainland equivalent brings its own group too
//! (計程車 → 出租车 → 出租汽车, 巡游出租汽车), one step only.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fold::{fold_char, fold_text};

/// The platform's synonym and abbreviation groups (data, written by hand).
const PLATFORM_SYNONYMS: &str = include_str!("../data/synonyms.txt");
/// Taiwan and Hong Kong words → mainland words (data, written by hand).
const TAIWAN_HONG_KONG: &str = include_str!("../data/tw_hk.txt");

/// How a key is compared with the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Folded like the documents (simplified, half-width, lower case).
    Folded,
    /// As typed: only widths and case folded, the script kept.
    AsTyped,
}

/// Keys and what each also finds.
#[derive(Debug, Clone, Default)]
struct Table {
    folded: HashMap<String, Vec<String>>,
    as_typed: HashMap<String, Vec<String>>,
    /// The longest key, in characters.
    longest: usize,
}

impl Table {
    fn key(how: Match, term: &str) -> String {
        match how {
            Match::Folded => fold_text(term),
            Match::AsTyped => term.chars().map(fold_char).collect(),
        }
    }

    fn add(&mut self, how: Match, term: &str, finds: &[&str]) {
        let key = Self::key(how, term.trim());
        if key.chars().count() < 2 {
            return;
        }
        let map = match how {
            Match::Folded => &mut self.folded,
            Match::AsTyped => &mut self.as_typed,
        };
        let entry = map.entry(key.clone()).or_default();
        for f in finds {
            let f = f.trim();
            if !f.is_empty() && fold_text(f) != fold_text(&key) && !entry.iter().any(|e| e == f) {
                entry.push(f.to_string());
            }
        }
        self.longest = self.longest.max(key.chars().count());
    }

    /// Each term of the group finds the others.
    fn add_group<S: AsRef<str>>(&mut self, terms: &[S]) {
        let terms: Vec<&str> = terms.iter().map(AsRef::as_ref).collect();
        for t in &terms {
            self.add(Match::Folded, t, &terms);
        }
    }

    /// Reads the data format: `甲/乙` groups, `甲 → 乙/丙` one-way entries,
    /// `#` comments. One-way keys are compared as `how` says.
    fn read(&mut self, text: &str, how: Match) {
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('→') {
                Some((from, to)) => {
                    let to: Vec<&str> = to.split('/').map(str::trim).collect();
                    self.add(how, from, &to);
                }
                None => {
                    let terms: Vec<&str> = line.split('/').map(str::trim).collect();
                    self.add_group(&terms);
                }
            }
        }
    }

    fn get(&self, how: Match, key: &str) -> &[String] {
        let map = match how {
            Match::Folded => &self.folded,
            Match::AsTyped => &self.as_typed,
        };
        map.get(key).map_or(&[], Vec::as_slice)
    }
}

static PLATFORM: LazyLock<Table> = LazyLock::new(|| {
    let mut t = Table::default();
    t.read(PLATFORM_SYNONYMS, Match::Folded);
    t.read(TAIWAN_HONG_KONG, Match::AsTyped);
    t
});

/// The vocabulary a search expands its words with: the platform's, and
/// the groups agencies added ([`Vocabulary::with_groups`]).
#[derive(Debug, Clone)]
pub struct Vocabulary {
    base: &'static Table,
    extra: Table,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::platform()
    }
}

/// A stretch of a query word the vocabulary knows, and what it also finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// Where it starts in the word, in characters (the same in the folded
    /// word: folding keeps the character count).
    pub start: usize,
    pub len: usize,
    /// The alternatives, as written in the vocabulary.
    pub alternatives: Vec<String>,
}

impl Vocabulary {
    /// The platform's dictionary alone.
    pub fn platform() -> Vocabulary {
        Vocabulary {
            base: &PLATFORM,
            extra: Table::default(),
        }
    }

    /// The platform's dictionary and `groups` (each a list of terms that
    /// find each other, e.g. an agency's own groups).
    pub fn with_groups<G: AsRef<[String]>>(groups: &[G]) -> Vocabulary {
        let mut v = Vocabulary::platform();
        for g in groups {
            v.extra.add_group(g.as_ref());
        }
        v
    }

    fn lookup(&self, how: Match, key: &str) -> Vec<String> {
        let mut out: Vec<String> = self.base.get(how, key).to_vec();
        for e in self.extra.get(how, key) {
            if !out.contains(e) {
                out.push(e.clone());
            }
        }
        out
    }

    fn knows(&self, typed: &str, folded: &str) -> bool {
        [self.base, &self.extra]
            .iter()
            .any(|t| t.as_typed.contains_key(typed) || t.folded.contains_key(folded))
    }

    /// What `key` (as typed and folded, the same stretch) also finds: the
    /// Taiwan/Hong Kong equivalents with their groups, and its own groups.
    fn alternatives(&self, typed: &str, folded: &str) -> Vec<String> {
        let mut out = Vec::new();
        for mainland in self.lookup(Match::AsTyped, typed) {
            let chained = self.lookup(Match::Folded, &fold_text(&mainland));
            out.push(mainland);
            out.extend(chained);
        }
        out.extend(self.lookup(Match::Folded, folded));
        let mut seen = vec![folded.to_string()];
        out.retain(|a| {
            let key = fold_text(a);
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        out
    }

    /// The stretches of `word` the vocabulary knows, left to right, the
    /// longest at each place, not overlapping.
    pub(crate) fn expansions(&self, word: &str) -> Vec<Expansion> {
        let typed: Vec<char> = word.chars().map(fold_char).collect();
        let folded: Vec<char> = fold_text(word).chars().collect();
        let n = typed.len().min(folded.len());
        let longest = self.base.longest.max(self.extra.longest);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let found = (2..=longest.min(n - i)).rev().find_map(|len| {
                let t: String = typed[i..i + len].iter().collect();
                let f: String = folded[i..i + len].iter().collect();
                if !self.knows(&t, &f) {
                    return None;
                }
                let alternatives = self.alternatives(&t, &f);
                (!alternatives.is_empty()).then_some(Expansion {
                    start: i,
                    len,
                    alternatives,
                })
            });
            match found {
                Some(e) => {
                    i += e.len;
                    out.push(e);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alternatives(v: &Vocabulary, word: &str) -> Vec<Vec<String>> {
        v.expansions(word)
            .into_iter()
            .map(|e| e.alternatives)
            .collect()
    }

    #[test]
    fn a_group_finds_its_other_terms_both_ways() {
        let v = Vocabulary::platform();
        assert_eq!(alternatives(&v, "网约车"), vec![vec!["网络预约出租汽车"]]);
        assert_eq!(alternatives(&v, "网络预约出租汽车"), vec![vec!["网约车"]]);
        assert_eq!(
            alternatives(&v, "出租车"),
            vec![vec!["出租汽车", "巡游出租汽车"]]
        );
        // Typed in traditional characters, the group's key is folded.
        assert_eq!(alternatives(&v, "網約車"), vec![vec!["网络预约出租汽车"]]);
    }

    #[test]
    fn a_one_way_entry_does_not_find_back() {
        let v = Vocabulary::platform();
        assert_eq!(alternatives(&v, "政务公开"), vec![vec!["政府信息公开"]]);
        assert!(v.expansions("政府信息公开").is_empty());
    }

    #[test]
    fn taiwan_words_are_matched_as_typed_and_bring_their_group() {
        let v = Vocabulary::platform();
        assert_eq!(
            v.expansions("資訊公開"),
            vec![Expansion {
                start: 0,
                len: 2,
                alternatives: vec!["信息".into()]
            }]
        );
        // 资讯 typed in simplified is a mainland word: left as it is.
        assert!(v.expansions("资讯公开").is_empty());
        assert_eq!(
            alternatives(&v, "計程車"),
            vec![vec!["出租车", "出租汽车", "巡游出租汽车"]]
        );
    }

    #[test]
    fn the_longest_known_stretch_wins_and_several_are_found() {
        let v = Vocabulary::platform();
        // 公交车 is known whole, not as 公交 + 车.
        let e = v.expansions("公交车线路");
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].start, e[0].len), (0, 3));
        let e = v.expansions("医保社保");
        assert_eq!(
            e.iter().map(|e| (e.start, e.len)).collect::<Vec<_>>(),
            vec![(0, 2), (2, 2)]
        );
    }

    #[test]
    fn added_groups_join_the_platform_dictionary() {
        let v =
            Vocabulary::with_groups(&[vec!["白交局".to_string(), "白沙县交通运输局".to_string()]]);
        assert_eq!(alternatives(&v, "白交局"), vec![vec!["白沙县交通运输局"]]);
        // A group that shares a term with the platform's adds to it.
        let v = Vocabulary::with_groups(&[vec!["网约车".to_string(), "约车".to_string()]]);
        assert_eq!(
            alternatives(&v, "网约车"),
            vec![vec!["网络预约出租汽车", "约车"]]
        );
        assert!(
            Vocabulary::platform().expansions("白交局").is_empty(),
            "the platform's own dictionary is unchanged"
        );
    }

    #[test]
    fn the_shipped_data_is_valid() {
        for (name, text) in [
            ("synonyms.txt", PLATFORM_SYNONYMS),
            ("tw_hk.txt", TAIWAN_HONG_KONG),
        ] {
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let terms = line.replace('→', "/");
                crate::group::parse_group(&terms)
                    .unwrap_or_else(|e| panic!("{name}: “{line}”: {e}"));
            }
        }
        // About forty hand-written entries each.
        assert!(PLATFORM.folded.len() >= 80, "{}", PLATFORM.folded.len());
        assert!(PLATFORM.as_typed.len() >= 40, "{}", PLATFORM.as_typed.len());
    }
}
