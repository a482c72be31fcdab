//! Work plans (政务公开工作要点) in the JSON API: an agency's plans, a plan
//! with its tasks, a task with its history, and the next step on a task —
//! the same command the task page calls (`gongkai_app::plans::work::act`).
//!
//! Who reads is `gongkai_app::plans::access::may_read` (the agency's own
//! staff, those above it, and those below it that implement its plan), as
//! on the plan pages; who records which step is the command's decision,
//! and a step's fields are read by `gongkai_app::plans::step`, as the task
//! page's are.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_app::plans::access::may_read;
use gongkai_app::plans::light::light_on;
use gongkai_app::plans::step::{self, StepFields};
use gongkai_app::plans::units;
use gongkai_app::plans::work::{self, TaskBundle};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{TaskAction, TaskEvent};
use gongkai_store::{AgencyId, PlanRecord, TaskRecord, Unit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ApiStaff;
use super::{ApiError, ApiResult};
use crate::auth::CurrentStaff;
use crate::params::{Id, Path, Query, Year};
use crate::state::AppState;
use gongkai_app::casework::RecordError;

#[derive(Serialize, ToSchema)]
pub struct PlanSummaryJson {
    pub id: i64,
    /// The issuing agency's code.
    pub agency: String,
    pub year: i32,
    pub title: String,
    /// 文号, e.g. 国办发〔2021〕12号 (may be empty).
    pub document_number: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub issued_on: Option<NaiveDate>,
    /// The superior's plan this one implements.
    pub implements: Option<i64>,
    /// Its tasks, and how many of them are accepted (已销号).
    pub tasks: u64,
    pub completed: u64,
}

/// A unit named on a task.
#[derive(Serialize, ToSchema)]
pub struct UnitJson {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TaskSummaryJson {
    pub id: i64,
    pub plan_id: i64,
    pub position: u32,
    /// The chapter (一、…) it stands under.
    pub chapter: Option<String>,
    pub number: Option<String>,
    pub task: String,
    pub requirement: Option<String>,
    /// The division of work as the plan writes it.
    pub division: String,
    pub major: bool,
    /// assigned / in_progress / awaiting_extension / awaiting_acceptance / returned / completed
    pub state: String,
    /// 待领办 / 办理中 / 延期待批 / 待销号 / 已退回 / 已销号
    pub state_label: String,
    /// 牵头单位.
    pub lead: Vec<UnitJson>,
    /// 配合单位.
    pub partners: Vec<UnitJson>,
    /// date / year_end / ongoing / as_arranged / quarterly / long_term; null: none stated.
    pub limit_kind: Option<String>,
    /// The date it is due (moved by a granted extension).
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub completed_on: Option<NaiveDate>,
    pub percent: Option<u8>,
    /// Today's light: none / blue (临近时限) / yellow (进度滞后) / red (已逾期).
    pub light: String,
    pub light_label: String,
}

#[derive(Serialize, ToSchema)]
pub struct PlanJson {
    #[serde(flatten)]
    pub plan: PlanSummaryJson,
    pub tasks: Vec<TaskSummaryJson>,
}

#[derive(Serialize, ToSchema)]
pub struct TaskEventJson {
    pub seq: u32,
    pub at: DateTime<Utc>,
    /// Who recorded it (平台 for reminders, 催办 and 通报).
    pub actor: String,
    /// 分工, 领办, 报告进展 …
    pub label: String,
    /// The step as stored, tagged by `action`.
    #[schema(value_type = Object)]
    pub action: TaskAction,
}

/// A file of a task: `url` downloads it with the same token.
#[derive(Serialize, ToSchema)]
pub struct TaskFileJson {
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct TaskJson {
    #[serde(flatten)]
    pub task: TaskSummaryJson,
    pub plan_title: String,
    /// The extension asked for and not yet decided.
    #[schema(value_type = Option<String>, format = Date)]
    pub extension_until: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    /// Why the last completion report was returned.
    pub returned_reason: Option<String>,
    /// Every step, in order (append-only).
    pub events: Vec<TaskEventJson>,
    /// Every file of the history (附件), in the order added.
    pub files: Vec<TaskFileJson>,
    /// The `expected_seq` the next step must carry.
    pub next_seq: u32,
}

/// The next step on a task, e.g. `{"expected_seq":3,"action":"progress",
/// "text":"已起草制度。","percent":40}`. Dated today.
#[derive(Deserialize, ToSchema)]
pub struct NewTaskEvent {
    /// Must equal the task's `next_seq` (optimistic concurrency).
    pub expected_seq: u32,
    #[serde(flatten)]
    pub step: TaskStep,
}

/// The steps a client records (texts at most 2000 characters; dates as
/// 2025-09-30; `percent` 0–100).
#[derive(Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TaskStep {
    /// 领办 (the lead unit's members), for `unit` (a lead unit's id;
    /// left out: the first lead unit the caller belongs to).
    SignFor {
        #[serde(default)]
        unit: Option<i64>,
    },
    /// 报告进展, with the 索引号 of the agency's published items that
    /// fulfil the task, if any.
    Progress {
        text: String,
        percent: Option<u8>,
        #[serde(default)]
        items: Vec<String>,
    },
    /// 申请延期, before the time limit.
    ExtensionRequest {
        #[schema(value_type = String, format = Date)]
        until: NaiveDate,
        reason: String,
    },
    /// 报告完成 (with the 索引号 of items that fulfil it, if any).
    Completion {
        text: String,
        #[serde(default)]
        items: Vec<String>,
    },
    /// 销号 (the plan's owner).
    Accept {
        #[serde(default)]
        note: String,
    },
    /// 退回 (the plan's owner).
    Return { reason: String },
    /// 同意延期 (the plan's owner).
    ExtensionGrant {
        #[schema(value_type = String, format = Date)]
        until: NaiveDate,
    },
    /// 不同意延期 (the plan's owner).
    ExtensionRefuse { reason: String },
}

/// `?year=`.
#[derive(Deserialize)]
pub struct YearParam {
    #[serde(default)]
    year: Option<Year>,
}

fn plan_summary(p: &PlanRecord, agency: &str) -> PlanSummaryJson {
    PlanSummaryJson {
        id: p.id,
        agency: agency.to_string(),
        year: p.year,
        title: p.title.clone(),
        document_number: p.document_number.clone(),
        issued_on: p.issued_on,
        implements: p.implements,
        tasks: p.tasks,
        completed: p.completed,
    }
}

fn task_summary(t: &TaskRecord, all: &[Unit], today: NaiveDate) -> TaskSummaryJson {
    let named = |ids: &[i64]| {
        ids.iter()
            .map(|id| UnitJson {
                id: *id,
                name: units::name_of(all, *id),
            })
            .collect()
    };
    let light = light_on(&t.row, today);
    TaskSummaryJson {
        id: t.id,
        plan_id: t.plan_id,
        position: t.position,
        chapter: t.chapter.clone(),
        number: t.number.clone(),
        task: t.task.clone(),
        requirement: t.requirement.clone(),
        division: t.division.clone(),
        major: t.major,
        state: t.row.state.code().into(),
        state_label: t.row.state.label().into(),
        lead: named(&t.row.lead),
        partners: named(&t.row.partners),
        limit_kind: t.row.limit_kind.map(|k| k.code().to_string()),
        due_on: t.row.due_on,
        completed_on: t.row.completed_on,
        percent: t.row.percent,
        light: light.code().into(),
        light_label: light.label().into(),
    }
}

async fn agency_code(state: &AppState, id: AgencyId) -> Result<String, ApiError> {
    Ok(state
        .store
        .agency(id)
        .await?
        .map(|a| a.profile.code.to_string())
        .unwrap_or_default())
}

/// An agency's plans (of `year` when given), newest year first, with
/// their numbers of tasks and of accepted tasks.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/plans",
    params(("code" = String, Path, description = "机关的统一社会信用代码"),
           ("year" = Option<i32>, Query, description = "年度，如 2025")),
    responses((status = 200, body = Vec<PlanSummaryJson>), (status = 403, body = ApiError),
              (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(code): Path<String>,
    Query(params): Query<YearParam>,
) -> ApiResult<Vec<PlanSummaryJson>> {
    let agency = state
        .store
        .agency_by_code(&code)
        .await?
        .ok_or_else(|| gongkai_app::Error::not_found(format!("代码为“{code}”的机关")))?;
    may_read(state.store.as_ref(), &who.staff, agency.id).await?;
    let plans = state
        .store
        .plans(agency.id, params.year.map(|y| y.0))
        .await?;
    Ok(Json(plans.iter().map(|p| plan_summary(p, &code)).collect()))
}

/// A plan with its tasks in order: state, lead and partner units, due
/// date, percentage and today's light.
#[utoipa::path(get, path = "/api/v1/plans/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PlanJson), (status = 403, body = ApiError),
              (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn show_plan(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(id): Path<Id>,
) -> ApiResult<PlanJson> {
    let plan = state
        .store
        .plan(id.0)
        .await?
        .ok_or_else(|| gongkai_app::Error::not_found(format!("编号为{}的工作要点", id.0)))?;
    may_read(state.store.as_ref(), &who.staff, plan.agency_id).await?;
    let all = state.store.units(plan.agency_id).await?;
    let today = state.clock.today();
    let tasks = state.store.plan_tasks(plan.id).await?;
    Ok(Json(PlanJson {
        plan: plan_summary(&plan, &agency_code(&state, plan.agency_id).await?),
        tasks: tasks.iter().map(|t| task_summary(t, &all, today)).collect(),
    }))
}

fn event_json(e: &TaskEvent) -> TaskEventJson {
    TaskEventJson {
        seq: e.seq,
        at: e.at,
        actor: match &e.actor {
            Actor::Staff { name, .. } => name.clone(),
            _ => "平台".into(),
        },
        label: e.action.label().into(),
        action: e.action.clone(),
    }
}

async fn task_json(state: &AppState, b: &TaskBundle) -> Result<TaskJson, ApiError> {
    let all = state.store.units(b.record.agency_id).await?;
    let plan_title = state
        .store
        .plan(b.record.plan_id)
        .await?
        .map(|p| p.title)
        .unwrap_or_default();
    let pending = b.view.pending_extension.clone();
    Ok(TaskJson {
        task: task_summary(&b.record, &all, state.clock.today()),
        plan_title,
        extension_until: pending.as_ref().map(|(until, _)| *until),
        extension_reason: pending.map(|(_, reason)| reason),
        returned_reason: b.view.returned_reason.clone(),
        events: b.events.iter().map(event_json).collect(),
        files: b
            .view
            .files
            .iter()
            .map(|f| TaskFileJson {
                name: f.name.clone(),
                content_type: f.content_type.clone(),
                size: f.size,
                sha256: f.sha256.clone(),
                url: format!("/api/v1/tasks/{}/files/{}", b.record.id, f.sha256),
            })
            .collect(),
        next_seq: b.next_seq(),
    })
}

/// A file of a task's history, as it was sent.
#[utoipa::path(get, path = "/api/v1/tasks/{id}/files/{sha256}",
    params(("id" = i64, Path), ("sha256" = String, Path)),
    responses((status = 200, description = "the file"), (status = 403, body = ApiError),
              (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn task_file(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path((id, sha)): Path<(Id, String)>,
) -> Result<Response, ApiError> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(gongkai_app::Error::not_found("该附件").into());
    }
    let (f, bytes) = gongkai_app::plans::files::open(&state, &who.staff, id.0, &sha).await?;
    Ok(crate::downloads::attachment(
        bytes,
        &f.name,
        &f.content_type,
    ))
}

/// A task with its history.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = TaskJson), (status = 403, body = ApiError),
              (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn show_task(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(id): Path<Id>,
) -> ApiResult<TaskJson> {
    let b = work::load(state.store.as_ref(), id.0).await?;
    may_read(state.store.as_ref(), &who.staff, b.record.agency_id).await?;
    Ok(Json(task_json(&state, &b).await?))
}

/// The step's fields as the task page would submit them.
async fn fields_of(
    state: &AppState,
    who: &CurrentStaff,
    b: &TaskBundle,
    step: TaskStep,
) -> Result<StepFields, ApiError> {
    let of = |action: &str| StepFields {
        action: action.into(),
        ..StepFields::default()
    };
    Ok(match step {
        TaskStep::SignFor { unit } => {
            let lead = &b.view.lead;
            let unit = match unit {
                Some(u) => Some(u),
                None => units::own_lead_unit(state.store.as_ref(), who.staff.id, lead).await?,
            };
            // Not a member: the command refuses with who may.
            let unit = unit.or(lead.first().copied()).unwrap_or_default();
            StepFields {
                unit: unit.to_string(),
                ..of("sign_for")
            }
        }
        TaskStep::Progress {
            text,
            percent,
            items,
        } => StepFields {
            text,
            percent: percent.map(|p| p.to_string()).unwrap_or_default(),
            items: items.join("、"),
            ..of("progress")
        },
        TaskStep::ExtensionRequest { until, reason } => StepFields {
            until: until.to_string(),
            reason,
            ..of("extension_request")
        },
        TaskStep::Completion { text, items } => StepFields {
            text,
            items: items.join("、"),
            ..of("completion")
        },
        TaskStep::Accept { note } => StepFields {
            text: note,
            ..of("accept")
        },
        TaskStep::Return { reason } => StepFields {
            reason,
            ..of("return")
        },
        TaskStep::ExtensionGrant { until } => StepFields {
            until: until.to_string(),
            ..of("extension_grant")
        },
        TaskStep::ExtensionRefuse { reason } => StepFields {
            reason,
            ..of("extension_refuse")
        },
    })
}

/// The body, or a Chinese 422 saying what it should look like.
fn body(req: Result<Json<NewTaskEvent>, JsonRejection>) -> Result<NewTaskEvent, ApiError> {
    req.map(|Json(r)| r).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "请求体应为 JSON，含 expected_seq 和 action（sign_for、progress、extension_request、\
             completion、accept、return、extension_grant、extension_refuse）及该步骤的字段，\
             如 {\"expected_seq\":3,\"action\":\"progress\",\"text\":\"已起草制度。\",\"percent\":40}；\
             日期写作 2025-09-30，完成比例为0到100的整数。",
        )
    })
}

/// Record the next step on a task: 201 with the task as it now stands;
/// 403 when the caller may not record it, 409 when `expected_seq` is
/// stale, 422 with why the step is refused now.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/events", params(("id" = i64, Path)),
    request_body = NewTaskEvent,
    responses((status = 201, body = TaskJson), (status = 403, body = ApiError),
              (status = 404, body = ApiError), (status = 409, body = ApiError),
              (status = 422, body = ApiError)),
    security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    Path(id): Path<Id>,
    req: Result<Json<NewTaskEvent>, JsonRejection>,
) -> Result<(StatusCode, Json<TaskJson>), ApiError> {
    let req = body(req)?;
    let b = work::load(state.store.as_ref(), id.0).await?;
    let today = state.clock.today();
    let fields = fields_of(&state, &who, &b, req.step).await?;
    let read = step::read_with_items(
        state.store.as_ref(),
        b.record.agency_id,
        &fields,
        today,
        today.year(),
    );
    let action = read.await.map_err(|e| match e {
        gongkai_app::Error::Invalid(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m),
        other => other.into(),
    })?;
    match work::act(&state, &b, &who.staff, req.expected_seq, action).await {
        Ok(()) => {
            let b = work::load(state.store.as_ref(), id.0).await?;
            Ok((StatusCode::CREATED, Json(task_json(&state, &b).await?)))
        }
        Err(RecordError::Refused(m)) => Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m)),
        Err(RecordError::Stale) => Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "expected_seq {} 已过期：该任务已有新的记录。请重新读取任务（GET /api/v1/tasks/{}），以其 next_seq 提交。",
                req.expected_seq, id.0
            ),
        )),
        Err(RecordError::Other(e)) => Err(e.into()),
    }
}
