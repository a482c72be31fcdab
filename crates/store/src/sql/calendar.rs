//! 工作日历: the working-day calendar entered by administrators. Every change
//! appends its audit record in its own transaction.

use async_trait::async_trait;
use chrono::Utc;
use gongkai_domain::calendar::{CalendarYear, DayOverride};

use super::audit::append_chained;
use super::{SqlBacked, Tx, json, parse_json, query};
use crate::*;

/// The audit record of a calendar change, under the agency of the staff
/// member who made it (the calendar itself belongs to no agency).
async fn calendar_entry(
    tx: &mut Tx,
    by: Option<StaffId>,
    action: &str,
    detail: String,
) -> StoreResult<NewAuditEntry> {
    let agency: Option<i64> = match by {
        Some(id) => {
            query("SELECT agency_id FROM staff WHERE id = $1")
                .bind(id)
                .scalar_opt(&mut *tx)
                .await?
        }
        None => None,
    };
    Ok(audit::decision(Utc::now(), by, agency, action, detail))
}

#[async_trait]
impl<S: SqlBacked> CalendarStore for S {
    async fn put_calendar_year(&self, year: &CalendarYear, by: Option<StaffId>) -> StoreResult<()> {
        let data = json(year)?;
        let mut tx = self.db().write_tx().await?;
        query(
            "INSERT INTO calendar_years (year, data, entered_by, entered_at) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, \
             entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at",
        )
        .bind(year.year)
        .bind(data)
        .bind(by)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        let entry = calendar_entry(&mut tx, by, "calendar.year", year.year.to_string()).await?;
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn calendar_stamp(&self) -> StoreResult<CalendarStamp> {
        let r = query(
            "SELECT (SELECT COUNT(*) FROM calendar_years) AS years, \
             (SELECT MAX(entered_at) FROM calendar_years) AS years_at, \
             (SELECT COUNT(*) FROM calendar_overrides) AS days, \
             (SELECT MAX(entered_at) FROM calendar_overrides) AS days_at",
        )
        .fetch_optional(self.db())
        .await?
        .ok_or_else(|| StoreError::Corrupt("日历".into()))?;
        Ok(CalendarStamp {
            years: r.get("years")?,
            years_at: r.get("years_at")?,
            days: r.get("days")?,
            days_at: r.get("days_at")?,
        })
    }

    async fn calendar_years(&self) -> StoreResult<Vec<CalendarYear>> {
        query("SELECT data FROM calendar_years ORDER BY year")
            .fetch_all(self.db())
            .await?
            .iter()
            .map(|r| parse_json(&r.json("data")?, "日历年份数据"))
            .collect()
    }

    async fn put_day_override(&self, day: &DayOverride, by: Option<StaffId>) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        query(
            "INSERT INTO calendar_overrides (date, working, name, notice, entered_by, entered_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (date) DO UPDATE SET working = EXCLUDED.working, \
             name = EXCLUDED.name, notice = EXCLUDED.notice, entered_by = EXCLUDED.entered_by, \
             entered_at = EXCLUDED.entered_at",
        )
        .bind(day.date)
        .bind(day.working)
        .bind(&day.name)
        .bind(&day.notice)
        .bind(by)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        let detail = format!("{} {}", day.date, day.name);
        let entry = calendar_entry(&mut tx, by, "calendar.override", detail).await?;
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn day_overrides(&self) -> StoreResult<Vec<DayOverride>> {
        query(
            "SELECT date, working, name, notice, entered_at FROM calendar_overrides ORDER BY date",
        )
        .fetch_all(self.db())
        .await?
        .iter()
        .map(|r| {
            Ok(DayOverride {
                date: r.get("date")?,
                working: r.get("working")?,
                name: r.get("name")?,
                notice: r.get("notice")?,
                entered_at: Some(r.get("entered_at")?),
            })
        })
        .collect()
    }

    async fn calendar_entries(&self) -> StoreResult<Vec<CalendarEntry>> {
        super::access::calendar_entries(self.db()).await
    }
}
