//! One official table on its sheet: the report's title, the part's title
//! and the agency over the table; the table's cells placed like HTML table
//! cells ([`place`]) with their merges and thin borders; row heights for
//! the wrapped text; A4 page setup, fit to the page width, the header rows
//! repeated on every printed page (打印标题) and page numbers in the footer.

use gongkai_domain::report::{AnnualReport, Cell};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::super::{Grid, GridCell, Role};
use super::{A4, FONT, write_cell};

/// The table's first row (0-based): under the title, the part's title and
/// the agency line.
pub(super) const TOP: u32 = 3;

/// The table's font size in points (五号).
const SIZE: f64 = 10.5;
/// The title's font size in points.
const TITLE_SIZE: f64 = 16.0;
/// The height of one line of table text, in points.
const LINE: f64 = 14.0;

/// An official table as a sheet.
pub(super) struct Layout {
    /// The sheet's name.
    pub name: &'static str,
    /// The part's title over the table, e.g. `三、收到和处理政府信息公开申请情况`.
    pub heading: &'static str,
    pub grid: Grid,
    /// The width of each grid column in Excel's units (the width of a
    /// digit; a Chinese character takes two).
    pub widths: Vec<f64>,
    /// Printed across the page (wide tables).
    pub landscape: bool,
}

/// A grid cell at its place: row and column from the table's top left.
pub(super) struct Placed<'a> {
    pub row: usize,
    pub col: usize,
    pub cell: &'a GridCell,
}

/// The cells of `grid` at their places: each row's cells take the next
/// columns not covered by a cell merged down from a row above.
pub(super) fn place(grid: &Grid, columns: usize) -> Vec<Placed<'_>> {
    let mut below = vec![0usize; columns];
    let mut out = Vec::new();
    for (row, cells) in grid.rows.iter().enumerate() {
        let busy: Vec<bool> = below.iter().map(|b| *b > 0).collect();
        below.iter_mut().for_each(|b| *b = b.saturating_sub(1));
        let mut col = 0;
        for cell in cells {
            while col < columns && busy[col] {
                col += 1;
            }
            let end = (col + cell.colspan).min(columns);
            below[col.min(end)..end].fill(cell.rowspan - 1);
            out.push(Placed { row, col, cell });
            col += cell.colspan;
        }
    }
    out
}

/// The width of `text` in Excel's units: two for a Chinese character.
fn units(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

/// How many lines `text` takes in a cell `width` units wide.
fn lines(text: &str, width: f64) -> f64 {
    (units(text) / (width - 1.0).max(1.0)).ceil().max(1.0)
}

/// The height of each table row in points: each cell's text fits, a
/// merged cell's over the rows it covers.
fn heights(placed: &[Placed], widths: &[f64], rows: usize) -> Vec<f64> {
    let width = |p: &Placed| -> f64 {
        widths[p.col..(p.col + p.cell.colspan).min(widths.len())]
            .iter()
            .sum()
    };
    let need = |p: &Placed| lines(&p.cell.text, width(p)) * LINE + 4.0;
    let mut h = vec![LINE + 4.0; rows];
    for p in placed.iter().filter(|p| p.cell.rowspan == 1) {
        h[p.row] = h[p.row].max(need(p));
    }
    for p in placed.iter().filter(|p| p.cell.rowspan > 1) {
        let span = p.row..(p.row + p.cell.rowspan).min(rows);
        let have: f64 = h[span.clone()].iter().sum();
        let missing = need(p) - have;
        if missing > 0.0 {
            let add = missing / span.len() as f64;
            h[span].iter_mut().for_each(|x| *x += add);
        }
    }
    h
}

/// The look of a cell of a role: 宋体 五号, thin borders, centred
/// vertically, wrapped; headers bold and centred, labels left, figures
/// and group labels centred.
fn cell_format(role: Role) -> Format {
    let f = Format::new()
        .set_font_name(FONT)
        .set_font_size(SIZE)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    match role {
        Role::Header => f.set_bold().set_align(FormatAlign::Center),
        Role::Label => f.set_align(FormatAlign::Left),
        Role::Group | Role::Number => f.set_align(FormatAlign::Center),
    }
}

/// Writes a placed cell, merged over its span; a figure as a number (the
/// cell as the grid prints it, read back: `12` a count, `1.5` an amount,
/// `/` text, nothing a blank).
fn put(ws: &mut Worksheet, p: &Placed) -> Result<(), XlsxError> {
    let format = cell_format(p.cell.role);
    let (r0, c0) = (TOP + p.row as u32, p.col as u16);
    let (r1, c1) = (
        r0 + p.cell.rowspan as u32 - 1,
        c0 + p.cell.colspan as u16 - 1,
    );
    let figure = (p.cell.role == Role::Number).then(|| Cell::read(&p.cell.text));
    if (r1, c1) != (r0, c0) {
        let text = if figure.is_some() {
            ""
        } else {
            p.cell.text.as_str()
        };
        ws.merge_range(r0, c0, r1, c1, text, &format)?;
    }
    match figure {
        Some(cell) => write_cell(ws, (r0, c0), &cell, &format),
        None if p.cell.text.is_empty() => ws.write_blank(r0, c0, &format).map(|_| ()),
        None => ws
            .write_string_with_format(r0, c0, &p.cell.text, &format)
            .map(|_| ()),
    }
}

/// The three lines over the table, each across its width: the report's
/// title, the part's title, the agency and the statistics period.
fn top(ws: &mut Worksheet, r: &AnnualReport, layout: &Layout) -> Result<(), XlsxError> {
    let last = layout.widths.len().saturating_sub(1) as u16;
    let total: f64 = layout.widths.iter().sum();
    let base = Format::new()
        .set_font_name(FONT)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let title = base
        .clone()
        .set_bold()
        .set_font_size(TITLE_SIZE)
        .set_align(FormatAlign::Center);
    let title_text = r.title();
    let title_lines = lines(&title_text, total * SIZE / TITLE_SIZE);
    ws.merge_range(0, 0, 0, last, &title_text, &title)?;
    ws.set_row_height(0, title_lines * 22.0 + 8.0)?;
    let heading = base.clone().set_bold().set_font_size(12);
    ws.merge_range(1, 0, 1, last, layout.heading, &heading)?;
    ws.set_row_height(1, 22)?;
    let agency = format!(
        "机关：{}　　统计期间：{}年1月1日至12月31日",
        r.agency, r.year
    );
    ws.merge_range(2, 0, 2, last, &agency, &base.set_font_size(SIZE))?;
    ws.set_row_height(2, 20)?;
    Ok(())
}

/// A4, landscape for a wide table, fit to the page width, centred, the
/// header rows repeated on each page, page numbers in the footer.
fn page_setup(ws: &mut Worksheet, layout: &Layout) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    if layout.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    if layout.grid.header_rows > 0 {
        ws.set_repeat_rows(TOP, TOP + layout.grid.header_rows as u32 - 1)?;
    }
    // Each table's pages count from 1 (a program printing the workbook
    // counts on across the sheets otherwise).
    ws.set_print_first_page_number(1);
    ws.set_footer("&C第 &P 页");
    Ok(())
}

/// Writes the official table `layout` of report `r` on `ws`.
pub(super) fn write(
    ws: &mut Worksheet,
    r: &AnnualReport,
    layout: &Layout,
) -> Result<(), XlsxError> {
    for (i, w) in layout.widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    top(ws, r, layout)?;
    let placed = place(&layout.grid, layout.widths.len());
    for p in &placed {
        put(ws, p)?;
    }
    let rows = layout.grid.rows.len();
    for (i, h) in heights(&placed, &layout.widths, rows)
        .into_iter()
        .enumerate()
    {
        ws.set_row_height(TOP + i as u32, h)?;
    }
    page_setup(ws, layout)
}
