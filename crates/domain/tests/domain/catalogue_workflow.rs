//! The catalogue's publishing workflow with its confidentiality review
//! (draft, submission, approval or refusal, publication) and the item's
//! history. A published item's timeliness and later validity are in
//! `catalogue_published`.

use super::catalogue::{cal, d, metadata};
use chrono::DateTime;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    DisclosureAttribute, IndexNumber, ItemAction, ItemError, ItemEventRecord, ItemState, ItemView,
    PublicationChannel, ValidityState, check_item_action, item_history_zh, item_view,
    validate_item_history,
};

// ---------------------------------------------------------------------------
// Workflow
// ---------------------------------------------------------------------------

pub(super) fn staff(name: &str) -> Actor {
    Actor::Staff {
        id: 7,
        name: name.to_owned(),
    }
}

/// The examples' document is a 规范性文件, submitted without an
/// interpretation (issue 19 asks for the reason).
pub(super) const NO_INTERPRETATION: &str = "仅调整资金拨付程序，无需解读";

pub(super) fn record(h: &mut Vec<ItemEventRecord>, actor: Actor, action: ItemAction) {
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

pub(super) fn refused(h: &[ItemEventRecord], action: ItemAction) -> ItemError {
    check_item_action(h, &action).expect_err("should be refused")
}

pub(super) fn index() -> IndexNumber {
    IndexNumber::parse("000014349/2025-00001").unwrap()
}

pub(super) fn publish(date: &str) -> ItemAction {
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

pub(super) fn approved() -> Vec<ItemEventRecord> {
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

pub(super) fn published() -> Vec<ItemEventRecord> {
    let mut h = approved();
    record(&mut h, staff("李信息员"), publish("2025-10-27"));
    h
}

pub(super) fn view_of(h: &[ItemEventRecord]) -> ItemView {
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
