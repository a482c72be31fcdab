//! 政务公开工作要点 in an agency's 政府信息公开 column: its plans
//! (`/agencies/{code}/plans`), each plan's task list
//! (`/agencies/{code}/plans/{id}`) and the implementation report the agency
//! published (`…/{id}/report.docx|.pdf`). Public pages: units and states,
//! never a member of staff (`gongkai_app::plans::lookback::public`).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use gongkai_app::plans::lookback::public::{self, PublicPlanEntry, PublicTask};
use gongkai_store::{Agency, PlanRecord};

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::downloads::{FileKind, document};
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

#[derive(Template)]
#[template(path = "plans_public.html")]
pub struct PlansPublicPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub plans: Vec<PublicPlanEntry>,
}

#[derive(Template)]
#[template(path = "plan_public.html")]
pub struct PlanPublicPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub plan: PlanRecord,
    pub lines: Vec<TaskLine>,
    pub completed: usize,
    pub report_on: Option<String>,
}

/// A task of the list, with its chapter's heading where the chapter begins.
pub struct TaskLine {
    pub head: Option<String>,
    pub t: PublicTask,
}

fn lines(tasks: Vec<PublicTask>) -> Vec<TaskLine> {
    let mut chapter: Option<String> = None;
    tasks
        .into_iter()
        .map(|t| {
            let head = match &t.chapter {
                Some(c) if chapter.as_ref() != Some(c) => Some(c.clone()),
                _ => None,
            };
            if t.chapter.is_some() {
                chapter.clone_from(&t.chapter);
            }
            TaskLine { head, t }
        })
        .collect()
}

/// `GET /agencies/{code}/plans`
pub async fn list(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let plans = public::plans(state.store.as_ref(), &agency).await?;
    Ok(Html(
        PlansPublicPage {
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            agency,
            parts: ColumnPart::ALL,
            plans,
        }
        .render()?,
    ))
}

/// `GET /agencies/{code}/plans/{id}`
pub async fn show(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Html<String>> {
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let p = public::plan(state.store.as_ref(), &agency, id).await?;
    Ok(Html(
        PlanPublicPage {
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            completed: p.tasks.iter().filter(|t| t.completed).count(),
            report_on: p.report_on.map(|d| d.to_string()),
            agency,
            plan: p.plan,
            lines: lines(p.tasks),
        }
        .render()?,
    ))
}

async fn report(state: &AppState, code: &str, id: i64, kind: FileKind) -> AppResult<Response> {
    let agency = crate::tree::public_agency(state, code).await?;
    let (doc, name) = public::report(state.store.as_ref(), &agency, id).await?;
    document(doc, &name, kind).await
}

/// `GET /agencies/{code}/plans/{id}/report.docx`: the report as published.
pub async fn report_docx(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Response> {
    report(&state, &code, id, FileKind::Docx).await
}

/// `GET /agencies/{code}/plans/{id}/report.pdf`
pub async fn report_pdf(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Response> {
    report(&state, &code, id, FileKind::Pdf).await
}
