//! Worked examples on the 2025 calendar (国办发明电〔2024〕12号: 国庆节、
//! 中秋节 1–8 October off, Sunday 28 September and Saturday 11 October
//! worked), counted by hand.

use chrono::{DateTime, NaiveDate, Utc};

use super::clocks::*;
use super::consultation::*;
use crate::calendar::Calendar;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::vendored_ref()
}

/// A 规范性文件 published on Thursday 25 September: 26/9 (1), Sunday 28/9
/// worked (2), 29/9 (3), 30/9 (4), 1–8/10 off, 9/10 (5), 10/10 (6),
/// Saturday 11/10 worked (7). Closing on 9 October gives 5 working days.
#[test]
fn a_normative_document_is_open_seven_working_days() {
    let kind = DraftKind::NormativeDocument;
    let e = check_period(kind, d("2025-09-25"), d("2025-10-09"), cal(), None).unwrap_err();
    let PeriodError::TooShort {
        counted, earliest, ..
    } = &e
    else {
        panic!("{e:?}");
    };
    assert_eq!((*counted, *earliest), (5, d("2025-10-11")));
    let m = e.to_string();
    for part in [
        "行政规范性文件公开征求意见的期限一般不少于7个工作日",
        "国办发〔2018〕37号",
        "只有5个工作日",
        "截止日期最早为2025-10-11",
        "缩短期限的理由",
    ] {
        assert!(m.contains(part), "{part}: {m}");
    }
    let v = check_period(kind, d("2025-09-25"), d("2025-10-11"), cal(), None).unwrap();
    assert_eq!((v.counted, v.earliest_close), (7, Some(d("2025-10-11"))));
    assert_eq!(v.shortened_because, None);
}

/// 重大行政决策: 30 days from 1 March is 31 March; 30 March is 29 days,
/// allowed only with a reason, which the verdict keeps for the notice.
#[test]
fn a_major_decision_is_open_thirty_days_unless_a_reason_is_given() {
    let kind = DraftKind::MajorDecision;
    let v = check_period(kind, d("2025-03-01"), d("2025-03-31"), cal(), None).unwrap();
    assert_eq!(v.counted, 30);
    let e = check_period(kind, d("2025-03-01"), d("2025-03-30"), cal(), None).unwrap_err();
    assert!(e.to_string().contains("国务院令第713号）第十五条"), "{e}");
    // A reason of a word or two is no reason.
    assert!(
        check_period(
            kind,
            d("2025-03-01"),
            d("2025-03-30"),
            cal(),
            Some(" 紧急 ")
        )
        .is_err()
    );
    let v = check_period(
        kind,
        d("2025-03-01"),
        d("2025-03-30"),
        cal(),
        Some("汛期临近，防汛应急需要"),
    )
    .unwrap();
    assert_eq!(
        v.shortened_because.as_deref(),
        Some("汛期临近，防汛应急需要")
    );
    assert_eq!(v.counted, 29);
    // A reason given for a full period is not a shortening.
    let v = check_period(
        kind,
        d("2025-03-01"),
        d("2025-04-02"),
        cal(),
        Some("无需缩短期限"),
    )
    .unwrap();
    assert_eq!(v.shortened_because, None);
}

#[test]
fn rules_and_market_documents_thirty_days_others_none_backwards_refused() {
    for kind in [DraftKind::Rule, DraftKind::MarketEntityDocument] {
        let m = kind.minimum().unwrap();
        assert_eq!(m.period, Period::Days(30));
    }
    assert_eq!(
        DraftKind::MarketEntityDocument.minimum().unwrap().source,
        "《优化营商环境条例》第六十二条"
    );
    let v = check_period(
        DraftKind::Other,
        d("2025-05-06"),
        d("2025-05-09"),
        cal(),
        None,
    )
    .unwrap();
    assert_eq!((v.minimum, v.counted), (None, 3));
    let e = check_period(
        DraftKind::Rule,
        d("2025-05-06"),
        d("2025-05-06"),
        cal(),
        None,
    );
    assert!(matches!(e, Err(PeriodError::Backwards { .. })));
    assert_eq!(
        DraftKind::from_code("normative_document"),
        Some(DraftKind::NormativeDocument)
    );
}

#[test]
fn a_hearing_is_announced_seven_days_ahead() {
    assert_eq!(hearing_notice_by(d("2025-06-10")), d("2025-06-03"));
}

fn line(raised_by: u32, adoption: Adoption, reason: &str) -> FeedbackLine {
    FeedbackLine {
        opinion: "建议延长过渡期".into(),
        raised_by,
        adoption,
        reason: reason.into(),
    }
}

/// A concentrated opinion (3 comments by default) not adopted, or partly,
/// needs its reason; one raised by two, or adopted, does not.
#[test]
fn concentrated_opinions_not_adopted_need_a_reason() {
    let lines = [
        line(3, Adoption::NotAdopted, ""),
        line(2, Adoption::NotAdopted, ""),
        line(
            5,
            Adoption::PartlyAdopted,
            "过渡期延长至6个月，不延长至1年：上位法另有规定",
        ),
        line(10, Adoption::Adopted, ""),
    ];
    let errors = check_feedback(&lines, CONCENTRATED_DEFAULT);
    assert_eq!(
        errors,
        vec![FeedbackError::ReasonRequired {
            line: 1,
            raised_by: 3,
            adoption: "不予采纳"
        }]
    );
    assert!(errors[0].to_string().contains("第1条意见有3人提出"));
    let empty = FeedbackLine {
        opinion: " ".into(),
        ..line(1, Adoption::Adopted, "")
    };
    assert_eq!(
        check_feedback(&[empty], CONCENTRATED_DEFAULT),
        vec![FeedbackError::EmptyOpinion { line: 1 }]
    );
}

#[test]
fn feedback_is_due_after_closing_and_missing_beside_a_decision() {
    let closes = d("2025-10-11");
    assert_eq!(
        feedback_state(closes, closes, false, false),
        FeedbackState::Open
    );
    assert_eq!(
        feedback_state(closes, d("2025-10-13"), false, false),
        FeedbackState::Due
    );
    assert_eq!(
        feedback_state(closes, d("2025-10-20"), false, true),
        FeedbackState::Missing
    );
    assert_eq!(
        feedback_state(closes, d("2025-10-20"), true, true),
        FeedbackState::Published
    );
}

/// A question of Monday 29 September: 30/9 (1), 1–8/10 off, 9/10 (2),
/// 10/10 (3), Saturday 11/10 worked (4), 13/10 (5). Escalated two months
/// after asking, past the veto line three months after.
#[test]
fn a_question_is_answered_in_five_working_days_and_never_after_three_months() {
    let c = QuestionClock::of(d("2025-09-29"), QuestionRules::default(), cal()).unwrap();
    assert_eq!(c.due, d("2025-10-13"));
    assert_eq!(c.escalate_on, d("2025-11-29"));
    assert_eq!(c.veto_line, d("2025-12-29"));
    assert_eq!(c.mark(d("2025-10-13")), QuestionMark::Running);
    assert_eq!(c.mark(d("2025-10-14")), QuestionMark::Overdue);
    assert_eq!(c.mark(d("2025-11-29")), QuestionMark::Escalated);
    assert_eq!(c.mark(d("2025-12-29")), QuestionMark::Escalated);
    assert_eq!(c.mark(d("2025-12-30")), QuestionMark::Vetoed);
}

#[test]
fn motions_are_replied_in_months_and_published_in_twenty_working_days() {
    let rules = MotionRules::default();
    assert_eq!(
        rules.reply_due(MotionKind::Suggestion, d("2025-03-15")),
        d("2025-06-15")
    );
    // A month's end stays in the month (30 November + 3 months).
    assert_eq!(
        rules.reply_due(MotionKind::Suggestion, d("2025-11-30")),
        d("2026-02-28")
    );
    let five = MotionRules {
        proposal_months: 5,
        ..rules
    };
    assert_eq!(
        five.reply_due(MotionKind::Proposal, d("2025-03-15")),
        d("2025-08-15")
    );
    assert_eq!(
        rules.extend(d("2025-03-15"), d("2025-09-15")),
        Ok(d("2025-09-15"))
    );
    let e = rules.extend(d("2025-03-15"), d("2025-09-16")).unwrap_err();
    assert!(
        e.to_string()
            .contains("最长为交办之日起6个月（至2025-09-15）"),
        "{e}"
    );
    // Answered Friday 19 September: 22–26/9 (1–5), Sunday 28/9 (6),
    // 29–30/9 (7–8), 9–10/10 (9–10), Saturday 11/10 (11), 13–17/10
    // (12–16), 20–23/10 (17–20).
    assert_eq!(
        rules.publish_due(d("2025-09-19"), cal()).unwrap(),
        d("2025-10-23")
    );
}

#[test]
fn a_major_incident_has_five_and_twenty_four_hours_other_concerns_forty_eight() {
    let at: DateTime<Utc> = "2025-07-01T02:00:00Z".parse().unwrap();
    let major = concern_clocks(ConcernClass::MajorIncident, at);
    let by: Vec<(&str, String)> = major.iter().map(|c| (c.what, c.by.to_rfc3339())).collect();
    assert_eq!(
        by,
        vec![
            ("发布权威信息", "2025-07-01T07:00:00+00:00".to_string()),
            ("召开新闻发布会", "2025-07-02T02:00:00+00:00".to_string()),
        ]
    );
    let other = concern_clocks(ConcernClass::Other, at);
    assert_eq!(other[0].by.to_rfc3339(), "2025-07-03T02:00:00+00:00");
    assert_eq!(other[0].source, "国办发〔2016〕61号");
}

/// An agency's threshold of 较为集中的意见: 2 to 100 (1 would make every
/// opinion concentrated, which is the rule for all, not a threshold).
#[test]
fn the_concentrated_threshold_is_checked() {
    assert_eq!(check_concentrated(" 5 "), Ok(5));
    assert_eq!(check_concentrated("100"), Ok(100));
    for bad in ["1", "101", "", "三"] {
        assert!(
            check_concentrated(bad).unwrap_err().contains("2至100"),
            "{bad}"
        );
    }
}
