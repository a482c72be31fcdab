//! The template language of the documents, their placeholders, and the
//! article a reply cites (the redress sentence is in `redress`).
//!
//! A template is plain text, one element per line:
//!
//! - the first non-blank line is the title: `# 政府信息公开申请答复书`;
//! - `> {{applicant_name}}：` is the addressee line (主送), at most one;
//! - `## 一、……` is a sub-heading;
//! - every other line is one paragraph; blank lines are ignored;
//! - a line starting with `? ` is optional: it is left out when any placeholder
//!   in it has an empty value (e.g. `? 联系人及联系电话：{{contact}}。`);
//! - `{{name}}` is a placeholder; only those of [`placeholders`] for the kind
//!   may be used, and those of [`required_placeholders`] must stay.
//!
//! The document number, the issuer and the date are not part of the text: they
//! are fields of [`Document`] that the renderer places under the title and at
//! the end.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

use crate::vocabulary::Outcome;

use super::punctuation::{Piece, close_sentence, join};
use super::redress::{named_redress_sentence, redress_sentence_for};
use super::{Block, Document, DocumentKind};

/// The Regulation, as reply letters cite it.
pub const REGULATION: &str = "《中华人民共和国政府信息公开条例》";

/// How to write a template, for the editor's help panel.
pub const TEMPLATE_SYNTAX_HELP: &str = "模板每行一项：第一行以“# ”开头，是文书标题；\
以“> ”开头的一行是主送（称谓），如“> {{applicant_name}}：”；以“## ”开头的行是小标题；\
其余每一行是一个自然段，空行不起作用；以“? ”开头的行，其中任一占位符内容为空时整行省略。\
占位符写作{{名称}}，只能使用本文书可用的占位符，标有“必须保留”的不能删除。\
文书编号、落款机关和落款日期由系统自动排在标题下方和文末，不必写入模板。";

/// Placeholders the system fills in by itself when the caller gives no value:
/// `letter_number` and `date` from the arguments of [`render_template`],
/// `agency_name` from the issuer, `redress` from [`named_redress_sentence`] when
/// the caller gives [`RECONSIDERATION_BODY_VAR`] or [`COURT_VAR`], else from
/// [`redress_sentence_for`], and for replies `article`
/// ([`article_citation`]) and `outcome_label` ([`Outcome::label`]).
pub const AUTO_PLACEHOLDERS: [&str; 6] = [
    "letter_number",
    "date",
    "agency_name",
    "redress",
    "article",
    "outcome_label",
];

/// A value, not a placeholder, that the caller gives for the automatic
/// `redress`: the reconsideration body (行政复议机关) of the issuing agency, as
/// [`super::redress()`] finds it; empty when unknown.
pub const RECONSIDERATION_BODY_VAR: &str = "reconsideration_body";

/// A value, not a placeholder, that the caller gives for the automatic
/// `redress`: the court; empty for [`super::COURT_WITH_JURISDICTION`].
pub const COURT_VAR: &str = "court";

/// Every placeholder with its Chinese description.
const ALL_PLACEHOLDERS: &[(&str, &str)] = &[
    ("agency_name", "本机关名称（默认为落款机关）"),
    ("case_number", "申请编号"),
    ("letter_number", "本文书编号（自动填入）"),
    ("date", "落款日期（自动填入，如2025年1月20日）"),
    ("applicant_name", "申请人姓名或者名称"),
    ("receipt_date", "本机关收到申请的日期"),
    ("description", "所申请政府信息的名称或者内容描述"),
    (
        "document_number",
        "所申请政府信息的文号（申请人填写，可能为空）",
    ),
    ("contact", "本机关联系人及联系电话"),
    (
        "redress",
        "救济途径告知语（行政复议60日、行政诉讼6个月，自动生成）",
    ),
    ("channel", "申请方式（如互联网在线申请、信函申请）"),
    (
        "query_code",
        "查询码（登记申请时生成，只印在登记回执上，凭申请编号和查询码在线查询）",
    ),
    ("reply_due", "答复期限届满日"),
    ("correction_items", "需要补正的事项（可以多行）"),
    ("correction_deadline", "补正期限届满日"),
    ("extension_days", "延长答复期限的工作日数"),
    ("extended_due", "延长后的答复期限届满日"),
    ("reasoning", "理由或者说明（延期理由、不予公开理由等）"),
    ("third_party_name", "第三方名称或者姓名"),
    ("consultation_due", "征求意见期限届满日"),
    ("co_producer_name", "共同制作机关名称"),
    ("fee_method", "计收方式（按件计收或者按量计收）"),
    ("fee_detail", "计费明细"),
    ("fee_amount", "应缴金额（元）"),
    ("payment_due", "缴费期限届满日"),
    ("payment_channel", "缴费方式（账户、地点等）"),
    (
        "article",
        "答复所依据的条款（自动填入，如《中华人民共和国政府信息公开条例》第三十七条）",
    ),
    ("outcome_label", "答复类型（自动填入）"),
    (
        "access_method",
        "获取信息的方式、途径（或者应当通过的渠道）",
    ),
    ("referred_to", "负责公开该政府信息的行政机关名称及联系方式"),
    (
        "provided",
        "随答复提供的信息：文件名称，或已公开信息的标题和索引号（自动填入，可能为空）",
    ),
];

/// Placeholders every kind may use.
const COMMON: &[&str] = &[
    "agency_name",
    "case_number",
    "letter_number",
    "date",
    "applicant_name",
    "receipt_date",
    "description",
    "document_number",
    "contact",
    "redress",
];

fn specific(kind: DocumentKind) -> &'static [&'static str] {
    match kind {
        DocumentKind::Receipt => &["channel", "reply_due", "query_code"],
        DocumentKind::CorrectionNotice => &["correction_items", "correction_deadline"],
        DocumentKind::ExtensionNotice => {
            &["reply_due", "extension_days", "extended_due", "reasoning"]
        }
        DocumentKind::ThirdPartyConsultation => &["third_party_name", "consultation_due"],
        DocumentKind::ThirdPartyApplicantNotice => &["consultation_due"],
        DocumentKind::CoProducerConsultation => &["co_producer_name", "consultation_due"],
        DocumentKind::FeeNotice => &[
            "fee_method",
            "fee_detail",
            "fee_amount",
            "payment_due",
            "payment_channel",
        ],
        DocumentKind::Reply(o) => match o {
            Outcome::AlreadyPublished | Outcome::Disclosed | Outcome::Partial => &[
                "article",
                "outcome_label",
                "reasoning",
                "access_method",
                "provided",
            ],
            Outcome::DenyQueryMatter | Outcome::Petition | Outcome::PublicPublication => {
                &["article", "outcome_label", "reasoning", "access_method"]
            }
            Outcome::NotHeld => &["article", "outcome_label", "reasoning", "referred_to"],
            Outcome::CorrectionLapsed => &[
                "article",
                "outcome_label",
                "reasoning",
                "correction_deadline",
            ],
            Outcome::FeeUnpaid => &[
                "article",
                "outcome_label",
                "reasoning",
                "fee_amount",
                "payment_due",
            ],
            _ => &["article", "outcome_label", "reasoning"],
        },
    }
}

static PLACEHOLDERS: LazyLock<HashMap<DocumentKind, Vec<(&'static str, &'static str)>>> =
    LazyLock::new(|| {
        DocumentKind::all()
            .into_iter()
            .map(|kind| {
                let names: Vec<&str> = COMMON.iter().chain(specific(kind)).copied().collect();
                let list = ALL_PLACEHOLDERS
                    .iter()
                    .filter(|(n, _)| names.contains(n))
                    .copied()
                    .collect();
                (kind, list)
            })
            .collect()
    });

/// The placeholders a template of `kind` may use: (name, Chinese description),
/// for the editor's help panel.
pub fn placeholders(kind: DocumentKind) -> &'static [(&'static str, &'static str)] {
    PLACEHOLDERS
        .get(&kind)
        .map(Vec::as_slice)
        .expect("every kind has a placeholder list")
}

/// The Chinese description of any placeholder, if it is one.
pub fn placeholder_description(name: &str) -> Option<&'static str> {
    ALL_PLACEHOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| *d)
}

/// The placeholders a template of `kind` must keep: `case_number` and
/// `redress` always (every document carries the application number and the
/// redress information), and `article` for replies.
pub fn required_placeholders(kind: DocumentKind) -> &'static [&'static str] {
    if kind.is_reply() {
        &["case_number", "article", "redress"]
    } else {
        &["case_number", "redress"]
    }
}

/// Why a template was refused or could not be filled in. The messages are
/// Chinese and name the line (counted from 1) and the placeholder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("模板第{line}行应当是以“# ”开头的标题行，例如“# 政府信息公开申请答复书”。")]
    MissingTitle { line: usize },
    #[error("模板是空的：第一行应当是以“# ”开头的标题行，例如“# 政府信息公开申请答复书”。")]
    Empty,
    #[error("模板第{line}行的标题是空的：请在“# ”后面写上文书标题。")]
    EmptyTitle { line: usize },
    #[error("模板第{line}行又是一个标题行（以“# ”开头）：标题只能有一行，小标题请用“## ”。")]
    DuplicateTitle { line: usize },
    #[error("模板第{line}行又是一个主送行（以“> ”开头）：主送只能有一行。")]
    DuplicateRecipient { line: usize },
    #[error("模板第{line}行的占位符“{{{{{name}}}}}”不是本文书可用的占位符，请对照占位符说明修改。")]
    UnknownPlaceholder { line: usize, name: String },
    #[error("模板第{line}行有未闭合的占位符：“{{{{”之后缺少“}}}}”。")]
    UnclosedPlaceholder { line: usize },
    #[error(
        "模板第{line}行有空的或者写法不对的占位符“{{{{{text}}}}}”：占位符名称只能由小写英文字母、数字和下划线组成。"
    )]
    MalformedPlaceholder { line: usize, text: String },
    #[error("模板必须保留占位符“{{{{{name}}}}}”（{description}），不能删除。")]
    MissingRequired {
        name: String,
        description: &'static str,
    },
    #[error("模板除标题外没有正文。")]
    EmptyBody,
    #[error("生成文书缺少以下内容：{}。", .missing.iter().map(|(line, name)| format!("第{line}行的“{{{{{name}}}}}”（{}）", placeholder_description(name).unwrap_or(""))).collect::<Vec<_>>().join("、"))]
    MissingValues { missing: Vec<(usize, String)> },
}

/// One piece of a line: literal text or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Var(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Title,
    Recipient,
    Heading,
    Paragraph,
}

#[derive(Debug, Clone)]
struct Line {
    /// 1-based line number in the template.
    number: usize,
    kind: LineKind,
    optional: bool,
    segments: Vec<Segment>,
}

impl Line {
    fn vars(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Var(v) => Some(v.as_str()),
            Segment::Text(_) => None,
        })
    }
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn split_segments(
    kind: DocumentKind,
    number: usize,
    text: &str,
) -> Result<Vec<Segment>, TemplateError> {
    let allowed = placeholders(kind);
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            segments.push(Segment::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or(TemplateError::UnclosedPlaceholder { line: number })?;
        let inner = &after[..close];
        if inner.contains("{{") {
            return Err(TemplateError::UnclosedPlaceholder { line: number });
        }
        let name = inner.trim();
        if !is_placeholder_name(name) {
            return Err(TemplateError::MalformedPlaceholder {
                line: number,
                text: inner.to_string(),
            });
        }
        if !allowed.iter().any(|(n, _)| *n == name) {
            return Err(TemplateError::UnknownPlaceholder {
                line: number,
                name: name.to_string(),
            });
        }
        segments.push(Segment::Var(name.to_string()));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest.to_string()));
    }
    Ok(segments)
}

/// Parses and vets a template.
fn parse(kind: DocumentKind, template: &str) -> Result<Vec<Line>, TemplateError> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in template.lines().enumerate() {
        let number = i + 1;
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        let (optional, text) = match text.strip_prefix("? ").or(text.strip_prefix("？ ")) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, text),
        };
        let first = lines.is_empty();
        let (line_kind, content) = if let Some(rest) = text.strip_prefix("##") {
            (LineKind::Heading, rest.trim())
        } else if let Some(rest) = text.strip_prefix('#') {
            (LineKind::Title, rest.trim())
        } else if let Some(rest) = text.strip_prefix('>') {
            (LineKind::Recipient, rest.trim())
        } else {
            (LineKind::Paragraph, text)
        };
        match line_kind {
            LineKind::Title if !first => {
                return Err(TemplateError::DuplicateTitle { line: number });
            }
            LineKind::Title if optional || content.is_empty() => {
                return Err(TemplateError::EmptyTitle { line: number });
            }
            LineKind::Title => {}
            _ if first => return Err(TemplateError::MissingTitle { line: number }),
            LineKind::Recipient if lines.iter().any(|l| l.kind == LineKind::Recipient) => {
                return Err(TemplateError::DuplicateRecipient { line: number });
            }
            _ => {}
        }
        let segments = split_segments(kind, number, content)?;
        lines.push(Line {
            number,
            kind: line_kind,
            optional,
            segments,
        });
    }
    if lines.is_empty() {
        return Err(TemplateError::Empty);
    }
    if !lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Paragraph | LineKind::Heading))
    {
        return Err(TemplateError::EmptyBody);
    }
    let used: BTreeSet<&str> = lines.iter().flat_map(Line::vars).collect();
    for name in required_placeholders(kind) {
        if !used.contains(name) {
            return Err(TemplateError::MissingRequired {
                name: name.to_string(),
                description: placeholder_description(name).unwrap_or(""),
            });
        }
    }
    Ok(lines)
}

/// Vets an administrator's edit of a template of `kind`: the title line is
/// kept, only placeholders of [`placeholders`] are used, the
/// [`required_placeholders`] are kept, and every placeholder is well formed.
pub fn check_template(kind: DocumentKind, template: &str) -> Result<(), TemplateError> {
    parse(kind, template).map(|_| ())
}

/// `2025年1月20日` — the date as official documents print it (Arabic numerals,
/// GB/T 9704-2012).
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The article a reply cites, e.g. `《中华人民共和国政府信息公开条例》第三十七条`;
/// the Regulation alone where the basis is practice
/// ([`Outcome::article`] is `None`).
pub fn article_citation(outcome: Outcome) -> String {
    format!("{REGULATION}{}", outcome.article().unwrap_or(""))
}

/// The values the system supplies when the caller gives none.
fn effective_vars(
    kind: DocumentKind,
    vars: &BTreeMap<String, String>,
    issuer: &str,
    date: NaiveDate,
    number: &str,
) -> BTreeMap<String, String> {
    let mut all = vars.clone();
    all.entry("letter_number".into())
        .or_insert_with(|| number.to_string());
    all.entry("date".into()).or_insert_with(|| date_cn(date));
    all.entry("agency_name".into())
        .or_insert_with(|| issuer.to_string());
    let agency = all["agency_name"].clone();
    let named = named_redress(vars);
    all.entry("redress".into()).or_insert_with(|| match named {
        Some((body, court)) => named_redress_sentence(kind, body, court),
        None => redress_sentence_for(kind, &agency, None),
    });
    if let DocumentKind::Reply(o) = kind {
        all.entry("article".into())
            .or_insert_with(|| article_citation(o));
        all.entry("outcome_label".into())
            .or_insert_with(|| o.label().to_string());
    }
    all
}

/// The body and court the caller gives ([`RECONSIDERATION_BODY_VAR`],
/// [`COURT_VAR`]), if it gives either.
fn named_redress(vars: &BTreeMap<String, String>) -> Option<(Option<&str>, Option<&str>)> {
    let body = vars.get(RECONSIDERATION_BODY_VAR).map(String::as_str);
    let court = vars.get(COURT_VAR).map(String::as_str);
    (body.is_some() || court.is_some()).then_some((body, court))
}

/// Fills in a template of `kind` and makes the document. `vars` are the
/// placeholder values (see [`placeholders`]); those of [`AUTO_PLACEHOLDERS`]
/// may be left out. `issuer` is the agency printed at the end (落款), `date`
/// the date printed under it, `number` the document number (文书编号, may be
/// empty).
///
/// Every placeholder of a line must have a value, except on optional (`? `)
/// lines, which are left out when a value is empty or missing; a value may
/// hold several lines, each becoming a paragraph of its own. Lines left empty
/// are dropped. Values are inserted as they are (placeholders inside a value
/// are not expanded), save for punctuation where the template's text meets
/// them: a value's end mark gives way to the template's mark right after it
/// (“{{reasoning}}，本机关” with “……完成。” reads “……完成，本机关”), two marks
/// around an empty value collapse into one, and a paragraph that ends with a
/// value ends with a full stop.
pub fn render_template(
    kind: DocumentKind,
    template: &str,
    vars: &BTreeMap<String, String>,
    issuer: &str,
    date: NaiveDate,
    number: &str,
) -> Result<Document, TemplateError> {
    let lines = parse(kind, template)?;
    let vars = effective_vars(kind, vars, issuer, date, number);

    let mut missing = Vec::new();
    for line in &lines {
        for name in line.vars() {
            let value = vars.get(name).map(|v| v.trim());
            let required = required_placeholders(kind).contains(&name);
            let absent = match value {
                None => true,
                Some(v) => v.is_empty() && required,
            };
            if absent && (!line.optional || required) {
                missing.push((line.number, name.to_string()));
            }
        }
    }
    if !missing.is_empty() {
        return Err(TemplateError::MissingValues { missing });
    }

    let mut title = String::new();
    let mut recipient = String::new();
    let mut body = Vec::new();
    for line in &lines {
        if line.optional
            && line
                .vars()
                .any(|n| vars.get(n).is_none_or(|v| v.trim().is_empty()))
        {
            continue;
        }
        let text = fill(line, &vars);
        match line.kind {
            LineKind::Title => title = one_line(&text),
            LineKind::Recipient => recipient = one_line(&text),
            LineKind::Heading | LineKind::Paragraph => {
                for part in text.lines().map(str::trim).filter(|p| !p.is_empty()) {
                    body.push(if line.kind == LineKind::Heading {
                        Block::Heading(part.to_string())
                    } else {
                        Block::Paragraph(part.to_string())
                    });
                }
            }
        }
    }

    Ok(Document {
        kind,
        title,
        number: number.trim().to_string(),
        recipient,
        body,
        issuer: issuer.trim().to_string(),
        date,
    })
}

/// The text of a line with its values filled in, the punctuation at each
/// joint mended ([`join`]); a paragraph that ends with a value ends as a
/// sentence ([`close_sentence`]).
fn fill(line: &Line, vars: &BTreeMap<String, String>) -> String {
    let pieces: Vec<Piece> = line
        .segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) => Piece::Text(t),
            Segment::Var(v) => Piece::Value(vars.get(v).map_or("", |v| v.trim())),
        })
        .collect();
    let mut text = join(&pieces);
    if line.kind == LineKind::Paragraph && matches!(line.segments.last(), Some(Segment::Var(_))) {
        close_sentence(&mut text);
    }
    text
}

fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join("")
}
