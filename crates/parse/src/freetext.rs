//! Figures stated in free-text reports (before 2019, no national format):
//! items published proactively, applications received, reconsiderations,
//! lawsuits and fees — each read from one clause that states it, as a number
//! with its unit or as a plain "none" (未收到, 无). Two clauses stating
//! different numbers for the same figure make it ambiguous, never a choice.

use crate::lines::Line;
use crate::norm::fold;
use crate::{CellName, Figure, FreeTextFigures, Location, ParsedReport, Unread};

/// The first number followed by one of `units` in `clause` (thousands
/// separators allowed), skipping years (`2018年`).
fn number_before(clause: &str, units: &[char]) -> Option<i64> {
    let cs: Vec<char> = clause.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if cs[i].is_ascii_digit() {
            let start = i;
            while i < cs.len()
                && (cs[i].is_ascii_digit()
                    || (cs[i] == ',' && i + 1 < cs.len() && cs[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            let digits: String = cs[start..i].iter().filter(|c| c.is_ascii_digit()).collect();
            // A decimal or a percentage is not a count.
            if i < cs.len() && (cs[i] == '.' || cs[i] == '%') {
                i += 1;
                continue;
            }
            if i < cs.len() && units.contains(&cs[i]) && digits.len() <= 12 {
                return digits.parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Whether `clause` says there was none of `what`: a negation before it.
fn denies(clause: &str, what: &str) -> bool {
    let Some(at) = clause.find(what) else {
        return false;
    };
    let before = &clause[..at];
    [
        "未收到",
        "未接到",
        "没有收到",
        "未发生",
        "未受理",
        "暂无",
        "没有",
        "无",
        "未",
    ]
    .iter()
    .any(|n| before.contains(n))
}

struct Candidate {
    value: i64,
    location: Location,
    quote: String,
}

#[derive(Default)]
struct Found {
    items_primary: Vec<Candidate>,
    items: Vec<Candidate>,
    applications: Vec<Candidate>,
    reconsiderations: Vec<Candidate>,
    lawsuits: Vec<Candidate>,
    fees: Vec<Candidate>,
}

fn clause_figures(clause: &str, location: Location, found: &mut Found) {
    let c = clause;
    let candidate = |value: i64| Candidate {
        value,
        location,
        quote: clause.to_string(),
    };
    let about_appeals = c.contains("复议") || c.contains("诉讼");
    if c.contains("公开")
        && !c.contains("申请")
        && !about_appeals
        && let Some(n) = number_before(c, &['条'])
    {
        if c.contains("主动公开") {
            found.items_primary.push(candidate(n));
        } else if c.contains("公开政府信息") {
            found.items.push(candidate(n));
        }
    }
    if (c.contains("依申请公开") || c.contains("公开申请")) && !about_appeals {
        if let Some(n) = number_before(c, &['件', '份', '个', '宗', '条', '次'])
            && ["收到", "受理", "接到", "接收", "共"]
                .iter()
                .any(|v| c.contains(v))
        {
            found.applications.push(candidate(n));
        } else if denies(c, "申请") {
            found.applications.push(candidate(0));
        }
    }
    for (word, list) in [
        ("行政复议", &mut found.reconsiderations),
        ("行政诉讼", &mut found.lawsuits),
    ] {
        if c.contains(word) {
            // "行政复议3件" — the number right after the word.
            let after = &c[c.find(word).unwrap_or(0)..];
            if let Some(n) = number_before(after, &['件', '起', '宗', '个', '次']) {
                list.push(candidate(n));
            } else if denies(c, word) {
                list.push(candidate(0));
            }
        }
    }
    if c.contains("收费") || c.contains("费用") {
        if let Some(n) = number_before(c, &['元']) {
            found.fees.push(candidate(n));
        } else if denies(c, "收费") || denies(c, "费用") {
            found.fees.push(candidate(0));
        }
    }
}

/// Reads the figures of a free-text report into `p.figures`, listing what
/// is not stated as missing and what is stated twice differently as ambiguous.
pub fn read_figures(lines: &[Line], p: &mut ParsedReport) {
    let mut found = Found::default();
    for l in lines.iter().filter(|l| !l.delimited) {
        let text = fold(&l.pieces[0].text);
        for clause in text.split(['。', '；', ';', '，', ',', '！', '!', '？', '?']) {
            if clause.trim().is_empty() {
                continue;
            }
            clause_figures(clause.trim(), l.location(0), &mut found);
        }
    }
    let items = if found.items_primary.is_empty() {
        found.items
    } else {
        found.items_primary
    };
    let mut figures = FreeTextFigures::default();
    let lists = [
        items,
        found.applications,
        found.reconsiderations,
        found.lawsuits,
        found.fees,
    ];
    let names = FreeTextFigures::default()
        .entries()
        .map(|(k, zh, _)| (k, zh));
    let mut slots: Vec<Option<Figure>> = Vec::new();
    for (list, (k, zh)) in lists.into_iter().zip(names) {
        let mut values: Vec<i64> = list.iter().map(|c| c.value).collect();
        values.dedup();
        let distinct: Vec<i64> = {
            let mut v = values.clone();
            v.sort_unstable();
            v.dedup();
            v
        };
        let name = CellName {
            table: "",
            block: String::new(),
            row: zh.to_string(),
            key: k.to_string(),
            column: String::new(),
        };
        match distinct.len() {
            0 => {
                p.missing.push(Unread {
                    message: format!("文中没有找到{zh}。"),
                    cell: name,
                    found: Vec::new(),
                    location: None,
                });
                slots.push(None);
            }
            1 => {
                let c = &list[0];
                slots.push(Some(Figure {
                    value: c.value,
                    location: c.location,
                    quote: c.quote.clone(),
                }));
            }
            _ => {
                let found: Vec<String> = distinct.iter().map(i64::to_string).collect();
                p.ambiguous.push(Unread {
                    message: format!(
                        "文中有{}处说到{zh}，数字不同（{}），无法确定是哪一个；未读取。",
                        list.len(),
                        found.join("、")
                    ),
                    cell: name,
                    found,
                    location: Some(list[0].location),
                });
                slots.push(None);
            }
        }
    }
    let mut it = slots.into_iter();
    figures.items_published = it.next().flatten();
    figures.applications = it.next().flatten();
    figures.reconsiderations = it.next().flatten();
    figures.lawsuits = it.next().flatten();
    figures.fees_yuan = it.next().flatten();
    p.figures = Some(figures);
}
