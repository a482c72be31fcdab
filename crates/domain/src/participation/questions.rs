//! 政民互动 (咨询): a member of the public asks the agency a question on its
//! column — a name, a way to reach them (a phone number or an e-mail
//! address, private: only the staff handling it see it), a subject, the
//! question, and whether question and answer may be published. The clock
//! of an answer is [`super::clocks::QuestionClock`]; here are what the form
//! must hold, the agency's own days ([`rules_of`]), the standard replies
//! that send a petition or a complaint where it belongs ([`OtherChannel`])
//! and the receipt date of a question that is in substance an application
//! for disclosure ([`conversion_receipt`], Art. 31).
//!
//! The contact is checked by the same rule as a comment's
//! ([`super::comment::check_comment`]); only the words said to the asker
//! are the question's own.

use chrono::NaiveDate;

use super::clocks::{QUESTION_VETO_MONTHS, QuestionRules};
use super::comment::{
    BODY_MAX_CHARS, BODY_MIN_CHARS, CommentError, CommentForm, NAME_MAX_CHARS, check_comment,
    one_line,
};
use crate::deadline::{ReceiptError, ReceiptFacts, receipt_date};
use crate::vocabulary::Channel;

/// The shortest and the longest subject (标题), in characters.
pub const SUBJECT_MIN_CHARS: usize = 4;
pub const SUBJECT_MAX_CHARS: usize = 50;
/// The longest answer (答复内容), in characters.
pub const ANSWER_MAX_CHARS: usize = 5000;
/// The shortest answer: a reply says something.
pub const ANSWER_MIN_CHARS: usize = 10;
/// The most working days an agency may give itself to answer: the
/// escalation after months must stay far behind.
pub const ANSWER_DAYS_MAX: u32 = 20;
/// The channel a referral names, in characters.
pub const CHANNEL_MIN_CHARS: usize = 4;
pub const CHANNEL_MAX_CHARS: usize = 200;

/// 留言编号: `ZX` (咨询), the year it was asked and the platform's number of
/// the question, e.g. `ZX2025-000012`.
pub fn question_number(year: i32, id: i64) -> String {
    format!("ZX{year}-{id:06}")
}

/// The year and the number a 留言编号 names (case and spaces as typed), or
/// `None` for anything else.
pub fn parse_question_number(text: &str) -> Option<(i32, i64)> {
    let t = text.trim().to_ascii_uppercase();
    let (year, id) = t.strip_prefix("ZX")?.split_once('-')?;
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !ok(year) || !ok(id) || id.len() > 12 {
        return None;
    }
    Some((year.parse().ok()?, id.parse().ok()?))
}

/// A question as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionForm {
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    /// 同意公开: the question and the answer may be published (without the
    /// asker's name and contact).
    pub consent: bool,
}

/// A question as checked: what is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub name: String,
    /// A phone number (digits and hyphens) or an e-mail address; private.
    pub contact: String,
    pub subject: String,
    pub body: String,
    pub consent: bool,
}

/// What is wrong with a question, for the person asking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    #[error("请填写您的姓名或单位名称，以便本机关答复。姓名不会公开。")]
    NameRequired,
    #[error("姓名或单位名称不能超过{NAME_MAX_CHARS}个字，请简要填写。")]
    NameTooLong,
    #[error(
        "请留下联系方式（手机号码、固定电话或电子邮箱），以便本机关核实和答复。联系方式不会公开。"
    )]
    ContactRequired,
    #[error(
        "联系方式应为手机号码（如13800138000）、带区号的固定电话（如0991-6012345）或电子邮箱（如name@example.cn），请核对。"
    )]
    ContactInvalid,
    #[error(
        "标题太短（{chars}个字）：请用{SUBJECT_MIN_CHARS}至{SUBJECT_MAX_CHARS}个字概括您要咨询的事项。"
    )]
    SubjectTooShort { chars: usize },
    #[error(
        "标题不能超过{SUBJECT_MAX_CHARS}个字（您写了{chars}个字），请精简，详细情况写在留言内容中。"
    )]
    SubjectTooLong { chars: usize },
    #[error("留言内容太短（{chars}个字）：请至少写{BODY_MIN_CHARS}个字，说明您要咨询的具体问题。")]
    BodyTooShort { chars: usize },
    #[error("留言内容不能超过{BODY_MAX_CHARS}个字（您写了{chars}个字）：请精简，或分几次提交。")]
    BodyTooLong { chars: usize },
}

/// The order of the form's fields: errors are named in it.
fn field_order(e: &QuestionError) -> u8 {
    match e {
        QuestionError::NameRequired | QuestionError::NameTooLong => 0,
        QuestionError::ContactRequired | QuestionError::ContactInvalid => 1,
        QuestionError::SubjectTooShort { .. } | QuestionError::SubjectTooLong { .. } => 2,
        QuestionError::BodyTooShort { .. } | QuestionError::BodyTooLong { .. } => 3,
    }
}

/// A comment's error in the question's words (a comment's name and
/// contact rules, said to someone asking, not commenting on a draft).
fn question_error(e: CommentError) -> Option<QuestionError> {
    Some(match e {
        CommentError::NameRequired => QuestionError::NameRequired,
        CommentError::NameTooLong => QuestionError::NameTooLong,
        CommentError::ContactInvalid => QuestionError::ContactInvalid,
        CommentError::BodyTooShort { chars } => QuestionError::BodyTooShort { chars },
        CommentError::BodyTooLong { chars } => QuestionError::BodyTooLong { chars },
        // Not asked of a comment form without a period.
        CommentError::NotYetOpen { .. } | CommentError::Closed { .. } => return None,
    })
}

/// A subject as kept (one line), or what is wrong with it.
pub fn check_subject(text: &str) -> Result<String, QuestionError> {
    let subject = one_line(text);
    let chars = subject.chars().count();
    if chars < SUBJECT_MIN_CHARS {
        Err(QuestionError::SubjectTooShort { chars })
    } else if chars > SUBJECT_MAX_CHARS {
        Err(QuestionError::SubjectTooLong { chars })
    } else {
        Ok(subject)
    }
}

/// Checks a question: every problem at once, in the form's order (name,
/// contact, subject, question). Name and contact are required here: the
/// agency answers a person it can reach.
pub fn check_question(form: &QuestionForm) -> Result<Question, Vec<QuestionError>> {
    let as_comment = CommentForm {
        name: form.name.clone(),
        contact: form.contact.clone(),
        body: form.body.clone(),
    };
    let (comment, mut errors) = match check_comment(&as_comment, true) {
        Ok(c) => (Some(c), Vec::new()),
        Err(e) => (None, e.into_iter().filter_map(question_error).collect()),
    };
    let contact_checked = !errors
        .iter()
        .any(|e| matches!(e, QuestionError::ContactInvalid));
    if contact_checked && one_line(&form.contact).is_empty() {
        errors.push(QuestionError::ContactRequired);
    }
    let subject = check_subject(&form.subject).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    errors.sort_by_key(field_order);
    match comment {
        Some(c) if errors.is_empty() => Ok(Question {
            name: c.name.unwrap_or_default(),
            contact: c.contact.unwrap_or_default(),
            subject,
            body: c.body,
            consent: form.consent,
        }),
        _ => Err(errors),
    }
}

/// The asker's name as it would stand in a text: from 2 characters (a
/// shorter one would match ordinary words).
fn name_in(text: &str, name: &str) -> bool {
    let name = name.trim();
    name.chars().count() >= 2 && text.contains(name)
}

/// What the staff start from when publishing a question: the asker's
/// contact and name, and any phone number, ID number or e-mail address in
/// the text, replaced by a note (`redact::redact_contacts`). The staff
/// read it and remove what else is personal.
pub fn public_suggestion(text: &str, name: &str, contact: &str) -> String {
    let mut out = super::redact::redact_contacts(text, &[contact]).text;
    if name_in(&out, name) {
        out = out.replace(name.trim(), "（姓名已隐去）");
    }
    out
}

/// Whether a text to publish still holds the asker's name or contact:
/// such a text is refused.
pub fn names_asker(text: &str, name: &str, contact: &str) -> bool {
    let contact = contact.trim();
    name_in(text, name) || (!contact.is_empty() && text.contains(contact))
}

/// Why an agency's days of answering cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("答复期限应为1至{ANSWER_DAYS_MAX}个工作日（默认5个工作日），请重新填写。")]
    AnswerDays,
    #[error(
        "提请督办的时间应为留言后1至2个月：国家检查中，留言超过{QUESTION_VETO_MONTHS}个月未答复的网站单项否决，须在此之前督办。"
    )]
    Escalation,
}

/// The agency's days: `answer_days` working days (1 to
/// [`ANSWER_DAYS_MAX`]) and escalation after 1 or 2 months, before the
/// veto line of 3 months.
pub fn rules_of(answer_days: u32, escalate_after_months: u32) -> Result<QuestionRules, RulesError> {
    if !(1..=ANSWER_DAYS_MAX).contains(&answer_days) {
        return Err(RulesError::AnswerDays);
    }
    if !(1..QUESTION_VETO_MONTHS).contains(&escalate_after_months) {
        return Err(RulesError::Escalation);
    }
    Ok(QuestionRules {
        answer_days,
        escalate_after_months,
    })
}

/// An answer as kept, or why it cannot be.
pub fn check_answer(text: &str) -> Result<String, String> {
    let answer = super::comment::plain_text(text);
    let chars = answer.chars().count();
    if chars < ANSWER_MIN_CHARS {
        return Err(format!(
            "答复内容太短（{chars}个字）：请至少写{ANSWER_MIN_CHARS}个字，直接回答留言所问的事项。"
        ));
    }
    if chars > ANSWER_MAX_CHARS {
        return Err(format!(
            "答复内容不能超过{ANSWER_MAX_CHARS}个字（现有{chars}个字），请精简，详细材料可以告知查阅途径。"
        ));
    }
    Ok(answer)
}

/// 告知其他渠道: a message that is not a question for this channel, and
/// where it belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OtherChannel {
    /// 信访事项: to the 信访 channel (《信访工作条例》).
    Petition,
    /// 投诉、举报 (of matters other than disclosure work): to the body
    /// competent for them.
    Complaint,
    /// A complaint about the agency's disclosure work (Art. 51): to the
    /// agency above or the 政府信息公开工作主管部门.
    DisclosureComplaint,
}

impl OtherChannel {
    pub const ALL: [OtherChannel; 3] = [
        OtherChannel::Petition,
        OtherChannel::Complaint,
        OtherChannel::DisclosureComplaint,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OtherChannel::Petition => "petition",
            OtherChannel::Complaint => "complaint",
            OtherChannel::DisclosureComplaint => "disclosure_complaint",
        }
    }

    pub fn from_code(code: &str) -> Option<OtherChannel> {
        OtherChannel::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OtherChannel::Petition => "信访事项",
            OtherChannel::Complaint => "投诉、举报",
            OtherChannel::DisclosureComplaint => "对政府信息公开工作的投诉、举报",
        }
    }

    /// What the staff fill in: the body and how to reach it.
    pub fn asks_for(self) -> &'static str {
        match self {
            OtherChannel::Petition => "有权处理的机关或者信访工作机构的名称、地址和电话",
            OtherChannel::Complaint => "有权处理该投诉、举报的机关的名称和联系方式",
            OtherChannel::DisclosureComplaint => {
                "上一级行政机关或者政府信息公开工作主管部门的名称和联系方式"
            }
        }
    }

    /// The standard reply naming `to`, the channel (as checked).
    fn notice(self, to: &str) -> String {
        const NOT_HERE: &str = "本栏目用于解答与本机关职责有关的咨询";
        const ART39: &str = "参照《中华人民共和国政府信息公开条例》第三十九条";
        match self {
            OtherChannel::Petition => format!(
                "您的留言反映的是信访事项。{NOT_HERE}，不作为信访事项处理（{ART39}）。请依照《信访工作条例》的规定，向{to}提出。"
            ),
            OtherChannel::Complaint => format!(
                "您的留言属于投诉、举报。{NOT_HERE}，不作为投诉、举报处理（{ART39}）。请向{to}提出。"
            ),
            OtherChannel::DisclosureComplaint => format!(
                "您认为本机关在政府信息公开工作中侵犯您的合法权益的，根据《中华人民共和国政府信息公开条例》第五十一条，可以向{to}投诉、举报；认为政府信息公开工作中的具体行政行为侵犯您的合法权益的，也可以依法申请行政复议或者提起行政诉讼。"
            ),
        }
    }
}

/// The channel as the staff typed it, without the sentence's end (the
/// standard text goes on after it); `None` when too short or too long.
fn channel_named(text: &str) -> Option<String> {
    let to = one_line(text)
        .trim_end_matches(['。', '；', ';', '，', ',', '.', ' '])
        .to_string();
    let chars = to.chars().count();
    (CHANNEL_MIN_CHARS..=CHANNEL_MAX_CHARS)
        .contains(&chars)
        .then_some(to)
}

/// The reply that tells where a message of `channel` belongs, naming
/// `to` (the body and how to reach it, as typed).
pub fn referral_notice(channel: OtherChannel, to: &str) -> Result<String, String> {
    let to = channel_named(to).ok_or_else(|| {
        format!(
            "请写明{}（{CHANNEL_MIN_CHARS}至{CHANNEL_MAX_CHARS}个字），答复中将据此告知留言人。",
            channel.asks_for()
        )
    })?;
    Ok(channel.notice(&to))
}

/// The receipt date of a question converted into an application for
/// disclosure, and the facts it is computed from. Art. 31(三): an
/// application submitted through the internet is received on the day both
/// sides confirm it. The asker sent the question through the platform on
/// `asked_on` and the platform acknowledged it that day with its number and
/// query code: both sides confirmed it on `asked_on`, which is therefore
/// the receipt date, computed by [`receipt_date`] as for every case.
pub fn conversion_receipt(asked_on: NaiveDate) -> Result<(ReceiptFacts, NaiveDate), ReceiptError> {
    let facts = ReceiptFacts {
        arrived: Some(asked_on),
        confirmed: Some(asked_on),
        ..ReceiptFacts::default()
    };
    let date = receipt_date(Channel::Online, &facts)?;
    Ok((facts, date))
}

/// The notice the asker reads on the query page when the question is
/// handled as an application for disclosure.
pub fn conversion_notice(
    case_number: &str,
    received: NaiveDate,
    reply_due: Option<NaiveDate>,
) -> String {
    let due = reply_due.map_or(String::new(), |d| {
        format!(
            "本机关将在{d}前作出答复（第三十三条，20个工作日；依法需要补正、征求意见或者延长期限的，期限相应变化，可在申请查询页面查看）。"
        )
    });
    format!(
        "您的留言属于申请获取政府信息，本机关已按政府信息公开申请登记办理，申请编号{case_number}。根据《中华人民共和国政府信息公开条例》第三十一条，收到申请之日为您提交留言之日（{received}）。{due}"
    )
}

#[cfg(test)]
#[path = "question_tests.rs"]
mod tests;
