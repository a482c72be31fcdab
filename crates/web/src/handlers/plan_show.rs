//! `GET /workbench/plans/{id}[?unit=ID&light=red]`: a plan with its tasks,
//! their units, time limits, states and lights (read from each task's
//! stored dates), filtered by unit or light; the ledger (台账) of the plan
//! or of one unit as XLSX (`/workbench/plans/{id}/ledger.xlsx`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use chrono::NaiveDate;
use gongkai_app::plans::access;
use gongkai_app::plans::derive::not_taken_up;
use gongkai_app::plans::light::light_on;
use gongkai_domain::agency::AgencyKind;
use gongkai_domain::plan::Light;
use gongkai_store::{Agency, PlanId, PlanRecord, TaskRecord, Unit, UnitId};
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::Chrome;

#[derive(Deserialize, Default)]
pub struct PlanFilter {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub light: String,
}

/// A task as the plan's table (and the ledger) shows it.
pub struct TaskLine {
    pub id: i64,
    pub number: String,
    pub chapter: String,
    pub task: String,
    pub requirement: String,
    pub lead: String,
    pub partners: String,
    pub limit: String,
    pub state: String,
    pub percent: String,
    pub light: Light,
    pub completed_on: String,
}

/// A plan with what its page and ledger need.
pub struct PlanData {
    pub plan: PlanRecord,
    pub agency: Agency,
    pub units: Vec<Unit>,
    pub tasks: Vec<TaskRecord>,
    pub may_manage: bool,
}

/// The plan `id` if `who` may read it.
pub async fn load(state: &AppState, who: &CurrentStaff, id: PlanId) -> AppResult<PlanData> {
    let store = state.store.as_ref();
    let plan = store
        .plan(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("编号为{id}的工作要点")))?;
    access::may_read(store, &who.staff, plan.agency_id).await?;
    let agency = store
        .agency(plan.agency_id)
        .await?
        .ok_or_else(|| AppError::not_found("工作要点所属机关"))?;
    let may_manage = access::may_manage(store, &who.staff, plan.agency_id)
        .await
        .is_ok();
    Ok(PlanData {
        units: store.units(plan.agency_id).await?,
        tasks: store.plan_tasks(id).await?,
        plan,
        agency,
        may_manage,
    })
}

/// Unit names of `ids`, joined with 、.
pub fn names(units: &HashMap<UnitId, &str>, ids: &[UnitId]) -> String {
    ids.iter()
        .filter_map(|i| units.get(i).copied())
        .collect::<Vec<_>>()
        .join("、")
}

/// The time limit as the lists write it.
pub fn limit_text(t: &TaskRecord) -> String {
    use gongkai_domain::plan::LimitKind;
    match (t.row.limit_kind, t.row.due_on) {
        (Some(LimitKind::Date), Some(d)) => format!("{d}前"),
        (Some(k), Some(d)) => format!("{}（{d}）", k.label()),
        (Some(k), None) => k.label().to_string(),
        (None, _) => "—".into(),
    }
}

pub fn line(units: &HashMap<UnitId, &str>, t: &TaskRecord, today: NaiveDate) -> TaskLine {
    let lead = names(units, &t.row.lead);
    TaskLine {
        id: t.id,
        number: t.number.clone().unwrap_or_default(),
        chapter: t.chapter.clone().unwrap_or_default(),
        task: t.task.clone(),
        requirement: t.requirement.clone().unwrap_or_default(),
        // Units the plan names as a phrase stay in its division text.
        lead: if lead.is_empty() {
            t.division.clone()
        } else {
            lead
        },
        partners: names(units, &t.row.partners),
        limit: limit_text(t),
        state: t.row.state.label().to_string(),
        percent: t.row.percent.map(|p| format!("{p}%")).unwrap_or_default(),
        light: light_on(&t.row, today),
        completed_on: t
            .row
            .completed_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

/// The tasks of `data` that `f` keeps, as lines.
pub fn lines(data: &PlanData, f: &PlanFilter, today: NaiveDate) -> AppResult<Vec<TaskLine>> {
    let unit: Option<UnitId> = match f.unit.trim() {
        "" => None,
        u => Some(
            u.parse()
                .map_err(|_| AppError::bad_request("请从列表中选择单位。"))?,
        ),
    };
    let map: HashMap<UnitId, &str> = data.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    Ok(data
        .tasks
        .iter()
        .filter(|t| unit.is_none_or(|u| t.row.lead.contains(&u) || t.row.partners.contains(&u)))
        .map(|t| line(&map, t, today))
        .filter(|l| f.light.is_empty() || l.light.code() == f.light)
        .collect())
}

#[derive(Template)]
#[template(path = "plan.html")]
pub struct PlanPage {
    pub chrome: Chrome,
    pub plan: PlanRecord,
    pub agency: Agency,
    pub implements: Option<PlanRecord>,
    pub units: Vec<Unit>,
    pub filter: PlanFilter,
    pub lines: Vec<TaskLine>,
    /// Red, yellow and blue among all tasks.
    pub lights: (usize, usize, usize),
    pub rate: String,
    pub may_manage: bool,
    /// For a government's plan, to its managers: the tasks no plan of an
    /// agency below has taken up (级联).
    pub not_taken_up: Option<Vec<TaskLine>>,
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(id): Path<Id>,
    Query(filter): Query<PlanFilter>,
) -> AppResult<Html<String>> {
    let data = load(&state, &who, id.0).await?;
    let today = state.clock.today();
    let all = lines(&data, &PlanFilter::default(), today)?;
    let count = |l: Light| all.iter().filter(|t| t.light == l).count();
    let lights = (count(Light::Red), count(Light::Yellow), count(Light::Blue));
    let implements = match data.plan.implements {
        Some(p) => state.store.plan(p).await?,
        None => None,
    };
    let rate = match data.plan.tasks {
        0 => "—".into(),
        n => format!("{:.1}%", data.plan.completed as f64 * 100.0 / n as f64),
    };
    let not_taken_up = if data.may_manage && data.agency.profile.kind == AgencyKind::Government {
        let map: HashMap<UnitId, &str> =
            data.units.iter().map(|u| (u.id, u.name.as_str())).collect();
        let missing = not_taken_up(&state, data.plan.id).await?;
        Some(missing.iter().map(|t| line(&map, t, today)).collect())
    } else {
        None
    };
    Ok(Html(
        PlanPage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            lines: lines(&data, &filter, today)?,
            plan: data.plan,
            agency: data.agency,
            implements,
            units: data.units,
            filter,
            lights,
            rate,
            may_manage: data.may_manage,
            not_taken_up,
        }
        .render()?,
    ))
}

/// Tasks one workbench shows at most.
const WORKBENCH_TASKS: u32 = 20;

/// The workbench's tasks of `who`: the open tasks their units lead and,
/// for a plan manager, completions and extension requests to decide.
pub async fn workbench_tasks(state: &AppState, who: &CurrentStaff) -> AppResult<Vec<TaskLine>> {
    let store = state.store.as_ref();
    let mine = store.staff_units(who.staff.id).await?;
    let owner = access::may_manage(store, &who.staff, who.agency.id)
        .await
        .is_ok();
    let tasks = store
        .tasks_needing(who.agency.id, &mine, owner, WORKBENCH_TASKS)
        .await?;
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let units = store.units(who.agency.id).await?;
    let map: HashMap<UnitId, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let today = state.clock.today();
    Ok(tasks.iter().map(|t| line(&map, t, today)).collect())
}
