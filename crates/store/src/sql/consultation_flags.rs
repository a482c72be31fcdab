//! An agency's threshold of 较为集中的意见 (its setting, the platform
//! default without one) and the flag mail of a consultation closed without
//! published feedback: the mark and its mails in one transaction, so that
//! the mail goes once, however many times the job runs.

use chrono::{DateTime, NaiveDate, Utc};

use super::audit::append_chained;
use super::consultations::{audit, locked};
use super::documents::enqueue_in;
use super::{Db, query};
use crate::*;

pub(super) async fn threshold(db: &Db, agency: AgencyId) -> StoreResult<Option<u32>> {
    let n: Option<i32> =
        query("SELECT concentrated FROM consultation_settings WHERE agency_id = $1")
            .bind(agency)
            .scalar_opt(db)
            .await?;
    Ok(n.and_then(|n| u32::try_from(n).ok()))
}

pub(super) async fn set_threshold(
    db: &Db,
    agency: AgencyId,
    threshold: Option<u32>,
    stamp: Stamp,
) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    let detail = match threshold {
        Some(n) => {
            query(
                "INSERT INTO consultation_settings (agency_id, concentrated, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id) DO UPDATE SET \
                 concentrated = excluded.concentrated, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(agency)
            .bind(i32::try_from(n).unwrap_or(i32::MAX))
            .bind(stamp.by)
            .bind(stamp.at)
            .execute(&mut tx)
            .await?;
            format!("较为集中的意见：{n}人以上提出")
        }
        None => {
            query("DELETE FROM consultation_settings WHERE agency_id = $1")
                .bind(agency)
                .execute(&mut tx)
                .await?;
            "较为集中的意见：恢复平台默认".to_string()
        }
    };
    append_chained(
        &mut tx,
        &audit(agency, stamp, "consultation.settings_changed", detail),
    )
    .await?;
    tx.commit().await
}

pub(super) async fn unmailed(
    db: &Db,
    today: NaiveDate,
    limit: u32,
) -> StoreResult<Vec<FlagToMail>> {
    query(
        "SELECT c.id, c.agency_id, c.title, c.closes_on FROM consultations c \
         WHERE c.state = 'published' AND c.closes_on < $1 AND NOT EXISTS \
         (SELECT 1 FROM consultation_flag_mails f WHERE f.consultation_id = c.id) \
         ORDER BY c.closes_on, c.id LIMIT $2",
    )
    .bind(today)
    .bind(i64::from(limit.min(CONSULTATION_ROWS_MAX)))
    .fetch_as(db, |r| {
        Ok(FlagToMail {
            id: r.get("id")?,
            agency_id: r.get("agency_id")?,
            title: r.get("title")?,
            closes_on: r.get("closes_on")?,
        })
    })
    .await
}

pub(super) async fn queue(
    db: &Db,
    id: ConsultationId,
    mails: &[NewMail],
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = db.write_tx().await?;
    let (agency, title, _) = locked(&mut tx, id).await?;
    let marked = query(
        "INSERT INTO consultation_flag_mails (consultation_id, queued_at) VALUES ($1, $2) \
         ON CONFLICT (consultation_id) DO NOTHING",
    )
    .bind(id)
    .bind(at)
    .execute(&mut tx)
    .await?;
    if marked == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    for m in mails {
        enqueue_in(&mut tx, m, at).await?;
    }
    let detail = format!(
        "意见征集{id}“{title}”已截止未公开意见采纳情况，提示邮件{}封",
        mails.len()
    );
    let stamp = Stamp { by: None, at };
    append_chained(
        &mut tx,
        &audit(agency, stamp, "consultation.flag_mailed", detail),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
