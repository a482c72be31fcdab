//! An HTML page's data tables written out in full before the page is read:
//! a cell with `rowspan` is repeated in each row it spans and a cell with
//! `colspan` in each column, so that every row has a cell in every column
//! and a merged 工作任务 applies to every requirement beside it. The page
//! reader (`crate::html`) gives a merged cell once, as a copied page does;
//! a plan's table needs to know which column a cell stands in.
//!
//! The rewrite works on the bytes (tags are ASCII in UTF-8 and GB18030
//! alike), copies a cell's content with its line ends turned to spaces (the
//! lines of the page keep their numbers), and touches only tables without a
//! table inside (those are data; the others are layout, read as text).

use std::borrow::Cow;

use crate::lines::MAX_CELLS;

/// Rows a `rowspan` may cover (a larger value is a mistake, not a table).
const MAX_SPAN_ROWS: usize = 1000;

/// The page with its data tables' merged cells written out, or the page
/// itself when it has none.
pub(super) fn expand(bytes: &[u8]) -> Cow<'_, [u8]> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16
        || !(find_ci(bytes, 0, b"rowspan").is_some() || find_ci(bytes, 0, b"colspan").is_some())
    {
        return Cow::Borrowed(bytes);
    }
    let mut inserts = scan(bytes);
    if inserts.is_empty() {
        return Cow::Borrowed(bytes);
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out =
        Vec::with_capacity(bytes.len() + inserts.iter().map(|(_, b)| b.len()).sum::<usize>());
    let mut from = 0;
    for (at, piece) in inserts {
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(&piece);
        from = at;
    }
    out.extend_from_slice(&bytes[from..]);
    Cow::Owned(out)
}

/// Where `needle` (lower case) occurs in `hay` from `from` on, ignoring
/// ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

struct Cell {
    start: usize,
    open_end: usize,
    content_end: Option<usize>,
    end: Option<usize>,
    rows: usize,
    cols: usize,
}

struct Row {
    open_end: usize,
    cells: Vec<Cell>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
    nested: bool,
}

impl Table {
    /// Ends the open cell (a cell without `</td>` ends where the next tag
    /// of the table begins).
    fn close_cell(&mut self, at: usize) {
        if let Some(c) = self.rows.last_mut().and_then(|r| r.cells.last_mut())
            && c.content_end.is_none()
        {
            c.content_end = Some(at);
            c.end = Some(at);
        }
    }

    /// The cells to insert: `(position, markup)`.
    fn fill(&self, bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
        let mut out = Vec::new();
        // Per column: rows still covered, and the content covering them.
        let mut pending: Vec<Option<(usize, usize, usize)>> = Vec::new();
        let take = |pending: &mut Vec<Option<(usize, usize, usize)>>, col: usize| {
            let p = pending.get_mut(col).and_then(Option::take)?;
            if p.0 > 1 {
                pending[col] = Some((p.0 - 1, p.1, p.2));
            }
            Some(copy(bytes, p.1, p.2))
        };
        for row in &self.rows {
            let mut col = 0;
            let mut last_end = row.open_end;
            for cell in &row.cells {
                while let Some(piece) = take(&mut pending, col) {
                    out.push((cell.start, piece));
                    col += 1;
                }
                let (from, end) = (cell.open_end, cell.end.unwrap_or(cell.open_end));
                let to = cell.content_end.unwrap_or(from);
                for _ in 1..cell.cols {
                    out.push((end, copy(bytes, from, to)));
                }
                if cell.rows > 1 {
                    if pending.len() < col + cell.cols {
                        pending.resize(col + cell.cols, None);
                    }
                    for slot in &mut pending[col..col + cell.cols] {
                        *slot = Some((cell.rows - 1, from, to));
                    }
                }
                col += cell.cols;
                last_end = end;
            }
            // Covered columns after the row's last cell; a column between
            // them that nothing covers gets an empty cell.
            let last = pending.iter().rposition(Option::is_some);
            while last.is_some_and(|l| col <= l) {
                let piece = take(&mut pending, col).unwrap_or_else(|| b"<td></td>".to_vec());
                out.push((last_end, piece));
                col += 1;
            }
        }
        out
    }
}

/// A cell holding the content `bytes[from..to]`, its line ends as spaces.
fn copy(bytes: &[u8], from: usize, to: usize) -> Vec<u8> {
    let mut out = b"<td>".to_vec();
    out.extend(
        bytes[from..to]
            .iter()
            .map(|b| if matches!(b, b'\n' | b'\r') { b' ' } else { *b }),
    );
    out.extend_from_slice(b"</td>");
    out
}

/// A span attribute's value (`rowspan="3"`, `colspan=2`), at least 1.
fn span(tag: &[u8], name: &[u8], max: usize) -> usize {
    let Some(at) = find_ci(tag, 0, name) else {
        return 1;
    };
    let rest = &tag[at + name.len()..];
    let digits: Vec<u8> = rest
        .iter()
        .skip_while(|b| matches!(b, b' ' | b'=' | b'"' | b'\''))
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(1usize)
        .clamp(1, max)
}

/// A tag's name (lower case) and whether it closes an element.
fn tag_name(inner: &[u8]) -> (bool, Vec<u8>) {
    let (closing, rest) = match inner.strip_prefix(b"/") {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let name = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect();
    (closing, name)
}

/// The cells to insert into the page's data tables.
fn scan(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut inserts = Vec::new();
    let mut stack: Vec<Table> = Vec::new();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|b| *b == b'<').map(|p| i + p) {
        if bytes[at..].starts_with(b"<!--") {
            i = find_ci(bytes, at, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let Some(close) = bytes[at..].iter().position(|b| *b == b'>').map(|p| at + p) else {
            break;
        };
        let tag_end = close + 1;
        let (closing, name) = tag_name(&bytes[at + 1..close]);
        i = tag_end;
        match (closing, name.as_slice()) {
            (false, b"script" | b"style") => {
                let end = [b'<', b'/']
                    .iter()
                    .copied()
                    .chain(name.iter().copied())
                    .collect::<Vec<u8>>();
                i = find_ci(bytes, tag_end, &end).unwrap_or(bytes.len());
            }
            (false, b"table") => {
                if let Some(t) = stack.last_mut() {
                    t.nested = true;
                }
                stack.push(Table::default());
            }
            (true, b"table") => {
                if let Some(mut t) = stack.pop() {
                    t.close_cell(at);
                    if !t.nested {
                        inserts.extend(t.fill(bytes));
                    }
                }
            }
            (false, b"tr") => {
                if let Some(t) = stack.last_mut() {
                    t.close_cell(at);
                    t.rows.push(Row {
                        open_end: tag_end,
                        cells: Vec::new(),
                    });
                }
            }
            (true, b"tr") => {
                if let Some(t) = stack.last_mut() {
                    t.close_cell(at);
                }
            }
            (false, b"td" | b"th") => {
                if let Some(t) = stack.last_mut() {
                    t.close_cell(at);
                    if t.rows.is_empty() {
                        t.rows.push(Row {
                            open_end: at,
                            cells: Vec::new(),
                        });
                    }
                    let tag = &bytes[at..tag_end];
                    if let Some(r) = t.rows.last_mut() {
                        r.cells.push(Cell {
                            start: at,
                            open_end: tag_end,
                            content_end: None,
                            end: None,
                            rows: span(tag, b"rowspan", MAX_SPAN_ROWS),
                            cols: span(tag, b"colspan", MAX_CELLS),
                        });
                    }
                }
            }
            (true, b"td" | b"th") => {
                if let Some(c) = stack
                    .last_mut()
                    .and_then(|t| t.rows.last_mut())
                    .and_then(|r| r.cells.last_mut())
                    .filter(|c| c.content_end.is_none())
                {
                    c.content_end = Some(at);
                    c.end = Some(tag_end);
                }
            }
            _ => {}
        }
    }
    while let Some(mut t) = stack.pop() {
        t.close_cell(bytes.len());
        if !t.nested {
            inserts.extend(t.fill(bytes));
        }
    }
    inserts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expanded(html: &str) -> String {
        String::from_utf8(expand(html.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn a_cell_over_rows_and_columns_stands_in_each() {
        let html = "<table><tr><td rowspan=2>任务</td><td>1</td></tr>\n<tr><td>2</td></tr>\
                    <tr><td colspan=\"2\">注</td></tr></table>";
        assert_eq!(
            expanded(html),
            "<table><tr><td rowspan=2>任务</td><td>1</td></tr>\n<tr><td>任务</td><td>2</td></tr>\
             <tr><td colspan=\"2\">注</td><td>注</td></tr></table>"
        );
    }

    #[test]
    fn a_merged_last_column_and_unclosed_cells() {
        let html = "<table><tr><td>a<td rowspan=2>办公室\n</tr><tr><td>b</tr></table>";
        assert_eq!(
            expanded(html),
            "<table><tr><td>a<td rowspan=2>办公室\n</tr><tr><td>b<td>办公室 </td></tr></table>"
        );
        // A layout table around a data table is left alone, the data table not.
        let html = "<table><tr><td rowspan=2><table><tr><td rowspan=2>x</td></tr><tr></tr></table></td></tr></table>";
        assert!(expanded(html).contains("<tr><td>x</td></tr></table></td></tr></table>"));
    }
}
