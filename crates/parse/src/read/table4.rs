//! Table 四 (复议、诉讼): one row of fifteen values after its header.

use gongkai_domain::report::Cell;
use gongkai_domain::vocabulary::ReportFormat;

use super::Tok;
use super::glued::group_splits;
use super::rows::{RowRead, in_doubt, place, placed, record};
use crate::lines::Line;
use crate::{CellName, ParsedReport};

pub(super) fn read_table4(
    toks: &[Tok],
    lines: &[Line],
    format: ReportFormat,
    p: &mut ParsedReport,
) {
    let columns = format.table4_columns();
    let n = columns.len();
    // Values only after the header has begun (a lead-in sentence may hold numbers).
    let start = toks
        .iter()
        .position(|t| {
            matches!(t.key.as_str(), "行政复议" | "行政诉讼" | "结果维持")
                || t.key.starts_with("行政复议")
        })
        .unwrap_or(0);
    let toks_here = &toks[start..];
    let mut values: Vec<(Cell, usize)> = Vec::new();
    let mut delimited_rows = 0;
    let mut li = usize::MAX;
    // Per line: whether every cell is a value and one is not blank (tokens
    // come in line order, so one pass).
    let mut value_rows: Vec<(usize, bool)> = Vec::new();
    for t in toks_here {
        let ok = t.is_value();
        match value_rows.last_mut() {
            Some((l, state)) if *l == t.line => *state = *state && ok,
            _ => value_rows.push((t.line, ok)),
        }
    }
    let mut filled_rows: Vec<usize> = toks_here
        .iter()
        .filter(|t| t.value.as_ref().is_some_and(|v| *v != Cell::Blank))
        .map(|t| t.line)
        .collect();
    filled_rows.dedup();
    let row_ok = |line: usize| {
        value_rows
            .binary_search_by_key(&line, |(l, _)| *l)
            .is_ok_and(|i| value_rows[i].1)
            && filled_rows.binary_search(&line).is_ok()
    };
    for (j, t) in toks_here.iter().enumerate() {
        if t.delimited {
            let all_values = row_ok(t.line);
            if all_values {
                if t.line != li {
                    delimited_rows += 1;
                    li = t.line;
                }
                values.push((t.value().unwrap_or(Cell::Blank), start + j));
            }
        } else if let Some(v) = t.value() {
            values.push((v, start + j));
        }
    }
    // A run of digits a crawler ran together (`10203120001200000`): read
    // only where the groups' totals admit one split.
    // The first run only, with the words the crawler's spaces cut it into.
    let runs: Vec<usize> = (start..toks.len())
        .skip_while(|&k| !toks[k].run)
        .take_while(|&k| toks[k].run)
        .collect();
    if !runs.is_empty() && values.iter().all(|(_, k)| toks[*k].run) {
        let digits: String = runs.iter().map(|&k| toks[k].text).collect();
        let t = &toks[runs[0]];
        let location = lines[t.line].location(t.piece);
        let read = match group_splits(&digits, 3, n / 3) {
            Some(found) if found.len() == 1 && n.is_multiple_of(3) => {
                placed(found[0].iter().map(|x| Cell::Count(*x)).collect(), location)
            }
            _ => in_doubt(vec![digits], n, location),
        };
        put(p, format, read);
        return;
    }
    let delimited = delimited_rows == 1;
    if delimited_rows > 1 {
        // Rows of several lines: only by their exact total (trailing blanks aside).
        while values.len() > n && values.last().is_some_and(|(c, _)| *c == Cell::Blank) {
            values.pop();
        }
    }
    let read = place(&values, delimited, n, toks, lines);
    put(p, format, read);
}

/// Records table 四's cells.
fn put(p: &mut ParsedReport, format: ReportFormat, read: RowRead) {
    let columns = format.table4_columns();
    let names: Vec<CellName> = columns
        .iter()
        .map(|c| CellName {
            table: "四",
            block: String::new(),
            row: c.group.to_string(),
            key: String::new(),
            column: c.result.to_string(),
        })
        .collect();
    let cells = record(p, names, read);
    for (slot, c) in p.report.table4.iter_mut().zip(cells) {
        if let Some(c) = c {
            *slot = c;
        }
    }
}
