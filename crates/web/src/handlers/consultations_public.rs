//! 意见征集 in an agency's column (public pages, no JavaScript needed):
//!
//! - `GET /agencies/{code}/consultations`: open consultations first with
//!   the days left, then closed ones with whether their feedback is out
//!   (`?after=` the next page of closed ones);
//! - `GET /agencies/{code}/consultations/{id}`: the notice — the period
//!   (and the reason it was shortened), how to comment, the draft and its
//!   起草说明 —, the comment form while open, the comments shown after
//!   moderation, the feedback (意见采纳情况) and the final decision once
//!   published;
//! - `POST /agencies/{code}/consultations/{id}/comments`: a comment, kept
//!   before anything is answered (then 303 to the notice saying it was
//!   received); the form's one-time key makes a second submission harmless.
//!   Rate-limited per client address (`limits.rs`).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::consultations::view::{Line, Notice, PublicComment, public_list, public_page};
use gongkai_app::consultations::{self as app, CommentInput};
use gongkai_domain::participation::comment::{BODY_MAX_CHARS, BODY_MIN_CHARS};
use gongkai_store::Agency;
use serde::Deserialize;

use super::Csrf;
use super::scorecards::typed;
use crate::auth::MaybeStaff;
use crate::auth::session::random_token;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

#[derive(Template)]
#[template(path = "consultations_public.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub open: Vec<Line>,
    pub closed: Vec<Line>,
    pub next: Option<String>,
}

/// `?after=ID`: the next page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    after: Option<Id>,
}

/// `GET /agencies/{code}/consultations`
pub async fn list(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<ListParams>,
) -> AppResult<Html<String>> {
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let l = public_list(&state, agency.id, q.after.map(|Id(a)| a)).await?;
    let next = l
        .next
        .map(|n| format!("/agencies/{code}/consultations?after={n}"));
    Ok(Html(
        ListPage {
            chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
            agency,
            parts: ColumnPart::ALL,
            open: l.open,
            closed: l.closed,
            next,
        }
        .render()?,
    ))
}

/// The comment form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CommentForm {
    pub name: String,
    pub contact: String,
    pub body: String,
    pub submit_key: String,
}

/// A feedback line as the public page shows it.
pub struct FeedbackView {
    pub opinion: String,
    pub raised_by: u32,
    pub adoption: &'static str,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "consultation_public.html")]
pub struct NoticePage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub id: i64,
    pub title: String,
    pub phase: String,
    pub open: bool,
    pub closes_on: String,
    pub notice: Notice,
    pub shortened_reason: Option<String>,
    pub comment_address: Option<String>,
    pub comment_email: Option<String>,
    pub name_required: bool,
    pub draft_text: String,
    pub explanation: String,
    pub shown: Vec<PublicComment>,
    pub shown_next: Option<String>,
    pub received_total: u64,
    pub feedback: Option<Vec<FeedbackView>>,
    pub form: CommentForm,
    pub error: Option<String>,
    /// The comment just kept (its number).
    pub received: Option<i64>,
    pub body_min: usize,
    pub body_max: usize,
}

/// `?after=ID` (comments), `?received=N` (after a submission).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeParams {
    after: Option<Id>,
    received: Option<Id>,
}

struct Shown {
    after: Option<i64>,
    received: Option<i64>,
    form: CommentForm,
    error: Option<String>,
}

async fn notice_page(
    state: &AppState,
    who: Option<&crate::auth::CurrentStaff>,
    csrf: &str,
    (agency, id): (Agency, i64),
    s: Shown,
) -> AppResult<String> {
    let p = public_page(state, agency.id, id, s.after).await?;
    let code = agency.profile.code.clone();
    let feedback = p.feedback.map(|lines| {
        lines
            .into_iter()
            .map(|l| FeedbackView {
                adoption: l.adoption.label(),
                opinion: l.opinion,
                raised_by: l.raised_by,
                reason: l.reason,
            })
            .collect()
    });
    Ok(NoticePage {
        chrome: Chrome::new(who, csrf).previewing(&agency),
        agency,
        id,
        phase: p.phase.label(),
        open: p.phase.is_open(),
        closes_on: p.c.closes_on.to_string(),
        notice: p.notice,
        title: p.c.title,
        shortened_reason: p.c.shortened_reason,
        comment_address: p.c.comment_address,
        comment_email: p.c.comment_email,
        name_required: p.c.name_required,
        draft_text: p.c.draft_text,
        explanation: p.c.explanation,
        shown: p.shown,
        shown_next: p
            .shown_next
            .map(|n| format!("/agencies/{code}/consultations/{id}?after={n}#shown")),
        received_total: p.received,
        feedback,
        form: s.form,
        error: s.error,
        received: s.received,
        body_min: BODY_MIN_CHARS,
        body_max: BODY_MAX_CHARS,
    }
    .render()?)
}

/// A fresh form with its one-time key.
fn fresh_form() -> CommentForm {
    CommentForm {
        submit_key: random_token(),
        ..CommentForm::default()
    }
}

/// `GET /agencies/{code}/consultations/{id}`
pub async fn show(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
    Query(q): Query<NoticeParams>,
) -> AppResult<Html<String>> {
    let agency = crate::tree::column_agency(&state, who.as_ref(), &code).await?;
    let shown = Shown {
        after: q.after.map(|Id(a)| a),
        received: q.received.map(|Id(r)| r),
        form: fresh_form(),
        error: None,
    };
    let html = notice_page(&state, who.as_ref(), &csrf.0.0, (agency, id), shown).await?;
    Ok(Html(html))
}

/// `POST /agencies/{code}/consultations/{id}/comments`
pub async fn comment(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
    Form(mut f): Form<CommentForm>,
) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    if f.submit_key.trim().is_empty() {
        // A form without its key (an old page, a client of its own): one
        // comment, without protection against sending it twice.
        f.submit_key = random_token();
    }
    let input = CommentInput {
        name: f.name.clone(),
        contact: f.contact.clone(),
        body: f.body.clone(),
        submit_key: f.submit_key.clone(),
    };
    match app::submit_comment(&state, agency.id, id, &input)
        .await
        .map_err(typed)
    {
        Ok(received) => {
            let to = format!(
                "/agencies/{code}/consultations/{id}?received={}#received",
                received.id()
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let shown = Shown {
                after: None,
                received: None,
                form: f,
                error: Some(message),
            };
            let html = notice_page(&state, who.as_ref(), &csrf.0.0, (agency, id), shown).await?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}
