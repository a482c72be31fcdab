//! Golden tests of the stored form: for every case action, item action and
//! actor, the JSON as stored before versioning (legacy, no `v`) and as stored
//! now (`{"v":1,…}`). Both must decode to the expected domain value, and
//! encoding the value must give the versioned text exactly. The texts are
//! written by hand from the stored rows (the legacy form is what
//! `serde_json::to_string` of the domain types wrote before issue 14).
//!
//! A new variant fails to compile in `case_tag` / `item_tag` below; add its
//! tag to the list and a golden entry, or `every_variant_has_a_golden_entry`
//! fails.

use chrono::NaiveDate;
use gongkai_domain::application::DeliveryMethod;
use gongkai_domain::case::{Actor, CaseAction, Provided};
use gongkai_domain::catalogue::{IndexNumber, ItemAction, ItemForm, PublicationChannel};
use gongkai_domain::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use gongkai_domain::fees::FeeMethod;
use gongkai_domain::vocabulary::{Channel, Outcome, PostKind};

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The versioned text of a legacy text: `v` first.
fn versioned(legacy: &str) -> String {
    format!("{{\"v\":1,{}", &legacy[1..])
}

fn case_goldens() -> Vec<(&'static str, CaseAction)> {
    vec![
        (
            r#"{"action":"submitted_online","date":"2025-03-03"}"#,
            CaseAction::SubmittedOnline {
                date: d("2025-03-03"),
            },
        ),
        (
            r#"{"action":"receipt_confirmed","channel":"post","receipt_date":"2025-03-04","facts":{"arrived":"2025-03-03","signed":"2025-03-04","confirmed":null,"contact_reestablished":null,"post_kind":"signed"}}"#,
            CaseAction::ReceiptConfirmed {
                channel: Channel::Post,
                receipt_date: d("2025-03-04"),
                facts: ReceiptFacts {
                    arrived: Some(d("2025-03-03")),
                    signed: Some(d("2025-03-04")),
                    confirmed: None,
                    contact_reestablished: None,
                    post_kind: Some(PostKind::Signed),
                },
            },
        ),
        (
            r#"{"action":"correction_requested","date":"2025-03-05","items":["写明所需信息的文号"],"applicant_deadline":"2025-03-20"}"#,
            CaseAction::CorrectionRequested {
                date: d("2025-03-05"),
                items: vec!["写明所需信息的文号".into()],
                applicant_deadline: d("2025-03-20"),
            },
        ),
        (
            r#"{"action":"correction_submitted","date":"2025-03-10","text":"2024年道路维修计划"}"#,
            CaseAction::CorrectionSubmitted {
                date: d("2025-03-10"),
                text: "2024年道路维修计划".into(),
            },
        ),
        (
            r#"{"action":"correction_lapsed","date":"2025-03-21"}"#,
            CaseAction::CorrectionLapsed {
                date: d("2025-03-21"),
            },
        ),
        (
            r#"{"action":"consultation_started","id":1,"date":"2025-03-11","party":"third_party","party_name":"某建设公司","matter":"是否涉及商业秘密"}"#,
            CaseAction::ConsultationStarted {
                id: 1,
                date: d("2025-03-11"),
                party: ConsultParty::ThirdParty,
                party_name: "某建设公司".into(),
                matter: "是否涉及商业秘密".into(),
            },
        ),
        (
            r#"{"action":"consultation_ended","id":2,"date":"2025-03-18","how":"timed_out","opinion":""}"#,
            CaseAction::ConsultationEnded {
                id: 2,
                date: d("2025-03-18"),
                how: ConsultationOutcome::TimedOut,
                opinion: String::new(),
            },
        ),
        (
            r#"{"action":"extension_requested","date":"2025-03-20","days":20,"reason":"需调取档案"}"#,
            CaseAction::ExtensionRequested {
                date: d("2025-03-20"),
                days: 20,
                reason: "需调取档案".into(),
            },
        ),
        (
            r#"{"action":"extension_approved","date":"2025-03-21","days":15}"#,
            CaseAction::ExtensionApproved {
                date: d("2025-03-21"),
                days: 15,
            },
        ),
        (
            r#"{"action":"extension_refused","date":"2025-03-21","reason":"理由不充分"}"#,
            CaseAction::ExtensionRefused {
                date: d("2025-03-21"),
                reason: "理由不充分".into(),
            },
        ),
        (
            r#"{"action":"fee_notice_issued","date":"2025-03-12","method":{"method":"by_count","ordinal_in_month":11},"amount_yuan":100}"#,
            CaseAction::FeeNoticeIssued {
                date: d("2025-03-12"),
                method: FeeMethod::ByCount {
                    ordinal_in_month: 11,
                },
                amount_yuan: 100,
            },
        ),
        (
            r#"{"action":"fee_paid","date":"2025-03-14"}"#,
            CaseAction::FeePaid {
                date: d("2025-03-14"),
            },
        ),
        (
            r#"{"action":"fee_lapsed","date":"2025-04-11"}"#,
            CaseAction::FeeLapsed {
                date: d("2025-04-11"),
            },
        ),
        (
            r#"{"action":"agency_deadline_set","date":"2025-03-10","due":"2025-05-30","justification":"申请数量明显超过合理范围"}"#,
            CaseAction::AgencyDeadlineSet {
                date: d("2025-03-10"),
                due: d("2025-05-30"),
                justification: "申请数量明显超过合理范围".into(),
            },
        ),
        (
            r#"{"action":"outcome_decided","date":"2025-03-25","outcome":"not_held","reasoning":"经检索未找到","referred_to":"某某市自然资源局"}"#,
            CaseAction::OutcomeDecided {
                date: d("2025-03-25"),
                outcome: Outcome::NotHeld,
                reasoning: "经检索未找到".into(),
                referred_to: Some("某某市自然资源局".into()),
                access_method: String::new(),
                provided: Vec::new(),
            },
        ),
        (
            r#"{"action":"outcome_decided","date":"2025-03-25","outcome":"disclosed","reasoning":"予以公开","referred_to":null}"#,
            CaseAction::OutcomeDecided {
                date: d("2025-03-25"),
                outcome: Outcome::Disclosed,
                reasoning: "予以公开".into(),
                referred_to: None,
                access_method: String::new(),
                provided: Vec::new(),
            },
        ),
        (
            r#"{"action":"outcome_decided","date":"2025-03-25","outcome":"partial","reasoning":"其余部分涉及第三方商业秘密","referred_to":null,"access_method":"随本告知书提供","provided":[{"name":"合同.pdf","attachment":7},{"name":"养护计划","link":"/items/12"}]}"#,
            CaseAction::OutcomeDecided {
                date: d("2025-03-25"),
                outcome: Outcome::Partial,
                reasoning: "其余部分涉及第三方商业秘密".into(),
                referred_to: None,
                access_method: "随本告知书提供".into(),
                provided: vec![
                    Provided {
                        name: "合同.pdf".into(),
                        attachment: Some(7),
                        link: None,
                    },
                    Provided {
                        name: "养护计划".into(),
                        attachment: None,
                        link: Some("/items/12".into()),
                    },
                ],
            },
        ),
        (
            r#"{"action":"decision_drafted","date":"2025-03-24","outcome":"deny_third_party","reasoning":"涉及商业秘密","referred_to":null}"#,
            CaseAction::DecisionDrafted {
                date: d("2025-03-24"),
                outcome: Outcome::DenyThirdParty,
                reasoning: "涉及商业秘密".into(),
                referred_to: None,
                access_method: String::new(),
                provided: Vec::new(),
            },
        ),
        (
            r#"{"action":"decision_returned","date":"2025-03-25","reason":"请写明依据"}"#,
            CaseAction::DecisionReturned {
                date: d("2025-03-25"),
                reason: "请写明依据".into(),
            },
        ),
        (
            r#"{"action":"withdrawn","date":"2025-03-07","reason":"已通过其他途径获取"}"#,
            CaseAction::Withdrawn {
                date: d("2025-03-07"),
                reason: "已通过其他途径获取".into(),
            },
        ),
        (
            r#"{"action":"delivered","date":"2025-03-26","method":"collect_in_person"}"#,
            CaseAction::Delivered {
                date: d("2025-03-26"),
                method: DeliveryMethod::CollectInPerson,
            },
        ),
        (
            r#"{"action":"closed","date":"2025-03-27"}"#,
            CaseAction::Closed {
                date: d("2025-03-27"),
            },
        ),
    ]
}

fn metadata() -> gongkai_domain::catalogue::ItemMetadata {
    ItemForm {
        title: "某某市政府信息公开工作考核办法".into(),
        summary: "明确考核的对象和内容。".into(),
        issuers: "某某市人民政府办公室".into(),
        document_number: "某政办发〔2025〕12号".into(),
        formed_on: "2025-09-26".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "通知".into(),
        kind: "normative".into(),
        article20: String::new(),
        article21: String::new(),
        attribute: "主动公开".into(),
        attribute_reason: String::new(),
        scope: "面向社会".into(),
        keywords: "政务公开".into(),
        body: "正文".into(),
        body_format: String::new(),
        revision_of: String::new(),
        normative_registration: String::new(),
        changed_on: String::new(),
        standard_row: String::new(),
        interpretation: Default::default(),
    }
    .validate()
    .unwrap()
}

const METADATA: &str = r#"{"title":"某某市政府信息公开工作考核办法","summary":"明确考核的对象和内容。","issuers":["某某市人民政府办公室"],"document_number":"某政办发〔2025〕12号","formed_on":"2025-09-26","changed_on":null,"topic":"综合政务\\政务公开","genre":"notice","kind":"normative","article20":"regulations","article21":null,"attribute":"proactive","attribute_reason":null,"scope":"public","keywords":["政务公开"],"body":"正文","normative_registration":null}"#;

fn item_goldens() -> Vec<(String, ItemAction)> {
    let with_metadata = |tag: &str| format!(r#"{{"action":"{tag}","metadata":{METADATA}}}"#);
    let index = IndexNumber::parse("000014349/2025-00012").unwrap();
    let simple: Vec<(&str, ItemAction)> = vec![
        (
            r#"{"action":"submitted","with_interpretation":"item-7"}"#,
            ItemAction::Submitted {
                with_interpretation: Some("item-7".into()),
                no_interpretation_reason: None,
            },
        ),
        (
            r#"{"action":"submitted","with_interpretation":null}"#,
            ItemAction::Submitted {
                with_interpretation: None,
                no_interpretation_reason: None,
            },
        ),
        (
            r#"{"action":"submitted","with_interpretation":null,"no_interpretation_reason":"仅调整实施日期"}"#,
            ItemAction::Submitted {
                with_interpretation: None,
                no_interpretation_reason: Some("仅调整实施日期".into()),
            },
        ),
        (
            r#"{"action":"replaced_by","replacement":{"item":"42","title":"某某市政府信息公开工作考核办法（2026年修订）"}}"#,
            ItemAction::ReplacedBy {
                replacement: gongkai_domain::catalogue::Replacement {
                    item: Some("42".into()),
                    title: "某某市政府信息公开工作考核办法（2026年修订）".into(),
                },
            },
        ),
        (
            r#"{"action":"replaced_by","replacement":{"title":"某政办发〔2026〕3号"}}"#,
            ItemAction::ReplacedBy {
                replacement: gongkai_domain::catalogue::Replacement {
                    item: None,
                    title: "某政办发〔2026〕3号".into(),
                },
            },
        ),
        (
            r#"{"action":"refused","reason":"摘要不完整"}"#,
            ItemAction::Refused {
                reason: "摘要不完整".into(),
            },
        ),
        (
            r#"{"action":"approved","review":"不涉密"}"#,
            ItemAction::Approved {
                review: "不涉密".into(),
            },
        ),
        (
            r#"{"action":"published","date":"2025-09-28","index_number":"000014349/2025-00012","channels":["website","wechat"]}"#,
            ItemAction::Published {
                date: d("2025-09-28"),
                index_number: index,
                channels: vec![PublicationChannel::Website, PublicationChannel::Wechat],
            },
        ),
        (
            r#"{"action":"channels_recorded","channels":["weibo"]}"#,
            ItemAction::ChannelsRecorded {
                channels: vec![PublicationChannel::Weibo],
            },
        ),
        (
            r#"{"action":"repealed","date":"2026-01-05","reason":"已被新办法替代"}"#,
            ItemAction::Repealed {
                date: d("2026-01-05"),
                reason: "已被新办法替代".into(),
            },
        ),
        (
            r#"{"action":"lapsed","date":"2026-01-06","reason":"有效期届满"}"#,
            ItemAction::Lapsed {
                date: d("2026-01-06"),
                reason: "有效期届满".into(),
            },
        ),
        (
            r#"{"action":"withdrawn","date":"2025-09-29","note":"附件有误"}"#,
            ItemAction::Withdrawn {
                date: d("2025-09-29"),
                note: "附件有误".into(),
            },
        ),
        (
            r#"{"action":"interpretation_linked","item":"item-8"}"#,
            ItemAction::InterpretationLinked {
                item: "item-8".into(),
            },
        ),
        (
            r#"{"action":"attachment_added","sha256":"ab12","filename":"办法.pdf"}"#,
            ItemAction::AttachmentAdded {
                sha256: "ab12".into(),
                filename: "办法.pdf".into(),
            },
        ),
    ];
    let mut all = vec![
        (
            with_metadata("drafted"),
            ItemAction::Drafted {
                metadata: metadata(),
            },
        ),
        (
            with_metadata("edited"),
            ItemAction::Edited {
                metadata: metadata(),
            },
        ),
    ];
    // Filed under a 标准目录 row (0028): the key after the other fields;
    // unfiled metadata has no such key (the goldens above).
    let filed = METADATA.replace(
        r#""normative_registration":null}"#,
        r#""normative_registration":null,"standard_row":"policy.normative-docs"}"#,
    );
    let mut filed_metadata = metadata();
    filed_metadata.standard_row = Some("policy.normative-docs".into());
    all.push((
        format!(r#"{{"action":"edited","metadata":{filed}}}"#),
        ItemAction::Edited {
            metadata: filed_metadata,
        },
    ));
    all.extend(simple.into_iter().map(|(s, a)| (s.to_owned(), a)));
    all
}

fn actor_goldens() -> Vec<(&'static str, Actor)> {
    vec![
        (
            r#"{"kind":"staff","id":7,"name":"李承办"}"#,
            Actor::Staff {
                id: 7,
                name: "李承办".into(),
            },
        ),
        (r#"{"kind":"applicant"}"#, Actor::Applicant),
        (r#"{"kind":"system"}"#, Actor::System),
    ]
}

fn check<T: PartialEq + std::fmt::Debug>(
    legacy: &str,
    expected: &T,
    decode: impl Fn(&str) -> StoreResult<T>,
    encode: impl Fn(&T) -> StoreResult<String>,
) {
    let now = versioned(legacy);
    assert_eq!(&decode(legacy).unwrap(), expected, "legacy {legacy}");
    assert_eq!(&decode(&now).unwrap(), expected, "versioned {now}");
    assert_eq!(encode(expected).unwrap(), now, "encode of {expected:?}");
}

#[test]
fn every_case_action_reads_legacy_and_versioned_and_writes_versioned() {
    for (legacy, expected) in case_goldens() {
        check(legacy, &expected, decode_case_action, encode_case_action);
    }
}

#[test]
fn every_item_action_reads_legacy_and_versioned_and_writes_versioned() {
    for (legacy, expected) in item_goldens() {
        check(&legacy, &expected, decode_item_action, encode_item_action);
    }
}

#[test]
fn every_actor_reads_legacy_and_versioned_and_writes_versioned() {
    for (legacy, expected) in actor_goldens() {
        check(legacy, &expected, decode_actor, encode_actor);
    }
}

/// PostgreSQL (`JSONB`) gives the keys back in its own order; the version
/// may come anywhere.
#[test]
fn key_order_does_not_matter() {
    let a = decode_case_action(r#"{"date": "2025-03-27", "v": 1, "action": "closed"}"#).unwrap();
    assert_eq!(
        a,
        CaseAction::Closed {
            date: d("2025-03-27")
        }
    );
}

#[test]
fn an_unknown_version_or_variant_is_corrupt_not_guessed() {
    let e = decode_case_action(r#"{"v":2,"action":"closed","date":"2025-03-27"}"#).unwrap_err();
    assert!(
        matches!(&e, StoreError::Corrupt(m) if m.contains("不支持的存储格式版本2")),
        "{e:?}"
    );
    let e = decode_case_action(r#"{"v":1,"action":"shut","date":"2025-03-27"}"#).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e:?}");
    let e = decode_actor(r#"{"v":"x","kind":"system"}"#).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt(_)), "{e:?}");
}

fn case_tag(a: &CaseAction) -> &'static str {
    match a {
        CaseAction::SubmittedOnline { .. } => "submitted_online",
        CaseAction::ReceiptConfirmed { .. } => "receipt_confirmed",
        CaseAction::CorrectionRequested { .. } => "correction_requested",
        CaseAction::CorrectionSubmitted { .. } => "correction_submitted",
        CaseAction::CorrectionLapsed { .. } => "correction_lapsed",
        CaseAction::ConsultationStarted { .. } => "consultation_started",
        CaseAction::ConsultationEnded { .. } => "consultation_ended",
        CaseAction::ExtensionRequested { .. } => "extension_requested",
        CaseAction::ExtensionApproved { .. } => "extension_approved",
        CaseAction::ExtensionRefused { .. } => "extension_refused",
        CaseAction::FeeNoticeIssued { .. } => "fee_notice_issued",
        CaseAction::FeePaid { .. } => "fee_paid",
        CaseAction::FeeLapsed { .. } => "fee_lapsed",
        CaseAction::AgencyDeadlineSet { .. } => "agency_deadline_set",
        CaseAction::OutcomeDecided { .. } => "outcome_decided",
        CaseAction::DecisionDrafted { .. } => "decision_drafted",
        CaseAction::DecisionReturned { .. } => "decision_returned",
        CaseAction::Withdrawn { .. } => "withdrawn",
        CaseAction::Delivered { .. } => "delivered",
        CaseAction::Closed { .. } => "closed",
    }
}

fn item_tag(a: &ItemAction) -> &'static str {
    match a {
        ItemAction::Drafted { .. } => "drafted",
        ItemAction::Edited { .. } => "edited",
        ItemAction::Submitted { .. } => "submitted",
        ItemAction::Refused { .. } => "refused",
        ItemAction::Approved { .. } => "approved",
        ItemAction::Published { .. } => "published",
        ItemAction::ChannelsRecorded { .. } => "channels_recorded",
        ItemAction::Repealed { .. } => "repealed",
        ItemAction::Lapsed { .. } => "lapsed",
        ItemAction::Withdrawn { .. } => "withdrawn",
        ItemAction::InterpretationLinked { .. } => "interpretation_linked",
        ItemAction::AttachmentAdded { .. } => "attachment_added",
        ItemAction::ReplacedBy { .. } => "replaced_by",
    }
}

#[test]
fn every_variant_has_a_golden_entry() {
    // Keep in step with the matches above (a new variant does not compile
    // there until it is added, and then needs its tag here).
    let case_tags = [
        "submitted_online",
        "receipt_confirmed",
        "correction_requested",
        "correction_submitted",
        "correction_lapsed",
        "consultation_started",
        "consultation_ended",
        "extension_requested",
        "extension_approved",
        "extension_refused",
        "fee_notice_issued",
        "fee_paid",
        "fee_lapsed",
        "agency_deadline_set",
        "outcome_decided",
        "withdrawn",
        "delivered",
        "closed",
    ];
    let covered: Vec<&str> = case_goldens().iter().map(|(_, a)| case_tag(a)).collect();
    for tag in case_tags {
        assert!(
            covered.contains(&tag),
            "no golden entry for case action {tag}"
        );
    }
    let item_tags = [
        "drafted",
        "edited",
        "submitted",
        "refused",
        "approved",
        "published",
        "channels_recorded",
        "repealed",
        "lapsed",
        "withdrawn",
        "interpretation_linked",
        "attachment_added",
        "replaced_by",
    ];
    let covered: Vec<&str> = item_goldens().iter().map(|(_, a)| item_tag(a)).collect();
    for tag in item_tags {
        assert!(
            covered.contains(&tag),
            "no golden entry for item action {tag}"
        );
    }
    // Each golden text carries the tag of its value.
    for (legacy, a) in case_goldens() {
        assert!(legacy.contains(&format!(r#""action":"{}""#, case_tag(&a))));
    }
    for (legacy, a) in item_goldens() {
        assert!(legacy.contains(&format!(r#""action":"{}""#, item_tag(&a))));
    }
}
