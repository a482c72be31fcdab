//! 评分任务: the office that ran a scoring gives agencies of it to its
//! 评估人员 (staff of the office holding the evaluator role, often a third
//! party's), who then read and score those cards only
//! ([`super::Standing::Evaluator`]). Withdrawing a task keeps the scores
//! already given; both are in the audit chain.

use std::collections::HashMap;

use gongkai_domain::policy::{Permission, Principal, may_here};
use gongkai_domain::staff::Role;
use gongkai_store::{
    AgencyId, AssignedScorer, SCORING_TASKS_MAX, ScorecardRun, ScorecardRunId, ScorerAssignment,
    ScoringTask, Staff, StaffId,
};

use super::view::result_by_code;
use super::{Scorer, Standing, run_for};
use crate::{App, Error};

/// The most agencies one submission assigns.
pub const ASSIGN_MAX: usize = 500;

/// An evaluator the office may assign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorerChoice {
    pub id: StaffId,
    pub name: String,
}

/// The tasks of a run as its office's page shows them.
#[derive(Debug, Clone, Default)]
pub struct Assignments {
    /// The office's active evaluators, by name.
    pub evaluators: Vec<ScorerChoice>,
    pub by_agency: HashMap<AgencyId, Vec<AssignedScorer>>,
}

/// The run `id` for its office only: assigning is the office's.
async fn office_run(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
) -> Result<ScorecardRun, Error> {
    let (run, standing) = run_for(app, reader, id).await?;
    if standing != Standing::Office {
        return Err(Error::forbidden(
            "只有开展本次评分的政务公开办可以分配评分任务。",
        ));
    }
    Ok(run)
}

fn is_evaluator(s: &Staff) -> bool {
    s.active && s.has_role(Role::Evaluator)
}

/// The office's evaluators and who is assigned what in run `id`.
pub async fn assignments(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
) -> Result<Assignments, Error> {
    let run = office_run(app, reader, id).await?;
    let mut evaluators: Vec<ScorerChoice> = app
        .store
        .staff_of_agency(run.root)
        .await?
        .into_iter()
        .filter(is_evaluator)
        .map(|s| ScorerChoice {
            id: s.id,
            name: s.display_name,
        })
        .collect();
    evaluators.sort_by(|a, b| a.name.cmp(&b.name));
    let mut by_agency: HashMap<AgencyId, Vec<AssignedScorer>> = HashMap::new();
    for a in app.store.scorer_assignments(run.id).await? {
        by_agency.entry(a.agency_id).or_default().push(a);
    }
    Ok(Assignments {
        evaluators,
        by_agency,
    })
}

/// The evaluator `staff` as the office may assign it: its own active staff
/// holding the role.
async fn evaluator_of(app: &App, run: &ScorecardRun, staff: StaffId) -> Result<Staff, Error> {
    let refused = || {
        Error::invalid(
            "请选择本单位的评估人员。评估人员账号由本单位管理员在“工作人员”中创建并授予“评估人员”角色。",
        )
    };
    let s = app.store.staff(staff).await?.ok_or_else(refused)?;
    if s.agency_id != run.root || !is_evaluator(&s) {
        return Err(refused());
    }
    Ok(s)
}

/// Assign the agencies with `codes` of run `id` to the evaluator `staff`;
/// answers how many were newly assigned.
pub async fn assign(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
    codes: &[String],
    staff: StaffId,
) -> Result<usize, Error> {
    let run = office_run(app, reader, id).await?;
    if codes.is_empty() {
        return Err(Error::invalid("请勾选要分配给评估人员的单位。"));
    }
    if codes.len() > ASSIGN_MAX {
        return Err(Error::invalid(format!(
            "一次最多分配{ASSIGN_MAX}个单位（选了{}个），请分批分配。",
            codes.len()
        )));
    }
    evaluator_of(app, &run, staff).await?;
    let mut agencies = Vec::with_capacity(codes.len());
    for code in codes {
        agencies.push(result_by_code(app, &run, code).await?.agency.id);
    }
    let mut added = 0;
    for agency_id in agencies {
        let a = ScorerAssignment {
            run_id: run.id,
            agency_id,
            staff_id: staff,
        };
        if app
            .store
            .assign_scorer(&a, Some(reader.staff), app.clock.now())
            .await?
        {
            added += 1;
        }
    }
    Ok(added)
}

/// Withdraw the task of `staff` on the agency `code` of run `id`.
pub async fn unassign(
    app: &App,
    reader: &Scorer<'_>,
    id: ScorecardRunId,
    code: &str,
    staff: StaffId,
) -> Result<(), Error> {
    let run = office_run(app, reader, id).await?;
    let result = result_by_code(app, &run, code).await?;
    let a = ScorerAssignment {
        run_id: run.id,
        agency_id: result.agency.id,
        staff_id: staff,
    };
    if !app
        .store
        .unassign_scorer(&a, Some(reader.staff), app.clock.now())
        .await?
    {
        return Err(Error::not_found("该评分任务（可能已被撤回）"));
    }
    Ok(())
}

/// 我的评分任务: the evaluator's assignments, newest run first, at most
/// `limit` (never more than [`SCORING_TASKS_MAX`]).
pub async fn tasks(
    app: &App,
    reader: &Principal<'_>,
    staff: StaffId,
    limit: u32,
) -> Result<Vec<ScoringTask>, Error> {
    may_here(reader.roles, Permission::ScoreAssigned).map_err(|r| Error::forbidden(r.0))?;
    Ok(app
        .store
        .scoring_tasks(staff, limit.min(SCORING_TASKS_MAX))
        .await?)
}
