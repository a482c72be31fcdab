//! 案件快照: the case's row in the read model — what lists, counts and
//! reports read of a case, derived from its events by [`fold`] and stored
//! beside them in the transaction that appends each event (issue 15), so a
//! queue or a count reads one indexed row per case instead of replaying
//! every history.
//!
//! Everything in it changes only when an event is recorded or the calendar
//! changes — except where the case stands against its reply deadline, which
//! also depends on the day it is read. The snapshot stores that dependence as
//! dates, so a database can answer "overdue today" with comparisons:
//!
//! - A running clock has a fixed due date `F`: the case is due soon
//!   ([`QueueMark::DueSoon`]: `F` within 3 working days) from
//!   [`CaseSnapshot::due_soon_from`] and overdue from
//!   [`CaseSnapshot::overdue_from`] = `F` + 1 day.
//! - While a consultation or a fee payment is awaited (an open pause,
//!   Art. 32–34, 42; 国办函〔2020〕109号) every working day that passes is
//!   paused, so the due date moves on with the day it is read and the
//!   working days left stay what they were when the snapshot was taken — until
//!   the pause reaches its statutory length (15 or 20 working days), after
//!   which the due date is fixed again. Until then ([`Moving::until`]) the
//!   mark is fixed by those working days left: due soon when 3 or fewer.
//!
//! [`CaseSnapshot::mark_on`] and [`CaseSnapshot::reply_due_on`] answer for any
//! day on or after the snapshot was taken exactly what [`fold`] answers that
//! day (property-tested); the store's queries compare the same dates.

use chrono::NaiveDate;
use serde::Serialize;

use super::view::{CaseState, QueueMark};
use super::workflow::Replay;
use super::{CaseAction, CaseEventRecord, CaseView, fold};
use crate::calendar::Calendar;
use crate::deadline::ClockState;
use crate::vocabulary::Outcome;

/// How far back [`CaseSnapshot::due_soon_from`] is looked for: more than the
/// longest run of days off (the Spring Festival and the weekends around it)
/// plus three working days.
const DUE_SOON_SCAN_DAYS: u32 = 60;

/// A due date still moving with the day (an open pause).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Moving {
    /// The first day on which the due date no longer moves: the latest
    /// statutory end of the open pauses.
    pub until: NaiveDate,
    /// Working days of the reply period left, as long as the pause lasts.
    pub working_days_left: u32,
}

/// The read model of one case (see the module).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSnapshot {
    pub state: CaseState,
    /// The Art. 31 receipt date (`None` until an online application is confirmed).
    pub receipt_date: Option<NaiveDate>,
    /// The reply clock counts (not paused, not waiting for a correction, not stopped).
    pub clock_runs: bool,
    /// The reply due date as of [`CaseSnapshot::taken_on`].
    pub reply_due: Option<NaiveDate>,
    /// Set while an open pause still moves the due date.
    pub moving: Option<Moving>,
    /// The due date once nothing moves it any more (after [`Moving::until`]).
    pub fixed_due: Option<NaiveDate>,
    /// From this day the case is due soon (when nothing moves its due date).
    pub due_soon_from: Option<NaiveDate>,
    /// From this day the case is overdue: the day after [`Self::fixed_due`].
    pub overdue_from: Option<NaiveDate>,
    /// No deadline runs any more: delivered, closed, withdrawn or given up.
    pub finished: bool,
    /// Not yet closed.
    pub is_open: bool,
    pub outcome: Option<Outcome>,
    /// The day the case was disposed of (the report's date, see
    /// [`super::register::CaseSummary`]).
    pub decided_on: Option<NaiveDate>,
    pub delivered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// Whether the reply was delivered by the reply deadline.
    pub on_time: Option<bool>,
    /// The fee notified (yuan), if any.
    pub fee_yuan: Option<u64>,
    /// The day the fee was paid (the report counts fees by the year paid).
    pub fee_paid_on: Option<NaiveDate>,
    /// The `seq` of the last event folded.
    pub last_seq: u32,
    /// How many events the fold could not place.
    pub anomalies: u32,
    /// The day the snapshot was taken (the later of today and the last event).
    pub taken_on: NaiveDate,
}

impl CaseSnapshot {
    /// The snapshot of a stored history read on `today` with the calendar in
    /// force (a closed case with the calendar as known when it closed, as
    /// [`fold`] does).
    pub fn of(history: &[CaseEventRecord], calendar: &Calendar, today: NaiveDate) -> CaseSnapshot {
        let last_date = history.iter().map(|e| e.action.date()).max();
        let taken_on = last_date.map_or(today, |d| d.max(today));
        let v = fold(history, calendar, taken_on);
        let finished = v.mark == QueueMark::Finished;
        let moving = if finished {
            None
        } else {
            moving(calendar, taken_on, &v)
        };
        let fixed_due = match moving {
            Some(m) => fold(history, calendar, m.until).reply_due,
            None => v.reply_due,
        }
        .filter(|_| !finished);
        let due_soon_from = fixed_due.map(|due| due_soon_from(calendar, due));
        let disposal = Replay::of(history).final_outcome();
        CaseSnapshot {
            state: v.state,
            receipt_date: v.receipt_date,
            clock_runs: matches!(
                v.deadlines.as_ref().map(|d| &d.clock),
                Some(ClockState::Running)
            ),
            reply_due: v.reply_due,
            moving,
            fixed_due,
            due_soon_from,
            overdue_from: fixed_due.and_then(|d| d.succ_opt()),
            finished,
            is_open: v.is_open,
            outcome: v.outcome,
            decided_on: disposal.map(|(d, _)| d),
            delivered_on: v.delivered.map(|(d, _)| d),
            closed_on: history.iter().find_map(|e| match e.action {
                CaseAction::Closed { date } => Some(date),
                _ => None,
            }),
            on_time: v.on_time,
            fee_yuan: v.fee.as_ref().map(|f| f.amount_yuan),
            fee_paid_on: v.fee.as_ref().and_then(|f| f.paid_on),
            last_seq: history.last().map_or(0, |e| e.seq),
            anomalies: u32::try_from(v.anomalies.len()).unwrap_or(u32::MAX),
            taken_on,
        }
    }

    /// Where the case stands in the work queue on `day` (on or after
    /// [`Self::taken_on`]): what [`fold`] answers that day.
    pub fn mark_on(&self, day: NaiveDate) -> QueueMark {
        if self.finished {
            return QueueMark::Finished;
        }
        if let Some(m) = self.moving.filter(|m| day < m.until) {
            return if m.working_days_left <= QueueMark::DUE_SOON_WORKING_DAYS {
                QueueMark::DueSoon
            } else {
                QueueMark::Normal
            };
        }
        match (self.overdue_from, self.due_soon_from) {
            (Some(o), _) if day >= o => QueueMark::Overdue,
            (_, Some(s)) if day >= s => QueueMark::DueSoon,
            _ => QueueMark::Normal,
        }
    }

    /// The reply due date as read on `day` (on or after [`Self::taken_on`]):
    /// while a pause moves it, the working days left counted from `day`.
    pub fn reply_due_on(&self, calendar: &Calendar, day: NaiveDate) -> Option<NaiveDate> {
        match self.moving.filter(|m| day < m.until) {
            Some(m) => calendar
                .add_working_days(day, m.working_days_left)
                .ok()
                .map(|c| c.due),
            None if self.finished => self.reply_due,
            None => self.fixed_due,
        }
    }
}

/// The open pause that still moves the due date after `taken_on`, if any.
fn moving(calendar: &Calendar, taken_on: NaiveDate, v: &CaseView) -> Option<Moving> {
    let due = v.deadlines.as_ref()?.reply_due.as_ref()?;
    if !due.open_pause || due.date <= taken_on {
        return None;
    }
    let open_consultations = v
        .consultations
        .iter()
        .filter(|c| c.ended.is_none())
        .filter_map(|c| c.due);
    let open_fee = v
        .fee
        .as_ref()
        .filter(|f| f.paid_on.is_none() && f.lapsed_on.is_none())
        .and_then(|f| f.due);
    let until = open_consultations.chain(open_fee).max()?;
    if until <= taken_on {
        return None;
    }
    Some(Moving {
        until,
        working_days_left: calendar.working_days_between(taken_on, due.date),
    })
}

/// The first day `t` with at most 3 working days in `(t, due]`.
fn due_soon_from(calendar: &Calendar, due: NaiveDate) -> NaiveDate {
    let mut t = due;
    for _ in 0..DUE_SOON_SCAN_DAYS {
        let Some(before) = t.pred_opt() else { break };
        if calendar.working_days_between(before, due) > QueueMark::DUE_SOON_WORKING_DAYS {
            break;
        }
        t = before;
    }
    t
}
