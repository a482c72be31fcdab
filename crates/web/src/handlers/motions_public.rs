//! 建议提案办理 in an agency's column (public pages):
//!
//! - `GET /agencies/{code}/motions` (`?year=` a year of its sessions, the
//!   latest by default; `?after=` the next page): the year's 办理情况总体
//!   情况 — motions by kind, replies by grade, the proposers'
//!   satisfaction, replies published and published on time — counted in
//!   the database, and the replies published;
//! - `GET /agencies/{code}/motions/{id}`: a published reply as published
//!   (in full or as a summary with the reason), contacts removed.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use gongkai_app::motions::view::{Line, PublicReply, YearPage, percent, public_reply, year_page};
use gongkai_store::Agency;
use serde::Deserialize;

use super::Csrf;
use super::participation_public::{ColumnFrame, frame, next_href};
use crate::auth::MaybeStaff;
use crate::error::AppResult;
use crate::params::{Id, Path, Query, Year};
use crate::state::AppState;
use crate::views::{Chrome, ColumnPart};

/// A row of the summary's table: what, how many, of which share.
pub struct Figure {
    pub label: String,
    pub n: u64,
    pub share: String,
}

#[derive(Template)]
#[template(path = "motions_public.html")]
pub struct YearView {
    pub chrome: Chrome,
    pub agency: Agency,
    pub parts: [ColumnPart; 4],
    pub y: YearPage,
    pub figures: Vec<Figure>,
    pub lines: Vec<Line>,
    pub next: Option<String>,
}

/// The summary's figures, each with its share of what it is a part of.
fn figures(y: &YearPage) -> Vec<Figure> {
    use gongkai_domain::participation::clocks::ReplyGrade;
    use gongkai_domain::participation::motions::Satisfaction;
    let s = &y.summary;
    let f = |label: String, n: u64, of: u64| Figure {
        label,
        n,
        share: percent(n, of),
    };
    let mut rows = vec![
        f("人大代表建议".into(), s.suggestions, s.total()),
        f("政协委员提案".into(), s.proposals, s.total()),
        f("已答复".into(), s.answered, s.total()),
        f("按期答复".into(), s.answered_on_time, s.answered),
    ];
    for (g, n) in ReplyGrade::ALL.iter().zip(s.grades) {
        rows.push(f(format!("办理结果：{}", g.label()), n, s.answered));
    }
    for (v, n) in Satisfaction::ALL.iter().zip(s.satisfaction) {
        rows.push(f(format!("提出人意见：{}", v.label()), n, s.answered));
    }
    rows.push(f(
        "提出人意见：尚未征询".into(),
        s.satisfaction_unknown,
        s.answered,
    ));
    rows.push(f("答复已公开".into(), s.published, s.answered));
    rows.push(f(
        "答复之日起20个工作日内公开".into(),
        s.published_on_time,
        s.published,
    ));
    rows.push(f("只公开摘要".into(), s.summaries, s.published));
    rows
}

/// `?year=YYYY&after=ID`
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearParams {
    year: Option<Year>,
    after: Option<Id>,
}

/// `GET /agencies/{code}/motions`
pub async fn year(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Query(q): Query<YearParams>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let after = q.after.map(|Id(a)| a);
    let y = year_page(&state, agency.id, q.year.map(|Year(y)| y), after).await?;
    let next = y.next.map(|n| {
        let query = format!("year={}&after={n}", y.year);
        next_href(&code, "motions", &query)
    });
    Ok(Html(
        YearView {
            chrome,
            agency,
            parts: ColumnPart::ALL,
            figures: figures(&y),
            lines: y.lines.clone(),
            next,
            y,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "motion_public.html")]
pub struct ReplyView {
    pub chrome: Chrome,
    pub agency: Agency,
    pub r: PublicReply,
}

/// `GET /agencies/{code}/motions/{id}`
pub async fn reply(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path((code, Id(id))): Path<(String, Id)>,
) -> AppResult<Html<String>> {
    let ColumnFrame { chrome, agency } = frame(&state, who.as_ref(), &csrf.0.0, &code).await?;
    let r = public_reply(&state, agency.id, id).await?;
    Ok(Html(ReplyView { chrome, agency, r }.render()?))
}
