//! 级联: an agency derives its plan of a year from its superior's plan. Each
//! of its tasks may cite the superior task it implements (taking that
//! task's text, chapter and time limit unless it says otherwise) or be the
//! agency's own; every task is divided among the agency's own units. The
//! supervising office then sees which superior tasks no plan implementing
//! the superior's has taken up ([`not_taken_up`]).

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::Actor;
use gongkai_domain::plan::task::fold;
use gongkai_domain::plan::{TaskAction, TaskEvent, TimeLimit};
use gongkai_domain::policy::{AgencyPath, Permission, may_in};
use gongkai_store::{
    Agency, AgencyId, NewPlan, NewTask, PLAN_TASKS_MAX, PlanId, PlanRecord, Staff, Store, TaskId,
    TaskRecord, Unit, UnitId,
};

use crate::{App, Error};

/// One task of the derived plan.
#[derive(Debug, Clone, Default)]
pub struct DerivedTask {
    /// The superior task it implements; None: the agency's own task.
    pub superior_task: Option<TaskId>,
    /// Its chapter; None: the superior task's.
    pub chapter: Option<String>,
    /// Its number as the agency writes it (None: unnumbered).
    pub number: Option<String>,
    /// 工作任务; None: the superior task's text.
    pub task: Option<String>,
    /// 具体要求: what the agency itself does.
    pub requirement: Option<String>,
    /// 牵头单位 and 配合单位: units of the deriving agency.
    pub lead: Vec<UnitId>,
    pub partners: Vec<UnitId>,
    /// 完成时限 as written (read by `TimeLimit::parse`); None: the
    /// superior task's time limit (none for the agency's own task).
    pub limit: Option<String>,
    /// 重点任务.
    pub major: bool,
}

/// What the deriving agency decides.
#[derive(Debug, Clone)]
pub struct DeriveChoice {
    pub agency: AgencyId,
    pub year: i32,
    pub title: String,
    pub document_number: String,
    pub issued_on: Option<NaiveDate>,
    pub tasks: Vec<DerivedTask>,
}

/// Derive `choice.agency`'s plan from `superior_plan`, as `who`, now.
pub async fn derive(
    state: &App,
    who: &Staff,
    superior_plan: PlanId,
    choice: DeriveChoice,
) -> Result<PlanId, Error> {
    let calendar = state.calendar_in_force().await?;
    let now = state.clock.now();
    derive_in(
        state.store.as_ref(),
        &calendar,
        who,
        superior_plan,
        choice,
        now,
    )
    .await
}

/// [`derive`] on a store with the calendar and the instant given (the
/// demo derives its plan on a past day).
pub async fn derive_in(
    store: &dyn Store,
    calendar: &Calendar,
    who: &Staff,
    superior_plan: PlanId,
    choice: DeriveChoice,
    now: DateTime<Utc>,
) -> Result<PlanId, Error> {
    let (agency, lineage) = permitted(store, who, choice.agency).await?;
    let superior = store
        .plan(superior_plan)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为{superior_plan}的工作要点")))?;
    check_superior(store, &agency, &lineage, &superior, choice.year).await?;
    check_outline(&choice)?;
    let superior_tasks = store.plan_tasks(superior.id).await?;
    let units = store.units(agency.id).await?;
    let ctx = Context {
        calendar,
        agency: &agency,
        units: &units,
        date: crate::clock::beijing(now).date_naive(),
        at: now,
        actor: Actor::Staff {
            id: who.id,
            name: who.display_name.clone(),
        },
    };
    let mut tasks = Vec::with_capacity(choice.tasks.len());
    for (i, t) in choice.tasks.iter().enumerate() {
        let cited = cited(&superior, &superior_tasks, t.superior_task)?;
        let limit = limit_of(store, t, cited, choice.year).await?;
        tasks.push(new_task(&ctx, i, t, cited, limit)?);
    }
    let (id, _) = store
        .create_plan(&NewPlan {
            agency_id: agency.id,
            year: choice.year,
            title: choice.title.trim().to_string(),
            document_number: choice.document_number.trim().to_string(),
            issued_on: choice.issued_on,
            implements: Some(superior.id),
            created_by: Some(who.id),
            tasks,
        })
        .await?;
    Ok(id)
}

/// The superior plan's tasks that no task of a plan implementing it cites.
pub async fn not_taken_up(state: &App, superior_plan: PlanId) -> Result<Vec<TaskRecord>, Error> {
    if state.store.plan(superior_plan).await?.is_none() {
        return Err(Error::not_found(format!("编号为{superior_plan}的工作要点")));
    }
    Ok(state
        .store
        .superior_tasks_not_taken_up(superior_plan)
        .await?)
}

/// The deriving agency and its lineage, when `who` may manage its plans.
async fn permitted(
    store: &dyn Store,
    who: &Staff,
    agency: AgencyId,
) -> Result<(Agency, Vec<AgencyId>), Error> {
    let found = store
        .agency(agency)
        .await?
        .ok_or_else(|| Error::not_found(format!("编号为{agency}的机关")))?;
    let lineage = store.agency_lineage(agency).await?;
    let relation = AgencyPath::new(lineage.clone()).relation_to(who.agency_id);
    may_in(&who.roles, Permission::ManagePlan, relation).map_err(|r| Error::forbidden(r.0))?;
    Ok((found, lineage))
}

/// The superior plan is the deriving agency's own or an ancestor's, of the
/// same year.
async fn check_superior(
    store: &dyn Store,
    agency: &Agency,
    lineage: &[AgencyId],
    superior: &PlanRecord,
    year: i32,
) -> Result<(), Error> {
    let title = &superior.title;
    if !lineage.contains(&superior.agency_id) {
        let issuer = store
            .agency(superior.agency_id)
            .await?
            .map_or_else(String::new, |a| a.profile.full_name);
        return Err(Error::invalid(format!(
            "《{title}》由{issuer}印发，{}不是其下级机关：只能依据本机关或上级机关的工作要点制定，请选择上级机关的工作要点。",
            agency.profile.full_name
        )));
    }
    if superior.year != year {
        return Err(Error::invalid(format!(
            "《{title}》是{}年的工作要点，不能据以制定{year}年的工作要点：请选择上级{year}年的工作要点，或把年度改为{}年。",
            superior.year, superior.year
        )));
    }
    Ok(())
}

fn check_outline(choice: &DeriveChoice) -> Result<(), Error> {
    let title = choice.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(Error::invalid("请填写工作要点的标题（100字以内）。"));
    }
    if choice.tasks.is_empty() {
        return Err(Error::invalid(
            "请至少列出一项任务：从上级工作要点中选择本机关承担的任务，或填写本机关自行确定的任务。",
        ));
    }
    if choice.tasks.len() > PLAN_TASKS_MAX {
        return Err(Error::invalid(format!(
            "一个工作要点最多{PLAN_TASKS_MAX}项任务，现有{}项：请分拆后再制定。",
            choice.tasks.len()
        )));
    }
    Ok(())
}

/// The superior task `id` cites, which must be one of the superior plan's.
fn cited<'t>(
    superior: &PlanRecord,
    tasks: &'t [TaskRecord],
    id: Option<TaskId>,
) -> Result<Option<&'t TaskRecord>, Error> {
    let Some(id) = id else { return Ok(None) };
    match tasks.iter().find(|t| t.id == id) {
        Some(t) => Ok(Some(t)),
        None => Err(Error::invalid(format!(
            "所引用的上级任务（编号{id}）不是《{}》中的任务：请从该工作要点的任务中选择。",
            superior.title
        ))),
    }
}

/// The task's time limit: as written, else the cited task's.
async fn limit_of(
    store: &dyn Store,
    t: &DerivedTask,
    cited: Option<&TaskRecord>,
    year: i32,
) -> Result<Option<TimeLimit>, Error> {
    if let Some(text) = t.limit.as_deref().filter(|s| !s.trim().is_empty()) {
        let name = t.task.as_deref().or(cited.map(|c| c.task.as_str()));
        return TimeLimit::parse(text, year).map(Some).map_err(|why| {
            Error::invalid(format!(
                "任务“{}”的完成时限：{why}",
                name.unwrap_or_default()
            ))
        });
    }
    match cited {
        Some(c) => Ok(fold(&store.task_events(c.id).await?).limit),
        None => Ok(None),
    }
}

/// What every derived task shares: the agency and its units, and who
/// divided the tasks when (the first event of each).
struct Context<'a> {
    calendar: &'a Calendar,
    agency: &'a Agency,
    units: &'a [Unit],
    date: NaiveDate,
    at: DateTime<Utc>,
    actor: Actor,
}

/// The `i`th task as stored, with its first event (分工).
fn new_task(
    ctx: &Context<'_>,
    i: usize,
    t: &DerivedTask,
    cited: Option<&TaskRecord>,
    limit: Option<TimeLimit>,
) -> Result<NewTask, Error> {
    let text = task_text(i, t, cited)?;
    let (lead, partners) = division(ctx.agency, ctx.units, &text, t)?;
    let division = division_text(ctx.units, &lead, &partners);
    let event = TaskEvent {
        seq: 1,
        at: ctx.at,
        actor: ctx.actor.clone(),
        action: TaskAction::Assigned {
            date: ctx.date,
            lead,
            partners,
            limit,
        },
    };
    let trimmed = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Ok(NewTask {
        chapter: trimmed(&t.chapter).or_else(|| cited.and_then(|c| c.chapter.clone())),
        number: trimmed(&t.number),
        task: text,
        requirement: trimmed(&t.requirement),
        division,
        major: t.major,
        superior_task: cited.map(|c| c.id),
        row: super::first_row(ctx.calendar, &event),
        first: event,
    })
}

/// The task's text: as written, else the cited task's.
fn task_text(i: usize, t: &DerivedTask, cited: Option<&TaskRecord>) -> Result<String, Error> {
    t.task
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| cited.map(|c| c.task.clone()))
        .ok_or_else(|| {
            Error::invalid(format!(
                "第{}项任务没有引用上级任务，请填写任务内容。",
                i + 1
            ))
        })
}

/// The division as the plan writes it: `牵头：A、B；配合：C`.
fn division_text(units: &[Unit], lead: &[UnitId], partners: &[UnitId]) -> String {
    let names = |ids: &[UnitId]| -> String {
        let found = ids
            .iter()
            .filter_map(|id| units.iter().find(|u| u.id == *id));
        found
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut text = format!("牵头：{}", names(lead));
    if !partners.is_empty() {
        text.push_str(&format!("；配合：{}", names(partners)));
    }
    text
}

/// The task's lead and partner units, each once: at least one lead, all
/// of them the agency's, none both leading and partnering.
fn division(
    agency: &Agency,
    units: &[Unit],
    text: &str,
    t: &DerivedTask,
) -> Result<(Vec<UnitId>, Vec<UnitId>), Error> {
    let once = |ids: &[UnitId]| {
        let mut out: Vec<UnitId> = Vec::new();
        for id in ids {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        out
    };
    let (lead, partners) = (once(&t.lead), once(&t.partners));
    if lead.is_empty() {
        return Err(Error::invalid(format!(
            "请为任务“{text}”指定至少一个牵头单位。"
        )));
    }
    let name = &agency.profile.full_name;
    for id in lead.iter().chain(&partners) {
        if !units.iter().any(|u| u.id == *id) {
            return Err(Error::invalid(format!(
                "任务“{text}”的单位（编号{id}）不是{name}的内设机构或直属单位：请选择本机关的单位，或先在机构管理中添加。"
            )));
        }
    }
    if let Some(both) = lead.iter().find(|id| partners.contains(id)) {
        let unit = units
            .iter()
            .find(|u| u.id == *both)
            .map(|u| u.name.as_str());
        return Err(Error::invalid(format!(
            "任务“{text}”中，“{}”不能既是牵头单位又是配合单位：请从配合单位中去掉。",
            unit.unwrap_or_default()
        )));
    }
    Ok((lead, partners))
}
