//! Reminders, 催办 and 通报, counted in working days with the platform
//! calendar, and the traffic light every task list shows.
//!
//! For a task due on day D (its limit, or the date a granted extension set):
//! - a reminder on the [`REMIND_BEFORE`]th working day before D;
//! - 催办 on the first working day after D, to the lead unit and the
//!   responsible leader;
//! - still open [`LIST_AFTER_URGE`] working days after the 催办 → listed in
//!   the supervising office's 通报.
//!
//! Lights: red = overdue (open after D); yellow = behind schedule (no report
//! within the reporting period); blue = approaching (from the reminder day);
//! none otherwise, and none once accepted (销号).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::task::{TaskState, TaskView};
use crate::calendar::Calendar;

/// The reminder comes this many working days before the limit.
pub const REMIND_BEFORE: u32 = 3;
/// A task still open this many working days after its 催办 goes into the
/// supervising office's 通报.
pub const LIST_AFTER_URGE: u32 = 5;
/// Without another report for this many calendar days the task is behind
/// schedule (a month; a quarterly task reports every quarter).
pub const REPORTING_PERIOD_DAYS: i64 = 30;
pub const QUARTERLY_PERIOD_DAYS: i64 = 92;

/// The dates of the three steps for a due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escalation {
    pub due: NaiveDate,
    pub remind_on: NaiveDate,
    pub urge_on: NaiveDate,
    pub list_on: NaiveDate,
}

impl Escalation {
    pub fn for_due(calendar: &Calendar, due: NaiveDate) -> Escalation {
        let urge_on = nth_working_after(calendar, due, 1);
        Escalation {
            due,
            remind_on: nth_working_before(calendar, due, REMIND_BEFORE),
            urge_on,
            list_on: nth_working_after(calendar, urge_on, LIST_AFTER_URGE),
        }
    }
}

/// The `n`th working day after `from` (`from` not counted); `from` itself
/// if the calendar cannot count that far.
fn nth_working_after(calendar: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
    calendar.add_working_days(from, n).map_or(from, |c| c.due)
}

/// The `n`th working day before `to` (`to` not counted).
fn nth_working_before(calendar: &Calendar, to: NaiveDate, n: u32) -> NaiveDate {
    let mut date = to;
    let mut counted = 0;
    // A year has far fewer than 400 days off in a row.
    for _ in 0..400 {
        let Some(prev) = date.pred_opt() else { break };
        date = prev;
        if calendar.is_working(date) {
            counted += 1;
            if counted == n {
                break;
            }
        }
    }
    date
}

/// A step the platform records on a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Remind,
    Urge,
    List,
}

/// The steps due on `today` and not yet recorded for the current due
/// date, in order (a platform that was down catches up in one run).
pub fn steps_due(calendar: &Calendar, v: &TaskView, today: NaiveDate) -> Vec<Step> {
    let Some(due) = v.due.filter(|_| v.state.is_open()) else {
        return Vec::new();
    };
    // A completion waiting for acceptance is not the lead unit's delay.
    if v.state == TaskState::AwaitingAcceptance {
        return Vec::new();
    }
    let e = Escalation::for_due(calendar, due);
    let mut out = Vec::new();
    if !v.reminded && today >= e.remind_on && today <= due {
        out.push(Step::Remind);
    }
    if !v.urged && today >= e.urge_on {
        out.push(Step::Urge);
    }
    if !v.listed && today >= e.list_on {
        out.push(Step::List);
    }
    out
}

/// The light of a task on a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    None,
    /// 蓝灯: the limit is near.
    Blue,
    /// 黄灯: behind schedule.
    Yellow,
    /// 红灯: overdue.
    Red,
}

impl Light {
    pub fn code(self) -> &'static str {
        match self {
            Light::None => "none",
            Light::Blue => "blue",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Light::None => "正常",
            Light::Blue => "临近时限",
            Light::Yellow => "进度滞后",
            Light::Red => "已逾期",
        }
    }
}

/// The light of `v` on `today`.
pub fn light(calendar: &Calendar, v: &TaskView, today: NaiveDate) -> Light {
    if !v.state.is_open() {
        return Light::None;
    }
    let waiting = v.state == TaskState::AwaitingAcceptance;
    if let Some(due) = v.due
        && today > due
        && !waiting
    {
        return Light::Red;
    }
    let period = match v.limit.map(|l| l.kind) {
        Some(super::LimitKind::Quarterly) => QUARTERLY_PERIOD_DAYS,
        _ => REPORTING_PERIOD_DAYS,
    };
    let since = v.last_report.or(v.assigned_on);
    if !waiting && since.is_some_and(|d| (today - d).num_days() > period) {
        return Light::Yellow;
    }
    match v.due {
        Some(due) if !waiting && today >= Escalation::for_due(calendar, due).remind_on => {
            Light::Blue
        }
        _ => Light::None,
    }
}

/// Where a task stands on any day, as dates: what the store keeps so that
/// lists and counts compare dates instead of replaying histories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// The light is blue from this day (the reminder day).
    pub blue_from: Option<NaiveDate>,
    /// Yellow from this day, unless a report comes first.
    pub yellow_from: Option<NaiveDate>,
    /// Red from this day (the day after the limit).
    pub red_from: Option<NaiveDate>,
    /// The next step the platform records (reminder, 催办, 通报).
    pub step_on: Option<NaiveDate>,
}

/// The marks of `v`: none once accepted, and none of the lead unit's delay
/// while its completion report waits for acceptance.
pub fn marks(calendar: &Calendar, v: &TaskView) -> Marks {
    if !v.state.is_open() || v.state == TaskState::AwaitingAcceptance {
        return Marks::default();
    }
    let period = match v.limit.map(|l| l.kind) {
        Some(super::LimitKind::Quarterly) => QUARTERLY_PERIOD_DAYS,
        _ => REPORTING_PERIOD_DAYS,
    };
    let yellow_from = v
        .last_report
        .or(v.assigned_on)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(period + 1)));
    let Some(due) = v.due else {
        return Marks {
            yellow_from,
            ..Marks::default()
        };
    };
    let e = Escalation::for_due(calendar, due);
    // Once urged, a reminder is moot.
    let step_on = if !v.reminded && !v.urged {
        Some(e.remind_on)
    } else if !v.urged {
        Some(e.urge_on)
    } else if !v.listed {
        Some(e.list_on)
    } else {
        None
    };
    Marks {
        blue_from: Some(e.remind_on),
        yellow_from,
        red_from: due.succ_opt(),
        step_on,
    }
}
