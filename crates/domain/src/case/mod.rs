//! The case (申请办理案件): every action on an application is an immutable
//! event (who, when, what, why); the state, the outcome, the deadlines and what
//! is expected of the applicant are derived from the events, never stored.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::application::DeliveryMethod;
use crate::deadline::{ConsultParty, ConsultationOutcome, ReceiptFacts};
use crate::fees::FeeMethod;
use crate::vocabulary::{Channel, Outcome};

/// Who performed an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A staff member of the handling agency (or a reviewer).
    Staff { id: i64, name: String },
    /// The applicant, through the online view (number + query code).
    Applicant,
    /// The platform itself (e.g. a recorded lapse).
    System,
}

/// One action on a case. Stored as JSON (tag `action`); never edited or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CaseAction {
    /// An online application was submitted; it waits for the agency to confirm
    /// it, and the receipt date is the day both sides confirm (Art. 31).
    SubmittedOnline {
        date: NaiveDate,
    },
    /// The agency registered an application that came in person, by post, fax
    /// or e-mail, or confirmed an online one. `receipt_date` follows Art. 31
    /// (computed with `deadline::receipt_date` from `facts`).
    ReceiptConfirmed {
        channel: Channel,
        receipt_date: NaiveDate,
        facts: ReceiptFacts,
    },
    /// 补正告知 (Art. 30): once, listing everything to correct, with a deadline.
    CorrectionRequested {
        date: NaiveDate,
        items: Vec<String>,
        applicant_deadline: NaiveDate,
    },
    /// The corrected application was received (online by the applicant, or
    /// recorded by a clerk): the reply clock restarts on `date`.
    CorrectionSubmitted {
        date: NaiveDate,
        text: String,
    },
    /// The correction deadline passed without good reason (→ outcome （六）1).
    CorrectionLapsed {
        date: NaiveDate,
    },
    /// 征求意见 of a third party (Art. 32) or a co-producing agency (Art. 34).
    ConsultationStarted {
        id: u32,
        date: NaiveDate,
        party: ConsultParty,
        party_name: String,
        matter: String,
    },
    ConsultationEnded {
        id: u32,
        date: NaiveDate,
        how: ConsultationOutcome,
        opinion: String,
    },
    /// A clerk asks for an extension (Art. 33); a reviewer decides.
    ExtensionRequested {
        date: NaiveDate,
        days: u32,
        reason: String,
    },
    /// Approved by the head of the disclosure office (reviewer).
    ExtensionApproved {
        date: NaiveDate,
        days: u32,
    },
    ExtensionRefused {
        date: NaiveDate,
        reason: String,
    },
    /// 收费通知 (Art. 42, 国办函〔2020〕109号). `date`: the day the applicant
    /// received it (the payment period and the pause start then).
    FeeNoticeIssued {
        date: NaiveDate,
        method: FeeMethod,
        amount_yuan: u64,
    },
    FeePaid {
        date: NaiveDate,
    },
    /// Not paid within 20 working days (→ outcome （六）2).
    FeeLapsed {
        date: NaiveDate,
    },
    /// Art. 35: the agency's own reasonable deadline, with its justification.
    AgencyDeadlineSet {
        date: NaiveDate,
        due: NaiveDate,
        justification: String,
    },
    /// The decision: exactly one statutory outcome. `referred_to`: the agency
    /// responsible, when known (outcome 不掌握 / 非本机关).
    OutcomeDecided {
        date: NaiveDate,
        outcome: Outcome,
        reasoning: String,
        referred_to: Option<String>,
        /// 获取方式: how the applicant obtains what is provided (予以公开,
        /// 部分公开, 已主动公开 …); separate from `reasoning`, which for
        /// 部分公开 gives the reasons for the part withheld.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        access_method: String,
        /// What is provided with the reply (Art. 40): released files and
        /// catalogue items.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        provided: Vec<Provided>,
    },
    /// 拟办: the clerk's draft of a decision that needs the reviewer's
    /// approval (审核签发) before its letter is issued. Issues nothing; the
    /// reply clock runs on.
    DecisionDrafted {
        date: NaiveDate,
        outcome: Outcome,
        reasoning: String,
        referred_to: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        access_method: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        provided: Vec<Provided>,
    },
    /// 退回: the reviewer returns the draft with a reason; the clerk drafts again.
    DecisionReturned {
        date: NaiveDate,
        reason: String,
    },
    /// The applicant withdrew (→ outcome （六）3).
    Withdrawn {
        date: NaiveDate,
        reason: String,
    },
    /// The reply was delivered: signed for in person, or handed to the post
    /// (交邮之日 meets the deadline), or sent electronically.
    Delivered {
        date: NaiveDate,
        method: DeliveryMethod,
    },
    /// The case is closed.
    Closed {
        date: NaiveDate,
    },
}

/// One piece of information provided with a reply (提供的政府信息): a file
/// released with it (a case attachment) or an item already published in the
/// catalogue (Art. 36(一), 44), by its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provided {
    /// What the letter names, e.g. `2025年农村公路养护资金分配表.pdf`.
    pub name: String,
    /// The case attachment holding the released file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<i64>,
    /// The catalogue item's address, e.g. `/items/42`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEventRecord {
    /// 1, 2, 3 … in order of recording.
    pub seq: u32,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: CaseAction,
    /// Why (free text; required for some actions by the web layer).
    pub note: String,
}

mod decision;
mod history;
mod issue;
mod next;
pub mod numbering;
pub mod proactive;
pub mod register;
mod snapshot;
mod view;
mod workflow;

#[cfg(test)]
mod decision_tests;
#[cfg(test)]
mod next_tests;
#[cfg(test)]
mod tests;

pub use decision::{ApprovalRule, PendingDecision, ReturnedDecision, check_signing, missing_text};
pub use history::{Anomaly, Finding, audit_history, calendar_for, fold};
pub use issue::{Issued, documents_for, goes_to_applicant};
pub use next::{
    ActionKind, NextAction, RecordRefusal, check_action_dates, decidable_outcomes, may_record,
    may_record_in, next_actions,
};

pub use snapshot::{CaseSnapshot, Moving};
pub use view::{
    ApplicantTodo, CaseState, CaseView, ConsultationEnd, ConsultationStatus, CorrectionStatus,
    FeeStatus, PendingExtension, QueueMark, timeline_zh, view,
};
pub use workflow::{CaseError, check_action, deadline_events, validate_history};

impl Actor {
    /// How the actor is named on the case page: the staff member's name,
    /// `申请人` or `系统`.
    pub fn label_zh(&self) -> &str {
        match self {
            Actor::Staff { name, .. } => name,
            Actor::Applicant => "申请人",
            Actor::System => "系统",
        }
    }
}

impl CaseAction {
    /// The day the action took effect. For [`CaseAction::ReceiptConfirmed`] it
    /// is the Art. 31 receipt date.
    pub fn date(&self) -> NaiveDate {
        match self {
            CaseAction::SubmittedOnline { date }
            | CaseAction::CorrectionRequested { date, .. }
            | CaseAction::CorrectionSubmitted { date, .. }
            | CaseAction::CorrectionLapsed { date }
            | CaseAction::ConsultationStarted { date, .. }
            | CaseAction::ConsultationEnded { date, .. }
            | CaseAction::ExtensionRequested { date, .. }
            | CaseAction::ExtensionApproved { date, .. }
            | CaseAction::ExtensionRefused { date, .. }
            | CaseAction::FeeNoticeIssued { date, .. }
            | CaseAction::FeePaid { date }
            | CaseAction::FeeLapsed { date }
            | CaseAction::AgencyDeadlineSet { date, .. }
            | CaseAction::OutcomeDecided { date, .. }
            | CaseAction::DecisionDrafted { date, .. }
            | CaseAction::DecisionReturned { date, .. }
            | CaseAction::Withdrawn { date, .. }
            | CaseAction::Delivered { date, .. }
            | CaseAction::Closed { date } => *date,
            CaseAction::ReceiptConfirmed { receipt_date, .. } => *receipt_date,
        }
    }

    /// Internal steps the applicant's view leaves out: an extension request
    /// not yet decided or refused by the head of the office, a drafted reply
    /// and its return (审核签发). What reaches the applicant is the notice or
    /// the reply, once issued.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            CaseAction::ExtensionRequested { .. }
                | CaseAction::ExtensionRefused { .. }
                | CaseAction::DecisionDrafted { .. }
                | CaseAction::DecisionReturned { .. }
        )
    }

    /// The short Chinese name of the action, e.g. `告知补正`.
    pub fn label_zh(&self) -> &'static str {
        match self {
            CaseAction::SubmittedOnline { .. } => "在线提交申请",
            CaseAction::ReceiptConfirmed { .. } => "确认收到申请",
            CaseAction::CorrectionRequested { .. } => "告知补正",
            CaseAction::CorrectionSubmitted { .. } => "收到补正申请",
            CaseAction::CorrectionLapsed { .. } => "逾期未补正",
            CaseAction::ConsultationStarted { .. } => "征求意见",
            CaseAction::ConsultationEnded { .. } => "征求意见结束",
            CaseAction::ExtensionRequested { .. } => "申请延期答复",
            CaseAction::ExtensionApproved { .. } => "批准延期答复",
            CaseAction::ExtensionRefused { .. } => "不批准延期答复",
            CaseAction::FeeNoticeIssued { .. } => "送达收费通知",
            CaseAction::FeePaid { .. } => "缴纳费用",
            CaseAction::FeeLapsed { .. } => "逾期未缴费",
            CaseAction::AgencyDeadlineSet { .. } => "确定延迟答复期限",
            CaseAction::OutcomeDecided { .. } => "作出答复决定",
            CaseAction::DecisionDrafted { .. } => "拟办答复（待审核签发）",
            CaseAction::DecisionReturned { .. } => "退回拟办答复",
            CaseAction::Withdrawn { .. } => "撤回申请",
            CaseAction::Delivered { .. } => "送达答复",
            CaseAction::Closed { .. } => "办结",
        }
    }
}
