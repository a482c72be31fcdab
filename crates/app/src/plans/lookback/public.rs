//! The plans in the agency's 政府信息公开 column (issue 17, item 9): each
//! plan with its task list — the task, its lead and partner units as the
//! plan names them, the time limit and whether it is completed — and the
//! implementation report once the agency published it. Nothing here names
//! a member of staff: the public sees units, never people.

use chrono::NaiveDate;
use gongkai_domain::document::Document;
use gongkai_store::{Agency, PlanId, PlanRecord, Store};

use super::written::{UnitNames, limit_of};
use crate::Error;

/// A plan in the column's list.
#[derive(Debug, Clone)]
pub struct PublicPlanEntry {
    pub plan: PlanRecord,
    /// The implementation report's publication date, if published.
    pub report_on: Option<NaiveDate>,
}

/// One task as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicTask {
    pub chapter: Option<String>,
    pub number: String,
    pub task: String,
    pub requirement: Option<String>,
    /// Lead units joined with 、 (as the plan names them).
    pub lead: String,
    pub partners: String,
    /// e.g. `2025年9月30日前`, `持续推进`; empty without a limit.
    pub limit: String,
    pub completed: bool,
}

impl PublicTask {
    /// 已完成 or 推进中.
    pub fn state_label(&self) -> &'static str {
        if self.completed {
            "已完成"
        } else {
            "推进中"
        }
    }
}

/// A plan's public page.
#[derive(Debug, Clone)]
pub struct PublicPlan {
    pub plan: PlanRecord,
    pub tasks: Vec<PublicTask>,
    pub report_on: Option<NaiveDate>,
}

/// The agency's plans, newest year first.
pub async fn plans(store: &dyn Store, agency: &Agency) -> Result<Vec<PublicPlanEntry>, Error> {
    let published = store.published_plan_reports(agency.id).await?;
    Ok(store
        .plans(agency.id, None)
        .await?
        .into_iter()
        .map(|plan| PublicPlanEntry {
            report_on: published
                .iter()
                .find(|(id, _)| *id == plan.id)
                .map(|(_, on)| *on),
            plan,
        })
        .collect())
}

/// The plan `id` of the agency (not found when it is another agency's).
async fn plan_of(store: &dyn Store, agency: &Agency, id: PlanId) -> Result<PlanRecord, Error> {
    store
        .plan(id)
        .await?
        .filter(|p| p.agency_id == agency.id)
        .ok_or_else(|| {
            Error::not_found(format!("{}编号为{id}的工作要点", agency.profile.full_name))
        })
}

/// The plan's public page.
pub async fn plan(store: &dyn Store, agency: &Agency, id: PlanId) -> Result<PublicPlan, Error> {
    let plan = plan_of(store, agency, id).await?;
    let names = UnitNames::new(&store.units(agency.id).await?);
    let tasks = store
        .plan_tasks(plan.id)
        .await?
        .iter()
        .map(|t| {
            let (lead, partners) = names.of(t);
            PublicTask {
                chapter: t.chapter.clone(),
                number: t.number.clone().unwrap_or_default(),
                task: t.task.clone(),
                requirement: t.requirement.clone(),
                lead: lead.join("、"),
                partners: partners.join("、"),
                limit: limit_of(&t.row).map(|l| l.label()).unwrap_or_default(),
                completed: !t.row.state.is_open(),
            }
        })
        .collect();
    let report_on = store
        .published_plan_report(plan.id)
        .await?
        .map(|r| r.published_on);
    Ok(PublicPlan {
        plan,
        tasks,
        report_on,
    })
}

/// The implementation report as published, with its file name (without
/// extension); not found before it is published.
pub async fn report(
    store: &dyn Store,
    agency: &Agency,
    id: PlanId,
) -> Result<(Document, String), Error> {
    let plan = plan_of(store, agency, id).await?;
    let published = store
        .published_plan_report(plan.id)
        .await?
        .ok_or_else(|| Error::not_found(format!("《{}》的落实情况报告", plan.title)))?;
    Ok((published.document, super::file_name(agency, plan.year)))
}
