//! The queue's words and who answers, read by hand.

use chrono::NaiveDate;
use gongkai_domain::access::Relation;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::participation::clocks::{QuestionClock, QuestionRules};
use gongkai_domain::policy::Principal;
use gongkai_domain::staff::Role;

use super::{Access, Standing, access_at};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Asked on Monday 29 September 2025, due 13 October (30/9 (1), 1–8/10
/// off, 9/10 (2), 10/10 (3), Saturday 11/10 worked (4), 13/10 (5)).
#[test]
fn an_open_question_says_its_working_days_left_or_overdue() {
    let cal = Calendar::vendored_ref();
    let c = QuestionClock::of(d("2025-09-29"), QuestionRules::default(), cal).unwrap();
    let on = |day| Standing::of(&c, d(day), cal);
    // From 30 September: 9/10, 10/10, 11/10, 13/10 are left.
    assert_eq!(on("2025-09-30").label(), "剩余4个工作日");
    assert_eq!(on("2025-10-13").label(), "今日到期");
    assert_eq!(on("2025-10-13").code(), "due_soon");
    // 14 October, the 6th working day: one working day overdue.
    assert_eq!(on("2025-10-14").label(), "逾期1个工作日");
    assert_eq!(on("2025-10-14").code(), "overdue");
    // Two months after asking the supervising office is told; the
    // weekend of 18–19 October is not counted.
    assert_eq!(on("2025-10-20").label(), "逾期5个工作日");
    assert!(on("2025-11-29").label().ends_with("已提请督办"));
    assert!(on("2025-12-30").label().starts_with("超过3个月未答复"));
}

#[test]
fn the_own_clerks_editors_reviewers_answer_supervisors_above_read() {
    let p = |roles: &'static [Role]| Principal { agency: 1, roles };
    for roles in [&[Role::Clerk][..], &[Role::Editor], &[Role::Reviewer]] {
        assert_eq!(
            access_at(&p(roles), Relation::OwnAgency).unwrap(),
            Access::Answer
        );
    }
    assert_eq!(
        access_at(&p(&[Role::Supervisor]), Relation::Subtree).unwrap(),
        Access::Read
    );
    let e = access_at(&p(&[Role::Administrator]), Relation::OwnAgency).unwrap_err();
    assert_eq!(
        e.to_string(),
        "政民互动留言由本机关的承办人、信息员或审核人答复。"
    );
    assert!(access_at(&p(&[Role::Clerk]), Relation::Subtree).is_err());
}
