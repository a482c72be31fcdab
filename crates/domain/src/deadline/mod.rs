//! The deadline engine of disclosure on request (依申请公开).
//!
//! Every deadline of a case is derived from its events ([`CaseEvent`], in
//! chronological order) and the working-day calendar:
//!
//! - the correction notice: 7 working days from receipt (Art. 30);
//! - the reply: 20 working days from receipt, or from the receipt of the
//!   corrected application (the clock restarts, Art. 30), plus approved
//!   extensions (at most 20 working days, Art. 33), not counting the working days
//!   spent waiting for a consultation (Art. 32, 34, 33 third paragraph) or for a
//!   fee to be paid (Art. 42, 国办函〔2020〕109号); an agency-set deadline for mass
//!   applications (Art. 35) replaces it;
//! - each consultation: 15 working days from its start (Art. 32, 34);
//! - the fee payment: 20 working days from the applicant's receipt of the notice.
//!
//! Pauses: a working day `d` is paused when `start < d <= end` of some pause,
//! where `end` is the answer / time-out / payment / lapse date, or — for a pause
//! still open — the reply date or `as_of` (the due date is then flagged
//! [`Due::open_pause`]). A pause never extends beyond its own statutory period
//! (15 working days for a consultation, 20 for the payment): waiting longer is not
//! "time needed for consultation". Overlapping pauses pause a day once. A pause of
//! k working days inside the reply window moves the reply due date by exactly k
//! working days.
//!
//! Every statutory number lives in [`law`].

pub mod law;
mod receipt;
mod render;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError, Count, TraceDay, date_zh};
use crate::vocabulary::Channel;

pub use receipt::{ReceiptError, ReceiptFacts, receipt_date};

/// Whom an agency consults; the clock stops while it waits (Art. 33).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultParty {
    /// 第三方 (commercial secrets, privacy), Art. 32.
    ThirdParty,
    /// 共同制作机关, Art. 34.
    CoProducingAgency,
}

impl ConsultParty {
    pub fn label_zh(self) -> &'static str {
        match self {
            ConsultParty::ThirdParty => "第三方",
            ConsultParty::CoProducingAgency => "共同制作机关",
        }
    }

    /// The consulted party's period to answer.
    pub fn working_days(self) -> u32 {
        match self {
            ConsultParty::ThirdParty => law::THIRD_PARTY_CONSULTATION_WORKING_DAYS,
            ConsultParty::CoProducingAgency => law::CO_PRODUCER_CONSULTATION_WORKING_DAYS,
        }
    }

    pub fn basis(self) -> &'static str {
        match self {
            ConsultParty::ThirdParty => law::BASIS_THIRD_PARTY,
            ConsultParty::CoProducingAgency => law::BASIS_CO_PRODUCER,
        }
    }

    /// What silence means once the period has run out.
    pub fn silence_zh(self) -> &'static str {
        match self {
            ConsultParty::ThirdParty => {
                "第三方逾期未提出意见的，由行政机关依照《条例》决定是否公开"
            }
            ConsultParty::CoProducingAgency => "被征求意见机关逾期未提出意见的，视为同意公开",
        }
    }
}

/// How a consultation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationOutcome {
    /// The consulted party answered.
    Answered,
    /// No answer within the period.
    TimedOut,
}

/// One event of a case. Events are given in chronological order; the first is
/// always [`CaseEvent::Received`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CaseEvent {
    /// The application was received; `date` is the Art. 31 receipt date
    /// (see [`receipt_date`]).
    Received { date: NaiveDate, channel: Channel },
    /// The agency told the applicant, once, what to correct (Art. 30), with a
    /// reasonable deadline for it.
    CorrectionRequested {
        date: NaiveDate,
        #[serde(default)]
        applicant_deadline: Option<NaiveDate>,
    },
    /// The corrected application was received: the reply clock restarts.
    CorrectedReceived { date: NaiveDate },
    /// The applicant let the correction deadline pass without good reason: the
    /// application is given up (Art. 30).
    CorrectionLapsed { date: NaiveDate },
    /// A consultation began (`date`: the day the consulted party received the
    /// request; the waiting starts then too).
    ConsultationStarted {
        id: u32,
        date: NaiveDate,
        party: ConsultParty,
    },
    /// A consultation ended.
    ConsultationEnded {
        id: u32,
        date: NaiveDate,
        how: ConsultationOutcome,
    },
    /// The head of the disclosure office approved an extension (Art. 33).
    ExtensionApproved { date: NaiveDate, days: u32 },
    /// The fee notice reached the applicant (`date`: the day of receipt).
    FeeNoticeSent { date: NaiveDate },
    /// The fee was paid.
    FeePaid { date: NaiveDate },
    /// The payment period passed: the application is given up.
    FeeLapsed { date: NaiveDate },
    /// Mass or repeated applications (Art. 35): the agency set its own
    /// reasonable deadline, with its justification.
    AgencyDeadlineSet {
        date: NaiveDate,
        due: NaiveDate,
        justification: String,
    },
    /// The reply was signed for in person or handed to the post (交邮之日).
    Replied { date: NaiveDate },
}

impl CaseEvent {
    pub fn date(&self) -> NaiveDate {
        match self {
            CaseEvent::Received { date, .. }
            | CaseEvent::CorrectionRequested { date, .. }
            | CaseEvent::CorrectedReceived { date }
            | CaseEvent::CorrectionLapsed { date }
            | CaseEvent::ConsultationStarted { date, .. }
            | CaseEvent::ConsultationEnded { date, .. }
            | CaseEvent::ExtensionApproved { date, .. }
            | CaseEvent::FeeNoticeSent { date }
            | CaseEvent::FeePaid { date }
            | CaseEvent::FeeLapsed { date }
            | CaseEvent::AgencyDeadlineSet { date, .. }
            | CaseEvent::Replied { date } => *date,
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            CaseEvent::Received { .. } => "收到申请",
            CaseEvent::CorrectionRequested { .. } => "告知补正",
            CaseEvent::CorrectedReceived { .. } => "收到补正申请",
            CaseEvent::CorrectionLapsed { .. } => "逾期未补正",
            CaseEvent::ConsultationStarted { .. } => "开始征求意见",
            CaseEvent::ConsultationEnded { .. } => "征求意见结束",
            CaseEvent::ExtensionApproved { .. } => "批准延期答复",
            CaseEvent::FeeNoticeSent { .. } => "送达收费通知",
            CaseEvent::FeePaid { .. } => "缴纳费用",
            CaseEvent::FeeLapsed { .. } => "逾期未缴费",
            CaseEvent::AgencyDeadlineSet { .. } => "确定延迟答复期限",
            CaseEvent::Replied { .. } => "答复",
        }
    }
}

/// How a due date was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Day 0 of the count.
    pub base_date: NaiveDate,
    /// What day 0 is, e.g. "收到申请之日".
    pub base_label: String,
    /// Working days required in total (including `extension_days`); 0 when the
    /// date was set rather than counted (Art. 35).
    pub working_days: u32,
    /// Working days added by approved extensions.
    pub extension_days: u32,
    /// Every day after `base_date` up to the due date: counted, skipped (with the
    /// holiday's name) or paused (with why).
    pub days: Vec<TraceDay>,
    pub notes: Vec<String>,
}

/// One deadline, with its legal basis and explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// e.g. "答复期限".
    pub title: String,
    pub date: NaiveDate,
    /// Relies on a year without a published holiday notice.
    pub provisional: bool,
    /// A pause is still running: the date will move further while it lasts.
    pub open_pause: bool,
    /// e.g. "《条例》第三十三条第二款".
    pub basis: String,
    pub explanation: Explanation,
}

/// Where the reply clock stands on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    /// Counting.
    Running,
    /// A consultation or a fee payment is being waited for.
    Paused,
    /// Waiting for the corrected application; no reply deadline yet (Art. 30).
    AwaitingCorrection {
        applicant_deadline: Option<NaiveDate>,
    },
    /// The application is deemed given up (correction or payment lapsed).
    GivenUp { date: NaiveDate, reason: String },
    /// Replied.
    Replied { date: NaiveDate },
}

/// Every deadline of a case as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub as_of: NaiveDate,
    pub channel: Channel,
    /// The Art. 31 receipt date.
    pub received: NaiveDate,
    /// Day 0 of the reply period: the receipt date, or the receipt date of the
    /// corrected application; `None` while awaiting correction or given up
    /// before correction.
    pub clock_start: Option<NaiveDate>,
    pub clock: ClockState,
    /// Receipt + 7 working days (Art. 30).
    pub correction_notice_due: Option<Due>,
    /// A correction was requested after `correction_notice_due`.
    pub correction_requested_late: bool,
    /// The deadline the agency gave the applicant for the correction.
    pub correction_applicant_deadline: Option<NaiveDate>,
    /// The reply deadline (Art. 33, or Art. 35 when the agency set one).
    pub reply_due: Option<Due>,
    /// Sum of approved extensions.
    pub extension_days: u32,
    /// Each consultation's own deadline (start + 15 working days), by id.
    pub consultations: Vec<(u32, Due)>,
    /// The applicant's payment deadline (notice received + 20 working days).
    pub payment_due: Option<Due>,
    pub replied_on: Option<NaiveDate>,
    /// Whether the reply was signed for / handed to the post by `reply_due`.
    pub replied_on_time: Option<bool>,
    /// Remarks for staff (lapsed periods, late decisions …).
    pub notes: Vec<String>,
}

/// Why the events do not make a valid case. Messages are shown to staff.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("缺少收到申请的记录：第一条事件必须是“收到申请”（《条例》第三十一条）")]
    NotReceivedFirst,
    #[error("“收到申请”只能记录一次")]
    DuplicateReceipt,
    #[error("事件未按时间顺序排列：第{index}条事件“{event}”（{date}）早于前一条事件（{previous}）")]
    OutOfOrder {
        index: usize,
        event: &'static str,
        date: NaiveDate,
        previous: NaiveDate,
    },
    #[error("第{index}条事件“{event}”的日期（{date}）晚于计算日（{as_of}）")]
    AfterAsOf {
        index: usize,
        event: &'static str,
        date: NaiveDate,
        as_of: NaiveDate,
    },
    #[error("补正只能一次（《条例》第三十条）")]
    SecondCorrection,
    #[error("未告知补正，不能记录“{event}”（《条例》第三十条）")]
    NoCorrectionRequested { event: &'static str },
    #[error("补正已经结束，不能再记录“{event}”（《条例》第三十条）")]
    CorrectionSettled { event: &'static str },
    #[error("申请人尚未补正，答复期限尚未起算，不能记录“{event}”（《条例》第三十条）")]
    AwaitingCorrection { event: &'static str },
    #[error("申请已于{date}视为放弃，不能再记录“{event}”")]
    GivenUp {
        date: NaiveDate,
        event: &'static str,
    },
    #[error("已于{date}答复，不能再记录“{event}”")]
    AlreadyReplied {
        date: NaiveDate,
        event: &'static str,
    },
    #[error("征求意见编号{id}重复")]
    DuplicateConsultation { id: u32 },
    #[error("没有编号为{id}的征求意见")]
    UnknownConsultation { id: u32 },
    #[error("编号为{id}的征求意见已经结束")]
    ConsultationAlreadyEnded { id: u32 },
    #[error("延长答复期限的天数必须大于0（《条例》第三十三条第二款）")]
    ZeroExtension,
    #[error("延长答复期限合计{total}个工作日，超过《条例》第三十三条第二款规定的最长{max}个工作日")]
    ExtensionTooLong { total: u32, max: u32 },
    #[error("收费通知只能发出一次")]
    SecondFeeNotice,
    #[error("未发出收费通知，不能记录“{event}”")]
    NoFeeNotice { event: &'static str },
    #[error("收费已经结束，不能再记录“{event}”")]
    FeeSettled { event: &'static str },
    #[error("按《条例》第三十五条确定的答复期限（{due}）早于确定之日（{date}）")]
    AgencyDeadlineInPast { due: NaiveDate, date: NaiveDate },
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CorrectionOutcome {
    Corrected(NaiveDate),
    Lapsed(NaiveDate),
}

#[derive(Debug, Clone)]
struct Correction {
    requested: NaiveDate,
    applicant_deadline: Option<NaiveDate>,
    outcome: Option<CorrectionOutcome>,
}

#[derive(Debug, Clone)]
struct Consultation {
    id: u32,
    party: ConsultParty,
    start: NaiveDate,
    end: Option<(NaiveDate, ConsultationOutcome)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeeOutcome {
    Paid,
    Lapsed,
}

#[derive(Debug, Clone)]
struct Fee {
    notice: NaiveDate,
    end: Option<(NaiveDate, FeeOutcome)>,
}

#[derive(Debug, Clone)]
struct AgencyDeadline {
    date: NaiveDate,
    due: NaiveDate,
    justification: String,
}

/// The validated content of the event list.
#[derive(Debug, Clone)]
struct Facts {
    received: NaiveDate,
    channel: Channel,
    correction: Option<Correction>,
    consultations: Vec<Consultation>,
    extensions: Vec<(NaiveDate, u32)>,
    fee: Option<Fee>,
    agency_deadline: Option<AgencyDeadline>,
    replied: Option<NaiveDate>,
}

impl Facts {
    fn collect(events: &[CaseEvent], as_of: NaiveDate) -> Result<Facts, DeadlineError> {
        let Some(CaseEvent::Received { date, channel }) = events.first() else {
            return Err(DeadlineError::NotReceivedFirst);
        };
        let mut f = Facts {
            received: *date,
            channel: *channel,
            correction: None,
            consultations: Vec::new(),
            extensions: Vec::new(),
            fee: None,
            agency_deadline: None,
            replied: None,
        };
        let mut previous = f.received;
        for (i, ev) in events.iter().enumerate() {
            let (index, event, date) = (i + 1, ev.label_zh(), ev.date());
            if date < previous {
                return Err(DeadlineError::OutOfOrder {
                    index,
                    event,
                    date,
                    previous,
                });
            }
            if date > as_of {
                return Err(DeadlineError::AfterAsOf {
                    index,
                    event,
                    date,
                    as_of,
                });
            }
            previous = date;
            if i == 0 {
                continue;
            }
            if let Some(date) = f.replied {
                return Err(DeadlineError::AlreadyReplied { date, event });
            }
            if let Some((date, _)) = f.given_up() {
                return Err(DeadlineError::GivenUp { date, event });
            }
            f.apply(ev, event)?;
        }
        Ok(f)
    }

    fn apply(&mut self, ev: &CaseEvent, event: &'static str) -> Result<(), DeadlineError> {
        let awaiting = self.awaiting_correction();
        let not_awaiting = || {
            if awaiting {
                Err(DeadlineError::AwaitingCorrection { event })
            } else {
                Ok(())
            }
        };
        match ev {
            CaseEvent::Received { .. } => return Err(DeadlineError::DuplicateReceipt),
            CaseEvent::CorrectionRequested {
                date,
                applicant_deadline,
            } => {
                if self.correction.is_some() {
                    return Err(DeadlineError::SecondCorrection);
                }
                self.correction = Some(Correction {
                    requested: *date,
                    applicant_deadline: *applicant_deadline,
                    outcome: None,
                });
            }
            CaseEvent::CorrectedReceived { date } | CaseEvent::CorrectionLapsed { date } => {
                let c = self
                    .correction
                    .as_mut()
                    .ok_or(DeadlineError::NoCorrectionRequested { event })?;
                if c.outcome.is_some() {
                    return Err(DeadlineError::CorrectionSettled { event });
                }
                c.outcome = Some(match ev {
                    CaseEvent::CorrectedReceived { .. } => CorrectionOutcome::Corrected(*date),
                    _ => CorrectionOutcome::Lapsed(*date),
                });
            }
            CaseEvent::ConsultationStarted { id, date, party } => {
                not_awaiting()?;
                if self.consultations.iter().any(|c| c.id == *id) {
                    return Err(DeadlineError::DuplicateConsultation { id: *id });
                }
                self.consultations.push(Consultation {
                    id: *id,
                    party: *party,
                    start: *date,
                    end: None,
                });
            }
            CaseEvent::ConsultationEnded { id, date, how } => {
                let c = self
                    .consultations
                    .iter_mut()
                    .find(|c| c.id == *id)
                    .ok_or(DeadlineError::UnknownConsultation { id: *id })?;
                if c.end.is_some() {
                    return Err(DeadlineError::ConsultationAlreadyEnded { id: *id });
                }
                c.end = Some((*date, *how));
            }
            CaseEvent::ExtensionApproved { date, days } => {
                not_awaiting()?;
                if *days == 0 {
                    return Err(DeadlineError::ZeroExtension);
                }
                let total = self.extension_days().saturating_add(*days);
                if total > law::MAX_EXTENSION_WORKING_DAYS {
                    return Err(DeadlineError::ExtensionTooLong {
                        total,
                        max: law::MAX_EXTENSION_WORKING_DAYS,
                    });
                }
                self.extensions.push((*date, *days));
            }
            CaseEvent::FeeNoticeSent { date } => {
                not_awaiting()?;
                if self.fee.is_some() {
                    return Err(DeadlineError::SecondFeeNotice);
                }
                self.fee = Some(Fee {
                    notice: *date,
                    end: None,
                });
            }
            CaseEvent::FeePaid { date } | CaseEvent::FeeLapsed { date } => {
                let fee = self
                    .fee
                    .as_mut()
                    .ok_or(DeadlineError::NoFeeNotice { event })?;
                if fee.end.is_some() {
                    return Err(DeadlineError::FeeSettled { event });
                }
                let how = match ev {
                    CaseEvent::FeePaid { .. } => FeeOutcome::Paid,
                    _ => FeeOutcome::Lapsed,
                };
                fee.end = Some((*date, how));
            }
            CaseEvent::AgencyDeadlineSet {
                date,
                due,
                justification,
            } => {
                not_awaiting()?;
                if due < date {
                    return Err(DeadlineError::AgencyDeadlineInPast {
                        due: *due,
                        date: *date,
                    });
                }
                self.agency_deadline = Some(AgencyDeadline {
                    date: *date,
                    due: *due,
                    justification: justification.clone(),
                });
            }
            CaseEvent::Replied { date } => self.replied = Some(*date),
        }
        Ok(())
    }

    fn extension_days(&self) -> u32 {
        self.extensions.iter().map(|(_, d)| d).sum()
    }

    fn awaiting_correction(&self) -> bool {
        self.correction
            .as_ref()
            .is_some_and(|c| c.outcome.is_none())
    }

    fn corrected_on(&self) -> Option<NaiveDate> {
        match self.correction.as_ref()?.outcome? {
            CorrectionOutcome::Corrected(d) => Some(d),
            CorrectionOutcome::Lapsed(_) => None,
        }
    }

    /// Day 0 of the reply period.
    fn clock_start(&self) -> Option<NaiveDate> {
        match &self.correction {
            None => Some(self.received),
            Some(_) => self.corrected_on(),
        }
    }

    fn given_up(&self) -> Option<(NaiveDate, String)> {
        if let Some(Correction {
            outcome: Some(CorrectionOutcome::Lapsed(d)),
            ..
        }) = &self.correction
        {
            return Some((
                *d,
                "申请人无正当理由逾期不补正，视为放弃申请（《条例》第三十条）".to_owned(),
            ));
        }
        if let Some(Fee {
            end: Some((d, FeeOutcome::Lapsed)),
            ..
        }) = &self.fee
        {
            return Some((
                *d,
                format!(
                    "申请人逾期未缴纳信息处理费，视为放弃申请（{}）",
                    law::BASIS_FEE
                ),
            ));
        }
        None
    }
}

/// A stretch of working days that do not count against the agency.
#[derive(Debug, Clone)]
struct Pause {
    start: NaiveDate,
    end: NaiveDate,
    why: String,
    basis: &'static str,
    open: bool,
}

fn due_from_count(
    title: impl Into<String>,
    basis: &str,
    base_label: &str,
    count: Count,
    extension_days: u32,
    notes: Vec<String>,
    open_pause: bool,
) -> Due {
    Due {
        title: title.into(),
        date: count.due,
        provisional: count.provisional,
        open_pause,
        basis: basis.to_owned(),
        explanation: Explanation {
            base_date: count.from,
            base_label: base_label.to_owned(),
            working_days: count.days,
            extension_days,
            days: count.trace,
            notes,
        },
    }
}

/// Every deadline of the case described by `events` (chronological, starting with
/// [`CaseEvent::Received`]) as of `as_of` (no event may be later).
pub fn compute(
    calendar: &Calendar,
    events: &[CaseEvent],
    as_of: NaiveDate,
) -> Result<Deadlines, DeadlineError> {
    let facts = Facts::collect(events, as_of)?;
    let mut notes = Vec::new();
    // Open pauses run until the reply, or until today.
    let stop = facts.replied.unwrap_or(as_of);

    // Correction notice (Art. 30).
    let count = calendar.add_working_days(facts.received, law::CORRECTION_NOTICE_WORKING_DAYS)?;
    let mut correction_requested_late = false;
    let mut cn_notes = Vec::new();
    if let Some(c) = &facts.correction {
        correction_requested_late = c.requested > count.due;
        cn_notes.push(if correction_requested_late {
            format!("{}才告知补正，晚于法定期限", date_zh(c.requested))
        } else {
            format!("已于{}告知补正", date_zh(c.requested))
        });
        if let Some(d) = c.applicant_deadline {
            cn_notes.push(format!("给予申请人的补正期限：{}", date_zh(d)));
        }
    }
    let correction_notice_due = Some(due_from_count(
        "补正告知期限",
        law::BASIS_CORRECTION,
        "收到申请之日",
        count,
        0,
        cn_notes,
        false,
    ));
    if let Some(c) = &facts.correction
        && c.outcome.is_none()
        && let Some(d) = c.applicant_deadline
        && as_of > d
    {
        notes.push(format!(
            "补正期限{}已过：申请人无正当理由逾期不补正的，视为放弃申请（《条例》第三十条），可记录“逾期未补正”",
            date_zh(d)
        ));
    }

    // Consultations (Art. 32, 34) and the pauses they cause (Art. 33).
    let mut pauses = Vec::new();
    let mut consultations = Vec::new();
    for c in &facts.consultations {
        let count = calendar.add_working_days(c.start, c.party.working_days())?;
        let cap = count.due;
        let mut c_notes = Vec::new();
        let (end, open) = match c.end {
            Some((d, how)) => {
                c_notes.push(match how {
                    ConsultationOutcome::Answered => format!("{}已提出意见", date_zh(d)),
                    ConsultationOutcome::TimedOut => {
                        format!(
                            "{}记录为逾期未提出意见：{}",
                            date_zh(d),
                            c.party.silence_zh()
                        )
                    }
                });
                if d > cap {
                    c_notes.push(format!(
                        "结束日晚于征求意见期限，超出部分不从答复期限中扣除（{}）",
                        c.party.basis()
                    ));
                }
                (d.min(cap), false)
            }
            None => {
                if stop >= cap && facts.replied.is_none() {
                    c_notes.push(format!("期限已满仍未提出意见：{}", c.party.silence_zh()));
                    notes.push(format!(
                        "第{}号征求意见（{}）已于{}期满，应记录征求意见结果",
                        c.id,
                        c.party.label_zh(),
                        date_zh(cap)
                    ));
                } else if facts.replied.is_none() {
                    c_notes.push("尚在等待意见".to_owned());
                }
                (stop.min(cap), facts.replied.is_none() && stop < cap)
            }
        };
        pauses.push(Pause {
            start: c.start,
            end,
            why: format!(
                "征求{}意见（第{}号，{}）",
                c.party.label_zh(),
                c.id,
                law::BASIS_CONSULTATION_PAUSE
            ),
            basis: law::BASIS_CONSULTATION_PAUSE,
            open,
        });
        consultations.push((
            c.id,
            due_from_count(
                format!("征求{}意见期限（第{}号）", c.party.label_zh(), c.id),
                c.party.basis(),
                "征求意见书送达之日",
                count,
                0,
                c_notes,
                false,
            ),
        ));
    }

    // Fee (Art. 42, 国办函〔2020〕109号).
    let mut payment_due = None;
    if let Some(fee) = &facts.fee {
        let count = calendar.add_working_days(fee.notice, law::FEE_PAYMENT_WORKING_DAYS)?;
        let cap = count.due;
        let mut f_notes = Vec::new();
        let (end, open) = match fee.end {
            Some((d, how)) => {
                f_notes.push(match how {
                    FeeOutcome::Paid => format!("{}已缴纳", date_zh(d)),
                    FeeOutcome::Lapsed => format!("{}记录为逾期未缴纳，视为放弃申请", date_zh(d)),
                });
                if d > cap {
                    f_notes.push("缴费晚于缴费期限，超出部分不从答复期限中扣除".to_owned());
                }
                (d.min(cap), false)
            }
            None => {
                if stop >= cap && facts.replied.is_none() {
                    f_notes.push("缴费期限已满仍未缴纳".to_owned());
                    notes.push(format!(
                        "缴费期限{}已过：逾期未缴纳的视为放弃申请，可记录“逾期未缴费”",
                        date_zh(cap)
                    ));
                } else if facts.replied.is_none() {
                    f_notes.push("尚在等待缴费".to_owned());
                }
                (stop.min(cap), facts.replied.is_none() && stop < cap)
            }
        };
        pauses.push(Pause {
            start: fee.notice,
            end,
            why: "等待缴纳信息处理费（国办函〔2020〕109号）".to_owned(),
            basis: law::BASIS_FEE,
            open,
        });
        payment_due = Some(due_from_count(
            "缴费期限",
            law::BASIS_FEE,
            "申请人收到收费通知之日",
            count,
            0,
            f_notes,
            false,
        ));
    }

    // Reply (Art. 30, 33, 35).
    let extension_days = facts.extension_days();
    let given_up = facts.given_up();
    let reply_due = match (&given_up, facts.clock_start()) {
        (Some(_), _) | (None, None) => None,
        (None, Some(start)) => Some(reply_due(
            calendar,
            &facts,
            start,
            &pauses,
            extension_days,
            as_of,
        )?),
    };

    let open_pause = pauses.iter().any(|p| p.open);
    let clock = if let Some(date) = facts.replied {
        ClockState::Replied { date }
    } else if let Some((date, reason)) = given_up {
        ClockState::GivenUp { date, reason }
    } else if facts.awaiting_correction() {
        ClockState::AwaitingCorrection {
            applicant_deadline: facts.correction.as_ref().and_then(|c| c.applicant_deadline),
        }
    } else if open_pause {
        ClockState::Paused
    } else {
        ClockState::Running
    };

    if let (Some(due), None) = (&reply_due, facts.replied)
        && as_of > due.date
        && !due.open_pause
    {
        notes.push(format!("已超过答复期限{}", date_zh(due.date)));
    }
    let replied_on_time = facts
        .replied
        .and_then(|r| reply_due.as_ref().map(|d| r <= d.date));

    Ok(Deadlines {
        as_of,
        channel: facts.channel,
        received: facts.received,
        clock_start: facts.clock_start(),
        clock,
        correction_notice_due,
        correction_requested_late,
        correction_applicant_deadline: facts.correction.as_ref().and_then(|c| c.applicant_deadline),
        reply_due,
        extension_days,
        consultations,
        payment_due,
        replied_on: facts.replied,
        replied_on_time,
        notes,
    })
}

fn reply_due(
    calendar: &Calendar,
    facts: &Facts,
    start: NaiveDate,
    pauses: &[Pause],
    extension_days: u32,
    as_of: NaiveDate,
) -> Result<Due, DeadlineError> {
    let corrected = facts.corrected_on().is_some();
    let base_label = if corrected {
        "收到补正申请之日"
    } else {
        "收到申请之日"
    };
    let paused = |d: NaiveDate| {
        let whys: Vec<&str> = pauses
            .iter()
            .filter(|p| p.start < d && d <= p.end)
            .map(|p| p.why.as_str())
            .collect();
        (!whys.is_empty()).then(|| whys.join("；"))
    };
    let statutory = calendar.add_working_days_pausing(start, law::REPLY_WORKING_DAYS, paused)?;
    let mut notes = Vec::new();
    if corrected {
        notes.push("答复期限自收到补正申请之日起重新计算（《条例》第三十条）".to_owned());
    }

    if let Some(a) = &facts.agency_deadline {
        notes.push(format!(
            "申请数量、频次明显超过合理范围，{}确定延迟答复的合理期限并告知申请人。理由：{}",
            date_zh(a.date),
            a.justification
        ));
        notes.push(format!(
            "按《条例》第三十三条计算的答复期限原为{}",
            date_zh(statutory.due)
        ));
        if a.due <= statutory.due {
            notes.push("所定期限不晚于第三十三条的期限，无需适用第三十五条".to_owned());
        }
        if a.date > statutory.due {
            notes.push("确定延迟答复期限的决定晚于原答复期限".to_owned());
        }
        return Ok(Due {
            title: "答复期限（行政机关确定的延迟答复期限）".to_owned(),
            date: a.due,
            provisional: false,
            open_pause: false,
            basis: law::BASIS_AGENCY_DEADLINE.to_owned(),
            explanation: Explanation {
                base_date: start,
                base_label: base_label.to_owned(),
                working_days: 0,
                extension_days,
                days: Vec::new(),
                notes,
            },
        });
    }

    let count = if extension_days > 0 {
        calendar.add_working_days_pausing(
            start,
            law::REPLY_WORKING_DAYS + extension_days,
            paused,
        )?
    } else {
        statutory.clone()
    };
    for (date, days) in &facts.extensions {
        let mut note = format!(
            "{}经政府信息公开工作机构负责人同意延长{}个工作日（{}）",
            date_zh(*date),
            days,
            law::BASIS_EXTENSION
        );
        if *date > statutory.due {
            note.push_str(&format!(
                "；延期决定晚于原答复期限{}，应在期限内决定并告知申请人",
                date_zh(statutory.due)
            ));
        }
        notes.push(note);
    }
    let paused_days = count.paused_days();
    if paused_days > 0 {
        let relevant = || pauses.iter().filter(|p| p.start < count.due);
        let mut kinds: Vec<&str> = relevant()
            .map(|p| {
                if p.basis == law::BASIS_FEE {
                    "等待缴费"
                } else {
                    "征求意见"
                }
            })
            .collect();
        kinds.dedup();
        let mut bases: Vec<&str> = relevant().map(|p| p.basis).collect();
        bases.dedup();
        notes.push(format!(
            "{}期间共{paused_days}个工作日不计入答复期限（{}）",
            kinds.join("、"),
            bases.join("；")
        ));
    }
    let open_pause = pauses.iter().any(|p| p.open && p.start < count.due);
    if open_pause {
        notes.push(format!(
            "暂停尚未结束，暂按暂停至{}计算；暂停持续期间答复期限将继续后移",
            date_zh(as_of)
        ));
    }
    Ok(due_from_count(
        "答复期限",
        law::BASIS_REPLY,
        base_label,
        count,
        extension_days,
        notes,
        open_pause,
    ))
}
