//! 意见征集 (决策预公开, issue 20): an agency publishes a draft with its
//! 起草说明 and says how and until when the public may comment; the
//! minimum period of the kind of draft is enforced on the platform calendar
//! with its statutory source (`gongkai_domain::participation::consultation`),
//! a shorter one only with the reason the notice shows. The public comments
//! through a form (kept first, moderated before it is shown); after closing
//! the agency records what it adopted (采纳 / 部分采纳 / 不予采纳, a reason
//! for every concentrated opinion not adopted) and publishes it with, or
//! before, the final decision. A consultation closed without published
//! feedback is flagged on the agency's workbench and counted for the
//! supervising office.
//!
//! - [`draft`]: create (the period checked against the planned day of
//!   publication) and publish (checked again against the day it is
//!   published);
//! - [`comment`]: a comment from the public, refused after the closing day;
//! - [`feedback`]: moderation, the feedback recorded and published, the
//!   final decision linked;
//! - [`view`]: the staff's and the public's lists and pages (query objects,
//!   paged in SQL).
//!
//! Who: `Permission::ManageConsultations` (the agency's 信息员, 审核人,
//! 管理员) manages and sees the commenters' contacts; the supervising
//! offices above read (`Permission::OverseeDeadlines`), without contacts.

use chrono::NaiveDate;
use gongkai_domain::access::Relation;
use gongkai_domain::participation::consultation::{FeedbackState, feedback_state};
use gongkai_domain::policy::{AgencyPath, Permission, Principal, may_in};
use gongkai_store::{Consultation, ConsultationId, ConsultationState, StaffId, Stamp};

use crate::{App, Error};

pub mod comment;
pub mod draft;
pub mod feedback;
pub mod flag_mail;
pub mod settings;
pub mod view;

#[cfg(test)]
mod tests;

pub use comment::{CommentInput, submit_comment};
pub use draft::{DraftInput, create, edit, publish};
pub use feedback::{
    DecisionInput, FeedbackRow, ModerationInput, link_decision, moderate, publish_feedback,
    record_feedback,
};

/// How a reader stands to an agency's consultations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The agency's own editors, reviewers and administrators: manage, and
    /// see the commenters' contacts.
    Manage,
    /// A supervising office above (or the agency's own 监督员): read only.
    Read,
}

/// How `reader` stands to the consultations of the agency at `relation`:
/// 403 with the policy's words when neither managing nor overseeing.
pub fn access_at(reader: &Principal<'_>, relation: Relation) -> Result<Access, Error> {
    match may_in(reader.roles, Permission::ManageConsultations, relation) {
        Ok(()) => Ok(Access::Manage),
        Err(_) if may_in(reader.roles, Permission::OverseeDeadlines, relation).is_ok() => {
            Ok(Access::Read)
        }
        Err(refused) => Err(Error::forbidden(refused.0)),
    }
}

/// The consultation `id` and how `reader` stands to it.
pub async fn consultation_for(
    app: &App,
    reader: &Principal<'_>,
    id: ConsultationId,
) -> Result<(Consultation, Access), Error> {
    let c = app
        .store
        .consultation(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("意见征集（编号{id}）")))?;
    let lineage = app.store.agency_lineage(c.agency_id).await?;
    let relation = AgencyPath::new(lineage).relation_to(reader.agency);
    let access = access_at(reader, relation)?;
    Ok((c, access))
}

/// The consultation `id` for a change: by its agency's own staff only.
pub async fn managed(
    app: &App,
    reader: &Principal<'_>,
    id: ConsultationId,
) -> Result<Consultation, Error> {
    match consultation_for(app, reader, id).await? {
        (c, Access::Manage) => Ok(c),
        (_, Access::Read) => Err(Error::forbidden(
            "上级机关可以查看意见征集，由发布征求意见的机关办理审核和反馈。",
        )),
    }
}

/// Who did it, now.
pub(crate) fn stamp(app: &App, by: Option<StaffId>) -> Stamp {
    Stamp {
        by,
        at: app.clock.now(),
    }
}

/// Where a consultation stands on a day, as the lists and pages say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// 草稿: not public yet.
    Draft,
    /// Published, opening on a later day.
    Scheduled,
    /// 征求意见中: this many days left after today (0: closes today).
    Open { days_left: i64 },
    /// Closed; the feedback (意见采纳情况) is due: flagged.
    FeedbackDue,
    /// The decision is linked but not the feedback: flagged.
    FeedbackMissing,
    /// 已公开采纳情况.
    FeedbackPublished,
}

impl Phase {
    /// The phase of a consultation in `state` from `opens` to `closes`.
    pub fn of(
        state: ConsultationState,
        (opens, closes): (NaiveDate, NaiveDate),
        has_decision: bool,
        today: NaiveDate,
    ) -> Phase {
        if state == ConsultationState::Draft {
            return Phase::Draft;
        }
        let published = state == ConsultationState::Closed;
        match feedback_state(closes, today, published, has_decision) {
            FeedbackState::Published => Phase::FeedbackPublished,
            FeedbackState::Missing => Phase::FeedbackMissing,
            FeedbackState::Due => Phase::FeedbackDue,
            FeedbackState::Open if today < opens => Phase::Scheduled,
            FeedbackState::Open => Phase::Open {
                days_left: (closes - today).num_days(),
            },
        }
    }

    pub fn label(self) -> String {
        match self {
            Phase::Draft => "草稿（未发布）".into(),
            Phase::Scheduled => "已发布，尚未开始".into(),
            Phase::Open { days_left: 0 } => "征求意见中，今日截止".into(),
            Phase::Open { days_left } => format!("征求意见中，还剩{days_left}天"),
            Phase::FeedbackDue => "已截止，待公开意见采纳情况".into(),
            Phase::FeedbackMissing => "已公布最终决定，但未公开意见采纳情况".into(),
            Phase::FeedbackPublished => "已公开意见采纳情况".into(),
        }
    }

    /// Closed without published feedback: shown to the agency and counted
    /// for its supervising office.
    pub fn flagged(self) -> bool {
        matches!(self, Phase::FeedbackDue | Phase::FeedbackMissing)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Phase::Open { .. })
    }

    /// A CSS/test code: `draft`, `open`, `due`, `missing`, `published`.
    pub fn code(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Scheduled => "scheduled",
            Phase::Open { .. } => "open",
            Phase::FeedbackDue => "due",
            Phase::FeedbackMissing => "missing",
            Phase::FeedbackPublished => "published",
        }
    }
}

/// The phase of a stored consultation on `today`.
pub fn phase_of(c: &Consultation, today: NaiveDate) -> Phase {
    Phase::of(
        c.state,
        (c.opens_on, c.closes_on),
        c.decision.is_some(),
        today,
    )
}
