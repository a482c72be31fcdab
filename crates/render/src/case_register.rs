//! The case register (依申请公开台账) as XLSX: a sheet 台账 with the
//! column labels in row 1 and one row per case (text, dates as
//! `YYYY-MM-DD`, empty where there is nothing yet), frozen under its header
//! and with a filter on every column; and a sheet 说明 saying what the
//! register holds (agency, the filters, when exported, how many cases).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::RenderError;

/// The sheet names, in order.
pub const SHEET_REGISTER: &str = "台账";
pub const SHEET_REGISTER_NOTES: &str = "说明";

/// The columns of the register sheet, in order (`办理机关` follows them when
/// the register covers agencies below the reader's).
pub const REGISTER_COLUMNS: [&str; 12] = [
    "申请编号",
    "申请人",
    "申请人类型",
    "申请方式",
    "收到申请日期",
    "答复期限",
    "状态",
    "办理结果",
    "答复日期",
    "送达日期",
    "是否逾期",
    "所申请信息",
];

/// The label of the column naming the agency that handles each case.
pub const REGISTER_AGENCY_COLUMN: &str = "办理机关";

/// One case as the register shows it to its reader: every cell already
/// written out (the applicant masked as the reader may see them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterLine {
    /// The cells of [`REGISTER_COLUMNS`], in order.
    pub cells: [String; 12],
    /// The agency handling the case (written only with
    /// [`RegisterExport::with_agency`]).
    pub agency: String,
}

/// The register to export.
#[derive(Debug, Clone, Default)]
pub struct RegisterExport {
    /// e.g. `白沙县交通运输局依申请公开台账`.
    pub title: String,
    /// The filters applied, in words (`全部` when none).
    pub conditions: String,
    /// When it was exported (Beijing time, as text).
    pub exported_at: String,
    /// Whether the rows come from several agencies (a supervisor's register).
    pub with_agency: bool,
    pub lines: Vec<RegisterLine>,
}

/// Widths of the register's columns (characters).
const WIDTHS: [f64; 13] = [
    16.0, 16.0, 12.0, 10.0, 13.0, 12.0, 10.0, 30.0, 12.0, 12.0, 9.0, 50.0, 20.0,
];

fn build(r: &RegisterExport) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name(SHEET_REGISTER)?;
    let mut labels: Vec<&str> = REGISTER_COLUMNS.to_vec();
    if r.with_agency {
        labels.push(REGISTER_AGENCY_COLUMN);
    }
    for (col, label) in labels.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *label, &bold)?;
        ws.set_column_width(col as u16, WIDTHS[col])?;
    }
    for (i, line) in r.lines.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, cell) in line.cells.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(row, col as u16, cell)?;
            }
        }
        if r.with_agency {
            ws.write_string(row, REGISTER_COLUMNS.len() as u16, &line.agency)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, r.lines.len() as u32, labels.len() as u16 - 1)?;

    let ws = wb.add_worksheet().set_name(SHEET_REGISTER_NOTES)?;
    let notes: [(&str, String); 4] = [
        ("标题", r.title.clone()),
        ("筛选条件", r.conditions.clone()),
        ("导出时间", r.exported_at.clone()),
        ("件数", r.lines.len().to_string()),
    ];
    ws.write_string_with_format(0, 0, "项目", &bold)?;
    ws.write_string_with_format(0, 1, "内容", &bold)?;
    for (i, (k, v)) in notes.iter().enumerate() {
        ws.write_string(i as u32 + 1, 0, *k)?;
        ws.write_string(i as u32 + 1, 1, v)?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 60)?;
    Ok(wb)
}

pub(crate) fn register_xlsx(r: &RegisterExport) -> Result<Vec<u8>, RenderError> {
    let err = |e: XlsxError| RenderError::Xlsx(e.to_string());
    build(r).map_err(err)?.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn cell(sheet: &calamine::Range<Data>, row: u32, col: u32) -> String {
        sheet
            .get_value((row, col))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn the_register_reads_back_with_its_chinese_headers() {
        let line = RegisterLine {
            cells: [
                "GK2025-000007",
                "欧阳明",
                "自然人",
                "当面提交",
                "2025-11-04",
                "2025-12-02",
                "已办结",
                "予以公开",
                "2025-11-20",
                "2025-11-21",
                "否",
                "农村公路养护资金",
            ]
            .map(String::from),
            agency: "县交通运输局".into(),
        };
        let export = RegisterExport {
            title: "白沙县交通运输局依申请公开台账".into(),
            conditions: "年度：2025".into(),
            exported_at: "2026-03-10 09:00".into(),
            with_agency: true,
            lines: vec![line],
        };
        let bytes = register_xlsx(&export).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["台账", "说明"]);
        let sheet = book.worksheet_range("台账").unwrap();
        assert_eq!(cell(&sheet, 0, 0), "申请编号");
        assert_eq!(cell(&sheet, 0, 10), "是否逾期");
        assert_eq!(cell(&sheet, 0, 12), "办理机关");
        assert_eq!(cell(&sheet, 1, 1), "欧阳明");
        assert_eq!(cell(&sheet, 1, 5), "2025-12-02");
        assert_eq!(cell(&sheet, 1, 12), "县交通运输局");
        let notes = book.worksheet_range("说明").unwrap();
        assert_eq!(cell(&notes, 4, 0), "件数");
        assert_eq!(cell(&notes, 4, 1), "1");
    }
}
