//! wp-auth (issue 13): login attempts counted before the password check (登录限制)
//! and the staff lifecycle (activation, roles, password changes).
//!
//! A count is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, so
//! concurrent attempts each get their own count (SQLite runs writes one at a
//! time; on PostgreSQL the row lock orders concurrent updates of one counter).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::staff::{AttemptCount, LoginThrottle, Role};

use super::staff::staff_missing;
use super::{Db, Row, SqlBacked, query, write_err};
use crate::*;

const ALL_SOURCES: &str = LoginThrottle::ALL_SOURCES;

const COUNT: &str = "INSERT INTO login_attempts (username, source, attempts, window_start) \
     VALUES ($1, $2, 1, $3) \
     ON CONFLICT (username, source) DO UPDATE SET \
       attempts = CASE WHEN login_attempts.window_start <= $4 THEN 1 \
                  ELSE login_attempts.attempts + 1 END, \
       window_start = CASE WHEN login_attempts.window_start <= $4 THEN $3 \
                      ELSE login_attempts.window_start END \
     RETURNING attempts, window_start";

/// The count of a `login_attempts` row (`attempts` is an INTEGER column).
fn attempt_count(r: &Row) -> StoreResult<AttemptCount> {
    let attempts: i32 = r.get("attempts")?;
    let window_start: DateTime<Utc> = r.get("window_start")?;
    Ok(AttemptCount {
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        window_start: window_start.timestamp(),
    })
}

#[async_trait]
impl<S: SqlBacked> LoginStore for S {
    async fn count_login_attempt(
        &self,
        username: &str,
        source: &str,
        now: DateTime<Utc>,
        window_ended_before: DateTime<Utc>,
    ) -> StoreResult<(AttemptCount, AttemptCount)> {
        query("DELETE FROM login_attempts WHERE window_start <= $1")
            .bind(window_ended_before)
            .execute(self.db())
            .await?;
        let mut counts = Vec::with_capacity(2);
        for key in [source, ALL_SOURCES] {
            let row = query(COUNT)
                .bind(username)
                .bind(key)
                .bind(now)
                .bind(window_ended_before)
                .fetch_one(self.db())
                .await?;
            counts.push(attempt_count(&row)?);
        }
        Ok((counts[0], counts[1]))
    }

    async fn login_succeeded(&self, username: &str, source: &str) -> StoreResult<()> {
        let db = self.db();
        query("DELETE FROM login_attempts WHERE username = $1 AND source = $2")
            .bind(username)
            .bind(source)
            .execute(db)
            .await?;
        let greatest = db.dialect().greatest();
        query(format!(
            "UPDATE login_attempts SET attempts = {greatest}(attempts - 1, 0) \
             WHERE username = $1 AND source = $2"
        ))
        .bind(username)
        .bind(ALL_SOURCES)
        .execute(db)
        .await?;
        Ok(())
    }

    async fn login_counts(&self, username: &str) -> StoreResult<Vec<(String, AttemptCount)>> {
        query(
            "SELECT source, attempts, window_start FROM login_attempts \
             WHERE username = $1 ORDER BY source",
        )
        .bind(username)
        .fetch_all(self.db())
        .await?
        .iter()
        .map(|r| Ok((r.get("source")?, attempt_count(r)?)))
        .collect()
    }

    async fn clear_login_attempts(&self, username: &str) -> StoreResult<()> {
        query("DELETE FROM login_attempts WHERE username = $1")
            .bind(username)
            .execute(self.db())
            .await?;
        Ok(())
    }
}

/// Activate or deactivate; deactivation ends the member's sessions.
pub(super) async fn set_staff_active(db: &Db, id: StaffId, active: bool) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    let done = query("UPDATE staff SET active = $1 WHERE id = $2")
        .bind(active)
        .bind(id)
        .execute(&mut tx)
        .await?;
    if done == 0 {
        return Err(staff_missing(id));
    }
    if !active {
        query("DELETE FROM sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut tx)
            .await?;
    }
    tx.commit().await
}

/// Replace the roles.
pub(super) async fn set_staff_roles(db: &Db, id: StaffId, roles: &[Role]) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    query("DELETE FROM staff_roles WHERE staff_id = $1")
        .bind(id)
        .execute(&mut tx)
        .await?;
    for role in roles {
        query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.code())
            .execute(&mut tx)
            .await
            .map_err(write_err(Conflict::StaffRole))?;
    }
    tx.commit().await
}

/// Replace the password hash and end every other session of the member.
pub(super) async fn change_password(
    db: &Db,
    id: StaffId,
    hash: &str,
    must_change: bool,
    keep: Option<&str>,
) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    let done =
        query("UPDATE staff SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(hash)
            .bind(must_change)
            .bind(id)
            .execute(&mut tx)
            .await?;
    if done == 0 {
        return Err(staff_missing(id));
    }
    // `IS DISTINCT FROM` (SQLite ≥ 3.39 too): a NULL `keep` ends them all.
    query("DELETE FROM sessions WHERE staff_id = $1 AND token_hash IS DISTINCT FROM $2")
        .bind(id)
        .bind(keep)
        .execute(&mut tx)
        .await?;
    tx.commit().await
}
