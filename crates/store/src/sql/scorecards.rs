//! [`ScorecardStore`] over both databases.

use async_trait::async_trait;
use gongkai_domain::scorecard::{ManualScore, ManualValue, Scorecard, ScorecardKind, Verdict};

use super::audit::append_chained;
use super::scorecard_assignments as assignments;
use super::{Row, SqlBacked, Tx, json, parse_json, query, seq_column};
use crate::*;

pub(super) fn audit(
    by: Option<StaffId>,
    agency: AgencyId,
    at: chrono::DateTime<chrono::Utc>,
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

/// The verdict as the `verdict` column holds it (filters read it in SQL).
fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Excellent => "excellent",
        Verdict::Good => "good",
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
    }
}

fn count_of(n: usize) -> StoreResult<i32> {
    seq_column(u32::try_from(n).unwrap_or(u32::MAX))
}

pub(super) const RUN_COLUMNS: &str =
    "id, root_agency_id, kind, period, scored_on, started_by, started_at, agencies";

pub(super) fn run_row(r: &Row) -> StoreResult<ScorecardRun> {
    let kind: String = r.get("kind")?;
    let agencies: i32 = r.get("agencies")?;
    Ok(ScorecardRun {
        id: r.get("id")?,
        root: r.get("root_agency_id")?,
        kind: ScorecardKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("考核模板“{kind}”")))?,
        period: r.get("period")?,
        scored_on: r.get("scored_on")?,
        started_by: r.get("started_by")?,
        started_at: r.get("started_at")?,
        agencies: u32::try_from(agencies).unwrap_or(0),
    })
}

const RESULT_SELECT: &str = "SELECT s.run_id, s.agency_id, a.full_name AS agency_name, \
     a.code AS agency_code, s.measures, s.health_checked_on, s.card \
     FROM scorecard_results s JOIN agencies a ON a.id = s.agency_id";

fn result_row(r: &Row) -> StoreResult<ScorecardResult> {
    Ok(ScorecardResult {
        run_id: r.get("run_id")?,
        agency: AgencyBrief {
            id: r.get("agency_id")?,
            name: r.get("agency_name")?,
            code: r.get("agency_code")?,
        },
        measures: parse_json(&r.json("measures")?, "评分时的计算指标")?,
        health_checked_on: r.get("health_checked_on")?,
        card: parse_json(&r.json("card")?, "评分表")?,
    })
}

fn manual_row(r: &Row) -> StoreResult<StoredManualScore> {
    let url: Option<String> = r.get("url")?;
    let file_name: Option<String> = r.get("file_name")?;
    let sha256: Option<String> = r.get("file_sha256")?;
    let file = match sha256 {
        Some(sha256) => Some(EvidenceFile {
            sha256,
            content_type: r.get::<Option<String>>("file_type")?.unwrap_or_default(),
            size: r.get::<Option<i64>>("file_size")?.unwrap_or(0),
        }),
        None => None,
    };
    Ok(StoredManualScore {
        file,
        score: ManualScore {
            code: r.get("code")?,
            value: parse_json(&r.json("value")?, "人工评分")?,
            evidence: gongkai_domain::scorecard::Evidence {
                url,
                file_name,
                note: r.get("note")?,
            },
        },
        scored_by: r.get("scored_by")?,
        scored_at: r.get("scored_at")?,
    })
}

/// `得8分` / `否决` as an audit record names a hand score.
fn value_label(v: ManualValue) -> String {
    match v {
        ManualValue::Points(p) => format!("{p}分"),
        ManualValue::Vetoed(true) => "否决".into(),
        ManualValue::Vetoed(false) => "不否决".into(),
    }
}

/// Replace an agency's result with `card` (the row exists: checked by the
/// caller in the same transaction).
async fn write_card(
    tx: &mut Tx,
    run: ScorecardRunId,
    agency: AgencyId,
    card: &Scorecard,
) -> StoreResult<()> {
    query(
        "UPDATE scorecard_results SET card = $1, total = $2, verdict = $3, vetoed = $4, \
         unscored = $5 WHERE run_id = $6 AND agency_id = $7",
    )
    .bind(json(card)?)
    .bind(card.total.tenths())
    .bind(verdict_code(card.verdict))
    .bind(card.vetoed())
    .bind(count_of(card.unscored.len())?)
    .bind(run)
    .bind(agency)
    .execute(tx)
    .await?;
    Ok(())
}

const MANUAL_SELECT: &str = "SELECT code, value, url, file_name, file_sha256, file_type, \
     file_size, note, scored_by, scored_at \
     FROM scorecard_manual_scores WHERE run_id = $1 AND agency_id = $2 ORDER BY code";

async fn manual_scores_in(
    tx: &mut Tx,
    run: ScorecardRunId,
    agency: AgencyId,
) -> StoreResult<Vec<StoredManualScore>> {
    query(MANUAL_SELECT)
        .bind(run)
        .bind(agency)
        .fetch_as(tx, manual_row)
        .await
}

#[async_trait]
impl<S: SqlBacked> ScorecardStore for S {
    async fn create_scorecard_run(&self, run: &NewScorecardRun) -> StoreResult<ScorecardRunId> {
        let mut tx = self.db().write_tx().await?;
        let id: ScorecardRunId = query(
            "INSERT INTO scorecard_runs (root_agency_id, kind, period, scored_on, started_by, \
             started_at, agencies) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(run.root)
        .bind(run.kind.code())
        .bind(run.period.as_str())
        .bind(run.scored_on)
        .bind(run.started_by)
        .bind(run.started_at)
        .bind(count_of(run.results.len())?)
        .scalar(&mut tx)
        .await?;
        for r in &run.results {
            let card = &r.card;
            query(
                "INSERT INTO scorecard_results (run_id, agency_id, measures, health_checked_on, \
                 card, total, verdict, vetoed, unscored) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(r.agency_id)
            .bind(json(&r.measures)?)
            .bind(r.health_checked_on)
            .bind(json(card)?)
            .bind(card.total.tenths())
            .bind(verdict_code(card.verdict))
            .bind(card.vetoed())
            .bind(count_of(card.unscored.len())?)
            .execute(&mut tx)
            .await?;
        }
        let detail = format!(
            "开展{}“{}”：{}个单位",
            run.kind.subject(),
            run.period,
            run.results.len()
        );
        let entry = audit(
            run.started_by,
            run.root,
            run.started_at,
            "scorecard.run_started",
            detail,
        );
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn scorecard_runs(&self, root: AgencyId, limit: u32) -> StoreResult<Vec<ScorecardRun>> {
        query(format!(
            "SELECT {RUN_COLUMNS} FROM scorecard_runs WHERE root_agency_id = $1 \
             ORDER BY id DESC LIMIT $2"
        ))
        .bind(root)
        .bind(i64::from(limit.min(SCORECARD_RUNS_MAX)))
        .fetch_as(self.db(), run_row)
        .await
    }

    async fn scorecard_run(&self, id: ScorecardRunId) -> StoreResult<Option<ScorecardRun>> {
        let row = query(format!(
            "SELECT {RUN_COLUMNS} FROM scorecard_runs WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(run_row).transpose()
    }

    async fn previous_scorecard_run(
        &self,
        run: &ScorecardRun,
    ) -> StoreResult<Option<ScorecardRun>> {
        let row = query(format!(
            "SELECT {RUN_COLUMNS} FROM scorecard_runs \
             WHERE root_agency_id = $1 AND kind = $2 AND id < $3 ORDER BY id DESC LIMIT 1"
        ))
        .bind(run.root)
        .bind(run.kind.code())
        .bind(run.id)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(run_row).transpose()
    }

    async fn scorecard_results(&self, run: ScorecardRunId) -> StoreResult<Vec<ScorecardResult>> {
        query(format!(
            "{RESULT_SELECT} WHERE s.run_id = $1 ORDER BY s.total DESC, a.path"
        ))
        .bind(run)
        .fetch_as(self.db(), result_row)
        .await
    }

    async fn scorecard_result(
        &self,
        run: ScorecardRunId,
        agency: AgencyId,
    ) -> StoreResult<Option<ScorecardResult>> {
        let row = query(format!(
            "{RESULT_SELECT} WHERE s.run_id = $1 AND s.agency_id = $2"
        ))
        .bind(run)
        .bind(agency)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(result_row).transpose()
    }

    async fn put_manual_score(
        &self,
        new: &NewManualScore,
        rescore: &Rescore<'_>,
    ) -> StoreResult<Scorecard> {
        let mut tx = self.db().write_tx().await?;
        // The result's row, held until the commit: a concurrent hand score
        // of the agency waits and then counts this one.
        let lock = tx.dialect().for_update();
        let measures = query(format!(
            "SELECT measures FROM scorecard_results WHERE run_id = $1 AND agency_id = $2{lock}"
        ))
        .bind(new.run_id)
        .bind(new.agency_id)
        .fetch_optional(&mut tx)
        .await?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "考核评分{}中机关{}的结果",
                new.run_id, new.agency_id
            ))
        })?;
        let measures = parse_json(&measures.json("measures")?, "评分时的计算指标")?;
        let before = manual_scores_in(&mut tx, new.run_id, new.agency_id).await?;
        let s = &new.score;
        query(
            "INSERT INTO scorecard_manual_scores (run_id, agency_id, code, value, url, file_name, \
             note, scored_by, scored_at, file_sha256, file_type, file_size) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (run_id, agency_id, code) DO UPDATE SET value = excluded.value, \
             url = excluded.url, file_name = excluded.file_name, note = excluded.note, \
             scored_by = excluded.scored_by, scored_at = excluded.scored_at, \
             file_sha256 = excluded.file_sha256, file_type = excluded.file_type, \
             file_size = excluded.file_size",
        )
        .bind(new.run_id)
        .bind(new.agency_id)
        .bind(s.code.as_str())
        .bind(json(&s.value)?)
        .bind(&s.evidence.url)
        .bind(&s.evidence.file_name)
        .bind(s.evidence.note.as_str())
        .bind(new.by)
        .bind(new.at)
        .bind(new.file.as_ref().map(|f| f.sha256.as_str()))
        .bind(new.file.as_ref().map(|f| f.content_type.as_str()))
        .bind(new.file.as_ref().map(|f| f.size))
        .execute(&mut tx)
        .await?;
        let mut all: Vec<ManualScore> = before
            .iter()
            .filter(|b| b.score.code != s.code)
            .map(|b| b.score.clone())
            .collect();
        all.push(s.clone());
        let card = rescore(&measures, &all)?;
        write_card(&mut tx, new.run_id, new.agency_id, &card).await?;
        let was = before
            .iter()
            .find(|b| b.score.code == s.code)
            .map_or_else(|| "未评分".to_string(), |b| value_label(b.score.value));
        let detail = format!(
            "考核评分{}：指标{}评为{}（原为{was}），理由：{}；总分{}分",
            new.run_id,
            s.code,
            value_label(s.value),
            s.evidence.note,
            card.total
        );
        let entry = audit(new.by, new.agency_id, new.at, "scorecard.scored", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(card)
    }

    async fn manual_scores(
        &self,
        run: ScorecardRunId,
        agency: AgencyId,
    ) -> StoreResult<Vec<StoredManualScore>> {
        query(MANUAL_SELECT)
            .bind(run)
            .bind(agency)
            .fetch_as(self.db(), manual_row)
            .await
    }

    async fn assign_scorer(
        &self,
        a: &ScorerAssignment,
        by: Option<StaffId>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        assignments::assign(self, a, by, at).await
    }

    async fn unassign_scorer(
        &self,
        a: &ScorerAssignment,
        by: Option<StaffId>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        assignments::unassign(self, a, by, at).await
    }

    async fn scorer_assignments(&self, run: ScorecardRunId) -> StoreResult<Vec<AssignedScorer>> {
        assignments::of_run(self, run).await
    }

    async fn assigned_agencies(
        &self,
        run: ScorecardRunId,
        staff: StaffId,
    ) -> StoreResult<Vec<AgencyId>> {
        assignments::agencies_of(self, run, staff).await
    }

    async fn scoring_tasks(&self, staff: StaffId, limit: u32) -> StoreResult<Vec<ScoringTask>> {
        assignments::tasks_of(self, staff, limit).await
    }
}
