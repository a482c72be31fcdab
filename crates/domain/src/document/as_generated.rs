//! Every letter as a filled case gives it, read as the applicant reads it:
//! no doubled punctuation, no paragraph or clerk's text printed twice, no
//! placeholder left, every paragraph ending as a sentence, an issuer to sign.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::*;
use crate::vocabulary::Outcome;

const ISSUER: &str = "白沙县交通运输局";
const NUMBER: &str = "白交公开〔2025〕第12号";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 2, 10).unwrap()
}

/// Clause and sentence marks: two of them side by side is a typo (GB/T
/// 15834-2011 puts one mark at a pause).
const MARKS: [char; 7] = ['。', '，', '；', '：', '、', '！', '？'];

/// Marks a paragraph may end with.
const PARAGRAPH_END: [char; 5] = ['。', '；', '：', '！', '？'];

fn texts(doc: &Document) -> Vec<&str> {
    let mut all = vec![doc.title.as_str(), doc.recipient.as_str()];
    all.extend(doc.body.iter().map(|b| match b {
        Block::Paragraph(t) | Block::Heading(t) => t.as_str(),
        Block::Table { .. } => unreachable!("templates make no tables"),
    }));
    all
}

fn doubled_marks(doc: &Document, found: &mut Vec<String>) {
    for text in texts(doc) {
        let chars: Vec<char> = text.chars().collect();
        for pair in chars.windows(2) {
            if MARKS.contains(&pair[0]) && MARKS.contains(&pair[1]) {
                found.push(format!("标点重复“{}{}”：{text}", pair[0], pair[1]));
            }
        }
    }
}

fn repeated_paragraphs(doc: &Document, found: &mut Vec<String>) {
    let paragraphs: Vec<&str> = texts(doc)[2..].to_vec();
    for (i, p) in paragraphs.iter().enumerate() {
        if paragraphs[..i].contains(p) {
            found.push(format!("段落重复：{p}"));
        }
        let ends_well = p.chars().last().is_some_and(|c| PARAGRAPH_END.contains(&c));
        let heading = matches!(doc.body[i], Block::Heading(_));
        if !ends_well && !heading {
            found.push(format!("段落末尾没有句末标点：{p}"));
        }
    }
}

/// A value of the clerk's (not one the system fills in) that the letter
/// prints more than once; short values (dates, names, numbers) may recur.
fn repeated_values(doc: &Document, vars: &BTreeMap<String, String>, found: &mut Vec<String>) {
    let all = texts(doc).join("\n");
    for (name, value) in vars {
        if AUTO_PLACEHOLDERS.contains(&name.as_str()) {
            continue;
        }
        for line in value.lines() {
            let core = line.trim().trim_end_matches(&MARKS[..]);
            if core.chars().count() >= 8 && all.matches(core).count() > 1 {
                found.push(format!(
                    "“{name}”的内容印了{}次：{core}",
                    all.matches(core).count()
                ));
            }
        }
    }
}

/// What a reader would object to in `doc`, made from `vars`.
fn defects(doc: &Document, vars: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    doubled_marks(doc, &mut found);
    repeated_paragraphs(doc, &mut found);
    repeated_values(doc, vars, &mut found);
    for text in texts(doc) {
        if text.contains("{{") || text.contains("}}") {
            found.push(format!("占位符未替换：{text}"));
        }
    }
    if doc.issuer.trim().is_empty() {
        found.push("没有落款机关".into());
    }
    found
}

fn render(kind: DocumentKind, vars: &BTreeMap<String, String>) -> Document {
    render_template(kind, default_template(kind), vars, ISSUER, day(), NUMBER)
        .unwrap_or_else(|e| panic!("{}: {e}", kind.key()))
}

#[test]
fn every_letter_filled_as_a_case_gives_it_reads_right() {
    let mut problems = Vec::new();
    for kind in DocumentKind::all() {
        for named in [false, true] {
            let mut vars = sample_vars(kind);
            if named {
                vars.insert(RECONSIDERATION_BODY_VAR.into(), "白沙县人民政府".into());
            }
            let doc = render(kind, &vars);
            assert_eq!(doc.date, day(), "{}", kind.key());
            for d in defects(&doc, &vars) {
                problems.push(format!("{}：{d}", kind.key()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(DocumentKind::all().len(), 29);
}

#[test]
fn the_clerks_sentences_meet_the_templates_punctuation_once() {
    let kind = DocumentKind::ExtensionNotice;
    let doc = render(kind, &sample_vars(kind));
    assert!(
        doc.body.contains(&Block::Paragraph(
            "因所申请信息涉及年份较长、数量较多，需要调取档案逐一核查，本机关不能在上述期限内作出答复。"
                .into()
        )),
        "{:?}",
        doc.body
    );
    let kind = DocumentKind::Reply(Outcome::Disclosed);
    let doc = render(kind, &sample_vars(kind));
    assert!(
        doc.body.contains(&Block::Paragraph(
            "获取方式：本机关通过电子邮件向您提供，请查收附件。".into()
        )),
        "{:?}",
        doc.body
    );
    // A reason typed without a full stop gets one.
    let kind = DocumentKind::Reply(Outcome::OtherHandling);
    let mut vars = sample_vars(kind);
    vars.insert(
        "reasoning".into(),
        "您已于2025年2月3日书面撤回该申请".into(),
    );
    let doc = render(kind, &vars);
    assert!(
        doc.body.contains(&Block::Paragraph(
            "您的政府信息公开申请办理情况如下：您已于2025年2月3日书面撤回该申请。".into()
        )),
        "{:?}",
        doc.body
    );
}

#[test]
fn the_partial_letter_prints_access_and_reasons_apart_and_the_check_sees_one_text_twice() {
    let kind = DocumentKind::Reply(Outcome::Partial);
    let vars = sample_vars(kind);
    let doc = render(kind, &vars);
    assert!(doc.body.contains(&Block::Paragraph(
        "可以公开部分的获取方式：本机关通过电子邮件向您提供，请查收附件。".into()
    )));
    assert!(doc.body.contains(&Block::Paragraph(
        "不予公开部分的理由：所申请信息中第三方企业的银行账户信息属于商业秘密，第三方不同意公开，本机关已作删除处理。".into()
    )));
    // One text of the clerk's in both places, as a single field would give.
    let mut one_field = vars.clone();
    let text = "已通过电子邮件提供可以公开的部分，第三方的银行账户信息属于商业秘密。";
    one_field.insert("access_method".into(), text.into());
    one_field.insert("reasoning".into(), text.into());
    let found = defects(&render(kind, &one_field), &one_field);
    assert!(
        found.iter().any(|d| d.contains("印了2次")),
        "the check must see the text twice: {found:?}"
    );
}

#[test]
fn the_checks_see_doubled_marks_repeated_paragraphs_and_placeholders() {
    let doc = Document {
        kind: DocumentKind::Receipt,
        title: "政府信息公开申请登记回执".into(),
        number: String::new(),
        recipient: "张三：".into(),
        body: vec![
            Block::Paragraph("本机关已收到您的申请。。".into()),
            Block::Paragraph("难以完成。，本机关将另行告知".into()),
            Block::Paragraph("特此回执。".into()),
            Block::Paragraph("特此回执。".into()),
            Block::Paragraph("申请编号：{{case_number}}；".into()),
        ],
        issuer: String::new(),
        date: day(),
    };
    let found = defects(&doc, &BTreeMap::new());
    for want in [
        "标点重复“。。”",
        "标点重复“。，”",
        "段落末尾没有句末标点：难以完成",
        "段落重复：特此回执。",
        "占位符未替换",
        "没有落款机关",
    ] {
        assert!(found.iter().any(|d| d.contains(want)), "{want}: {found:?}");
    }
}

#[test]
fn a_caller_naming_the_body_and_court_gets_them_in_the_redress_sentence() {
    let kind = DocumentKind::Reply(Outcome::NotHeld);
    let mut vars = sample_vars(kind);
    vars.insert(RECONSIDERATION_BODY_VAR.into(), "白沙县人民政府".into());
    let doc = render(kind, &vars);
    assert!(doc.body.contains(&Block::Paragraph(
        "如对本答复不服，可以在收到本答复之日起60日内向白沙县人民政府申请行政复议，或者在6个月内向有管辖权的人民法院提起行政诉讼。".into()
    )), "{:?}", doc.body);
    vars.insert(COURT_VAR.into(), "白沙县人民法院".into());
    let doc = render(DocumentKind::ExtensionNotice, &{
        let mut v = sample_vars(DocumentKind::ExtensionNotice);
        v.extend(
            vars.clone()
                .into_iter()
                .filter(|(k, _)| k == COURT_VAR || k == RECONSIDERATION_BODY_VAR),
        );
        v
    });
    assert!(doc.body.contains(&Block::Paragraph(
        "如对本告知不服，可以在收到本告知书之日起60日内向白沙县人民政府申请行政复议，或者在6个月内向白沙县人民法院提起行政诉讼。".into()
    )), "{:?}", doc.body);
    // An explicit `redress` value still wins.
    vars.insert(
        "redress".into(),
        "如不服，可依法申请行政复议或者提起行政诉讼。".into(),
    );
    let doc = render(kind, &vars);
    assert!(doc.body.contains(&Block::Paragraph(
        "如不服，可依法申请行政复议或者提起行政诉讼。".into()
    )));
}
