//! gongkai's embedded store: one SQLite file under the data directory, in WAL
//! mode with foreign keys on.

use std::path::Path;
use std::str::FromStr;
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
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};

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

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Open (creating if needed) the database file at `path`.
    pub async fn open_file(path: &Path) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        Self::open_with(options).await
    }

    /// Open a `sqlite:` URL, e.g. `sqlite:///var/lib/gongkai/gongkai.db`.
    pub async fn open_url(url: &str) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(backend)?
            .create_if_missing(true);
        Self::open_with(options).await
    }

    async fn open_with(options: SqliteConnectOptions) -> StoreResult<SqliteStore> {
        let options = options
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(backend)?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

pub(crate) fn backend<E: std::fmt::Display + 'static>(e: E) -> StoreError {
    let any: &dyn std::any::Any = &e;
    if let Some(e) = any.downcast_ref::<sqlx::Error>()
        && is_busy(e)
    {
        return StoreError::Busy;
    }
    StoreError::Backend(e.to_string())
}

/// SQLite still locked after the busy timeout (SQLITE_BUSY or SQLITE_LOCKED
/// and their extended codes), or no connection free in time.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => db
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| matches!(c & 0xff, 5 | 6)),
        _ => false,
    }
}

/// Map a write error, turning a uniqueness violation into a conflict on `what`.
pub(crate) fn write_err(what: &str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
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

fn agency_row(r: &SqliteRow) -> Result<AgencyRow, sqlx::Error> {
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

fn staff_row(r: &SqliteRow) -> Result<StaffRow, sqlx::Error> {
    Ok(StaffRow {
        id: r.try_get("id")?,
        agency_id: r.try_get("agency_id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        password_hash: r.try_get("password_hash")?,
        active: r.try_get("active")?,
        failed_logins: r.try_get("failed_logins")?,
        last_failure_at: r.try_get("last_failure_at")?,
        locked_until: r.try_get("locked_until")?,
        must_change_password: r.try_get("must_change_password")?,
    })
}

impl SqliteStore {
    /// The audit record of a calendar change, under the agency of the staff
    /// member who made it (the calendar itself belongs to no agency).
    async fn calendar_entry(
        &self,
        tx: &mut sqlx::SqliteConnection,
        by: Option<StaffId>,
        action: &str,
        detail: String,
    ) -> StoreResult<NewAuditEntry> {
        let agency: Option<i64> = match by {
            Some(id) => sqlx::query_scalar("SELECT agency_id FROM staff WHERE id = ?")
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

    async fn with_roles(&self, rows: Vec<SqliteRow>) -> StoreResult<Vec<Staff>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let row = staff_row(&r).map_err(backend)?;
            let roles: Vec<String> =
                sqlx::query_scalar("SELECT role FROM staff_roles WHERE staff_id = ? ORDER BY role")
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
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
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
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            "UPDATE agencies SET full_name = ?, short_name = ?, code = ?, level = ?, kind = ?, \
             office_name = ?, office_address = ?, office_postcode = ?, office_hours = ?, \
             office_phone = ?, office_fax = ?, office_email = ?, channels = ? WHERE id = ?",
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
        let sql = format!("SELECT {AGENCY_COLUMNS} FROM agencies WHERE id = ?");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| agency_row(&r).map_err(backend)?.into_agency())
            .transpose()
    }

    async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> {
        let sql = format!("SELECT {AGENCY_COLUMNS} FROM agencies WHERE code = ?");
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
        let done = sqlx::query("UPDATE agencies SET guide_text = ?, rules_text = ? WHERE id = ?")
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
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO staff (agency_id, username, display_name, password_hash, created_at) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
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
            sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)")
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
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = ?");
        let rows = sqlx::query(&sql)
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        Ok(self.with_roles(rows).await?.pop())
    }

    async fn staff_by_username(&self, username: &Username) -> StoreResult<Option<Staff>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE username = ?");
        let rows = sqlx::query(&sql)
            .bind(username.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        Ok(self.with_roles(rows).await?.pop())
    }

    async fn staff_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Staff>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE agency_id = ? ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(agency)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        self.with_roles(rows).await
    }

    async fn record_login_failure(&self, id: StaffId, at: DateTime<Utc>) -> StoreResult<u32> {
        let n: Option<i64> = sqlx::query_scalar(
            "UPDATE staff SET failed_logins = failed_logins + 1, last_failure_at = ? \
             WHERE id = ? RETURNING failed_logins",
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
        sqlx::query("UPDATE staff SET locked_until = ? WHERE id = ?")
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
             last_login_at = ? WHERE id = ?",
        )
        .bind(at)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn set_password_hash(&self, id: StaffId, hash: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE staff SET password_hash = ? WHERE id = ?")
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
             VALUES (?, ?, ?, ?, ?)",
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
             WHERE token_hash = ? AND expires_at > ?",
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
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn put_calendar_year(&self, year: &CalendarYear, by: Option<StaffId>) -> StoreResult<()> {
        let data = serde_json::to_string(year).map_err(backend)?;
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO calendar_years (year, data, entered_by, entered_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT(year) DO UPDATE SET data = excluded.data, \
             entered_by = excluded.entered_by, entered_at = excluded.entered_at",
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
        let rows: Vec<String> = sqlx::query_scalar("SELECT data FROM calendar_years ORDER BY year")
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
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO calendar_overrides (date, working, name, notice, entered_by, entered_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(date) DO UPDATE SET working = excluded.working, \
             name = excluded.name, notice = excluded.notice, entered_by = excluded.entered_by, \
             entered_at = excluded.entered_at",
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
        let rows = sqlx::query(
            "SELECT id, at, staff_id, agency_id, action, detail FROM audit_log \
             ORDER BY id DESC LIMIT ?",
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
        Ok(self.case_where("id = ?", CaseKey::Id(id)).await?.pop())
    }

    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>> {
        Ok(self
            .case_where("number = ?", CaseKey::Number(number))
            .await?
            .pop())
    }

    async fn cases_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Case>> {
        self.case_where("agency_id = ?", CaseKey::Agency(agency))
            .await
    }

    async fn cases_of_applicant(
        &self,
        agency: AgencyId,
        applicant_key: &str,
    ) -> StoreResult<Vec<Case>> {
        self.case_where(
            "agency_id = ? AND applicant_key = ?",
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
        self.appeals_where("a.case_id = ?", case).await
    }

    async fn appeals_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Appeal>> {
        self.appeals_where("c.agency_id = ?", agency).await
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
