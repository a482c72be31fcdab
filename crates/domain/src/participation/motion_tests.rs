//! 建议提案: the session's period, extensions, publication and marks,
//! counted by hand on the 2025 calendar (国办发明电〔2024〕12号: 劳动节
//! 1–5 May off, Sunday 27 April worked).

use chrono::NaiveDate;

use super::clocks::{MotionKind, MotionRules, ReplyGrade};
use super::motions::*;
use crate::calendar::Calendar;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_suggestion_has_three_months_a_proposal_three_to_five() {
    let rules = session_rules(MotionKind::Suggestion, 3).unwrap();
    // 10 April + 3 months.
    assert_eq!(
        rules.reply_due(MotionKind::Suggestion, d("2025-04-10")),
        d("2025-07-10")
    );
    let e = session_rules(MotionKind::Suggestion, 5).unwrap_err();
    assert_eq!(e, MotionError::SuggestionMonths);
    assert!(e.to_string().contains("自交办之日起三个月内答复"), "{e}");
    let five = session_rules(MotionKind::Proposal, 5).unwrap();
    // 10 April + 5 months.
    assert_eq!(
        five.reply_due(MotionKind::Proposal, d("2025-04-10")),
        d("2025-09-10")
    );
    for months in [2, 6] {
        assert_eq!(
            session_rules(MotionKind::Proposal, months).unwrap_err(),
            MotionError::ProposalMonths { months }
        );
    }
}

#[test]
fn a_session_names_its_body() {
    let ok = [
        (
            MotionKind::Suggestion,
            "白沙县第十八届人民代表大会第五次会议",
        ),
        (MotionKind::Suggestion, "县十八届人大五次会议"),
        (MotionKind::Proposal, "政协白沙县第十二届委员会第四次会议"),
    ];
    for (kind, name) in ok {
        assert_eq!(check_session_name(kind, name), Ok(()), "{name}");
    }
    let e = check_session_name(MotionKind::Proposal, "白沙县第十八届人民代表大会第五次会议")
        .unwrap_err();
    assert!(
        e.to_string().contains("政协委员提案的届次应包含“政协”"),
        "{e}"
    );
    assert!(check_session_name(MotionKind::Suggestion, "人大会议").is_err());
}

/// Assigned 10 April: due 10 July; six months end on 10 October.
#[test]
fn an_extension_needs_the_consent_and_ends_six_months_after_assignment_at_most() {
    let rules = MotionRules::default();
    let (assigned, due) = (d("2025-04-10"), d("2025-07-10"));
    let consent = "县人大常委会选联工委2025年7月1日复函同意";
    assert_eq!(
        check_extension(&rules, assigned, due, d("2025-10-10"), consent),
        Ok(d("2025-10-10"))
    );
    let e = check_extension(&rules, assigned, due, d("2025-10-11"), consent).unwrap_err();
    assert_eq!(
        e.to_string(),
        "办理期限最长为交办之日起6个月（至2025-10-10），所选日期2025-10-11超过了这一期限，请重新选择。"
    );
    assert_eq!(
        check_extension(&rules, assigned, due, d("2025-07-10"), consent),
        Err(MotionError::NotLater {
            asked: d("2025-07-10"),
            due
        })
    );
    assert_eq!(
        check_extension(&rules, assigned, due, d("2025-09-10"), " 同意 "),
        Err(MotionError::ConsentMissing)
    );
    // 31 August + 6 months stays in February.
    let e = check_extension(
        &rules,
        d("2025-08-31"),
        d("2025-11-30"),
        d("2026-03-01"),
        consent,
    )
    .unwrap_err();
    assert!(e.to_string().contains("（至2026-02-28）"), "{e}");
}

/// Answered Monday 21 April 2025: 22–25/4 (1–4), Sunday 27/4 worked (5),
/// 28–30/4 (6–8), 1–5/5 off, 6–9/5 (9–12), 12–16/5 (13–17), 19–21/5
/// (18–20): published by 21 May; unpublished, overdue on Thursday 22 May,
/// the 21st working day.
#[test]
fn an_unpublished_reply_turns_overdue_on_the_twenty_first_working_day() {
    let rules = MotionRules::default();
    let by = rules
        .publish_due(d("2025-04-21"), Calendar::vendored_ref())
        .unwrap();
    assert_eq!(by, d("2025-05-21"));
    let dates = MotionDates {
        due: d("2025-07-10"),
        answered_on: Some(d("2025-04-21")),
        publish_due: Some(by),
        published_on: None,
    };
    let on = |day| MotionMark::of(&dates, d(day));
    assert_eq!(on("2025-05-21"), MotionMark::AwaitingPublication { by });
    assert!(!on("2025-05-21").flagged());
    assert_eq!(on("2025-05-22"), MotionMark::PublicationOverdue);
    assert!(on("2025-05-22").flagged());
    let published = |day| MotionDates {
        published_on: Some(d(day)),
        ..dates
    };
    assert_eq!(
        MotionMark::of(&published("2025-05-21"), d("2025-06-01")),
        MotionMark::Published { on_time: true }
    );
    assert_eq!(
        MotionMark::of(&published("2025-05-22"), d("2025-06-01")).label(),
        "已公开（逾期公开）"
    );
}

#[test]
fn an_unanswered_motion_is_overdue_the_day_after_its_due_day() {
    let dates = MotionDates {
        due: d("2025-07-10"),
        answered_on: None,
        publish_due: None,
        published_on: None,
    };
    assert_eq!(
        MotionMark::of(&dates, d("2025-07-01")),
        MotionMark::Handling { days_left: 9 }
    );
    assert_eq!(
        MotionMark::of(&dates, d("2025-07-10")).label(),
        "办理中，今日到期"
    );
    assert_eq!(
        MotionMark::of(&dates, d("2025-07-11")),
        MotionMark::ReplyOverdue
    );
}

#[test]
fn a_summary_is_published_only_with_its_reason() {
    assert_eq!(check_publication(PublishMode::Full, "", ""), Ok(()));
    let e =
        check_publication(PublishMode::Summary, "答复摘要：已列入明年计划实施。", "").unwrap_err();
    assert_eq!(e, MotionError::SummaryReasonMissing);
    assert!(e.to_string().contains("涉及个人隐私"), "{e}");
    assert_eq!(
        check_publication(PublishMode::Summary, "已列入计划", "涉及个人隐私"),
        Err(MotionError::SummaryMissing)
    );
    assert_eq!(
        check_publication(
            PublishMode::Summary,
            "答复摘要：已列入明年计划实施。",
            "涉及个人隐私"
        ),
        Ok(())
    );
}

#[test]
fn dates_of_the_reply_and_the_satisfaction_follow_each_other() {
    assert!(check_answered_on(d("2025-04-10"), d("2025-04-10")).is_ok());
    let e = check_answered_on(d("2025-04-10"), d("2025-04-09")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "答复日期（2025-04-09）不能早于交办日期（2025-04-10）。"
    );
    assert!(check_satisfaction_on(d("2025-05-01"), d("2025-05-01")).is_ok());
    assert!(check_satisfaction_on(d("2025-05-01"), d("2025-04-30")).is_err());
}

#[test]
fn codes_read_back() {
    for k in MotionKind::ALL {
        assert_eq!(MotionKind::from_code(k.code()), Some(k));
    }
    for g in ReplyGrade::ALL {
        assert_eq!(ReplyGrade::from_code(g.code()), Some(g));
    }
    assert_eq!(ReplyGrade::from_code("b"), Some(ReplyGrade::B));
    for s in Satisfaction::ALL {
        assert_eq!(Satisfaction::from_code(s.code()), Some(s));
    }
    assert_eq!(
        PublishMode::from_code("summary"),
        Some(PublishMode::Summary)
    );
    assert_eq!(MotionKind::Proposal.group(), "界别");
}
