//! The phases a list shows and the feedback form read, by hand.

use chrono::NaiveDate;
use gongkai_domain::participation::consultation::Adoption;
use gongkai_store::ConsultationState;

use super::feedback::{FeedbackRow, lines_of};
use super::{Phase, access_at};
use gongkai_domain::access::Relation;
use gongkai_domain::participation::consultation::CONCENTRATED_DEFAULT;
use gongkai_domain::policy::Principal;
use gongkai_domain::staff::Role;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_consultation_is_open_until_its_closing_day_then_flagged_until_its_feedback() {
    let period = (d("2025-09-25"), d("2025-10-11"));
    let published = ConsultationState::Published;
    let on = |day| Phase::of(published, period, false, d(day));
    assert_eq!(on("2025-09-24"), Phase::Scheduled);
    assert_eq!(on("2025-09-25"), Phase::Open { days_left: 16 });
    assert_eq!(on("2025-10-11").label(), "征求意见中，今日截止");
    assert_eq!(on("2025-10-12"), Phase::FeedbackDue);
    assert!(on("2025-10-12").flagged());
    let decided = Phase::of(published, period, true, d("2025-10-20"));
    assert_eq!(decided, Phase::FeedbackMissing);
    assert!(decided.flagged());
    let done = Phase::of(ConsultationState::Closed, period, true, d("2025-10-20"));
    assert_eq!((done, done.flagged()), (Phase::FeedbackPublished, false));
    let draft = Phase::of(ConsultationState::Draft, period, false, d("2025-10-20"));
    assert_eq!(draft.label(), "草稿（未发布）");
}

fn row(opinion: &str, raised_by: &str, adoption: &str, reason: &str) -> FeedbackRow {
    FeedbackRow {
        opinion: opinion.into(),
        raised_by: raised_by.into(),
        adoption: adoption.into(),
        reason: reason.into(),
    }
}

#[test]
fn the_feedback_form_is_read_line_by_line_and_checked_by_the_law() {
    let rows = [
        row("建议延长过渡期", "3", "partly_adopted", "延长至6个月"),
        row("", "", "adopted", ""),
        row("建议取消收费", "1", "not_adopted", ""),
    ];
    let lines = lines_of(&rows, CONCENTRATED_DEFAULT).unwrap();
    assert_eq!(lines.len(), 2, "the blank row is left out");
    assert_eq!(
        (lines[1].raised_by, lines[1].adoption),
        (1, Adoption::NotAdopted)
    );
    let e = lines_of(
        &[row("建议延长过渡期", "3", "not_adopted", " ")],
        CONCENTRATED_DEFAULT,
    )
    .unwrap_err();
    assert!(e.to_string().contains("第1条意见有3人提出"), "{e}");
    let e = lines_of(
        &[row("建议延长过渡期", "三", "adopted", "")],
        CONCENTRATED_DEFAULT,
    )
    .unwrap_err();
    assert!(e.to_string().contains("第1条的提出人数"), "{e}");
    let e = lines_of(&[row("建议延长过渡期", "2", "", "")], CONCENTRATED_DEFAULT).unwrap_err();
    assert!(e.to_string().contains("请为第1条选择采纳情况"), "{e}");
}

#[test]
fn the_own_staff_manage_supervisors_above_read() {
    let p = |roles: &'static [Role]| Principal { agency: 1, roles };
    assert_eq!(
        access_at(&p(&[Role::Editor]), Relation::OwnAgency).unwrap(),
        super::Access::Manage
    );
    assert_eq!(
        access_at(&p(&[Role::Supervisor]), Relation::Subtree).unwrap(),
        super::Access::Read
    );
    let e = access_at(&p(&[Role::Clerk]), Relation::OwnAgency).unwrap_err();
    assert_eq!(
        e.to_string(),
        "意见征集由本机关的信息员、审核人或管理员办理。"
    );
    assert!(access_at(&p(&[Role::Editor]), Relation::Subtree).is_err());
}

/// An agency that set 较为集中的意见 at 5: an opinion 3 people raised, not
/// adopted, needs no reason; 5 people's does.
#[test]
fn an_agencys_threshold_replaces_the_platform_default() {
    let three = [row("建议延长过渡期", "3", "not_adopted", "")];
    assert!(lines_of(&three, 5).is_ok());
    let five = [row("建议延长过渡期", "5", "not_adopted", "")];
    let e = lines_of(&five, 5).unwrap_err();
    assert!(e.to_string().contains("第1条意见有5人提出"), "{e}");
}
