//! Annual reports (政府信息公开工作年度报告): the writer's drafts and the
//! versions as published: SQLite.
//!
//! * JSON columns (the draft's parts and members, the published report) are
//!   `TEXT`.
//! * Writes begin with `BEGIN IMMEDIATE` (`SqliteStore::write_tx`): the transaction takes SQLite's
//!   write lock before its first read, so two publications of one report wait
//!   for each other (busy timeout) and take consecutive versions. A deferred
//!   transaction would read the last version under a read lock and then fail
//!   with `SQLITE_BUSY` when upgrading it, if another writer committed
//!   in between.
//! * Published versions are never changed or removed: triggers refuse any
//!   `UPDATE` or `DELETE` of `annual_report_versions`.

use gongkai_store::*;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::{SqliteStore, backend};

/// The message of a version taken by a concurrent publication (should not
/// happen under `BEGIN IMMEDIATE`; the unique key is the last safeguard).
const VERSION_CONFLICT: &str = "该报告的新版本（其他人刚刚发布了此报告，请刷新后重试）";

const VERSION_COLUMNS: &str =
    "id, agency_id, year, version, report, published_on, note, published_by, published_at";

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}：{e}")))
}

/// A write naming a staff member: an unknown one is not found (agencies are
/// checked before writing), a taken version a conflict.
fn report_err(staff: Option<StaffId>) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(VERSION_CONFLICT.into())
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound(format!("工作人员{}", staff.unwrap_or_default()))
        }
        _ => backend(e),
    }
}

/// `NotFound` for the first of `ids` that is no agency.
async fn check_agencies(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    ids: &[AgencyId],
) -> StoreResult<()> {
    for &id in ids {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM agencies WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend)?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!("机构{id}")));
        }
    }
    Ok(())
}

fn draft_row(r: &SqliteRow) -> StoreResult<ReportDraft> {
    let get = |e: sqlx::Error| backend(e);
    let parts: String = r.try_get("parts").map_err(get)?;
    let members: String = r.try_get("members").map_err(get)?;
    Ok(ReportDraft {
        agency_id: r.try_get("agency_id").map_err(get)?,
        year: r.try_get("year").map_err(get)?,
        parts: parse_json(&parts, "年度报告草稿正文")?,
        members: parse_json(&members, "年度报告汇总机构")?,
        updated_by: r.try_get("updated_by").map_err(get)?,
        updated_at: r.try_get("updated_at").map_err(get)?,
    })
}

fn version_row(r: &SqliteRow) -> StoreResult<ReportVersion> {
    let get = |e: sqlx::Error| backend(e);
    let report: String = r.try_get("report").map_err(get)?;
    Ok(ReportVersion {
        id: r.try_get("id").map_err(get)?,
        agency_id: r.try_get("agency_id").map_err(get)?,
        year: r.try_get("year").map_err(get)?,
        version: r.try_get("version").map_err(get)?,
        report: parse_json(&report, "已发布的年度报告")?,
        published_on: r.try_get("published_on").map_err(get)?,
        note: r.try_get("note").map_err(get)?,
        published_by: r.try_get("published_by").map_err(get)?,
        published_at: r.try_get("published_at").map_err(get)?,
    })
}

impl SqliteStore {
    pub(crate) async fn report_draft_impl(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Option<ReportDraft>> {
        let row = sqlx::query(
            "SELECT agency_id, year, parts, members, updated_by, updated_at \
             FROM annual_report_drafts WHERE agency_id = ? AND year = ?",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(draft_row).transpose()
    }

    pub(crate) async fn put_report_draft_impl(&self, d: &ReportDraft) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        check_agencies(&mut tx, &[d.agency_id]).await?;
        check_agencies(&mut tx, &d.members).await?;
        sqlx::query(
            "INSERT INTO annual_report_drafts (agency_id, year, parts, members, updated_by, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET \
             parts = excluded.parts, members = excluded.members, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(d.agency_id)
        .bind(d.year)
        .bind(json(&d.parts)?)
        .bind(json(&d.members)?)
        .bind(d.updated_by)
        .bind(d.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(report_err(d.updated_by))?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn publish_report_impl(
        &self,
        v: &NewReportVersion,
    ) -> StoreResult<ReportVersion> {
        let mut tx = self.write_tx().await?;
        check_agencies(&mut tx, &[v.agency_id]).await?;
        // The next version of this agency and year, read under the write lock.
        let sql = format!(
            "INSERT INTO annual_report_versions (agency_id, year, version, report, published_on, \
             note, published_by, published_at) \
             SELECT ?, ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ? \
             FROM annual_report_versions WHERE agency_id = ? AND year = ? \
             RETURNING {VERSION_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(v.agency_id)
            .bind(v.year)
            .bind(json(&v.report)?)
            .bind(v.published_on)
            .bind(&v.note)
            .bind(v.published_by)
            .bind(chrono::Utc::now())
            .bind(v.agency_id)
            .bind(v.year)
            .fetch_one(&mut *tx)
            .await
            .map_err(report_err(v.published_by))?;
        let version = version_row(&row)?;
        let entry = gongkai_store::audit::decision(
            version.published_at,
            v.published_by,
            Some(v.agency_id),
            "report.publish",
            format!("{}年度报告第{}版", v.year, version.version),
        );
        crate::audit::append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)?;
        Ok(version)
    }

    pub(crate) async fn report_versions_impl(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Vec<ReportVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM annual_report_versions \
             WHERE agency_id = ? AND year = ? ORDER BY version"
        );
        let rows = sqlx::query(&sql)
            .bind(agency)
            .bind(year)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(version_row).collect()
    }

    pub(crate) async fn published_reports_impl(
        &self,
        agency: AgencyId,
    ) -> StoreResult<Vec<ReportVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM annual_report_versions \
             WHERE agency_id = ? ORDER BY year DESC, version"
        );
        let rows = sqlx::query(&sql)
            .bind(agency)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(version_row).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use std::pin::Pin;

    use chrono::NaiveDate;

    use super::*;

    use crate::test_db::TempDb;

    #[sqlx::test]
    async fn every_annual_report_call() {
        let db = TempDb::new("annual-reports");
        let store = db.open().await;
        gongkai_store::story::annual_reports(&store, async |sql: &str| {
            sqlx::query(sql)
                .execute(store.pool())
                .await
                .expect_err(sql)
                .to_string()
        })
        .await;
        store.pool().close().await;
    }

    /// Poll every future on this task until all are done (each connection
    /// of the pool works on a thread of its own, so their statements run
    /// side by side).
    async fn join_all<T>(mut futures: Vec<Pin<Box<dyn Future<Output = T> + '_>>>) -> Vec<T> {
        let mut out: Vec<Option<T>> = futures.iter().map(|_| None).collect();
        std::future::poll_fn(|cx| {
            for (f, o) in futures.iter_mut().zip(out.iter_mut()) {
                if o.is_none()
                    && let std::task::Poll::Ready(v) = f.as_mut().poll(cx)
                {
                    *o = Some(v);
                }
            }
            if out.iter().all(Option::is_some) {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
        out.into_iter().flatten().collect()
    }

    /// Publications of one report side by side (the pool has 8 connections)
    /// take the versions 1 … 8, each once, and none fails.
    #[sqlx::test]
    async fn concurrent_publications_take_consecutive_versions() {
        let db = TempDb::new("annual-reports-concurrent");
        let store = db.open().await;
        store.migrate().await.unwrap();
        let agency = store
            .create_agency(
                None,
                &gongkai_store::story::profile("11341702486344515H", "淮北市杜集区交通运输局"),
            )
            .await
            .unwrap();
        let publish = |n: usize| NewReportVersion {
            agency_id: agency,
            year: 2029,
            report: serde_json::json!({ "writer": n }),
            published_on: NaiveDate::from_ymd_opt(2030, 1, 20).unwrap(),
            note: (n > 0).then(|| format!("第{n}次更正")),
            published_by: None,
        };
        let tasks: Vec<Pin<Box<dyn Future<Output = StoreResult<ReportVersion>> + '_>>> = (0..8)
            .map(|n| {
                let (store, v) = (&store, publish(n));
                Box::pin(async move { store.publish_report(&v).await }) as Pin<Box<_>>
            })
            .collect();
        let mut versions: Vec<i32> = join_all(tasks)
            .await
            .into_iter()
            .map(|r| r.expect("every publication succeeds").version)
            .collect();
        versions.sort_unstable();
        assert_eq!(versions, (1..=8).collect::<Vec<_>>());
        let stored = store.report_versions(agency, 2029).await.unwrap();
        assert_eq!(
            stored.iter().map(|v| v.version).collect::<Vec<_>>(),
            (1..=8).collect::<Vec<_>>()
        );
        store.pool().close().await;
    }
}
