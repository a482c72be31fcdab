//! 政民互动 in an agency's column (public pages, no JavaScript needed;
//! `gongkai_app::questions`):
//!
//! - `GET /agencies/{code}/questions`: the published questions and their
//!   answers, newest first (`?after=` the next page), and the ways in;
//! - `GET /agencies/{code}/questions/new`, `POST /agencies/{code}/questions`:
//!   the question form; a question is kept before anything is answered and
//!   the receipt shows its number and query code once (the form's one-time
//!   key makes a second submission harmless). Rate-limited per client
//!   address (`limits.rs`);
//! - `GET|POST /agencies/{code}/questions/track`: the asker's page, opened
//!   with the number and the query code (rate-limited like `/track`; a
//!   wrong pair answers 401);
//! - `GET /agencies/{code}/questions/{id}`: one published question with its
//!   answer, never the asker.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::questions::ask::{AskerView, rules_of};
use gongkai_app::questions::view::{PublicLine, PublicQuestion, public_list, public_question};
use gongkai_app::questions::{self as app, AskInput};
use gongkai_domain::participation::comment::{BODY_MAX_CHARS, BODY_MIN_CHARS};
use gongkai_domain::participation::questions::SUBJECT_MAX_CHARS;
use gongkai_store::Agency;
use serde::Deserialize;

use super::Csrf;
use super::participation_public::{AfterParams, ColumnFrame, frame, next_href};
use super::scorecards::typed;
use crate::auth::MaybeStaff;
use crate::auth::session::random_token;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

/// An answer that carries what only the asker may see (the query code,
/// the name and contact typed, the answer of an unpublished question):
/// kept by no browser or proxy.
fn private(status: StatusCode, html: String) -> Response {
    let mut r = (status, Html(html)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[derive(Template)]
#[template(path = "questions_public.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub answer_days: u32,
    pub lines: Vec<PublicLine>,
    pub next: Option<String>,
}

/// `GET /agencies/{code}/questions`
pub async fn list(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<AfterParams>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let (lines, next) = public_list(&state, agency.id, q.after()).await?;
    Ok(Html(
        ListPage {
            chrome,
            answer_days: rules_of(&state, agency.id).await?.answer_days,
            parts: ColumnPart::ALL,
            lines,
            next: next.map(|n| next_href(&code, "questions", &format!("after={n}"))),
            agency,
        }
        .render()?,
    ))
}

/// The question form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AskForm {
    pub name: String,
    pub contact: String,
    pub subject: String,
    pub body: String,
    pub consent: Option<String>,
    pub submit_key: String,
}

#[derive(Template)]
#[template(path = "question_ask.html")]
pub struct AskPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub answer_days: u32,
    pub form: AskForm,
    pub error: Option<String>,
    pub subject_max: usize,
    pub body_min: usize,
    pub body_max: usize,
}

async fn ask_page(
    state: &AppState,
    chrome: Chrome,
    agency: Agency,
    form: AskForm,
    error: Option<String>,
) -> AppResult<String> {
    Ok(AskPage {
        chrome,
        answer_days: rules_of(state, agency.id).await?.answer_days,
        agency,
        form,
        error,
        subject_max: SUBJECT_MAX_CHARS,
        body_min: BODY_MIN_CHARS,
        body_max: BODY_MAX_CHARS,
    }
    .render()?)
}

/// `GET /agencies/{code}/questions/new`
pub async fn new_form(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let form = AskForm {
        submit_key: random_token(),
        ..AskForm::default()
    };
    Ok(Html(ask_page(&state, chrome, agency, form, None).await?))
}

#[derive(Template)]
#[template(path = "question_receipt.html")]
pub struct ReceiptPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub number: String,
    pub query_code: Option<String>,
    pub asked_at: String,
    pub due: String,
    pub consent: bool,
}

/// `POST /agencies/{code}/questions`
pub async fn ask(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(mut f): Form<AskForm>,
) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    if f.submit_key.trim().is_empty() {
        // A form without its key (an old page, a client of its own): one
        // question, without protection against sending it twice.
        f.submit_key = random_token();
    }
    let input = AskInput {
        name: f.name.clone(),
        contact: f.contact.clone(),
        subject: f.subject.clone(),
        body: f.body.clone(),
        consent: f.consent.is_some(),
        submit_key: f.submit_key.clone(),
    };
    let chrome = Chrome::new(who.as_ref(), &csrf.0.0);
    match app::ask(&state, agency.id, &input).await.map_err(typed) {
        Ok(r) => Ok(private(
            StatusCode::OK,
            ReceiptPage {
                chrome,
                agency,
                number: r.number,
                query_code: r.query_code,
                asked_at: gongkai_app::clock::beijing(r.asked_at)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                due: r.due.to_string(),
                consent: input.consent,
            }
            .render()?,
        )),
        Err(Err(e)) => Err(e),
        Err(Ok(message)) => {
            let html = ask_page(&state, chrome, agency, f, Some(message)).await?;
            Ok(private(StatusCode::BAD_REQUEST, html))
        }
    }
}

#[derive(Template)]
#[template(path = "question_track.html")]
pub struct TrackPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub number: String,
    pub error: Option<String>,
    pub view: Option<AskerView>,
}

/// `GET /agencies/{code}/questions/track`
pub async fn track_form(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    Ok(Html(
        TrackPage {
            chrome,
            agency,
            number: String::new(),
            error: None,
            view: None,
        }
        .render()?,
    ))
}

/// The query form as typed.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TrackForm {
    number: String,
    code: String,
}

/// `POST /agencies/{code}/questions/track`
pub async fn track(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(f): Form<TrackForm>,
) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let view = app::track(&state, (agency.id, &code), &f.number, &f.code).await?;
    let status = if view.is_some() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    let page = TrackPage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0),
        error: view.is_none().then(|| {
            "留言编号或查询码不正确，请核对后重新输入（查询码不区分大小写）。".to_string()
        }),
        number: f.number.trim().to_string(),
        agency,
        view,
    };
    Ok(private(status, page.render()?))
}

#[derive(Template)]
#[template(path = "question_public.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub agency: Agency,
    pub q: PublicQuestion,
}

/// `GET /agencies/{code}/questions/{id}`
pub async fn show(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let q = public_question(&state, agency.id, id).await?;
    Ok(Html(ShowPage { chrome, agency, q }.render()?))
}
