//! The application form as DOCX: the official page (A4, the side margins of
//! GB/T 9704-2012, less above and below so that the form fits one page), the
//! title centred, the addressee, and the form as a bordered Word table with
//! the rows' least heights (`w:trHeight` at least), merged group labels
//! (`w:vMerge`) and spans (`w:gridSpan`).

use docx_rs::{
    AlignmentType, HeightRule, PageMargin, Paragraph, Run, Table, TableAlignmentType, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::{ApplicationForm, CELL_PT, CellKind, FormCell, TITLE, WIDTHS_MM};
use crate::RenderError;
use crate::docx::{
    BODY_FONT, CoreMeta, TEXT_WIDTH, TITLE_FONT, body_paragraph, borders, exact, fit_widths, flush,
    fonts, official_page, pack, run, single, twips,
};

/// The grid's widths in twips, adding up to the text width.
fn widths() -> Vec<usize> {
    fit_widths(&WIDTHS_MM, WIDTHS_MM.iter().sum())
}

fn cell_paragraph(c: &FormCell) -> Paragraph {
    let half_points = (CELL_PT * 2.0).round() as usize;
    let align = match c.kind {
        CellKind::Choice => AlignmentType::Left,
        _ => AlignmentType::Center,
    };
    let mut p = Paragraph::new()
        .align(align)
        .line_spacing(single())
        .size(half_points)
        .fonts(fonts(BODY_FONT));
    if !c.text.is_empty() {
        let mut r = Run::new()
            .add_text(&c.text)
            .fonts(fonts(BODY_FONT))
            .size(half_points);
        if c.kind == CellKind::Group {
            r = r.bold();
        }
        p = p.add_run(r);
    }
    p
}

fn table_cell(c: &FormCell, width: usize) -> TableCell {
    let mut tc = TableCell::new()
        .add_paragraph(cell_paragraph(c))
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

/// The continuation, in a row below, of a cell merged down.
fn continued(width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(Paragraph::new())
        .vertical_align(VAlignType::Center)
        .vertical_merge(VMergeType::Continue)
        .width(width, WidthType::Dxa)
}

/// The form's rows as a Word table. Only the first column holds cells
/// merged down (the group labels), so one counter says how many rows below
/// still continue it.
fn table(form: &ApplicationForm) -> Table {
    let widths = widths();
    let span = |from: usize, n: usize| widths[from..(from + n).min(widths.len())].iter().sum();
    let mut continuing = 0usize;
    let mut rows = Vec::new();
    for r in form.rows() {
        let mut cells = Vec::new();
        let mut col = 0;
        if continuing > 0 {
            cells.push(continued(widths[0]));
            continuing -= 1;
            col = 1;
        }
        for c in &r.cells {
            cells.push(table_cell(c, span(col, c.colspan)));
            if c.rowspan > 1 {
                continuing = c.rowspan - 1;
            }
            col += c.colspan;
        }
        rows.push(
            TableRow::new(cells)
                .row_height(twips(r.min_mm).round())
                .height_rule(HeightRule::AtLeast)
                .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(40, 80, 40, 80))
        .set_borders(borders())
}

pub(crate) fn application_form_docx(form: &ApplicationForm) -> Result<Vec<u8>, RenderError> {
    let [addressee, request] = form.opening();
    let mut docx = official_page()
        .page_margin(
            PageMargin::new()
                .top(twips(25.0) as i32)
                .bottom(twips(20.0) as i32)
                .left(1588)
                .right(1474)
                .header(851)
                .footer(567),
        )
        .add_paragraph(flush(
            run(TITLE, TITLE_FONT, 18).bold(),
            AlignmentType::Center,
        ))
        .add_paragraph(Paragraph::new().line_spacing(exact(12)))
        .add_paragraph(
            flush(run(&addressee, BODY_FONT, 12), AlignmentType::Left).line_spacing(exact(22)),
        )
        .add_paragraph(body_paragraph(run(&request, BODY_FONT, 12)).line_spacing(exact(22)))
        .add_table(table(form))
        .add_paragraph(Paragraph::new().line_spacing(exact(8)))
        .add_paragraph(
            flush(run("填表说明：", BODY_FONT, 10), AlignmentType::Left).line_spacing(exact(16)),
        );
    for (i, note) in form.notes().iter().enumerate() {
        docx = docx.add_paragraph(
            flush(
                run(&format!("{}. {note}", i + 1), BODY_FONT, 10),
                AlignmentType::Both,
            )
            .line_spacing(exact(16)),
        );
    }
    let meta = CoreMeta {
        title: TITLE.to_string(),
        author: form.agency.clone(),
        date: None,
    };
    pack(docx, &meta)
}
