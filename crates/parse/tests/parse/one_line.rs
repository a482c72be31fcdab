//! Pages a crawler flattened into one line (issue 22, the 平潭 reports):
//! tables 二 to 四 are one run of labels and digits. The line is cut at the
//! format's labels and each row's digits are split only where the table's
//! identities admit one split. Every expected value is worked out by hand
//! from the digits written in the test.

use gongkai_domain::report::Cell;
use gongkai_parse::{ParsedReport, parse_text};

fn t3(p: &ParsedReport, key: &str) -> Vec<Cell> {
    p.report.table3_row(key).expect(key).to_vec()
}

fn counts(xs: &[i64]) -> Vec<Cell> {
    xs.iter().map(|x| Cell::Count(*x)).collect()
}

fn ambiguous3(p: &ParsedReport, key: &str) -> bool {
    p.ambiguous.iter().any(|u| u.cell.key == key)
}

/// Table 三 of the 2021 format flattened into one line after a sentence of
/// prose: each row label followed by its digits, run together (`rows` gives
/// the digits of the rows named; the others are `0000000`).
fn one_line(rows: &[(&str, &str)]) -> String {
    const LABELS: &[(&str, &str)] = &[
        ("new_received", "一、本年新收政府信息公开申请数量"),
        ("carried_over", "二、上年结转政府信息公开申请数量"),
        ("", "三、本年度办理结果"),
        ("r_open", "（一）予以公开"),
        (
            "r_partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("", "（三）不予公开"),
        ("r_deny_secret", "1.属于国家秘密"),
        ("r_deny_law", "2.其他法律行政法规禁止公开"),
        ("r_deny_3s1w", "3.危及“三安全一稳定”"),
        ("r_deny_3rd", "4.保护第三方合法权益"),
        ("r_deny_internal", "5.属于三类内部事务信息"),
        ("r_deny_process", "6.属于四类过程性信息"),
        ("r_deny_casefile", "7.属于行政执法案卷"),
        ("r_deny_query", "8.属于行政查询事项"),
        ("", "（四）无法提供"),
        ("r_cannot_nothold", "1.本机关不掌握相关政府信息"),
        ("r_cannot_create", "2.没有现成信息需要另行制作"),
        ("r_cannot_unclear", "3.补正后申请内容仍不明确"),
        ("", "（五）不予处理"),
        ("r_noproc_petition", "1.信访举报投诉类申请"),
        ("r_noproc_repeat", "2.重复申请"),
        ("r_noproc_publication", "3.要求提供公开出版物"),
        ("r_noproc_massive", "4.无正当理由大量反复申请"),
        ("r_noproc_confirm", "5.要求行政机关确认或重新出具已获取信息"),
        ("", "（六）其他处理"),
        (
            "r_other_nocorrect",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        (
            "r_other_nofee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        ("r_other_other", "3.其他"),
        ("r_total", "（七）总计"),
        ("carry_next", "四、结转下年度继续办理"),
    ];
    let mut line = String::from(
        "某局2022年政府信息公开工作年度报告 一、总体情况 本年度依法公开政府信息。\
         三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，\
         等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构\
         社会公益组织法律服务机构其他",
    );
    for (key, label) in LABELS {
        line.push_str(label);
        if !key.is_empty() {
            let digits = rows
                .iter()
                .find(|(k, _)| k == key)
                .map_or("0000000", |(_, d)| d);
            line.push_str(digits);
        }
    }
    line.push_str("五、存在的主要问题及改进情况 无。\n");
    line
}

/// The same line with table 四 after table 三: its heading, its header, and
/// its fifteen cells as one run of `digits`.
fn with_table4(digits: &str) -> String {
    let line = one_line(&[]);
    let (tables, prose) = line.split_once("五、").unwrap();
    format!(
        "{tables}四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果\
         尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持\
         结果纠正其他结果尚未审结总计{digits}五、{prose}"
    )
}

#[test]
fn a_one_line_table_is_read_where_each_row_has_one_split() {
    // `1200003`: seven digits for seven cells, so one digit each (no number
    // has a leading zero): 1, 2, 0, 0, 0, 0, 3 — and 1+2 = 3.
    // `（七）总计` the same; the rest of the rows are seven zeros.
    let p = parse_text(&one_line(&[
        ("new_received", "1200003"),
        ("r_open", "1200003"),
        ("r_total", "1200003"),
    ]));
    assert_eq!(t3(&p, "new_received"), counts(&[1, 2, 0, 0, 0, 0, 3]));
    assert_eq!(t3(&p, "r_open"), counts(&[1, 2, 0, 0, 0, 0, 3]));
    assert_eq!(t3(&p, "r_deny_3s1w"), counts(&[0; 7]));
    assert_eq!(t3(&p, "r_other_other"), counts(&[0; 7]));
    assert_eq!(t3(&p, "carry_next"), counts(&[0; 7]));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn a_row_with_two_splits_the_table_cannot_tell_apart_is_ambiguous() {
    // `110000011`: 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11. 一 and （七）总计 read
    // alike and the result row 予以公开 too, so no identity tells the two
    // apart (一+二 = 七+四 holds for either, and so does 七 = the results).
    let p = parse_text(&one_line(&[
        ("new_received", "110000011"),
        ("r_open", "110000011"),
        ("r_total", "110000011"),
    ]));
    for key in ["new_received", "r_open", "r_total"] {
        assert!(ambiguous3(&p, key), "{key}");
        assert_eq!(t3(&p, key), vec![Cell::Blank; 7], "{key}");
    }
    let u = p
        .ambiguous
        .iter()
        .find(|u| u.cell.key == "new_received")
        .unwrap();
    assert_eq!(u.found, vec!["1/10/0/0/0/0/11", "11/0/0/0/0/0/11"]);
    assert!(u.location.is_some());
    // The rows with one split are read all the same.
    assert_eq!(t3(&p, "carried_over"), counts(&[0; 7]));
}

#[test]
fn a_run_is_split_by_the_column_identities_across_rows() {
    // `121000013` splits as 12|1|0|0|0|0|13 or 1|2|10|0|0|0|13 (the last
    // `3` alone would need 1+2+1… = 3, which the `1` after `12` exceeds),
    // both for 一 and for （七）总计. The results have one split each: 予以公开
    // `91000010` = 9|1|0|0|0|0|10 (91|… or 9|10|… do not sum), 部分公开
    // `3000003` = 3|0|0|0|0|0|3. So 七 = the results per column gives 自然人
    // 9+3 = 12 and 商业企业 1: 12|1|…; then 一+二 = 七+四 (二 and 四 zero)
    // gives 一 the same.
    let p = parse_text(&one_line(&[
        ("new_received", "121000013"),
        ("r_open", "91000010"),
        ("r_partial", "3000003"),
        ("r_total", "121000013"),
    ]));
    assert_eq!(t3(&p, "r_open"), counts(&[9, 1, 0, 0, 0, 0, 10]));
    assert_eq!(t3(&p, "r_partial"), counts(&[3, 0, 0, 0, 0, 0, 3]));
    assert_eq!(t3(&p, "r_total"), counts(&[12, 1, 0, 0, 0, 0, 13]));
    assert_eq!(t3(&p, "new_received"), counts(&[12, 1, 0, 0, 0, 0, 13]));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn a_result_cannot_exceed_its_column_total() {
    // The rows of 平潭 2021. （七）总计 `630020469`: `6300204` into six
    // numbers has one two-digit number; only 63|0|0|2|0|4 sums to 69
    // (6|30|… gives 42, 6|3|0|0|20|4 gives 33). 予以公开 `270020130` is
    // 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30 (both 30); 不掌握 `220000325` is
    // 22|0|0|0|0|3|25 or 2|20|0|0|0|3|25. Neither is known when the other
    // is weighed, but counts are never negative, so no result exceeds its
    // column's 总计 less the results known: 商业企业 is 0 in 总计, which
    // rules out the 7 and the 20.
    let p = parse_text(&one_line(&[
        ("new_received", "640020470"),
        ("r_open", "270020130"),
        ("r_partial", "5000005"),
        ("r_deny_internal", "1000001"),
        ("r_deny_casefile", "6000006"),
        ("r_deny_query", "1000001"),
        ("r_cannot_nothold", "220000325"),
        ("r_other_other", "1000001"),
        ("r_total", "630020469"),
        ("carry_next", "1000001"),
    ]));
    assert_eq!(t3(&p, "r_total"), counts(&[63, 0, 0, 2, 0, 4, 69]));
    assert_eq!(t3(&p, "r_open"), counts(&[27, 0, 0, 2, 0, 1, 30]));
    assert_eq!(t3(&p, "r_cannot_nothold"), counts(&[22, 0, 0, 0, 0, 3, 25]));
    // 一 `640020470`: 64|0|0|2|0|4|70, the one split summing to 70.
    assert_eq!(t3(&p, "new_received"), counts(&[64, 0, 0, 2, 0, 4, 70]));
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn table_four_run_is_split_by_its_group_totals() {
    // `25380363300630003` (平潭 2025): 17 digits for 15 cells. 行政复议's
    // four results and total: 2|5|3|8 sums to 18 but `0` follows; 25|3|8|0
    // sums to 36 and `36` follows; 2|53|…, 2|5|38|…, 2|5|3|80 give 63, 45,
    // 90 against `36`/`0`. The ten digits left are one per cell:
    // 3+3+0+0 = 6 and 3+0+0+0 = 3.
    let p = parse_text(&with_table4("25380363300630003"));
    assert_eq!(
        p.report.table4.to_vec(),
        counts(&[25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3])
    );
    // `1111100000000000`: 16 digits, so one cell has two. 1|1|1|1 sums to 4
    // against the `1` or `10` that follows; with 11 among the four results
    // the sum is 14 against `0`. No split at all: ambiguous, nothing read.
    let p = parse_text(&with_table4("1111100000000000"));
    assert!(p.ambiguous.iter().any(|u| u.cell.table == "四"));
    assert_eq!(p.report.table4.to_vec(), vec![Cell::Blank; 15]);
}

#[test]
fn table_two_runs_are_read_one_digit_each_or_at_a_minus_sign() {
    // 平潭 2020 (2019 format). `规章007`: three digits for three cells.
    // `规范性文件7777166`: seven digits for three cells, nothing fixes them.
    // `行政事业性收费35-15`: only 本年增/减 is negative, so the sign opens it.
    // (Block 五's rows tell the 2019 format from the 2021 one.)
    let table3 = one_line(&[]);
    let (_, table3) = table3.split_once("三、收到").unwrap();
    let text = format!(
        "某区2020年政府信息公开工作年度报告 二、主动公开政府信息情况 第二十条第（一）项信息内容\
         本年新制作数量本年新公开数量对外公开总数量规章007规范性文件7777166第二十条第（五）项\
         信息内容上一年项目数量本年增/减处理决定数量行政许可396442278其他对外管理服务事项107105\
         第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15三、收到{table3}"
    );
    let p = parse_text(&text);
    let row = |name: &str| -> Vec<Cell> {
        let r = p.report.table2.iter().find(|r| r.row == name).unwrap();
        r.cells.iter().map(|(_, c)| c.clone()).collect()
    };
    assert_eq!(row("规章"), counts(&[0, 0, 7]));
    assert_eq!(row("行政事业性收费"), counts(&[35, -15]));
    assert_eq!(row("规范性文件"), vec![Cell::Blank; 3]);
    assert!(
        p.ambiguous
            .iter()
            .any(|u| u.cell.table == "二" && u.cell.row == "规范性文件")
    );
}
