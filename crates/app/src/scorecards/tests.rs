//! The checks of what a supervisor types, worked by hand from the
//! templates (`data/scorecards/*.csv`).

use chrono::NaiveDate;
use gongkai_domain::report::ReportStatus;
use gongkai_domain::scorecard::{ManualValue, Points, ScorecardKind};

use super::hand::{HandInput, evidence_of, value_of};
use super::{kind_of, period_label, report_on_time};

#[test]
fn a_period_is_one_short_line() {
    assert_eq!(period_label(" 2026年第四季度 ").unwrap(), "2026年第四季度");
    let e = period_label("  ").unwrap_err().to_string();
    assert!(e.contains("请填写考核期间"), "{e}");
    let e = period_label(&"季".repeat(31)).unwrap_err().to_string();
    assert!(e.contains("不能超过30个字"), "{e}");
    assert!(period_label(&"季".repeat(30)).is_ok());
    assert!(period_label("2026年\n第四季度").is_err());
}

#[test]
fn a_template_is_named_by_its_code() {
    assert_eq!(
        kind_of("website_inspection").unwrap(),
        ScorecardKind::WebsiteInspection
    );
    let e = kind_of("").unwrap_err().to_string();
    assert!(e.contains("政府网站检查或政务公开工作考核"), "{e}");
}

#[test]
fn the_report_counts_when_its_date_has_passed() {
    let on = NaiveDate::from_ymd_opt(2026, 1, 20).unwrap();
    assert_eq!(
        report_on_time(&ReportStatus::PublishedOnTime { on }),
        Some(true)
    );
    let late = ReportStatus::PublishedLate { on, days_late: 3 };
    assert_eq!(report_on_time(&late), Some(false));
    assert_eq!(
        report_on_time(&ReportStatus::Missing { due: on }),
        Some(false)
    );
    assert_eq!(report_on_time(&ReportStatus::Draft), None);
}

#[test]
fn values_are_read_as_the_leaf_expects_them() {
    let web = ScorecardKind::WebsiteInspection;
    // 1.1 is a veto leaf; 2.1.7 a deduction leaf.
    assert_eq!(
        value_of(web, "1.1", "是").unwrap(),
        ManualValue::Vetoed(true)
    );
    assert_eq!(
        value_of(web, "1.1", "否").unwrap(),
        ManualValue::Vetoed(false)
    );
    assert!(value_of(web, "1.1", "2").is_err());
    assert_eq!(
        value_of(web, "2.1.7", "2.5").unwrap(),
        ManualValue::Points(Points(25))
    );
    let e = value_of(web, "2.1.7", "2.25").unwrap_err().to_string();
    assert!(e.contains("最多一位小数"), "{e}");
    let e = value_of(web, "2.1.7", "").unwrap_err().to_string();
    assert!(e.contains("请填写指标2.1.7的分值"), "{e}");
}

#[test]
fn evidence_addresses_are_web_pages() {
    let mut input = HandInput {
        url: "https://www.baisha.gov.cn/zwgk/".into(),
        note: " 负责人信息未更新 ".into(),
        ..HandInput::default()
    };
    let e = evidence_of(&input).unwrap();
    assert_eq!(e.note, "负责人信息未更新");
    assert_eq!(e.file_name, None);
    input.url = "javascript:alert(1)".into();
    let e = evidence_of(&input).unwrap_err().to_string();
    assert!(e.contains("http://"), "{e}");
}
