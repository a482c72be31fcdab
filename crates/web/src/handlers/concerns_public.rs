//! 回应关切 in an agency's column (public pages):
//!
//! - `GET /agencies/{code}/concerns` (`?from=` the next page's offset):
//!   the concerns with a public response, the latest learned first, each
//!   with its clocks (按时 or not: the 24-hour release of a 重大突发事件
//!   shows as met or missed) and its public responses with their linked
//!   items;
//! - `GET /agencies/{code}/concerns/{id}`: one of them;
//! - `GET /agencies/{code}/concerns.atom`: the first page as a feed, on the
//!   one writer in [`crate::atom`], updated with the latest public response.
//!
//! Never a summary, a source or a response kept internal.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::concerns::view::{Column, PublicConcern, public_column, public_concern};
use gongkai_domain::participation::concern::shown;
use gongkai_store::Agency;

use super::Csrf;
use super::participation_public::{ColumnFrame, FromParams, frame, next_href};
use crate::atom::{Entry, Feed, Stamp};
use crate::auth::MaybeStaff;
use crate::error::AppResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

/// Beijing time of a response, for the templates.
pub fn at(t: &chrono::DateTime<chrono::Utc>) -> String {
    shown(*t)
}

#[derive(Template)]
#[template(path = "concerns_public.html")]
pub struct ColumnView {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub c: Column,
    pub next: Option<String>,
}

/// `GET /agencies/{code}/concerns`
pub async fn column(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<FromParams>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let c = public_column(&state, agency.id, q.offset()).await?;
    let next = c
        .next
        .map(|n| next_href(&code, "concerns", &format!("from={n}")));
    Ok(Html(
        ColumnView {
            chrome,
            agency,
            parts: ColumnPart::ALL,
            c,
            next,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "concern_public.html")]
pub struct ConcernView {
    pub chrome: Chrome,
    pub agency: Agency,
    pub c: PublicConcern,
}

/// `GET /agencies/{code}/concerns/{id}`
pub async fn show(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let c = public_concern(&state, agency.id, id).await?;
    Ok(Html(ConcernView { chrome, agency, c }.render()?))
}

fn entry(base: &str, code: &str, c: &PublicConcern) -> Option<Entry> {
    let first = c.responses.iter().map(|r| r.responded_at).min()?;
    let last = c.responses.iter().map(|r| r.responded_at).max()?;
    let href = format!("{base}/agencies/{code}/concerns/{}", c.id);
    let clocks: Vec<String> = c
        .clocks
        .iter()
        .map(|k| format!("{}：{}", k.what, k.label()))
        .collect();
    let content = c
        .responses
        .iter()
        .map(|r| format!("{} {}：{}", at(&r.responded_at), r.kind.label(), r.body))
        .collect::<Vec<_>>()
        .join("\n\n");
    Some(Entry {
        title: c.title.clone(),
        id: href.clone(),
        href,
        published: Some(Stamp::at(first)),
        updated: Stamp::at(last),
        summary: format!(
            "{}，获知时间{}；{}。",
            c.class.label(),
            c.learned_at,
            clocks.join("；")
        ),
        content: Some(content),
        categories: vec!["回应关切".into(), c.class.label().into()],
    })
}

/// `GET /agencies/{code}/concerns.atom`
pub async fn feed(State(state): State<AppState>, Path(code): Path<String>) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let base = state.settings.base_url();
    let code = agency.profile.code.as_str();
    let c = public_column(&state, agency.id, 0).await?;
    let entries = c
        .concerns
        .iter()
        .filter_map(|x| entry(&base, code, x))
        .collect();
    let f = Feed {
        title: format!("{} · 回应关切", agency.profile.full_name),
        id: format!("{base}/agencies/{code}/concerns"),
        self_href: format!("{base}/agencies/{code}/concerns.atom"),
        page_href: format!("{base}/agencies/{code}/concerns"),
        author: agency.profile.full_name.clone(),
        updated_when_empty: Stamp::day(state.clock.today()),
        entries,
    };
    Ok(f.into_response())
}
