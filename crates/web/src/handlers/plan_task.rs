//! `GET|POST /workbench/tasks/{id}`: a task of a plan with its history and
//! the steps the viewer may record — the lead unit's 领办, 进展, 申请延期 and
//! 报告完成, the plan owner's 销号, 退回, 延期审批 and 重新分工 — all through
//! `gongkai_app::plans::work::act`, the command the JSON API calls too.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::error::RecordError;
use gongkai_app::plans::light::light_on;
use gongkai_app::plans::step::{StepFields, read_with_items};
use gongkai_app::plans::{access, files, work};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{Light, TaskAction, TaskEvent, TaskFile, TaskState};
use gongkai_store::{PlanRecord, Unit, UnitId};

use super::Csrf;
use super::plan_show::{limit_text, names};
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::form_files::{self, Submitted};
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::Chrome;

/// One step of the history as the page lists it.
pub struct HistoryLine {
    pub date: String,
    pub who: String,
    pub label: &'static str,
    pub detail: String,
    /// The files that came with the step.
    pub files: Vec<TaskFile>,
}

#[derive(Template)]
#[template(path = "task.html")]
pub struct TaskPage {
    pub chrome: Chrome,
    pub b: work::TaskBundle,
    pub plan: PlanRecord,
    pub units: Vec<Unit>,
    pub lead: String,
    pub partners: String,
    pub limit: String,
    pub light: Light,
    pub history: Vec<HistoryLine>,
    /// Lead units the viewer belongs to (whom they may sign for).
    pub my_lead_units: Vec<Unit>,
    /// The viewer works the task (a member of a lead unit; the plan's
    /// managers where it has none).
    pub works: bool,
    pub manages: bool,
    pub seq: u32,
    pub notice: Option<String>,
    pub error: Option<String>,
}

impl TaskPage {
    pub fn state_is(&self, code: &str) -> bool {
        self.b.view.state.code() == code
    }

    pub fn working(&self) -> bool {
        matches!(
            self.b.view.state,
            TaskState::InProgress | TaskState::Returned
        ) || (self.b.view.state == TaskState::Assigned && self.b.view.lead.is_empty())
    }

    pub fn is_lead(&self, id: &UnitId) -> bool {
        self.b.view.lead.contains(id)
    }

    pub fn is_partner(&self, id: &UnitId) -> bool {
        self.b.view.partners.contains(id)
    }

    pub fn pending_until(&self) -> String {
        self.b
            .view
            .pending_extension
            .as_ref()
            .map(|(d, _)| d.to_string())
            .unwrap_or_default()
    }
}

/// The published items a report names: 《title》（索引号）.
type Items = HashMap<i64, String>;

fn detail(a: &TaskAction, units: &HashMap<UnitId, &str>, items: &Items) -> String {
    let named = |text: &str, ids: &[i64]| {
        let shown: Vec<&str> = ids
            .iter()
            .filter_map(|i| items.get(i))
            .map(String::as_str)
            .collect();
        if shown.is_empty() {
            text.to_string()
        } else {
            format!("{text}（相关信息：{}）", shown.join("、"))
        }
    };
    match a {
        TaskAction::Assigned {
            lead,
            partners,
            limit,
            ..
        } => {
            let mut s = format!("牵头：{}", names(units, lead));
            if !partners.is_empty() {
                s.push_str(&format!("；配合：{}", names(units, partners)));
            }
            if let Some(l) = limit {
                s.push_str(&format!("；时限：{}", l.label()));
            }
            s
        }
        TaskAction::SignedFor { unit, .. } => names(units, &[*unit]),
        TaskAction::ProgressReported {
            text,
            percent,
            items,
            ..
        } => match percent {
            Some(p) => named(&format!("{text}（完成{p}%）"), items),
            None => named(text, items),
        },
        TaskAction::ExtensionRequested { until, reason, .. } => {
            format!("申请延期至{until}：{reason}")
        }
        TaskAction::ExtensionGranted { until, .. } => format!("同意延期至{until}"),
        TaskAction::ExtensionRefused { reason, .. } | TaskAction::Returned { reason, .. } => {
            reason.clone()
        }
        TaskAction::CompletionReported { text, items, .. } => named(text, items),
        TaskAction::FilesAdded { note, .. } => note.clone(),
        TaskAction::Accepted { note, .. } => note.clone(),
        TaskAction::Reminded { .. } | TaskAction::Urged { .. } | TaskAction::Listed { .. } => {
            String::new()
        }
    }
}

fn history(events: &[TaskEvent], units: &HashMap<UnitId, &str>, items: &Items) -> Vec<HistoryLine> {
    events
        .iter()
        .map(|e| HistoryLine {
            date: e.action.date().to_string(),
            who: match &e.actor {
                Actor::Staff { name, .. } if !name.is_empty() => name.clone(),
                Actor::Staff { .. } => "工作人员".into(),
                _ => "平台".into(),
            },
            label: e.action.label(),
            detail: detail(&e.action, units, items),
            files: e.action.files().to_vec(),
        })
        .collect()
}

/// The items the task's reports name, read at once (a report names at
/// most `STEP_ITEMS_MAX`).
async fn items_named(state: &AppState, events: &[TaskEvent]) -> AppResult<Items> {
    let mut ids: Vec<i64> = Vec::new();
    for e in events {
        if let TaskAction::ProgressReported { items, .. }
        | TaskAction::CompletionReported { items, .. } = &e.action
        {
            ids.extend(items);
        }
    }
    if ids.is_empty() {
        return Ok(Items::new());
    }
    Ok(state
        .store
        .items_by_ids(&ids)
        .await?
        .into_iter()
        .map(|i| {
            let number = i.snapshot.index_number.clone().unwrap_or_default();
            (
                i.id,
                format!("《{}》（{number}）", i.snapshot.metadata.title),
            )
        })
        .collect())
}

async fn render(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let store = state.store.as_ref();
    let b = work::load(store, id).await?;
    access::may_read(store, &who.staff, b.record.agency_id).await?;
    let plan = store
        .plan(b.record.plan_id)
        .await?
        .ok_or_else(|| AppError::not_found("任务所属的工作要点"))?;
    let units = store.units(b.record.agency_id).await?;
    let map: HashMap<UnitId, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let manages = access::may_manage(store, &who.staff, b.record.agency_id)
        .await
        .is_ok();
    let mine = if who.agency.id == b.record.agency_id {
        store.staff_units(who.staff.id).await?
    } else {
        Vec::new()
    };
    let my_lead_units: Vec<Unit> = units
        .iter()
        .filter(|u| mine.contains(&u.id) && b.view.lead.contains(&u.id))
        .cloned()
        .collect();
    let works = !my_lead_units.is_empty() || (b.view.lead.is_empty() && manages);
    let page = TaskPage {
        chrome: Chrome::new(Some(who), csrf),
        lead: names(&map, &b.view.lead),
        partners: names(&map, &b.view.partners),
        limit: limit_text(&b.record),
        light: light_on(&b.record.row, state.clock.today()),
        history: history(&b.events, &map, &items_named(state, &b.events).await?),
        seq: b.next_seq(),
        plan,
        my_lead_units,
        works,
        manages,
        notice,
        error,
        b,
        units: units.clone(),
    };
    Ok(page.render()?)
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(id): Path<Id>,
) -> AppResult<Html<String>> {
    Ok(Html(
        render(&state, &who, &csrf.0.0, id.0, None, None).await?,
    ))
}

/// The form's pairs (units repeat: one pair per ticked box) as a step's
/// fields and the sequence number the page was showing.
fn step_of(pairs: Vec<(String, String)>) -> (u32, StepFields) {
    let mut f = StepFields::default();
    let mut seq = 0;
    for (k, v) in pairs {
        match k.as_str() {
            "seq" => seq = v.trim().parse().unwrap_or(0),
            "action" => f.action = v,
            "unit" => f.unit = v,
            "text" => f.text = v,
            "percent" => f.percent = v,
            "until" => f.until = v,
            "reason" => f.reason = v,
            "limit" => f.limit = v,
            "items" => f.items = v,
            "lead" => f.lead.push(v),
            "partners" => f.partners.push(v),
            _ => {}
        }
    }
    (seq, f)
}

/// `POST /workbench/tasks/{id}` (urlencoded, or multipart with `files`):
/// record one step with its files; the page again with what happened (422
/// with the reason when refused, 409 when someone else recorded a step
/// first).
pub async fn act(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(id): Path<Id>,
    req: Request,
) -> AppResult<Response> {
    let b = work::load(state.store.as_ref(), id.0).await?;
    access::may_read(state.store.as_ref(), &who.staff, b.record.agency_id).await?;
    let outcome = match form_files::read(&state, req, "files").await {
        Err(m) => Err((StatusCode::UNPROCESSABLE_ENTITY, m)),
        Ok(form) => record(&state, &who, &b, form).await?,
    };
    let (status, notice, error) = match outcome {
        Ok(n) => (StatusCode::OK, Some(n), None),
        Err((s, e)) => (s, None, Some(e)),
    };
    let html = render(&state, &who, &csrf.0.0, id.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}

/// What recording the submitted step came to: a notice, or the status and
/// message of a refusal.
type Outcome = Result<String, (StatusCode, String)>;

async fn record(
    state: &AppState,
    who: &CurrentStaff,
    b: &work::TaskBundle,
    form: Submitted,
) -> AppResult<Outcome> {
    let refused = |m: String| Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, m)));
    let (seq, fields) = step_of(form.pairs);
    let plan = state
        .store
        .plan(b.record.plan_id)
        .await?
        .ok_or_else(|| AppError::not_found("任务所属的工作要点"))?;
    let today = state.clock.today();
    let read = read_with_items(
        state.store.as_ref(),
        b.record.agency_id,
        &fields,
        today,
        plan.year,
    );
    let mut action = match read.await {
        Ok(a) => a,
        Err(e) => return refused(e.to_string()),
    };
    let kept = match files::prepare(state, &form.files).await {
        Ok(k) => k,
        Err(e) => return refused(e.to_string()),
    };
    let count = kept.len();
    if let Err(e) = files::attach(&mut action, kept) {
        return refused(e.to_string());
    }
    let label = action.label();
    Ok(match work::act(state, b, &who.staff, seq, action).await {
        Ok(()) if count > 0 => Ok(format!("已记录：{label}（附件{count}个）。")),
        Ok(()) => Ok(format!("已记录：{label}。")),
        Err(RecordError::Refused(m)) => Err((StatusCode::UNPROCESSABLE_ENTITY, m)),
        Err(RecordError::Stale) => Err((
            StatusCode::CONFLICT,
            "该任务刚由他人办理，页面已刷新：请核对后重新提交。".to_string(),
        )),
        Err(RecordError::Other(e)) => return Err(e.into()),
    })
}

/// `GET /workbench/tasks/{id}/files/{sha256}`: a file of the task's
/// history, for whoever may read the task.
pub async fn file(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path((id, sha)): Path<(Id, String)>,
) -> AppResult<Response> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found("该附件"));
    }
    let (f, bytes) = files::open(&state, &who.staff, id.0, &sha).await?;
    Ok(crate::downloads::attachment(
        bytes,
        &f.name,
        &f.content_type,
    ))
}
