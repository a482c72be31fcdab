//! One motion on the workbench (`gongkai_app::motions`):
//!
//! - `GET /workbench/motions/{id}`: the motion, its dates and where it
//!   stands; for the lead agency the proposers' contacts and the forms —
//!   extension (with the consent), reply, publication (with the preview of
//!   what will be published, contacts removed), satisfaction; co-handling
//!   agencies and supervisors read;
//! - `POST …/{id}/extend` (`until`, `consent`);
//! - `POST …/{id}/reply` (`text`, `grade`, `answered_on`);
//! - `POST …/{id}/publish` (`mode` full|summary, `summary`, `reason`;
//!   `action=preview` shows what would be published, nothing is stored);
//! - `POST …/{id}/satisfaction` (`satisfaction`, `asked_on`).
//!
//! A refusal of what was typed shows the page again with the message (400).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::motions::handle::removed_note;
use gongkai_app::motions::view::{MotionPage, motion_page};
use gongkai_app::motions::{
    self as app, ExtensionInput, PublishInput, ReplyInput, SatisfactionInput,
};
use gongkai_domain::participation::clocks::ReplyGrade;
use gongkai_domain::participation::motions::{PublishMode, Satisfaction};
use gongkai_store::MotionState;
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// What the publication form shows after a preview or a refusal.
#[derive(Default)]
pub struct Shown {
    pub publish: PublishForm,
    /// The summary as it would be published (after `action=preview`).
    pub summary_preview: Option<(String, String)>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "motion_staff.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub p: MotionPage,
    pub code: String,
    pub manage: bool,
    pub mark: String,
    pub mark_code: &'static str,
    pub flagged: bool,
    pub handling: bool,
    pub answered: bool,
    pub grades: Vec<Opt>,
    pub satisfactions: Vec<Opt>,
    /// The full reply as it would be published, and what it removes.
    pub preview: Option<(String, String)>,
    pub shown: Shown,
    pub today: String,
}

fn options<T: Copy>(all: &[T], value: fn(T) -> &'static str, label: fn(T) -> String) -> Vec<Opt> {
    all.iter()
        .map(|x| Opt {
            value: value(*x).into(),
            label: label(*x),
        })
        .collect()
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    p: MotionPage,
    today: String,
    shown: Shown,
) -> AppResult<String> {
    let preview = p
        .preview
        .as_ref()
        .map(|r| (r.text.clone(), removed_note(r)));
    Ok(ShowPage {
        chrome: Chrome::new(Some(who), csrf),
        code: p.agency.profile.code.to_string(),
        manage: p.access.manages(),
        mark: p.mark.label(),
        mark_code: p.mark.code(),
        flagged: p.mark.flagged(),
        handling: p.motion.state == MotionState::Handling,
        answered: p.motion.state == MotionState::Answered,
        grades: options(&ReplyGrade::ALL, ReplyGrade::code, |g| g.label().into()),
        satisfactions: options(&Satisfaction::ALL, Satisfaction::code, |s| s.label().into()),
        preview,
        p,
        shown,
        today,
    }
    .render()?)
}

/// `GET /workbench/motions/{id}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let p = motion_page(&state, &reader(&who), id).await?;
    let today = state.clock.today().to_string();
    Ok(Html(page(&who, &csrf.0.0, p, today, Shown::default())?))
}

/// The page after a form: back to the page (303), or the page again with
/// the refusal of what was typed (400).
async fn answer(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<(), gongkai_app::Error>,
    mut shown: Shown,
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(()) => Ok(Redirect::to(&format!("/workbench/motions/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let p = motion_page(state, &reader(who), id).await?;
            shown.error = Some(message);
            let html = page(who, csrf, p, state.clock.today().to_string(), shown)?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtendForm {
    until: String,
    consent: String,
}

/// `POST /workbench/motions/{id}/extend`
pub async fn extend(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<ExtendForm>,
) -> AppResult<Response> {
    let input = ExtensionInput {
        until: f.until,
        consent: f.consent,
    };
    let done = app::extend(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, Shown::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    text: String,
    grade: String,
    answered_on: String,
}

/// `POST /workbench/motions/{id}/reply`
pub async fn reply(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<ReplyForm>,
) -> AppResult<Response> {
    let input = ReplyInput {
        text: f.text,
        grade: f.grade,
        answered_on: f.answered_on,
    };
    let done = app::reply(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, Shown::default()).await
}

/// The publication form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PublishForm {
    pub mode: String,
    pub summary: String,
    pub reason: String,
    /// `preview` or `publish`.
    pub action: String,
}

impl PublishForm {
    fn input(&self) -> PublishInput {
        PublishInput {
            mode: self.mode.clone(),
            summary: self.summary.clone(),
            reason: self.reason.clone(),
        }
    }

    pub fn is_summary(&self) -> bool {
        self.mode == PublishMode::Summary.code()
    }
}

/// `POST /workbench/motions/{id}/publish`
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    let r = reader(&who);
    if f.action == "preview" {
        let shown = match app::preview(&state, &r, id, &f.input())
            .await
            .map_err(typed)
        {
            Ok(redacted) => Shown {
                summary_preview: Some((redacted.text.clone(), removed_note(&redacted))),
                publish: f,
                error: None,
            },
            Err(Err(e)) => return Err(e),
            Err(Ok(message)) => Shown {
                publish: f,
                summary_preview: None,
                error: Some(message),
            },
        };
        let p = motion_page(&state, &r, id).await?;
        let today = state.clock.today().to_string();
        return Ok(Html(page(&who, &csrf.0.0, p, today, shown)?).into_response());
    }
    let done = app::publish(&state, &r, Some(who.staff.id), id, &f.input()).await;
    let shown = Shown {
        publish: f,
        ..Shown::default()
    };
    answer(&state, &who, &csrf.0.0, id, done, shown).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SatisfactionForm {
    satisfaction: String,
    asked_on: String,
}

/// `POST /workbench/motions/{id}/satisfaction`
pub async fn satisfaction(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<SatisfactionForm>,
) -> AppResult<Response> {
    let input = SatisfactionInput {
        satisfaction: f.satisfaction,
        asked_on: f.asked_on,
    };
    let done = app::satisfaction(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, Shown::default()).await
}
