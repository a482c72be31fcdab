use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::*;
use crate::deadline::law::{LITIGATION_MONTHS, RECONSIDERATION_DAYS};
use crate::vocabulary::Outcome;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 2, 10).unwrap()
}

const ISSUER: &str = "白云区交通运输局";
const NUMBER: &str = "白交公开〔2025〕第12号";

fn render_default(kind: DocumentKind) -> Document {
    render_template(
        kind,
        default_template(kind),
        &sample_vars(kind),
        ISSUER,
        day(),
        NUMBER,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", kind.key()))
}

fn all_text(doc: &Document) -> String {
    let mut s = format!("{}\n{}\n{}\n", doc.title, doc.number, doc.recipient);
    for b in &doc.body {
        s.push_str(&b.plain_text());
        s.push('\n');
    }
    s
}

#[test]
fn all_kinds_are_listed_once_with_round_tripping_keys() {
    let all = DocumentKind::all();
    assert_eq!(all.len(), 7 + Outcome::ALL.len());
    let keys: BTreeSet<String> = all.iter().map(|k| k.key()).collect();
    assert_eq!(keys.len(), all.len());
    let names: BTreeSet<String> = all.iter().map(|k| k.name_zh()).collect();
    assert_eq!(names.len(), all.len());
    for kind in all {
        assert_eq!(DocumentKind::from_key(&kind.key()), Some(kind));
    }
    assert_eq!(DocumentKind::Receipt.key(), "receipt");
    assert_eq!(DocumentKind::Reply(Outcome::Partial).key(), "reply.partial");
    assert_eq!(DocumentKind::from_key("reply.nonsense"), None);
    assert_eq!(DocumentKind::from_key("reply"), None);
    assert_eq!(DocumentKind::from_key(""), None);
}

#[test]
fn every_default_template_passes_its_check() {
    for kind in DocumentKind::all() {
        check_template(kind, default_template(kind))
            .unwrap_or_else(|e| panic!("{}: {e}", kind.key()));
        let first = default_template(kind).lines().next().unwrap();
        assert_eq!(first, format!("# {}", kind.title_zh()), "{}", kind.key());
    }
}

#[test]
fn every_default_template_renders_with_sample_values_leaving_no_placeholder() {
    for kind in DocumentKind::all() {
        let doc = render_default(kind);
        let text = all_text(&doc);
        assert!(!text.contains("{{"), "{}: {text}", kind.key());
        assert!(!text.contains("}}"), "{}: {text}", kind.key());
        assert_eq!(doc.kind, kind);
        assert_eq!(doc.title, kind.title_zh());
        assert_eq!(doc.number, NUMBER);
        assert_eq!(doc.issuer, ISSUER);
        assert_eq!(doc.date, day());
        assert!(doc.recipient.ends_with('：'), "{}", kind.key());
        assert!(text.contains("GK2025-000123"), "{}", kind.key());
        let redress = redress_sentence_for(kind, ISSUER, None);
        assert!(text.contains(&redress), "{}: {text}", kind.key());
        if let DocumentKind::Reply(o) = kind {
            assert!(text.contains(&article_citation(o)), "{}", kind.key());
        }
        // Every value the template uses appears (optional lines included),
        // its end mark perhaps giving way to the template's.
        for (name, value) in sample_vars(kind) {
            if !default_template(kind).contains(&format!("{{{{{name}}}}}")) {
                continue;
            }
            for part in value.lines() {
                let words = part.trim().trim_end_matches(['。', '；']);
                assert!(
                    text.contains(words),
                    "{}: {name} `{part}` missing in {text}",
                    kind.key()
                );
            }
        }
    }
}

#[test]
fn default_templates_also_render_when_every_placeholder_is_given() {
    for kind in DocumentKind::all() {
        let mut vars: BTreeMap<String, String> = placeholders(kind)
            .iter()
            .map(|(n, _)| (n.to_string(), format!("值{n}")))
            .collect();
        vars.insert("case_number".into(), "GK2025-000123".into());
        let doc = render_template(kind, default_template(kind), &vars, ISSUER, day(), NUMBER)
            .unwrap_or_else(|e| panic!("{}: {e}", kind.key()));
        let text = all_text(&doc);
        assert!(!text.contains("{{"), "{}", kind.key());
        assert!(text.contains("值redress"), "{}", kind.key());
        if kind.is_reply() {
            assert!(text.contains("值article"), "{}", kind.key());
        }
    }
}

#[test]
fn replies_cite_their_article() {
    let doc = render_default(DocumentKind::Reply(Outcome::Partial));
    assert!(all_text(&doc).contains("根据《中华人民共和国政府信息公开条例》第三十七条的规定"));
    assert_eq!(
        article_citation(Outcome::NotHeld),
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项"
    );
    assert_eq!(article_citation(Outcome::OtherHandling), REGULATION);
}

#[test]
fn redress_sentence_takes_its_periods_from_the_law() {
    assert_eq!(
        redress_sentence("", None),
        "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。"
    );
    assert_eq!(
        redress_sentence("白云区交通运输局", Some("白云区人民政府")),
        "如对白云区交通运输局作出的本答复不服，可以在收到本答复之日起60日内依法向白云区人民政府申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。"
    );
    for kind in DocumentKind::all() {
        let s = redress_sentence_for(kind, ISSUER, None);
        assert!(s.contains(&format!("{RECONSIDERATION_DAYS}日内")), "{s}");
        assert!(s.contains(&format!("{LITIGATION_MONTHS}个月内")), "{s}");
        assert!(s.contains("行政复议") && s.contains("行政诉讼"), "{s}");
    }
}

#[test]
fn unknown_placeholder_is_refused_naming_line_and_name() {
    let kind = DocumentKind::Reply(Outcome::Disclosed);
    let t = default_template(kind).replace("获取方式：", "获取方式：{{applicant_phone}}");
    let line = t
        .lines()
        .position(|l| l.contains("applicant_phone"))
        .unwrap()
        + 1;
    let err = check_template(kind, &t).unwrap_err();
    assert_eq!(
        err,
        TemplateError::UnknownPlaceholder {
            line,
            name: "applicant_phone".into()
        }
    );
    let msg = err.to_string();
    assert!(msg.contains(&format!("第{line}行")), "{msg}");
    assert!(msg.contains("{{applicant_phone}}"), "{msg}");

    // A placeholder of another kind is unknown here too.
    let t = format!("{}\n{{{{fee_amount}}}}", default_template(kind));
    assert!(matches!(
        check_template(kind, &t),
        Err(TemplateError::UnknownPlaceholder { name, .. }) if name == "fee_amount"
    ));
}

#[test]
fn reply_without_redress_or_article_is_refused() {
    for o in Outcome::ALL {
        let kind = DocumentKind::Reply(o);
        let t = default_template(kind).replace("{{redress}}", "");
        let err = check_template(kind, &t).unwrap_err();
        assert!(
            matches!(&err, TemplateError::MissingRequired { name, .. } if name == "redress"),
            "{err}"
        );
        assert!(err.to_string().contains("{{redress}}"));
        let t = default_template(kind).replace("{{article}}", "本条例");
        let err = check_template(kind, &t).unwrap_err();
        assert!(
            matches!(&err, TemplateError::MissingRequired { name, .. } if name == "article"),
            "{err}"
        );
    }
    let t = default_template(DocumentKind::Receipt).replace("{{redress}}", "");
    assert!(check_template(DocumentKind::Receipt, &t).is_err());
}

#[test]
fn title_line_must_stay() {
    let kind = DocumentKind::Receipt;
    let t: String = default_template(kind)
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        check_template(kind, &t),
        Err(TemplateError::MissingTitle { line: 1 })
    );
    assert_eq!(check_template(kind, ""), Err(TemplateError::Empty));
    assert_eq!(check_template(kind, "\n  \n"), Err(TemplateError::Empty));
    let t = default_template(kind).replacen("# 政府信息公开申请登记回执", "#", 1);
    assert_eq!(
        check_template(kind, &t),
        Err(TemplateError::EmptyTitle { line: 1 })
    );
    let t = format!("{}\n# 第二个标题", default_template(kind));
    assert!(matches!(
        check_template(kind, &t),
        Err(TemplateError::DuplicateTitle { .. })
    ));
}

#[test]
fn malformed_placeholders_are_refused() {
    let kind = DocumentKind::Receipt;
    let base = default_template(kind);
    let t = format!("{base}\n第二段{{{{case_number");
    let n = t.lines().count();
    assert_eq!(
        check_template(kind, &t),
        Err(TemplateError::UnclosedPlaceholder { line: n })
    );
    let t = format!("{base}\n{{{{申请人}}}}");
    assert!(matches!(
        check_template(kind, &t),
        Err(TemplateError::MalformedPlaceholder { .. })
    ));
    let t = format!("{base}\n{{{{}}}}");
    assert!(matches!(
        check_template(kind, &t),
        Err(TemplateError::MalformedPlaceholder { .. })
    ));
    // Spaces inside the braces are tolerated.
    let t = format!("{base}\n再次提示申请编号：{{{{ case_number }}}}");
    assert_eq!(check_template(kind, &t), Ok(()));
}

#[test]
fn missing_values_are_named_and_optional_lines_dropped() {
    let kind = DocumentKind::Reply(Outcome::NotHeld);
    let mut vars = sample_vars(kind);
    vars.remove("referred_to");
    vars.insert("contact".into(), "  ".into());
    let doc = render_template(kind, default_template(kind), &vars, ISSUER, day(), NUMBER).unwrap();
    let text = all_text(&doc);
    assert!(!text.contains("负责公开该政府信息的行政机关为"), "{text}");
    assert!(!text.contains("联系人"), "{text}");

    vars.remove("applicant_name");
    vars.remove("description");
    let err =
        render_template(kind, default_template(kind), &vars, ISSUER, day(), NUMBER).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("{{applicant_name}}"), "{msg}");
    assert!(msg.contains("{{description}}"), "{msg}");
    assert!(msg.contains("第2行"), "{msg}");

    // A required value cannot be emptied.
    let mut vars = sample_vars(kind);
    vars.insert("redress".into(), String::new());
    assert!(matches!(
        render_template(kind, default_template(kind), &vars, ISSUER, day(), NUMBER),
        Err(TemplateError::MissingValues { .. })
    ));
}

#[test]
fn multi_line_values_become_paragraphs_and_values_are_not_expanded() {
    let kind = DocumentKind::CorrectionNotice;
    let mut vars = sample_vars(kind);
    vars.insert("description".into(), "{{case_number}}".into());
    let doc = render_template(kind, default_template(kind), &vars, ISSUER, day(), NUMBER).unwrap();
    let items: Vec<&Block> = doc
        .body
        .iter()
        .filter(
            |b| matches!(b, Block::Paragraph(t) if t.starts_with("1. ") || t.starts_with("2. ")),
        )
        .collect();
    assert_eq!(items.len(), 2);
    assert!(all_text(&doc).contains("您申请获取的政府信息为：{{case_number}}。"));
}

#[test]
fn template_structure_maps_to_blocks() {
    let kind = DocumentKind::ExtensionNotice;
    let t = "# 延期告知\n\n> {{applicant_name}}：\n## 一、基本情况\n申请编号{{case_number}}。\n{{redress}}\n";
    let mut vars = BTreeMap::new();
    vars.insert("applicant_name".to_string(), "张三".to_string());
    vars.insert("case_number".to_string(), "GK2025-000001".to_string());
    let doc = render_template(kind, t, &vars, ISSUER, day(), "").unwrap();
    assert_eq!(doc.title, "延期告知");
    assert_eq!(doc.recipient, "张三：");
    assert_eq!(doc.number, "");
    assert_eq!(
        doc.body,
        vec![
            Block::Heading("一、基本情况".into()),
            Block::Paragraph("申请编号GK2025-000001。".into()),
            Block::Paragraph(redress_sentence_for(kind, ISSUER, None)),
        ]
    );
    let t2 = format!("{t}> 又一个：");
    assert!(matches!(
        check_template(kind, &t2),
        Err(TemplateError::DuplicateRecipient { .. })
    ));
}

#[test]
fn placeholder_lists_are_described_and_cover_required_ones() {
    for kind in DocumentKind::all() {
        let list = placeholders(kind);
        for (name, desc) in list {
            assert!(!desc.is_empty());
            assert_eq!(placeholder_description(name), Some(*desc));
        }
        for req in required_placeholders(kind) {
            assert!(list.iter().any(|(n, _)| n == req), "{} {req}", kind.key());
        }
        assert_eq!(
            list.iter().any(|(n, _)| *n == "article"),
            kind.is_reply(),
            "{}",
            kind.key()
        );
    }
    assert_eq!(
        date_cn(NaiveDate::from_ymd_opt(2025, 1, 5).unwrap()),
        "2025年1月5日"
    );
}

#[test]
fn default_templates_state_the_statutory_periods() {
    use crate::deadline::law::*;
    let receipt = default_template(DocumentKind::Receipt);
    assert!(receipt.contains(&format!("{REPLY_WORKING_DAYS}个工作日内予以答复")));
    assert!(receipt.contains(&format!("最长不超过{MAX_EXTENSION_WORKING_DAYS}个工作日")));
    assert!(receipt.contains(&format!(
        "{CORRECTION_NOTICE_WORKING_DAYS}个工作日内一次性告知"
    )));
    assert!(
        default_template(DocumentKind::ThirdPartyConsultation).contains(&format!(
            "{THIRD_PARTY_CONSULTATION_WORKING_DAYS}个工作日内"
        ))
    );
    assert!(
        default_template(DocumentKind::CoProducerConsultation).contains(&format!(
            "{CO_PRODUCER_CONSULTATION_WORKING_DAYS}个工作日内"
        ))
    );
    assert!(
        default_template(DocumentKind::FeeNotice)
            .contains(&format!("次日起{FEE_PAYMENT_WORKING_DAYS}个工作日内"))
    );
}

/// A document stored before tables existed (JSON written by hand in the
/// stored shape) still reads; a table block stores under the same tag and
/// content keys and reads back.
#[test]
fn stored_blocks_read_and_a_table_round_trips() {
    let old =
        r#"[{"block":"heading","text":"一、基本情况"},{"block":"paragraph","text":"特此告知。"}]"#;
    let blocks: Vec<Block> = serde_json::from_str(old).unwrap();
    assert_eq!(
        blocks,
        vec![
            Block::Heading("一、基本情况".into()),
            Block::Paragraph("特此告知。".into())
        ]
    );
    let table = Block::Table {
        columns: vec!["任务".into(), "牵头科室".into()],
        rows: vec![vec!["8.“三公”经费公开".into(), "局财务科".into()]],
    };
    let json = serde_json::to_string(&table).unwrap();
    assert_eq!(
        json,
        r#"{"block":"table","text":{"columns":["任务","牵头科室"],"rows":[["8.“三公”经费公开","局财务科"]]}}"#
    );
    assert_eq!(serde_json::from_str::<Block>(&json).unwrap(), table);
    assert_eq!(
        table.plain_text(),
        "任务\t牵头科室\n8.“三公”经费公开\t局财务科"
    );
}
