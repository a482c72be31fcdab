//! Pages a crawler flattened into one line, the tables' labels and digits
//! run together (`规章000规范性文件898989…一、本年新收政府信息公开申请数量
//! 230 000023二、上年结转…`). The line is cut at the labels the two formats
//! print (table 二's blocks and rows, table 三's headings and rows, table
//! 四's first heading), so that each label stands before its own run of
//! digits, as if the table had been written one cell per line. Table 三's
//! label and run stay one token: the glued-row splitter reads it. Nothing
//! here decides a cell; it only finds where labels begin.

use gongkai_domain::identity::half_width;
use gongkai_domain::report::Cell;
use gongkai_domain::vocabulary::ReportFormat;

use super::{CELL_CHARS, Tok, tok};
use crate::norm::label_key;

/// How far after the first table label the tables are looked for: real
/// tables 二 to 四 take 3–4 KB; the cap bounds the search on hostile input.
const WINDOW: usize = 32 * 1024;

/// Long lines of one input that name a table and are tried (a page
/// flattened is one line, or a few if the crawler kept some line ends);
/// the cap bounds the work on hostile input.
pub(super) const MAX_LINES_TRIED: usize = 16;

/// Cuts kept at most (a table has about 60 labels; more is not a table).
const MAX_CUTS: usize = 200;

/// What a label is, which decides how its run of digits is tokenised.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// Table 二's block heading or a row: the label, then its run of
    /// digits as a token of its own.
    Apart,
    /// Table 四's heading: its header, then its run of digits, the last
    /// cells of the tables (what follows is prose).
    Table4,
    /// Table 三's row or heading: the label and its digits as one token,
    /// which the glued-row splitter reads.
    Glued,
}

/// The labels a line is cut at, as keys, each with its kind (built once).
fn labels() -> &'static [(String, Kind)] {
    static LABELS: std::sync::OnceLock<Vec<(String, Kind)>> = std::sync::OnceLock::new();
    LABELS.get_or_init(build_labels)
}

fn build_labels() -> Vec<(String, Kind)> {
    let mut out: Vec<(String, Kind)> = Vec::new();
    let mut add = |k: String, kind: Kind| {
        if !k.is_empty() && !out.iter().any(|(x, _)| *x == k) {
            out.push((k, kind));
        }
    };
    for format in ReportFormat::ALL {
        for b in format.table2_blocks() {
            add(label_key(b.block), Kind::Apart);
            for r in b.rows {
                add(label_key(r), Kind::Apart);
            }
        }
        for r in format.table3_rows() {
            for level in r.label.split('/') {
                add(label_key(level), Kind::Glued);
            }
        }
    }
    add("行政复议行政诉讼".into(), Kind::Table4);
    out
}

/// The text's letters, digits and Chinese characters as a label key has
/// them (half-width, lower case), each with its byte offset in the text.
fn projection(text: &str) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let c = half_width(c);
        let kept = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
        };
        if kept {
            let c = c.to_ascii_lowercase();
            s.push(c);
            at.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
    }
    (s, at)
}

/// A cut: where a label begins and ends in the text, and its kind.
struct Cut {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The labels found in `text` (offsets into it), earliest first; where two
/// overlap, the one that starts first (or the longer) stands.
fn cuts(text: &str) -> Vec<Cut> {
    let (proj, at) = projection(text);
    let mut found: Vec<(usize, usize, Kind)> = Vec::new();
    for (k, kind) in labels() {
        for (i, _) in proj.match_indices(k.as_str()) {
            found.push((i, i + k.len(), *kind));
            if found.len() > 4 * MAX_CUTS {
                return Vec::new();
            }
        }
    }
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<Cut> = Vec::new();
    let mut last_end = 0;
    for (s, e, kind) in found {
        if s < last_end {
            continue;
        }
        last_end = e;
        // The end in the text: after the last character of the label.
        // The label's brackets and quotes, which the key leaves out, are
        // its own: `（一）予以公开`, `3.危及“三安全一稳定”`.
        let mut start = at[s];
        if let Some(c) = text[..start].chars().next_back()
            && matches!(c, '（' | '(')
        {
            start -= c.len_utf8();
        }
        let end_char = at[e - 1];
        let mut end = end_char + text[end_char..].chars().next().map_or(0, char::len_utf8);
        end += text[end..]
            .chars()
            .take_while(|c| matches!(c, '”' | '"' | '’' | '」'))
            .map(char::len_utf8)
            .sum::<usize>();
        out.push(Cut { start, end, kind });
        if out.len() >= MAX_CUTS {
            break;
        }
    }
    out
}

/// The end of a note in brackets right at the start of `rest`
/// (`（区分处理的，只计这一情形，不计其他情形）`), if there is one.
fn note_end(rest: &str) -> usize {
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    if !trimmed.starts_with(['（', '(']) {
        return 0;
    }
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices().take(2 * CELL_CHARS) {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => {
                depth -= 1;
                if depth == 0 {
                    return lead + i + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    0
}

/// The run of digits at the start of `rest` (spaces, a decimal point or a
/// minus sign within it): its start and end, if it holds a digit.
fn digit_run(rest: &str) -> Option<(usize, usize)> {
    let start = rest.len() - rest.trim_start().len();
    let mut end = start;
    for (i, c) in rest[start..].char_indices() {
        if c.is_ascii_digit() {
            end = start + i + 1;
        } else if !matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '.' | '-' | '－') {
            break;
        }
    }
    (end > start && rest[start..end].starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        .then_some((start, end))
}

/// The first run of digits in `rest` (table 四's cells after its header).
fn first_run(rest: &str) -> Option<(usize, usize)> {
    let i = rest.find(|c: char| c.is_ascii_digit())?;
    let (s, e) = digit_run(&rest[i..])?;
    Some((i + s, i + e))
}

/// Where the first table begins in a line long enough to hold them all.
pub(super) fn anchor(text: &str) -> Option<usize> {
    if text.len() <= 4 * CELL_CHARS {
        return None;
    }
    ["第二十条第", "本年新收"]
        .iter()
        .filter_map(|a| text.find(a))
        .min()
}

/// Tokenises a line whose tables a crawler ran into one line; `false`
/// (nothing added) when the line is not one.
pub(super) fn cut_line<'a>(
    line: usize,
    piece: usize,
    text: &'a str,
    out: &mut Vec<Tok<'a>>,
) -> bool {
    let Some(anchor) = anchor(text) else {
        return false;
    };
    // A little before the anchor: its numbering (`一、本年新收`).
    let mut from = anchor.saturating_sub(12);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (anchor + WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let window = &text[from..to];
    let found = cuts(window);
    // A table has dozens of labels; a few are a sentence naming them.
    if found.len() < 8 {
        return false;
    }
    // Text between labels, offsets within the window.
    let push = |s: usize, e: usize, out: &mut Vec<Tok<'a>>| {
        let piece_text = text[from + s..from + e].trim();
        if !piece_text.is_empty() {
            out.push(tok(line, piece, piece_text, false));
        }
    };
    let before = text[..from + found[0].start].trim();
    if !before.is_empty() {
        out.push(tok(line, piece, before, false));
    }
    for (k, c) in found.iter().enumerate() {
        let next = found.get(k + 1).map_or(window.len(), |n| n.start);
        let rest = &window[c.end..next];
        let note = note_end(rest);
        let after = &rest[note..];
        let run = digit_run(after).map(|(s, e)| (c.end + note + s, c.end + note + e));
        let mut tail = c.end;
        match (c.kind, run) {
            (Kind::Glued, Some((_, e))) => {
                push(c.start, e, out);
                tail = e;
            }
            (_, Some((s, e))) => {
                push(c.start, s, out);
                runs(line, piece, &window[s..e], out);
                tail = e;
            }
            (_, None) => push(c.start, c.end + note, out),
        }
        if tail == c.end {
            tail = c.end + note;
        }
        // Text after the run (a header, a heading), and in it the first
        // run of cells (table 四's fifteen after its header).
        let rest = &window[tail..next];
        match first_run(rest) {
            Some((s, e)) if c.kind == Kind::Table4 => {
                push(tail, tail + s, out);
                runs(line, piece, &rest[s..e], out);
                // The rest is prose: labels named there are no cells.
                push(tail + e, window.len(), out);
                break;
            }
            _ => push(tail, next, out),
        }
    }
    if to < text.len() {
        push(to - from, text.len() - from, out);
    }
    true
}

/// A run of digits as value tokens, one per word (the words' spaces are the
/// crawler's, not the table's: the readers join them again).
fn runs<'a>(line: usize, piece: usize, run: &'a str, out: &mut Vec<Tok<'a>>) {
    for w in run.split_whitespace() {
        let mut t = tok(line, piece, w, false);
        t.run = true;
        // Not one number (`2648-18538`, too many digits): still the row's
        // cells, for the readers to split or name ambiguous.
        if t.value.is_none() {
            t.value = Some(Cell::Text(w.to_string()));
        }
        out.push(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_where_they_begin_even_after_digits() {
        // `00000002.其他…`: the label begins at its numbering `2`.
        let text = "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000";
        let starts: Vec<&str> = cuts(text).iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(
            starts,
            vec![
                "（三）不予公开",
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开"
            ]
        );
    }

    #[test]
    fn a_note_and_spaces_are_stepped_over_to_the_run() {
        assert_eq!(note_end("（区分处理的，只计这一情形）500000 5"), 42);
        assert_eq!(digit_run("500000 5（三）"), Some((0, 8)));
        assert_eq!(digit_run(" 2648-18538行政"), Some((1, 11)));
        assert_eq!(digit_run("元"), None);
    }
}
