//! Layouts real reports use (issue 22): cells separated by spaces, labels
//! that carry their hierarchy or long notes, mirror sites' Taiwan words and
//! pinyin glosses, labels cut over lines, sub-rows that lost their labels,
//! rows run together with their cells, fragments, and amounts in 元. Every
//! expected value is read off the text written in the test.

use gongkai_domain::report::Cell;
use gongkai_parse::{ParsedReport, parse_text};

fn t2(p: &ParsedReport, row: &str) -> Vec<Cell> {
    p.report
        .table2
        .iter()
        .find(|r| r.row == row)
        .unwrap_or_else(|| panic!("表二“{row}”: {:#?}", p.report.table2))
        .cells
        .iter()
        .map(|(_, c)| c.clone())
        .collect()
}

fn t3(p: &ParsedReport, key: &str) -> Vec<Cell> {
    p.report.table3_row(key).expect(key).to_vec()
}

fn counts(xs: &[i64]) -> Vec<Cell> {
    xs.iter().map(|x| Cell::Count(*x)).collect()
}

fn missing3(p: &ParsedReport, key: &str) -> bool {
    p.missing.iter().any(|u| u.cell.key == key)
}

fn ambiguous3(p: &ParsedReport, key: &str) -> bool {
    p.ambiguous.iter().any(|u| u.cell.key == key)
}

const SPACED: &str = "白沙县交通运输局2024年政府信息公开工作
             年度报告
二、主动公开政府信息情况
      信息内容        本年制发件数      本年废止件数      现行有效件数
第二十条第（一）项 规章           0             0              1
           行政规范性文件         3             1              12
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量   10   4   1   1   2   1   19
三、（三）不予公开 1.属于国家秘密   1   0   0   0   0   0   1
（二）部分公开（区分处理的，只计这一情
                     0    2    0    0    0    0    2
形，不计其他情形）
    5.要求行政机关确认或重新出
                     0    0    0    0    0    0    0
    具已获取信息
（七）总计   3   2   0   0   0   0   5
四、政府信息公开行政复议、行政诉讼情况
   行政复议                        行政诉讼
 1    0    0      1    2    1    0     0       0       1        0        0        0       0   0
五、存在的主要问题及改进情况
无。
";

#[test]
fn cells_separated_by_spaces_are_read_as_pdftotext_gives_them() {
    let p = parse_text(SPACED);
    // The title set over two lines.
    assert_eq!(p.year, Some(2024));
    assert_eq!(p.agency.as_deref(), Some("白沙县交通运输局"));
    // The block and its first row on one line.
    assert_eq!(t2(&p, "规章"), counts(&[0, 0, 1]));
    assert_eq!(t2(&p, "行政规范性文件"), counts(&[3, 1, 12]));
    assert_eq!(t3(&p, "new_received"), counts(&[10, 4, 1, 1, 2, 1, 19]));
    // The group and the item in one label.
    assert_eq!(t3(&p, "r_deny_secret"), counts(&[1, 0, 0, 0, 0, 0, 1]));
    // Labels wrapped around their values: the note cut, the wording cut.
    assert_eq!(t3(&p, "r_partial"), counts(&[0, 2, 0, 0, 0, 0, 2]));
    assert_eq!(t3(&p, "r_noproc_confirm"), counts(&[0; 7]));
    assert_eq!(t3(&p, "r_total"), counts(&[3, 2, 0, 0, 0, 0, 5]));
    assert_eq!(
        p.report.table4.to_vec(),
        counts(&[1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    );
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
    // Rows the text does not have stay missing, never filled.
    assert!(missing3(&p, "carried_over") && missing3(&p, "r_open"));
}

#[test]
fn labels_with_their_hierarchy_in_one_cell_are_read() {
    let text = "某局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
| 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 | 申请人情况 |
| | 自然人 | 法人或其他组织-商业企业 | 法人或其他组织-科研机构 | 法人或其他组织-社会公益组织 | 法人或其他组织-法律服务机构 | 法人或其他组织-其他 | 总计 |
| 三、本年度办理结果（一）予以公开 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |
| 三、（三）不予公开 1.属于国家秘密 | 14 | 0 | 0 | 0 | 0 | 0 | 14 |
| 三、（三）不予公开 2.其他法律行政法规禁止公开 | 0 | 2 | 0 | 0 | 0 | 0 | 2 |
| 三、本年度办理结果（六）其他处理 3.其他 | 0 | 0 | 0 | 0 | 0 | 7 | 7 |
";
    let p = parse_text(text);
    assert_eq!(t3(&p, "r_open"), counts(&[5, 1, 0, 0, 0, 0, 6]));
    assert_eq!(t3(&p, "r_deny_secret"), counts(&[14, 0, 0, 0, 0, 0, 14]));
    assert_eq!(t3(&p, "r_deny_law"), counts(&[0, 2, 0, 0, 0, 0, 2]));
    assert_eq!(t3(&p, "r_other_other"), counts(&[0, 0, 0, 0, 0, 7, 7]));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn notes_taiwan_words_and_pinyin_glosses_do_not_hide_a_label() {
    let text = "某縣交通運輸局2022年政府資訊公開工作年度報告
二、主動公開政府資訊情況
| 第二十條第（一）項 |
| 資訊內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數 |
| 規章 | 0 | 0 | 2 |
| 行政規範性檔案（行政機關制定發布的決定、公告、通告、意見、通知，以及標題採用“規定”“辦法”字樣的公文，一般情況下屬於規範性檔案） | 4 | 1 | 9 |
| 其他主動公開文件（指本機關自行增設的公開事項） | 3 | 0 | 5 |
三、收到和處理政府資訊公開申請情況
| 1.本機(jī)關(guān)不掌握相關政府資訊 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
";
    let p = parse_text(text);
    assert_eq!(t2(&p, "规章"), counts(&[0, 0, 2]));
    assert_eq!(t2(&p, "行政规范性文件"), counts(&[4, 1, 9]));
    assert_eq!(t3(&p, "r_cannot_nothold"), counts(&[2, 0, 0, 0, 0, 0, 2]));
    // The locally added row is read as an extra row, not into another.
    let extra = p
        .report
        .table2
        .iter()
        .find(|r| r.row.starts_with("其他主動公開文件"))
        .expect("the local row");
    assert_eq!(extra.block, "第二十条第（一）项");
    assert_eq!(
        extra
            .cells
            .iter()
            .map(|(_, c)| c.clone())
            .collect::<Vec<_>>(),
        counts(&[3, 0, 5])
    );
}

/// 三、（三）不予公开 then its eight rows' values, one per line, their
/// labels lost: `values` bare values.
fn lost_labels(values: &[i64]) -> String {
    let mut text = String::from(
        "某局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n（三）不予公开\n",
    );
    for v in values {
        text.push_str(&format!("{v}\n"));
    }
    text.push_str("（四）无法提供\n");
    text
}

#[test]
fn sub_rows_without_labels_are_placed_only_when_the_count_admits_one_placement() {
    // Eight rows of seven: row k (1-based) has k in 自然人 and its total.
    let mut values = Vec::new();
    for k in 1..=8 {
        values.extend([k, 0, 0, 0, 0, 0, k]);
    }
    let p = parse_text(&lost_labels(&values));
    assert_eq!(t3(&p, "r_deny_secret"), counts(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3(&p, "r_deny_3rd"), counts(&[4, 0, 0, 0, 0, 0, 4]));
    assert_eq!(t3(&p, "r_deny_query"), counts(&[8, 0, 0, 0, 0, 0, 8]));

    // One value fewer: no placement; every row of the group in doubt.
    values.pop();
    let p = parse_text(&lost_labels(&values));
    for key in ["r_deny_secret", "r_deny_internal", "r_deny_query"] {
        assert!(ambiguous3(&p, key), "{key}");
        assert_eq!(t3(&p, key), vec![Cell::Blank; 7], "{key}");
    }
}

#[test]
fn a_glued_row_is_split_only_where_the_identities_admit_one_split() {
    // 1000001 has one split: 1,0,0,0,0,0,1 (seven digits, the last the sum).
    let one = "某局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量1000001
";
    let p = parse_text(one);
    assert_eq!(t3(&p, "new_received"), counts(&[1, 0, 0, 0, 0, 0, 1]));
    assert!(!ambiguous3(&p, "new_received"));

    // 110000011 splits as 1,10,0,0,0,0,11 or 11,0,0,0,0,0,11: with nothing
    // else to check against, ambiguous.
    let two = "某局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量110000011
";
    let p = parse_text(two);
    assert!(ambiguous3(&p, "new_received"));
    assert_eq!(t3(&p, "new_received"), vec![Cell::Blank; 7]);
    let u = p
        .ambiguous
        .iter()
        .find(|u| u.cell.key == "new_received")
        .unwrap();
    assert_eq!(u.found, vec!["1/10/0/0/0/0/11", "11/0/0/0/0/0/11"]);

    // The same row with 二, （七）总计 and 四 stated: 一+二 = 三+四 per column
    // gives 自然人 = 11+0-0 = 11, so only 11,0,0,0,0,0,11 remains.
    let settled = "某局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量110000011
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |
| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
";
    let p = parse_text(settled);
    assert_eq!(t3(&p, "new_received"), counts(&[11, 0, 0, 0, 0, 0, 11]));
    assert!(!ambiguous3(&p, "new_received"), "{:#?}", p.ambiguous);
}

#[test]
fn a_page_starting_mid_table_reads_what_it_has() {
    // Page 2 of a PDF: the last rows of table 三 and table 四 without its header.
    let text = "（六）其他处理 3.其他   0   0   0   0   0   1   1
（七）总计   9   1   0   0   0   1   11
四、结转下年度继续办理   0   0   0   0   0   0   0
四、政府信息公开行政复议、行政诉讼情况
0 0 1 0 1 0 0 0 0 0 0 0 0 0 0
";
    let p = parse_text(text);
    assert_eq!(t3(&p, "r_other_other"), counts(&[0, 0, 0, 0, 0, 1, 1]));
    assert_eq!(t3(&p, "r_total"), counts(&[9, 1, 0, 0, 0, 1, 11]));
    assert_eq!(t3(&p, "carry_next"), counts(&[0; 7]));
    assert_eq!(
        p.report.table4.to_vec(),
        counts(&[0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    );
    assert!(missing3(&p, "new_received"));
}

#[test]
fn amounts_with_and_without_units_changes_in_words_and_marks() {
    let text = "某局2022年政府信息公开工作年度报告
二、主动公开政府信息情况
| 第二十条第（五）项 |
| 信息内容 | 本年处理决定数量 |
| 行政许可 | 减4 |
| 第二十条第（六）项 |
| 信息内容 | 本年处理决定数量 |
| 行政处罚 | / |
| 行政强制 | — |
| 第二十条第（八）项 |
| 信息内容 | 本年收费金额（单位：万元） |
| 行政事业性收费 | 251000元 |
";
    let p = parse_text(text);
    assert_eq!(
        t2(&p, "行政许可"),
        vec![Cell::Signed {
            written: "减4".into(),
            value: -4
        }]
    );
    assert_eq!(t2(&p, "行政处罚"), vec![Cell::Text("/".into())]);
    assert_eq!(t2(&p, "行政强制"), vec![Cell::Text("—".into())]);
    // 251000 元 = 25.1 万元.
    assert_eq!(t2(&p, "行政事业性收费"), vec![Cell::Amount("25.1".into())]);
    let p = parse_text(&text.replace("251000元", "52.15"));
    assert_eq!(t2(&p, "行政事业性收费"), vec![Cell::Amount("52.15".into())]);
}

#[test]
fn a_table_not_recognised_at_all_is_one_finding_not_every_cell_blank() {
    // SPACED without table 四's values: no cell of it read.
    let text = SPACED.replace(
        " 1    0    0      1    2    1    0     0       0       1        0        0        0       0   0\n",
        "",
    );
    let c = gongkai_parse::check_all(vec![parse_text(&text)]).remove(0);
    let four: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.rule == "AR-03" && f.table.as_deref() == Some("四"))
        .collect();
    assert_eq!(four.len(), 1, "{four:#?}");
    assert_eq!(four[0].row, None);
    assert!(
        four[0]
            .message
            .starts_with("表四（政府信息公开行政复议、行政诉讼情况）未能识别")
    );
    // Table 三, read in part, still names its blank cells one by one.
    assert!(
        c.findings
            .iter()
            .any(|f| f.rule == "AR-03" && f.table.as_deref() == Some("三") && f.row.is_some())
    );
}

/// A table flattened one cell per line, each cell ending in `|`, rows
/// closed by bare `|`/`||` lines (011, 014 in the corpus): an empty cell is
/// a bare line among the figures; the bare lines after a row's last figure
/// close the row.
const ONE_CELL_PER_LINE: &str = "二、主动公开政府信息情况
第二十条第(五)项 |
||||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 |
|
行政许可 |
339 |
+123 |
462 |
|
第二十条第(六)项 |
||||
行政处罚 |
|
+239 |
239 |
||
|
行政强制 |
|
+10 |
10 |
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 |
4 |
0 |
0 |
1 |
0 |
0 |
5 |
||
二、上年结转政府信息公开申请数量 |
0 |
0 |
0 |
";

#[test]
fn a_table_flattened_one_cell_per_line_is_read_row_by_row() {
    let p = parse_text(ONE_CELL_PER_LINE);
    let text = |s: &str| Cell::read(s);
    assert_eq!(
        t2(&p, "行政许可"),
        vec![Cell::Count(339), text("+123"), Cell::Count(462)]
    );
    // The empty 上一年项目数量 cell is blank; `||` then `|` close the row.
    assert_eq!(
        t2(&p, "行政处罚"),
        vec![Cell::Blank, text("+239"), Cell::Count(239)]
    );
    assert_eq!(
        t2(&p, "行政强制"),
        vec![Cell::Blank, text("+10"), Cell::Count(10)]
    );
    assert_eq!(t3(&p, "new_received"), counts(&[4, 0, 0, 1, 0, 0, 5]));
    // Three figures for seven columns where the text stops: its first three
    // cells, each with its bar; what the text lost is missing, not guessed.
    assert_eq!(
        p.report.table3_row("carried_over").unwrap()[..4],
        [Cell::Count(0), Cell::Count(0), Cell::Count(0), Cell::Blank]
    );
    assert!(missing3(&p, "carried_over") && !ambiguous3(&p, "carried_over"));
}

#[test]
fn a_glossed_label_with_a_long_note_in_a_delimited_row_is_read() {
    // A mirror's pinyin glosses inside the provincial note (009).
    let p = parse_text(
        "二、主动公开政府信息情况
第二十条第(一)项 | |||
信息內容 | 本年新 制作數(shù)量 | 本年新 公開數(shù)量 | 對外公開總數(shù)量 |
規(guī)章(設區(qū)的市、自治州人民政府應提供相關數(shù)據(jù)) | 0 | 0 | 0 |
規(guī)范性文件(行政機關制定發(fā)布的決定、公告、通告、意見、通知,以及標題采用“規(guī)定”“辦法”“細則”“規(guī)范”“規(guī)程”“規(guī)則”等字樣的公文,一般情況下屬于規(guī)范性文件) | 34 | 4 | 47 |
",
    );
    assert_eq!(t2(&p, "规章"), counts(&[0, 0, 0]));
    assert_eq!(t2(&p, "规范性文件"), counts(&[34, 4, 47]));
}
