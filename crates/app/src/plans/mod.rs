//! 政务公开工作要点: plans imported or derived, tasks worked by their units,
//! reminders and 催办 recorded by the platform. The rules are the domain's
//! (`gongkai_domain::plan`); this keeps each task's read model with its
//! history.

pub mod access;
pub mod derive;
pub mod files;
pub mod import;
pub mod inspections;
pub mod light;
pub mod lookback;
pub mod notices;
pub mod step;
pub mod units;
pub mod work;

use gongkai_domain::calendar::Calendar;
use gongkai_domain::plan::escalation::marks;
use gongkai_domain::plan::{TaskView, task};
use gongkai_store::TaskRow;

/// The read model of a task's history (what lists and counts read).
pub fn row_of(calendar: &Calendar, v: &TaskView) -> TaskRow {
    let m = marks(calendar, v);
    TaskRow {
        state: v.state,
        lead: v.lead.clone(),
        partners: v.partners.clone(),
        limit_kind: v.limit.map(|l| l.kind),
        percent: v.percent,
        due_on: v.due,
        completed_on: v.completed_on,
        blue_from: m.blue_from,
        yellow_from: m.yellow_from,
        red_from: m.red_from,
        step_on: m.step_on,
        listed: v.listed,
    }
}

/// The read model of a history of one event.
pub fn first_row(calendar: &Calendar, first: &gongkai_domain::plan::TaskEvent) -> TaskRow {
    row_of(calendar, &task::fold(std::slice::from_ref(first)))
}
