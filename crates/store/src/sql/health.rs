//! [`HealthStore`] over both databases.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::catalogue::ItemState;
use gongkai_domain::health::{Finding, Rule, Severity, Tally};

use super::audit::append_chained;
use super::documents::enqueue_in;
use super::health_mail;
use super::items::state_code;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Row, SqlBacked, query, seq_column};
use crate::*;

fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "warning",
        Severity::Problem => "problem",
        Severity::Veto => "veto",
    }
}

fn severity_of(code: &str) -> StoreResult<Severity> {
    match code {
        "warning" => Ok(Severity::Warning),
        "problem" => Ok(Severity::Problem),
        "veto" => Ok(Severity::Veto),
        other => Err(StoreError::Corrupt(format!("检查结果的严重程度“{other}”"))),
    }
}

pub(super) fn finding_row(r: &Row) -> StoreResult<Finding> {
    let rule: String = r.get("rule")?;
    Ok(Finding {
        rule: Rule::from_code(&rule)
            .ok_or_else(|| StoreError::Corrupt(format!("检查规则“{rule}”")))?,
        severity: severity_of(&r.get::<String>("severity")?)?,
        subject: r.get("subject")?,
        detail: r.get("detail")?,
        fix_at: r.get("fix_at")?,
    })
}

fn count(r: &Row, col: &str) -> StoreResult<u32> {
    let v: i32 = r.get(col)?;
    Ok(u32::try_from(v).unwrap_or(0))
}

#[async_trait]
impl<S: SqlBacked> HealthStore for S {
    async fn column_stats(&self, agency: AgencyId) -> StoreResult<Vec<ColumnStat>> {
        query(
            "SELECT article20, COUNT(*) AS published, MAX(published_on) AS last_published, \
             COALESCE(SUM(CASE WHEN published_on IS NULL THEN 1 ELSE 0 END), 0) AS undated \
             FROM catalogue_items WHERE agency_id = $1 AND state = $2 GROUP BY article20",
        )
        .bind(agency)
        .bind(state_code(ItemState::Published)?)
        .fetch_as(self.reads(), |r| {
            Ok(ColumnStat {
                article20: r.get("article20")?,
                published: r.get("published")?,
                last_published: r.get("last_published")?,
                undated: r.get("undated")?,
            })
        })
        .await
    }

    async fn column_notes(&self, agency: AgencyId) -> StoreResult<Vec<ColumnNote>> {
        query(
            "SELECT column_code, note, published_on FROM column_notes WHERE agency_id = $1 \
             ORDER BY column_code",
        )
        .bind(agency)
        .fetch_as(self.reads(), |r| {
            Ok(ColumnNote {
                column_code: r.get("column_code")?,
                note: r.get("note")?,
                published_on: r.get("published_on")?,
            })
        })
        .await
    }

    async fn put_column_note(
        &self,
        agency: AgencyId,
        column_code: &str,
        note: Option<(&str, NaiveDate)>,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let (action, detail) = match note {
            Some((text, on)) => {
                query(
                    "INSERT INTO column_notes (agency_id, column_code, note, published_on, \
                     noted_by, noted_at) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (agency_id, column_code) DO UPDATE SET note = excluded.note, \
                     published_on = excluded.published_on, noted_by = excluded.noted_by, \
                     noted_at = excluded.noted_at",
                )
                .bind(agency)
                .bind(column_code)
                .bind(text)
                .bind(on)
                .bind(by)
                .bind(at)
                .execute(&mut tx)
                .await?;
                (
                    "column_note.published",
                    format!("栏目（{column_code}）发布无信息说明：{text}"),
                )
            }
            None => {
                query("DELETE FROM column_notes WHERE agency_id = $1 AND column_code = $2")
                    .bind(agency)
                    .bind(column_code)
                    .execute(&mut tx)
                    .await?;
                (
                    "column_note.withdrawn",
                    format!("栏目（{column_code}）撤下无信息说明"),
                )
            }
        };
        let entry = NewAuditEntry {
            at,
            staff_id: Some(by),
            agency_id: Some(agency),
            action: action.into(),
            detail,
        };
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn published_policies(
        &self,
        agency: AgencyId,
        since: NaiveDate,
        limit: u32,
    ) -> StoreResult<Vec<PolicyRow>> {
        let d = self.db().dialect();
        let sql = format!(
            "SELECT id, published_on, {} AS title FROM catalogue_items \
             WHERE agency_id = $1 AND state = $2 AND published_on >= $3 AND {} IN ('regulation', 'normative') \
             ORDER BY published_on DESC, id DESC LIMIT $4",
            d.json_text("snapshot", &["metadata", "title"]),
            d.json_text("snapshot", &["metadata", "kind"]),
        );
        let mut rows = query(sql)
            .bind(agency)
            .bind(state_code(ItemState::Published)?)
            .bind(since)
            .bind(i64::from(limit))
            .fetch_as(self.reads(), |r| {
                Ok(PolicyRow {
                    item_id: r.get("id")?,
                    title: r.get::<Option<String>>("title")?.unwrap_or_default(),
                    published_on: r.get("published_on")?,
                    interpretations: Vec::new(),
                })
            })
            .await?;
        if rows.is_empty() {
            return Ok(rows);
        }
        // The links the policies' events recorded (一并提交 or 关联解读;
        // migration 0032's table), read at once.
        let ids: Vec<i64> = rows.iter().map(|r| r.item_id).collect();
        let (open, close) = d.ids_of_json();
        let links = query(format!(
            "SELECT policy_id, interpretation_id FROM item_interpretations \
             WHERE policy_id IN ({open}$1{close}) ORDER BY policy_id, interpretation_id"
        ))
        .bind(super::json(&ids)?)
        .fetch_as(self.reads(), |r| {
            Ok((
                r.get::<i64>("policy_id")?,
                r.get::<i64>("interpretation_id")?,
            ))
        })
        .await?;
        for (id, other) in links {
            if let Some(row) = rows.iter_mut().find(|r| r.item_id == id)
                && !row.interpretations.contains(&other)
            {
                row.interpretations.push(other);
            }
        }
        Ok(rows)
    }

    async fn record_health_run(&self, run: &NewHealthRun) -> StoreResult<i64> {
        let mut tx = self.db().write_tx().await?;
        let id: i64 = query(
            "INSERT INTO health_runs (root_agency_id, started_by, started_at, finished_at, \
             checked_on, agencies) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(run.root)
        .bind(run.started_by)
        .bind(run.started_at)
        .bind(run.finished_at)
        .bind(run.checked_on)
        .bind(seq_column(
            u32::try_from(run.agencies.len()).unwrap_or(u32::MAX),
        )?)
        .scalar(&mut tx)
        .await?;
        for a in &run.agencies {
            for (i, f) in a.findings.iter().enumerate() {
                query(
                    "INSERT INTO health_findings (run_id, agency_id, position, rule, severity, \
                     subject, detail, fix_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id)
                .bind(a.agency_id)
                .bind(seq_column(u32::try_from(i).unwrap_or(u32::MAX))?)
                .bind(f.rule.code())
                .bind(severity_code(f.severity))
                .bind(f.subject.as_str())
                .bind(f.detail.as_str())
                .bind(f.fix_at.as_deref())
                .execute(&mut tx)
                .await?;
            }
            let t = Tally::of(&a.findings);
            query(
                "INSERT INTO health_latest (agency_id, run_id, vetoes, problems, warnings) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id) DO UPDATE SET \
                 run_id = excluded.run_id, vetoes = excluded.vetoes, \
                 problems = excluded.problems, warnings = excluded.warnings",
            )
            .bind(a.agency_id)
            .bind(id)
            .bind(seq_column(t.vetoes)?)
            .bind(seq_column(t.problems)?)
            .bind(seq_column(t.warnings)?)
            .execute(&mut tx)
            .await?;
        }
        for m in &run.mails {
            enqueue_in(&mut tx, m, run.finished_at).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn latest_health(&self, agency: AgencyId) -> StoreResult<Option<LatestHealth>> {
        let head = query(
            "SELECT r.id, r.checked_on, r.finished_at FROM health_latest l \
             JOIN health_runs r ON r.id = l.run_id WHERE l.agency_id = $1",
        )
        .bind(agency)
        .fetch_optional(self.reads())
        .await?;
        let Some(head) = head else {
            return Ok(None);
        };
        let run_id: i64 = head.get("id")?;
        let findings = query(
            "SELECT rule, severity, subject, detail, fix_at FROM health_findings \
             WHERE run_id = $1 AND agency_id = $2 ORDER BY position",
        )
        .bind(run_id)
        .bind(agency)
        .fetch_as(self.reads(), finding_row)
        .await?;
        Ok(Some(LatestHealth {
            run_id,
            checked_on: head.get("checked_on")?,
            finished_at: head.get("finished_at")?,
            findings,
        }))
    }

    async fn health_tallies(&self, root: AgencyId) -> StoreResult<Vec<HealthTally>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        query(
            "SELECT l.agency_id, l.run_id, l.vetoes, l.problems, l.warnings FROM health_latest l \
             JOIN agencies a ON a.id = l.agency_id WHERE a.path >= $1 AND a.path < $2 \
             ORDER BY l.agency_id",
        )
        .bind(from)
        .bind(to)
        .fetch_as(self.reads(), |r| {
            Ok(HealthTally {
                agency_id: r.get("agency_id")?,
                run_id: r.get("run_id")?,
                tally: Tally {
                    vetoes: count(r, "vetoes")?,
                    problems: count(r, "problems")?,
                    warnings: count(r, "warnings")?,
                },
            })
        })
        .await
    }

    async fn findings_mail(&self, agency: AgencyId) -> StoreResult<FindingsMail> {
        health_mail::findings_mail(self.db(), agency).await
    }

    async fn put_findings_mail(
        &self,
        agency: AgencyId,
        mail: &FindingsMail,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        health_mail::put_findings_mail(self.db(), agency, mail, by, at).await
    }

    async fn weekly_digests_due(
        &self,
        digest_day: NaiveDate,
    ) -> StoreResult<Vec<(AgencyId, FindingsMail)>> {
        health_mail::weekly_digests_due(self.db(), digest_day).await
    }

    async fn findings_between(
        &self,
        agency: AgencyId,
        after: Option<i64>,
        upto: i64,
    ) -> StoreResult<Vec<RunFinding>> {
        health_mail::findings_between(self.db(), agency, after, upto).await
    }

    async fn record_weekly_digest(&self, digest: &WeeklyDigest) -> StoreResult<bool> {
        health_mail::record_weekly_digest(self.db(), digest).await
    }
}
