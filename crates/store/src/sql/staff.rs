//! 工作人员 and 会话: staff accounts and their sessions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::staff::{Role, Username};

use super::{Db, Row, SqlBacked, query, write_err};
use crate::*;

const STAFF_COLUMNS: &str = "id, agency_id, username, display_name, password_hash, active, \
    failed_logins, last_failure_at, locked_until, must_change_password";

fn staff_row(r: &Row) -> StoreResult<StaffRow> {
    Ok(StaffRow {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        username: r.get("username")?,
        display_name: r.get("display_name")?,
        password_hash: r.get("password_hash")?,
        active: r.get("active")?,
        // INTEGER in both schemas; the shared row type counts in i64.
        failed_logins: i64::from(r.get::<i32>("failed_logins")?),
        last_failure_at: r.get("last_failure_at")?,
        locked_until: r.get("locked_until")?,
        must_change_password: r.get("must_change_password")?,
    })
}

/// The staff members of `rows`, each with its roles.
async fn with_roles(db: &Db, rows: Vec<Row>) -> StoreResult<Vec<Staff>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let row = staff_row(&r)?;
        let roles: Vec<String> =
            query("SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role")
                .bind(row.id)
                .scalars(db)
                .await?;
        out.push(row.into_staff(&roles)?);
    }
    Ok(out)
}

/// The staff members matching `clause` (one `$1`), by id.
async fn staff_where(db: &Db, clause: &str, key: super::Arg) -> StoreResult<Vec<Staff>> {
    let rows = query(format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE {clause} ORDER BY id"
    ))
    .bind(key)
    .fetch_all(db)
    .await?;
    with_roles(db, rows).await
}

fn principal_row(r: &Row) -> StoreResult<SessionPrincipal> {
    let staff = staff_row(r)?;
    let mut roles: Vec<String> = r
        .get::<Option<String>>("roles")?
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    roles.sort();
    Ok(SessionPrincipal {
        session: Session {
            token_hash: r.get("token_hash")?,
            staff_id: staff.id,
            csrf_token: r.get("csrf_token")?,
            created_at: r.get("s_created_at")?,
            expires_at: r.get("expires_at")?,
        },
        last_seen: r.get("last_seen")?,
        staff: staff.into_staff(&roles)?,
        agency: super::agencies::agency_row_as(r, "a_")?,
    })
}

pub(super) fn staff_missing(id: StaffId) -> StoreError {
    StoreError::NotFound(format!("工作人员{id}"))
}

#[async_trait]
impl<S: SqlBacked> StaffStore for S {
    async fn create_staff(&self, s: &NewStaff) -> StoreResult<StaffId> {
        let mut tx = self.db().write_tx().await?;
        let id: i64 = query(
            "INSERT INTO staff (agency_id, username, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(s.agency_id)
        .bind(s.username.as_str())
        .bind(&s.display_name)
        .bind(&s.password_hash)
        .bind(Utc::now())
        .scalar(&mut tx)
        .await
        .map_err(write_err(Conflict::Username))?;
        for role in &s.roles {
            query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(role.code())
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn staff(&self, id: StaffId) -> StoreResult<Option<Staff>> {
        Ok(staff_where(self.db(), "id = $1", id.into()).await?.pop())
    }

    async fn staff_by_username(&self, username: &Username) -> StoreResult<Option<Staff>> {
        let key = username.as_str().into();
        Ok(staff_where(self.db(), "username = $1", key).await?.pop())
    }

    async fn staff_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Staff>> {
        staff_where(self.db(), "agency_id = $1", agency.into()).await
    }

    async fn record_login_failure(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<u32> {
        let n: Option<i32> = query(
            "UPDATE staff SET failed_logins = failed_logins + 1, last_failure_at = $1 \
             WHERE id = $2 RETURNING failed_logins",
        )
        .bind(at)
        .bind(id)
        .scalar_opt(self.db())
        .await?;
        let n = n.ok_or_else(|| staff_missing(id))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn lock_staff(&self, id: StaffId, until: DateTime<Utc>) -> StoreResult<()> {
        query("UPDATE staff SET locked_until = $1 WHERE id = $2")
            .bind(until)
            .bind(id)
            .execute(self.db())
            .await?;
        Ok(())
    }

    async fn record_login_success(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<()> {
        query(
            "UPDATE staff SET failed_logins = 0, last_failure_at = NULL, locked_until = NULL, \
             last_login_at = $1 WHERE id = $2",
        )
        .bind(at)
        .bind(id)
        .execute(self.db())
        .await?;
        Ok(())
    }

    async fn set_password_hash(&self, id: StaffId, hash: &str) -> StoreResult<()> {
        let done = query("UPDATE staff SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(self.db())
            .await?;
        if done == 0 {
            return Err(staff_missing(id));
        }
        Ok(())
    }

    async fn set_staff_active(&self, id: StaffId, active: bool) -> StoreResult<()> {
        super::accounts::set_staff_active(self.db(), id, active).await
    }

    async fn set_staff_roles(&self, id: StaffId, roles: &[Role]) -> StoreResult<()> {
        super::accounts::set_staff_roles(self.db(), id, roles).await
    }

    async fn change_password(
        &self,
        id: StaffId,
        hash: &str,
        must_change: bool,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        super::accounts::change_password(self.db(), id, hash, must_change, keep).await
    }
}

#[async_trait]
impl<S: SqlBacked> SessionStore for S {
    async fn create_session(&self, s: &Session) -> StoreResult<()> {
        query(
            "INSERT INTO sessions (token_hash, staff_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.token_hash)
        .bind(s.staff_id)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(self.db())
        .await
        .map_err(write_err(Conflict::Session))?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        let row = query(
            "SELECT token_hash, staff_id, csrf_token, created_at, expires_at FROM sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        row.map(|r| -> StoreResult<Session> {
            Ok(Session {
                token_hash: r.get("token_hash")?,
                staff_id: r.get("staff_id")?,
                csrf_token: r.get("csrf_token")?,
                created_at: r.get("created_at")?,
                expires_at: r.get("expires_at")?,
            })
        })
        .transpose()
    }

    async fn session_principal(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionPrincipal>> {
        let roles = self.db().dialect().comma_list("role");
        let agency = super::agencies::agency_columns_as("a", "a_");
        let staff: String = STAFF_COLUMNS
            .split(',')
            .map(|c| format!("st.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let row = query(format!(
            "SELECT s.token_hash, s.csrf_token, s.created_at AS s_created_at, s.expires_at, \
             COALESCE(s.last_seen_at, s.created_at) AS last_seen, {staff}, {agency}, \
             (SELECT {roles} FROM staff_roles r WHERE r.staff_id = st.id) AS roles \
             FROM sessions s JOIN staff st ON st.id = s.staff_id \
             JOIN agencies a ON a.id = st.agency_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.db())
        .await?;
        row.map(|r| principal_row(&r)).transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.db())
            .await?;
        Ok(())
    }

    async fn session_last_seen(&self, token_hash: &str) -> StoreResult<Option<DateTime<Utc>>> {
        Ok(
            query("SELECT COALESCE(last_seen_at, created_at) FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .scalar_opt(self.db())
                .await?,
        )
    }

    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(token_hash)
            .execute(self.db())
            .await?;
        Ok(())
    }
}
