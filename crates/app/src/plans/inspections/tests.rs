//! The period label, as the form is refused or stored.

use super::*;

fn invalid(r: Result<String, Error>) -> String {
    match r {
        Err(Error::Invalid(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_quarter_is_stored_with_its_year() {
    assert_eq!(period_label("第四季度", 2026).unwrap(), "2026年第四季度");
    assert_eq!(
        period_label(" 2026年第一季度 ", 2026).unwrap(),
        "2026年第一季度"
    );
    assert_eq!(period_label("专项督查", 2026).unwrap(), "专项督查");
}

#[test]
fn a_wrong_quarter_or_year_is_refused_in_chinese() {
    assert!(invalid(period_label("第五季度", 2026)).contains("第一季度"));
    assert!(invalid(period_label("2025年第四季度", 2026)).contains("2025年"));
    assert!(invalid(period_label("", 2026)).contains("请填写督查期间"));
    assert!(invalid(period_label(&"督".repeat(41), 2026)).contains("40个字"));
}
