//! Folding text the way people type it into one form, for indexing and for
//! queries alike: full-width letters and digits to half-width, traditional
//! characters to simplified (the OpenCC-derived table of `fast2s`, character
//! by character), ASCII to lower case, and the brackets of a 文号 to `〔〕`.
//!
//! Folding keeps the character count, so a token found in the folded text
//! maps back to the same characters of the original (highlighting shows the
//! text as published, in whatever script it was written).

/// The folded text and, for each of its characters, where it starts in the
/// original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// The i-th character starts at `folded_starts[i]` in `text` and at
    /// `original_starts[i]` in the original; both end with the total lengths.
    folded_starts: Vec<usize>,
    original_starts: Vec<usize>,
}

impl Folded {
    /// The original byte offset of a folded byte offset that starts (or ends)
    /// a character.
    pub fn original_offset(&self, folded: usize) -> usize {
        match self.folded_starts.binary_search(&folded) {
            Ok(i) => self.original_starts[i],
            // Not on a character boundary (never produced by the tokenizer):
            // the start of the character containing it.
            Err(i) => self.original_starts[i.saturating_sub(1)],
        }
    }
}

/// Folds one character's width, case and brackets (traditional → simplified
/// needs the neighbours and is done by [`fold`]).
pub fn fold_char(c: char) -> char {
    // Full-width ASCII variants (Ａ, ２, （ …) and the ideographic space.
    let c = gongkai_domain::identity::half_width(c);
    match c {
        // Year brackets of a 文号 as people type them: [2017] (2017) 【2017】
        // 〔2017〕 ［2017］; folded to one pair so each style finds the others.
        '[' | '(' | '【' | '〔' | '﹝' | '〖' => '〔',
        ']' | ')' | '】' | '〕' | '﹞' | '〗' => '〕',
        c => c.to_ascii_lowercase(),
    }
}

/// Folds `text`, keeping the map back to the original offsets.
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut folded_starts = Vec::with_capacity(text.len() / 2 + 1);
    let mut original_starts = Vec::with_capacity(text.len() / 2 + 1);
    let converted = fast2s::convert(text);
    // fast2s keeps one character per character (it also resolves a few
    // characters by their neighbours, e.g. 乾 in 乾隆 vs 乾燥), so walk both.
    let mut simplified = converted.chars();
    for (at, c) in text.char_indices() {
        let s = simplified.next().unwrap_or(c);
        folded_starts.push(out.len());
        original_starts.push(at);
        let f = match fold_char(c) {
            f if f != c => f,
            _ => s,
        };
        out.push(f);
    }
    folded_starts.push(out.len());
    original_starts.push(text.len());
    Folded {
        text: out,
        folded_starts,
        original_starts,
    }
}

/// Only the folded text.
pub fn fold_text(text: &str) -> String {
    fold(text).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(fold_text("環境保護督察"), "环境保护督察");
        assert_eq!(fold_text("政府資訊公開"), "政府资讯公开");
        // Already simplified text is left as it is.
        assert_eq!(fold_text("政府信息公开"), "政府信息公开");
    }

    #[test]
    fn full_width_letters_and_digits_become_half_width() {
        assert_eq!(fold_text("２０２４年ＡＢＣ"), "2024年abc");
        assert_eq!(fold_text("第３季度　报告"), "第3季度 报告");
    }

    #[test]
    fn every_bracket_style_of_a_document_number_folds_to_one() {
        let want = "国办发〔2017〕47号";
        for typed in [
            "国办发〔2017〕47号",
            "国办发[2017]47号",
            "国办发(2017)47号",
            "国办发（2017）47号",
            "国办发【2017】47号",
            "国辦發〔２０１７〕４７號",
        ] {
            assert_eq!(fold_text(typed), want, "{typed}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "２０２４年環境";
        let f = fold(original);
        assert_eq!(f.text, "2024年环境");
        // "环境" starts at folded byte 7 (4 ASCII + 年); in the original
        // after four full-width digits (3 bytes each) and 年.
        assert_eq!(f.original_offset(7), 15);
        assert_eq!(
            &original[f.original_offset(7)..f.original_offset(13)],
            "環境"
        );
        assert_eq!(f.original_offset(f.text.len()), original.len());
    }
}
