//! 栏目健康检查 (`gongkai check site`, the scheduled job, the page): for
//! each agency of a subtree, the figures the domain's rules read
//! (`gongkai_domain::health`) gathered from the read models — published
//! items per column, 无信息说明, the guide's office data, the 制度, last
//! year's report, policies and their interpretations, requests past their
//! limit — and the links of every published item, internal ones resolved
//! against the platform's own pages, external ones fetched
//! (`crate::linkcheck`). A run's findings are stored per agency and mailed
//! as each agency chose (`notify`, `weekly`, `mail_setting`).

mod figures;
mod links;
pub mod mail_setting;
pub mod notes;
pub mod notify;
pub mod view;
pub mod weekly;

pub use links::{InternalPages, LinkOptions};

use chrono::NaiveDate;
use gongkai_domain::health::{Finding, agency_findings, column_findings};
use gongkai_store::{Agency, AgencyFindings, NewHealthRun, StaffId};

use crate::{App, Error};

/// One agency's findings in a run.
#[derive(Debug, Clone)]
pub struct AgencyResult {
    pub agency: Agency,
    pub findings: Vec<Finding>,
}

/// A finished run: its id and what it found per agency.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub run_id: i64,
    pub checked_on: NaiveDate,
    pub agencies: Vec<AgencyResult>,
}

/// The findings of one agency on `today`.
async fn check_agency(
    app: &App,
    agency: &Agency,
    today: NaiveDate,
    counts: &figures::SubtreeCounts,
    pages: &dyn InternalPages,
    options: &LinkOptions,
) -> Result<Vec<Finding>, Error> {
    let columns = figures::columns(app, agency).await?;
    let (mut findings, _) = column_findings(&columns, today);
    let mut figures = figures::agency(app, agency, today, counts).await?;
    figures.links = links::check(app, agency, pages, options).await?;
    findings.extend(agency_findings(&figures, today));
    Ok(findings)
}

/// Check `root` and every agency below it (or `root` alone) and store the
/// run.
pub async fn run(
    app: &App,
    root: &Agency,
    subtree: bool,
    by: Option<StaffId>,
    pages: &dyn InternalPages,
    options: &LinkOptions,
) -> Result<RunResult, Error> {
    let started_at = app.clock.now();
    let today = app.clock.today();
    let agencies = if subtree {
        app.store.agencies_under(root.id).await?
    } else {
        vec![root.clone()]
    };
    // GROUP BYs over the subtree's read model, not queries per agency.
    let counts = figures::SubtreeCounts::read(app, root.id, today).await?;
    let mut results = Vec::with_capacity(agencies.len());
    let mut mails = Vec::new();
    let public_url = app.settings.public_url.as_deref();
    for agency in agencies {
        let findings = check_agency(app, &agency, today, &counts, pages, options).await?;
        let before = app.store.latest_health(agency.id).await?;
        let before = before.map(|l| l.findings).unwrap_or_default();
        let mode = app.store.findings_mail(agency.id).await?.mode;
        mails.extend(notify::after_run(
            &agency, mode, &findings, &before, public_url,
        ));
        results.push(AgencyResult { agency, findings });
    }
    let run = NewHealthRun {
        root: root.id,
        started_by: by,
        started_at,
        finished_at: app.clock.now(),
        checked_on: today,
        mails,
        agencies: results
            .iter()
            .map(|r| AgencyFindings {
                agency_id: r.agency.id,
                findings: r.findings.clone(),
            })
            .collect(),
    };
    let run_id = app.store.record_health_run(&run).await?;
    if !run.mails.is_empty() {
        app.mail_wake.notify_one();
    }
    Ok(RunResult {
        run_id,
        checked_on: today,
        agencies: results,
    })
}
