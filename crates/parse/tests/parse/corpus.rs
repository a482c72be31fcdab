//! The corpus reports (`shared/corpus`, copied to `tests/corpus`), read and
//! checked. Every expected value below was written from the text by hand.

use gongkai_domain::report::Cell;
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_parse::{Layout, check_all, parse_bytes};

const R000: &[u8] = include_bytes!("../corpus/000_a83da41d4916728f.txt");
const R003: &[u8] = include_bytes!("../corpus/003_5897f5cf55adee41.txt");
const R004: &[u8] = include_bytes!("../corpus/004_65091cc48e348f9d.txt");

fn n(v: i64) -> Cell {
    Cell::Count(v)
}

#[test]
fn corpus_000_reads_every_stated_cell() {
    let p = parse_bytes("000.txt", R000).unwrap();
    assert_eq!(p.layout, Layout::Format(ReportFormat::Y2019));
    // No title line: 2020 is the year the text names (2020年 … six times).
    assert_eq!(p.year, Some(2020));
    assert_eq!(p.agency, None);
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert!(p.ambiguous.is_empty(), "{:?}", p.ambiguous);

    let r = &p.report;
    let t2 = |row: &str, col: &str| {
        r.table2_cell(
            r.table2
                .iter()
                .find(|x| x.row == row)
                .unwrap()
                .block
                .as_str(),
            row,
            col,
        )
        .cloned()
        .unwrap()
    };
    // 第二十条第(一)项
    assert_eq!(t2("规章", "本年新制作数量"), n(0));
    assert_eq!(t2("规章", "本年新公开数量"), n(0));
    assert_eq!(t2("规章", "对外公开总数量"), n(0));
    assert_eq!(t2("规范性文件", "本年新制作数量"), n(5));
    assert_eq!(t2("规范性文件", "本年新公开数量"), n(5));
    assert_eq!(t2("规范性文件", "对外公开总数量"), n(5));
    // 第二十条第(五)项
    assert_eq!(t2("行政许可", "上一年项目数量"), n(23));
    assert_eq!(t2("行政许可", "本年增/减"), n(9));
    assert_eq!(t2("行政许可", "处理决定数量"), n(14));
    for col in ["上一年项目数量", "本年增/减", "处理决定数量"] {
        assert_eq!(t2("其他对外管理服务事项", col), n(0));
    }
    // 第二十条第(六)项
    assert_eq!(t2("行政处罚", "上一年项目数量"), n(1086));
    assert_eq!(t2("行政处罚", "本年增/减"), n(669));
    assert_eq!(t2("行政处罚", "处理决定数量"), n(417));
    for col in ["上一年项目数量", "本年增/减", "处理决定数量"] {
        assert_eq!(t2("行政强制", col), Cell::Blank);
    }
    // 第二十条第(八)项, (九)项: blank.
    assert_eq!(t2("行政事业性收费", "上一年项目数量"), Cell::Blank);
    assert_eq!(t2("行政事业性收费", "本年增/减"), Cell::Blank);
    assert_eq!(t2("政府集中采购", "采购项目数量"), Cell::Blank);
    assert_eq!(t2("政府集中采购", "采购总金额"), Cell::Blank);
    assert_eq!(r.table2.len(), 8, "no extra rows");

    // Table 三: all 23 rows of the 2019 format, six zeros and a blank 总计.
    assert_eq!(r.table3.len(), 23);
    for row in &r.table3 {
        for c in 0..6 {
            assert_eq!(row.cells[c], n(0), "{} column {c}", row.key);
        }
        assert_eq!(row.cells[6], Cell::Blank, "{} 总计", row.key);
    }
    // Table 四: fifteen zeros.
    assert!(r.table4.iter().all(|c| *c == n(0)));

    // The six parts, with the standard titles, in order.
    let titles: Vec<(usize, &str)> = p
        .part_titles
        .iter()
        .map(|(i, t, _)| (*i, t.as_str()))
        .collect();
    assert_eq!(
        titles,
        vec![
            (0, "一、总体情况"),
            (1, "二、主动公开政府信息情况"),
            (2, "三、收到和处理政府信息公开申请情况"),
            (3, "四、政府信息公开行政复议、行政诉讼情况"),
            (4, "五、存在的主要问题及改进情况"),
            (5, "六、其他需要报告的事项"),
        ]
    );
    assert!(r.parts[0].starts_with("2020年主动公开政府信息累计595条。"));
    assert!(r.parts[0].ends_with("确保问题整改到位。"));
    assert!(r.parts[4].starts_with("公开的内容较多,部分内容不能及时跟进更新。"));
    assert_eq!(r.parts[5], "无。");
}

#[test]
fn corpus_000_blank_cells_are_errors_under_ar03_and_the_sums_hold_on_what_is_filled() {
    let checked = check_all(vec![parse_bytes("000.txt", R000).unwrap()]);
    let c = &checked[0];
    let ar03: Vec<(&str, &str, &str)> = c
        .findings
        .iter()
        .filter(|f| f.rule == "AR-03")
        .map(|f| {
            (
                f.table.as_deref().unwrap(),
                f.row.as_deref().unwrap(),
                f.column.as_deref().unwrap(),
            )
        })
        .collect();
    // Table 二: 行政强制 ×3, 行政事业性收费 ×2, 政府集中采购 ×2.
    for (row, col) in [
        ("行政强制", "上一年项目数量"),
        ("行政强制", "本年增/减"),
        ("行政强制", "处理决定数量"),
        ("行政事业性收费", "上一年项目数量"),
        ("行政事业性收费", "本年增/减"),
        ("政府集中采购", "采购项目数量"),
        ("政府集中采购", "采购总金额"),
    ] {
        assert!(
            ar03.contains(&("二", row, col)),
            "AR-03 on 表二 {row} {col}"
        );
    }
    // Table 三: the 总计 column of each of the 23 rows.
    let t3: Vec<_> = ar03.iter().filter(|(t, _, _)| *t == "三").collect();
    assert_eq!(t3.len(), 23);
    assert!(t3.iter().all(|(_, _, col)| *col == "总计"));
    assert!(ar03.contains(&("三", "（七）总计", "总计")));
    assert_eq!(ar03.len(), 30, "nothing else is blank");
    // Each names the place in the input: 行政强制 is line 42 of the file, its cells 2–4.
    let f = c
        .findings
        .iter()
        .find(|f| {
            f.rule == "AR-03"
                && f.row.as_deref() == Some("行政强制")
                && f.column.as_deref() == Some("上一年项目数量")
        })
        .unwrap();
    assert_eq!(f.location.as_deref(), Some("第42行第2格"));
    assert_eq!(f.expected.as_deref(), Some("数字"));
    assert_eq!(f.found.as_deref(), Some("（空白）"));
    assert!(f.is_error());
    // AR-05, AR-06, AR-07 and AR-08 hold on what is filled.
    for rule in ["AR-05", "AR-06", "AR-07", "AR-08", "AR-01", "AR-02"] {
        assert!(
            !c.findings.iter().any(|f| f.rule == rule),
            "{rule}: {:?}",
            c.findings
        );
    }
    assert!(c.has_errors());

    let json = c.to_json();
    assert_eq!(json["format"], "2019");
    assert_eq!(json["year"], 2020);
    assert_eq!(
        json["table3"]["new_received"],
        serde_json::json!([0, 0, 0, 0, 0, 0, null])
    );
    assert_eq!(
        json["table2"]["第二十条第（六）项"]["行政强制"]["处理决定数量"],
        serde_json::Value::Null
    );
    assert_eq!(json["missing"], serde_json::json!([]));
    assert_eq!(json["ambiguous"], serde_json::json!([]));
}

#[test]
fn corpus_003_is_a_free_text_report_in_traditional_characters() {
    let p = parse_bytes("003.txt", R003).unwrap();
    assert_eq!(p.layout, Layout::FreeText);
    assert_eq!(p.year, Some(2018));
    assert_eq!(p.agency.as_deref(), Some("山西省交通運輸廳"));
    assert_eq!(
        p.title.as_deref(),
        Some("山西省交通運輸廳2018年政府信息公開年度報告")
    );
    let f = p.figures.as_ref().unwrap();
    // 二、主動公開: "在山西省交通運輸廳網站公開政府信息83461條(次)" (line 15).
    let items = f.items_published.as_ref().unwrap();
    assert_eq!((items.value, items.location.line), (83461, 15));
    // 五、依申請公開: "全年共收到依申請公開事項8件" (line 29).
    let apps = f.applications.as_ref().unwrap();
    assert_eq!((apps.value, apps.location.line), (8, 29));
    // 六: "未收到政府信息公開方面的行政複議和行政訴訟" (line 31).
    assert_eq!(
        f.reconsiderations
            .as_ref()
            .map(|x| (x.value, x.location.line)),
        Some((0, 31))
    );
    assert_eq!(
        f.lawsuits.as_ref().map(|x| (x.value, x.location.line)),
        Some((0, 31))
    );
    // 七: "本年度無政府信息公開支出與收費" (line 33).
    assert_eq!(
        f.fees_yuan.as_ref().map(|x| (x.value, x.location.line)),
        Some((0, 33))
    );
    assert!(p.missing.is_empty() && p.ambiguous.is_empty());
    // Before 2019 there is no national format to break.
    assert!(check_all(vec![p])[0].findings.is_empty());
}

#[test]
fn corpus_004_says_what_it_could_not_find_and_does_not_take_spam_for_the_agency() {
    let p = parse_bytes("004.txt", R004).unwrap();
    assert_eq!(p.layout, Layout::FreeText);
    assert_eq!(p.year, Some(2014));
    // "365bet体育平台" stands where the bureau's name was: not an organ's name.
    assert_eq!(p.agency, None);
    assert!(p.notes.iter().any(|n| n.contains("365bet体育平台")));
    let f = p.figures.as_ref().unwrap();
    // "我局一共制作并主动公开政府信息162条".
    assert_eq!(f.items_published.as_ref().map(|x| x.value), Some(162));
    // "局本级未接到政府信息公开申请，也未接到……行政复议……或提起的行政诉讼".
    assert_eq!(f.applications.as_ref().map(|x| x.value), Some(0));
    assert_eq!(f.reconsiderations.as_ref().map(|x| x.value), Some(0));
    assert_eq!(f.lawsuits.as_ref().map(|x| x.value), Some(0));
    // Nothing about fees: missing, not zero.
    assert_eq!(f.fees_yuan, None);
    assert_eq!(p.missing.len(), 1);
    assert_eq!(p.missing[0].cell.key, "fees_yuan");
}
