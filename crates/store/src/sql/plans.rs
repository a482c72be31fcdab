//! [`PlanStore`] over both databases.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use gongkai_domain::case::Actor;
use gongkai_domain::plan::{LimitKind, TaskEvent, TaskState, UnitKind, UnitName};

use super::audit::append_chained;
use super::documents::enqueue_in;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Arg, Row, SqlBacked, Tx, query, seq_column, seq_value, write_err};
use crate::*;

pub(super) const TASK_COLUMNS: &str = "id, plan_id, agency_id, position, chapter, number, task, \
     requirement, division, major, superior_task_id, state, limit_kind, percent, due_on, completed_on, \
     blue_from, yellow_from, red_from, step_on, listed";

fn audit(
    at: chrono::DateTime<Utc>,
    by: Option<StaffId>,
    agency: AgencyId,
    action: &str,
    detail: String,
) -> NewAuditEntry {
    NewAuditEntry {
        at,
        staff_id: by,
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}“{value}”"))
}

fn unit_row(r: &Row) -> StoreResult<Unit> {
    let name: String = r.get("name")?;
    let kind: String = r.get("kind")?;
    Ok(Unit {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        name: UnitName::parse(&name).map_err(|_| corrupt("单位名称", &name))?,
        kind: UnitKind::from_code(&kind).ok_or_else(|| corrupt("单位类别", &kind))?,
    })
}

pub(super) fn task_row(r: &Row, units: &[(TaskId, UnitId, String)]) -> StoreResult<TaskRecord> {
    let id: TaskId = r.get("id")?;
    let state: String = r.get("state")?;
    let kind: Option<String> = r.get("limit_kind")?;
    let percent: Option<i32> = r.get("percent")?;
    let of_role = |role: &str| {
        units
            .iter()
            .filter(|(t, _, r)| *t == id && r == role)
            .map(|(_, u, _)| *u)
            .collect::<Vec<_>>()
    };
    let position: i32 = r.get("position")?;
    Ok(TaskRecord {
        id,
        plan_id: r.get("plan_id")?,
        agency_id: r.get("agency_id")?,
        position: u32::try_from(position)
            .map_err(|_| corrupt("任务序号", &position.to_string()))?,
        chapter: r.get("chapter")?,
        number: r.get("number")?,
        task: r.get("task")?,
        requirement: r.get("requirement")?,
        division: r.get("division")?,
        major: r.get("major")?,
        superior_task: r.get("superior_task_id")?,
        row: TaskRow {
            state: TaskState::from_code(&state).ok_or_else(|| corrupt("任务状态", &state))?,
            lead: of_role("lead"),
            partners: of_role("partner"),
            limit_kind: kind
                .map(|k| LimitKind::from_code(&k).ok_or_else(|| corrupt("完成时限类别", &k)))
                .transpose()?,
            percent: percent.and_then(|p| u8::try_from(p).ok()),
            due_on: r.get("due_on")?,
            completed_on: r.get("completed_on")?,
            blue_from: r.get("blue_from")?,
            yellow_from: r.get("yellow_from")?,
            red_from: r.get("red_from")?,
            step_on: r.get("step_on")?,
            listed: r.get("listed")?,
        },
    })
}

/// The lead and partner units of tasks, for [`task_row`].
async fn task_units<'c>(
    on: impl Into<super::Exec<'c>>,
    clause: &str,
    key: i64,
) -> StoreResult<Vec<(TaskId, UnitId, String)>> {
    query(format!(
        "SELECT u.task_id, u.unit_id, u.role FROM plan_task_units u \
         JOIN plan_tasks t ON t.id = u.task_id WHERE {clause} = $1 ORDER BY u.task_id, u.role, u.unit_id"
    ))
    .bind(key)
    .fetch_as(on, |r| Ok((r.get("task_id")?, r.get("unit_id")?, r.get("role")?)))
    .await
}

fn event_json(e: &TaskEvent) -> StoreResult<(String, String)> {
    let enc = |v: serde_json::Result<String>| v.map_err(|e| StoreError::Backend(e.to_string()));
    Ok((
        enc(serde_json::to_string(&e.actor))?,
        enc(serde_json::to_string(&e.action))?,
    ))
}

async fn insert_event(tx: &mut Tx, task: TaskId, e: &TaskEvent) -> StoreResult<()> {
    let (actor, action) = event_json(e)?;
    query("INSERT INTO plan_task_events (task_id, seq, at, actor, action) VALUES ($1, $2, $3, $4, $5)")
        .bind(task)
        .bind(seq_column(e.seq)?)
        .bind(e.at)
        .bind(Arg::json(actor))
        .bind(Arg::json(action))
        .execute(tx)
        .await
        .map_err(write_err(Conflict::TaskEventSeq))?;
    Ok(())
}

/// Rewrite the task's read model and its units.
async fn put_row(tx: &mut Tx, task: TaskId, row: &TaskRow) -> StoreResult<()> {
    query(
        "UPDATE plan_tasks SET state = $1, limit_kind = $2, percent = $3, due_on = $4, \
         completed_on = $5, blue_from = $6, yellow_from = $7, red_from = $8, step_on = $9, \
         listed = $10 WHERE id = $11",
    )
    .bind(row.state.code())
    .bind(row.limit_kind.map(|k| k.code()))
    .bind(row.percent.map(i32::from))
    .bind(row.due_on)
    .bind(row.completed_on)
    .bind(row.blue_from)
    .bind(row.yellow_from)
    .bind(row.red_from)
    .bind(row.step_on)
    .bind(row.listed)
    .bind(task)
    .execute(&mut *tx)
    .await?;
    query("DELETE FROM plan_task_units WHERE task_id = $1")
        .bind(task)
        .execute(&mut *tx)
        .await?;
    for (units, role) in [(&row.lead, "lead"), (&row.partners, "partner")] {
        for u in units {
            query("INSERT INTO plan_task_units (task_id, unit_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(task)
                .bind(*u)
                .bind(role)
                .execute(&mut *tx)
                .await
                .map_err(write_err(Conflict::Unit))?;
        }
    }
    Ok(())
}

fn staff_of(actor: &Actor) -> Option<StaffId> {
    match actor {
        Actor::Staff { id, .. } => Some(*id),
        _ => None,
    }
}

fn plan_row(r: &Row) -> StoreResult<PlanRecord> {
    let count = |c: &str| -> StoreResult<u64> {
        let n: i64 = r.get(c)?;
        Ok(u64::try_from(n).unwrap_or(0))
    };
    Ok(PlanRecord {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        year: r.get("year")?,
        title: r.get("title")?,
        document_number: r.get("document_number")?,
        issued_on: r.get("issued_on")?,
        implements: r.get("implements_id")?,
        created_at: r.get("created_at")?,
        tasks: count("tasks")?,
        completed: count("completed")?,
    })
}

const PLAN_SELECT: &str = "SELECT p.id, p.agency_id, p.year, p.title, p.document_number, \
     p.issued_on, p.implements_id, p.created_at, \
     (SELECT COUNT(*) FROM plan_tasks t WHERE t.plan_id = p.id) AS tasks, \
     (SELECT COUNT(*) FROM plan_tasks t WHERE t.plan_id = p.id AND t.state = 'completed') AS completed \
     FROM work_plans p";

#[async_trait]
impl<S: SqlBacked> PlanStore for S {
    async fn add_unit(
        &self,
        agency: AgencyId,
        name: &UnitName,
        kind: UnitKind,
        by: Option<StaffId>,
    ) -> StoreResult<UnitId> {
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        let id: i64 = query(
            "INSERT INTO agency_units (agency_id, name, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(agency)
        .bind(name.as_str())
        .bind(kind.code())
        .bind(now)
        .scalar(&mut tx)
        .await
        .map_err(write_err(Conflict::Unit))?;
        let detail = format!("新增{}：{name}", kind.label());
        append_chained(&mut tx, &audit(now, by, agency, "plan.unit_added", detail)).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn units(&self, agency: AgencyId) -> StoreResult<Vec<Unit>> {
        query(format!(
            "SELECT id, agency_id, name, kind FROM agency_units WHERE agency_id = $1 ORDER BY kind, name LIMIT {AGENCY_UNITS_MAX}"
        ))
        .bind(agency)
        .fetch_as(self.db(), unit_row)
        .await
    }

    async fn set_staff_units(
        &self,
        staff: StaffId,
        units: &[UnitId],
        by: StaffId,
    ) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        let agency: AgencyId = query("SELECT agency_id FROM staff WHERE id = $1")
            .bind(staff)
            .scalar_opt(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound("该工作人员".into()))?;
        query("DELETE FROM staff_units WHERE staff_id = $1")
            .bind(staff)
            .execute(&mut tx)
            .await?;
        for u in units {
            let owner: Option<AgencyId> = query("SELECT agency_id FROM agency_units WHERE id = $1")
                .bind(*u)
                .scalar_opt(&mut tx)
                .await?;
            if owner != Some(agency) {
                return Err(StoreError::NotFound(format!("本机关的单位{u}")));
            }
            query("INSERT INTO staff_units (staff_id, unit_id) VALUES ($1, $2)")
                .bind(staff)
                .bind(*u)
                .execute(&mut tx)
                .await
                .map_err(write_err(Conflict::Unit))?;
        }
        let detail = format!("工作人员{staff}所属单位：{units:?}");
        append_chained(
            &mut tx,
            &audit(now, Some(by), agency, "plan.staff_units", detail),
        )
        .await?;
        tx.commit().await
    }

    async fn staff_units(&self, staff: StaffId) -> StoreResult<Vec<UnitId>> {
        query("SELECT unit_id FROM staff_units WHERE staff_id = $1 ORDER BY unit_id")
            .bind(staff)
            .scalars(self.db())
            .await
            .map_err(Into::into)
    }

    async fn create_plan(&self, plan: &NewPlan) -> StoreResult<(PlanId, Vec<TaskId>)> {
        if plan.tasks.len() > PLAN_TASKS_MAX {
            return Err(StoreError::Backend(format!(
                "一个工作要点最多{PLAN_TASKS_MAX}项任务"
            )));
        }
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        let id: PlanId = query(
            "INSERT INTO work_plans (agency_id, year, title, document_number, issued_on, \
             implements_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(plan.agency_id)
        .bind(plan.year)
        .bind(plan.title.as_str())
        .bind(plan.document_number.as_str())
        .bind(plan.issued_on)
        .bind(plan.implements)
        .bind(plan.created_by)
        .bind(now)
        .scalar(&mut tx)
        .await
        .map_err(write_err(Conflict::Plan))?;
        let mut ids = Vec::with_capacity(plan.tasks.len());
        for (i, t) in plan.tasks.iter().enumerate() {
            let task: TaskId = query(
                "INSERT INTO plan_tasks (plan_id, agency_id, position, chapter, number, task, \
                 requirement, division, major, superior_task_id, state, listed) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(id)
            .bind(plan.agency_id)
            .bind(i32::try_from(i + 1).unwrap_or(i32::MAX))
            .bind(&t.chapter)
            .bind(&t.number)
            .bind(t.task.as_str())
            .bind(&t.requirement)
            .bind(t.division.as_str())
            .bind(t.major)
            .bind(t.superior_task)
            .bind(t.row.state.code())
            .bind(false)
            .scalar(&mut tx)
            .await
            .map_err(write_err(Conflict::Plan))?;
            insert_event(&mut tx, task, &t.first).await?;
            put_row(&mut tx, task, &t.row).await?;
            ids.push(task);
        }
        let detail = format!(
            "{}年《{}》，{}项任务",
            plan.year,
            plan.title,
            plan.tasks.len()
        );
        append_chained(
            &mut tx,
            &audit(now, plan.created_by, plan.agency_id, "plan.created", detail),
        )
        .await?;
        tx.commit().await?;
        Ok((id, ids))
    }

    async fn plans(&self, agency: AgencyId, year: Option<i32>) -> StoreResult<Vec<PlanRecord>> {
        let q = match year {
            Some(y) => query(format!(
                "{PLAN_SELECT} WHERE p.agency_id = $1 AND p.year = $2 ORDER BY p.id LIMIT 100"
            ))
            .bind(agency)
            .bind(y),
            None => query(format!(
                "{PLAN_SELECT} WHERE p.agency_id = $1 ORDER BY p.year DESC, p.id LIMIT 100"
            ))
            .bind(agency),
        };
        q.fetch_as(self.db(), plan_row).await
    }

    async fn plan(&self, id: PlanId) -> StoreResult<Option<PlanRecord>> {
        let row = query(format!("{PLAN_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(self.db())
            .await?;
        row.as_ref().map(plan_row).transpose()
    }

    async fn plan_tasks(&self, plan: PlanId) -> StoreResult<Vec<TaskRecord>> {
        let units = task_units(self.db(), "t.plan_id", plan).await?;
        query(format!(
            "SELECT {TASK_COLUMNS} FROM plan_tasks WHERE plan_id = $1 ORDER BY position LIMIT {PLAN_TASKS_MAX}"
        ))
        .bind(plan)
        .fetch_all(self.db())
        .await?
        .iter()
        .map(|r| task_row(r, &units))
        .collect()
    }

    async fn superior_tasks_not_taken_up(&self, plan: PlanId) -> StoreResult<Vec<TaskRecord>> {
        let units = task_units(self.db(), "t.plan_id", plan).await?;
        query(format!(
            "SELECT {TASK_COLUMNS} FROM plan_tasks t WHERE t.plan_id = $1 AND NOT EXISTS ( \
             SELECT 1 FROM plan_tasks c JOIN work_plans p ON p.id = c.plan_id \
             WHERE c.superior_task_id = t.id AND p.implements_id = $1) \
             ORDER BY t.position LIMIT {PLAN_TASKS_MAX}"
        ))
        .bind(plan)
        .fetch_all(self.db())
        .await?
        .iter()
        .map(|r| task_row(r, &units))
        .collect()
    }

    async fn task(&self, id: TaskId) -> StoreResult<Option<TaskRecord>> {
        let units = task_units(self.db(), "t.id", id).await?;
        let row = query(format!(
            "SELECT {TASK_COLUMNS} FROM plan_tasks WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(|r| task_row(r, &units)).transpose()
    }

    async fn task_events(&self, id: TaskId) -> StoreResult<Vec<TaskEvent>> {
        query("SELECT seq, at, actor, action FROM plan_task_events WHERE task_id = $1 ORDER BY seq")
            .bind(id)
            .fetch_as(self.db(), event_row)
            .await
    }

    async fn plan_events(&self, plan: PlanId) -> StoreResult<Vec<(TaskId, TaskEvent)>> {
        query(
            "SELECT e.task_id, e.seq, e.at, e.actor, e.action FROM plan_task_events e \
             JOIN plan_tasks t ON t.id = e.task_id WHERE t.plan_id = $1 \
             ORDER BY t.position, e.seq",
        )
        .bind(plan)
        .fetch_as(self.db(), |r| Ok((r.get("task_id")?, event_row(r)?)))
        .await
    }

    async fn append_task_event(
        &self,
        task: TaskId,
        event: &TaskEvent,
        row: &TaskRow,
        detail: &str,
        mails: &[NewMail],
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        let agency: AgencyId = query(format!(
            "SELECT agency_id FROM plan_tasks WHERE id = $1{lock}"
        ))
        .bind(task)
        .scalar_opt(&mut tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("任务{task}")))?;
        let last: Option<i32> = query("SELECT MAX(seq) FROM plan_task_events WHERE task_id = $1")
            .bind(task)
            .scalar(&mut tx)
            .await?;
        if i64::from(event.seq) != i64::from(last.unwrap_or(0)) + 1 {
            return Err(StoreError::Conflict(Conflict::TaskEventSeq));
        }
        insert_event(&mut tx, task, event).await?;
        put_row(&mut tx, task, row).await?;
        let action = format!("plan_task.{}", row.state.code());
        let entry = audit(
            event.at,
            staff_of(&event.actor),
            agency,
            &action,
            detail.to_string(),
        );
        append_chained(&mut tx, &entry).await?;
        for m in mails {
            enqueue_in(&mut tx, m, event.at).await?;
        }
        tx.commit().await
    }

    async fn tasks_needing(
        &self,
        agency: AgencyId,
        units: &[UnitId],
        owner: bool,
        limit: u32,
    ) -> StoreResult<Vec<TaskRecord>> {
        super::plan_queue::tasks_needing(self.db(), agency, units, owner, limit).await
    }

    async fn tasks_with_steps_due(&self, today: NaiveDate, limit: u32) -> StoreResult<Vec<TaskId>> {
        query("SELECT id FROM plan_tasks WHERE step_on <= $1 ORDER BY step_on, id LIMIT $2")
            .bind(today)
            .bind(i64::from(limit))
            .scalars(self.db())
            .await
            .map_err(Into::into)
    }

    async fn task_counts(
        &self,
        root: AgencyId,
        year: i32,
        today: NaiveDate,
    ) -> StoreResult<Vec<TaskCounts>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        query(
            "SELECT t.agency_id, COUNT(DISTINCT t.plan_id) AS plans, COUNT(*) AS tasks, \
             COALESCE(SUM(CASE WHEN t.state = 'completed' THEN 1 ELSE 0 END), 0) AS completed, \
             COALESCE(SUM(CASE WHEN t.red_from <= $4 THEN 1 ELSE 0 END), 0) AS red, \
             COALESCE(SUM(CASE WHEN t.yellow_from <= $4 AND (t.red_from IS NULL OR t.red_from > $4) \
              THEN 1 ELSE 0 END), 0) AS yellow, \
             COALESCE(SUM(CASE WHEN t.state = 'returned' THEN 1 ELSE 0 END), 0) AS returned, \
             COALESCE(SUM(CASE WHEN t.listed THEN 1 ELSE 0 END), 0) AS listed \
             FROM plan_tasks t JOIN work_plans p ON p.id = t.plan_id \
             JOIN agencies a ON a.id = t.agency_id \
             WHERE a.path >= $1 AND a.path < $2 AND p.year = $3 GROUP BY t.agency_id",
        )
        .bind(from)
        .bind(to)
        .bind(year)
        .bind(today)
        .fetch_as(self.reads(), |r| {
            let n = |c: &str| -> StoreResult<u64> {
                let v: i64 = r.get(c)?;
                Ok(u64::try_from(v).unwrap_or(0))
            };
            Ok(TaskCounts {
                agency_id: r.get("agency_id")?,
                plans: n("plans")?,
                tasks: n("tasks")?,
                completed: n("completed")?,
                red: n("red")?,
                yellow: n("yellow")?,
                returned: n("returned")?,
                listed: n("listed")?,
            })
        })
        .await
    }
}

fn event_row(r: &Row) -> StoreResult<TaskEvent> {
    let seq: i32 = r.get("seq")?;
    let actor = r.json("actor")?;
    let action = r.json("action")?;
    let bad = |e: serde_json::Error| StoreError::Corrupt(format!("任务记录：{e}"));
    Ok(TaskEvent {
        seq: seq_value(seq)?,
        at: r.get("at")?,
        actor: serde_json::from_str(&actor).map_err(bad)?,
        action: serde_json::from_str(&action).map_err(bad)?,
    })
}
