//! The catalogue of proactive disclosure: index numbers (every form of
//! catalogue.md), the editor's form, the publishing workflow with its
//! confidentiality review, Art. 26 timeliness across the 2025 National Day
//! holiday (counted by hand), the 规章/规范性文件 counts of table 二 (with AR-10
//! as a property), the Article 20 figures, and bulk import.

use chrono::{DateTime, Days, NaiveDate};
use gongkai_domain::agency_code::AgencyCode;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    Article20Figures, Counts3, DisclosureAttribute, DisclosureScope, FiguresForm, Genre,
    IMPORT_HEADER, ImportError, IndexNumber, IndexNumberError, ItemAction, ItemError,
    ItemEventRecord, ItemForm, ItemKind, ItemMetadata, ItemState, ItemSummary, ItemView,
    PUBLICATION_WORKING_DAYS, PublicationChannel, RegulationCounts, TopTopic, Topic, Validity,
    ValidityState, check_item_action, figures_from_rows, import_csv, import_rows, item_history_zh,
    item_view, parse_figures_csv, publication_due, regulation_counts, timeliness,
    validate_item_history,
};
use gongkai_domain::vocabulary::{Article20Item, ReportFormat};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::vendored()
}

// ---------------------------------------------------------------------------
// Index numbers
// ---------------------------------------------------------------------------

#[test]
fn index_number_org_code_form() {
    let n = IndexNumber::parse("000014349/2017-00110").unwrap();
    assert_eq!(n.as_str(), "000014349/2017-00110");
    assert_eq!(n.agency_part(), "000014349");
    assert_eq!(n.year(), 2017);
    assert_eq!(n.month(), None);
    assert_eq!(n.serial(), 110);
    assert!(n.is_standard());
    assert!(n.agency_code().unwrap().is_verified());
}

#[test]
fn index_number_uscc_form() {
    let n = IndexNumber::parse("11341702486344515H/2021-00013").unwrap();
    assert_eq!(n.agency_part(), "11341702486344515H");
    assert_eq!(n.year(), 2021);
    assert_eq!(n.serial(), 13);
    assert_eq!(n.to_string(), "11341702486344515H/2021-00013");
}

#[test]
fn index_number_hyphenated_org_code_is_kept_as_written() {
    let n = IndexNumber::parse("0142768-8/2022-00185").unwrap();
    assert_eq!(n.as_str(), "0142768-8/2022-00185");
    assert_eq!(n.agency_part(), "0142768-8");
    assert_eq!(n.year(), 2022);
    assert_eq!(n.serial(), 185);
    assert!(
        !n.is_standard(),
        "a historical prefix is not the generated form"
    );
}

#[test]
fn index_number_year_month_form() {
    let n = IndexNumber::parse("11341702486344515H/202110-00013").unwrap();
    assert_eq!(n.year(), 2021);
    assert_eq!(n.month(), Some(10));
    assert_eq!(n.serial(), 13);
    assert_eq!(n.as_str(), "11341702486344515H/202110-00013");
    assert!(!n.is_standard());
}

#[test]
fn index_number_is_normalised() {
    // Full-width digits, slash and dash, spaces, lower case.
    let n = IndexNumber::parse("  ０００014349／2017－00110 ").unwrap();
    assert_eq!(n.as_str(), "000014349/2017-00110");
    let n = IndexNumber::parse("11341702486344515h / 2021-00013").unwrap();
    assert_eq!(n.as_str(), "11341702486344515H/2021-00013");
    assert_eq!(
        IndexNumber::parse("000014349/2017-00110").unwrap(),
        IndexNumber::parse("０００014349／2017－00110").unwrap()
    );
}

type IsExpected = fn(&IndexNumberError) -> bool;

#[test]
fn index_number_errors_are_clear_chinese() {
    let cases: [(&str, IsExpected); 8] = [
        ("", |e| matches!(e, IndexNumberError::Empty)),
        ("000014349-2017-00110", |e| {
            matches!(e, IndexNumberError::MissingSlash { .. })
        }),
        ("000014349/2017/00110", |e| {
            matches!(e, IndexNumberError::TooManySlashes { .. })
        }),
        ("0000@4349/2017-00110", |e| {
            matches!(e, IndexNumberError::Agency(_))
        }),
        ("000014349/201700110", |e| {
            matches!(e, IndexNumberError::Suffix { .. })
        }),
        ("000014349/17-00110", |e| {
            matches!(e, IndexNumberError::Year { .. })
        }),
        ("000014349/202113-00013", |e| {
            matches!(e, IndexNumberError::Year { .. })
        }),
        ("000014349/2017-001A0", |e| {
            matches!(e, IndexNumberError::Serial { .. })
        }),
    ];
    for (text, is_expected) in cases {
        let e = IndexNumber::parse(text).expect_err(text);
        assert!(is_expected(&e), "{text}: {e:?}");
        let msg = e.to_string();
        assert!(msg.contains("索引号"), "{text}: {msg}");
    }
    let msg = IndexNumber::parse("000014349-2017-00110")
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("000014349/2017-00110"),
        "shows the form: {msg}"
    );
}

#[test]
fn generate_uses_code_year_and_five_digit_serial() {
    let org = AgencyCode::parse("000014349").unwrap();
    assert_eq!(
        IndexNumber::generate(&org, 2017, 110).as_str(),
        "000014349/2017-00110"
    );
    let uscc = AgencyCode::parse_lenient("11341702486344515H").unwrap();
    assert_eq!(
        IndexNumber::generate(&uscc, 2021, 13).as_str(),
        "11341702486344515H/2021-00013"
    );
    // An organisation code written with its hyphen is generated without it.
    let hyphen = AgencyCode::parse("00001434-9").unwrap();
    let n = IndexNumber::generate(&hyphen, 2024, 1);
    assert_eq!(n.as_str(), "000014349/2024-00001");
    assert!(n.is_standard());
    assert_eq!(IndexNumber::parse(n.as_str()).unwrap(), n);
}

#[test]
fn next_serial_counts_per_agency_and_year() {
    let org = AgencyCode::parse("000014349").unwrap();
    let existing = [
        IndexNumber::parse("000014349/2024-00007").unwrap(),
        IndexNumber::parse("000014349/2024-00003").unwrap(),
        IndexNumber::parse("000014349/2023-00099").unwrap(),
        IndexNumber::parse("11341702486344515H/2024-00050").unwrap(),
    ];
    assert_eq!(IndexNumber::next_serial(&existing, &org, 2024), 8);
    assert_eq!(IndexNumber::next_serial(&existing, &org, 2025), 1);
}

#[test]
fn index_number_serialises_as_its_string() {
    let n = IndexNumber::parse("0142768-8/2022-00185").unwrap();
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(json, "\"0142768-8/2022-00185\"");
    let back: IndexNumber = serde_json::from_str(&json).unwrap();
    assert_eq!(back, n);
    assert!(serde_json::from_str::<IndexNumber>("\"no slash\"").is_err());
}

proptest! {
    #[test]
    fn generated_numbers_parse_back(year in 1990i32..=2099, serial in 1u32..=99_999) {
        for code in ["000014349", "11341702486344515H"] {
            let c = AgencyCode::parse_lenient(code).unwrap();
            let n = IndexNumber::generate(&c, year, serial);
            let back = IndexNumber::parse(n.as_str()).unwrap();
            prop_assert_eq!(&back, &n);
            prop_assert_eq!(back.year(), year);
            prop_assert_eq!(back.serial(), serial);
            prop_assert_eq!(back.agency_part(), code);
            prop_assert_eq!(n.as_str().len(), code.len() + 1 + 4 + 1 + 5);
        }
    }
}

// ---------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------

#[test]
fn topics_have_21_top_levels_and_two_level_form() {
    assert_eq!(TopTopic::ALL.len(), 21);
    let t = Topic::parse("综合政务\\政务公开").unwrap();
    assert_eq!(t.top, TopTopic::General);
    assert_eq!(t.sub.as_deref(), Some("政务公开"));
    assert_eq!(t.to_string(), "综合政务\\政务公开");
    for text in [
        "综合政务/政务公开",
        "综合政务＼政务公开",
        " 综合政务 ／ 政务公开 ",
    ] {
        assert_eq!(Topic::parse(text).unwrap(), t, "{text}");
    }
    let top_only = Topic::parse("财政、金融、审计").unwrap();
    assert_eq!(top_only.top, TopTopic::Finance);
    assert_eq!(top_only.sub, None);
    assert_eq!(top_only.to_string(), "财政、金融、审计");
    assert!(
        Topic::parse("不存在的分类\\x")
            .unwrap_err()
            .to_string()
            .contains("综合政务")
    );
    assert!(Topic::parse("综合政务\\a\\b").is_err());
    assert!(Topic::parse("").is_err());
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, "\"综合政务\\\\政务公开\"");
    assert_eq!(serde_json::from_str::<Topic>(&json).unwrap(), t);
}

// ---------------------------------------------------------------------------
// The editor's form
// ---------------------------------------------------------------------------

fn good_form() -> ItemForm {
    ItemForm {
        title: "某某市人民政府办公室关于印发某某市政府信息公开工作考核办法的通知".into(),
        summary: "明确全市政府信息公开工作考核的对象、内容、方式和结果运用，自2025年10月1日起施行。"
            .into(),
        issuers: "某某市人民政府办公室\n".into(),
        document_number: "某政办发[2025]12号".into(),
        formed_on: "2025-09-26".into(),
        topic: "综合政务\\政务公开".into(),
        genre: "通知".into(),
        kind: "normative".into(),
        article20: String::new(),
        article21: String::new(),
        attribute: "主动公开".into(),
        attribute_reason: String::new(),
        scope: "面向社会".into(),
        keywords: "政务公开、考核，办法".into(),
        body: "各县（市、区）人民政府，市政府各部门：现将《某某市政府信息公开工作考核办法》印发给你们，请认真贯彻执行。"
            .into(),
        body_format: String::new(),
        revision_of: String::new(),
        normative_registration: "hhcr－2025－01005".into(),
        changed_on: String::new(),
        standard_row: String::new(),
        interpretation: Default::default(),
    }
}

fn metadata() -> ItemMetadata {
    good_form().validate().unwrap()
}

#[test]
fn a_revision_lists_the_fields_that_changed_and_needs_its_change_date() {
    use gongkai_domain::catalogue::revision::{FieldChange, field_changes};
    let published = metadata();
    let mut f = good_form();
    f.revision_of = "12".into();
    let errors = f.validate().unwrap_err();
    assert!(
        errors
            .get("changed_on")
            .is_some_and(|e| e.contains("第二十六条")),
        "{errors:?}"
    );
    f.changed_on = "2025-10-15".into();
    f.keywords = "政务公开、考核".into();
    let revised = f.validate().unwrap();
    assert_eq!(revised.revision_of.as_deref(), Some("12"));
    assert_eq!(
        field_changes(&published, &revised),
        vec![
            FieldChange {
                field: "变更日期",
                published: String::new(),
                revised: "2025-10-15".into(),
            },
            FieldChange {
                field: "关键词",
                published: "政务公开、考核、办法".into(),
                revised: "政务公开、考核".into(),
            },
        ]
    );
    f.revision_of = "第12号".into();
    assert!(f.validate().unwrap_err().get("revision_of").is_some());
}

#[test]
fn an_html_body_is_kept_clean_and_compared_as_text() {
    let mut f = good_form();
    f.body_format = "html".into();
    f.body = "<p onclick=\"x()\">各县（市、区）人民政府：</p><table><tr><td>考核</td></tr></table><script>x()</script>".into();
    let m = f.validate().unwrap();
    assert_eq!(
        m.body,
        "<p>各县（市、区）人民政府：</p><table><tbody><tr><td>考核</td></tr></tbody></table>"
    );
    assert_eq!(m.body_text(), "各县（市、区）人民政府：\n考核");
    // The summary may not copy the body, markup or not.
    f.summary = "各县（市、区）人民政府：考核".into();
    let errors = f.validate().unwrap_err();
    assert!(
        errors
            .get("summary")
            .is_some_and(|e| e.contains("不能照抄正文")),
        "{errors:?}"
    );
    // An editor left with only an empty paragraph has no body.
    f.summary = good_form().summary;
    f.body = "<p><br></p>".into();
    assert_eq!(f.validate().unwrap().body, "");
}

#[test]
fn good_form_gives_typed_metadata() {
    let m = metadata();
    assert_eq!(m.issuers, vec!["某某市人民政府办公室"]);
    assert_eq!(m.document_number.as_deref(), Some("某政办发〔2025〕12号"));
    assert_eq!(m.formed_on, d("2025-09-26"));
    assert_eq!(m.topic.top, TopTopic::General);
    assert_eq!(m.genre, Genre::Notice);
    assert_eq!(m.kind, ItemKind::NormativeDocument);
    // A normative document is Article 20 item （一）, filled in when empty.
    assert_eq!(m.article20, Some(Article20Item::Regulations));
    assert_eq!(m.attribute, DisclosureAttribute::Proactive);
    assert_eq!(m.scope, DisclosureScope::Public);
    assert_eq!(m.keywords, vec!["政务公开", "考核", "办法"]);
    assert_eq!(m.normative_registration.as_deref(), Some("HHCR-2025-01005"));
    assert!(m.advisories().is_empty(), "{:?}", m.advisories());
    // Editing round trip.
    assert_eq!(ItemForm::from(&m).validate().unwrap(), m);
    // Serialized with codes.
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["genre"], "notice");
    assert_eq!(json["kind"], "normative");
    assert_eq!(json["article20"], "regulations");
}

#[test]
fn empty_form_reports_every_required_field_at_once() {
    let e = ItemForm::default().validate().unwrap_err();
    for field in [
        "title",
        "summary",
        "issuers",
        "formed_on",
        "topic",
        "genre",
        "kind",
        "attribute",
        "scope",
    ] {
        assert!(
            e.get(field).is_some(),
            "{field} missing in {:?}",
            e.fields()
        );
    }
    assert!(e.get("summary").unwrap().contains("第十二条"));
    assert!(e.get("document_number").is_none(), "文号 is optional");
}

#[test]
fn several_errors_come_together() {
    let mut f = good_form();
    f.formed_on = "2021-02-30".into();
    f.document_number = "第十二号文".into();
    f.keywords = "一 二 三 四 五 六 七 八 九 十 十一".into();
    f.attribute = "不予公开".into();
    let e = f.validate().unwrap_err();
    assert_eq!(
        e.get("formed_on"),
        Some("日期“2021-02-30”无效，请按YYYY-MM-DD填写")
    );
    assert!(e.get("document_number").unwrap().contains("〔"));
    assert!(e.get("keywords").unwrap().contains("最多10个"));
    assert!(e.get("attribute_reason").unwrap().contains("理由"));
    assert_eq!(e.len(), 4, "{:?}", e.fields());
}

#[test]
fn summary_copying_the_title_is_refused() {
    let mut f = good_form();
    f.summary = f.title.clone();
    let msg = f
        .validate()
        .unwrap_err()
        .get("summary")
        .unwrap()
        .to_string();
    assert!(msg.contains("不能照抄名称"), "{msg}");
    // With different punctuation, or only a part of the title: still a copy.
    f.summary = format!("《{}》。", f.title);
    assert!(f.validate().unwrap_err().get("summary").is_some());
    f.summary = "政府信息公开工作考核办法".into();
    assert!(f.validate().unwrap_err().get("summary").is_some());
}

#[test]
fn summary_copying_the_body_start_is_refused() {
    let mut f = good_form();
    f.summary =
        "各县（市、区）人民政府，市政府各部门：现将《某某市政府信息公开工作考核办法》印发给你们"
            .into();
    let msg = f
        .validate()
        .unwrap_err()
        .get("summary")
        .unwrap()
        .to_string();
    assert!(msg.contains("正文开头"), "{msg}");
}

#[test]
fn summary_length_about_100_characters() {
    let mut f = good_form();
    f.summary = "考".repeat(150);
    let m = f.validate().unwrap();
    assert!(m.advisories().iter().any(|a| a.field == "summary"));
    f.summary = "考".repeat(201);
    let msg = f
        .validate()
        .unwrap_err()
        .get("summary")
        .unwrap()
        .to_string();
    assert!(msg.contains("约100字"), "{msg}");
}

#[test]
fn joint_documents_list_every_issuer_one_per_line() {
    let mut f = good_form();
    f.issuers = "某某市财政局\n某某市发展和改革委员会\n某某市财政局".into();
    let m = f.validate().unwrap();
    assert_eq!(m.issuers, vec!["某某市财政局", "某某市发展和改革委员会"]);
    f.issuers = "某某市财政局、某某市发展和改革委员会".into();
    assert!(
        f.validate()
            .unwrap_err()
            .get("issuers")
            .unwrap()
            .contains("每行")
    );
}

#[test]
fn kind_and_article20_agree() {
    let mut f = good_form();
    f.article20 = "（五）".into();
    let msg = f
        .validate()
        .unwrap_err()
        .get("article20")
        .unwrap()
        .to_string();
    assert!(msg.contains("第（一）项"), "{msg}");
    f.kind = "其他".into();
    f.normative_registration.clear();
    assert_eq!(
        f.validate().unwrap().article20,
        Some(Article20Item::Licensing)
    );
    for text in [
        "5",
        "(五)",
        "第（五）项",
        "第二十条第（五）项",
        "licensing",
        "五",
    ] {
        f.article20 = text.into();
        assert_eq!(
            f.validate().unwrap().article20,
            Some(Article20Item::Licensing),
            "{text}"
        );
    }
    f.article20 = "（十六）".into();
    assert!(f.validate().unwrap_err().get("article20").is_some());
    // A registration number belongs to normative documents only.
    f.article20.clear();
    f.normative_registration = "HHCR-2023-01005".into();
    assert!(
        f.validate()
            .unwrap_err()
            .get("normative_registration")
            .is_some()
    );
}

#[test]
fn not_disclosed_needs_a_reason_and_keeps_it() {
    let mut f = good_form();
    f.attribute = "not_disclosed".into();
    assert!(f.validate().unwrap_err().get("attribute_reason").is_some());
    f.attribute_reason = "属于国家秘密".into();
    let m = f.validate().unwrap();
    assert_eq!(m.attribute, DisclosureAttribute::NotDisclosed);
    assert_eq!(m.attribute_reason.as_deref(), Some("属于国家秘密"));
    // A reason given for 主动公开 is dropped.
    f.attribute = "主动公开".into();
    assert_eq!(f.validate().unwrap().attribute_reason, None);
}

#[test]
fn vocabulary_codes_labels_and_serde() {
    assert_eq!(Validity::ALL.map(Validity::label), ["有效", "失效", "废止"]);
    assert_eq!(
        DisclosureAttribute::ALL.map(DisclosureAttribute::label),
        ["主动公开", "依申请公开", "不予公开"]
    );
    assert_eq!(
        DisclosureScope::ALL.map(DisclosureScope::label),
        ["面向社会", "面向特定对象"]
    );
    assert_eq!(
        PublicationChannel::ALL.map(PublicationChannel::label),
        ["政府网站", "政务微博", "政务微信", "其他方式"]
    );
    for g in [
        "通知", "通报", "意见", "办法", "规定", "决定", "公告", "通告", "批复", "报告", "函",
        "纪要", "方案", "规划", "命令", "议案", "其他", "决议", "公报", "请示",
    ] {
        assert!(Genre::parse(g).is_some(), "{g}");
    }
    assert_eq!(
        ItemKind::parse("规范性文件"),
        Some(ItemKind::NormativeDocument)
    );
    assert_eq!(ItemKind::parse("规章"), Some(ItemKind::Regulation));
    for g in Genre::ALL {
        assert_eq!(Genre::from_code(g.code()), Some(g));
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(json, format!("\"{}\"", g.code()));
        assert_eq!(serde_json::from_str::<Genre>(&json).unwrap(), g);
    }
    let v = ValidityState::Repealed {
        date: d("2023-05-01"),
        reason: "被新办法取代".into(),
    };
    assert_eq!(v.kind(), Validity::Repealed);
    assert_eq!(v.label_zh(), "废止（2023-05-01）：被新办法取代");
    assert!(v.in_force_on(d("2023-04-30")));
    assert!(!v.in_force_on(d("2023-05-01")));
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["kind"], "repealed");
}

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

fn record(h: &mut Vec<ItemEventRecord>, actor: Actor, action: ItemAction) {
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

fn view_of(h: &[ItemEventRecord]) -> ItemView {
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

// ---------------------------------------------------------------------------
// Table 二: 规章 and 规范性文件 from the catalogue
// ---------------------------------------------------------------------------

fn summary(kind: ItemKind, published: Option<&str>, validity: ValidityState) -> ItemSummary {
    ItemSummary {
        kind,
        published_on: published.map(d),
        formed_on: published.map_or(d("2020-01-01"), |p| d(p) - Days::new(10)),
        validity,
    }
}

fn repealed(date: &str) -> ValidityState {
    ValidityState::Repealed {
        date: d(date),
        reason: "废止".into(),
    }
}

#[test]
fn regulation_counts_worked_example() {
    let items = vec![
        // Regulations.
        summary(
            ItemKind::Regulation,
            Some("2021-03-01"),
            ValidityState::InForce,
        ),
        summary(
            ItemKind::Regulation,
            Some("2022-06-01"),
            repealed("2023-02-01"),
        ),
        summary(
            ItemKind::Regulation,
            Some("2023-04-01"),
            ValidityState::InForce,
        ),
        // Normative documents.
        summary(
            ItemKind::NormativeDocument,
            Some("2023-01-10"),
            repealed("2023-12-31"),
        ),
        summary(
            ItemKind::NormativeDocument,
            Some("2022-12-31"),
            ValidityState::Lapsed {
                date: d("2024-01-01"),
                reason: "有效期届满".into(),
            },
        ),
        // Never published: ignored.
        summary(ItemKind::NormativeDocument, None, ValidityState::InForce),
        // Not a regulation or normative document: ignored.
        summary(ItemKind::Other, Some("2023-05-05"), ValidityState::InForce),
    ];
    let c = regulation_counts(&items, 2023);
    assert_eq!(
        c,
        RegulationCounts {
            regulations: Counts3 {
                made: 1,
                repealed: 1,
                in_force: 2
            },
            normative: Counts3 {
                made: 1,
                repealed: 1,
                in_force: 1
            },
        }
    );
    let c22 = regulation_counts(&items, 2022);
    assert_eq!(c22.regulations.in_force, 2);
    assert_eq!(c22.normative.in_force, 1);
    // The lapse on 2024-01-01 counts in 2024.
    assert_eq!(regulation_counts(&items, 2024).normative.repealed, 1);
    assert_eq!(regulation_counts(&items, 2024).normative.in_force, 0);
    // Cells in the two formats' column orders.
    assert_eq!(c.regulations.cells(ReportFormat::Y2021), [1, 1, 2]);
    assert_eq!(c.regulations.cells(ReportFormat::Y2019), [1, 1, 2]);
    assert_eq!(c.normative.cells(ReportFormat::Y2019), [1, 1, 1]);
}

fn any_summary() -> impl Strategy<Value = ItemSummary> {
    let first = d("2015-01-01");
    let date = move |max: u64| (0..max).prop_map(move |o| first + Days::new(o));
    (
        prop_oneof![
            Just(ItemKind::Regulation),
            Just(ItemKind::NormativeDocument),
            Just(ItemKind::Other)
        ],
        proptest::option::weighted(0.85, date(11 * 366)),
        date(11 * 366),
        0u8..3,
        date(12 * 366),
    )
        .prop_map(|(kind, published_on, formed_on, v, end)| ItemSummary {
            kind,
            published_on,
            formed_on,
            // The end date may even precede the publication (imported data).
            validity: match v {
                0 => ValidityState::InForce,
                1 => ValidityState::Lapsed {
                    date: end,
                    reason: String::new(),
                },
                _ => ValidityState::Repealed {
                    date: end,
                    reason: String::new(),
                },
            },
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// AR-10: 现行有效件数(N) = 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N).
    #[test]
    fn ar10_holds_by_construction(items in proptest::collection::vec(any_summary(), 0..40)) {
        for year in 2014..=2028 {
            let prev = regulation_counts(&items, year - 1);
            let now = regulation_counts(&items, year);
            for (p, n) in [(prev.regulations, now.regulations), (prev.normative, now.normative)] {
                prop_assert_eq!(
                    i128::from(n.in_force),
                    i128::from(p.in_force) + i128::from(n.made) - i128::from(n.repealed),
                    "year {}", year
                );
            }
        }
        // Everything published is made exactly once, over all years.
        let published = items.iter().filter(|i| i.kind == ItemKind::Regulation && i.published_on.is_some()).count();
        let made: u64 = (2010..=2035).map(|y| regulation_counts(&items, y).regulations.made).sum();
        prop_assert_eq!(made, published as u64);
    }
}

// ---------------------------------------------------------------------------
// Article 20 figures
// ---------------------------------------------------------------------------

fn figures_form() -> FiguresForm {
    FiguresForm {
        permits: "1,234".into(),
        penalties: "56".into(),
        compulsory_measures: "0".into(),
        fee_income_wan_yuan: "12.35".into(),
        ..FiguresForm::default()
    }
}

#[test]
fn figures_for_a_2021_format_year() {
    let f = figures_form().validate(2023).unwrap();
    assert_eq!(
        f,
        Article20Figures {
            year: 2023,
            permits: 1234,
            penalties: 56,
            compulsory_measures: 0,
            fee_income_wan_yuan: "12.35".into(),
            other_services: None,
            procurement_items: None,
            procurement_amount: None,
            list_counts_2019: None,
        }
    );
    assert_eq!(f.format(), Some(ReportFormat::Y2021));
    // 2019-only figures are refused from 2021 on (a 0 is tolerated).
    let mut form = figures_form();
    form.other_services = "5".into();
    form.procurement_items = "0".into();
    let e = form.validate(2023).unwrap_err();
    assert!(e.get("other_services").unwrap().contains("不再统计"));
    assert!(e.get("procurement_items").is_none());
    assert_eq!(e.len(), 1);
}

#[test]
fn figures_are_checked_all_at_once() {
    let form = FiguresForm {
        permits: "-3".into(),
        penalties: "1.5".into(),
        compulsory_measures: "/".into(),
        fee_income_wan_yuan: "1.23456".into(),
        ..FiguresForm::default()
    };
    let e = form.validate(2022).unwrap_err();
    assert!(e.get("permits").unwrap().contains("负数"));
    assert!(e.get("penalties").unwrap().contains("整数"));
    assert!(e.get("compulsory_measures").unwrap().contains("没有的填0"));
    assert!(e.get("fee_income_wan_yuan").unwrap().contains("4位"));
    assert_eq!(e.len(), 4);
    // No national format before 2019.
    assert!(
        figures_form()
            .validate(2018)
            .unwrap_err()
            .get("year")
            .is_some()
    );
}

#[test]
fn figures_for_the_2019_format_need_its_extra_cells() {
    let e = figures_form().validate(2020).unwrap_err();
    assert_eq!(
        e.fields(),
        vec!["other_services", "procurement_items", "procurement_amount"]
    );
    let mut form = figures_form();
    form.other_services = "3".into();
    form.procurement_items = "12".into();
    form.procurement_amount = "0345.6".into();
    let f = form.validate(2020).unwrap();
    assert_eq!(f.other_services, Some(3));
    assert_eq!(f.procurement_items, Some(12));
    assert_eq!(f.procurement_amount.as_deref(), Some("345.6"));
    assert_eq!(FiguresForm::from(&f).validate(2020).unwrap(), f);
}

#[test]
fn figures_csv_with_chinese_header() {
    let csv = "\u{feff}年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）,其他对外管理服务事项,政府集中采购项目数,政府集中采购金额\r\n\
               2020,10,2,0,1.5,4,3,120.25\r\n\
               2023,\"4,657\",8,1,0,,,\r\n";
    let figures = parse_figures_csv(csv).unwrap();
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[0].year, 2020);
    assert_eq!(figures[0].procurement_amount.as_deref(), Some("120.25"));
    assert_eq!(figures[1].permits, 4657);
    assert_eq!(figures[1].other_services, None);
    assert_eq!(figures[1].fee_income_wan_yuan, "0");
}

#[test]
fn figures_rows_in_another_order_and_errors_by_row() {
    let rows: Vec<Vec<String>> = [
        vec![
            "行政事业性收费（万元）",
            "年度",
            "行政强制",
            "行政处罚",
            "行政许可",
        ],
        vec!["3.2", "2022", "0", "1", "2"],
        vec!["", "", "", "", ""],
        vec!["abc", "2023", "0", "-1", "2"],
        vec!["1", "2022", "0", "0", "0"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let errors = figures_from_rows(&rows).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("第4行“行政处罚”：") && s.contains("负数")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("第4行“行政事业性收费（万元）”：")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("第5行“年度”：") && s.contains("第2行")),
        "{shown:?}"
    );
    // The first row alone is fine.
    let ok = figures_from_rows(&rows[..2]).unwrap();
    assert_eq!(ok[0].fee_income_wan_yuan, "3.2");
    assert_eq!(ok[0].permits, 2);
    // A missing column is named.
    let missing: Vec<Vec<String>> = vec![vec!["年度".into(), "行政许可".into()]];
    let e = figures_from_rows(&missing).unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].to_string()
            .contains("行政处罚、行政强制、行政事业性收费（万元）")
    );
}

// ---------------------------------------------------------------------------
// Bulk import
// ---------------------------------------------------------------------------

fn rows(csv: &str) -> Vec<Vec<String>> {
    gongkai_domain::catalogue::parse_csv(csv)
}

const GOOD_CSV: &str = "索引号,名称,内容概述,发布机构,文号,成文日期,发布日期,主题分类,第二十条,公开方式,有效性,正文,文件类别\n\
0142768-8/2022-00185,关于印发某某县城乡居民临时救助办法的通知,规定临时救助的对象、标准和审批程序。,某某县人民政府办公室,某政办发〔2022〕3号,2022-03-01,2022-03-10,民政、扶贫、救灾\\社会救助,（一）,主动公开,废止 2024-05-01 被新办法取代,正文略,行政规范性文件\n\
11341702486344515H/202110-00013,某某县2021年第三季度财政收支情况,公布第三季度一般公共预算收支和政府性基金收支情况。,\"某某县财政局\n某某县统计局\",,2021-10-08,2021-10-12,财政、金融、审计\\财政,7,主动公开,有效,,\n\
,某某县人民政府关于某某的公告,告知某某事项的办理时间和地点。,某某县人民政府,某政告〔2023〕1号,2023-06-01,2023-06-02,综合政务,,,,,\n";

#[test]
fn import_a_good_file() {
    let (items, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(items.len(), 3);

    let a = &items[0];
    assert_eq!(
        a.index_number.as_ref().unwrap().as_str(),
        "0142768-8/2022-00185"
    );
    assert_eq!(a.metadata.kind, ItemKind::NormativeDocument);
    assert_eq!(a.metadata.article20, Some(Article20Item::Regulations));
    assert_eq!(a.published_on, Some(d("2022-03-10")));
    assert_eq!(
        a.validity,
        ValidityState::Repealed {
            date: d("2024-05-01"),
            reason: "被新办法取代".into()
        }
    );
    assert_eq!(a.metadata.genre, Genre::Other, "default genre");

    let b = &items[1];
    assert_eq!(b.index_number.as_ref().unwrap().month(), Some(10));
    assert_eq!(b.metadata.issuers, vec!["某某县财政局", "某某县统计局"]);
    assert_eq!(b.metadata.article20, Some(Article20Item::Budget));
    assert_eq!(b.validity, ValidityState::InForce);
    assert_eq!(b.metadata.kind, ItemKind::Other);

    let c = &items[2];
    assert_eq!(c.index_number, None);
    assert_eq!(
        c.metadata.attribute,
        DisclosureAttribute::Proactive,
        "blank → 主动公开"
    );
    assert_eq!(c.metadata.topic, Topic::parse("综合政务").unwrap());
    // Dedup keys: the index number, or a content hash.
    assert_eq!(a.dedup_key(), "索引号:0142768-8/2022-00185");
    assert!(c.dedup_key().starts_with("内容:"));
    assert_eq!(c.dedup_key().len(), "内容:".len() + 16);
    // Importing the same file again gives the same keys.
    let (again, _) = import_csv(GOOD_CSV);
    let keys: Vec<String> = again.iter().map(|i| i.dedup_key()).collect();
    assert_eq!(
        keys,
        items.iter().map(|i| i.dedup_key()).collect::<Vec<_>>()
    );
    // Feeding table 二.
    let s = ItemSummary {
        kind: a.metadata.kind,
        published_on: a.published_on,
        formed_on: a.metadata.formed_on,
        validity: a.validity.clone(),
    };
    assert_eq!(regulation_counts(&[s], 2024).normative.repealed, 1);
}

#[test]
fn a_bad_row_is_named_by_row_and_column() {
    let csv = format!(
        "{}\n\
         ,某某通知一,概述一的内容。,某某县人民政府,,2021-01-05,,综合政务,,,,\n\
         \n\
         ,某某通知二,概述二的内容。,某某县人民政府,,2021-02-05,,综合政务,,,,\n\
         ,某某通知三,概述三的内容。,某某县人民政府,,2021-13-01,,综合政务,,,,\n\
         ,某某通知四,某某通知四,某某县人民政府,,2021-03-05,2021-03-01,综合政务,,,废止,\n",
        IMPORT_HEADER.join(",")
    );
    let (items, errors) = import_csv(&csv);
    assert_eq!(items.len(), 2, "rows 2 and 4 are fine");
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert!(
        shown.contains(&"第5行“成文日期”：日期“2021-13-01”无效，请按YYYY-MM-DD填写".to_string()),
        "{shown:?}"
    );
    assert_eq!(errors.iter().filter(|e| e.row == 5).count(), 1);
    // Row 6: summary copies the title, published before formed, repeal without date.
    let row6: Vec<&ImportError> = errors.iter().filter(|e| e.row == 6).collect();
    let fields: Vec<&str> = row6.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["内容概述", "发布日期", "有效性"], "{shown:?}");
}

#[test]
fn header_in_another_order() {
    let (items, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty());
    // Reverse the columns of every row.
    let reversed: Vec<Vec<String>> = rows(GOOD_CSV)
        .into_iter()
        .map(|mut r| {
            r.reverse();
            r
        })
        .collect();
    let (items2, errors2) = import_rows(&reversed);
    assert!(errors2.is_empty(), "{errors2:?}");
    assert_eq!(items2, items);
}

#[test]
fn missing_columns_are_named() {
    let header: Vec<String> = IMPORT_HEADER
        .iter()
        .filter(|c| !matches!(**c, "名称" | "成文日期"))
        .map(|c| c.to_string())
        .collect();
    let (items, errors) = import_rows(&[header]);
    assert!(items.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 1);
    let msg = errors[0].to_string();
    assert!(msg.contains("名称、成文日期"), "{msg}");
    // An unknown column is reported rather than dropped.
    let mut header: Vec<String> = IMPORT_HEADER.iter().map(|c| c.to_string()).collect();
    header.push("体栽分类".into());
    let (_, errors) = import_rows(&[header]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "体栽分类");
    // Empty input.
    assert_eq!(import_rows(&[]).1.len(), 1);
}

#[test]
fn duplicate_rows_are_refused() {
    let mut csv = GOOD_CSV.to_string();
    let lines: Vec<&str> = GOOD_CSV.lines().collect();
    // Row 5 repeats row 4 (no index number: same title, 文号, date formed).
    // (Row 3's issuers cell spans two lines of text but is one spreadsheet row.)
    csv.push_str(lines.last().unwrap());
    csv.push('\n');
    let (items, errors) = import_csv(&csv);
    assert_eq!(items.len(), 3);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, 5);
    assert!(errors[0].reason.contains("第4行"), "{}", errors[0]);
}

#[test]
fn imported_items_replay_through_the_workflow() {
    let (items, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty());
    let mut generated = 0;
    for item in &items {
        let mut h = Vec::new();
        for action in item.actions(|| {
            generated += 1;
            IndexNumber::parse("000014349/2023-00001").unwrap()
        }) {
            record(&mut h, Actor::System, action);
        }
        let v = view_of(&h);
        assert_eq!(v.state, ItemState::Published);
        assert_eq!(v.published_on, item.published_on);
        assert_eq!(v.metadata, item.metadata);
        assert_eq!(v.validity.end_date(), item.validity.end_date());
        if let Some(n) = &item.index_number {
            assert_eq!(v.index_number.as_ref(), Some(n), "kept as given");
        }
        assert_eq!(v.summary().validity.kind(), item.validity.kind());
    }
    assert_eq!(
        generated, 1,
        "only the item without a number gets a new one"
    );
    // The repeal without a reason in the cell gets the import's reason.
    let mut item = items[0].clone();
    item.validity = ValidityState::Repealed {
        date: d("2024-05-01"),
        reason: String::new(),
    };
    let actions = item.actions(|| unreachable!());
    assert!(matches!(
        actions.last(),
        Some(ItemAction::Repealed { reason, .. }) if reason == gongkai_domain::catalogue::IMPORT_NO_REASON
    ));
    // An unpublished item is imported as a draft.
    item.published_on = None;
    assert_eq!(item.actions(|| unreachable!()).len(), 1);
}

#[test]
fn import_rows_must_be_replayable() {
    let csv = format!(
        "{}\n\
         000014349/2021-00001,某某通知一,概述一的内容。,某某县人民政府,,2021-01-05,,综合政务,,,,\n\
         ,某某通知二,概述二的内容。,某某县人民政府,,2021-02-05,,综合政务,,,失效 2022-01-01,\n\
         ,某某通知三,概述三的内容。,某某县人民政府,,2021-03-05,2021-03-08,综合政务,,依申请公开,,\n",
        IMPORT_HEADER.join(",")
    );
    let (items, errors) = import_csv(&csv);
    assert!(items.is_empty());
    let shown: Vec<String> = errors.iter().map(ImportError::to_string).collect();
    assert_eq!(errors.len(), 3, "{shown:?}");
    assert!(
        shown[0].starts_with("第2行“发布日期”：填写了索引号"),
        "{shown:?}"
    );
    assert!(shown[1].starts_with("第3行“发布日期”：失效"), "{shown:?}");
    assert!(shown[2].starts_with("第4行“公开方式”："), "{shown:?}");
}

/// Dates in an imported catalogue follow the rule for every date a person
/// types: 成文日期 0001-01-01 and 发布日期 9999-12-31 are named; the good
/// file's dates are not.
#[test]
fn imported_dates_must_be_plausible() {
    let today = d("2025-10-30");
    let (good, errors) = import_csv(GOOD_CSV);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(good.iter().all(|i| i.implausible_dates(today).is_empty()));

    let bad = "索引号,名称,内容概述,发布机构,文号,成文日期,发布日期,主题分类,第二十条,公开方式,有效性,正文\n\
               ,某某县公告,告知某某事项的办理时间和地点。,某某县人民政府,,0001-01-01,9999-12-31,综合政务,,主动公开,有效,\n";
    let (items, errors) = import_csv(bad);
    assert!(errors.is_empty(), "{errors:?}");
    let found = items[0].implausible_dates(today);
    let columns: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
    assert_eq!(columns, ["成文日期", "发布日期"]);
    assert!(
        found[0].1.contains("成文日期“0001-01-01”不合理"),
        "{found:?}"
    );
    assert!(found[1].1.contains("不晚于今后10年"), "{found:?}");
}
