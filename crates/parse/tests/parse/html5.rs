//! HTML read as a browser reads it (issue 22, item 2): html5ever's HTML5
//! tokenizer under the reader's own capped table builder. Each case is
//! written by hand: a `>` inside a quoted attribute, merged cells, named
//! entities beyond the common few, the encoding a page declares in
//! `<meta>`, and scripts and styles, whose content is no text of the page.

use gongkai_domain::report::Cell;
use gongkai_parse::lines::Line;
use gongkai_parse::{InputKind, lines_of};

/// Each line as its cells (a plain line is one cell).
fn read(bytes: &[u8]) -> Vec<Vec<String>> {
    let (kind, lines) = lines_of(bytes).expect("readable");
    assert_eq!(kind, InputKind::Html);
    lines.iter().map(cells).collect()
}

fn cells(l: &Line) -> Vec<String> {
    l.pieces.iter().map(|p| p.text.clone()).collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn a_greater_than_sign_in_a_quoted_attribute_does_not_end_the_tag() {
    let html = "<table><tr><td title=\"收到>0\">规章</td><td data-x='1>0'>3</td>\
                <td class=a>5</td></tr></table>";
    assert_eq!(read(html.as_bytes()), vec![row(&["规章", "3", "5"])]);
}

#[test]
fn merged_cells_are_spread_over_the_cells_they_cover() {
    // Table 二's header: 信息内容 spans two rows, the counts three columns.
    let html = "<table>\
        <tr><th rowspan=\"2\">信息内容</th><th colspan=\"3\">本年新<br>制作数量</th></tr>\
        <tr><th>本年新公开数量</th><th>对外公开总数量</th><th>备注</th></tr>\
        <tr><td>规章</td><td>1</td><td></td><td>4,657</td></tr></table>";
    assert_eq!(
        read(html.as_bytes()),
        vec![
            row(&["信息内容", "本年新制作数量", "", ""]),
            row(&["信息内容", "本年新公开数量", "对外公开总数量", "备注"]),
            row(&["规章", "1", "", "4,657"]),
        ]
    );
}

/// Tables 三 and 四 as government sites publish them (the national
/// template's merged cells): the 勾稽 note over three columns and three
/// rows, 申请人情况 over seven columns, 法人或其他组织 over five, 自然人
/// and 总计 down two rows, row labels over three columns, 三、本年度办理结果
/// down its rows and （三）不予公开 down its two rows shown here; table 四's
/// 行政复议 over five columns and 行政诉讼 over ten.
const MERGED: &str = "<html><body><p>某县交通运输局2022年政府信息公开工作年度报告</p>\
<p>三、收到和处理政府信息公开申请情况</p><table>\
<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>\
<td colspan=7>申请人情况</td></tr>\
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>\
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\
<tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>9</td><td>2</td><td>0</td><td>0</td><td>1</td><td>0</td><td>12</td></tr>\
<tr><td colspan=3>二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>\
<tr><td rowspan=4>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>\
<tr><td colspan=2>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>2</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>3</td></tr>\
<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>\
<tr><td>2.其他法律行政法规禁止公开</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>\
</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>\
<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>\
<tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td><td rowspan=2>尚未审结</td><td rowspan=2>总计</td>\
<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>\
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>\
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>\
<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>\
</table><p>五、存在的主要问题及改进情况</p></body></html>";

#[test]
fn a_published_table_with_merged_cells_lines_up_with_its_figures() {
    let lines = read(MERGED.as_bytes());
    // Lines 0–1 are the title and the heading. The note's three columns,
    // 自然人 and 总计 carried down into the third header row, and the
    // group labels carried down to 2.其他法律行政法规禁止公开.
    assert_eq!(
        lines[3][..4],
        row(&[
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "",
            "",
            "自然人"
        ])
    );
    assert_eq!(lines[4][9], "总计");
    assert_eq!(
        lines[10][..4],
        row(&[
            "三、本年度办理结果",
            "（三）不予公开",
            "2.其他法律行政法规禁止公开",
            "1"
        ])
    );
    let p = gongkai_parse::parse_html(MERGED);
    let t3 = |k: &str| p.report.table3_row(k).expect(k).to_vec();
    let counts = |xs: &[i64]| xs.iter().map(|x| Cell::Count(*x)).collect::<Vec<_>>();
    assert_eq!(t3("new_received"), counts(&[9, 2, 0, 0, 1, 0, 12]));
    assert_eq!(t3("carried_over"), counts(&[1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(t3("r_open"), counts(&[5, 1, 0, 0, 0, 0, 6]));
    assert_eq!(t3("r_partial"), counts(&[2, 0, 0, 0, 1, 0, 3]));
    assert_eq!(t3("r_deny_secret"), counts(&[0; 7]));
    assert_eq!(t3("r_deny_law"), counts(&[1, 1, 0, 0, 0, 0, 2]));
    assert_eq!(
        p.report.table4.to_vec(),
        counts(&[1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0])
    );
    assert!(p.ambiguous.is_empty(), "{:#?}", p.ambiguous);
}

#[test]
fn a_row_spanning_more_columns_than_any_report_table_is_text() {
    // Two cells, but 1000 + 1 columns: no row of the report's tables.
    let html = "<table><tr><td colspan=\"1000\">合计</td><td>7</td></tr></table>";
    let (_, lines) = lines_of(html.as_bytes()).unwrap();
    assert_eq!(lines.len(), 1);
    assert!(!lines[0].delimited);
    assert_eq!(lines[0].text(), "合计 7");
}

#[test]
fn every_named_entity_is_decoded() {
    // Beyond the twenty the old reader knew: fractions, arrows, relations,
    // a legacy name without its semicolon, and one naming two characters.
    let html = "<p>&frac12;&rarr;&le;&permil;&sup2;&there4;</p><p>&copy 2021 &yen;5</p>\
                <p>&NotEqualTilde;&amp;&lt;&gt;</p><p>收到&emsp;申请&nbsp;3件</p>";
    assert_eq!(
        read(html.as_bytes()),
        vec![
            row(&["½→≤‰²∴"]),
            row(&["© 2021 ¥5"]),
            row(&["\u{2242}\u{338}&<>"]),
            row(&["收到 申请 3件"]),
        ]
    );
}

#[test]
fn the_charset_a_page_declares_is_honoured() {
    // 每篇 in GBK is C3 BF C6 AA — also valid UTF-8 (ÿƪ): only the
    // declaration tells them apart.
    let mut gbk = b"<html><head><meta charset=\"gbk\"></head><body><p>".to_vec();
    gbk.extend_from_slice(&[0xC3, 0xBF, 0xC6, 0xAA]);
    gbk.extend_from_slice(b"</p></body></html>");
    assert_eq!(read(&gbk), vec![row(&["每篇"])]);
    let undeclared: Vec<u8> = String::from_utf8_lossy(&gbk)
        .replace("<meta charset=\"gbk\">", "")
        .into_bytes();
    assert_eq!(read(&undeclared), vec![row(&["ÿƪ"])]);

    // Big5 (Taiwan and Hong Kong mirrors) by http-equiv: 年度報告 is
    // A6 7E AB D7 B3 F8 A7 69; read as GB18030 it would be other characters.
    let mut big5 =
        b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"><p>".to_vec();
    big5.extend_from_slice(&[0xA6, 0x7E, 0xAB, 0xD7, 0xB3, 0xF8, 0xA7, 0x69]);
    big5.extend_from_slice(b"</p>");
    assert_eq!(read(&big5), vec![row(&["年度報告"])]);
    let mut undeclared = b"<p>".to_vec();
    undeclared.extend_from_slice(&[0xA6, 0x7E, 0xAB, 0xD7, 0xB3, 0xF8, 0xA7, 0x69]);
    assert_ne!(read(&undeclared), vec![row(&["年度報告"])]);
}

#[test]
fn a_byte_order_mark_outranks_the_declaration() {
    // UTF-8 with its BOM, declaring GBK (a page re-saved without updating
    // its head): the BOM says how it is written.
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("<meta charset=\"gbk\"><p>每篇</p>".as_bytes());
    assert_eq!(read(&bytes), vec![row(&["每篇"])]);
}

#[test]
fn a_page_declaring_a_charset_its_bytes_are_not_in_is_read_as_before() {
    // Declares Big5 but is UTF-8: 报 is E6 8A A5, and 8A is no Big5 trail
    // byte, so the bytes are no Big5; read by the usual detection.
    let bytes = "<meta charset=big5><p>报告每篇</p>".as_bytes();
    assert_eq!(read(bytes), vec![row(&["报告每篇"])]);
}

#[test]
fn scripts_and_styles_are_not_text_of_the_page() {
    let html = "<p>正文</p><script>document.write(\"<table><tr><td>1</td></tr></table>\");\
                if (a<b && c>d) { x = '</p>'; }</script>\
                <style>td:after { content: \"<p>2</p>\" }</style>\
                <noscript><p>请启用脚本</p></noscript><p>结尾</p>";
    assert_eq!(read(html.as_bytes()), vec![row(&["正文"]), row(&["结尾"])]);
}
