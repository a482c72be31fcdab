//! The annual report (政府信息公开工作年度报告) as files: DOCX and PDF in the
//! official layout (the six parts with their standard titles, tables 二, 三
//! and 四 with their merged header cells), XLSX (the tables in the official
//! layout, a chart sheet and a data sheet for programs), and charts as
//! standalone SVG.
//!
//! The tables are laid out once, here, as [`Grid`]s (cells with row and
//! column spans, placed like HTML table cells: each row lists the cells that
//! start in it, filling the next free columns); the DOCX, PDF and XLSX
//! writers only translate a grid into docx-rs merges, typst `table.cell`s
//! and merged ranges.

pub(crate) mod docx;
pub(crate) mod pdf;
pub(crate) mod svg;
pub(crate) mod xlsx;

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::{ReportFormat, Table3RowKind};

/// The width of the text area of the A4 page, in millimetres (210 − 28 − 26).
pub(crate) const TEXT_WIDTH_MM: f32 = 156.0;

/// The header over table 三's seven columns.
const APPLICANTS: &str = "申请人情况";
/// The header over the five organisation columns of table 三.
const ORGANISATIONS: &str = "法人或其他组织";
/// The header of table 二's row labels.
const CONTENT: &str = "信息内容";

/// What a cell of a grid holds, which decides its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A column header: centred, bold.
    Header,
    /// A row label: left-aligned.
    Label,
    /// A row label printed centred (the block labels of table 二, the
    /// merged group labels of table 三).
    Group,
    /// A figure: centred.
    Number,
}

/// One cell of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub role: Role,
}

impl GridCell {
    fn new(text: impl Into<String>, role: Role) -> GridCell {
        GridCell {
            text: text.into(),
            rowspan: 1,
            colspan: 1,
            role,
        }
    }

    fn span(mut self, rows: usize, cols: usize) -> GridCell {
        self.rowspan = rows.max(1);
        self.colspan = cols.max(1);
        self
    }
}

/// A table with merged cells, as both writers print it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    /// Column widths in millimetres; they add up to [`TEXT_WIDTH_MM`].
    pub widths: Vec<f32>,
    /// Font size of the table's text, in points.
    pub size: f32,
    /// How many of the first rows are the header (repeated on a new page
    /// where the writer can).
    pub header_rows: usize,
    /// Each row's cells that start in it, left to right.
    pub rows: Vec<Vec<GridCell>>,
}

/// `n` equal columns sharing `width` mm.
fn equal(n: usize, width: f32) -> Vec<f32> {
    vec![width / n as f32; n]
}

/// Table 二 (主动公开): per block, a header row (the block label merged
/// down over the block, 信息内容, the block's columns) and its rows. The data
/// columns are six narrow grid columns, so that blocks of one, two or three
/// columns (the 2019 format mixes them) each divide the width evenly (more
/// when a parsed report has a block with more columns).
pub(crate) fn table2_grid(r: &AnnualReport) -> Grid {
    let blocks = blocks_of(r);
    let sub = blocks
        .iter()
        .map(|b| b.columns.len())
        .max()
        .unwrap_or(0)
        .max(6);
    let mut rows = Vec::new();
    for block in &blocks {
        let n = block.columns.len().max(1);
        let spans = spans(sub, n);
        let mut header = vec![
            GridCell::new(block.label.clone(), Role::Group).span(block.rows.len() + 1, 1),
            GridCell::new(CONTENT, Role::Header),
        ];
        header.extend(column_headers(block, &spans));
        rows.push(header);
        rows.extend(block_rows(block, &spans));
    }
    let mut widths = vec![36.0, 34.0];
    widths.extend(equal(sub, TEXT_WIDTH_MM - 70.0));
    Grid {
        widths,
        size: 10.5,
        header_rows: 0,
        rows,
    }
}

/// `total` grid columns shared by `n` cells as evenly as whole columns allow
/// (the last cells take the remainder).
fn spans(total: usize, n: usize) -> Vec<usize> {
    let base = total / n;
    let extra = total % n;
    (0..n).map(|i| base + usize::from(i >= n - extra)).collect()
}

/// A block of table 二 as printed: the format's blocks in order with the
/// report's rows, then any block the report has that the format does not
/// know (local extra rows of a parsed report).
struct PrintedBlock<'a> {
    label: String,
    columns: Vec<String>,
    rows: Vec<&'a gongkai_domain::report::Table2Row>,
}

/// A block's column headers, each spanning its share (`spans`) of the data
/// columns.
fn column_headers(block: &PrintedBlock<'_>, spans: &[usize]) -> Vec<GridCell> {
    block
        .columns
        .iter()
        .zip(spans)
        .map(|(c, s)| GridCell::new(c.clone(), Role::Header).span(1, *s))
        .collect()
}

/// A block's rows: the row's label, then its figure under each column
/// (blank where the row has none), spanning as the headers do.
fn block_rows(block: &PrintedBlock<'_>, spans: &[usize]) -> Vec<Vec<GridCell>> {
    block
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![GridCell::new(row.row.clone(), Role::Label)];
            cells.extend(block.columns.iter().zip(spans).map(|(c, s)| {
                let cell = row
                    .cells
                    .iter()
                    .find(|(label, _)| label == c)
                    .map_or_else(String::new, |(_, v)| v.display());
                GridCell::new(cell, Role::Number).span(1, *s)
            }));
            cells
        })
        .collect()
}

fn blocks_of(r: &AnnualReport) -> Vec<PrintedBlock<'_>> {
    let mut out: Vec<PrintedBlock<'_>> = Vec::new();
    for row in &r.table2 {
        let i = match out.iter().position(|b| b.label == row.block) {
            Some(i) => i,
            None => {
                let columns = r
                    .format
                    .table2_blocks()
                    .iter()
                    .find(|b| b.block == row.block)
                    .map(|b| b.columns.iter().map(|c| c.to_string()).collect())
                    .unwrap_or_default();
                out.push(PrintedBlock {
                    label: row.block.clone(),
                    columns,
                    rows: Vec::new(),
                });
                out.len() - 1
            }
        };
        let block = &mut out[i];
        for (c, _) in &row.cells {
            if !block.columns.contains(c) {
                block.columns.push(c.clone());
            }
        }
        block.rows.push(row);
    }
    out
}

/// How a row of table 三 is labelled in the three label columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowLabel {
    /// `三、本年度办理结果` for the result rows and （七）总计, else `None`
    /// (the label spans all three columns).
    pub top: Option<&'static str>,
    /// The group heading, e.g. `（三）不予公开`, for rows under one.
    pub group: Option<&'static str>,
    /// The row's own label, e.g. `1.属于国家秘密`.
    pub item: &'static str,
}

/// The parent heading of the result rows (`三、本年度办理结果`), as the
/// format's data spell it.
fn results_heading(format: ReportFormat) -> Option<&'static str> {
    format
        .table3_rows()
        .iter()
        .filter(|r| r.kind == Table3RowKind::Result)
        .find_map(|r| r.parent_label())
}

/// The labels of table 三's rows in the format's order.
pub(crate) fn table3_labels(format: ReportFormat) -> Vec<RowLabel> {
    let top = results_heading(format);
    format
        .table3_rows()
        .iter()
        .map(|row| match row.kind {
            Table3RowKind::Result | Table3RowKind::Total => {
                let parent = row.parent_label().filter(|p| Some(*p) != top);
                RowLabel {
                    top,
                    group: parent,
                    item: row.item_label(),
                }
            }
            _ => RowLabel {
                top: None,
                group: None,
                item: row.item_label(),
            },
        })
        .collect()
}

/// The cells of the table 三 row `key` as printed.
fn table3_cells(r: &AnnualReport, key: &str) -> Vec<String> {
    r.table3_row(key)
        .map(|cells| cells.iter().map(Cell::display).collect())
        .unwrap_or_else(|| vec![String::new(); 7])
}

/// Table 三 (依申请公开): a three-row header (申请人情况 over the seven
/// columns; 自然人 | 法人或其他组织 | 总计; the five organisation types) and
/// the rows with their labels in three columns, merged down where a heading
/// covers several rows.
pub(crate) fn table3_grid(r: &AnnualReport) -> Grid {
    let columns = r.format.table3_columns();
    let (first, rest) = columns
        .split_first()
        .map_or(("", &[][..]), |(f, r)| (*f, r));
    let (orgs, total) = match rest.split_last() {
        Some((t, orgs)) => (orgs, *t),
        None => (&[][..], ""),
    };
    let mut rows = vec![
        vec![
            GridCell::new("", Role::Header).span(3, 3),
            GridCell::new(APPLICANTS, Role::Header).span(1, columns.len()),
        ],
        vec![
            GridCell::new(first, Role::Header).span(2, 1),
            GridCell::new(ORGANISATIONS, Role::Header).span(1, orgs.len()),
            GridCell::new(total, Role::Header).span(2, 1),
        ],
        orgs.iter()
            .map(|c| GridCell::new(*c, Role::Header))
            .collect(),
    ];
    let labels = table3_labels(r.format);
    let format_rows = r.format.table3_rows();
    for (i, (label, row)) in labels.iter().zip(format_rows).enumerate() {
        let mut cells = Vec::new();
        match label.top {
            None => cells.push(GridCell::new(label.item, Role::Label).span(1, 3)),
            Some(top) => {
                if i == 0 || labels[i - 1].top != Some(top) {
                    let n = labels[i..]
                        .iter()
                        .take_while(|l| l.top == Some(top))
                        .count();
                    cells.push(GridCell::new(top, Role::Group).span(n, 1));
                }
                match label.group {
                    None => cells.push(GridCell::new(label.item, Role::Label).span(1, 2)),
                    Some(group) => {
                        if i == 0 || labels[i - 1].group != Some(group) {
                            let n = labels[i..]
                                .iter()
                                .take_while(|l| l.group == Some(group))
                                .count();
                            cells.push(GridCell::new(group, Role::Group).span(n, 1));
                        }
                        cells.push(GridCell::new(label.item, Role::Label));
                    }
                }
            }
        }
        cells.extend(
            table3_cells(r, row.key)
                .into_iter()
                .map(|t| GridCell::new(t, Role::Number)),
        );
        rows.push(cells);
    }
    let label_widths = [12.0, 18.0, 44.0];
    let mut widths = label_widths.to_vec();
    widths.extend(equal(
        columns.len(),
        TEXT_WIDTH_MM - label_widths.iter().sum::<f32>(),
    ));
    Grid {
        widths,
        size: 9.0,
        header_rows: 3,
        rows,
    }
}

/// A group of table 四 split into its heading and sub-heading:
/// `行政诉讼-复议后起诉` → (`行政诉讼`, `复议后起诉`).
fn group_parts(group: &str) -> (&str, Option<&str>) {
    match group.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (group, None),
    }
}

/// Table 四 (复议诉讼): a three-row header (行政复议 over five columns,
/// 行政诉讼 over ten; under 行政诉讼 未经复议直接起诉 and 复议后起诉; the five
/// results under each) and one row of fifteen figures.
pub(crate) fn table4_grid(r: &AnnualReport) -> Grid {
    let columns = r.format.table4_columns();
    // Runs of equal headings, in order.
    let mut tops: Vec<(&str, usize)> = Vec::new();
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for c in columns {
        let (top, _) = group_parts(c.group);
        match tops.last_mut() {
            Some((t, n)) if *t == top => *n += 1,
            _ => tops.push((top, 1)),
        }
        match groups.last_mut() {
            Some((g, n)) if *g == c.group => *n += 1,
            _ => groups.push((c.group, 1)),
        }
    }
    let mut row1 = Vec::new();
    let mut row2 = Vec::new();
    let mut row3 = Vec::new();
    for (top, n) in &tops {
        row1.push(GridCell::new(*top, Role::Header).span(1, *n));
    }
    let mut at = 0;
    for (group, n) in &groups {
        let results = &columns[at..at + n];
        at += n;
        match group_parts(group).1 {
            // A group without a sub-heading: its results take rows 2 and 3.
            None => row2.extend(
                results
                    .iter()
                    .map(|c| GridCell::new(c.result, Role::Header).span(2, 1)),
            ),
            Some(sub) => {
                row2.push(GridCell::new(sub, Role::Header).span(1, *n));
                row3.extend(
                    results
                        .iter()
                        .map(|c| GridCell::new(c.result, Role::Header)),
                );
            }
        }
    }
    let figures = r
        .table4
        .iter()
        .map(|c| GridCell::new(c.display(), Role::Number))
        .collect();
    Grid {
        widths: equal(columns.len(), TEXT_WIDTH_MM),
        size: 9.0,
        header_rows: 3,
        rows: vec![row1, row2, row3, figures],
    }
}

/// The text of a part as paragraphs: one per non-empty line.
pub(crate) fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Which table follows the lead-in text of part `i` (0-based).
pub(crate) enum PartTable {
    None,
    Table2,
    Table3,
    Table4,
}

pub(crate) fn part_table(i: usize) -> PartTable {
    match i {
        1 => PartTable::Table2,
        2 => PartTable::Table3,
        3 => PartTable::Table4,
        _ => PartTable::None,
    }
}

/// A cell's value as a number for charts: blanks and text count as 0.
pub(crate) fn value(cell: &Cell) -> f64 {
    cell.number().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::report::AnnualReport;

    /// Places a grid's cells like HTML and checks that every row fills
    /// exactly the width of the grid.
    fn check_fills(grid: &Grid) {
        let n = grid.widths.len();
        let mut below = vec![0usize; n];
        for (ri, row) in grid.rows.iter().enumerate() {
            let mut col = 0;
            let mut cells = row.iter();
            loop {
                while col < n && below[col] > 0 {
                    below[col] -= 1;
                    col += 1;
                }
                if col >= n {
                    break;
                }
                let Some(c) = cells.next() else {
                    panic!("row {ri} stops at column {col} of {n}");
                };
                for slot in &mut below[col..col + c.colspan] {
                    assert_eq!(*slot, 0, "row {ri}: overlap");
                    *slot = c.rowspan - 1;
                }
                col += c.colspan;
            }
            assert!(cells.next().is_none(), "row {ri} has cells past the width");
        }
        assert!(below.iter().all(|b| *b == 0), "a merge runs past the end");
        let sum: f32 = grid.widths.iter().sum();
        assert!((sum - TEXT_WIDTH_MM).abs() < 0.01, "{sum}");
    }

    #[test]
    fn grids_fill_their_width_in_both_formats() {
        for (format, year) in [(ReportFormat::Y2021, 2025), (ReportFormat::Y2019, 2020)] {
            let r = AnnualReport::blank(format, year, "某局");
            for grid in [table2_grid(&r), table3_grid(&r), table4_grid(&r)] {
                check_fills(&grid);
            }
        }
    }

    #[test]
    fn table3_labels_merge_the_result_heading_and_groups() {
        let labels = table3_labels(ReportFormat::Y2021);
        assert_eq!(labels.len(), 25);
        assert_eq!(labels[0].top, None);
        assert_eq!(labels[2].top, Some("三、本年度办理结果"));
        assert_eq!(labels[2].group, None);
        assert_eq!(labels[2].item, "（一）予以公开");
        assert_eq!(labels[4].group, Some("（三）不予公开"));
        assert_eq!(labels[4].item, "1.属于国家秘密");
        assert_eq!(labels[23].item, "（七）总计");
        assert_eq!(labels[23].top, Some("三、本年度办理结果"));
        let grid = table3_grid(&AnnualReport::blank(ReportFormat::Y2021, 2025, "某局"));
        let heading = &grid.rows[5][0];
        assert_eq!(heading.text, "三、本年度办理结果");
        assert_eq!(heading.rowspan, 22, "21 result rows and （七）总计");
        let deny = &grid.rows[7][0];
        assert_eq!((deny.text.as_str(), deny.rowspan), ("（三）不予公开", 8));
        let old = table3_labels(ReportFormat::Y2019);
        assert_eq!(old.len(), 23);
        assert_eq!(old[20].item, "（六）其他处理");
        assert_eq!(old[20].group, None);
        assert_eq!(old[20].top, Some("三、本年度办理结果"));
    }

    #[test]
    fn spans_share_six_columns() {
        assert_eq!(spans(6, 1), vec![6]);
        assert_eq!(spans(6, 2), vec![3, 3]);
        assert_eq!(spans(6, 3), vec![2, 2, 2]);
        assert_eq!(spans(6, 4), vec![1, 1, 2, 2]);
    }
}
