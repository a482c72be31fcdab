//! The workbench's tasks: those a staff member's units lead that are still
//! open, and for the plan's owner the completions and extension requests
//! waiting for a decision — most pressing first, bounded.

use super::plans::{TASK_COLUMNS, task_row};
use super::{Db, query};
use crate::*;

/// Open tasks of `agency` that a unit of `units` leads, or (for the
/// owner) that wait for acceptance or an extension decision; red first,
/// then by due date; at most `limit`.
pub(super) async fn tasks_needing(
    db: &Db,
    agency: AgencyId,
    units: &[UnitId],
    owner: bool,
    limit: u32,
) -> StoreResult<Vec<TaskRecord>> {
    let mut q = query(format!(
        "SELECT {TASK_COLUMNS} FROM plan_tasks WHERE agency_id = "
    ));
    q.push_bind(agency);
    q.push(" AND state <> 'completed' AND (");
    if units.is_empty() {
        q.push("FALSE");
    } else {
        q.push("id IN (SELECT task_id FROM plan_task_units WHERE role = 'lead' AND unit_id IN (");
        for (i, u) in units.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " });
            q.push_bind(*u);
        }
        q.push("))");
    }
    if owner {
        q.push(" OR state IN ('awaiting_acceptance', 'awaiting_extension')");
    }
    q.push(
        ") ORDER BY CASE WHEN red_from IS NULL THEN 1 ELSE 0 END, \
         CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, id LIMIT ",
    );
    q.push_bind(i64::from(limit));
    let rows = q.fetch_all(db).await?;
    let ids: Vec<TaskId> = rows.iter().map(|r| r.get("id")).collect::<Result<_, _>>()?;
    let units = units_of(db, &ids).await?;
    rows.iter().map(|r| task_row(r, &units)).collect()
}

/// The units of the tasks `ids` (at most a page of them).
async fn units_of(db: &Db, ids: &[TaskId]) -> StoreResult<Vec<(TaskId, UnitId, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q =
        query("SELECT task_id, unit_id, role FROM plan_task_units WHERE task_id IN (".to_string());
    for (i, id) in ids.iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " });
        q.push_bind(*id);
    }
    q.push(") ORDER BY task_id, role, unit_id");
    q.fetch_as(db, |r| {
        Ok((r.get("task_id")?, r.get("unit_id")?, r.get("role")?))
    })
    .await
}
