//! `GET|POST /workbench/plans/{id}/derive?agency=CODE`: an agency derives
//! its plan from the superior's plan `id` (级联) — for each superior task
//! whether it takes it up, what it does itself (具体要求), its lead unit and
//! its time limit — through `gongkai_app::plans::derive`. The superior's
//! tasks not taken up by any plan below are listed on the superior plan's
//! page for its supervising office.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::plans::access;
use gongkai_app::plans::derive::{DeriveChoice, DerivedTask, derive};
use gongkai_store::{Agency, PlanRecord, TaskRecord, Unit};
use serde::Deserialize;

use super::Csrf;
use super::plan_show::limit_text;
use crate::auth::CurrentStaff;
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::Chrome;

#[derive(Deserialize, Default)]
pub struct DeriveQuery {
    #[serde(default)]
    agency: String,
}

#[derive(Template)]
#[template(path = "plan_derive.html")]
pub struct DerivePage {
    pub chrome: Chrome,
    pub superior: PlanRecord,
    pub agency: Agency,
    pub tasks: Vec<(TaskRecord, String)>,
    pub units: Vec<Unit>,
    pub title: String,
    pub error: Option<String>,
}

async fn context(
    state: &AppState,
    who: &CurrentStaff,
    id: i64,
    code: &str,
) -> AppResult<(PlanRecord, Agency)> {
    let superior = state
        .store
        .plan(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("编号为{id}的工作要点")))?;
    let agency = match code.trim() {
        "" => who.agency.clone(),
        c => crate::tree::by_code(state, c).await?.agency,
    };
    let store = state.store.as_ref();
    access::may_manage(store, &who.staff, agency.id).await?;
    // Only an agency at or below the superior plan's issuer implements it.
    if !store
        .agency_lineage(agency.id)
        .await?
        .contains(&superior.agency_id)
    {
        return Err(AppError::forbidden(
            "只能根据本机关或上级机关的工作要点制定本机关的工作要点。",
        ));
    }
    Ok((superior, agency))
}

async fn page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    (superior, agency): (PlanRecord, Agency),
    error: Option<String>,
) -> AppResult<String> {
    let tasks = state.store.plan_tasks(superior.id).await?;
    Ok(DerivePage {
        chrome: Chrome::new(Some(who), csrf),
        tasks: tasks
            .into_iter()
            .map(|t| {
                let l = limit_text(&t);
                (t, l)
            })
            .collect(),
        units: state.store.units(agency.id).await?,
        title: format!(
            "{}年{}政务公开工作要点",
            superior.year, agency.profile.short_name
        ),
        superior,
        agency,
        error,
    }
    .render()?)
}

pub async fn form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(id): Path<Id>,
    Query(q): Query<DeriveQuery>,
) -> AppResult<Html<String>> {
    let ctx = context(&state, &who, id.0, &q.agency).await?;
    Ok(Html(page(&state, &who, &csrf.0.0, ctx, None).await?))
}

/// The form's pairs: `take` (a superior task's id, once per ticked task),
/// and per task `lead_{id}`, `requirement_{id}`, `limit_{id}`.
fn choice_of(
    pairs: &[(String, String)],
    agency: &Agency,
    year: i32,
) -> Result<DeriveChoice, String> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let some = |s: String| (!s.is_empty()).then_some(s);
    let mut tasks = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "take") {
        let id: i64 = v
            .trim()
            .parse()
            .map_err(|_| "请勾选要承接的任务。".to_string())?;
        let lead = get(&format!("lead_{id}"));
        tasks.push(DerivedTask {
            superior_task: Some(id),
            requirement: some(get(&format!("requirement_{id}"))),
            lead: match lead.as_str() {
                "" => Vec::new(),
                l => vec![
                    l.parse()
                        .map_err(|_| "请从列表中选择牵头单位。".to_string())?,
                ],
            },
            limit: some(get(&format!("limit_{id}"))),
            ..DerivedTask::default()
        });
    }
    Ok(DeriveChoice {
        agency: agency.id,
        year,
        title: get("title"),
        document_number: get("document_number"),
        issued_on: None,
        tasks,
    })
}

pub async fn save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(id): Path<Id>,
    Query(q): Query<DeriveQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (superior, agency) = context(&state, &who, id.0, &q.agency).await?;
    let error = match choice_of(&pairs, &agency, superior.year) {
        Err(e) => e,
        Ok(choice) => match derive(&state, &who.staff, superior.id, choice).await {
            Ok(plan) => {
                return Ok(Redirect::to(&format!("/workbench/plans/{plan}")).into_response());
            }
            Err(gongkai_app::Error::Invalid(m)) => m,
            Err(gongkai_app::Error::Conflict { message, .. }) => message,
            Err(e) => return Err(e.into()),
        },
    };
    let html = page(&state, &who, &csrf.0.0, (superior, agency), Some(error)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
