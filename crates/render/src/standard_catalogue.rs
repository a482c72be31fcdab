//! The 标准目录 as XLSX, in the national template's columns: a title row,
//! the column labels, one row per item; frozen under the labels, a filter
//! on every column, long texts wrapped, printed landscape.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::RenderError;

/// The sheet's name.
pub const SHEET_CATALOGUE: &str = "标准目录";

/// The columns: 序号 and the template's eleven (the domain's header after
/// its key).
pub fn catalogue_columns() -> Vec<&'static str> {
    std::iter::once("序号")
        .chain(
            gongkai_domain::catalogue::standard::CATALOGUE_HEADER[1..]
                .iter()
                .copied(),
        )
        .collect()
}

const WIDTHS: [f64; 12] = [
    6.0, 16.0, 22.0, 40.0, 36.0, 22.0, 14.0, 22.0, 9.0, 9.0, 10.0, 20.0,
];

/// Row of the column labels (0-based), under the title.
pub const CATALOGUE_HEADER_ROW: u32 = 1;

/// `title` over `rows`, each the eleven cells after 序号.
pub fn standard_catalogue_xlsx(title: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, RenderError> {
    let err = |e: XlsxError| RenderError::Xlsx(e.to_string());
    build(title, rows)
        .map_err(err)?
        .save_to_buffer()
        .map_err(err)
}

fn build(title: &str, rows: &[Vec<String>]) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(SHEET_CATALOGUE)?;
    let columns = catalogue_columns();
    let last = columns.len() as u16 - 1;
    let heading = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    ws.merge_range(0, 0, 0, last, title, &heading)?;
    ws.set_row_height(0, 30)?;
    let (cell, label) = crate::table::grid_formats();
    for (col, text) in columns.iter().enumerate() {
        ws.write_string_with_format(CATALOGUE_HEADER_ROW, col as u16, *text, &label)?;
        ws.set_column_width(col as u16, WIDTHS[col])?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = CATALOGUE_HEADER_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        for (j, value) in cells.iter().take(11).enumerate() {
            ws.write_string_with_format(row, j as u16 + 1, value.as_str(), &cell)?;
        }
    }
    ws.set_freeze_panes(CATALOGUE_HEADER_ROW + 1, 0)?;
    ws.autofilter(
        CATALOGUE_HEADER_ROW,
        0,
        CATALOGUE_HEADER_ROW + rows.len() as u32,
        last,
    )?;
    ws.set_landscape();
    ws.set_repeat_rows(CATALOGUE_HEADER_ROW, CATALOGUE_HEADER_ROW)?;
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    #[test]
    fn the_catalogue_reads_back_in_the_templates_columns() {
        let row: Vec<String> = [
            "公路水运工程基础设施",
            "农村公路建设计划和补助政策",
            "年度建设计划、补助政策",
            "《农村公路建设管理办法》",
            "信息形成或者变更之日起20个工作日内",
            "县交通运输局",
            "政府网站",
            "全社会",
            "主动",
            "县级",
            "major_projects/农村公路建设",
        ]
        .map(String::from)
        .to_vec();
        let bytes =
            standard_catalogue_xlsx("白沙县交通运输局基层政务公开标准目录", &[row]).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range(SHEET_CATALOGUE).unwrap();
        let cell = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        assert_eq!(cell(0, 0), "白沙县交通运输局基层政务公开标准目录");
        assert_eq!(cell(1, 5), "公开时限");
        assert_eq!(cell(2, 0), "1");
        assert_eq!(cell(2, 2), "农村公路建设计划和补助政策");
        assert_eq!(cell(2, 11), "major_projects/农村公路建设");
    }
}
