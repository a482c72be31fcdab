//! The annual report as DOCX: the official page of the letters (A4, GB/T
//! 9704-2012 margins, page numbers), the title centred in 方正小标宋简体, each
//! part's standard title in 黑体 and its text in 仿宋_GB2312 三号 with a
//! two-character indent, and tables 二, 三, 四 with merged header cells
//! (`w:gridSpan`, `w:vMerge`) in 仿宋_GB2312 10.5pt / 9pt.

use docx_rs::{
    AlignmentType, Paragraph, Run, Table, TableAlignmentType, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};
use gongkai_domain::report::AnnualReport;

use super::{Grid, GridCell, PartTable, Role, TEXT_WIDTH_MM, paragraphs, part_table};
use crate::RenderError;
use crate::docx::{
    BODY_FONT, CoreMeta, HEADING_FONT, TEXT_WIDTH, TITLE_FONT, blank, body_paragraph, exact,
    fit_widths, fonts, official_page, pack, run, single,
};

/// The grid's column widths in twips, adding up to the text width.
fn grid_twips(grid: &Grid) -> Vec<usize> {
    fit_widths(&grid.widths, TEXT_WIDTH_MM)
}

/// A paragraph of a table cell, `size` in points.
fn cell_paragraph(text: &str, size: f32, role: Role) -> Paragraph {
    let half_points = (size * 2.0).round() as usize;
    let align = match role {
        Role::Label => AlignmentType::Left,
        Role::Header | Role::Group | Role::Number => AlignmentType::Center,
    };
    let mut p = Paragraph::new()
        .align(align)
        .line_spacing(single())
        .size(half_points)
        .fonts(fonts(BODY_FONT));
    if !text.is_empty() {
        let mut r = Run::new()
            .add_text(text)
            .fonts(fonts(BODY_FONT))
            .size(half_points);
        if role == Role::Header {
            r = r.bold();
        }
        p = p.add_run(r);
    }
    p
}

fn cell(c: &GridCell, width: usize, size: f32) -> TableCell {
    let mut tc = TableCell::new()
        .add_paragraph(cell_paragraph(&c.text, size, c.role))
        .vertical_align(VAlignType::Center)
        .width(width, WidthType::Dxa);
    if c.colspan > 1 {
        tc = tc.grid_span(c.colspan);
    }
    if c.rowspan > 1 {
        tc = tc.vertical_merge(VMergeType::Restart);
    }
    tc
}

/// The continuation of a vertical merge from a row above.
fn continued(colspan: usize, width: usize, size: f32) -> TableCell {
    let mut tc = TableCell::new()
        .add_paragraph(cell_paragraph("", size, Role::Number))
        .vertical_align(VAlignType::Center)
        .vertical_merge(VMergeType::Continue)
        .width(width, WidthType::Dxa);
    if colspan > 1 {
        tc = tc.grid_span(colspan);
    }
    tc
}

/// A grid as a Word table: cells placed like HTML table cells; a cell that
/// spans rows starts a vertical merge, which each row below continues with a
/// cell of the same span.
pub(crate) fn table(grid: &Grid) -> Table {
    let widths = grid_twips(grid);
    let n = widths.len();
    let span_width = |from: usize, span: usize| -> usize {
        widths[from.min(n)..(from + span).min(n)].iter().sum()
    };
    // Per column: (rows still to continue, column span) of a merge from above.
    let mut below: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut rows = Vec::new();
    for row in &grid.rows {
        let mut cells = Vec::new();
        let mut starts = row.iter();
        let mut col = 0;
        while col < n {
            if let Some((left, span)) = below[col] {
                cells.push(continued(span, span_width(col, span), grid.size));
                below[col] = (left > 1).then_some((left - 1, span));
                col += span;
                continue;
            }
            let Some(c) = starts.next() else {
                // A short row: fill it so that every row has the grid's width.
                cells.push(cell(
                    &GridCell {
                        text: String::new(),
                        rowspan: 1,
                        colspan: n - col,
                        role: Role::Number,
                    },
                    span_width(col, n - col),
                    grid.size,
                ));
                break;
            };
            cells.push(cell(c, span_width(col, c.colspan), grid.size));
            if c.rowspan > 1 {
                below[col] = Some((c.rowspan - 1, c.colspan));
            }
            col += c.colspan;
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(40, 40, 40, 40))
}

/// A small centred line over a table (the note of table 三).
fn note(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, 12))
        .align(AlignmentType::Center)
        .line_spacing(exact(20))
        .keep_next(true)
}

pub(crate) fn report_docx(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    let mut docx = official_page()
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&r.title(), TITLE_FONT, 22).bold())
                .align(AlignmentType::Center)
                .line_spacing(exact(36)),
        )
        .add_paragraph(blank());
    for (i, text) in r.parts.iter().enumerate() {
        docx = docx
            .add_paragraph(body_paragraph(run(r.part_title(i), HEADING_FONT, 16)).keep_next(true));
        for p in paragraphs(text) {
            docx = docx.add_paragraph(body_paragraph(run(p, BODY_FONT, 16)));
        }
        docx = match part_table(i) {
            PartTable::None => docx,
            PartTable::Table2 => docx.add_table(table(&super::table2_grid(r))),
            PartTable::Table3 => docx
                .add_paragraph(note(r.format.table3_header_note()))
                .add_table(table(&super::table3_grid(r))),
            PartTable::Table4 => docx.add_table(table(&super::table4_grid(r))),
        };
        if !matches!(part_table(i), PartTable::None) {
            // Space between the table and the next part's title.
            docx = docx.add_paragraph(Paragraph::new().line_spacing(exact(14)).size(20));
        }
    }
    // The report carries no date of its own (its publication is the
    // platform's record): title and author only.
    let meta = CoreMeta {
        title: r.title(),
        author: r.agency.clone(),
        date: None,
    };
    pack(docx, &meta)
}
