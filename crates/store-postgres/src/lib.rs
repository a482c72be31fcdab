//! gongkai's scale-out store on PostgreSQL: a connection pool to a server the
//! deployment runs, for when several web processes share one database.
//!
//! It keeps the same tables and columns as the SQLite store, in PostgreSQL's own
//! types (identity keys, `TIMESTAMPTZ`, `DATE`, `BOOLEAN`, `JSONB`), and answers
//! every [`Store`] call with the same results and the same errors.

use std::time::Duration;

use async_trait::async_trait;
use cases::CaseKey;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::agency::AgencyProfile;
use gongkai_domain::calendar::{CalendarYear, DayOverride};
use gongkai_domain::case::CaseEventRecord;
use gongkai_domain::case::register::AppealResult;
use gongkai_domain::document::Document;
use gongkai_domain::staff::{AttemptCount, Role, Username};
use gongkai_store::*;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};

mod access;
mod accounts;
mod audit;
mod cases;
mod catalogue;
mod downloads;
mod reports;
#[cfg(test)]
mod test_db;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connect to a `postgres:` URL, e.g.
    /// `postgres://gongkai:secret@db.example.gov.cn/gongkai`.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(backend)?;
        Ok(PostgresStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

fn backend<E: std::fmt::Display + 'static>(e: E) -> StoreError {
    let any: &dyn std::any::Any = &e;
    if let Some(e) = any.downcast_ref::<sqlx::Error>()
        && is_busy(e)
    {
        return StoreError::Busy;
    }
    if let Some(sqlx::Error::Database(db)) = any.downcast_ref::<sqlx::Error>()
        && matches!(db.code().as_deref(), Some("22021" | "22P05"))
    {
        return StoreError::Unstorable;
    }
    StoreError::Backend(e.to_string())
}

/// A serialization failure (40001) or deadlock (40P01) that remains, or no
/// connection free in time: the transaction was rolled back, nothing written.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("40001" | "40P01")),
        _ => false,
    }
}

/// Map a write error, turning a uniqueness violation into a conflict on `what`.
fn write_err(what: &str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what.into()),
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound(format!("{what}所引用的记录"))
        }
        _ => backend(e),
    }
}

const AGENCY_COLUMNS: &str = "id, parent_id, full_name, short_name, code, level, kind, \
    office_name, office_address, office_postcode, office_hours, office_phone, office_fax, \
    office_email, channels, guide_text, rules_text";

fn agency_row(r: &PgRow) -> Result<AgencyRow, sqlx::Error> {
    Ok(AgencyRow {
        id: r.try_get("id")?,
        parent_id: r.try_get("parent_id")?,
        full_name: r.try_get("full_name")?,
        short_name: r.try_get("short_name")?,
        code: r.try_get("code")?,
        level: r.try_get("level")?,
        kind: r.try_get("kind")?,
        office_name: r.try_get("office_name")?,
        office_address: r.try_get("office_address")?,
        office_postcode: r.try_get("office_postcode")?,
        office_hours: r.try_get("office_hours")?,
        office_phone: r.try_get("office_phone")?,
        office_fax: r.try_get("office_fax")?,
        office_email: r.try_get("office_email")?,
        channels: r.try_get("channels")?,
        guide_text: r.try_get("guide_text")?,
        rules_text: r.try_get("rules_text")?,
    })
}

const STAFF_COLUMNS: &str = "id, agency_id, username, display_name, password_hash, active, \
    failed_logins, last_failure_at, locked_until, must_change_password";

fn staff_row(r: &PgRow) -> Result<StaffRow, sqlx::Error> {
    Ok(StaffRow {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        password_hash: r.try_get("password_hash")?,
        active: r.try_get("active")?,
        // INTEGER in the schema; the shared row type counts in i64.
        failed_logins: i64::from(r.try_get::<i32, _>("failed_logins")?),
        last_failure_at: r.try_get("last_failure_at")?,
        locked_until: r.try_get("locked_until")?,
        must_change_password: r.try_get("must_change_password")?,
    })
}

impl PostgresStore {
    /// The audit record of a calendar change, under the agency of the staff
    /// member who made it (the calendar itself belongs to no agency).
    async fn calendar_entry(
        &self,
        tx: &mut sqlx::PgConnection,
        by: Option<StaffId>,
        action: &str,
        detail: String,
    ) -> StoreResult<NewAuditEntry> {
        let agency: Option<i64> = match by {
            Some(id) => sqlx::query_scalar("SELECT agency_id FROM staff WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?,
            None => None,
        };
        Ok(gongkai_store::audit::decision(
            Utc::now(),
            by,
            agency,
            action,
            detail,
        ))
    }

    async fn with_roles(&self, rows: Vec<PgRow>) -> StoreResult<Vec<Staff>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let row = staff_row(&r).map_err(backend)?;
            let roles: Vec<String> = sqlx::query_scalar(
                "SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role",
            )
            .bind(row.id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
            out.push(row.into_staff(&roles)?);
        }
        Ok(out)
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.pool).await.map_err(backend)?;
        self.chain_legacy_audit().await
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n == 0)
    }

    async fn create_agency(
        &self,
        parent: Option<AgencyId>,
        p: &AgencyProfile,
    ) -> StoreResult<AgencyId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agencies (parent_id, full_name, short_name, code, level, kind, \
             office_name, office_address, office_postcode, office_hours, office_phone, \
             office_fax, office_email, channels, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             RETURNING id",
        )
        .bind(parent)
        .bind(&p.full_name)
        .bind(&p.short_name)
        .bind(p.code.as_str())
        .bind(p.level.code())
        .bind(p.kind.code())
        .bind(&p.office.name)
        .bind(&p.office.address)
        .bind(&p.office.postcode)
        .bind(&p.office.hours)
        .bind(&p.office.phone)
        .bind(&p.office.fax)
        .bind(&p.office.email)
        .bind(channels_column(p))
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(write_err("机构代码"))?;
        Ok(id)
    }

    async fn update_agency(&self, id: AgencyId, p: &AgencyProfile) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE agencies SET full_name = $1, short_name = $2, code = $3, level = $4, \
             kind = $5, office_name = $6, office_address = $7, office_postcode = $8, \
             office_hours = $9, office_phone = $10, office_fax = $11, office_email = $12, \
             channels = $13 WHERE id = $14",
        )
        .bind(&p.full_name)
        .bind(&p.short_name)
        .bind(p.code.as_str())
        .bind(p.level.code())
        .bind(p.kind.code())
        .bind(&p.office.name)
        .bind(&p.office.address)
        .bind(&p.office.postcode)
        .bind(&p.office.hours)
        .bind(&p.office.phone)
        .bind(&p.office.fax)
        .bind(&p.office.email)
        .bind(channels_column(p))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(write_err("机构代码"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("机构{id}")));
        }
        Ok(())
    }

    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>> {
        let sql = format!("SELECT {AGENCY_COLUMNS} FROM agencies WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| agency_row(&r).map_err(backend)?.into_agency())
            .transpose()
    }

    async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> {
        let sql = format!("SELECT {AGENCY_COLUMNS} FROM agencies WHERE code = $1");
        let row = sqlx::query(&sql)
            .bind(code)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| agency_row(&r).map_err(backend)?.into_agency())
            .transpose()
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        let sql = format!("SELECT {AGENCY_COLUMNS} FROM agencies ORDER BY id");
        let rows = sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| agency_row(r).map_err(backend)?.into_agency())
            .collect()
    }

    async fn set_agency_texts(
        &self,
        id: AgencyId,
        guide: Option<&str>,
        rules: Option<&str>,
    ) -> StoreResult<()> {
        let done =
            sqlx::query("UPDATE agencies SET guide_text = $1, rules_text = $2 WHERE id = $3")
                .bind(guide)
                .bind(rules)
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("机构{id}")));
        }
        Ok(())
    }

    async fn create_staff(&self, s: &NewStaff) -> StoreResult<StaffId> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (agency_id, username, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(s.agency_id)
        .bind(s.username.as_str())
        .bind(&s.display_name)
        .bind(&s.password_hash)
        .bind(Utc::now())
        .fetch_one(&mut *tx)
        .await
        .map_err(write_err("用户名"))?;
        for role in &s.roles {
            sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(role.code())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn staff(&self, id: StaffId) -> StoreResult<Option<Staff>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1");
        let rows = sqlx::query(&sql)
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        Ok(self.with_roles(rows).await?.pop())
    }

    async fn staff_by_username(&self, username: &Username) -> StoreResult<Option<Staff>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE username = $1");
        let rows = sqlx::query(&sql)
            .bind(username.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        Ok(self.with_roles(rows).await?.pop())
    }

    async fn staff_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Staff>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE agency_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(agency)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        self.with_roles(rows).await
    }

    async fn record_login_failure(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<u32> {
        let n: Option<i32> = sqlx::query_scalar(
            "UPDATE staff SET failed_logins = failed_logins + 1, last_failure_at = $1 \
             WHERE id = $2 RETURNING failed_logins",
        )
        .bind(at)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let n = n.ok_or_else(|| StoreError::NotFound(format!("工作人员{id}")))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn lock_staff(&self, id: StaffId, until: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE staff SET locked_until = $1 WHERE id = $2")
            .bind(until)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn record_login_success(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE staff SET failed_logins = 0, last_failure_at = NULL, locked_until = NULL, \
             last_login_at = $1 WHERE id = $2",
        )
        .bind(at)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn set_password_hash(&self, id: StaffId, hash: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("工作人员{id}")));
        }
        Ok(())
    }

    async fn create_session(&self, s: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.token_hash)
        .bind(s.staff_id)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(&self.pool)
        .await
        .map_err(write_err("会话"))?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>> {
        let row = sqlx::query(
            "SELECT token_hash, staff_id, csrf_token, created_at, expires_at FROM sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|r| -> Result<Session, sqlx::Error> {
            Ok(Session {
                token_hash: r.try_get("token_hash")?,
                staff_id: r.try_get("staff_id")?,
                csrf_token: r.try_get("csrf_token")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .transpose()
        .map_err(backend)
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn put_calendar_year(&self, year: &CalendarYear, by: Option<StaffId>) -> StoreResult<()> {
        // Bound as text and cast, so sqlx's `json` feature is not needed.
        let data = serde_json::to_string(year).map_err(backend)?;
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO calendar_years (year, data, entered_by, entered_at) \
             VALUES ($1, $2::jsonb, $3, $4) \
             ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, \
             entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at",
        )
        .bind(year.year)
        .bind(data)
        .bind(by)
        .bind(Utc::now())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let entry = self
            .calendar_entry(&mut tx, by, "calendar.year", year.year.to_string())
            .await?;
        audit::append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)
    }

    async fn calendar_years(&self) -> StoreResult<Vec<CalendarYear>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT data::text FROM calendar_years ORDER BY year")
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.iter()
            .map(|d| {
                serde_json::from_str(d)
                    .map_err(|e| StoreError::Corrupt(format!("日历年份数据：{e}")))
            })
            .collect()
    }

    async fn put_day_override(&self, day: &DayOverride, by: Option<StaffId>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(
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
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let detail = format!("{} {}", day.date, day.name);
        let entry = self
            .calendar_entry(&mut tx, by, "calendar.override", detail)
            .await?;
        audit::append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)
    }

    async fn day_overrides(&self) -> StoreResult<Vec<DayOverride>> {
        let rows = sqlx::query(
            "SELECT date, working, name, notice, entered_at FROM calendar_overrides ORDER BY date",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| -> Result<DayOverride, sqlx::Error> {
                Ok(DayOverride {
                    date: r.try_get::<NaiveDate, _>("date")?,
                    working: r.try_get("working")?,
                    name: r.try_get("name")?,
                    notice: r.try_get("notice")?,
                    entered_at: Some(r.try_get("entered_at")?),
                })
            })
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    async fn append_audit(&self, e: &NewAuditEntry) -> StoreResult<()> {
        self.append_audit_impl(e).await
    }

    async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        // SQLite reads a negative LIMIT as "no limit"; PostgreSQL refuses it but
        // reads LIMIT NULL that way.
        let limit = (limit >= 0).then_some(limit);
        let rows = sqlx::query(
            "SELECT id, at, staff_id, agency_id, action, detail FROM audit_log \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| -> Result<AuditEntry, sqlx::Error> {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    staff_id: r.try_get("staff_id")?,
                    agency_id: r.try_get("agency_id")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    async fn create_case(&self, case: &NewCase) -> StoreResult<CaseCreated> {
        self.create_case_impl(case).await
    }

    async fn case(&self, id: CaseId) -> StoreResult<Option<Case>> {
        Ok(self.case_where("id = $1", CaseKey::Id(id)).await?.pop())
    }

    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>> {
        Ok(self
            .case_where("number = $1", CaseKey::Number(number))
            .await?
            .pop())
    }

    async fn cases_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Case>> {
        self.case_where("agency_id = $1", CaseKey::Agency(agency))
            .await
    }

    async fn cases_of_applicant(
        &self,
        agency: AgencyId,
        applicant_key: &str,
    ) -> StoreResult<Vec<Case>> {
        self.case_where(
            "agency_id = $1 AND applicant_key = $2",
            CaseKey::Applicant(agency, applicant_key),
        )
        .await
    }

    async fn case_events(&self, case: CaseId) -> StoreResult<Vec<CaseEventRecord>> {
        self.case_events_impl(case).await
    }

    async fn append_case_event(
        &self,
        case: CaseId,
        event: &CaseEventRecord,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>> {
        self.append_case_event_impl(case, event, documents, mail)
            .await
    }

    async fn issue_documents(
        &self,
        case: CaseId,
        event_seq: u32,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>> {
        self.issue_documents_impl(case, event_seq, documents, mail)
            .await
    }

    async fn case_documents(&self, case: CaseId) -> StoreResult<Vec<IssuedDocument>> {
        self.case_documents_impl(case).await
    }

    async fn issued_document(&self, id: i64) -> StoreResult<Option<IssuedDocument>> {
        self.issued_document_impl(id).await
    }

    async fn add_case_attachment(&self, attachment: &NewAttachment) -> StoreResult<i64> {
        self.add_case_attachment_impl(attachment).await
    }

    async fn case_attachments(&self, case: CaseId) -> StoreResult<Vec<CaseAttachment>> {
        self.case_attachments_impl(case).await
    }

    async fn add_appeal(&self, appeal: &NewAppeal) -> StoreResult<i64> {
        self.add_appeal_impl(appeal).await
    }

    async fn set_appeal_result(
        &self,
        id: i64,
        result: AppealResult,
        decided_on: Option<NaiveDate>,
        note: &str,
    ) -> StoreResult<()> {
        self.set_appeal_result_impl(id, result, decided_on, note)
            .await
    }

    async fn appeals_of_case(&self, case: CaseId) -> StoreResult<Vec<Appeal>> {
        self.appeals_where("a.case_id = $1", case).await
    }

    async fn appeals_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Appeal>> {
        self.appeals_where("c.agency_id = $1", agency).await
    }

    async fn document_template(&self, agency: AgencyId, key: &str) -> StoreResult<Option<String>> {
        self.document_template_impl(agency, key).await
    }

    async fn put_document_template(
        &self,
        agency: AgencyId,
        key: &str,
        body: &str,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
        self.put_document_template_impl(agency, key, body, by).await
    }

    async fn enqueue_mail(&self, mail: &NewMail) -> StoreResult<i64> {
        self.enqueue_mail_impl(mail).await
    }

    async fn pending_mail(&self, max_attempts: i32, limit: i64) -> StoreResult<Vec<OutgoingMail>> {
        self.pending_mail_impl(max_attempts, limit).await
    }

    async fn mark_mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        self.mark_mail_impl(id, Some(at), None).await
    }

    async fn mark_mail_failed(&self, id: i64, error: &str) -> StoreResult<()> {
        self.mark_mail_impl(id, None, Some(error)).await
    }

    async fn create_items(&self, items: &[NewItem]) -> StoreResult<Vec<ItemCreated>> {
        self.create_items_impl(items).await
    }

    async fn item(&self, id: ItemId) -> StoreResult<Option<ItemRecord>> {
        self.item_impl(id).await
    }

    async fn items_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<ItemRecord>> {
        self.items_of_agency_impl(agency).await
    }

    async fn published_items(
        &self,
        agency: Option<AgencyId>,
        limit: i64,
    ) -> StoreResult<Vec<ItemRecord>> {
        self.published_items_impl(agency, limit).await
    }

    async fn item_by_index_number(&self, index_number: &str) -> StoreResult<Option<ItemRecord>> {
        self.item_by_index_number_impl(index_number).await
    }

    async fn item_events(
        &self,
        item: ItemId,
    ) -> StoreResult<Vec<gongkai_domain::catalogue::ItemEventRecord>> {
        self.item_events_impl(item).await
    }

    async fn append_item_event(
        &self,
        item: ItemId,
        event: &gongkai_domain::catalogue::ItemEventRecord,
        snapshot: &ItemSnapshot,
    ) -> StoreResult<()> {
        self.append_item_event_impl(item, event, snapshot).await
    }

    async fn item_changes_after(&self, after: i64, limit: i64) -> StoreResult<Vec<ItemChange>> {
        self.item_changes_after_impl(after, limit).await
    }

    async fn last_item_change(&self) -> StoreResult<i64> {
        self.last_item_change_impl().await
    }

    async fn items_by_ids(&self, ids: &[ItemId]) -> StoreResult<Vec<ItemRecord>> {
        self.items_by_ids_impl(ids).await
    }

    async fn next_index_serial(&self, agency: AgencyId, year: i32) -> StoreResult<u32> {
        self.next_index_serial_impl(agency, year).await
    }

    async fn add_item_attachment(&self, attachment: &NewItemAttachment) -> StoreResult<i64> {
        self.add_item_attachment_impl(attachment).await
    }

    async fn item_attachments(&self, item: ItemId) -> StoreResult<Vec<ItemAttachment>> {
        self.item_attachments_impl(item).await
    }

    async fn put_figures(
        &self,
        agency: AgencyId,
        figures: &gongkai_domain::catalogue::Article20Figures,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
        self.put_figures_impl(agency, figures, by).await
    }

    async fn figures(&self, agency: AgencyId, year: i32) -> StoreResult<Option<FiguresRecord>> {
        self.figures_impl(agency, year).await
    }

    async fn report_draft(&self, agency: AgencyId, year: i32) -> StoreResult<Option<ReportDraft>> {
        self.report_draft_impl(agency, year).await
    }

    async fn put_report_draft(&self, draft: &ReportDraft) -> StoreResult<()> {
        self.put_report_draft_impl(draft).await
    }

    async fn publish_report(&self, version: &NewReportVersion) -> StoreResult<ReportVersion> {
        self.publish_report_impl(version).await
    }

    async fn report_versions(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Vec<ReportVersion>> {
        self.report_versions_impl(agency, year).await
    }

    async fn published_reports(&self, agency: AgencyId) -> StoreResult<Vec<ReportVersion>> {
        self.published_reports_impl(agency).await
    }

    async fn calendar_entries(&self) -> StoreResult<Vec<CalendarEntry>> {
        self.calendar_entries_impl().await
    }

    async fn server_secret(&self, name: &str, fresh: &str) -> StoreResult<String> {
        self.server_secret_impl(name, fresh).await
    }

    // ---- wp-auth (issue 13) ----

    async fn count_login_attempt(
        &self,
        username: &str,
        source: &str,
        now: DateTime<Utc>,
        window_ended_before: DateTime<Utc>,
    ) -> StoreResult<(AttemptCount, AttemptCount)> {
        self.count_login_attempt_impl(username, source, now, window_ended_before)
            .await
    }

    async fn login_succeeded(&self, username: &str, source: &str) -> StoreResult<()> {
        self.login_succeeded_impl(username, source).await
    }

    async fn login_counts(&self, username: &str) -> StoreResult<Vec<(String, AttemptCount)>> {
        self.login_counts_impl(username).await
    }

    async fn clear_login_attempts(&self, username: &str) -> StoreResult<()> {
        self.clear_login_attempts_impl(username).await
    }

    async fn set_staff_active(&self, id: StaffId, active: bool) -> StoreResult<()> {
        self.set_staff_active_impl(id, active).await
    }

    async fn set_staff_roles(&self, id: StaffId, roles: &[Role]) -> StoreResult<()> {
        self.set_staff_roles_impl(id, roles).await
    }

    async fn change_password(
        &self,
        id: StaffId,
        hash: &str,
        must_change: bool,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        self.change_password_impl(id, hash, must_change, keep).await
    }

    async fn session_last_seen(&self, token_hash: &str) -> StoreResult<Option<DateTime<Utc>>> {
        self.session_last_seen_impl(token_hash).await
    }

    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        self.touch_session_impl(token_hash, at).await
    }

    async fn audit_chain(
        &self,
    ) -> StoreResult<(
        Vec<gongkai_store::audit::ChainedRecord>,
        gongkai_store::audit::ChainHead,
    )> {
        self.audit_chain_impl().await
    }

    async fn audit_search(
        &self,
        query: &gongkai_store::audit::AuditQuery,
    ) -> StoreResult<gongkai_store::audit::AuditPage> {
        self.audit_search_impl(query).await
    }

    async fn item_attachments_by_file(
        &self,
        sha256: &str,
        filename: &str,
    ) -> StoreResult<Vec<ItemAttachment>> {
        self.item_attachments_by_file_impl(sha256, filename).await
    }
}

/// Runs only when `GONGKAI_TEST_DATABASE_URL` names a PostgreSQL server the
/// test may create and drop databases on; skipped silently otherwise.
#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use gongkai_domain::staff::Role;
    use gongkai_store::story::profile;

    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_900_000_000 + secs, 0).expect("in range")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn username(s: &str) -> Username {
        Username::parse(s).expect("valid username")
    }

    fn staff(agency_id: AgencyId, name: &str, roles: Vec<Role>) -> NewStaff {
        NewStaff {
            agency_id,
            username: username(name),
            display_name: "张三".into(),
            password_hash: "$argon2id$stub".into(),
            roles,
        }
    }

    fn year(y: i32, notice: &str, off: NaiveDate) -> CalendarYear {
        CalendarYear {
            year: y,
            notices: vec![notice.into()],
            off: vec![off],
            work: vec![],
            holiday_names: BTreeMap::from([(off, "元旦".to_string())]),
        }
    }

    #[sqlx::test]
    async fn every_store_call_against_a_fresh_database() {
        crate::test_db::with_fresh_database("test", 2, |store| async move {
            exercise(&store).await;
        })
        .await;
    }

    async fn exercise(store: &PostgresStore) {
        assert_eq!(store.backend(), Backend::Postgres);
        store.migrate().await.unwrap();
        store.migrate().await.expect("migrating twice is harmless");
        assert!(store.is_empty().await.unwrap());

        // ---- agencies ----
        let county = profile("11341702486344515H", "安徽省淮北市杜集区交通运输局");
        let root = store.create_agency(None, &county).await.unwrap();
        assert!(!store.is_empty().await.unwrap());
        let got = store.agency(root).await.unwrap().expect("created");
        assert_eq!(got.profile, county);
        assert_eq!(got.parent_id, None);
        assert_eq!((got.guide_text, got.rules_text), (None, None));
        assert!(matches!(
            store.create_agency(None, &county).await,
            Err(StoreError::Conflict(w)) if w == "机构代码"
        ));
        let office = profile("486344515", "杜集区交通运输局办公室");
        assert!(matches!(
            store.create_agency(Some(9_999), &office).await,
            Err(StoreError::NotFound(w)) if w == "机构代码所引用的记录"
        ));
        let child = store.create_agency(Some(root), &office).await.unwrap();
        assert!(child > root);
        assert_eq!(
            store.agency(child).await.unwrap().unwrap().parent_id,
            Some(root)
        );
        assert!(store.agency(9_999).await.unwrap().is_none());

        let renamed = profile("11341702486344515H", "淮北市杜集区交通运输局");
        store.update_agency(root, &renamed).await.unwrap();
        assert_eq!(store.agency(root).await.unwrap().unwrap().profile, renamed);
        assert!(matches!(
            store.update_agency(child, &renamed).await,
            Err(StoreError::Conflict(w)) if w == "机构代码"
        ));
        assert!(matches!(
            store.update_agency(9_999, &renamed).await,
            Err(StoreError::NotFound(w)) if w == "机构9999"
        ));
        let by_code = store.agency_by_code("11341702486344515H").await.unwrap();
        assert_eq!(by_code.map(|a| a.id), Some(root));
        assert!(store.agency_by_code("000000000").await.unwrap().is_none());
        let all: Vec<_> = store
            .agencies()
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(all, vec![root, child]);

        store
            .set_agency_texts(root, Some("指南全文"), Some("制度全文"))
            .await
            .unwrap();
        let got = store.agency(root).await.unwrap().unwrap();
        assert_eq!(got.guide_text.as_deref(), Some("指南全文"));
        assert_eq!(got.rules_text.as_deref(), Some("制度全文"));
        store
            .set_agency_texts(root, None, Some("制度"))
            .await
            .unwrap();
        let got = store.agency(root).await.unwrap().unwrap();
        assert_eq!(
            (got.guide_text, got.rules_text.as_deref()),
            (None, Some("制度"))
        );
        assert!(matches!(
            store.set_agency_texts(9_999, None, None).await,
            Err(StoreError::NotFound(w)) if w == "机构9999"
        ));

        // ---- staff ----
        let admin = store
            .create_staff(&staff(
                root,
                "zhangsan",
                vec![Role::Clerk, Role::Administrator],
            ))
            .await
            .unwrap();
        let clerk = store
            .create_staff(&staff(root, "lisi", vec![Role::Clerk]))
            .await
            .unwrap();
        assert!(matches!(
            store.create_staff(&staff(child, "zhangsan", vec![])).await,
            Err(StoreError::Conflict(w)) if w == "用户名"
        ));
        assert!(matches!(
            store.create_staff(&staff(9_999, "wangwu", vec![])).await,
            Err(StoreError::NotFound(w)) if w == "用户名所引用的记录"
        ));
        let s = store.staff(admin).await.unwrap().expect("created");
        assert_eq!(s.username.as_str(), "zhangsan");
        assert_eq!(s.roles, vec![Role::Administrator, Role::Clerk]);
        assert!(s.active && s.has_role(Role::Administrator));
        assert_eq!(
            (s.failed_logins, s.last_failure_at, s.locked_until),
            (0, None, None)
        );
        let s = store.staff_by_username(&username("lisi")).await.unwrap();
        assert_eq!(s.map(|s| (s.id, s.roles)), Some((clerk, vec![Role::Clerk])));
        assert!(
            store
                .staff_by_username(&username("nobody"))
                .await
                .unwrap()
                .is_none()
        );
        assert!(store.staff(9_999).await.unwrap().is_none());
        let ids: Vec<_> = store
            .staff_of_agency(root)
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, vec![admin, clerk]);
        assert!(store.staff_of_agency(child).await.unwrap().is_empty());

        assert_eq!(store.record_login_failure(admin, at(1)).await.unwrap(), 1);
        assert_eq!(store.record_login_failure(admin, at(2)).await.unwrap(), 2);
        assert!(matches!(
            store.record_login_failure(9_999, at(3)).await,
            Err(StoreError::NotFound(w)) if w == "工作人员9999"
        ));
        store.lock_staff(admin, at(900)).await.unwrap();
        let s = store.staff(admin).await.unwrap().unwrap();
        assert_eq!(
            (s.failed_logins, s.last_failure_at, s.locked_until),
            (2, Some(at(2)), Some(at(900)))
        );
        store.record_login_success(admin, at(901)).await.unwrap();
        let s = store.staff(admin).await.unwrap().unwrap();
        assert_eq!(
            (s.failed_logins, s.last_failure_at, s.locked_until),
            (0, None, None)
        );

        store
            .set_password_hash(admin, "$argon2id$new")
            .await
            .unwrap();
        assert_eq!(
            store.staff(admin).await.unwrap().unwrap().password_hash,
            "$argon2id$new"
        );
        assert!(matches!(
            store.set_password_hash(9_999, "x").await,
            Err(StoreError::NotFound(w)) if w == "工作人员9999"
        ));

        // ---- sessions ----
        let live = Session {
            token_hash: "live".into(),
            staff_id: admin,
            csrf_token: "csrf".into(),
            created_at: at(0),
            expires_at: at(3_600),
        };
        let stale = Session {
            token_hash: "stale".into(),
            expires_at: at(60),
            ..live.clone()
        };
        store.create_session(&live).await.unwrap();
        store.create_session(&stale).await.unwrap();
        assert!(matches!(
            store.create_session(&live).await,
            Err(StoreError::Conflict(w)) if w == "会话"
        ));
        let orphan = Session {
            token_hash: "orphan".into(),
            staff_id: 9_999,
            ..live.clone()
        };
        assert!(matches!(
            store.create_session(&orphan).await,
            Err(StoreError::NotFound(w)) if w == "会话所引用的记录"
        ));
        let got = store.session("live", at(120)).await.unwrap().expect("live");
        assert_eq!(
            (
                got.staff_id,
                got.csrf_token.as_str(),
                got.created_at,
                got.expires_at
            ),
            (admin, "csrf", at(0), at(3_600))
        );
        assert!(store.session("stale", at(120)).await.unwrap().is_none());
        assert!(store.session("stale", at(59)).await.unwrap().is_some());
        assert!(store.session("live", at(3_600)).await.unwrap().is_none());
        store.delete_session("live").await.unwrap();
        store.delete_session("never-existed").await.unwrap();
        assert!(store.session("live", at(120)).await.unwrap().is_none());

        // ---- calendar ----
        let first = year(2099, "https://example.gov.cn/a", date(2099, 1, 1));
        let second = year(2099, "https://example.gov.cn/b", date(2099, 1, 2));
        store.put_calendar_year(&first, Some(admin)).await.unwrap();
        store.put_calendar_year(&second, None).await.unwrap();
        let earlier = year(2098, "https://example.gov.cn/c", date(2098, 1, 1));
        store
            .put_calendar_year(&earlier, Some(admin))
            .await
            .unwrap();
        assert_eq!(store.calendar_years().await.unwrap(), vec![earlier, second]);

        let day = |working, name: &str| DayOverride {
            date: date(2099, 1, 5),
            working,
            name: name.into(),
            notice: "国办发明电".into(),
            entered_at: None,
        };
        store
            .put_day_override(&day(true, "补班"), Some(admin))
            .await
            .unwrap();
        store
            .put_day_override(&day(false, "延长假期"), None)
            .await
            .unwrap();
        let later = DayOverride {
            date: date(2099, 2, 1),
            ..day(true, "补班")
        };
        store.put_day_override(&later, Some(admin)).await.unwrap();
        assert_eq!(
            store
                .day_overrides()
                .await
                .unwrap()
                .into_iter()
                .map(|o| DayOverride {
                    entered_at: None,
                    ..o
                })
                .collect::<Vec<_>>(),
            vec![day(false, "延长假期"), later]
        );
        let calendar = calendar_in_force(store).await.unwrap();
        assert!(
            !calendar.is_working(date(2099, 1, 2)),
            "the replaced year is in force"
        );
        assert!(
            !calendar.is_working(date(2099, 1, 5)),
            "the override is in force"
        );
        assert!(calendar.is_working(date(2099, 2, 1)));

        // ---- audit ----
        for (i, action) in ["agency.create", "staff.create", "login.failure"]
            .iter()
            .enumerate()
        {
            store
                .append_audit(&NewAuditEntry {
                    at: at(i as i64),
                    staff_id: (i > 0).then_some(admin),
                    agency_id: Some(root),
                    action: (*action).into(),
                    detail: format!("第{i}条"),
                })
                .await
                .unwrap();
        }
        let newest = store.audit_entries(2).await.unwrap();
        let actions: Vec<_> = newest.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, vec!["login.failure", "staff.create"]);
        assert!(newest[0].id > newest[1].id);
        assert_eq!(
            (
                newest[0].at,
                newest[0].staff_id,
                newest[0].agency_id,
                newest[0].detail.as_str()
            ),
            (at(2), Some(admin), Some(root), "第2条")
        );
        // Before them, the six calendar changes above (3 years, 3 days).
        let all = store.audit_entries(-1).await.unwrap();
        assert_eq!(all.len(), 3 + 6);
        assert_eq!(all[2].staff_id, None);
        assert!(store.audit_entries(0).await.unwrap().is_empty());

        // ---- disclosure on request ----
        cases::tests::exercise_cases(store, root, child, admin).await;
    }
}
