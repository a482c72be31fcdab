//! The yearly work plan (政务公开工作要点) and its supervision (督查督办).
//!
//! Every year the State Council issues its 政务公开工作要点; each province,
//! city and county re-issues it, and each agency issues its own with a
//! division of work: for each task (工作任务) the lead units (牵头单位), the
//! partner units (配合单位) and a time limit (完成时限). The lead unit signs
//! for the task (领办), reports progress, may ask for more time before the
//! limit, and reports completion; the agency's disclosure office accepts it
//! (销号) or returns it. [`task`] holds that workflow as an immutable history
//! folded into a view, like a case; [`escalation`] the reminders, 催办 and
//! 通报 counted in working days, and the traffic lights of every list.
//!
//! The rules are the supervision practice the plans themselves set out
//! (e.g. corpus `001_…`: "对上一年度工作要点落实情况开展回头看，针对有明确责任
//! 主体和时限要求的工作任务，逐项检查落实情况"), not a statute; their numbers
//! are named constants here, in one place.

pub mod escalation;
pub mod paper;
pub mod task;
mod time_limit;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use escalation::{Escalation, Light, Marks, Step};
pub use task::{TaskAction, TaskEvent, TaskFile, TaskRefusal, TaskState, TaskView};
pub use time_limit::{LimitKind, TimeLimit};

/// 回头看: the first day of the look-back at a plan of `year` — 1 January
/// of the next year ("对上一年度工作要点落实情况开展回头看", corpus `001_…`).
pub fn lookback_due_from(year: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(chrono::NaiveDate::MAX)
}

/// 回头看: whether a task is looked back on — "有明确责任主体和时限要求的
/// 工作任务": a responsible unit (lead units, or a division as the plan
/// wrote it, `division`) and a time limit.
pub fn is_looked_back(lead_units: usize, division: &str, has_limit: bool) -> bool {
    (lead_units > 0 || !division.trim().is_empty()) && has_limit
}

/// 内设机构 or 直属单位: a unit of an agency that leads or partners in tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 内设机构/科室 (办公室, 财务科, 行政审批办 …).
    Internal,
    /// 直属单位 (市交通运输综合行政执法支队, 公交公司 …).
    Subordinate,
}

impl UnitKind {
    pub const ALL: [UnitKind; 2] = [UnitKind::Internal, UnitKind::Subordinate];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Internal => "internal",
            UnitKind::Subordinate => "subordinate",
        }
    }

    pub fn from_code(code: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Internal => "内设机构",
            UnitKind::Subordinate => "直属单位",
        }
    }
}

/// A unit's name as the agency writes it: trimmed, 1–40 characters, no
/// line breaks. Names are compared as written (`局办公室` ≠ `办公室`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitName(String);

impl UnitName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(text: &str) -> Result<UnitName, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("单位名称不能为空：请填写内设机构或直属单位的名称，如“办公室”。".into());
        }
        if t.chars().count() > Self::MAX_CHARS {
            return Err(format!(
                "单位名称不能超过{}个字，请使用规范简称。",
                Self::MAX_CHARS
            ));
        }
        if t.chars().any(char::is_control) {
            return Err("单位名称不能含有换行或控制字符。".into());
        }
        Ok(UnitName(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitName {
    type Error = String;
    fn try_from(s: String) -> Result<UnitName, String> {
        UnitName::parse(&s)
    }
}

impl From<UnitName> for String {
    fn from(n: UnitName) -> String {
        n.0
    }
}

impl std::fmt::Display for UnitName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
