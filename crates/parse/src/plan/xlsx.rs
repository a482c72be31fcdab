//! A plan kept as an Excel workbook (.xlsx): the first sheet with a
//! division header is read as a table one row per line, each row a line
//! numbered as the sheet numbers it. A merged region's text stands in every
//! cell of the region, so a group or task merged over rows applies to each
//! row and a header label merged over columns names each of them.

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader, Xlsx, open_workbook_from_rs};

use super::table::note;
use super::{PlanReadError, PlanReading, folded_line, prose, table};
use crate::lines::{Line, MAX_CELLS, MAX_LINES};

/// Reads the plan in a workbook.
pub(super) fn read(bytes: &[u8]) -> Result<PlanReading, PlanReadError> {
    let bad = |e: calamine::XlsxError| PlanReadError::BadWorkbook(e.to_string());
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(bad)?;
    let mut first: Option<(String, Vec<Line>)> = None;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(bad)?;
        let merges = book.merge_cells_by_sheet_name(&name).map_err(bad)?;
        let lines: Vec<Line> = sheet_lines(&range, &merges)
            .iter()
            .map(folded_line)
            .collect();
        if let Some(mut reading) = table::read(&lines) {
            if let Some(n) = reading.notes.first_mut() {
                n.message = format!("工作表“{name}”：{}", n.message);
            }
            return Ok(reading);
        }
        if first.is_none() && !lines.is_empty() {
            first = Some((name, lines));
        }
    }
    // No sheet has a division table: its rows are read as the text of a
    // plan written as prose, and that is said.
    let (name, lines) = first.unwrap_or_default();
    let text: Vec<Line> = lines
        .iter()
        .map(|l| {
            Line::plain(
                l.no,
                &l.pieces.iter().map(|p| p.text.as_str()).collect::<String>(),
            )
        })
        .collect();
    let mut reading = prose::read(&text);
    reading.notes.insert(
        0,
        note(
            1,
            format!(
                "工作簿中没有分工表（表头需有工作任务和牵头单位两列）：按工作表“{name}”的文字读取。"
            ),
        ),
    );
    Ok(reading)
}

/// The rows of a sheet as delimited lines (row numbers as in Excel, column
/// A first), merged regions filled with their text; empty rows left out.
fn sheet_lines(range: &calamine::Range<Data>, merges: &[Dimensions]) -> Vec<Line> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r0, c0) = (r0 as usize, c0 as usize);
    let (h, w) = range.get_size();
    let rows = merges
        .iter()
        .map(|d| d.end.0 as usize + 1)
        .fold(r0 + h, usize::max)
        .min(MAX_LINES);
    let cols = merges
        .iter()
        .map(|d| d.end.1 as usize + 1)
        .fold(c0 + w, usize::max)
        .min(MAX_CELLS);
    let mut grid = vec![vec![String::new(); cols]; rows];
    for (r, row) in range.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if let Some(cell) = grid.get_mut(r0 + r).and_then(|g| g.get_mut(c0 + c)) {
                *cell = text(v);
            }
        }
    }
    for d in merges {
        let (top, left) = (d.start.0 as usize, d.start.1 as usize);
        let Some(v) = grid.get(top).and_then(|g| g.get(left)).cloned() else {
            continue;
        };
        for row in grid.iter_mut().take(d.end.0 as usize + 1).skip(top) {
            for cell in row.iter_mut().take(d.end.1 as usize + 1).skip(left) {
                cell.clone_from(&v);
            }
        }
    }
    grid.into_iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(r, cells)| Line::row(r + 1, cells))
        .collect()
}

/// A cell's text: numbers without a fractional `.0` (a 序号 of 1 is `1`),
/// dates as plans write them (`2022年12月31日`), errors as nothing.
fn text(v: &Data) -> String {
    match v {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) if d.is_datetime() && d.as_f64() >= 61.0 => date(d.as_f64()),
        Data::Error(_) => String::new(),
        other => other.to_string(),
    }
}

/// An Excel serial date (1900 system, from 1900-03-01 on) as `YYYY年M月D日`.
fn date(serial: f64) -> String {
    // Days from 1970-01-01: serial 25569 is that day.
    let days = serial.floor() as i64 - 25569;
    // Civil date from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}年{month}月{day}日")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_as_plans_write_them() {
        // 2022-12-31 is serial 44926 (Excel shows it so); 1970-01-01 is 25569.
        assert_eq!(date(44926.0), "2022年12月31日");
        assert_eq!(date(25569.0), "1970年1月1日");
        assert_eq!(date(45351.0), "2024年2月29日");
    }
}
