//! 案件快照: the case read model (`case_snapshots`, migration 0011). A row is
//! written with every event, in the event's transaction ([`put`]); lists and
//! counts read these rows, never the histories. Where a case stands against
//! its deadline on a day is a comparison of that day with stored dates, the
//! same comparisons as `CaseSnapshot::mark_on`.

use async_trait::async_trait;
use chrono::NaiveDate;
use gongkai_domain::case::{CaseEventRecord, CaseSnapshot, CaseState, Moving, QueueMark};
use gongkai_domain::vocabulary::Outcome;

use super::cases::{CASE_COLUMNS_OF_C, case_row, event_row};
use super::{Arg, Db, Row, SqlBacked, Tx, query, seq_column, seq_value};
use crate::*;

/// The read model's columns, in the order [`put`] binds them after `case_id`.
pub(super) const SNAPSHOT_COLUMNS: &str = "state, receipt_date, clock_runs, reply_due, moving_until, \
    moving_days_left, fixed_due, due_soon_from, overdue_from, finished, is_open, outcome, \
    decided_on, delivered_on, closed_on, on_time, fee_yuan, last_seq, anomalies, taken_on, \
    sort_due, fee_paid_on";

/// The day no due date reaches: cases without one sort after all others.
fn far_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

fn small(n: u32) -> StoreResult<i32> {
    i32::try_from(n).map_err(|_| StoreError::Backend(format!("数值{n}超出范围")))
}

pub(super) fn values(s: &CaseSnapshot) -> StoreResult<Vec<Arg>> {
    Ok(vec![
        s.state.code().into(),
        s.receipt_date.into(),
        s.clock_runs.into(),
        s.reply_due.into(),
        s.moving.map(|m| m.until).into(),
        s.moving
            .map(|m| small(m.working_days_left))
            .transpose()?
            .into(),
        s.fixed_due.into(),
        s.due_soon_from.into(),
        s.overdue_from.into(),
        s.finished.into(),
        s.is_open.into(),
        s.outcome.map(Outcome::code).into(),
        s.decided_on.into(),
        s.delivered_on.into(),
        s.closed_on.into(),
        s.on_time.into(),
        s.fee_yuan
            .map(|y| i64::try_from(y).unwrap_or(i64::MAX))
            .into(),
        seq_column(s.last_seq)?.into(),
        small(s.anomalies)?.into(),
        s.taken_on.into(),
        s.fixed_due.unwrap_or_else(far_day).into(),
        s.fee_paid_on.into(),
    ])
}

/// Write the snapshot of `case` (inserting its row the first time). A
/// snapshot of an earlier event never replaces one of a later event, so a
/// re-projection racing an append cannot undo it.
pub(super) async fn put<'c>(
    on: impl Into<super::Exec<'c>>,
    case: CaseId,
    s: &CaseSnapshot,
) -> StoreResult<u64> {
    let updates: Vec<String> = SNAPSHOT_COLUMNS
        .split(", ")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let placeholders: Vec<String> = (2..=23).map(|n| format!("${n}")).collect();
    let sql = format!(
        "INSERT INTO case_snapshots (case_id, agency_id, number, applicant_type, channel, \
         {SNAPSHOT_COLUMNS}) SELECT c.id, c.agency_id, c.number, c.applicant_type, c.channel, \
         {} FROM cases c WHERE c.id = $1 \
         ON CONFLICT (case_id) DO UPDATE SET {} \
         WHERE case_snapshots.last_seq <= excluded.last_seq",
        placeholders.join(", "),
        updates.join(", ")
    );
    Ok(query(sql)
        .bind(case)
        .bind_all(values(s)?)
        .execute(on)
        .await?)
}

fn opt_small(r: &Row, col: &str) -> StoreResult<Option<u32>> {
    r.get::<Option<i32>>(col)?
        .map(|n| u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{col} = {n}"))))
        .transpose()
}

pub(super) fn snapshot_row(r: &Row) -> StoreResult<CaseSnapshot> {
    let state: String = r.get("state")?;
    let outcome: Option<String> = r.get("outcome")?;
    let moving = match (
        r.get::<Option<NaiveDate>>("moving_until")?,
        opt_small(r, "moving_days_left")?,
    ) {
        (Some(until), Some(working_days_left)) => Some(Moving {
            until,
            working_days_left,
        }),
        _ => None,
    };
    Ok(CaseSnapshot {
        state: CaseState::from_code(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("案件状态“{state}”")))?,
        receipt_date: r.get("receipt_date")?,
        clock_runs: r.get("clock_runs")?,
        reply_due: r.get("reply_due")?,
        moving,
        fixed_due: r.get("fixed_due")?,
        due_soon_from: r.get("due_soon_from")?,
        overdue_from: r.get("overdue_from")?,
        finished: r.get("finished")?,
        is_open: r.get("is_open")?,
        outcome: outcome
            .map(|o| {
                Outcome::from_code(&o).ok_or_else(|| StoreError::Corrupt(format!("答复结果“{o}”")))
            })
            .transpose()?,
        decided_on: r.get("decided_on")?,
        delivered_on: r.get("delivered_on")?,
        closed_on: r.get("closed_on")?,
        on_time: r.get("on_time")?,
        fee_yuan: r
            .get::<Option<i64>>("fee_yuan")?
            .map(|y| u64::try_from(y).unwrap_or(0)),
        last_seq: seq_value(r.get("last_seq")?)?,
        anomalies: opt_small(r, "anomalies")?.unwrap_or(0),
        taken_on: r.get("taken_on")?,
        fee_paid_on: r.get("fee_paid_on")?,
    })
}

fn queue_row(r: &Row) -> StoreResult<QueueEntry> {
    Ok(QueueEntry {
        case: case_row(r)?,
        snapshot: snapshot_row(r)?,
    })
}

/// `path >= $a AND path < $b` for the subtree of the agency whose path is
/// `path` ('0' is the character after '/').
pub(super) fn subtree_bounds(path: &str) -> (String, String) {
    let mut end = path.trim_end_matches('/').to_string();
    end.push('0');
    (path.to_string(), end)
}

pub(super) async fn agency_path(db: &Db, agency: AgencyId) -> StoreResult<String> {
    query("SELECT path FROM agencies WHERE id = $1")
        .bind(agency)
        .scalar_opt::<Option<String>>(db)
        .await?
        .flatten()
        .ok_or_else(|| StoreError::NotFound(format!("机关{agency}")))
}

/// The SQL of "the case is due soon on `$today`" (see `CaseSnapshot::mark_on`).
pub(super) fn due_soon_sql(today: &str) -> String {
    format!(
        "CASE WHEN s.moving_until > {today} THEN s.moving_days_left <= {} \
         ELSE s.due_soon_from <= {today} AND s.overdue_from > {today} END",
        QueueMark::DUE_SOON_WORKING_DAYS
    )
}

/// The SQL of "the case is overdue on `$today`".
pub(super) fn overdue_sql(today: &str) -> String {
    format!("(s.moving_until IS NULL OR s.moving_until <= {today}) AND s.overdue_from <= {today}")
}

async fn histories(db: &Db, ids: &[CaseId]) -> StoreResult<Vec<(CaseId, Vec<CaseEventRecord>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q =
        query("SELECT case_id, seq, at, actor, action, note FROM case_events WHERE case_id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(*id);
    }
    q.push(") ORDER BY case_id, seq");
    let mut out: Vec<(CaseId, Vec<CaseEventRecord>)> = Vec::with_capacity(ids.len());
    for r in q.fetch_all(db).await? {
        let id: CaseId = r.get("case_id")?;
        let e = event_row(&r)?;
        match out.last_mut() {
            Some((last, events)) if *last == id => events.push(e),
            _ => out.push((id, vec![e])),
        }
    }
    Ok(out)
}

#[async_trait]
impl<S: SqlBacked> CaseListStore for S {
    async fn put_case_snapshots(&self, rows: &[(CaseId, CaseSnapshot)]) -> StoreResult<u64> {
        let mut tx: Tx = self.db().write_tx().await?;
        let mut written = 0;
        for (case, s) in rows {
            written += put(&mut tx, *case, s).await?;
        }
        tx.commit().await?;
        Ok(written)
    }

    async fn histories_to_project(
        &self,
        which: Reprojection,
        after: CaseId,
        limit: u32,
    ) -> StoreResult<Vec<(CaseId, Vec<CaseEventRecord>)>> {
        let filter = match which {
            Reprojection::All => "",
            Reprojection::Running => {
                "AND EXISTS (SELECT 1 FROM case_snapshots s WHERE s.case_id = c.id \
                 AND s.finished = $3)"
            }
            Reprojection::Missing => {
                "AND NOT EXISTS (SELECT 1 FROM case_snapshots s WHERE s.case_id = c.id)"
            }
        };
        let mut q = query(format!(
            "SELECT c.id FROM cases c WHERE c.id > $1 {filter} ORDER BY c.id LIMIT $2"
        ))
        .bind(after)
        .bind(i64::from(limit));
        if which == Reprojection::Running {
            q = q.bind(false);
        }
        let ids: Vec<CaseId> = q.scalars(self.db()).await?;
        histories(self.db(), &ids).await
    }

    async fn case_queue(
        &self,
        agency: AgencyId,
        scope: QueueScope,
        after: Option<&QueueKey>,
        limit: u32,
    ) -> StoreResult<Vec<QueueEntry>> {
        // The page of snapshot rows first, then its cases: the join never
        // runs over more than one page, whatever plan the sort gets.
        let mut q = query("SELECT * FROM case_snapshots s WHERE s.agency_id = $1").bind(agency);
        if scope == QueueScope::Work {
            q.push(" AND s.is_open = ");
            q.push_bind(true);
            q.push(" AND (s.finished = ");
            q.push_bind(false);
            q.push(" OR s.state = ");
            q.push_bind(CaseState::Delivered.code());
            q.push(")");
        }
        if let Some(k) = after {
            let due = k.due.unwrap_or_else(far_day);
            q.push(" AND (s.sort_due > ");
            q.push_bind(due);
            q.push(" OR (s.sort_due = ");
            q.push_bind(due);
            q.push(" AND s.number > ");
            q.push_bind(k.number.clone());
            q.push("))");
        }
        q.push(" ORDER BY s.sort_due, s.number LIMIT ");
        q.push_bind(i64::from(limit));
        q.wrap(
            &format!(
                "SELECT {CASE_COLUMNS_OF_C}, s.{} FROM (",
                SNAPSHOT_COLUMNS.replace(", ", ", s.")
            ),
            ") s JOIN cases c ON c.id = s.case_id ORDER BY s.sort_due, s.number",
        );
        q.fetch_as(self.db(), queue_row).await
    }

    async fn deadline_counts(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<Vec<DeadlineCounts>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        let sql = format!(
            "SELECT a.id AS agency_id, COUNT(s.case_id) AS running, \
             (SELECT COUNT(*) FROM catalogue_items i WHERE i.agency_id = a.id \
              AND i.late = $5) AS late_items, \
             (SELECT COUNT(*) FROM proactive_proposals p WHERE p.agency_id = a.id) \
              AS proactive_proposed, \
             (SELECT COUNT(p.item_id) FROM proactive_proposals p WHERE p.agency_id = a.id) \
              AS proactive_taken, \
             COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS due_soon, \
             COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS overdue, \
             COALESCE(SUM(CASE WHEN s.state IN ('awaiting_approval', \
              'awaiting_extension_decision') THEN 1 ELSE 0 END), 0) AS awaiting_head, \
             COALESCE(SUM(CASE WHEN s.state = 'awaiting_confirmation' THEN 1 ELSE 0 END), 0) \
              AS unconfirmed \
             FROM agencies a LEFT JOIN case_snapshots s ON s.agency_id = a.id AND s.finished = $3 \
             WHERE a.path >= $1 AND a.path < $2 GROUP BY a.id",
            due_soon_sql("$4"),
            overdue_sql("$4")
        );
        query(sql)
            .bind(from)
            .bind(to)
            .bind(false)
            .bind(today)
            .bind(true)
            .fetch_as(self.reads(), |r| {
                Ok(DeadlineCounts {
                    agency_id: r.get("agency_id")?,
                    running: count(r, "running")?,
                    due_soon: count(r, "due_soon")?,
                    overdue: count(r, "overdue")?,
                    late_items: count(r, "late_items")?,
                    awaiting_head: count(r, "awaiting_head")?,
                    unconfirmed: count(r, "unconfirmed")?,
                    proactive_proposed: count(r, "proactive_proposed")?,
                    proactive_taken: count(r, "proactive_taken")?,
                })
            })
            .await
    }

    async fn late_replies(&self, root: AgencyId, year: i32) -> StoreResult<Vec<(AgencyId, u64)>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        let bad = || StoreError::Backend(format!("年度{year}超出范围"));
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(bad)?;
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or_else(bad)?;
        query(
            "SELECT s.agency_id, COUNT(*) AS late FROM case_snapshots s \
             JOIN agencies a ON a.id = s.agency_id \
             WHERE a.path >= $1 AND a.path < $2 AND s.receipt_date >= $3 \
             AND s.receipt_date < $4 AND s.finished = $5 AND s.on_time = $6 \
             GROUP BY s.agency_id",
        )
        .bind(from)
        .bind(to)
        .bind(first)
        .bind(next)
        .bind(true)
        .bind(false)
        .fetch_as(self.reads(), |r| {
            Ok((r.get("agency_id")?, count(r, "late")?))
        })
        .await
    }

    async fn cases_without_snapshot(&self) -> StoreResult<u64> {
        let n: i64 =
            query("SELECT (SELECT COUNT(*) FROM cases) - (SELECT COUNT(*) FROM case_snapshots)")
                .scalar(self.db())
                .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn cases_of_applicant(
        &self,
        agency: AgencyId,
        applicant_key: &str,
        submitted: std::ops::Range<chrono::DateTime<chrono::Utc>>,
        limit: u32,
    ) -> StoreResult<Vec<QueueEntry>> {
        query(format!(
            "SELECT {CASE_COLUMNS_OF_C}, s.{} FROM cases c JOIN case_snapshots s ON s.case_id = c.id \
             WHERE c.agency_id = $1 AND c.applicant_key = $2 AND c.submitted_at >= $3 \
             AND c.submitted_at < $4 ORDER BY c.submitted_at DESC, c.id DESC LIMIT $5",
            SNAPSHOT_COLUMNS.replace(", ", ", s.")
        ))
        .bind(agency)
        .bind(applicant_key)
        .bind(submitted.start)
        .bind(submitted.end)
        .bind(i64::from(limit))
        .fetch_as(self.db(), queue_row)
        .await
    }

    async fn import_cases(&self, cases: &[ImportedCase]) -> StoreResult<Vec<(CaseId, String)>> {
        let mut tx: Tx = self.db().write_tx().await?;
        let ids = super::case_import::import(&mut tx, cases).await?;
        tx.commit().await?;
        Ok(ids)
    }

    async fn case_snapshot(&self, case: CaseId) -> StoreResult<Option<CaseSnapshot>> {
        let row = query(format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM case_snapshots WHERE case_id = $1"
        ))
        .bind(case)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(snapshot_row).transpose()
    }

    async fn case_register(&self, q: &CaseRegisterQuery) -> StoreResult<Vec<CaseRegisterRow>> {
        super::case_register::page(self.db(), q).await
    }
}

/// A `COUNT`/`SUM` column: `BIGINT` on PostgreSQL (`NUMERIC` for a `SUM`, so
/// the SQL sums integers), `INTEGER` on SQLite.
fn count(r: &Row, col: &str) -> StoreResult<u64> {
    let n: i64 = r.get(col)?;
    Ok(u64::try_from(n).unwrap_or(0))
}
