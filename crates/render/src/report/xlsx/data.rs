//! The sheet 数据: the report for programs, one row per value, with the
//! stable keys of the JSON shape. Columns [`DATA_COLUMNS`]:
//!
//! - `report`: 行 `title`, `agency`, `year` (a number), `format` (`2019` or
//!   `2021`), `document` (the format's 文号);
//! - `table2`: 区块, 行 and 列 are the block, row and column labels of table 二;
//! - `table3`: 行 the row key (`new_received`, `r_deny_secret` …), 列 the
//!   column label, 序号 its index 0…6 in the JSON array, 标签 the row's label;
//! - `table4`: 区块 the group (`行政复议`, `行政诉讼-未经复议直接起诉`,
//!   `行政诉讼-复议后起诉`), 列 the result, 序号 the index 0…14.
//!
//! Figures are numbers, blank cells empty, text where a figure belongs a
//! string. Row 1 is the header (frozen, with a filter).

use gongkai_domain::report::{AnnualReport, Cell};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::{A4, FONT, write_cell};

/// The header of the sheet 数据.
pub const DATA_COLUMNS: [&str; 7] = ["表", "区块", "行", "列", "序号", "数值", "标签"];

/// A line of the sheet: the keys and the value.
struct Line<'a> {
    table: &'static str,
    block: &'a str,
    row: &'a str,
    column: &'a str,
    index: Option<usize>,
    value: Value<'a>,
    label: &'a str,
}

enum Value<'a> {
    Cell(&'a Cell),
    Text(String),
    Number(f64),
}

impl<'a> Line<'a> {
    fn new(table: &'static str, value: Value<'a>) -> Line<'a> {
        Line {
            table,
            block: "",
            row: "",
            column: "",
            index: None,
            value,
            label: "",
        }
    }
}

fn report_lines(r: &AnnualReport) -> Vec<Line<'_>> {
    let meta = |row: &'static str, value: Value<'static>| Line {
        row,
        ..Line::new("report", value)
    };
    vec![
        meta("title", Value::Text(r.title())),
        meta("agency", Value::Text(r.agency.clone())),
        meta("year", Value::Number(f64::from(r.year))),
        meta("format", Value::Text(r.format.code().to_string())),
        meta("document", Value::Text(r.format.document().to_string())),
    ]
}

fn lines(r: &AnnualReport) -> Vec<Line<'_>> {
    let mut out = report_lines(r);
    for row in &r.table2 {
        out.extend(row.cells.iter().map(|(column, cell)| Line {
            block: &row.block,
            row: &row.row,
            column,
            ..Line::new("table2", Value::Cell(cell))
        }));
    }
    let columns = r.format.table3_columns();
    for row in &r.table3 {
        let label = r.format.table3_row(&row.key).map_or("", |s| s.label);
        out.extend(row.cells.iter().enumerate().map(|(i, cell)| Line {
            row: &row.key,
            column: columns.get(i).copied().unwrap_or(""),
            index: Some(i),
            label,
            ..Line::new("table3", Value::Cell(cell))
        }));
    }
    let columns = r.format.table4_columns();
    out.extend(r.table4.iter().enumerate().map(|(i, cell)| {
        let c = columns.get(i);
        Line {
            block: c.map_or("", |c| c.group),
            column: c.map_or("", |c| c.result),
            index: Some(i),
            label: c.map_or("", |c| c.label),
            ..Line::new("table4", Value::Cell(cell))
        }
    }));
    out
}

/// Writes the sheet 数据 of `r` on `ws`.
pub(super) fn write(ws: &mut Worksheet, r: &AnnualReport) -> Result<(), XlsxError> {
    let plain = Format::new().set_font_name(FONT);
    let bold = plain.clone().set_bold();
    for (i, h) in DATA_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    let lines = lines(r);
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, line.table, &plain)?;
        for (col, text) in [
            (1, line.block),
            (2, line.row),
            (3, line.column),
            (6, line.label),
        ] {
            if !text.is_empty() {
                ws.write_string_with_format(row, col, text, &plain)?;
            }
        }
        if let Some(index) = line.index {
            ws.write_number_with_format(row, 4, index as f64, &plain)?;
        }
        match &line.value {
            Value::Cell(cell) => write_cell(ws, (row, 5), cell, &plain)?,
            Value::Text(t) => {
                ws.write_string_with_format(row, 5, t, &plain)?;
            }
            Value::Number(n) => {
                ws.write_number_with_format(row, 5, *n, &plain)?;
            }
        }
    }
    for (col, width) in [8.0, 20.0, 22.0, 26.0, 6.0, 12.0, 44.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, lines.len() as u32, DATA_COLUMNS.len() as u16 - 1)?;
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}
