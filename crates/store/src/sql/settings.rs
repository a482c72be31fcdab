//! [`CaseOfficeStore`] over both databases.

use async_trait::async_trait;
use chrono::Utc;

use super::audit::append_chained;
use super::{SqlBacked, query};
use crate::*;

#[async_trait]
impl<S: SqlBacked> CaseOfficeStore for S {
    async fn request_settings(&self, agency: AgencyId) -> StoreResult<RequestSettings> {
        let row = query(
            "SELECT approval_outcomes, receipt_pattern, notice_pattern, reply_pattern, \
             reconsideration_body, court FROM request_settings WHERE agency_id = $1",
        )
        .bind(agency)
        .fetch_optional(self.db())
        .await?;
        let Some(r) = row else {
            return Ok(RequestSettings::default());
        };
        Ok(RequestSettings {
            approval_outcomes: r.get("approval_outcomes")?,
            receipt_pattern: r.get("receipt_pattern")?,
            notice_pattern: r.get("notice_pattern")?,
            reply_pattern: r.get("reply_pattern")?,
            reconsideration_body: r.get("reconsideration_body")?,
            court: r.get("court")?,
        })
    }

    async fn put_request_settings(
        &self,
        agency: AgencyId,
        s: &RequestSettings,
        by: StaffId,
    ) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        query(
            "INSERT INTO request_settings (agency_id, approval_outcomes, receipt_pattern, \
             notice_pattern, reply_pattern, reconsideration_body, court, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (agency_id) DO UPDATE SET \
             approval_outcomes = EXCLUDED.approval_outcomes, \
             receipt_pattern = EXCLUDED.receipt_pattern, \
             notice_pattern = EXCLUDED.notice_pattern, \
             reply_pattern = EXCLUDED.reply_pattern, \
             reconsideration_body = EXCLUDED.reconsideration_body, \
             court = EXCLUDED.court, updated_at = EXCLUDED.updated_at",
        )
        .bind(agency)
        .bind(s.approval_outcomes.clone())
        .bind(s.receipt_pattern.clone())
        .bind(s.notice_pattern.clone())
        .bind(s.reply_pattern.clone())
        .bind(s.reconsideration_body.clone())
        .bind(s.court.clone())
        .bind(now)
        .execute(&mut tx)
        .await?;
        let detail = format!(
            "审核签发：{}；文号：{} / {} / {}；复议机关：{}；法院：{}",
            s.approval_outcomes.as_deref().unwrap_or("默认"),
            s.receipt_pattern.as_deref().unwrap_or("默认"),
            s.notice_pattern.as_deref().unwrap_or("默认"),
            s.reply_pattern.as_deref().unwrap_or("默认"),
            s.reconsideration_body
                .as_deref()
                .unwrap_or("按机构层级确定"),
            s.court.as_deref().unwrap_or("有管辖权的人民法院"),
        );
        let entry = NewAuditEntry {
            at: now,
            staff_id: Some(by),
            agency_id: Some(agency),
            action: "request_settings.update".into(),
            detail,
        };
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn take_document_numbers(
        &self,
        agency: AgencyId,
        series: &str,
        year: i32,
        count: u32,
    ) -> StoreResult<u32> {
        let count = i64::from(count.max(1));
        let mut tx = self.db().write_tx().await?;
        let last: i64 = query(
            "INSERT INTO document_sequences (agency_id, series, year, last_number) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (agency_id, series, year) DO UPDATE \
             SET last_number = document_sequences.last_number + EXCLUDED.last_number \
             RETURNING last_number",
        )
        .bind(agency)
        .bind(series)
        .bind(year)
        .bind(count)
        .scalar(&mut tx)
        .await?;
        tx.commit().await?;
        u32::try_from(last - count + 1)
            .map_err(|_| StoreError::Corrupt("发文顺序号超出范围".into()))
    }

    async fn reissue_query_code(
        &self,
        case: CaseId,
        code_hash: &str,
        by: StaffId,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let row = query("SELECT agency_id, number FROM cases WHERE id = $1")
            .bind(case)
            .fetch_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound("该申请".into()))?;
        let agency: AgencyId = row.get("agency_id")?;
        let number: String = row.get("number")?;
        query("UPDATE cases SET query_code_hash = $1 WHERE id = $2")
            .bind(code_hash)
            .bind(case)
            .execute(&mut tx)
            .await?;
        let entry = NewAuditEntry {
            at: Utc::now(),
            staff_id: Some(by),
            agency_id: Some(agency),
            action: "case.query_code_reissued".into(),
            detail: format!("申请{number}重新生成查询码，原查询码作废"),
        };
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }
}
