//! A list as XLSX: a title row, a line saying what was selected and when,
//! the column labels (frozen, with a filter), one row per line — numbers as
//! numbers, so the reader can sort and sum them in the spreadsheet. The
//! supervisor's console exports through it.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::RenderError;

/// A cell of a [`TableExport`].
#[derive(Debug, Clone, PartialEq)]
pub enum TableCell {
    Text(String),
    Number(f64),
    /// Nothing to say (no plan, never checked).
    Blank,
}

/// A list to export.
#[derive(Debug, Clone, PartialEq)]
pub struct TableExport {
    pub sheet: String,
    pub title: String,
    /// What was selected and when, under the title.
    pub subtitle: String,
    /// The column labels with their widths in characters.
    pub columns: Vec<(String, f64)>,
    pub rows: Vec<Vec<TableCell>>,
}

/// Row of the column labels (0-based), under the title and the subtitle.
pub const TABLE_HEADER_ROW: u32 = 2;

pub fn table_xlsx(t: &TableExport) -> Result<Vec<u8>, RenderError> {
    tables_xlsx(std::slice::from_ref(t))
}

/// Several lists as one workbook, a sheet each, in order.
pub fn tables_xlsx(tables: &[TableExport]) -> Result<Vec<u8>, RenderError> {
    let err = |e: XlsxError| RenderError::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    for t in tables {
        add_sheet(&mut wb, t).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// A bordered, wrapped cell and a bold grey label: the grid of every list
/// this crate exports (the 标准目录 too).
pub(crate) fn grid_formats() -> (Format, Format) {
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let label = cell
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9D9D9));
    (cell, label)
}

fn add_sheet(wb: &mut Workbook, t: &TableExport) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(&t.sheet)?;
    let last = t.columns.len().saturating_sub(1) as u16;
    let heading = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, last, &t.title, &heading)?;
    ws.merge_range(1, 0, 1, last, &t.subtitle, &Format::new())?;
    let (cell, label) = grid_formats();
    for (col, (text, width)) in t.columns.iter().enumerate() {
        ws.write_string_with_format(TABLE_HEADER_ROW, col as u16, text, &label)?;
        ws.set_column_width(col as u16, *width)?;
    }
    for (i, cells) in t.rows.iter().enumerate() {
        let row = TABLE_HEADER_ROW + 1 + i as u32;
        for (j, value) in cells.iter().enumerate() {
            let col = j as u16;
            match value {
                TableCell::Text(s) => ws.write_string_with_format(row, col, s, &cell)?,
                TableCell::Number(n) => ws.write_number_with_format(row, col, *n, &cell)?,
                TableCell::Blank => ws.write_blank(row, col, &cell)?,
            };
        }
    }
    ws.set_freeze_panes(TABLE_HEADER_ROW + 1, 1)?;
    ws.autofilter(
        TABLE_HEADER_ROW,
        0,
        TABLE_HEADER_ROW + t.rows.len() as u32,
        last,
    )?;
    ws.set_landscape();
    ws.set_repeat_rows(TABLE_HEADER_ROW, TABLE_HEADER_ROW)?;
    Ok(())
}
