//! Highlighting: the title with the matched words in `<mark>`, and a
//! snippet (摘要片段) of the summary and body around them.
//!
//! The snippet is cut here rather than by tantivy's generator, which cuts
//! a fixed number of bytes wherever it falls: a snippet starts at the
//! beginning of the sentence with the best matches (or shortly before them,
//! after "…"), ends at the end of a sentence when one is within reach and
//! otherwise at a comma or a character with "…", and never repeats the
//! title — bodies often open with the title as their heading line.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{Searcher, Term};

use crate::analyzer::ChineseTokenizer;
use crate::fold::fold_text;
pub(crate) use gongkai_domain::markup::escape;

/// Characters of a snippet (about two lines of a results page).
pub(crate) const SNIPPET_CHARS: usize = 90;
/// How far before the first match a snippet may start at its sentence's
/// beginning; further back it starts after a comma, or a few characters
/// before the match, with "…".
const LEAD_CHARS: usize = 30;
const CONTEXT_CHARS: usize = 10;

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

fn ends_clause(c: char) -> bool {
    matches!(c, '，' | '、' | '：' | ',' | ':' | '）' | ')')
}

/// The matched words of a query and how much each weighs (rarer words
/// more, as BM25 weighs them).
pub(crate) struct Highlighter {
    weights: HashMap<String, f32>,
}

impl Highlighter {
    /// The words `query` matches in `field`.
    pub fn new(searcher: &Searcher, query: &dyn Query, field: Field) -> tantivy::Result<Self> {
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field && !terms.contains(term) {
                terms.push(term.clone());
            }
        });
        let mut weights = HashMap::new();
        for term in terms {
            if let Some(text) = term.value().as_str() {
                let docs = searcher.doc_freq(&term)?;
                weights.insert(text.to_string(), 1.0 / (1.0 + docs as f32));
            }
        }
        Ok(Highlighter { weights })
    }

    /// The matched words of `text`: their byte ranges (in text order, may
    /// overlap: jieba's search mode yields 出租 and 出租车) and words.
    fn matches(&self, text: &str) -> Vec<(Range<usize>, String)> {
        if self.weights.is_empty() {
            return Vec::new();
        }
        let mut tokenizer = ChineseTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out: Vec<(Range<usize>, String)> = Vec::new();
        while stream.advance() {
            let t = stream.token();
            if self.weights.contains_key(&t.text) {
                out.push((t.offset_from..t.offset_to, t.text.clone()));
            }
        }
        out
    }

    /// The title with every matched word marked.
    pub fn title_html(&self, title: &str) -> String {
        let marks = merged(self.matches(title).into_iter().map(|m| m.0));
        marked(title, &marks)
    }

    /// A snippet of `content` (summary and body) without the title's
    /// repeat, around its best matches; its start when nothing matches.
    pub fn snippet_html(&self, title: &str, content: &str) -> String {
        let text = without_title(title, content);
        let text = text.trim();
        let matches = self.matches(text);
        let anchor = self.best_anchor(text, &matches);
        let window = window(text, anchor);
        let marks = merged(
            matches
                .iter()
                .filter(|(r, _)| r.start >= window.range.start && r.end <= window.range.end)
                .map(|(r, _)| r.start - window.range.start..r.end - window.range.start),
        );
        let inner = marked(&text[window.range.clone()], &marks);
        let inner = collapse_breaks(&inner);
        format!(
            "{}{inner}{}",
            if window.cut_before { "…" } else { "" },
            if window.cut_after { "…" } else { "" }
        )
    }

    /// Where the window with the most weight of distinct matched words
    /// starts its search: one of the matches (the earliest of equals).
    fn best_anchor(&self, text: &str, matches: &[(Range<usize>, String)]) -> Range<usize> {
        let mut best: Option<(f32, Range<usize>)> = None;
        // Enough candidates for any snippet; a long body has more.
        for (i, (anchor, _)) in matches.iter().enumerate().take(200) {
            let reach = byte_after_chars(text, anchor.start, SNIPPET_CHARS - LEAD_CHARS);
            let mut seen: Vec<&str> = Vec::new();
            let mut score = 0.0;
            for (r, word) in &matches[i..] {
                if r.end > reach {
                    break;
                }
                if !seen.contains(&word.as_str()) {
                    seen.push(word);
                    score += self.weights.get(word).copied().unwrap_or(0.0);
                }
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, anchor.clone()));
            }
        }
        best.map_or(0..0, |(_, r)| r)
    }
}

/// The byte offset `n` characters after `from` (or the end).
fn byte_after_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

/// The stretch of text a snippet shows.
#[derive(Debug, PartialEq, Eq)]
struct Window {
    range: Range<usize>,
    cut_before: bool,
    cut_after: bool,
}

/// The window around `anchor` (a match, or `0..0`): at most
/// [`SNIPPET_CHARS`] characters, on sentence or clause boundaries where
/// they are within reach.
fn window(text: &str, anchor: Range<usize>) -> Window {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = chars.partition_point(|(i, _)| *i < anchor.start);
    let anchor_end = chars.partition_point(|(i, _)| *i < anchor.end);
    // Start: at the text's start when all up to the end of the match's
    // sentence fits; else at the sentence's beginning when near, else after
    // a comma, else a few characters before the match.
    let lead_from = at.saturating_sub(LEAD_CHARS);
    let sentence_end = (anchor_end..chars.len())
        .find(|&k| ends_sentence(chars[k].1))
        .map_or(chars.len(), |k| k + 1);
    let (start, cut_before) = if sentence_end <= SNIPPET_CHARS {
        (0, false)
    } else {
        match (lead_from..at).rev().find(|&k| ends_sentence(chars[k].1)) {
            Some(k) => (k + 1, false),
            None if lead_from == 0 => (0, false),
            None => {
                let near = at.saturating_sub(CONTEXT_CHARS);
                match (lead_from..at).rev().find(|&k| ends_clause(chars[k].1)) {
                    Some(k) => (k + 1, true),
                    None => (near, true),
                }
            }
        }
    };
    let limit = start + SNIPPET_CHARS;
    if limit >= chars.len() {
        return Window {
            range: byte(&chars, text, start)..text.len(),
            cut_before,
            cut_after: false,
        };
    }
    // End: the last sentence end in reach that keeps the match and half the
    // room; else the last comma after the match; else the limit.
    let keep_from = anchor_end.max(start + SNIPPET_CHARS / 2);
    let (end, cut_after) = match (keep_from..limit)
        .rev()
        .find(|&k| ends_sentence(chars[k].1))
    {
        Some(k) if chars[k].1 == '\n' => (k, false),
        Some(k) => (k + 1, false),
        None => match (anchor_end..limit).rev().find(|&k| ends_clause(chars[k].1)) {
            Some(k) => (k, true),
            None => (limit, true),
        },
    };
    Window {
        range: byte(&chars, text, start)..byte(&chars, text, end),
        cut_before,
        cut_after,
    }
}

fn byte(chars: &[(usize, char)], text: &str, k: usize) -> usize {
    chars.get(k).map_or(text.len(), |(i, _)| *i)
}

/// Ranges in text order merged where they overlap or touch: 农村 and 公路
/// side by side are one mark.
fn merged(ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `text` HTML-escaped with `marks` (sorted, not overlapping) in `<mark>`.
fn marked(text: &str, marks: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 13);
    let mut from = 0;
    for m in marks {
        out.push_str(&escape(&text[from..m.start]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[m.clone()]));
        out.push_str("</mark>");
        from = m.end;
    }
    out.push_str(&escape(&text[from..]));
    out
}

/// Line breaks inside a snippet become one space (after a sentence's end,
/// nothing).
fn collapse_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for c in text.chars() {
        if c == '\n' || c == '\r' || c == '\t' {
            pending = true;
            continue;
        }
        if pending {
            if !out.is_empty() && !out.ends_with(ends_sentence) {
                out.push(' ');
            }
            pending = false;
        }
        out.push(c);
    }
    out
}

/// `content` without the lines that repeat the title (a body's heading
/// line), or the title at the start of a line.
pub(crate) fn without_title(title: &str, content: &str) -> String {
    let key: Vec<char> = fold_text(title)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if key.is_empty() {
        return content.to_string();
    }
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        let rest = line.trim_start();
        // Only the line's first characters are folded (a body's lines are
        // long); folding keeps the character count, so they are the title's
        // characters as published.
        let head: String = rest.chars().take(key.len()).collect();
        let folded: Vec<char> = fold_text(&head).chars().collect();
        if folded.len() == key.len() && folded == key {
            let after: String = rest.chars().skip(key.len()).collect();
            if !after.trim().is_empty() {
                out.push_str(after.trim_start());
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_repeated_as_the_body_heading_is_left_out() {
        let title = "白沙县2024年农村公路建设计划";
        let content =
            "安排全县农村公路工程项目。\n白沙县2024年农村公路建设计划\n（演示数据）本文件全文略。";
        assert_eq!(
            without_title(title, content),
            "安排全县农村公路工程项目。\n（演示数据）本文件全文略。"
        );
        // In traditional characters, or followed by text on its line.
        assert_eq!(
            without_title("政府信息公开指南", "政府信息公開指南 各单位：\n正文"),
            "各单位：\n正文"
        );
        // A sentence that only mentions the title stays.
        let mention = "现将《白沙县2024年农村公路建设计划》印发给你们。";
        assert_eq!(without_title(title, mention), mention);
    }

    #[test]
    fn a_short_text_is_shown_whole() {
        let text = "安排全县农村公路新改建工程。";
        let w = window(text, 12..24);
        assert_eq!(
            w,
            Window {
                range: 0..text.len(),
                cut_before: false,
                cut_after: false
            }
        );
    }

    #[test]
    fn a_text_that_fits_starts_at_its_beginning_though_the_match_is_later() {
        let text = "规定经营许可和服务规范。第一条 为规范网约车经营，制定本细则。";
        let at = text.find("网约车").unwrap();
        let w = window(text, at..at + "网约车".len());
        assert_eq!(
            w,
            Window {
                range: 0..text.len(),
                cut_before: false,
                cut_after: false
            }
        );
    }

    #[test]
    fn a_long_text_ends_at_a_sentence_end_within_reach() {
        // Sentence one: 40 characters; sentence two: 40; sentence three: 40.
        let s = |c: char| format!("{}。", c.to_string().repeat(39));
        let text = format!("{}{}{}", s('甲'), s('乙'), s('丙'));
        let w = window(&text, 0..3);
        assert!(!w.cut_before && !w.cut_after, "{w:?}");
        // Two whole sentences (80 characters) fit in 90; the third does not.
        assert_eq!(&text[w.range.clone()], format!("{}{}", s('甲'), s('乙')));
    }

    #[test]
    fn without_a_sentence_end_it_ends_at_a_comma_with_an_ellipsis() {
        let text = format!("{}，{}", "甲".repeat(60), "乙".repeat(60));
        let w = window(&text, 0..3);
        assert!(w.cut_after);
        assert_eq!(&text[w.range.clone()], "甲".repeat(60));
        // No comma either: cut at the limit, on a character.
        let text = "丙".repeat(200);
        let w = window(&text, 0..3);
        assert_eq!(text[w.range.clone()].chars().count(), SNIPPET_CHARS);
        assert!(w.cut_after);
    }

    #[test]
    fn a_match_deep_in_a_sentence_starts_after_an_ellipsis() {
        let text = format!(
            "{}，{}农村公路{}。",
            "甲".repeat(50),
            "乙".repeat(35),
            "丙".repeat(5)
        );
        let at = text.find("农村公路").unwrap();
        let w = window(&text, at..at + "农村公路".len());
        assert!(w.cut_before);
        // The comma is 36 characters before the match, past the lead of 30:
        // ten characters before the match.
        assert!(text[w.range.clone()].starts_with("乙乙乙乙乙乙乙乙乙乙农村公路"));
        assert!(text[w.range.clone()].ends_with("丙丙丙丙丙。"));
        assert!(!w.cut_after);
    }

    #[test]
    fn breaks_become_spaces_except_after_a_sentence() {
        assert_eq!(collapse_breaks("第一章 总则\n第一条"), "第一章 总则 第一条");
        assert_eq!(
            collapse_breaks("制定本办法。\n第二条"),
            "制定本办法。第二条"
        );
    }
}
