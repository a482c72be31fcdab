//! Text as compared, whatever script and width it was written in.

use gongkai_domain::identity::half_width;

/// Folds `text`: traditional → simplified (fast2s, character by character),
/// full-width ASCII → half-width, the ideographic space → a space.
pub fn fold(text: &str) -> String {
    fast2s::convert(text)
        .chars()
        .map(|c| if c == '\u{a0}' { ' ' } else { half_width(c) })
        .collect()
}

/// The key of a label: folded, letters and digits only (no spaces,
/// brackets, quotes or punctuation), lower case. `（三）不予公开` and
/// `(三) 不予公開` have the same key `三不予公开`.
pub fn key(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut ascii = true;
    for c in text.chars().map(half_width) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                kept.push(c.to_ascii_lowercase());
            }
        } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric() {
            ascii = false;
            kept.push(c);
        }
    }
    // Traditional → simplified only where there is something to convert.
    if ascii { kept } else { fast2s::convert(&kept) }
}

/// A key without its leading enumeration (`一`, `三`, `1`, `12`): how a row
/// is named whether or not the numbering was copied.
pub fn unnumbered(key: &str) -> &str {
    let mut s = key;
    for _ in 0..2 {
        let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
        let t = match t.chars().next() {
            Some(c)
                if t == s && "一二三四五六七八九十".contains(c) && t.chars().nth(2).is_some() =>
            {
                &t[c.len_utf8()..]
            }
            _ => t,
        };
        if t == s {
            break;
        }
        s = t;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_script_width_and_punctuation() {
        assert_eq!(key("（三）不予公开"), "三不予公开");
        assert_eq!(key("(三) 不予公開"), "三不予公开");
        assert_eq!(
            key("２．其他法律行政法规禁止公开"),
            "2其他法律行政法规禁止公开"
        );
        assert_eq!(key("本年增/减"), "本年增减");
    }

    #[test]
    fn numbering_is_dropped_but_not_a_leading_word() {
        assert_eq!(
            unnumbered("一本年新收政府信息公开申请数量"),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(
            unnumbered("2其他法律行政法规禁止公开"),
            "其他法律行政法规禁止公开"
        );
        assert_eq!(unnumbered("七总计"), "总计");
        // 三安全一稳定 starts with a numeral that is not a number.
        assert_eq!(unnumbered("3危及三安全一稳定"), "危及三安全一稳定");
        assert_eq!(unnumbered("规章"), "规章");
    }
}
