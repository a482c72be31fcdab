//! The reader: lines → a parsed report. One pass finds the title, the part
//! headings and the format; then each table is read in its region by
//! labels, never by guessing: a row's cells are placed by position only
//! when the row's cells are delimited (a `|` row, an HTML or DOCX table
//! row) or when exactly as many values as columns follow its label.

use gongkai_domain::report::{AnnualReport, Cell, Table2Row};
use gongkai_domain::similarity::plain_similarity;
use gongkai_domain::vocabulary::{ReportFormat, Table2Block};

use crate::lines::{Line, MAX_LINES};
use crate::norm::{fold, key, unnumbered};
use crate::{CellName, InputKind, Layout, Location, ParsedReport, Unread};

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
            t.contains("第二十") || t.contains("本年新收") || t.contains("勾稽")
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
    });
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
    for (li, l) in lines.iter().enumerate() {
        for (pi, piece) in l.pieces.iter().enumerate() {
            if piece.text.is_empty() && !l.delimited {
                continue;
            }
            out.push(Tok {
                line: li,
                piece: pi,
                text: &piece.text,
                key: if piece.text.len() > 4 * CELL_CHARS {
                    // Prose: no label is this long; its key is never compared.
                    String::from("\u{2}")
                } else {
                    key(&piece.text)
                },
                delimited: l.delimited,
                value: value_of(&piece.text, l.delimited),
            });
        }
    }
    out
}

// ---------------------------------------------------------------- title, year, agency

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

fn years_in(text: &str) -> Vec<(usize, i32)> {
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

fn title_year_agency(lines: &[Line], p: &mut ParsedReport) {
    for l in lines.iter().filter(|l| !l.delimited).take(30) {
        let written = l.pieces[0].text.trim();
        if written.len() > 400 {
            continue;
        }
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

fn detect_format(toks: &[Tok], year: Option<i32>, notes: &mut Vec<String>) -> ReportFormat {
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

// ---------------------------------------------------------------- values of a row

/// The values that belong to the label at `toks[i]`: in a delimited row the
/// cells after it on its line (blanks included), else the values that
/// follow it, one per line, up to the next text.
/// Returns `(values with their token index, delimited, index after them)`.
fn values_after(toks: &[Tok], i: usize) -> (Vec<(Cell, usize)>, bool, usize) {
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

/// Places the values of a row into `columns` cells: by position when the
/// cells are delimited or exactly as many as the columns; otherwise every
/// cell of the row is ambiguous. Returns the cells placed.
struct RowRead {
    cells: Vec<Option<(Cell, Location)>>,
    /// The values found (the first few) and how many, when they cannot be placed.
    ambiguous: Option<(Vec<String>, usize)>,
    location: Location,
}

fn place(
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
        // The values listed for the reader are the first few (and how many there were).
        let mut found: Vec<String> = values
            .iter()
            .take(MAX_FOUND)
            .map(|(c, _)| c.display())
            .collect();
        if values.len() > MAX_FOUND {
            found.push(format!("…（共{}个）", values.len()));
        }
        RowRead {
            cells,
            ambiguous: Some((found, values.len())),
            location,
        }
    }
}

fn record(p: &mut ParsedReport, names: Vec<CellName>, read: RowRead) -> Vec<Option<Cell>> {
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
fn column_order(header: &str, columns: &[String]) -> Vec<usize> {
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

// ---------------------------------------------------------------- table 二

/// The block numeral of a `第二十条第（X）项` label: 一, 五, 六, 八 or 九.
fn block_number(k: &str) -> Option<char> {
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
        let rk = key(r);
        rk == k
            || (rk.ends_with("规范性文件") && k.ends_with("规范性文件") && k.len() <= rk.len() + 6)
    })
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

fn read_table2(toks: &[Tok], lines: &[Line], format: ReportFormat, p: &mut ParsedReport) {
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
            i = label_end + 1;
            continue;
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

// ---------------------------------------------------------------- table 三

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
                .map(key)
                .filter(|k| k != "三本年度办理结果");
            let item_key = key(r.item_label());
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

fn read_table3(toks: &[Tok], lines: &[Line], format: ReportFormat, p: &mut ParsedReport) {
    let rows = rows3(format);
    let groups: Vec<(String, String)> = rows
        .iter()
        .filter_map(|r| r.parent.clone())
        .map(|g| (unnumbered(&g).to_string(), g))
        .collect();
    let columns = format.table3_columns();
    let mut group: Option<String> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.key.len() > 3 * CELL_CHARS || t.is_value() {
            i += 1;
            continue;
        }
        let plain = unnumbered(&t.key);
        if let Some((_, g)) = groups.iter().find(|(u, _)| u == plain && !plain.is_empty()) {
            group = Some(g.clone());
            i += 1;
            continue;
        }
        // Exact wording first, then a label cut over lines, then a close wording.
        let mut matched = match_row3(&rows, &t.key, group.as_deref(), false).map(|r| (r, i));
        if matched.is_none() && !t.delimited {
            let mut joined = t.key.clone();
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
            matched = match_row3(&rows, &t.key, group.as_deref(), true).map(|r| (r, i));
        }
        let Some((r, last)) = matched else {
            i += 1;
            continue;
        };
        let row = &rows[r];
        if let Some(pg) = &row.parent {
            group = Some(pg.clone());
        }
        // The header has two levels (自然人 | 法人或其他组织 over five | 总计):
        // its reading order is not the column order, so the format's order
        // stands.
        let ord: Vec<usize> = (0..columns.len()).collect();
        let (values, delimited, next) = values_after(toks, last);
        let read = place(&values, delimited, ord.len(), toks, lines);
        let names: Vec<CellName> = ord
            .iter()
            .map(|&c| CellName {
                table: "三",
                block: String::new(),
                row: row.label.to_string(),
                key: row.key.to_string(),
                column: columns[c].to_string(),
            })
            .collect();
        let cells = record(p, names, read);
        if let Some(slot) = p.report.table3.iter_mut().find(|x| x.key == row.key) {
            for (&c, cell) in ord.iter().zip(cells) {
                if let Some(cell) = cell {
                    slot.cells[c] = cell;
                }
            }
        }
        i = next.max(last + 1);
    }
}

// ---------------------------------------------------------------- table 四

fn read_table4(toks: &[Tok], lines: &[Line], format: ReportFormat, p: &mut ParsedReport) {
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
    let delimited = delimited_rows == 1;
    if delimited_rows > 1 {
        // Rows of several lines: only by their exact total (trailing blanks aside).
        while values.len() > n && values.last().is_some_and(|(c, _)| *c == Cell::Blank) {
            values.pop();
        }
    }
    let read = place(&values, delimited, n, toks, lines);
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
