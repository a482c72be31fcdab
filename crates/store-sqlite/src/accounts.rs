//! wp-auth (issue 13): login attempts counted before the password check, the
//! staff lifecycle (activation, roles, password changes) and session activity:
//! SQLite.
//!
//! A count is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, so
//! concurrent attempts each get their own count (SQLite runs writes one at a
//! time; the busy timeout makes the others wait).

use chrono::{DateTime, Utc};
use gongkai_domain::staff::{AttemptCount, LoginThrottle, Role};
use gongkai_store::*;
use sqlx::Row;

use crate::{SqliteStore, backend};

const ALL_SOURCES: &str = LoginThrottle::ALL_SOURCES;

const COUNT: &str = "INSERT INTO login_attempts (username, source, attempts, window_start) \
     VALUES (?1, ?2, 1, ?3) \
     ON CONFLICT (username, source) DO UPDATE SET \
       attempts = CASE WHEN login_attempts.window_start <= ?4 THEN 1 \
                  ELSE login_attempts.attempts + 1 END, \
       window_start = CASE WHEN login_attempts.window_start <= ?4 THEN ?3 \
                      ELSE login_attempts.window_start END \
     RETURNING attempts, window_start";

fn attempt_count(attempts: i64, window_start: DateTime<Utc>) -> AttemptCount {
    AttemptCount {
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        window_start: window_start.timestamp(),
    }
}

impl SqliteStore {
    pub(crate) async fn count_login_attempt_impl(
        &self,
        username: &str,
        source: &str,
        now: DateTime<Utc>,
        window_ended_before: DateTime<Utc>,
    ) -> StoreResult<(AttemptCount, AttemptCount)> {
        sqlx::query("DELETE FROM login_attempts WHERE window_start <= ?")
            .bind(window_ended_before)
            .execute(self.pool())
            .await
            .map_err(backend)?;
        let mut counts = Vec::with_capacity(2);
        for key in [source, ALL_SOURCES] {
            let row = sqlx::query(COUNT)
                .bind(username)
                .bind(key)
                .bind(now)
                .bind(window_ended_before)
                .fetch_one(self.pool())
                .await
                .map_err(backend)?;
            counts.push(attempt_count(
                row.try_get("attempts").map_err(backend)?,
                row.try_get("window_start").map_err(backend)?,
            ));
        }
        Ok((counts[0], counts[1]))
    }

    pub(crate) async fn login_succeeded_impl(
        &self,
        username: &str,
        source: &str,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_attempts WHERE username = ? AND source = ?")
            .bind(username)
            .bind(source)
            .execute(self.pool())
            .await
            .map_err(backend)?;
        sqlx::query(
            "UPDATE login_attempts SET attempts = MAX(attempts - 1, 0) \
             WHERE username = ? AND source = ?",
        )
        .bind(username)
        .bind(ALL_SOURCES)
        .execute(self.pool())
        .await
        .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn login_counts_impl(
        &self,
        username: &str,
    ) -> StoreResult<Vec<(String, AttemptCount)>> {
        let rows = sqlx::query(
            "SELECT source, attempts, window_start FROM login_attempts \
             WHERE username = ? ORDER BY source",
        )
        .bind(username)
        .fetch_all(self.pool())
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| -> Result<_, sqlx::Error> {
                Ok((
                    r.try_get("source")?,
                    attempt_count(r.try_get("attempts")?, r.try_get("window_start")?),
                ))
            })
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    pub(crate) async fn clear_login_attempts_impl(&self, username: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_attempts WHERE username = ?")
            .bind(username)
            .execute(self.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn set_staff_active_impl(&self, id: StaffId, active: bool) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE staff SET active = ? WHERE id = ?")
            .bind(active)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("工作人员{id}")));
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE staff_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn set_staff_roles_impl(
        &self,
        id: StaffId,
        roles: &[Role],
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM staff_roles WHERE staff_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        for role in roles {
            sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)")
                .bind(id)
                .bind(role.code())
                .execute(&mut *tx)
                .await
                .map_err(crate::write_err("工作人员的角色"))?;
        }
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn change_password_impl(
        &self,
        id: StaffId,
        hash: &str,
        must_change: bool,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE staff SET password_hash = ?, must_change_password = ? WHERE id = ?",
        )
        .bind(hash)
        .bind(must_change)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("工作人员{id}")));
        }
        sqlx::query("DELETE FROM sessions WHERE staff_id = ? AND token_hash IS NOT ?")
            .bind(id)
            .bind(keep)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn session_last_seen_impl(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        sqlx::query_scalar(
            "SELECT COALESCE(last_seen_at, created_at) FROM sessions WHERE token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(backend)
    }

    pub(crate) async fn touch_session_impl(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(at)
            .bind(token_hash)
            .execute(self.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}
