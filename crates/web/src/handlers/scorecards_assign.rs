//! 评分任务 (`gongkai_app::scorecards::assign`; thin: forms in, pages out):
//!
//! - `POST /workbench/scorecards/{run}/assignments` (code…, evaluator): the
//!   office gives the ticked agencies to one of its 评估人员;
//! - `POST …/{run}/assignments/withdraw` (task = `CODE:STAFF`): takes one
//!   back (the scores given stay);
//! - [`tasks_page`]: 我的评分任务, what `/workbench/scorecards` shows an
//!   evaluator — its agencies by run, with the leaves still to score.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::Csrf;
use super::scorecards::{reader, run_page, scorer, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::Chrome;
use gongkai_app::scorecards as app;

/// The run page after an assignment: 200 with what was done, 400 with why
/// not.
async fn answer(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<String, gongkai_app::Error>,
) -> AppResult<Response> {
    let (status, outcome) = match done.map_err(typed) {
        Ok(n) => (StatusCode::OK, (Some(n), None)),
        Err(Ok(m)) => (StatusCode::BAD_REQUEST, (None, Some(m))),
        Err(Err(e)) => return Err(e),
    };
    let html = run_page(state, who, csrf, id, outcome).await?;
    Ok((status, Html(html)).into_response())
}

/// The evaluator a form names: a number, else none (refused by the app).
fn staff_id(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

/// `POST /workbench/scorecards/{run}/assignments`
pub async fn assign(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let codes: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "code")
        .map(|(_, v)| v.clone())
        .collect();
    let evaluator = pairs
        .iter()
        .find(|(k, _)| k == "evaluator")
        .map_or(0, |(_, v)| staff_id(v));
    let done = app::assign(&state, &scorer(&who), id, &codes, evaluator)
        .await
        .map(|n| match n {
            0 => "所选单位已分配给该评估人员，无需重复分配。".to_string(),
            n => format!("已分配{n}个单位的评分任务。评估人员登录后在“我的评分任务”中评分。"),
        });
    answer(&state, &who, &csrf.0.0, id, done).await
}

#[derive(serde::Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    pub task: String,
}

/// `POST /workbench/scorecards/{run}/assignments/withdraw`
pub async fn withdraw(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<WithdrawForm>,
) -> AppResult<Response> {
    let (code, staff) = f.task.rsplit_once(':').unwrap_or((f.task.as_str(), ""));
    let done = app::unassign(&state, &scorer(&who), id, code, staff_id(staff))
        .await
        .map(|()| "已撤回该评分任务；已评的分数保留。".to_string());
    answer(&state, &who, &csrf.0.0, id, done).await
}

/// One task as the list shows it.
pub struct TaskLine {
    pub run_id: i64,
    pub title: String,
    pub agency: String,
    pub code: String,
    pub unscored: u32,
    pub assigned_on: String,
}

#[derive(Template)]
#[template(path = "scoring_tasks.html")]
pub struct TasksPage {
    pub chrome: Chrome,
    pub tasks: Vec<TaskLine>,
}

/// 我的评分任务 of the evaluator `who`.
pub async fn tasks_page(state: &AppState, who: &CurrentStaff, csrf: &str) -> AppResult<String> {
    Ok(TasksPage {
        chrome: Chrome::new(Some(who), csrf),
        tasks: task_lines(state, who, gongkai_store::SCORING_TASKS_MAX).await?,
    }
    .render()?)
}

/// The evaluator's newest `limit` tasks as lists show them.
pub async fn task_lines(
    state: &AppState,
    who: &CurrentStaff,
    limit: u32,
) -> AppResult<Vec<TaskLine>> {
    let tasks = app::tasks(state, &reader(who), who.staff.id, limit).await?;
    Ok(tasks
        .into_iter()
        .map(|t| TaskLine {
            run_id: t.run.id,
            title: format!("{}{}", t.run.period, t.run.kind.subject()),
            agency: t.agency.name,
            code: t.agency.code,
            unscored: t.unscored,
            assigned_on: gongkai_app::clock::beijing(t.assigned_at)
                .format("%Y-%m-%d")
                .to_string(),
        })
        .collect())
}
