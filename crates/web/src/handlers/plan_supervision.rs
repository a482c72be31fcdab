//! The supervising office's 督查 of the work plans of its subtree
//! (`gongkai_app::plans::inspections`; thin: forms in, pages out):
//!
//! - `GET /workbench/supervision/plans?year=`: each agency's plans and task
//!   counts, the agencies without a plan, the year's inspections;
//! - `POST /workbench/supervision/inspections` (year, period, frozen_on):
//!   open an inspection, freezing every task;
//! - `GET /workbench/supervision/inspections/{inspection}`: the frozen
//!   figures per agency, the red and listed tasks, the findings;
//! - `POST …/{inspection}/findings` (agency, problem, rectification,
//!   deadline) and `POST …/{inspection}/issue` (number, date);
//! - `GET …/{inspection}/bulletin.docx|.pdf`: the 通报.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_app::plans::inspections::{
    self as app, FindingInput, InspectionView, IssueInput, OpenInput, Supervision,
};
use gongkai_domain::document::date_cn;
use gongkai_domain::plan::paper::rate_label;
use gongkai_store::FrozenCounts;
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::downloads::{FileKind, document};
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path, Query, Year};
use crate::state::AppState;
use crate::views::Chrome;

fn as_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A date as the pages print it (`2026年12月31日`), or `—`.
fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), date_cn)
}

#[derive(Template)]
#[template(path = "plan_supervision.html")]
pub struct SupervisionPage {
    pub chrome: Chrome,
    pub s: Supervision,
    /// Agencies without a plan beyond those named.
    pub more_missing: u64,
    pub error: Option<String>,
    pub period: String,
    pub frozen_on: String,
}

/// A frozen task as the inspection page lists it.
pub struct FlaggedLine {
    pub agency: String,
    pub task_id: i64,
    pub text: String,
    pub lead: String,
    pub state: &'static str,
    pub light: &'static str,
    pub light_label: &'static str,
    pub due: String,
    pub listed: bool,
}

/// A finding as the inspection page lists it.
pub struct FindingLine {
    pub agency: String,
    pub problem: String,
    pub rectification: String,
    pub deadline: String,
    pub task_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "plan_inspection.html")]
pub struct InspectionPage {
    pub chrome: Chrome,
    pub v: InspectionView,
    pub frozen_on: String,
    /// The 通报's number and date; empty before it is issued.
    pub bulletin_number: String,
    pub bulletin_date: String,
    /// Per agency: the frozen figures and the completion rate.
    pub counts: Vec<(FrozenCounts, String)>,
    pub flagged: Vec<FlaggedLine>,
    pub findings: Vec<FindingLine>,
    pub error: Option<String>,
    pub finding: FindingForm,
    pub issue: IssueForm,
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<Year>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OpenForm {
    year: String,
    period: String,
    frozen_on: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FindingForm {
    pub agency: String,
    pub problem: String,
    pub rectification: String,
    pub deadline: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct IssueForm {
    pub number: String,
    pub date: String,
}

async fn supervision_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    year: i32,
    error: Option<String>,
    form: OpenForm,
) -> AppResult<String> {
    let s = app::supervision(state, &who.staff, year).await?;
    let frozen_on = match form.frozen_on.trim() {
        "" => s.today.to_string(),
        f => f.to_string(),
    };
    let named = u64::try_from(s.missing.len()).unwrap_or(u64::MAX);
    Ok(SupervisionPage {
        chrome: Chrome::new(Some(who), csrf),
        more_missing: s.missing_total.saturating_sub(named),
        s,
        error,
        period: form.period,
        frozen_on,
    }
    .render()?)
}

pub async fn plans(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<YearQuery>,
) -> AppResult<Html<String>> {
    let year = q.year.map_or_else(|| state.clock.today().year(), |y| y.0);
    let html = supervision_page(&state, &who, &csrf.0.0, year, None, OpenForm::default()).await;
    Ok(Html(html?))
}

/// A refusal of what was typed is shown on the form (400); anything else
/// is the error page.
fn typed(e: gongkai_app::Error) -> Result<String, AppError> {
    match e {
        gongkai_app::Error::Invalid(m) => Ok(m),
        other => Err(other.into()),
    }
}

pub async fn open(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<OpenForm>,
) -> AppResult<Response> {
    let this_year = state.clock.today().year();
    // Not a number: 0, which the command refuses after the permission check.
    let year = match f.year.trim() {
        "" => this_year,
        y => y.parse().unwrap_or(0),
    };
    let input = OpenInput {
        year,
        period: f.period.clone(),
        frozen_on: f.frozen_on.clone(),
    };
    match app::open(&state, &who.staff, &input).await.map_err(typed) {
        Ok(id) => {
            Ok(Redirect::to(&format!("/workbench/supervision/inspections/{id}")).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let year = if year == 0 { this_year } else { year };
            // A year the page cannot show either: its refusal alone.
            let html = supervision_page(&state, &who, &csrf.0.0, year, Some(message), f).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

async fn inspection_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    error: Option<String>,
    forms: (FindingForm, IssueForm),
) -> AppResult<String> {
    let v = app::inspection(state, &who.staff, id).await?;
    let flagged = v
        .flagged
        .iter()
        .map(|t| FlaggedLine {
            agency: v.agency_name(t.agency_id),
            task_id: t.task_id,
            text: format!("{}{}", t.number.as_deref().unwrap_or(""), t.task),
            lead: t.lead.clone().unwrap_or_default(),
            state: t.state.label(),
            light: t.light.code(),
            light_label: t.light.label(),
            due: day(t.due_on),
            listed: t.listed,
        })
        .collect();
    let findings = v
        .findings
        .iter()
        .map(|f| FindingLine {
            agency: f.agency.name.clone(),
            problem: f.problem.clone(),
            rectification: f.rectification.clone(),
            deadline: date_cn(f.deadline),
            task_id: f.task_id,
        })
        .collect();
    let (finding, mut issue) = forms;
    if issue.date.is_empty() {
        issue.date = state.clock.today().to_string();
    }
    Ok(InspectionPage {
        chrome: Chrome::new(Some(who), csrf),
        frozen_on: date_cn(v.record.frozen_on),
        bulletin_number: v
            .record
            .bulletin
            .as_ref()
            .map(|b| b.number.clone())
            .unwrap_or_default(),
        bulletin_date: v
            .record
            .bulletin
            .as_ref()
            .map(|b| date_cn(b.date))
            .unwrap_or_default(),
        counts: v
            .counts
            .iter()
            .map(|c| {
                (
                    c.clone(),
                    rate_label(as_usize(c.completed), as_usize(c.tasks)),
                )
            })
            .collect(),
        flagged,
        findings,
        error,
        finding,
        issue,
        v,
    }
    .render()?)
}

pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let forms = (FindingForm::default(), IssueForm::default());
    Ok(Html(
        inspection_page(&state, &who, &csrf.0.0, id, None, forms).await?,
    ))
}

/// After a write: back to the page, or the page with the refusal (400).
async fn answer(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<(), gongkai_app::Error>,
    forms: (FindingForm, IssueForm),
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(()) => {
            Ok(Redirect::to(&format!("/workbench/supervision/inspections/{id}")).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = inspection_page(state, who, csrf, id, Some(message), forms).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

pub async fn add_finding(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<FindingForm>,
) -> AppResult<Response> {
    let input = FindingInput {
        agency: f.agency.clone(),
        problem: f.problem.clone(),
        rectification: f.rectification.clone(),
        deadline: f.deadline.clone(),
    };
    let done = app::add_finding(&state, &who.staff, id, &input).await;
    let forms = (f, IssueForm::default());
    answer(&state, &who, &csrf.0.0, id, done.map(|_| ()), forms).await
}

pub async fn issue(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<IssueForm>,
) -> AppResult<Response> {
    let input = IssueInput {
        number: f.number.clone(),
        date: f.date.clone(),
    };
    let done = app::issue(&state, &who.staff, id, &input).await;
    let forms = (FindingForm::default(), f);
    answer(&state, &who, &csrf.0.0, id, done.map(|_| ()), forms).await
}

async fn bulletin(state: AppState, who: CurrentStaff, id: i64, pdf: bool) -> AppResult<Response> {
    let input = app::bulletin_input(&state, &who.staff, id).await?;
    let doc = gongkai_domain::plan::paper::inspection_bulletin(&input);
    let name = match input.number.as_str() {
        "" => format!("{}（草稿）", doc.title),
        n => format!("{}-{n}", doc.title),
    };
    let kind = if pdf { FileKind::Pdf } else { FileKind::Docx };
    document(doc, &name, kind).await
}

pub async fn bulletin_docx(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    bulletin(state, who, id, false).await
}

pub async fn bulletin_pdf(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    bulletin(state, who, id, true).await
}
