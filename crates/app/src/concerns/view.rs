//! What the pages read (query objects, each list a page in SQL): the
//! agency's queue sorted by the nearest clock not met (overdue first,
//! closed last), a concern's staff page with its clocks and responses, the
//! public 回应关切 column (concerns with public responses, each with its
//! public responses and their linked items) and a concern's public page.

use gongkai_domain::access::Relation;
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::shown;
use gongkai_domain::policy::Principal;
use gongkai_store::{
    Agency, AgencyId, Concern, ConcernId, ConcernList, ConcernResponse, ConcernRow, ConcernState,
};

use super::{Access, ClockLine, access_at, clock_lines, concern_for};
use crate::{App, Error};

/// Rows a queue page shows.
pub const PAGE: u32 = 50;
/// Concerns a public page shows (each read with its responses).
pub const PUBLIC_PAGE: u32 = 20;

/// A concern as a queue line.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: ConcernId,
    pub title: String,
    pub class: ConcernClass,
    /// Beijing time to the minute.
    pub learned_at: String,
    pub source: String,
    pub lead_agency: String,
    pub open: bool,
    pub clocks: Vec<ClockLine>,
    pub public_responses: u64,
}

impl Line {
    /// 超时: a clock met late or missed.
    pub fn late(&self) -> bool {
        self.clocks.iter().any(|c| c.mark.late())
    }
}

fn line_of(r: ConcernRow, now: chrono::DateTime<chrono::Utc>) -> Line {
    Line {
        clocks: clock_lines(r.class, r.learned_at, &r.clocks, now),
        id: r.id,
        title: r.title,
        class: r.class,
        learned_at: shown(r.learned_at),
        source: r.source,
        lead_agency: r.lead_agency,
        open: r.state == ConcernState::Open,
        public_responses: r.public_responses,
    }
}

/// The reader's agency's queue, a page from `offset`.
#[derive(Debug)]
pub struct Queue {
    pub access: Access,
    pub lines: Vec<Line>,
    /// The offset of the next page, if there is one.
    pub next: Option<u32>,
}

pub async fn queue(app: &App, reader: &Principal<'_>, offset: u32) -> Result<Queue, Error> {
    let access = access_at(reader, Relation::OwnAgency)?;
    let rows = app
        .store
        .concern_rows(ConcernList::Queue(reader.agency), offset, PAGE + 1)
        .await?;
    let (lines, next) = paged(rows, PAGE, offset, app.clock.now());
    Ok(Queue {
        access,
        lines,
        next,
    })
}

/// `limit + 1` rows read: the last one only tells there is a next page.
fn paged(
    rows: Vec<ConcernRow>,
    limit: u32,
    offset: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<Line>, Option<u32>) {
    let more = rows.len() > limit as usize;
    let lines = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| line_of(r, now))
        .collect();
    (lines, more.then_some(offset + limit))
}

/// A concern's staff page.
#[derive(Debug)]
pub struct ConcernPage {
    pub concern: Concern,
    pub agency: Agency,
    pub access: Access,
    pub clocks: Vec<ClockLine>,
}

async fn agency(app: &App, id: AgencyId) -> Result<Agency, Error> {
    app.store
        .agency(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("机关{id}")))
}

pub async fn concern_page(
    app: &App,
    reader: &Principal<'_>,
    id: ConcernId,
) -> Result<ConcernPage, Error> {
    let (concern, access) = concern_for(app, reader, id).await?;
    let clocks = clock_lines(
        concern.class,
        concern.learned_at,
        &concern.clocks,
        app.clock.now(),
    );
    Ok(ConcernPage {
        agency: agency(app, concern.agency_id).await?,
        concern,
        access,
        clocks,
    })
}

/// A concern as the public sees it: no summary, no source, only the
/// public responses.
#[derive(Debug, Clone)]
pub struct PublicConcern {
    pub id: ConcernId,
    pub title: String,
    pub class: ConcernClass,
    pub learned_at: String,
    pub lead_agency: String,
    pub clocks: Vec<ClockLine>,
    pub responses: Vec<ConcernResponse>,
}

fn public_of(c: Concern, now: chrono::DateTime<chrono::Utc>) -> PublicConcern {
    PublicConcern {
        clocks: clock_lines(c.class, c.learned_at, &c.clocks, now),
        id: c.id,
        title: c.title,
        class: c.class,
        learned_at: shown(c.learned_at),
        lead_agency: c.lead_agency,
        responses: c.responses.into_iter().filter(|r| r.public).collect(),
    }
}

/// The agency's 回应关切 column, a page from `offset`.
#[derive(Debug)]
pub struct Column {
    pub concerns: Vec<PublicConcern>,
    pub next: Option<u32>,
}

pub async fn public_column(app: &App, agency: AgencyId, offset: u32) -> Result<Column, Error> {
    let rows = app
        .store
        .concern_rows(ConcernList::Public(agency), offset, PUBLIC_PAGE + 1)
        .await?;
    let more = rows.len() > PUBLIC_PAGE as usize;
    let now = app.clock.now();
    let mut concerns = Vec::new();
    // A page of at most PUBLIC_PAGE concerns, each with its responses.
    for r in rows.iter().take(PUBLIC_PAGE as usize) {
        if let Some(c) = app.store.concern(r.id).await? {
            concerns.push(public_of(c, now));
        }
    }
    Ok(Column {
        concerns,
        next: more.then_some(offset + PUBLIC_PAGE),
    })
}

/// Concern `id` of `agency` as published: 404 unless it has a public
/// response.
pub async fn public_concern(
    app: &App,
    agency: AgencyId,
    id: ConcernId,
) -> Result<PublicConcern, Error> {
    let c = app
        .store
        .concern(id)
        .await?
        .filter(|c| c.agency_id == agency && c.responses.iter().any(|r| r.public))
        .ok_or_else(|| Error::not_found(format!("回应关切（编号{id}）")))?;
    Ok(public_of(c, app.clock.now()))
}
