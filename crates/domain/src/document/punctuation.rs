//! Punctuation where a template joins a person's text: a clerk writes a
//! reason as a sentence (“……需要调取档案逐一核查。”) and the template goes on
//! after it (“因{{reasoning}}，本机关……”); printed as is, the letter would read
//! “核查。，本机关”. The template's mark wins, doubled marks left by an empty
//! value collapse, and a paragraph that ends with a value ends with a full
//! stop (GB/T 15834-2011 《标点符号用法》: one mark at the end of a sentence).

/// Marks that may end a value and give way to the template's mark after it.
const VALUE_END: [char; 13] = [
    '。', '．', '.', '；', ';', '，', ',', '！', '!', '？', '?', '：', ':',
];

/// Chinese punctuation that, right after a placeholder, replaces the value's
/// own end marks: sentence and clause marks, closing brackets and quotes.
const TEMPLATE_NEXT: [char; 15] = [
    '。', '，', '、', '；', '：', '！', '？', '）', '》', '】', '」', '』', '”', '’', '．',
];

/// Marks that end a sentence: a paragraph ending with one needs no full stop.
const SENTENCE_END: [char; 8] = ['。', '．', '！', '？', '!', '?', '…', '：'];

/// Clause marks that cannot end a paragraph; one there becomes a full stop.
const CLAUSE_END: [char; 5] = ['，', ',', '；', ';', '、'];

/// A piece of a template line: its own text or a filled-in value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece<'a> {
    Text(&'a str),
    Value(&'a str),
}

/// How strongly a mark separates, for collapsing two into one: the stronger
/// stays (。 over ； over ， and 、).
fn strength(c: char) -> Option<u8> {
    match c {
        '。' | '！' | '？' => Some(3),
        '；' => Some(2),
        '，' | '、' => Some(1),
        _ => None,
    }
}

/// Joins the pieces of a line. After a value, template text that starts with
/// one of [`TEMPLATE_NEXT`] drops the value's end marks ([`VALUE_END`]): “金额。”
/// before “。” gives “金额。”, “完成。” before “，本机关” gives “完成，本机关”. An
/// empty value between two marks (“，{{x}}，”, “。{{x}}，”) leaves one, the
/// stronger.
pub(super) fn join(pieces: &[Piece<'_>]) -> String {
    let mut out = String::new();
    let mut after_value: Option<&str> = None;
    for piece in pieces {
        match *piece {
            Piece::Value(v) => {
                out.push_str(v);
                after_value = Some(v);
            }
            Piece::Text(t) => {
                let t = match after_value {
                    Some(v) => mend_join(&mut out, v, t),
                    None => t,
                };
                out.push_str(t);
                after_value = None;
            }
        }
    }
    out
}

/// Mends the joint of `out` (ending with `value`) and the template text `next`;
/// returns what of `next` to append.
fn mend_join<'t>(out: &mut String, value: &str, next: &'t str) -> &'t str {
    let Some(first) = next.chars().next() else {
        return next;
    };
    if !TEMPLATE_NEXT.contains(&first) {
        return next;
    }
    let kept = value.trim_end_matches(VALUE_END);
    out.truncate(out.len() - (value.len() - kept.len()));
    if !kept.is_empty() {
        return next;
    }
    // The value was empty (or only marks): the template's text before and
    // after it meet; of two marks keep the stronger.
    let (Some(before), Some(after)) = (out.chars().last().and_then(strength), strength(first))
    else {
        return next;
    };
    if before >= after {
        &next[first.len_utf8()..]
    } else {
        out.pop();
        next
    }
}

/// Ends a paragraph that ends with a value as a sentence: a clause mark at
/// the end becomes 。, an ASCII full stop after Chinese text becomes 。, and
/// 。 is added when no sentence mark ends it ([`SENTENCE_END`]).
pub(super) fn close_sentence(text: &mut String) {
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    let Some(last) = text.chars().last() else {
        return;
    };
    if SENTENCE_END.contains(&last) {
        return;
    }
    if CLAUSE_END.contains(&last) || (last == '.' && after_chinese(text)) {
        text.pop();
    } else if last == '.' {
        return;
    }
    text.push('。');
}

/// Whether the character before the final one is not ASCII (so a final `.`
/// ends Chinese text, not an abbreviation or a number).
fn after_chinese(text: &str) -> bool {
    text.chars().rev().nth(1).is_some_and(|c| !c.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(pieces: &[Piece<'_>]) -> String {
        join(pieces)
    }

    use Piece::{Text, Value};

    #[test]
    fn the_templates_mark_replaces_the_values_end_mark() {
        assert_eq!(
            joined(&[Text("应缴金额："), Value("共计5500元。"), Text("。")]),
            "应缴金额：共计5500元。"
        );
        assert_eq!(
            joined(&[
                Text("因"),
                Value("涉及档案较多，短期内难以完成。"),
                Text("，本机关不能在上述期限内作出答复。")
            ]),
            "因涉及档案较多，短期内难以完成，本机关不能在上述期限内作出答复。"
        );
        assert_eq!(
            joined(&[Text("获取方式："), Value("电子邮件；"), Text("。")]),
            "获取方式：电子邮件。"
        );
        assert_eq!(
            joined(&[Text("理由是“"), Value("不同意公开！"), Text("”。")]),
            "理由是“不同意公开”。"
        );
        assert_eq!(
            joined(&[Text("方式："), Value("请查收附件.."), Text("。")]),
            "方式：请查收附件。"
        );
    }

    #[test]
    fn values_without_end_marks_or_before_other_text_stay_as_they_are() {
        assert_eq!(
            joined(&[Text("因"), Value("档案较多"), Text("，本机关")]),
            "因档案较多，本机关"
        );
        // Text after the value that is not punctuation: the value keeps its mark.
        assert_eq!(
            joined(&[Value("已公开。"), Text("请查阅。")]),
            "已公开。请查阅。"
        );
        // An opening bracket does not replace a full stop.
        assert_eq!(
            joined(&[Value("已公开。"), Text("（附件一）")]),
            "已公开。（附件一）"
        );
        // A value at the end of the line keeps its mark.
        assert_eq!(
            joined(&[Text("理由如下："), Value("属于商业秘密。")]),
            "理由如下：属于商业秘密。"
        );
    }

    #[test]
    fn an_empty_value_between_two_marks_leaves_the_stronger() {
        assert_eq!(
            joined(&[Text("文号："), Value("白交发〔2024〕15号"), Text("，")]),
            "文号：白交发〔2024〕15号，"
        );
        assert_eq!(
            joined(&[Text("已受理，"), Value(""), Text("，请等待。")]),
            "已受理，请等待。"
        );
        assert_eq!(
            joined(&[Text("已受理。"), Value(""), Text("。")]),
            "已受理。"
        );
        assert_eq!(
            joined(&[Text("已受理。"), Value(""), Text("，请等待。")]),
            "已受理。请等待。"
        );
        assert_eq!(
            joined(&[Text("已受理，"), Value(""), Text("。")]),
            "已受理。"
        );
        assert_eq!(
            joined(&[Text("已受理；"), Value(""), Text("。")]),
            "已受理。"
        );
        // A value of marks only counts as empty.
        assert_eq!(
            joined(&[Text("已受理，"), Value("。"), Text("，请等待。")]),
            "已受理，请等待。"
        );
    }

    #[test]
    fn a_paragraph_ending_with_a_value_ends_with_one_full_stop() {
        let closed = |s: &str| {
            let mut s = s.to_string();
            close_sentence(&mut s);
            s
        };
        assert_eq!(
            closed("理由如下：所提供信息共3页"),
            "理由如下：所提供信息共3页。"
        );
        assert_eq!(closed("所提供信息共3页。"), "所提供信息共3页。");
        assert_eq!(closed("所提供信息共3页，"), "所提供信息共3页。");
        assert_eq!(closed("所提供信息共3页；  "), "所提供信息共3页。");
        assert_eq!(closed("所提供信息共3页."), "所提供信息共3页。");
        assert_eq!(closed("是否同意？"), "是否同意？");
        assert_eq!(
            closed("白云区住房和城乡建设局（电话：020-87654321）"),
            "白云区住房和城乡建设局（电话：020-87654321）。"
        );
        assert_eq!(closed("见附件No.3"), "见附件No.3。");
        assert_eq!(closed("Co., Ltd."), "Co., Ltd.");
        assert_eq!(closed(""), "");
    }
}
