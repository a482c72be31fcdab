//! 政策解读: the interpretation published beside a 规章 or 规范性文件.
//!
//! 国办发〔2016〕19号 and the 《〈关于全面推进政务公开工作的意见〉实施细则》
//! (国办发〔2016〕80号) ask that a policy document and its interpretation be
//! drafted, signed off and published together ("同步组织、同步审签、同步部署"),
//! the interpretation naming who interprets it — the interpreting agency
//! (解读机构), the official (解读人) and a work contact the public may use —
//! and published in one or more forms (文字, 图解, 问答, 音视频).
//!
//! An item whose genre is [`Genre::Interpretation`] carries
//! [`InterpretationDetails`] (required on the editor's form, optional on an
//! import of history, which has no such columns); a 规章 or 规范性文件 is
//! submitted with its interpretation or with the reason none is needed
//! ([`check_submission`]).

use serde::{Deserialize, Serialize};

use super::char_len;
use super::item::{Genre, ItemKind, ItemMetadata};
use crate::application::FieldErrors;

/// A form an interpretation is published in (解读形式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InterpretationForm {
    /// 文字解读
    Text,
    /// 图解
    Graphic,
    /// 问答
    QuestionsAnswers,
    /// 音视频
    AudioVideo,
}

catalogue_serde_as_code!(InterpretationForm);

impl InterpretationForm {
    pub const ALL: [InterpretationForm; 4] = [
        InterpretationForm::Text,
        InterpretationForm::Graphic,
        InterpretationForm::QuestionsAnswers,
        InterpretationForm::AudioVideo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InterpretationForm::Text => "text",
            InterpretationForm::Graphic => "graphic",
            InterpretationForm::QuestionsAnswers => "qa",
            InterpretationForm::AudioVideo => "audio_video",
        }
    }

    pub fn from_code(code: &str) -> Option<InterpretationForm> {
        InterpretationForm::ALL
            .into_iter()
            .find(|f| f.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            InterpretationForm::Text => "文字",
            InterpretationForm::Graphic => "图解",
            InterpretationForm::QuestionsAnswers => "问答",
            InterpretationForm::AudioVideo => "音视频",
        }
    }

    /// A code or a label.
    pub fn parse(text: &str) -> Option<InterpretationForm> {
        let t = text.trim();
        InterpretationForm::from_code(t)
            .or_else(|| InterpretationForm::ALL.into_iter().find(|f| f.label() == t))
    }
}

/// Longest 解读机构, in characters.
pub const INTERPRETING_AGENCY_MAX_CHARS: usize = 60;
/// Longest 解读人, in characters (name with position).
pub const INTERPRETER_MAX_CHARS: usize = 50;
/// Longest e-mail address accepted.
pub const EMAIL_MAX_CHARS: usize = 100;
/// Longest reason why a policy needs no interpretation, in characters.
pub const NO_INTERPRETATION_REASON_MAX_CHARS: usize = 500;

/// Who interprets a policy and how: public on the interpretation's page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InterpretationDetails {
    /// 解读机构: the agency (or its office) that interprets.
    pub agency: String,
    /// 解读人: the official, usually with the position.
    pub interpreter: String,
    /// 联系电话: a work telephone the public may call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 电子邮箱: a work address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// 解读形式, at least one, in the vocabulary's order.
    pub forms: Vec<InterpretationForm>,
}

impl InterpretationDetails {
    /// `文字、问答`.
    pub fn forms_zh(&self) -> String {
        self.forms
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// `0898-26612345；jtj@baisha.gov.cn`.
    pub fn contact_zh(&self) -> String {
        [self.phone.as_deref(), self.email.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// The interpretation part of the editor's form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterpretationFields {
    /// 解读机构.
    pub agency: String,
    /// 解读人.
    pub interpreter: String,
    /// 联系电话.
    pub phone: String,
    /// 电子邮箱.
    pub email: String,
    /// 解读形式: codes (or labels) separated by `,` or `、`.
    pub forms: String,
}

impl From<&InterpretationDetails> for InterpretationFields {
    fn from(d: &InterpretationDetails) -> InterpretationFields {
        InterpretationFields {
            agency: d.agency.clone(),
            interpreter: d.interpreter.clone(),
            phone: d.phone.clone().unwrap_or_default(),
            email: d.email.clone().unwrap_or_default(),
            forms: d
                .forms
                .iter()
                .map(|f| f.code())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

impl InterpretationFields {
    /// Nothing typed.
    pub fn is_blank(&self) -> bool {
        [
            &self.agency,
            &self.interpreter,
            &self.phone,
            &self.email,
            &self.forms,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
    }

    /// Whether the form's 解读形式 includes `form` (the checkboxes).
    pub fn has_form(&self, form: &str) -> bool {
        self.forms
            .split([',', '、'])
            .filter_map(InterpretationForm::parse)
            .any(|f| f.code() == form)
    }

    /// The details of an item of genre `genre`: `None` for any other genre
    /// (the fields are not shown for it) and, unless `required`, when
    /// nothing was typed (an import of history); otherwise every field
    /// checked, the errors under `interpretation_agency`, `interpreter`,
    /// `interpretation_phone`, `interpretation_email` and
    /// `interpretation_forms`.
    pub fn validate(
        &self,
        errors: &mut FieldErrors,
        genre: Option<Genre>,
        required: bool,
    ) -> Option<InterpretationDetails> {
        if genre != Some(Genre::Interpretation) || (!required && self.is_blank()) {
            return None;
        }
        let before = errors.0.len();
        let agency = one_line(
            errors,
            "interpretation_agency",
            &self.agency,
            INTERPRETING_AGENCY_MAX_CHARS,
            "请填写解读机构（负责解读的机关或其内设机构的全称）。",
            "解读机构",
        );
        let interpreter = one_line(
            errors,
            "interpreter",
            &self.interpreter,
            INTERPRETER_MAX_CHARS,
            "请填写解读人（姓名和职务，如“县交通运输局局长 王某某”）。",
            "解读人",
        );
        let (phone, email) = contact(errors, &self.phone, &self.email);
        let forms = forms(errors, &self.forms);
        (errors.0.len() == before).then_some(InterpretationDetails {
            agency,
            interpreter,
            phone,
            email,
            forms,
        })
    }
}

fn one_line(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    max: usize,
    empty: &str,
    name: &str,
) -> String {
    let t = text.trim();
    if t.is_empty() {
        errors.push(field, empty);
    } else if t.contains(['\n', '\r']) {
        errors.push(field, format!("{name}只填写一行，不能换行。"));
    } else if char_len(t) > max {
        errors.push(
            field,
            format!("{name}最多{max}字，您填写了{}字。", char_len(t)),
        );
    }
    t.to_string()
}

/// A work telephone: digits with the usual separators (`0898-26612345`,
/// `(0898)2661 2345转8001`), 7 to 20 digits.
fn phone_ok(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    (7..=20).contains(&digits)
        && t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '（' | '）' | '+' | '转')
        })
}

/// `name@host.tld`: one `@`, no spaces, a dot in the host.
fn email_ok(t: &str) -> bool {
    let Some((local, host)) = t.split_once('@') else {
        return false;
    };
    char_len(t) <= EMAIL_MAX_CHARS
        && !local.is_empty()
        && !host.contains('@')
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && t.chars().all(|c| c.is_ascii_graphic())
}

fn contact(errors: &mut FieldErrors, phone: &str, email: &str) -> (Option<String>, Option<String>) {
    let (phone, email) = (phone.trim(), email.trim());
    if phone.is_empty() && email.is_empty() {
        errors.push(
            "interpretation_phone",
            "请填写解读人的工作联系电话或电子邮箱（至少一项），便于公众就政策咨询。",
        );
        return (None, None);
    }
    if !phone.is_empty() && !phone_ok(phone) {
        errors.push(
            "interpretation_phone",
            format!("联系电话“{phone}”格式不正确：请填写办公电话，如“0898-26612345”。"),
        );
    }
    if !email.is_empty() && !email_ok(email) {
        errors.push(
            "interpretation_email",
            format!("电子邮箱“{email}”格式不正确，应如“jtj@baisha.gov.cn”。"),
        );
    }
    let some = |t: &str| (!t.is_empty()).then(|| t.to_string());
    (some(phone), some(email))
}

fn forms(errors: &mut FieldErrors, text: &str) -> Vec<InterpretationForm> {
    let choices = || {
        InterpretationForm::ALL
            .map(InterpretationForm::label)
            .join("、")
    };
    let mut out = Vec::new();
    for part in text
        .split([',', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match InterpretationForm::parse(part) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => {
                errors.push(
                    "interpretation_forms",
                    format!("解读形式“{part}”无法识别，请从{}中选择。", choices()),
                );
                return Vec::new();
            }
        }
    }
    if out.is_empty() {
        errors.push(
            "interpretation_forms",
            format!("请选择解读形式（{}，可多选）。", choices()),
        );
    }
    out.sort();
    out
}

/// Whether a document of `kind` is a policy to be interpreted when it is
/// published: a 规章 or a 行政规范性文件.
pub fn needs_interpretation(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Regulation | ItemKind::NormativeDocument)
}

/// Why a submission is refused by the interpretation rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error(
        "{kind}提交审核时应同步提交政策解读（国办发〔2016〕19号：政策文件与解读材料同步组织、同步审签、同步部署）：请选择一并提交的解读；确实不需要解读的，请填写不需要解读的理由。"
    )]
    InterpretationOrReasonMissing { kind: &'static str },
    #[error("不需要解读的理由最多{NO_INTERPRETATION_REASON_MAX_CHARS}字，请精简。")]
    ReasonTooLong,
}

/// The interpretation rule of a submission: a 规章 or 规范性文件 goes to
/// review with its interpretation (`with_interpretation`) or with the
/// reason none is needed; other documents need neither. Checked when a
/// submission is recorded, never when a stored history is read.
pub fn check_submission(
    metadata: &ItemMetadata,
    with_interpretation: Option<&str>,
    no_interpretation_reason: Option<&str>,
) -> Result<(), SubmissionError> {
    let reason = no_interpretation_reason.map(str::trim).unwrap_or("");
    if char_len(reason) > NO_INTERPRETATION_REASON_MAX_CHARS {
        return Err(SubmissionError::ReasonTooLong);
    }
    let with = with_interpretation.is_some_and(|k| !k.trim().is_empty());
    if needs_interpretation(metadata.kind) && !with && reason.is_empty() {
        return Err(SubmissionError::InterpretationOrReasonMissing {
            kind: metadata.kind.label(),
        });
    }
    Ok(())
}

#[cfg(test)]
#[path = "interpretation_tests.rs"]
mod tests;
