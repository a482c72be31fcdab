//! Validate on append, fold on read (issue 14).
//!
//! A stored history is a fact. The rules are checked when an event is
//! appended ([`super::check_action`]); reading a case *folds* its events into
//! the view without checking them again against today's rules and calendar
//! ([`fold`]), so a rule made stricter later, or a calendar override entered
//! later, can neither hide a case from the queue nor break its page. What the
//! fold cannot place is recorded on the view as an [`Anomaly`], never an error.
//!
//! Whether a stored history would still pass today's rules is a question for
//! the audit: [`audit_history`] re-validates it and *reports* every event a
//! rule would now refuse (`gongkai audit cases`).
//!
//! Calendar version: a case closed at `t` (the recording time of its `Closed`
//! event) is folded and audited with the calendar as known at `t`
//! ([`Calendar::as_known_at`]), so it keeps the deadlines it had; an open case
//! uses today's calendar (later overrides change its future counting).

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;

use super::view::{CaseView, as_of, assemble};
use super::workflow::Replay;
use super::{CaseAction, CaseEventRecord};
use crate::calendar::Calendar;
use crate::deadline::{self, CaseEvent, Deadlines};

/// Something in a stored history the fold could not place. The event stays in
/// the history (and on the timeline); the view shows what it could derive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anomaly {
    /// The event's `seq`.
    pub seq: u32,
    /// For staff, e.g. `第3条记录“缴纳费用”无法归入案件：没有收费通知`.
    pub message: String,
}

/// An event of a stored history that today's rules would refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The event's `seq`.
    pub seq: u32,
    /// The action's Chinese name, e.g. `告知补正`.
    pub action: &'static str,
    /// The rule that refuses it: the [`super::CaseError`] variant, e.g.
    /// `SecondCorrection`, or `Deadline::OutOfOrder` for a nested one.
    pub rule: String,
    /// The refusal as staff would see it on append (Chinese).
    pub message: String,
}

/// The calendar a history is read with: as known when the case was closed,
/// or today's for an open case.
pub fn calendar_for<'a>(history: &[CaseEventRecord], calendar: &'a Calendar) -> Cow<'a, Calendar> {
    match history
        .iter()
        .find(|e| matches!(e.action, CaseAction::Closed { .. }))
    {
        Some(closed) => calendar.as_known_at(closed.at),
        None => Cow::Borrowed(calendar),
    }
}

/// The view of a stored case as of `today`. Never fails: the events are
/// folded as recorded (they were checked when appended); an event the fold
/// cannot place, or that the deadline engine refuses, is left out of the
/// derived facts and recorded in [`CaseView::anomalies`]. A closed case is
/// folded with the calendar as known when it was closed ([`calendar_for`]).
pub fn fold(history: &[CaseEventRecord], calendar: &Calendar, today: NaiveDate) -> CaseView {
    let calendar = calendar_for(history, calendar);
    let mut anomalies = Vec::new();
    let mut r = Replay::default();
    let mut events = Vec::new();
    for e in history {
        if let Some(ev) = r.deadline_event(&e.action) {
            events.push((e.seq, ev));
        }
        if !r.apply(&e.action) {
            anomalies.push(Anomaly {
                seq: e.seq,
                message: format!(
                    "第{}条记录“{}”无法归入案件：{}",
                    e.seq,
                    e.action.label_zh(),
                    unplaced_why(&e.action)
                ),
            });
        }
    }
    let deadlines = if r.receipt.is_some() {
        tolerant_deadlines(&calendar, &events, as_of(&r, today), &mut anomalies)
    } else {
        None
    };
    anomalies.sort_by_key(|a| a.seq);
    assemble(&r, deadlines, &calendar, today, anomalies)
}

fn unplaced_why(action: &CaseAction) -> &'static str {
    match action {
        CaseAction::CorrectionSubmitted { .. } | CaseAction::CorrectionLapsed { .. } => {
            "没有告知补正的记录"
        }
        CaseAction::ConsultationEnded { .. } => "没有对应编号的征求意见",
        CaseAction::FeePaid { .. } | CaseAction::FeeLapsed { .. } => "没有收费通知的记录",
        _ => "记录与之前的记录不符",
    }
}

/// The deadlines of `events`; when the engine refuses the whole list, the
/// events it accepts in order (each refused one becomes an anomaly).
fn tolerant_deadlines(
    calendar: &Calendar,
    events: &[(u32, CaseEvent)],
    as_of: NaiveDate,
    anomalies: &mut Vec<Anomaly>,
) -> Option<Deadlines> {
    let all: Vec<CaseEvent> = events.iter().map(|(_, e)| e.clone()).collect();
    if let Ok(d) = deadline::compute(calendar, &all, as_of) {
        return Some(d);
    }
    let mut accepted: Vec<CaseEvent> = Vec::new();
    let mut last = None;
    for (seq, e) in events {
        accepted.push(e.clone());
        match deadline::compute(calendar, &accepted, as_of) {
            Ok(d) => last = Some(d),
            Err(err) => {
                accepted.pop();
                anomalies.push(Anomaly {
                    seq: *seq,
                    message: format!("第{seq}条记录无法计入期限：{err}"),
                });
            }
        }
    }
    last
}

/// Re-validates a stored history against today's rules and reports every
/// event they would now refuse (it does not hide or change anything). Each
/// event is checked against the events before it *as recorded*, so one old
/// refusal does not cascade. The calendar is the one the case is read with
/// ([`calendar_for`]): as known at closing for a closed case, today's for an
/// open one. An empty result: the history passes today's rules.
pub fn audit_history(history: &[CaseEventRecord], calendar: &Calendar) -> Vec<Finding> {
    let calendar = calendar_for(history, calendar);
    let mut findings = Vec::new();
    let mut r = Replay::default();
    let mut events = Vec::new();
    for e in history {
        if let Err(err) = r.check(&events, &e.action, &calendar) {
            findings.push(Finding {
                seq: e.seq,
                action: e.action.label_zh(),
                rule: rule_name(&err),
                message: err.to_string(),
            });
        }
        events.extend(r.deadline_event(&e.action));
        r.apply(&e.action);
    }
    findings
}

/// The variant name of an error from its `Debug` form: `SecondCorrection`,
/// or `Deadline::OutOfOrder` for a wrapped error.
fn rule_name(err: &impl std::fmt::Debug) -> String {
    let debug = format!("{err:?}");
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let outer = ident(&debug);
    match debug[outer.len()..].strip_prefix('(') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => {
            format!("{outer}::{}", ident(rest))
        }
        _ => outer,
    }
}
