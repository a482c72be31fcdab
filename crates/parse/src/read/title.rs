//! The title, the statistics year and the agency; the format from the labels.

use gongkai_domain::vocabulary::ReportFormat;

use super::Tok;
use crate::ParsedReport;
use crate::lines::Line;
use crate::norm::fold;

/// Organ name endings (folded): a title's prefix is taken as the agency only
/// when it ends like the name of an organ.
const ORGAN_ENDINGS: &[&str] = &[
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "局",
    "厅",
    "委",
    "办",
    "院",
    "署",
    "部",
    "中心",
    "所",
    "站",
    "处",
    "馆",
    "队",
    "社",
    "会",
    "室",
    "府",
    "司",
    "庭",
    "管委会",
];

pub(super) fn years_in(text: &str) -> Vec<(usize, i32)> {
    // (char position, year) of every 4-digit year followed by 年.
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 < cs.len() {
        if cs[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && cs[i + 4] == '年'
            && (i == 0 || !cs[i - 1].is_ascii_digit())
        {
            let y: String = cs[i..i + 4].iter().collect();
            if let Ok(y) = y.parse::<i32>()
                && (1990..=2100).contains(&y)
            {
                out.push((i, y));
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

pub(super) fn title_year_agency(lines: &[Line], p: &mut ParsedReport) {
    let plain: Vec<&Line> = lines.iter().filter(|l| !l.delimited).take(30).collect();
    for (k, l) in plain.iter().enumerate() {
        let mut written = l.pieces[0].text.trim().to_string();
        if written.len() > 400 {
            continue;
        }
        // A title set over two lines (`…2025年政府信息公开工作` / `年度报告`).
        if let Some(next) = plain.get(k + 1).map(|n| n.pieces[0].text.trim())
            && !written.contains("报告")
            && !written.contains("報告")
            && next.chars().count() <= 8
            && (next.ends_with("报告") || next.ends_with("報告"))
        {
            written.push_str(next);
        }
        let written = written.as_str();
        let f = fold(written);
        if f.chars().count() > 100 || !f.contains("报告") {
            continue;
        }
        let Some((at, year)) = years_in(&f).into_iter().next() else {
            continue;
        };
        let prefix: String = written.chars().take(at).collect();
        let prefix = prefix.trim();
        let prefix = prefix
            .strip_suffix("关于")
            .or_else(|| prefix.strip_suffix("關於"))
            .unwrap_or(prefix)
            .trim();
        let prefix = prefix.trim_start_matches(|c: char| c == '•' || c == '·' || c.is_whitespace());
        p.title = Some(written.to_string());
        p.year = Some(year);
        p.year_location = Some(l.location(0));
        let folded = fold(prefix);
        if !prefix.is_empty() && ORGAN_ENDINGS.iter().any(|e| folded.ends_with(e)) {
            p.agency = Some(prefix.to_string());
        } else if prefix.is_empty() {
            p.notes.push("标题中没有机关名称。".into());
        } else {
            p.notes.push(format!(
                "标题中年份前的“{prefix}”不像机关名称（不以局、厅、委员会、人民政府等结尾），未作为机关名称。"
            ));
        }
        return;
    }
    // No title: the year the text speaks of most, if one clearly does.
    let mut counts: Vec<(i32, usize, usize)> = Vec::new(); // (year, count, first line index)
    for (li, l) in lines.iter().enumerate() {
        for piece in &l.pieces {
            for (_, y) in years_in(&piece.text) {
                match counts.iter_mut().find(|(x, _, _)| *x == y) {
                    Some(c) => c.1 += 1,
                    None => counts.push((y, 1, li)),
                }
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(y, n, li), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| r.1 < *n) => {
            p.year = Some(*y);
            p.year_location = Some(lines[*li].location(0));
            p.notes.push(format!(
                "没有找到标题；统计年度按正文中出现最多的年份（{y}年，{n}次）认定。"
            ));
        }
        _ => p
            .notes
            .push("没有找到标题，正文也没有明确的统计年度；年度未能读出。".into()),
    }
    p.notes.push("没有找到标题，机关名称未能读出。".into());
}

// ---------------------------------------------------------------- format

pub(super) fn detect_format(
    toks: &[Tok],
    year: Option<i32>,
    notes: &mut Vec<String>,
) -> ReportFormat {
    const Y2019: &[&str] = &[
        "本年新制作",
        "本年新公开",
        "对外公开总",
        "上一年项目",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
        "其他对外管理服务",
    ];
    const Y2021: &[&str] = &[
        "本年制发",
        "本年废止",
        "现行有效",
        "本年处理决定",
        "行政规范性文件",
        "本年收费金额",
        "逾期不补正",
        "逾期未按收费",
    ];
    let (mut a, mut b) = (0, 0);
    for t in toks.iter().filter(|t| t.key.len() <= 240) {
        if Y2019.iter().any(|m| t.key.contains(m)) {
            a += 1;
        }
        if Y2021.iter().any(|m| t.key.contains(m)) {
            b += 1;
        }
    }
    match a.cmp(&b) {
        std::cmp::Ordering::Greater => ReportFormat::Y2019,
        std::cmp::Ordering::Less => ReportFormat::Y2021,
        std::cmp::Ordering::Equal => {
            let by_year = year.and_then(ReportFormat::for_year);
            notes.push(format!(
                "表头没有区分两种格式的标签；按{}。",
                match by_year {
                    Some(f) => format!("统计年度认定为《{}》", f.label()),
                    None => "2021年版格式读取".into(),
                }
            ));
            by_year.unwrap_or(ReportFormat::Y2021)
        }
    }
}
