//! [`InspectionStore`] over both databases.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use gongkai_domain::plan::{Light, LimitKind, TaskState};

use super::audit::append_chained;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Dialect, Row, SqlBacked, query};
use crate::*;

fn audit(by: Option<StaffId>, agency: AgencyId, action: &str, detail: String) -> NewAuditEntry {
    NewAuditEntry {
        at: Utc::now(),
        staff_id: by,
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}“{value}”"))
}

fn count(r: &Row, col: &str) -> StoreResult<u64> {
    let n: i64 = r.get(col)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn brief(r: &Row) -> StoreResult<AgencyBrief> {
    Ok(AgencyBrief {
        id: r.get("agency_id")?,
        name: r.get("agency_name")?,
        code: r.get("agency_code")?,
    })
}

/// The lead units' names of task `t`, joined with 、 in name order.
fn lead_names(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => {
            "(SELECT GROUP_CONCAT(n.name, '、') FROM (SELECT u.name FROM plan_task_units tu \
             JOIN agency_units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead' \
             ORDER BY u.name) n)"
        }
        Dialect::Postgres => {
            "(SELECT string_agg(u.name, '、' ORDER BY u.name) FROM plan_task_units tu \
             JOIN agency_units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead')"
        }
    }
}

/// The light on `$date`, as `plans::light::light_on` reads the row's dates:
/// red, else yellow, else blue from its day, else none.
const LIGHT_ON: &str = "CASE WHEN t.red_from <= $2 THEN 'red' WHEN t.yellow_from <= $2 THEN 'yellow' \
     WHEN t.blue_from <= $2 THEN 'blue' ELSE 'none' END";

fn light_of(code: &str) -> StoreResult<Light> {
    [Light::None, Light::Blue, Light::Yellow, Light::Red]
        .into_iter()
        .find(|l| l.code() == code)
        .ok_or_else(|| corrupt("督查时的灯色", code))
}

fn subtree_plan_row(r: &Row) -> StoreResult<SubtreePlan> {
    let rect: i64 = r.get("rectification")?;
    Ok(SubtreePlan {
        id: r.get("id")?,
        agency: brief(r)?,
        title: r.get("title")?,
        document_number: r.get("document_number")?,
        issued_on: r.get("issued_on")?,
        rectification: rect > 0,
    })
}

const INSPECTION_COLUMNS: &str = "id, agency_id, year, period, frozen_on, tasks, opened_by, \
     opened_at, bulletin_number, bulletin_date, issued_by, issued_at";

fn inspection_row(r: &Row) -> StoreResult<InspectionRecord> {
    let number: Option<String> = r.get("bulletin_number")?;
    let date: Option<NaiveDate> = r.get("bulletin_date")?;
    let at: Option<chrono::DateTime<Utc>> = r.get("issued_at")?;
    let bulletin = match (number, date, at) {
        (Some(number), Some(date), Some(issued_at)) => Some(Bulletin {
            number,
            date,
            issued_by: r.get("issued_by")?,
            issued_at,
        }),
        _ => None,
    };
    Ok(InspectionRecord {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        year: r.get("year")?,
        period: r.get("period")?,
        frozen_on: r.get("frozen_on")?,
        tasks: count(r, "tasks")?,
        opened_by: r.get("opened_by")?,
        opened_at: r.get("opened_at")?,
        bulletin,
    })
}

fn counts_row(r: &Row) -> StoreResult<FrozenCounts> {
    Ok(FrozenCounts {
        agency: brief(r)?,
        tasks: count(r, "tasks")?,
        completed: count(r, "completed")?,
        red: count(r, "red")?,
        yellow: count(r, "yellow")?,
        blue: count(r, "blue")?,
        returned: count(r, "returned")?,
        listed: count(r, "listed")?,
    })
}

fn frozen_row(r: &Row) -> StoreResult<FrozenTask> {
    let state: String = r.get("state")?;
    let light: String = r.get("light")?;
    let kind: Option<String> = r.get("limit_kind")?;
    let percent: Option<i32> = r.get("percent")?;
    let position: i32 = r.get("position")?;
    Ok(FrozenTask {
        task_id: r.get("task_id")?,
        agency_id: r.get("agency_id")?,
        plan_id: r.get("plan_id")?,
        position: u32::try_from(position)
            .map_err(|_| corrupt("任务序号", &position.to_string()))?,
        number: r.get("number")?,
        task: r.get("task")?,
        lead: r.get("lead")?,
        state: TaskState::from_code(&state).ok_or_else(|| corrupt("任务状态", &state))?,
        light: light_of(&light)?,
        percent: percent.and_then(|p| u8::try_from(p).ok()),
        limit_kind: kind
            .map(|k| LimitKind::from_code(&k).ok_or_else(|| corrupt("完成时限类别", &k)))
            .transpose()?,
        due_on: r.get("due_on")?,
        listed: r.get("listed")?,
    })
}

fn finding_row(r: &Row) -> StoreResult<FindingRecord> {
    Ok(FindingRecord {
        id: r.get("id")?,
        inspection: r.get("inspection_id")?,
        agency: brief(r)?,
        problem: r.get("problem")?,
        rectification: r.get("rectification")?,
        deadline: r.get("deadline")?,
        task_id: r.get("task_id")?,
    })
}

/// Whether a plan is an inspection's rectification plan (1) or not (0).
const IS_RECTIFICATION: &str =
    "(SELECT COUNT(*) FROM inspection_rectifications r WHERE r.plan_id = p.id)";

#[async_trait]
impl<S: SqlBacked> InspectionStore for S {
    async fn subtree_plans(&self, root: AgencyId, year: i32) -> StoreResult<Vec<SubtreePlan>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        query(format!(
            "SELECT p.id, p.agency_id, a.full_name AS agency_name, a.code AS agency_code, p.title, \
             p.document_number, p.issued_on, {IS_RECTIFICATION} AS rectification \
             FROM work_plans p JOIN agencies a ON a.id = p.agency_id \
             WHERE a.path >= $1 AND a.path < $2 AND p.year = $3 \
             ORDER BY a.path, p.id LIMIT {SUBTREE_PLANS_MAX}"
        ))
        .bind(from)
        .bind(to)
        .bind(year)
        .fetch_as(self.reads(), subtree_plan_row)
        .await
    }

    async fn agencies_without_plan(
        &self,
        root: AgencyId,
        year: i32,
    ) -> StoreResult<(Vec<AgencyBrief>, u64)> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        let without = "a.path >= $1 AND a.path < $2 AND NOT EXISTS (SELECT 1 FROM work_plans p \
             WHERE p.agency_id = a.id AND p.year = $3 AND NOT EXISTS \
             (SELECT 1 FROM inspection_rectifications r WHERE r.plan_id = p.id))";
        let listed = query(format!(
            "SELECT a.id AS agency_id, a.full_name AS agency_name, a.code AS agency_code \
             FROM agencies a WHERE {without} ORDER BY a.path LIMIT {MISSING_MAX}"
        ))
        .bind(from.clone())
        .bind(to.clone())
        .bind(year)
        .fetch_as(self.reads(), brief)
        .await?;
        let total: i64 = query(format!("SELECT COUNT(*) FROM agencies a WHERE {without}"))
            .bind(from)
            .bind(to)
            .bind(year)
            .scalar(self.reads())
            .await?;
        Ok((listed, u64::try_from(total).unwrap_or(0)))
    }

    async fn open_inspection(&self, new: &NewInspection) -> StoreResult<InspectionId> {
        let mut tx = self.db().write_tx().await?;
        let path: String = query("SELECT path FROM agencies WHERE id = $1")
            .bind(new.agency_id)
            .scalar_opt(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("机关{}", new.agency_id)))?;
        let (from, to) = subtree_bounds(&path);
        let id: InspectionId = query(
            "INSERT INTO plan_inspections (agency_id, year, period, frozen_on, tasks, opened_by, \
             opened_at) VALUES ($1, $2, $3, $4, 0, $5, $6) RETURNING id",
        )
        .bind(new.agency_id)
        .bind(new.year)
        .bind(new.period.as_str())
        .bind(new.frozen_on)
        .bind(new.by)
        .bind(Utc::now())
        .scalar(&mut tx)
        .await?;
        // The freeze: one statement, so the copy is the tasks as they stood
        // at one moment.
        let lead = lead_names(tx.dialect());
        let frozen = query(format!(
            "INSERT INTO inspection_tasks (inspection_id, task_id, agency_id, plan_id, position, \
             number, task, lead, state, light, percent, limit_kind, due_on, listed) \
             SELECT $1, t.id, t.agency_id, t.plan_id, t.position, t.number, t.task, {lead}, \
             t.state, {LIGHT_ON}, t.percent, t.limit_kind, t.due_on, t.listed \
             FROM plan_tasks t JOIN work_plans p ON p.id = t.plan_id \
             JOIN agencies a ON a.id = t.agency_id \
             WHERE a.path >= $3 AND a.path < $4 AND p.year = $5"
        ))
        .bind(id)
        .bind(new.frozen_on)
        .bind(from)
        .bind(to)
        .bind(new.year)
        .execute(&mut tx)
        .await?;
        query("UPDATE plan_inspections SET tasks = $1 WHERE id = $2")
            .bind(i64::try_from(frozen).unwrap_or(i64::MAX))
            .bind(id)
            .execute(&mut tx)
            .await?;
        let detail = format!(
            "{}年督查“{}”：冻结{}日的{frozen}项任务",
            new.year, new.period, new.frozen_on
        );
        let entry = audit(new.by, new.agency_id, "plan.inspection_opened", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn inspection(&self, id: InspectionId) -> StoreResult<Option<InspectionRecord>> {
        let row = query(format!(
            "SELECT {INSPECTION_COLUMNS} FROM plan_inspections WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(inspection_row).transpose()
    }

    async fn inspections(&self, agency: AgencyId, year: i32) -> StoreResult<Vec<InspectionRecord>> {
        query(format!(
            "SELECT {INSPECTION_COLUMNS} FROM plan_inspections WHERE agency_id = $1 AND year = $2 \
             ORDER BY id DESC LIMIT 100"
        ))
        .bind(agency)
        .bind(year)
        .fetch_as(self.db(), inspection_row)
        .await
    }

    async fn inspection_counts(&self, id: InspectionId) -> StoreResult<Vec<FrozenCounts>> {
        let sum = |cond: &str| format!("COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0)");
        query(format!(
            "SELECT i.agency_id, a.full_name AS agency_name, a.code AS agency_code, \
             COUNT(*) AS tasks, {} AS completed, {} AS red, {} AS yellow, {} AS blue, \
             {} AS returned, {} AS listed \
             FROM inspection_tasks i JOIN agencies a ON a.id = i.agency_id \
             WHERE i.inspection_id = $1 \
             GROUP BY i.agency_id, a.full_name, a.code, a.path ORDER BY a.path",
            sum("i.state = 'completed'"),
            sum("i.light = 'red'"),
            sum("i.light = 'yellow'"),
            sum("i.light = 'blue'"),
            sum("i.state = 'returned'"),
            sum("i.listed"),
        ))
        .bind(id)
        .fetch_as(self.db(), counts_row)
        .await
    }

    async fn flagged_tasks(&self, id: InspectionId) -> StoreResult<Vec<FrozenTask>> {
        query(format!(
            "SELECT i.task_id, i.agency_id, i.plan_id, i.position, i.number, i.task, i.lead, \
             i.state, i.light, i.percent, i.limit_kind, i.due_on, i.listed \
             FROM inspection_tasks i JOIN agencies a ON a.id = i.agency_id \
             WHERE i.inspection_id = $1 AND (i.light = 'red' OR i.listed) \
             ORDER BY a.path, i.plan_id, i.position LIMIT {FLAGGED_MAX}"
        ))
        .bind(id)
        .fetch_as(self.db(), frozen_row)
        .await
    }

    async fn add_finding(&self, new: &NewFinding) -> StoreResult<Option<FindingId>> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        let open: Option<(AgencyId, Option<String>)> = query(format!(
            "SELECT agency_id, bulletin_number FROM plan_inspections WHERE id = $1{lock}"
        ))
        .bind(new.inspection)
        .fetch_optional(&mut tx)
        .await?
        .map(|r| Ok::<_, StoreError>((r.get("agency_id")?, r.get("bulletin_number")?)))
        .transpose()?;
        let Some((office, number)) = open else {
            return Err(StoreError::NotFound(format!("督查{}", new.inspection)));
        };
        if number.is_some() {
            return Ok(None);
        }
        let id: FindingId = query(
            "INSERT INTO inspection_findings (inspection_id, agency_id, problem, rectification, \
             deadline, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(new.inspection)
        .bind(new.agency_id)
        .bind(new.problem.as_str())
        .bind(new.rectification.as_str())
        .bind(new.deadline)
        .bind(new.by)
        .bind(Utc::now())
        .scalar(&mut tx)
        .await?;
        let detail = format!(
            "督查{}：机关{}的问题“{}”，{}前整改",
            new.inspection, new.agency_id, new.problem, new.deadline
        );
        let entry = audit(new.by, office, "plan.inspection_finding", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn findings(&self, id: InspectionId) -> StoreResult<Vec<FindingRecord>> {
        query(format!(
            "SELECT f.id, f.inspection_id, f.agency_id, a.full_name AS agency_name, \
             a.code AS agency_code, f.problem, f.rectification, f.deadline, f.task_id \
             FROM inspection_findings f JOIN agencies a ON a.id = f.agency_id \
             WHERE f.inspection_id = $1 ORDER BY a.path, f.id LIMIT {FINDINGS_MAX}"
        ))
        .bind(id)
        .fetch_as(self.db(), finding_row)
        .await
    }

    async fn link_rectifications(
        &self,
        id: InspectionId,
        agency: AgencyId,
        plan: PlanId,
        links: &[(FindingId, TaskId)],
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let inserted = query(
            "INSERT INTO inspection_rectifications (inspection_id, agency_id, plan_id) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(agency)
        .bind(plan)
        .execute(&mut tx)
        .await?;
        if inserted == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        for (finding, task) in links {
            query(
                "UPDATE inspection_findings SET task_id = $1 \
                 WHERE id = $2 AND inspection_id = $3 AND agency_id = $4",
            )
            .bind(*task)
            .bind(*finding)
            .bind(id)
            .bind(agency)
            .execute(&mut tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn issue_inspection(
        &self,
        id: InspectionId,
        number: &str,
        date: NaiveDate,
        by: Option<StaffId>,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let office: AgencyId = query("SELECT agency_id FROM plan_inspections WHERE id = $1")
            .bind(id)
            .scalar_opt(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("督查{id}")))?;
        let now = Utc::now();
        let changed = query(
            "UPDATE plan_inspections SET bulletin_number = $1, bulletin_date = $2, \
             issued_by = $3, issued_at = $4 WHERE id = $5 AND bulletin_number IS NULL",
        )
        .bind(number)
        .bind(date)
        .bind(by)
        .bind(now)
        .bind(id)
        .execute(&mut tx)
        .await?;
        if changed == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let detail = format!("督查{id}：印发通报{number}（{date}）");
        let entry = audit(by, office, "plan.inspection_issued", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }
}
