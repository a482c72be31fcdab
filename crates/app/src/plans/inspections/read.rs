//! What the supervising office reads: the supervision page of a year, one
//! inspection as frozen with its findings, and the input of its 通报.

use std::collections::HashMap;

use chrono::NaiveDate;
use gongkai_domain::access::Relation;
use gongkai_domain::plan::TimeLimit;
use gongkai_domain::plan::paper::{
    AgencyFindings, BulletinInput, Finding, InspectionFigures, ListedTask, rate_label,
};
use gongkai_store::{
    AgencyBrief, AgencyId, FindingRecord, FrozenCounts, FrozenTask, InspectionId, InspectionRecord,
    SUBTREE_PLANS_MAX, Staff, SubtreePlan, TaskCounts,
};

use super::{RECIPIENT, check_year, oversee, readable};
use crate::{App, Error};

/// One agency of the subtree with plans of the year.
#[derive(Debug, Clone)]
pub struct AgencyLine {
    pub agency: AgencyBrief,
    /// Its plans of the year (its own, then rectification plans).
    pub plans: Vec<SubtreePlan>,
    /// Whether it has a plan of its own (a rectification plan is not one).
    pub issued: bool,
    /// Its tasks of the year on today (rectification tasks included).
    pub counts: TaskCounts,
    /// 完成率, e.g. `85.7%`; `—` without tasks.
    pub rate: String,
}

/// What the supervising office sees for a year.
#[derive(Debug, Clone)]
pub struct Supervision {
    pub year: i32,
    pub today: NaiveDate,
    pub lines: Vec<AgencyLine>,
    /// More plans than the page lists ([`SUBTREE_PLANS_MAX`]).
    pub truncated: bool,
    /// Agencies without a plan of their own (at most `MISSING_MAX`) and
    /// how many in all.
    pub missing: Vec<AgencyBrief>,
    pub missing_total: u64,
    pub inspections: Vec<InspectionRecord>,
}

/// The supervision page of `who`'s own subtree for `year`.
pub async fn supervision(app: &App, who: &Staff, year: i32) -> Result<Supervision, Error> {
    oversee(who, Relation::OwnAgency)?;
    check_year(app, year)?;
    let root = who.agency_id;
    let today = app.clock.today();
    let plans = app.store.subtree_plans(root, year).await?;
    let counts: HashMap<_, _> = app
        .store
        .task_counts(root, year, today)
        .await?
        .into_iter()
        .map(|c| (c.agency_id, c))
        .collect();
    let truncated = plans.len() >= SUBTREE_PLANS_MAX as usize;
    let mut lines: Vec<AgencyLine> = Vec::new();
    for p in plans {
        match lines.last_mut() {
            Some(l) if l.agency.id == p.agency.id => {
                l.issued |= !p.rectification;
                l.plans.push(p);
            }
            _ => {
                let c = counts.get(&p.agency.id).copied().unwrap_or_default();
                lines.push(AgencyLine {
                    agency: p.agency.clone(),
                    issued: !p.rectification,
                    rate: rate_of(c.completed, c.tasks),
                    counts: c,
                    plans: vec![p],
                });
            }
        }
    }
    for l in &mut lines {
        l.plans.sort_by_key(|p| p.rectification);
    }
    let (missing, missing_total) = app.store.agencies_without_plan(root, year).await?;
    Ok(Supervision {
        year,
        today,
        lines,
        truncated,
        missing,
        missing_total,
        inspections: app.store.inspections(root, year).await?,
    })
}

fn rate_of(completed: u64, tasks: u64) -> String {
    rate_label(
        usize::try_from(completed).unwrap_or(usize::MAX),
        usize::try_from(tasks).unwrap_or(usize::MAX),
    )
}

/// An inspection as its page shows it.
#[derive(Debug, Clone)]
pub struct InspectionView {
    pub record: InspectionRecord,
    /// The supervising office's agency.
    pub office: String,
    /// Per agency, the frozen figures.
    pub counts: Vec<FrozenCounts>,
    /// The frozen red or listed tasks (bounded).
    pub flagged: Vec<FrozenTask>,
    pub findings: Vec<FindingRecord>,
    /// The agencies a finding may name: those inspected, then those
    /// without a plan of the year.
    pub choices: Vec<AgencyBrief>,
    /// `who` may add findings and issue the 通报 (the office, not issued).
    pub may_write: bool,
}

impl InspectionView {
    /// The agency's name on this inspection (counts, findings, choices).
    pub fn agency_name(&self, id: AgencyId) -> String {
        self.choices
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

pub async fn inspection(app: &App, who: &Staff, id: InspectionId) -> Result<InspectionView, Error> {
    let record = readable(app, who, id).await?;
    let office = app
        .store
        .agency(record.agency_id)
        .await?
        .map(|a| a.profile.full_name)
        .unwrap_or_default();
    let counts = app.store.inspection_counts(id).await?;
    let (missing, _) = app
        .store
        .agencies_without_plan(record.agency_id, record.year)
        .await?;
    let mut choices: Vec<AgencyBrief> = counts.iter().map(|c| c.agency.clone()).collect();
    for a in missing {
        if !choices.iter().any(|c| c.id == a.id) {
            choices.push(a);
        }
    }
    Ok(InspectionView {
        may_write: record.agency_id == who.agency_id && record.bulletin.is_none(),
        flagged: app.store.flagged_tasks(id).await?,
        findings: app.store.findings(id).await?,
        office,
        counts,
        choices,
        record,
    })
}

/// What the 通报 prints: the frozen figures, the findings per agency, the
/// listed tasks. Before it is issued: a draft without number, dated today.
pub async fn bulletin_input(
    app: &App,
    who: &Staff,
    id: InspectionId,
) -> Result<BulletinInput, Error> {
    let view = inspection(app, who, id).await?;
    let r = &view.record;
    let (number, date) = match &r.bulletin {
        Some(b) => (b.number.clone(), b.date),
        None => (String::new(), app.clock.today()),
    };
    let sum = |f: fn(&FrozenCounts) -> u64| {
        usize::try_from(view.counts.iter().map(f).sum::<u64>()).unwrap_or(usize::MAX)
    };
    let mut agencies: Vec<AgencyFindings> = Vec::new();
    for f in &view.findings {
        let finding = Finding {
            problem: f.problem.clone(),
            rectification: f.rectification.clone(),
            deadline: f.deadline,
        };
        match agencies.last_mut() {
            Some(a) if a.agency == f.agency.name => a.findings.push(finding),
            _ => agencies.push(AgencyFindings {
                agency: f.agency.name.clone(),
                findings: vec![finding],
            }),
        }
    }
    let listed = view
        .flagged
        .iter()
        .filter(|t| t.listed)
        .map(|t| ListedTask {
            agency: view.agency_name(t.agency_id),
            number: t.number.clone().unwrap_or_default(),
            text: t.task.clone(),
            lead: t.lead.iter().cloned().collect(),
            limit: t
                .limit_kind
                .zip(t.due_on)
                .map(|(kind, check_on)| TimeLimit { kind, check_on }),
            state: t.state,
        })
        .collect();
    Ok(BulletinInput {
        issuer: view.office.clone(),
        number,
        date,
        recipient: RECIPIENT.into(),
        period_label: r.period.clone(),
        frozen_on: r.frozen_on,
        figures: InspectionFigures {
            agencies: view.counts.len(),
            tasks: sum(|c| c.tasks),
            completed: sum(|c| c.completed),
            overdue: sum(|c| c.red),
        },
        agencies,
        listed,
        report_by: None,
    })
}
