//! 考核评分 of the supervising office (`gongkai_app::scorecards`; thin:
//! forms in, pages out):
//!
//! - `GET /workbench/scorecards`: the office's runs, newest first, and the
//!   form that starts one (template, 期间);
//! - `POST /workbench/scorecards` (kind, period): start a run over the
//!   office's subtree, then its page;
//! - `GET /workbench/scorecards/{run}`: the ranking (名次, 单位, 得分, 单项否决,
//!   结果, 与上期比较), each agency linking to its card;
//! - `GET …/{run}/bulletin.docx|.pdf`: the 通报.
//!
//! One agency's card and its hand scores are `scorecards_card`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::scorecards::{self as app, Assignments, RunRow, Scorer, Standing};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_domain::scorecard::{Change, Points, Scorecard, ScorecardKind};
use serde::Deserialize;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::downloads::{FileKind, document};
use crate::error::{AppError, AppResult};
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// Who asks, as the policy reads it.
pub fn reader(who: &CurrentStaff) -> Principal<'_> {
    Principal {
        agency: who.agency.id,
        roles: &who.staff.roles,
    }
}

/// Who reads or scores a run: the principal and the staff member.
pub fn scorer(who: &CurrentStaff) -> Scorer<'_> {
    Scorer {
        principal: reader(who),
        staff: who.staff.id,
    }
}

/// A refusal of what was typed is shown on the form (400); anything else
/// is the error page.
pub fn typed(e: gongkai_app::Error) -> Result<String, AppError> {
    match e {
        gongkai_app::Error::Invalid(m) => Ok(m),
        other => Err(other.into()),
    }
}

/// A run as the list shows it.
pub struct RunLine {
    pub id: i64,
    pub period: String,
    pub subject: &'static str,
    pub scored_on: String,
    pub agencies: u32,
}

#[derive(Template)]
#[template(path = "scorecards.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub office: String,
    pub runs: Vec<RunLine>,
    pub kinds: Vec<Opt>,
    pub form: StartForm,
    pub max_period: usize,
    pub error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StartForm {
    pub kind: String,
    pub period: String,
}

async fn list_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    form: StartForm,
    error: Option<String>,
) -> AppResult<String> {
    let o = app::office(state, &reader(who)).await?;
    let runs = o
        .runs
        .iter()
        .map(|r| RunLine {
            id: r.id,
            period: r.period.clone(),
            subject: r.kind.subject(),
            scored_on: r.scored_on.to_string(),
            agencies: r.agencies,
        })
        .collect();
    let kinds = ScorecardKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: k.subject().into(),
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::new(Some(who), csrf),
        office: o.agency.profile.full_name,
        runs,
        kinds,
        form,
        max_period: app::PERIOD_MAX_CHARS,
        error,
    }
    .render()?)
}

/// `GET /workbench/scorecards`
pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    // A 评估人员 who does not score for the office sees its own tasks.
    let roles = &who.staff.roles;
    if may_here(roles, Permission::ScoreAgencies).is_err()
        && may_here(roles, Permission::ScoreAssigned).is_ok()
    {
        let html = super::scorecards_assign::tasks_page(&state, &who, &csrf.0.0).await?;
        return Ok(Html(html));
    }
    let html = list_page(&state, &who, &csrf.0.0, StartForm::default(), None).await?;
    Ok(Html(html))
}

/// `POST /workbench/scorecards`
pub async fn start(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<StartForm>,
) -> AppResult<Response> {
    let r = reader(&who);
    let started = app::start_run(&state, &r, Some(who.staff.id), &f.kind, &f.period).await;
    match started.map_err(typed) {
        Ok(id) => Ok(Redirect::to(&format!("/workbench/scorecards/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = list_page(&state, &who, &csrf.0.0, f, Some(message)).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// A score as the tables print it: `87.5`, `87.5（暂计）` while leaves are
/// unscored, `—` for a vetoed agency (19号: 不再对其他指标进行评分).
pub fn score_label(card: &Scorecard) -> String {
    match (card.vetoed(), card.complete()) {
        (true, _) => "—".into(),
        (false, true) => card.total.to_string(),
        (false, false) => format!("{}（暂计）", card.total),
    }
}

/// 与上期比较: `+2`, `-3.5`, `持平`, with the verdict before when it
/// differs; `—` without a previous card.
pub fn change_label(card: &Scorecard, change: &Change) -> String {
    let Some(diff) = change.total else {
        return "—".into();
    };
    let mut s = match diff.tenths() {
        0 => "持平".to_string(),
        n if n > 0 => format!("+{}", Points(n)),
        _ => diff.to_string(),
    };
    if let Some(before) = change.verdict_before.filter(|v| *v != card.verdict) {
        s.push_str(&format!("（上期{}）", before.label()));
    }
    s
}

/// One agency's row of the ranking.
pub struct RankLine {
    pub place: usize,
    pub name: String,
    pub code: String,
    pub score: String,
    pub vetoes: String,
    pub verdict: &'static str,
    pub failed: bool,
    pub change: String,
    /// 评估人员 assigned (id, name): shown to the office.
    pub assigned: Vec<(i64, String)>,
}

fn rank_line(r: &RunRow, tasks: &Assignments) -> RankLine {
    let vetoes: Vec<&str> = r.card.vetoes.iter().map(|v| v.title.as_str()).collect();
    RankLine {
        place: r.place,
        name: r.agency.name.clone(),
        code: r.agency.code.clone(),
        score: score_label(&r.card),
        vetoes: if vetoes.is_empty() {
            "无".into()
        } else {
            vetoes.join("；")
        },
        verdict: r.card.verdict.label(),
        failed: !r.card.verdict.passed(),
        change: change_label(&r.card, &r.change),
        assigned: tasks
            .by_agency
            .get(&r.agency.id)
            .map(|v| {
                v.iter()
                    .map(|a| (a.staff_id, a.staff_name.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "scorecard_run.html")]
pub struct RunPage {
    pub chrome: Chrome,
    pub id: i64,
    pub title: String,
    pub office: String,
    pub scored_on: String,
    pub previous: Option<String>,
    pub passed: usize,
    pub rows: Vec<RankLine>,
    pub provisional: usize,
    pub may_score: bool,
    /// The run's office: the 通报 and the assignment of evaluators.
    pub office_reader: bool,
    /// An evaluator: its agencies only.
    pub evaluator: bool,
    pub evaluators: Vec<Opt>,
    /// What the last assignment came to, or why it was refused.
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// The run page; `notice`/`error` after an assignment.
pub async fn run_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    (notice, error): (Option<String>, Option<String>),
) -> AppResult<String> {
    let s = scorer(who);
    let v = app::view_run(state, &s, id).await?;
    let tasks = match v.standing {
        Standing::Office => app::assignments(state, &s, id).await?,
        _ => Assignments::default(),
    };
    let page = RunPage {
        chrome: Chrome::new(Some(who), csrf),
        id: v.run.id,
        title: format!("{}{}", v.run.period, v.run.kind.subject()),
        office: v.office.clone(),
        scored_on: v.run.scored_on.to_string(),
        previous: v.previous.as_ref().map(|p| p.period.clone()),
        passed: v.rows.iter().filter(|r| r.card.verdict.passed()).count(),
        provisional: v.rows.iter().filter(|r| !r.card.complete()).count(),
        rows: v.rows.iter().map(|r| rank_line(r, &tasks)).collect(),
        may_score: v.standing != Standing::Above,
        office_reader: v.standing == Standing::Office,
        evaluator: matches!(v.standing, Standing::Evaluator(_)),
        evaluators: tasks
            .evaluators
            .iter()
            .map(|e| Opt {
                value: e.id.to_string(),
                label: e.name.clone(),
            })
            .collect(),
        notice,
        error,
    };
    Ok(page.render()?)
}

/// `GET /workbench/scorecards/{run}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let html = run_page(&state, &who, &csrf.0.0, id, (None, None)).await?;
    Ok(Html(html))
}

async fn bulletin(
    state: AppState,
    who: CurrentStaff,
    id: i64,
    kind: FileKind,
) -> AppResult<Response> {
    let doc = app::bulletin(&state, &scorer(&who), id, None).await?;
    let name = doc.title.clone();
    document(doc, &name, kind).await
}

/// `GET /workbench/scorecards/{run}/bulletin.docx`
pub async fn bulletin_docx(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    bulletin(state, who, id, FileKind::Docx).await
}

/// `GET /workbench/scorecards/{run}/bulletin.pdf`
pub async fn bulletin_pdf(
    State(state): State<AppState>,
    who: CurrentStaff,
    Path(Id(id)): Path<Id>,
) -> AppResult<Response> {
    bulletin(state, who, id, FileKind::Pdf).await
}
