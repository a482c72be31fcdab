//! Reading an import file into rows of text cells: CSV through the
//! domain's [`CsvRows`] (UTF-8 with or without BOM; a GB18030/GBK file, as
//! Excel saves "CSV" on Chinese Windows, is read too, with a notice), XLSX
//! through calamine (first worksheet; date cells and Excel serial numbers in
//! the date columns become `YYYY-MM-DD`, whole numbers lose their `.0`).
//! A CSV file is kept as its text and its rows are read one at a time, on
//! each pass: a 100,000-row file is never held as cells.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use gongkai_domain::catalogue::{CsvRows, IMPORT_HEADER};

/// The file's rows from the header on.
pub struct Sheet {
    source: Source,
    /// Blank rows before the header (skipped).
    lead: usize,
    /// What to add to a row's number counted from the header (= 1) to get
    /// its number in the spreadsheet.
    pub offset: usize,
}

enum Source {
    /// A CSV file's text.
    Csv(String),
    /// An XLSX worksheet's cells.
    Rows(Vec<Vec<String>>),
}

impl Sheet {
    fn new(source: Source, offset: usize) -> Sheet {
        let mut sheet = Sheet {
            source,
            lead: 0,
            offset,
        };
        sheet.lead = sheet
            .all_rows()
            .take_while(|r| r.iter().all(|c| c.trim().is_empty()))
            .count();
        sheet.offset += sheet.lead;
        sheet
    }

    fn all_rows(&self) -> Box<dyn Iterator<Item = Vec<String>> + '_> {
        match &self.source {
            Source::Csv(text) => Box::new(CsvRows::new(text)),
            Source::Rows(rows) => Box::new(rows.iter().cloned()),
        }
    }

    /// The rows from the header on, one at a time.
    pub fn rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.all_rows().skip(self.lead)
    }
}

pub fn read_sheet(path: &Path) -> anyhow::Result<Sheet> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "csv" && ext != "xlsx" {
        let hint = match ext.as_str() {
            "xls" | "et" | "xlsm" | "ods" | "wps" => {
                "：请在表格软件中“另存为”.xlsx 或 CSV（UTF-8）后再导入"
            }
            _ => "",
        };
        anyhow::bail!(
            "不支持的文件类型“{}”：只能导入 .csv 或 .xlsx 文件{hint}。",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string())
        );
    }
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("找不到文件“{}”，请检查路径。", path.display())
        }
        std::io::ErrorKind::PermissionDenied => {
            anyhow::anyhow!("没有权限读取文件“{}”。", path.display())
        }
        _ => anyhow::anyhow!("无法读取文件“{}”：{e}", path.display()),
    })?;
    if bytes.is_empty() {
        anyhow::bail!(
            "文件“{}”是空的：第一行应为表头（{}），从第二行起每行一条信息。可用 gongkai import catalogue --template 获取模板。",
            path.display(),
            IMPORT_HEADER.join(",")
        );
    }
    Ok(if ext == "csv" {
        Sheet::new(Source::Csv(decode_csv(path, bytes)?), 0)
    } else {
        let (rows, offset) = read_xlsx(path, bytes)?;
        Sheet::new(Source::Rows(rows), offset)
    })
}

/// The text of a CSV file: UTF-8 (a BOM is dropped by the parser), or
/// GB18030/GBK as Excel saves "CSV (逗号分隔)" on Chinese Windows.
fn decode_csv(path: &Path, bytes: Vec<u8>) -> anyhow::Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        anyhow::bail!(
            "文件“{}”是 UTF-16 编码（如 Excel 的“Unicode 文本”）：请“另存为”→“CSV UTF-8（逗号分隔）”后重新导入。",
            path.display()
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let utf8 = e.utf8_error();
            let bytes = e.as_bytes();
            if let Some(text) =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
            {
                eprintln!(
                    "提示：文件“{}”不是 UTF-8 编码，已按 GB18030（GBK）读取。如导入后出现乱码，请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重新导入。",
                    path.display()
                );
                return Ok(text.into_owned());
            }
            anyhow::bail!(
                "文件“{}”不是 UTF-8 编码（第{}个字节起无法识别）：请在 Excel 或 WPS 中“另存为”→“CSV UTF-8（逗号分隔）”，或在文本编辑器中以 UTF-8 编码保存后重新导入。",
                path.display(),
                utf8.valid_up_to() + 1
            )
        }
    }
}

/// The header names of the columns whose numbers are dates.
const DATE_COLUMNS: [&str; 5] = ["成文日期", "发布日期", "变更日期", "生成日期", "公开日期"];

/// The first worksheet of an XLSX file, as text cells, and the offset of its
/// first row.
fn read_xlsx(path: &Path, bytes: Vec<u8>) -> anyhow::Result<(Vec<Vec<String>>, usize)> {
    let unreadable = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "无法读取 Excel 文件“{}”：{e}。请确认文件是 .xlsx 格式（不是改了扩展名的 .xls 或 CSV），且未加密码保护。",
            path.display()
        )
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = match workbook.worksheet_range_at(0) {
        None => anyhow::bail!("Excel 文件“{}”中没有工作表。", path.display()),
        Some(r) => r.map_err(|e| unreadable(&e))?,
    };
    let Some((start_row, start_col)) = range.start() else {
        return Ok((Vec::new(), 0));
    };
    let mut date_columns: Vec<bool> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(range.height());
    for cells in range.rows() {
        if date_columns.is_empty() && cells.iter().any(|c| !matches!(c, Data::Empty)) {
            date_columns = (0..start_col as usize)
                .map(|_| false)
                .chain(cells.iter().map(|c| {
                    let name = c.to_string();
                    DATE_COLUMNS.contains(&name.trim())
                }))
                .collect();
        }
        let row: Vec<String> = (0..start_col as usize)
            .map(|_| String::new())
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
    Ok((rows, start_row as usize))
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
mod tests {
    use super::*;

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(
            excel_serial_date(45000.0),
            NaiveDate::from_ymd_opt(2023, 3, 15)
        );
        assert_eq!(excel_serial_date(12.0), None);
        assert_eq!(cell_text(&Data::Float(45000.0), true), "2023-03-15");
        assert_eq!(cell_text(&Data::Float(45000.0), false), "45000");
        assert_eq!(cell_text(&Data::Float(1.5), false), "1.5");
    }

    #[test]
    fn blank_rows_before_the_header_are_skipped_and_counted() {
        let sheet = Sheet::new(Source::Csv("\n,\n名称,文号\n甲,1\n".into()), 0);
        assert_eq!(sheet.offset, 2);
        let rows: Vec<Vec<String>> = sheet.rows().collect();
        assert_eq!(rows[0], vec!["名称", "文号"]);
        assert_eq!(rows.len(), 2);
        // Read again, the same rows.
        assert_eq!(sheet.rows().count(), 2);
    }
}
