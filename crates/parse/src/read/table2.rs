//! Table 二 (主动公开): blocks by their `第二十条第（X）项` label, rows by
//! name, columns in the order of the block's header; local extra rows kept.

use gongkai_domain::report::{Cell, Table2Row, amount_text};
use gongkai_domain::vocabulary::{ReportFormat, Table2Block};

use super::rows::{around_the_change, column_order, place, record, unplaceable, values_after};
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

/// A row's digits run together (`规章000`, see `one_line`): one cell per
/// digit when there are exactly as many digits as cells (no number has a
/// leading zero); a run of a one-cell row is that cell; any other run is
/// left as it is, to be named ambiguous.
fn one_digit_each(
    values: &[(Cell, usize)],
    columns: usize,
    change_second: bool,
    toks: &[Tok],
) -> Option<Vec<(Cell, usize)>> {
    if values.is_empty() || !values.iter().all(|(_, k)| toks[*k].run) {
        return Some(values.to_vec());
    }
    let only_digits = values
        .iter()
        .all(|(_, k)| toks[*k].text.bytes().all(|b| b.is_ascii_digit()));
    let digits: Vec<(Cell, usize)> = values
        .iter()
        .flat_map(|(_, k)| toks[*k].text.bytes().map(move |b| (b, *k)))
        .filter(|(b, _)| b.is_ascii_digit())
        .map(|(b, k)| (Cell::Count(i64::from(b - b'0')), k))
        .collect();
    if columns > 1 && only_digits && digits.len() == columns {
        return Some(digits);
    }
    // Only a change (本年增/减) is negative, so a minus sign opens it: in a
    // row of 上一年项目数量 and 本年增/减, `35-15` is 35 and -15.
    if let [(_, k)] = values
        && change_second
        && columns == 2
        && let Some((a, b)) = toks[*k].text.split_once('-')
        && let (Some(a), Some(b)) = (whole(a), whole(b))
    {
        return Some(vec![(Cell::Count(a), *k), (Cell::Count(-b), *k)]);
    }
    // Words a crawler's spaces cut out of one run are no cells of their own.
    (values.len() == 1 && columns == 1 && values[0].0.is_number()).then(|| values.to_vec())
}

/// Digits as a whole number written without a leading zero.
fn whole(d: &str) -> Option<i64> {
    let ok = !d.is_empty()
        && d.len() <= 12
        && d.bytes().all(|b| b.is_ascii_digit())
        && (d.len() == 1 || !d.starts_with('0'));
    ok.then(|| d.parse().ok()).flatten()
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
            let (values, delimited, next) = values_after(toks, label_end);
            let change_second = ord.get(1).is_some_and(|&c| b.columns[c].contains('增'));
            let read = match one_digit_each(&values, ord.len(), change_second, toks) {
                Some(mut values) => {
                    in_wan_yuan(&mut values, b, &ord, toks);
                    let change = ord.iter().position(|&c| b.columns[c].contains('增'));
                    change
                        .filter(|_| !delimited)
                        .and_then(|c| around_the_change(&values, ord.len(), c, toks, lines))
                        .unwrap_or_else(|| place(&values, delimited, ord.len(), toks, lines))
                }
                None => unplaceable(&values, ord.len(), toks, lines),
            };
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
