//! Validate on append, fold on read: a stored history stays readable after a
//! calendar override or a stricter rule; the audit reports what today's rules
//! would refuse. Dates by hand (see the parent module): received Monday
//! 2025-03-03, reply due 2025-03-31; with 2025-03-05 made a day off it is
//! 2025-04-01 (one working day later).

use chrono::{DateTime, Utc};

use super::*;
use crate::calendar::DayOverride;

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

/// 2025-03-05 off, entered at `entered` (seconds).
fn mar5_off(entered: Option<i64>) -> Calendar {
    cal().with_override(DayOverride {
        date: d("2025-03-05"),
        working: false,
        name: "临时停止办公".into(),
        notice: "测试通知".into(),
        entered_at: entered.map(at),
    })
}

/// Recorded at 1_740_000_001.. (see `rec`); closed by the 4th record.
fn closed_case() -> Vec<CaseEventRecord> {
    history(vec![
        in_person("2025-03-03"),
        decide("2025-03-10", Outcome::Disclosed),
        deliver("2025-03-10"),
        close("2025-03-11"),
    ])
}

#[test]
fn as_known_at_leaves_out_overrides_entered_later() {
    let c = mar5_off(Some(1_800_000_000));
    assert!(!c.is_working(d("2025-03-05")));
    assert!(c.as_known_at(at(1_799_999_999)).is_working(d("2025-03-05")));
    assert!(!c.as_known_at(at(1_800_000_000)).is_working(d("2025-03-05")));
    // Known since always.
    let always = mar5_off(None);
    assert!(!always.as_known_at(at(0)).is_working(d("2025-03-05")));
}

#[test]
fn a_closed_case_keeps_its_due_dates_after_a_later_override() {
    let h = closed_case();
    let before = fold(&h, &cal(), d("2026-01-05"));
    assert_eq!(before.reply_due, Some(d("2025-03-31")));
    // Entered long after the case was closed (2027): not applied.
    let after = fold(&h, &mar5_off(Some(1_800_000_000)), d("2026-01-05"));
    assert_eq!(after.reply_due, Some(d("2025-03-31")));
    assert_eq!(after.on_time, Some(true));
    assert_eq!(after.state, CaseState::Closed);
    assert!(after.anomalies.is_empty());
    // Entered before the case was closed: it was part of the calendar then.
    let known = fold(&h, &mar5_off(Some(1_740_000_000)), d("2026-01-05"));
    assert_eq!(known.reply_due, Some(d("2025-04-01")));
}

#[test]
fn an_open_case_counts_with_todays_calendar() {
    let h = received();
    let v = fold(&h, &mar5_off(Some(1_800_000_000)), d("2025-03-04"));
    assert_eq!(v.reply_due, Some(d("2025-04-01")));
    assert_eq!(v.state, CaseState::InProgress);
}

#[test]
fn the_fold_of_a_valid_history_is_the_validated_view() {
    let cases = [
        closed_case(),
        received(),
        with(&received(), correction("2025-03-05", "2025-03-20")),
        with(
            &with(&received(), consult(1, "2025-03-05")),
            consult_end(1, "2025-03-12"),
        ),
        with(&received(), ext_request("2025-03-20", 10)),
    ];
    for h in cases {
        for today in ["2025-03-04", "2025-04-20"] {
            assert_eq!(
                fold(&h, &cal(), d(today)),
                view(&h, &cal(), d(today)).unwrap()
            );
        }
        assert_eq!(audit_history(&h, &cal()), Vec::new());
    }
}

#[test]
fn a_history_todays_rules_refuse_is_still_folded_and_reported() {
    // A second correction notice (Art. 30: one notice only), stored past the
    // append check, as if the rule had become stricter after it was recorded.
    let mut h = with(&received(), correction("2025-03-05", "2025-03-20"));
    h.push(rec(3, correction("2025-03-06", "2025-03-21")));
    assert!(matches!(
        view(&h, &cal(), d("2025-03-07")),
        Err(CaseError::SecondCorrection { .. })
    ));
    let v = fold(&h, &cal(), d("2025-03-07"));
    assert_eq!(v.state, CaseState::AwaitingCorrection);
    let findings = audit_history(&h, &cal());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].seq, 3);
    assert_eq!(findings[0].action, "告知补正");
    assert_eq!(findings[0].rule, "SecondCorrection");
    assert!(
        findings[0]
            .message
            .starts_with("已于2025-03-05告知补正，不能再次告知"),
        "{}",
        findings[0].message
    );
}

#[test]
fn what_the_fold_cannot_place_is_an_anomaly_not_an_error() {
    // A payment without any fee notice.
    let mut h = received();
    h.push(rec(
        2,
        CaseAction::FeePaid {
            date: d("2025-03-05"),
        },
    ));
    h.push(rec(3, decide("2025-03-06", Outcome::Disclosed)));
    let v = fold(&h, &cal(), d("2025-03-07"));
    assert_eq!(v.state, CaseState::Decided);
    assert_eq!(v.reply_due, Some(d("2025-03-31")));
    assert_eq!(v.fee, None);
    assert_eq!(v.anomalies.len(), 2, "{:?}", v.anomalies);
    assert_eq!(v.anomalies[0].seq, 2);
    assert_eq!(
        v.anomalies[0].message,
        "第2条记录“缴纳费用”无法归入案件：没有收费通知的记录"
    );
    // The deadline engine refuses it too (no fee notice): left out.
    assert_eq!(v.anomalies[1].seq, 2);
    assert!(
        v.anomalies[1]
            .message
            .starts_with("第2条记录无法计入期限：")
    );
    let findings = audit_history(&h, &cal());
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.seq, f.rule.as_str()))
            .collect::<Vec<_>>(),
        vec![(2, "NoFeeNotice")]
    );
}

#[test]
fn a_history_the_deadline_engine_refuses_folds_without_its_dates() {
    // Events out of order (a correction dated before the receipt).
    let mut h = received();
    h.push(rec(2, correction("2025-02-20", "2025-03-20")));
    let v = fold(&h, &cal(), d("2025-03-04"));
    assert_eq!(v.receipt_date, Some(d("2025-03-03")));
    assert!(v.anomalies.iter().any(|a| a.seq == 2));
    let findings = audit_history(&h, &cal());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "DateBackwards");
}
