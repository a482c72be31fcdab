//! 回应关切 / 政务舆情: a concern the agency learned of, its class, the
//! responses it published and where each of its clocks stands.
//!
//! The clocks are [`concern_clocks`] (`clocks.rs`), in clock hours from
//! the moment the agency learned of the event — not working days: for a
//! 特别重大、重大突发事件 authoritative information within 5 hours and a
//! press conference within 24 hours (国办发〔2016〕80号; 国办发〔2016〕61号),
//! for other concerns a response within 48 hours (国办发〔2016〕61号).
//!
//! A clock is met by the first *public* response that answers it: the
//! clocks ask that something be said to the public, so a response kept
//! internal is recorded but meets none. A press conference releases
//! authoritative information too; any public response answers the 48-hour
//! clock. Closing a concern stops nothing: a clock missed stays missed.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::clocks::{ConcernClass, ConcernClock, ConcernDue, concern_clocks};

impl ConcernClass {
    pub const ALL: [ConcernClass; 2] = [ConcernClass::MajorIncident, ConcernClass::Other];

    pub fn code(self) -> &'static str {
        match self {
            ConcernClass::MajorIncident => "major_incident",
            ConcernClass::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ConcernClass> {
        ConcernClass::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConcernClass::MajorIncident => "特别重大、重大突发事件",
            ConcernClass::Other => "其他政务舆情",
        }
    }

    /// What the class asks, as the form explains it.
    pub fn rule(self) -> &'static str {
        match self {
            ConcernClass::MajorIncident => {
                "最迟5小时内发布权威信息，24小时内召开新闻发布会（国办发〔2016〕80号、61号）"
            }
            ConcernClass::Other => "48小时内予以回应（国办发〔2016〕61号）",
        }
    }
}

impl ConcernClock {
    pub const ALL: [ConcernClock; 3] = [
        ConcernClock::AuthoritativeInformation,
        ConcernClock::PressConference,
        ConcernClock::Response,
    ];

    /// Whether a public response of `kind` meets this clock.
    pub fn met_by(self, kind: ResponseKind) -> bool {
        match self {
            ConcernClock::AuthoritativeInformation => matches!(
                kind,
                ResponseKind::AuthoritativeRelease | ResponseKind::PressConference
            ),
            ConcernClock::PressConference => kind == ResponseKind::PressConference,
            ConcernClock::Response => true,
        }
    }
}

/// 回应方式: how the agency responded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// 权威信息发布.
    AuthoritativeRelease,
    /// 新闻发布会.
    PressConference,
    /// 回应说明.
    Statement,
    /// 其他.
    Other,
}

impl ResponseKind {
    pub const ALL: [ResponseKind; 4] = [
        ResponseKind::AuthoritativeRelease,
        ResponseKind::PressConference,
        ResponseKind::Statement,
        ResponseKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ResponseKind::AuthoritativeRelease => "authoritative_release",
            ResponseKind::PressConference => "press_conference",
            ResponseKind::Statement => "statement",
            ResponseKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ResponseKind> {
        ResponseKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ResponseKind::AuthoritativeRelease => "权威信息发布",
            ResponseKind::PressConference => "新闻发布会",
            ResponseKind::Statement => "回应说明",
            ResponseKind::Other => "其他",
        }
    }
}

/// Where one clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMark {
    /// 按时: met by the due moment.
    OnTime,
    /// 超时: met, this much after the due moment.
    Late(TimeDelta),
    /// 未到期: not met yet, this much left.
    Pending(TimeDelta),
    /// 已超时未回应: not met, this much past the due moment.
    Missed(TimeDelta),
}

impl ClockMark {
    pub fn label(self) -> String {
        match self {
            ClockMark::OnTime => "按时".into(),
            ClockMark::Late(d) => format!("超时（晚{}）", span(d)),
            ClockMark::Pending(d) => format!("未到期（还剩{}）", span(d)),
            ClockMark::Missed(d) => format!("已超时未回应（已超过{}）", span(d)),
        }
    }

    /// A CSS/test code.
    pub fn code(self) -> &'static str {
        match self {
            ClockMark::OnTime => "on-time",
            ClockMark::Late(_) => "late",
            ClockMark::Pending(_) => "pending",
            ClockMark::Missed(_) => "missed",
        }
    }

    /// 超时: met late or missed.
    pub fn late(self) -> bool {
        matches!(self, ClockMark::Late(_) | ClockMark::Missed(_))
    }
}

/// A span in hours and minutes, as the pages say it: `2小时15分钟`,
/// `40分钟`, `3天2小时` (from 48 hours on, in days: the 48-hour clock is
/// read in days).
pub fn span(d: TimeDelta) -> String {
    let minutes = d.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let mut s = String::new();
    if minutes >= 48 * 60 {
        s.push_str(&format!("{days}天"));
        if hours > 0 {
            s.push_str(&format!("{hours}小时"));
        }
        return s;
    }
    let hours = minutes / 60;
    if hours > 0 {
        s.push_str(&format!("{hours}小时"));
    }
    if mins > 0 || hours == 0 {
        s.push_str(&format!("{mins}分钟"));
    }
    s
}

/// One clock with the response that met it (if any) and its mark at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockState {
    pub due: ConcernDue,
    /// The first public response that meets it.
    pub met_at: Option<DateTime<Utc>>,
    pub mark: ClockMark,
}

/// A response as the clocks read it: its kind, when it was made, and
/// whether it was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Responded {
    pub kind: ResponseKind,
    pub at: DateTime<Utc>,
    pub public: bool,
}

/// The mark of a clock due `by`, met at `met_at` (if), seen at `now`.
pub fn mark(by: DateTime<Utc>, met_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> ClockMark {
    match met_at {
        Some(at) if at <= by => ClockMark::OnTime,
        Some(at) => ClockMark::Late(at - by),
        None if now <= by => ClockMark::Pending(by - now),
        None => ClockMark::Missed(now - by),
    }
}

/// The first moment a public response in `responses` meets `clock`.
pub fn first_meeting(clock: ConcernClock, responses: &[Responded]) -> Option<DateTime<Utc>> {
    responses
        .iter()
        .filter(|r| r.public && clock.met_by(r.kind))
        .map(|r| r.at)
        .min()
}

/// The clocks of a concern of `class` learned of at `learned_at`, with
/// `responses`, seen at `now`.
pub fn clock_states(
    class: ConcernClass,
    learned_at: DateTime<Utc>,
    responses: &[Responded],
    now: DateTime<Utc>,
) -> Vec<ClockState> {
    concern_clocks(class, learned_at)
        .into_iter()
        .map(|due| {
            let met_at = first_meeting(due.clock, responses);
            ClockState {
                mark: mark(due.by, met_at, now),
                met_at,
                due,
            }
        })
        .collect()
}

/// What the platform refuses in a concern's record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConcernError {
    #[error("回应时间（{responded}）不能早于获知舆情的时间（{learned}），请核对后重新填写。")]
    RespondedBeforeLearned { responded: String, learned: String },
    #[error("{what}（{at}）不能晚于现在（{now}）：已经发生的事情才能登记。")]
    InTheFuture {
        what: &'static str,
        at: String,
        now: String,
    },
}

/// A moment as the messages say it: Beijing time to the minute.
pub fn shown(at: DateTime<Utc>) -> String {
    let offset = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A moment typed for `what`: it has happened (not after `now`).
pub fn check_happened(
    what: &'static str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ConcernError> {
    if at > now {
        return Err(ConcernError::InTheFuture {
            what,
            at: shown(at),
            now: shown(now),
        });
    }
    Ok(())
}

/// A response made at `responded` of a concern learned of at `learned`.
pub fn check_responded_at(
    learned: DateTime<Utc>,
    responded: DateTime<Utc>,
) -> Result<(), ConcernError> {
    if responded < learned {
        return Err(ConcernError::RespondedBeforeLearned {
            responded: shown(responded),
            learned: shown(learned),
        });
    }
    Ok(())
}
