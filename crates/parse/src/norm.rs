//! Text as compared, whatever script and width it was written in.

use gongkai_domain::identity::half_width;

/// Words that Taiwan and Hong Kong conversion tables (used by mirror sites)
/// write differently from the mainland, not merely in other characters:
/// `(variant, mainland)`, folded before the character folding. Data, not
/// code: a word found in a real report is added here. Each pair has the same
/// number of characters, so positions in folded text are those in the text.
const PHRASES: &[(&str, &str)] = &[
    ("檔案", "文件"),
    ("档案", "文件"),
    ("資訊", "信息"),
    ("资讯", "信息"),
    ("訊息", "信息"),
    ("讯息", "信息"),
    ("軟體", "软件"),
    ("软体", "软件"),
    ("網路", "网络"),
    ("网路", "网络"),
    ("程式", "程序"),
    ("列印", "打印"),
    ("資料庫", "数据库"),
];

/// The text with the words of [`PHRASES`] in their mainland form.
fn phrases(text: &str) -> std::borrow::Cow<'_, str> {
    let first: Vec<char> = PHRASES
        .iter()
        .filter_map(|(v, _)| v.chars().next())
        .collect();
    if !text.chars().any(|c| first.contains(&c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for (variant, mainland) in PHRASES {
        if out.contains(variant) {
            out = out.replace(variant, mainland);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Letters a pinyin gloss is written in (with tone marks).
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňêḿ".contains(c)
}

/// The text without pinyin glosses that some mirror sites insert after
/// characters (`機關(guān)` → `機關`): a bracket right after a Chinese
/// character holding only pinyin (at least one toned letter, or a syllable
/// and a tone digit) is dropped.
pub fn without_glosses(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['(', '（']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let cs: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let after_han = i > 0 && ('\u{4E00}'..='\u{9FFF}').contains(&cs[i - 1]);
        if after_han && matches!(c, '(' | '（') {
            let close = cs[i + 1..]
                .iter()
                .take(10)
                .position(|x| matches!(x, ')' | '）'))
                .map(|p| i + 1 + p);
            if let Some(close) = close {
                let inner = &cs[i + 1..close];
                let toned = inner.iter().any(|x| !x.is_ascii() && is_pinyin_letter(*x));
                let numbered = inner.last().is_some_and(|x| ('1'..='5').contains(x))
                    && inner.len() > 1
                    && inner[..inner.len() - 1]
                        .iter()
                        .all(|x| is_pinyin_letter(*x));
                if !inner.is_empty()
                    && (toned || numbered)
                    && inner
                        .iter()
                        .all(|x| is_pinyin_letter(*x) || x.is_ascii_digit() || *x == ' ')
                {
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Folds `text`: Taiwan and Hong Kong words ([`PHRASES`]), traditional →
/// simplified (fast2s, character by character), full-width ASCII →
/// half-width, the ideographic space → a space.
pub fn fold(text: &str) -> String {
    fast2s::convert(&phrases(text))
        .chars()
        .map(|c| if c == '\u{a0}' { ' ' } else { half_width(c) })
        .collect()
}

/// The key of a label: folded, letters and digits only (no spaces,
/// brackets, quotes or punctuation), lower case. `（三）不予公开` and
/// `(三) 不予公開` have the same key `三不予公开`.
pub fn key(text: &str) -> String {
    let text = without_glosses(text);
    let text = phrases(&text);
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
    // Traditional → simplified only where there is something to convert;
    // a word written in traditional characters (`档案` from `檔案`) is seen
    // by the phrase table only once converted.
    if ascii {
        kept
    } else {
        phrases(&fast2s::convert(&kept)).into_owned()
    }
}

/// The key of a label without the explanatory notes that provincial filling
/// guidance adds in brackets (`规范性文件（行政机关制定发布的…）`,
/// `上一年项目数量（指2019年事项数）`): a bracket of two characters or more
/// that is not a numbering (`（三）`) and does not open the label. A note cut
/// by a line end is dropped from its opening bracket to the end, and the
/// tail of one (`形，不计其他情形）`) from the start to its closing bracket.
pub fn label_key(text: &str) -> String {
    if !text.contains(['(', '（', ')', '）']) {
        return key(text);
    }
    // Glosses first: one inside a note (`(設區(qū)的市…)`) would close it early.
    let text = without_glosses(text);
    let cs: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // The tail of a note: text before a closing bracket with no opening one.
    if let Some(close) = cs.iter().position(|c| matches!(c, ')' | '）'))
        && !cs[..close].iter().any(|c| matches!(c, '(' | '（'))
        && close >= 2
        && !cs[..close]
            .iter()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
    {
        i = close + 1;
    }
    while i < cs.len() {
        let c = cs[i];
        if matches!(c, '(' | '（') && i > 0 {
            let close = closing(&cs, i);
            let inner: String = cs[i + 1..close].iter().collect();
            let inner = key(&inner);
            let numbering = inner.chars().count() <= 2
                && inner
                    .chars()
                    .all(|x| x.is_ascii_digit() || "一二三四五六七八九十".contains(x));
            // A note cut by the line end may have only a character left.
            let cut = close == cs.len();
            if (inner.chars().count() >= 2 || (cut && !inner.is_empty())) && !numbering {
                i = close + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    key(&out)
}

/// The index of the bracket that closes the one at `open` (brackets inside
/// a note nest: `（含以本单位(办公室)名义…）`), or the end when a line end cut it.
fn closing(cs: &[char], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, c) in cs.iter().enumerate().skip(open) {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    cs.len()
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
    fn taiwan_and_hong_kong_words_fold_to_the_mainland_ones() {
        assert_eq!(key("規範性檔案"), "规范性文件");
        assert_eq!(key("政府資訊公開申請"), "政府信息公开申请");
        assert_eq!(key("應用軟體"), "应用软件");
        // Same length, so positions in folded text stay those of the text.
        assert_eq!(fold("2020年政府資訊公開"), "2020年政府信息公开");
        for (v, m) in PHRASES {
            assert_eq!(v.chars().count(), m.chars().count(), "{v}");
        }
    }

    #[test]
    fn pinyin_glosses_after_characters_are_dropped() {
        assert_eq!(key("行政機關(guān)"), "行政机关");
        assert_eq!(key("本機關（jī guān）不掌握"), "本机关不掌握");
        assert_eq!(key("規(guī)範(fàn)性文件"), "规范性文件");
        assert_eq!(key("机关(guan1)"), "机关");
        // A bracket of Latin words that is no gloss stays.
        assert_eq!(key("电子邮件(email)"), "电子邮件email");
        assert_eq!(key("(三)不予公开"), "三不予公开");
    }

    #[test]
    fn notes_in_brackets_are_left_out_of_label_keys() {
        assert_eq!(
            label_key(
                "规范性文件（行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用“规定”“办法”字样的公文，一般情况下属于规范性文件）"
            ),
            "规范性文件"
        );
        assert_eq!(
            label_key("上一年项目数量（指2019年事项数）"),
            "上一年项目数量"
        );
        assert_eq!(label_key("本年增/减（减用负值表示，如-8）"), "本年增减");
        // Numbering stays; a note cut by a line end goes to the end.
        assert_eq!(label_key("（三）不予公开"), "三不予公开");
        assert_eq!(
            label_key("（二）部分公开（区分处理的，只计这一情"),
            "二部分公开"
        );
        assert_eq!(label_key("（二）部分公开（区"), "二部分公开");
        assert_eq!(label_key("形，不计其他情形）"), "");
        // A label that is all note (the header's 勾稽 line) keeps its words.
        assert_eq!(
            label_key("（本列数据的勾稽关系为：一加二）"),
            "本列数据的勾稽关系为一加二"
        );
        assert_eq!(label_key("乡（镇）人民政府"), "乡镇人民政府");
        // A note holding a pinyin gloss or brackets of its own is one note.
        assert_eq!(
            label_key("規(guī)章(設區(qū)的市、自治州人民政府應提供相關數(shù)據(jù))"),
            "规章"
        );
        assert_eq!(
            label_key("其他主动公开文件（含以本单位(办公室)名义正式签发的）"),
            "其他主动公开文件"
        );
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
