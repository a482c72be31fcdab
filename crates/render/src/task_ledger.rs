//! The task ledger (任务台账) of a work plan, for one unit or the whole plan,
//! as XLSX: a title row (the plan and the unit), a line saying when it was
//! exported, the column labels, then one row per task; frozen under the
//! labels, a filter on every column, long texts wrapped, the light (亮灯)
//! cell coloured like the lists' lights.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::RenderError;

/// The sheet's name.
pub const SHEET_LEDGER: &str = "任务台账";

/// The columns, in order.
pub const LEDGER_COLUMNS: [&str; 11] = [
    "序号",
    "任务",
    "具体要求",
    "牵头单位",
    "配合单位",
    "完成时限",
    "状态",
    "进度(%)",
    "最近进展",
    "完成日期",
    "亮灯",
];

/// The row of the column labels (0-based): after the title and the line
/// under it.
pub const LEDGER_HEADER_ROW: u32 = 2;

/// One task as the ledger shows it, every cell already written out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerLine {
    /// The task's number in its plan (`3`, `（二）3`); a whole number is
    /// written as a number.
    pub number: String,
    pub task: String,
    /// 具体要求.
    pub requirement: String,
    /// Lead units, e.g. `局财务科、局办公室`.
    pub lead: String,
    pub partners: String,
    /// 完成时限 as the plan states it, e.g. `2026年11月30日前`, `持续推进`.
    pub limit: String,
    /// e.g. 办理中, 已销号.
    pub state: String,
    /// 进度 in per cent, when reported.
    pub percent: Option<u8>,
    /// The last progress report's text.
    pub last_progress: String,
    /// `YYYY-MM-DD`, empty while open.
    pub completed_on: String,
    /// 蓝, 黄, 红 or —.
    pub light: String,
}

/// The ledger to export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskLedger {
    /// The plan's title, e.g. 白沙县交通运输局2026年政务公开工作要点.
    pub plan: String,
    /// The unit whose tasks these are; empty for the whole plan.
    pub unit: String,
    /// When it was exported (Beijing time, as text).
    pub exported_at: String,
    pub lines: Vec<LedgerLine>,
}

impl TaskLedger {
    /// The title row: `{plan}任务台账（{unit}）`, or without the unit for
    /// the whole plan.
    pub fn title(&self) -> String {
        match self.unit.trim() {
            "" => format!("{}任务台账", self.plan),
            unit => format!("{}任务台账（{unit}）", self.plan),
        }
    }
}

/// Widths of the columns (characters).
const WIDTHS: [f64; 11] = [6.0, 36.0, 36.0, 14.0, 16.0, 16.0, 9.0, 8.0, 36.0, 12.0, 6.0];

/// The fill of a light cell (the colours of the lists' lights).
fn light_fill(light: &str) -> Option<Color> {
    match light.trim() {
        "蓝" => Some(Color::RGB(0x9BC2E6)),
        "黄" => Some(Color::RGB(0xFFE699)),
        "红" => Some(Color::RGB(0xFF7C80)),
        _ => None,
    }
}

fn cell_format() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

fn write_head(ws: &mut Worksheet, ledger: &TaskLedger) -> Result<(), XlsxError> {
    let last = LEDGER_COLUMNS.len() as u16 - 1;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    ws.merge_range(0, 0, 0, last, &ledger.title(), &title)?;
    ws.set_row_height(0, 30)?;
    let unit = match ledger.unit.trim() {
        "" => "全部单位",
        u => u,
    };
    let line = format!(
        "责任单位：{unit}　　任务：{}项　　导出时间：{}",
        ledger.lines.len(),
        ledger.exported_at
    );
    ws.merge_range(1, 0, 1, last, &line, &Format::new())?;
    let label = cell_format()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9D9D9));
    for (col, text) in LEDGER_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(LEDGER_HEADER_ROW, col as u16, *text, &label)?;
        ws.set_column_width(col as u16, WIDTHS[col])?;
    }
    Ok(())
}

fn write_line(ws: &mut Worksheet, row: u32, line: &LedgerLine) -> Result<(), XlsxError> {
    let text = cell_format();
    let centred = cell_format().set_align(FormatAlign::Center);
    match line.number.trim().parse::<u32>() {
        Ok(n) => ws.write_number_with_format(row, 0, n, &centred)?,
        Err(_) => ws.write_string_with_format(row, 0, line.number.trim(), &centred)?,
    };
    let strings = [
        (1, &line.task, &text),
        (2, &line.requirement, &text),
        (3, &line.lead, &text),
        (4, &line.partners, &text),
        (5, &line.limit, &text),
        (6, &line.state, &centred),
        (8, &line.last_progress, &text),
        (9, &line.completed_on, &centred),
    ];
    for (col, value, format) in strings {
        ws.write_string_with_format(row, col, value.as_str(), format)?;
    }
    match line.percent {
        Some(p) => ws.write_number_with_format(row, 7, p, &centred)?,
        None => ws.write_blank(row, 7, &centred)?,
    };
    let light = match light_fill(&line.light) {
        Some(fill) => centred.set_background_color(fill),
        None => centred,
    };
    ws.write_string_with_format(row, 10, line.light.as_str(), &light)?;
    Ok(())
}

fn build(ledger: &TaskLedger) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(SHEET_LEDGER)?;
    write_head(ws, ledger)?;
    for (i, line) in ledger.lines.iter().enumerate() {
        write_line(ws, LEDGER_HEADER_ROW + 1 + i as u32, line)?;
    }
    ws.set_freeze_panes(LEDGER_HEADER_ROW + 1, 0)?;
    ws.autofilter(
        LEDGER_HEADER_ROW,
        0,
        LEDGER_HEADER_ROW + ledger.lines.len() as u32,
        LEDGER_COLUMNS.len() as u16 - 1,
    )?;
    // Printed landscape, the label row on every page.
    ws.set_landscape();
    ws.set_repeat_rows(LEDGER_HEADER_ROW, LEDGER_HEADER_ROW)?;
    Ok(wb)
}

pub(crate) fn task_ledger_xlsx(ledger: &TaskLedger) -> Result<Vec<u8>, RenderError> {
    let err = |e: XlsxError| RenderError::Xlsx(e.to_string());
    build(ledger).map_err(err)?.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn ledger() -> TaskLedger {
        TaskLedger {
            plan: "宁德市交通运输系统2026年政务公开工作要点".into(),
            unit: "局财务科".into(),
            exported_at: "2026-12-03 09:30".into(),
            lines: vec![
                LedgerLine {
                    number: "7".into(),
                    task: "重大财政预算决算信息公开".into(),
                    requirement: "预算批复后20日内公开部门预算".into(),
                    lead: "局财务科".into(),
                    partners: "局审计科、局办公室、局计建科".into(),
                    limit: "持续推进".into(),
                    state: "已销号".into(),
                    percent: Some(100),
                    last_progress: "已公开2026年部门预算和2025年部门决算".into(),
                    completed_on: "2026-11-20".into(),
                    light: "—".into(),
                },
                LedgerLine {
                    number: "（三）8".into(),
                    task: "“三公”经费公开".into(),
                    lead: "局财务科".into(),
                    partners: "局办公室".into(),
                    limit: "2026年11月30日前".into(),
                    state: "办理中".into(),
                    light: "红".into(),
                    ..LedgerLine::default()
                },
            ],
        }
    }

    fn cell(sheet: &calamine::Range<Data>, row: u32, col: u32) -> Option<Data> {
        sheet.get_value((row, col)).cloned()
    }

    fn text(s: &str) -> Option<Data> {
        Some(Data::String(s.into()))
    }

    #[test]
    fn the_ledger_reads_back_with_title_labels_and_cells() {
        let bytes = task_ledger_xlsx(&ledger()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["任务台账"]);
        let sheet = book.worksheet_range("任务台账").unwrap();
        assert_eq!(
            cell(&sheet, 0, 0),
            text("宁德市交通运输系统2026年政务公开工作要点任务台账（局财务科）")
        );
        assert_eq!(
            cell(&sheet, 1, 0),
            text("责任单位：局财务科　　任务：2项　　导出时间：2026-12-03 09:30")
        );
        let labels: Vec<Option<Data>> = (0..11).map(|c| cell(&sheet, 2, c)).collect();
        let want: Vec<Option<Data>> = [
            "序号",
            "任务",
            "具体要求",
            "牵头单位",
            "配合单位",
            "完成时限",
            "状态",
            "进度(%)",
            "最近进展",
            "完成日期",
            "亮灯",
        ]
        .into_iter()
        .map(text)
        .collect();
        assert_eq!(labels, want);
        // The first task: its number and percentage as numbers.
        assert_eq!(cell(&sheet, 3, 0), Some(Data::Float(7.0)));
        assert_eq!(cell(&sheet, 3, 1), text("重大财政预算决算信息公开"));
        assert_eq!(cell(&sheet, 3, 4), text("局审计科、局办公室、局计建科"));
        assert_eq!(cell(&sheet, 3, 7), Some(Data::Float(100.0)));
        assert_eq!(
            cell(&sheet, 3, 8),
            text("已公开2026年部门预算和2025年部门决算")
        );
        assert_eq!(cell(&sheet, 3, 9), text("2026-11-20"));
        assert_eq!(cell(&sheet, 3, 10), text("—"));
        // The second: a number that is not whole stays text; no percentage.
        assert_eq!(cell(&sheet, 4, 0), text("（三）8"));
        assert_eq!(cell(&sheet, 4, 5), text("2026年11月30日前"));
        assert_eq!(cell(&sheet, 4, 6), text("办理中"));
        assert!(
            matches!(cell(&sheet, 4, 7), None | Some(Data::Empty)),
            "{:?}",
            cell(&sheet, 4, 7)
        );
        assert_eq!(cell(&sheet, 4, 10), text("红"));
    }

    #[test]
    fn a_whole_plans_ledger_names_no_unit() {
        let mut l = ledger();
        l.unit.clear();
        l.lines.clear();
        assert_eq!(
            l.title(),
            "宁德市交通运输系统2026年政务公开工作要点任务台账"
        );
        let bytes = task_ledger_xlsx(&l).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("任务台账").unwrap();
        assert_eq!(
            cell(&sheet, 1, 0),
            text("责任单位：全部单位　　任务：0项　　导出时间：2026-12-03 09:30")
        );
        assert_eq!(cell(&sheet, 2, 10), text("亮灯"));
    }

    #[test]
    fn the_sheet_is_frozen_under_the_labels() {
        let bytes = task_ledger_xlsx(&ledger()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        // Three rows frozen: the pane's top-left cell is A4.
        assert!(
            xml.contains(r#"ySplit="3""#) && xml.contains(r#"topLeftCell="A4""#),
            "{xml}"
        );
        assert!(xml.contains(r#"<autoFilter ref="A3:K5"/>"#), "{xml}");
    }
}
