//! 公开征求意见 (决策预公开): an agency publishes a draft with its 起草说明
//! and says how and until when the public may comment. The law fixes a
//! minimum period by the kind of draft; every rule says “一般不少于”, so a
//! shorter period is allowed only with a reason, which the notice shows
//! (《重大行政决策程序暂行条例》第十五条: “因情况紧急等原因需要缩短期限的，
//! 公开征求意见时应当予以说明”). Periods run from the day after publication
//! (《民法典》第二百零一条: the first day is not counted) to the closing day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError};

/// What the draft is: it decides the minimum period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    /// 重大行政决策事项.
    MajorDecision,
    /// 规章.
    Rule,
    /// 行政规范性文件.
    NormativeDocument,
    /// 与市场主体生产经营活动密切相关的行政规范性文件.
    MarketEntityDocument,
    /// Other drafts an agency chooses to consult on: no statutory minimum.
    Other,
}

/// A length of time as the law states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "n", rename_all = "snake_case")]
pub enum Period {
    /// N days (日): calendar days.
    Days(u32),
    /// N working days (工作日), on the platform calendar.
    WorkingDays(u32),
}

impl Period {
    /// `30日`, `7个工作日`.
    pub fn label(self) -> String {
        match self {
            Period::Days(n) => format!("{n}日"),
            Period::WorkingDays(n) => format!("{n}个工作日"),
        }
    }

    /// The last day of the period that starts after `from`.
    pub fn end(self, from: NaiveDate, calendar: &Calendar) -> Result<NaiveDate, CalendarError> {
        match self {
            Period::Days(n) => Ok(from + chrono::Days::new(u64::from(n))),
            Period::WorkingDays(n) => Ok(calendar.add_working_days(from, n)?.due),
        }
    }

    /// How much of this unit lies after `from`, up to and including `to`.
    pub fn counted(self, from: NaiveDate, to: NaiveDate, calendar: &Calendar) -> u32 {
        match self {
            Period::Days(_) => u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX),
            Period::WorkingDays(_) => calendar.working_days_between(from, to),
        }
    }
}

/// A statutory minimum: the period and where the law says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinimumPeriod {
    pub period: Period,
    /// The law and article, e.g. `《规章制定程序条例》第十五条`.
    pub source: &'static str,
}

impl DraftKind {
    pub const ALL: [DraftKind; 5] = [
        DraftKind::MajorDecision,
        DraftKind::Rule,
        DraftKind::NormativeDocument,
        DraftKind::MarketEntityDocument,
        DraftKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DraftKind::MajorDecision => "major_decision",
            DraftKind::Rule => "rule",
            DraftKind::NormativeDocument => "normative_document",
            DraftKind::MarketEntityDocument => "market_entity_document",
            DraftKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<DraftKind> {
        DraftKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DraftKind::MajorDecision => "重大行政决策事项",
            DraftKind::Rule => "规章",
            DraftKind::NormativeDocument => "行政规范性文件",
            DraftKind::MarketEntityDocument => "与市场主体生产经营活动密切相关的行政规范性文件",
            DraftKind::Other => "其他文件",
        }
    }

    /// The statutory minimum period of a consultation on this kind of
    /// draft; `None` where the law sets none.
    pub fn minimum(self) -> Option<MinimumPeriod> {
        let (period, source) = match self {
            DraftKind::MajorDecision => (
                Period::Days(30),
                "《重大行政决策程序暂行条例》（国务院令第713号）第十五条",
            ),
            DraftKind::Rule => (Period::Days(30), "《规章制定程序条例》第十五条"),
            DraftKind::NormativeDocument => (
                Period::WorkingDays(7),
                "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
            ),
            DraftKind::MarketEntityDocument => (Period::Days(30), "《优化营商环境条例》第六十二条"),
            DraftKind::Other => return None,
        };
        Some(MinimumPeriod { period, source })
    }
}

/// The period a notice may state, as checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodVerdict {
    /// The statutory minimum, if any.
    pub minimum: Option<MinimumPeriod>,
    /// How long the stated period is, in the minimum's unit (calendar days
    /// without one).
    pub counted: u32,
    /// The earliest closing day the minimum allows.
    pub earliest_close: Option<NaiveDate>,
    /// Shorter than the minimum, for this reason (shown in the notice).
    pub shortened_because: Option<String>,
}

/// Why a period cannot be stated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("征求意见的截止日期（{closes}）应晚于发布日期（{opens}），请重新选择。")]
    Backwards { opens: NaiveDate, closes: NaiveDate },
    #[error(
        "{kind}公开征求意见的期限一般不少于{minimum}（{basis}），所填期限只有{counted}{unit}，截止日期最早为{earliest}。如因情况紧急等原因确需缩短，请填写缩短期限的理由，理由将在征求意见公告中向社会说明。"
    )]
    TooShort {
        kind: &'static str,
        minimum: String,
        basis: &'static str,
        counted: u32,
        unit: &'static str,
        earliest: NaiveDate,
    },
    #[error("无法按工作日历计算期限：{0}")]
    Calendar(#[from] CalendarError),
}

/// The least a reason for shortening must say, in characters.
pub const SHORTENED_REASON_MIN_CHARS: usize = 4;

/// Checks the period from `opens` (publication) to `closes` (the last day
/// comments are taken) for a draft of `kind`; a period below the minimum
/// passes only with `shortened_because`.
pub fn check_period(
    kind: DraftKind,
    opens: NaiveDate,
    closes: NaiveDate,
    calendar: &Calendar,
    shortened_because: Option<&str>,
) -> Result<PeriodVerdict, PeriodError> {
    if closes <= opens {
        return Err(PeriodError::Backwards { opens, closes });
    }
    let Some(minimum) = kind.minimum() else {
        return Ok(PeriodVerdict {
            minimum: None,
            counted: Period::Days(0).counted(opens, closes, calendar),
            earliest_close: None,
            shortened_because: None,
        });
    };
    let earliest = minimum.period.end(opens, calendar)?;
    let counted = minimum.period.counted(opens, closes, calendar);
    let reason = shortened_because
        .map(str::trim)
        .filter(|r| r.chars().count() >= SHORTENED_REASON_MIN_CHARS);
    let shortened = closes < earliest;
    if shortened && reason.is_none() {
        return Err(PeriodError::TooShort {
            kind: kind.label(),
            minimum: minimum.period.label(),
            basis: minimum.source,
            counted,
            unit: match minimum.period {
                Period::Days(_) => "日",
                Period::WorkingDays(_) => "个工作日",
            },
            earliest,
        });
    }
    Ok(PeriodVerdict {
        minimum: Some(minimum),
        counted,
        earliest_close: Some(earliest),
        shortened_because: reason.filter(|_| shortened).map(str::to_string),
    })
}

/// The hearing's notice rule lives with the hearing (`super::hearing`).
pub use super::hearing::{NOTICE_DAYS as HEARING_NOTICE_DAYS, notice_by as hearing_notice_by};

/// 意见采纳情况 of one opinion or group of opinions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adoption {
    /// 采纳.
    Adopted,
    /// 部分采纳.
    PartlyAdopted,
    /// 不予采纳.
    NotAdopted,
}

impl Adoption {
    pub fn label(self) -> &'static str {
        match self {
            Adoption::Adopted => "采纳",
            Adoption::PartlyAdopted => "部分采纳",
            Adoption::NotAdopted => "不予采纳",
        }
    }
}

/// One line of the feedback: an opinion (or a group of like opinions),
/// how many comments raised it, what was done with it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackLine {
    pub opinion: String,
    /// Comments that raised it (≥ 1).
    pub raised_by: u32,
    pub adoption: Adoption,
    pub reason: String,
}

/// An opinion raised by this many comments or more is 较为集中: not (or
/// only partly) adopting it needs a reason (the spec's rule on 意见采纳情况
/// feedback). No national rule fixes the number: this is the platform's
/// default, configurable per agency.
pub const CONCENTRATED_DEFAULT: u32 = 3;

/// The largest threshold an agency may set: above it no opinion would ever
/// count as concentrated, which would empty the rule.
pub const CONCENTRATED_MAX: u32 = 100;

/// Checks an agency's threshold for 较为集中的意见 as typed.
pub fn check_concentrated(typed: &str) -> Result<u32, String> {
    match typed.trim().parse::<u32>() {
        Ok(n) if (2..=CONCENTRATED_MAX).contains(&n) => Ok(n),
        _ => Err(format!(
            "“较为集中的意见”的人数应为2至{CONCENTRATED_MAX}之间的整数（平台默认{CONCENTRATED_DEFAULT}人）：同一意见由这么多人提出时，不采纳或部分采纳须说明理由。"
        )),
    }
}

/// What is missing from a feedback line, for the person writing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    #[error("第{line}条意见的内容为空，请概括该意见。")]
    EmptyOpinion { line: usize },
    #[error(
        "第{line}条意见有{raised_by}人提出，属于较为集中的意见，“{adoption}”时须说明理由，请填写不采纳（或部分采纳）的理由。"
    )]
    ReasonRequired {
        line: usize,
        raised_by: u32,
        adoption: &'static str,
    },
}

/// Checks the feedback before it is published: every opinion named, a
/// reason for each concentrated opinion not fully adopted (`concentrated`:
/// the agency's threshold, [`CONCENTRATED_DEFAULT`] unless configured).
pub fn check_feedback(lines: &[FeedbackLine], concentrated: u32) -> Vec<FeedbackError> {
    let mut errors = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let line = i + 1;
        if l.opinion.trim().is_empty() {
            errors.push(FeedbackError::EmptyOpinion { line });
        }
        let needs_reason = l.adoption != Adoption::Adopted && l.raised_by >= concentrated.max(1);
        if needs_reason && l.reason.trim().is_empty() {
            errors.push(FeedbackError::ReasonRequired {
                line,
                raised_by: l.raised_by,
                adoption: l.adoption.label(),
            });
        }
    }
    errors
}

/// Where a closed consultation's feedback stands (flagged to the agency and
/// its supervising office until published).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackState {
    /// Still open for comments.
    Open,
    /// Closed; the feedback is due before or with the final decision.
    Due,
    /// The decision was published without the feedback.
    Missing,
    /// Published.
    Published,
}

/// The feedback's state on `today`.
pub fn feedback_state(
    closes: NaiveDate,
    today: NaiveDate,
    feedback_published: bool,
    decision_published: bool,
) -> FeedbackState {
    match (feedback_published, today > closes, decision_published) {
        (true, _, _) => FeedbackState::Published,
        (false, _, true) => FeedbackState::Missing,
        (false, true, false) => FeedbackState::Due,
        (false, false, false) => FeedbackState::Open,
    }
}
