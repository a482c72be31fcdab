//! The reader: lines → a parsed report. One pass finds the title, the part
//! headings and the format; then each table is read in its region by
//! labels, never by guessing: a row's cells are placed by position only
//! when the row's cells are delimited (a `|` row, an HTML or DOCX table
//! row) or when exactly as many values as columns follow its label.

mod glued;
mod one_line;
mod rows;
mod table2;
mod table3;
mod table4;
mod title;

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::ReportFormat;

use crate::lines::{Line, MAX_LINES};
use crate::norm::{fold, key, label_key};
use crate::{CellName, InputKind, Layout, ParsedReport, Unread};
use table2::{block_number, read_table2};
use table3::read_table3;
use table4::read_table4;
use title::{detect_format, title_year_agency};

/// One cell of the input, with its key.
#[derive(Debug)]
struct Tok<'a> {
    /// Index into the lines.
    line: usize,
    piece: usize,
    text: &'a str,
    key: String,
    delimited: bool,
    /// The cell's value if it is one (read once).
    value: Option<Cell>,
    /// Digits a crawler ran together with other cells (`898989`): a run,
    /// not one number, split only where the table's identities admit one
    /// split (see `one_line`).
    run: bool,
}

impl Tok<'_> {
    fn value(&self) -> Option<Cell> {
        self.value.clone()
    }

    fn is_value(&self) -> bool {
        self.value.is_some()
    }
}

/// Values listed with an ambiguous row.
const MAX_FOUND: usize = 24;

/// Extra rows of table 二 kept (a locality adds a few; more is not a table).
const MAX_EXTRA_ROWS: usize = 20;

/// Part headings kept (six are due; a page repeating them is flagged by AR-01
/// without listing every repetition).
const MAX_HEADINGS: usize = 24;

/// Longest text a table cell can have; longer pieces are prose.
const CELL_CHARS: usize = 60;

/// What a cell holds if it is a value: a number, a blank in a delimited row,
/// or one of the marks people put in empty cells.
fn value_of(text: &str, delimited: bool) -> Option<Cell> {
    if text.len() > 40 {
        return None;
    }
    match Cell::read(text) {
        Cell::Blank if delimited => Some(Cell::Blank),
        Cell::Blank => None,
        Cell::Text(t) => {
            let t = t.trim();
            matches!(
                t,
                "/" | "／"
                    | "\\"
                    | "-"
                    | "－"
                    | "—"
                    | "——"
                    | "–"
                    | "−"
                    | "无"
                    | "無"
                    | "空"
                    | "×"
            )
            .then(|| Cell::Text(t.to_string()))
        }
        c => Some(c),
    }
}

/// The part headings: numeral and the words that show which part it is.
fn part_heading(text: &str) -> Option<usize> {
    if text.len() > 200
        || !text
            .trim_start()
            .starts_with(['一', '二', '三', '四', '五', '六'])
    {
        return None;
    }
    let t = fold(text);
    let t = t.trim();
    if t.chars().count() > 40 {
        return None;
    }
    let mut chars = t.chars();
    let numeral = chars.next()?;
    let i = "一二三四五六".chars().position(|c| c == numeral)?;
    if !matches!(chars.next(), Some('、' | '.' | ',' | '，' | ' ' | '．')) {
        return None;
    }
    let k = key(t);
    let ok = match i {
        0 => k.contains("总体情况") || k.contains("概述") || k.contains("基本情况"),
        1 => k.contains("主动公开"),
        2 => {
            k.contains("申请") && (k.contains("收到") || k.contains("处理") || k.contains("依申请"))
        }
        3 => k.contains("复议") || k.contains("诉讼"),
        4 => k.contains("问题"),
        5 => k.contains("其他") && (k.contains("事项") || k.contains("报告")),
        _ => false,
    };
    ok.then_some(i)
}

/// Lines of page chrome (navigation, sharing, footers) left out of the parts.
fn is_chrome(k: &str) -> bool {
    const EXACT: &[&str] = &[
        "相关词条",
        "热门词条",
        "联络我们",
        "联系我们",
        "打印本页",
        "关闭窗口",
        "打印",
        "关闭",
        "返回顶部",
        "分享到",
        "收藏",
        "扫一扫在手机打开当前页",
        "基本介绍",
        "相关链接",
        "附件",
    ];
    const START: &[&str] = &[
        "当前位置",
        "上一篇",
        "下一篇",
        "责任编辑",
        "浏览次数",
        "访问量",
        "版权所有",
        "主办单位",
        "承办单位",
        "网站标识码",
        "字号",
        "首页",
        "分享到",
    ];
    if START.iter().any(|s| k.starts_with(s)) || k.contains("icp备") {
        return true;
    }
    // A line made only of chrome words (`打印本页 关闭窗口`).
    let mut rest = k.to_string();
    for w in EXACT {
        rest = rest.replace(w, "");
    }
    rest.is_empty() && !k.is_empty()
}

/// Reads a report from its lines.
pub fn read_lines(source: &str, input: InputKind, lines: &[Line]) -> ParsedReport {
    let truncated = lines.len() > MAX_LINES;
    let lines = &lines[..lines.len().min(MAX_LINES)];
    // Tables need their labels; without any, the report is free text and
    // its cells need not be tokenised.
    let may_have_tables = lines.iter().any(|l| {
        l.pieces.iter().any(|p| {
            let t = p.text.as_str();
            t.contains("第二十")
                || t.contains("本年新收")
                || t.contains("勾稽")
                // A page that starts mid-table (a fragment of a PDF).
                || t.contains("结转")
                || t.contains("不予公开")
                || t.contains("不予公開")
        })
    });
    let toks = if may_have_tables {
        tokens(lines)
    } else {
        Vec::new()
    };
    let mut p = ParsedReport {
        source: source.to_string(),
        input,
        layout: Layout::FreeText,
        year: None,
        year_location: None,
        agency: None,
        title: None,
        report: AnnualReport::blank(ReportFormat::Y2021, 0, ""),
        part_titles: Vec::new(),
        sources: Vec::new(),
        missing: Vec::new(),
        ambiguous: Vec::new(),
        figures: None,
        notes: Vec::new(),
        seen: Default::default(),
    };
    if truncated {
        p.notes.push(format!(
            "文件超过{MAX_LINES}行，只读取了前{MAX_LINES}行（年度报告通常只有几百行）。"
        ));
    }
    title_year_agency(lines, &mut p);

    // Part headings, in the order they appear (by line).
    let mut headings: Vec<(usize, usize)> = Vec::new(); // (line index, part)
    for (li, l) in lines.iter().enumerate() {
        let texts: Vec<&str> = l
            .pieces
            .iter()
            .map(|x| x.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        if texts.len() == 1
            && headings.len() < MAX_HEADINGS
            && let Some(i) = part_heading(texts[0])
        {
            headings.push((li, i));
            p.part_titles
                .push((i, texts[0].trim().to_string(), l.location(0)));
        }
    }
    let heading_line = |part: usize| headings.iter().find(|(_, i)| *i == part).map(|(l, _)| *l);

    // Where each table starts: its part heading, or else its first label.
    let first_tok = |pred: &dyn Fn(&Tok) -> bool| toks.iter().position(pred);
    let tok_at_line = |line: usize| {
        toks.iter()
            .position(|t| t.line >= line)
            .unwrap_or(toks.len())
    };
    let t2_anchor = first_tok(&|t| block_number(&t.key).is_some());
    let t3_anchor = first_tok(&|t| {
        t.key.len() < 200
            && (t.key.contains("本年新收政府信息公开申请") || t.key.contains("勾稽关系"))
    })
    .or_else(|| first_tok(&|t| is_table3_label(&t.key)));
    if t2_anchor.is_none() && t3_anchor.is_none() {
        p.layout = Layout::FreeText;
        p.report.year = p.year.unwrap_or(0);
        p.report.agency = p.agency.clone().unwrap_or_default();
        crate::freetext::read_figures(lines, &mut p);
        return p;
    }
    let format = detect_format(&toks, p.year, &mut p.notes);
    p.layout = Layout::Format(format);
    p.report = AnnualReport::blank(
        format,
        p.year.unwrap_or(0),
        p.agency.as_deref().unwrap_or(""),
    );

    let start2 = heading_line(1).map(tok_at_line).or(t2_anchor);
    let start3 = heading_line(2).map(tok_at_line).or(t3_anchor);
    let start4 = heading_line(3).map(tok_at_line).or_else(|| {
        let from = start3.unwrap_or(0);
        toks[from..]
            .iter()
            .position(|t| t.key == "行政复议" || t.key.starts_with("行政复议行政诉讼"))
            .map(|i| from + i)
    });
    let end = heading_line(4)
        .or(heading_line(5))
        .map(tok_at_line)
        .unwrap_or(toks.len());
    let bounds = |start: Option<usize>, nexts: &[Option<usize>]| -> Option<(usize, usize)> {
        let s = start?;
        let e = nexts
            .iter()
            .flatten()
            .copied()
            .filter(|n| *n > s)
            .min()
            .unwrap_or(end.max(s));
        Some((s, e.max(s)))
    };
    let mut table_lines: Vec<(usize, usize)> = Vec::new();
    if let Some((s, e)) = bounds(start2, &[start3, start4, Some(end)]) {
        read_table2(&toks[s..e], lines, format, &mut p);
        table_lines.push(span_of(&toks[s..e]));
    }
    if let Some((s, e)) = bounds(start3, &[start4, Some(end)]) {
        read_table3(&toks[s..e], lines, format, &mut p);
        table_lines.push(span_of(&toks[s..e]));
    }
    if let Some((s, e)) = bounds(start4, &[Some(end)]) {
        read_table4(&toks[s..e], lines, format, &mut p);
        table_lines.push(span_of(&toks[s..e]));
    }
    missing_cells(&mut p);
    parts_text(lines, &headings, &table_lines, &mut p);
    p
}

/// A label only table 三 has, for a fragment that starts after its first
/// row: a group heading or a row of its own (short, so not prose).
fn is_table3_label(k: &str) -> bool {
    const LABELS: &[&str] = &[
        "上年结转政府信息公开申请",
        "本年度办理结果",
        "结转下年度继续办理",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ];
    k.len() <= 60 && (k.starts_with("七总计") || LABELS.iter().any(|l| k.contains(l)))
}

/// The first and last line (indices) of the tokens that belong to a table:
/// from the first label or value to the last value.
fn span_of(toks: &[Tok]) -> (usize, usize) {
    let first = toks
        .iter()
        .find(|t| t.delimited || t.key.len() <= 3 * CELL_CHARS)
        .map_or(usize::MAX, |t| t.line);
    let last = toks
        .iter()
        .rev()
        .find(|t| t.is_value())
        .map_or(0, |t| t.line);
    (first, last)
}

fn tokens(lines: &[Line]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    // Long lines naming a table tried as a flattened page (bounded).
    let mut tried = 0;
    for (li, l) in lines.iter().enumerate() {
        for (pi, piece) in l.pieces.iter().enumerate() {
            if piece.text.is_empty() && !l.delimited {
                continue;
            }
            if !l.delimited
                && tried < one_line::MAX_LINES_TRIED
                && one_line::anchor(&piece.text).is_some()
            {
                tried += 1;
                if one_line::cut_line(li, pi, &piece.text, &mut out) {
                    continue;
                }
            }
            if !l.delimited
                && let Some(words) = spaced_cells(&piece.text)
            {
                for w in words {
                    out.push(tok(li, pi, w, false));
                }
                continue;
            }
            out.push(tok(li, pi, &piece.text, l.delimited));
        }
    }
    out
}

fn tok(line: usize, piece: usize, text: &str, delimited: bool) -> Tok<'_> {
    Tok {
        line,
        piece,
        text,
        // Prose: no label is this long; its key is never compared. A table
        // cell may be: a label with a provincial note (`规范性文件（行政机关
        // 制定发布的决定、公告…）`), glossed in pinyin by a mirror site.
        key: if text.len() > if delimited { 12 } else { 4 } * CELL_CHARS {
            String::from("\u{2}")
        } else {
            label_key(text)
        },
        delimited,
        value: value_of(text, delimited),
        run: false,
    }
}

/// The cells of a line whose cells are separated by spaces (as `pdftotext
/// -layout`, PDF viewers and a browser's copy of a rendered table give):
/// the words of a short line of which at least one is a value. A sentence
/// (a word longer than a cell) is not split. Blank cells leave no word, so
/// the words are placed only where the counts admit it, as for one cell per
/// line.
fn spaced_cells(text: &str) -> Option<Vec<&str>> {
    if text.len() > 8 * CELL_CHARS || !text.contains(char::is_whitespace) {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let values = words
        .iter()
        .filter(|w| value_of(w, false).is_some())
        .count();
    let short = words.iter().all(|w| w.chars().count() <= CELL_CHARS);
    (words.len() > 1 && values > 0 && short).then_some(words)
}

// ---------------------------------------------------------------- missing, parts

fn missing_cells(p: &mut ParsedReport) {
    let format = p.report.format;
    let mut all: Vec<CellName> = Vec::new();
    for b in format.table2_blocks() {
        for r in b.rows {
            for c in b.columns {
                all.push(CellName {
                    table: "二",
                    block: b.block.into(),
                    row: (*r).into(),
                    key: String::new(),
                    column: (*c).into(),
                });
            }
        }
    }
    for r in format.table3_rows() {
        for c in format.table3_columns() {
            all.push(CellName {
                table: "三",
                block: String::new(),
                row: r.label.into(),
                key: r.key.into(),
                column: (*c).into(),
            });
        }
    }
    for c in format.table4_columns() {
        all.push(CellName {
            table: "四",
            block: String::new(),
            row: c.group.into(),
            key: String::new(),
            column: c.result.into(),
        });
    }
    for n in all {
        let read = p.seen.contains(&n);
        if !read {
            p.missing.push(Unread {
                message: format!("文中没有找到表{}“{}”行“{}”列。", n.table, n.row, n.column),
                cell: n,
                found: Vec::new(),
                location: None,
            });
        }
    }
}

fn parts_text(
    lines: &[Line],
    headings: &[(usize, usize)],
    tables: &[(usize, usize)],
    p: &mut ParsedReport,
) {
    for (k, (li, part)) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(lines.len(), |(l, _)| *l);
        let mut text = String::new();
        for (j, l) in lines.iter().enumerate().take(end).skip(li + 1) {
            if tables.iter().any(|(a, b)| j >= *a && j <= *b)
                || l.delimited
                || l.region != lines[*li].region
            {
                continue;
            }
            let t = l.text();
            if is_chrome(&key(&t)) {
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(t.trim());
        }
        if p.report.parts[*part].is_empty() {
            p.report.parts[*part] = text;
        }
    }
}
