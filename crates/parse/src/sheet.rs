//! The one reader of tables from outside, for every import of the command
//! line and the web: a file's bytes → rows of text cells.
//!
//! * CSV (or tab-separated text) through the domain's [`CsvRows`], in
//!   whatever [`encoding`](crate::encoding) it was saved: UTF-8 with or
//!   without BOM, UTF-16 with BOM, or GB18030/GBK as Excel saves "CSV" on
//!   Chinese Windows — [`Sheet::read_as`] says which, and
//!   [`ReadAs::notice`] what to do if GB18030 was a wrong guess.
//! * XLSX through calamine: the first worksheet; date cells, and Excel
//!   serial numbers in columns headed as dates ([`DATE_COLUMNS`]), become
//!   `YYYY-MM-DD`; whole numbers lose their `.0`; booleans read 是/否.
//!
//! Which it is, the content says first (a ZIP package is a workbook, an OLE
//! file an old `.xls` refused with what to do), then the name's extension.
//! Blank rows before the header are skipped and counted in
//! [`Sheet::offset`], so row numbers stay the spreadsheet's. A CSV is kept
//! as its text and its rows are read one at a time on each pass: a
//! 100,000-row file is never held as cells.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use gongkai_domain::catalogue::CsvRows;
use thiserror::Error;

use crate::encoding::{self, TextEncoding};

/// The header names of the columns whose numbers are dates.
pub const DATE_COLUMNS: [&str; 5] = ["成文日期", "发布日期", "变更日期", "生成日期", "公开日期"];

/// Why a file gives no rows, in Chinese for the person who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SheetError {
    #[error("不支持的文件类型“{name}”：只能导入 .csv 或 .xlsx 文件{hint}。")]
    Unsupported { name: String, hint: &'static str },
    #[error("文件“{0}”是空的。")]
    Empty(String),
    #[error(
        "文件“{name}”不是 UTF-8 或 GB18030（GBK）编码的文本（第{from_byte}个字节起无法识别）：请在 Excel 或 WPS 中“另存为”→“CSV UTF-8（逗号分隔）”，或在文本编辑器中以 UTF-8 编码保存后重新导入。"
    )]
    NotText { name: String, from_byte: usize },
    #[error(
        "无法读取 Excel 文件“{name}”：{reason}。请确认文件是 .xlsx 格式（不是改了扩展名的 .xls 或 CSV），且未加密码保护。"
    )]
    BadWorkbook { name: String, reason: String },
    #[error("Excel 文件“{0}”中没有工作表。")]
    NoWorksheet(String),
}

const RESAVE: &str = "：请在表格软件中“另存为”.xlsx 或 CSV（UTF-8）后再导入";

/// What the file was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadAs {
    /// Comma- or tab-separated text in this encoding.
    Csv(TextEncoding),
    /// The first worksheet of a workbook, by its name.
    Xlsx { worksheet: String },
}

impl ReadAs {
    /// `GB18030/GBK 编码的 CSV 文件`, `Excel 工作簿（工作表“目录”）`.
    pub fn label(&self) -> String {
        match self {
            ReadAs::Csv(e) => format!("{e} 编码的 CSV 文件"),
            ReadAs::Xlsx { worksheet } => format!("Excel 工作簿（工作表“{worksheet}”）"),
        }
    }

    /// What to check when the encoding was inferred rather than marked.
    pub fn notice(&self) -> Option<&'static str> {
        matches!(self, ReadAs::Csv(TextEncoding::Gb18030)).then_some(
            "文件不是 UTF-8 编码，已按 GB18030（GBK）读取。如导入后出现乱码，请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重新导入。",
        )
    }
}

/// A file's rows from the header on.
pub struct Sheet {
    source: Source,
    /// Blank rows before the header (skipped).
    lead: usize,
    /// What to add to a row's number counted from the header (= 1) to get
    /// its number in the spreadsheet.
    pub offset: usize,
    pub read_as: ReadAs,
}

enum Source {
    /// A CSV file's text.
    Csv(String),
    /// A worksheet's cells.
    Rows(Vec<Vec<String>>),
}

impl Sheet {
    fn new(source: Source, offset: usize, read_as: ReadAs) -> Sheet {
        let mut sheet = Sheet {
            source,
            lead: 0,
            offset,
            read_as,
        };
        sheet.lead = sheet
            .all_rows()
            .take_while(|r| r.iter().all(|c| c.trim().is_empty()))
            .count();
        sheet.offset += sheet.lead;
        sheet
    }

    fn all_rows(&self) -> Box<dyn Iterator<Item = Vec<String>> + Send + '_> {
        match &self.source {
            Source::Csv(text) => Box::new(CsvRows::new(text)),
            Source::Rows(rows) => Box::new(rows.iter().cloned()),
        }
    }

    /// The rows from the header on, one at a time (each call reads again).
    pub fn rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.all_rows().skip(self.lead)
    }
}

/// Reads the table in `bytes`; `name` is the file's name (its extension
/// decides when the content does not, and messages name it).
pub fn read_sheet(name: &str, bytes: Vec<u8>) -> Result<Sheet, SheetError> {
    let name = name.to_string();
    if bytes.is_empty() {
        return Err(SheetError::Empty(name));
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") {
        let (rows, offset, worksheet) = read_xlsx(&name, bytes)?;
        return Ok(Sheet::new(
            Source::Rows(rows),
            offset,
            ReadAs::Xlsx { worksheet },
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An old binary workbook (.xls, WPS .et) whatever its name says.
        return Err(SheetError::Unsupported { name, hint: RESAVE });
    }
    match ext.as_str() {
        "csv" | "tsv" | "txt" | "" => {}
        "xlsx" => {
            return Err(SheetError::BadWorkbook {
                name,
                reason: "文件内容不是 Excel 工作簿".into(),
            });
        }
        "xls" | "et" | "xlsm" | "ods" | "wps" => {
            return Err(SheetError::Unsupported { name, hint: RESAVE });
        }
        _ => return Err(SheetError::Unsupported { name, hint: "" }),
    }
    let (text, enc) = encoding::decode(bytes).map_err(|e| SheetError::NotText {
        name,
        from_byte: e.from_byte,
    })?;
    Ok(Sheet::new(Source::Csv(text), 0, ReadAs::Csv(enc)))
}

/// The first worksheet of an XLSX file as text cells, the spreadsheet row
/// of its first row minus one, and the worksheet's name.
fn read_xlsx(name: &str, bytes: Vec<u8>) -> Result<(Vec<Vec<String>>, usize, String), SheetError> {
    let unreadable = |e: &dyn std::fmt::Display| SheetError::BadWorkbook {
        name: name.to_string(),
        reason: e.to_string(),
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let worksheet = workbook.sheet_names().first().cloned().unwrap_or_default();
    let range = match workbook.worksheet_range_at(0) {
        None => return Err(SheetError::NoWorksheet(name.to_string())),
        Some(r) => r.map_err(|e| unreadable(&e))?,
    };
    let Some((start_row, start_col)) = range.start() else {
        return Ok((Vec::new(), 0, worksheet));
    };
    let lead_cells = || (0..start_col as usize).map(|_| String::new());
    let mut date_columns: Vec<bool> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(range.height());
    for cells in range.rows() {
        if date_columns.is_empty() && cells.iter().any(|c| !matches!(c, Data::Empty)) {
            date_columns = (0..start_col as usize)
                .map(|_| false)
                .chain(
                    cells
                        .iter()
                        .map(|c| DATE_COLUMNS.contains(&c.to_string().trim())),
                )
                .collect();
        }
        let row: Vec<String> = lead_cells()
            .chain(cells.iter().enumerate().map(|(i, c)| {
                let is_date = date_columns
                    .get(i + start_col as usize)
                    .copied()
                    .unwrap_or(false);
                cell_text(c, is_date)
            }))
            .collect();
        rows.push(row);
    }
    Ok((rows, start_row as usize, worksheet))
}

/// A cell as the CSV would have it.
fn cell_text(cell: &Data, date_column: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if date_column && let Some(d) = excel_serial_date(*f) {
                d.to_string()
            } else if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) || date_column {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(s) if date_column && s.len() >= 10 && s.is_char_boundary(10) => {
            s[..10].to_string()
        }
        other => other.to_string(),
    }
}

/// An Excel serial day number (1900 system) between 1901 and 2099 as a date.
fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    // 1901-01-01 is 367, 2099-12-31 is 73050.
    if !(367.0..73051.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial.floor() as u64))
}

#[cfg(test)]
mod tests;
