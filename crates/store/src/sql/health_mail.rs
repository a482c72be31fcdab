//! 检查结果邮件 over both databases: an agency's choice, the weekly
//! digest's marker moved with its mail in one transaction (only from the
//! value read, so a digest is sent once however many servers run the job),
//! and the findings of the runs a digest covers.

use chrono::{DateTime, NaiveDate, Utc};

use super::audit::append_chained;
use super::documents::enqueue_in;
use super::health::finding_row;
use super::{Db, Row, query};
use crate::*;

fn mode_of(code: &str) -> StoreResult<FindingsMailMode> {
    FindingsMailMode::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("检查结果邮件方式“{code}”")))
}

fn setting_row(r: &Row) -> StoreResult<FindingsMail> {
    Ok(FindingsMail {
        mode: mode_of(&r.get::<String>("mode")?)?,
        digest_on: r.get("digest_on")?,
        digest_run: r.get("digest_run_id")?,
    })
}

pub(super) async fn findings_mail(db: &Db, agency: AgencyId) -> StoreResult<FindingsMail> {
    let row =
        query("SELECT mode, digest_on, digest_run_id FROM findings_mail WHERE agency_id = $1")
            .bind(agency)
            .fetch_optional(db)
            .await?;
    row.as_ref()
        .map(setting_row)
        .transpose()
        .map(Option::unwrap_or_default)
}

pub(super) async fn put_findings_mail(
    db: &Db,
    agency: AgencyId,
    mail: &FindingsMail,
    by: StaffId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    query(
        "INSERT INTO findings_mail (agency_id, mode, digest_on, digest_run_id, updated_by, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agency_id) DO UPDATE SET \
         mode = excluded.mode, digest_on = excluded.digest_on, \
         digest_run_id = excluded.digest_run_id, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(agency)
    .bind(mail.mode.code())
    .bind(mail.digest_on)
    .bind(mail.digest_run)
    .bind(by)
    .bind(at)
    .execute(&mut tx)
    .await?;
    let entry = NewAuditEntry {
        at,
        staff_id: Some(by),
        agency_id: Some(agency),
        action: "findings_mail.update".into(),
        detail: format!("栏目检查结果邮件：{}", mail.mode.label()),
    };
    append_chained(&mut tx, &entry).await?;
    tx.commit().await
}

pub(super) async fn weekly_digests_due(
    db: &Db,
    digest_day: NaiveDate,
) -> StoreResult<Vec<(AgencyId, FindingsMail)>> {
    query(
        "SELECT agency_id, mode, digest_on, digest_run_id FROM findings_mail \
         WHERE mode = $1 AND digest_on < $2 ORDER BY agency_id",
    )
    .bind(FindingsMailMode::Weekly.code())
    .bind(digest_day)
    .fetch_as(db, |r| Ok((r.get("agency_id")?, setting_row(r)?)))
    .await
}

pub(super) async fn findings_between(
    db: &Db,
    agency: AgencyId,
    after: Option<i64>,
    upto: i64,
) -> StoreResult<Vec<RunFinding>> {
    query(
        "SELECT f.run_id, r.checked_on, f.rule, f.severity, f.subject, f.detail, f.fix_at \
         FROM health_findings f JOIN health_runs r ON r.id = f.run_id \
         WHERE f.agency_id = $1 AND f.run_id > $2 AND f.run_id <= $3 \
         ORDER BY f.run_id, f.position",
    )
    .bind(agency)
    .bind(after.unwrap_or(0))
    .bind(upto)
    .fetch_as(db, |r| {
        Ok(RunFinding {
            run_id: r.get("run_id")?,
            checked_on: r.get("checked_on")?,
            finding: finding_row(r)?,
        })
    })
    .await
}

pub(super) async fn record_weekly_digest(db: &Db, d: &WeeklyDigest) -> StoreResult<bool> {
    let mut tx = db.write_tx().await?;
    let moved = query(
        "UPDATE findings_mail SET digest_on = $1, digest_run_id = $2 \
         WHERE agency_id = $3 AND mode = $4 AND digest_on = $5",
    )
    .bind(d.on)
    .bind(d.run)
    .bind(d.agency)
    .bind(FindingsMailMode::Weekly.code())
    .bind(d.previous_on)
    .execute(&mut tx)
    .await?;
    if moved != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    if let Some(m) = &d.mail {
        enqueue_in(&mut tx, m, d.at).await?;
    }
    tx.commit().await?;
    Ok(true)
}
