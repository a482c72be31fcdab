//! Annual reports (政府信息公开工作年度报告): the writer's drafts and the
//! versions as published: PostgreSQL.
//!
//! The same calls as the SQLite store's `reports` module, with the same
//! results and errors. JSON columns are `JSONB`, bound as text with a
//! `::jsonb` cast and read back with `::text`.
//!
//! * `publish_report` takes the transaction-level advisory lock of the
//!   agency and year ([`report_lock`]) before reading the last version, so
//!   two publications of one report take consecutive versions, one after the
//!   other, instead of both reading the same last version (under READ
//!   COMMITTED the insert's snapshot is taken after the lock is held, so it
//!   sees the version the previous holder committed).
//! * Published versions are never changed or removed: a trigger refuses any
//!   `UPDATE`, `DELETE` or `TRUNCATE` of `annual_report_versions`.

use gongkai_store::*;
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::{PostgresStore, backend};

/// The message of a version taken by a concurrent publication (should not
/// happen under the lock; the unique key is the last safeguard).
const VERSION_CONFLICT: &str = "该报告的新版本（其他人刚刚发布了此报告，请刷新后重试）";

/// The first key of the two-key advisory locks of report versions (an
/// arbitrary constant, used for nothing else; the two-key lock space does
/// not overlap the one-key space of `ITEM_CHANGES_LOCK`).
const REPORT_VERSIONS_LOCK: i32 = 7_310_002;

const VERSION_COLUMNS: &str = "id, agency_id, year, version, report::text AS report, \
    published_on, note, published_by, published_at";

/// The second key of the advisory lock of an agency's report for a year:
/// `agency × 10,000 + year`, cut to 32 bits. Distinct for every agency id
/// below 214,748 and every year below 10,000; two reports that share a key
/// only publish one after the other.
fn report_lock(agency: AgencyId, year: i32) -> i32 {
    // Keeping the low 32 bits (`as` truncates) is the point.
    agency.wrapping_mul(10_000).wrapping_add(i64::from(year)) as i32
}

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
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    ids: &[AgencyId],
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let missing: Option<i64> = sqlx::query_scalar(
        "SELECT i.id FROM UNNEST($1::bigint[]) WITH ORDINALITY AS i(id, n) \
         WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.id = i.id) ORDER BY i.n LIMIT 1",
    )
    .bind(ids)
    .fetch_optional(&mut **tx)
    .await
    .map_err(backend)?;
    match missing {
        Some(id) => Err(StoreError::NotFound(format!("机构{id}"))),
        None => Ok(()),
    }
}

fn draft_row(r: &PgRow) -> StoreResult<ReportDraft> {
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

fn version_row(r: &PgRow) -> StoreResult<ReportVersion> {
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

impl PostgresStore {
    pub(crate) async fn report_draft_impl(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Option<ReportDraft>> {
        let row = sqlx::query(
            "SELECT agency_id, year, parts::text AS parts, members::text AS members, \
             updated_by, updated_at FROM annual_report_drafts WHERE agency_id = $1 AND year = $2",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(draft_row).transpose()
    }

    pub(crate) async fn put_report_draft_impl(&self, d: &ReportDraft) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        check_agencies(&mut tx, &[d.agency_id]).await?;
        check_agencies(&mut tx, &d.members).await?;
        sqlx::query(
            "INSERT INTO annual_report_drafts (agency_id, year, parts, members, updated_by, \
             updated_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6) \
             ON CONFLICT (agency_id, year) DO UPDATE SET \
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind(REPORT_VERSIONS_LOCK)
            .bind(report_lock(v.agency_id, v.year))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        check_agencies(&mut tx, &[v.agency_id]).await?;
        // The next version of this agency and year, read under the lock.
        let sql = format!(
            "INSERT INTO annual_report_versions (agency_id, year, version, report, published_on, \
             note, published_by, published_at) \
             SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3::jsonb, $4, $5, $6, $7 \
             FROM annual_report_versions WHERE agency_id = $1 AND year = $2 \
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
             WHERE agency_id = $1 AND year = $2 ORDER BY version"
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
             WHERE agency_id = $1 ORDER BY year DESC, version"
        );
        let rows = sqlx::query(&sql)
            .bind(agency)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(version_row).collect()
    }
}

/// Runs only when `GONGKAI_TEST_DATABASE_URL` names a PostgreSQL server the
/// test may create and drop databases on; skipped silently otherwise.
#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;

    use chrono::NaiveDate;

    use super::*;

    async fn with_fresh_database<F, Fut>(body: F)
    where
        F: FnOnce(PostgresStore) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        crate::test_db::with_fresh_database("reports", 9, body).await;
    }

    #[sqlx::test]
    async fn every_annual_report_call() {
        with_fresh_database(|store| async move {
            gongkai_store::story::annual_reports(&store, async |sql: &str| {
                sqlx::query(sql)
                    .execute(store.pool())
                    .await
                    .expect_err(sql)
                    .to_string()
            })
            .await;
            // TRUNCATE removes every row without a row trigger: refused too.
            let err = sqlx::query("TRUNCATE annual_report_versions")
                .execute(store.pool())
                .await
                .expect_err("TRUNCATE")
                .to_string();
            assert!(err.contains("immutable"), "{err}");
        })
        .await;
    }

    /// Poll every future on this task until all are done (the crate has no
    /// executor of its own to spawn on).
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

    /// Publications of one report side by side (each on a connection of its
    /// own) take the versions 1 … 8, each once, and none fails; without the
    /// lock several would read the same last version.
    #[sqlx::test]
    async fn concurrent_publications_take_consecutive_versions() {
        with_fresh_database(|store| async move {
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
        })
        .await;
    }
}
