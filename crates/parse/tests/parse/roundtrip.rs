//! Round trip: a random complete annual report (either national format,
//! every cell filled) is rendered the ways real published reports look, read
//! back, and must come back cell for cell, with its format, year and agency,
//! and with nothing missing or ambiguous.
//!
//! Layouts (the renderers are test-only, below):
//! (a) tables flattened one row per line with `|`, as copied from a page
//!     (corpus `000_…`): the two-row header of table 三, a header row per
//!     block of table 二;
//! (b) one cell per line: headers split over two lines, blank lines and
//!     stray spaces between cells, row labels cut in two;
//! (c) HTML `<table>` with the official merged cells (rowspan/colspan),
//!     `<p>` paragraphs, `&nbsp;` and other entities;
//! (d) (a) in traditional characters;
//! (e) (a) with thousands separators and full-width digits;
//! and the DOCX that `gongkai_render` writes.
//!
//! The fixtures in `tests/layouts/` (used by `gongkai bench parse` and as
//! fuzzing seeds) are these renderers' output for one fixed report; they are
//! checked here too, and rewritten with `GONGKAI_UPDATE_FIXTURES=1`.

use gongkai_domain::report::{AnnualReport, Cell, TABLE3_COLUMNS, amount_text, is_amount_column};
use gongkai_domain::vocabulary::{ReportFormat, Table3RowKind};
use gongkai_parse::{Layout, ParsedReport, parse_bytes, parse_html, parse_text};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Randomness for layout choices (proptest draws the seed).

/// SplitMix64: small, deterministic, good enough for layout choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Random complete reports

const AGENCIES: [&str; 5] = [
    "白沙县交通运输局",
    "宁德市生态环境局",
    "辽源市人民政府办公室",
    "山西省交通运输厅",
    "长沙市岳麓区教育局",
];

/// What a random report is made of (proptest shrinks these).
#[derive(Debug, Clone)]
struct Spec {
    format: ReportFormat,
    year: i32,
    agency: &'static str,
    /// Counts, used in order, cycling.
    counts: Vec<i64>,
    /// For 本年增/减: (negative, written in words).
    changes: Vec<(bool, bool)>,
    /// Amounts in hundredths (`1235` is `12.35`).
    cents: Vec<i64>,
    /// The seed of the layout choices.
    seed: u64,
}

fn count() -> impl Strategy<Value = i64> {
    prop_oneof![3 => Just(0i64), 4 => 0i64..100, 2 => 0i64..100_000]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop_oneof![Just(ReportFormat::Y2019), Just(ReportFormat::Y2021)],
        0i32..5,
        0usize..AGENCIES.len(),
        prop::collection::vec(count(), 1..=240),
        prop::collection::vec(any::<(bool, bool)>(), 1..=8),
        prop::collection::vec(
            prop_oneof![Just(0i64), 0i64..10_000, 0i64..10_000_000],
            1..=4,
        ),
        any::<u64>(),
    )
        .prop_map(|(format, y, agency, counts, changes, cents, seed)| Spec {
            format,
            year: match format {
                ReportFormat::Y2019 => 2019 + y % 2,
                ReportFormat::Y2021 => 2021 + y,
            },
            agency: AGENCIES[agency],
            counts,
            changes,
            cents,
            seed,
        })
}

/// The six parts' text (parts 二 to 四: the lead-in of their tables).
fn parts_text(year: i32) -> [String; 6] {
    [
        format!(
            "{year}年，本机关坚持以公开为常态、不公开为例外，认真落实政府信息公开条例。\n主动公开方面，及时发布政策文件和办事指南。依申请公开方面，规范受理、办理和答复流程。\n政府信息管理方面，严格落实保密审查。平台建设方面，完善政府网站公开专栏。监督保障方面，加强培训考核。"
        ),
        "本年度主动公开政府信息情况见下表。".into(),
        "本年度收到和处理政府信息公开申请情况见下表。".into(),
        "本年度政府信息公开行政复议、行政诉讼情况见下表。".into(),
        "存在的主要问题是部分信息更新不够及时。下一步将加强培训，完善制度，提高公开质量。".into(),
        "本年度未收取信息处理费。无其他需要报告的事项。".into(),
    ]
}

/// A complete report: every cell of tables 二, 三 and 四 holds a figure.
fn report_of(spec: &Spec) -> AnnualReport {
    let mut r = AnnualReport::blank(spec.format, spec.year, spec.agency);
    let mut counts = spec.counts.iter().copied().cycle();
    let mut changes = spec.changes.iter().copied().cycle();
    let mut cents = spec.cents.iter().copied().cycle();
    let format = spec.format;
    for row in &mut r.table2 {
        for (column, cell) in &mut row.cells {
            *cell = if is_amount_column(format, column) {
                Cell::Amount(amount_text(cents.next().unwrap_or(0) as f64 / 100.0))
            } else if column == "本年增/减" {
                let n = counts.next().unwrap_or(0);
                match changes.next().unwrap_or((false, false)) {
                    (negative, true) => Cell::Signed {
                        written: format!("{}{n}", if negative { "减" } else { "增" }),
                        value: if negative { -n } else { n },
                    },
                    (negative, false) => Cell::Count(if negative { -n } else { n }),
                }
            } else {
                Cell::Count(counts.next().unwrap_or(0))
            };
        }
    }
    for row in &mut r.table3 {
        for cell in &mut row.cells {
            *cell = Cell::Count(counts.next().unwrap_or(0));
        }
    }
    for cell in &mut r.table4 {
        *cell = Cell::Count(counts.next().unwrap_or(0));
    }
    r.parts = parts_text(spec.year);
    r
}

// ---------------------------------------------------------------------------
// The document model the renderers share: paragraphs and tables whose cells
// have spans (placed like HTML cells: each row lists the cells starting in it).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A column header (may be split over two lines in layout (b)).
    Header,
    /// A block label or group heading (kept whole).
    Group,
    /// A row label (may be cut in two in layout (b)).
    Label,
    /// A figure.
    Value,
}

#[derive(Debug, Clone)]
struct GCell {
    text: String,
    kind: Kind,
    rowspan: usize,
    colspan: usize,
}

fn gc(text: impl Into<String>, kind: Kind) -> GCell {
    GCell {
        text: text.into(),
        kind,
        rowspan: 1,
        colspan: 1,
    }
}

impl GCell {
    fn span(mut self, rows: usize, cols: usize) -> GCell {
        self.rowspan = rows;
        self.colspan = cols;
        self
    }
}

#[derive(Debug, Clone)]
enum Block {
    Title(String),
    Heading(String),
    Para(String),
    Table(Vec<Vec<GCell>>),
}

/// `total` columns shared by `n` cells.
fn spans(total: usize, n: usize) -> Vec<usize> {
    let base = total / n;
    let extra = total % n;
    (0..n).map(|i| base + usize::from(i >= n - extra)).collect()
}

/// Table 二 as the official format prints it: per block a row with the
/// block label over the whole width, a header row (信息内容 and the
/// block's columns) and the block's rows.
fn table2(r: &AnnualReport) -> Vec<Vec<GCell>> {
    let width = r
        .format
        .table2_blocks()
        .iter()
        .map(|b| b.columns.len())
        .max()
        .unwrap_or(1);
    let mut rows = Vec::new();
    for block in r.format.table2_blocks() {
        let spans = spans(width, block.columns.len());
        rows.push(vec![gc(block.block, Kind::Group).span(1, width + 1)]);
        let mut header = vec![gc("信息内容", Kind::Header)];
        header.extend(
            block
                .columns
                .iter()
                .zip(&spans)
                .map(|(c, s)| gc(*c, Kind::Header).span(1, *s)),
        );
        rows.push(header);
        for label in block.rows {
            let mut cells = vec![gc(*label, Kind::Label)];
            for (column, s) in block.columns.iter().zip(&spans) {
                let cell = r
                    .table2_cell(block.block, label, column)
                    .expect("the format's cell");
                cells.push(gc(cell.display(), Kind::Value).span(1, *s));
            }
            rows.push(cells);
        }
    }
    rows
}

/// Table 三 as the official format prints it: the note over three header
/// rows (申请人情况; 自然人 | 法人或其他组织 | 总计; the five organisation
/// types), then the rows with their labels in up to three merged columns.
fn table3(r: &AnnualReport) -> Vec<Vec<GCell>> {
    let format = r.format;
    let columns = format.table3_columns();
    let mut rows = vec![
        vec![
            gc(format.table3_header_note(), Kind::Header).span(3, 3),
            gc("申请人情况", Kind::Header).span(1, 7),
        ],
        vec![
            gc(columns[0], Kind::Header).span(2, 1),
            gc("法人或其他组织", Kind::Header).span(1, 5),
            gc(columns[6], Kind::Header).span(2, 1),
        ],
        columns[1..6].iter().map(|c| gc(*c, Kind::Header)).collect(),
    ];
    let format_rows = format.table3_rows();
    let top = format_rows
        .iter()
        .filter(|x| x.kind == Table3RowKind::Result)
        .find_map(|x| x.parent_label());
    // (top heading, group heading, item) of each row.
    let labels: Vec<(Option<&str>, Option<&str>, &str)> = format_rows
        .iter()
        .map(|x| match x.kind {
            Table3RowKind::Result | Table3RowKind::Total => (
                top,
                x.parent_label().filter(|p| Some(*p) != top),
                x.item_label(),
            ),
            _ => (None, None, x.item_label()),
        })
        .collect();
    for (i, ((t, g, item), row)) in labels.iter().zip(format_rows).enumerate() {
        let mut cells = Vec::new();
        match t {
            None => cells.push(gc(*item, Kind::Label).span(1, 3)),
            Some(t) => {
                if i == 0 || labels[i - 1].0 != Some(t) {
                    let n = labels[i..].iter().take_while(|l| l.0 == Some(t)).count();
                    cells.push(gc(*t, Kind::Group).span(n, 1));
                }
                match g {
                    None => cells.push(gc(*item, Kind::Label).span(1, 2)),
                    Some(g) => {
                        if labels[i - 1].1 != Some(g) {
                            let n = labels[i..].iter().take_while(|l| l.1 == Some(g)).count();
                            cells.push(gc(*g, Kind::Group).span(n, 1));
                        }
                        cells.push(gc(*item, Kind::Label));
                    }
                }
            }
        }
        let values = r.table3_row(row.key).expect("the format's row");
        cells.extend(values.iter().map(|c| gc(c.display(), Kind::Value)));
        rows.push(cells);
    }
    rows
}

/// Table 四 as the official format prints it: 行政复议 over its five
/// results (merged down two rows), 行政诉讼 over 未经复议直接起诉 and 复议后起诉
/// with five results each, then the fifteen figures.
fn table4(r: &AnnualReport) -> Vec<Vec<GCell>> {
    let columns = r.format.table4_columns();
    let mut row2 = Vec::new();
    let mut row3 = Vec::new();
    for chunk in columns.chunks(5) {
        match chunk[0].group.split_once('-') {
            None => row2.extend(chunk.iter().map(|c| gc(c.result, Kind::Header).span(2, 1))),
            Some((_, sub)) => {
                row2.push(gc(sub, Kind::Header).span(1, 5));
                row3.extend(chunk.iter().map(|c| gc(c.result, Kind::Header)));
            }
        }
    }
    vec![
        vec![
            gc("行政复议", Kind::Header).span(1, 5),
            gc("行政诉讼", Kind::Header).span(1, 10),
        ],
        row2,
        row3,
        r.table4
            .iter()
            .map(|c| gc(c.display(), Kind::Value))
            .collect(),
    ]
}

/// The whole report: the title, the six parts with their headings, text
/// and tables.
fn document(r: &AnnualReport) -> Vec<Block> {
    let mut out = vec![Block::Title(r.title())];
    for (i, heading) in r.format.sections().iter().enumerate() {
        out.push(Block::Heading((*heading).to_string()));
        for line in r.parts[i].lines().filter(|l| !l.trim().is_empty()) {
            out.push(Block::Para(line.to_string()));
        }
        match i {
            1 => out.push(Block::Table(table2(r))),
            2 => out.push(Block::Table(table3(r))),
            3 => out.push(Block::Table(table4(r))),
            _ => {}
        }
    }
    out
}

/// Rewrites the figures of the document's tables.
fn map_values(doc: &mut [Block], mut f: impl FnMut(&str) -> String) {
    for b in doc {
        if let Block::Table(rows) = b {
            for c in rows.iter_mut().flatten() {
                if c.kind == Kind::Value {
                    c.text = f(&c.text);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// (a) One row per line with `|`, as copied from a page.

fn pipes(doc: &[Block], rng: &mut Rng) -> String {
    let mut out = String::new();
    for b in doc {
        match b {
            Block::Title(t) | Block::Heading(t) => {
                out.push_str(t);
                out.push('\n');
            }
            Block::Para(p) => {
                if rng.chance(30) {
                    out.push_str("　　");
                }
                out.push_str(p);
                out.push('\n');
            }
            Block::Table(rows) => {
                for row in rows {
                    let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                    out.push_str(&cells.join(" | "));
                    out.push_str(" |\n");
                }
            }
        }
    }
    out
}

/// Labels with ASCII brackets and colon, as many pages (and corpus `000_…`)
/// write them.
fn ascii_brackets(doc: &mut [Block]) {
    let fix = |s: &str| s.replace('（', "(").replace('）', ")").replace('：', ":");
    for b in doc {
        match b {
            Block::Table(rows) => {
                for c in rows.iter_mut().flatten() {
                    if c.kind != Kind::Value {
                        c.text = fix(&c.text);
                    }
                }
            }
            Block::Heading(_) | Block::Title(_) | Block::Para(_) => {}
        }
    }
}

fn layout_a(r: &AnnualReport, rng: &mut Rng) -> String {
    let mut doc = document(r);
    if rng.chance(50) {
        ascii_brackets(&mut doc);
    }
    pipes(&doc, rng)
}

// ---------------------------------------------------------------------------
// (b) One cell per line.

/// Byte offsets in `s` where it can be cut so that each side keeps at least
/// two Chinese characters (a half never looks like a figure).
fn cut_points(s: &str) -> Vec<usize> {
    let han = |t: &str| {
        t.chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count()
    };
    s.char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i > 0 && han(&s[..i]) >= 2 && han(&s[i..]) >= 2)
        .collect()
}

fn stray_spaces(rng: &mut Rng, line: &str) -> String {
    let pad = |rng: &mut Rng| -> &'static str {
        rng.pick(&["", "", "", " ", "  ", "\u{3000}", " \u{3000}", "\u{a0}"])
    };
    format!("{}{line}{}", pad(rng), pad(rng))
}

fn layout_b(r: &AnnualReport, rng: &mut Rng) -> String {
    let doc = document(r);
    let mut lines: Vec<String> = Vec::new();
    for b in &doc {
        match b {
            Block::Title(t) | Block::Heading(t) | Block::Para(t) => lines.push(t.clone()),
            Block::Table(rows) => {
                for c in rows.iter().flatten() {
                    let cuts = cut_points(&c.text);
                    let split = match c.kind {
                        Kind::Header => rng.chance(50),
                        Kind::Label => rng.chance(30),
                        Kind::Group | Kind::Value => false,
                    };
                    if split && !cuts.is_empty() {
                        let at = rng.pick(&cuts);
                        lines.push(c.text[..at].to_string());
                        lines.push(c.text[at..].to_string());
                    } else {
                        lines.push(c.text.clone());
                    }
                }
            }
        }
    }
    let mut out = String::new();
    for line in lines {
        while rng.chance(15) {
            out.push_str(rng.pick(&["", " ", "\u{3000}"]));
            out.push('\n');
        }
        out.push_str(&stray_spaces(rng, &line));
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// (c) HTML with merged cells.

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Text as Word-exported pages write it: curly quotes as entities now and
/// then, the ideographic space as `&nbsp;`.
fn html_text(s: &str, rng: &mut Rng) -> String {
    let s = escape(s);
    if rng.chance(50) {
        s.replace('“', "&ldquo;").replace('”', "&rdquo;")
    } else {
        s
    }
}

fn html_cell(c: &GCell, rng: &mut Rng) -> String {
    let mut attrs = String::new();
    if c.rowspan > 1 {
        attrs.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
    }
    if c.colspan > 1 {
        attrs.push_str(&format!(" colspan=\"{}\"", c.colspan));
    }
    if rng.chance(30) {
        attrs.push_str(" style=\"border:1px solid #000;padding:2px 4px\" valign=\"middle\"");
    }
    let mut text = html_text(&c.text, rng);
    if c.kind == Kind::Value && rng.chance(20) {
        text = format!("&nbsp;{text}&nbsp;");
    }
    let inner = match rng.below(4) {
        0 => format!("<p align=\"center\"><span style=\"font-size:14px\">{text}</span></p>"),
        1 => format!("<span>{text}</span>"),
        _ => text,
    };
    format!("<td{attrs}>{inner}</td>")
}

fn layout_c(r: &AnnualReport, rng: &mut Rng) -> String {
    let doc = document(r);
    let mut out = String::from("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n</head>\n<body>\n",
        escape(&r.title())
    ));
    for b in &doc {
        match b {
            Block::Title(t) => {
                out.push_str(&format!(
                    "<h1 style=\"text-align:center\">{}</h1>\n",
                    escape(t)
                ));
            }
            Block::Heading(h) => {
                let h = escape(h);
                out.push_str(&match rng.below(3) {
                    0 => format!("<h2>{h}</h2>\n"),
                    1 => format!("<p><strong>{h}</strong></p>\n"),
                    _ => format!("<p style=\"text-indent:2em\">&nbsp;&nbsp;{h}</p>\n"),
                });
            }
            Block::Para(p) => {
                out.push_str(&format!(
                    "<p style=\"text-indent:2em\">&nbsp;&nbsp;&nbsp;&nbsp;{}</p>\n",
                    html_text(p, rng)
                ));
            }
            Block::Table(rows) => {
                let one_line = rng.chance(25);
                out.push_str(
                    "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\">",
                );
                let tbody = rng.chance(50);
                if tbody {
                    out.push_str("<tbody>");
                }
                for row in rows {
                    if !one_line {
                        out.push('\n');
                    }
                    out.push_str("<tr>");
                    for c in row {
                        out.push_str(&html_cell(c, rng));
                    }
                    out.push_str("</tr>");
                }
                if tbody {
                    out.push_str("</tbody>");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

// ---------------------------------------------------------------------------
// (d) Traditional characters.

/// Simplified → traditional for every character of the labels, headings,
/// agencies and texts rendered here that differs in traditional script.
const TRADITIONAL: &[(char, char)] = &[
    ('万', '萬'),
    ('专', '專'),
    ('业', '業'),
    ('严', '嚴'),
    ('为', '為'),
    ('举', '舉'),
    ('于', '於'),
    ('会', '會'),
    ('体', '體'),
    ('关', '關'),
    ('内', '內'),
    ('决', '決'),
    ('况', '況'),
    ('减', '減'),
    ('办', '辦'),
    ('务', '務'),
    ('动', '動'),
    ('区', '區'),
    ('单', '單'),
    ('厅', '廳'),
    ('县', '縣'),
    ('发', '發'),
    ('台', '臺'),
    ('后', '後'),
    ('国', '國'),
    ('坚', '堅'),
    ('处', '處'),
    ('复', '復'),
    ('够', '夠'),
    ('宁', '寧'),
    ('实', '實'),
    ('审', '審'),
    ('对', '對'),
    ('将', '將'),
    ('属', '屬'),
    ('废', '廢'),
    ('开', '開'),
    ('强', '強'),
    ('当', '當'),
    ('态', '態'),
    ('总', '總'),
    ('执', '執'),
    ('护', '護'),
    ('报', '報'),
    ('据', '據'),
    ('数', '數'),
    ('无', '無'),
    ('时', '時'),
    ('机', '機'),
    ('权', '權'),
    ('条', '條'),
    ('构', '構'),
    ('栏', '欄'),
    ('没', '沒'),
    ('环', '環'),
    ('现', '現'),
    ('监', '監'),
    ('确', '確'),
    ('稳', '穩'),
    ('类', '類'),
    ('系', '係'),
    ('纠', '糾'),
    ('纳', '納'),
    ('组', '組'),
    ('织', '織'),
    ('经', '經'),
    ('结', '結'),
    ('继', '繼'),
    ('续', '續'),
    ('维', '維'),
    ('缴', '繳'),
    ('网', '網'),
    ('罚', '罰'),
    ('范', '範'),
    ('获', '獲'),
    ('补', '補'),
    ('见', '見'),
    ('规', '規'),
    ('计', '計'),
    ('认', '認'),
    ('训', '訓'),
    ('议', '議'),
    ('许', '許'),
    ('讼', '訟'),
    ('设', '設'),
    ('访', '訪'),
    ('诉', '訴'),
    ('询', '詢'),
    ('请', '請'),
    ('质', '質'),
    ('购', '購'),
    ('费', '費'),
    ('转', '轉'),
    ('输', '輸'),
    ('辽', '遼'),
    ('过', '過'),
    ('运', '運'),
    ('这', '這'),
    ('进', '進'),
    ('采', '採'),
    ('长', '長'),
    ('问', '問'),
    ('项', '項'),
    ('题', '題'),
    ('额', '額'),
    ('际', '際'),
    ('应', '應'),
    ('录', '錄'),
];

fn traditional(s: &str) -> String {
    s.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

fn layout_d(r: &AnnualReport, rng: &mut Rng) -> String {
    traditional(&layout_a(r, rng))
}

// ---------------------------------------------------------------------------
// (e) Thousands separators and full-width digits.

fn thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A figure as written with a thousands separator (when it has four or
/// more digits) and, now and then, in full-width digits.
fn written_figure(v: &str, rng: &mut Rng) -> String {
    let (sign, rest) = match v.char_indices().find(|(_, c)| c.is_ascii_digit()) {
        Some((i, _)) => v.split_at(i),
        None => return v.to_string(),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = format!("{sign}{}", thousands(int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if rng.chance(40) {
        full_width(&out)
    } else {
        out
    }
}

fn layout_e(r: &AnnualReport, rng: &mut Rng) -> String {
    let mut doc = document(r);
    map_values(&mut doc, |v| written_figure(v, rng));
    if rng.chance(50)
        && let Some(Block::Title(t)) = doc.first_mut()
    {
        *t = full_width(t);
    }
    pipes(&doc, rng)
}

// ---------------------------------------------------------------------------
// Reading back

/// Whether `got` is the cell `expected` was written from. A change written
/// in words is compared by its value; a whole amount may come back as a
/// count in an amount column.
fn same_cell(expected: &Cell, got: &Cell, amount_column: bool) -> bool {
    match (expected, got) {
        (Cell::Signed { value: a, .. }, Cell::Signed { value: b, .. }) => a == b,
        (Cell::Amount(a), Cell::Amount(b)) => a.parse::<f64>().ok() == b.parse::<f64>().ok(),
        (Cell::Amount(a), Cell::Count(n)) if amount_column => {
            a.parse::<f64>().ok() == Some(*n as f64)
        }
        (a, b) => a == b,
    }
}

/// Every difference between what was written and what was read.
fn differences(
    expected: &AnnualReport,
    parsed: &ParsedReport,
    simplified_agency: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if parsed.layout != Layout::Format(expected.format) {
        out.push(format!(
            "layout {:?}, expected {:?}",
            parsed.layout, expected.format
        ));
    }
    if parsed.year != Some(expected.year) {
        out.push(format!(
            "year {:?}, expected {}",
            parsed.year, expected.year
        ));
    }
    let agency = parsed.agency.as_deref().map(|a| {
        if simplified_agency {
            fast2s::convert(a)
        } else {
            a.to_string()
        }
    });
    if agency.as_deref() != Some(expected.agency.as_str()) {
        out.push(format!(
            "agency {:?}, expected {}",
            parsed.agency, expected.agency
        ));
    }
    let got = &parsed.report;
    for row in &expected.table2 {
        for (column, cell) in &row.cells {
            match got.table2_cell(&row.block, &row.row, column) {
                Some(g) if same_cell(cell, g, is_amount_column(expected.format, column)) => {}
                g => out.push(format!(
                    "表二 {} {} {column}: {g:?}, expected {cell:?}",
                    row.block, row.row
                )),
            }
        }
    }
    if got.table2.len() != expected.table2.len() {
        out.push(format!(
            "表二 has {} rows, expected {}: {:?}",
            got.table2.len(),
            expected.table2.len(),
            got.table2
                .iter()
                .map(|r| (&r.block, &r.row))
                .collect::<Vec<_>>()
        ));
    }
    let columns = expected.format.table3_columns();
    for row in &expected.table3 {
        let g = got.table3_row(&row.key);
        for c in 0..TABLE3_COLUMNS {
            let found = g.map(|cells| &cells[c]);
            if found != Some(&row.cells[c]) {
                out.push(format!(
                    "表三 {} {}: {found:?}, expected {:?}",
                    row.key, columns[c], row.cells[c]
                ));
            }
        }
    }
    for (i, (e, g)) in expected.table4.iter().zip(&got.table4).enumerate() {
        if e != g {
            let col = &expected.format.table4_columns()[i];
            out.push(format!("表四 {}: {g:?}, expected {e:?}", col.label));
        }
    }
    for u in &parsed.missing {
        out.push(format!("missing: {:?} {}", u.cell, u.message));
    }
    for u in &parsed.ambiguous {
        out.push(format!("ambiguous: {:?} {}", u.cell, u.message));
    }
    out
}

fn assert_round_trip(expected: &AnnualReport, parsed: &ParsedReport, what: &str, input: &str) {
    let diff = differences(expected, parsed, what == "traditional");
    assert!(
        diff.is_empty(),
        "{what}: {} difference(s):\n  {}\n--- input ---\n{}",
        diff.len(),
        diff.join("\n  "),
        input.chars().take(12_000).collect::<String>()
    );
}

fn check_text(r: &AnnualReport, text: &str, what: &str) {
    let parsed = parse_text(text);
    assert_round_trip(r, &parsed, what, text);
    // The same through the byte entry point (which must see text, not HTML).
    let parsed = parse_bytes("report.txt", text.as_bytes()).expect("readable text");
    assert_round_trip(r, &parsed, what, text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn pipe_rows_round_trip(spec in spec()) {
        let r = report_of(&spec);
        let text = layout_a(&r, &mut Rng(spec.seed));
        check_text(&r, &text, "pipes");
    }

    #[test]
    fn one_cell_per_line_round_trips(spec in spec()) {
        let r = report_of(&spec);
        let text = layout_b(&r, &mut Rng(spec.seed));
        check_text(&r, &text, "one cell per line");
    }

    #[test]
    fn html_tables_round_trip(spec in spec()) {
        let r = report_of(&spec);
        let html = layout_c(&r, &mut Rng(spec.seed));
        assert_round_trip(&r, &parse_html(&html), "html", &html);
        let parsed = parse_bytes("report.html", html.as_bytes()).expect("readable HTML");
        assert_round_trip(&r, &parsed, "html", &html);
    }

    #[test]
    fn traditional_characters_round_trip(spec in spec()) {
        let r = report_of(&spec);
        let text = layout_d(&r, &mut Rng(spec.seed));
        check_text(&r, &text, "traditional");
    }

    #[test]
    fn separators_and_full_width_digits_round_trip(spec in spec()) {
        let r = report_of(&spec);
        let text = layout_e(&r, &mut Rng(spec.seed));
        check_text(&r, &text, "separators and full-width digits");
    }
}

proptest! {
    // Rendering a DOCX takes longer than the text layouts.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn rendered_docx_round_trips(spec in spec()) {
        let r = report_of(&spec);
        let bytes = gongkai_render::report_docx(&r).expect("render DOCX");
        let parsed = parse_bytes("x.docx", &bytes).expect("readable DOCX");
        assert_round_trip(&r, &parsed, "docx", "(DOCX)");
    }
}

// ---------------------------------------------------------------------------
// The test-only tools themselves

/// Every traditional character of the map folds back to its simplified one
/// the way the parser folds (fast2s), and converting changes the script only.
#[test]
fn traditional_map_folds_back() {
    for (s, t) in TRADITIONAL {
        assert_eq!(
            fast2s::convert(&t.to_string()),
            s.to_string(),
            "{t} should fold to {s}"
        );
    }
    for format in ReportFormat::ALL {
        let r = report_of(&fixed_spec(format));
        let text = layout_a(&r, &mut Rng(1));
        let converted = traditional(&text);
        assert_ne!(text, converted);
        assert_eq!(
            fast2s::convert(&converted),
            fast2s::convert(&text),
            "the map only changes script"
        );
    }
}

#[test]
fn renderers_fill_every_cell() {
    for format in ReportFormat::ALL {
        let r = report_of(&fixed_spec(format));
        let doc = document(&r);
        let values: usize = doc
            .iter()
            .map(|b| match b {
                Block::Table(rows) => rows
                    .iter()
                    .flatten()
                    .filter(|c| c.kind == Kind::Value)
                    .count(),
                _ => 0,
            })
            .sum();
        assert_eq!(
            values,
            format.table2_cell_count() + format.table3_rows().len() * TABLE3_COLUMNS + 15
        );
        // Each HTML row of table 三 spans the ten columns.
        let rows = table3(&r);
        let mut occupied = vec![0usize; rows.len()];
        for (i, row) in rows.iter().enumerate() {
            for c in row {
                for o in occupied.iter_mut().skip(i).take(c.rowspan) {
                    *o += c.colspan;
                }
            }
        }
        assert!(occupied.iter().all(|n| *n == 10), "{occupied:?}");
        assert_eq!(thousands("4657"), "4,657");
        assert_eq!(thousands("100000"), "100,000");
        assert_eq!(thousands("12"), "12");
    }
}

// ---------------------------------------------------------------------------
// Fixtures: one fixed report in the layouts `gongkai bench parse` measures
// and the fuzzer starts from.

fn fixed_spec(format: ReportFormat) -> Spec {
    Spec {
        format,
        year: match format {
            ReportFormat::Y2019 => 2020,
            ReportFormat::Y2021 => 2023,
        },
        agency: AGENCIES[0],
        counts: vec![0, 3, 17, 0, 4657, 0, 1, 12, 86, 0, 0, 2, 105, 9, 0, 31],
        changes: vec![(true, false), (false, true), (true, true), (false, false)],
        cents: vec![1235, 0, 48_000_050, 700],
        seed: 20_240_131,
    }
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/layouts");

fn fixtures() -> Vec<(&'static str, ReportFormat, Vec<u8>)> {
    let r21 = report_of(&fixed_spec(ReportFormat::Y2021));
    let r19 = report_of(&fixed_spec(ReportFormat::Y2019));
    let seed = fixed_spec(ReportFormat::Y2021).seed;
    vec![
        (
            "generated_2021.html",
            ReportFormat::Y2021,
            layout_c(&r21, &mut Rng(seed)).into_bytes(),
        ),
        (
            "generated_2021_cells.txt",
            ReportFormat::Y2021,
            layout_b(&r21, &mut Rng(seed)).into_bytes(),
        ),
        (
            "generated_2019_pipes.txt",
            ReportFormat::Y2019,
            layout_a(&r19, &mut Rng(seed)).into_bytes(),
        ),
        (
            "generated_2019_traditional.txt",
            ReportFormat::Y2019,
            layout_d(&r19, &mut Rng(seed)).into_bytes(),
        ),
        (
            "generated_2021_digits.txt",
            ReportFormat::Y2021,
            layout_e(&r21, &mut Rng(seed)).into_bytes(),
        ),
        (
            "generated_2021.docx",
            ReportFormat::Y2021,
            gongkai_render::report_docx(&r21).expect("render DOCX"),
        ),
    ]
}

/// The fixtures are this file's renderers' output (rewritten with
/// `GONGKAI_UPDATE_FIXTURES=1`; the DOCX is not compared byte for byte, its
/// ZIP carries timestamps).
#[test]
fn fixtures_are_current() {
    let update = std::env::var_os("GONGKAI_UPDATE_FIXTURES").is_some();
    if update {
        std::fs::create_dir_all(FIXTURES).expect("create tests/layouts");
    }
    let mut stale = Vec::new();
    for (name, _, bytes) in fixtures() {
        let path = format!("{FIXTURES}/{name}");
        if update {
            std::fs::write(&path, &bytes).expect("write fixture");
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        if on_disk.is_empty() || (!name.ends_with(".docx") && on_disk != bytes) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "fixtures out of date (run with GONGKAI_UPDATE_FIXTURES=1): {stale:?}"
    );
}

/// Each fixture reads back as the report it shows.
#[test]
fn fixtures_read_back() {
    for (name, format, _) in fixtures() {
        let on_disk = std::fs::read(format!("{FIXTURES}/{name}")).expect("fixture");
        let r = report_of(&fixed_spec(format));
        let parsed = parse_bytes(name, &on_disk).expect("readable fixture");
        let what = if name.contains("traditional") {
            "traditional"
        } else {
            name
        };
        assert_round_trip(&r, &parsed, what, &String::from_utf8_lossy(&on_disk));
    }
}
