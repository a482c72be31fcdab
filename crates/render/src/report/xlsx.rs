//! The annual report as XLSX, laid out for programs to read back: a sheet
//! 说明 (title, year, agency, format), then one sheet per table with row 1 as
//! its header and one row per record, figures as numbers, blank cells empty,
//! text where a figure belongs as a string; and a sheet 图表 with a bar chart
//! of table 三's result rows (总计 column), drawn from the 表三 sheet's cells.

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::Table3RowKind;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use crate::RenderError;

/// The sheet names, in order.
pub const SHEET_NOTES: &str = "说明";
pub const SHEET_TABLE2: &str = "表二 主动公开";
pub const SHEET_TABLE3: &str = "表三 依申请公开";
pub const SHEET_TABLE4: &str = "表四 复议诉讼";
pub const SHEET_CHART: &str = "图表";

fn err(e: XlsxError) -> RenderError {
    RenderError::Xlsx(e.to_string())
}

/// Writes a cell: counts and amounts as numbers, text as a string, a blank
/// not at all.
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Blank => {}
        Cell::Text(t) => {
            ws.write_string(row, col, t)?;
        }
        Cell::Count(_) | Cell::Amount(_) | Cell::Signed { .. } => match cell.number() {
            Some(n) => {
                ws.write_number(row, col, n)?;
            }
            None => {
                ws.write_string(row, col, cell.display())?;
            }
        },
    }
    Ok(())
}

fn header(ws: &mut Worksheet, labels: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, l) in labels.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *l, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn build(r: &AnnualReport) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let format = r.format;

    let ws = wb.add_worksheet().set_name(SHEET_NOTES)?;
    let notes: [(&str, String); 6] = [
        ("标题", r.title()),
        ("统计年度", r.year.to_string()),
        ("机关", r.agency.clone()),
        ("年报格式", format!("《{}》", format.label())),
        ("格式文号", format.document().to_string()),
        ("格式代码", format.code().to_string()),
    ];
    header(ws, &["项目", "内容"], &bold)?;
    for (i, (k, v)) in notes.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, *k)?;
        if *k == "统计年度" {
            ws.write_number(row, 1, f64::from(r.year))?;
        } else {
            ws.write_string(row, 1, v)?;
        }
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 60)?;

    let ws = wb.add_worksheet().set_name(SHEET_TABLE2)?;
    header(ws, &["区块", "行", "列", "数值"], &bold)?;
    let mut row = 1u32;
    for t2 in &r.table2 {
        for (col, cell) in &t2.cells {
            ws.write_string(row, 0, &t2.block)?;
            ws.write_string(row, 1, &t2.row)?;
            ws.write_string(row, 2, col)?;
            write_cell(ws, row, 3, cell)?;
            row += 1;
        }
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(3, 12)?;

    let ws = wb.add_worksheet().set_name(SHEET_TABLE3)?;
    let mut labels = vec!["键", "项目"];
    labels.extend(format.table3_columns());
    header(ws, &labels, &bold)?;
    let total_col = 1 + format.table3_columns().len() as u16;
    let mut results: Vec<u32> = Vec::new();
    for (i, t3) in r.table3.iter().enumerate() {
        let row = i as u32 + 1;
        let spec = format.table3_row(&t3.key);
        ws.write_string(row, 0, &t3.key)?;
        ws.write_string(row, 1, spec.map_or("", |s| s.label))?;
        for (j, cell) in t3.cells.iter().enumerate() {
            write_cell(ws, row, 2 + j as u16, cell)?;
        }
        if spec.is_some_and(|s| s.kind == Table3RowKind::Result) {
            results.push(row);
        }
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 50)?;

    let ws = wb.add_worksheet().set_name(SHEET_TABLE4)?;
    let labels: Vec<&str> = format.table4_columns().iter().map(|c| c.label).collect();
    header(ws, &labels, &bold)?;
    for (i, cell) in r.table4.iter().enumerate() {
        write_cell(ws, 1, i as u16, cell)?;
    }
    for i in 0..labels.len() {
        ws.set_column_width(i as u16, 16)?;
    }

    let ws = wb.add_worksheet().set_name(SHEET_CHART)?;
    let title = format!("{}：本年度办理结果（总计）", r.title());
    ws.write_string_with_format(0, 0, &title, &bold)?;
    // The result rows are consecutive in both formats; chart each run.
    let mut chart = Chart::new(ChartType::Bar);
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for row in results {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == row => *end = row,
            _ => runs.push((row, row)),
        }
    }
    for (first, last) in runs {
        chart
            .add_series()
            .set_name(format.table3_columns().last().copied().unwrap_or("总计"))
            .set_categories((SHEET_TABLE3, first, 1, last, 1))
            .set_values((SHEET_TABLE3, first, total_col, last, total_col));
    }
    chart.title().set_name("本年度办理结果（总计）");
    chart.legend().set_hidden();
    chart.y_axis().set_reverse();
    chart.set_width(900).set_height(620);
    ws.insert_chart(2, 0, &chart)?;
    Ok(wb)
}

pub(crate) fn report_xlsx(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    build(r).map_err(err)?.save_to_buffer().map_err(err)
}
