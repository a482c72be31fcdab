//! The workbook read back with calamine: the sheets in order, the merged
//! ranges and labels of the official tables (expected values written out
//! from the templates of 国办公开办函〔2021〕30号 and 〔2019〕60号), figures
//! as numbers, the page setup, the charts and the sheet 数据.

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook_from_rs};
use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::ReportFormat;

use super::chart::category;
use super::*;

const AGENCY: &str = "白沙县交通运输局";

type Book = Xlsx<Cursor<Vec<u8>>>;

/// A 2024 report (2021 format) with a few figures: 本年新收 3 自然人, 1
/// 商业企业, 1 法律服务机构, 5 in all; （一）予以公开 2 自然人; one 行政许可
/// decision; fees of 1.25 万元; a “/” where a figure belongs.
fn hand_built() -> AnnualReport {
    let mut r = AnnualReport::blank(ReportFormat::Y2021, 2024, AGENCY);
    let counts = |v: [i64; 7]| v.map(Cell::Count);
    r.table3[0].cells = counts([3, 1, 0, 0, 1, 0, 5]);
    r.table3[2].cells = counts([2, 0, 0, 0, 0, 0, 2]);
    r.table3[3].cells[0] = Cell::Text("/".into());
    r.set_table2(
        "第二十条第（五）项",
        "行政许可",
        "本年处理决定数量",
        Cell::Count(7),
    );
    r.set_table2(
        "第二十条第（八）项",
        "行政事业性收费",
        "本年收费金额（单位：万元）",
        Cell::Amount("1.25".into()),
    );
    r.table4[0] = Cell::Count(1);
    r.table4[4] = Cell::Count(1);
    r
}

fn book(r: &AnnualReport) -> (Book, Vec<u8>) {
    let bytes = report_xlsx(r).unwrap();
    (
        open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap(),
        bytes,
    )
}

/// `(row, col)` (0-based) as an A1 reference.
fn a1((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The merged ranges of a sheet, as `A1:B2`, sorted.
fn merges(book: &mut Book, sheet: &str) -> Vec<String> {
    let mut out: Vec<String> = book
        .merge_cells_by_sheet_name(sheet)
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}", a1(d.start), a1(d.end)))
        .collect();
    out.sort();
    out
}

fn sorted(ranges: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = ranges.iter().map(|s| s.to_string()).collect();
    out.sort();
    out
}

/// The cell at an A1 reference such as `C11`.
fn at<'a>(range: &'a Range<Data>, cell: &str) -> &'a Data {
    let split = cell.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = cell[..split]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = cell[split..].parse::<u32>().unwrap() - 1;
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

fn text(range: &Range<Data>, cell: &str) -> String {
    match at(range, cell) {
        Data::String(s) => s.clone(),
        other => panic!("{cell}: expected text, found {other:?}"),
    }
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Table 三's row labels in the 2021 format, as the template prints them.
const T3_LABELS_2021: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

#[test]
fn the_sheets_are_the_three_tables_the_chart_and_the_data() {
    let (book, bytes) = book(&hand_built());
    assert_eq!(
        book.sheet_names(),
        [
            "二（主动公开情况）",
            "三（收到和处理政府信息公开申请情况）",
            "四（行政复议、行政诉讼情况）",
            "图表",
            "数据"
        ]
    );
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>白沙县交通运输局2024年政府信息公开工作年度报告</dc:title>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>白沙县交通运输局</dc:creator>"),
        "{core}"
    );
}

#[test]
fn table3_has_the_merged_applicant_header_and_the_25_row_labels() {
    let (mut book, _) = book(&hand_built());
    assert_eq!(
        merges(&mut book, SHEET_TABLE3),
        sorted(&[
            "A1:J1", "A2:J2", "A3:J3", // title, part title, agency
            "A4:C6", "D4:J4", "D5:D6", "E5:I5", "J5:J6", // the header
            "A7:C7", "A8:C8", "A9:A30", "B9:C9", "B10:C10", "B11:B18", "B19:B21", "B22:B26",
            "B27:B29", "B30:C30", "A31:C31",
        ])
    );
    let s = book.worksheet_range(SHEET_TABLE3).unwrap();
    assert_eq!(
        text(&s, "A1"),
        "白沙县交通运输局2024年政府信息公开工作年度报告"
    );
    assert_eq!(text(&s, "A2"), "三、收到和处理政府信息公开申请情况");
    assert!(text(&s, "A3").contains(AGENCY));
    assert_eq!(
        text(&s, "A4"),
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    );
    let header: Vec<String> = ["D4", "D5", "E5", "J5", "E6", "F6", "G6", "H6", "I6"]
        .iter()
        .map(|c| text(&s, c))
        .collect();
    assert_eq!(
        header,
        [
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "总计",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ]
    );
    // Each row's own label: in A for 一、二、四 (merged over A:C), in B for
    // the results without sub-rows (B:C), in C under a group.
    let own = |row: u32| -> String {
        ["C", "B", "A"]
            .iter()
            .find_map(|c| match at(&s, &format!("{c}{row}")) {
                Data::String(t) if !t.is_empty() => Some(t.clone()),
                _ => None,
            })
            .unwrap()
    };
    let labels: Vec<String> = (7..=31).map(own).collect();
    assert_eq!(labels, T3_LABELS_2021);
    assert_eq!(text(&s, "A9"), "三、本年度办理结果");
    let groups: Vec<String> = ["B11", "B19", "B22", "B27"]
        .iter()
        .map(|c| text(&s, c))
        .collect();
    assert_eq!(
        groups,
        [
            "（三）不予公开",
            "（四）无法提供",
            "（五）不予处理",
            "（六）其他处理"
        ]
    );
    // Figures are numbers; text stays text; a blank stays empty.
    assert_eq!(at(&s, "D7"), &Data::Float(3.0));
    assert_eq!(at(&s, "E7"), &Data::Float(1.0));
    assert_eq!(at(&s, "H7"), &Data::Float(1.0));
    assert_eq!(at(&s, "J7"), &Data::Float(5.0));
    assert_eq!(at(&s, "J9"), &Data::Float(2.0));
    assert_eq!(at(&s, "D10"), &Data::String("/".into()));
    assert!(matches!(at(&s, "D31"), Data::Empty | Data::String(_)) && text_or_empty(at(&s, "D31")));
}

fn text_or_empty(d: &Data) -> bool {
    matches!(d, Data::Empty) || d == &Data::String(String::new())
}

#[test]
fn table3_in_the_2019_format_has_23_rows() {
    let (mut book, _) = book(&AnnualReport::blank(ReportFormat::Y2019, 2020, AGENCY));
    let m = merges(&mut book, SHEET_TABLE3);
    for range in [
        "D4:J4", "E5:I5", "A9:A28", "B11:B18", "B27:C27", "B28:C28", "A29:C29",
    ] {
        assert!(m.contains(&range.to_string()), "{range} in {m:?}");
    }
    let s = book.worksheet_range(SHEET_TABLE3).unwrap();
    assert_eq!(text(&s, "B27"), "（六）其他处理");
    assert_eq!(text(&s, "A29"), "四、结转下年度继续办理");
}

#[test]
fn table2_prints_each_block_label_across_the_table() {
    let (mut book, _) = book(&hand_built());
    assert_eq!(
        merges(&mut book, SHEET_TABLE2),
        sorted(&[
            "A1:D1", "A2:D2", "A3:D3", "A4:D4", // 第二十条第（一）项
            "A8:D8", "B9:D9", "B10:D10", // （五）
            "A11:D11", "B12:D12", "B13:D13", "B14:D14", // （六）
            "A15:D15", "B16:D16", "B17:D17", // （八）
        ])
    );
    let s = book.worksheet_range(SHEET_TABLE2).unwrap();
    let column = |cells: &[&str]| -> Vec<String> { cells.iter().map(|c| text(&s, c)).collect() };
    assert_eq!(
        column(&["A4", "A5", "B5", "C5", "D5", "A6", "A7"]),
        [
            "第二十条第（一）项",
            "信息内容",
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "规章",
            "行政规范性文件"
        ]
    );
    assert_eq!(
        column(&["A8", "B9", "A10", "A11", "A13", "A14", "A15", "B16", "A17"]),
        [
            "第二十条第（五）项",
            "本年处理决定数量",
            "行政许可",
            "第二十条第（六）项",
            "行政处罚",
            "行政强制",
            "第二十条第（八）项",
            "本年收费金额（单位：万元）",
            "行政事业性收费"
        ]
    );
    assert_eq!(at(&s, "B10"), &Data::Float(7.0));
    assert_eq!(at(&s, "B17"), &Data::Float(1.25));
}

#[test]
fn table2_in_the_2019_format_shares_six_columns() {
    let (mut book, _) = book(&AnnualReport::blank(ReportFormat::Y2019, 2020, AGENCY));
    let m = merges(&mut book, SHEET_TABLE2);
    // 第二十条第（一）项: three columns of two; （八）: two of three.
    for range in ["A4:G4", "B5:C5", "D5:E5", "F5:G5", "B17:D17", "E17:G17"] {
        assert!(m.contains(&range.to_string()), "{range} in {m:?}");
    }
    let s = book.worksheet_range(SHEET_TABLE2).unwrap();
    assert_eq!(text(&s, "A16"), "第二十条第（八）项");
    assert_eq!(text(&s, "E17"), "本年增/减");
    assert_eq!(text(&s, "A19"), "第二十条第（九）项");
}

#[test]
fn table4_has_reconsideration_and_litigation_over_their_results() {
    let (mut book, _) = book(&hand_built());
    assert_eq!(
        merges(&mut book, SHEET_TABLE4),
        sorted(&[
            "A1:O1", "A2:O2", "A3:O3", "A4:E4", "F4:O4", "A5:A6", "B5:B6", "C5:C6", "D5:D6",
            "E5:E6", "F5:J5", "K5:O5",
        ])
    );
    let s = book.worksheet_range(SHEET_TABLE4).unwrap();
    let row = |cells: &[&str]| -> Vec<String> { cells.iter().map(|c| text(&s, c)).collect() };
    assert_eq!(
        row(&[
            "A2", "A4", "F4", "F5", "K5", "A5", "E5", "F6", "J6", "K6", "O6"
        ]),
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议",
            "行政诉讼",
            "未经复议直接起诉",
            "复议后起诉",
            "结果维持",
            "总计",
            "结果维持",
            "总计",
            "结果维持",
            "总计"
        ]
    );
    assert_eq!(at(&s, "A7"), &Data::Float(1.0));
    assert_eq!(at(&s, "E7"), &Data::Float(1.0));
}

#[test]
fn pages_are_a4_fit_to_width_with_print_titles() {
    let (_, bytes) = book(&hand_built());
    let t3 = part(&bytes, "xl/worksheets/sheet2.xml");
    let t4 = part(&bytes, "xl/worksheets/sheet3.xml");
    for sheet in [&t3, &t4] {
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
        assert!(sheet.contains("paperSize=\"9\""), "{sheet}");
        assert!(sheet.contains("fitToHeight=\"0\""), "{sheet}");
    }
    assert!(t3.contains("orientation=\"portrait\""), "{t3}");
    assert!(t4.contains("orientation=\"landscape\""), "{t4}");
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("'三（收到和处理政府信息公开申请情况）'!$4:$6"),
        "{workbook}"
    );
    assert!(
        workbook.contains("'四（行政复议、行政诉讼情况）'!$4:$6"),
        "{workbook}"
    );
}

#[test]
fn the_chart_sheet_draws_the_results_and_the_applicants() {
    let (mut book, bytes) = book(&hand_built());
    let s = book.worksheet_range(SHEET_CHART).unwrap();
    // The 21 result rows of the 2021 format, 总计 column, from row 4.
    assert_eq!(text(&s, "A4"), "（一）予以公开");
    assert_eq!(at(&s, "B4"), &Data::Float(2.0));
    assert_eq!(text(&s, "A5"), "（二）部分公开");
    assert_eq!(text(&s, "A6"), "（三）1.属于国家秘密");
    assert_eq!(text(&s, "A24"), "（六）3.其他");
    let bars = part(&bytes, "xl/charts/chart1.xml");
    assert!(
        bars.contains("图表!$A$4:$A$24") && bars.contains("图表!$B$4:$B$24"),
        "{bars}"
    );
    // The applicants' figures: 自然人 … 其他 of 本年新收.
    let col = part(&bytes, "xl/charts/chart2.xml");
    let first = col.split("图表!$A$").nth(1).unwrap();
    let row: u32 = first[..first.find(':').unwrap()].parse().unwrap();
    assert_eq!(text(&s, &format!("A{row}")), "自然人");
    assert_eq!(at(&s, &format!("B{row}")), &Data::Float(3.0));
    assert_eq!(text(&s, &format!("A{}", row + 5)), "其他");
    assert!(
        col.contains(&format!("图表!$B${row}:$B${}", row + 5)),
        "{col}"
    );
}

#[test]
fn category_labels_are_short() {
    assert_eq!(
        category(Some("（三）不予公开"), "1.属于国家秘密"),
        "（三）1.属于国家秘密"
    );
    assert_eq!(
        category(
            None,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        ),
        "（二）部分公开"
    );
    let long = category(
        Some("（六）其他处理"),
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    );
    assert_eq!(long, "（六）1.申请人无正当理由逾期不补…");
}

#[test]
fn the_data_sheet_keeps_the_stable_keys() {
    let (mut book, _) = book(&hand_built());
    let s = book.worksheet_range(SHEET_DATA).unwrap();
    let rows: Vec<&[Data]> = s.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(header, ["表", "区块", "行", "列", "序号", "数值", "标签"]);
    let find = |table: &str, block: &str, row: &str, column: &str| -> Data {
        rows.iter()
            .find(|r| {
                [table, block, row, column]
                    .iter()
                    .enumerate()
                    .all(|(i, want)| r[i].get_string().unwrap_or_default() == *want)
            })
            .map(|r| r[5].clone())
            .unwrap_or_else(|| panic!("{table} {block} {row} {column}"))
    };
    assert_eq!(find("report", "", "year", ""), Data::Float(2024.0));
    assert_eq!(
        find("report", "", "format", ""),
        Data::String("2021".into())
    );
    assert_eq!(
        find("table3", "", "new_received", "自然人"),
        Data::Float(3.0)
    );
    assert_eq!(find("table3", "", "new_received", "总计"), Data::Float(5.0));
    assert_eq!(
        find("table3", "", "r_partial", "自然人"),
        Data::String("/".into())
    );
    assert_eq!(find("table3", "", "carry_next", "总计"), Data::Empty);
    assert_eq!(
        find(
            "table2",
            "第二十条第（八）项",
            "行政事业性收费",
            "本年收费金额（单位：万元）"
        ),
        Data::Float(1.25)
    );
    assert_eq!(find("table4", "行政复议", "", "总计"), Data::Float(1.0));
    // 1 + 5 report lines + 10 of table 二 + 25 × 7 of table 三 + 15 of table 四.
    assert_eq!(rows.len(), 1 + 5 + 10 + 175 + 15);
}
