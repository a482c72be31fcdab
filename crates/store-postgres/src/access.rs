//! Work package "access" (issue 13) on PostgreSQL: who entered the calendar's
//! entries, and the server's secrets.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_store::*;
use sqlx::Row;

use crate::{PostgresStore, backend};

fn author(name: Option<String>, username: Option<String>) -> Option<String> {
    Some(format!("{}（{}）", name?, username?))
}

impl PostgresStore {
    pub(crate) async fn calendar_entries_impl(&self) -> StoreResult<Vec<CalendarEntry>> {
        let years = sqlx::query(
            "SELECT c.year, c.entered_by, c.entered_at, s.display_name, s.username \
             FROM calendar_years c LEFT JOIN staff s ON s.id = c.entered_by ORDER BY c.year",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let days = sqlx::query(
            "SELECT c.date, c.working, c.name, c.notice, c.entered_by, c.entered_at, \
             s.display_name, s.username \
             FROM calendar_overrides c LEFT JOIN staff s ON s.id = c.entered_by ORDER BY c.date",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut out = Vec::new();
        for r in years {
            out.push(CalendarEntry {
                kind: CalendarEntryKind::Year {
                    year: r.try_get("year").map_err(backend)?,
                },
                entered_by: r.try_get("entered_by").map_err(backend)?,
                entered_by_name: author(
                    r.try_get("display_name").map_err(backend)?,
                    r.try_get("username").map_err(backend)?,
                ),
                entered_at: r
                    .try_get::<DateTime<Utc>, _>("entered_at")
                    .map_err(backend)?,
            });
        }
        for r in days {
            out.push(CalendarEntry {
                kind: CalendarEntryKind::Day {
                    date: r.try_get::<NaiveDate, _>("date").map_err(backend)?,
                    working: r.try_get("working").map_err(backend)?,
                    name: r.try_get("name").map_err(backend)?,
                    notice: r.try_get("notice").map_err(backend)?,
                },
                entered_by: r.try_get("entered_by").map_err(backend)?,
                entered_by_name: author(
                    r.try_get("display_name").map_err(backend)?,
                    r.try_get("username").map_err(backend)?,
                ),
                entered_at: r
                    .try_get::<DateTime<Utc>, _>("entered_at")
                    .map_err(backend)?,
            });
        }
        Ok(out)
    }

    pub(crate) async fn server_secret_impl(&self, name: &str, fresh: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT(name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .bind(Utc::now())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }
}
