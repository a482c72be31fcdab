//! The registers' Atom feeds in an agency's column, on the one writer in
//! [`crate::atom`], each with what the public page lists and nothing more:
//!
//! - `GET /agencies/{code}/consultations.atom`: the published
//!   consultations (open ones, then the closed ones of the first page),
//!   updated when their feedback (意见采纳情况) is published;
//! - `GET /agencies/{code}/questions.atom`: the published questions with
//!   their answer day (never the asker);
//! - `GET /agencies/{code}/motions.atom`: the replies published in the
//!   latest year of the agency's sessions.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gongkai_app::consultations::view::public_rows;
use gongkai_app::motions::view::year_page;
use gongkai_app::questions::view::public_list;
use gongkai_store::{Agency, ConsultationRow};

use crate::atom::{Entry, Feed, Stamp};
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;

/// Entries a feed carries at most (a page of each list).
const ENTRIES: u32 = 50;

/// The feed of `agency`'s register at `path` (`consultations`, …) named
/// `what` (意见征集, …).
fn feed(
    state: &AppState,
    agency: &Agency,
    (path, what): (&str, &str),
    entries: Vec<Entry>,
) -> Feed {
    let base = state.settings.base_url();
    let code = agency.profile.code.as_str();
    Feed {
        title: format!("{} · {what}", agency.profile.full_name),
        id: format!("{base}/agencies/{code}/{path}"),
        self_href: format!("{base}/agencies/{code}/{path}.atom"),
        page_href: format!("{base}/agencies/{code}/{path}"),
        author: agency.profile.full_name.clone(),
        updated_when_empty: Stamp::day(state.clock.today()),
        entries,
    }
}

fn consultation_entry(base: &str, code: &str, r: &ConsultationRow) -> Entry {
    let href = format!("{base}/agencies/{code}/consultations/{}", r.id);
    let feedback = r.feedback_published_at;
    let summary = match feedback {
        Some(_) => format!(
            "{}，征求意见期限{}至{}；已公开意见采纳情况。",
            r.kind.label(),
            r.opens_on,
            r.closes_on
        ),
        None => format!(
            "{}，征求意见期限{}至{}。",
            r.kind.label(),
            r.opens_on,
            r.closes_on
        ),
    };
    Entry {
        title: r.title.clone(),
        id: href.clone(),
        href,
        published: Some(Stamp::day(r.opens_on)),
        updated: feedback.map_or_else(|| Stamp::day(r.opens_on), Stamp::at),
        summary,
        content: None,
        categories: vec!["意见征集".into(), r.kind.label().into()],
    }
}

/// `GET /agencies/{code}/consultations.atom`
pub async fn consultations(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let base = state.settings.base_url();
    // The public page's two lists (published consultations only).
    let rows = public_rows(&state, agency.id, ENTRIES).await?;
    let code = agency.profile.code.as_str();
    let entries = rows
        .iter()
        .map(|r| consultation_entry(&base, code, r))
        .collect();
    let f = feed(&state, &agency, ("consultations", "意见征集"), entries);
    Ok(f.into_response())
}

/// `GET /agencies/{code}/questions.atom`
pub async fn questions(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let base = state.settings.base_url();
    let code = agency.profile.code.as_str();
    let (lines, _) = public_list(&state, agency.id, None).await?;
    let entries = lines
        .into_iter()
        .map(|l| {
            let href = format!("{base}/agencies/{code}/questions/{}", l.id);
            let answered = l.answered_on.unwrap_or(l.asked_on);
            Entry {
                summary: format!(
                    "留言编号：{}。留言日期：{}，答复日期：{answered}。",
                    l.number, l.asked_on
                ),
                title: l.subject,
                id: href.clone(),
                href,
                published: Some(Stamp::day(answered)),
                updated: Stamp::day(answered),
                content: None,
                categories: vec!["政民互动".into()],
            }
        })
        .collect();
    let f = feed(&state, &agency, ("questions", "政民互动"), entries);
    Ok(f.into_response())
}

/// `GET /agencies/{code}/motions.atom`
pub async fn motions(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let base = state.settings.base_url();
    let code = agency.profile.code.as_str();
    let y = year_page(&state, agency.id, None, None).await?;
    let entries = y
        .lines
        .iter()
        .filter_map(|l| {
            let published = l.published_on?;
            let href = format!("{base}/agencies/{code}/motions/{}", l.id);
            let grade = l.grade.map_or("", |g| g.label());
            Some(Entry {
                title: l.title.clone(),
                id: href.clone(),
                href,
                published: Some(Stamp::day(published)),
                updated: Stamp::day(published),
                summary: format!(
                    "{}，{}，编号{}；答复已公开，办理结果：{grade}。",
                    l.kind.label(),
                    l.session,
                    l.number
                ),
                content: None,
                categories: vec![l.kind.label().into()],
            })
        })
        .collect();
    let f = feed(&state, &agency, ("motions", "建议提案办理"), entries);
    Ok(f.into_response())
}
