//! 政民互动 on the workbench (`gongkai_app::questions`; thin: forms in,
//! pages out):
//!
//! - `GET /workbench/questions`: the agency's open questions, the soonest
//!   due first, with the working days left or overdue and the escalation
//!   marks (`?shelf=closed`: the closed ones, newest first; `?agency=CODE`:
//!   an agency below, read by its supervising office; `?after=` the next
//!   page);
//! - `GET /workbench/questions/{id}`: one question (the asker and the
//!   contact for the agency's own staff only) with its forms;
//! - `POST …/{id}/answer` (`answer`), `POST …/{id}/publish` (`subject`,
//!   `body`: the texts as published, personal data removed), `POST
//!   …/{id}/refer` (`channel`, `to`): each back to the page (303) or the
//!   page again with the refusal (400);
//! - `GET|POST /workbench/questions/settings`: the agency's days (its
//!   administrator).
//!
//! Converting a question into an application is `questions_convert`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::questions::settings::{RulesInput, rules, set_rules};
use gongkai_app::questions::view::{Queue, Shelf, StaffPage, queue, staff_page};
use gongkai_app::questions::{self as app, Access, PublishInput, ReferInput};
use gongkai_domain::participation::clocks::QuestionRules;
use gongkai_domain::participation::questions::OtherChannel;
use gongkai_store::QuestionState;
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// `?shelf=closed&agency=CODE&after=ID`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueParams {
    shelf: String,
    agency: String,
    after: Option<Id>,
}

#[derive(Template)]
#[template(path = "questions.html")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub q: Queue,
    pub own: bool,
    pub closed: bool,
    /// The query string that keeps the agency (`&agency=CODE` or empty).
    pub keep: String,
    pub next: Option<String>,
}

/// `GET /workbench/questions`
pub async fn list(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(p): Query<QueueParams>,
) -> AppResult<Html<String>> {
    let shelf = match p.shelf.as_str() {
        "closed" => Shelf::Closed,
        _ => Shelf::Open,
    };
    let code = Some(p.agency.as_str()).filter(|c| !c.trim().is_empty());
    let after = p.after.map(|Id(a)| a);
    let q = queue(&state, &reader(&who), code, shelf, after).await?;
    let keep = code.map_or(String::new(), |c| format!("&agency={}", c.trim()));
    let closed = shelf == Shelf::Closed;
    let next = q.next.map(|n| {
        let shelf = if closed { "closed" } else { "open" };
        format!("/workbench/questions?shelf={shelf}{keep}&after={n}")
    });
    Ok(Html(
        QueuePage {
            chrome: Chrome::new(Some(&who), &csrf.0.0),
            own: q.agency.id == who.agency.id,
            q,
            closed,
            keep,
            next,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "question_staff.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub p: StaffPage,
    pub answer: bool,
    pub open: bool,
    pub may_publish: bool,
    pub channels: Vec<Opt>,
    pub asks_for: Vec<(&'static str, &'static str)>,
    pub form: Typed,
    pub error: Option<String>,
}

impl ShowPage {
    pub fn state(&self) -> &'static str {
        self.p.q.state.label()
    }

    pub fn at(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        gongkai_app::clock::beijing(*t)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }
}

/// What a refused form had typed, shown again.
#[derive(Default)]
pub struct Typed {
    pub answer: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub channel: String,
    pub to: String,
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    p: StaffPage,
    (form, error): (Typed, Option<String>),
) -> AppResult<String> {
    let answer = p.access == Access::Answer;
    let open = p.q.state == QuestionState::Open;
    Ok(ShowPage {
        chrome: Chrome::new(Some(who), csrf),
        may_publish: answer && p.q.consent && p.q.state == QuestionState::Answered,
        channels: OtherChannel::ALL
            .iter()
            .map(|c| Opt {
                value: c.code().into(),
                label: c.label().into(),
            })
            .collect(),
        asks_for: OtherChannel::ALL
            .iter()
            .map(|c| (c.label(), c.asks_for()))
            .collect(),
        p,
        answer,
        open,
        form,
        error,
    }
    .render()?)
}

/// `GET /workbench/questions/{id}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let p = staff_page(&state, &reader(&who), id).await?;
    Ok(Html(page(&who, &csrf.0.0, p, (Typed::default(), None))?))
}

/// Back to the page (303), or the page again with the refusal of what
/// was typed (400).
async fn after(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<(), gongkai_app::Error>,
    typed_form: Typed,
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(()) => Ok(Redirect::to(&format!("/workbench/questions/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let p = staff_page(state, &reader(who), id).await?;
            let html = page(who, csrf, p, (typed_form, Some(message)))?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
}

/// `POST /workbench/questions/{id}/answer`
pub async fn answer(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<AnswerForm>,
) -> AppResult<Response> {
    let done = app::answer(&state, &reader(&who), Some(who.staff.id), id, &f.answer).await;
    let typed_form = Typed {
        answer: f.answer,
        ..Typed::default()
    };
    after(&state, &who, &csrf.0.0, id, done, typed_form).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    subject: String,
    body: String,
}

/// `POST /workbench/questions/{id}/publish`
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    let input = PublishInput {
        subject: f.subject.clone(),
        body: f.body.clone(),
    };
    let done = app::publish(&state, &reader(&who), Some(who.staff.id), id, &input)
        .await
        .map(|_| ());
    let typed_form = Typed {
        subject: Some(f.subject),
        body: Some(f.body),
        ..Typed::default()
    };
    after(&state, &who, &csrf.0.0, id, done, typed_form).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReferForm {
    channel: String,
    to: String,
}

/// `POST /workbench/questions/{id}/refer`
pub async fn refer(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<ReferForm>,
) -> AppResult<Response> {
    let input = ReferInput {
        channel: f.channel.clone(),
        to: f.to.clone(),
    };
    let done = app::refer(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    let typed_form = Typed {
        channel: f.channel,
        to: f.to,
        ..Typed::default()
    };
    after(&state, &who, &csrf.0.0, id, done, typed_form).await
}

#[derive(Template)]
#[template(path = "question_settings.html")]
pub struct SettingsPage {
    pub chrome: Chrome,
    pub agency: String,
    pub answer_days: String,
    pub escalate_after_months: String,
    pub saved: bool,
    pub error: Option<String>,
}

/// `?saved=1` after saving.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsParams {
    saved: Option<String>,
}

fn settings_page(
    who: &CurrentStaff,
    csrf: &str,
    (days, months): (String, String),
    saved: bool,
    error: Option<String>,
) -> AppResult<String> {
    Ok(SettingsPage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.profile.full_name.clone(),
        answer_days: days,
        escalate_after_months: months,
        saved,
        error,
    }
    .render()?)
}

fn shown(r: QuestionRules) -> (String, String) {
    (
        r.answer_days.to_string(),
        r.escalate_after_months.to_string(),
    )
}

/// `GET /workbench/questions/settings`
pub async fn settings(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(p): Query<SettingsParams>,
) -> AppResult<Html<String>> {
    let r = rules(&state, &reader(&who)).await?;
    let saved = p.saved.is_some();
    Ok(Html(settings_page(&who, &csrf.0.0, shown(r), saved, None)?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    answer_days: String,
    escalate_after_months: String,
}

/// `POST /workbench/questions/settings`
pub async fn save_settings(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<SettingsForm>,
) -> AppResult<Response> {
    let input = RulesInput {
        answer_days: f.answer_days.clone(),
        escalate_after_months: f.escalate_after_months.clone(),
    };
    match set_rules(&state, &reader(&who), Some(who.staff.id), &input)
        .await
        .map_err(typed)
    {
        Ok(_) => Ok(Redirect::to("/workbench/questions/settings?saved=1").into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let typed_values = (f.answer_days, f.escalate_after_months);
            let html = settings_page(&who, &csrf.0.0, typed_values, false, Some(message))?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}
