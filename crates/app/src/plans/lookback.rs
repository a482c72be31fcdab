//! 回头看: the look-back at a year's plan, and the report on its
//! implementation (工作要点落实情况报告) with the sentences the annual
//! report's parts 一 and 五 take from it.
//!
//! Which tasks are looked back on is the plans' own rule (corpus `001_…`:
//! "对上一年度工作要点落实情况开展回头看，针对有明确责任主体和时限要求的工作
//! 任务，逐项检查落实情况"): a task with a responsible unit — lead units, or
//! a division as the plan wrote it — and a time limit. The look-back is due
//! at the start of the next year: from 1 January of the year after the
//! plan's, the plan's managers record for each task not completed the
//! problems (存在问题) and the rectification (整改措施, 整改时限), and may
//! publish the report in the agency's column; before, the page shows the
//! progress so far. The managers of the agency record; the supervising
//! offices above it read.

pub mod public;
pub mod written;

use chrono::{Datelike, NaiveDate};
use gongkai_domain::access::Relation;
use gongkai_domain::dates;
use gongkai_domain::document::Document;
use gongkai_domain::plan::paper::{
    DivisionRow, LookbackInput, LookbackTask, NextPlan, PlanRef, PlanSentences, TaskOutcome,
    annual_report_sentences, implementation_report,
};
use gongkai_domain::plan::task::fold;
use gongkai_domain::plan::{TaskEvent, TaskState, TimeLimit};
use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{
    Agency, Conflict, LookbackNote, NewLookbackNote, PlanId, PlanRecord, PublishedPlanReport,
    Staff, Store, StoreError, TaskId, TaskRecord,
};

use self::written::{UnitNames, completion_text, last_report_text, limit_of};
use super::access::relation;
use crate::{App, Error};

/// Most characters of a problem or a rectification.
pub const NOTE_MAX_CHARS: usize = 500;

/// The first day of the look-back at a plan of `year` (the domain's rule).
pub fn due_from(year: i32) -> NaiveDate {
    gongkai_domain::plan::lookback_due_from(year)
}

/// Whether a task is looked back on (the domain's rule, on its read model).
pub fn is_looked_back(t: &TaskRecord) -> bool {
    gongkai_domain::plan::is_looked_back(t.row.lead.len(), &t.division, t.row.limit_kind.is_some())
}

/// How a task stands at the look-back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 已完成 (销号) on the day, with the completion report's text.
    Completed { on: NaiveDate, text: String },
    /// 未完成: where it stands and the last report's text.
    Open { state: TaskState, progress: String },
}

/// One task of the look-back.
#[derive(Debug, Clone)]
pub struct LookbackRow {
    pub task: TaskRecord,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    /// The limit the plan set (before any extension).
    pub limit: Option<TimeLimit>,
    pub outcome: Outcome,
    /// The current note (None: none recorded).
    pub note: Option<LookbackNote>,
}

impl LookbackRow {
    pub fn completed(&self) -> bool {
        matches!(self.outcome, Outcome::Completed { .. })
    }

    /// The note's version the next save replaces (0: none yet).
    pub fn note_version(&self) -> u32 {
        self.note.as_ref().map_or(0, |n| n.version)
    }
}

/// The look-back page of a plan.
#[derive(Debug, Clone)]
pub struct Lookback {
    pub agency: Agency,
    pub plan: PlanRecord,
    pub rows: Vec<LookbackRow>,
    /// Tasks of the plan not looked back on (no unit or no time limit).
    pub left_out: usize,
    pub due_from: NaiveDate,
    /// The look-back is due (today is on or after `due_from`).
    pub open: bool,
    /// `who` records notes and publishes (the agency's own managers) once
    /// the look-back is open; supervising offices above only read.
    pub may_record: bool,
    /// The published report's date, if published.
    pub published_on: Option<NaiveDate>,
    /// The report's input, dated today.
    pub input: LookbackInput,
    pub sentences: PlanSentences,
}

/// The plan, its agency and where the agency sits for `who`; 403 unless
/// `who` manages the agency's plans or supervises them from above.
async fn plan_for(
    store: &dyn Store,
    who: &Staff,
    plan: PlanId,
) -> Result<(PlanRecord, Agency, Relation), Error> {
    let record = store
        .plan(plan)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为{plan}的工作要点")))?;
    let rel = relation(store, who, record.agency_id).await?;
    may_in(&who.roles, Permission::ManagePlan, rel).map_err(|r| Error::forbidden(r.0))?;
    let agency = store
        .agency(record.agency_id)
        .await?
        .ok_or_else(|| Error::not_found("该工作要点的机关"))?;
    Ok((record, agency, rel))
}

/// The look-back of `plan` as `who` sees it today.
pub async fn load(app: &App, who: &Staff, plan: PlanId) -> Result<Lookback, Error> {
    let store = app.store.as_ref();
    let (plan, agency, rel) = plan_for(store, who, plan).await?;
    let today = app.clock.today();
    let tasks = store.plan_tasks(plan.id).await?;
    let left_out = tasks.iter().filter(|t| !is_looked_back(t)).count();
    let rows = rows_of(store, &agency, &plan, tasks).await?;
    let input = paper_input(store, &agency, &plan, &rows, today).await?;
    let sentences = annual_report_sentences(&input.summary());
    let due = due_from(plan.year);
    Ok(Lookback {
        published_on: store
            .published_plan_report(plan.id)
            .await?
            .map(|r| r.published_on),
        may_record: rel == Relation::OwnAgency,
        open: today >= due,
        due_from: due,
        left_out,
        agency,
        plan,
        rows,
        input,
        sentences,
    })
}

/// The tasks looked back on, each with its outcome and note.
async fn rows_of(
    store: &dyn Store,
    agency: &Agency,
    plan: &PlanRecord,
    tasks: Vec<TaskRecord>,
) -> Result<Vec<LookbackRow>, Error> {
    let names = UnitNames::new(&store.units(agency.id).await?);
    let mut histories = by_task(store.plan_events(plan.id).await?);
    let notes = store.lookback_notes(plan.id).await?;
    let mut rows = Vec::new();
    for task in tasks.into_iter().filter(is_looked_back) {
        let events = histories
            .iter_mut()
            .find(|(id, _)| *id == task.id)
            .map(|(_, e)| std::mem::take(e))
            .unwrap_or_default();
        let note = notes.iter().find(|n| n.task_id == task.id).cloned();
        rows.push(row(&names, task, &events, note));
    }
    Ok(rows)
}

/// The sentences the annual report of `agency` for `year` may quote from
/// its work plan of that year (the plan with the most tasks, if it has
/// several): for the report's writers, who see them beside parts 一 and 五.
pub async fn report_sentences(
    store: &dyn Store,
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> Result<Option<PlanSentences>, Error> {
    let plans = store.plans(agency.id, Some(year)).await?;
    let Some(plan) = plans.into_iter().max_by_key(|p| (p.tasks, -p.id)) else {
        return Ok(None);
    };
    let tasks = store.plan_tasks(plan.id).await?;
    let rows = rows_of(store, agency, &plan, tasks).await?;
    let input = paper_input(store, agency, &plan, &rows, today).await?;
    Ok(Some(annual_report_sentences(&input.summary())))
}

/// A plan's events grouped by task (they come by task, in order).
fn by_task(events: Vec<(TaskId, TaskEvent)>) -> Vec<(TaskId, Vec<TaskEvent>)> {
    let mut out: Vec<(TaskId, Vec<TaskEvent>)> = Vec::new();
    for (task, event) in events {
        match out.last_mut() {
            Some((t, list)) if *t == task => list.push(event),
            _ => out.push((task, vec![event])),
        }
    }
    out
}

fn row(
    names: &UnitNames,
    task: TaskRecord,
    events: &[TaskEvent],
    note: Option<LookbackNote>,
) -> LookbackRow {
    let view = fold(events);
    let outcome = match (task.row.state, task.row.completed_on.or(view.completed_on)) {
        (TaskState::Completed, Some(on)) => Outcome::Completed {
            on,
            text: completion_text(events)
                .or_else(|| last_report_text(events))
                .unwrap_or_default(),
        },
        (state, _) => Outcome::Open {
            state,
            progress: last_report_text(events).unwrap_or_default(),
        },
    };
    let (lead, partners) = names.of(&task);
    LookbackRow {
        limit: view.limit.or_else(|| limit_of(&task.row)),
        lead,
        partners,
        outcome,
        // A note stays with a task completed after it was written, but
        // the task's outcome no longer reads it.
        note,
        task,
    }
}

/// The report's input: the plan, its tasks as looked back on, the
/// superior's plan and the agency's plan of the next year, if any.
async fn paper_input(
    store: &dyn Store,
    agency: &Agency,
    plan: &PlanRecord,
    rows: &[LookbackRow],
    today: NaiveDate,
) -> Result<LookbackInput, Error> {
    let superior = match plan.implements {
        Some(id) => store.plan(id).await?.map(|p| plan_ref(&p)),
        None => None,
    };
    let recipient = match agency.parent_id {
        Some(id) => store
            .agency(id)
            .await?
            .map(|p| format!("{}：", p.profile.full_name))
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(LookbackInput {
        agency: agency.profile.full_name.clone(),
        recipient,
        number: String::new(),
        date: today,
        year: plan.year,
        plan: plan_ref(plan),
        superior,
        tasks: rows.iter().map(paper_task).collect(),
        next_plan: next_plan(store, agency, plan.year + 1).await?,
    })
}

fn plan_ref(p: &PlanRecord) -> PlanRef {
    PlanRef {
        title: p.title.clone(),
        number: p.document_number.clone(),
    }
}

fn paper_task(r: &LookbackRow) -> LookbackTask {
    let outcome = match &r.outcome {
        Outcome::Completed { on, text } => TaskOutcome::Completed {
            on: *on,
            text: text.clone(),
        },
        Outcome::Open { progress, .. } => TaskOutcome::Open {
            progress: progress.clone(),
            problem: r
                .note
                .as_ref()
                .map(|n| n.problem.clone())
                .unwrap_or_default(),
            rectification: r
                .note
                .as_ref()
                .map(|n| n.rectification.clone())
                .unwrap_or_default(),
            deadline: r.note.as_ref().and_then(|n| n.deadline),
        },
    };
    LookbackTask {
        number: r.task.number.clone().unwrap_or_default(),
        text: r.task.task.clone(),
        lead: r.lead.clone(),
        outcome,
    }
}

/// The agency's plan of `year` (the first stored) with its division table.
async fn next_plan(
    store: &dyn Store,
    agency: &Agency,
    year: i32,
) -> Result<Option<NextPlan>, Error> {
    let Some(next) = store.plans(agency.id, Some(year)).await?.into_iter().next() else {
        return Ok(None);
    };
    let names = UnitNames::new(&store.units(agency.id).await?);
    let rows = store
        .plan_tasks(next.id)
        .await?
        .iter()
        .map(|t| {
            let (lead, partners) = names.of(t);
            DivisionRow {
                chapter: t.chapter.clone().unwrap_or_default(),
                number: t.number.clone().unwrap_or_default(),
                text: t.task.clone(),
                lead,
                partners,
                limit: limit_of(&t.row),
            }
        })
        .collect();
    Ok(Some(NextPlan {
        plan: plan_ref(&next),
        rows,
    }))
}

/// A look-back note as the form sends it (every field text, so that the
/// permission is checked before anything is read from it).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NoteForm {
    /// The task's id.
    #[serde(default)]
    pub task: String,
    /// The version of the note the form showed (0: none).
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub rectification: String,
    /// 整改时限, `YYYY-MM-DD` (may be empty).
    #[serde(default)]
    pub deadline: String,
}

/// Only the agency's own managers record and publish, once the look-back
/// is due.
fn may_record(l: &Lookback) -> Result<(), Error> {
    if !l.may_record {
        return Err(Error::forbidden(
            "上级机关只能查看回头看情况：存在问题和整改措施由本机关的工作要点管理人员填写。",
        ));
    }
    if !l.open {
        return Err(Error::invalid(format!(
            "回头看自{}年1月1日起开展：{}年度结束前请在任务页面跟踪进展，届时再填写存在问题和整改措施。",
            l.plan.year + 1,
            l.plan.year
        )));
    }
    Ok(())
}

/// Record the problems and rectification of a task not completed.
pub async fn record_note(
    app: &App,
    who: &Staff,
    plan: PlanId,
    form: &NoteForm,
) -> Result<(), Error> {
    let l = load(app, who, plan).await?;
    may_record(&l)?;
    let task: Option<TaskId> = form.task.trim().parse().ok();
    let row = l
        .rows
        .iter()
        .find(|r| Some(r.task.id) == task)
        .ok_or_else(|| {
            Error::invalid("该任务不在回头看范围内：只有明确了牵头单位和完成时限的任务需要回头看。")
        })?;
    if row.completed() {
        return Err(Error::invalid(
            "该任务已销号完成，无需填写存在问题和整改措施。",
        ));
    }
    if form.version.trim().parse::<u32>().ok() != Some(row.note_version()) {
        return Err(stale());
    }
    let today = app.clock.today();
    let note = NewLookbackNote {
        task_id: row.task.id,
        version: row.note_version() + 1,
        problem: text_of(
            "存在问题",
            &form.problem,
            "写明该任务未完成的原因或存在的问题",
        )?,
        rectification: text_of("整改措施", &form.rectification, "写明如何整改、由谁负责")?,
        deadline: deadline_of(&form.deadline, today)?,
        noted_by: who.id,
        noted_at: app.clock.now(),
    };
    app.store
        .put_lookback_note(&note)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(Conflict::LookbackNote) => stale(),
            other => other.into(),
        })
}

fn stale() -> Error {
    Error::conflict(
        "记录已更新",
        "其他人刚刚保存了该任务的存在问题和整改措施：请刷新页面，核对后再保存。",
    )
}

fn text_of(what: &str, text: &str, hint: &str) -> Result<String, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(format!("请填写{what}：{hint}。")));
    }
    if t.chars().count() > NOTE_MAX_CHARS {
        return Err(Error::invalid(format!(
            "{what}不能超过{NOTE_MAX_CHARS}个字，请精简后再保存。"
        )));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(Error::invalid(format!("{what}不能含有控制字符。")));
    }
    Ok(t.to_string())
}

/// 整改时限: empty, or a date from today on.
fn deadline_of(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        Error::invalid(format!(
            "整改时限“{t}”不是有效的日期：请按“{}-03-31”的格式填写。",
            today.year()
        ))
    })?;
    let d = dates::plausible("整改时限", d, today).map_err(Error::invalid)?;
    if d < today {
        return Err(Error::invalid(format!(
            "整改时限{d}早于今天（{today}）：请填写今后完成整改的日期。"
        )));
    }
    Ok(Some(d))
}

/// The implementation report of `plan` as of today, with its file name
/// (without extension).
pub async fn report(app: &App, who: &Staff, plan: PlanId) -> Result<(Document, String), Error> {
    let l = load(app, who, plan).await?;
    let name = file_name(&l.agency, l.plan.year);
    Ok((implementation_report(&l.input), name))
}

/// `{简称}{年}年政务公开工作要点落实情况报告`.
pub fn file_name(agency: &Agency, year: i32) -> String {
    let name = match agency.profile.short_name.trim() {
        "" => agency.profile.full_name.as_str(),
        short => short,
    };
    format!("{name}{year}年政务公开工作要点落实情况报告")
}

/// Publish the report as of today in the agency's column (again: replace
/// the one published).
pub async fn publish(app: &App, who: &Staff, plan: PlanId) -> Result<NaiveDate, Error> {
    let l = load(app, who, plan).await?;
    may_record(&l)?;
    let today = app.clock.today();
    app.store
        .publish_plan_report(&PublishedPlanReport {
            plan_id: l.plan.id,
            agency_id: l.agency.id,
            published_on: today,
            document: implementation_report(&l.input),
            published_by: Some(who.id),
            published_at: app.clock.now(),
        })
        .await?;
    Ok(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_rectification_deadline_is_a_date_from_today_on() {
        let today = d(2026, 1, 12);
        assert_eq!(deadline_of("", today).unwrap(), None);
        assert_eq!(
            deadline_of(" 2026-03-31 ", today).unwrap(),
            Some(d(2026, 3, 31))
        );
        assert_eq!(deadline_of("2026-01-12", today).unwrap(), Some(today));
        let past = deadline_of("2026-01-11", today).unwrap_err().to_string();
        assert!(past.contains("早于今天"), "{past}");
        let typo = deadline_of("2026-13-01", today).unwrap_err().to_string();
        assert!(typo.contains("不是有效的日期"), "{typo}");
        let far = deadline_of("2205-01-01", today).unwrap_err().to_string();
        assert!(far.contains("不合理"), "{far}");
    }

    #[test]
    fn a_note_needs_its_text_within_the_limit() {
        assert!(text_of("存在问题", "  ", "写明").is_err());
        assert_eq!(text_of("存在问题", " 未完成 ", "写明").unwrap(), "未完成");
        assert!(text_of("存在问题", &"问".repeat(501), "写明").is_err());
        assert!(text_of("存在问题", &"问".repeat(500), "写明").is_ok());
    }
}
