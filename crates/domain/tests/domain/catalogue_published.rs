//! A published item: whether it came out in time (Art. 26, across the
//! 2025 National Day holiday, counted by hand) and its later validity —
//! 废止, 失效 and 撤回, after which it stays public with its index number.

use super::catalogue::{cal, d, metadata};
use super::catalogue_workflow::{
    NO_INTERPRETATION, approved, index, publish, published, record, refused, staff, view_of,
};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::catalogue::{
    ItemAction, ItemError, ItemState, PUBLICATION_WORKING_DAYS, Validity, ValidityState,
    publication_due, timeliness,
};

// ---------------------------------------------------------------------------
// Validity after publication
// ---------------------------------------------------------------------------

#[test]
fn repeal_keeps_the_item_published_with_its_date() {
    let mut h = published();
    // Not before publication, and with a reason.
    assert!(matches!(
        refused(
            &h,
            ItemAction::Repealed {
                date: d("2025-10-01"),
                reason: "x".into()
            }
        ),
        ItemError::DateBeforePublication { .. }
    ));
    assert!(matches!(
        refused(
            &h,
            ItemAction::Repealed {
                date: d("2026-03-01"),
                reason: " ".into()
            }
        ),
        ItemError::ValidityReasonMissing { .. }
    ));
    record(
        &mut h,
        staff("李信息员"),
        ItemAction::Repealed {
            date: d("2026-03-01"),
            reason: "被《某某市政府信息公开工作考核办法（2026年修订）》废止".into(),
        },
    );
    let v = view_of(&h);
    assert_eq!(v.state, ItemState::Published, "still visible");
    assert!(v.state.is_public());
    assert_eq!(v.validity.kind(), Validity::Repealed);
    assert_eq!(v.validity.end_date(), Some(d("2026-03-01")));
    assert_eq!(v.index_number, Some(index()), "the number never changes");
    // Only items in force can be repealed or lapse.
    let e = refused(
        &h,
        ItemAction::Lapsed {
            date: d("2026-04-01"),
            reason: "到期".into(),
        },
    );
    assert!(matches!(e, ItemError::NotInForce { .. }), "{e}");
    // Unpublished items cannot be repealed.
    assert!(matches!(
        refused(
            &approved(),
            ItemAction::Repealed {
                date: d("2026-03-01"),
                reason: "x".into()
            }
        ),
        ItemError::NotPublished { .. }
    ));
}

#[test]
fn lapse_is_recorded_like_a_repeal() {
    let mut h = published();
    record(
        &mut h,
        staff("李信息员"),
        ItemAction::Lapsed {
            date: d("2027-10-01"),
            reason: "有效期届满".into(),
        },
    );
    let v = view_of(&h);
    assert_eq!(v.state, ItemState::Published);
    assert_eq!(
        v.validity,
        ValidityState::Lapsed {
            date: d("2027-10-01"),
            reason: "有效期届满".into()
        }
    );
}

#[test]
fn withdrawal_keeps_a_public_note() {
    let mut h = published();
    assert_eq!(
        refused(
            &h,
            ItemAction::Withdrawn {
                date: d("2025-10-28"),
                note: "".into()
            }
        ),
        ItemError::WithdrawalNoteMissing
    );
    record(
        &mut h,
        staff("李信息员"),
        ItemAction::Withdrawn {
            date: d("2025-10-28"),
            note: "误将征求意见稿作为正式文件发布，现予撤回。".into(),
        },
    );
    let v = view_of(&h);
    assert_eq!(v.state, ItemState::Withdrawn);
    assert!(v.state.is_public(), "withdrawn items stay visible");
    let w = v.withdrawal.as_ref().unwrap();
    assert_eq!(w.date, d("2025-10-28"));
    assert!(w.note.contains("征求意见稿"));
    assert_eq!(v.index_number, Some(index()));
    // Nothing more but an interpretation link.
    assert!(matches!(
        refused(
            &h,
            ItemAction::Repealed {
                date: d("2026-01-01"),
                reason: "x".into()
            }
        ),
        ItemError::AlreadyWithdrawn { .. }
    ));
    assert!(matches!(
        refused(&h, publish("2025-10-29")),
        ItemError::AlreadyPublished { .. }
    ));
    // For table 二 a withdrawn item lapses on its withdrawal date.
    assert_eq!(v.summary().validity.end_date(), Some(d("2025-10-28")));
    // Withdrawal only of published items.
    assert!(matches!(
        refused(
            &approved(),
            ItemAction::Withdrawn {
                date: d("2025-10-28"),
                note: "x".into()
            }
        ),
        ItemError::NotPublished { .. }
    ));
}

// ---------------------------------------------------------------------------
// Timeliness (Art. 26) across the 2025 National Day holiday
// ---------------------------------------------------------------------------
//
// 2025 notice: 10-01 (Wed) … 10-08 (Wed) off (国庆节、中秋节); Sunday 09-28 and
// Saturday 10-11 working. Formed Friday 2025-09-26 (day 0):
//
//   09-27 Sat  off
//   09-28 Sun  working (调休)  1
//   09-29 Mon                  2
//   09-30 Tue                  3
//   10-01 … 10-08             off (8 days)
//   10-09 Thu                  4
//   10-10 Fri                  5
//   10-11 Sat  working (调休)  6
//   10-12 Sun  off
//   10-13 … 10-17 Mon–Fri      7 8 9 10 11
//   10-18, 10-19               off
//   10-20 … 10-24 Mon–Fri      12 13 14 15 16
//   10-25, 10-26               off
//   10-27 Mon                  17
//   10-28 Tue                  18
//   10-29 Wed                  19
//   10-30 Thu                  20   ← last day in time
//   10-31 Fri                  21   ← late

#[test]
fn timeliness_across_national_day_2025() {
    assert_eq!(PUBLICATION_WORKING_DAYS, 20);
    let formed = d("2025-09-26");
    let t = timeliness(&cal(), formed, d("2025-10-27"));
    assert_eq!(t.working_days, 17);
    assert!(!t.late);
    assert!(!t.provisional);

    let t = timeliness(&cal(), formed, d("2025-10-30"));
    assert_eq!(t.working_days, 20);
    assert!(!t.late, "the 20th working day is still in time");

    let t = timeliness(&cal(), formed, d("2025-10-31"));
    assert_eq!(t.working_days, 21);
    assert!(t.late);
    assert!(t.describe_zh().contains("超过"));

    // The holiday: published on 10-08 is only day 3.
    assert_eq!(timeliness(&cal(), formed, d("2025-10-08")).working_days, 3);
    // Published on the day formed, or (bad data) before: 0 days.
    assert_eq!(timeliness(&cal(), formed, formed).working_days, 0);
    assert_eq!(timeliness(&cal(), formed, d("2025-09-01")).working_days, 0);

    assert_eq!(
        publication_due(&cal(), formed).unwrap().due,
        d("2025-10-30")
    );
}

#[test]
fn timeliness_without_a_notice_is_provisional() {
    // No holiday notice at all: the statutory holidays of the 2024 办法,
    // provisional. Weekdays 09-29 … 10-27 are 21; 国庆 10-01…10-03 (Wed–Fri)
    // and 中秋 10-06 (Mon) are off: 17, within 20.
    let t = timeliness(&Calendar::empty(), d("2025-09-26"), d("2025-10-27"));
    assert_eq!(t.working_days, 17, "weekdays less 国庆 and 中秋");
    assert!(!t.late);
    assert!(t.provisional);
    // A year beyond the vendored notices.
    assert!(timeliness(&cal(), d("2040-01-02"), d("2040-01-20")).provisional);
}

#[test]
fn timeliness_counts_from_the_change_date() {
    let mut m = metadata();
    m.changed_on = Some(d("2025-10-13"));
    let mut h = Vec::new();
    record(&mut h, staff("张起草"), ItemAction::Drafted { metadata: m });
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: Some(NO_INTERPRETATION.into()),
        },
    );
    record(
        &mut h,
        staff("王审核"),
        ItemAction::Approved {
            review: "同意".into(),
        },
    );
    record(&mut h, staff("李信息员"), publish("2025-10-31"));
    // From 10-13 (day 0): 10-14 … 10-17 (4), 10-20 … 10-24 (9), 10-27 … 10-31 (14).
    let t = view_of(&h).timeliness(&cal()).unwrap();
    assert_eq!(t.working_days, 14);
    assert!(!t.late);
}
