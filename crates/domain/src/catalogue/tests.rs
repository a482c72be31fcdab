//! Unit tests of the catalogue's private helpers; the public behaviour is
//! tested in `tests/catalogue.rs`.

use chrono::NaiveDate;

use super::import::parse_validity;
use super::item::{copied_field, document_number_year};
use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn dates_are_read_in_the_usual_spellings() {
    for text in [
        "2021-05-01",
        "2021-5-1",
        "2021/05/01",
        "2021.5.1",
        "2021年5月1日",
        "２０２１－０５－０１",
        " 2021-05-01 00:00:00 ",
        "2021-05-01T00:00:00",
    ] {
        assert_eq!(parse_date(text), Some(d("2021-05-01")), "{text}");
    }
    for text in [
        "",
        "2021-13-01",
        "2021-02-29",
        "21-05-01",
        "2021-05",
        "20210501",
        "明天",
    ] {
        assert_eq!(parse_date(text), None, "{text}");
    }
    assert_eq!(
        date_error_message(" 2021-13-01 "),
        "日期“2021-13-01”无效，请按YYYY-MM-DD填写"
    );
}

#[test]
fn top_topics_are_the_specs_list() {
    let spec = "综合政务; 国民经济管理、国有资产监管; 财政、金融、审计; 国土资源、能源; \
                农业、林业、水利; 工业、交通; 商贸、海关、旅游; 市场监管、安全生产监管; \
                城乡建设、环境保护; 科技、教育; 文化、广电、新闻出版; 卫生、体育; \
                人口与计划生育、妇女儿童工作; 劳动、人事、监察; 公安、安全、司法; \
                民政、扶贫、救灾; 民族、宗教; 对外事务; 港澳台侨工作; 国防; 其他";
    let labels: Vec<&str> = spec.split(';').map(str::trim).collect();
    assert_eq!(TopTopic::ALL.map(TopTopic::label).to_vec(), labels);
    for t in TopTopic::ALL {
        assert_eq!(TopTopic::parse(t.code()), Some(t));
        assert_eq!(TopTopic::parse(t.label()), Some(t));
    }
    assert_eq!(TopTopic::parse("财政,金融,审计"), Some(TopTopic::Finance));
}

#[test]
fn vocabulary_codes_are_unique() {
    fn unique(codes: Vec<&str>) {
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len(), "{codes:?}");
    }
    unique(Genre::ALL.iter().map(|g| g.code()).collect());
    unique(Genre::ALL.iter().map(|g| g.label()).collect());
    unique(TopTopic::ALL.iter().map(|g| g.code()).collect());
    unique(PublicationChannel::ALL.iter().map(|g| g.code()).collect());
    assert_eq!(Genre::parse("命令（令）"), Some(Genre::Order));
    assert_eq!(Genre::parse("NOTICE"), Some(Genre::Notice));
    assert_eq!(
        PublicationChannel::parse("其他"),
        Some(PublicationChannel::Other)
    );
    assert_eq!(
        DisclosureAttribute::parse("不公开"),
        Some(DisclosureAttribute::NotDisclosed)
    );
    assert_eq!(Validity::parse("现行有效"), Some(Validity::InForce));
    assert_eq!(Genre::parse(""), None);
    assert_eq!(Genre::parse("随笔"), None);
}

#[test]
fn article20_and_21_readings() {
    use crate::vocabulary::{Article20Item, Article21Item};
    assert_eq!(parse_article20("（一）"), Some(Article20Item::Regulations));
    assert_eq!(parse_article20("１５"), Some(Article20Item::OtherStatutory));
    assert_eq!(
        parse_article20("十五、"),
        Some(Article20Item::OtherStatutory)
    );
    assert_eq!(parse_article20("0"), None);
    assert_eq!(parse_article20("16"), None);
    assert_eq!(
        parse_article21("土地征收"),
        Some(Article21Item::LandExpropriation)
    );
    assert_eq!(
        parse_article21("social_assistance"),
        Some(Article21Item::SocialAssistance)
    );
    assert_eq!(parse_article21("招商引资"), None);
}

#[test]
fn copies_are_detected_on_letters_and_digits() {
    let title = "关于印发某某办法的通知";
    let body = "各单位：现将《某某办法》印发给你们，请遵照执行。";
    let issuers = vec!["某某局".to_string()];
    let copied = |s: &str| copied_field(s, title, body, Some("某发〔2024〕1号"), &issuers);
    assert_eq!(copied("关于印发某某办法的通知。"), Some("名称"));
    assert_eq!(copied("某某办法"), Some("名称"));
    assert_eq!(copied("印发《关于印发某某办法的通知》"), Some("名称"));
    assert_eq!(
        copied("各单位：现将《某某办法》印发给你们"),
        Some("正文开头")
    );
    assert_eq!(
        copied("各单位现将某某办法印发给你们请遵照执行另附说明"),
        Some("正文开头")
    );
    assert_eq!(copied("某发〔2024〕1号"), Some("文号"));
    assert_eq!(copied("某某局"), Some("发布机构"));
    assert_eq!(copied("规定某某事项的适用范围、办理程序和监督措施。"), None);
}

#[test]
fn document_number_year_is_read_between_brackets() {
    assert_eq!(document_number_year("国办发〔2019〕60号"), Some(2019));
    assert_eq!(document_number_year("国务院令第711号"), None);
}

#[test]
fn amounts_are_normalised() {
    assert_eq!(parse_amount("12.35").unwrap(), "12.35");
    assert_eq!(parse_amount("１２.３５").unwrap(), "12.35");
    assert_eq!(parse_amount("1,234.5").unwrap(), "1234.5");
    assert_eq!(parse_amount("007").unwrap(), "7");
    assert_eq!(parse_amount(".5").unwrap(), "0.5");
    assert_eq!(parse_amount("5.").unwrap(), "5");
    assert_eq!(parse_amount("0.0001").unwrap(), "0.0001");
    assert_eq!(parse_amount("3万元").unwrap(), "3");
    assert!(parse_amount("0.00001").unwrap_err().contains("4位"));
    assert!(parse_amount("-1").unwrap_err().contains("负数"));
    assert!(parse_amount("1.2.3").is_err());
    assert!(parse_amount(".").is_err());
    assert!(parse_amount("abc").is_err());
}

#[test]
fn validity_cells() {
    assert_eq!(parse_validity("").unwrap(), ValidityState::InForce);
    assert_eq!(parse_validity("有效").unwrap(), ValidityState::InForce);
    assert_eq!(parse_validity("现行有效").unwrap(), ValidityState::InForce);
    assert_eq!(
        parse_validity("废止 2023-05-01").unwrap(),
        ValidityState::Repealed {
            date: d("2023-05-01"),
            reason: String::new()
        }
    );
    assert_eq!(
        parse_validity("已失效（2022年1月1日）有效期届满").unwrap(),
        ValidityState::Lapsed {
            date: d("2022-01-01"),
            reason: "有效期届满".into()
        }
    );
    assert_eq!(
        parse_validity("废止于2023/5/1，被新办法取代").unwrap(),
        ValidityState::Repealed {
            date: d("2023-05-01"),
            reason: "被新办法取代".into()
        }
    );
    assert!(parse_validity("废止").unwrap_err().contains("注明废止日期"));
    assert!(
        parse_validity("废止 2023-02-30")
            .unwrap_err()
            .contains("无效")
    );
    assert!(parse_validity("有效 2023-01-01").is_err());
    assert!(parse_validity("暂停").unwrap_err().contains("无法识别"));
}

#[test]
fn csv_reader_handles_quotes_line_breaks_and_tabs() {
    let rows = parse_csv("\u{feff}a,\"b,1\",\"c \"\"q\"\"\"\r\n\"x\ny\",,z\n\n");
    assert_eq!(
        rows,
        vec![
            vec!["a".to_string(), "b,1".into(), "c \"q\"".into()],
            vec!["x\ny".to_string(), String::new(), "z".into()],
            vec![String::new()],
        ]
    );
    let rows = parse_csv("年度\t行政许可\n2023\t5");
    assert_eq!(rows, vec![vec!["年度", "行政许可"], vec!["2023", "5"]]);
    assert!(parse_csv("").is_empty());
}

#[test]
fn fnv_is_the_standard_fnv1a() {
    // Published FNV-1a 64 test vectors.
    let item = |title: &str| ImportItem {
        index_number: None,
        metadata: crate::catalogue::ItemForm {
            title: title.into(),
            summary: "概述内容不同于名称。".into(),
            issuers: "某某局".into(),
            formed_on: "2024-01-02".into(),
            topic: "其他".into(),
            genre: "other".into(),
            kind: "other".into(),
            attribute: "proactive".into(),
            scope: "public".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
        published_on: None,
        validity: ValidityState::InForce,
    };
    assert_eq!(super::import::fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(super::import::fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    let a = item("某某通知");
    assert_eq!(a.dedup_key(), item("某某通知").dedup_key());
    assert_ne!(a.dedup_key(), item("某某通知二").dedup_key());
}

#[test]
fn timeliness_provisional_only_for_counted_days() {
    let cal = crate::calendar::Calendar::vendored();
    let last = *cal.published_years().last().unwrap();
    let dec31 = NaiveDate::from_ymd_opt(last, 12, 31).unwrap();
    // Published on the last day of the last published year: not provisional.
    let t = timeliness(&cal, NaiveDate::from_ymd_opt(last, 12, 1).unwrap(), dec31);
    assert!(!t.provisional);
    // One day further, into a year without a notice: provisional.
    let t = timeliness(&cal, dec31, dec31.succ_opt().unwrap());
    assert!(t.provisional);
    // Formed on 31 December of an unpublished year, published in a published one:
    // no counted day lies in the unpublished year.
    let t = timeliness(&cal, d("2006-12-31"), d("2007-01-10"));
    assert!(!t.provisional);
}

#[test]
fn uscc_example_of_the_spec_is_read_as_uscc() {
    let n = IndexNumber::parse("11341702486344515H/2021-00013").unwrap();
    let code = n.agency_code().unwrap();
    assert_eq!(code.kind(), crate::agency_code::AgencyCodeKind::Uscc);
    // Whatever its check character, the number is kept as given.
    assert_eq!(n.as_str(), "11341702486344515H/2021-00013");
}
