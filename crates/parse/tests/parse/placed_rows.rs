//! Rows the reader once named ambiguous though their text admits one
//! reading (issue 22): a table flattened one cell per line with every
//! cell's bar on a line of its own, a stored copy cut off mid-row, and a
//! change written with its sign among fewer figures than columns. Each has
//! a twin whose text admits several readings and stays ambiguous. Every
//! expected value is read off the text written in the test.

use gongkai_domain::report::Cell;
use gongkai_parse::{ParsedReport, parse_text};

fn t3(p: &ParsedReport, key: &str) -> Vec<Cell> {
    p.report.table3_row(key).expect(key).to_vec()
}

fn counts(xs: &[i64]) -> Vec<Cell> {
    xs.iter().map(|x| Cell::Count(*x)).collect()
}

fn ambiguous(p: &ParsedReport, row: &str) -> bool {
    p.ambiguous
        .iter()
        .any(|u| u.cell.key == row || u.cell.row == row)
}

fn missing(p: &ParsedReport, row: &str, column: &str) -> bool {
    p.missing
        .iter()
        .any(|u| (u.cell.key == row || u.cell.row == row) && u.cell.column == column)
}

/// Each cell on its line, then a line holding only `|` (the label's too).
fn bar_lines(cells: &[&str]) -> String {
    cells.iter().map(|c| format!("{c}\n|\n")).collect()
}

#[test]
fn a_bar_after_a_numbered_label_closes_its_cell_when_every_cell_has_its_bar() {
    let mut text =
        String::from("某镇2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n");
    text += &bar_lines(&[
        "一、本年新收政府信息公开申请数量",
        "3",
        "1",
        "0",
        "0",
        "0",
        "2",
        "6",
    ]);
    text += &bar_lines(&[
        "二、上年结转政府信息公开申请数量",
        "0",
        "0",
        "0",
        "0",
        "1",
        "0",
        "1",
    ]);
    text += &bar_lines(&[
        "三、本年度办理结果",
        "（一）予以公开",
        "2",
        "0",
        "0",
        "0",
        "0",
        "1",
        "3",
    ]);
    let p = parse_text(&text);
    assert_eq!(t3(&p, "new_received"), counts(&[3, 1, 0, 0, 0, 2, 6]));
    assert_eq!(t3(&p, "carried_over"), counts(&[0, 0, 0, 0, 1, 0, 1]));
    assert_eq!(t3(&p, "r_open"), counts(&[2, 0, 0, 0, 0, 1, 3]));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn a_bar_after_a_heading_still_opens_a_row_when_cells_carry_their_own_bars() {
    // `行政处罚 |` carries its bar: the lone `|` after the heading is an
    // empty cell of the row, so the row has eight values for seven cells.
    let text = "某镇2023年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
|
3 |
1 |
0 |
0 |
0 |
2 |
6 |
";
    let p = parse_text(text);
    assert!(ambiguous(&p, "new_received"), "{:#?}", p.report);
}

const CUT_ROW: &str = "某局2021年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量

 4

 0

 0

 0

 0

 0

 4

三、本年度办理结果

(一)予以公开

 3

 0

 1
";

#[test]
fn a_row_cut_off_by_the_end_of_the_text_keeps_its_first_cells() {
    let p = parse_text(CUT_ROW);
    assert_eq!(t3(&p, "new_received"), counts(&[4, 0, 0, 0, 0, 0, 4]));
    let open = p.report.table3_row("r_open").expect("r_open");
    assert_eq!(open[..3], counts(&[3, 0, 1])[..]);
    // What the copy lost is missing, not in doubt.
    assert!(missing(&p, "r_open", "总计"));
    assert!(missing(&p, "r_open", "社会公益组织"));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn a_short_row_that_the_text_goes_on_after_stays_ambiguous() {
    // Followed by the next row: the short row lost blank cells somewhere.
    let text = format!("{CUT_ROW}(二)部分公开\n\n 0\n\n 0\n\n 0\n\n 0\n\n 0\n\n 0\n\n 0\n");
    let p = parse_text(&text);
    assert!(ambiguous(&p, "r_open"));
    assert_eq!(t3(&p, "r_partial"), counts(&[0; 7]));
}

const CUT_LABEL: &str = "某镇2020年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
(三)不予公开
1.属于国家秘密
 5
 0
 0
 0
 0
 0
 5
2";

#[test]
fn a_bare_number_that_the_text_stops_in_is_no_cell() {
    // The copy stops in the next label (`2` of `2.其他法律行政法规…`).
    let p = parse_text(CUT_LABEL);
    assert_eq!(t3(&p, "r_deny_secret"), counts(&[5, 0, 0, 0, 0, 0, 5]));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn a_bare_number_on_a_finished_last_line_is_a_value() {
    // The last line ends with a line break: `2` is a whole eighth value.
    let p = parse_text(&format!("{CUT_LABEL}\n"));
    assert!(ambiguous(&p, "r_deny_secret"));
}

fn licensing(values: &str) -> ParsedReport {
    parse_text(&format!(
        "某局2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第(五)项
信息内容
上一年项目数量
本年增/减
处理决定数量
行政许可
{values}
其他对外管理服务事项
"
    ))
}

fn cells2(p: &ParsedReport, row: &str) -> Vec<(String, Cell)> {
    p.report
        .table2
        .iter()
        .find(|r| r.row == row)
        .unwrap_or_else(|| panic!("表二“{row}”: {:#?}", p.report.table2))
        .cells
        .clone()
}

#[test]
fn a_signed_figure_is_the_change_and_places_the_figures_beside_it() {
    let p = licensing("19\n+4");
    let cells = cells2(&p, "行政许可");
    let at = |c: &str| cells.iter().find(|(n, _)| n == c).map(|(_, v)| v.clone());
    assert_eq!(at("上一年项目数量"), Some(Cell::Count(19)));
    assert_eq!(at("本年增/减"), Some(Cell::read("+4")));
    assert!(missing(&p, "行政许可", "处理决定数量"));
    assert!(!ambiguous(&p, "行政许可"), "{:#?}", p.ambiguous);
    // The change first: nothing stands before it, the figure after it is
    // 处理决定数量.
    let p = licensing("+4\n7");
    let cells = cells2(&p, "行政许可");
    let at = |c: &str| cells.iter().find(|(n, _)| n == c).map(|(_, v)| v.clone());
    assert_eq!(at("本年增/减"), Some(Cell::read("+4")));
    assert_eq!(at("处理决定数量"), Some(Cell::Count(7)));
    assert!(missing(&p, "行政许可", "上一年项目数量"));
}

#[test]
fn two_unsigned_figures_for_three_columns_stay_ambiguous() {
    assert!(ambiguous(&licensing("19\n4"), "行政许可"));
    // Two signed figures: which is the change cannot be told.
    assert!(ambiguous(&licensing("+4\n-3"), "行政许可"));
}
