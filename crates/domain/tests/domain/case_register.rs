//! Table 三 and table 四 of the annual report from the case register ("Year
//! end"), with every expected cell worked out by hand below, and a property
//! test of the identities AR-05, AR-06, AR-07 and X-1 (this year's 上年结转 =
//! last year's 结转下年度).
//!
//! Columns: 0 自然人, 1 商业企业, 2 科研机构, 3 社会公益组织, 4 法律服务机构,
//! 5 其他, 6 总计.

use chrono::{DateTime, Days, NaiveDate};
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::register::{
    AppealKind, AppealResult, AppealSummary, CaseSummary, table3, table4,
};
use gongkai_domain::case::{Actor, CaseAction, CaseEventRecord, check_action};
use gongkai_domain::deadline::ReceiptFacts;
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{ApplicantType, Channel, Outcome, ReportFormat, Table3RowKind};
use proptest::prelude::*;

use ApplicantType::{
    CommercialEnterprise as COM, LegalServiceInstitution as LAW, NaturalPerson as NP,
    OtherOrganisation as OTH, PublicWelfareOrganisation as PUB, ResearchInstitution as RES,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn summary(t: ApplicantType, received: &str, disposal: Option<(&str, Outcome)>) -> CaseSummary {
    CaseSummary {
        applicant_type: t,
        receipt_date: Some(d(received)),
        outcome: disposal.map(|(_, o)| o),
        decided_on: disposal.map(|(s, _)| d(s)),
    }
}

/// A history built through the workflow rules.
fn history(actions: Vec<CaseAction>) -> Vec<CaseEventRecord> {
    let cal = Calendar::vendored();
    let mut h: Vec<CaseEventRecord> = Vec::new();
    for a in actions {
        if let Err(e) = check_action(&h, &a, &cal) {
            panic!("{} refused: {e}", a.label_zh());
        }
        let seq = u32::try_from(h.len()).unwrap() + 1;
        h.push(CaseEventRecord {
            seq,
            at: DateTime::from_timestamp(1_700_000_000 + i64::from(seq), 0).unwrap(),
            actor: Actor::System,
            action: a,
            note: String::new(),
        });
    }
    h
}

fn in_person(date: &str) -> CaseAction {
    CaseAction::ReceiptConfirmed {
        channel: Channel::InPerson,
        receipt_date: d(date),
        facts: ReceiptFacts {
            arrived: Some(d(date)),
            ..Default::default()
        },
    }
}

fn decided(date: &str, outcome: Outcome) -> CaseAction {
    CaseAction::OutcomeDecided {
        date: d(date),
        outcome,
        reasoning: String::new(),
        referred_to: None,
        access_method: String::new(),
        provided: Vec::new(),
    }
}

/// The register of 2025 (and the end of 2024), letters as in the comments.
fn register_2025() -> Vec<CaseSummary> {
    // A: natural person, received 2024-12-20, disclosed 2025-01-10, delivered
    // 2025-01-13 — carried over into 2025 and decided there.
    let a = history(vec![
        in_person("2024-12-20"),
        decided("2025-01-10", Outcome::Disclosed),
        CaseAction::Delivered {
            date: d("2025-01-13"),
            method: DeliveryMethod::Post,
        },
    ]);
    // F: natural person, received 2025-04-01, correction 04-02 with deadline
    // 04-16, lapse recorded 04-20 → （六）1.
    let f = history(vec![
        in_person("2025-04-01"),
        CaseAction::CorrectionRequested {
            date: d("2025-04-02"),
            items: vec!["请写明所需信息".to_owned()],
            applicant_deadline: d("2025-04-16"),
        },
        CaseAction::CorrectionLapsed {
            date: d("2025-04-20"),
        },
    ]);
    // G: law firm, received 2025-05-06, fee notice received 05-07 (45th
    // application this month: 300 yuan); payment period 20 working days:
    // 05-08, 09 (1-2), 12-16 (3-7), 19-23 (8-12), 26-30 (13-17), 05-31..06-02
    // skipped (端午节, weekend), 06-03 (18), 04 (19), 05 (20) → due 06-05;
    // lapse recorded 06-20 → （六）2.
    let g = history(vec![
        in_person("2025-05-06"),
        CaseAction::FeeNoticeIssued {
            date: d("2025-05-07"),
            method: FeeMethod::ByCount {
                ordinal_in_month: 45,
            },
            amount_yuan: 300,
        },
        CaseAction::FeeLapsed {
            date: d("2025-06-20"),
        },
    ]);
    // H: research institution, received 2025-06-03, withdrawn 2025-06-05
    // → （六）3.
    let h = history(vec![
        in_person("2025-06-03"),
        CaseAction::Withdrawn {
            date: d("2025-06-05"),
            reason: "已通过其他途径获取".to_owned(),
        },
    ]);
    // L: natural person, online, never confirmed, withdrawn: not counted.
    let l = history(vec![
        CaseAction::SubmittedOnline {
            date: d("2025-08-01"),
        },
        CaseAction::Withdrawn {
            date: d("2025-08-02"),
            reason: String::new(),
        },
    ]);
    vec![
        CaseSummary::from_history(NP, &a),
        // B: natural person, received 2024-12-30, partly disclosed 2024-12-31:
        // finished before 2025, not counted in 2025.
        summary(NP, "2024-12-30", Some(("2024-12-31", Outcome::Partial))),
        // C: company, received 2024-12-25, partly disclosed 2025-01-15.
        summary(COM, "2024-12-25", Some(("2025-01-15", Outcome::Partial))),
        // D: company, received 2024-11-01, still open at the end of 2025.
        summary(COM, "2024-11-01", None),
        // E: natural person, received and partly disclosed in March 2025.
        summary(NP, "2025-03-03", Some(("2025-03-20", Outcome::Partial))),
        CaseSummary::from_history(NP, &f),
        CaseSummary::from_history(LAW, &g),
        CaseSummary::from_history(RES, &h),
        // I: public-welfare organisation, received 2025-12-15, open.
        summary(PUB, "2025-12-15", None),
        // J: other organisation, received 2025-12-29, decided 2026-01-05.
        summary(OTH, "2025-12-29", Some(("2026-01-05", Outcome::NotHeld))),
        // K: natural person, refused as a state secret in July 2025.
        summary(
            NP,
            "2025-07-01",
            Some(("2025-07-20", Outcome::DenyStateSecret)),
        ),
        CaseSummary::from_history(NP, &l),
        // M: received in 2026: not counted in 2025.
        summary(NP, "2026-01-05", None),
        // N: company, disclosed in February 2025.
        summary(COM, "2025-02-10", Some(("2025-02-20", Outcome::Disclosed))),
        // O: company, received 2023-05-01, a petition, decided 2025-03-01.
        summary(COM, "2023-05-01", Some(("2025-03-01", Outcome::Petition))),
    ]
}

#[test]
fn summaries_from_histories() {
    let r = register_2025();
    // A: decided_on is the decision, not the delivery.
    assert_eq!(r[0].decided_on, Some(d("2025-01-10")));
    assert_eq!(r[0].outcome, Some(Outcome::Disclosed));
    // F, G, H: disposed of on the lapse / withdrawal.
    assert_eq!(
        (r[5].outcome, r[5].decided_on),
        (Some(Outcome::CorrectionLapsed), Some(d("2025-04-20")))
    );
    assert_eq!(
        (r[6].outcome, r[6].decided_on),
        (Some(Outcome::FeeUnpaid), Some(d("2025-06-20")))
    );
    assert_eq!(
        (r[7].outcome, r[7].decided_on),
        (Some(Outcome::OtherHandling), Some(d("2025-06-05")))
    );
    // L: never confirmed.
    assert_eq!(r[11].receipt_date, None);
    assert_eq!(r[11].outcome, Some(Outcome::OtherHandling));
}

#[test]
fn table3_2025_in_the_2021_format() {
    let t = table3(&register_2025(), 2025, ReportFormat::Y2021);
    assert_eq!(t.rows().len(), 25);
    let keys: Vec<&str> = t.rows().iter().map(|r| r.key).collect();
    let expected_keys: Vec<&str> = ReportFormat::Y2021
        .table3_rows()
        .iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(keys, expected_keys);
    let row = |k: &str| *t.row(k).unwrap();
    // 一 new: NP E, F, K (3); COM N (1); RES H (1); PUB I (1); LAW G (1);
    // OTH J (1). Not B, C, D (2024), M (2026), L (no receipt).
    assert_eq!(row("new_received"), [3, 1, 1, 1, 1, 1, 8]);
    // 二 carried over: NP A; COM C, D, O. Not B (finished 2024-12-31).
    assert_eq!(row("carried_over"), [1, 3, 0, 0, 0, 0, 4]);
    // Results disposed of in 2025.
    assert_eq!(row("r_open"), [1, 1, 0, 0, 0, 0, 2]); // A, N
    assert_eq!(row("r_partial"), [1, 1, 0, 0, 0, 0, 2]); // E, C
    assert_eq!(row("r_deny_secret"), [1, 0, 0, 0, 0, 0, 1]); // K
    assert_eq!(row("r_noproc_petition"), [0, 1, 0, 0, 0, 0, 1]); // O
    assert_eq!(row("r_other_nocorrect"), [1, 0, 0, 0, 0, 0, 1]); // F
    assert_eq!(row("r_other_nofee"), [0, 0, 0, 0, 1, 0, 1]); // G
    assert_eq!(row("r_other_other"), [0, 0, 1, 0, 0, 0, 1]); // H
    assert_eq!(row("r_cannot_nothold"), [0; 7]); // J is decided in 2026
    assert_eq!(row("r_deny_3rd"), [0; 7]);
    // （七）: NP A, E, F, K; COM N, C, O; RES H; LAW G.
    assert_eq!(row("r_total"), [4, 3, 1, 0, 1, 0, 9]);
    // 四 carry next: COM D; PUB I; OTH J.
    assert_eq!(row("carry_next"), [0, 1, 0, 1, 0, 1, 3]);
    // AR-05 on 总计: 8 + 4 = 9 + 3.
    assert_eq!(t.get("new_received", 6) + t.get("carried_over", 6), 12);
    assert_eq!(t.get("r_total", 6) + t.get("carry_next", 6), 12);
    // get() and to_json().
    assert_eq!(t.get("r_partial", 1), 1);
    assert_eq!(t.get("r_other", 0), 0); // not a row of the 2021 format
    assert_eq!(t.get("r_open", 7), 0); // no such column
    let json = t.to_json();
    assert_eq!(json["carry_next"], serde_json::json!([0, 1, 0, 1, 0, 1, 3]));
    assert_eq!(json.as_object().unwrap().len(), 25);
}

#[test]
fn table3_2025_cases_in_the_2019_format_share_the_other_row() {
    // The same register in the 2019 layout: （六）1, 2 and 3 are one row.
    let t = table3(&register_2025(), 2025, ReportFormat::Y2019);
    assert_eq!(t.rows().len(), 23);
    assert_eq!(*t.row("r_other").unwrap(), [1, 0, 1, 0, 1, 0, 3]); // F, H, G
    assert!(t.row("r_other_nofee").is_none());
    assert_eq!(*t.row("r_total").unwrap(), [4, 3, 1, 0, 1, 0, 9]);
}

#[test]
fn table3_2020_in_the_2019_format() {
    // Q: natural person, received 2020-03-02, correction lapse 2020-03-30.
    let q = history(vec![
        in_person("2020-03-02"),
        CaseAction::CorrectionRequested {
            date: d("2020-03-03"),
            items: vec!["请提供身份证明".to_owned()],
            applicant_deadline: d("2020-03-17"),
        },
        CaseAction::CorrectionLapsed {
            date: d("2020-03-30"),
        },
    ]);
    let cases = vec![
        // P: NP, received 2019-12-25, disclosed 2020-01-08.
        summary(NP, "2019-12-25", Some(("2020-01-08", Outcome::Disclosed))),
        CaseSummary::from_history(NP, &q),
        // R: company, received 2020-04-01, withdrawn 2020-04-03.
        summary(
            COM,
            "2020-04-01",
            Some(("2020-04-03", Outcome::OtherHandling)),
        ),
        // S: research institution, partly disclosed in May 2020.
        summary(RES, "2020-05-06", Some(("2020-05-20", Outcome::Partial))),
        // T: law firm, received 2019-11-11, still open.
        summary(LAW, "2019-11-11", None),
        // U: NP, received 2020-12-28, disclosed 2021-01-06.
        summary(NP, "2020-12-28", Some(("2021-01-06", Outcome::Disclosed))),
        // V: other organisation, needs creation, June 2020.
        summary(
            OTH,
            "2020-06-01",
            Some(("2020-06-15", Outcome::NeedsCreation)),
        ),
        // W: finished in 2019.
        summary(NP, "2019-10-10", Some(("2019-11-01", Outcome::Disclosed))),
    ];
    let t = table3(&cases, 2020, ReportFormat::Y2019);
    assert_eq!(t.rows().len(), 23);
    let row = |k: &str| *t.row(k).unwrap();
    // 一: NP Q, U; COM R; RES S; OTH V.
    assert_eq!(row("new_received"), [2, 1, 1, 0, 0, 1, 5]);
    // 二: NP P; LAW T.
    assert_eq!(row("carried_over"), [1, 0, 0, 0, 1, 0, 2]);
    assert_eq!(row("r_open"), [1, 0, 0, 0, 0, 0, 1]); // P
    assert_eq!(row("r_partial"), [0, 0, 1, 0, 0, 0, 1]); // S
    assert_eq!(row("r_cannot_create"), [0, 0, 0, 0, 0, 1, 1]); // V
    // （六）其他处理, one row: Q (correction lapse) and R (withdrawn).
    assert_eq!(row("r_other"), [1, 1, 0, 0, 0, 0, 2]);
    assert_eq!(row("r_total"), [2, 1, 1, 0, 0, 1, 5]);
    // 四: NP U; LAW T.
    assert_eq!(row("carry_next"), [1, 0, 0, 0, 1, 0, 2]);
    // 2021 carries over exactly what 2020 carried forward.
    let t2021 = table3(&cases, 2021, ReportFormat::Y2021);
    assert_eq!(*t2021.row("carried_over").unwrap(), row("carry_next"));
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

#[test]
fn table4_counts_appeals_filed_in_the_year() {
    use AppealKind::*;
    use AppealResult::*;
    let appeals = vec![
        appeal(Reconsideration, Upheld, "2025-02-01", Some("2025-04-01")),
        appeal(Reconsideration, Corrected, "2025-03-01", Some("2025-05-01")),
        // Decided after 31 December: still pending in the 2025 report.
        appeal(Reconsideration, Upheld, "2025-11-20", Some("2026-01-15")),
        // Filed in 2024: counted in 2024 (as pending), not again in 2025.
        appeal(Reconsideration, Corrected, "2024-12-01", Some("2025-02-01")),
        appeal(LitigationDirect, Pending, "2025-06-01", None),
        appeal(LitigationDirect, Other, "2025-07-01", Some("2025-09-01")),
        appeal(
            LitigationAfterReconsideration,
            Upheld,
            "2025-08-01",
            Some("2025-10-01"),
        ),
    ];
    assert_eq!(
        table4(&appeals, 2025),
        [1, 1, 0, 1, 3, 0, 0, 1, 1, 2, 1, 0, 0, 0, 1]
    );
    assert_eq!(
        table4(&appeals, 2024),
        [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!(table4(&appeals, 2023), [0; 15]);
    // Serialised with snake_case codes.
    let json = serde_json::to_value(&appeals[4]).unwrap();
    assert_eq!(json["kind"], "litigation_direct");
    assert_eq!(json["result"], "pending");
    assert_eq!(AppealResult::Corrected.label_zh(), "结果纠正");
    assert_eq!(
        AppealKind::from_code("litigation_after_reconsideration"),
        Some(LitigationAfterReconsideration)
    );
}

// ------------------------------------------------------------- properties

fn arb_case() -> impl Strategy<Value = CaseSummary> {
    (
        0usize..6,
        prop::option::weighted(0.9, 0u64..(9 * 366)),
        prop::option::weighted(0.7, (0u64..900, 0usize..Outcome::ALL.len())),
        prop::option::weighted(0.05, 0u64..60),
    )
        .prop_map(|(col, receipt, disposal, before)| {
            let base = d("2018-01-01");
            let receipt = receipt.map(|n| base + Days::new(n));
            let decided_on = disposal.map(|(n, _)| {
                let r = receipt.unwrap_or(base);
                // Rarely a (corrupt) disposal before the receipt date.
                match before {
                    Some(b) => r - Days::new(b),
                    None => r + Days::new(n),
                }
            });
            CaseSummary {
                applicant_type: ApplicantType::from_column_index(col).unwrap(),
                receipt_date: receipt,
                outcome: disposal.map(|(_, o)| Outcome::ALL[o]),
                decided_on,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn table3_identities_hold_by_construction(
        cases in prop::collection::vec(arb_case(), 0..60),
        year in 2019i32..2027,
    ) {
        for format in ReportFormat::ALL {
            let t = table3(&cases, year, format);
            let rows = format.table3_rows();
            prop_assert_eq!(t.rows().len(), rows.len());
            let results: Vec<&str> = rows
                .iter()
                .filter(|r| r.kind == Table3RowKind::Result)
                .map(|r| r.key)
                .collect();
            for c in 0..7 {
                // AR-05: 一 + 二 = （七） + 四.
                prop_assert_eq!(
                    t.get("new_received", c) + t.get("carried_over", c),
                    t.get("r_total", c) + t.get("carry_next", c)
                );
                // AR-06: （七） = the sum of the result rows.
                let sum: u64 = results.iter().map(|k| t.get(k, c)).sum();
                prop_assert_eq!(t.get("r_total", c), sum);
            }
            // AR-07: 总计 = the sum of the six applicant columns, every row.
            for r in t.rows() {
                prop_assert_eq!(r.cells[6], r.cells[..6].iter().sum::<u64>());
            }
            // X-1 / AR-09: 上年结转 = last year's 结转下年度.
            let last = table3(&cases, year - 1, format);
            prop_assert_eq!(t.row("carried_over"), last.row("carry_next"));
            // 一 counts exactly the applications received in the year.
            let received = cases
                .iter()
                .filter(|c| c.receipt_date.is_some_and(|r| chrono::Datelike::year(&r) == year))
                .count() as u64;
            prop_assert_eq!(t.get("new_received", 6), received);
        }
    }

    #[test]
    fn table4_totals_hold(
        appeals in prop::collection::vec(
            (0usize..3, 0usize..4, 0u64..2000, prop::option::of(0u64..700)),
            0..40,
        ),
        year in 2019i32..2025,
    ) {
        let appeals: Vec<AppealSummary> = appeals
            .into_iter()
            .map(|(k, r, f, dd)| {
                let filed = d("2019-01-01") + Days::new(f);
                AppealSummary {
                    kind: AppealKind::ALL[k],
                    result: AppealResult::ALL[r],
                    filed_on: filed,
                    decided_on: dd.map(|n| filed + Days::new(n)),
                }
            })
            .collect();
        let t = table4(&appeals, year);
        for g in 0..3 {
            // AR-08.
            prop_assert_eq!(t[g * 5 + 4], t[g * 5..g * 5 + 4].iter().sum::<u64>());
        }
        let filed = appeals
            .iter()
            .filter(|a| chrono::Datelike::year(&a.filed_on) == year)
            .count() as u64;
        prop_assert_eq!(t[4] + t[9] + t[14], filed);
    }
}
