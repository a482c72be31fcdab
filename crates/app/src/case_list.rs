//! 案件台账: what lists and counts read of cases — the read model
//! (`CaseSnapshot` rows, written with every event) — and its re-projection.
//!
//! The work queue and the oversight counts read snapshot rows, a page or a
//! `GROUP BY` at a time, so their cost follows the open cases, not every case
//! ever received. The snapshot is re-projected from the events when the
//! calendar changes (the cases whose deadline runs), for a database from
//! before the read model (cases without a row, at start), and on demand
//! (`gongkai cases reproject`, every case); each re-projection is audited.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::case::{CaseSnapshot, QueueMark};
use gongkai_store::{
    AgencyId, Case, CaseId, DeadlineCounts, NewAuditEntry, QueueKey, QueueScope, Reprojection,
    StaffId, Store,
};

use crate::{App, Error};

/// Cases read and written per transaction when re-projecting.
const BATCH: u32 = 500;

/// Rows of the work queue a page shows.
pub const QUEUE_PAGE: u32 = 50;

/// Re-project the cases `which` selects from their events, with `calendar`
/// on `today`, batch by batch; `progress` is told how many are done. Returns
/// how many snapshot rows were written.
pub async fn reproject_in(
    store: &dyn Store,
    calendar: &Calendar,
    today: NaiveDate,
    which: Reprojection,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<u64, Error> {
    let (mut after, mut written) = (0, 0);
    loop {
        let batch = store.histories_to_project(which, after, BATCH).await?;
        let Some((last, _)) = batch.last() else {
            return Ok(written);
        };
        after = *last;
        let rows: Vec<(CaseId, CaseSnapshot)> = batch
            .iter()
            .map(|(id, events)| (*id, CaseSnapshot::of(events, calendar, today)))
            .collect();
        written += store.put_case_snapshots(&rows).await?;
        progress(written);
    }
}

/// Why a re-projection ran, for the audit trail.
pub struct ReprojectionReason<'a> {
    pub by: Option<StaffId>,
    /// e.g. `日历调整：2026-10-09 调整为放假`.
    pub why: &'a str,
}

/// [`reproject_in`] with the calendar in force, now, recorded in the audit
/// trail with its reason and the number of cases.
pub async fn reproject(
    app: &App,
    which: Reprojection,
    reason: ReprojectionReason<'_>,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<u64, Error> {
    let calendar = app.calendar_in_force().await?;
    let at = app.clock.now();
    reproject_audited(app.store.as_ref(), &calendar, at, which, reason, progress).await
}

/// [`reproject_in`] on the Beijing day of `at`, with its audit record.
pub async fn reproject_audited(
    store: &dyn Store,
    calendar: &Calendar,
    at: DateTime<Utc>,
    which: Reprojection,
    reason: ReprojectionReason<'_>,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<u64, Error> {
    let today = crate::clock::beijing(at).date_naive();
    let written = reproject_in(store, calendar, today, which, progress).await?;
    let scope = match which {
        Reprojection::All => "全部案件",
        Reprojection::Running => "期限仍在计算的案件",
        Reprojection::Missing => "尚无台账记录的案件",
    };
    store
        .append_audit(&NewAuditEntry {
            at,
            staff_id: reason.by,
            agency_id: None,
            action: "case.reproject".into(),
            detail: format!(
                "重新计算案件台账（{scope}）：{written}件；原因：{}",
                reason.why
            ),
        })
        .await?;
    Ok(written)
}

/// At start: project the cases a database from before the read model holds
/// without a snapshot (nothing to do, one query, once they all have one).
pub async fn project_missing(app: &App) -> Result<u64, Error> {
    if app.store.cases_without_snapshot().await? == 0 {
        return Ok(0);
    }
    let reason = ReprojectionReason {
        by: None,
        why: "数据库升级：为已有案件建立台账",
    };
    reproject(app, Reprojection::Missing, reason, &|_| {}).await
}

/// A row of the work queue as read today.
pub struct QueueRow {
    pub case: Case,
    pub snapshot: CaseSnapshot,
    pub mark: QueueMark,
    /// The reply due date as of today (moving while a pause lasts).
    pub due: Option<NaiveDate>,
}

/// One page of the work queue and where the next one starts.
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub next: Option<QueueKey>,
}

/// One page of `agency`'s cases in `scope` after `after`, by due date (the
/// work queue: most urgent first).
pub async fn queue_page(
    app: &App,
    agency: AgencyId,
    scope: QueueScope,
    after: Option<&QueueKey>,
    limit: u32,
) -> Result<QueuePage, Error> {
    let mut entries = app
        .store
        .case_queue(agency, scope, after, limit + 1)
        .await?;
    let more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let next = more.then(|| entries.last().map(|e| e.key())).flatten();
    let calendar = app.calendar_in_force().await?;
    let today = app.clock.today();
    let rows = entries
        .into_iter()
        .map(|e| QueueRow {
            mark: e.snapshot.mark_on(today),
            due: e.snapshot.reply_due_on(&calendar, today),
            case: e.case,
            snapshot: e.snapshot,
        })
        .collect();
    Ok(QueuePage { rows, next })
}

/// For `root` and every agency below it: cases whose deadline runs, due
/// soon and overdue today (one query over the read model).
pub async fn deadline_counts(app: &App, root: AgencyId) -> Result<Vec<DeadlineCounts>, Error> {
    Ok(app.store.deadline_counts(root, app.clock.today()).await?)
}

/// The cursor of a queue page in a URL: `2026-01-27_GK2026-000123`, or
/// `none_…` for cases without a due date.
pub fn cursor_of(key: &QueueKey) -> String {
    let due = key
        .due
        .map_or_else(|| "none".to_string(), |d| d.to_string());
    format!("{due}_{}", key.number)
}

/// Parse a cursor made by [`cursor_of`]; anything else is refused with a
/// message saying what to do.
pub fn parse_cursor(text: &str) -> Result<QueueKey, Error> {
    let bad = || {
        Error::invalid(
            "翻页参数 after 无效：请从列表的“下一页”链接翻页，或去掉该参数从第一页开始。",
        )
    };
    let (due, number) = text.split_once('_').ok_or_else(bad)?;
    let due = match due {
        "none" => None,
        d => Some(d.parse::<NaiveDate>().map_err(|_| bad())?),
    };
    let plausible = !number.is_empty()
        && number.len() <= 32
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !plausible {
        return Err(bad());
    }
    Ok(QueueKey {
        due,
        number: number.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_nonsense_is_refused() {
        let key = QueueKey {
            due: Some(NaiveDate::from_ymd_opt(2026, 1, 27).unwrap()),
            number: "GK2026-000123".into(),
        };
        assert_eq!(cursor_of(&key), "2026-01-27_GK2026-000123");
        assert_eq!(parse_cursor("2026-01-27_GK2026-000123").unwrap(), key);
        let none = parse_cursor("none_GK2025-000001").unwrap();
        assert_eq!(none.due, None);
        for bad in [
            "",
            "2026-13-01_GK1",
            "2026-01-27",
            "none_",
            "none_GK1'; DROP",
            "x_GK1",
        ] {
            assert!(parse_cursor(bad).is_err(), "{bad}");
        }
    }
}
