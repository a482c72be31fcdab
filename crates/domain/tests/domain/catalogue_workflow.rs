//! The catalogue's publishing workflow with its confidentiality review,
//! and Art. 26 timeliness across the 2025 National Day holiday (counted
//! by hand).

use super::catalogue::{cal, d, metadata};
use chrono::DateTime;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    DisclosureAttribute, IndexNumber, ItemAction, ItemError, ItemEventRecord, ItemState, ItemView,
    PUBLICATION_WORKING_DAYS, PublicationChannel, Validity, ValidityState, check_item_action,
    item_history_zh, item_view, publication_due, timeliness, validate_item_history,
};

// ---------------------------------------------------------------------------
// Workflow
// ---------------------------------------------------------------------------

fn staff(name: &str) -> Actor {
    Actor::Staff {
        id: 7,
        name: name.to_owned(),
    }
}

/// The examples' document is a 规范性文件, submitted without an
/// interpretation (issue 19 asks for the reason).
const NO_INTERPRETATION: &str = "仅调整资金拨付程序，无需解读";

pub(crate) fn record(h: &mut Vec<ItemEventRecord>, actor: Actor, action: ItemAction) {
    if let Err(e) = check_item_action(h, &action) {
        panic!("{} refused: {e}", action.label_zh());
    }
    let seq = u32::try_from(h.len()).unwrap() + 1;
    h.push(ItemEventRecord {
        seq,
        at: DateTime::from_timestamp(1_759_000_000 + i64::from(seq) * 3600, 0).unwrap(),
        actor,
        action,
        note: String::new(),
    });
}

fn refused(h: &[ItemEventRecord], action: ItemAction) -> ItemError {
    check_item_action(h, &action).expect_err("should be refused")
}

fn index() -> IndexNumber {
    IndexNumber::parse("000014349/2025-00001").unwrap()
}

fn publish(date: &str) -> ItemAction {
    ItemAction::Published {
        date: d(date),
        index_number: index(),
        channels: vec![PublicationChannel::Website, PublicationChannel::Wechat],
    }
}

fn drafted() -> Vec<ItemEventRecord> {
    let mut h = Vec::new();
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Drafted {
            metadata: metadata(),
        },
    );
    h
}

fn approved() -> Vec<ItemEventRecord> {
    let mut h = drafted();
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
            review: "经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。".into(),
        },
    );
    h
}

fn published() -> Vec<ItemEventRecord> {
    let mut h = approved();
    record(&mut h, staff("李信息员"), publish("2025-10-27"));
    h
}

pub(crate) fn view_of(h: &[ItemEventRecord]) -> ItemView {
    item_view(h).unwrap()
}

#[test]
fn full_journey_draft_to_published() {
    let h = published();
    let v = view_of(&h);
    assert_eq!(v.state, ItemState::Published);
    assert_eq!(v.state.label_zh(), "已发布");
    assert_eq!(v.index_number, Some(index()));
    assert_eq!(v.published_on, Some(d("2025-10-27")));
    assert_eq!(v.validity, ValidityState::InForce);
    assert_eq!(
        v.channels,
        vec![PublicationChannel::Website, PublicationChannel::Wechat]
    );
    let review = v.review.as_ref().unwrap();
    assert_eq!(review.reviewer, staff("王审核"));
    assert!(review.opinion.contains("不涉及国家秘密"));
    assert_eq!(v.history_zh().len(), 4);
    assert!(v.history_zh()[3].contains("索引号000014349/2025-00001"));
    assert!(v.history_zh()[2].contains("王审核：保密审查通过"));
    assert!(validate_item_history(&h).is_ok());
    // Timeliness from the item: formed 2025-09-26, published 2025-10-27: 17 days.
    let t = v.timeliness(&cal()).unwrap();
    assert_eq!(t.working_days, 17);
    assert!(!t.late);
    // Stored as JSON with the tag `action`.
    let json = serde_json::to_value(&h[3].action).unwrap();
    assert_eq!(json["action"], "published");
    assert_eq!(json["index_number"], "000014349/2025-00001");
    assert_eq!(json["channels"][1], "wechat");
}

#[test]
fn nothing_is_published_without_approval() {
    // Straight from the draft.
    let e = refused(&drafted(), publish("2025-10-27"));
    assert!(matches!(e, ItemError::NotApproved { .. }));
    assert!(e.to_string().contains("未经保密审查不得公开"), "{e}");
    // Submitted but not approved.
    let mut h = drafted();
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: Some(NO_INTERPRETATION.into()),
        },
    );
    assert!(matches!(
        refused(&h, publish("2025-10-27")),
        ItemError::NotApproved { .. }
    ));
    // An approval without a review opinion is itself refused.
    let e = refused(
        &h,
        ItemAction::Approved {
            review: "  ".into(),
        },
    );
    assert_eq!(e, ItemError::ReviewMissing);
    assert!(e.to_string().contains("第十七条"));
    // Approval of an item that was not submitted.
    assert!(matches!(
        refused(
            &drafted(),
            ItemAction::Approved {
                review: "同意".into()
            }
        ),
        ItemError::NotSubmitted { .. }
    ));
}

#[test]
fn refusal_returns_to_the_editor_with_its_reason() {
    let mut h = drafted();
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: Some(NO_INTERPRETATION.into()),
        },
    );
    // While submitted, the editor cannot change it.
    assert!(matches!(
        refused(
            &h,
            ItemAction::Edited {
                metadata: metadata()
            }
        ),
        ItemError::NotEditable { .. }
    ));
    assert_eq!(
        refused(&h, ItemAction::Refused { reason: "".into() }),
        ItemError::RefusalReasonMissing
    );
    record(
        &mut h,
        staff("王审核"),
        ItemAction::Refused {
            reason: "附件含有个人身份证号码，请删除后重新提交".into(),
        },
    );
    let v = view_of(&h);
    assert_eq!(v.state, ItemState::Refused);
    assert_eq!(
        v.refusal.as_deref(),
        Some("附件含有个人身份证号码，请删除后重新提交")
    );
    assert!(matches!(
        refused(&h, publish("2025-10-27")),
        ItemError::NotApproved { .. }
    ));
    // Edit, resubmit, approve, publish.
    let mut m = metadata();
    m.summary = "规定全市政府信息公开工作考核的对象、内容、方式，考核结果纳入绩效考核。".into();
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Edited {
            metadata: m.clone(),
        },
    );
    assert_eq!(
        view_of(&h).state,
        ItemState::Refused,
        "still with the editor"
    );
    assert_eq!(view_of(&h).metadata, m);
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: Some(NO_INTERPRETATION.into()),
        },
    );
    assert_eq!(view_of(&h).refusal, None);
    record(
        &mut h,
        staff("王审核"),
        ItemAction::Approved {
            review: "同意公开".into(),
        },
    );
    record(&mut h, staff("李信息员"), publish("2025-10-27"));
    let v = view_of(&h);
    assert_eq!(v.state, ItemState::Published);
    assert_eq!(v.refusal, None);
    assert_eq!(v.metadata.summary, m.summary);
    assert!(v.history_zh()[2].contains("退回修改：附件含有个人身份证号码"));
}

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

#[test]
fn second_publication_and_second_index_number_are_refused() {
    let h = published();
    let e = refused(
        &h,
        ItemAction::Published {
            date: d("2025-11-01"),
            index_number: IndexNumber::parse("000014349/2025-00002").unwrap(),
            channels: vec![PublicationChannel::Website],
        },
    );
    assert!(matches!(e, ItemError::AlreadyPublished { .. }));
    let msg = e.to_string();
    assert!(msg.contains("000014349/2025-00001"), "{msg}");
    assert!(msg.contains("不得更改"), "{msg}");
    // Editing a published item is refused too.
    assert!(matches!(
        refused(
            &h,
            ItemAction::Edited {
                metadata: metadata()
            }
        ),
        ItemError::NotEditable { .. }
    ));
    assert!(matches!(
        refused(
            &h,
            ItemAction::Drafted {
                metadata: metadata()
            }
        ),
        ItemError::AlreadyDrafted
    ));
}

#[test]
fn publication_rules_attribute_date_channels() {
    let h = approved();
    assert!(matches!(
        refused(&h, publish("2025-09-25")),
        ItemError::PublishedBeforeFormed { .. }
    ));
    assert_eq!(
        refused(
            &h,
            ItemAction::Published {
                date: d("2025-10-27"),
                index_number: index(),
                channels: vec![],
            }
        ),
        ItemError::NoChannels
    );
    assert_eq!(
        refused(
            &h,
            ItemAction::Published {
                date: d("2025-10-27"),
                index_number: index(),
                channels: vec![PublicationChannel::Weibo],
            }
        ),
        ItemError::WebsiteMissing
    );
    // An item decided 不予公开 at the source is never published.
    let mut m = metadata();
    m.attribute = DisclosureAttribute::NotDisclosed;
    m.attribute_reason = Some("属于工作秘密".into());
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
            review: "确认不予公开".into(),
        },
    );
    assert!(matches!(
        refused(&h, publish("2025-10-27")),
        ItemError::NotProactive { .. }
    ));
}

#[test]
fn first_record_must_be_the_draft() {
    let e = refused(
        &[],
        ItemAction::Submitted {
            with_interpretation: None,
            no_interpretation_reason: Some(NO_INTERPRETATION.into()),
        },
    );
    assert!(matches!(e, ItemError::NotDrafted { .. }));
    assert!(item_view(&[]).is_err());
}

#[test]
fn channels_and_interpretations() {
    let mut h = drafted();
    record(
        &mut h,
        staff("张起草"),
        ItemAction::Submitted {
            with_interpretation: Some("item-42".into()),
            no_interpretation_reason: None,
        },
    );
    record(
        &mut h,
        staff("王审核"),
        ItemAction::Approved {
            review: "同意，与解读同步公开".into(),
        },
    );
    record(&mut h, staff("李信息员"), publish("2025-10-27"));
    assert_eq!(
        refused(
            &h,
            ItemAction::ChannelsRecorded {
                channels: vec![PublicationChannel::Wechat]
            }
        ),
        ItemError::NoNewChannels
    );
    record(
        &mut h,
        staff("李信息员"),
        ItemAction::ChannelsRecorded {
            channels: vec![PublicationChannel::Weibo],
        },
    );
    assert!(matches!(
        refused(
            &h,
            ItemAction::InterpretationLinked {
                item: "item-42".into()
            }
        ),
        ItemError::InterpretationDuplicate { .. }
    ));
    record(
        &mut h,
        staff("李信息员"),
        ItemAction::InterpretationLinked {
            item: "item-43".into(),
        },
    );
    let v = view_of(&h);
    assert_eq!(
        v.channels,
        vec![
            PublicationChannel::Website,
            PublicationChannel::Weibo,
            PublicationChannel::Wechat
        ]
    );
    assert_eq!(v.interpretations, vec!["item-42", "item-43"]);
    assert_eq!(v.submitted_with_interpretation.as_deref(), Some("item-42"));
    let lines = item_history_zh(&h);
    assert!(lines[1].contains("同步提交解读item-42"), "{}", lines[1]);
    assert!(lines[4].contains("补记发布渠道：政务微博"), "{}", lines[4]);
}

#[test]
fn a_tampered_history_is_detected() {
    let mut h = drafted();
    h.push(ItemEventRecord {
        seq: 2,
        at: DateTime::from_timestamp(1_759_100_000, 0).unwrap(),
        actor: staff("李信息员"),
        action: publish("2025-10-27"),
        note: String::new(),
    });
    assert!(matches!(
        validate_item_history(&h),
        Err(ItemError::NotApproved { .. })
    ));
    assert!(item_view(&h).is_err());
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
