//! The analyzer of every searchable field: fold (see [`crate::fold`]), segment
//! with jieba in search mode (a long word also yields its dictionary words:
//! 信息公开 → 信息, 公开, 信息公开), drop punctuation and spaces, and report
//! offsets in the original text.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::fold::fold;

/// The name the analyzer is registered under in the index.
pub const ANALYZER: &str = "gongkai_zh";

#[derive(Clone, Default)]
pub struct ChineseTokenizer {
    jieba: tantivy_jieba::JiebaTokenizer,
}

/// Tokens collected up front (the folded text they come from is owned here,
/// not by the caller).
pub struct CollectedTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = CollectedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CollectedTokens {
        CollectedTokens {
            tokens: tokens(&mut self.jieba, text),
            next: 0,
        }
    }
}

impl TokenStream for CollectedTokens {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Longest token kept, in bytes (a pasted hash or a run of digits is not a word).
const MAX_TOKEN_BYTES: usize = 64;

fn tokens(jieba: &mut tantivy_jieba::JiebaTokenizer, text: &str) -> Vec<Token> {
    let folded = fold(text);
    let mut stream = jieba.token_stream(&folded.text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        if t.text.len() > MAX_TOKEN_BYTES || !t.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        out.push(Token {
            offset_from: folded.original_offset(t.offset_from),
            offset_to: folded.original_offset(t.offset_to),
            // jieba's positions are character offsets, the same in the
            // folded and the original text; phrases compare them.
            position: t.position,
            text: t.text.clone(),
            position_length: t.position_length,
        });
    }
    // jieba's search mode emits a word's parts before the word (行政, 处罚,
    // 行政处罚); tantivy's highlighter needs tokens in text order.
    out.sort_by_key(|t| (t.offset_from, t.offset_to));
    out
}

/// A token of a query: its text, and its span in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryToken {
    pub text: String,
    pub start: usize,
    pub len: usize,
}

impl QueryToken {
    fn end(&self) -> usize {
        self.start + self.len
    }

    fn contains(&self, other: &QueryToken) -> bool {
        self.start <= other.start && other.end() <= self.end() && self.len > other.len
    }
}

/// The query's tokens, split into the finest ones (no other token inside
/// them: every document containing the query's words yields these, however
/// jieba cut its longer words) and the coarser ones (which only rank).
pub fn query_tokens(text: &str) -> (Vec<QueryToken>, Vec<QueryToken>) {
    let mut jieba = tantivy_jieba::JiebaTokenizer::default();
    let all: Vec<QueryToken> = tokens(&mut jieba, text)
        .into_iter()
        .map(|t| QueryToken {
            text: t.text,
            start: t.position,
            len: t.position_length.max(1),
        })
        .collect();
    let mut finest = Vec::new();
    let mut coarse = Vec::new();
    for t in &all {
        let bucket = if all.iter().any(|o| t.contains(o)) {
            &mut coarse
        } else {
            &mut finest
        };
        if !bucket.iter().any(|b: &QueryToken| b == t) {
            bucket.push(t.clone());
        }
    }
    (finest, coarse)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let mut t = ChineseTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn long_words_also_yield_their_two_character_words() {
        let t = texts("关于2025年部门预算公开的通知");
        for w in ["预算", "公开", "2025", "通知"] {
            assert!(t.contains(&w.to_string()), "{w} missing from {t:?}");
        }
        let t = texts("行政处罚决定书");
        assert!(t.contains(&"处罚".to_string()), "{t:?}");
    }

    #[test]
    fn punctuation_is_not_a_token_and_scripts_fold() {
        let t = texts("環境保護，督察！");
        assert!(
            t.iter().all(|w| w.chars().all(char::is_alphanumeric)),
            "{t:?}"
        );
        assert!(t.contains(&"环境".to_string()), "{t:?}");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "２０２４年環境保護";
        let mut t = ChineseTokenizer::default();
        let mut s = t.token_stream(text);
        let mut seen = Vec::new();
        while s.advance() {
            let tok = s.token();
            seen.push(text[tok.offset_from..tok.offset_to].to_string());
        }
        assert!(seen.contains(&"２０２４".to_string()), "{seen:?}");
        assert!(seen.contains(&"環境".to_string()), "{seen:?}");
    }

    #[test]
    fn tokens_come_in_text_order() {
        let mut t = ChineseTokenizer::default();
        let mut s = t.token_stream("制定本办法。行政处罚决定书已送达。");
        let mut last = (0, 0);
        while s.advance() {
            let tok = s.token();
            assert!(
                (tok.offset_from, tok.offset_to) >= last,
                "{} out of order",
                tok.text
            );
            last = (tok.offset_from, tok.offset_to);
        }
    }

    #[test]
    fn finest_tokens_of_a_query() {
        let (finest, coarse) = query_tokens("环境保护督察");
        let f: Vec<_> = finest.iter().map(|t| t.text.as_str()).collect();
        assert!(
            f.contains(&"环境") && f.contains(&"保护") && f.contains(&"督察"),
            "{f:?}"
        );
        assert!(coarse.iter().any(|t| t.text == "环境保护"), "{coarse:?}");
    }
}
