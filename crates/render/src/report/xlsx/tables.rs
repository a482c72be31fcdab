//! Tables 二, 三 and 四 as sheets: their grids and column widths. Tables 三
//! and 四 are the grids of the DOCX and PDF (table 三 with the format's
//! note on 勾稽关系 in its top-left header cell, as the format prints it);
//! table 二 is laid out here as the format prints it in a sheet: per block
//! (第二十条第（一）项 …) a row with the block's label across the table, a
//! header row (信息内容 and the block's columns) and the block's rows.

use gongkai_domain::report::AnnualReport;

use super::super::{
    CONTENT, Grid, GridCell, Role, block_rows, blocks_of, column_headers, spans, table3_grid,
    table4_grid,
};
use super::sheet::Layout;
use super::{SHEET_TABLE2, SHEET_TABLE3, SHEET_TABLE4};

/// The width of table 二's label column, in Excel units.
const T2_LABEL: f64 = 26.0;
/// The width of table 二's data columns together.
const T2_DATA: f64 = 60.0;
/// Table 三's three label columns: 三、本年度办理结果, the groups （三）…, the rows.
const T3_LABELS: [f64; 3] = [6.0, 10.0, 30.0];
/// A figure column of tables 三 and 四.
const FIGURE: f64 = 9.5;

/// The sheets of tables 二, 三 and 四, in order.
pub(super) fn layouts(r: &AnnualReport) -> [Layout; 3] {
    [table2(r), table3(r), table4(r)]
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// How many data columns blocks of `counts` columns share so that each
/// block divides them evenly: the least common multiple (3 in the 2021
/// format, 6 in the 2019 one), or the widest block where that passes 12
/// (a parsed report's odd local block).
pub(super) fn shared_columns(counts: &[usize]) -> usize {
    let lcm = counts.iter().fold(1, |a, b| a / gcd(a, *b) * b);
    if lcm <= 12 {
        lcm
    } else {
        counts.iter().copied().max().unwrap_or(1)
    }
}

/// Table 二 (主动公开) as the format prints it; the data columns are
/// `sub` grid columns that each block's columns share.
pub(super) fn table2_grid(r: &AnnualReport) -> Grid {
    let blocks = blocks_of(r);
    let counts: Vec<usize> = blocks.iter().map(|b| b.columns.len().max(1)).collect();
    let sub = shared_columns(&counts);
    let mut rows = Vec::new();
    for block in &blocks {
        let spans = spans(sub, block.columns.len().max(1));
        rows.push(vec![
            GridCell::new(block.label.clone(), Role::Header).span(1, 1 + sub),
        ]);
        let mut header = vec![GridCell::new(CONTENT, Role::Header)];
        header.extend(column_headers(block, &spans));
        rows.push(header);
        rows.extend(block_rows(block, &spans));
    }
    let mut widths = vec![T2_LABEL];
    widths.extend(vec![T2_DATA / sub as f64; sub]);
    Grid {
        widths: widths.iter().map(|w| *w as f32).collect(),
        size: 10.5,
        header_rows: 0,
        rows,
    }
}

fn table2(r: &AnnualReport) -> Layout {
    let grid = table2_grid(r);
    Layout {
        name: SHEET_TABLE2,
        heading: r.part_title(1),
        widths: grid.widths.iter().map(|w| f64::from(*w)).collect(),
        grid,
        landscape: false,
    }
}

/// Table 三 (依申请公开): 申请人情况 over 自然人, 法人或其他组织 (商业企业 …
/// 其他) and 总计; the rows 一 … 四 with the results of 三 grouped. Ten
/// columns: printed upright, fit to the width, as the format's page.
fn table3(r: &AnnualReport) -> Layout {
    let mut grid = table3_grid(r);
    if let Some(corner) = grid.rows.first_mut().and_then(|row| row.first_mut()) {
        corner.text = r.format.table3_header_note().to_string();
        corner.role = Role::Group;
    }
    let mut widths = T3_LABELS.to_vec();
    widths.extend(vec![FIGURE; r.format.table3_columns().len()]);
    Layout {
        name: SHEET_TABLE3,
        heading: r.part_title(2),
        grid,
        widths,
        landscape: false,
    }
}

/// Table 四 (复议诉讼): fifteen columns, printed across the page.
fn table4(r: &AnnualReport) -> Layout {
    let grid = table4_grid(r);
    Layout {
        name: SHEET_TABLE4,
        heading: r.part_title(3),
        widths: vec![FIGURE; r.format.table4_columns().len()],
        grid,
        landscape: true,
    }
}
