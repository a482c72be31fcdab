//! The sheet 图表: two Excel charts of the year, each beside the figures
//! it draws (so that the chart reads its own sheet): 本年度办理结果 (table
//! 三's result rows （一）…（六）, 总计 column) as bars, and 本年新收申请 by
//! applicant (table 三's first row, the six applicant columns) as columns.

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::Table3RowKind;
use gongkai_domain::vocabulary::report_format::TABLE3_TOTAL_COLUMN;
use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use super::super::table3_labels;
use super::{A4, FONT, SHEET_CHART, write_cell};

/// The first row of the results' figures (0-based), under their header.
pub(super) const RESULTS_TOP: u32 = 3;
/// The longest category label, in characters.
const SHORT: usize = 18;
/// Pixels of a default row.
const ROW_PX: u32 = 20;

/// A result row's label for a chart: the group's number before the row's
/// own label (`（三）1.属于国家秘密`), without a parenthesised note, cut to
/// [`SHORT`] characters.
pub(super) fn category(group: Option<&str>, item: &str) -> String {
    let number = |g: &str| {
        g.find('）')
            .map_or(String::new(), |i| g[..i + '）'.len_utf8()].to_string())
    };
    let full = format!("{}{item}", group.map(number).unwrap_or_default());
    let cut = full
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '（')
        .map_or(full.as_str(), |(i, _)| &full[..i]);
    if cut.chars().count() > SHORT {
        let mut s: String = cut.chars().take(SHORT - 1).collect();
        s.push('…');
        s
    } else {
        cut.to_string()
    }
}

/// The result rows: their chart label and 总计 cell.
fn results(r: &AnnualReport) -> Vec<(String, &Cell)> {
    let labels = table3_labels(r.format);
    r.format
        .table3_rows()
        .iter()
        .zip(&labels)
        .filter(|(row, _)| row.kind == Table3RowKind::Result)
        .filter_map(|(row, label)| {
            let cells = r.table3_row(row.key)?;
            Some((
                category(label.group, label.item),
                &cells[TABLE3_TOTAL_COLUMN],
            ))
        })
        .collect()
}

/// Writes a two-column table of (label, figure) at `top` with `header`;
/// returns the rows of its figures.
fn figures(
    ws: &mut Worksheet,
    top: u32,
    header: [&str; 2],
    rows: &[(String, &Cell)],
) -> Result<(u32, u32), XlsxError> {
    let plain = Format::new().set_font_name(FONT);
    let bold = plain.clone().set_bold();
    ws.write_string_with_format(top - 1, 0, header[0], &bold)?;
    ws.write_string_with_format(top - 1, 1, header[1], &bold)?;
    for (i, (label, cell)) in rows.iter().enumerate() {
        let row = top + i as u32;
        ws.write_string_with_format(row, 0, label, &plain)?;
        write_cell(ws, (row, 1), cell, &plain)?;
    }
    Ok((top, top + rows.len().max(1) as u32 - 1))
}

fn chart(kind: ChartType, title: &str, (first, last): (u32, u32)) -> Chart {
    let mut chart = Chart::new(kind);
    chart
        .add_series()
        .set_name(title)
        .set_categories((SHEET_CHART, first, 0, last, 0))
        .set_values((SHEET_CHART, first, 1, last, 1));
    chart.title().set_name(title);
    chart.legend().set_hidden();
    chart
}

/// Writes the sheet 图表 of `r` on `ws`.
pub(super) fn write(ws: &mut Worksheet, r: &AnnualReport) -> Result<(), XlsxError> {
    let bold = Format::new()
        .set_font_name(FONT)
        .set_bold()
        .set_font_size(14);
    ws.write_string_with_format(0, 0, format!("{}：图表", r.title()), &bold)?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 12)?;

    let rows = results(r);
    let span = figures(ws, RESULTS_TOP, ["本年度办理结果", "总计"], &rows)?;
    let mut bars = chart(ChartType::Bar, "本年度办理结果（总计）", span);
    bars.y_axis().set_reverse();
    let height = 80 + 26 * rows.len() as u32;
    bars.set_width(720).set_height(height);
    ws.insert_chart(RESULTS_TOP - 1, 3, &bars)?;

    let top = (RESULTS_TOP + rows.len() as u32 + 3).max(RESULTS_TOP + height / ROW_PX + 3);
    let columns = r.format.table3_columns();
    let first = r
        .table3_key(Table3RowKind::NewReceived)
        .and_then(|k| r.table3_row(k));
    let applicants: Vec<(String, &Cell)> = match first {
        Some(cells) => columns
            .iter()
            .zip(cells.iter())
            .take(TABLE3_TOTAL_COLUMN)
            .map(|(c, v)| (c.to_string(), v))
            .collect(),
        None => Vec::new(),
    };
    let span = figures(ws, top, ["申请人", "本年新收申请"], &applicants)?;
    let mut columns_chart = chart(
        ChartType::Column,
        "本年新收政府信息公开申请（按申请人）",
        span,
    );
    columns_chart.set_width(720).set_height(360);
    ws.insert_chart(top - 1, 3, &columns_chart)?;
    ws.set_paper_size(A4)
        .set_portrait()
        .set_print_fit_to_pages(1, 1);
    Ok(())
}
