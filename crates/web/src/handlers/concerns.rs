//! 回应关切 on the workbench (`gongkai_app::concerns`; thin: forms in,
//! pages out):
//!
//! - `GET /workbench/concerns` (`?from=` the next page's offset): the
//!   agency's queue — open concerns by the nearest clock not met (overdue
//!   first), then the closed — with each clock's mark, and the form of a
//!   new concern; `POST /workbench/concerns`: register it;
//! - `GET /workbench/concerns/{id}`: a concern, its clocks (按时, 超时,
//!   未到期, 已超时未回应) and responses; for its agency's 信息员 and 审核人
//!   the forms: `POST …/{id}/respond` (`kind`, `responded_at`, `body`,
//!   `public`, `items`, `url`) and `POST …/{id}/close` (`note`).
//!
//! A refusal of what was typed shows the page again with the message and
//! what was typed (400).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::concerns::view::{self, ConcernPage, Queue};
use gongkai_app::concerns::{self as app, CloseInput, ConcernInput, ResponseInput};
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::{ResponseKind, shown};
use gongkai_store::ConcernState;
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

fn classes() -> Vec<Opt> {
    ConcernClass::ALL
        .iter()
        .map(|c| Opt {
            value: c.code().into(),
            label: format!("{}：{}", c.label(), c.rule()),
        })
        .collect()
}

fn kinds() -> Vec<Opt> {
    ResponseKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().into(),
            label: k.label().into(),
        })
        .collect()
}

/// The registration form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ConcernForm {
    pub title: String,
    pub class: String,
    pub learned_at: String,
    pub source: String,
    pub summary: String,
    pub lead_agency: String,
}

#[derive(Template)]
#[template(path = "concerns.html")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub agency: String,
    pub q: Queue,
    pub manage: bool,
    pub next: Option<String>,
    pub classes: Vec<Opt>,
    pub form: ConcernForm,
    pub error: Option<String>,
}

async fn queue_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    offset: u32,
    (form, error): (ConcernForm, Option<String>),
) -> AppResult<String> {
    let q = view::queue(state, &reader(who), offset).await?;
    Ok(QueuePage {
        chrome: Chrome::new(Some(who), csrf),
        agency: who.agency.profile.full_name.clone(),
        next: q.next.map(|n| format!("/workbench/concerns?from={n}")),
        manage: q.access == app::Access::Respond,
        q,
        classes: classes(),
        form,
        error,
    }
    .render()?)
}

/// `?from=N`: the offset of a later page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueParams {
    from: Option<Id>,
}

/// `GET /workbench/concerns`
pub async fn queue(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Query(p): Query<QueueParams>,
) -> AppResult<Html<String>> {
    let offset = p
        .from
        .map_or(0, |Id(n)| u32::try_from(n).unwrap_or(u32::MAX));
    let form = ConcernForm {
        class: ConcernClass::Other.code().into(),
        ..ConcernForm::default()
    };
    Ok(Html(
        queue_page(&state, &who, &csrf.0.0, offset, (form, None)).await?,
    ))
}

/// `POST /workbench/concerns`
pub async fn register(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(f): Form<ConcernForm>,
) -> AppResult<Response> {
    let input = ConcernInput {
        title: f.title.clone(),
        class: f.class.clone(),
        learned_at: f.learned_at.clone(),
        source: f.source.clone(),
        summary: f.summary.clone(),
        lead_agency: f.lead_agency.clone(),
    };
    let done = app::register(&state, &reader(&who), Some(who.staff.id), &input).await;
    match done.map_err(typed) {
        Ok(id) => Ok(Redirect::to(&format!("/workbench/concerns/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = queue_page(&state, &who, &csrf.0.0, 0, (f, Some(message))).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// The response form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ResponseForm {
    pub kind: String,
    pub responded_at: String,
    pub body: String,
    /// `1` when ticked.
    pub public: String,
    pub items: String,
    pub url: String,
}

#[derive(Template)]
#[template(path = "concern_staff.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub p: ConcernPage,
    pub code: String,
    pub manage: bool,
    pub open: bool,
    pub has_public: bool,
    pub learned_at: String,
    pub closed_at: Option<String>,
    pub kinds: Vec<Opt>,
    pub form: ResponseForm,
    pub error: Option<String>,
}

impl ShowPage {
    pub fn at(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        shown(*t)
    }
}

async fn show_page(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    (form, error): (ResponseForm, Option<String>),
) -> AppResult<String> {
    let p = view::concern_page(state, &reader(who), id).await?;
    Ok(ShowPage {
        chrome: Chrome::new(Some(who), csrf),
        code: p.agency.profile.code.to_string(),
        manage: p.access == app::Access::Respond,
        open: p.concern.state == ConcernState::Open,
        has_public: p.concern.responses.iter().any(|r| r.public),
        learned_at: shown(p.concern.learned_at),
        closed_at: p.concern.closed_at.map(shown),
        p,
        kinds: kinds(),
        form,
        error,
    }
    .render()?)
}

/// `GET /workbench/concerns/{id}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
) -> AppResult<Html<String>> {
    let form = ResponseForm {
        public: "1".into(),
        ..ResponseForm::default()
    };
    Ok(Html(
        show_page(&state, &who, &csrf.0.0, id, (form, None)).await?,
    ))
}

/// Back to the page (303), or the page again with the refusal (400).
async fn answer<T>(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<T, gongkai_app::Error>,
    form: ResponseForm,
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(_) => Ok(Redirect::to(&format!("/workbench/concerns/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = show_page(state, who, csrf, id, (form, Some(message))).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// `POST /workbench/concerns/{id}/respond`
pub async fn respond(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<ResponseForm>,
) -> AppResult<Response> {
    let input = ResponseInput {
        kind: f.kind.clone(),
        responded_at: f.responded_at.clone(),
        body: f.body.clone(),
        public: f.public == "1",
        items: f.items.clone(),
        url: f.url.clone(),
    };
    let done = app::respond(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, f).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    note: String,
}

/// `POST /workbench/concerns/{id}/close`
pub async fn close(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<CloseForm>,
) -> AppResult<Response> {
    let input = CloseInput { note: f.note };
    let done = app::close(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, ResponseForm::default()).await
}
