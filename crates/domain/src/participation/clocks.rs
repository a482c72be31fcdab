//! The clocks of the registers beside requests:
//!
//! - 政民互动 (questions to the agency): answered within the agency's
//!   days (default 5 working days), escalated to the supervising office
//!   after two months, and never past the veto line of 国办秘函〔2019〕19号
//!   (a message unanswered for more than 3 months fails the site);
//! - 人大代表建议 / 政协委员提案: replied within 3 months of assignment
//!   (提案 5 where the local rules say so), at most 6 with the assigning
//!   body's consent; the reply published within 20 working days of
//!   answering (local rules, configurable);
//! - 回应关切: for 特别重大、重大突发事件 authoritative information within 5
//!   hours and a press conference within 24 hours (国办发〔2016〕80号),
//!   other concerns answered within 48 hours (国办发〔2016〕61号).

use chrono::{DateTime, Months, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError};

/// A question's days, configurable per agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRules {
    /// Working days to answer (default 5).
    pub answer_days: u32,
    /// Months after asking at which the supervising office is told: the
    /// platform's default, a month before the veto line (no statute fixes it).
    pub escalate_after_months: u32,
}

impl Default for QuestionRules {
    fn default() -> Self {
        QuestionRules {
            answer_days: 5,
            escalate_after_months: 2,
        }
    }
}

/// 国办秘函〔2019〕19号: a message unanswered for more than 3 months.
pub const QUESTION_VETO_MONTHS: u32 = 3;

/// A question's dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionClock {
    /// The last day of the agency's answer period.
    pub due: NaiveDate,
    /// From this day the supervising office sees it.
    pub escalate_on: NaiveDate,
    /// The last day before it counts against the site's veto.
    pub veto_line: NaiveDate,
}

/// Where an open question stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum QuestionMark {
    Running,
    Overdue,
    Escalated,
    /// Past the veto line: counts against the site.
    Vetoed,
}

fn plus_months(d: NaiveDate, n: u32) -> NaiveDate {
    // Dates of this platform are far from chrono's limits.
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

impl QuestionClock {
    /// The clock of a question received on `asked_on`.
    pub fn of(
        asked_on: NaiveDate,
        rules: QuestionRules,
        calendar: &Calendar,
    ) -> Result<QuestionClock, CalendarError> {
        Ok(QuestionClock {
            due: calendar.add_working_days(asked_on, rules.answer_days)?.due,
            escalate_on: plus_months(asked_on, rules.escalate_after_months),
            veto_line: plus_months(asked_on, QUESTION_VETO_MONTHS),
        })
    }

    /// An unanswered question on `today`.
    pub fn mark(&self, today: NaiveDate) -> QuestionMark {
        if today > self.veto_line {
            QuestionMark::Vetoed
        } else if today >= self.escalate_on {
            QuestionMark::Escalated
        } else if today > self.due {
            QuestionMark::Overdue
        } else {
            QuestionMark::Running
        }
    }
}

/// 人大代表建议 or 政协委员提案.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    /// 人大代表建议.
    Suggestion,
    /// 政协委员提案.
    Proposal,
}

/// The local rules of handling, configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MotionRules {
    pub suggestion_months: u32,
    pub proposal_months: u32,
    /// The longest period with the assigning body's consent.
    pub max_months: u32,
    /// Working days from answering to publishing the reply.
    pub publish_days: u32,
}

impl Default for MotionRules {
    fn default() -> Self {
        MotionRules {
            suggestion_months: 3,
            proposal_months: 3,
            max_months: 6,
            publish_days: 20,
        }
    }
}

/// 办理结果: the grade of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplyGrade {
    /// A 已解决或基本解决.
    A,
    /// B 正在解决或列入计划解决.
    B,
    /// C 因条件限制以后解决.
    C,
    /// D 留作参考.
    D,
}

impl ReplyGrade {
    pub fn label(self) -> &'static str {
        match self {
            ReplyGrade::A => "A类（已解决或基本解决）",
            ReplyGrade::B => "B类（正在解决或列入计划解决）",
            ReplyGrade::C => "C类（因条件限制以后解决）",
            ReplyGrade::D => "D类（留作参考）",
        }
    }
}

/// Why an extension cannot be granted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "办理期限最长为交办之日起{max_months}个月（至{latest}），所选日期{asked}超过了这一期限，请重新选择。"
)]
pub struct ExtensionTooLong {
    pub max_months: u32,
    pub latest: NaiveDate,
    pub asked: NaiveDate,
}

impl MotionRules {
    /// The reply is due by this day.
    pub fn reply_due(&self, kind: MotionKind, assigned_on: NaiveDate) -> NaiveDate {
        let months = match kind {
            MotionKind::Suggestion => self.suggestion_months,
            MotionKind::Proposal => self.proposal_months,
        };
        plus_months(assigned_on, months)
    }

    /// An extension to `until`, with the assigning body's consent: at most
    /// `max_months` from assignment.
    pub fn extend(
        &self,
        assigned_on: NaiveDate,
        until: NaiveDate,
    ) -> Result<NaiveDate, ExtensionTooLong> {
        let latest = plus_months(assigned_on, self.max_months);
        if until > latest {
            return Err(ExtensionTooLong {
                max_months: self.max_months,
                latest,
                asked: until,
            });
        }
        Ok(until)
    }

    /// The reply answered on `answered_on` is published by this day (the
    /// `publish_days`th working day after); unpublished the next working
    /// day it is overdue.
    pub fn publish_due(
        &self,
        answered_on: NaiveDate,
        calendar: &Calendar,
    ) -> Result<NaiveDate, CalendarError> {
        Ok(calendar
            .add_working_days(answered_on, self.publish_days)?
            .due)
    }
}

/// The class of a public concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcernClass {
    /// 特别重大、重大突发事件.
    MajorIncident,
    /// 其他政务舆情.
    Other,
}

/// Which clock of a concern (see `concern.rs` for the responses that meet each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcernClock {
    /// 5 hours: 发布权威信息.
    AuthoritativeInformation,
    /// 24 hours: 召开新闻发布会.
    PressConference,
    /// 48 hours: 回应.
    Response,
}

/// One clock of a concern: what is due, by when, and where the law says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernDue {
    pub clock: ConcernClock,
    pub what: &'static str,
    pub by: DateTime<Utc>,
    pub source: &'static str,
}

/// The clocks of a concern that arose (or became known) at `at`.
pub fn concern_clocks(class: ConcernClass, at: DateTime<Utc>) -> Vec<ConcernDue> {
    let due = |clock, what, hours, source| ConcernDue {
        clock,
        what,
        by: at + TimeDelta::hours(hours),
        source,
    };
    match class {
        ConcernClass::MajorIncident => vec![
            due(
                ConcernClock::AuthoritativeInformation,
                "发布权威信息",
                5,
                "国办发〔2016〕80号",
            ),
            due(
                ConcernClock::PressConference,
                "召开新闻发布会",
                24,
                "国办发〔2016〕80号",
            ),
        ],
        ConcernClass::Other => vec![due(
            ConcernClock::Response,
            "回应",
            48,
            "国办发〔2016〕61号",
        )],
    }
}
