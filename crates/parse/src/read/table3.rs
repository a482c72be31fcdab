//! Table 三 (依申请公开): rows by their label within the group they stand
//! in, the columns in the format's order.

use gongkai_domain::report::Cell;
use gongkai_domain::similarity::plain_similarity;
use gongkai_domain::vocabulary::ReportFormat;

use super::glued::{Glued, MAX_GLUED, glued_digits, resolve, splits};
use super::rows::{RowRead, in_doubt, place, placed, record, unplaceable, values_after};
use super::{CELL_CHARS, Tok};
use crate::lines::Line;
use crate::norm::{label_key, unnumbered};
use crate::{CellName, ParsedReport};

struct Row3 {
    key: &'static str,
    label: &'static str,
    /// The parent heading's key (`三不予公开`), or none for a top-level row.
    parent: Option<String>,
    /// The item's key without its numbering.
    item: String,
    /// The item's own numbering (`1`), for fuzzy matching within a group.
    number: String,
}

fn rows3(format: ReportFormat) -> Vec<Row3> {
    format
        .table3_rows()
        .iter()
        .map(|r| {
            let parent = r
                .parent_label()
                .map(label_key)
                .filter(|k| k != "三本年度办理结果");
            let item_key = label_key(r.item_label());
            let number: String = item_key
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            Row3 {
                key: r.key,
                label: r.label,
                parent,
                item: unnumbered(&item_key).to_string(),
                number,
            }
        })
        .collect()
}

/// Which row (index into `rows`) a token names, given the current group:
/// by its exact wording, or else (`fuzzy`) by its number within the group
/// and a wording close enough.
fn match_row3(rows: &[Row3], k: &str, group: Option<&str>, fuzzy: bool) -> Option<usize> {
    let u = unnumbered(k);
    // `总计` alone is the column header; the row is `（七）总计`.
    if u.is_empty() || (u == "总计" && !k.starts_with('七')) {
        return None;
    }
    let number: String = k.chars().take_while(|c| c.is_ascii_digit()).collect();
    // Under a group heading, an item of another group or with another number
    // is not this row (`2.其他` cut from `2.其他法律…` is not `3.其他`).
    let fits = |r: &Row3| {
        (number.is_empty() || r.number.is_empty() || r.number == number)
            && (r.parent.is_none() || group.is_none() || r.parent.as_deref() == group)
    };
    let exact: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.item == u && fits(r))
        .map(|(i, _)| i)
        .collect();
    match exact.as_slice() {
        [one] => return Some(*one),
        [] => {}
        many => {
            return many
                .iter()
                .copied()
                .find(|&i| rows[i].parent.as_deref() == group);
        }
    }
    if !fuzzy {
        return None;
    }
    // A label worded a little differently: same number within the current group.
    if number.is_empty() || group.is_none() {
        return None;
    }
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.parent.as_deref() == group && r.number == number)
        .find(|(_, r)| plain_similarity(&r.item, u) >= 0.5)
        .map(|(i, _)| i)
}

/// The row a label cut by a line end names (`5.要求行政机关确认或重新出`):
/// the one row, within the group, whose wording begins with it (four
/// characters at least, so a fragment of a heading names nothing).
fn match_cut_row3(rows: &[Row3], k: &str, group: Option<&str>) -> Option<usize> {
    let u = unnumbered(k);
    if u.chars().count() < 4 {
        return None;
    }
    let number: String = k.chars().take_while(|c| c.is_ascii_digit()).collect();
    let starts: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.item.starts_with(u) && (number.is_empty() || r.number == number))
        .map(|(i, _)| i)
        .collect();
    match starts.as_slice() {
        [one] => Some(*one),
        many => {
            let within: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&i| group.is_some() && rows[i].parent.as_deref() == group)
                .collect();
            (within.len() == 1).then(|| within[0])
        }
    }
}

/// Whether a text is a note in brackets of its own (`（区分处理的，…）`).
fn is_note(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(['（', '(']) && t.ends_with(['）', ')']) && !numbered(t) && t.chars().count() > 4
}

/// Whether a text begins with a numbering (`一、`, `（二）`, `3.`): the start
/// of a label, not the rest of one.
fn numbered(text: &str) -> bool {
    let t = text.trim_start_matches(['（', '(']);
    let mut cs = t.chars();
    let first = cs.next();
    let digits = first.is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let mark = cs
        .find(|c| !c.is_ascii_digit())
        .is_some_and(|c| "、.．)）,，".contains(c));
    digits && (mark || t.len() < text.len())
}

/// A label that carries its place in the hierarchy (`三、（三）不予公开
/// 1.属于国家秘密`, `三、本年度办理结果（一）予以公开`): the group it names,
/// if any, and the rest of the label.
fn split_hierarchy<'k>(k: &'k str, groups: &[(String, String)]) -> (Option<String>, &'k str) {
    let mut rest = k;
    let mut group = None;
    for _ in 0..3 {
        let u = unnumbered(rest);
        if let Some(r) = u.strip_prefix("本年度办理结果") {
            rest = r;
        } else if let Some((gu, g)) = groups
            .iter()
            .find(|(gu, _)| !gu.is_empty() && u.starts_with(gu.as_str()))
        {
            group = Some(g.clone());
            rest = &u[gu.len()..];
        } else {
            break;
        }
    }
    (group, rest)
}

pub(super) fn read_table3(
    toks: &[Tok],
    lines: &[Line],
    format: ReportFormat,
    p: &mut ParsedReport,
) {
    let rows = rows3(format);
    let groups: Vec<(String, String)> = rows
        .iter()
        .filter_map(|r| r.parent.clone())
        .map(|g| (unnumbered(&g).to_string(), g))
        .collect();
    let columns = format.table3_columns();
    let mut group: Option<String> = None;
    let mut pending: Vec<Glued> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.key.len() > 3 * CELL_CHARS || t.is_value() {
            i += 1;
            continue;
        }
        let (named_group, k) = split_hierarchy(&t.key, &groups);
        if named_group.is_some() {
            group = named_group;
        }
        if k.is_empty() {
            if let Some(g) = &group
                && k.len() < t.key.len()
                && let Some(next) = unlabelled_group(toks, i, g, &rows, format, lines, p)
            {
                i = next;
                continue;
            }
            i += 1;
            continue;
        }
        let names_row = |k: &str, group: Option<&str>| {
            match_row3(&rows, k, group, false).or_else(|| match_cut_row3(&rows, k, group))
        };
        // Exact wording first, then a label cut over lines, then a close wording.
        let mut matched = match_row3(&rows, k, group.as_deref(), false).map(|r| (r, i));
        // A row run together with its digits, before any looser match
        // (`1属于国家秘密0000000` is close to `1属于国家秘密`, yet holds its cells).
        if matched.is_none()
            && !t.delimited
            && let Some(g) = glued_row(&rows, k, format, t, lines)
        {
            if pending.len() < MAX_GLUED {
                pending.push(g);
            }
            i += 1;
            continue;
        }
        if matched.is_none() && !t.delimited {
            let mut joined = k.to_string();
            for (j, next) in toks.iter().enumerate().take(i + 4).skip(i + 1) {
                if next.delimited || next.is_value() {
                    break;
                }
                joined.push_str(&next.key);
                if let Some(r) = match_row3(&rows, &joined, group.as_deref(), false) {
                    matched = Some((r, j));
                    break;
                }
            }
        }
        if matched.is_none() {
            matched = match_cut_row3(&rows, k, group.as_deref()).map(|r| (r, i));
        }
        if matched.is_none() {
            matched = match_row3(&rows, k, group.as_deref(), true).map(|r| (r, i));
        }
        let Some((r, mut last)) = matched else {
            if let Some(g) = glued_row(&rows, k, format, t, lines)
                && pending.len() < MAX_GLUED
            {
                pending.push(g);
            }
            i += 1;
            continue;
        };
        // The rest of a label cut over lines may stand between it and its
        // values (`1.申请人无正当理由逾期不补` / `正、行政机关… 1 0 …`):
        // fragments that name no row and are not numbered are stepped over
        // after a label known to be cut (its wording begins a row's, or it
        // ends in an open note); the tail of a note (`…情形）`) after any.
        let cut = rows[r].item != unnumbered(k);
        if !t.delimited && !toks.get(last + 1).is_some_and(|x| x.is_value()) {
            let mut j = last + 1;
            while j < toks.len()
                && j <= last + 3
                && !toks[j].delimited
                && !toks[j].is_value()
                && toks[j].key.len() <= 3 * CELL_CHARS
                && (toks[j].key.is_empty()
                    || is_note(toks[j].text)
                    || (cut
                        && !numbered(toks[j].text)
                        && split_hierarchy(&toks[j].key, &groups).0.is_none()
                        && names_row(&toks[j].key, group.as_deref()).is_none()))
            {
                j += 1;
            }
            if j > last + 1 && toks.get(j).is_some_and(|x| x.is_value() && !x.delimited) {
                last = j - 1;
            }
        }
        let row = &rows[r];
        if let Some(pg) = &row.parent {
            group = Some(pg.clone());
        }
        let (values, delimited, next) = values_after(toks, last);
        let read = place(&values, delimited, columns.len(), toks, lines);
        put_row(p, row, format, read);
        i = next.max(last + 1);
    }
    settle_glued(pending, &rows, format, p);
}

/// A row run together with its cells (`…申请数量640020470`): its splits.
fn glued_row(
    rows: &[Row3],
    k: &str,
    format: ReportFormat,
    t: &Tok,
    lines: &[Line],
) -> Option<Glued> {
    let u = unnumbered(k);
    let row = rows.iter().find(|r| glued_digits(u, &r.item).is_some())?;
    let digits = glued_digits(u, &row.item)?;
    Some(Glued {
        key: row.key,
        splits: splits(digits, format.table3_columns().len()),
        location: lines[t.line].location(t.piece),
        written: digits.to_string(),
    })
}

/// Places the glued rows the identities settle (one settled may settle
/// another, so round again while a round settles one), and names the rest
/// ambiguous.
fn settle_glued(
    mut pending: Vec<Glued>,
    rows: &[Row3],
    format: ReportFormat,
    p: &mut ParsedReport,
) {
    let n = format.table3_columns().len();
    loop {
        let before = pending.len();
        let mut open = Vec::new();
        for g in pending {
            let Some(row) = rows.iter().find(|r| r.key == g.key) else {
                continue;
            };
            match resolve(&p.report, &g) {
                Ok(split) => {
                    let cells = split.into_iter().map(Cell::Count).collect();
                    put_row(p, row, format, placed(cells, g.location));
                }
                Err(_) => open.push(g),
            }
        }
        pending = open;
        if pending.len() == before {
            break;
        }
    }
    for g in pending {
        let Some(row) = rows.iter().find(|r| r.key == g.key) else {
            continue;
        };
        let found = match resolve(&p.report, &g) {
            Err(shown) if !shown.is_empty() => shown,
            _ => vec![g.written.clone()],
        };
        put_row(p, row, format, in_doubt(found, n, g.location));
    }
}

/// Records a row's cells. The header has two levels (自然人 | 法人或其他组织
/// over five | 总计): its reading order is not the column order, so the
/// format's order stands.
fn put_row(p: &mut ParsedReport, row: &Row3, format: ReportFormat, read: RowRead) {
    let names: Vec<CellName> = format
        .table3_columns()
        .iter()
        .map(|c| CellName {
            table: "三",
            block: String::new(),
            row: row.label.to_string(),
            key: row.key.to_string(),
            column: c.to_string(),
        })
        .collect();
    let cells = record(p, names, read);
    if let Some(slot) = p.report.table3.iter_mut().find(|x| x.key == row.key) {
        for (c, cell) in cells.into_iter().enumerate() {
            if let Some(cell) = cell {
                slot.cells[c] = cell;
            }
        }
    }
}

/// A group heading followed by bare values, one per line, its rows' own
/// labels lost (`（三）不予公开` then 56 values for its eight rows): the
/// values are placed row by row only when they are exactly as many as the
/// group's cells; otherwise every row of the group is ambiguous. `None`
/// when no bare values follow.
fn unlabelled_group(
    toks: &[Tok],
    i: usize,
    group: &str,
    rows: &[Row3],
    format: ReportFormat,
    lines: &[Line],
    p: &mut ParsedReport,
) -> Option<usize> {
    let (values, delimited, next) = values_after(toks, i);
    if delimited || values.len() < 2 {
        return None;
    }
    let n = format.table3_columns().len();
    let members: Vec<&Row3> = rows
        .iter()
        .filter(|r| r.parent.as_deref() == Some(group))
        .collect();
    if values.len() == members.len() * n {
        for (row, chunk) in members.iter().zip(values.chunks(n)) {
            let read = place(chunk, false, n, toks, lines);
            put_row(p, row, format, read);
        }
    } else {
        for row in members {
            put_row(p, row, format, unplaceable(&values, n, toks, lines));
        }
    }
    Some(next)
}
