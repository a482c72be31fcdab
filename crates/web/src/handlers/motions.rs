//! 建议提案 on the workbench (`gongkai_app::motions`; thin: forms in,
//! pages out):
//!
//! - `GET /workbench/motions`: the agency's registers by year and session
//!   with its counts (handling, overdue, awaiting publication, published
//!   late — flagged), the motions it co-handles, and the form of a new
//!   session's register;
//! - `POST /workbench/motions/sessions`: create a session's register;
//! - `GET /workbench/motions/sessions/{id}` (`?after=` the next page): a
//!   session's register with the form of a new motion;
//!   `POST …/sessions/{id}`: register a motion;
//! - `GET /workbench/motions/overdue`: a supervisor's late motions per
//!   agency of its subtree; `?agency=CODE`: one agency's late motions.
//!
//! One motion's page and its forms are `motions_show`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::motions::view::{self, Line, Overview};
use gongkai_app::motions::{self as app, MotionInput, ProposerRow, SessionInput};
use gongkai_domain::participation::clocks::MotionKind;
use gongkai_store::{MotionSession, MotionsOverdue};
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// The kinds as the forms offer them.
pub fn kinds() -> Vec<Opt> {
    MotionKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: k.label().into(),
        })
        .collect()
}

/// The session form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SessionForm {
    pub kind: String,
    pub year: String,
    pub name: String,
    pub reply_months: String,
    pub assigned_by: String,
}

#[derive(Template)]
#[template(path = "motions.html")]
pub struct OverviewPage {
    pub chrome: Chrome,
    pub agency: String,
    pub o: Overview,
    pub code: String,
    pub kinds: Vec<Opt>,
    pub form: SessionForm,
    pub error: Option<String>,
}

impl OverviewPage {
    pub fn sessions(&self) -> &[MotionSession] {
        &self.o.sessions
    }
}

async fn overview_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    form: SessionForm,
    error: Option<String>,
) -> AppResult<String> {
    let o = view::overview(state, &reader(who)).await?;
    Ok(OverviewPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.profile.full_name.clone(),
        code: who.agency.profile.code.to_string(),
        o,
        kinds: kinds(),
        form,
        error,
    }
    .render()?)
}

/// `GET /workbench/motions`
pub async fn overview(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    use chrono::Datelike;
    let form = SessionForm {
        kind: MotionKind::Suggestion.code().into(),
        year: state.clock.today().year().to_string(),
        reply_months: "3".into(),
        ..SessionForm::default()
    };
    Ok(Html(
        overview_page(&state, &who, &csrf.0.0, form, None).await?,
    ))
}

/// `POST /workbench/motions/sessions`
pub async fn create_session(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<SessionForm>,
) -> AppResult<Response> {
    let input = SessionInput {
        kind: f.kind.clone(),
        year: f.year.clone(),
        name: f.name.clone(),
        reply_months: f.reply_months.clone(),
        assigned_by: f.assigned_by.clone(),
    };
    let created = app::create_session(&state, &reader(&who), Some(who.staff.id), &input).await;
    match created.map_err(typed) {
        Ok(id) => Ok(Redirect::to(&format!("/workbench/motions/sessions/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = overview_page(&state, &who, &csrf.0.0, f, Some(message)).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// Proposer rows the form offers.
const PROPOSER_ROWS: usize = 5;

/// The motion form as typed: `proposer_N`, `group_N`, `contact_N` for
/// the proposers.
#[derive(Clone, Default)]
pub struct MotionForm {
    pub number: String,
    pub title: String,
    pub proposers: Vec<ProposerRow>,
    pub co_agencies: String,
    pub assigned_on: String,
}

/// The value of `name` in a form's fields (the last one sent).
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Most proposer rows read from a form (the app refuses more proposers).
const ROWS_READ: usize = 60;

impl MotionForm {
    fn read(fields: &[(String, String)]) -> MotionForm {
        let proposers = (1..=ROWS_READ)
            .take_while(|n| fields.iter().any(|(k, _)| k == &format!("proposer_{n}")))
            .map(|n| ProposerRow {
                name: field(fields, &format!("proposer_{n}")).into(),
                group: field(fields, &format!("group_{n}")).into(),
                contact: field(fields, &format!("contact_{n}")).into(),
            })
            .collect();
        MotionForm {
            number: field(fields, "number").into(),
            title: field(fields, "title").into(),
            proposers,
            co_agencies: field(fields, "co_agencies").into(),
            assigned_on: field(fields, "assigned_on").into(),
        }
    }

    fn input(&self) -> MotionInput {
        MotionInput {
            number: self.number.clone(),
            title: self.title.clone(),
            proposers: self.proposers.clone(),
            co_agencies: self.co_agencies.clone(),
            assigned_on: self.assigned_on.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "motion_session.html")]
pub struct SessionPage {
    pub chrome: Chrome,
    pub s: MotionSession,
    pub manage: bool,
    pub lines: Vec<Line>,
    pub next: Option<String>,
    pub form: MotionForm,
    pub error: Option<String>,
}

async fn session_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    (id, after): (i64, Option<i64>),
    (mut form, error): (MotionForm, Option<String>),
) -> AppResult<String> {
    let p = view::session_page(state, &reader(who), id, after).await?;
    let blank = PROPOSER_ROWS.saturating_sub(form.proposers.len()).max(1);
    form.proposers
        .extend(std::iter::repeat_with(ProposerRow::default).take(blank));
    Ok(SessionPage {
        chrome: Chrome::new(Some(who), csrf),
        manage: p.access.manages(),
        next: p
            .next
            .map(|n| format!("/workbench/motions/sessions/{id}?after={n}")),
        s: p.session,
        lines: p.lines,
        form,
        error,
    }
    .render()?)
}

/// `?after=ID`: the next page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AfterParams {
    after: Option<Id>,
}

/// `GET /workbench/motions/sessions/{id}`
pub async fn session(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Query(q): Query<AfterParams>,
) -> AppResult<Html<String>> {
    let form = MotionForm {
        assigned_on: state.clock.today().to_string(),
        ..MotionForm::default()
    };
    let after = q.after.map(|Id(a)| a);
    let html = session_page(&state, &who, &csrf.0.0, (id, after), (form, None)).await?;
    Ok(Html(html))
}

/// `POST /workbench/motions/sessions/{id}`
pub async fn register(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = MotionForm::read(&fields);
    let done = app::register(&state, &reader(&who), Some(who.staff.id), id, &form.input()).await;
    match done.map_err(typed) {
        Ok(m) => Ok(Redirect::to(&format!("/workbench/motions/{m}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html =
                session_page(&state, &who, &csrf.0.0, (id, None), (form, Some(message))).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// `?agency=CODE&after=ID`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OverdueParams {
    agency: Option<String>,
    after: Option<Id>,
}

#[derive(Template)]
#[template(path = "motions_overdue.html")]
pub struct OverduePage {
    pub chrome: Chrome,
    /// The subtree's agencies with late motions (no `agency` asked).
    pub agencies: Vec<MotionsOverdue>,
    /// One agency's late motions.
    pub agency: Option<String>,
    pub lines: Vec<Line>,
    pub next: Option<String>,
}

/// `GET /workbench/motions/overdue`
pub async fn overdue(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(q): Query<OverdueParams>,
) -> AppResult<Html<String>> {
    let r = reader(&who);
    let code = q.agency.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let page = match code {
        Some(code) => {
            let after = q.after.map(|Id(a)| a);
            let (a, lines, next) = view::overdue_list(&state, &r, code, after).await?;
            OverduePage {
                chrome: Chrome::new(Some(&who), &csrf.0.0),
                agencies: Vec::new(),
                next: next.map(|n| format!("/workbench/motions/overdue?agency={code}&after={n}")),
                agency: Some(a.profile.full_name),
                lines,
            }
        }
        None => OverduePage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            agencies: view::overdue_by_agency(&state, &r).await?,
            agency: None,
            lines: Vec::new(),
            next: None,
        },
    };
    Ok(Html(page.render()?))
}
