//! 评分任务 over both databases: which evaluator (评估人员) scores which
//! agency of a run. Making and withdrawing one is audited in the same
//! transaction.

use chrono::{DateTime, Utc};

use super::audit::append_chained;
use super::scorecards::{RUN_COLUMNS, audit, run_row};
use super::{Row, SqlBacked, Tx, query};
use crate::*;

/// The evaluator's name as the audit record gives it.
async fn staff_name(tx: &mut Tx, staff: StaffId) -> StoreResult<String> {
    query("SELECT display_name FROM staff WHERE id = $1")
        .bind(staff)
        .scalar_opt::<String>(tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("工作人员{staff}")))
}

pub(super) async fn assign<S: SqlBacked>(
    store: &S,
    a: &ScorerAssignment,
    by: Option<StaffId>,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = store.db().write_tx().await?;
    let scored: Option<i64> =
        query("SELECT run_id FROM scorecard_results WHERE run_id = $1 AND agency_id = $2")
            .bind(a.run_id)
            .bind(a.agency_id)
            .scalar_opt(&mut tx)
            .await?;
    if scored.is_none() {
        return Err(StoreError::NotFound(format!(
            "考核评分{}中机关{}的结果",
            a.run_id, a.agency_id
        )));
    }
    let name = staff_name(&mut tx, a.staff_id).await?;
    let added = query(
        "INSERT INTO scorecard_assignments (run_id, agency_id, staff_id, assigned_by, \
         assigned_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(a.run_id)
    .bind(a.agency_id)
    .bind(a.staff_id)
    .bind(by)
    .bind(at)
    .execute(&mut tx)
    .await?;
    if added == 1 {
        let detail = format!("考核评分{}：分配评估人员{name}评分", a.run_id);
        let entry = audit(by, a.agency_id, at, "scorecard.assigned", detail);
        append_chained(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(added == 1)
}

pub(super) async fn unassign<S: SqlBacked>(
    store: &S,
    a: &ScorerAssignment,
    by: Option<StaffId>,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = store.db().write_tx().await?;
    let removed = query(
        "DELETE FROM scorecard_assignments WHERE run_id = $1 AND agency_id = $2 \
         AND staff_id = $3",
    )
    .bind(a.run_id)
    .bind(a.agency_id)
    .bind(a.staff_id)
    .execute(&mut tx)
    .await?;
    if removed == 1 {
        let name = staff_name(&mut tx, a.staff_id).await?;
        let detail = format!("考核评分{}：撤回评估人员{name}的评分任务", a.run_id);
        let entry = audit(by, a.agency_id, at, "scorecard.unassigned", detail);
        append_chained(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(removed == 1)
}

pub(super) async fn of_run<S: SqlBacked>(
    store: &S,
    run: ScorecardRunId,
) -> StoreResult<Vec<AssignedScorer>> {
    query(
        "SELECT x.agency_id, x.staff_id, s.display_name FROM scorecard_assignments x \
         JOIN staff s ON s.id = x.staff_id WHERE x.run_id = $1 \
         ORDER BY x.agency_id, s.display_name, x.staff_id",
    )
    .bind(run)
    .fetch_as(store.db(), |r: &Row| {
        Ok(AssignedScorer {
            agency_id: r.get("agency_id")?,
            staff_id: r.get("staff_id")?,
            staff_name: r.get("display_name")?,
        })
    })
    .await
}

pub(super) async fn agencies_of<S: SqlBacked>(
    store: &S,
    run: ScorecardRunId,
    staff: StaffId,
) -> StoreResult<Vec<AgencyId>> {
    query(
        "SELECT agency_id FROM scorecard_assignments WHERE run_id = $1 AND staff_id = $2 \
         ORDER BY agency_id",
    )
    .bind(run)
    .bind(staff)
    .scalars(store.db())
    .await
    .map_err(Into::into)
}

pub(super) async fn tasks_of<S: SqlBacked>(
    store: &S,
    staff: StaffId,
    limit: u32,
) -> StoreResult<Vec<ScoringTask>> {
    let run_columns: String = RUN_COLUMNS
        .split(", ")
        .map(|c| format!("r.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    query(format!(
        "SELECT {run_columns}, a.full_name AS agency_name, a.code AS agency_code, \
         x.agency_id AS assigned_agency, res.unscored, x.assigned_at \
         FROM scorecard_assignments x \
         JOIN scorecard_runs r ON r.id = x.run_id \
         JOIN agencies a ON a.id = x.agency_id \
         JOIN scorecard_results res ON res.run_id = x.run_id AND res.agency_id = x.agency_id \
         WHERE x.staff_id = $1 ORDER BY x.run_id DESC, a.path LIMIT $2"
    ))
    .bind(staff)
    .bind(i64::from(limit.min(SCORING_TASKS_MAX)))
    .fetch_as(store.db(), |r: &Row| {
        let unscored: i32 = r.get("unscored")?;
        Ok(ScoringTask {
            run: run_row(r)?,
            agency: AgencyBrief {
                id: r.get("assigned_agency")?,
                name: r.get("agency_name")?,
                code: r.get("agency_code")?,
            },
            unscored: u32::try_from(unscored).unwrap_or(0),
            assigned_at: r.get("assigned_at")?,
        })
    })
    .await
}
