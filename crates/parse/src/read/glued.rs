//! Rows of table 三 whose cells a crawler ran together with their label
//! (`一、本年新收政府信息公开申请数量640020470`). The digits are split into
//! the row's seven cells only where the table's own identities admit
//! exactly one split: each row's 总计 is the sum of the other six, and per
//! column 一+二 = 三（七）+四 and （七）总计 = the sum of the result rows.
//! Any other row is ambiguous, its possible splits named; never guessed.

use gongkai_domain::report::{AnnualReport, Cell};

use crate::Location;

/// Longest digit run split (C(23, 6) ≈ 100,000 splits to try at most).
const MAX_DIGITS: usize = 24;

/// Splits of one row weighed against the identities; a row that admits
/// more is ambiguous without search (the cap on rows × candidates, with
/// [`MAX_GLUED`]).
const MAX_SPLITS: usize = 512;

/// Glued rows weighed in one table (it has 26 rows; the rest of a hostile
/// input's are named ambiguous unweighed).
pub(super) const MAX_GLUED: usize = 64;

/// Splits listed in an ambiguous row's message.
const MAX_SHOWN: usize = 4;

/// A glued row not yet placed: the splits its own total admits.
pub(super) struct Glued {
    pub key: &'static str,
    pub splits: Vec<Vec<i64>>,
    pub location: Location,
    pub written: String,
}

/// The digits after a row's label, if the label is followed by nothing
/// but (half-width) digits.
pub(super) fn glued_digits<'k>(key: &'k str, item: &str) -> Option<&'k str> {
    let at = key.find(item)?;
    let rest = &key[at + item.len()..];
    (rest.len() >= 7 && rest.bytes().all(|b| b.is_ascii_digit())).then_some(rest)
}

/// Every split of `digits` into `n` numbers (no leading zeros) whose last
/// is the sum of the others.
pub(super) fn splits(digits: &str, n: usize) -> Vec<Vec<i64>> {
    let mut out = Vec::new();
    if digits.len() > MAX_DIGITS || digits.len() < n {
        return out;
    }
    let mut parts = Vec::with_capacity(n);
    split_from(digits.as_bytes(), n, &mut parts, &mut out);
    out
}

fn split_from(rest: &[u8], n: usize, parts: &mut Vec<i64>, out: &mut Vec<Vec<i64>>) {
    if out.len() > MAX_SPLITS {
        return;
    }
    if parts.len() + 1 == n {
        if let Some(total) = number(rest)
            && parts.iter().sum::<i64>() == total
        {
            let mut done = parts.clone();
            done.push(total);
            out.push(done);
        }
        return;
    }
    let left = n - parts.len() - 1;
    for len in 1..=rest.len().saturating_sub(left) {
        let Some(x) = number(&rest[..len]) else {
            break;
        };
        parts.push(x);
        split_from(&rest[len..], n, parts, out);
        parts.pop();
    }
}

/// Longest run split into table 四's cells (fifteen cells, a few numbers
/// of two or three digits).
const MAX_GROUP_DIGITS: usize = 40;

/// Steps the search over table 四's splits may take: a run that admits more
/// is left ambiguous rather than searched on (hostile input).
const MAX_STEPS: usize = 200_000;

/// Every split of `digits` into `groups` groups of `size` numbers (no
/// leading zeros) in which each group's last number is the sum of the
/// others (table 四: each group's 总计 = 结果维持+结果纠正+其他结果+尚未审结).
/// `None` when the search would take too long.
pub(super) fn group_splits(digits: &str, groups: usize, size: usize) -> Option<Vec<Vec<i64>>> {
    let cells = groups * size;
    if digits.len() > MAX_GROUP_DIGITS || size == 0 {
        return None;
    }
    let mut out = Vec::new();
    if digits.len() < cells || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(out);
    }
    let mut steps = MAX_STEPS;
    let mut parts = Vec::with_capacity(cells);
    group_from(
        digits.as_bytes(),
        cells,
        size,
        &mut parts,
        &mut out,
        &mut steps,
    );
    (steps > 0).then_some(out)
}

fn group_from(
    rest: &[u8],
    cells: usize,
    size: usize,
    parts: &mut Vec<i64>,
    out: &mut Vec<Vec<i64>>,
    steps: &mut usize,
) {
    if *steps == 0 {
        return;
    }
    *steps -= 1;
    if parts.len() == cells {
        if rest.is_empty() {
            out.push(parts.clone());
        }
        return;
    }
    let left = cells - parts.len() - 1;
    let closes_group = parts.len() % size == size - 1;
    for len in 1..=rest.len().saturating_sub(left) {
        let Some(x) = number(&rest[..len]) else {
            break;
        };
        if closes_group {
            let group = &parts[parts.len() + 1 - size..];
            if group.iter().sum::<i64>() != x {
                continue;
            }
        }
        parts.push(x);
        group_from(&rest[len..], cells, size, parts, out, steps);
        parts.pop();
    }
}

/// A cell's digits as a number: `0`, or digits not starting with 0.
fn number(d: &[u8]) -> Option<i64> {
    if d.is_empty() || (d.len() > 1 && d[0] == b'0') || d.len() > 12 {
        return None;
    }
    std::str::from_utf8(d).ok()?.parse().ok()
}

/// The per-column identities of table 三 as rows with signs summing to 0.
fn identities(report: &AnnualReport) -> Vec<Vec<(&'static str, i64)>> {
    let mut sum = vec![("r_total", 1)];
    sum.extend(
        report
            .format
            .table3_rows()
            .iter()
            .filter(|r| r.key.starts_with("r_") && r.key != "r_total")
            .map(|r| (r.key, -1)),
    );
    vec![
        vec![
            ("new_received", 1),
            ("carried_over", 1),
            ("r_total", -1),
            ("carry_next", -1),
        ],
        sum,
    ]
}

/// Whether a split of row `key` contradicts the rows already read. An
/// identity with every other cell known must hold exactly; with some
/// unknown, it still bounds the split, as counts are never negative: in
/// （七）总计 = the sum of the result rows, a result cannot exceed the total
/// less the results known (`2|20|…` for a row whose column totals 1).
fn contradicts(report: &AnnualReport, key: &str, split: &[i64]) -> bool {
    for identity in identities(report) {
        let Some(&(_, sign)) = identity.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        for (c, x) in split.iter().enumerate() {
            // Σ sign·cell = 0; unknown cells on the + side add ≥ 0, on the − side ≤ 0.
            let mut total = sign * x;
            let (mut plus_open, mut minus_open) = (false, false);
            for (k, s) in identity.iter().filter(|(k, _)| *k != key) {
                match report.table3_row(k).map(|cells| &cells[c]) {
                    Some(Cell::Count(v)) => total += s * v,
                    _ if *s > 0 => plus_open = true,
                    _ => minus_open = true,
                }
            }
            if (!plus_open && total < 0) || (!minus_open && total > 0) {
                return true;
            }
        }
    }
    false
}

/// The one split the identities admit, or `Err` with the splits still
/// possible (as the reader names them).
pub(super) fn resolve(report: &AnnualReport, g: &Glued) -> Result<Vec<i64>, Vec<String>> {
    let kept: Vec<&Vec<i64>> = if g.splits.len() == 1 {
        g.splits.iter().collect()
    } else if g.splits.len() > MAX_SPLITS {
        Vec::new()
    } else {
        g.splits
            .iter()
            .filter(|s| !contradicts(report, g.key, s))
            .collect()
    };
    match kept.as_slice() {
        [one] => Ok((*one).clone()),
        _ => Err(g
            .splits
            .iter()
            .take(MAX_SHOWN)
            .map(|s| s.iter().map(i64::to_string).collect::<Vec<_>>().join("/"))
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_four_runs_split_by_group_totals() {
        // 15 digits for 15 cells: one digit each; 0+1+1+0 = 2 and 1+0+0+0 = 1.
        assert_eq!(
            group_splits("011021000100000", 3, 5),
            Some(vec![vec![0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]])
        );
        // Fifteen digits can only be one per cell, and 1+1+2+0 = 4, not 0.
        assert_eq!(group_splits("112000000000000", 3, 5), Some(vec![]));
        // Too long to search: not searched.
        assert_eq!(group_splits(&"1".repeat(41), 3, 5), None);
    }

    #[test]
    fn splits_are_those_whose_last_number_is_the_sum() {
        // 1,0,0,0,0,0,1 is the only split of seven digits.
        assert_eq!(splits("1000001", 7), vec![vec![1, 0, 0, 0, 0, 0, 1]]);
        // 11 = 1+10 = 11+0 …: 1/10/0/0/0/0/11 and 11/0/0/0/0/0/11 (no leading zeros).
        assert_eq!(
            splits("110000011", 7),
            vec![vec![1, 10, 0, 0, 0, 0, 11], vec![11, 0, 0, 0, 0, 0, 11]]
        );
        // Fewer digits than cells; and 1+2+0+0+0+0 ≠ 99.
        assert!(splits("123456", 7).is_empty());
        assert!(splits("12000099", 7).is_empty());
    }
}
