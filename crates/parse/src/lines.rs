//! The one intermediate form every input is turned into: lines of text, and
//! table rows whose cells are known.

use crate::Location;

/// One cell of a line, as written (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// 1-based cell number in a delimited line.
    pub cell: Option<usize>,
}

/// A line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source.
    pub no: usize,
    /// Whether the cell boundaries are known (`|` or tab separated text, an
    /// HTML or DOCX table row): then an empty cell is a blank cell. In a
    /// plain line a blank is only spacing.
    pub delimited: bool,
    pub pieces: Vec<Piece>,
    /// The block of the page the line stands in (HTML: the cell of a layout
    /// table; 0 elsewhere). A part's text stays within its heading's block,
    /// so a sidebar beside the report is not read into it.
    pub region: usize,
}

impl Line {
    pub fn plain(no: usize, text: &str) -> Line {
        Line {
            no,
            region: 0,
            delimited: false,
            pieces: vec![Piece {
                text: text.trim().to_string(),
                cell: None,
            }],
        }
    }

    pub fn row(no: usize, cells: Vec<String>) -> Line {
        Line {
            no,
            region: 0,
            delimited: true,
            pieces: cells
                .into_iter()
                .enumerate()
                .map(|(i, t)| Piece {
                    text: t.trim().to_string(),
                    cell: Some(i + 1),
                })
                .collect(),
        }
    }

    pub fn location(&self, piece: usize) -> Location {
        Location {
            line: self.no,
            cell: self.pieces.get(piece).and_then(|p| p.cell),
        }
    }

    /// The whole line's text (cells joined by ` | `).
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    }

    pub fn is_blank(&self) -> bool {
        self.pieces.iter().all(|p| p.text.is_empty())
    }
}

/// More cells than any table of the report has (table 四: 15, with label
/// and merge blanks well under this): a line with more is not a table row.
pub const MAX_CELLS: usize = 64;

/// Lines read from one input: a report has a few hundred; a file with more
/// than this is read up to here and says so (this bounds time and memory on
/// any input).
pub const MAX_LINES: usize = 200_000;

/// Whether a lone `|` after `previous` ends `previous`'s cell: it does after
/// a short line without separators that is not a heading (a heading then a
/// lone `|` opens a row, as copies that mark each row with `|` write it).
/// After a heading it does too when the text writes every cell's bar on a
/// line of its own: the next line is a cell without a bar and a lone bar
/// follows it (`一、本年新收…` `|` `0` `|`), as the next cell's does.
fn closes_cell(previous: Option<&Line>, next: &[&str]) -> bool {
    let Some(p) = previous else { return false };
    let text = p.text();
    let heading = text.chars().nth(1) == Some('、') || text.starts_with(['（', '(']);
    let bar_lines = match next {
        [cell, bar, ..] => {
            let cell = cell.trim();
            !cell.is_empty() && !cell.contains(['|', '｜', '\t']) && lone_bar(bar)
        }
        _ => false,
    };
    !p.delimited && (!heading || bar_lines) && text.chars().count() <= 40
}

fn lone_bar(raw: &str) -> bool {
    matches!(
        raw.trim_matches(|c: char| c == ' ' || c == '\u{3000}' || c == '\r'),
        "|" | "｜"
    )
}

/// Splits plain text into lines: a line with `|` or a tab is a table row
/// (a trailing `|` ends the row and does not open a cell; a leading one does
/// not either), any other line is text.
pub fn text_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let raws: Vec<&str> = text.lines().collect();
    for (i, raw) in raws.iter().enumerate() {
        if out.len() > MAX_LINES {
            break;
        }
        let no = i + 1;
        let separators =
            raw.bytes().filter(|b| *b == b'|' || *b == b'\t').count() + raw.matches('｜').count();
        if separators > 0 && separators <= MAX_CELLS {
            let t = raw.trim_matches(|c: char| c == ' ' || c == '\u{3000}' || c == '\r');
            if matches!(t, "|" | "｜") && closes_cell(out.last(), &raws[i + 1..]) {
                // `行政规范性文件` then `|` alone: the label's cell ended on the
                // next line (tables flattened one cell per line), not an
                // empty cell of its own.
                if let Some(label) = out.pop() {
                    out.push(Line::row(label.no, vec![label.text()]));
                }
                continue;
            }
            let t = t.strip_prefix(['|', '｜']).unwrap_or(t);
            let t = t.strip_suffix(['|', '｜']).unwrap_or(t);
            let cells: Vec<String> = t.split(['|', '｜', '\t']).map(|c| c.to_string()).collect();
            out.push(Line::row(no, cells));
        } else if !raw.trim().is_empty() {
            out.push(Line::plain(no, raw));
        }
    }
    mark_cut_number(text, &mut out);
    out
}

/// A text that stops in the middle of its last line (a stored copy cut off)
/// and ends with a bare number: the number may be the start of more (`2` of
/// `2.其他法律行政法规禁止公开`, `1` of `12`), not a cell. It is marked
/// cut (`2…`), so no row takes it as a value.
fn mark_cut_number(text: &str, out: &mut [Line]) {
    if text.ends_with(['\n', '\r']) || out.len() > MAX_LINES {
        return;
    }
    if let Some(last) = out
        .last_mut()
        .filter(|l| !l.delimited && l.pieces.len() == 1)
        && let Some(p) = last.pieces.first_mut()
        && !p.text.is_empty()
        && p.text.bytes().all(|b| b.is_ascii_digit())
    {
        p.text.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(l: &Line) -> Vec<&str> {
        l.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_lone_bar_after_a_label_ends_the_labels_cell() {
        // A table flattened one cell per line, the label's `|` on a line of
        // its own: four cells, not a label and an empty cell.
        let lines = text_lines("行政规范性文件\n|\n0 |\n0 |\n0 |");
        let rows: Vec<Vec<&str>> = lines.iter().map(cells).collect();
        assert_eq!(
            rows,
            vec![vec!["行政规范性文件"], vec!["0"], vec!["0"], vec!["0"]]
        );
        assert!(lines[0].delimited);
        assert_eq!(lines[0].no, 1);
    }

    #[test]
    fn a_lone_bar_after_a_heading_or_a_cell_stays_a_row_of_its_own() {
        // A heading then `|` (copies marking each row with a bar), and `|`
        // after a cell (an empty cell): kept as they are.
        let lines = text_lines("二、主动公开政府信息情况\n|\n行政处罚 |\n|\n+239 |");
        let rows: Vec<Vec<&str>> = lines.iter().map(cells).collect();
        assert_eq!(
            rows,
            vec![
                vec!["二、主动公开政府信息情况"],
                vec![""],
                vec!["行政处罚"],
                vec![""],
                vec!["+239"]
            ]
        );
        assert!(!lines[0].delimited);
    }
}
