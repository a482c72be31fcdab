//! What the pages read (query objects, each a page in SQL): the staff's
//! queue of an agency's questions — open ones the soonest due first, with
//! the working days left or overdue and the escalation marks; closed ones
//! newest first —, one question's staff page (the asker only for the
//! agency's own staff), and the public list and page of the published
//! questions (never the asker).

use chrono::{Datelike, NaiveDate};
use gongkai_domain::access::Relation;
use gongkai_domain::participation::clocks::QuestionRules;
use gongkai_domain::participation::questions::{OtherChannel, public_suggestion, question_number};
use gongkai_domain::policy::{AgencyPath, Permission, Principal, may_here};
use gongkai_store::{
    Agency, AgencyId, QuestionId, QuestionList, QuestionQueueCounts, QuestionRow, QuestionState,
    StoredQuestion,
};

use super::{Access, Standing, access_at, number_of, question_for};
use crate::{App, Error};

/// Rows a list page shows.
pub const PAGE: u32 = 30;

/// Which questions the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shelf {
    /// 待答复, the soonest due first.
    Open,
    /// 已办结, newest first.
    Closed,
}

/// A question as the queue lists it: never the asker.
#[derive(Debug, Clone)]
pub struct QueueLine {
    pub id: QuestionId,
    pub number: String,
    pub subject: String,
    pub asked_on: NaiveDate,
    pub due: NaiveDate,
    /// An open question's standing today.
    pub standing: Option<Standing>,
    pub state: QuestionState,
    pub closed_on: Option<NaiveDate>,
    /// Closed on or before its due date.
    pub in_time: Option<bool>,
    pub consent: bool,
    pub published: bool,
}

/// One page of an agency's queue.
#[derive(Debug)]
pub struct Queue {
    pub agency: Agency,
    pub access: Access,
    pub shelf: Shelf,
    pub lines: Vec<QueueLine>,
    pub next: Option<QuestionId>,
    pub counts: QuestionQueueCounts,
    pub rules: QuestionRules,
}

/// The agency a staff page is about: `code`, or the reader's own; with
/// how the reader stands to its questions.
async fn agency_for(
    app: &App,
    reader: &Principal<'_>,
    code: Option<&str>,
) -> Result<(Agency, Access), Error> {
    let agency = match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => app
            .store
            .agency_by_code(code)
            .await?
            .ok_or_else(|| Error::not_found(format!("机构代码为“{code}”的机关")))?,
        None => app
            .store
            .agency(reader.agency)
            .await?
            .ok_or_else(|| Error::not_found("本机关"))?,
    };
    let relation = if agency.id == reader.agency {
        Relation::OwnAgency
    } else {
        let lineage = app.store.agency_lineage(agency.id).await?;
        AgencyPath::new(lineage).relation_to(reader.agency)
    };
    let access = access_at(reader, relation)?;
    Ok((agency, access))
}

fn number_of_row(r: &QuestionRow) -> String {
    question_number(r.asked_on.year(), r.id)
}

/// The queue of the agency `code` (the reader's own when `None`).
pub async fn queue(
    app: &App,
    reader: &Principal<'_>,
    code: Option<&str>,
    shelf: Shelf,
    after: Option<QuestionId>,
) -> Result<Queue, Error> {
    let (agency, access) = agency_for(app, reader, code).await?;
    let today = app.clock.today();
    let calendar = app.calendar_in_force().await?;
    let list = match shelf {
        Shelf::Open => QuestionList::Open(agency.id),
        Shelf::Closed => QuestionList::Closed(agency.id),
    };
    let mut rows = app.store.question_rows(list, after, PAGE + 1).await?;
    let more = rows.len() > PAGE as usize;
    rows.truncate(PAGE as usize);
    let next = more.then(|| rows.last().map(|r| r.id)).flatten();
    let lines = rows
        .into_iter()
        .map(|r| QueueLine {
            number: number_of_row(&r),
            standing: (r.state == QuestionState::Open)
                .then(|| Standing::of(&r.clock, today, &calendar)),
            in_time: r.closed_on.map(|c| c <= r.clock.due),
            id: r.id,
            subject: r.subject,
            asked_on: r.asked_on,
            due: r.clock.due,
            state: r.state,
            closed_on: r.closed_on,
            consent: r.consent,
            published: r.published,
        })
        .collect();
    Ok(Queue {
        counts: app.store.question_queue_counts(agency.id, today).await?,
        rules: super::ask::rules_of(app, agency.id).await?,
        agency,
        access,
        shelf,
        lines,
        next,
    })
}

/// A question's staff page.
#[derive(Debug)]
pub struct StaffPage {
    /// The asker's name and contact are empty for a reader who does not
    /// answer it.
    pub q: StoredQuestion,
    pub number: String,
    pub agency: Agency,
    pub access: Access,
    pub standing: Option<Standing>,
    /// May be converted by this reader (open, and a 承办人 of the agency).
    pub may_convert: bool,
    /// The channel it was referred to.
    pub referred: Option<OtherChannel>,
    /// The texts the publication form starts from: the public ones, or
    /// the original with the asker's name and contact data taken out.
    pub public_subject: String,
    pub public_body: String,
    /// For a complaint about disclosure work: the agency above, as the
    /// form suggests it.
    pub above: Option<String>,
}

pub async fn staff_page(
    app: &App,
    reader: &Principal<'_>,
    id: QuestionId,
) -> Result<StaffPage, Error> {
    let (q, access) = question_for(app, reader, id).await?;
    let agency = app
        .store
        .agency(q.agency_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("机关{}", q.agency_id)))?;
    let lineage = app.store.agency_lineage(q.agency_id).await?;
    let above = match lineage.len().checked_sub(2).map(|i| lineage[i]) {
        Some(parent) => app.store.agency(parent).await?.map(|a| a.profile.full_name),
        None => None,
    };
    let open = q.state == QuestionState::Open;
    let standing = if open {
        let calendar = app.calendar_in_force().await?;
        Some(Standing::of(&q.clock, app.clock.today(), &calendar))
    } else {
        None
    };
    Ok(StaffPage {
        number: number_of(&q),
        may_convert: open
            && access == Access::Answer
            && may_here(reader.roles, Permission::RegisterApplication).is_ok(),
        referred: q.referred_to.as_deref().and_then(OtherChannel::from_code),
        public_subject: q
            .public_subject
            .clone()
            .unwrap_or_else(|| public_suggestion(&q.subject, &q.name, &q.contact)),
        public_body: q
            .public_body
            .clone()
            .unwrap_or_else(|| public_suggestion(&q.body, &q.name, &q.contact)),
        standing,
        agency,
        access,
        above,
        q,
    })
}

/// A published question as the public list shows it.
#[derive(Debug, Clone)]
pub struct PublicLine {
    pub id: QuestionId,
    pub number: String,
    pub subject: String,
    pub asked_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
}

/// The agency's published questions, newest first, a page after `after`.
pub async fn public_list(
    app: &App,
    agency: AgencyId,
    after: Option<QuestionId>,
) -> Result<(Vec<PublicLine>, Option<QuestionId>), Error> {
    let mut rows = app
        .store
        .question_rows(QuestionList::Published(agency), after, PAGE + 1)
        .await?;
    let more = rows.len() > PAGE as usize;
    rows.truncate(PAGE as usize);
    let next = more.then(|| rows.last().map(|r| r.id)).flatten();
    let lines = rows
        .into_iter()
        .map(|r| PublicLine {
            number: number_of_row(&r),
            id: r.id,
            subject: r.subject,
            asked_on: r.asked_on,
            answered_on: r.closed_on,
        })
        .collect();
    Ok((lines, next))
}

/// A published question: the texts as moderated, never the asker.
#[derive(Debug, Clone)]
pub struct PublicQuestion {
    pub id: QuestionId,
    pub number: String,
    pub subject: String,
    pub body: String,
    pub asked_on: NaiveDate,
    pub answer: String,
    pub answered_on: Option<NaiveDate>,
}

/// Question `id` of `agency`, when it is published.
pub async fn public_question(
    app: &App,
    agency: AgencyId,
    id: QuestionId,
) -> Result<PublicQuestion, Error> {
    let q = app
        .store
        .question(id)
        .await?
        .filter(|q| q.agency_id == agency && q.published_at.is_some())
        .ok_or_else(|| Error::not_found(format!("公开的留言（编号{id}）")))?;
    Ok(PublicQuestion {
        id,
        number: number_of(&q),
        subject: q.public_subject.unwrap_or(q.subject),
        body: q.public_body.unwrap_or(q.body),
        asked_on: q.asked_on,
        answer: q.answer.unwrap_or_default(),
        answered_on: q.closed_on,
    })
}
