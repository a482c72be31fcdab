//! 年度报告: annual reports — the writer's drafts and the versions as
//! published.
//!
//! * `publish_report` reads the last version under the write transaction's
//!   lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the advisory lock
//!   [`Lock::ReportVersions`] of the agency and year, taken first, so under
//!   READ COMMITTED the insert's snapshot sees the version the previous holder
//!   committed), so two publications of one report take consecutive versions.
//! * Published versions are never changed or removed: triggers refuse any
//!   `UPDATE` or `DELETE` (and on PostgreSQL `TRUNCATE`) of
//!   `annual_report_versions`.

use async_trait::async_trait;

use super::audit::append_chained;
use super::{Db, Lock, Row, SqlBacked, SqlError, Tx, json, parse_json, query, write_err};
use crate::*;

const VERSION_COLUMNS: &str =
    "id, agency_id, year, version, report, published_on, note, published_by, published_at";

/// A write naming a staff member: an unknown one is not found (agencies are
/// checked before writing), a taken version a conflict (it cannot happen
/// under the lock; the unique key is the last safeguard).
fn report_err(staff: Option<StaffId>) -> impl Fn(SqlError) -> StoreError {
    move |e| match write_err(Conflict::ReportVersion)(e) {
        StoreError::NotFound(_) => {
            StoreError::NotFound(format!("工作人员{}", staff.unwrap_or_default()))
        }
        other => other,
    }
}

/// `NotFound` for the first of `ids` that is no agency.
async fn check_agencies(tx: &mut Tx, ids: &[AgencyId]) -> StoreResult<()> {
    for &id in ids {
        let found: Option<i64> = query("SELECT id FROM agencies WHERE id = $1")
            .bind(id)
            .scalar_opt(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!("机构{id}")));
        }
    }
    Ok(())
}

fn draft_row(r: &Row) -> StoreResult<ReportDraft> {
    Ok(ReportDraft {
        agency_id: r.get("agency_id")?,
        year: r.get("year")?,
        parts: parse_json(&r.json("parts")?, "年度报告草稿正文")?,
        members: parse_json(&r.json("members")?, "年度报告汇总机构")?,
        updated_by: r.get("updated_by")?,
        updated_at: r.get("updated_at")?,
    })
}

fn version_row(r: &Row) -> StoreResult<ReportVersion> {
    Ok(ReportVersion {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        year: r.get("year")?,
        version: r.get("version")?,
        report: parse_json(&r.json("report")?, "已发布的年度报告")?,
        published_on: r.get("published_on")?,
        note: r.get("note")?,
        published_by: r.get("published_by")?,
        published_at: r.get("published_at")?,
    })
}

async fn put_report_draft(db: &Db, d: &ReportDraft) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    check_agencies(&mut tx, &[d.agency_id]).await?;
    check_agencies(&mut tx, &d.members).await?;
    query(
        "INSERT INTO annual_report_drafts (agency_id, year, parts, members, updated_by, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
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
    .execute(&mut tx)
    .await
    .map_err(report_err(d.updated_by))?;
    tx.commit().await
}

async fn publish_report(db: &Db, v: &NewReportVersion) -> StoreResult<ReportVersion> {
    let mut tx = db.write_tx().await?;
    tx.lock(Lock::ReportVersions {
        agency: v.agency_id,
        year: v.year,
    })
    .await?;
    check_agencies(&mut tx, &[v.agency_id]).await?;
    // The next version of this agency and year, read under the lock.
    let row = query(format!(
        "INSERT INTO annual_report_versions (agency_id, year, version, report, published_on, \
         note, published_by, published_at) \
         SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $6, $7 \
         FROM annual_report_versions WHERE agency_id = $1 AND year = $2 \
         RETURNING {VERSION_COLUMNS}"
    ))
    .bind(v.agency_id)
    .bind(v.year)
    .bind(json(&v.report)?)
    .bind(v.published_on)
    .bind(&v.note)
    .bind(v.published_by)
    .bind(chrono::Utc::now())
    .fetch_one(&mut tx)
    .await
    .map_err(report_err(v.published_by))?;
    let version = version_row(&row)?;
    let entry = audit::decision(
        version.published_at,
        v.published_by,
        Some(v.agency_id),
        "report.publish",
        format!("{}年度报告第{}版", v.year, version.version),
    );
    append_chained(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(version)
}

/// Versions matching `clause` (`$1` the agency, `$2` the year if any).
async fn versions_where(
    db: &Db,
    clause: &str,
    agency: AgencyId,
    year: Option<i32>,
) -> StoreResult<Vec<ReportVersion>> {
    let mut q = query(format!(
        "SELECT {VERSION_COLUMNS} FROM annual_report_versions WHERE {clause}"
    ))
    .bind(agency);
    if let Some(year) = year {
        q = q.bind(year);
    }
    q.fetch_as(db, version_row).await
}

#[async_trait]
impl<S: SqlBacked> ReportStore for S {
    async fn report_draft(&self, agency: AgencyId, year: i32) -> StoreResult<Option<ReportDraft>> {
        query(
            "SELECT agency_id, year, parts, members, updated_by, updated_at \
             FROM annual_report_drafts WHERE agency_id = $1 AND year = $2",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(self.db())
        .await?
        .as_ref()
        .map(draft_row)
        .transpose()
    }

    async fn put_report_draft(&self, draft: &ReportDraft) -> StoreResult<()> {
        put_report_draft(self.db(), draft).await
    }

    async fn publish_report(&self, version: &NewReportVersion) -> StoreResult<ReportVersion> {
        publish_report(self.db(), version).await
    }

    async fn report_versions(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Vec<ReportVersion>> {
        let clause = "agency_id = $1 AND year = $2 ORDER BY version";
        versions_where(self.db(), clause, agency, Some(year)).await
    }

    async fn published_reports(&self, agency: AgencyId) -> StoreResult<Vec<ReportVersion>> {
        let clause = "agency_id = $1 ORDER BY year DESC, version";
        versions_where(self.db(), clause, agency, None).await
    }

    async fn published_years(&self, agencies: &[AgencyId]) -> StoreResult<Vec<(AgencyId, i32)>> {
        let mut q =
            query("SELECT DISTINCT agency_id, year FROM annual_report_versions WHERE 1 = 1");
        super::register::push_agencies(&mut q, self.db().dialect(), "agency_id", agencies);
        q.push(" ORDER BY agency_id, year");
        q.fetch_as(self.db(), |r| {
            let year: i32 = r.get("year")?;
            Ok((r.get("agency_id")?, year))
        })
        .await
    }

    async fn mark_report_draft_errors(
        &self,
        agency: AgencyId,
        year: i32,
        errors: u32,
    ) -> StoreResult<()> {
        query("UPDATE annual_report_drafts SET errors = $1 WHERE agency_id = $2 AND year = $3")
            .bind(i32::try_from(errors).unwrap_or(i32::MAX))
            .bind(agency)
            .bind(year)
            .execute(self.db())
            .await?;
        Ok(())
    }

    async fn report_records(
        &self,
        root: AgencyId,
        years: &[i32],
    ) -> StoreResult<Vec<ReportRecordRow>> {
        report_records(self.db(), root, years).await
    }
}

/// The drafts, then the first publications, of a subtree's reports of
/// `years`, merged by agency and year.
async fn report_records(
    db: &Db,
    root: AgencyId,
    years: &[i32],
) -> StoreResult<Vec<ReportRecordRow>> {
    use std::collections::BTreeMap;
    if years.is_empty() {
        return Ok(Vec::new());
    }
    let (from, to) =
        super::snapshots::subtree_bounds(&super::snapshots::agency_path(db, root).await?);
    let mut out: BTreeMap<(AgencyId, i32), ReportRecordRow> = BTreeMap::new();
    let mut drafts = query(
        "SELECT d.agency_id, d.year, COALESCE(d.errors, 0) AS errors FROM annual_report_drafts d \
         JOIN agencies a ON a.id = d.agency_id WHERE a.path >= $1 AND a.path < $2",
    )
    .bind(from.clone())
    .bind(to.clone());
    push_years(&mut drafts, "d.year", years);
    for r in drafts.fetch_all(db).await? {
        let (agency_id, year): (AgencyId, i32) = (r.get("agency_id")?, r.get("year")?);
        let errors: i32 = r.get("errors")?;
        out.entry((agency_id, year))
            .or_insert_with(|| blank(agency_id, year))
            .draft_errors = Some(u32::try_from(errors).unwrap_or(u32::MAX));
    }
    let mut versions = query(
        "SELECT v.agency_id, v.year, MIN(v.published_on) AS first_published \
         FROM annual_report_versions v JOIN agencies a ON a.id = v.agency_id \
         WHERE a.path >= $1 AND a.path < $2",
    )
    .bind(from)
    .bind(to);
    push_years(&mut versions, "v.year", years);
    versions.push(" GROUP BY v.agency_id, v.year");
    for r in versions.fetch_all(db).await? {
        let (agency_id, year): (AgencyId, i32) = (r.get("agency_id")?, r.get("year")?);
        out.entry((agency_id, year))
            .or_insert_with(|| blank(agency_id, year))
            .first_published = Some(r.get("first_published")?);
    }
    Ok(out.into_values().collect())
}

fn blank(agency_id: AgencyId, year: i32) -> ReportRecordRow {
    ReportRecordRow {
        agency_id,
        year,
        draft_errors: None,
        first_published: None,
    }
}

/// ` AND column IN (…)` of the years.
fn push_years(q: &mut super::Query, column: &str, years: &[i32]) {
    q.push(&format!(" AND {column} IN ("));
    for (i, y) in years.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(*y);
    }
    q.push(")");
}
