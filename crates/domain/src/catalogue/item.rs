//! A catalogue item's metadata (Art. 12; the 2008 catalogue system guideline;
//! portal practice): the vocabulary of its fields, the editor's form
//! ([`ItemForm`]) and the typed, validated metadata ([`ItemMetadata`]).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::body::{BodyFormat, BodySource, html_of_text, sanitize, text_of_html};
use super::interpretation::{InterpretationDetails, InterpretationFields};
use super::topics::Topic;
use super::{char_len, comparable, date_error_message, parse_date};
use crate::application::{FieldError, FieldErrors, document_number_normalised};
use crate::vocabulary::{Article20Item, Article21Item};

/// Defines a vocabulary enum with `ALL`, `code()`, `from_code()`, `label()`,
/// a lenient `parse()` (code, label or alias; punctuation and case ignored),
/// `Display` (the label) and serde as the code.
macro_rules! vocabulary_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => $code:literal, $label:literal $(, [$($alias:literal),*])?
            );+ $(;)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        catalogue_serde_as_code!($name);

        impl $name {
            /// Every value, in the official order.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The stable code stored in databases, URLs and forms.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.code() == code)
            }

            /// The Chinese label as the official texts word it.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }

            /// Other Chinese words accepted by [`Self::parse`].
            pub fn aliases(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($($alias),*)?]),+
                }
            }

            /// Reads a value from its code, its label or an alias, ignoring
            /// case, spacing and punctuation.
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                if let Some(v) = $name::from_code(t).or_else(|| $name::from_code(&t.to_ascii_lowercase())) {
                    return Some(v);
                }
                let key = comparable(t);
                if key.is_empty() {
                    return None;
                }
                $name::ALL.into_iter().find(|v| {
                    comparable(v.label()) == key || v.aliases().iter().any(|a| comparable(a) == key)
                })
            }

            /// The labels joined with `、`, for messages listing the choices.
            pub fn choices_zh() -> String {
                $name::ALL.map($name::label).join("、")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary_enum! {
    /// The kind of an item's validity (有效性). The item's actual validity,
    /// with date and reason, is a [`ValidityState`].
    Validity {
        /// 有效 (in force)
        InForce => "in_force", "有效", ["现行有效"];
        /// 失效 (lapsed: expired, or replaced by operation of its own terms)
        Lapsed => "lapsed", "失效", ["已失效"];
        /// 废止 (repealed by a decision)
        Repealed => "repealed", "废止", ["已废止"];
    }
}

vocabulary_enum! {
    /// The disclosure attribute (公开属性), decided at the source when the
    /// document is made ("谁制作、谁负责"). 不予公开 needs its reason.
    DisclosureAttribute {
        /// 主动公开
        Proactive => "proactive", "主动公开";
        /// 依申请公开
        OnRequest => "on_request", "依申请公开";
        /// 不予公开 (with the reason)
        NotDisclosed => "not_disclosed", "不予公开", ["不公开"];
    }
}

impl DisclosureAttribute {
    /// Whether a reason must be recorded (不予公开).
    pub fn needs_reason(self) -> bool {
        self == DisclosureAttribute::NotDisclosed
    }
}

vocabulary_enum! {
    /// The disclosure scope (公开范围).
    DisclosureScope {
        /// 面向社会
        Public => "public", "面向社会", ["向社会公开", "社会"];
        /// 面向特定对象
        Specific => "specific", "面向特定对象", ["特定对象"];
    }
}

vocabulary_enum! {
    /// The genre (体裁分类): the fifteen types of official documents of the
    /// 《党政机关公文处理工作条例》 (2012) art. 8, the names of rules and
    /// normative documents (规定、办法、规则、细则; a 规章 is never called 条例,
    /// 《规章制定程序条例》 art. 7), plans and programmes, the interpretation (解读)
    /// linked to a policy document, and 其他.
    Genre {
        /// 决议
        Resolution => "resolution", "决议";
        /// 决定
        Decision => "decision", "决定";
        /// 命令（令）
        Order => "order", "命令", ["令", "命令（令）"];
        /// 公报
        Communique => "communique", "公报";
        /// 公告
        Announcement => "announcement", "公告";
        /// 通告
        PublicNotice => "public_notice", "通告";
        /// 意见
        Opinion => "opinion", "意见", ["实施意见", "指导意见"];
        /// 通知
        Notice => "notice", "通知";
        /// 通报
        Bulletin => "bulletin", "通报";
        /// 报告
        Report => "report", "报告";
        /// 请示
        Request => "request", "请示";
        /// 批复
        Reply => "reply", "批复";
        /// 议案
        Motion => "motion", "议案";
        /// 函
        Letter => "letter", "函";
        /// 纪要
        Minutes => "minutes", "纪要", ["会议纪要"];
        /// 规定
        Provisions => "provisions", "规定";
        /// 办法
        Measures => "measures", "办法", ["实施办法", "管理办法"];
        /// 规则
        Rules => "rules", "规则";
        /// 细则
        DetailedRules => "detailed_rules", "细则", ["实施细则"];
        /// 方案
        Plan => "plan", "方案", ["实施方案", "工作方案"];
        /// 规划
        Programme => "programme", "规划";
        /// 计划
        WorkPlan => "work_plan", "计划", ["工作计划", "工作要点", "要点"];
        /// 解读 (the interpretation of a policy document)
        Interpretation => "interpretation", "解读", ["政策解读"];
        /// 其他
        Other => "other", "其他";
    }
}

vocabulary_enum! {
    /// A channel an item went out on (the report's "通过政府网站公开…条，通过政务
    /// 微博…条，通过政务微信…条，其他方式…条").
    PublicationChannel {
        /// 政府网站 (the disclosure column; every catalogue item is on it)
        Website => "website", "政府网站", ["网站", "门户网站"];
        /// 政务微博
        Weibo => "weibo", "政务微博", ["微博"];
        /// 政务微信
        Wechat => "wechat", "政务微信", ["微信", "微信公众号"];
        /// 其他方式 (bulletin boards, newspapers, 政务新媒体 apps …)
        Other => "other", "其他方式", ["其他"];
    }
}

vocabulary_enum! {
    /// Whether an item counts in the annual report's table 二, block
    /// 第二十条第（一）项, as a 规章 or a (行政)规范性文件.
    ItemKind {
        /// 规章 (部门规章 or 地方政府规章, promulgated by 令)
        Regulation => "regulation", "规章", ["政府规章", "部门规章", "地方政府规章"];
        /// 行政规范性文件 (the 2019 format says 规范性文件)
        NormativeDocument => "normative", "行政规范性文件", ["规范性文件"];
        /// 其他 (not counted in table 二)
        Other => "other", "其他", ["其他文件"];
    }
}

impl ItemKind {
    /// Whether the item is counted in table 二, block 第二十条第（一）项.
    pub fn counted_in_table2(self) -> bool {
        self != ItemKind::Other
    }
}

/// An item's validity (有效性), with the date it lapsed or was repealed and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValidityState {
    /// 有效
    #[default]
    InForce,
    /// 失效 on `date`.
    Lapsed { date: NaiveDate, reason: String },
    /// 废止 on `date`.
    Repealed { date: NaiveDate, reason: String },
}

impl ValidityState {
    pub fn kind(&self) -> Validity {
        match self {
            ValidityState::InForce => Validity::InForce,
            ValidityState::Lapsed { .. } => Validity::Lapsed,
            ValidityState::Repealed { .. } => Validity::Repealed,
        }
    }

    /// The date it stopped being in force, if it did.
    pub fn end_date(&self) -> Option<NaiveDate> {
        match self {
            ValidityState::InForce => None,
            ValidityState::Lapsed { date, .. } | ValidityState::Repealed { date, .. } => {
                Some(*date)
            }
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            ValidityState::InForce => None,
            ValidityState::Lapsed { reason, .. } | ValidityState::Repealed { reason, .. } => {
                Some(reason)
            }
        }
    }

    pub fn is_in_force(&self) -> bool {
        matches!(self, ValidityState::InForce)
    }

    /// Whether it is in force at the end of `date`: a lapse or repeal takes
    /// effect on its date.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.end_date().is_none_or(|end| end > date)
    }

    /// As shown on the item's page: `有效`, `废止（2023-05-01）：理由`.
    pub fn label_zh(&self) -> String {
        match self {
            ValidityState::InForce => Validity::InForce.label().to_string(),
            ValidityState::Lapsed { date, reason } | ValidityState::Repealed { date, reason } => {
                let mut s = format!("{}（{date}）", self.kind().label());
                if !reason.trim().is_empty() {
                    s.push('：');
                    s.push_str(reason.trim());
                }
                s
            }
        }
    }
}

const CHINESE_NUMERALS: [&str; 15] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五",
];

/// Reads an Article 20 item as editors write it: `（一）`, `(一)`, `一`, `1`,
/// `第（一）项`, `第二十条第（一）项`, or its code (`regulations`).
pub fn parse_article20(text: &str) -> Option<Article20Item> {
    let t = text.trim();
    if let Some(item) = Article20Item::from_code(t).or_else(|| Article20Item::from_citation(t)) {
        return Some(item);
    }
    let half = crate::identity::to_half_width(t);
    let mut s = half.trim();
    s = s.strip_prefix("第二十条").unwrap_or(s).trim();
    s = s.strip_prefix('第').unwrap_or(s).trim();
    s = s.strip_suffix('项').unwrap_or(s).trim();
    s = s
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(s)
        .trim();
    s = s.strip_suffix(['.', '、']).unwrap_or(s).trim();
    if let Ok(n) = s.parse::<u8>() {
        return Article20Item::from_number(n);
    }
    let index = CHINESE_NUMERALS.iter().position(|n| *n == s)?;
    Some(Article20Item::ALL[index])
}

/// Reads an Article 21 matter from its code or its wording (`土地征收`).
pub fn parse_article21(text: &str) -> Option<Article21Item> {
    let t = text.trim();
    if let Some(item) = Article21Item::from_code(t) {
        return Some(item);
    }
    let key = comparable(t);
    if key.is_empty() {
        return None;
    }
    Article21Item::ALL
        .into_iter()
        .find(|i| comparable(i.label()) == key)
}

/// Longest title, in characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// The summary should be about this long (目录: "内容概述…约100字").
pub const SUMMARY_ADVISED_CHARS: usize = 100;
/// Longest summary accepted, in characters.
pub const SUMMARY_MAX_CHARS: usize = 200;
/// Longest issuing agency name, in characters.
pub const ISSUER_MAX_CHARS: usize = 60;
/// Most keywords.
pub const KEYWORDS_MAX: usize = 10;
/// Longest keyword, in characters.
pub const KEYWORD_MAX_CHARS: usize = 20;
/// Longest reason for 不予公开 / 依申请公开, in characters.
pub const ATTRIBUTE_REASON_MAX_CHARS: usize = 500;
/// Longest 规范性文件统一登记编号, in characters.
pub const REGISTRATION_MAX_CHARS: usize = 40;

/// The editor's form, as typed (every field a string; the web layer fills it
/// from the request). [`ItemForm::validate`] turns it into [`ItemMetadata`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    /// 名称: the main title only.
    pub title: String,
    /// 内容概述: about 100 characters; not a copy of another field.
    pub summary: String,
    /// 发布机构: full official names, one per line; joint documents list every
    /// issuer.
    pub issuers: String,
    /// 文号, optional: `机关代字〔YYYY〕N号` (or a 令号 `…令第N号`).
    pub document_number: String,
    /// 成文日期, `YYYY-MM-DD`: for official documents the signing date.
    pub formed_on: String,
    /// 主题分类, `综合政务\政务公开`.
    pub topic: String,
    /// 体裁分类: a [`Genre`] code or label.
    pub genre: String,
    /// 文件类别: an [`ItemKind`] code or label.
    pub kind: String,
    /// 第二十条 item, optional: `（一）`, `1`, a code …
    pub article20: String,
    /// 第二十一条 matter, optional: a code or its wording.
    pub article21: String,
    /// 公开方式: a [`DisclosureAttribute`] code or label.
    pub attribute: String,
    /// The reason for 不予公开 (required) or 依申请公开 (optional).
    pub attribute_reason: String,
    /// 公开范围: a [`DisclosureScope`] code or label.
    pub scope: String,
    /// 关键词, separated by `、`, `，`, `,`, `;` or spaces; at most 10.
    pub keywords: String,
    /// 正文: plain text, or HTML when `body_format` is `html` (the editor).
    pub body: String,
    /// `html` when the body is the editor's HTML; else plain text.
    pub body_format: String,
    /// 修订: the key of the published item this one revises (blank: none).
    pub revision_of: String,
    /// 规范性文件统一登记编号, optional (e.g. `HHCR-2023-01005`).
    pub normative_registration: String,
    /// The date the information was changed (Art. 26), optional, `YYYY-MM-DD`.
    pub changed_on: String,
    /// 标准目录子栏目, optional: the key of the row of the agency's 标准目录
    /// the item is filed under (`road.rural-plan`).
    pub standard_row: String,
    /// 解读机构, 解读人, contact and forms, for an item of genre 解读.
    pub interpretation: InterpretationFields,
}

/// The validated metadata of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemMetadata {
    pub title: String,
    pub summary: String,
    /// At least one; full official names, in the order given.
    pub issuers: Vec<String>,
    /// Normalised with `〔〕` (see [`document_number_normalised`]).
    pub document_number: Option<String>,
    pub formed_on: NaiveDate,
    /// The information was changed on this date (Art. 26 counts from it).
    pub changed_on: Option<NaiveDate>,
    pub topic: Topic,
    pub genre: Genre,
    pub kind: ItemKind,
    pub article20: Option<Article20Item>,
    pub article21: Option<Article21Item>,
    pub attribute: DisclosureAttribute,
    /// The reason for 不予公开 (always present then) or 依申请公开 (if given);
    /// `None` for 主动公开.
    pub attribute_reason: Option<String>,
    pub scope: DisclosureScope,
    pub keywords: Vec<String>,
    /// 正文, plain text or cleaned HTML as `body_format` says; read it
    /// through [`ItemMetadata::body_html`] and [`ItemMetadata::body_text`].
    pub body: String,
    /// Left out of the stored JSON for text, so histories written before
    /// HTML bodies read and write back unchanged.
    #[serde(default, skip_serializing_if = "BodyFormat::is_text")]
    pub body_format: BodyFormat,
    /// The DOCX or PDF the body was taken from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_source: Option<BodySource>,
    /// 修订: the key of the published item this one revises (the changed
    /// information published again; `catalogue::revision`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_of: Option<String>,
    pub normative_registration: Option<String>,
    /// The key of the 标准目录 row the item is filed under (its sub-column;
    /// `catalogue::standard::filing`). Left out of the stored JSON when
    /// `None`, so histories written before it read and write back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_row: Option<String>,
    /// Who interprets and how, for an item of genre 解读 (absent from
    /// histories stored before it, and from imports of history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<InterpretationDetails>,
}

impl ItemMetadata {
    /// The body as it is published: cleaned HTML (cleaned again on the way
    /// out), or the text's lines as paragraphs.
    pub fn body_html(&self) -> String {
        match self.body_format {
            BodyFormat::Html => sanitize(&self.body).html,
            BodyFormat::Text => html_of_text(&self.body),
        }
    }

    /// The body's text: what search indexes and the summary is compared with.
    pub fn body_text(&self) -> String {
        match self.body_format {
            BodyFormat::Html => text_of_html(&self.body),
            BodyFormat::Text => self.body.clone(),
        }
    }

    /// The day the Art. 26 period starts from: the change date if the
    /// information was changed, else the date formed.
    pub fn timeliness_start(&self) -> NaiveDate {
        self.changed_on.unwrap_or(self.formed_on)
    }

    /// The issuers joined with `、`, as a list page shows them.
    pub fn issuers_zh(&self) -> String {
        self.issuers.join("、")
    }

    /// Advice that does not block saving: a summary longer than about 100
    /// characters, a 文号 year that differs from the year formed, a regulation or
    /// normative document without 第二十条 item …
    pub fn advisories(&self) -> Vec<FieldError> {
        let mut out = FieldErrors::default();
        let n = char_len(&self.summary);
        if n > SUMMARY_ADVISED_CHARS {
            out.push(
                "summary",
                format!("内容概述宜控制在约{SUMMARY_ADVISED_CHARS}字，当前{n}字，建议精简。"),
            );
        }
        if let Some(number) = &self.document_number
            && let Some(year) = document_number_year(number)
            && year != chrono::Datelike::year(&self.formed_on)
        {
            out.push(
                "document_number",
                format!(
                    "文号中的年份{year}与成文日期{}的年份不一致，请核对。",
                    self.formed_on
                ),
            );
        }
        if self.article20.is_none() && self.article21.is_none() {
            out.push(
                "article20",
                "未选择所属的《条例》第二十条（或第二十一条）事项：属于法定主动公开内容的，请选择对应事项。",
            );
        }
        out.0
    }
}

/// The year between `〔〕` of a normalised 文号.
pub(super) fn document_number_year(number: &str) -> Option<i32> {
    let start = number.find('〔')? + '〔'.len_utf8();
    let end = number[start..].find('〕')? + start;
    number[start..end].parse().ok()
}

impl From<&ItemMetadata> for ItemForm {
    /// The form pre-filled for editing; `validate` gives the metadata back.
    fn from(m: &ItemMetadata) -> ItemForm {
        ItemForm {
            title: m.title.clone(),
            summary: m.summary.clone(),
            issuers: m.issuers.join("\n"),
            document_number: m.document_number.clone().unwrap_or_default(),
            formed_on: m.formed_on.to_string(),
            topic: m.topic.to_string(),
            genre: m.genre.code().to_string(),
            kind: m.kind.code().to_string(),
            article20: m
                .article20
                .map(|a| a.code().to_string())
                .unwrap_or_default(),
            article21: m
                .article21
                .map(|a| a.code().to_string())
                .unwrap_or_default(),
            attribute: m.attribute.code().to_string(),
            attribute_reason: m.attribute_reason.clone().unwrap_or_default(),
            scope: m.scope.code().to_string(),
            keywords: m.keywords.join("、"),
            body: m.body.clone(),
            body_format: m.body_format.code().to_string(),
            revision_of: m.revision_of.clone().unwrap_or_default(),
            normative_registration: m.normative_registration.clone().unwrap_or_default(),
            changed_on: m.changed_on.map(|d| d.to_string()).unwrap_or_default(),
            standard_row: m.standard_row.clone().unwrap_or_default(),
            interpretation: m
                .interpretation
                .as_ref()
                .map(InterpretationFields::from)
                .unwrap_or_default(),
        }
    }
}

#[path = "item_validate.rs"]
mod validate;
#[cfg(test)]
pub(super) use validate::copied_field;
