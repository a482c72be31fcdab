//! What the health page reads: the agency's latest findings, and for a
//! supervising office the latest tally of every agency below it (one
//! query). Who may: the agency's staff and those above it
//! (`Permission::ReadStatistics`); running the checks now: its
//! administrators and supervisors and those above
//! (`Permission::OverseeDeadlines` or `AdministerAgency`).

use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{Agency, HealthTally, LatestHealth, Staff};

use crate::plans::access::relation;
use crate::{App, Error};

/// An agency below with its latest tally.
#[derive(Debug, Clone)]
pub struct BelowLine {
    pub agency: Agency,
    pub tally: HealthTally,
}

/// The page's records.
#[derive(Debug, Clone)]
pub struct HealthView {
    pub latest: Option<LatestHealth>,
    /// Agencies below (not the agency itself) checked at least once,
    /// vetoes first.
    pub below: Vec<BelowLine>,
    /// `who` may start a run now.
    pub may_run: bool,
}

pub async fn view(app: &App, who: &Staff, agency: &Agency) -> Result<HealthView, Error> {
    let r = relation(app.store.as_ref(), who, agency.id).await?;
    may_in(&who.roles, Permission::ReadStatistics, r).map_err(|r| Error::forbidden(r.0))?;
    let latest = app.store.latest_health(agency.id).await?;
    let tallies = app.store.health_tallies(agency.id).await?;
    let mut below = Vec::new();
    if tallies.len() > 1 {
        let agencies = app.store.agencies_under(agency.id).await?;
        for t in tallies.into_iter().filter(|t| t.agency_id != agency.id) {
            if let Some(a) = agencies.iter().find(|a| a.id == t.agency_id) {
                below.push(BelowLine {
                    agency: a.clone(),
                    tally: t,
                });
            }
        }
    }
    below.sort_by(|a, b| {
        (b.tally.tally.vetoes, b.tally.tally.problems)
            .cmp(&(a.tally.tally.vetoes, a.tally.tally.problems))
    });
    Ok(HealthView {
        latest,
        below,
        may_run: may_run(app, who, agency).await.is_ok(),
    })
}

/// `who` may start a run over `agency` and below.
pub async fn may_run(app: &App, who: &Staff, agency: &Agency) -> Result<(), Error> {
    let r = relation(app.store.as_ref(), who, agency.id).await?;
    may_in(&who.roles, Permission::OverseeDeadlines, r)
        .or_else(|_| may_in(&who.roles, Permission::AdministerAgency, r))
        .map_err(|r| Error::forbidden(r.0))
}
