//! A row's values: which follow its label, and how they are placed into
//! the row's cells (or named ambiguous), recorded once.

use gongkai_domain::report::Cell;

use super::{MAX_FOUND, Tok};
use crate::lines::Line;
use crate::{CellName, Location, ParsedReport, Unread};

/// The values that belong to the label at `toks[i]`: in a delimited row the
/// cells after it on its line (blanks included); after a label alone on its
/// line, the delimited row that follows, or a run of one-cell lines (a table
/// flattened one cell per line, `规章 |` `0 |` `0 |` `0 |`, a bare `|` an
/// empty cell), placed only when exactly as many as the columns; else the
/// values that follow it, one per line, up to the next text.
/// Returns `(values with their token index, delimited, index after them)`.
pub(super) fn values_after(toks: &[Tok], i: usize) -> (Vec<(Cell, usize)>, bool, usize) {
    let label = &toks[i];
    let mut j = i + 1;
    let mut out = Vec::new();
    if label.delimited && toks.get(j).is_some_and(|t| t.line == label.line) {
        while let Some(t) = toks.get(j).filter(|t| t.line == label.line) {
            match t.value() {
                Some(v) => out.push((v, j)),
                // Text in a value position: kept as written (AR-03 names it).
                None => out.push((Cell::Text(t.text.trim().to_string()), j)),
            }
            j += 1;
        }
        // Only words after it (`其他 | 总计` in a header, the header's merged
        // cells spread): a header, not a row.
        if !out.iter().any(|(_, k)| toks[*k].is_value()) {
            return (Vec::new(), true, i + 1);
        }
        return (out, true, j);
    }
    while let Some(t) = toks.get(j) {
        if t.delimited {
            // A delimited row after a label alone on its line: the row's cells.
            if out.is_empty()
                && toks[j..]
                    .iter()
                    .take_while(|x| x.line == t.line)
                    .all(|x| x.is_value())
            {
                let run = one_cell_run(toks, j);
                if run.len() > 1 {
                    let end = run.last().map_or(j, |(_, k)| k + 1);
                    return (run, false, end);
                }
                let line = t.line;
                while let Some(t) = toks.get(j).filter(|t| t.line == line) {
                    out.push((t.value().unwrap_or(Cell::Blank), j));
                    j += 1;
                }
                return (out, true, j);
            }
            break;
        }
        match t.value() {
            Some(v) => out.push((v, j)),
            None => break,
        }
        j += 1;
    }
    (out, false, j)
}

/// The values of consecutive delimited lines from `toks[j]` that each hold
/// one cell and that cell a value (blank included).
fn one_cell_run(toks: &[Tok], j: usize) -> Vec<(Cell, usize)> {
    let alone = |k: usize| {
        let line = toks[k].line;
        (k == 0 || toks[k - 1].line != line) && toks.get(k + 1).is_none_or(|x| x.line != line)
    };
    let mut out = Vec::new();
    let mut k = j;
    while let Some(t) = toks.get(k).filter(|t| t.delimited && alone(k)) {
        match t.value() {
            Some(v) => out.push((v, k)),
            None => break,
        }
        k += 1;
    }
    out
}

/// Places the values of a row into `columns` cells: by position when the
/// cells are delimited or exactly as many as the columns; otherwise every
/// cell of the row is ambiguous. Returns the cells placed.
pub(super) struct RowRead {
    cells: Vec<Option<(Cell, Location)>>,
    /// The values found (the first few) and how many, when they cannot be placed.
    ambiguous: Option<(Vec<String>, usize)>,
    location: Location,
}

pub(super) fn place(
    values: &[(Cell, usize)],
    delimited: bool,
    columns: usize,
    toks: &[Tok],
    lines: &[Line],
) -> RowRead {
    let loc = |ti: usize| lines[toks[ti].line].location(toks[ti].piece);
    let location = values
        .first()
        .map_or_else(Location::default, |(_, ti)| loc(*ti));
    let mut cells: Vec<Option<(Cell, Location)>> = vec![None; columns];
    // A label merged over two columns leaves an empty cell before the
    // values (`一、本年新收…⇥⇥30⇥…`): blanks in front of a row that has too
    // many cells belong to its label.
    let mut values = values;
    while delimited
        && values.len() > columns
        && values.first().is_some_and(|(c, _)| *c == Cell::Blank)
    {
        values = &values[1..];
    }
    // A run of one-cell lines (not delimited, yet holding blanks, which only
    // bare `|` lines give) longer than the row by bare lines only: those close
    // the row, as crawlers write `|` or `||` (or both) after each row.
    if !delimited
        && values.len() > columns
        && values[columns..].iter().all(|(c, _)| *c == Cell::Blank)
    {
        values = &values[..columns];
    }
    if !delimited && cut_by_the_end(values, columns, toks, lines) {
        for (slot, (cell, ti)) in cells.iter_mut().zip(values) {
            *slot = Some((cell.clone(), loc(*ti)));
        }
        return RowRead {
            cells,
            ambiguous: None,
            location,
        };
    }
    let exact = values.len() == columns;
    let extra_blank =
        values.len() > columns && values[columns..].iter().all(|(c, _)| *c == Cell::Blank);
    if exact || (delimited && (values.len() < columns || extra_blank)) {
        for (slot, (cell, ti)) in cells.iter_mut().zip(values) {
            *slot = Some((cell.clone(), loc(*ti)));
        }
        RowRead {
            cells,
            ambiguous: None,
            location,
        }
    } else if values.is_empty() {
        RowRead {
            cells,
            ambiguous: None,
            location,
        }
    } else {
        unplaceable(values, columns, toks, lines)
    }
}

/// Whether a row of one cell per line has fewer values than cells because
/// the text stops there (a stored copy cut off mid-row): its last value is
/// on the input's last line. Its values are then its first cells, in order;
/// the cells after them are missing, not in doubt.
fn cut_by_the_end(values: &[(Cell, usize)], columns: usize, toks: &[Tok], lines: &[Line]) -> bool {
    let Some((_, last)) = values.last() else {
        return false;
    };
    if values.len() >= columns || toks[*last].line + 1 != lines.len() {
        return false;
    }
    // Tokens are in line order: a value alone on its line has neighbours
    // on other lines (spaced cells of one line may have dropped blanks).
    values.iter().all(|(_, ti)| {
        let line = toks[*ti].line;
        lines[line].pieces.len() == 1
            && (*ti == 0 || toks[ti - 1].line != line)
            && toks.get(ti + 1).is_none_or(|t| t.line != line)
    })
}

/// A row of fewer values than cells, one of them a change written with
/// its sign (`19` `+4` under 上一年项目数量, 本年增/减, 处理决定数量): only
/// 本年增/减 (the column at `change`) holds a signed figure, so the values
/// before it fill the columns before it and those after it the columns
/// after it, when each side has all its values or none (the cells that
/// side lacks are then missing). `None` when the row admits other readings.
pub(super) fn around_the_change(
    values: &[(Cell, usize)],
    columns: usize,
    change: usize,
    toks: &[Tok],
    lines: &[Line],
) -> Option<RowRead> {
    let signed = |ti: usize| {
        toks[ti]
            .text
            .trim()
            .starts_with(['+', '＋', '-', '－', '增', '减'])
    };
    let mut at = values
        .iter()
        .enumerate()
        .filter(|(_, (c, ti))| c.is_number() && signed(*ti))
        .map(|(k, _)| k);
    let (k, None) = (at.next()?, at.next()) else {
        return None;
    };
    if values.len() >= columns || change >= columns {
        return None;
    }
    let after = values.len() - k - 1;
    if !((k == 0 || k == change) && (after == 0 || after == columns - change - 1)) {
        return None;
    }
    let loc = |ti: usize| lines[toks[ti].line].location(toks[ti].piece);
    let mut cells: Vec<Option<(Cell, Location)>> = vec![None; columns];
    for (j, (cell, ti)) in values.iter().enumerate() {
        let slot = if j < k {
            change - k + j
        } else {
            change + j - k
        };
        cells[slot] = Some((cell.clone(), loc(*ti)));
    }
    Some(RowRead {
        cells,
        ambiguous: None,
        location: loc(values[0].1),
    })
}

/// A row whose cells were settled otherwise (a glued row split by the
/// table's identities), all read at `location`.
pub(super) fn placed(cells: Vec<Cell>, location: Location) -> RowRead {
    RowRead {
        cells: cells.into_iter().map(|c| Some((c, location))).collect(),
        ambiguous: None,
        location,
    }
}

/// A row in doubt, with what could stand there (`found`, `count` of them).
pub(super) fn in_doubt(found: Vec<String>, columns: usize, location: Location) -> RowRead {
    let count = found.len();
    RowRead {
        cells: vec![None; columns],
        ambiguous: Some((found, count)),
        location,
    }
}

/// A row whose values cannot be told apart: every cell ambiguous, the
/// values found listed (the first few, and how many there were).
pub(super) fn unplaceable(
    values: &[(Cell, usize)],
    columns: usize,
    toks: &[Tok],
    lines: &[Line],
) -> RowRead {
    let location = values.first().map_or_else(Location::default, |(_, ti)| {
        lines[toks[*ti].line].location(toks[*ti].piece)
    });
    let mut found: Vec<String> = values
        .iter()
        .take(MAX_FOUND)
        .map(|(c, _)| c.display())
        .collect();
    if values.len() > MAX_FOUND {
        found.push(format!("…（共{}个）", values.len()));
    }
    RowRead {
        cells: vec![None; columns],
        ambiguous: Some((found, values.len())),
        location,
    }
}

pub(super) fn record(
    p: &mut ParsedReport,
    names: Vec<CellName>,
    read: RowRead,
) -> Vec<Option<Cell>> {
    // A table printed twice (a page that repeats it): the first reading stands.
    if names.iter().any(|n| p.seen.contains(n)) {
        if !p
            .notes
            .iter()
            .any(|x| x.starts_with("表格在文中出现了不止一次"))
        {
            p.notes
                .push("表格在文中出现了不止一次；各单元格按第一次出现读取。".into());
        }
        return vec![None; read.cells.len()];
    }
    // Seen: the cells read, or in doubt; a cell the row lacks stays missing.
    if read.ambiguous.is_some() {
        p.seen.extend(names.iter().cloned());
    } else {
        for (n, c) in names.iter().zip(&read.cells) {
            if c.is_some() {
                p.seen.insert(n.clone());
            }
        }
    }
    if let Some((found, count)) = read.ambiguous {
        for n in names {
            p.ambiguous.push(Unread {
                message: format!(
                    "表{}“{}”行有{}个数值（{}），而该行应有{}格，无法确定“{}”列是哪一个；未读取。",
                    n.table,
                    n.row,
                    count,
                    found.join("、"),
                    read.cells.len(),
                    n.column
                ),
                cell: n,
                found: found.clone(),
                location: Some(read.location),
            });
        }
        return vec![None; read.cells.len()];
    }
    names
        .into_iter()
        .zip(read.cells)
        .map(|(n, c)| {
            c.map(|(cell, l)| {
                p.sources.push((n, l));
                cell
            })
        })
        .collect()
}

/// The order of `columns` in a header whose text (keys joined) is `header`:
/// a permutation when every column is found, else the format's order.
pub(super) fn column_order(header: &str, columns: &[String]) -> Vec<usize> {
    let mut at: Vec<(usize, usize)> = Vec::new();
    let mut rest = header.to_string();
    for (i, c) in columns.iter().enumerate() {
        match rest.find(c.as_str()) {
            Some(pos) => {
                at.push((pos, i));
                // Blank the match out so that `其他` is not found again inside it.
                let blank: String = "\u{1}".repeat(c.len());
                rest.replace_range(pos..pos + c.len(), &blank);
            }
            None => return (0..columns.len()).collect(),
        }
    }
    at.sort();
    at.into_iter().map(|(_, i)| i).collect()
}
