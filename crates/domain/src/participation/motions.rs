//! 人大代表建议 and 政协委员提案: the register of an agency's motions by
//! year and session (届次), their deadlines, the reply and its publication.
//!
//! The clocks are [`MotionRules`] (`clocks.rs`): a reply within 3 months of
//! assignment (《全国人民代表大会和地方各级人民代表大会代表法》: 自交办之日起
//! 三个月内答复; 提案 as the local 政协 rules say, some 5 months), at most 6
//! months with the assigning body's consent, and the reply published
//! within 20 working days of answering. Here: what a session may set, an
//! extension as recorded, the publication (in full, or a summary with the
//! reason), the proposer's satisfaction after the reply, and where a
//! motion stands on a day ([`MotionMark`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::clocks::{ExtensionTooLong, MotionKind, MotionRules, ReplyGrade};

impl MotionKind {
    pub const ALL: [MotionKind; 2] = [MotionKind::Suggestion, MotionKind::Proposal];

    pub fn code(self) -> &'static str {
        match self {
            MotionKind::Suggestion => "suggestion",
            MotionKind::Proposal => "proposal",
        }
    }

    pub fn from_code(code: &str) -> Option<MotionKind> {
        MotionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// `人大代表建议`, `政协委员提案`.
    pub fn label(self) -> &'static str {
        match self {
            MotionKind::Suggestion => "人大代表建议",
            MotionKind::Proposal => "政协委员提案",
        }
    }

    /// `建议`, `提案`.
    pub fn short(self) -> &'static str {
        match self {
            MotionKind::Suggestion => "建议",
            MotionKind::Proposal => "提案",
        }
    }

    /// Who proposes: `代表`, `委员`.
    pub fn proposer(self) -> &'static str {
        match self {
            MotionKind::Suggestion => "代表",
            MotionKind::Proposal => "委员",
        }
    }

    /// The proposer's group: `代表团`, `界别`.
    pub fn group(self) -> &'static str {
        match self {
            MotionKind::Suggestion => "代表团",
            MotionKind::Proposal => "界别",
        }
    }
}

impl ReplyGrade {
    pub const ALL: [ReplyGrade; 4] = [ReplyGrade::A, ReplyGrade::B, ReplyGrade::C, ReplyGrade::D];

    pub fn code(self) -> &'static str {
        match self {
            ReplyGrade::A => "A",
            ReplyGrade::B => "B",
            ReplyGrade::C => "C",
            ReplyGrade::D => "D",
        }
    }

    pub fn from_code(code: &str) -> Option<ReplyGrade> {
        ReplyGrade::ALL
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(code))
    }
}

/// 满意度: the proposer's view of the reply, recorded after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::BasicallySatisfied,
        Satisfaction::Dissatisfied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::BasicallySatisfied => "basically_satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }

    pub fn from_code(code: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::BasicallySatisfied => "基本满意",
            Satisfaction::Dissatisfied => "不满意",
        }
    }
}

/// 提出人: a deputy or member who made (or joined) the motion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposer {
    pub name: String,
    /// 代表团 (建议) or 界别 (提案); empty when not known.
    #[serde(default)]
    pub group: String,
    /// A phone number or an address: private, and removed from whatever
    /// is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl Proposer {
    /// `王某某（城关镇代表团）`.
    pub fn shown(&self) -> String {
        if self.group.is_empty() {
            self.name.clone()
        } else {
            format!("{}（{}）", self.name, self.group)
        }
    }
}

/// How a reply is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishMode {
    /// 全文公开.
    Full,
    /// 摘要公开, with the reason the full text is not.
    Summary,
}

impl PublishMode {
    pub fn code(self) -> &'static str {
        match self {
            PublishMode::Full => "full",
            PublishMode::Summary => "summary",
        }
    }

    pub fn from_code(code: &str) -> Option<PublishMode> {
        [PublishMode::Full, PublishMode::Summary]
            .into_iter()
            .find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PublishMode::Full => "全文公开",
            PublishMode::Summary => "摘要公开",
        }
    }
}

/// The least a reason (for a summary, an extension's consent) must say.
pub const REASON_MIN_CHARS: usize = 4;
/// The shortest summary, in characters.
pub const SUMMARY_MIN_CHARS: usize = 10;

/// What the law or the platform refuses in handling a motion.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MotionError {
    #[error(
        "届次应写明是哪一次会议，如“白沙县第十八届人民代表大会第五次会议”或“政协白沙县第十二届委员会第四次会议”：{kind}的届次应包含“{must}”。"
    )]
    SessionName {
        kind: &'static str,
        must: &'static str,
    },
    #[error(
        "人大代表建议自交办之日起三个月内答复（《全国人民代表大会和地方各级人民代表大会代表法》），不能另定办理期限；确需延长的，经交办机关同意后逐件延期，最长六个月。"
    )]
    SuggestionMonths,
    #[error(
        "政协委员提案的办理期限按当地规定为3至5个月（自交办之日起），所填为{months}个月；超过5个月的，请按件经交办机关同意延期，最长六个月。"
    )]
    ProposalMonths { months: u32 },
    #[error(transparent)]
    TooLong(#[from] ExtensionTooLong),
    #[error("延期后的期限（{asked}）应晚于现在的办理期限（{due}）。")]
    NotLater { asked: NaiveDate, due: NaiveDate },
    #[error(
        "延长办理期限须经交办机关同意：请填写同意延期的文件或记录（如“县人大常委会选联工委2025年7月1日复函同意”）。"
    )]
    ConsentMissing,
    #[error("答复日期（{answered}）不能早于交办日期（{assigned}）。")]
    AnsweredBeforeAssigned {
        answered: NaiveDate,
        assigned: NaiveDate,
    },
    #[error(
        "只公开摘要的，须说明不公开全文的理由（如“涉及个人隐私”“涉及国家秘密”），理由随摘要一并公开。"
    )]
    SummaryReasonMissing,
    #[error("请填写公开的答复摘要（至少{SUMMARY_MIN_CHARS}个字）。")]
    SummaryMissing,
    #[error("满意度在答复之后征询：征询日期（{asked}）不能早于答复日期（{answered}）。")]
    SatisfactionBeforeReply {
        asked: NaiveDate,
        answered: NaiveDate,
    },
}

/// The name of a session, for a register of `kind`: it names the body
/// whose session it is (人民代表大会 or 人大; 政治协商会议 or 政协).
pub fn check_session_name(kind: MotionKind, name: &str) -> Result<(), MotionError> {
    let (must, either): (&str, &[&str]) = match kind {
        MotionKind::Suggestion => ("人民代表大会", &["人民代表大会", "人大"]),
        MotionKind::Proposal => ("政协", &["政协", "政治协商会议"]),
    };
    if either.iter().any(|w| name.contains(w)) && name.contains('届') {
        Ok(())
    } else {
        Err(MotionError::SessionName {
            kind: kind.label(),
            must,
        })
    }
}

/// The rules of a session whose motions of `kind` are replied within
/// `months` of assignment: 建议 3 by statute; 提案 3 to 5 as configured.
pub fn session_rules(kind: MotionKind, months: u32) -> Result<MotionRules, MotionError> {
    let rules = MotionRules::default();
    match kind {
        MotionKind::Suggestion if months == rules.suggestion_months => Ok(rules),
        MotionKind::Suggestion => Err(MotionError::SuggestionMonths),
        MotionKind::Proposal if (3..=5).contains(&months) => Ok(MotionRules {
            proposal_months: months,
            ..rules
        }),
        MotionKind::Proposal => Err(MotionError::ProposalMonths { months }),
    }
}

/// An extension to `until`, with the consent recorded as `consent` (its
/// reference): later than the `due` day in force, at most the rules'
/// longest period from assignment.
pub fn check_extension(
    rules: &MotionRules,
    assigned_on: NaiveDate,
    due: NaiveDate,
    until: NaiveDate,
    consent: &str,
) -> Result<NaiveDate, MotionError> {
    if consent.trim().chars().count() < REASON_MIN_CHARS {
        return Err(MotionError::ConsentMissing);
    }
    if until <= due {
        return Err(MotionError::NotLater { asked: until, due });
    }
    Ok(rules.extend(assigned_on, until)?)
}

/// A reply answered on `answered_on` of a motion assigned on `assigned_on`
/// (not after today: checked with the other dates a person types).
pub fn check_answered_on(
    assigned_on: NaiveDate,
    answered_on: NaiveDate,
) -> Result<(), MotionError> {
    if answered_on < assigned_on {
        return Err(MotionError::AnsweredBeforeAssigned {
            answered: answered_on,
            assigned: assigned_on,
        });
    }
    Ok(())
}

/// A publication as asked: a summary needs its text and the reason the
/// full reply is not published.
pub fn check_publication(
    mode: PublishMode,
    summary: &str,
    reason: &str,
) -> Result<(), MotionError> {
    if mode == PublishMode::Full {
        return Ok(());
    }
    if reason.trim().chars().count() < REASON_MIN_CHARS {
        return Err(MotionError::SummaryReasonMissing);
    }
    if summary.trim().chars().count() < SUMMARY_MIN_CHARS {
        return Err(MotionError::SummaryMissing);
    }
    Ok(())
}

/// The proposer's satisfaction asked on `asked_on`, after the reply.
pub fn check_satisfaction_on(
    answered_on: NaiveDate,
    asked_on: NaiveDate,
) -> Result<(), MotionError> {
    if asked_on < answered_on {
        return Err(MotionError::SatisfactionBeforeReply {
            asked: asked_on,
            answered: answered_on,
        });
    }
    Ok(())
}

/// A motion's dates as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MotionDates {
    /// The reply is due by this day (an extension's, if granted).
    pub due: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    /// The reply is published by this day ([`MotionRules::publish_due`]).
    pub publish_due: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
}

/// Where a motion stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionMark {
    /// 办理中: this many days left after today (0: due today).
    Handling { days_left: i64 },
    /// 逾期未答复: the due day has passed.
    ReplyOverdue,
    /// 已答复，待公开: publish by this day.
    AwaitingPublication { by: NaiveDate },
    /// 答复逾期未公开: from the working day after `publish_due`.
    PublicationOverdue,
    /// 已公开, within the period or not.
    Published { on_time: bool },
}

impl MotionMark {
    pub fn of(d: &MotionDates, today: NaiveDate) -> MotionMark {
        match (d.answered_on, d.publish_due, d.published_on) {
            (_, due, Some(on)) => MotionMark::Published {
                on_time: due.is_none_or(|due| on <= due),
            },
            (Some(_), Some(by), None) if today > by => MotionMark::PublicationOverdue,
            (Some(_), Some(by), None) => MotionMark::AwaitingPublication { by },
            _ if today > d.due => MotionMark::ReplyOverdue,
            _ => MotionMark::Handling {
                days_left: (d.due - today).num_days(),
            },
        }
    }

    pub fn label(self) -> String {
        match self {
            MotionMark::Handling { days_left: 0 } => "办理中，今日到期".into(),
            MotionMark::Handling { days_left } => format!("办理中，还剩{days_left}天"),
            MotionMark::ReplyOverdue => "逾期未答复".into(),
            MotionMark::AwaitingPublication { by } => format!("已答复，待公开（{by}前）"),
            MotionMark::PublicationOverdue => "已答复，逾期未公开".into(),
            MotionMark::Published { on_time: true } => "已公开".into(),
            MotionMark::Published { on_time: false } => "已公开（逾期公开）".into(),
        }
    }

    /// Late: shown to the agency and counted for its supervising office.
    pub fn flagged(self) -> bool {
        matches!(
            self,
            MotionMark::ReplyOverdue | MotionMark::PublicationOverdue
        )
    }

    /// A CSS/test code.
    pub fn code(self) -> &'static str {
        match self {
            MotionMark::Handling { .. } => "handling",
            MotionMark::ReplyOverdue => "reply-overdue",
            MotionMark::AwaitingPublication { .. } => "awaiting",
            MotionMark::PublicationOverdue => "publication-overdue",
            MotionMark::Published { .. } => "published",
        }
    }
}
