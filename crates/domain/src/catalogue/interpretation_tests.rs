//! Worked examples of issue 19 (items 3 and 4): the interpretation's
//! details on the form, a policy's submission with its interpretation or a
//! reason, attachments frozen in review, the replacing document, the
//! 3-working-day rule counted on the 2025 calendar, and the topic list.

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::application::FieldErrors;
use crate::calendar::Calendar;
use crate::case::Actor;
use crate::catalogue::{
    InterpretationTimeliness, ItemAction, ItemError, ItemEventRecord, ItemForm, ItemState,
    Replacement, TopTopic, Topic, check_item_action, interpretation_timeliness, item_view,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn form(kind: &str, genre: &str) -> ItemForm {
    ItemForm {
        title: "关于印发《白沙县农村公路养护管理办法》的通知".into(),
        summary: "规定农村公路养护的责任、资金和考核。".into(),
        issuers: "白沙县交通运输局".into(),
        formed_on: "2025-09-26".into(),
        topic: "工业、交通\\公路".into(),
        genre: genre.into(),
        kind: kind.into(),
        attribute: "proactive".into(),
        scope: "public".into(),
        body: "第一条 为加强农村公路养护……".into(),
        ..Default::default()
    }
}

fn fields() -> InterpretationFields {
    InterpretationFields {
        agency: "白沙县交通运输局".into(),
        interpreter: "县交通运输局局长 王某某".into(),
        phone: "0898-26612345".into(),
        email: String::new(),
        forms: "text,qa".into(),
    }
}

#[test]
fn an_interpretation_says_who_interprets_it_and_how() {
    let mut f = form("other", "interpretation");
    f.interpretation = fields();
    let m = f.validate().unwrap();
    let i = m.interpretation.as_ref().unwrap();
    assert_eq!(i.agency, "白沙县交通运输局");
    assert_eq!(i.interpreter, "县交通运输局局长 王某某");
    assert_eq!(i.phone.as_deref(), Some("0898-26612345"));
    assert_eq!(i.email, None);
    assert_eq!(
        i.forms,
        vec![
            InterpretationForm::Text,
            InterpretationForm::QuestionsAnswers
        ]
    );
    assert_eq!(i.forms_zh(), "文字、问答");
    assert_eq!(i.contact_zh(), "0898-26612345");
    // Back to the form and again: the same details.
    let again = ItemForm::from(&m).validate().unwrap();
    assert_eq!(again.interpretation, m.interpretation);
    // Stored without the absent e-mail; a history without the part reads.
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["interpretation"]["forms"][1], "qa");
    assert!(json["interpretation"].get("email").is_none());
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("interpretation");
    let read: ItemMetadata = serde_json::from_value(old).unwrap();
    assert_eq!(read.interpretation, None);
}

#[test]
fn the_editor_must_describe_an_interpretation_an_import_need_not() {
    let today = d("2025-10-09");
    let blank = form("other", "interpretation");
    // An import of history: no such columns, no details.
    assert_eq!(blank.validate().unwrap().interpretation, None);
    // The editor's form: every required field named.
    let e = blank.validate_on(today).unwrap_err();
    assert_eq!(
        e.get("interpretation_agency"),
        Some("请填写解读机构（负责解读的机关或其内设机构的全称）。")
    );
    assert!(e.get("interpreter").unwrap().starts_with("请填写解读人"));
    assert!(e.get("interpretation_phone").unwrap().contains("至少一项"));
    assert_eq!(
        e.get("interpretation_forms"),
        Some("请选择解读形式（文字、图解、问答、音视频，可多选）。")
    );
    // Another genre: the part is dropped, whatever was typed.
    let mut notice = form("other", "notice");
    notice.interpretation = fields();
    assert_eq!(notice.validate_on(today).unwrap().interpretation, None);
}

#[test]
fn contact_and_forms_are_checked() {
    let check = |f: InterpretationFields| {
        let mut errors = FieldErrors::default();
        let got = f.validate(&mut errors, Some(Genre::Interpretation), true);
        (got, errors)
    };
    let (_, e) = check(InterpretationFields {
        phone: "请拨打热线".into(),
        email: "jtj.baisha.gov.cn".into(),
        forms: "text,漫画".into(),
        ..fields()
    });
    assert_eq!(
        e.get("interpretation_phone"),
        Some("联系电话“请拨打热线”格式不正确：请填写办公电话，如“0898-26612345”。")
    );
    assert_eq!(
        e.get("interpretation_email"),
        Some("电子邮箱“jtj.baisha.gov.cn”格式不正确，应如“jtj@baisha.gov.cn”。")
    );
    assert_eq!(
        e.get("interpretation_forms"),
        Some("解读形式“漫画”无法识别，请从文字、图解、问答、音视频中选择。")
    );
    // An e-mail alone is a contact; forms by label, repeated once.
    let (got, e) = check(InterpretationFields {
        phone: String::new(),
        email: "jtj@baisha.gov.cn".into(),
        forms: "音视频、图解、图解".into(),
        ..fields()
    });
    assert!(e.is_empty(), "{e}");
    let got = got.unwrap();
    assert_eq!(got.contact_zh(), "jtj@baisha.gov.cn");
    assert_eq!(got.forms_zh(), "图解、音视频");
    // Extension numbers: 0898 2661 2345转8001 has 16 digits.
    let (_, e) = check(InterpretationFields {
        phone: "(0898)2661 2345转8001".into(),
        ..fields()
    });
    assert!(e.is_empty(), "{e}");
    // Six digits are not a telephone number.
    let (_, e) = check(InterpretationFields {
        phone: "123456".into(),
        ..fields()
    });
    assert!(e.get("interpretation_phone").is_some());
}

fn staff(name: &str) -> Actor {
    Actor::Staff {
        id: 3,
        name: name.into(),
    }
}

fn push(h: &mut Vec<ItemEventRecord>, action: ItemAction) {
    check_item_action(h, &action).unwrap_or_else(|e| panic!("{}: {e}", action.label_zh()));
    let seq = h.len() as u32 + 1;
    h.push(ItemEventRecord {
        seq,
        at: DateTime::from_timestamp(1_759_000_000 + i64::from(seq) * 60, 0).unwrap(),
        actor: staff("张起草"),
        action,
        note: String::new(),
    });
}

fn drafted(kind: &str) -> Vec<ItemEventRecord> {
    let mut h = Vec::new();
    push(
        &mut h,
        ItemAction::Drafted {
            metadata: form(kind, "notice").validate().unwrap(),
        },
    );
    h
}

fn submit(with: Option<&str>, reason: Option<&str>) -> ItemAction {
    ItemAction::Submitted {
        with_interpretation: with.map(str::to_string),
        no_interpretation_reason: reason.map(str::to_string),
    }
}

#[test]
fn a_policy_goes_to_review_with_its_interpretation_or_a_reason() {
    for kind in ["normative", "regulation"] {
        let h = drafted(kind);
        let e = check_item_action(&h, &submit(None, None)).unwrap_err();
        let label = if kind == "normative" {
            "行政规范性文件"
        } else {
            "规章"
        };
        assert_eq!(
            e.to_string(),
            format!(
                "{label}提交审核时应同步提交政策解读（国办发〔2016〕19号：政策文件与解读材料同步组织、同步审签、同步部署）：请选择一并提交的解读；确实不需要解读的，请填写不需要解读的理由。"
            )
        );
        // A blank reason is no reason.
        assert!(check_item_action(&h, &submit(None, Some("  "))).is_err());
        assert!(check_item_action(&h, &submit(Some("12"), None)).is_ok());
    }
    // Another document needs neither.
    assert!(check_item_action(&drafted("other"), &submit(None, None)).is_ok());

    let mut h = drafted("normative");
    let reason = "本文件仅调整实施日期，内容未作修改，无需另行解读";
    push(&mut h, submit(None, Some(reason)));
    let v = item_view(&h).unwrap();
    assert_eq!(v.no_interpretation_reason.as_deref(), Some(reason));
    assert!(
        v.history_zh()[1].ends_with(&format!("提交审核（未同步提交解读，理由：{reason}）")),
        "{}",
        v.history_zh()[1]
    );
    // 501 characters are too many.
    let long = "理".repeat(501);
    assert_eq!(
        check_item_action(&drafted("normative"), &submit(None, Some(&long))).unwrap_err(),
        ItemError::Submission(SubmissionError::ReasonTooLong)
    );
    // Stored: absent when none, so events written before it read the same.
    let json = serde_json::to_string(&submit(None, None)).unwrap();
    assert_eq!(json, r#"{"action":"submitted","with_interpretation":null}"#);
    let read: ItemAction = serde_json::from_str(&json).unwrap();
    assert_eq!(read, submit(None, None));
}

#[test]
fn a_stored_policy_submitted_without_a_reason_still_reads() {
    // Recorded before the rule: the history is read, not judged again.
    let mut h = drafted("normative");
    h.push(ItemEventRecord {
        seq: 2,
        at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        actor: staff("张起草"),
        action: submit(None, None),
        note: String::new(),
    });
    assert_eq!(item_view(&h).unwrap().state, ItemState::Submitted);
}

#[test]
fn attachments_are_frozen_while_the_item_waits_for_review() {
    let mut h = drafted("other");
    let attach = ItemAction::AttachmentAdded {
        sha256: "ab".repeat(32),
        filename: "养护计划.pdf".into(),
    };
    assert!(check_item_action(&h, &attach).is_ok());
    push(&mut h, submit(None, None));
    let e = check_item_action(&h, &attach).unwrap_err();
    assert_eq!(
        e.to_string(),
        "信息处于“待审核”状态，附件已冻结：审核人审核的就是将要发布的附件，审核期间不能添加或删除附件。如需修改附件，请联系审核人退回后再修改。"
    );
    assert!(ItemState::Submitted.attachments_frozen());
    assert!(ItemState::Approved.attachments_frozen());
    assert!(!ItemState::Refused.attachments_frozen());
    // Returned: files may change again.
    push(
        &mut h,
        ItemAction::Refused {
            reason: "附件缺少盖章页".into(),
        },
    );
    assert!(check_item_action(&h, &attach).is_ok());
}

#[test]
fn a_repealed_item_names_its_replacement() {
    let mut h = drafted("other");
    push(&mut h, submit(None, None));
    push(
        &mut h,
        ItemAction::Approved {
            review: "不涉密，同意公开".into(),
        },
    );
    push(
        &mut h,
        ItemAction::Published {
            date: d("2025-10-09"),
            index_number: crate::catalogue::IndexNumber::parse("000014349/2025-00001").unwrap(),
            channels: vec![crate::catalogue::PublicationChannel::Website],
        },
    );
    let by = ItemAction::ReplacedBy {
        replacement: Replacement {
            item: Some("42".into()),
            title: "白沙县农村公路养护管理办法（2026年修订）".into(),
        },
    };
    assert_eq!(
        check_item_action(&h, &by).unwrap_err(),
        ItemError::ReplacementWhileInForce
    );
    push(
        &mut h,
        ItemAction::Repealed {
            date: d("2026-01-05"),
            reason: "已修订".into(),
        },
    );
    push(&mut h, by);
    let v = item_view(&h).unwrap();
    let r = v.replaced_by.as_ref().unwrap();
    assert_eq!(r.item.as_deref(), Some("42"));
    assert_eq!(r.cited_zh(), "《白沙县农村公路养护管理办法（2026年修订）》");
    assert!(
        v.history_zh()[5].ends_with("记录替代文件：《白沙县农村公路养护管理办法（2026年修订）》")
    );
    // A 文号 is cited as written, a title already in 《》 once.
    let named = |t: &str| Replacement::named(t).unwrap().unwrap().cited_zh();
    assert_eq!(named(" 白交〔2026〕3号 "), "白交〔2026〕3号");
    assert_eq!(named("《某某办法》"), "《某某办法》");
    assert_eq!(
        named("关于印发《白沙县农村公路养护管理办法》的通知"),
        "《关于印发〈白沙县农村公路养护管理办法〉的通知》"
    );
    assert_eq!(Replacement::named("  ").unwrap(), None);
    assert!(Replacement::named("一\n二").is_err());
}

/// The 2025 notice (data/holidays-cn.json): 劳动节 May 1–5 off (Sun Apr 27
/// worked); 国庆节、中秋节 Oct 1–8 off (Sun Sep 28 and Sat Oct 11 worked).
#[test]
fn interpretations_come_within_three_working_days() {
    let cal = Calendar::vendored();
    // Policy Wed 2025-04-30. After it: May 1–5 off; Tue May 6 (1),
    // Wed May 7 (2), Thu May 8 (3): due 2025-05-08.
    let t = interpretation_timeliness(
        &cal,
        d("2025-04-30"),
        Some(d("2025-05-08")),
        d("2025-06-01"),
    )
    .unwrap();
    assert_eq!(
        t,
        InterpretationTimeliness {
            policy_published: d("2025-04-30"),
            due: d("2025-05-08"),
            interpretation_published: Some(d("2025-05-08")),
            working_days: Some(3),
            late: false,
            provisional: false,
        }
    );
    assert_eq!(
        t.describe_zh(),
        "解读于2025-05-08发布，为文件发布后第3个工作日，在3个工作日内（国办发〔2016〕19号）"
    );
    // Fri May 9 is the 4th: late.
    let t = interpretation_timeliness(
        &cal,
        d("2025-04-30"),
        Some(d("2025-05-09")),
        d("2025-06-01"),
    )
    .unwrap();
    assert_eq!((t.working_days, t.late), (Some(4), true));
    // Policy Tue 2025-09-30. After it: Oct 1–8 off; Thu Oct 9 (1),
    // Fri Oct 10 (2), Sat Oct 11 (3, a working Saturday): due 2025-10-11.
    let t = interpretation_timeliness(&cal, d("2025-09-30"), None, d("2025-10-11")).unwrap();
    assert_eq!((t.due, t.late), (d("2025-10-11"), false));
    assert_eq!(
        t.describe_zh(),
        "文件于2025-09-30发布，解读应最迟于2025-10-11（第3个工作日）发布（国办发〔2016〕19号）"
    );
    // Not published by Mon Oct 13: overdue.
    let t = interpretation_timeliness(&cal, d("2025-09-30"), None, d("2025-10-13")).unwrap();
    assert!(t.late);
    assert!(t.describe_zh().contains("现已逾期"), "{}", t.describe_zh());
    // Published with the policy: day 0.
    let t = interpretation_timeliness(
        &cal,
        d("2025-09-30"),
        Some(d("2025-09-30")),
        d("2025-09-30"),
    )
    .unwrap();
    assert_eq!(t.working_days, Some(0));
    assert_eq!(
        t.describe_zh(),
        "解读于2025-09-30与文件同步发布（国办发〔2016〕19号）"
    );
}

#[test]
fn every_offered_topic_reads_back_as_offered() {
    let mut n = 0;
    for top in TopTopic::ALL {
        for topic in top.choices() {
            let text = topic.to_string();
            assert_eq!(Topic::parse(&text).unwrap(), topic, "{text}");
            n += 1;
        }
    }
    // 21 top levels alone and the second levels listed (6 + 8 + 7 + 9 + 4 +
    // 10 + 5 + 5 + 4 + 4 + 5 + 4 + 3 + 5 + 4 + 5 + 3 + 2 + 4 + 2 + 0 = 99).
    assert_eq!(n, 21 + 99);
    assert_eq!(
        TopTopic::IndustryTransport.choices()[4].to_string(),
        "工业、交通\\公路"
    );
}

#[test]
fn state_codes_are_those_stored() {
    // The list's filter names a state by the code the store writes (serde's).
    for s in ItemState::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        assert_eq!(ItemState::from_code(s.code()), Some(s));
    }
    assert_eq!(ItemState::Refused.code(), "refused");
    assert_eq!(ItemState::from_code("退回"), None);
}
