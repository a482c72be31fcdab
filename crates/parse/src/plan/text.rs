//! The pieces of a plan's text every layout shares: chapter headings, task
//! numbers, time limits, and the pronunciation glosses some traditional-script
//! copies of plans carry.

/// The Chinese numerals plans number chapters with.
const NUMERALS: &str = "一二三四五六七八九十";

/// A chapter heading `一、…` (Chinese numeral, then 、 or a full stop):
/// its text without the numbering.
pub(super) fn chapter_heading(text: &str) -> Option<String> {
    let (_, rest) = numeral_prefix(text)?;
    (!rest.is_empty() && rest.chars().count() <= 60 && !rest.contains('。'))
        .then(|| rest.to_string())
}

/// `一、做好财政信息公开。`: the numeral and the rest (trimmed), whatever
/// follows; a table writes its tasks so.
pub(super) fn numeral_prefix(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    let rest = t.trim_start_matches(|c: char| NUMERALS.contains(c));
    if rest.len() == t.len() {
        return None;
    }
    let numeral = &t[..t.len() - rest.len()];
    let rest = rest.strip_prefix(['、', '.', '．'])?;
    Some((numeral.to_string(), rest.trim()))
}

/// A chapter heading that a table cell ends with a full stop
/// (`一、以公开助力经济平稳健康发展。`).
pub(super) fn heading_cell(text: &str) -> Option<String> {
    chapter_heading(text.trim().trim_end_matches('。'))
}

/// A task number at the start: `(一)`, `（一）`, `1.`, `1、`, `(1)`, `1)`;
/// the number as written and the rest.
pub(super) fn task_number(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    if let Some(inner) = t.strip_prefix(['(', '（']) {
        let end = inner.find([')', '）'])?;
        let n = &inner[..end];
        let numeral = !n.is_empty()
            && n.chars().count() <= 3
            && n.chars()
                .all(|c| c.is_ascii_digit() || NUMERALS.contains(c));
        let rest = &inner[end + inner[end..].chars().next()?.len_utf8()..];
        return numeral.then(|| (format!("（{n}）"), rest.trim_start()));
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = t[digits.len()..].strip_prefix(['.', '、', '．', ')', '）'])?;
    // `2019年…` is a date, not a number.
    (!rest.is_empty()).then(|| (digits, rest.trim_start()))
}

/// A cell holding nothing but a number (`1`, `12`): the 序号 of a row.
pub(super) fn bare_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', '、']);
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// A time limit as plans write it: a date before which (`2019年11月底前`,
/// `6月30日前`, `年底前`), or a term (`持续推进`, `长期坚持`, `按市里统一
/// 安排`, `每季度`). The phrase found in `text`, if any.
pub(super) fn deadline_in(text: &str) -> Option<String> {
    const TERMS: &[&str] = &[
        "持续推进",
        "长期坚持",
        "长期",
        "常态化推进",
        "每季度",
        "每月",
        "每年",
        "年底前",
        "年内",
        "上半年",
        "下半年",
    ];
    if let Some(p) = dated_limit(text) {
        return Some(p);
    }
    if let Some(i) = text.find("按").filter(|_| text.contains("统一安排")) {
        let tail = &text[i..];
        let end = tail.find("统一安排")? + "统一安排".len();
        let phrase = &tail[..end];
        if phrase.chars().count() <= 12 {
            return Some(phrase.to_string());
        }
    }
    let short = text.trim().chars().count() <= 12;
    TERMS
        .iter()
        .find(|t| {
            if short {
                text.contains(**t)
            } else {
                text.trim() == **t
            }
        })
        .map(|t| t.to_string())
}

/// `YYYY年M月(底|上旬|中旬|下旬|D日)?前` or `M月(…)前`: the phrase.
fn dated_limit(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '前' {
            continue;
        }
        // Walk back over the date: digits, 年, 月, 日, 底, 旬 and 上中下.
        let mut j = i;
        while j > 0 && (chars[j - 1].is_ascii_digit() || "年月日底旬上中下".contains(chars[j - 1]))
        {
            j -= 1;
        }
        let phrase: String = chars[j..=i].iter().collect();
        let has_month = phrase.contains('月');
        let starts_digit = chars.get(j).is_some_and(char::is_ascii_digit);
        if (has_month && starts_digit) || phrase.ends_with("年底前") {
            return Some(phrase);
        }
    }
    None
}

/// Vowels with a tone mark: what tells a pinyin gloss from a bracketed word.
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";

/// The text without pinyin glosses: copies of plans converted to traditional
/// characters by some sites carry the reading of a character in brackets
/// after it (`責(zé)任單位`, `發(fā)改委`). A gloss is a bracket right after a
/// Chinese character holding up to seven lower-case letters, one of them
/// with a tone mark; it is no part of the plan, and left in it would split
/// unit names and hide the final bracket of units.
pub(super) fn strip_glosses(text: &str) -> String {
    if !text.contains('(') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('(') {
        let (before, tail) = rest.split_at(i);
        out.push_str(before);
        let after_han = out.chars().last().is_some_and(|c| !c.is_ascii());
        match gloss_len(&tail[1..]) {
            Some(n) if after_han => rest = &tail[1 + n + 1..],
            _ => {
                out.push('(');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length in bytes of a gloss's letters when `s` (after the opening
/// bracket) is one, up to its closing bracket.
fn gloss_len(s: &str) -> Option<usize> {
    let end = s.find(')')?;
    let inner = &s[..end];
    let letters = inner.chars().count();
    let ok = (1..=7).contains(&letters)
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || TONED.contains(c) || c == 'ü')
        && inner.chars().any(|c| TONED.contains(c));
    ok.then_some(end)
}

/// At most `n` characters of `text`, with an ellipsis when cut.
pub(super) fn short(text: &str, n: usize) -> String {
    let s: String = text.chars().take(n).collect();
    if s.len() < text.len() {
        format!("{s}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glosses_after_characters_are_dropped_and_other_brackets_kept() {
        assert_eq!(
            strip_glosses("(牽頭單位:市發(fā)改委;責(zé)任單位:市直各部門)"),
            "(牽頭單位:市發改委;責任單位:市直各部門)"
        );
        // No tone mark, after a digit, or a word: not a gloss.
        assert_eq!(strip_glosses("附件(pdf)"), "附件(pdf)");
        assert_eq!(strip_glosses("2019(2)号"), "2019(2)号");
        assert_eq!(strip_glosses("各县(区)政府"), "各县(区)政府");
    }

    #[test]
    fn numbers_and_headings_as_tables_write_them() {
        assert_eq!(
            heading_cell("一、以公开助力经济平稳健康发展。").as_deref(),
            Some("以公开助力经济平稳健康发展")
        );
        assert_eq!(
            numeral_prefix("二、做好政府网站专栏信息公开。"),
            Some(("二".to_string(), "做好政府网站专栏信息公开。"))
        );
        assert!(bare_number("12"));
        assert!(!bare_number("2019年"));
    }
}
