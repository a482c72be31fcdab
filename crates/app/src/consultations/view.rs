//! What the pages read (query objects, each a page in SQL): the staff's
//! list of the agency's consultations with its counts, the supervisor's
//! list of closed consultations without feedback in its subtree, a
//! consultation's staff page (the moderation queue, every comment — the
//! contacts only for the agency's own staff — and the feedback), the
//! public list (open ones first with the days left, closed ones with their
//! feedback) and the public notice with the shown comments.

use chrono::NaiveDate;
use gongkai_domain::participation::consultation::{FeedbackLine, Period};
use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_store::{
    Agency, AgencyBrief, AgencyId, CommentCounts, CommentId, Consultation, ConsultationCounts,
    ConsultationId, ConsultationList, ConsultationRow, ConsultationState, DecisionLink, ItemId,
    Moderation, StoredComment,
};

use super::{Access, Phase, access_at, consultation_for, phase_of};
use crate::{App, Error};

/// Rows a list page shows; comments a page shows.
pub const PAGE: u32 = 30;
pub const COMMENTS_PAGE: u32 = 50;

/// A consultation as a list line.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: ConsultationId,
    pub title: String,
    pub kind: &'static str,
    pub agency: AgencyBrief,
    /// `2025-09-25至2025-10-11`.
    pub period: String,
    pub phase: Phase,
    pub comments: u64,
    pub pending: u64,
}

fn line_of(r: ConsultationRow, today: NaiveDate) -> Line {
    Line {
        phase: Phase::of(r.state, (r.opens_on, r.closes_on), r.has_decision, today),
        period: format!("{}至{}", r.opens_on, r.closes_on),
        id: r.id,
        title: r.title,
        kind: r.kind.label(),
        agency: r.agency,
        comments: r.comments,
        pending: r.pending,
    }
}

/// A page of lines: `limit + 1` rows read, the last one only telling that
/// there is a next page (after the last shown).
fn paged(
    rows: Vec<ConsultationRow>,
    limit: u32,
    today: NaiveDate,
) -> (Vec<Line>, Option<ConsultationId>) {
    let limit = limit as usize;
    let more = rows.len() > limit;
    let lines: Vec<Line> = rows
        .into_iter()
        .take(limit)
        .map(|r| line_of(r, today))
        .collect();
    let next = more.then(|| lines.last().map(|l| l.id)).flatten();
    (lines, next)
}

/// The staff's list of the own agency's consultations.
#[derive(Debug)]
pub struct StaffList {
    pub access: Access,
    pub lines: Vec<Line>,
    pub next: Option<ConsultationId>,
    pub counts: ConsultationCounts,
    /// For a supervisor: closed without feedback in its whole subtree.
    pub subtree_missing: Option<u64>,
}

pub async fn staff_list(
    app: &App,
    reader: &Principal<'_>,
    after: Option<ConsultationId>,
) -> Result<StaffList, Error> {
    let access = access_at(reader, gongkai_domain::access::Relation::OwnAgency)?;
    let today = app.clock.today();
    let rows = app
        .store
        .consultation_rows(ConsultationList::Agency(reader.agency), after, PAGE + 1)
        .await?;
    let (lines, next) = paged(rows, PAGE, today);
    let subtree_missing = match may_here(reader.roles, Permission::OverseeDeadlines) {
        Ok(()) => Some(
            app.store
                .consultations_missing_feedback(reader.agency, today)
                .await?,
        ),
        Err(_) => None,
    };
    Ok(StaffList {
        access,
        lines,
        next,
        counts: app.store.consultation_counts(reader.agency, today).await?,
        subtree_missing,
    })
}

/// The supervisor's list: closed consultations without published feedback
/// anywhere in its subtree, newest first.
pub async fn missing_list(
    app: &App,
    reader: &Principal<'_>,
    after: Option<ConsultationId>,
) -> Result<(Vec<Line>, Option<ConsultationId>), Error> {
    may_here(reader.roles, Permission::OverseeDeadlines).map_err(|_| {
        Error::forbidden(
            "本机关及下级机关未公开意见采纳情况的意见征集由监督员（政务公开办）督办查看；本机关的意见征集请在列表中查看。",
        )
    })?;
    let today = app.clock.today();
    let list = ConsultationList::MissingFeedback {
        root: reader.agency,
        today,
    };
    let rows = app.store.consultation_rows(list, after, PAGE + 1).await?;
    Ok(paged(rows, PAGE, today))
}

/// A link to an item of the catalogue or elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub title: String,
}

/// The notice as both pages show it.
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: &'static str,
    /// `2025-09-25至2025-10-11`.
    pub period: String,
    /// `7个工作日`, `30日`.
    pub length: String,
    /// `不少于7个工作日（《…》）`, when the law sets a minimum.
    pub minimum: Option<String>,
    pub draft_item: Option<Link>,
    pub interpretation_item: Option<Link>,
    pub decision: Option<Link>,
}

/// An item's link, when the public may see it.
async fn item_link(app: &App, id: Option<ItemId>) -> Result<Option<Link>, Error> {
    let Some(id) = id else { return Ok(None) };
    Ok(app
        .store
        .item(id)
        .await?
        .filter(|i| i.snapshot.state.is_public())
        .map(|i| Link {
            href: format!("/items/{id}"),
            title: i.snapshot.metadata.title,
        }))
}

async fn notice_of(app: &App, c: &Consultation) -> Result<Notice, Error> {
    let calendar = app.calendar_in_force().await?;
    let minimum = c.kind.minimum();
    let unit = minimum.map_or(Period::Days(0), |m| m.period);
    let counted = unit.counted(c.opens_on, c.closes_on, &calendar);
    let decision = match &c.decision {
        Some(DecisionLink::Item(id)) => item_link(app, Some(*id)).await?,
        Some(DecisionLink::Url(url)) => Some(Link {
            href: url.clone(),
            title: url.clone(),
        }),
        None => None,
    };
    Ok(Notice {
        kind: c.kind.label(),
        period: format!("{}至{}", c.opens_on, c.closes_on),
        length: match unit {
            Period::Days(_) => Period::Days(counted).label(),
            Period::WorkingDays(_) => Period::WorkingDays(counted).label(),
        },
        minimum: minimum.map(|m| format!("不少于{}（{}）", m.period.label(), m.source)),
        draft_item: item_link(app, c.draft_item_id).await?,
        interpretation_item: item_link(app, c.interpretation_item_id).await?,
        decision,
    })
}

/// A consultation's staff page.
#[derive(Debug)]
pub struct StaffPage {
    pub c: Consultation,
    /// The consultation's agency.
    pub agency: Agency,
    pub access: Access,
    pub phase: Phase,
    pub notice: Notice,
    /// The moderation queue, oldest first (the first page).
    pub pending: Vec<StoredComment>,
    /// Every comment, oldest first, a page after `after`.
    pub comments: Vec<StoredComment>,
    pub comments_next: Option<CommentId>,
    pub counts: CommentCounts,
}

/// A page of `moderation`'s comments (all when `None`) and the next key.
async fn comment_page(
    app: &App,
    id: ConsultationId,
    moderation: Option<Moderation>,
    after: Option<CommentId>,
) -> Result<(Vec<StoredComment>, Option<CommentId>), Error> {
    let mut rows = app
        .store
        .comments(id, moderation, after, COMMENTS_PAGE + 1)
        .await?;
    let more = rows.len() > COMMENTS_PAGE as usize;
    rows.truncate(COMMENTS_PAGE as usize);
    let next = more.then(|| rows.last().map(|c| c.id)).flatten();
    Ok((rows, next))
}

pub async fn staff_page(
    app: &App,
    reader: &Principal<'_>,
    id: ConsultationId,
    after: Option<CommentId>,
) -> Result<StaffPage, Error> {
    let (c, access) = consultation_for(app, reader, id).await?;
    let (mut pending, _) = comment_page(app, id, Some(Moderation::Pending), None).await?;
    let (mut comments, comments_next) = comment_page(app, id, None, after).await?;
    if access == Access::Read {
        // The commenters' contacts are the agency's only.
        for cm in pending.iter_mut().chain(comments.iter_mut()) {
            cm.contact = None;
        }
    }
    let agency = app
        .store
        .agency(c.agency_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("机关{}", c.agency_id)))?;
    Ok(StaffPage {
        agency,
        phase: phase_of(&c, app.clock.today()),
        notice: notice_of(app, &c).await?,
        counts: app.store.comment_counts(id).await?,
        c,
        access,
        pending,
        comments,
        comments_next,
    })
}

/// The public list of an agency.
#[derive(Debug)]
pub struct PublicList {
    /// Taking comments today, the soonest to close first (first page only).
    pub open: Vec<Line>,
    /// Closed, newest first, a page at a time.
    pub closed: Vec<Line>,
    pub next: Option<ConsultationId>,
}

pub async fn public_list(
    app: &App,
    agency: AgencyId,
    after: Option<ConsultationId>,
) -> Result<PublicList, Error> {
    let today = app.clock.today();
    let open = match after {
        None => {
            let rows = app
                .store
                .consultation_rows(ConsultationList::Open { agency, today }, None, PAGE * 2)
                .await?;
            rows.into_iter().map(|r| line_of(r, today)).collect()
        }
        Some(_) => Vec::new(),
    };
    let list = ConsultationList::Closed { agency, today };
    let rows = app.store.consultation_rows(list, after, PAGE + 1).await?;
    let (closed, next) = paged(rows, PAGE, today);
    Ok(PublicList { open, closed, next })
}

/// The rows of the public list for the agency's feed: the open ones, then
/// the closed ones, at most `limit` of each (a feed reads no next page).
pub async fn public_rows(
    app: &App,
    agency: AgencyId,
    limit: u32,
) -> Result<Vec<ConsultationRow>, Error> {
    let today = app.clock.today();
    let open = ConsultationList::Open { agency, today };
    let mut rows = app.store.consultation_rows(open, None, limit).await?;
    let closed = ConsultationList::Closed { agency, today };
    rows.extend(app.store.consultation_rows(closed, None, limit).await?);
    Ok(rows)
}

/// A comment as the public sees it: never the contact.
#[derive(Debug, Clone)]
pub struct PublicComment {
    pub id: CommentId,
    /// `匿名` without a name.
    pub name: String,
    pub body: String,
    pub received_on: NaiveDate,
}

/// The public notice of a consultation.
#[derive(Debug)]
pub struct PublicPage {
    pub c: Consultation,
    pub phase: Phase,
    pub notice: Notice,
    pub shown: Vec<PublicComment>,
    pub shown_next: Option<CommentId>,
    /// Comments received in all (shown, hidden and awaiting moderation).
    pub received: u64,
    /// The feedback, once published.
    pub feedback: Option<Vec<FeedbackLine>>,
}

pub async fn public_page(
    app: &App,
    agency: AgencyId,
    id: ConsultationId,
    after: Option<CommentId>,
) -> Result<PublicPage, Error> {
    let c = app
        .store
        .consultation(id)
        .await?
        .filter(|c| c.agency_id == agency && c.state != ConsultationState::Draft)
        .ok_or_else(|| Error::not_found(format!("意见征集（编号{id}）")))?;
    let (shown, shown_next) = comment_page(app, id, Some(Moderation::Shown), after).await?;
    let shown = shown
        .into_iter()
        .map(|cm| PublicComment {
            id: cm.id,
            name: cm.name.unwrap_or_else(|| "匿名".into()),
            body: cm.body,
            received_on: crate::clock::beijing(cm.received_at).date_naive(),
        })
        .collect();
    let feedback = match c.state {
        ConsultationState::Closed => c.feedback.clone(),
        _ => None,
    };
    Ok(PublicPage {
        phase: phase_of(&c, app.clock.today()),
        notice: notice_of(app, &c).await?,
        received: app.store.comment_counts(id).await?.total(),
        c,
        shown,
        shown_next,
        feedback,
    })
}
