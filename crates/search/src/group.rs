//! A synonym group as an agency's administrator types it (同义词组, e.g.
//! `白交局/白沙县交通运输局`), checked with a Chinese message for each
//! mistake: what a term may be is the search's business (a term with a
//! space would never match, since the query splits words at spaces; a
//! single character would expand almost every query).

use crate::fold::fold_text;

/// Most terms in one group.
pub const GROUP_TERMS_MAX: usize = 10;
/// Longest term, in characters.
pub const TERM_CHARS_MAX: usize = 20;
/// Shortest term, in characters.
pub const TERM_CHARS_MIN: usize = 2;

/// What separates the terms of a group as typed.
const SEPARATORS: [char; 8] = ['/', '／', '、', ',', '，', ';', '；', '|'];

/// Characters a term may hold besides letters and digits (汉字 are letters).
const ALLOWED_MARKS: [char; 2] = ['-', '·'];

/// The terms of the group `text` (trimmed, as typed), or what is wrong.
pub fn parse_group(text: &str) -> Result<Vec<String>, String> {
    if text.trim().is_empty() {
        return Err(
            "请填写同义词组：两个或更多意思相同的词，用“/”或“、”分开，如“网约车/网络预约出租汽车”。"
                .into(),
        );
    }
    let mut terms: Vec<String> = Vec::new();
    for (n, piece) in text.split(SEPARATORS).enumerate() {
        let term = piece.trim();
        check_term(n + 1, term)?;
        if let Some(same) = terms.iter().find(|t| fold_text(t) == fold_text(term)) {
            return Err(format!(
                "“{same}”和“{term}”是同一个词（繁体与简体、全角与半角视为相同），请删去其中一个。"
            ));
        }
        terms.push(term.to_string());
    }
    if terms.len() < 2 {
        return Err(
            "一组至少要有两个词（如“网约车/网络预约出租汽车”），词与词之间用“/”或“、”分开。".into(),
        );
    }
    if terms.len() > GROUP_TERMS_MAX {
        return Err(format!(
            "一组最多{GROUP_TERMS_MAX}个词，现有{}个：请把意思不同的词分成几组。",
            terms.len()
        ));
    }
    Ok(terms)
}

fn check_term(n: usize, term: &str) -> Result<(), String> {
    if term.is_empty() {
        return Err(format!(
            "第{n}个词是空的：两个分隔符之间或开头、末尾没有内容，请删去多余的“/”或“、”。"
        ));
    }
    if term.chars().any(char::is_whitespace) {
        return Err(format!(
            "“{term}”中间有空格：检索时空格分开的是两个词，请去掉空格，或用“/”把它们分成两个词。"
        ));
    }
    let chars = term.chars().count();
    if chars > TERM_CHARS_MAX {
        return Err(format!(
            "“{term}”过长（{chars}个字）：每个词不超过{TERM_CHARS_MAX}个字。"
        ));
    }
    if let Some(c) = term
        .chars()
        .find(|c| !c.is_alphanumeric() && !ALLOWED_MARKS.contains(c))
    {
        return Err(format!(
            "“{term}”含有符号“{c}”：词只能由汉字、字母和数字组成。"
        ));
    }
    if chars < TERM_CHARS_MIN {
        return Err(format!(
            "“{term}”只有一个字：单字会匹配过多的信息，每个词至少{TERM_CHARS_MIN}个字。"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_split_at_any_separator_and_trimmed() {
        assert_eq!(
            parse_group(" 白交局 / 白沙县交通运输局、交通局 ").unwrap(),
            vec!["白交局", "白沙县交通运输局", "交通局"]
        );
        assert_eq!(
            parse_group("12345热线，市民热线").unwrap(),
            vec!["12345热线", "市民热线"]
        );
    }

    #[test]
    fn each_mistake_has_its_message() {
        let cases = [
            ("", "请填写同义词组"),
            ("网约车//网络预约出租汽车", "第2个词是空的"),
            ("网约车/", "第2个词是空的"),
            ("网约 车/网络预约出租汽车", "“网约 车”中间有空格"),
            (
                "网约车/网络预约出租汽车经营服务管理暂行办法实施细则",
                "“网络预约出租汽车经营服务管理暂行办法实施细则”过长（22个字）",
            ),
            ("网约车/网络“预约”", "含有符号““”"),
            ("车/汽车", "“车”只有一个字"),
            ("网约车", "一组至少要有两个词"),
            ("网约车/網約車", "“网约车”和“網約車”是同一个词"),
            (
                "甲乙/丙丁/戊己/庚辛/壬癸/子丑/寅卯/辰巳/午未/申酉/戌亥",
                "一组最多10个词，现有11个",
            ),
        ];
        for (typed, want) in cases {
            let e = parse_group(typed).unwrap_err();
            assert!(e.contains(want), "{typed}: {e}");
        }
    }

    #[test]
    fn the_limits_themselves_pass() {
        let twenty = "一二三四五六七八九十一二三四五六七八九十";
        assert_eq!(twenty.chars().count(), TERM_CHARS_MAX);
        assert!(parse_group(&format!("{twenty}/简称")).is_ok());
        let ten: Vec<String> = (0..10).map(|i| format!("词语{i}")).collect();
        assert_eq!(parse_group(&ten.join("/")).unwrap().len(), GROUP_TERMS_MAX);
    }
}
