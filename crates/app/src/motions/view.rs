//! What the pages read (query objects, each list a page in SQL): the
//! staff's overview of the agency's registers with its counts and the
//! motions it co-handles, a session's register, a motion's page (with the
//! preview of what publishing it would publish), the supervisor's late
//! motions per agency of its subtree and one agency's late motions, and
//! the public yearly 办理情况总体情况 with the published replies.

use chrono::{Datelike, NaiveDate};
use gongkai_domain::access::Relation;
use gongkai_domain::participation::clocks::{MotionKind, ReplyGrade};
use gongkai_domain::participation::motions::{
    MotionMark, PublishMode, Satisfaction, session_rules,
};
use gongkai_domain::participation::redact::Redacted;
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{
    Agency, AgencyBrief, AgencyId, Motion, MotionCounts, MotionId, MotionList, MotionPublication,
    MotionRow, MotionSession, MotionSessionId, MotionState, MotionYearSummary, MotionsOverdue,
};

use super::handle::published_text;
use super::{Access, access_at, access_to_agency, mark_of, motion_for, row_mark};
use crate::{App, Error};

/// Rows a list page shows.
pub const PAGE: u32 = 50;
/// Sessions the overview lists (a few a year).
pub const SESSIONS_SHOWN: u32 = 100;

/// A motion as a list line (no contact).
#[derive(Debug, Clone)]
pub struct Line {
    pub id: MotionId,
    pub kind: MotionKind,
    pub year: i32,
    pub session: String,
    pub agency: AgencyBrief,
    pub number: String,
    pub title: String,
    /// `王某某（城关镇代表团）、李某`.
    pub proposers: String,
    pub assigned_on: NaiveDate,
    pub due: NaiveDate,
    pub mark: MotionMark,
    pub grade: Option<ReplyGrade>,
    pub answered_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub publish_mode: Option<PublishMode>,
    pub satisfaction: Option<Satisfaction>,
}

fn line_of(r: MotionRow, today: NaiveDate) -> Line {
    Line {
        mark: row_mark(&r, today),
        id: r.id,
        kind: r.kind,
        year: r.year,
        session: r.session_name,
        agency: r.agency,
        number: r.number,
        title: r.title,
        proposers: r.proposers.join("、"),
        assigned_on: r.assigned_on,
        due: r.due,
        grade: r.grade,
        answered_on: r.answered_on,
        published_on: r.published_on,
        publish_mode: r.publish_mode,
        satisfaction: r.satisfaction,
    }
}

/// A page of lines: `limit + 1` rows read, the last one only telling that
/// there is a next page (after the last shown).
fn paged(rows: Vec<MotionRow>, today: NaiveDate) -> (Vec<Line>, Option<MotionId>) {
    let more = rows.len() > PAGE as usize;
    let lines: Vec<Line> = rows
        .into_iter()
        .take(PAGE as usize)
        .map(|r| line_of(r, today))
        .collect();
    let next = more.then(|| lines.last().map(|l| l.id)).flatten();
    (lines, next)
}

async fn page(
    app: &App,
    list: MotionList,
    after: Option<MotionId>,
) -> Result<(Vec<Line>, Option<MotionId>), Error> {
    let rows = app.store.motion_rows(list, after, PAGE + 1).await?;
    Ok(paged(rows, app.clock.today()))
}

/// The workbench's view of the reader's agency.
#[derive(Debug)]
pub struct Overview {
    pub access: Access,
    pub sessions: Vec<MotionSession>,
    pub counts: MotionCounts,
    /// The motions it co-handles (first page), for those who handle motions.
    pub co_handled: Vec<Line>,
    /// For a supervisor: late motions in its whole subtree.
    pub subtree_late: Option<u64>,
}

pub async fn overview(app: &App, reader: &Principal<'_>) -> Result<Overview, Error> {
    let access = access_at(reader, Relation::OwnAgency)?;
    let today = app.clock.today();
    let co_handled = match may_here(reader.roles, Permission::HandleMotions) {
        Ok(()) => {
            page(app, MotionList::CoHandled(reader.agency), None)
                .await?
                .0
        }
        Err(_) => Vec::new(),
    };
    let subtree_late = match may_here(reader.roles, Permission::OverseeDeadlines) {
        Ok(()) => Some(
            app.store
                .motions_overdue_by_agency(reader.agency, today)
                .await?
                .iter()
                .map(|a| a.reply_overdue + a.publication_overdue)
                .sum(),
        ),
        Err(_) => None,
    };
    Ok(Overview {
        access,
        sessions: app
            .store
            .motion_sessions(reader.agency, SESSIONS_SHOWN)
            .await?,
        counts: app.store.motion_counts(reader.agency, today).await?,
        co_handled,
        subtree_late,
    })
}

/// A session's register.
#[derive(Debug)]
pub struct SessionPage {
    pub session: MotionSession,
    pub agency: Agency,
    pub access: Access,
    pub lines: Vec<Line>,
    pub next: Option<MotionId>,
}

async fn agency(app: &App, id: AgencyId) -> Result<Agency, Error> {
    app.store
        .agency(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("机关{id}")))
}

pub async fn session_page(
    app: &App,
    reader: &Principal<'_>,
    id: MotionSessionId,
    after: Option<MotionId>,
) -> Result<SessionPage, Error> {
    let session = app
        .store
        .motion_session(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("建议提案台账（编号{id}）")))?;
    let access = access_to_agency(app, reader, session.agency_id).await?;
    let (lines, next) = page(app, MotionList::Session(id), after).await?;
    Ok(SessionPage {
        agency: agency(app, session.agency_id).await?,
        session,
        access,
        lines,
        next,
    })
}

/// A motion's staff page.
#[derive(Debug)]
pub struct MotionPage {
    /// The proposers' contacts only for the lead agency's staff.
    pub motion: Motion,
    pub agency: Agency,
    pub access: Access,
    pub mark: MotionMark,
    /// The latest day an extension may reach (6 months from assignment).
    pub latest_extension: NaiveDate,
    /// For the lead agency, once answered: the reply as publishing it in
    /// full would publish it.
    pub preview: Option<Redacted>,
}

pub async fn motion_page(
    app: &App,
    reader: &Principal<'_>,
    id: MotionId,
) -> Result<MotionPage, Error> {
    let (motion, access) = motion_for(app, reader, id).await?;
    let rules = session_rules(motion.session.kind, motion.session.reply_months).unwrap_or_default();
    let latest_extension = motion
        .assigned_on
        .checked_add_months(chrono::Months::new(rules.max_months))
        .unwrap_or(motion.assigned_on);
    let preview = (access.manages() && motion.state == MotionState::Answered)
        .then(|| published_text(&motion, PublishMode::Full, ""));
    Ok(MotionPage {
        mark: mark_of(&motion, app.clock.today()),
        agency: agency(app, motion.agency_id).await?,
        motion,
        access,
        latest_extension,
        preview,
    })
}

/// The supervisor's late motions per agency of its subtree.
pub async fn overdue_by_agency(
    app: &App,
    reader: &Principal<'_>,
) -> Result<Vec<MotionsOverdue>, Error> {
    may_here(reader.roles, Permission::OverseeDeadlines).map_err(|_| {
        Error::forbidden(
            "本机关及下级机关逾期的建议提案由监督员（政务公开办）督办查看；本机关的建议提案请在台账中查看。",
        )
    })?;
    Ok(app
        .store
        .motions_overdue_by_agency(reader.agency, app.clock.today())
        .await?)
}

/// One agency's late motions, for its own staff and the offices above.
pub async fn overdue_list(
    app: &App,
    reader: &Principal<'_>,
    code: &str,
    after: Option<MotionId>,
) -> Result<(Agency, Vec<Line>, Option<MotionId>), Error> {
    let a = app
        .store
        .agency_by_code(code)
        .await?
        .ok_or_else(|| Error::not_found(format!("机关“{code}”")))?;
    access_to_agency(app, reader, a.id).await?;
    let today = app.clock.today();
    let (lines, next) = page(
        app,
        MotionList::Overdue {
            agency: a.id,
            today,
        },
        after,
    )
    .await?;
    Ok((a, lines, next))
}

/// 办理情况总体情况 of a year, with the replies published.
#[derive(Debug)]
pub struct YearPage {
    pub year: i32,
    /// The years of the agency's sessions, the latest first.
    pub years: Vec<i32>,
    pub summary: MotionYearSummary,
    pub lines: Vec<Line>,
    pub next: Option<MotionId>,
}

/// `year` (the latest with a session when `None`).
pub async fn year_page(
    app: &App,
    agency: AgencyId,
    year: Option<i32>,
    after: Option<MotionId>,
) -> Result<YearPage, Error> {
    let years = app.store.motion_years(agency).await?;
    let year = year
        .or_else(|| years.first().copied())
        .unwrap_or_else(|| app.clock.today().year());
    let (lines, next) = page(app, MotionList::Published { agency, year }, after).await?;
    Ok(YearPage {
        summary: app.store.motion_year_summary(agency, year).await?,
        year,
        years,
        lines,
        next,
    })
}

/// A published reply as the public sees it: no contact, and the reply
/// only as published.
#[derive(Debug, Clone)]
pub struct PublicReply {
    pub id: MotionId,
    pub kind: MotionKind,
    pub year: i32,
    pub session: String,
    pub number: String,
    pub title: String,
    pub proposers: Vec<String>,
    pub co_agencies: Vec<String>,
    pub assigned_on: NaiveDate,
    pub answered_on: NaiveDate,
    pub grade: ReplyGrade,
    pub publication: MotionPublication,
}

pub async fn public_reply(app: &App, agency: AgencyId, id: MotionId) -> Result<PublicReply, Error> {
    let not_found = || Error::not_found(format!("建议提案答复（编号{id}）"));
    let m = app
        .store
        .motion(id)
        .await?
        .filter(|m| m.agency_id == agency)
        .ok_or_else(not_found)?;
    let (Some(reply), Some(publication)) = (m.reply, m.publication) else {
        return Err(not_found());
    };
    Ok(PublicReply {
        id,
        kind: m.session.kind,
        year: m.session.year,
        session: m.session.name,
        number: m.number,
        title: m.title,
        proposers: m.proposers.iter().map(|p| p.shown()).collect(),
        co_agencies: m.co_agencies.into_iter().map(|a| a.name).collect(),
        assigned_on: m.assigned_on,
        answered_on: reply.answered_on,
        grade: reply.grade,
        publication,
    })
}

/// `n` of `of` in per cent, one decimal (`—` when `of` is 0).
pub fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        return "—".into();
    }
    let tenths = (n * 1000 + of / 2) / of;
    format!("{}.{}%", tenths / 10, tenths % 10)
}
