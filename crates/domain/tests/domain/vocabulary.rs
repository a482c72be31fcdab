//! The statutory vocabulary against the vendored report tables and the spec's
//! examples.

use std::collections::BTreeSet;

use gongkai_domain::agency_code::{
    AgencyCode, AgencyCodeError, AgencyCodeKind, org_code_check_char, uscc_check_char,
};
use gongkai_domain::vocabulary::{
    ApplicantType, Article20Item, Article21Item, Article21Scope, Outcome, OutcomeCategory,
    ReportFormat, Table3RowKind,
};
use proptest::prelude::*;
use serde_json::Value;

/// An independent reading of the vendored JSON, not through the typed layer.
fn tables() -> Value {
    serde_json::from_str(include_str!("../../../../data/annual_report_tables.json")).unwrap()
}

fn format_json(format: ReportFormat) -> Value {
    let key = match format {
        ReportFormat::Y2019 => "format_2019",
        ReportFormat::Y2021 => "format_2021",
    };
    tables()[key].clone()
}

fn json_row_keys(format: ReportFormat) -> Vec<String> {
    format_json(format)["table3"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

/// The T3-B result-row lists, read straight from the JSON text.
fn json_result_keys(format: ReportFormat) -> Vec<String> {
    let text = tables()["checks"]["T3-B"].as_str().unwrap().to_string();
    let (marker, end) = match format {
        ReportFormat::Y2021 => ("2021 result rows:", ';'),
        ReportFormat::Y2019 => ("2019:", ')'),
    };
    let rest = &text[text.find(marker).unwrap() + marker.len()..];
    rest[..rest.find(end).unwrap()]
        .split(',')
        .map(|k| k.trim().to_string())
        .collect()
}

// ---------------------------------------------------------------- report formats

#[test]
fn format_for_year() {
    assert_eq!(ReportFormat::for_year(2018), None);
    assert_eq!(ReportFormat::for_year(2007), None);
    assert_eq!(ReportFormat::for_year(2019), Some(ReportFormat::Y2019));
    assert_eq!(ReportFormat::for_year(2020), Some(ReportFormat::Y2019));
    assert_eq!(ReportFormat::for_year(2021), Some(ReportFormat::Y2021));
    assert_eq!(ReportFormat::for_year(2025), Some(ReportFormat::Y2021));
    assert!(!ReportFormat::Y2019.applies_to(2021));
    assert!(!ReportFormat::Y2021.applies_to(2020));
}

#[test]
fn format_documents_match_the_json() {
    for f in ReportFormat::ALL {
        let doc = format_json(f)["doc"].as_str().unwrap().to_string();
        assert!(doc.starts_with(f.document()), "{doc} vs {}", f.document());
    }
    assert_eq!(ReportFormat::Y2019.document(), "国办公开办函〔2019〕60号");
    assert_eq!(ReportFormat::Y2021.document(), "国办公开办函〔2021〕30号");
    assert!(ReportFormat::Y2019.label().ends_with("（试行）"));
    assert_eq!(
        format_json(ReportFormat::Y2019)["applies_to_years"],
        "2019-2020"
    );
    assert_eq!(
        format_json(ReportFormat::Y2021)["applies_to_years"],
        ">=2021"
    );
}

#[test]
fn six_standard_sections_in_order() {
    let expected = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ];
    for f in ReportFormat::ALL {
        assert_eq!(f.sections(), expected, "{f:?}");
    }
}

#[test]
fn table3_row_counts() {
    assert_eq!(ReportFormat::Y2021.table3_rows().len(), 25);
    assert_eq!(ReportFormat::Y2019.table3_rows().len(), 23);
    for f in ReportFormat::ALL {
        let typed: Vec<&str> = f.table3_rows().iter().map(|r| r.key).collect();
        assert_eq!(typed, json_row_keys(f), "{f:?}");
        assert_eq!(f.table3_rows()[0].kind, Table3RowKind::NewReceived);
        assert_eq!(f.table3_rows()[1].kind, Table3RowKind::CarriedOver);
        let n = f.table3_rows().len();
        assert_eq!(f.table3_rows()[n - 2].kind, Table3RowKind::Total);
        assert_eq!(f.table3_rows()[n - 1].kind, Table3RowKind::CarryNext);
        let results = f
            .table3_rows()
            .iter()
            .filter(|r| r.kind == Table3RowKind::Result)
            .count();
        assert_eq!(results, n - 4);
        assert!(f.table3_header_note().contains("勾稽关系"));
    }
    let row = ReportFormat::Y2021.table3_row("r_deny_secret").unwrap();
    assert_eq!(row.item_label(), "1.属于国家秘密");
    assert_eq!(row.parent_label(), Some("（三）不予公开"));
    assert_eq!(
        ReportFormat::Y2019.table3_row("r_other").unwrap().label,
        "（六）其他处理"
    );
}

#[test]
fn result_row_keys_come_from_t3b() {
    for f in ReportFormat::ALL {
        let typed: Vec<String> = f.result_row_keys().iter().map(|k| k.to_string()).collect();
        assert_eq!(typed, json_result_keys(f), "{f:?}");
        // Each result key is a row of the format's table.
        let rows = json_row_keys(f);
        for k in f.result_row_keys() {
            assert!(rows.iter().any(|r| r == k), "{f:?}: {k} is not a row");
        }
    }
    assert_eq!(ReportFormat::Y2021.result_row_keys().len(), 21);
    assert_eq!(ReportFormat::Y2019.result_row_keys().len(), 19);
}

#[test]
fn table2_blocks_and_cells() {
    assert_eq!(ReportFormat::Y2021.table2_cell_count(), 10);
    assert_eq!(ReportFormat::Y2019.table2_cell_count(), 22);
    for f in ReportFormat::ALL {
        let blocks = f.table2_blocks();
        let json = format_json(f);
        let json_blocks = json["table2"].as_array().unwrap();
        assert_eq!(blocks.len(), json_blocks.len());
        for (b, j) in blocks.iter().zip(json_blocks) {
            assert_eq!(b.block, j["block"].as_str().unwrap());
            assert_eq!(b.block, b.item.citation());
            assert_eq!(b.rows.len(), j["rows"].as_array().unwrap().len());
            assert_eq!(b.columns.len(), j["cols"].as_array().unwrap().len());
        }
        // Exactly the Article 20 items counted in table 二 have a block.
        let with_block: BTreeSet<Article20Item> = blocks.iter().map(|b| b.item).collect();
        let counted: BTreeSet<Article20Item> = Article20Item::ALL
            .into_iter()
            .filter(|i| i.counted_in_report_table2(f))
            .collect();
        assert_eq!(with_block, counted, "{f:?}");
    }
    let fees = ReportFormat::Y2021
        .table2_blocks()
        .iter()
        .find(|b| b.item == Article20Item::Fees)
        .unwrap();
    assert!(fees.decimal);
    assert_eq!(fees.unit, Some("万元"));
}

#[test]
fn table4_has_three_groups_of_five() {
    for f in ReportFormat::ALL {
        let cols = f.table4_columns();
        assert_eq!(cols.len(), 15);
        let groups: BTreeSet<&str> = cols.iter().map(|c| c.group).collect();
        assert_eq!(groups.len(), 3);
        assert_eq!(cols.iter().filter(|c| c.is_total()).count(), 3);
        assert_eq!(cols[0].group, "行政复议");
        assert_eq!(cols[0].result, "结果维持");
        assert_eq!(cols[14].label, "行政诉讼-复议后起诉:总计");
    }
}

// ---------------------------------------------------------------- outcomes

#[test]
fn every_outcome_row_exists_in_its_format() {
    for o in Outcome::ALL {
        let rows_2021 = json_row_keys(ReportFormat::Y2021);
        let rows_2019 = json_row_keys(ReportFormat::Y2019);
        assert!(rows_2021.iter().any(|k| k == o.row_2021()), "{o:?}");
        assert!(rows_2019.iter().any(|k| k == o.row_2019()), "{o:?}");
        // And it is a result row, not a count of received or carried cases.
        for f in ReportFormat::ALL {
            assert!(json_result_keys(f).iter().any(|k| k == o.row(f)), "{o:?}");
            assert!(!o.report_row_label(f).is_empty());
        }
    }
}

#[test]
fn every_result_row_is_reached_by_an_outcome() {
    for f in ReportFormat::ALL {
        for key in json_result_keys(f) {
            assert!(
                Outcome::ALL.iter().any(|o| o.row(f) == key),
                "{f:?}: no outcome is counted in {key}"
            );
            assert!(Outcome::counted_in(f, &key).next().is_some());
        }
    }
}

#[test]
fn outcome_rows_and_categories() {
    assert_eq!(Outcome::ALL.len(), 22);
    assert_eq!(Outcome::AlreadyPublished.row_2021(), "r_open");
    assert_eq!(Outcome::Disclosed.row_2021(), "r_open");
    assert_eq!(Outcome::Partial.row_2021(), "r_partial");
    assert_eq!(Outcome::Partial.category(), OutcomeCategory::Partial);
    assert_eq!(Outcome::CorrectionLapsed.row_2021(), "r_other_nocorrect");
    assert_eq!(Outcome::FeeUnpaid.row_2021(), "r_other_nofee");
    assert_eq!(Outcome::OtherHandling.row_2021(), "r_other_other");
    for o in [
        Outcome::CorrectionLapsed,
        Outcome::FeeUnpaid,
        Outcome::OtherHandling,
    ] {
        assert_eq!(o.row_2019(), "r_other");
    }
    // Outside （六）, both formats use the same row.
    for o in Outcome::ALL {
        if o.category() != OutcomeCategory::Other {
            assert_eq!(o.row_2019(), o.row_2021(), "{o:?}");
        }
    }
    let count = |c| Outcome::ALL.iter().filter(|o| o.category() == c).count();
    assert_eq!(count(OutcomeCategory::Open), 2);
    assert_eq!(count(OutcomeCategory::Partial), 1);
    assert_eq!(count(OutcomeCategory::Denied), 8);
    assert_eq!(count(OutcomeCategory::CannotProvide), 3);
    assert_eq!(count(OutcomeCategory::NotProcessed), 5);
    assert_eq!(count(OutcomeCategory::Other), 3);
    // The row's group heading is the category's.
    for o in Outcome::ALL {
        let label = o.report_row_label(ReportFormat::Y2021);
        let heading = format!("{}{}", o.category().ordinal_label(), o.category().label());
        assert!(label.contains(&heading), "{o:?}: {label} vs {heading}");
    }
    // The partial row says it is counted alone.
    assert!(
        Outcome::Partial
            .report_row_label(ReportFormat::Y2021)
            .contains("只计这一情形")
    );
}

#[test]
fn outcome_articles() {
    assert_eq!(
        Outcome::AlreadyPublished.article(),
        Some("第三十六条第（一）项")
    );
    assert_eq!(Outcome::Disclosed.article(), Some("第三十六条第（二）项"));
    assert_eq!(Outcome::Partial.article(), Some("第三十七条"));
    assert_eq!(Outcome::DenyStateSecret.article(), Some("第十四条"));
    assert_eq!(
        Outcome::DenyThirdParty.article(),
        Some("第十五条、第三十二条")
    );
    assert_eq!(Outcome::DenyProcessInformation.article(), Some("第十六条"));
    assert_eq!(
        Outcome::DenyQueryMatter.article(),
        Some("第三十六条第（七）项")
    );
    assert_eq!(Outcome::NeedsCreation.article(), Some("第三十八条"));
    assert_eq!(Outcome::MassApplications.article(), Some("第三十五条"));
    assert_eq!(Outcome::FeeUnpaid.article(), Some("第四十二条"));
    assert_eq!(Outcome::CorrectionLapsed.article(), Some("第三十条"));
    assert_eq!(Outcome::ConfirmOrReissue.article(), None);
    assert_eq!(Outcome::OtherHandling.article(), None);
    let labels: BTreeSet<&str> = Outcome::ALL.iter().map(|o| o.label()).collect();
    assert_eq!(labels.len(), Outcome::ALL.len(), "labels are distinct");
}

// ---------------------------------------------------------------- applicants

#[test]
fn applicant_columns_match_the_json() {
    for f in ReportFormat::ALL {
        let json = format_json(f);
        let cols: Vec<&str> = json["table3"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(cols.len(), 7);
        assert_eq!(cols[6], "总计");
        assert_eq!(f.table3_columns(), cols.as_slice());
        for t in ApplicantType::ALL {
            assert_eq!(cols[t.column_index()], t.label(), "{t:?}");
        }
    }
    let indices: Vec<usize> = ApplicantType::ALL
        .iter()
        .map(|t| t.column_index())
        .collect();
    assert_eq!(indices, [0, 1, 2, 3, 4, 5]);
    assert!(ApplicantType::NaturalPerson.is_natural_person());
    assert_eq!(ApplicantType::NaturalPerson.group_label(), "自然人");
    for t in &ApplicantType::ALL[1..] {
        assert!(!t.is_natural_person());
        assert_eq!(t.group_label(), "法人或其他组织");
    }
    assert_eq!(ApplicantType::from_column_index(6), None);
    assert_eq!(
        ApplicantType::OtherOrganisation.full_label(),
        "法人或其他组织（其他）"
    );
}

// ---------------------------------------------------------------- articles 20, 21

#[test]
fn article20_items() {
    assert_eq!(Article20Item::ALL.len(), 15);
    for (i, item) in Article20Item::ALL.into_iter().enumerate() {
        assert_eq!(usize::from(item.number()), i + 1);
        assert_eq!(Article20Item::from_number(item.number()), Some(item));
        assert_eq!(Article20Item::from_citation(&item.citation()), Some(item));
    }
    assert_eq!(Article20Item::from_number(0), None);
    assert_eq!(Article20Item::from_number(16), None);
    assert_eq!(Article20Item::Regulations.ordinal_label(), "（一）");
    assert_eq!(Article20Item::Budget.ordinal_label(), "（七）");
    assert_eq!(Article20Item::OtherStatutory.ordinal_label(), "（十五）");
    assert_eq!(Article20Item::Licensing.citation(), "第二十条第（五）项");
    assert_eq!(
        Article20Item::from_citation("第二十条第(十一)项"),
        Some(Article20Item::SocialPolicies)
    );
    assert_eq!(
        Article20Item::Regulations.label(),
        "行政法规、规章和规范性文件"
    );
    assert_eq!(
        Article20Item::Enforcement.label(),
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
    );
    let counted = |f| {
        Article20Item::ALL
            .into_iter()
            .filter(|i| i.counted_in_report_table2(f))
            .map(Article20Item::number)
            .collect::<Vec<_>>()
    };
    assert_eq!(counted(ReportFormat::Y2021), [1, 5, 6, 8]);
    assert_eq!(counted(ReportFormat::Y2019), [1, 5, 6, 8, 9]);
}

/// The item texts, verbatim from the spec's catalogue.md list.
#[test]
fn article20_labels_match_the_catalogue_text() {
    let catalogue = "（一）行政法规、规章和规范性文件 · （二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名 · \
（三）国民经济和社会发展规划、专项规划、区域规划及相关政策 · （四）国民经济和社会发展统计信息 · \
（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果 · \
（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定 · \
（七）财政预算、决算信息 · （八）行政事业性收费项目及其依据、标准 · \
（九）政府集中采购项目的目录、标准及实施情况 · （十）重大建设项目的批准和实施情况 · \
（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况 · \
（十二）突发公共事件的应急预案、预警信息及应对情况 · \
（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况 · \
（十四）公务员招考的职位、名额、报考条件等事项以及录用结果 · \
（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息";
    let parts: Vec<&str> = catalogue.split(" · ").collect();
    assert_eq!(parts.len(), 15);
    for (item, part) in Article20Item::ALL.into_iter().zip(parts) {
        assert_eq!(format!("{}{}", item.ordinal_label(), item.label()), part);
    }
}

#[test]
fn article21_lists() {
    let labels = |s: Article21Scope| s.items().iter().map(|i| i.label()).collect::<Vec<_>>();
    assert_eq!(
        labels(Article21Scope::CityCounty).join("、"),
        "市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助"
    );
    assert_eq!(
        labels(Article21Scope::Township).join("、"),
        "农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助"
    );
    for item in Article21Item::ALL {
        assert!(!item.scopes().is_empty());
        for s in Article21Scope::ALL {
            assert_eq!(item.applies_to(s), s.items().contains(&item), "{item:?}");
        }
    }
    assert!(Article21Item::LandExpropriation.applies_to(Article21Scope::Township));
    assert!(!Article21Item::PublicOrder.applies_to(Article21Scope::Township));
}

// ---------------------------------------------------------------- codes

fn assert_round_trip<T>(all: &[T], code: fn(&T) -> &'static str, from: fn(&str) -> Option<T>)
where
    T: PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let codes: BTreeSet<&str> = all.iter().map(code).collect();
    assert_eq!(codes.len(), all.len(), "codes are distinct");
    for v in all {
        let c = code(v);
        assert!(
            c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{c}"
        );
        assert_eq!(from(c).as_ref(), Some(v));
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(json, format!("\"{c}\""));
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v);
    }
    assert_eq!(from("no_such_code"), None);
    assert!(serde_json::from_str::<T>("\"no_such_code\"").is_err());
}

#[test]
fn codes_round_trip() {
    assert_round_trip(&ApplicantType::ALL, |v| v.code(), ApplicantType::from_code);
    assert_round_trip(&Outcome::ALL, |v| v.code(), Outcome::from_code);
    assert_round_trip(
        &OutcomeCategory::ALL,
        |v| v.code(),
        OutcomeCategory::from_code,
    );
    assert_round_trip(&ReportFormat::ALL, |v| v.code(), ReportFormat::from_code);
    assert_round_trip(&Article20Item::ALL, |v| v.code(), Article20Item::from_code);
    assert_round_trip(&Article21Item::ALL, |v| v.code(), Article21Item::from_code);
    assert_round_trip(
        &Article21Scope::ALL,
        |v| v.code(),
        Article21Scope::from_code,
    );
}

// ---------------------------------------------------------------- agency codes

/// Spec examples and real codes, each verified by hand:
///
/// `000014349` (国务院办公厅, gov.cn index numbers): 0·3+0·7+0·9+0·10+1·5+4·8+3·4+4·2
/// = 57; 57 mod 11 = 2; 11 − 2 = 9 ✓.
/// `000013338` (an index-number prefix seen on a government site):
/// 1·5+3·8+3·4+3·2 = 47; 47 mod 11 = 3; 11 − 3 = 8 ✓.
/// `000125014`: 1·10+2·5+5·8+0·4+1·2 = 62; 62 mod 11 = 7; 11 − 7 = 4 ✓.
const VALID_ORG_CODES: [&str; 3] = ["000014349", "000013338", "000125014"];

/// `11341702486344515H` (spec): Σ = 1223, 1223 mod 31 = 14, 31 − 14 = 17 = H ✓.
/// `11610800MB2964997P` (榆林市医疗保障局, from a published index number):
/// Σ = 1899, mod 31 = 8, 31 − 8 = 23 = P ✓.
/// `11140800558745220K` (晋中市文化和旅游局): Σ = 1097, mod 31 = 12, 31 − 12 = 19 = K ✓.
/// `11410182005291054B` (荥阳市司法局): Σ = 764, mod 31 = 20, 31 − 20 = 11 = B ✓.
const VALID_USCCS: [&str; 4] = [
    "11341702486344515H",
    "11610800MB2964997P",
    "11140800558745220K",
    "11410182005291054B",
];

#[test]
fn hand_sums() {
    let org_sum = |s: &str| -> u32 {
        s.bytes()
            .take(8)
            .zip([3, 7, 9, 10, 5, 8, 4, 2])
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum()
    };
    assert_eq!(org_sum("000014349"), 57);
    assert_eq!(org_sum("000013338"), 47);
    assert_eq!(org_sum("000125014"), 62);
    assert_eq!(org_code_check_char("00001434"), Some('9'));
    assert_eq!(org_code_check_char("00001333"), Some('8'));
    assert_eq!(org_code_check_char("00012501"), Some('4'));
    assert_eq!(uscc_check_char("11341702486344515"), Some('H'));
    assert_eq!(uscc_check_char("11610800MB2964997"), Some('P'));
    assert_eq!(uscc_check_char("11140800558745220"), Some('K'));
    assert_eq!(uscc_check_char("11410182005291054"), Some('B'));
    // The organisation codes embedded in the USCCs are valid GB 11714 codes too.
    assert_eq!(org_code_check_char("48634451"), Some('5'));
    assert_eq!(org_code_check_char("MB296499"), Some('7'));
}

#[test]
fn valid_codes_parse() {
    for s in VALID_ORG_CODES {
        let c = AgencyCode::parse(s).unwrap();
        assert_eq!(c.kind(), AgencyCodeKind::OrgCode);
        assert_eq!(c.as_str(), s);
        assert_eq!(c.to_string(), s);
        assert!(c.is_verified());
    }
    for s in VALID_USCCS {
        let c = AgencyCode::parse(s).unwrap();
        assert_eq!(c.kind(), AgencyCodeKind::Uscc);
        assert_eq!(c.as_str(), s);
        assert!(c.is_verified());
    }
    assert_eq!(
        AgencyCode::parse("11341702486344515H")
            .unwrap()
            .embedded_org_code(),
        Some("486344515")
    );
}

#[test]
fn input_is_normalised() {
    let c = AgencyCode::parse("  11341702486344515h \n").unwrap();
    assert_eq!(c.as_str(), "11341702486344515H");
    // Full-width characters as typed with a Chinese input method.
    let c = AgencyCode::parse("００００１４３４－９").unwrap();
    assert_eq!(c.as_str(), "000014349");
    assert_eq!(c.to_string(), "00001434-9");
    // The hyphenated form is the same code, remembered as written.
    let h = AgencyCode::parse("00001434-9").unwrap();
    let plain = AgencyCode::parse("000014349").unwrap();
    assert_eq!(h, plain);
    assert_eq!(h.as_str(), "000014349");
    assert_eq!(h.as_written(), "00001434-9");
    assert_eq!(h.to_string(), "00001434-9");
    assert_eq!(plain.to_string(), "000014349");
    assert_eq!(plain.hyphenated().as_deref(), Some("00001434-9"));
    assert_eq!(h.kind(), AgencyCodeKind::OrgCode);
}

#[test]
fn wrong_check_characters_are_refused() {
    assert!(matches!(
        AgencyCode::parse("000014348"),
        Err(AgencyCodeError::OrgCodeChecksum {
            expected: '9',
            found: '8',
            ..
        })
    ));
    assert!(matches!(
        AgencyCode::parse("11341702486344515J"),
        Err(AgencyCodeError::UsccChecksum {
            expected: 'H',
            found: 'J',
            ..
        })
    ));
    // A transposition of two digits.
    assert!(AgencyCode::parse("11341702483644515H").is_err());
    let msg = AgencyCode::parse("11341702486344515J")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("未通过校验") && msg.contains("请"), "{msg}");
    assert!(matches!(
        AgencyCode::parse("00001434A"),
        Err(AgencyCodeError::OrgCodeCheckChar { found: 'A' })
    ));
}

#[test]
fn wrong_lengths_are_refused() {
    let err = AgencyCode::parse("11341702486344515").unwrap_err();
    assert_eq!(err, AgencyCodeError::UsccLength { len: 17 });
    assert_eq!(
        err.to_string(),
        "统一社会信用代码应为18位，您输入了17位，请核对后重新填写。"
    );
    assert_eq!(
        AgencyCode::parse("11341702486344515HH"),
        Err(AgencyCodeError::UsccLength { len: 19 })
    );
    assert_eq!(
        AgencyCode::parse("00001434"),
        Err(AgencyCodeError::OrgCodeLength { len: 8 })
    );
    assert!(
        AgencyCode::parse("00001434")
            .unwrap_err()
            .to_string()
            .contains("组织机构代码应为9位")
    );
    assert_eq!(AgencyCode::parse("   "), Err(AgencyCodeError::Empty));
}

#[test]
fn bad_characters_are_refused() {
    assert_eq!(
        AgencyCode::parse("0000143.9"),
        Err(AgencyCodeError::InvalidChar {
            position: 8,
            found: '.'
        })
    );
    let err = AgencyCode::parse("00001 4349").unwrap_err();
    assert!(err.to_string().contains("空格"), "{err}");
    assert!(matches!(
        AgencyCode::parse("机构000014349"),
        Err(AgencyCodeError::InvalidChar { position: 1, .. })
    ));
    // O for 0 in a USCC.
    let err = AgencyCode::parse("11341702486344515O").unwrap_err();
    assert_eq!(
        err,
        AgencyCodeError::ForbiddenUsccLetter {
            position: 18,
            found: 'O'
        }
    );
    assert!(err.to_string().contains("数字“0”"), "{err}");
    assert!(matches!(
        AgencyCode::parse("1134A702486344515H"),
        Err(AgencyCodeError::UsccRegion { .. })
    ));
    assert_eq!(
        AgencyCode::parse("0000-14349"),
        Err(AgencyCodeError::MisplacedHyphen)
    );
    assert_eq!(
        AgencyCode::parse("000014349/2017-00110"),
        Err(AgencyCodeError::ContainsIndexSuffix)
    );
}

/// The spec's imported example `0142768-8` has only 8 characters (7 + check):
/// it is not a GB 11714 code, so strict parsing refuses it and only the lenient
/// parser for imported index numbers keeps it.
#[test]
fn spec_example_0142768_8_is_only_accepted_leniently() {
    assert_eq!(
        AgencyCode::parse("0142768-8"),
        Err(AgencyCodeError::OrgCodeLength { len: 8 })
    );
    let c = AgencyCode::parse_lenient("0142768-8").unwrap();
    assert_eq!(c.kind(), AgencyCodeKind::Nonstandard);
    assert!(!c.is_verified());
    assert_eq!(c.as_str(), "01427688");
    assert_eq!(c.to_string(), "0142768-8");
    // Serde keeps the written form and reads it back leniently.
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(json, "\"0142768-8\"");
    let back: AgencyCode = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.to_string(), "0142768-8");
}

#[test]
fn lenient_parsing_checks_format_only() {
    let c = AgencyCode::parse_lenient("000014348").unwrap();
    assert_eq!(c.kind(), AgencyCodeKind::OrgCode);
    assert!(!c.is_verified());
    let c = AgencyCode::parse_lenient("11341702486344515J").unwrap();
    assert_eq!(c.kind(), AgencyCodeKind::Uscc);
    assert!(!c.is_verified());
    let c = AgencyCode::parse_lenient("000014349").unwrap();
    assert!(c.is_verified());
    assert!(AgencyCode::parse_lenient("").is_err());
    assert!(AgencyCode::parse_lenient("0000-143-49").is_err());
    assert!(AgencyCode::parse_lenient("-00014349").is_err());
    assert!(AgencyCode::parse_lenient("0000143.9").is_err());
    assert!(AgencyCode::parse_lenient("1134170248634451500").is_err());
    assert!(AgencyCode::parse_lenient("000014349/2017-00110").is_err());
}

#[test]
fn agency_code_serde_round_trip() {
    for s in ["000014349", "00001434-9", "11341702486344515H"] {
        let c = AgencyCode::parse(s).unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, format!("\"{s}\""));
        let back: AgencyCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.as_written(), s);
        assert!(back.is_verified());
    }
}

fn org_body() -> impl Strategy<Value = String> {
    "[0-9]{8}"
}

fn uscc_body() -> impl Strategy<Value = String> {
    "[0-9A-HJ-NPQRTUW-Y]{2}[0-9]{6}[0-9A-HJ-NPQRTUW-Y]{9}"
}

proptest! {
    #[test]
    fn any_org_code_with_its_check_char_parses(body in org_body()) {
        let code = format!("{body}{}", org_code_check_char(&body).unwrap());
        let parsed = AgencyCode::parse(&code).unwrap();
        prop_assert_eq!(parsed.as_str(), code.as_str());
        let hyphenated = format!("{}-{}", &code[..8], &code[8..]);
        prop_assert_eq!(AgencyCode::parse(&hyphenated).unwrap(), parsed);
    }

    /// GB 11714 detects every single-digit substitution (digit values differ by
    /// less than 11, and 11 is prime to every weight).
    #[test]
    fn org_code_single_substitutions_are_caught(body in org_body(), pos in 0usize..9, d in 1u8..10) {
        let code = format!("{body}{}", org_code_check_char(&body).unwrap());
        let mut bytes = code.clone().into_bytes();
        if bytes[pos] == b'X' { bytes[pos] = b'0'; }
        bytes[pos] = b'0' + (bytes[pos] - b'0' + d) % 10;
        let typo = String::from_utf8(bytes).unwrap();
        prop_assert!(AgencyCode::parse(&typo).is_err(), "{} accepted", typo);
    }

    #[test]
    fn any_uscc_with_its_check_char_parses(body in uscc_body()) {
        let code = format!("{body}{}", uscc_check_char(&body).unwrap());
        let parsed = AgencyCode::parse(&code).unwrap();
        prop_assert_eq!(parsed.kind(), AgencyCodeKind::Uscc);
        prop_assert_eq!(parsed.as_str(), code.as_str());
    }

    /// GB 32100 detects every single-character substitution in the first 17
    /// positions (31 is prime and no weight is 0 mod 31).
    #[test]
    fn uscc_single_substitutions_are_caught(body in uscc_body(), pos in 0usize..17, shift in 1usize..31) {
        const SET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        let code = format!("{body}{}", uscc_check_char(&body).unwrap());
        let mut bytes = code.into_bytes();
        let v = SET.iter().position(|c| *c == bytes[pos]).unwrap();
        bytes[pos] = SET[(v + shift) % 31];
        let typo = String::from_utf8(bytes).unwrap();
        // A letter in the region part is a format error; anything else a checksum one.
        prop_assert!(AgencyCode::parse(&typo).is_err(), "{} accepted", typo);
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,24}") {
        let _ = AgencyCode::parse(&s);
        let _ = AgencyCode::parse_lenient(&s);
    }
}
