//! 回头看 of a plan (`/workbench/plans/{id}/lookback`): every task with a
//! responsible unit and a time limit, completed or not, the problems and
//! rectification recorded for those not completed, the sentences for the
//! annual report's parts 一 and 五, the implementation report as DOCX/PDF
//! and its publication in the agency's column. The rules and permissions
//! are `gongkai_app::plans::lookback`'s.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::plans::lookback::{self, Lookback, NoteForm, Outcome};

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::downloads::{FileKind, document};
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::Chrome;

/// One task's row as the page shows it.
pub struct RowView {
    pub id: i64,
    pub number: String,
    pub task: String,
    pub lead: String,
    pub limit: String,
    pub completed: bool,
    /// 已完成 on the date, or where the task stands.
    pub outcome: String,
    /// The completion report, or the last progress reported.
    pub report: String,
    pub version: u32,
    pub problem: String,
    pub rectification: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "plan_lookback.html")]
pub struct LookbackPage {
    pub chrome: Chrome,
    pub plan_id: i64,
    pub title: String,
    pub year: i32,
    pub agency_name: String,
    pub agency_code: String,
    pub due_from: String,
    pub open: bool,
    pub may_record: bool,
    pub rows: Vec<RowView>,
    pub completed: usize,
    pub left_out: usize,
    pub published_on: Option<String>,
    pub part_one: String,
    pub part_five: String,
    pub notice: Option<String>,
    pub error: Option<String>,
}

fn row_view(r: &lookback::LookbackRow) -> RowView {
    let (outcome, report) = match &r.outcome {
        Outcome::Completed { on, text } => (format!("已完成（{on}）"), text.clone()),
        Outcome::Open { state, progress } => {
            (format!("未完成（{}）", state.label()), progress.clone())
        }
    };
    let note = r.note.as_ref();
    RowView {
        id: r.task.id,
        number: r.task.number.clone().unwrap_or_default(),
        task: r.task.task.clone(),
        lead: r.lead.join("、"),
        limit: r.limit.map(|l| l.label()).unwrap_or_default(),
        completed: r.completed(),
        outcome,
        report,
        version: r.note_version(),
        problem: note.map(|n| n.problem.clone()).unwrap_or_default(),
        rectification: note.map(|n| n.rectification.clone()).unwrap_or_default(),
        deadline: note
            .and_then(|n| n.deadline)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    l: Lookback,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let rows: Vec<RowView> = l.rows.iter().map(row_view).collect();
    Ok(LookbackPage {
        chrome: Chrome::new(Some(who), csrf),
        plan_id: l.plan.id,
        title: l.plan.title.clone(),
        year: l.plan.year,
        agency_name: l.agency.profile.full_name.clone(),
        agency_code: l.agency.profile.code.to_string(),
        due_from: l.due_from.to_string(),
        open: l.open,
        may_record: l.may_record,
        completed: rows.iter().filter(|r| r.completed).count(),
        rows,
        left_out: l.left_out,
        published_on: l.published_on.map(|d| d.to_string()),
        part_one: l.sentences.part_one,
        part_five: l.sentences.part_five,
        notice,
        error,
    }
    .render()?)
}

/// `GET /workbench/plans/{id}/lookback`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let l = lookback::load(&state, &who.staff, id).await?;
    Ok(Html(page(&who, &csrf.0.0, l, None, None)?))
}

/// The page again after a POST: the notice, or the refusal with its status
/// (a refusal of the permission is the error page).
async fn after(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<String, gongkai_app::Error>,
) -> AppResult<Response> {
    use gongkai_app::Error;
    let (status, notice, error) = match done {
        Ok(n) => (StatusCode::OK, Some(n), None),
        Err(e @ Error::Invalid(_)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e.to_string())),
        Err(e @ Error::Conflict { .. }) => (StatusCode::CONFLICT, None, Some(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    let l = lookback::load(state, &who.staff, id).await?;
    Ok((status, Html(page(who, csrf, l, notice, error)?)).into_response())
}

/// `POST /workbench/plans/{id}/lookback`: record a task's problems and
/// rectification.
pub async fn note(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    let done = lookback::record_note(&state, &who.staff, id, &form)
        .await
        .map(|()| "已保存该任务的存在问题和整改措施。".to_string());
    after(&state, &who, &csrf.0.0, id, done).await
}

/// `POST /workbench/plans/{id}/lookback/publish`: publish the report in
/// the agency's column.
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    let done = lookback::publish(&state, &who.staff, id).await.map(|on| {
        format!(
            "落实情况报告已于{on}在本机关政府信息公开栏目公开；此后修改整改措施的，请重新公开。"
        )
    });
    after(&state, &who, &csrf.0.0, id, done).await
}

/// `GET /workbench/plans/{id}/report.docx`
pub async fn report_docx(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    let (doc, name) = lookback::report(&state, &who.staff, id).await?;
    document(doc, &name, FileKind::Docx).await
}

/// `GET /workbench/plans/{id}/report.pdf`
pub async fn report_pdf(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    let (doc, name) = lookback::report(&state, &who.staff, id).await?;
    document(doc, &name, FileKind::Pdf).await
}
