//! 重大行政决策事项目录: the yearly directory of an agency's major
//! decisions. 《重大行政决策程序暂行条例》（国务院令第713号）第三条第三款:
//! the deciding body “可以……确定决策事项目录、标准，经同级党委同意后向社会
//! 公布，并根据实际情况调整”. Each entry names the matter, the unit that
//! prepares it (承办单位), when the decision is planned, and where it stands
//! (计划 / 征求意见中 / 已决策 / 调整), linking its consultation and the
//! published decision. Once the directory is published, every change is an
//! adjustment (调整) made public with its reason.

use serde::{Deserialize, Serialize};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    /// 计划.
    Planned,
    /// 征求意见中: a consultation is linked.
    Consulting,
    /// 已决策: the published decision is linked.
    Decided,
    /// 调整: taken off or deferred, with the reason.
    Adjusted,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 4] = [
        DecisionStatus::Planned,
        DecisionStatus::Consulting,
        DecisionStatus::Decided,
        DecisionStatus::Adjusted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionStatus::Planned => "planned",
            DecisionStatus::Consulting => "consulting",
            DecisionStatus::Decided => "decided",
            DecisionStatus::Adjusted => "adjusted",
        }
    }

    pub fn from_code(code: &str) -> Option<DecisionStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            DecisionStatus::Planned => "计划",
            DecisionStatus::Consulting => "征求意见中",
            DecisionStatus::Decided => "已决策",
            DecisionStatus::Adjusted => "调整",
        }
    }
}

/// What an entry's status needs, for the person editing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("状态为“征求意见中”的事项须关联其意见征集：请选择本机关已发布的意见征集。")]
    ConsultationMissing,
    #[error("状态为“已决策”的事项须关联已公开的决策文件：请填写其信息编号。")]
    DecisionMissing,
    #[error(
        "{what}须说明理由（至少{REASON_MIN_CHARS}个字），如“因上位法修订，推迟至下一年度”。理由随目录向社会公开。"
    )]
    ReasonRequired { what: &'static str },
}

/// The least a reason for an adjustment says, in characters.
pub const REASON_MIN_CHARS: usize = 4;

/// Checks an entry's status against its links, and the reason: needed to
/// set 调整, and for any change once the directory is published.
pub fn check_entry(
    status: DecisionStatus,
    has_consultation: bool,
    has_decision: bool,
    (catalogue_published, reason): (bool, &str),
) -> Result<(), EntryError> {
    match status {
        DecisionStatus::Consulting if !has_consultation => {
            return Err(EntryError::ConsultationMissing);
        }
        DecisionStatus::Decided if !has_decision => return Err(EntryError::DecisionMissing),
        _ => {}
    }
    let reasoned = reason.trim().chars().count() >= REASON_MIN_CHARS;
    if status == DecisionStatus::Adjusted && !reasoned {
        return Err(EntryError::ReasonRequired {
            what: "调整事项"
        });
    }
    if catalogue_published && !reasoned {
        return Err(EntryError::ReasonRequired {
            what: "目录公布后变更事项",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_needs_its_link() {
        let s = |st, c, d| check_entry(st, c, d, (false, ""));
        assert_eq!(s(DecisionStatus::Planned, false, false), Ok(()));
        assert_eq!(
            s(DecisionStatus::Consulting, false, false),
            Err(EntryError::ConsultationMissing)
        );
        assert_eq!(s(DecisionStatus::Consulting, true, false), Ok(()));
        assert_eq!(
            s(DecisionStatus::Decided, true, false),
            Err(EntryError::DecisionMissing)
        );
        assert_eq!(s(DecisionStatus::Decided, false, true), Ok(()));
    }

    #[test]
    fn an_adjustment_and_a_change_after_publication_need_a_reason() {
        assert_eq!(
            check_entry(DecisionStatus::Adjusted, false, false, (false, "推迟")),
            Err(EntryError::ReasonRequired {
                what: "调整事项"
            })
        );
        assert_eq!(
            check_entry(
                DecisionStatus::Adjusted,
                false,
                false,
                (false, "上位法修订")
            ),
            Ok(())
        );
        let e = check_entry(DecisionStatus::Planned, false, false, (true, " ")).unwrap_err();
        assert!(e.to_string().starts_with("目录公布后变更事项须说明理由"));
        assert_eq!(
            DecisionStatus::from_code("decided"),
            Some(DecisionStatus::Decided)
        );
        assert_eq!(DecisionStatus::Consulting.label(), "征求意见中");
    }
}
