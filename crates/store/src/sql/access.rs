//! Work package "access" (issue 13): who entered the calendar's entries, and
//! the server's secrets (服务器密钥).

use async_trait::async_trait;
use chrono::Utc;

use super::{Row, SqlBacked, query};
use crate::*;

fn author(r: &Row) -> StoreResult<Option<String>> {
    let name: Option<String> = r.get("display_name")?;
    let username: Option<String> = r.get("username")?;
    Ok(name.zip(username).map(|(n, u)| format!("{n}（{u}）")))
}

fn entry(r: &Row, kind: CalendarEntryKind) -> StoreResult<CalendarEntry> {
    Ok(CalendarEntry {
        kind,
        entered_by: r.get("entered_by")?,
        entered_by_name: author(r)?,
        entered_at: r.get("entered_at")?,
    })
}

/// Every year and one-off day with who entered it: years first, then days.
pub(super) async fn calendar_entries(db: &super::Db) -> StoreResult<Vec<CalendarEntry>> {
    let years = query(
        "SELECT c.year, c.entered_by, c.entered_at, s.display_name, s.username \
         FROM calendar_years c LEFT JOIN staff s ON s.id = c.entered_by ORDER BY c.year",
    )
    .fetch_all(db)
    .await?;
    let days = query(
        "SELECT c.date, c.working, c.name, c.notice, c.entered_by, c.entered_at, \
         s.display_name, s.username \
         FROM calendar_overrides c LEFT JOIN staff s ON s.id = c.entered_by ORDER BY c.date",
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(years.len() + days.len());
    for r in &years {
        let year = r.get("year")?;
        out.push(entry(r, CalendarEntryKind::Year { year })?);
    }
    for r in &days {
        let kind = CalendarEntryKind::Day {
            date: r.get("date")?,
            working: r.get("working")?,
            name: r.get("name")?,
            notice: r.get("notice")?,
        };
        out.push(entry(r, kind)?);
    }
    Ok(out)
}

#[async_trait]
impl<S: SqlBacked> SecretStore for S {
    async fn server_secret(&self, name: &str, fresh: &str) -> StoreResult<String> {
        query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT(name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .bind(Utc::now())
        .execute(self.db())
        .await?;
        Ok(query("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .scalar(self.db())
            .await?)
    }
}
