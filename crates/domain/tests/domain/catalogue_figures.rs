//! The catalogue's figures: the 规章/规范性文件 counts of table 二 (with
//! AR-10 as a property), the Article 20 figures, and bulk import.

use super::catalogue::d;
use super::catalogue_workflow::{record, view_of};
use chrono::Days;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    Article20Figures, Counts3, DisclosureAttribute, FiguresForm, Genre, IMPORT_HEADER, ImportError,
    IndexNumber, ItemAction, ItemKind, ItemState, ItemSummary, RegulationCounts, Topic,
    ValidityState, figures_from_rows, import_csv, import_rows, parse_figures_csv,
    regulation_counts,
};
use gongkai_domain::vocabulary::{Article20Item, ReportFormat};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Table 二: 规章 and 规范性文件 from the catalogue
// ---------------------------------------------------------------------------

fn summary(kind: ItemKind, published: Option<&str>, validity: ValidityState) -> ItemSummary {
    ItemSummary {
        kind,
        published_on: published.map(d),
        formed_on: published.map_or(d("2020-01-01"), |p| d(p) - Days::new(10)),
        validity,
    }
}

fn repealed(date: &str) -> ValidityState {
    ValidityState::Repealed {
        date: d(date),
        reason: "废止".into(),
    }
}

#[test]
fn regulation_counts_worked_example() {
    let items = vec![
        // Regulations.
        summary(
            ItemKind::Regulation,
            Some("2021-03-01"),
            ValidityState::InForce,
        ),
        summary(
            ItemKind::Regulation,
            Some("2022-06-01"),
            repealed("2023-02-01"),
        ),
        summary(
            ItemKind::Regulation,
            Some("2023-04-01"),
            ValidityState::InForce,
        ),
        // Normative documents.
        summary(
            ItemKind::NormativeDocument,
            Some("2023-01-10"),
            repealed("2023-12-31"),
        ),
        summary(
            ItemKind::NormativeDocument,
            Some("2022-12-31"),
            ValidityState::Lapsed {
                date: d("2024-01-01"),
                reason: "有效期届满".into(),
            },
        ),
        // Never published: ignored.
        summary(ItemKind::NormativeDocument, None, ValidityState::InForce),
        // Not a regulation or normative document: ignored.
        summary(ItemKind::Other, Some("2023-05-05"), ValidityState::InForce),
    ];
    let c = regulation_counts(&items, 2023);
    assert_eq!(
        c,
        RegulationCounts {
            regulations: Counts3 {
                made: 1,
                repealed: 1,
                in_force: 2
            },
            normative: Counts3 {
                made: 1,
                repealed: 1,
                in_force: 1
            },
        }
    );
    let c22 = regulation_counts(&items, 2022);
    assert_eq!(c22.regulations.in_force, 2);
    assert_eq!(c22.normative.in_force, 1);
    // The lapse on 2024-01-01 counts in 2024.
    assert_eq!(regulation_counts(&items, 2024).normative.repealed, 1);
    assert_eq!(regulation_counts(&items, 2024).normative.in_force, 0);
    // Cells in the two formats' column orders.
    assert_eq!(c.regulations.cells(ReportFormat::Y2021), [1, 1, 2]);
    assert_eq!(c.regulations.cells(ReportFormat::Y2019), [1, 1, 2]);
    assert_eq!(c.normative.cells(ReportFormat::Y2019), [1, 1, 1]);
}

fn any_summary() -> impl Strategy<Value = ItemSummary> {
    let first = d("2015-01-01");
    let date = move |max: u64| (0..max).prop_map(move |o| first + Days::new(o));
    (
        prop_oneof![
            Just(ItemKind::Regulation),
            Just(ItemKind::NormativeDocument),
            Just(ItemKind::Other)
        ],
        proptest::option::weighted(0.85, date(11 * 366)),
        date(11 * 366),
        0u8..3,
        date(12 * 366),
    )
        .prop_map(|(kind, published_on, formed_on, v, end)| ItemSummary {
            kind,
            published_on,
            formed_on,
            // The end date may even precede the publication (imported data).
            validity: match v {
                0 => ValidityState::InForce,
                1 => ValidityState::Lapsed {
                    date: end,
                    reason: String::new(),
                },
                _ => ValidityState::Repealed {
                    date: end,
                    reason: String::new(),
                },
            },
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// AR-10: 现行有效件数(N) = 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N).
    #[test]
    fn ar10_holds_by_construction(items in proptest::collection::vec(any_summary(), 0..40)) {
        for year in 2014..=2028 {
            let prev = regulation_counts(&items, year - 1);
            let now = regulation_counts(&items, year);
            for (p, n) in [(prev.regulations, now.regulations), (prev.normative, now.normative)] {
                prop_assert_eq!(
                    i128::from(n.in_force),
                    i128::from(p.in_force) + i128::from(n.made) - i128::from(n.repealed),
                    "year {}", year
                );
            }
        }
        // Everything published is made exactly once, over all years.
        let published = items.iter().filter(|i| i.kind == ItemKind::Regulation && i.published_on.is_some()).count();
        let made: u64 = (2010..=2035).map(|y| regulation_counts(&items, y).regulations.made).sum();
        prop_assert_eq!(made, published as u64);
    }
}

// ---------------------------------------------------------------------------
// Article 20 figures
// ---------------------------------------------------------------------------

fn figures_form() -> FiguresForm {
    FiguresForm {
        permits: "1,234".into(),
        penalties: "56".into(),
        compulsory_measures: "0".into(),
        fee_income_wan_yuan: "12.35".into(),
        ..FiguresForm::default()
    }
}

#[test]
fn figures_for_a_2021_format_year() {
    let f = figures_form().validate(2023).unwrap();
    assert_eq!(
        f,
        Article20Figures {
            year: 2023,
            permits: 1234,
            penalties: 56,
            compulsory_measures: 0,
            fee_income_wan_yuan: "12.35".into(),
            other_services: None,
            procurement_items: None,
            procurement_amount: None,
            list_counts_2019: None,
        }
    );
    assert_eq!(f.format(), Some(ReportFormat::Y2021));
    // 2019-only figures are refused from 2021 on (a 0 is tolerated).
    let mut form = figures_form();
    form.other_services = "5".into();
    form.procurement_items = "0".into();
    let e = form.validate(2023).unwrap_err();
    assert!(e.get("other_services").unwrap().contains("不再统计"));
    assert!(e.get("procurement_items").is_none());
    assert_eq!(e.len(), 1);
}

#[test]
fn figures_are_checked_all_at_once() {
    let form = FiguresForm {
        permits: "-3".into(),
        penalties: "1.5".into(),
        compulsory_measures: "/".into(),
        fee_income_wan_yuan: "1.23456".into(),
        ..FiguresForm::default()
    };
    let e = form.validate(2022).unwrap_err();
    assert!(e.get("permits").unwrap().contains("负数"));
    assert!(e.get("penalties").unwrap().contains("整数"));
    assert!(e.get("compulsory_measures").unwrap().contains("没有的填0"));
    assert!(e.get("fee_income_wan_yuan").unwrap().contains("4位"));
    assert_eq!(e.len(), 4);
    // No national format before 2019.
    assert!(
        figures_form()
            .validate(2018)
            .unwrap_err()
            .get("year")
            .is_some()
    );
}

#[test]
fn figures_for_the_2019_format_need_its_extra_cells() {
    let e = figures_form().validate(2020).unwrap_err();
    assert_eq!(
        e.fields(),
        vec!["other_services", "procurement_items", "procurement_amount"]
    );
    let mut form = figures_form();
    form.other_services = "3".into();
    form.procurement_items = "12".into();
    form.procurement_amount = "0345.6".into();
    let f = form.validate(2020).unwrap();
    assert_eq!(f.other_services, Some(3));
    assert_eq!(f.procurement_items, Some(12));
    assert_eq!(f.procurement_amount.as_deref(), Some("345.6"));
    assert_eq!(FiguresForm::from(&f).validate(2020).unwrap(), f);
}

#[test]
fn figures_csv_with_chinese_header() {
    let csv = "\u{feff}年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）,其他对外管理服务事项,政府集中采购项目数,政府集中采购金额\r\n\
               2020,10,2,0,1.5,4,3,120.25\r\n\
               2023,\"4,657\",8,1,0,,,\r\n";
    let figures = parse_figures_csv(csv).unwrap();
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[0].year, 2020);
    assert_eq!(figures[0].procurement_amount.as_deref(), Some("120.25"));
    assert_eq!(figures[1].permits, 4657);
    assert_eq!(figures[1].other_services, None);
    assert_eq!(figures[1].fee_income_wan_yuan, "0");
}

#[test]
fn figures_rows_in_another_order_and_errors_by_row() {
    let rows: Vec<Vec<String>> = [
        vec![
            "行政事业性收费（万元）",
            "年度",
            "行政强制",
            "行政处罚",
            "行政许可",
        ],
        vec!["3.2", "2022", "0", "1", "2"],
        vec!["", "", "", "", ""],
        vec!["abc", "2023", "0", "-1", "2"],
        vec!["1", "2022", "0", "0", "0"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let errors = figures_from_rows(&rows).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("第4行“行政处罚”：") && s.contains("负数")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("第4行“行政事业性收费（万元）”：")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("第5行“年度”：") && s.contains("第2行")),
        "{shown:?}"
    );
    // The first row alone is fine.
    let ok = figures_from_rows(&rows[..2]).unwrap();
    assert_eq!(ok[0].fee_income_wan_yuan, "3.2");
    assert_eq!(ok[0].permits, 2);
    // A missing column is named.
    let missing: Vec<Vec<String>> = vec![vec!["年度".into(), "行政许可".into()]];
    let e = figures_from_rows(&missing).unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].to_string()
            .contains("行政处罚、行政强制、行政事业性收费（万元）")
    );
}

// ---------------------------------------------------------------------------
// Bulk import
// ---------------------------------------------------------------------------

fn rows(csv: &str) -> Vec<Vec<String>> {
    gongkai_domain::catalogue::parse_csv(csv)
}

const GOOD_CSV: &str = "索引号,名称,内容概述,发布机构,文号,成文日期,发布日期,主题分类,第二十条,公开方式,有效性,正文,文件类别\n\
0142768-8/2022-00185,关于印发某某县城乡居民临时救助办法的通知,规定临时救助的对象、标准和审批程序。,某某县人民政府办公室,某政办发〔2022〕3号,2022-03-01,2022-03-10,民政、扶贫、救灾\\社会救助,（一）,主动公开,废止 2024-05-01 被新办法取代,正文略,行政规范性文件\n\
11341702486344515H/202110-00013,某某县2021年第三季度财政收支情况,公布第三季度一般公共预算收支和政府性基金收支情况。,\"某某县财政局\n某某县统计局\",,2021-10-08,2021-10-12,财政、金融、审计\\财政,7,主动公开,有效,,\n\
,某某县人民政府关于某某的公告,告知某某事项的办理时间和地点。,某某县人民政府,某政告〔2023〕1号,2023-06-01,2023-06-02,综合政务,,,,,\n";

#[test]
fn import_a_good_file() {
    let (items, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(items.len(), 3);

    let a = &items[0];
    assert_eq!(
        a.index_number.as_ref().unwrap().as_str(),
        "0142768-8/2022-00185"
    );
    assert_eq!(a.metadata.kind, ItemKind::NormativeDocument);
    assert_eq!(a.metadata.article20, Some(Article20Item::Regulations));
    assert_eq!(a.published_on, Some(d("2022-03-10")));
    assert_eq!(
        a.validity,
        ValidityState::Repealed {
            date: d("2024-05-01"),
            reason: "被新办法取代".into()
        }
    );
    assert_eq!(a.metadata.genre, Genre::Other, "default genre");

    let b = &items[1];
    assert_eq!(b.index_number.as_ref().unwrap().month(), Some(10));
    assert_eq!(b.metadata.issuers, vec!["某某县财政局", "某某县统计局"]);
    assert_eq!(b.metadata.article20, Some(Article20Item::Budget));
    assert_eq!(b.validity, ValidityState::InForce);
    assert_eq!(b.metadata.kind, ItemKind::Other);

    let c = &items[2];
    assert_eq!(c.index_number, None);
    assert_eq!(
        c.metadata.attribute,
        DisclosureAttribute::Proactive,
        "blank → 主动公开"
    );
    assert_eq!(c.metadata.topic, Topic::parse("综合政务").unwrap());
    // Dedup keys: the index number, or a content hash.
    assert_eq!(a.dedup_key(), "索引号:0142768-8/2022-00185");
    assert!(c.dedup_key().starts_with("内容:"));
    assert_eq!(c.dedup_key().len(), "内容:".len() + 16);
    // Importing the same file again gives the same keys.
    let (again, _) = import_csv(GOOD_CSV);
    let keys: Vec<String> = again.iter().map(|i| i.dedup_key()).collect();
    assert_eq!(
        keys,
        items.iter().map(|i| i.dedup_key()).collect::<Vec<_>>()
    );
    // Feeding table 二.
    let s = ItemSummary {
        kind: a.metadata.kind,
        published_on: a.published_on,
        formed_on: a.metadata.formed_on,
        validity: a.validity.clone(),
    };
    assert_eq!(regulation_counts(&[s], 2024).normative.repealed, 1);
}

#[test]
fn a_bad_row_is_named_by_row_and_column() {
    let csv = format!(
        "{}\n\
         ,某某通知一,概述一的内容。,某某县人民政府,,2021-01-05,,综合政务,,,,\n\
         \n\
         ,某某通知二,概述二的内容。,某某县人民政府,,2021-02-05,,综合政务,,,,\n\
         ,某某通知三,概述三的内容。,某某县人民政府,,2021-13-01,,综合政务,,,,\n\
         ,某某通知四,某某通知四,某某县人民政府,,2021-03-05,2021-03-01,综合政务,,,废止,\n",
        IMPORT_HEADER.join(",")
    );
    let (items, errors) = import_csv(&csv);
    assert_eq!(items.len(), 2, "rows 2 and 4 are fine");
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert!(
        shown.contains(&"第5行“成文日期”：日期“2021-13-01”无效，请按YYYY-MM-DD填写".to_string()),
        "{shown:?}"
    );
    assert_eq!(errors.iter().filter(|e| e.row == 5).count(), 1);
    // Row 6: summary copies the title, published before formed, repeal without date.
    let row6: Vec<&ImportError> = errors.iter().filter(|e| e.row == 6).collect();
    let fields: Vec<&str> = row6.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["内容概述", "发布日期", "有效性"], "{shown:?}");
}

#[test]
fn header_in_another_order() {
    let (items, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty());
    // Reverse the columns of every row.
    let reversed: Vec<Vec<String>> = rows(GOOD_CSV)
        .into_iter()
        .map(|mut r| {
            r.reverse();
            r
        })
        .collect();
    let (items2, errors2) = import_rows(&reversed);
    assert!(errors2.is_empty(), "{errors2:?}");
    assert_eq!(items2, items);
}

#[test]
fn missing_columns_are_named() {
    let header: Vec<String> = IMPORT_HEADER
        .iter()
        .filter(|c| !matches!(**c, "名称" | "成文日期"))
        .map(|c| c.to_string())
        .collect();
    let (items, errors) = import_rows(&[header]);
    assert!(items.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 1);
    let msg = errors[0].to_string();
    assert!(msg.contains("名称、成文日期"), "{msg}");
    // An unknown column is reported rather than dropped.
    let mut header: Vec<String> = IMPORT_HEADER.iter().map(|c| c.to_string()).collect();
    header.push("体栽分类".into());
    let (_, errors) = import_rows(&[header]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "体栽分类");
    // Empty input.
    assert_eq!(import_rows(&[]).1.len(), 1);
}

#[test]
fn duplicate_rows_are_refused() {
    let mut csv = GOOD_CSV.to_string();
    let lines: Vec<&str> = GOOD_CSV.lines().collect();
    // Row 5 repeats row 4 (no index number: same title, 文号, date formed).
    // (Row 3's issuers cell spans two lines of text but is one spreadsheet row.)
    csv.push_str(lines.last().unwrap());
    csv.push('\n');
    let (items, errors) = import_csv(&csv);
    assert_eq!(items.len(), 3);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 5);
    assert!(errors[0].reason.contains("第4行"), "{}", errors[0]);
}

#[test]
fn imported_items_replay_through_the_workflow() {
    let (items, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty());
    let mut generated = 0;
    for item in &items {
        let mut h = Vec::new();
        for action in item.actions(|| {
            generated += 1;
            IndexNumber::parse("000014349/2023-00001").unwrap()
        }) {
            record(&mut h, Actor::System, action);
        }
        let v = view_of(&h);
        assert_eq!(v.state, ItemState::Published);
        assert_eq!(v.published_on, item.published_on);
        assert_eq!(v.metadata, item.metadata);
        assert_eq!(v.validity.end_date(), item.validity.end_date());
        if let Some(n) = &item.index_number {
            assert_eq!(v.index_number.as_ref(), Some(n), "kept as given");
        }
        assert_eq!(v.summary().validity.kind(), item.validity.kind());
    }
    assert_eq!(
        generated, 1,
        "only the item without a number gets a new one"
    );
    // The repeal without a reason in the cell gets the import's reason.
    let mut item = items[0].clone();
    item.validity = ValidityState::Repealed {
        date: d("2024-05-01"),
        reason: String::new(),
    };
    let actions = item.actions(|| unreachable!());
    assert!(matches!(
        actions.last(),
        Some(ItemAction::Repealed { reason, .. }) if reason == gongkai_domain::catalogue::IMPORT_NO_REASON
    ));
    // An unpublished item is imported as a draft.
    item.published_on = None;
    assert_eq!(item.actions(|| unreachable!()).len(), 1);
}

#[test]
fn import_rows_must_be_replayable() {
    let csv = format!(
        "{}\n\
         000014349/2021-00001,某某通知一,概述一的内容。,某某县人民政府,,2021-01-05,,综合政务,,,,\n\
         ,某某通知二,概述二的内容。,某某县人民政府,,2021-02-05,,综合政务,,,失效 2022-01-01,\n\
         ,某某通知三,概述三的内容。,某某县人民政府,,2021-03-05,2021-03-08,综合政务,,依申请公开,,\n",
        IMPORT_HEADER.join(",")
    );
    let (items, errors) = import_csv(&csv);
    assert!(items.is_empty());
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert_eq!(errors.len(), 3, "{shown:?}");
    assert!(
        shown[0].starts_with("第2行“发布日期”：填写了索引号"),
        "{shown:?}"
    );
    assert!(shown[1].starts_with("第3行“发布日期”：失效"), "{shown:?}");
    assert!(shown[2].starts_with("第4行“公开方式”："), "{shown:?}");
}

/// Dates in an imported catalogue follow the rule for every date a person
/// types: 成文日期 0001-01-01 and 发布日期 9999-12-31 are named; the good
/// file's dates are not.
#[test]
fn imported_dates_must_be_plausible() {
    let today = d("2025-10-30");
    let (good, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(good.iter().all(|i| i.implausible_dates(today).is_empty()));

    let bad = "索引号,名称,内容概述,发布机构,文号,成文日期,发布日期,主题分类,第二十条,公开方式,有效性,正文\n\
               ,某某县公告,告知某某事项的办理时间和地点。,某某县人民政府,,0001-01-01,9999-12-31,综合政务,,主动公开,有效,\n";
    let (items, errors) = import_csv(bad);
    assert!(errors.is_empty(), "{errors:?}");
    let found = items[0].implausible_dates(today);
    let columns: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
    assert_eq!(columns, ["成文日期", "发布日期"]);
    assert!(
        found[0].1.contains("成文日期“0001-01-01”不合理"),
        "{found:?}"
    );
    assert!(found[1].1.contains("不晚于今后10年"), "{found:?}");
}
