//! 下一步办理操作: which actions the law allows next on a case, and whether a
//! staff member may record each. The case page offers exactly the actions of
//! [`next_actions`] that are permitted; the recording command refuses with
//! [`may_record`] (the same permission, [`crate::policy`], and the date
//! rules) and then with the workflow ([`super::check_action`]). Every action
//! [`next_actions`] offers is one the workflow accepts in that state (tested),
//! so the page never offers what the command refuses.
//!
//! By state ([`CaseState`]):
//!
//! | state            | next actions |
//! |------------------|--------------|
//! | 待确认            | 确认收到申请 (Art. 31) |
//! | 办理中            | 告知补正 (Art. 30; once, before handling starts), 征求意见 (Art. 32, 34), 申请延期 (Art. 33(2); while days remain), 收费通知 (Art. 42, 109号; once, receipt from 2021-01-01), 确定答复期限 (Art. 35), 答复决定 (Art. 36–39) |
//! | 待补正            | 收到补正申请, 逾期未补正 (Art. 30) |
//! | 征求意见中         | 征求意见结束 |
//! | 延期待审批         | 批准延期, 不批准延期 (审核人, Art. 33(2)) |
//! | 待缴费            | 缴纳费用, 逾期未缴费 (109号) |
//! | 已作出决定         | 送达答复 |
//! | 已送达 / 已撤回    | 办结 |
//!
//! and in every state before delivery, closing, withdrawal or a lapse: 撤回申请.

use chrono::NaiveDate;
use serde::Serialize;

use super::view::state_of;
use super::workflow::Replay;
use super::{CaseAction, CaseEventRecord, CaseState};
use crate::access::Relation;
use crate::dates;
use crate::deadline::law::MAX_EXTENSION_WORKING_DAYS;
use crate::fees;
use crate::policy::{self, Permission, Refusal};
use crate::staff::Role;
use crate::vocabulary::Outcome;

/// 办理操作: an action staff record on a case (the form's `action` code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Confirm,
    Correction,
    CorrectionReceived,
    CorrectionLapse,
    Consult,
    ConsultEnd,
    ExtensionRequest,
    ExtensionApprove,
    ExtensionRefuse,
    FeeNotice,
    FeePaid,
    FeeLapse,
    AgencyDeadline,
    Decide,
    /// 签发: the reviewer issues a drafted reply.
    SignDecision,
    /// 退回: the reviewer returns a drafted reply to the clerk.
    ReturnDecision,
    Deliver,
    Close,
    Withdraw,
}

impl ActionKind {
    pub const ALL: [ActionKind; 19] = [
        ActionKind::Confirm,
        ActionKind::Correction,
        ActionKind::CorrectionReceived,
        ActionKind::CorrectionLapse,
        ActionKind::Consult,
        ActionKind::ConsultEnd,
        ActionKind::ExtensionRequest,
        ActionKind::ExtensionApprove,
        ActionKind::ExtensionRefuse,
        ActionKind::FeeNotice,
        ActionKind::FeePaid,
        ActionKind::FeeLapse,
        ActionKind::AgencyDeadline,
        ActionKind::Decide,
        ActionKind::SignDecision,
        ActionKind::ReturnDecision,
        ActionKind::Deliver,
        ActionKind::Close,
        ActionKind::Withdraw,
    ];

    /// The form's code, e.g. `extension_approve`.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Confirm => "confirm",
            ActionKind::Correction => "correction",
            ActionKind::CorrectionReceived => "correction_received",
            ActionKind::CorrectionLapse => "correction_lapse",
            ActionKind::Consult => "consult",
            ActionKind::ConsultEnd => "consult_end",
            ActionKind::ExtensionRequest => "extension_request",
            ActionKind::ExtensionApprove => "extension_approve",
            ActionKind::ExtensionRefuse => "extension_refuse",
            ActionKind::FeeNotice => "fee_notice",
            ActionKind::FeePaid => "fee_paid",
            ActionKind::FeeLapse => "fee_lapse",
            ActionKind::AgencyDeadline => "agency_deadline",
            ActionKind::Decide => "decide",
            ActionKind::SignDecision => "sign_decision",
            ActionKind::ReturnDecision => "return_decision",
            ActionKind::Deliver => "deliver",
            ActionKind::Close => "close",
            ActionKind::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind of a recorded action; `None` for the online submission, which
    /// only the applicant makes.
    pub fn of(action: &CaseAction) -> Option<ActionKind> {
        use ActionKind as K;
        Some(match action {
            CaseAction::SubmittedOnline { .. } => return None,
            CaseAction::ReceiptConfirmed { .. } => K::Confirm,
            CaseAction::CorrectionRequested { .. } => K::Correction,
            CaseAction::CorrectionSubmitted { .. } => K::CorrectionReceived,
            CaseAction::CorrectionLapsed { .. } => K::CorrectionLapse,
            CaseAction::ConsultationStarted { .. } => K::Consult,
            CaseAction::ConsultationEnded { .. } => K::ConsultEnd,
            CaseAction::ExtensionRequested { .. } => K::ExtensionRequest,
            CaseAction::ExtensionApproved { .. } => K::ExtensionApprove,
            CaseAction::ExtensionRefused { .. } => K::ExtensionRefuse,
            CaseAction::FeeNoticeIssued { .. } => K::FeeNotice,
            CaseAction::FeePaid { .. } => K::FeePaid,
            CaseAction::FeeLapsed { .. } => K::FeeLapse,
            CaseAction::AgencyDeadlineSet { .. } => K::AgencyDeadline,
            CaseAction::OutcomeDecided { .. } | CaseAction::DecisionDrafted { .. } => K::Decide,
            CaseAction::DecisionReturned { .. } => K::ReturnDecision,
            CaseAction::Delivered { .. } => K::Deliver,
            CaseAction::Closed { .. } => K::Close,
            CaseAction::Withdrawn { .. } => K::Withdraw,
        })
    }
}

/// One action the law allows next, and whether this staff member may record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextAction {
    pub kind: ActionKind,
    pub permitted: Result<(), Refusal>,
}

/// The actions the law allows next on the case `history`, in the order the
/// case page shows them, each with whether a staff member holding `roles`
/// (whose agency stands in `relation` to the case's) may record it.
pub fn next_actions(
    history: &[CaseEventRecord],
    roles: &[Role],
    relation: Relation,
) -> Vec<NextAction> {
    allowed(&Replay::of(history))
        .into_iter()
        .map(|kind| NextAction {
            kind,
            permitted: policy::may_in(roles, Permission::RecordCaseAction(kind), relation),
        })
        .collect()
}

fn allowed(r: &Replay) -> Vec<ActionKind> {
    use ActionKind as K;
    let mut out = match state_of(r) {
        CaseState::AwaitingConfirmation => vec![K::Confirm],
        CaseState::InProgress => in_progress(r),
        CaseState::AwaitingCorrection => vec![K::CorrectionReceived, K::CorrectionLapse],
        CaseState::Consulting => vec![K::ConsultEnd],
        // Nothing waits on one person: while the head of the office decides
        // an extension or a draft, the clerk goes on consulting and drafting.
        CaseState::AwaitingExtensionDecision => {
            let mut out = vec![K::ExtensionApprove, K::ExtensionRefuse];
            out.extend(in_progress(r));
            out
        }
        CaseState::AwaitingApproval => {
            let mut out = vec![K::SignDecision, K::ReturnDecision];
            out.extend(in_progress(r));
            out
        }
        CaseState::AwaitingPayment => vec![K::FeePaid, K::FeeLapse],
        CaseState::Decided => vec![K::Deliver],
        CaseState::Delivered | CaseState::Withdrawn => vec![K::Close],
        CaseState::Closed => Vec::new(),
    };
    // Withdrawal: until the reply is served; not after a lapse gave the
    // application up (the case is disposed of already).
    let withdrawable = r.last_date.is_some()
        && r.closed.is_none()
        && r.delivered.is_none()
        && r.withdrawn.is_none()
        && r.lapse().is_none();
    if withdrawable {
        out.push(K::Withdraw);
    }
    out
}

fn in_progress(r: &Replay) -> Vec<ActionKind> {
    use ActionKind as K;
    let mut out = Vec::new();
    // Art. 30: once, and before handling starts.
    if r.correction.is_none() && r.handling_started().is_none() {
        out.push(K::Correction);
    }
    out.push(K::Consult);
    // Art. 33(2): one request at a time, at most 20 working days in all.
    if r.extension_pending.is_none() && r.extension_approved < MAX_EXTENSION_WORKING_DAYS {
        out.push(K::ExtensionRequest);
    }
    // Art. 42, 109号: one notice, and only for applications received since
    // the measures took effect.
    if r.fee.is_none() && r.receipt_date().is_some_and(fees::fee_allowed_on) {
        out.push(K::FeeNotice);
    }
    out.push(K::AgencyDeadline);
    if r.draft.is_none() {
        out.push(K::Decide);
    }
    out
}

/// The outcomes staff may choose when deciding (答复类型) after `history`:
/// every statutory outcome except those reached only through an event —
/// （六）1 逾期未补正 and （六）2 逾期未缴费 (the lapses) and 其他处理 (a
/// withdrawal) — and “补正后申请内容仍不明确” only after a correction was
/// answered (Art. 30).
pub fn decidable_outcomes(history: &[CaseEventRecord]) -> Vec<Outcome> {
    let r = Replay::of(history);
    let answered = r.correction.as_ref().is_some_and(|c| c.answered.is_some());
    Outcome::ALL
        .into_iter()
        .filter(|o| {
            !matches!(
                o,
                Outcome::CorrectionLapsed | Outcome::FeeUnpaid | Outcome::OtherHandling
            )
        })
        .filter(|o| answered || *o != Outcome::UnclearAfterCorrection)
        .collect()
}

/// Why the recording command refuses an action before the workflow looks at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordRefusal {
    /// Not this staff member's to record (permission, [`crate::policy`]).
    #[error("{0}")]
    Forbidden(Refusal),
    /// A date of the action is not plausible ([`check_action_dates`]).
    #[error("{0}")]
    Invalid(String),
}

/// May a staff member holding `roles` (agency in `relation` to the case's)
/// record `action` on `today`? The same permission as [`next_actions`] and the
/// date rules; the workflow ([`super::check_action`]) decides the rest.
pub fn may_record(
    action: &CaseAction,
    roles: &[Role],
    relation: Relation,
    today: NaiveDate,
) -> Result<(), RecordRefusal> {
    may_record_in(action, false, roles, relation, today)
}

/// [`may_record`] on a case where a drafted reply waits (`draft_pending`):
/// a decision recorded then is the draft's signing (签发), the reviewer's.
pub fn may_record_in(
    action: &CaseAction,
    draft_pending: bool,
    roles: &[Role],
    relation: Relation,
    today: NaiveDate,
) -> Result<(), RecordRefusal> {
    let signing = draft_pending && matches!(action, CaseAction::OutcomeDecided { .. });
    let kind = if signing {
        Some(ActionKind::SignDecision)
    } else {
        ActionKind::of(action)
    };
    let kind = kind.ok_or_else(|| {
        RecordRefusal::Forbidden(Refusal(
            "“在线提交申请”只能由申请人在线提交，工作人员请登记收到申请。".into(),
        ))
    })?;
    policy::may_in(roles, Permission::RecordCaseAction(kind), relation)
        .map_err(RecordRefusal::Forbidden)?;
    check_action_dates(action, today).map_err(RecordRefusal::Invalid)
}

/// 日期规则 of an action, seen from `today`: the day it took effect must be
/// plausible ([`dates::plausible`]) and not after today (an action is recorded
/// when it happened, never in advance); a deadline it sets (补正期限, Art. 30;
/// 答复期限, Art. 35) must be plausible. That a date is not before the one
/// of the previous event is the workflow's rule ([`super::CaseError`]).
pub fn check_action_dates(action: &CaseAction, today: NaiveDate) -> Result<(), String> {
    let label = match action {
        CaseAction::ReceiptConfirmed { .. } => "收到申请之日",
        CaseAction::FeeNoticeIssued { .. } => "申请人收到通知之日",
        _ => "日期",
    };
    let day = dates::plausible(label, action.date(), today)?;
    dates::not_after_today(label, day, today)?;
    match action {
        CaseAction::CorrectionRequested {
            applicant_deadline, ..
        } => dates::plausible("补正期限", *applicant_deadline, today).map(|_| ()),
        CaseAction::AgencyDeadlineSet { due, .. } => {
            dates::plausible("答复期限", *due, today).map(|_| ())
        }
        _ => Ok(()),
    }
}

impl CaseAction {
    /// A fee notice by count (按件计收) with the month's ordinal from the
    /// register ([`fees::ordinal_in_month`]) and its amount; any other action
    /// unchanged. The ordinal is never taken from the person recording.
    pub fn with_month_ordinal(self, ordinal_in_month: u32) -> CaseAction {
        match self {
            CaseAction::FeeNoticeIssued {
                date,
                method: fees::FeeMethod::ByCount { .. },
                ..
            } => {
                let method = fees::FeeMethod::ByCount { ordinal_in_month };
                CaseAction::FeeNoticeIssued {
                    date,
                    method,
                    amount_yuan: method.amount_yuan(),
                }
            }
            other => other,
        }
    }
}
