//! Tables 二, 三 and 四 of an annual report as HTML grids in the official
//! layout (merged header and label cells), with the cells that a finding
//! names highlighted and, for staff, every figure linked to what is behind it.

use gongkai_domain::report::{AnnualReport, Cell, Finding};
use gongkai_domain::vocabulary::Table3RowKind;

/// One cell of an HTML table.
pub struct GridCell {
    pub text: String,
    pub header: bool,
    pub rowspan: usize,
    pub colspan: usize,
    /// Drill-down link (staff only).
    pub href: Option<String>,
    /// The messages of the findings that name this cell.
    pub problems: Vec<String>,
    /// A number (right-aligned).
    pub numeric: bool,
}

impl GridCell {
    fn head(text: &str, rowspan: usize, colspan: usize) -> GridCell {
        GridCell {
            text: text.to_string(),
            header: true,
            rowspan,
            colspan,
            href: None,
            problems: Vec::new(),
            numeric: false,
        }
    }

    fn label(text: &str, rowspan: usize, colspan: usize) -> GridCell {
        GridCell {
            header: false,
            ..GridCell::head(text, rowspan, colspan)
        }
    }

    pub fn is_bad(&self) -> bool {
        !self.problems.is_empty()
    }

    pub fn title(&self) -> String {
        self.problems.join("；")
    }
}

pub type GridRow = Vec<GridCell>;

/// The three tables of a report, ready for a template.
pub struct ReportGrids {
    pub table2: Vec<GridRow>,
    pub table3_note: &'static str,
    pub table3: Vec<GridRow>,
    pub table4: Vec<GridRow>,
}

fn value(
    cell: &Cell,
    findings: &[Finding],
    table: &str,
    row: &str,
    column: &str,
    href: Option<String>,
) -> GridCell {
    let problems = findings
        .iter()
        .filter(|f| {
            f.table.as_deref() == Some(table)
                && f.row.as_deref() == Some(row)
                && f.column.as_deref() == Some(column)
        })
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    GridCell {
        text: cell.display(),
        header: false,
        rowspan: 1,
        colspan: 1,
        href,
        problems,
        numeric: true,
    }
}

/// The grids of `report`. `links`: the base URL of the drill-down (staff
/// pages), e.g. `/workbench/reports/CODE/2025/cells`; `figures_url`: where the
/// Article 20 figures are entered.
pub fn grids(
    report: &AnnualReport,
    findings: &[Finding],
    links: Option<&str>,
    figures_url: Option<&str>,
) -> ReportGrids {
    let format = report.format;
    // Table 二: per block a title row, a header row, then its rows.
    let mut t2 = Vec::new();
    let blocks = format.table2_blocks();
    let mut extra_blocks: Vec<&str> = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        t2.push(vec![GridCell::head(b.block, 1, b.columns.len() + 1)]);
        let mut head = vec![GridCell::head("信息内容", 1, 1)];
        head.extend(b.columns.iter().map(|c| GridCell::head(c, 1, 1)));
        t2.push(head);
        for row in report.table2.iter().filter(|r| r.block == b.block) {
            let mut cells = vec![GridCell::label(&row.row, 1, 1)];
            for (ci, (col, cell)) in row.cells.iter().enumerate() {
                let href = if bi == 0 {
                    links.map(|l| {
                        format!(
                            "{l}?table={}&row={}&col={ci}",
                            percent_encode("二"),
                            percent_encode(&row.row)
                        )
                    })
                } else {
                    figures_url.map(str::to_string)
                };
                cells.push(value(cell, findings, "二", &row.row, col, href));
            }
            t2.push(cells);
        }
    }
    // Rows a parsed report adds to a block (local extras) are shown after.
    for row in &report.table2 {
        if !blocks.iter().any(|b| b.block == row.block)
            && !extra_blocks.contains(&row.block.as_str())
        {
            extra_blocks.push(&row.block);
        }
    }
    for block in extra_blocks {
        t2.push(vec![GridCell::head(block, 1, 4)]);
        for row in report.table2.iter().filter(|r| r.block == block) {
            let mut cells = vec![GridCell::label(&row.row, 1, 1)];
            for (col, cell) in &row.cells {
                cells.push(value(cell, findings, "二", &row.row, col, None));
            }
            t2.push(cells);
        }
    }

    // Table 三.
    let columns = format.table3_columns();
    let mut t3 = vec![
        vec![
            GridCell::head("", 3, 3),
            GridCell::head("申请人情况", 1, columns.len()),
        ],
        vec![
            GridCell::head(columns[0], 2, 1),
            GridCell::head("法人或其他组织", 1, 5),
            GridCell::head(columns[6], 2, 1),
        ],
        columns[1..6]
            .iter()
            .map(|c| GridCell::head(c, 1, 1))
            .collect(),
    ];
    let rows = format.table3_rows();
    let results_span = rows
        .iter()
        .filter(|r| matches!(r.kind, Table3RowKind::Result | Table3RowKind::Total))
        .count();
    let mut results_started = false;
    let mut last_parent: Option<&str> = None;
    for r in rows {
        let mut cells = Vec::new();
        match r.kind {
            Table3RowKind::Result | Table3RowKind::Total => {
                if !results_started {
                    results_started = true;
                    let top = r.parent_label().unwrap_or("三、本年度办理结果");
                    cells.push(GridCell::label(top, results_span, 1));
                }
                match r.parent_label() {
                    Some(p) if !p.starts_with("三、") => {
                        if last_parent != Some(p) {
                            let span = rows.iter().filter(|x| x.parent_label() == Some(p)).count();
                            cells.push(GridCell::label(p, span, 1));
                            last_parent = Some(p);
                        }
                        cells.push(GridCell::label(r.item_label(), 1, 1));
                    }
                    _ => {
                        last_parent = None;
                        cells.push(GridCell::label(r.item_label(), 1, 2));
                    }
                }
            }
            _ => cells.push(GridCell::label(r.label, 1, 3)),
        }
        let row_cells = report.table3_row(r.key);
        for (ci, col) in columns.iter().enumerate() {
            let cell = row_cells.map_or(Cell::Blank, |c| c[ci].clone());
            let href =
                links.map(|l| format!("{l}?table={}&row={}&col={ci}", percent_encode("三"), r.key));
            cells.push(value(&cell, findings, "三", r.label, col, href));
        }
        t3.push(cells);
    }

    // Table 四.
    let t4cols = format.table4_columns();
    let mut t4 = vec![
        vec![
            GridCell::head("行政复议", 1, 5),
            GridCell::head("行政诉讼", 1, 10),
        ],
        {
            let mut row: Vec<GridCell> = t4cols[..5]
                .iter()
                .map(|c| GridCell::head(c.result, 2, 1))
                .collect();
            row.push(GridCell::head("未经复议直接起诉", 1, 5));
            row.push(GridCell::head("复议后起诉", 1, 5));
            row
        },
        t4cols[5..]
            .iter()
            .map(|c| GridCell::head(c.result, 1, 1))
            .collect(),
    ];
    t4.push(
        t4cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let href = links.map(|l| format!("{l}?table={}&col={i}", percent_encode("四")));
                value(&report.table4[i], findings, "四", c.group, c.result, href)
            })
            .collect(),
    );
    ReportGrids {
        table2: t2,
        table3_note: format.table3_header_note(),
        table3: t3,
        table4: t4,
    }
}

/// Percent-encodes a query value or file name (RFC 3986 unreserved kept).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
