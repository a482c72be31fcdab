//! 人大代表建议 and 政协委员提案 (issue 20, item 3): the agency keeps a
//! register per year and session (届次) of the motions it leads (主办),
//! each with its 编号, proposers (contacts private), co-handling agencies
//! (协办) and assignment date; the reply is due 3 months from assignment
//! (提案 3 to 5 as the session is configured), at most 6 with the
//! assigning body's consent; the reply is recorded with its grade (A–D)
//! and published within 20 working days of answering (platform calendar),
//! in full or as a summary with the reason, the proposer's contact data
//! removed (`participation::redact`) — the staff see what will be
//! published first; the proposer's satisfaction follows. Late motions show
//! on the agency's workbench and, per agency, on the supervising office's
//! console; a yearly 办理情况总体情况 is public.
//!
//! - [`register`]: a session's register, a motion registered in it;
//! - [`handle`]: an extension, the reply, its publication (with the
//!   preview), the satisfaction;
//! - [`view`]: the staff's pages, the supervisor's list of late motions
//!   per agency, the public yearly page and a published reply.
//!
//! Who: `Permission::HandleMotions` (the lead agency's 信息员, 审核人,
//! 管理员) handles a motion and sees the proposers' contacts; its holders
//! in a co-handling agency read the motion; the supervising offices read
//! (`Permission::OverseeDeadlines`). Neither sees a contact: they read the
//! reply as it would be published.

use chrono::NaiveDate;
use gongkai_domain::access::Relation;
use gongkai_domain::participation::motions::{MotionDates, MotionMark, PublishMode};
use gongkai_domain::policy::{AgencyPath, Permission, Principal, may_here, may_in};
use gongkai_store::{AgencyId, Motion, MotionId, MotionRow, StaffId, Stamp};

use crate::{App, Error};

mod fields;
pub mod handle;
pub mod register;
pub mod view;

#[cfg(test)]
mod tests;

pub use handle::{
    ExtensionInput, PublishInput, ReplyInput, SatisfactionInput, extend, preview, publish, reply,
    satisfaction,
};
pub use register::{MotionInput, ProposerRow, SessionInput, create_session, register};

/// How a reader stands to a motion (or an agency's register).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The lead agency's own staff: handle, and see the contacts.
    Lead,
    /// Staff of a co-handling agency (协办): read.
    CoHandler,
    /// A supervising office above (or the agency's own 监督员): read.
    Oversee,
}

impl Access {
    pub fn manages(self) -> bool {
        self == Access::Lead
    }
}

/// How `reader` stands to the register of the agency at `relation`: 403
/// with the policy's words when neither handling nor overseeing.
pub fn access_at(reader: &Principal<'_>, relation: Relation) -> Result<Access, Error> {
    match may_in(reader.roles, Permission::HandleMotions, relation) {
        Ok(()) => Ok(Access::Lead),
        Err(_) if may_in(reader.roles, Permission::OverseeDeadlines, relation).is_ok() => {
            Ok(Access::Oversee)
        }
        Err(refused) => Err(Error::forbidden(refused.0)),
    }
}

/// How `reader` stands to the agency `agency`'s register.
pub async fn access_to_agency(
    app: &App,
    reader: &Principal<'_>,
    agency: AgencyId,
) -> Result<Access, Error> {
    let lineage = app.store.agency_lineage(agency).await?;
    access_at(reader, AgencyPath::new(lineage).relation_to(reader.agency))
}

/// The motion `id` and how `reader` stands to it: a co-handling agency's
/// staff who handle motions read it. The contacts are left only for the
/// lead agency's staff.
pub async fn motion_for(
    app: &App,
    reader: &Principal<'_>,
    id: MotionId,
) -> Result<(Motion, Access), Error> {
    let mut m = app
        .store
        .motion(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("建议提案（编号{id}）")))?;
    let co_handler = m.co_agencies.iter().any(|a| a.id == reader.agency)
        && may_here(reader.roles, Permission::HandleMotions).is_ok();
    let access = match access_to_agency(app, reader, m.agency_id).await {
        Ok(a) => a,
        Err(_) if co_handler => Access::CoHandler,
        Err(e) => return Err(e),
    };
    if !access.manages() {
        // Readers outside the lead agency see the reply as it would be
        // published, and no contact.
        let shown = handle::published_text(&m, PublishMode::Full, "").text;
        if let Some(r) = m.reply.as_mut() {
            r.text = shown;
        }
        for p in &mut m.proposers {
            p.contact = None;
        }
    }
    Ok((m, access))
}

/// The motion `id` for a change: by its lead agency's own staff only.
pub async fn managed(app: &App, reader: &Principal<'_>, id: MotionId) -> Result<Motion, Error> {
    match motion_for(app, reader, id).await? {
        (m, Access::Lead) => Ok(m),
        (_, Access::CoHandler) => Err(Error::forbidden(
            "协办单位可以查看建议提案，由主办单位答复和公开；协办意见请按交办要求送主办单位。",
        )),
        (_, Access::Oversee) => Err(Error::forbidden(
            "上级机关可以查看建议提案办理情况，由主办单位答复和公开。",
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

/// A stored motion's dates, for its mark.
pub fn dates_of(m: &Motion) -> MotionDates {
    MotionDates {
        due: m.due(),
        answered_on: m.reply.as_ref().map(|r| r.answered_on),
        publish_due: m.reply.as_ref().map(|r| r.publish_due),
        published_on: m.publication.as_ref().map(|p| p.published_on),
    }
}

/// Where a motion stands on `today`.
pub fn mark_of(m: &Motion, today: NaiveDate) -> MotionMark {
    MotionMark::of(&dates_of(m), today)
}

/// Where a listed motion stands on `today`.
pub fn row_mark(r: &MotionRow, today: NaiveDate) -> MotionMark {
    let dates = MotionDates {
        due: r.due,
        answered_on: r.answered_on,
        publish_due: r.publish_due,
        published_on: r.published_on,
    };
    MotionMark::of(&dates, today)
}
