//! The annual report as XLSX: tables 二, 三 and 四 each on a sheet in the
//! official layout of the national format (国办公开办函〔2021〕30号, and the
//! 2019 format for 2019/2020), with the report's title and agency on top,
//! merged header cells, borders, A4 page setup and print titles; a sheet
//! 图表 with Excel charts of the year; and a sheet 数据 for programs (one
//! row per cell, with stable keys: the JSON shape's `table2`/`table3`/
//! `table4` addresses).
//!
//! The official sheets are written from the same [`Grid`](super::Grid)s as
//! the DOCX and the PDF (table 二 from its own grid: the block label on a
//! row of its own across the table, as the format prints it).

mod chart;
mod data;
mod sheet;
mod tables;
#[cfg(test)]
mod tests;

pub use data::DATA_COLUMNS;

use gongkai_domain::report::{AnnualReport, Cell};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use crate::RenderError;

/// Sheet 二: 主动公开政府信息情况 in the official layout.
pub const SHEET_TABLE2: &str = "二（主动公开情况）";
/// Sheet 三: 收到和处理政府信息公开申请情况 in the official layout.
pub const SHEET_TABLE3: &str = "三（收到和处理政府信息公开申请情况）";
/// Sheet 四: 政府信息公开行政复议、行政诉讼情况 in the official layout.
pub const SHEET_TABLE4: &str = "四（行政复议、行政诉讼情况）";
/// Sheet 图表: the charts and the figures they draw.
pub const SHEET_CHART: &str = "图表";
/// Sheet 数据: every cell with its stable key, for programs.
pub const SHEET_DATA: &str = "数据";

/// The font of every sheet (the default of Chinese spreadsheets).
const FONT: &str = "宋体";
/// Paper size 9: A4.
const A4: u8 = 9;

fn err(e: XlsxError) -> RenderError {
    RenderError::Xlsx(e.to_string())
}

/// Writes a report cell in `format`: counts and amounts as numbers, text
/// as a string, a blank as an empty (formatted) cell.
fn write_cell(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    match (cell, cell.number()) {
        (Cell::Blank, _) => ws.write_blank(row, col, format)?,
        (Cell::Text(t), _) => ws.write_string_with_format(row, col, t, format)?,
        (_, Some(n)) => ws.write_number_with_format(row, col, n, format)?,
        (_, None) => ws.write_string_with_format(row, col, cell.display(), format)?,
    };
    Ok(())
}

fn build(r: &AnnualReport) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(r.title())
            .set_author(&r.agency)
            .set_subject(format!(
                "《{}》（{}）",
                r.format.label(),
                r.format.document()
            )),
    );
    for layout in tables::layouts(r) {
        let ws = wb.add_worksheet().set_name(layout.name)?;
        sheet::write(ws, r, &layout)?;
    }
    chart::write(wb.add_worksheet().set_name(SHEET_CHART)?, r)?;
    data::write(wb.add_worksheet().set_name(SHEET_DATA)?, r)?;
    Ok(wb)
}

pub(crate) fn report_xlsx(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    build(r).map_err(err)?.save_to_buffer().map_err(err)
}
