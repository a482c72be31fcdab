//! The workflow rules: which action may be recorded next on a case.
//!
//! A case is its list of events ([`CaseEventRecord`]); [`check_action`] says
//! whether one more action may be appended, [`validate_history`] checks a whole
//! list, and [`deadline_events`] translates a list into the deadline engine's
//! events ([`crate::deadline::CaseEvent`]). Every refusal is a [`CaseError`]
//! whose Chinese message cites the rule and says what to do instead.
//!
//! Rules where the Regulation is silent (chosen here, and tested):
//!
//! - An online submission must be confirmed with the channel `在线申请`; the
//!   recorded receipt date must equal [`receipt_date`] of the recorded facts.
//! - A correction may only be requested before handling starts (no
//!   consultation, extension request, fee notice or Art. 35 deadline yet): the
//!   notice is due within 7 working days of receipt, and what is asked must be
//!   clear before anybody is consulted. Its items may not be empty, and the
//!   applicant's deadline must be later than the notice.
//! - A corrected application may be accepted after the applicant's deadline
//!   (the applicant may have had a good reason) as long as no lapse was
//!   recorded; a late payment likewise, as long as no fee lapse was recorded.
//! - An extension may be requested only while the clock is counting (not
//!   while it is paused for a consultation or a payment) and not after the
//!   current reply deadline has passed; it is approved for at most the days
//!   requested.
//! - A fee notice for an amount of 0 yuan is refused, and it must go out by
//!   the reply deadline.
//! - A correction lapse (Art. 30), a fee lapse (Art. 42) and a withdrawal each
//!   *dispose of* the case by themselves: the outcome is derived from them
//!   ([`Outcome::CorrectionLapsed`], [`Outcome::FeeUnpaid`],
//!   [`Outcome::OtherHandling`]). An `OutcomeDecided` may still be recorded once
//!   afterwards (for the reasoning of the notice), but only with that outcome.
//!   Outcomes `CorrectionLapsed` and `FeeUnpaid` can only be reached through the
//!   lapse events, and `UnclearAfterCorrection` only after a correction was
//!   answered.
//! - A withdrawal before delivery supersedes a decision that was not yet
//!   delivered (a reply takes effect when it is served): the outcome becomes
//!   [`Outcome::OtherHandling`].
//! - After a decision only a withdrawal, the delivery and the closing may
//!   follow; after a lapse or a withdrawal only the (matching) decision, a
//!   delivery of the notice and the closing; after the delivery only the
//!   closing; after the closing nothing.
//! - `referred_to` may only accompany [`Outcome::NotHeld`] (Art. 36(五)).

use chrono::NaiveDate;

use super::{CaseAction, CaseEventRecord};
use crate::application::DeliveryMethod;
use crate::calendar::Calendar;
use crate::deadline::{
    self, CaseEvent, ClockState, ConsultParty, ConsultationOutcome, DeadlineError, Deadlines,
    ReceiptError, law, receipt_date,
};
use crate::fees::{self, FeeMethod};
use crate::vocabulary::{Channel, Outcome};

/// Why an action may not be recorded. Messages are shown to staff.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error(
        "第一条记录必须是“在线提交申请”或“确认收到申请”，不能是“{action}”：请先登记收到申请（《条例》第三十一条）"
    )]
    NotReceived { action: &'static str },
    #[error("“在线提交申请”只能是案件的第一条记录")]
    SubmittedOnlineNotFirst,
    #[error(
        "在线申请尚未确认收到，不能记录“{action}”：请先与申请人确认并记录“确认收到申请”，在线申请以双方确认之日为收到申请之日（《条例》第三十一条）；确认前申请人只能撤回申请"
    )]
    AwaitingConfirmation { action: &'static str },
    #[error("已确认收到申请（收到申请之日{date}），“确认收到申请”只能记录一次")]
    DuplicateReceipt { date: NaiveDate },
    #[error("在线提交的申请应以“在线申请”渠道确认收到，不能记为“{channel}”（《条例》第三十一条）")]
    OnlineChannelMismatch { channel: &'static str },
    #[error(transparent)]
    Receipt(#[from] ReceiptError),
    #[error(
        "记录的收到申请之日（{recorded}）与按《条例》第三十一条计算的结果（{computed}）不一致：请核对到达、签收或确认日期"
    )]
    ReceiptDateMismatch {
        recorded: NaiveDate,
        computed: NaiveDate,
    },
    #[error(
        "“{action}”的日期{date}早于上一条记录的日期{previous}：记录只能按时间顺序追加，请核对日期"
    )]
    DateBackwards {
        action: &'static str,
        date: NaiveDate,
        previous: NaiveDate,
    },
    #[error(
        "已于{date}告知补正，不能再次告知：行政机关应当一次性告知申请人需要补正的全部事项（《条例》第三十条）；补正后申请内容仍不明确的，可答复“补正后申请内容仍不明确”"
    )]
    SecondCorrection { date: NaiveDate },
    #[error(
        "已开始办理（{what}），不能再告知补正：补正应当在收到申请之日起7个工作日内一次性告知（《条例》第三十条）"
    )]
    CorrectionAfterHandling { what: &'static str },
    #[error(
        "补正告知必须列明需要补正的事项：行政机关应当一次性告知申请人作出补正，说明需要补正的事项（《条例》第三十条）"
    )]
    CorrectionItemsMissing,
    #[error(
        "补正期限（{deadline}）必须晚于告知补正之日（{date}）：请给予申请人合理的补正期限（《条例》第三十条）"
    )]
    CorrectionDeadlineTooEarly {
        date: NaiveDate,
        deadline: NaiveDate,
    },
    #[error("没有待补正的事项，不能记录“{action}”：请先记录“告知补正”（《条例》第三十条）")]
    NoOutstandingCorrection { action: &'static str },
    #[error("补正已于{date}结束，不能再记录“{action}”（《条例》第三十条）")]
    CorrectionSettled {
        action: &'static str,
        date: NaiveDate,
    },
    #[error("请填写申请人补正的内容（《条例》第三十条）")]
    CorrectionTextMissing,
    #[error(
        "补正期限{deadline}尚未届满，{date}不能记录逾期未补正：期限届满后申请人仍无正当理由未补正的，才视为放弃申请（《条例》第三十条）"
    )]
    CorrectionLapseTooEarly {
        deadline: NaiveDate,
        date: NaiveDate,
    },
    #[error(
        "正在等待申请人补正（补正期限{deadline}），不能记录“{action}”：答复期限自收到补正申请之日起计算（《条例》第三十条），请先记录“收到补正申请”，或期限届满后记录“逾期未补正”"
    )]
    AwaitingCorrection {
        action: &'static str,
        deadline: NaiveDate,
    },
    #[error("征求意见编号{id}已被使用，请使用新的编号")]
    DuplicateConsultation { id: u32 },
    #[error("没有编号为{id}的征求意见，不能记录其结束：请核对编号")]
    UnknownConsultation { id: u32 },
    #[error("编号为{id}的征求意见已于{date}结束，不能再次记录")]
    ConsultationAlreadyEnded { id: u32, date: NaiveDate },
    #[error(
        "请填写被征求意见的第三方或机关的名称：征求意见应当书面进行（《条例》第三十二条、第三十四条）"
    )]
    ConsultationPartyMissing,
    #[error(
        "答复期限目前{why}，不能申请延期：延期只能在答复期限计算期间提出（《条例》第三十三条第二款）；暂停结束后如仍需要，再申请延期"
    )]
    ClockNotRunning { why: &'static str },
    #[error(
        "答复期限已于{due}届满，{date}不能再申请延期：延期应当在答复期限内经政府信息公开工作机构负责人同意并告知申请人（《条例》第三十三条第二款），请尽快答复"
    )]
    ExtensionAfterDue { due: NaiveDate, date: NaiveDate },
    #[error(
        "{date}提出的延期申请（{days}个工作日）尚待审批：请先由政府信息公开工作机构负责人批准或不批准（《条例》第三十三条第二款）"
    )]
    ExtensionPending { date: NaiveDate, days: u32 },
    #[error("延长的工作日数必须大于0（《条例》第三十三条第二款）")]
    ZeroExtension,
    #[error(
        "已批准延长{approved}个工作日，再延长{requested}个工作日将超过《条例》第三十三条第二款规定的最长{max}个工作日：最多还可延长{remaining}个工作日"
    )]
    ExtensionTooLong {
        approved: u32,
        requested: u32,
        max: u32,
        remaining: u32,
    },
    #[error(
        "没有待审批的延期申请，不能记录“{action}”：请先记录“申请延期答复”（《条例》第三十三条第二款）"
    )]
    NoPendingExtension { action: &'static str },
    #[error(
        "批准延长的{approved}个工作日多于申请的{requested}个工作日：最多批准所申请的天数，需要更长的请另行申请（《条例》第三十三条第二款）"
    )]
    ApprovedMoreThanRequested { approved: u32, requested: u32 },
    #[error("请填写不批准延期的理由")]
    RefusalReasonMissing,
    #[error(
        "收费通知已于{date}送达，只能发出一次（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）"
    )]
    SecondFeeNotice { date: NaiveDate },
    #[error(
        "收到申请之日（{receipt}）早于2021年1月1日：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）自2021年1月1日起施行，此前收到的申请不能收取信息处理费"
    )]
    FeeBeforeMeasures { receipt: NaiveDate },
    #[error(
        "收费金额{recorded}元与按所选计收方式计算的{computed}元不一致（国办函〔2020〕109号）：请按计算结果填写"
    )]
    FeeAmountMismatch { recorded: u64, computed: u64 },
    #[error(
        "按所选计收方式应收费用为0元，不应发出收费通知：行政机关依申请提供政府信息，原则上不收取费用（《条例》第四十二条；国办函〔2020〕109号）"
    )]
    FeeNotDue,
    #[error(
        "答复期限已于{due}届满，{date}不能再发出收费通知：收费通知应当在答复期限内发出（国办函〔2020〕109号），请尽快答复"
    )]
    FeeNoticeAfterDue { due: NaiveDate, date: NaiveDate },
    #[error("未发出收费通知，不能记录“{action}”：请先记录“送达收费通知”（《条例》第四十二条）")]
    NoFeeNotice { action: &'static str },
    #[error("缴费已于{date}结束，不能再记录“{action}”")]
    FeeSettled {
        action: &'static str,
        date: NaiveDate,
    },
    #[error(
        "缴费期限{due}尚未届满，{date}不能记录逾期未缴费：申请人自收到收费通知次日起20个工作日内缴纳，期限届满后仍未缴纳的，才视为放弃申请（国办函〔2020〕109号）"
    )]
    FeeLapseTooEarly { due: NaiveDate, date: NaiveDate },
    #[error(
        "请填写确定延迟答复期限的理由：申请数量、频次明显超过合理范围的，行政机关应当说明理由并告知申请人（《条例》第三十五条）"
    )]
    JustificationMissing,
    #[error(
        "确定的答复期限（{due}）必须晚于现行答复期限（{current}）：不晚于现行期限的，无需适用《条例》第三十五条"
    )]
    AgencyDeadlineNotLater { due: NaiveDate, current: NaiveDate },
    #[error("已于{date}作出答复决定（{outcome}），答复决定只能作出一次：已保存的记录不能修改")]
    SecondOutcome {
        date: NaiveDate,
        outcome: &'static str,
    },
    #[error("{what}期间不能作出答复决定：{todo}")]
    DecisionWhileAwaiting {
        what: &'static str,
        todo: &'static str,
    },
    #[error("答复类型“{outcome}”须先记录“{event}”（{basis}）")]
    OutcomeNeedsEvent {
        outcome: &'static str,
        event: &'static str,
        basis: &'static str,
    },
    #[error("已记录“{event}”，答复类型只能是“{required}”，不能是“{recorded}”（{basis}）")]
    OutcomeContradicts {
        event: &'static str,
        required: &'static str,
        recorded: &'static str,
        basis: &'static str,
    },
    #[error(
        "“补正后申请内容仍不明确”只能在申请人补正之后作出（《条例》第三十条）：请先告知补正，并记录收到补正申请"
    )]
    UnclearWithoutCorrection,
    #[error(
        "只有“本机关不掌握相关政府信息”的答复才告知负责公开的行政机关（《条例》第三十六条第（五）项）；答复类型为“{outcome}”时请不要填写"
    )]
    ReferralNotAllowed { outcome: &'static str },
    #[error(
        "请填写负责公开该信息的行政机关名称，不能确定的请不要填写（《条例》第三十六条第（五）项）"
    )]
    ReferralEmpty,
    #[error(
        "已于{date}作出答复决定，不能再记录“{action}”：作出答复决定后只能撤回申请、送达答复或办结"
    )]
    AfterDecision {
        action: &'static str,
        date: NaiveDate,
    },
    #[error("申请人已于{date}撤回申请，不能再记录“{action}”：撤回后只能送达告知或办结")]
    AfterWithdrawal {
        action: &'static str,
        date: NaiveDate,
    },
    #[error("{why}，申请已于{date}视为放弃，不能再记录“{action}”：只能送达告知或办结")]
    AfterLapse {
        action: &'static str,
        date: NaiveDate,
        why: &'static str,
    },
    #[error("答复已于{date}送达，不能再记录“{action}”：送达后只能办结")]
    AfterDelivery {
        action: &'static str,
        date: NaiveDate,
    },
    #[error("申请人已于{date}撤回申请，不能重复记录")]
    AlreadyWithdrawn { date: NaiveDate },
    #[error("尚未作出答复决定，不能记录送达：请先记录答复决定（《条例》第三十六条至第三十九条）")]
    DeliveredWithoutOutcome,
    #[error(
        "尚未送达答复，不能办结：请先记录“送达答复”（答复应当送达申请人，国办公开办函〔2016〕235号）"
    )]
    ClosedBeforeDelivery,
    #[error("案件已于{date}办结，不能再记录“{action}”：记录一经保存不能修改或追加")]
    AfterClosed {
        action: &'static str,
        date: NaiveDate,
    },
    /// A draft waits for approval already.
    #[error("已有{date}提交的拟办答复等待审核签发，请由审核人签发或退回后再拟办")]
    DraftPending { date: NaiveDate },
    #[error("“{action}”需要一份待审核的拟办答复，本案件没有")]
    NoDraft { action: &'static str },
    /// 签发 issues the draft as it was approved.
    #[error("签发的答复与待审核的拟办答复不一致（{what}）；如需修改，请退回承办人修改后重新提交")]
    DraftMismatch { what: &'static str },
    #[error("请写明退回的理由，以便承办人修改")]
    ReturnReasonMissing,
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
}

/// The correction (补正) as recorded.
#[derive(Debug, Clone)]
pub(super) struct CorrectionRec {
    pub requested_on: NaiveDate,
    pub items: Vec<String>,
    pub applicant_deadline: NaiveDate,
    pub answered: Option<(NaiveDate, String)>,
    pub lapsed: Option<NaiveDate>,
}

impl CorrectionRec {
    pub fn outstanding(&self) -> bool {
        self.answered.is_none() && self.lapsed.is_none()
    }

    fn settled_on(&self) -> Option<NaiveDate> {
        self.answered.as_ref().map(|(d, _)| *d).or(self.lapsed)
    }
}

/// One consultation as recorded.
#[derive(Debug, Clone)]
pub(super) struct ConsultationRec {
    pub id: u32,
    pub party: ConsultParty,
    pub party_name: String,
    pub started_on: NaiveDate,
    pub ended: Option<(NaiveDate, ConsultationOutcome, String)>,
}

/// The fee as recorded.
#[derive(Debug, Clone)]
pub(super) struct FeeRec {
    pub method: FeeMethod,
    pub amount_yuan: u64,
    pub notice_date: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub lapsed_on: Option<NaiveDate>,
}

impl FeeRec {
    pub fn outstanding(&self) -> bool {
        self.paid_on.is_none() && self.lapsed_on.is_none()
    }
}

/// A pending extension request.
#[derive(Debug, Clone)]
pub(super) struct ExtensionRec {
    pub requested_on: NaiveDate,
    pub days: u32,
    pub reason: String,
}

/// The decision as recorded.
#[derive(Debug, Clone)]
pub(super) struct DecisionRec {
    pub date: NaiveDate,
    pub outcome: Outcome,
    pub referred_to: Option<String>,
}

/// The facts of a case, folded from its events (assumed valid).
#[derive(Debug, Clone, Default)]
pub(super) struct Replay {
    pub submitted_online: Option<NaiveDate>,
    pub receipt: Option<(NaiveDate, Channel)>,
    pub last_date: Option<NaiveDate>,
    pub correction: Option<CorrectionRec>,
    pub consultations: Vec<ConsultationRec>,
    pub extension_pending: Option<ExtensionRec>,
    pub extension_ever_requested: bool,
    pub extension_approved: u32,
    pub fee: Option<FeeRec>,
    pub agency_deadline: Option<NaiveDate>,
    pub decision: Option<DecisionRec>,
    /// The clerk's draft awaiting approval (审核签发).
    pub draft: Option<super::PendingDecision>,
    /// The last draft returned, until the next draft or the decision.
    pub returned: Option<super::ReturnedDecision>,
    pub withdrawn: Option<NaiveDate>,
    pub delivered: Option<(NaiveDate, DeliveryMethod)>,
    pub closed: Option<NaiveDate>,
}

impl Replay {
    /// Folds `history` without checking it.
    pub fn of(history: &[CaseEventRecord]) -> Replay {
        let mut r = Replay::default();
        for e in history {
            r.apply(&e.action);
        }
        r
    }

    pub fn receipt_date(&self) -> Option<NaiveDate> {
        self.receipt.map(|(d, _)| d)
    }

    /// The lapse that gave the application up, with its outcome and why.
    pub fn lapse(&self) -> Option<(NaiveDate, Outcome, &'static str, &'static str)> {
        if let Some(d) = self.correction.as_ref().and_then(|c| c.lapsed) {
            return Some((
                d,
                Outcome::CorrectionLapsed,
                "逾期未补正",
                "《条例》第三十条",
            ));
        }
        if let Some(d) = self.fee.as_ref().and_then(|f| f.lapsed_on) {
            return Some((
                d,
                Outcome::FeeUnpaid,
                "逾期未缴费",
                "《条例》第四十二条；国办函〔2020〕109号",
            ));
        }
        None
    }

    /// The outcome the case has, derived from the events, with the day the case
    /// was disposed of: a withdrawal (→ 其他处理, superseding an undelivered
    /// decision), a lapse (→ （六）1 or （六）2), or the decision.
    pub fn final_outcome(&self) -> Option<(NaiveDate, Outcome)> {
        if let Some(d) = self.withdrawn {
            return Some((d, Outcome::OtherHandling));
        }
        if let Some((d, o, _, _)) = self.lapse() {
            return Some((d, o));
        }
        self.decision.as_ref().map(|d| (d.date, d.outcome))
    }

    /// `referred_to` of the decision, when the decision is what counts.
    pub fn referred_to(&self) -> Option<&str> {
        if self.withdrawn.is_some() || self.lapse().is_some() {
            return None;
        }
        self.decision.as_ref()?.referred_to.as_deref()
    }

    pub fn open_consultation(&self) -> Option<&ConsultationRec> {
        self.consultations.iter().find(|c| c.ended.is_none())
    }

    pub fn awaiting_correction(&self) -> Option<&CorrectionRec> {
        self.correction.as_ref().filter(|c| c.outstanding())
    }

    pub fn awaiting_payment(&self) -> Option<&FeeRec> {
        self.fee.as_ref().filter(|f| f.outstanding())
    }

    /// The deadline engine's event for `action`, recorded after the events
    /// folded so far. A delivery after a lapse or a withdrawal is the notice
    /// that the case ends, not a reply: the reply clock had already stopped.
    pub fn deadline_event(&self, action: &CaseAction) -> Option<CaseEvent> {
        Some(match action {
            CaseAction::SubmittedOnline { .. } => return None,
            CaseAction::ReceiptConfirmed {
                channel,
                receipt_date,
                ..
            } => CaseEvent::Received {
                date: *receipt_date,
                channel: *channel,
            },
            CaseAction::CorrectionRequested {
                date,
                applicant_deadline,
                ..
            } => CaseEvent::CorrectionRequested {
                date: *date,
                applicant_deadline: Some(*applicant_deadline),
            },
            CaseAction::CorrectionSubmitted { date, .. } => {
                CaseEvent::CorrectedReceived { date: *date }
            }
            CaseAction::CorrectionLapsed { date } => CaseEvent::CorrectionLapsed { date: *date },
            CaseAction::ConsultationStarted {
                id, date, party, ..
            } => CaseEvent::ConsultationStarted {
                id: *id,
                date: *date,
                party: *party,
            },
            CaseAction::ConsultationEnded { id, date, how, .. } => CaseEvent::ConsultationEnded {
                id: *id,
                date: *date,
                how: *how,
            },
            CaseAction::ExtensionApproved { date, days } => CaseEvent::ExtensionApproved {
                date: *date,
                days: *days,
            },
            CaseAction::FeeNoticeIssued { date, .. } => CaseEvent::FeeNoticeSent { date: *date },
            CaseAction::FeePaid { date } => CaseEvent::FeePaid { date: *date },
            CaseAction::FeeLapsed { date } => CaseEvent::FeeLapsed { date: *date },
            CaseAction::AgencyDeadlineSet {
                date,
                due,
                justification,
            } => CaseEvent::AgencyDeadlineSet {
                date: *date,
                due: *due,
                justification: justification.clone(),
            },
            CaseAction::Delivered { date, .. } => {
                if self.withdrawn.is_some() || self.lapse().is_some() {
                    return None;
                }
                CaseEvent::Replied { date: *date }
            }
            CaseAction::ExtensionRequested { .. }
            | CaseAction::ExtensionRefused { .. }
            | CaseAction::OutcomeDecided { .. }
            | CaseAction::DecisionDrafted { .. }
            | CaseAction::DecisionReturned { .. }
            | CaseAction::Withdrawn { .. }
            | CaseAction::Closed { .. } => return None,
        })
    }

    /// Records `action` (assumed allowed). Returns `false` when the action
    /// refers to something the history does not hold (an answer to no
    /// correction, the end of an unknown consultation, a payment without a
    /// fee notice): it is then not placed anywhere.
    pub fn apply(&mut self, action: &CaseAction) -> bool {
        self.last_date = Some(action.date());
        match action {
            CaseAction::SubmittedOnline { date } => self.submitted_online = Some(*date),
            CaseAction::ReceiptConfirmed {
                channel,
                receipt_date,
                ..
            } => self.receipt = Some((*receipt_date, *channel)),
            CaseAction::CorrectionRequested {
                date,
                items,
                applicant_deadline,
            } => {
                self.correction = Some(CorrectionRec {
                    requested_on: *date,
                    items: items.clone(),
                    applicant_deadline: *applicant_deadline,
                    answered: None,
                    lapsed: None,
                })
            }
            CaseAction::CorrectionSubmitted { date, text } => match &mut self.correction {
                Some(c) => c.answered = Some((*date, text.clone())),
                None => return false,
            },
            CaseAction::CorrectionLapsed { date } => match &mut self.correction {
                Some(c) => c.lapsed = Some(*date),
                None => return false,
            },
            CaseAction::ConsultationStarted {
                id,
                date,
                party,
                party_name,
                ..
            } => self.consultations.push(ConsultationRec {
                id: *id,
                party: *party,
                party_name: party_name.clone(),
                started_on: *date,
                ended: None,
            }),
            CaseAction::ConsultationEnded {
                id,
                date,
                how,
                opinion,
            } => match self.consultations.iter_mut().find(|c| c.id == *id) {
                Some(c) => c.ended = Some((*date, *how, opinion.clone())),
                None => return false,
            },
            CaseAction::ExtensionRequested { date, days, reason } => {
                self.extension_ever_requested = true;
                self.extension_pending = Some(ExtensionRec {
                    requested_on: *date,
                    days: *days,
                    reason: reason.clone(),
                });
            }
            CaseAction::ExtensionApproved { days, .. } => {
                self.extension_pending = None;
                self.extension_approved = self.extension_approved.saturating_add(*days);
            }
            CaseAction::ExtensionRefused { .. } => self.extension_pending = None,
            CaseAction::FeeNoticeIssued {
                date,
                method,
                amount_yuan,
            } => {
                self.fee = Some(FeeRec {
                    method: *method,
                    amount_yuan: *amount_yuan,
                    notice_date: *date,
                    paid_on: None,
                    lapsed_on: None,
                })
            }
            CaseAction::FeePaid { date } => match &mut self.fee {
                Some(f) => f.paid_on = Some(*date),
                None => return false,
            },
            CaseAction::FeeLapsed { date } => match &mut self.fee {
                Some(f) => f.lapsed_on = Some(*date),
                None => return false,
            },
            CaseAction::AgencyDeadlineSet { due, .. } => self.agency_deadline = Some(*due),
            CaseAction::OutcomeDecided {
                date,
                outcome,
                referred_to,
                ..
            } => {
                self.draft = None;
                self.returned = None;
                self.decision = Some(DecisionRec {
                    date: *date,
                    outcome: *outcome,
                    referred_to: referred_to.clone(),
                })
            }
            CaseAction::DecisionDrafted { .. } | CaseAction::DecisionReturned { .. } => {
                self.apply_draft(action)
            }
            CaseAction::Withdrawn { date, .. } => {
                self.draft = None;
                self.withdrawn = Some(*date)
            }
            CaseAction::Delivered { date, method } => self.delivered = Some((*date, *method)),
            CaseAction::Closed { date } => self.closed = Some(*date),
        }
        true
    }

    /// What shows that handling has started (a consultation, an extension
    /// request, a fee notice or an Art. 35 deadline), after which no
    /// correction may be requested (Art. 30: within 7 working days, at once).
    pub fn handling_started(&self) -> Option<&'static str> {
        if !self.consultations.is_empty() {
            Some("已征求意见")
        } else if self.extension_ever_requested {
            Some("已申请延期答复")
        } else if self.fee.is_some() {
            Some("已发出收费通知")
        } else if self.agency_deadline.is_some() {
            Some("已确定延迟答复期限")
        } else {
            None
        }
    }

    /// Handling actions (correction, consultation, extension, fee, Art. 35
    /// deadline) need a received application that is still being handled.
    fn handling(&self, action: &'static str) -> Result<(), CaseError> {
        if let Some(date) = self.withdrawn {
            return Err(CaseError::AfterWithdrawal { action, date });
        }
        if let Some((date, _, why, _)) = self.lapse() {
            return Err(CaseError::AfterLapse { action, date, why });
        }
        if let Some(d) = &self.decision {
            return Err(CaseError::AfterDecision {
                action,
                date: d.date,
            });
        }
        Ok(())
    }

    /// Handling actions that need the reply clock (not awaiting correction).
    fn handling_with_clock(&self, action: &'static str) -> Result<(), CaseError> {
        self.handling(action)?;
        if let Some(c) = self.awaiting_correction() {
            return Err(CaseError::AwaitingCorrection {
                action,
                deadline: c.applicant_deadline,
            });
        }
        Ok(())
    }

    /// Whether `action` may follow; `events` are the deadline engine's events
    /// of the history folded so far.
    pub fn check(
        &self,
        events: &[CaseEvent],
        action: &CaseAction,
        calendar: &Calendar,
    ) -> Result<(), CaseError> {
        let name = action.label_zh();
        let date = action.date();
        if let Some(date) = self.closed {
            return Err(CaseError::AfterClosed { action: name, date });
        }
        if let Some(previous) = self.last_date
            && date < previous
        {
            return Err(CaseError::DateBackwards {
                action: name,
                date,
                previous,
            });
        }
        match action {
            CaseAction::SubmittedOnline { .. } => {
                if self.last_date.is_some() {
                    return Err(CaseError::SubmittedOnlineNotFirst);
                }
            }
            CaseAction::ReceiptConfirmed {
                channel,
                receipt_date: recorded,
                facts,
            } => {
                if let Some((date, _)) = self.receipt {
                    return Err(CaseError::DuplicateReceipt { date });
                }
                if let Some(date) = self.withdrawn {
                    return Err(CaseError::AfterWithdrawal { action: name, date });
                }
                if self.submitted_online.is_some() && *channel != Channel::Online {
                    return Err(CaseError::OnlineChannelMismatch {
                        channel: channel.label(),
                    });
                }
                let computed = receipt_date(*channel, facts)?;
                if computed != *recorded {
                    return Err(CaseError::ReceiptDateMismatch {
                        recorded: *recorded,
                        computed,
                    });
                }
            }
            CaseAction::Withdrawn { .. } => {
                if self.last_date.is_none() {
                    return Err(CaseError::NotReceived { action: name });
                }
                if let Some((date, _)) = self.delivered {
                    return Err(CaseError::AfterDelivery { action: name, date });
                }
                if let Some(date) = self.withdrawn {
                    return Err(CaseError::AlreadyWithdrawn { date });
                }
                if let Some((date, _, why, _)) = self.lapse() {
                    return Err(CaseError::AfterLapse {
                        action: name,
                        date,
                        why,
                    });
                }
            }
            CaseAction::Delivered { .. } | CaseAction::Closed { .. }
                if self.withdrawn.is_some() && self.receipt.is_none() =>
            {
                // Withdrawn before confirmation: the case may still be closed
                // (and a notice delivered).
                self.check_ending(action)?;
            }
            _ => {
                if self.last_date.is_none() {
                    return Err(CaseError::NotReceived { action: name });
                }
                if self.receipt.is_none() {
                    if let Some(date) = self.withdrawn {
                        return Err(CaseError::AfterWithdrawal { action: name, date });
                    }
                    return Err(CaseError::AwaitingConfirmation { action: name });
                }
                self.check_received(events, action, calendar)?;
            }
        }
        // Finally the deadline engine must accept the events.
        if let Some(ev) = self.deadline_event(action) {
            let mut all = events.to_vec();
            all.push(ev);
            deadline::compute(calendar, &all, date)?;
        }
        Ok(())
    }

    /// The deadlines of the history so far, as of `as_of`.
    fn deadlines(
        &self,
        events: &[CaseEvent],
        calendar: &Calendar,
        as_of: NaiveDate,
    ) -> Result<Deadlines, CaseError> {
        Ok(deadline::compute(calendar, events, as_of)?)
    }

    /// Delivered / Closed.
    fn check_ending(&self, action: &CaseAction) -> Result<(), CaseError> {
        let name = action.label_zh();
        match action {
            CaseAction::Delivered { .. } => {
                if let Some((date, _)) = self.delivered {
                    return Err(CaseError::AfterDelivery { action: name, date });
                }
                if self.final_outcome().is_none() {
                    return Err(CaseError::DeliveredWithoutOutcome);
                }
            }
            CaseAction::Closed { .. } => {
                let ended =
                    self.delivered.is_some() || self.withdrawn.is_some() || self.lapse().is_some();
                if !ended {
                    return Err(CaseError::ClosedBeforeDelivery);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Every action after the receipt except the withdrawal.
    fn check_received(
        &self,
        events: &[CaseEvent],
        action: &CaseAction,
        calendar: &Calendar,
    ) -> Result<(), CaseError> {
        let name = action.label_zh();
        let date = action.date();
        if !matches!(action, CaseAction::Closed { .. })
            && let Some((d, _)) = self.delivered
        {
            return Err(CaseError::AfterDelivery {
                action: name,
                date: d,
            });
        }
        match action {
            CaseAction::SubmittedOnline { .. }
            | CaseAction::ReceiptConfirmed { .. }
            | CaseAction::Withdrawn { .. } => {}
            CaseAction::CorrectionRequested {
                date,
                items,
                applicant_deadline,
            } => {
                self.handling(name)?;
                if let Some(c) = &self.correction {
                    return Err(CaseError::SecondCorrection {
                        date: c.requested_on,
                    });
                }
                if let Some(what) = self.handling_started() {
                    return Err(CaseError::CorrectionAfterHandling { what });
                }
                if items.iter().all(|i| i.trim().is_empty()) {
                    return Err(CaseError::CorrectionItemsMissing);
                }
                if applicant_deadline <= date {
                    return Err(CaseError::CorrectionDeadlineTooEarly {
                        date: *date,
                        deadline: *applicant_deadline,
                    });
                }
            }
            CaseAction::CorrectionSubmitted { text, .. } => {
                self.correction_outstanding(name)?;
                if text.trim().is_empty() {
                    return Err(CaseError::CorrectionTextMissing);
                }
            }
            CaseAction::CorrectionLapsed { date } => {
                let c = self.correction_outstanding(name)?;
                if *date <= c.applicant_deadline {
                    return Err(CaseError::CorrectionLapseTooEarly {
                        deadline: c.applicant_deadline,
                        date: *date,
                    });
                }
            }
            CaseAction::ConsultationStarted { id, party_name, .. } => {
                self.handling_with_clock(name)?;
                if self.consultations.iter().any(|c| c.id == *id) {
                    return Err(CaseError::DuplicateConsultation { id: *id });
                }
                if party_name.trim().is_empty() {
                    return Err(CaseError::ConsultationPartyMissing);
                }
            }
            CaseAction::ConsultationEnded { id, .. } => {
                self.handling(name)?;
                let c = self
                    .consultations
                    .iter()
                    .find(|c| c.id == *id)
                    .ok_or(CaseError::UnknownConsultation { id: *id })?;
                if let Some((date, _, _)) = c.ended {
                    return Err(CaseError::ConsultationAlreadyEnded { id: *id, date });
                }
            }
            CaseAction::ExtensionRequested { days, .. } => {
                self.handling_with_clock(name)?;
                if let Some(p) = &self.extension_pending {
                    return Err(CaseError::ExtensionPending {
                        date: p.requested_on,
                        days: p.days,
                    });
                }
                if *days == 0 {
                    return Err(CaseError::ZeroExtension);
                }
                let max = law::MAX_EXTENSION_WORKING_DAYS;
                if self.extension_approved.saturating_add(*days) > max {
                    return Err(CaseError::ExtensionTooLong {
                        approved: self.extension_approved,
                        requested: *days,
                        max,
                        remaining: max.saturating_sub(self.extension_approved),
                    });
                }
                let dl = self.deadlines(events, calendar, date)?;
                match dl.clock {
                    ClockState::Running => {}
                    ClockState::Paused => {
                        return Err(CaseError::ClockNotRunning {
                            why: "因征求意见或等待缴费而暂停",
                        });
                    }
                    _ => {
                        return Err(CaseError::ClockNotRunning {
                            why: "不在计算中"
                        });
                    }
                }
                if let Some(due) = dl.reply_due
                    && date > due.date
                {
                    return Err(CaseError::ExtensionAfterDue {
                        due: due.date,
                        date,
                    });
                }
            }
            CaseAction::ExtensionApproved { days, .. } => {
                self.handling(name)?;
                let p = self
                    .extension_pending
                    .as_ref()
                    .ok_or(CaseError::NoPendingExtension { action: name })?;
                if *days == 0 {
                    return Err(CaseError::ZeroExtension);
                }
                if *days > p.days {
                    return Err(CaseError::ApprovedMoreThanRequested {
                        approved: *days,
                        requested: p.days,
                    });
                }
            }
            CaseAction::ExtensionRefused { reason, .. } => {
                self.handling(name)?;
                if self.extension_pending.is_none() {
                    return Err(CaseError::NoPendingExtension { action: name });
                }
                if reason.trim().is_empty() {
                    return Err(CaseError::RefusalReasonMissing);
                }
            }
            CaseAction::FeeNoticeIssued {
                method,
                amount_yuan,
                ..
            } => {
                self.handling_with_clock(name)?;
                if let Some(f) = &self.fee {
                    return Err(CaseError::SecondFeeNotice {
                        date: f.notice_date,
                    });
                }
                if let Some(receipt) = self.receipt_date()
                    && !fees::fee_allowed_on(receipt)
                {
                    return Err(CaseError::FeeBeforeMeasures { receipt });
                }
                let computed = method.amount_yuan();
                if computed == 0 {
                    return Err(CaseError::FeeNotDue);
                }
                if *amount_yuan != computed {
                    return Err(CaseError::FeeAmountMismatch {
                        recorded: *amount_yuan,
                        computed,
                    });
                }
                let dl = self.deadlines(events, calendar, date)?;
                if let Some(due) = dl.reply_due
                    && date > due.date
                {
                    return Err(CaseError::FeeNoticeAfterDue {
                        due: due.date,
                        date,
                    });
                }
            }
            CaseAction::FeePaid { .. } => {
                self.fee_outstanding(name)?;
            }
            CaseAction::FeeLapsed { date } => {
                self.fee_outstanding(name)?;
                let dl = self.deadlines(events, calendar, *date)?;
                if let Some(due) = dl.payment_due
                    && *date <= due.date
                {
                    return Err(CaseError::FeeLapseTooEarly {
                        due: due.date,
                        date: *date,
                    });
                }
            }
            CaseAction::AgencyDeadlineSet {
                due, justification, ..
            } => {
                self.handling_with_clock(name)?;
                if justification.trim().is_empty() {
                    return Err(CaseError::JustificationMissing);
                }
                let dl = self.deadlines(events, calendar, date)?;
                if let Some(current) = dl.reply_due
                    && *due <= current.date
                {
                    return Err(CaseError::AgencyDeadlineNotLater {
                        due: *due,
                        current: current.date,
                    });
                }
            }
            CaseAction::OutcomeDecided {
                outcome,
                referred_to,
                ..
            } => {
                self.check_decision(*outcome, referred_to.as_deref(), true)?;
                self.check_signed(action)?;
            }
            CaseAction::DecisionDrafted {
                outcome,
                referred_to,
                ..
            } => {
                self.check_decision(*outcome, referred_to.as_deref(), false)?;
                self.check_draft()?;
            }
            CaseAction::DecisionReturned { reason, .. } => self.check_return(name, reason)?,
            CaseAction::Delivered { .. } | CaseAction::Closed { .. } => {
                self.check_ending(action)?
            }
        }
        Ok(())
    }

    fn correction_outstanding(&self, action: &'static str) -> Result<&CorrectionRec, CaseError> {
        if let Some(date) = self.withdrawn {
            return Err(CaseError::AfterWithdrawal { action, date });
        }
        let c = self
            .correction
            .as_ref()
            .ok_or(CaseError::NoOutstandingCorrection { action })?;
        if let Some(date) = c.settled_on() {
            return Err(CaseError::CorrectionSettled { action, date });
        }
        Ok(c)
    }

    fn fee_outstanding(&self, action: &'static str) -> Result<&FeeRec, CaseError> {
        if let Some(date) = self.withdrawn {
            return Err(CaseError::AfterWithdrawal { action, date });
        }
        if let Some((date, _, why, _)) = self.lapse() {
            return Err(CaseError::AfterLapse { action, date, why });
        }
        let f = self.fee.as_ref().ok_or(CaseError::NoFeeNotice { action })?;
        if let Some(date) = f.paid_on.or(f.lapsed_on) {
            return Err(CaseError::FeeSettled { action, date });
        }
        Ok(f)
    }

    /// Whether `outcome` may be decided now; `signing` — the letter is
    /// issued now (a draft may wait for a pending extension's decision).
    fn check_decision(
        &self,
        outcome: Outcome,
        referred_to: Option<&str>,
        signing: bool,
    ) -> Result<(), CaseError> {
        if let Some(d) = &self.decision {
            return Err(CaseError::SecondOutcome {
                date: d.date,
                outcome: d.outcome.label(),
            });
        }
        // A disposal by lapse or withdrawal fixes the outcome.
        let fixed = if self.withdrawn.is_some() {
            Some((
                Outcome::OtherHandling,
                "撤回申请",
                "申请人撤回申请的，计入“其他处理”",
            ))
        } else {
            self.lapse().map(|(_, o, why, basis)| (o, why, basis))
        };
        if let Some((required, event, basis)) = fixed {
            if outcome != required {
                return Err(CaseError::OutcomeContradicts {
                    event,
                    required: required.label(),
                    recorded: outcome.label(),
                    basis,
                });
            }
        } else {
            if self.awaiting_correction().is_some() {
                return Err(CaseError::DecisionWhileAwaiting {
                    what: "等待申请人补正",
                    todo: "请先记录“收到补正申请”，或补正期限届满后记录“逾期未补正”（《条例》第三十条）",
                });
            }
            if self.open_consultation().is_some() {
                return Err(CaseError::DecisionWhileAwaiting {
                    what: "征求意见",
                    todo: "请先记录征求意见结束；期限届满未提出意见的，记录为逾期未提出意见（《条例》第三十二条、第三十四条）",
                });
            }
            if self.awaiting_payment().is_some() {
                return Err(CaseError::DecisionWhileAwaiting {
                    what: "等待缴费",
                    todo: "请先记录“缴纳费用”，或缴费期限届满后记录“逾期未缴费”（国办函〔2020〕109号）",
                });
            }
            if signing && self.extension_pending.is_some() {
                return Err(CaseError::DecisionWhileAwaiting {
                    what: "延期待审批",
                    todo: "请先由政府信息公开工作机构负责人批准或不批准延期（《条例》第三十三条第二款）",
                });
            }
            match outcome {
                Outcome::CorrectionLapsed => {
                    return Err(CaseError::OutcomeNeedsEvent {
                        outcome: outcome.label(),
                        event: "逾期未补正",
                        basis: "《条例》第三十条",
                    });
                }
                Outcome::FeeUnpaid => {
                    return Err(CaseError::OutcomeNeedsEvent {
                        outcome: outcome.label(),
                        event: "逾期未缴费",
                        basis: "《条例》第四十二条；国办函〔2020〕109号",
                    });
                }
                Outcome::UnclearAfterCorrection => {
                    let answered = self
                        .correction
                        .as_ref()
                        .is_some_and(|c| c.answered.is_some());
                    if !answered {
                        return Err(CaseError::UnclearWithoutCorrection);
                    }
                }
                _ => {}
            }
        }
        if let Some(r) = referred_to {
            if outcome != Outcome::NotHeld {
                return Err(CaseError::ReferralNotAllowed {
                    outcome: outcome.label(),
                });
            }
            if r.trim().is_empty() {
                return Err(CaseError::ReferralEmpty);
            }
        }
        Ok(())
    }
}

/// The deadline engine's events for a case history:
///
/// | case action | deadline event |
/// |---|---|
/// | SubmittedOnline | — (the clock starts at confirmation, Art. 31) |
/// | ReceiptConfirmed | Received { date: receipt_date, channel } |
/// | CorrectionRequested | CorrectionRequested { applicant_deadline: Some } |
/// | CorrectionSubmitted | CorrectedReceived |
/// | CorrectionLapsed | CorrectionLapsed |
/// | ConsultationStarted / Ended | ConsultationStarted / Ended |
/// | ExtensionApproved | ExtensionApproved |
/// | FeeNoticeIssued | FeeNoticeSent |
/// | FeePaid / FeeLapsed | FeePaid / FeeLapsed |
/// | AgencyDeadlineSet | AgencyDeadlineSet |
/// | Delivered | Replied — unless the case was already given up or withdrawn: that delivery is the notice that the case ends, not a reply |
/// | ExtensionRequested / Refused, OutcomeDecided, Withdrawn, Closed | — |
pub fn deadline_events(history: &[CaseEventRecord]) -> Vec<CaseEvent> {
    let mut replay = Replay::default();
    let mut events = Vec::new();
    for e in history {
        events.extend(replay.deadline_event(&e.action));
        replay.apply(&e.action);
    }
    events
}

/// Whether `action` may be recorded after `history` (which is assumed valid,
/// e.g. built with this function). See the module documentation for the rules.
pub fn check_action(
    history: &[CaseEventRecord],
    action: &CaseAction,
    calendar: &Calendar,
) -> Result<(), CaseError> {
    let replay = Replay::of(history);
    replay.check(&deadline_events(history), action, calendar)
}

/// Checks every event of `history` against the events before it; on success
/// returns the folded facts and the deadline engine's events.
pub(super) fn replay_checked(
    history: &[CaseEventRecord],
    calendar: &Calendar,
) -> Result<(Replay, Vec<CaseEvent>), CaseError> {
    let mut replay = Replay::default();
    let mut events = Vec::new();
    for e in history {
        replay.check(&events, &e.action, calendar)?;
        events.extend(replay.deadline_event(&e.action));
        replay.apply(&e.action);
    }
    Ok((replay, events))
}

/// Checks a whole history: each event must have been allowed after the ones
/// before it.
pub fn validate_history(history: &[CaseEventRecord], calendar: &Calendar) -> Result<(), CaseError> {
    replay_checked(history, calendar).map(|_| ())
}
