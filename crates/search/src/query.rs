//! Reading what was typed into the search box: exact phrases in quotes,
//! loose words, and whether the whole text is a 文号 or a 索引号.

use crate::fold::fold_text;

/// What a query asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Loose parts (separated by spaces); every word of each must occur.
    pub words: Vec<String>,
    /// Exact phrases (quoted).
    pub phrases: Vec<String>,
    /// Folded keys of the identifiers the text may be (文号 in its standard
    /// form, 索引号): an item with one of them ranks first.
    pub identifiers: Vec<String>,
}

const QUOTES: [(char, char); 4] = [('"', '"'), ('“', '”'), ('「', '」'), ('『', '』')];

/// Splits `text` into phrases and loose words, and recognises identifiers.
pub fn parse_query(text: &str) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    let mut loose = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let close = QUOTES
            .iter()
            .find(|(open, _)| *open == c)
            .map(|(_, close)| *close)
            .or((c == '＂').then_some('＂'));
        match close {
            Some(close) => {
                let mut phrase = String::new();
                for p in chars.by_ref() {
                    if p == close || (close == '"' && p == '＂') {
                        break;
                    }
                    phrase.push(p);
                }
                // An unclosed quote takes the rest as the phrase.
                if !phrase.trim().is_empty() {
                    q.phrases.push(phrase.trim().to_string());
                }
                loose.push(' ');
            }
            None => loose.push(c),
        }
    }
    q.words = loose
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    q.identifiers = identifiers(text);
    q
}

/// The keys under which an item's identifiers are indexed.
pub fn identifier_key(identifier: &str) -> String {
    fold_text(identifier)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The 文号 key of a document number as published (`国办发〔2017〕47号`).
pub fn document_number_key(document_number: &str) -> String {
    let standard = gongkai_domain::application::document_number_normalised(document_number);
    identifier_key(standard.as_deref().unwrap_or(document_number))
}

fn identifiers(text: &str) -> Vec<String> {
    let whole: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !QUOTES.iter().any(|(o, cl)| c == o || c == cl))
        .collect();
    if whole.is_empty() {
        return Vec::new();
    }
    let mut keys = Vec::new();
    // 文号: the domain reads any bracket style and width.
    let folded = fold_text(&whole);
    if let Some(standard) = gongkai_domain::application::document_number_normalised(&folded) {
        keys.push(identifier_key(&standard));
    }
    // 索引号 (`119901219482199390/2025-00001`, `000014349/2017-00123`) or
    // anything else typed as one token with digits: as it is.
    if folded.chars().any(|c| c.is_ascii_digit()) {
        let key = identifier_key(&whole);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_words() {
        let q = parse_query("预算 “部门预算公开” 白沙县");
        assert_eq!(q.phrases, vec!["部门预算公开"]);
        assert_eq!(q.words, vec!["预算", "白沙县"]);
        let q = parse_query("\"行政处罚\"");
        assert_eq!(q.phrases, vec!["行政处罚"]);
        assert!(q.words.is_empty());
    }

    #[test]
    fn a_document_number_in_any_bracket_style_is_one_key() {
        let want = parse_query("国办发〔2017〕47号").identifiers;
        assert!(!want.is_empty());
        for typed in [
            "国办发[2017]47号",
            "国办发(2017)47号",
            "国办发（2017）47号",
            "国办发【2017】47号",
            "国办发〔２０１７〕４７号",
        ] {
            assert_eq!(parse_query(typed).identifiers[0], want[0], "{typed}");
        }
        assert_eq!(document_number_key("国办发〔2017〕47号"), want[0]);
    }

    #[test]
    fn an_index_number_is_a_key() {
        let q = parse_query(" 119901219482199390/2025-00001 ");
        assert!(
            q.identifiers
                .contains(&"119901219482199390/2025-00001".to_string())
        );
        assert!(parse_query("政府信息公开").identifiers.is_empty());
    }
}
