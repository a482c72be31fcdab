//! The annual report computed from the records, for 2025 (2021 format) and
//! 2020 (2019 trial format), with every asserted cell worked out by hand in
//! the comments; then the validation catalogue on generated and on broken
//! reports.
//!
//! Table 三 columns: 0 自然人, 1 商业企业, 2 科研机构, 3 社会公益组织,
//! 4 法律服务机构, 5 其他, 6 总计.

use chrono::NaiveDate;
use gongkai_domain::agency::AgencyKind;
use gongkai_domain::case::register::{
    AppealKind, AppealResult, AppealSummary, CaseSummary, RegisterTallies,
};
use gongkai_domain::catalogue::{
    Article20Figures, ItemKind, ItemSummary, ListCount, ListCounts2019, ValidityState,
};
use gongkai_domain::report::rules::FeeTotals;
use gongkai_domain::report::{
    AnnualReport, Cell, ReportInputs, RuleContext, Severity, combine, compute,
    publication_blockers, publication_deadline, validate,
};
use gongkai_domain::vocabulary::{ApplicantType, Outcome, ReportFormat};

use ApplicantType::{
    CommercialEnterprise as COM, LegalServiceInstitution as LAW, NaturalPerson as NP,
    OtherOrganisation as OTH, PublicWelfareOrganisation as PUB, ResearchInstitution as RES,
};

/// The records of an agency over several years, as `compute` reads them
/// for one year (the register summed for that year).
#[derive(Default)]
struct Records {
    cases: Vec<CaseSummary>,
    appeals: Vec<AppealSummary>,
    items: Vec<ItemSummary>,
    figures: Option<Article20Figures>,
}

impl Records {
    fn year(&self, year: i32) -> ReportInputs {
        ReportInputs {
            register: RegisterTallies::of(&self.cases, year),
            appeals: self.appeals.clone(),
            items: self.items.clone(),
            figures: self.figures.clone(),
        }
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn case(
    t: ApplicantType,
    received: Option<&str>,
    disposal: Option<(&str, Outcome)>,
) -> CaseSummary {
    CaseSummary {
        applicant_type: t,
        receipt_date: received.map(d),
        outcome: disposal.map(|(_, o)| o),
        decided_on: disposal.map(|(s, _)| d(s)),
    }
}

fn appeal(
    kind: AppealKind,
    result: AppealResult,
    filed: &str,
    decided: Option<&str>,
) -> AppealSummary {
    AppealSummary {
        kind,
        result,
        filed_on: d(filed),
        decided_on: decided.map(d),
    }
}

fn item(kind: ItemKind, published: &str, repealed: Option<&str>) -> ItemSummary {
    ItemSummary {
        kind,
        published_on: Some(d(published)),
        formed_on: d(published),
        validity: match repealed {
            Some(r) => ValidityState::Repealed {
                date: d(r),
                reason: "被新文件替代".into(),
            },
            None => ValidityState::InForce,
        },
    }
}

/// The register of 2024–2026 (letters as in the comments of the tests).
fn register() -> Records {
    use Outcome::*;
    Records {
        cases: vec![
            // a: NP, received 2024-12-20, disclosed 2025-01-08.
            case(NP, Some("2024-12-20"), Some(("2025-01-08", Disclosed))),
            // b: COM, received and disclosed in November 2024.
            case(COM, Some("2024-11-04"), Some(("2024-11-20", Disclosed))),
            // c: NP, 2025-02-10, partly disclosed 2025-03-03.
            case(NP, Some("2025-02-10"), Some(("2025-03-03", Partial))),
            // d: COM, 2025-03-05, refused to protect a third party 2025-03-28.
            case(
                COM,
                Some("2025-03-05"),
                Some(("2025-03-28", DenyThirdParty)),
            ),
            // e: RES, 2025-04-01, not held 2025-04-20.
            case(RES, Some("2025-04-01"), Some(("2025-04-20", NotHeld))),
            // f: PUB, 2025-05-06, a petition 2025-05-10.
            case(PUB, Some("2025-05-06"), Some(("2025-05-10", Petition))),
            // g: LAW, 2025-06-02, fee not paid 2025-07-15.
            case(LAW, Some("2025-06-02"), Some(("2025-07-15", FeeUnpaid))),
            // h: OTH, 2025-07-01, withdrawn 2025-07-03.
            case(OTH, Some("2025-07-01"), Some(("2025-07-03", OtherHandling))),
            // i: NP, 2025-12-22, disclosed 2026-01-12.
            case(NP, Some("2025-12-22"), Some(("2026-01-12", Disclosed))),
            // j: COM, 2025-12-30, not yet decided.
            case(COM, Some("2025-12-30"), None),
            // k: NP, 2025-08-11, correction lapsed 2025-09-01.
            case(
                NP,
                Some("2025-08-11"),
                Some(("2025-09-01", CorrectionLapsed)),
            ),
            // l: NP, 2024-12-30, still open at the end of 2025.
            case(NP, Some("2024-12-30"), None),
            // m: an online application never confirmed: never counted.
            case(NP, None, Some(("2025-05-05", OtherHandling))),
        ],
        appeals: vec![
            // A1 reconsideration filed 2025-03-01, upheld 2025-05-01.
            appeal(
                AppealKind::Reconsideration,
                AppealResult::Upheld,
                "2025-03-01",
                Some("2025-05-01"),
            ),
            // A2 reconsideration filed 2025-11-20, corrected 2026-01-15: pending in 2025.
            appeal(
                AppealKind::Reconsideration,
                AppealResult::Corrected,
                "2025-11-20",
                Some("2026-01-15"),
            ),
            // A3 direct suit filed 2025-06-01, other result 2025-09-01.
            appeal(
                AppealKind::LitigationDirect,
                AppealResult::Other,
                "2025-06-01",
                Some("2025-09-01"),
            ),
            // A4 suit after reconsideration filed 2024-10-01, upheld 2025-02-01: a 2024 appeal.
            appeal(
                AppealKind::LitigationAfterReconsideration,
                AppealResult::Upheld,
                "2024-10-01",
                Some("2025-02-01"),
            ),
            // A5 suit after reconsideration filed 2025-07-07, corrected 2025-10-10.
            appeal(
                AppealKind::LitigationAfterReconsideration,
                AppealResult::Corrected,
                "2025-07-07",
                Some("2025-10-10"),
            ),
        ],
        items: vec![
            // N1 normative, published 2024-05-01, in force.
            item(ItemKind::NormativeDocument, "2024-05-01", None),
            // N2 normative, published 2025-03-01, in force.
            item(ItemKind::NormativeDocument, "2025-03-01", None),
            // N3 normative, published 2023-01-01, repealed 2025-06-30.
            item(
                ItemKind::NormativeDocument,
                "2023-01-01",
                Some("2025-06-30"),
            ),
            // R1 regulation, published 2025-02-01.
            item(ItemKind::Regulation, "2025-02-01", None),
            // O1 another document: not in table 二's block （一）.
            item(ItemKind::Other, "2025-04-01", None),
        ],
        figures: Some(Article20Figures {
            year: 2025,
            permits: 120,
            penalties: 35,
            compulsory_measures: 4,
            fee_income_wan_yuan: "1.25".into(),
            other_services: None,
            procurement_items: None,
            procurement_amount: None,
            list_counts_2019: None,
        }),
    }
}

fn row(r: &AnnualReport, key: &str) -> [i64; 7] {
    r.table3_row(key)
        .unwrap()
        .clone()
        .map(|c| c.count().unwrap())
}

fn t4(r: &AnnualReport) -> [i64; 15] {
    r.table4.clone().map(|c| c.count().unwrap())
}

const BUREAU: &str = "青山市白沙县交通运输局";

fn with_text(mut r: AnnualReport) -> AnnualReport {
    r.parts[0] = "本年度，本局坚持以公开为常态，做好主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作。".into();
    r.parts[4] = "存在的问题：解读形式较单一。改进措施：增加图解和视频解读。".into();
    r.parts[5] = "本年度未收取信息处理费。".into();
    r
}

#[test]
fn table3_of_2025_from_the_register() {
    let r = compute(BUREAU, 2025, &register().year(2025)).unwrap();
    assert_eq!(r.format, ReportFormat::Y2021);
    assert_eq!(r.table3.len(), 25);
    // 一: c, i, k (NP); d, j (COM); e; f; g; h.
    assert_eq!(row(&r, "new_received"), [3, 2, 1, 1, 1, 1, 9]);
    // 二: a and l, both NP, received in December 2024 and open on 1 January.
    assert_eq!(row(&r, "carried_over"), [2, 0, 0, 0, 0, 0, 2]);
    assert_eq!(row(&r, "r_open"), [1, 0, 0, 0, 0, 0, 1]); // a
    assert_eq!(row(&r, "r_partial"), [1, 0, 0, 0, 0, 0, 1]); // c
    assert_eq!(row(&r, "r_deny_3rd"), [0, 1, 0, 0, 0, 0, 1]); // d
    assert_eq!(row(&r, "r_cannot_nothold"), [0, 0, 1, 0, 0, 0, 1]); // e
    assert_eq!(row(&r, "r_noproc_petition"), [0, 0, 0, 1, 0, 0, 1]); // f
    assert_eq!(row(&r, "r_other_nocorrect"), [1, 0, 0, 0, 0, 0, 1]); // k
    assert_eq!(row(&r, "r_other_nofee"), [0, 0, 0, 0, 1, 0, 1]); // g
    assert_eq!(row(&r, "r_other_other"), [0, 0, 0, 0, 0, 1, 1]); // h
    assert_eq!(row(&r, "r_deny_secret"), [0; 7]);
    // （七）: a, c, k | d | e | f | g | h.
    assert_eq!(row(&r, "r_total"), [3, 1, 1, 1, 1, 1, 8]);
    // 四: i and l (NP), j (COM).
    assert_eq!(row(&r, "carry_next"), [2, 1, 0, 0, 0, 0, 3]);
}

#[test]
fn table3_of_2020_in_the_2019_format() {
    use Outcome::*;
    let inputs = Records {
        cases: vec![
            // p: NP, received 2019-12-25, disclosed 2020-01-08.
            case(NP, Some("2019-12-25"), Some(("2020-01-08", Disclosed))),
            // q: COM, 2020-03-02, correction lapsed 2020-03-30 → （六）其他处理.
            case(
                COM,
                Some("2020-03-02"),
                Some(("2020-03-30", CorrectionLapsed)),
            ),
            // r: RES, 2020-04-01, fee unpaid 2020-05-20 → （六）其他处理.
            case(RES, Some("2020-04-01"), Some(("2020-05-20", FeeUnpaid))),
            // s: NP, 2020-05-06, state secret 2020-05-20.
            case(
                NP,
                Some("2020-05-06"),
                Some(("2020-05-20", DenyStateSecret)),
            ),
            // t: LAW, 2020-06-01, needs creation 2020-06-15.
            case(LAW, Some("2020-06-01"), Some(("2020-06-15", NeedsCreation))),
            // u: NP, 2020-12-28, disclosed 2021-01-06.
            case(NP, Some("2020-12-28"), Some(("2021-01-06", Disclosed))),
            // v: OTH, 2020-09-09, repeated application 2020-09-20.
            case(
                OTH,
                Some("2020-09-09"),
                Some(("2020-09-20", RepeatedApplication)),
            ),
        ],
        appeals: vec![
            // B1 reconsideration filed 2020-02-02, upheld 2020-04-04.
            appeal(
                AppealKind::Reconsideration,
                AppealResult::Upheld,
                "2020-02-02",
                Some("2020-04-04"),
            ),
            // B2 direct suit filed 2020-12-01, decided 2021-03-01: pending in 2020.
            appeal(
                AppealKind::LitigationDirect,
                AppealResult::Other,
                "2020-12-01",
                Some("2021-03-01"),
            ),
        ],
        ..Records::default()
    };
    let r = compute(BUREAU, 2020, &inputs.year(2020)).unwrap();
    assert_eq!(r.format, ReportFormat::Y2019);
    assert_eq!(r.table3.len(), 23);
    assert_eq!(row(&r, "new_received"), [2, 1, 1, 0, 1, 1, 6]); // s u | q | r | – | t | v
    assert_eq!(row(&r, "carried_over"), [1, 0, 0, 0, 0, 0, 1]); // p
    assert_eq!(row(&r, "r_open"), [1, 0, 0, 0, 0, 0, 1]); // p
    assert_eq!(row(&r, "r_deny_secret"), [1, 0, 0, 0, 0, 0, 1]); // s
    assert_eq!(row(&r, "r_cannot_create"), [0, 0, 0, 0, 1, 0, 1]); // t
    assert_eq!(row(&r, "r_noproc_repeat"), [0, 0, 0, 0, 0, 1, 1]); // v
    assert_eq!(row(&r, "r_other"), [0, 1, 1, 0, 0, 0, 2]); // q, r share the one row
    assert_eq!(row(&r, "r_total"), [2, 1, 1, 0, 1, 1, 6]);
    assert_eq!(row(&r, "carry_next"), [1, 0, 0, 0, 0, 0, 1]); // u
    // Table 四: B1 upheld; B2 pending at the end of 2020.
    assert_eq!(t4(&r), [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    // Table 二 of the 2019 format: 22 cells; no figures entered → blanks there.
    let cells: usize = r.table2.iter().map(|x| x.cells.len()).sum();
    assert_eq!(cells, 22);
    assert_eq!(
        r.table2_cell("第二十条第（五）项", "行政许可", "处理决定数量"),
        Some(&Cell::Blank)
    );
}

#[test]
fn table4_and_table2_of_2025() {
    let r = compute(BUREAU, 2025, &register().year(2025)).unwrap();
    // A1 upheld, A2 pending | A3 other | A5 corrected; A4 belongs to 2024.
    assert_eq!(t4(&r), [1, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1]);
    let b1 = "第二十条第（一）项";
    let count = |row: &str, col: &str| r.table2_cell(b1, row, col).unwrap().count().unwrap();
    // 规章: R1 made in 2025 and in force.
    assert_eq!(count("规章", "本年制发件数"), 1);
    assert_eq!(count("规章", "本年废止件数"), 0);
    assert_eq!(count("规章", "现行有效件数"), 1);
    // 行政规范性文件: N2 made, N3 repealed, N1 and N2 in force.
    assert_eq!(count("行政规范性文件", "本年制发件数"), 1);
    assert_eq!(count("行政规范性文件", "本年废止件数"), 1);
    assert_eq!(count("行政规范性文件", "现行有效件数"), 2);
    assert_eq!(
        r.table2_cell("第二十条第（五）项", "行政许可", "本年处理决定数量"),
        Some(&Cell::Count(120))
    );
    assert_eq!(
        r.table2_cell(
            "第二十条第（八）项",
            "行政事业性收费",
            "本年收费金额（单位：万元）"
        ),
        Some(&Cell::Amount("1.25".into()))
    );
    let cells: usize = r.table2.iter().map(|x| x.cells.len()).sum();
    assert_eq!(cells, 10);
}

#[test]
fn the_generated_report_satisfies_ar05_to_ar09_against_last_year() {
    let inputs = register();
    let last = with_text(compute(BUREAU, 2024, &inputs.year(2024)).unwrap());
    let now = with_text(compute(BUREAU, 2025, &inputs.year(2025)).unwrap());
    // 2024: a and l carried forward (NP) → 2025's 上年结转 [2,0,0,0,0,0,2].
    assert_eq!(row(&last, "carry_next"), row(&now, "carried_over"));
    let ctx = RuleContext {
        previous: Some(&last),
        agency_kind: Some(AgencyKind::Department),
        ..RuleContext::default()
    };
    let findings = validate(&now, &ctx);
    for f in &findings {
        assert!(
            ![
                "AR-03", "AR-04", "AR-05", "AR-06", "AR-07", "AR-08", "AR-09", "AR-10", "AR-20"
            ]
            .contains(&f.rule),
            "{f:?}"
        );
    }
    assert!(publication_blockers(&findings).is_empty(), "{findings:?}");
}

#[test]
fn json_round_trips_with_the_issue_shape() {
    let r = with_text(compute(BUREAU, 2025, &register().year(2025)).unwrap());
    let j = r.to_json(&[]);
    assert_eq!(j["format"], "2021");
    assert_eq!(j["year"], 2025);
    assert_eq!(
        j["table3"]["carry_next"],
        serde_json::json!([2, 1, 0, 0, 0, 0, 3])
    );
    assert_eq!(j["table4"].as_array().unwrap().len(), 15);
    assert_eq!(j["table2"]["第二十条第（一）项"]["规章"]["本年制发件数"], 1);
    assert_eq!(
        j["table2"]["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"],
        1.25
    );
    assert_eq!(j["parts"].as_object().unwrap().len(), 6);
    assert_eq!(AnnualReport::from_json(&j).unwrap(), r);
}

#[test]
fn a_blank_or_text_cell_is_named_under_ar03() {
    let mut r = with_text(compute(BUREAU, 2025, &register().year(2025)).unwrap());
    r.set_table2(
        "第二十条第（六）项",
        "行政强制",
        "本年处理决定数量",
        Cell::Blank,
    );
    r.table4[0] = Cell::Text("/".into());
    let f = validate(&r, &RuleContext::default());
    let ar03: Vec<_> = f.iter().filter(|f| f.rule == "AR-03").collect();
    assert_eq!(ar03.len(), 2, "{ar03:?}");
    assert_eq!(ar03[0].table.as_deref(), Some("二"));
    assert_eq!(ar03[0].row.as_deref(), Some("行政强制"));
    assert_eq!(ar03[0].column.as_deref(), Some("本年处理决定数量"));
    assert_eq!(ar03[0].found.as_deref(), Some("（空白）"));
    assert_eq!(ar03[1].table.as_deref(), Some("四"));
    assert_eq!(ar03[1].found.as_deref(), Some("/"));
    assert!(ar03.iter().all(|x| x.severity == Severity::Error));
    assert_eq!(publication_blockers(&f).len(), 2);
}

#[test]
fn broken_sums_are_named_with_expected_and_found() {
    let mut r = with_text(compute(BUREAU, 2025, &register().year(2025)).unwrap());
    // The 总计 of 一 says 10 (the six columns add to 9): AR-07 on that row,
    // and AR-05 on the 总计 column (10 + 2 ≠ 8 + 3).
    r.table3[0].cells[6] = Cell::Count(10);
    // r_open's 自然人 says 2: AR-06 (the results add to 9, 总计 says 8 → column
    // 自然人: 4 vs 3) and AR-07 on r_open (2 ≠ 1).
    let open = r.table3.iter().position(|x| x.key == "r_open").unwrap();
    r.table3[open].cells[0] = Cell::Count(2);
    // Table 四 reconsideration 总计 5 instead of 2.
    r.table4[4] = Cell::Count(5);
    let f = validate(&r, &RuleContext::default());
    let find = |rule: &str| f.iter().filter(|x| x.rule == rule).collect::<Vec<_>>();
    let ar05 = find("AR-05");
    assert_eq!(ar05.len(), 1, "{ar05:?}");
    assert_eq!(ar05[0].column.as_deref(), Some("总计"));
    assert_eq!(
        (ar05[0].expected.as_deref(), ar05[0].found.as_deref()),
        (Some("12"), Some("11"))
    );
    let ar06 = find("AR-06");
    assert_eq!(ar06.len(), 1, "{ar06:?}");
    assert_eq!(ar06[0].column.as_deref(), Some("自然人"));
    assert_eq!(
        (ar06[0].expected.as_deref(), ar06[0].found.as_deref()),
        (Some("4"), Some("3"))
    );
    let ar07 = find("AR-07");
    assert_eq!(ar07.len(), 2, "{ar07:?}");
    let ar08 = find("AR-08");
    assert_eq!(ar08.len(), 1);
    assert_eq!(ar08[0].row.as_deref(), Some("行政复议"));
    assert_eq!(
        (ar08[0].expected.as_deref(), ar08[0].found.as_deref()),
        (Some("2"), Some("5"))
    );
}

#[test]
fn carry_over_must_match_last_year_or_is_a_warning_when_unknown() {
    let inputs = register();
    let last = compute(BUREAU, 2024, &inputs.year(2024)).unwrap();
    let mut now = with_text(compute(BUREAU, 2025, &inputs.year(2025)).unwrap());
    let unknown = validate(&now, &RuleContext::default());
    let w: Vec<_> = unknown.iter().filter(|f| f.rule == "AR-09").collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Warning);
    // 上年结转 自然人 1 instead of 2 (and the 总计 follows, so only AR-09 and AR-05 fire).
    now.table3[1].cells[0] = Cell::Count(1);
    now.table3[1].cells[6] = Cell::Count(1);
    let f = validate(
        &now,
        &RuleContext {
            previous: Some(&last),
            ..RuleContext::default()
        },
    );
    let e: Vec<_> = f.iter().filter(|f| f.rule == "AR-09").collect();
    assert_eq!(e.len(), 2, "{e:?}"); // 自然人 and 总计
    assert!(e.iter().all(|x| x.severity == Severity::Error));
    assert_eq!(
        (e[0].expected.as_deref(), e[0].found.as_deref()),
        (Some("2"), Some("1"))
    );
}

#[test]
fn the_format_must_match_the_year() {
    let mut r = with_text(compute(BUREAU, 2025, &register().year(2025)).unwrap());
    r.format = ReportFormat::Y2019;
    let f = validate(&r, &RuleContext::default());
    assert!(
        f.iter()
            .any(|x| x.rule == "AR-02" && x.severity == Severity::Error)
    );
}

#[test]
fn deadlines_by_31_january_and_31_march() {
    assert_eq!(
        publication_deadline(AgencyKind::Department, 2025),
        Some(d("2026-01-31"))
    );
    assert_eq!(
        publication_deadline(AgencyKind::Government, 2025),
        Some(d("2026-03-31"))
    );
    let r = with_text(compute(BUREAU, 2025, &register().year(2025)).unwrap());
    let on = |day: &str, kind| {
        validate(
            &r,
            &RuleContext {
                agency_kind: Some(kind),
                published_on: Some(d(day)),
                ..RuleContext::default()
            },
        )
        .into_iter()
        .filter(|f| f.rule == "AR-15")
        .collect::<Vec<_>>()
    };
    assert!(on("2026-01-31", AgencyKind::Department).is_empty());
    let late = on("2026-02-01", AgencyKind::Department);
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].severity, Severity::Error);
    assert!(on("2026-03-31", AgencyKind::Government).is_empty());
    // A late publication is recorded, not refused.
    assert!(publication_blockers(&late.clone()).is_empty());
}

#[test]
fn text_rules_similarity_problems_fees_topics_and_quoted_figures() {
    let inputs = register();
    let last = with_text(compute(BUREAU, 2024, &inputs.year(2024)).unwrap());
    let mut now = with_text(compute(BUREAU, 2025, &inputs.year(2025)).unwrap());
    // Same part 一 as last year → AR-14; 五 "无" → AR-13; 六 silent on fees
    // while g's fee lapsed → AR-12; a wrong quoted figure → AR-11.
    now.parts[4] = "无".into();
    now.parts[5] = "无其他需要报告的事项。".into();
    now.parts[0] = format!("{}全年共收到政府信息公开申请7件。", last.parts[0]);
    let f = validate(
        &now,
        &RuleContext {
            previous: Some(&last),
            fees: Some(FeeTotals::default()),
            ..RuleContext::default()
        },
    );
    let rules: Vec<&str> = f.iter().map(|x| x.rule).collect();
    for r in ["AR-11", "AR-12", "AR-13", "AR-14"] {
        assert!(rules.contains(&r), "{r} missing in {rules:?}");
    }
    let ar11 = f.iter().find(|x| x.rule == "AR-11").unwrap();
    assert_eq!(
        (ar11.expected.as_deref(), ar11.found.as_deref()),
        (Some("9"), Some("7"))
    );
    assert!(
        f.iter()
            .filter(|x| ["AR-11", "AR-12", "AR-13", "AR-14"].contains(&x.rule))
            .all(|x| x.severity == Severity::Warning)
    );
    // A government's overview must also speak of assessment (AR-18).
    let g = validate(
        &now,
        &RuleContext {
            agency_kind: Some(AgencyKind::Government),
            ..RuleContext::default()
        },
    );
    assert!(
        g.iter()
            .any(|x| x.rule == "AR-18" && x.message.contains("考核"))
    );
}

#[test]
fn a_fivefold_jump_is_flagged_and_in_force_counts_chain() {
    let inputs = register();
    let last = compute(BUREAU, 2024, &inputs.year(2024)).unwrap();
    let mut now = with_text(compute(BUREAU, 2025, &inputs.year(2025)).unwrap());
    now.set_table2(
        "第二十条第（一）项",
        "行政规范性文件",
        "现行有效件数",
        Cell::Count(5),
    );
    let f = validate(
        &now,
        &RuleContext {
            previous: Some(&last),
            ..RuleContext::default()
        },
    );
    let ar10: Vec<_> = f.iter().filter(|x| x.rule == "AR-10").collect();
    // 2024 in force 2 (N1, N3) + made 1 − repealed 1 = 2, not 5.
    assert_eq!(ar10.len(), 1, "{ar10:?}");
    assert_eq!(
        (ar10[0].expected.as_deref(), ar10[0].found.as_deref()),
        (Some("2"), Some("5"))
    );
    // 2024: 3 applications received (a, b, l); 2025: 9 → not fivefold. Make it 16.
    now.table3[0].cells = [16, 0, 0, 0, 0, 0, 16].map(Cell::Count);
    let f = validate(
        &now,
        &RuleContext {
            previous: Some(&last),
            ..RuleContext::default()
        },
    );
    assert!(
        f.iter()
            .any(|x| x.rule == "AR-19" && x.table.as_deref() == Some("三")),
        "{f:?}"
    );
}

#[test]
fn a_roll_up_adds_every_cell_and_keeps_the_identities() {
    let inputs = register();
    let bureau = with_text(compute(BUREAU, 2025, &inputs.year(2025)).unwrap());
    let county = with_text(compute("青山市白沙县人民政府", 2025, &inputs.year(2025)).unwrap());
    let both = combine(&county, std::slice::from_ref(&bureau));
    assert_eq!(both.agency, "青山市白沙县人民政府");
    assert_eq!(row(&both, "new_received"), [6, 4, 2, 2, 2, 2, 18]);
    assert_eq!(t4(&both)[4], 4);
    let f = validate(&both, &RuleContext::default());
    assert!(
        f.iter()
            .all(|x| !["AR-05", "AR-06", "AR-07", "AR-08"].contains(&x.rule)),
        "{f:?}"
    );
    // A member without figures leaves the combined figure blank (AR-03 names it).
    let mut no_figures = register();
    no_figures.figures = None;
    let member = compute(BUREAU, 2025, &no_figures.year(2025)).unwrap();
    let blank = combine(&county, &[member]);
    assert_eq!(
        blank.table2_cell("第二十条第（五）项", "行政许可", "本年处理决定数量"),
        Some(&Cell::Blank)
    );
}

#[test]
fn the_2019_format_takes_the_list_counts() {
    let inputs = Records {
        figures: Some(Article20Figures {
            year: 2020,
            permits: 40,
            penalties: 12,
            compulsory_measures: 1,
            fee_income_wan_yuan: "0".into(),
            other_services: Some(7),
            procurement_items: Some(3),
            procurement_amount: Some("56.8".into()),
            list_counts_2019: Some(ListCounts2019 {
                permits: ListCount {
                    last_year: 30,
                    change: -2,
                },
                other_services: ListCount {
                    last_year: 10,
                    change: 0,
                },
                penalties: ListCount {
                    last_year: 88,
                    change: 4,
                },
                compulsory_measures: ListCount {
                    last_year: 6,
                    change: 0,
                },
                fees: ListCount {
                    last_year: 2,
                    change: -1,
                },
            }),
        }),
        ..Records::default()
    };
    let r = with_text(compute(BUREAU, 2020, &inputs.year(2020)).unwrap());
    assert_eq!(
        r.table2_cell("第二十条第（五）项", "行政许可", "本年增/减"),
        Some(&Cell::Count(-2))
    );
    assert_eq!(
        r.table2_cell("第二十条第（九）项", "政府集中采购", "采购总金额"),
        Some(&Cell::Amount("56.8".into()))
    );
    let f = validate(&r, &RuleContext::default());
    // Every cell is filled, and the negative change is allowed (AR-04).
    assert!(
        f.iter().all(|x| x.rule != "AR-03" && x.rule != "AR-04"),
        "{f:?}"
    );
}

#[test]
fn the_figures_form_reads_the_2019_list_counts() {
    use gongkai_domain::catalogue::FiguresForm;
    let mut form = FiguresForm {
        permits: "40".into(),
        penalties: "12".into(),
        compulsory_measures: "1".into(),
        fee_income_wan_yuan: "0".into(),
        other_services: "7".into(),
        procurement_items: "3".into(),
        procurement_amount: "56.8".into(),
        ..FiguresForm::default()
    };
    // None entered: no list counts (the report leaves the cells blank).
    assert_eq!(form.validate(2020).unwrap().list_counts_2019, None);
    for (key, last, change) in [
        ("permits", "30", "减2"),
        ("other_services", "10", "0"),
        ("penalties", "88", "+4"),
        ("compulsory_measures", "6", "0"),
        ("fees", "2", "-1"),
    ] {
        form.lists
            .insert(format!("list_{key}_last_year"), last.into());
        form.lists
            .insert(format!("list_{key}_change"), change.into());
    }
    let lists = form.validate(2020).unwrap().list_counts_2019.unwrap();
    assert_eq!(
        lists.permits,
        ListCount {
            last_year: 30,
            change: -2
        }
    );
    assert_eq!(
        lists.penalties,
        ListCount {
            last_year: 88,
            change: 4
        }
    );
    assert_eq!(
        lists.fees,
        ListCount {
            last_year: 2,
            change: -1
        }
    );
    // Half entered: each missing one is named; a negative 上一年项目数量 is refused.
    form.lists.insert("list_fees_change".into(), String::new());
    form.lists
        .insert("list_permits_last_year".into(), "-3".into());
    let errors = form.validate(2020).unwrap_err();
    assert!(
        errors
            .get("list_fees_change")
            .unwrap()
            .contains("本年增/减"),
        "{errors:?}"
    );
    assert!(
        errors
            .get("list_permits_last_year")
            .unwrap()
            .contains("负数"),
        "{errors:?}"
    );
}

#[test]
fn whole_amounts_are_integers_in_json_and_stay_amounts() {
    let mut inputs = register();
    inputs.figures.as_mut().unwrap().fee_income_wan_yuan = "0".into();
    let r = with_text(compute(BUREAU, 2025, &inputs.year(2025)).unwrap());
    let j = r.to_json(&[]);
    let fee = &j["table2"]["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"];
    assert_eq!(fee.to_string(), "0");
    assert_eq!(AnnualReport::from_json(&j).unwrap(), r);
}

#[test]
fn a_figure_that_does_not_reproduce_from_the_register_is_an_error() {
    let inputs = register();
    let register = compute(BUREAU, 2025, &inputs.year(2025)).unwrap();
    let mut stated = with_text(register.clone());
    // A report stating 2 refusals to protect third parties where the register has 1.
    let row = stated
        .table3
        .iter()
        .position(|x| x.key == "r_deny_3rd")
        .unwrap();
    stated.table3[row].cells[1] = Cell::Count(2);
    stated.table4[0] = Cell::Count(3);
    let f = validate(
        &stated,
        &RuleContext {
            register: Some(&register),
            ..RuleContext::default()
        },
    );
    let ar20: Vec<_> = f.iter().filter(|x| x.rule == "AR-20").collect();
    assert_eq!(ar20.len(), 2, "{ar20:?}");
    assert_eq!(ar20[0].column.as_deref(), Some("商业企业"));
    assert_eq!(
        (ar20[0].expected.as_deref(), ar20[0].found.as_deref()),
        (Some("1"), Some("2"))
    );
    assert_eq!(ar20[1].table.as_deref(), Some("四"));
    assert!(ar20.iter().all(|x| x.severity == Severity::Error));
}

/// How a cell written in a published table is read (spec, "Reading reports
/// found on the web"): each case written by hand.
#[test]
fn cells_are_read_as_published_tables_write_them() {
    use gongkai_domain::report::Cell;
    let signed = |w: &str, v: i64| Cell::Signed {
        written: w.into(),
        value: v,
    };
    let cases = [
        ("0", Cell::Count(0)),
        ("4,657", Cell::Count(4657)),
        ("４，６５７", Cell::Count(4657)),
        ("1,234,567", Cell::Count(1_234_567)),
        ("-14", Cell::Count(-14)),
        ("－14", Cell::Count(-14)),
        ("+3", Cell::Count(3)),
        ("减14", signed("减14", -14)),
        ("減14", signed("減14", -14)),
        ("减少2", signed("减少2", -2)),
        ("增3", signed("增3", 3)),
        ("5件", Cell::Count(5)),
        ("12.35", Cell::Amount("12.35".into())),
        ("0.50万元", Cell::Amount("0.5".into())),
        ("", Cell::Blank),
        ("  ", Cell::Blank),
        ("/", Cell::Text("/".into())),
        ("-", Cell::Text("-".into())),
        ("—", Cell::Text("—".into())),
        ("无", Cell::Text("无".into())),
        // Separators not every three digits are not a number.
        ("1,2", Cell::Text("1,2".into())),
        ("12,34", Cell::Text("12,34".into())),
        ("减", Cell::Text("减".into())),
    ];
    for (written, expected) in cases {
        assert_eq!(Cell::read(written), expected, "{written:?}");
    }
    // A change written in words stays as written in the JSON and is counted as its value.
    let c = signed("减14", -14);
    assert_eq!(c.to_json(), serde_json::json!("减14"));
    assert_eq!(Cell::from_json(&serde_json::json!("减14")), c);
    assert_eq!(
        Cell::from_json(&serde_json::json!("/")),
        Cell::Text("/".into())
    );
    assert_eq!(c.count(), Some(-14));
}

#[test]
fn a_change_written_in_words_is_a_number_but_negative_only_in_the_change_column() {
    use gongkai_domain::report::{AnnualReport, Cell, RuleContext, validate};
    use gongkai_domain::vocabulary::ReportFormat;
    let mut r = AnnualReport::blank(ReportFormat::Y2019, 2020, "某局");
    r.set_table2(
        "第二十条第（五）项",
        "行政许可",
        "本年增/减",
        Cell::read("减9"),
    );
    r.set_table2(
        "第二十条第（五）项",
        "行政许可",
        "处理决定数量",
        Cell::read("减2"),
    );
    let findings = validate(&r, &RuleContext::default());
    let at = |col: &str, rule: &str| {
        findings.iter().any(|f| {
            f.rule == rule
                && f.row.as_deref() == Some("行政许可")
                && f.column.as_deref() == Some(col)
        })
    };
    assert!(!at("本年增/减", "AR-03") && !at("本年增/减", "AR-04"));
    assert!(
        at("处理决定数量", "AR-04"),
        "减2 where only counts ≥ 0 belong"
    );
    assert!(!at("处理决定数量", "AR-03"));
}

#[test]
fn ar01_judges_the_part_titles_of_a_report_read_from_text() {
    use gongkai_domain::report::{AnnualReport, RuleContext, validate};
    use gongkai_domain::vocabulary::ReportFormat;
    let r = AnnualReport::blank(ReportFormat::Y2021, 2022, "某局");
    let judge = |titles: &[(usize, &str)]| -> Vec<(Option<String>, String)> {
        let titles: Vec<(usize, String)> =
            titles.iter().map(|(i, t)| (*i, t.to_string())).collect();
        validate(
            &r,
            &RuleContext {
                part_titles: Some(&titles),
                ..RuleContext::default()
            },
        )
        .into_iter()
        .filter(|f| f.rule == "AR-01" && !f.message.contains("没有内容"))
        .map(|f| (f.row, f.message))
        .collect()
    };
    let standard = [
        (0, "一、总体情况"),
        (1, "二、主动公开政府信息情况"),
        (2, "三、收到和处理政府信息公开申请情况"),
        // The variant title the specification accepts, with half-width brackets and spaces.
        (3, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        (4, "五、存在的主要问题及改进情况"),
        (5, "六、其他需要报告的事项"),
    ];
    assert_eq!(judge(&standard), vec![]);
    // Part 五 missing; part 四 titled in its own words; part 三 after 四.
    let found = judge(&[
        (0, "一、总体情况"),
        (1, "二、主动公开政府信息情况"),
        (3, "四、行政复议和行政诉讼情况"),
        (2, "三、收到和处理政府信息公开申请情况"),
        (5, "六、其他需要报告的事项"),
    ]);
    let rows: Vec<&str> = found.iter().map(|(r, _)| r.as_deref().unwrap()).collect();
    assert_eq!(rows, vec!["四", "三", "五"], "{found:?}");
    assert!(
        found[0]
            .1
            .contains("应为规定的“四、政府信息公开行政复议、行政诉讼情况”")
    );
    assert!(found[1].1.contains("出现在第四部分之后"));
    assert!(found[2].1.contains("没有找到第五部分"));
}

#[test]
fn a_report_without_the_national_tables_breaks_ar02_only_from_2019() {
    use gongkai_domain::report::rules::ar02_free_text;
    // 2018: no national format existed (corpus 003 is such a report).
    assert!(ar02_free_text(2018).is_none());
    // 2020 must use the 2019 format, 2022 the 2021 one.
    let f = ar02_free_text(2020).expect("2020 needs the national format");
    assert!(f.is_error());
    assert_eq!(
        (f.expected.as_deref(), f.found.as_deref()),
        (Some("2019"), Some("free-text"))
    );
    assert!(f.message.contains("国办公开办函〔2019〕60号"));
    assert_eq!(
        ar02_free_text(2022).and_then(|f| f.expected),
        Some("2021".into())
    );
}
