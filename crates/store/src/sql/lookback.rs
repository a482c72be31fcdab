//! [`LookbackStore`] over both databases.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};

use super::audit::append_chained;
use super::{Row, SqlBacked, json, parse_json, query, seq_column, seq_value, write_err};
use crate::*;

const NOTE_COLUMNS: &str =
    "n.task_id, n.version, n.problem, n.rectification, n.deadline, n.noted_by, n.noted_at";

fn note_row(r: &Row) -> StoreResult<LookbackNote> {
    let version: i32 = r.get("version")?;
    Ok(LookbackNote {
        task_id: r.get("task_id")?,
        version: seq_value(version)?,
        problem: r.get("problem")?,
        rectification: r.get("rectification")?,
        deadline: r.get("deadline")?,
        noted_by: r.get("noted_by")?,
        noted_at: r.get("noted_at")?,
    })
}

fn report_row(r: &Row) -> StoreResult<PublishedPlanReport> {
    let document = r.json("document")?;
    Ok(PublishedPlanReport {
        plan_id: r.get("plan_id")?,
        agency_id: r.get("agency_id")?,
        published_on: r.get("published_on")?,
        document: parse_json(&document, "工作要点落实情况报告")?,
        published_by: r.get("published_by")?,
        published_at: r.get("published_at")?,
    })
}

fn audit(by: Option<StaffId>, agency: AgencyId, action: &str, detail: String) -> NewAuditEntry {
    NewAuditEntry {
        at: Utc::now(),
        staff_id: by,
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

#[async_trait]
impl<S: SqlBacked> LookbackStore for S {
    async fn put_lookback_note(&self, note: &NewLookbackNote) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        // The task's row is locked so that two managers saving at once take
        // turns; the second finds the version taken.
        let (agency, number, text): (AgencyId, Option<String>, String) = query(format!(
            "SELECT agency_id, number, task FROM plan_tasks WHERE id = $1{lock}"
        ))
        .bind(note.task_id)
        .fetch_optional(&mut tx)
        .await?
        .map(|r| -> StoreResult<_> { Ok((r.get("agency_id")?, r.get("number")?, r.get("task")?)) })
        .transpose()?
        .ok_or_else(|| StoreError::NotFound(format!("任务{}", note.task_id)))?;
        let last: Option<i32> =
            query("SELECT MAX(version) FROM plan_lookback_notes WHERE task_id = $1")
                .bind(note.task_id)
                .scalar(&mut tx)
                .await?;
        if i64::from(note.version) != i64::from(last.unwrap_or(0)) + 1 {
            return Err(StoreError::Conflict(Conflict::LookbackNote));
        }
        query(
            "INSERT INTO plan_lookback_notes (task_id, version, problem, rectification, deadline, \
             noted_by, noted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(note.task_id)
        .bind(seq_column(note.version)?)
        .bind(note.problem.as_str())
        .bind(note.rectification.as_str())
        .bind(note.deadline)
        .bind(note.noted_by)
        .bind(note.noted_at)
        .execute(&mut tx)
        .await
        .map_err(write_err(Conflict::LookbackNote))?;
        let deadline = note
            .deadline
            .map_or_else(|| "未定".to_string(), |d| d.to_string());
        let detail = format!(
            "回头看：任务{}“{text}”，存在问题：{}；整改措施：{}；整改时限：{deadline}",
            number.unwrap_or_default(),
            note.problem,
            note.rectification
        );
        let entry = audit(Some(note.noted_by), agency, "plan.lookback_noted", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn lookback_notes(&self, plan: PlanId) -> StoreResult<Vec<LookbackNote>> {
        query(format!(
            "SELECT {NOTE_COLUMNS} FROM plan_lookback_notes n JOIN plan_tasks t ON t.id = n.task_id \
             WHERE t.plan_id = $1 AND n.version = \
             (SELECT MAX(m.version) FROM plan_lookback_notes m WHERE m.task_id = n.task_id) \
             ORDER BY n.task_id"
        ))
        .bind(plan)
        .fetch_as(self.db(), note_row)
        .await
    }

    async fn lookback_note_history(&self, task: TaskId) -> StoreResult<Vec<LookbackNote>> {
        query(format!(
            "SELECT {NOTE_COLUMNS} FROM plan_lookback_notes n WHERE n.task_id = $1 ORDER BY n.version"
        ))
        .bind(task)
        .fetch_as(self.db(), note_row)
        .await
    }

    async fn publish_plan_report(&self, report: &PublishedPlanReport) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let (agency, year, title): (AgencyId, i32, String) = query(format!(
            "SELECT agency_id, year, title FROM work_plans WHERE id = $1{}",
            tx.dialect().for_update()
        ))
        .bind(report.plan_id)
        .fetch_optional(&mut tx)
        .await?
        .map(|r| -> StoreResult<_> { Ok((r.get("agency_id")?, r.get("year")?, r.get("title")?)) })
        .transpose()?
        .ok_or_else(|| StoreError::NotFound(format!("工作要点{}", report.plan_id)))?;
        if agency != report.agency_id {
            return Err(StoreError::NotFound(format!(
                "本机关的工作要点{}",
                report.plan_id
            )));
        }
        // One row a plan: publishing again replaces the report (and its date).
        query(
            "INSERT INTO plan_reports (plan_id, agency_id, published_on, document, published_by, \
             published_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id) DO UPDATE SET \
             published_on = excluded.published_on, document = excluded.document, \
             published_by = excluded.published_by, published_at = excluded.published_at",
        )
        .bind(report.plan_id)
        .bind(agency)
        .bind(report.published_on)
        .bind(json(&report.document)?)
        .bind(report.published_by)
        .bind(report.published_at)
        .execute(&mut tx)
        .await?;
        let detail = format!(
            "公开{year}年《{title}》落实情况报告（{}）",
            report.published_on
        );
        let entry = audit(report.published_by, agency, "plan.report_published", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn published_plan_report(
        &self,
        plan: PlanId,
    ) -> StoreResult<Option<PublishedPlanReport>> {
        let row = query(
            "SELECT plan_id, agency_id, published_on, document, published_by, published_at \
             FROM plan_reports WHERE plan_id = $1",
        )
        .bind(plan)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(report_row).transpose()
    }

    async fn published_plan_reports(
        &self,
        agency: AgencyId,
    ) -> StoreResult<Vec<(PlanId, NaiveDate)>> {
        query(
            "SELECT plan_id, published_on FROM plan_reports WHERE agency_id = $1 ORDER BY plan_id",
        )
        .bind(agency)
        .fetch_as(self.db(), |r| {
            Ok((r.get("plan_id")?, r.get("published_on")?))
        })
        .await
    }
}
