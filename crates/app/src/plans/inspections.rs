//! 督查: the supervising office (政务公开办, the policy's `OverseeDeadlines`:
//! the 监督员 role) watches the work plans of its subtree and inspects them.
//!
//! - [`supervision`]: for a year, each agency's plans with its task counts
//!   (summed in the database), the agencies without a plan of their own,
//!   and the office's inspections.
//! - [`open`]: an inspection freezes every task of the subtree's plans of
//!   the year on a date (one statement in the store); the copy never
//!   changes. The state copied is the state when it is opened; the light is
//!   the one its dates give on the frozen date.
//! - [`add_finding`]: a problem per agency with its 整改要求 and 整改期限.
//! - [`issue`]: the 通报's number and date, recorded once; each agency's
//!   findings become one rectification plan (`{period}政务公开督查整改事项`)
//!   whose tasks name no lead unit, so the agency's plan managers work
//!   them (`work::permitted`), tracked like every task.
//! - [`bulletin_input`]: what the 通报 (`plan::paper::inspection_bulletin`)
//!   prints.
//!
//! Reading is open to the office and the offices above it; writing to the
//! office that opened the inspection.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::access::Relation;
use gongkai_domain::case::Actor;
use gongkai_domain::dates;
use gongkai_domain::document::date_cn;
use gongkai_domain::plan::{TaskAction, TaskEvent, TimeLimit};
use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{
    AgencyBrief, AgencyId, FINDINGS_MAX, FindingId, FindingRecord, InspectionId, InspectionRecord,
    NewFinding, NewInspection, NewPlan, NewTask, PlanId, Staff, TaskId,
};

use super::access::relation;
use crate::{App, Error};

mod read;
#[cfg(test)]
mod tests;

pub use read::*;

/// The longest period label (e.g. `2026年第四季度`, `政务公开专项督查`).
pub const PERIOD_MAX_CHARS: usize = 40;
/// The longest problem or 整改要求 of a finding.
pub const FINDING_MAX_CHARS: usize = 500;
/// The longest 通报 number.
pub const NUMBER_MAX_CHARS: usize = 50;
/// The quarters a period may name.
pub const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];
/// Whom the 通报 is addressed to.
pub const RECIPIENT: &str = "各有关单位：";

/// May `who` oversee plans at `relation`? 403 with the policy's words.
fn oversee(who: &Staff, relation: Relation) -> Result<(), Error> {
    may_in(&who.roles, Permission::OverseeDeadlines, relation).map_err(|r| Error::forbidden(r.0))
}

/// The period label as stored: a quarter as `{year}年第X季度`, any other
/// period (专项督查 …) as written.
pub fn period_label(text: &str, year: i32) -> Result<String, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(
            "请填写督查期间：如“第四季度”，或“专项督查”等（40字以内）。",
        ));
    }
    if t.chars().count() > PERIOD_MAX_CHARS {
        return Err(Error::invalid(format!(
            "督查期间不能超过{PERIOD_MAX_CHARS}个字，请简要填写，如“第四季度”或“专项督查”。"
        )));
    }
    if t.chars().any(char::is_control) {
        return Err(Error::invalid("督查期间不能含有换行或控制字符。"));
    }
    if !t.contains("季度") {
        return Ok(t.to_string());
    }
    let (stated, quarter) = match t.split_once('年') {
        Some((y, rest)) => (y.parse::<i32>().ok(), rest),
        None => (Some(year), t),
    };
    match stated {
        Some(y) if y != year => Err(Error::invalid(format!(
            "督查期间写的是{y}年，督查的是{year}年的工作要点：请改为“{year}年”的季度，或更改督查年度。"
        ))),
        Some(_) if QUARTERS.contains(&quarter) => Ok(format!("{year}年{quarter}")),
        _ => Err(Error::invalid(
            "季度应写作“第一季度”“第二季度”“第三季度”或“第四季度”（可在前面写年度，如“2026年第四季度”）。",
        )),
    }
}

/// A date typed in a form (`2026-12-31`); empty: `default`.
fn date_field(what: &str, text: &str, default: Option<NaiveDate>) -> Result<NaiveDate, Error> {
    let t = text.trim();
    match (t.is_empty(), default) {
        (true, Some(d)) => Ok(d),
        (true, None) => Err(Error::invalid(format!("请填写{what}。"))),
        (false, _) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
            Error::invalid(format!(
                "{what}“{t}”不是有效的日期：请写成“2026-12-31”的格式，或用日期选择框选择。"
            ))
        }),
    }
}

/// A plan year: 2019 (the first year of the plans under the 2019
/// Regulation) to next year.
fn check_year(app: &App, year: i32) -> Result<(), Error> {
    let next = app.clock.today().year() + 1;
    if (2019..=next).contains(&year) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "督查年度应在2019年至{next}年之间。"
        )))
    }
}

// ---- opening an inspection ----

/// The form that opens an inspection.
#[derive(Debug, Clone, Default)]
pub struct OpenInput {
    pub year: i32,
    /// `第四季度`, `2026年第四季度`, or a free label such as `专项督查`.
    pub period: String,
    /// `2026-12-31`; empty: today.
    pub frozen_on: String,
}

/// Open an inspection of `who`'s subtree: every task of the year frozen.
pub async fn open(app: &App, who: &Staff, input: &OpenInput) -> Result<InspectionId, Error> {
    oversee(who, Relation::OwnAgency)?;
    check_year(app, input.year)?;
    let period = period_label(&input.period, input.year)?;
    let today = app.clock.today();
    let frozen_on = date_field("冻结日期", &input.frozen_on, Some(today))?;
    if frozen_on > today {
        return Err(Error::invalid(format!(
            "冻结日期不能晚于今天（{}）：督查冻结的是各项任务开启督查时的状态。",
            date_cn(today)
        )));
    }
    let first = NaiveDate::from_ymd_opt(input.year, 1, 1).unwrap_or(NaiveDate::MIN);
    if frozen_on < first {
        return Err(Error::invalid(format!(
            "冻结日期不能早于督查年度的1月1日（{}）。",
            date_cn(first)
        )));
    }
    let earlier = app.store.inspections(who.agency_id, input.year).await?;
    if let Some(e) = earlier.iter().find(|e| e.period == period) {
        return Err(Error::conflict(
            "该期间已开展督查",
            format!(
                "“{period}”的督查已经开展（冻结于{}）：请打开该督查继续添加问题，或填写另一个督查期间。",
                date_cn(e.frozen_on)
            ),
        ));
    }
    Ok(app
        .store
        .open_inspection(&NewInspection {
            agency_id: who.agency_id,
            year: input.year,
            period,
            frozen_on,
            by: Some(who.id),
        })
        .await?)
}

/// The inspection, if `who` may read it (its office or an office above).
async fn readable(app: &App, who: &Staff, id: InspectionId) -> Result<InspectionRecord, Error> {
    let record = app
        .store
        .inspection(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为{id}的督查")))?;
    oversee(
        who,
        relation(app.store.as_ref(), who, record.agency_id).await?,
    )?;
    Ok(record)
}

/// The inspection, if `who` may write to it: its own office, before the
/// 通报 is issued.
async fn writable(app: &App, who: &Staff, id: InspectionId) -> Result<InspectionRecord, Error> {
    let record = readable(app, who, id).await?;
    if record.agency_id != who.agency_id {
        return Err(Error::forbidden(
            "只有开展该督查的政务公开办可以添加问题、印发通报。",
        ));
    }
    if let Some(b) = &record.bulletin {
        return Err(Error::conflict(
            "通报已印发",
            format!(
                "该督查的通报已于{}印发（{}），不能再添加问题或重复印发。",
                date_cn(b.date),
                b.number
            ),
        ));
    }
    Ok(record)
}

// ---- findings ----

/// A finding as the form gives it.
#[derive(Debug, Clone, Default)]
pub struct FindingInput {
    /// The agency's unified social credit code.
    pub agency: String,
    pub problem: String,
    pub rectification: String,
    /// 整改期限, `2026-12-31`.
    pub deadline: String,
}

fn text_field(what: &str, text: &str, required: bool) -> Result<String, Error> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(Error::invalid(format!("请填写{what}。")));
    }
    if t.chars().count() > FINDING_MAX_CHARS {
        return Err(Error::invalid(format!(
            "{what}不能超过{FINDING_MAX_CHARS}个字，请分条填写。"
        )));
    }
    Ok(t.to_string())
}

/// Add a finding for an agency of the inspection's subtree.
pub async fn add_finding(
    app: &App,
    who: &Staff,
    id: InspectionId,
    input: &FindingInput,
) -> Result<FindingId, Error> {
    let record = writable(app, who, id).await?;
    let problem = text_field("发现的问题", &input.problem, true)?;
    let rectification = text_field("整改要求", &input.rectification, false)?;
    let deadline = date_field("整改期限", &input.deadline, None)?;
    let today = app.clock.today();
    dates::plausible("整改期限", deadline, today).map_err(Error::invalid)?;
    if deadline <= record.frozen_on {
        return Err(Error::invalid(format!(
            "整改期限应晚于督查冻结日期（{}）：请给被督查单位留出整改时间。",
            date_cn(record.frozen_on)
        )));
    }
    let agency = finding_agency(app, &record, &input.agency).await?;
    let findings = app.store.findings(id).await?;
    if findings.len() >= FINDINGS_MAX {
        return Err(Error::invalid(format!(
            "一次督查最多记录{FINDINGS_MAX}条问题。"
        )));
    }
    if findings
        .iter()
        .any(|f| f.agency.id == agency.id && f.task_id.is_some())
    {
        return Err(Error::conflict(
            "整改事项已生成",
            format!("{}的整改事项已经生成，不能再添加问题。", agency.name),
        ));
    }
    app.store
        .add_finding(&NewFinding {
            inspection: id,
            agency_id: agency.id,
            problem,
            rectification,
            deadline,
            by: Some(who.id),
        })
        .await?
        .ok_or_else(|| Error::conflict("通报已印发", "该督查的通报刚刚印发，不能再添加问题。"))
}

/// The agency a finding names: by code, within the inspection's subtree.
async fn finding_agency(
    app: &App,
    record: &InspectionRecord,
    code: &str,
) -> Result<AgencyBrief, Error> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Error::invalid("请选择存在问题的单位。"));
    }
    let agency = app.store.agency_by_code(code).await?.ok_or_else(|| {
        Error::invalid(format!("没有统一社会信用代码为{code}的单位，请重新选择。"))
    })?;
    let inside = agency.id == record.agency_id
        || app
            .store
            .agency_lineage(agency.id)
            .await?
            .contains(&record.agency_id);
    if !inside {
        return Err(Error::invalid(format!(
            "{}不在本次督查的范围内：只能对开展督查的机关及其下级机关提出问题。",
            agency.profile.full_name
        )));
    }
    Ok(AgencyBrief {
        id: agency.id,
        name: agency.profile.full_name,
        code: agency.profile.code.as_str().to_string(),
    })
}

// ---- issuing the 通报 ----

/// The 通报's number and date as the form gives them.
#[derive(Debug, Clone, Default)]
pub struct IssueInput {
    /// e.g. 白政务公开〔2026〕3号.
    pub number: String,
    /// `2026-12-31`; empty: today.
    pub date: String,
}

/// What issuing made: the rectification plans and their tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub plans: Vec<PlanId>,
    pub tasks: usize,
}

/// Issue the 通报: each agency's findings become its rectification plan,
/// then the number and date are recorded (once). An agency whose plan was
/// made by an earlier attempt that failed midway is not made again.
pub async fn issue(
    app: &App,
    who: &Staff,
    id: InspectionId,
    input: &IssueInput,
) -> Result<Issued, Error> {
    let record = writable(app, who, id).await?;
    let number = input.number.trim();
    if number.is_empty() || number.chars().count() > NUMBER_MAX_CHARS {
        return Err(Error::invalid(format!(
            "请填写通报的文号（{NUMBER_MAX_CHARS}字以内），如“白政务公开〔2026〕3号”。"
        )));
    }
    if number.chars().any(char::is_control) {
        return Err(Error::invalid("通报文号不能含有换行或控制字符。"));
    }
    let today = app.clock.today();
    let date = date_field("通报日期", &input.date, Some(today))?;
    dates::not_after_today("通报日期", date, today).map_err(Error::invalid)?;
    if date < record.frozen_on {
        return Err(Error::invalid(format!(
            "通报日期不能早于督查冻结日期（{}）。",
            date_cn(record.frozen_on)
        )));
    }
    let made = rectify(app, who, &record, number, date).await?;
    if !app
        .store
        .issue_inspection(id, number, date, Some(who.id))
        .await?
    {
        return Err(Error::conflict(
            "通报已印发",
            "该督查的通报刚刚由他人印发，不能重复印发。",
        ));
    }
    Ok(made)
}

/// One rectification plan per agency with findings not yet made into tasks.
async fn rectify(
    app: &App,
    who: &Staff,
    record: &InspectionRecord,
    number: &str,
    date: NaiveDate,
) -> Result<Issued, Error> {
    let findings = app.store.findings(record.id).await?;
    let calendar = app.calendar_in_force().await?;
    let mut by_agency: Vec<(AgencyId, Vec<&FindingRecord>)> = Vec::new();
    for f in findings.iter().filter(|f| f.task_id.is_none()) {
        match by_agency.last_mut() {
            Some((a, list)) if *a == f.agency.id => list.push(f),
            _ => by_agency.push((f.agency.id, vec![f])),
        }
    }
    let mut made = Issued {
        plans: Vec::new(),
        tasks: 0,
    };
    let actor = Actor::Staff {
        id: who.id,
        name: who.display_name.clone(),
    };
    let at = app.clock.now();
    for (agency, list) in by_agency {
        if findings
            .iter()
            .any(|f| f.agency.id == agency && f.task_id.is_some())
        {
            continue;
        }
        let tasks = list
            .iter()
            .enumerate()
            .map(|(i, f)| rectification_task(&calendar, &actor, at, i + 1, f, date))
            .collect::<Vec<_>>();
        let (plan, ids) = app
            .store
            .create_plan(&NewPlan {
                agency_id: agency,
                year: record.year,
                title: format!("{}政务公开督查整改事项", record.period),
                document_number: number.to_string(),
                issued_on: Some(date),
                implements: None,
                created_by: Some(who.id),
                tasks,
            })
            .await?;
        let links: Vec<(FindingId, TaskId)> =
            list.iter().map(|f| f.id).zip(ids.iter().copied()).collect();
        app.store
            .link_rectifications(record.id, agency, plan, &links)
            .await?;
        made.tasks += ids.len();
        made.plans.push(plan);
    }
    Ok(made)
}

/// A finding as a task: the problem its text, the 整改要求 its
/// requirement, due on the 整改期限, with no lead unit (the agency's plan
/// managers work it).
fn rectification_task(
    calendar: &gongkai_domain::calendar::Calendar,
    actor: &Actor,
    at: chrono::DateTime<chrono::Utc>,
    position: usize,
    f: &FindingRecord,
    date: NaiveDate,
) -> NewTask {
    let first = TaskEvent {
        seq: 1,
        at,
        actor: actor.clone(),
        action: TaskAction::Assigned {
            date,
            lead: Vec::new(),
            partners: Vec::new(),
            limit: Some(TimeLimit::on(f.deadline)),
        },
    };
    NewTask {
        chapter: None,
        number: Some(position.to_string()),
        task: f.problem.clone(),
        requirement: (!f.rectification.is_empty()).then(|| f.rectification.clone()),
        division: String::new(),
        major: false,
        superior_task: None,
        row: super::first_row(calendar, &first),
        first,
    }
}
