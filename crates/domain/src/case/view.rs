//! The derived view of a case: its state, deadlines, what the applicant has to
//! do and where it stands in the work queue — all computed from the events.

use chrono::NaiveDate;
use serde::Serialize;

use super::history::Anomaly;
use super::workflow::{CaseError, Replay, replay_checked};
use super::{CaseAction, CaseEventRecord};
use crate::application::DeliveryMethod;
use crate::calendar::Calendar;
use crate::deadline::{self, ConsultParty, ConsultationOutcome, Deadlines};
use crate::fees::FeeMethod;
use crate::vocabulary::Outcome;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Submitted online, not yet confirmed (Art. 31): no receipt date yet.
    AwaitingConfirmation,
    /// Being handled; the reply clock runs.
    InProgress,
    /// Waiting for the corrected application (Art. 30).
    AwaitingCorrection,
    /// Waiting for a consulted party (Art. 32, 34); the clock stops.
    Consulting,
    /// An extension request waits for the head of the disclosure office.
    AwaitingExtensionDecision,
    /// A drafted reply waits for the reviewer's approval (审核签发); the
    /// clock runs.
    AwaitingApproval,
    /// Waiting for the fee (Art. 42); the clock stops.
    AwaitingPayment,
    /// The outcome is known (decided, or derived from a lapse) but the reply
    /// is not delivered yet.
    Decided,
    /// The reply was delivered; the case waits to be closed.
    Delivered,
    /// Closed.
    Closed,
    /// Withdrawn by the applicant, not yet closed.
    Withdrawn,
}

impl CaseState {
    pub const ALL: [CaseState; 11] = [
        CaseState::AwaitingConfirmation,
        CaseState::InProgress,
        CaseState::AwaitingCorrection,
        CaseState::Consulting,
        CaseState::AwaitingExtensionDecision,
        CaseState::AwaitingApproval,
        CaseState::AwaitingPayment,
        CaseState::Decided,
        CaseState::Delivered,
        CaseState::Closed,
        CaseState::Withdrawn,
    ];

    /// The stored code (the read model's `state` column), as serialised.
    pub fn code(self) -> &'static str {
        match self {
            CaseState::AwaitingConfirmation => "awaiting_confirmation",
            CaseState::InProgress => "in_progress",
            CaseState::AwaitingCorrection => "awaiting_correction",
            CaseState::Consulting => "consulting",
            CaseState::AwaitingExtensionDecision => "awaiting_extension_decision",
            CaseState::AwaitingApproval => "awaiting_approval",
            CaseState::AwaitingPayment => "awaiting_payment",
            CaseState::Decided => "decided",
            CaseState::Delivered => "delivered",
            CaseState::Closed => "closed",
            CaseState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CaseState::AwaitingConfirmation => "待确认",
            CaseState::InProgress => "办理中",
            CaseState::AwaitingCorrection => "待补正",
            CaseState::Consulting => "征求意见中",
            CaseState::AwaitingExtensionDecision => "延期待审批",
            CaseState::AwaitingApproval => "答复待签发",
            CaseState::AwaitingPayment => "待缴费",
            CaseState::Decided => "已作出决定",
            CaseState::Delivered => "已送达",
            CaseState::Closed => "已办结",
            CaseState::Withdrawn => "已撤回",
        }
    }

    /// The state as the applicant reads it: the office's internal waits
    /// (an extension or a reply awaiting the head's approval) are 办理中.
    pub fn applicant_label_zh(self) -> &'static str {
        match self {
            CaseState::AwaitingExtensionDecision | CaseState::AwaitingApproval => "办理中",
            other => other.label_zh(),
        }
    }
}

/// Where a case stands in the work queue, against its reply deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueMark {
    /// Past the reply deadline and not delivered.
    Overdue,
    /// The reply deadline is today or within the next 3 working days.
    DueSoon,
    Normal,
    /// Delivered, closed, withdrawn or given up: no deadline runs.
    Finished,
}

impl QueueMark {
    /// Working days ahead of the reply deadline from which a case is
    /// [`QueueMark::DueSoon`].
    pub const DUE_SOON_WORKING_DAYS: u32 = 3;

    pub fn label_zh(self) -> &'static str {
        match self {
            QueueMark::Overdue => "已逾期",
            QueueMark::DueSoon => "即将到期",
            QueueMark::Normal => "正常",
            QueueMark::Finished => "计时结束",
        }
    }
}

/// An extension request waiting for a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingExtension {
    pub days: u32,
    pub reason: String,
    pub requested_on: NaiveDate,
}

/// The information-processing fee of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeStatus {
    pub method: FeeMethod,
    pub amount_yuan: u64,
    /// The day the applicant received the notice.
    pub notice_date: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub lapsed_on: Option<NaiveDate>,
    /// The payment deadline (notice + 20 working days).
    pub due: Option<NaiveDate>,
}

/// The correction (补正) of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectionStatus {
    pub items: Vec<String>,
    pub requested_on: NaiveDate,
    pub applicant_deadline: NaiveDate,
    /// The day the corrected application was received.
    pub answered_on: Option<NaiveDate>,
    pub answer_text: Option<String>,
    /// The day the lapse was recorded.
    pub lapsed_on: Option<NaiveDate>,
}

/// How a consultation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationEnd {
    pub date: NaiveDate,
    pub how: ConsultationOutcome,
    pub opinion: String,
}

/// One consultation (征求意见).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationStatus {
    pub id: u32,
    pub party: ConsultParty,
    pub party_name: String,
    pub started_on: NaiveDate,
    /// The consulted party's deadline (start + 15 working days).
    pub due: Option<NaiveDate>,
    pub ended: Option<ConsultationEnd>,
}

/// Something the applicant has to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApplicantTodo {
    /// Correct the application (Art. 30).
    AnswerCorrection {
        items: Vec<String>,
        deadline: NaiveDate,
    },
    /// Pay the information-processing fee (Art. 42).
    PayFee { amount_yuan: u64, due: NaiveDate },
}

impl ApplicantTodo {
    /// One sentence for the applicant's view.
    pub fn describe_zh(&self) -> String {
        match self {
            ApplicantTodo::AnswerCorrection { items, deadline } => format!(
                "请于{deadline}前补正申请：{}。无正当理由逾期不补正的，视为放弃申请（《条例》第三十条）",
                items.join("；")
            ),
            ApplicantTodo::PayFee { amount_yuan, due } => format!(
                "请于{due}前缴纳信息处理费{amount_yuan}元。逾期未缴纳的，视为放弃申请（《条例》第四十二条；国办函〔2020〕109号）"
            ),
        }
    }
}

/// Everything the case page and the work queue show about a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseView {
    pub state: CaseState,
    /// The Art. 31 receipt date (`None` until an online application is confirmed).
    pub receipt_date: Option<NaiveDate>,
    /// Every deadline, as of `max(today, last event)`; `None` until received.
    pub deadlines: Option<Deadlines>,
    /// The reply deadline; `None` while awaiting correction, and once the
    /// application is given up or withdrawn (no reply is owed any more).
    pub reply_due: Option<NaiveDate>,
    /// The outcome (decided, or derived from a lapse or withdrawal).
    pub outcome: Option<Outcome>,
    pub referred_to: Option<String>,
    /// An extension request awaiting a decision (`None` once the case is
    /// withdrawn or given up).
    pub pending_extension: Option<PendingExtension>,
    /// A drafted reply awaiting the reviewer's approval (审核签发).
    pub pending_decision: Option<super::PendingDecision>,
    /// The last draft the reviewer returned, until the clerk drafts again.
    pub returned_decision: Option<super::ReturnedDecision>,
    pub fee: Option<FeeStatus>,
    pub correction: Option<CorrectionStatus>,
    pub consultations: Vec<ConsultationStatus>,
    pub delivered: Option<(NaiveDate, DeliveryMethod)>,
    /// Whether the reply was delivered by the reply deadline.
    pub on_time: Option<bool>,
    pub applicant_todo: Vec<ApplicantTodo>,
    pub mark: QueueMark,
    /// Not yet closed: staff still has to act (at least close it).
    pub is_open: bool,
    /// What the fold of the stored history could not place (see
    /// [`super::fold`]); empty for a history that was valid when appended.
    pub anomalies: Vec<Anomaly>,
}

/// The view of a case as of `today`, after validating the whole history
/// against `calendar` and today's rules (every event must have been allowed
/// after the ones before it).
///
/// For reading a stored case use [`super::fold`], which never fails: a stored
/// history is a fact, and today's rules are checked on append only. Deadlines
/// are computed as of `today`, or as of the last event if that is later (an
/// event dated after `today` is not an error here).
pub fn view(
    history: &[CaseEventRecord],
    calendar: &Calendar,
    today: NaiveDate,
) -> Result<CaseView, CaseError> {
    let (r, events) = replay_checked(history, calendar)?;
    let deadlines = if r.receipt.is_some() {
        Some(deadline::compute(calendar, &events, as_of(&r, today))?)
    } else {
        None
    };
    Ok(assemble(&r, deadlines, calendar, today, Vec::new()))
}

/// The day deadlines are computed as of: `today`, or the last event if later.
pub(super) fn as_of(r: &Replay, today: NaiveDate) -> NaiveDate {
    r.last_date.map_or(today, |d| d.max(today))
}

/// The view from the folded facts and their deadlines.
pub(super) fn assemble(
    r: &Replay,
    deadlines: Option<Deadlines>,
    calendar: &Calendar,
    today: NaiveDate,
    anomalies: Vec<Anomaly>,
) -> CaseView {
    let state = state_of(r);
    let lapsed = r.lapse().is_some();
    let reply_due = if r.withdrawn.is_some() || lapsed {
        None
    } else {
        deadlines
            .as_ref()
            .and_then(|d| d.reply_due.as_ref())
            .map(|d| d.date)
    };
    let finished = r.closed.is_some() || r.delivered.is_some() || r.withdrawn.is_some() || lapsed;
    let mark = if finished {
        QueueMark::Finished
    } else {
        match reply_due {
            Some(due) if today > due => QueueMark::Overdue,
            Some(due)
                if calendar.working_days_between(today, due)
                    <= QueueMark::DUE_SOON_WORKING_DAYS =>
            {
                QueueMark::DueSoon
            }
            _ => QueueMark::Normal,
        }
    };

    let fee = r.fee.as_ref().map(|f| FeeStatus {
        method: f.method,
        amount_yuan: f.amount_yuan,
        notice_date: f.notice_date,
        paid_on: f.paid_on,
        lapsed_on: f.lapsed_on,
        due: deadlines
            .as_ref()
            .and_then(|d| d.payment_due.as_ref())
            .map(|d| d.date),
    });
    let correction = r.correction.as_ref().map(|c| CorrectionStatus {
        items: c.items.clone(),
        requested_on: c.requested_on,
        applicant_deadline: c.applicant_deadline,
        answered_on: c.answered.as_ref().map(|(d, _)| *d),
        answer_text: c.answered.as_ref().map(|(_, t)| t.clone()),
        lapsed_on: c.lapsed,
    });
    let consultations = r
        .consultations
        .iter()
        .map(|c| ConsultationStatus {
            id: c.id,
            party: c.party,
            party_name: c.party_name.clone(),
            started_on: c.started_on,
            due: deadlines.as_ref().and_then(|d| {
                d.consultations
                    .iter()
                    .find(|(id, _)| *id == c.id)
                    .map(|(_, due)| due.date)
            }),
            ended: c
                .ended
                .as_ref()
                .map(|(date, how, opinion)| ConsultationEnd {
                    date: *date,
                    how: *how,
                    opinion: opinion.clone(),
                }),
        })
        .collect();

    let mut applicant_todo = Vec::new();
    if !finished {
        if let Some(c) = r.awaiting_correction() {
            applicant_todo.push(ApplicantTodo::AnswerCorrection {
                items: c.items.clone(),
                deadline: c.applicant_deadline,
            });
        }
        if let (Some(f), Some(due)) = (r.awaiting_payment(), fee.as_ref().and_then(|f| f.due)) {
            applicant_todo.push(ApplicantTodo::PayFee {
                amount_yuan: f.amount_yuan,
                due,
            });
        }
    }

    CaseView {
        state,
        receipt_date: r.receipt_date(),
        on_time: deadlines.as_ref().and_then(|d| d.replied_on_time),
        deadlines,
        reply_due,
        outcome: r.final_outcome().map(|(_, o)| o),
        referred_to: r.referred_to().map(str::to_owned),
        pending_extension: r.extension_pending.as_ref().filter(|_| !finished).map(|p| {
            PendingExtension {
                days: p.days,
                reason: p.reason.clone(),
                requested_on: p.requested_on,
            }
        }),
        pending_decision: r.draft.clone().filter(|_| !finished),
        returned_decision: r.returned.clone().filter(|_| !finished),
        fee,
        correction,
        consultations,
        delivered: r.delivered,
        applicant_todo,
        mark,
        is_open: r.closed.is_none(),
        anomalies,
    }
}

pub(super) fn state_of(r: &Replay) -> CaseState {
    if r.closed.is_some() {
        CaseState::Closed
    } else if r.delivered.is_some() {
        CaseState::Delivered
    } else if r.withdrawn.is_some() {
        CaseState::Withdrawn
    } else if r.final_outcome().is_some() {
        CaseState::Decided
    } else if r.receipt.is_none() {
        CaseState::AwaitingConfirmation
    } else if r.awaiting_correction().is_some() {
        CaseState::AwaitingCorrection
    } else if r.awaiting_payment().is_some() {
        CaseState::AwaitingPayment
    } else if r.open_consultation().is_some() {
        CaseState::Consulting
    } else if r.extension_pending.is_some() {
        CaseState::AwaitingExtensionDecision
    } else if r.draft.is_some() {
        CaseState::AwaitingApproval
    } else {
        CaseState::InProgress
    }
}

fn delivery_method_zh(m: DeliveryMethod) -> &'static str {
    match m {
        DeliveryMethod::Post => "邮寄",
        DeliveryMethod::CollectInPerson => "当面领取",
        DeliveryMethod::Email => "电子邮件",
        DeliveryMethod::Online => "在线查看",
        DeliveryMethod::Fax => "传真",
    }
}

/// What one action says, without date and actor.
fn describe_zh(action: &CaseAction) -> String {
    match action {
        CaseAction::SubmittedOnline { .. } => "在线提交申请，待确认".to_owned(),
        CaseAction::ReceiptConfirmed {
            channel,
            receipt_date,
            ..
        } => format!(
            "确认收到申请（{}，收到申请之日{receipt_date}）",
            channel.label()
        ),
        CaseAction::CorrectionRequested {
            items,
            applicant_deadline,
            ..
        } => format!(
            "告知补正（补正期限{applicant_deadline}）：{}",
            items.join("；")
        ),
        CaseAction::CorrectionSubmitted { .. } => {
            "收到补正申请，答复期限自当日起重新计算".to_owned()
        }
        CaseAction::CorrectionLapsed { .. } => {
            "申请人无正当理由逾期不补正，视为放弃申请".to_owned()
        }
        CaseAction::ConsultationStarted {
            id,
            party,
            party_name,
            matter,
            ..
        } => {
            let mut s = format!("征求{}意见（第{id}号，{party_name}）", party.label_zh());
            if !matter.trim().is_empty() {
                s.push_str(&format!("：{matter}"));
            }
            s
        }
        CaseAction::ConsultationEnded {
            id, how, opinion, ..
        } => {
            let how = match how {
                ConsultationOutcome::Answered => "已提出意见",
                ConsultationOutcome::TimedOut => "逾期未提出意见",
            };
            let mut s = format!("第{id}号征求意见结束，{how}");
            if !opinion.trim().is_empty() {
                s.push_str(&format!("：{opinion}"));
            }
            s
        }
        CaseAction::ExtensionRequested { days, reason, .. } => {
            format!("申请延期答复{days}个工作日：{reason}")
        }
        CaseAction::ExtensionApproved { days, .. } => format!("批准延期答复{days}个工作日"),
        CaseAction::ExtensionRefused { reason, .. } => format!("不批准延期答复：{reason}"),
        CaseAction::FeeNoticeIssued {
            method,
            amount_yuan,
            ..
        } => format!(
            "收费通知送达申请人（{}，{amount_yuan}元）",
            method.describe_zh()
        ),
        CaseAction::FeePaid { .. } => "申请人缴纳信息处理费".to_owned(),
        CaseAction::FeeLapsed { .. } => "申请人逾期未缴纳信息处理费，视为放弃申请".to_owned(),
        CaseAction::AgencyDeadlineSet {
            due, justification, ..
        } => format!("确定延迟答复期限至{due}（《条例》第三十五条）：{justification}"),
        CaseAction::OutcomeDecided {
            outcome,
            referred_to,
            ..
        } => {
            let mut s = format!("作出答复决定：{}", outcome.label());
            if let Some(r) = referred_to {
                s.push_str(&format!("（负责公开的机关：{r}）"));
            }
            s
        }
        CaseAction::DecisionDrafted { outcome, .. } => {
            format!("拟办答复：{}，提交审核签发", outcome.label())
        }
        CaseAction::DecisionReturned { reason, .. } => format!("退回拟办答复：{reason}"),
        CaseAction::Withdrawn { reason, .. } => {
            let mut s = "申请人撤回申请".to_owned();
            if !reason.trim().is_empty() {
                s.push_str(&format!("：{reason}"));
            }
            s
        }
        CaseAction::Delivered { method, .. } => {
            format!("送达（{}）", delivery_method_zh(*method))
        }
        CaseAction::Closed { .. } => "办结".to_owned(),
    }
}

/// One Chinese line per event for the case page, e.g.
/// `2025-01-21 李承办：告知补正（补正期限2025-02-10）：写明所需信息的文号`.
/// A non-empty note is appended as `（备注：…）`.
pub fn timeline_zh(history: &[CaseEventRecord]) -> Vec<String> {
    history
        .iter()
        .map(|e| {
            let mut line = format!(
                "{} {}：{}",
                e.action.date(),
                e.actor.label_zh(),
                describe_zh(&e.action)
            );
            if !e.note.trim().is_empty() {
                line.push_str(&format!("（备注：{}）", e.note.trim()));
            }
            line
        })
        .collect()
}
