//! 回应关切 / 政务舆情 (issue 20, item 4): the agency registers a public
//! concern or incident it learned of (title, class, the moment it learned
//! of it, source, summary, lead agency); its clocks run in clock hours from
//! that moment (`participation::concern`: for a 特别重大、重大突发事件
//! authoritative information within 5 hours and a press conference within
//! 24; other concerns a response within 48); the agency records its
//! responses (权威信息发布, 新闻发布会, 回应说明, 其他 — public or kept
//! internal, linking its published items or an address elsewhere) and
//! closes the concern. A public response meets the clocks; each clock shows
//! 按时, 超时 (how late), 未到期 or 已超时未回应 on the staff and public
//! pages, and per agency on the supervising office's console.
//!
//! - [`record`]: register, respond, close (the commands the web forms and
//!   the JSON API call);
//! - [`view`]: the queue (the nearest clock first, overdue first), a
//!   concern's staff page, the public column and a concern's public page.
//!
//! Who: `Permission::RespondToConcerns` (the agency's 信息员 and 审核人)
//! registers and responds; the supervising offices above read
//! (`Permission::OverseeDeadlines`). Nothing here is personal data: the
//! register names events, not people.

use chrono::{DateTime, Utc};
use gongkai_domain::access::Relation;
use gongkai_domain::participation::clocks::{ConcernClass, concern_clocks};
use gongkai_domain::participation::concern::{ClockMark, mark, shown};
use gongkai_domain::policy::{AgencyPath, Permission, Principal, may_in};
use gongkai_store::{AgencyId, Concern, ConcernClocks, ConcernId, StaffId, Stamp};

use crate::{App, Error};

mod fields;
pub mod record;
pub mod view;

#[cfg(test)]
mod tests;

pub use record::{CloseInput, ConcernInput, ResponseInput, close, register, respond};

/// How a reader stands to an agency's concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The agency's own 信息员 and 审核人: register and respond.
    Respond,
    /// A supervising office above (or the agency's own 监督员): read.
    Read,
}

/// How `reader` stands to the concerns of the agency at `relation`: 403
/// with the policy's words when neither responding nor overseeing.
pub fn access_at(reader: &Principal<'_>, relation: Relation) -> Result<Access, Error> {
    match may_in(reader.roles, Permission::RespondToConcerns, relation) {
        Ok(()) => Ok(Access::Respond),
        Err(_) if may_in(reader.roles, Permission::OverseeDeadlines, relation).is_ok() => {
            Ok(Access::Read)
        }
        Err(refused) => Err(Error::forbidden(refused.0)),
    }
}

/// How `reader` stands to the concerns of agency `agency`.
pub async fn access_to_agency(
    app: &App,
    reader: &Principal<'_>,
    agency: AgencyId,
) -> Result<Access, Error> {
    let lineage = app.store.agency_lineage(agency).await?;
    access_at(reader, AgencyPath::new(lineage).relation_to(reader.agency))
}

/// The concern `id` and how `reader` stands to it.
pub async fn concern_for(
    app: &App,
    reader: &Principal<'_>,
    id: ConcernId,
) -> Result<(Concern, Access), Error> {
    let c = app
        .store
        .concern(id)
        .await?
        .ok_or_else(|| Error::not_found(format!("舆情（编号{id}）")))?;
    let access = access_to_agency(app, reader, c.agency_id).await?;
    Ok((c, access))
}

/// The concern `id` for a decision: by its agency's own staff only.
pub async fn responded_by(
    app: &App,
    reader: &Principal<'_>,
    id: ConcernId,
) -> Result<Concern, Error> {
    match concern_for(app, reader, id).await? {
        (c, Access::Respond) => Ok(c),
        (_, Access::Read) => Err(Error::forbidden(
            "上级机关可以查看回应关切的情况，由本机关的信息员或审核人登记回应。",
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

/// One clock as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockLine {
    /// `发布权威信息`, `召开新闻发布会`, `回应`.
    pub what: &'static str,
    pub hours: i64,
    pub source: &'static str,
    /// Beijing time to the minute.
    pub due: String,
    pub met_at: Option<String>,
    pub mark: ClockMark,
}

impl ClockLine {
    pub fn label(&self) -> String {
        self.mark.label()
    }

    pub fn code(&self) -> &'static str {
        self.mark.code()
    }
}

/// The clocks of a concern of `class` learned of at `learned_at`, as
/// stored (`clocks`: the first public response that met each), at `now`:
/// the due moments are the domain's, derived again from the class.
pub fn clock_lines(
    class: ConcernClass,
    learned_at: DateTime<Utc>,
    clocks: &ConcernClocks,
    now: DateTime<Utc>,
) -> Vec<ClockLine> {
    let met = [clocks.first_met_at, clocks.second_met_at];
    concern_clocks(class, learned_at)
        .into_iter()
        .zip(met)
        .map(|(due, met_at)| ClockLine {
            what: due.what,
            hours: (due.by - learned_at).num_hours(),
            source: due.source,
            due: shown(due.by),
            met_at: met_at.map(shown),
            mark: mark(due.by, met_at, now),
        })
        .collect()
}
