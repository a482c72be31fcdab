//! Text similarity of two requests, to support the decision that an
//! application repeats one already answered (Art. 36 (六), report row （五）2).
//!
//! The measure is the **Sørensen–Dice coefficient over character bigrams**
//! (counted as multisets): `2·|A ∩ B| / (|A| + |B|)`. Character bigrams need
//! no word segmentation, so they work for Chinese, where two characters are
//! the typical word length, as well as for numbers and Latin text.
//!
//! Before the bigrams are taken, each text is normalised:
//! * full-width ASCII becomes half-width and Latin letters lower case;
//! * everything that is not a letter or digit (whitespace, Chinese and Latin
//!   punctuation, the brackets of a 文号) is removed, so `国办发[2017]47号` and
//!   `国办发〔2017〕47号` compare equal;
//! * the boilerplate of asking ([`BOILERPLATE`]: `申请公开`, `请提供`, `本人` …)
//!   is removed, so two unrelated requests do not look alike only because both
//!   begin with `申请公开`.
//!
//! The score only **supports** a person's decision: it finds earlier requests
//! worth comparing, and the clerk must still compare the earlier reply with
//! the new request. Two long requests that differ only in which paper of the
//! same matter they want (`…改造项目的征收补偿方案` / `…改造项目的立项批复`)
//! share most bigrams and score above the threshold too.

use std::collections::HashMap;

use crate::identity::to_half_width;

/// Scores at or above this are [`similar_enough`]. For Dice, 0.5 means that
/// half of the bigrams of the two texts together are shared (Jaccard 1/3):
/// a reworded request for the same document stays above it; two requests that
/// only share a topic word or two stay below.
pub const SIMILARITY_THRESHOLD: f64 = 0.5;

/// Phrases of asking that say nothing about the information wanted, removed
/// before comparing (longest first, so `申请公开` goes before `申请`).
pub const BOILERPLATE: &[&str] = &[
    "政府信息公开申请",
    "依申请公开",
    "申请公开",
    "请求公开",
    "要求公开",
    "依法公开",
    "予以公开",
    "申请获取",
    "申请提供",
    "请予提供",
    "请提供",
    "请公开",
    "本申请人",
    "申请人",
    "本人",
    "我想",
    "我要",
    "希望",
];

/// The similarity of two texts in `[0, 1]`: the Dice coefficient of their
/// character-bigram multisets after normalisation (see the module docs).
/// 1.0 for texts that normalise to the same string (including two empty
/// ones); 0.0 when exactly one is empty. A text of one character has no
/// bigram and is similar only to the same character.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&normalise(a, true), &normalise(b, true))
}

/// The same measure without removing the phrases of asking: for texts that
/// are not requests, such as the parts of two annual reports (AR-14), where
/// `依申请公开` is a topic, not boilerplate.
pub fn plain_similarity(a: &str, b: &str) -> f64 {
    dice(&normalise(a, false), &normalise(b, false))
}

fn dice(a: &[char], b: &[char]) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.len() < 2 || b.len() < 2 {
        return 0.0;
    }
    let grams_a = bigrams(a);
    let grams_b = bigrams(b);
    let total_a: usize = grams_a.values().sum();
    let total_b: usize = grams_b.values().sum();
    let shared: usize = grams_a
        .iter()
        .map(|(g, n)| (*n).min(grams_b.get(g).copied().unwrap_or(0)))
        .sum();
    (2 * shared) as f64 / (total_a + total_b) as f64
}

/// Whether two requests are alike enough to check for a repeated application:
/// `similarity(a, b) >= SIMILARITY_THRESHOLD`.
pub fn similar_enough(a: &str, b: &str) -> bool {
    similarity(a, b) >= SIMILARITY_THRESHOLD
}

/// The characters compared: half-width, lower case, letters and digits only,
/// boilerplate removed (for requests).
fn normalise(text: &str, without_boilerplate: bool) -> Vec<char> {
    let mut text: String = to_half_width(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if without_boilerplate {
        for phrase in BOILERPLATE {
            text = text.replace(phrase, "");
        }
    }
    text.chars().collect()
}

fn bigrams(chars: &[char]) -> HashMap<(char, char), usize> {
    let mut grams = HashMap::new();
    for w in chars.windows(2) {
        *grams.entry((w[0], w[1])).or_insert(0) += 1;
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_and_bounded() {
        let pairs = [
            (
                "申请公开2023年城中村改造补偿方案",
                "城中村改造补偿方案（2023年）",
            ),
            ("abc", "abd"),
            ("", "x"),
            ("人", "人"),
        ];
        for (a, b) in pairs {
            let s = similarity(a, b);
            assert!((0.0..=1.0).contains(&s));
            assert_eq!(s, similarity(b, a));
        }
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("", "国办发"), 0.0);
        assert_eq!(similarity("人", "人"), 1.0);
        assert_eq!(similarity("人", "民"), 0.0);
    }

    #[test]
    fn brackets_and_width_do_not_matter() {
        assert_eq!(
            similarity("国办发[2017]47号", "国办发〔２０１７〕４７号"),
            1.0
        );
    }

    #[test]
    fn repeated_bigrams_count_as_multisets() {
        // "aaaa" has bigrams {aa×3}; "aa" has {aa×1}: 2·1/(3+1) = 0.5.
        assert_eq!(similarity("aaaa", "aa"), 0.5);
    }

    #[test]
    fn identical_requests_score_one() {
        let a = "请公开国办发〔2017〕47号文件全文";
        assert_eq!(similarity(a, a), 1.0);
        assert!(similar_enough(a, a));
    }

    #[test]
    fn unrelated_requests_score_low() {
        let a = "申请公开2023年某区城中村改造项目的征收补偿方案";
        let b = "请提供本市2022年度一般公共预算执行情况的审计报告";
        let s = similarity(a, b);
        assert!(s < 0.2, "{s}");
        assert!(!similar_enough(a, b));
    }

    #[test]
    fn reworded_request_for_the_same_document_is_similar_enough() {
        let pairs = [
            (
                "申请公开2023年某区城中村改造项目的征收补偿方案",
                "请提供：某区城中村改造项目（2023年）征收补偿方案。",
            ),
            (
                "请公开《国务院办公厅关于印发政府信息公开信息处理费管理办法的通知》（国办函〔2020〕109号）全文",
                "本人申请获取国办函[2020]109号，即国务院办公厅印发政府信息公开信息处理费管理办法的通知",
            ),
        ];
        for (a, b) in pairs {
            let s = similarity(a, b);
            assert!(similar_enough(a, b), "{s}: {a} / {b}");
        }
    }
}
