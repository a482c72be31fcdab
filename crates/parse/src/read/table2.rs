//! Table 二 (主动公开): blocks by their `第二十条第（X）项` label, rows by
//! name, columns in the order of the block's header; local extra rows kept.

use gongkai_domain::report::{Cell, Table2Row, amount_text};
use gongkai_domain::vocabulary::{ReportFormat, Table2Block};

use super::rows::{column_order, place, record, values_after};
use super::{CELL_CHARS, MAX_EXTRA_ROWS, Tok};
use crate::lines::Line;
use crate::norm::{key, label_key, unnumbered};
use crate::{CellName, ParsedReport};

/// The block numeral of a `第二十条第（X）项` label: 一, 五, 六, 八 or 九.
pub(super) fn block_number(k: &str) -> Option<char> {
    let rest = k.strip_prefix("第二十条第")?;
    let mut cs = rest.chars();
    let n = cs.next()?;
    (cs.as_str().starts_with('项') && "一二三四五六七八九十".contains(n)).then_some(n)
}

fn block_of(format: ReportFormat, n: char) -> Option<&'static Table2Block> {
    format.table2_blocks().iter().find(|b| {
        key(b.block)
            .strip_prefix("第二十条第")
            .and_then(|r| r.chars().next())
            == Some(n)
    })
}

/// The key of a column label without its unit (`本年收费金额（单位：万元）` → `本年收费金额`).
fn column_key(label: &str) -> String {
    let cut = label.find(['（', '(']).map_or(label, |i| &label[..i]);
    key(cut)
}

/// The row of a block a label names (both formats' names of 规范性文件).
fn table2_row(block: &Table2Block, k: &str) -> Option<&'static str> {
    let k = unnumbered(k);
    block.rows.iter().copied().find(|r| {
        let rk = label_key(r);
        rk == k
            || (rk.ends_with("规范性文件") && k.ends_with("规范性文件") && k.len() <= rk.len() + 6)
    })
}

/// A fee written in 元 (`251000元`) in a column kept in 万元: the amount
/// in 万元 (25.1). A bare number (`52.15`, `3`) is an amount in the
/// column's unit.
fn in_wan_yuan(values: &mut [(Cell, usize)], b: &Table2Block, ord: &[usize], toks: &[Tok]) {
    for (k, (cell, ti)) in values.iter_mut().enumerate() {
        let in_wan = ord.get(k).is_some_and(|&c| b.columns[c].contains("万元"));
        let text = toks[*ti].text.trim();
        if !in_wan {
            continue;
        }
        if text.ends_with('元')
            && !text.ends_with("万元")
            && let Some(x) = cell.number()
        {
            *cell = Cell::Amount(amount_text(x / 10_000.0));
        } else if let Cell::Count(n) = cell {
            // An amount with no decimals is still an amount (as generated).
            *cell = Cell::Amount(n.to_string());
        }
    }
}

/// The cells of a table 二 row, in the order its columns were read.
fn names2(b: &Table2Block, row: &str, order: &[usize]) -> Vec<CellName> {
    order
        .iter()
        .map(|&c| CellName {
            table: "二",
            block: b.block.to_string(),
            row: row.to_string(),
            key: String::new(),
            column: b.columns[c].to_string(),
        })
        .collect()
}

pub(super) fn read_table2(
    toks: &[Tok],
    lines: &[Line],
    format: ReportFormat,
    p: &mut ParsedReport,
) {
    let mut block: Option<&'static Table2Block> = None;
    let mut header = String::new();
    let mut order: Option<Vec<usize>> = None;
    let mut i = 0;
    // A row of any block names its block even without the block label.
    let row_of = |block: Option<&'static Table2Block>, k: &str| {
        block
            .and_then(|b| table2_row(b, k).map(|r| (b, r)))
            .or_else(|| {
                format
                    .table2_blocks()
                    .iter()
                    .find_map(|b| table2_row(b, k).map(|r| (b, r)))
            })
    };
    while i < toks.len() {
        let t = &toks[i];
        // A label cut over lines (`行政规` / `范性文件`): the pieces joined,
        // when they name a block or a row and the first alone names nothing.
        let mut label_end = i;
        let mut k = t.key.clone();
        if !t.delimited
            && !t.is_value()
            && block_number(&k).is_none()
            && row_of(block, &k).is_none()
        {
            let mut joined = k.clone();
            for (j, next) in toks.iter().enumerate().take(i + 4).skip(i + 1) {
                if next.delimited || next.is_value() {
                    break;
                }
                joined.push_str(&next.key);
                if block_number(&joined).is_some() || row_of(block, &joined).is_some() {
                    k = joined;
                    label_end = j;
                    break;
                }
            }
        }
        if let Some(n) = block_number(&k) {
            block = block_of(format, n);
            if block.is_none() {
                p.notes
                    .push(format!("表二有本格式没有的“{}”，未读取。", t.text));
            }
            header.clear();
            order = None;
            // The block and its first row in one cell (`第二十条第（一）项 规章`).
            let rest = k.split_once('项').map_or("", |(_, r)| r);
            if rest.is_empty() || block.is_none() {
                i = label_end + 1;
                continue;
            }
            k = rest.to_string();
        }
        let found = row_of(block, &k);
        if let Some((b, row)) = found {
            if block.map(|x| x.block) != Some(b.block) {
                block = Some(b);
                header.clear();
                order = None;
            }
            let columns: Vec<String> = b.columns.iter().map(|c| column_key(c)).collect();
            let ord = order
                .get_or_insert_with(|| column_order(&header, &columns))
                .clone();
            let (mut values, delimited, next) = values_after(toks, label_end);
            in_wan_yuan(&mut values, b, &ord, toks);
            let read = place(&values, delimited, ord.len(), toks, lines);
            let names = names2(b, row, &ord);
            let cells = record(p, names.clone(), read);
            for (n, c) in names.iter().zip(cells) {
                if let Some(c) = c {
                    p.report.set_table2(&n.block, &n.row, &n.column, c);
                }
            }
            i = next.max(label_end + 1);
            continue;
        }
        if let Some(b) = block
            && !t.is_value()
            && t.key.len() <= 3 * CELL_CHARS
        {
            // A local extra row: a label followed by as many values as the block has columns.
            let (values, delimited, next) = values_after(toks, i);
            let n = b.columns.len();
            let looks_like_row = !t.key.is_empty()
                && !values.is_empty()
                && values.iter().any(|(c, _)| c.is_number())
                && (values.len() == n || (delimited && values.len() <= n + 1));
            let extras = p.report.table2.len()
                - format
                    .table2_blocks()
                    .iter()
                    .map(|b| b.rows.len())
                    .sum::<usize>();
            if looks_like_row && order.is_some() && extras >= MAX_EXTRA_ROWS {
                if !p.notes.iter().any(|x| x.starts_with("表二的地方增设行")) {
                    p.notes.push(format!(
                        "表二的地方增设行超过{MAX_EXTRA_ROWS}行；其后的未读取。"
                    ));
                }
            } else if looks_like_row && order.is_some() {
                let ord = order.clone().unwrap_or_default();
                let read = place(&values, delimited, n, toks, lines);
                let row = t.text.trim().to_string();
                let names = names2(b, &row, &ord);
                let cells = record(p, names.clone(), read);
                p.report.table2.push(Table2Row {
                    block: b.block.to_string(),
                    row: row.clone(),
                    cells: names
                        .iter()
                        .zip(cells)
                        .map(|(n, c)| (n.column.clone(), c.unwrap_or(Cell::Blank)))
                        .collect(),
                });
                i = next.max(i + 1);
                continue;
            }
            if t.key.len() <= 3 * CELL_CHARS {
                header.push_str(&t.key);
            }
        }
        i += 1;
    }
}
