//! Reports unlike the corpus, written by hand the way agencies' pages and
//! Word files look: a 2021-format report copied from Word (cells separated
//! by tabs, merged cells leaving leading blanks, a locality's extra row,
//! thousands separators, full-width digits, units, "—"), the same report as
//! a web page with the official merged headers, and damaged copies of it.
//! Every cell that such a report states must be read; what cannot be placed
//! must be flagged, not guessed.

use gongkai_domain::report::{AnnualReport, Cell};
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_parse::{Layout, ParsedReport, check_all, parse_html, parse_text};

/// `⇥` stands for a tab (as Word puts between cells when text is copied).
const WORD_COPY: &str = "\
首页 > 政务公开 > 政府信息公开年度报告
某某市交通运输局2022年政府信息公开工作年度报告
发布时间：2023-01-18 来源：本局
一、总体情况
2022年，我局坚持以公开为常态，主动公开政府信息1,280条。全年共收到政府信息公开申请36件。依申请公开工作规范有序，政府信息管理和平台建设持续加强，监督保障到位。
二、主动公开政府信息情况
第二十条第（一）项
信息内容⇥本年制发件数⇥本年废止件数⇥现行有效件数
规章⇥0⇥1⇥3
行政规范性文件⇥4⇥2⇥1,234
其他主动公开文件⇥7⇥0⇥7
第二十条第（五）项
信息内容⇥本年处理决定数量
行政许可⇥4,657
第二十条第（六）项
信息内容⇥本年处理决定数量
行政处罚⇥２０
行政强制⇥3件
第二十条第（八）项
信息内容⇥本年收费金额（单位：万元）
行政事业性收费⇥12.35
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）⇥申请人情况
⇥⇥自然人⇥法人或其他组织⇥⇥⇥⇥⇥总计
⇥⇥⇥商业企业⇥科研机构⇥社会公益组织⇥法律服务机构⇥其他
一、本年新收政府信息公开申请数量⇥⇥30⇥2⇥0⇥1⇥3⇥0⇥36
二、上年结转政府信息公开申请数量⇥⇥2⇥0⇥0⇥0⇥0⇥0⇥2
三、本年度办理结果⇥（一）予以公开⇥12⇥1⇥0⇥0⇥1⇥0⇥14
（二）部分公开（区分处理的，只计这一情形，不计其他情形）⇥5⇥0⇥0⇥0⇥1⇥0⇥6
（三）不予公开⇥1.属于国家秘密⇥0⇥0⇥0⇥0⇥0⇥0⇥0
2.其他法律行政法规禁止公开⇥1⇥0⇥0⇥0⇥0⇥0⇥1
3.危及“三安全一稳定”⇥0⇥0⇥0⇥0⇥0⇥0⇥0
4.保护第三方合法权益⇥0⇥0⇥0⇥1⇥0⇥0⇥1
5.属于三类内部事务信息⇥0⇥0⇥0⇥0⇥0⇥0⇥0
6.属于四类过程性信息⇥2⇥0⇥0⇥0⇥0⇥0⇥2
7.属于行政执法案卷⇥0⇥0⇥0⇥0⇥0⇥0⇥0
8.属于行政查询事项⇥0⇥0⇥0⇥0⇥0⇥0⇥0
（四）无法提供⇥1.本机关不掌握相关政府信息⇥6⇥1⇥0⇥0⇥0⇥0⇥7
2.没有现成信息需要另行制作⇥1⇥0⇥0⇥0⇥0⇥0⇥1
3.补正后申请内容仍不明确⇥0⇥0⇥0⇥0⇥0⇥0⇥0
（五）不予处理⇥1.信访举报投诉类申请⇥2⇥0⇥0⇥0⇥0⇥0⇥2
2.重复申请⇥1⇥0⇥0⇥0⇥0⇥0⇥1
3.要求提供公开出版物⇥0⇥0⇥0⇥0⇥0⇥0⇥0
4.无正当理由大量反复申请⇥0⇥0⇥0⇥0⇥0⇥0⇥0
5.要求行政机关确认或重新出具已获取信息⇥0⇥0⇥0⇥0⇥0⇥0⇥0
（六）其他处理⇥1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请⇥1⇥0⇥0⇥0⇥0⇥0⇥1
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请⇥0⇥0⇥0⇥0⇥0⇥0⇥0
3.其他⇥0⇥0⇥0⇥0⇥0⇥0⇥0
（七）总计⇥31⇥2⇥0⇥1⇥2⇥0⇥36
四、结转下年度继续办理⇥⇥1⇥0⇥0⇥0⇥1⇥0⇥2
四、政府信息公开行政复议、行政诉讼情况
行政复议⇥行政诉讼
结果维持⇥结果纠正⇥其他结果⇥尚未审结⇥总计⇥未经复议直接起诉⇥⇥⇥⇥⇥复议后起诉
⇥⇥⇥⇥⇥结果维持⇥结果纠正⇥其他结果⇥尚未审结⇥总计⇥结果维持⇥结果纠正⇥其他结果⇥尚未审结⇥总计
2⇥1⇥0⇥1⇥4⇥1⇥0⇥0⇥0⇥1⇥0⇥0⇥0⇥0⇥0
五、存在的主要问题及改进情况
政策解读形式较单一。2023年将丰富解读形式，加强培训。
六、其他需要报告的事项
本年度未收取信息处理费。
打印本页 关闭窗口
";

fn word_copy() -> String {
    WORD_COPY.replace('⇥', "\t")
}

fn n(v: i64) -> Cell {
    Cell::Count(v)
}

/// Table 三 of the report above, row by row (hand-made to be consistent).
const TABLE3: [(&str, [i64; 7]); 25] = [
    ("new_received", [30, 2, 0, 1, 3, 0, 36]),
    ("carried_over", [2, 0, 0, 0, 0, 0, 2]),
    ("r_open", [12, 1, 0, 0, 1, 0, 14]),
    ("r_partial", [5, 0, 0, 0, 1, 0, 6]),
    ("r_deny_secret", [0; 7]),
    ("r_deny_law", [1, 0, 0, 0, 0, 0, 1]),
    ("r_deny_3s1w", [0; 7]),
    ("r_deny_3rd", [0, 0, 0, 1, 0, 0, 1]),
    ("r_deny_internal", [0; 7]),
    ("r_deny_process", [2, 0, 0, 0, 0, 0, 2]),
    ("r_deny_casefile", [0; 7]),
    ("r_deny_query", [0; 7]),
    ("r_cannot_nothold", [6, 1, 0, 0, 0, 0, 7]),
    ("r_cannot_create", [1, 0, 0, 0, 0, 0, 1]),
    ("r_cannot_unclear", [0; 7]),
    ("r_noproc_petition", [2, 0, 0, 0, 0, 0, 2]),
    ("r_noproc_repeat", [1, 0, 0, 0, 0, 0, 1]),
    ("r_noproc_publication", [0; 7]),
    ("r_noproc_massive", [0; 7]),
    ("r_noproc_confirm", [0; 7]),
    ("r_other_nocorrect", [1, 0, 0, 0, 0, 0, 1]),
    ("r_other_nofee", [0; 7]),
    ("r_other_other", [0; 7]),
    ("r_total", [31, 2, 0, 1, 2, 0, 36]),
    ("carry_next", [1, 0, 0, 0, 1, 0, 2]),
];

const TABLE4: [i64; 15] = [2, 1, 0, 1, 4, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0];

fn assert_tables(r: &AnnualReport, skip_row: Option<&str>) {
    let t2 = |block: &str, row: &str, col: &str| r.table2_cell(block, row, col).cloned();
    let b1 = "第二十条第（一）项";
    assert_eq!(t2(b1, "规章", "本年制发件数"), Some(n(0)));
    assert_eq!(t2(b1, "规章", "本年废止件数"), Some(n(1)));
    assert_eq!(t2(b1, "规章", "现行有效件数"), Some(n(3)));
    assert_eq!(t2(b1, "行政规范性文件", "本年制发件数"), Some(n(4)));
    assert_eq!(t2(b1, "行政规范性文件", "本年废止件数"), Some(n(2)));
    assert_eq!(t2(b1, "行政规范性文件", "现行有效件数"), Some(n(1234)));
    assert_eq!(
        t2("第二十条第（五）项", "行政许可", "本年处理决定数量"),
        Some(n(4657))
    );
    assert_eq!(
        t2("第二十条第（六）项", "行政处罚", "本年处理决定数量"),
        Some(n(20))
    );
    assert_eq!(
        t2("第二十条第（六）项", "行政强制", "本年处理决定数量"),
        Some(n(3))
    );
    assert_eq!(
        t2(
            "第二十条第（八）项",
            "行政事业性收费",
            "本年收费金额（单位：万元）"
        ),
        Some(Cell::Amount("12.35".into()))
    );
    for (key, cells) in TABLE3 {
        if Some(key) == skip_row {
            continue;
        }
        assert_eq!(r.table3_row(key).unwrap(), &cells.map(n), "table 三 {key}");
    }
    assert_eq!(r.table4, TABLE4.map(n));
}

fn errors(p: ParsedReport) -> Vec<String> {
    check_all(vec![p])[0]
        .findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

#[test]
fn a_2021_report_copied_from_word_is_read_cell_by_cell() {
    let p = parse_text(&word_copy());
    assert_eq!(p.layout, Layout::Format(ReportFormat::Y2021));
    assert_eq!(p.year, Some(2022));
    assert_eq!(p.agency.as_deref(), Some("某某市交通运输局"));
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert!(p.ambiguous.is_empty(), "{:?}", p.ambiguous);
    assert_tables(&p.report, None);
    // The locality's extra row is kept as an extra row of its block.
    let extra = p
        .report
        .table2
        .iter()
        .find(|r| r.row == "其他主动公开文件")
        .expect("extra row kept");
    assert_eq!(extra.block, "第二十条第（一）项");
    assert_eq!(
        extra
            .cells
            .iter()
            .map(|(_, c)| c.clone())
            .collect::<Vec<_>>(),
        vec![n(7), n(0), n(7)]
    );
    // Page chrome is not part of the text.
    assert_eq!(p.report.parts[5], "本年度未收取信息处理费。");
    assert!(p.report.parts[0].contains("收到政府信息公开申请36件"));
    // A consistent report: no error (AR-11's quoted 36 equals table 三).
    assert_eq!(errors(p), Vec::<String>::new());
}

#[test]
fn a_wrong_cell_in_a_copied_report_is_named_with_its_place() {
    // 自然人 of （七）总计 written 30 instead of 31: AR-05, AR-06 and AR-07 name it.
    let text = word_copy().replace("（七）总计\t31\t", "（七）总计\t30\t");
    let c = &check_all(vec![parse_text(&text)])[0];
    let ar06 = c
        .findings
        .iter()
        .find(|f| f.rule == "AR-06")
        .expect("AR-06");
    assert_eq!(ar06.column.as_deref(), Some("自然人"));
    assert_eq!(
        (ar06.expected.as_deref(), ar06.found.as_deref()),
        (Some("31"), Some("30"))
    );
    let ar07 = c
        .findings
        .iter()
        .find(|f| f.rule == "AR-07")
        .expect("AR-07");
    assert_eq!(ar07.row.as_deref(), Some("（七）总计"));
    // The 总计 row is line 49 of WORD_COPY; its 总计 is the 8th cell (label + 7).
    assert_eq!(ar07.location.as_deref(), Some("第49行第8格"));
    assert!(c.findings.iter().any(|f| f.rule == "AR-05"));
}

#[test]
fn marks_in_empty_cells_are_kept_as_written_and_named() {
    let text = word_copy()
        .replace("行政强制\t3件", "行政强制\t—")
        .replace("3.其他\t0\t0\t0\t0\t0\t0\t0", "3.其他\t/\t0\t0\t0\t0\t0\t0");
    let p = parse_text(&text);
    assert_eq!(
        p.report
            .table2_cell("第二十条第（六）项", "行政强制", "本年处理决定数量"),
        Some(&Cell::Text("—".into()))
    );
    assert_eq!(
        p.report.table3_row("r_other_other").unwrap()[0],
        Cell::Text("/".into())
    );
    let c = &check_all(vec![p])[0];
    let ar03: Vec<_> = c.findings.iter().filter(|f| f.rule == "AR-03").collect();
    assert_eq!(ar03.len(), 2);
    assert_eq!(c.to_json()["table3"]["r_other_other"][0], "/");
}

/// The same report split one cell per line, as text copied from some PDF
/// viewers: headers over two lines, blank lines between cells, a label cut.
fn one_cell_per_line() -> String {
    let mut out = String::new();
    for line in word_copy().lines() {
        for (i, cell) in line.split('\t').enumerate() {
            let cell = match cell {
                "本年制发件数" => "本年制发\n件数",
                "2.其他法律行政法规禁止公开" => "2.其他法律行政法规\n禁止公开",
                c => c,
            };
            if cell.is_empty() {
                continue;
            }
            out.push_str(cell);
            out.push('\n');
            if i % 3 == 2 {
                out.push_str("  \n");
            }
        }
    }
    out
}

#[test]
fn one_cell_per_line_with_split_headers_and_a_cut_label_is_read() {
    let p = parse_text(&one_cell_per_line());
    assert_eq!(p.layout, Layout::Format(ReportFormat::Y2021));
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert!(p.ambiguous.is_empty(), "{:?}", p.ambiguous);
    assert_tables(&p.report, None);
}

#[test]
fn a_row_with_a_value_too_few_is_ambiguous_not_guessed() {
    // One cell per line, the 7 of 2.没有现成信息 row lost one value: which one?
    let text = one_cell_per_line().replace(
        "2.没有现成信息需要另行制作\n1\n0\n",
        "2.没有现成信息需要另行制作\n1\n",
    );
    let p = parse_text(&text);
    let amb: Vec<_> = p
        .ambiguous
        .iter()
        .filter(|u| u.cell.key == "r_cannot_create")
        .collect();
    assert_eq!(amb.len(), 7, "every cell of the row is in doubt");
    assert_eq!(amb[0].found, vec!["1", "0", "0", "0", "0", "1"]);
    assert!(
        p.report
            .table3_row("r_cannot_create")
            .unwrap()
            .iter()
            .all(|c| *c == Cell::Blank)
    );
    // Every other row is still read.
    assert_tables(&p.report, Some("r_cannot_create"));
    // Not blamed on the report: no AR-03 for the cells in doubt.
    let c = &check_all(vec![p])[0];
    assert!(!c.findings.iter().any(|f| f.rule == "AR-03"));
    assert_eq!(c.to_json()["ambiguous"].as_array().unwrap().len(), 7);
}

#[test]
fn a_report_cut_off_before_table_four_lists_its_cells_as_missing() {
    let text: String = word_copy()
        .split("四、政府信息公开行政复议")
        .next()
        .unwrap()
        .to_string();
    let p = parse_text(&text);
    let missing: Vec<_> = p.missing.iter().filter(|m| m.cell.table == "四").collect();
    assert_eq!(missing.len(), 15);
    assert_eq!(p.missing.len(), 15);
    assert!(p.report.table4.iter().all(|c| *c == Cell::Blank));
}

const WEB_PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某市交通运输局2022年政府信息公开工作年度报告_某某市人民政府</title>
<script>var nav = "<table>";</script><style>td { border: 1px }</style></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a></div>
<table class="layout"><tr><td class="main">
<h1>某某市交通运输局2022年政府信息公开工作年度报告</h1>
<p>一、总体情况</p>
<p>2022年，我局主动公开政府信息1,280条，全年共收到政府信息公开申请36件。依申请公开、政府信息管理、平台建设、监督保障各项工作有序推进。</p>
<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>1</td><td>3</td></tr>
<tr><td>行政规范性文件</td><td>4</td><td>2</td><td>1,234</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">4,657</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">&#xFF12;&#xFF10;</td></tr>
<tr><td>行政强制</td><td colspan="3">3</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">12.35</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
ROWS3
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>2</td><td>1</td><td>0</td><td>1</td><td>4</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>政策解读形式较单一。2023年将丰富解读形式。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
</td><td class="side"><ul><li>相关链接</li><li>365bet</li></ul></td></tr></table>
<div class="footer">版权所有 某某市人民政府</div></body></html>"#;

/// Table 三's rows in the official merged layout: 三、本年度办理结果 spans
/// the result rows, each group heading spans its items.
fn rows3_html() -> String {
    let labels = ReportFormat::Y2021.table3_rows();
    let mut out = String::new();
    for (row, (key, cells)) in labels.iter().zip(TABLE3) {
        assert_eq!(row.key, key);
        let tds: String = cells.iter().map(|v| format!("<td>{v}</td>")).collect();
        let lead = match key {
            "new_received" | "carried_over" | "carry_next" => {
                format!("<td colspan=\"3\">{}</td>", row.label)
            }
            "r_open" => {
                "<td rowspan=\"22\">三、本年度办理结果</td><td colspan=\"2\">（一）予以公开</td>"
                    .to_string()
            }
            "r_partial" => format!("<td colspan=\"2\">{}</td>", row.item_label()),
            "r_total" => "<td colspan=\"2\">（七）总计</td>".to_string(),
            _ => {
                let first = [
                    "r_deny_secret",
                    "r_cannot_nothold",
                    "r_noproc_petition",
                    "r_other_nocorrect",
                ];
                let span = match key {
                    "r_deny_secret" => 8,
                    "r_cannot_nothold" => 3,
                    "r_noproc_petition" => 5,
                    _ => 3,
                };
                if first.contains(&key) {
                    format!(
                        "<td rowspan=\"{span}\">{}</td><td>{}</td>",
                        row.parent_label().unwrap(),
                        row.item_label()
                    )
                } else {
                    format!("<td>{}</td>", row.item_label())
                }
            }
        };
        out.push_str(&format!("<tr>{lead}{tds}</tr>\n"));
    }
    out
}

#[test]
fn the_same_report_as_a_web_page_with_merged_cells_is_read() {
    let html = WEB_PAGE.replace("ROWS3", &rows3_html());
    let p = parse_html(&html);
    assert_eq!(p.layout, Layout::Format(ReportFormat::Y2021));
    assert_eq!(p.year, Some(2022));
    assert_eq!(p.agency.as_deref(), Some("某某市交通运输局"));
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert!(p.ambiguous.is_empty(), "{:?}", p.ambiguous);
    assert_tables(&p.report, None);
    assert_eq!(p.report.parts[5], "本年度未收取信息处理费。");
    assert_eq!(errors(p), Vec::<String>::new());
}

#[test]
fn consecutive_years_of_one_agency_are_checked_against_each_other() {
    // 2023's 上年结转 must equal 2022's 结转下年度 (1 0 0 0 1 0 2); here 自然人 says 3.
    let y2023 = word_copy()
        .replace("2022年政府信息公开", "2023年政府信息公开")
        .replace(
            "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2",
            "二、上年结转政府信息公开申请数量\t\t3\t0\t0\t0\t1\t0\t4",
        )
        .replace(
            "一、本年新收政府信息公开申请数量\t\t30\t2\t0\t1\t3\t0\t36",
            "一、本年新收政府信息公开申请数量\t\t29\t2\t0\t1\t2\t0\t34",
        );
    let checked = check_all(vec![parse_text(&y2023), parse_text(&word_copy())]);
    let ar09: Vec<_> = checked[0]
        .findings
        .iter()
        .filter(|f| f.rule == "AR-09")
        .collect();
    // 自然人 (1 last year, 3 now) and 总计 (2, 4); 法律服务机构 agrees (1, 1).
    let named: Vec<_> = ar09
        .iter()
        .map(|f| {
            (
                f.column.as_deref().unwrap(),
                f.expected.as_deref().unwrap(),
                f.found.as_deref().unwrap(),
                f.is_error(),
            )
        })
        .collect();
    assert_eq!(
        named,
        vec![("自然人", "1", "3", true), ("总计", "2", "4", true)]
    );
    // The same text two years running: AR-14.
    assert!(checked[0].findings.iter().any(|f| f.rule == "AR-14"));
    // 2022 has no 2021 among the inputs: AR-09 is only a warning there.
    assert!(
        checked[1]
            .findings
            .iter()
            .filter(|f| f.rule == "AR-09")
            .all(|f| !f.is_error())
    );
}

#[test]
fn a_change_written_in_words_is_read_and_kept_as_written() {
    let text = include_str!("../corpus/000_a83da41d4916728f.txt")
        .replace("行政许可 | 23 | 9 | 14 |", "行政许可 | 23 | 减9 | 14 |")
        .replace(
            "行政处罚 | 1086 | 669 | 417 |",
            "行政处罚 | 1,086 | -669 | ４１７ |",
        );
    let p = parse_text(&text);
    let b5 = "第二十条第（五）项";
    let b6 = "第二十条第（六）项";
    assert_eq!(
        p.report.table2_cell(b5, "行政许可", "本年增/减"),
        Some(&Cell::Signed {
            written: "减9".into(),
            value: -9
        })
    );
    assert_eq!(
        p.report.table2_cell(b6, "行政处罚", "上一年项目数量"),
        Some(&n(1086))
    );
    assert_eq!(
        p.report.table2_cell(b6, "行政处罚", "本年增/减"),
        Some(&n(-669))
    );
    assert_eq!(
        p.report.table2_cell(b6, "行政处罚", "处理决定数量"),
        Some(&n(417))
    );
    let c = &check_all(vec![p])[0];
    assert_eq!(c.to_json()["table2"][b5]["行政许可"]["本年增/减"], "减9");
    assert_eq!(c.to_json()["table2"][b6]["行政处罚"]["本年增/减"], -669);
    // Negative is allowed in 本年增/减: no AR-03 or AR-04 there.
    assert!(
        !c.findings
            .iter()
            .any(|f| f.column.as_deref() == Some("本年增/减")
                && matches!(f.row.as_deref(), Some("行政许可" | "行政处罚")))
    );
}

#[test]
fn a_delimited_row_cut_short_has_its_last_cells_missing() {
    // 规章's row lost its last cell: the first two are placed by their cells, the third is missing.
    let text = include_str!("../corpus/000_a83da41d4916728f.txt")
        .replace("规章 | 0 | 0 | 0 |", "规章 | 0 | 7 |");
    let p = parse_text(&text);
    let b1 = "第二十条第（一）项";
    assert_eq!(
        p.report.table2_cell(b1, "规章", "本年新公开数量"),
        Some(&n(7))
    );
    assert_eq!(
        p.report.table2_cell(b1, "规章", "对外公开总数量"),
        Some(&Cell::Blank)
    );
    let missing: Vec<(&str, &str)> = p
        .missing
        .iter()
        .map(|m| (m.cell.row.as_str(), m.cell.column.as_str()))
        .collect();
    assert_eq!(missing, vec![("规章", "对外公开总数量")]);
}
