//! The catalogue of proactive disclosure: index numbers (every form of
//! catalogue.md), topics and the editor's form; the workflow is in
//! `catalogue_workflow.rs`, the figures and import in `catalogue_figures.rs`.

use chrono::NaiveDate;
use gongkai_domain::agency_code::AgencyCode;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::catalogue::{
    DisclosureAttribute, DisclosureScope, Genre, IndexNumber, IndexNumberError, ItemForm, ItemKind,
    ItemMetadata, PublicationChannel, TopTopic, Topic, Validity, ValidityState,
};
use gongkai_domain::vocabulary::Article20Item;
use proptest::prelude::*;

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn cal() -> Calendar {
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

pub(crate) fn metadata() -> ItemMetadata {
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
