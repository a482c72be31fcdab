//! One consultation on the workbench (`gongkai_app::consultations`):
//!
//! - `GET /workbench/consultations/{id}`: the notice, the moderation queue
//!   (contacts for the agency's own staff only), every comment a page at a
//!   time (`?after=`), and the feedback form once closed;
//! - `POST …/{id}/publish`: publish the draft today (the period checked
//!   again; `reason` for a shortened one);
//! - `POST …/{id}/moderate` (`comment`, `decision` show|hide, `reason`);
//! - `POST …/{id}/feedback`: the lines (`opinion_N`, `raised_N`,
//!   `adoption_N`, `reason_N`) recorded, and with `action=publish`
//!   published with the final decision (`decision_item` or `decision_url`);
//! - `POST …/{id}/decision`: link the final decision later.
//!
//! A refusal of what was typed shows the page again with the message (400).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_app::consultations::feedback::{adoption_code, rows_of};
use gongkai_app::consultations::view::{Notice, StaffPage, staff_page};
use gongkai_app::consultations::{
    self as app, Access, DecisionInput, FeedbackRow, ModerationInput,
};
use gongkai_domain::participation::consultation::{Adoption, FeedbackLine};
use gongkai_store::{ConsultationState, StoredComment};
use serde::Deserialize;

use super::Csrf;
use super::scorecards::{reader, typed};
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, Opt};

/// Blank rows the feedback form offers beyond the recorded lines.
const BLANK_ROWS: usize = 3;

/// A comment as the staff page lists it.
pub struct CommentLine {
    pub id: i64,
    pub at: String,
    pub name: String,
    /// Only for the agency's own staff.
    pub contact: Option<String>,
    pub body: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub hidden_reason: Option<String>,
}

fn comment_line(c: StoredComment) -> CommentLine {
    CommentLine {
        id: c.id,
        at: gongkai_app::clock::beijing(c.received_at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        name: c.name.unwrap_or_else(|| "（未署名）".into()),
        contact: c.contact,
        body: c.body,
        state: c.moderation.label(),
        state_code: c.moderation.code(),
        hidden_reason: c.hidden_reason,
    }
}

/// A feedback line as the page shows it.
pub struct FeedbackView {
    pub opinion: String,
    pub raised_by: u32,
    pub adoption: &'static str,
    pub reason: String,
}

fn feedback_view(lines: &[FeedbackLine]) -> Vec<FeedbackView> {
    lines
        .iter()
        .map(|l| FeedbackView {
            opinion: l.opinion.clone(),
            raised_by: l.raised_by,
            adoption: l.adoption.label(),
            reason: l.reason.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "consultation_staff.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub id: i64,
    pub code: String,
    pub title: String,
    pub kind: &'static str,
    pub phase: String,
    pub phase_code: &'static str,
    pub flagged: bool,
    pub notice: Notice,
    pub shortened_reason: Option<String>,
    pub draft_text: String,
    pub explanation: String,
    pub manage: bool,
    pub can_publish: bool,
    pub can_feedback: bool,
    /// Published or closed: the public page exists.
    pub public: bool,
    pub feedback_published: Option<String>,
    pub feedback: Vec<FeedbackView>,
    pub rows: Vec<FeedbackRow>,
    pub adoptions: Vec<Opt>,
    pub pending: Vec<CommentLine>,
    pub comments: Vec<CommentLine>,
    pub comments_next: Option<String>,
    pub received: u64,
    pub shown: u64,
    pub error: Option<String>,
}

fn adoptions() -> Vec<Opt> {
    [
        Adoption::Adopted,
        Adoption::PartlyAdopted,
        Adoption::NotAdopted,
    ]
    .into_iter()
    .map(|a| Opt {
        value: adoption_code(a).into(),
        label: a.label().into(),
    })
    .collect()
}

/// The page of `p`; `rows` as typed (the recorded lines otherwise).
fn page(
    who: &CurrentStaff,
    csrf: &str,
    p: StaffPage,
    today: chrono::NaiveDate,
    (rows, error): (Option<Vec<FeedbackRow>>, Option<String>),
) -> AppResult<String> {
    let c = p.c;
    let manage = p.access == Access::Manage;
    let published = c.state == ConsultationState::Closed;
    let mut rows = rows.unwrap_or_else(|| rows_of(c.feedback.as_deref().unwrap_or_default()));
    rows.extend(std::iter::repeat_with(FeedbackRow::default).take(BLANK_ROWS));
    Ok(ShowPage {
        chrome: Chrome::new(Some(who), csrf),
        id: c.id,
        code: p.agency.profile.code.to_string(),
        title: c.title,
        kind: c.kind.label(),
        phase: p.phase.label(),
        phase_code: p.phase.code(),
        flagged: p.phase.flagged(),
        notice: p.notice,
        shortened_reason: c.shortened_reason,
        draft_text: c.draft_text,
        explanation: c.explanation,
        manage,
        can_publish: manage && c.state == ConsultationState::Draft,
        can_feedback: manage && c.state == ConsultationState::Published && today > c.closes_on,
        public: c.state != ConsultationState::Draft,
        feedback_published: c
            .feedback_published_at
            .map(|t| gongkai_app::clock::beijing(t).date_naive().to_string()),
        feedback: if published {
            feedback_view(c.feedback.as_deref().unwrap_or_default())
        } else {
            Vec::new()
        },
        rows,
        adoptions: adoptions(),
        pending: p.pending.into_iter().map(comment_line).collect(),
        comments: p.comments.into_iter().map(comment_line).collect(),
        comments_next: p
            .comments_next
            .map(|n| format!("/workbench/consultations/{}?after={n}#comments", c.id)),
        received: p.counts.total(),
        shown: p.counts.shown,
        error,
    }
    .render()?)
}

/// `?after=ID`: the next page of comments.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowParams {
    after: Option<Id>,
}

/// `GET /workbench/consultations/{id}`
pub async fn show(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Query(q): Query<ShowParams>,
) -> AppResult<Html<String>> {
    let p = staff_page(&state, &reader(&who), id, q.after.map(|Id(a)| a)).await?;
    let today = state.clock.today();
    Ok(Html(page(&who, &csrf.0.0, p, today, (None, None))?))
}

/// The page after a form: back to the page (303), or the page again with
/// the refusal of what was typed (400).
async fn answer(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    id: i64,
    done: Result<(), gongkai_app::Error>,
    rows: Option<Vec<FeedbackRow>>,
) -> AppResult<Response> {
    match done.map_err(typed) {
        Ok(()) => Ok(Redirect::to(&format!("/workbench/consultations/{id}")).into_response()),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let p = staff_page(state, &reader(who), id, None).await?;
            let html = page(who, csrf, p, state.clock.today(), (rows, Some(message)))?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    reason: String,
}

/// `POST /workbench/consultations/{id}/publish`
pub async fn publish(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    let done = app::publish(&state, &reader(&who), Some(who.staff.id), id, &f.reason).await;
    answer(&state, &who, &csrf.0.0, id, done, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ModerateForm {
    comment: String,
    decision: String,
    reason: String,
}

/// `POST /workbench/consultations/{id}/moderate`
pub async fn moderate(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(f): Form<ModerateForm>,
) -> AppResult<Response> {
    let input = ModerationInput {
        comment: f.comment,
        decision: f.decision,
        reason: f.reason,
    };
    let done = app::moderate(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, None).await
}

/// The value of `name` in a form's fields (the last one sent).
fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Most rows read from a feedback form (the app refuses more lines).
const ROWS_READ: usize = 200;

/// The feedback rows a form sends, `opinion_1` … in order of their number.
fn rows_in(fields: &[(String, String)]) -> Vec<FeedbackRow> {
    (1..=ROWS_READ)
        .take_while(|n| fields.iter().any(|(k, _)| k == &format!("opinion_{n}")))
        .map(|n| FeedbackRow {
            opinion: field(fields, &format!("opinion_{n}")).into(),
            raised_by: field(fields, &format!("raised_{n}")).into(),
            adoption: field(fields, &format!("adoption_{n}")).into(),
            reason: field(fields, &format!("reason_{n}")).into(),
        })
        .collect()
}

fn decision_in(fields: &[(String, String)]) -> DecisionInput {
    DecisionInput {
        item: field(fields, "decision_item").into(),
        url: field(fields, "decision_url").into(),
    }
}

/// `POST /workbench/consultations/{id}/feedback`
pub async fn feedback(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let r = reader(&who);
    let by = Some(who.staff.id);
    let rows = rows_in(&fields);
    let mut done = app::record_feedback(&state, &r, by, id, &rows).await;
    if done.is_ok() && field(&fields, "action") == "publish" {
        done = app::publish_feedback(&state, &r, by, id, &decision_in(&fields)).await;
    }
    let typed_rows = done.is_err().then_some(rows);
    answer(&state, &who, &csrf.0.0, id, done, typed_rows).await
}

/// `POST /workbench/consultations/{id}/decision`
pub async fn decision(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(Id(id)): Path<Id>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = decision_in(&fields);
    let done = app::link_decision(&state, &reader(&who), Some(who.staff.id), id, &input).await;
    answer(&state, &who, &csrf.0.0, id, done, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_rows_are_read_in_order_until_the_first_missing_number() {
        let f = |k: &str, v: &str| (k.to_string(), v.to_string());
        let fields = vec![
            f("opinion_1", "延长过渡期"),
            f("raised_1", "3"),
            f("adoption_1", "partly_adopted"),
            f("reason_1", "上位法另有规定"),
            f("opinion_2", ""),
            f("opinion_4", "不读"),
            f("action", "publish"),
        ];
        let rows = rows_in(&fields);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].raised_by.as_str(), rows[0].adoption.as_str()),
            ("3", "partly_adopted")
        );
        assert_eq!(field(&fields, "action"), "publish");
        assert_eq!(field(&fields, "decision_url"), "");
    }
}
