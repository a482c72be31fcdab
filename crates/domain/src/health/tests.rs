//! Worked examples: the thresholds of 国办秘函〔2019〕19号 and the dates of
//! Art. 49/50, counted by hand.

use chrono::NaiveDate;

use super::rules::{AgencyFigures, PolicyFigures};
use super::*;
use crate::agency::{AgencyKind, DisclosureOffice};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn column(name: &str, kind: ColumnKind, last: Option<NaiveDate>) -> ColumnFigures {
    ColumnFigures {
        name: name.into(),
        kind,
        published: u32::from(last.is_some()),
        last_published: last,
        undated: 0,
        explained: false,
        fix_at: None,
    }
}

fn of(findings: &[Finding], rule: Rule, severity: Severity) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.rule == rule && f.severity == severity)
        .map(|f| f.subject.clone())
        .collect()
}

#[test]
fn five_empty_columns_fail_the_site_and_two_are_warned_of() {
    let today = d(2026, 3, 16);
    let empty = |n: usize| -> Vec<ColumnFigures> {
        (0..n)
            .map(|i| column(&format!("栏目{i}"), ColumnKind::Static, None))
            .collect()
    };
    let mut five = empty(5);
    let mut explained = column("应急预案", ColumnKind::Static, None);
    explained.explained = true;
    five.push(explained);
    let (f, v) = column_findings(&five, today);
    assert_eq!(v.empty, 5, "the explained column is not counted");
    assert_eq!(of(&f, Rule::EmptyColumn, Severity::Veto), ["全部栏目"]);
    assert_eq!(of(&f, Rule::EmptyColumn, Severity::Problem).len(), 5);
    assert!(!of(&f, Rule::EmptyColumn, Severity::Problem).contains(&"应急预案".to_string()));
    let (f, _) = column_findings(&empty(4), today);
    assert!(of(&f, Rule::EmptyColumn, Severity::Veto).is_empty());
    assert_eq!(of(&f, Rule::EmptyColumn, Severity::Warning), ["全部栏目"]);
    let (f, _) = column_findings(&empty(1), today);
    assert!(of(&f, Rule::EmptyColumn, Severity::Warning).is_empty());
    assert_eq!(Tally::of(&column_findings(&empty(5), today).0).vetoes, 1);
    assert!(Tally::of(&column_findings(&empty(5), today).0).fails());
}

#[test]
fn each_kind_of_column_is_stale_after_its_own_time() {
    // News: last update Sun 2026-03-01; two weeks are 14 days.
    let news = |today| {
        column_findings(
            &[column("工作动态", ColumnKind::News, Some(d(2026, 3, 1)))],
            today,
        )
        .0
    };
    assert_eq!(
        of(
            &news(d(2026, 3, 16)),
            Rule::StaleFrequentColumn,
            Severity::Problem
        ),
        ["工作动态"]
    );
    assert!(
        of(
            &news(d(2026, 3, 15)),
            Rule::StaleFrequentColumn,
            Severity::Problem
        )
        .is_empty()
    );
    assert_eq!(
        of(
            &news(d(2026, 3, 15)),
            Rule::StaleFrequentColumn,
            Severity::Warning
        ),
        ["工作动态"]
    );
    assert_eq!(
        of(
            &news(d(2026, 3, 11)),
            Rule::StaleFrequentColumn,
            Severity::Warning
        ),
        ["工作动态"]
    );
    assert!(news(d(2026, 3, 10)).is_empty());
    // Notices: 6 months before 2026-03-16 is 2025-09-16.
    let notices = |last| {
        column_findings(
            &[column("政策文件", ColumnKind::Notices, Some(last))],
            d(2026, 3, 16),
        )
        .0
    };
    assert_eq!(
        of(
            &notices(d(2025, 9, 15)),
            Rule::StaleFrequentColumn,
            Severity::Problem
        ),
        ["政策文件"]
    );
    assert!(notices(d(2025, 9, 16)).is_empty());
    // Every 90 days: 2025-12-16 → 2026-03-16 is 90 days.
    let stats = |last| {
        column_findings(
            &[column(
                "统计信息",
                ColumnKind::Periodic { days: 90 },
                Some(last),
            )],
            d(2026, 3, 16),
        )
        .0
    };
    assert!(stats(d(2025, 12, 16)).is_empty());
    assert_eq!(
        of(
            &stats(d(2025, 12, 15)),
            Rule::StaleColumn,
            Severity::Problem
        ),
        ["统计信息"]
    );
    // Static columns are never stale.
    let org = column_findings(
        &[column("机构职能", ColumnKind::Static, Some(d(2019, 1, 1)))],
        d(2026, 3, 16),
    )
    .0;
    assert!(org.is_empty());
}

/// A sub-column whose 标准目录 row says 每季度更新: on 16 March 2026 the
/// quarter reaches back to 16 December 2025.
#[test]
fn a_quarterly_row_is_its_own_column_stale_after_three_months() {
    use crate::catalogue::standard::DisclosureLimit as L;
    let kind = row_kind(&L::Periodic { months: 3 }).unwrap();
    assert_eq!(kind, ColumnKind::EveryMonths { months: 3 });
    let name = "法定主动公开内容（六）/行政处罚决定·行政处罚结果季度公示";
    let check = |last| column_findings(&[column(name, kind, Some(last))], d(2026, 3, 16));
    let (f, v) = check(d(2025, 12, 16));
    assert!(f.is_empty(), "{f:?}");
    assert_eq!(v, ColumnVerdicts::default());
    let (f, v) = check(d(2025, 12, 15));
    assert_eq!(of(&f, Rule::StaleColumn, Severity::Problem), [name]);
    assert_eq!(
        f[0].detail,
        "最近一次更新为2025-12-15，已超过3个月未更新（标准目录规定的公开时限：每季度更新）"
    );
    // Not a news or notice column: counted among the ten, not the five.
    assert_eq!((v.stale, v.frequent_stale), (1, 0));
    // Empty, it is an empty column like any other.
    let (f, v) = column_findings(&[column(name, kind, None)], d(2026, 3, 16));
    assert_eq!(of(&f, Rule::EmptyColumn, Severity::Problem), [name]);
    assert_eq!(v.empty, 1);
    // A time after each piece of information is no periodic rule: such a
    // row is judged with its Article 20 item's column.
    assert_eq!(row_kind(&L::WorkingDaysAfterChange { days: 20 }), None);
    assert_eq!(row_kind(&L::SameDay), None);
}

/// A row of 每年3月31日前 (a yearly plan): by 31 March something must
/// have been published in the year before it.
#[test]
fn a_yearly_row_needs_an_update_in_the_year_before_its_day() {
    use crate::catalogue::standard::DisclosureLimit as L;
    let kind = row_kind(&L::FixedDate { month: 3, day: 31 }).unwrap();
    assert_eq!(kind, ColumnKind::YearlyBy { month: 3, day: 31 });
    let stale = |last, today| {
        of(
            &column_findings(&[column("年度计划", kind, Some(last))], today).0,
            Rule::StaleColumn,
            Severity::Problem,
        )
        .len()
    };
    // On 16 March 2026 the last day passed is 31 March 2025: the year
    // before it began after 31 March 2024.
    assert_eq!(stale(d(2024, 4, 1), d(2026, 3, 16)), 0);
    assert_eq!(stale(d(2024, 3, 31), d(2026, 3, 16)), 1);
    // On 31 March 2026 this year's day has come: 2024-04-01 is too old,
    // 2025-04-01 is within the year.
    assert_eq!(stale(d(2024, 4, 1), d(2026, 3, 31)), 1);
    assert_eq!(stale(d(2025, 4, 1), d(2026, 3, 31)), 0);
    let f = column_findings(
        &[column("年度计划", kind, Some(d(2024, 4, 1)))],
        d(2026, 3, 31),
    )
    .0;
    assert_eq!(
        f[0].detail,
        "最近一次更新为2024-04-01，2026-03-31前一年内未更新（标准目录规定的公开时限：每年3月31日前）"
    );
}

/// Nine columns of 180 days and one quarterly sub-column, all stale: ten,
/// the veto of 国办秘函〔2019〕19号.
#[test]
fn stale_sub_columns_count_toward_the_ten() {
    let today = d(2026, 3, 16);
    let old = Some(d(2025, 1, 1));
    let mut ten: Vec<ColumnFigures> = (0..9)
        .map(|i| column(&format!("栏目{i}"), ColumnKind::Periodic { days: 180 }, old))
        .collect();
    ten.push(column("子栏目", ColumnKind::EveryMonths { months: 3 }, old));
    let (f, v) = column_findings(&ten, today);
    assert_eq!((v.stale, v.frequent_stale), (10, 0));
    assert_eq!(of(&f, Rule::StaleColumn, Severity::Veto), ["全部栏目"]);
}

#[test]
fn five_stale_notice_columns_or_ten_stale_columns_fail_the_site() {
    let today = d(2026, 3, 16);
    let old = Some(d(2025, 1, 1));
    let notices: Vec<ColumnFigures> = (0..5)
        .map(|i| column(&format!("通知{i}"), ColumnKind::Notices, old))
        .collect();
    let (f, v) = column_findings(&notices, today);
    assert_eq!((v.frequent_stale, v.stale), (5, 5));
    assert_eq!(
        of(&f, Rule::StaleFrequentColumn, Severity::Veto),
        ["全部栏目"]
    );
    let four = &notices[..4];
    assert!(
        of(
            &column_findings(four, today).0,
            Rule::StaleFrequentColumn,
            Severity::Veto
        )
        .is_empty()
    );
    let mut ten: Vec<ColumnFigures> = (0..9)
        .map(|i| column(&format!("栏目{i}"), ColumnKind::Periodic { days: 180 }, old))
        .collect();
    assert!(
        of(
            &column_findings(&ten, today).0,
            Rule::StaleColumn,
            Severity::Veto
        )
        .is_empty()
    );
    ten.push(column("政策文件", ColumnKind::Notices, old));
    assert_eq!(
        of(
            &column_findings(&ten, today).0,
            Rule::StaleColumn,
            Severity::Veto
        ),
        ["全部栏目"]
    );
    // Undated items make their column's finding.
    let mut undated = column(
        "规划计划",
        ColumnKind::Periodic { days: 365 },
        Some(d(2026, 3, 1)),
    );
    undated.undated = 2;
    let f = column_findings(&[undated], today).0;
    assert_eq!(f[0].rule, Rule::UndatedItem);
    assert_eq!(f[0].detail, "2条信息未注明发布日期，视为未更新。");
}

fn agency(kind: AgencyKind) -> AgencyFigures {
    AgencyFigures {
        code: "119901219482199390".into(),
        kind,
        office: DisclosureOffice {
            phone: "0898-1234567".into(),
            email: "gk@example.gov.cn".into(),
            ..DisclosureOffice::default()
        },
        last_report_published: None,
        late_items: 0,
        policies: vec![],
        links: vec![],
        overdue_requests: 0,
        late_replies_last_year: 0,
    }
}

#[test]
fn last_years_late_replies_are_a_problem_with_the_register_to_see_them() {
    let mut a = agency(AgencyKind::Department);
    assert!(
        !agency_findings(&a, d(2026, 3, 2))
            .iter()
            .any(|f| f.rule == Rule::LateReplies)
    );
    a.late_replies_last_year = 3;
    let f = agency_findings(&a, d(2026, 3, 2));
    let late = f.iter().find(|f| f.rule == Rule::LateReplies).unwrap();
    assert_eq!(late.severity, Severity::Problem);
    assert_eq!(
        late.detail,
        "2025年收到的申请中有3件在答复期限届满后才答复。"
    );
    assert_eq!(
        late.fix_at.as_deref(),
        Some("/workbench/cases?year=2025&late=yes")
    );
    assert!(Rule::LateReplies.basis().contains("第三十三条"));
}

#[test]
fn the_guide_the_rules_and_last_years_report_are_checked() {
    let a = agency(AgencyKind::Department);
    let f = agency_findings(&a, d(2026, 2, 1));
    let guide = f.iter().find(|f| f.rule == Rule::GuideIncomplete).unwrap();
    assert_eq!(
        guide.detail,
        "缺少：机构名称、办公地址、办公时间、传真号码。"
    );
    // A department's 2025 report is due by 2026-01-31 (Art. 49).
    let report = f
        .iter()
        .find(|f| f.rule == Rule::AnnualReportMissing)
        .unwrap();
    assert_eq!(report.subject, "2025年度报告");
    assert_eq!(report.detail, "应于2026-01-31前公开，至今未公开。");
    assert!(
        !agency_findings(&a, d(2026, 1, 31))
            .iter()
            .any(|f| f.rule == Rule::AnnualReportMissing)
    );
    // A government's by 2026-03-31 (Art. 50).
    let gov = agency(AgencyKind::Government);
    assert!(
        !agency_findings(&gov, d(2026, 2, 1))
            .iter()
            .any(|f| f.rule == Rule::AnnualReportMissing)
    );
    assert!(
        agency_findings(&gov, d(2026, 4, 1))
            .iter()
            .any(|f| f.rule == Rule::AnnualReportMissing)
    );
    // Published late: a warning with both dates.
    let mut late = agency(AgencyKind::Department);
    late.last_report_published = Some(d(2026, 2, 3));
    let f = agency_findings(&late, d(2026, 3, 1));
    let report = f
        .iter()
        .find(|f| f.rule == Rule::AnnualReportMissing)
        .unwrap();
    assert_eq!(
        (report.severity, report.detail.as_str()),
        (
            Severity::Warning,
            "应于2026-01-31前公开，2026-02-03才公开。"
        )
    );
}

#[test]
fn a_policy_needs_its_interpretation_within_three_working_days() {
    let mut a = agency(AgencyKind::Department);
    let policy = |title: &str, after| PolicyFigures {
        title: title.into(),
        fix_at: "/items/1/manage".into(),
        interpretation_after: after,
    };
    a.policies = vec![
        policy("甲", None),
        policy("乙", Some(4)),
        policy("丙", Some(3)),
    ];
    let f = agency_findings(&a, d(2026, 1, 10));
    assert_eq!(
        of(&f, Rule::InterpretationMissing, Severity::Problem),
        ["甲"]
    );
    assert_eq!(of(&f, Rule::InterpretationLate, Severity::Problem), ["乙"]);
    assert_eq!(
        Rule::from_code("interpretation_late"),
        Some(Rule::InterpretationLate)
    );
    for r in Rule::ALL {
        assert_eq!(Rule::from_code(r.code()), Some(r));
        assert!(!r.basis().is_empty() && !r.label().is_empty());
    }
}
