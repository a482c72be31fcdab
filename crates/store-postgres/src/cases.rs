//! Cases, events, documents, attachments, appeals, templates, mail: PostgreSQL.
//!
//! The same calls as the SQLite store's `cases` module, with the same results
//! and errors. JSON columns are `JSONB`, bound as text with a `::jsonb` cast
//! and read back with `::text` (the workspace's sqlx has no `json` feature).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_domain::case::CaseEventRecord;
use gongkai_domain::case::register::AppealResult;
use gongkai_domain::document::Document;
use gongkai_domain::vocabulary::{ApplicantType, Channel};
use gongkai_store::*;
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::audit::append_chained;
use crate::{PostgresStore, backend, write_err};
use gongkai_store::audit;

const CASE_COLUMNS: &str = "id, agency_id, number, query_code_hash, channel, \
    application::text AS application, applicant_key, applicant_type, submitted_at";

/// The message of a concurrent or out-of-order append (as in SQLite).
const EVENT_CONFLICT: &str = "该案件的新记录（其他人刚刚更新了此案件，请刷新后重试）";

// The crate does not depend on `serde` itself, so the (de)serialisation
// helpers are macros over `serde_json` rather than generic functions.
macro_rules! json {
    ($value:expr) => {
        serde_json::to_string($value).map_err(backend)
    };
}

macro_rules! parse_json {
    ($text:expr, $what:expr) => {
        serde_json::from_str(&$text).map_err(|e| StoreError::Corrupt(format!("{}：{e}", $what)))
    };
}

/// An event's `seq` as the `INTEGER` column holds it.
fn seq_column(seq: u32) -> StoreResult<i32> {
    i32::try_from(seq).map_err(|_| StoreError::Backend(format!("事件序号{seq}超出范围")))
}

fn seq_value(seq: i32) -> StoreResult<u32> {
    u32::try_from(seq).map_err(|_| StoreError::Corrupt("事件序号".into()))
}

fn case_row(r: &PgRow) -> StoreResult<Case> {
    let get = |e: sqlx::Error| backend(e);
    let channel: String = r.try_get("channel").map_err(get)?;
    let kind: String = r.try_get("applicant_type").map_err(get)?;
    let application: String = r.try_get("application").map_err(get)?;
    Ok(Case {
        id: r.try_get("id").map_err(get)?,
        agency_id: r.try_get("agency_id").map_err(get)?,
        number: r.try_get("number").map_err(get)?,
        query_code_hash: r.try_get("query_code_hash").map_err(get)?,
        channel: Channel::from_code(&channel)
            .ok_or_else(|| StoreError::Corrupt(format!("案件渠道“{channel}”")))?,
        application: parse_json!(application, "申请内容")?,
        applicant_key: r.try_get("applicant_key").map_err(get)?,
        applicant_type: ApplicantType::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("申请人类型“{kind}”")))?,
        submitted_at: r.try_get("submitted_at").map_err(get)?,
    })
}

fn event_row(r: &PgRow) -> StoreResult<CaseEventRecord> {
    let get = |e: sqlx::Error| backend(e);
    let seq: i32 = r.try_get("seq").map_err(get)?;
    let actor: String = r.try_get("actor").map_err(get)?;
    let action: String = r.try_get("action").map_err(get)?;
    Ok(CaseEventRecord {
        seq: seq_value(seq)?,
        at: r.try_get("at").map_err(get)?,
        actor: gongkai_store::event_schema::decode_actor(&actor)?,
        action: gongkai_store::event_schema::decode_case_action(&action)?,
        note: r.try_get("note").map_err(get)?,
    })
}

const DOCUMENT_COLUMNS: &str = "id, case_id, event_seq, issued_at, document::text AS document";

fn document_row(r: &PgRow) -> StoreResult<IssuedDocument> {
    let get = |e: sqlx::Error| backend(e);
    let seq: i32 = r.try_get("event_seq").map_err(get)?;
    let doc: String = r.try_get("document").map_err(get)?;
    Ok(IssuedDocument {
        id: r.try_get("id").map_err(get)?,
        case_id: r.try_get("case_id").map_err(get)?,
        event_seq: u32::try_from(seq).unwrap_or_default(),
        issued_at: r.try_get("issued_at").map_err(get)?,
        document: parse_json!(doc, "文书")?,
    })
}

fn appeal_row(r: &PgRow) -> StoreResult<Appeal> {
    let get = |e: sqlx::Error| backend(e);
    let summary: String = r.try_get("summary").map_err(get)?;
    Ok(Appeal {
        id: r.try_get("id").map_err(get)?,
        case_id: r.try_get("case_id").map_err(get)?,
        summary: parse_json!(summary, "复议诉讼")?,
        body: r.try_get("body").map_err(get)?,
        note: r.try_get("note").map_err(get)?,
        recorded_by: r.try_get("recorded_by").map_err(get)?,
        recorded_at: r.try_get("recorded_at").map_err(get)?,
    })
}

fn mail_row(r: &PgRow) -> StoreResult<OutgoingMail> {
    let get = |e: sqlx::Error| backend(e);
    Ok(OutgoingMail {
        id: r.try_get("id").map_err(get)?,
        case_id: r.try_get("case_id").map_err(get)?,
        to_address: r.try_get("to_address").map_err(get)?,
        subject: r.try_get("subject").map_err(get)?,
        body: r.try_get("body").map_err(get)?,
        document_id: r.try_get("document_id").map_err(get)?,
        attempts: r.try_get("attempts").map_err(get)?,
        last_error: r.try_get("last_error").map_err(get)?,
        created_at: r.try_get("created_at").map_err(get)?,
        sent_at: r.try_get("sent_at").map_err(get)?,
    })
}

impl PostgresStore {
    /// The case holding an idempotency key, as an `AlreadyExists` answer;
    /// `IdempotencyMismatch` when it was created by another request.
    async fn case_with_key(
        &self,
        key: &str,
        fingerprint: &str,
    ) -> StoreResult<Option<CaseCreated>> {
        let row = sqlx::query(
            "SELECT id, number, idempotency_hash FROM cases WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|r| -> StoreResult<CaseCreated> {
            let hash: Option<String> = r.try_get("idempotency_hash").map_err(backend)?;
            if hash.is_some_and(|h| h != fingerprint) {
                return Err(StoreError::IdempotencyMismatch);
            }
            Ok(CaseCreated::AlreadyExists {
                id: r.try_get("id").map_err(backend)?,
                number: r.try_get("number").map_err(backend)?,
            })
        })
        .transpose()
    }

    pub(crate) async fn create_case_impl(&self, c: &NewCase) -> StoreResult<CaseCreated> {
        let fingerprint = c.idempotency_fingerprint();
        if let Some(key) = &c.idempotency_key
            && let Some(existing) = self.case_with_key(key, &fingerprint).await?
        {
            return Ok(existing);
        }
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let year = c.submitted_at.year();
        // The upsert locks the year's counter row until commit, so concurrent
        // creations take their serials one after the other.
        let serial: i64 = sqlx::query_scalar(
            "INSERT INTO case_number_counters (year, last) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last = case_number_counters.last + 1 \
             RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let number = format!("GK{year}-{serial:06}");
        let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO cases (agency_id, number, query_code_hash, channel, application, \
             applicant_key, applicant_type, submitted_at, idempotency_key, idempotency_hash) \
             VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(c.agency_id)
        .bind(&number)
        .bind(&c.query_code_hash)
        .bind(c.channel.code())
        .bind(json!(&c.application)?)
        .bind(&c.applicant_key)
        .bind(c.application.applicant.kind.code())
        .bind(c.submitted_at)
        .bind(&c.idempotency_key)
        .bind(c.idempotency_key.as_ref().map(|_| &fingerprint))
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            Err(sqlx::Error::Database(db))
                if db.is_unique_violation() && c.idempotency_key.is_some() =>
            {
                // A concurrent submission with the same key committed first:
                // give up this attempt (and its serial) and answer with that case.
                tx.rollback().await.map_err(backend)?;
                let key = c.idempotency_key.as_deref().unwrap_or_default();
                return match self.case_with_key(key, &fingerprint).await? {
                    Some(existing) => Ok(existing),
                    None => Err(StoreError::Conflict("申请".into())),
                };
            }
            Err(e) => return Err(write_err("申请")(e)),
        };
        insert_event(&mut tx, id, &c.first_event).await?;
        let entry = audit::case_event(c.agency_id, &number, &c.first_event);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)?;
        Ok(CaseCreated::New { id, number })
    }

    /// Cases matching `clause` (with `$1`, `$2` placeholders), by id.
    pub(crate) async fn case_where(
        &self,
        clause: &str,
        bind: CaseKey<'_>,
    ) -> StoreResult<Vec<Case>> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE {clause} ORDER BY id");
        let q = sqlx::query(&sql);
        let q = match bind {
            CaseKey::Id(id) => q.bind(id),
            CaseKey::Number(n) => q.bind(n),
            CaseKey::Agency(a) => q.bind(a),
            CaseKey::Applicant(a, k) => q.bind(a).bind(k),
        };
        let rows = q.fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(case_row).collect()
    }

    pub(crate) async fn case_events_impl(&self, case: CaseId) -> StoreResult<Vec<CaseEventRecord>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor::text AS actor, action::text AS action, note \
             FROM case_events WHERE case_id = $1 ORDER BY seq",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    pub(crate) async fn append_case_event_impl(
        &self,
        case: CaseId,
        event: &CaseEventRecord,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        // Concurrent appends to one case wait here for each other, so the
        // second one sees the first one's event below. (A missing case locks
        // nothing; the insert then fails on the foreign key, as in SQLite.)
        sqlx::query("SELECT id FROM cases WHERE id = $1 FOR UPDATE")
            .bind(case)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let last: Option<i32> =
            sqlx::query_scalar("SELECT MAX(seq) FROM case_events WHERE case_id = $1")
                .bind(case)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        if i64::from(event.seq) != i64::from(last.unwrap_or(0)) + 1 {
            return Err(StoreError::Conflict(EVENT_CONFLICT.into()));
        }
        insert_event(&mut tx, case, event).await?;
        let ids = insert_documents(&mut tx, case, event.seq, event.at, documents, mail).await?;
        let (agency, number) = case_ref(&mut tx, case).await?;
        append_chained(&mut tx, &audit::case_event(agency, &number, event)).await?;
        tx.commit().await.map_err(backend)?;
        Ok(ids)
    }

    pub(crate) async fn issue_documents_impl(
        &self,
        case: CaseId,
        event_seq: u32,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let at: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT at FROM case_events WHERE case_id = $1 AND seq = $2")
                .bind(case)
                .bind(seq_column(event_seq)?)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
        let at =
            at.ok_or_else(|| StoreError::NotFound(format!("案件{case}的第{event_seq}条记录")))?;
        let ids = insert_documents(&mut tx, case, event_seq, at, documents, mail).await?;
        if !ids.is_empty() {
            let (agency, number) = case_ref(&mut tx, case).await?;
            let entry = audit::case_documents(agency, &number, event_seq, Utc::now(), ids.len());
            append_chained(&mut tx, &entry).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(ids)
    }

    pub(crate) async fn case_documents_impl(
        &self,
        case: CaseId,
    ) -> StoreResult<Vec<IssuedDocument>> {
        let sql =
            format!("SELECT {DOCUMENT_COLUMNS} FROM case_documents WHERE case_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(case)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(document_row).collect()
    }

    pub(crate) async fn issued_document_impl(
        &self,
        id: i64,
    ) -> StoreResult<Option<IssuedDocument>> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM case_documents WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(document_row).transpose()
    }

    pub(crate) async fn add_case_attachment_impl(&self, a: &NewAttachment) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO case_attachments \
             (case_id, purpose, sha256, filename, content_type, size, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(a.case_id)
        .bind(&a.purpose)
        .bind(&a.sha256)
        .bind(&a.filename)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(write_err("附件"))
    }

    pub(crate) async fn case_attachments_impl(
        &self,
        case: CaseId,
    ) -> StoreResult<Vec<CaseAttachment>> {
        let rows = sqlx::query(
            "SELECT id, case_id, purpose, sha256, filename, content_type, size, uploaded_at \
             FROM case_attachments WHERE case_id = $1 ORDER BY id",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| -> Result<CaseAttachment, sqlx::Error> {
                Ok(CaseAttachment {
                    id: r.try_get("id")?,
                    case_id: r.try_get("case_id")?,
                    purpose: r.try_get("purpose")?,
                    sha256: r.try_get("sha256")?,
                    filename: r.try_get("filename")?,
                    content_type: r.try_get("content_type")?,
                    size: r.try_get("size")?,
                    uploaded_at: r.try_get("uploaded_at")?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(backend)
    }

    pub(crate) async fn add_appeal_impl(&self, a: &NewAppeal) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO appeals (case_id, summary, body, note, recorded_by, recorded_at) \
             VALUES ($1, $2::jsonb, $3, $4, $5, $6) RETURNING id",
        )
        .bind(a.case_id)
        .bind(json!(&a.summary)?)
        .bind(&a.body)
        .bind(&a.note)
        .bind(a.recorded_by)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(write_err("复议诉讼记录"))
    }

    pub(crate) async fn set_appeal_result_impl(
        &self,
        id: i64,
        result: AppealResult,
        decided_on: Option<NaiveDate>,
        note: &str,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let row = sqlx::query(
            "SELECT id, case_id, summary::text AS summary, body, note, recorded_by, recorded_at \
             FROM appeals WHERE id = $1 FOR UPDATE",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("复议诉讼记录{id}")))?;
        let mut appeal = appeal_row(&row)?;
        appeal.summary.result = result;
        appeal.summary.decided_on = decided_on;
        let note = if note.is_empty() {
            appeal.note
        } else {
            format!("{}\n{note}", appeal.note).trim().to_string()
        };
        sqlx::query("UPDATE appeals SET summary = $1::jsonb, note = $2 WHERE id = $3")
            .bind(json!(&appeal.summary)?)
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    /// Appeals matching `clause` (on `a` = appeals, `c` = their cases, with one
    /// `$1` placeholder), by id.
    pub(crate) async fn appeals_where(&self, clause: &str, id: i64) -> StoreResult<Vec<Appeal>> {
        let sql = format!(
            "SELECT a.id, a.case_id, a.summary::text AS summary, a.body, a.note, \
             a.recorded_by, a.recorded_at \
             FROM appeals a JOIN cases c ON c.id = a.case_id WHERE {clause} ORDER BY a.id"
        );
        let rows = sqlx::query(&sql)
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(appeal_row).collect()
    }

    pub(crate) async fn document_template_impl(
        &self,
        agency: AgencyId,
        key: &str,
    ) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT body FROM document_templates WHERE agency_id = $1 AND key = $2")
            .bind(agency)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    pub(crate) async fn put_document_template_impl(
        &self,
        agency: AgencyId,
        key: &str,
        body: &str,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO document_templates (agency_id, key, body, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (agency_id, key) DO UPDATE SET body = EXCLUDED.body, \
             updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at",
        )
        .bind(agency)
        .bind(key)
        .bind(body)
        .bind(by)
        .bind(Utc::now())
        .execute(&mut *tx)
        .await
        .map_err(write_err("文书模板"))?;
        let entry = audit::decision(Utc::now(), by, Some(agency), "template.save", key.into());
        append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn enqueue_mail_impl(&self, m: &NewMail) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO mail_outbox (case_id, to_address, subject, body, document_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(m.case_id)
        .bind(&m.to_address)
        .bind(&m.subject)
        .bind(&m.body)
        .bind(m.document_id)
        .bind(Utc::now())
        .fetch_one(&self.pool)
        .await
        .map_err(write_err("邮件"))
    }

    pub(crate) async fn pending_mail_impl(
        &self,
        max_attempts: i32,
        limit: i64,
    ) -> StoreResult<Vec<OutgoingMail>> {
        // SQLite reads a negative LIMIT as "no limit"; PostgreSQL refuses it but
        // reads LIMIT NULL that way.
        let limit = (limit >= 0).then_some(limit);
        let rows = sqlx::query(
            "SELECT id, case_id, to_address, subject, body, document_id, attempts, last_error, \
             created_at, sent_at \
             FROM mail_outbox WHERE sent_at IS NULL AND attempts < $1 ORDER BY id LIMIT $2",
        )
        .bind(max_attempts)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(mail_row).collect()
    }

    /// Count an attempt: sent at `sent` (clearing the error), or failed with
    /// `error` (only while unsent).
    pub(crate) async fn mark_mail_impl(
        &self,
        id: i64,
        sent: Option<DateTime<Utc>>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let sql = if sent.is_some() {
            "UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = $2 \
             WHERE id = $3"
        } else {
            "UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = $2 \
             WHERE id = $3 AND sent_at IS NULL"
        };
        sqlx::query(sql)
            .bind(sent)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// The key a case query binds.
pub(crate) enum CaseKey<'a> {
    Id(CaseId),
    Number(&'a str),
    Agency(AgencyId),
    Applicant(AgencyId, &'a str),
}

async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    case: CaseId,
    e: &CaseEventRecord,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_events (case_id, seq, at, actor, action, note) \
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)",
    )
    .bind(case)
    .bind(seq_column(e.seq)?)
    .bind(e.at)
    .bind(gongkai_store::event_schema::encode_actor(&e.actor)?)
    .bind(gongkai_store::event_schema::encode_case_action(&e.action)?)
    .bind(&e.note)
    .execute(&mut **tx)
    .await
    .map_err(write_err(EVENT_CONFLICT))?;
    Ok(())
}

/// Insert an event's documents, then its mail (each `attach_document` an
/// index into these documents; one out of range attaches nothing).
async fn insert_documents(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    case: CaseId,
    seq: u32,
    at: DateTime<Utc>,
    documents: &[Document],
    mail: &[MailForEvent],
) -> StoreResult<Vec<i64>> {
    let seq = seq_column(seq)?;
    let mut ids = Vec::with_capacity(documents.len());
    for doc in documents {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_documents (case_id, event_seq, issued_at, document) \
             VALUES ($1, $2, $3, $4::jsonb) RETURNING id",
        )
        .bind(case)
        .bind(seq)
        .bind(at)
        .bind(json!(doc)?)
        .fetch_one(&mut **tx)
        .await
        .map_err(backend)?;
        ids.push(id);
    }
    for m in mail {
        let doc = m.attach_document.and_then(|i| ids.get(i).copied());
        sqlx::query(
            "INSERT INTO mail_outbox (case_id, to_address, subject, body, document_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case)
        .bind(&m.to_address)
        .bind(&m.subject)
        .bind(&m.body)
        .bind(doc)
        .bind(at)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    }
    Ok(ids)
}

/// The cases part of the story in `lib.rs`'s tests, run against the same
/// fresh database after the agencies and staff exist.
/// The agency and number of a case, for its audit records.
async fn case_ref(tx: &mut sqlx::PgConnection, case: CaseId) -> StoreResult<(AgencyId, String)> {
    let row = sqlx::query("SELECT agency_id, number FROM cases WHERE id = $1")
        .bind(case)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or_else(|| StoreError::NotFound(format!("案件{case}")))?;
    Ok((
        row.try_get("agency_id").map_err(backend)?,
        row.try_get("number").map_err(backend)?,
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::Poll;

    use gongkai_domain::application::ApplicationForm;
    use gongkai_domain::case::register::{AppealKind, AppealSummary};
    use gongkai_domain::case::{Actor, CaseAction};
    use gongkai_domain::document::{Block, DocumentKind};
    use gongkai_domain::vocabulary::Outcome;

    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_900_000_000 + secs, 0).expect("in range")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn application(name: &str) -> gongkai_domain::application::Application {
        ApplicationForm {
            applicant_kind: "natural_person".into(),
            name: name.into(),
            id_document: "resident_id_card".into(),
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            email: "zhangsan@example.cn".into(),
            address: "北京市西城区府右街2号".into(),
            postcode: "100017".into(),
            description: "2029年本区道路养护工程的招标文件和中标结果".into(),
            delivery_form: "electronic".into(),
            delivery_method: "email".into(),
            ..Default::default()
        }
        .validate()
        .expect("valid application")
    }

    fn event(seq: u32, secs: i64, actor: Actor, action: CaseAction) -> CaseEventRecord {
        CaseEventRecord {
            seq,
            at: at(secs),
            actor,
            action,
            note: format!("第{seq}条"),
        }
    }

    fn new_case(
        agency: AgencyId,
        applicant_key: &str,
        submitted_at: DateTime<Utc>,
        idempotency_key: Option<&str>,
    ) -> NewCase {
        NewCase {
            agency_id: agency,
            query_code_hash: "hash-of-query-code".into(),
            channel: Channel::Online,
            application: application("张三"),
            applicant_key: applicant_key.into(),
            submitted_at,
            idempotency_key: idempotency_key.map(Into::into),
            first_event: CaseEventRecord {
                seq: 1,
                at: submitted_at,
                actor: Actor::Applicant,
                action: CaseAction::SubmittedOnline {
                    date: submitted_at.date_naive(),
                },
                note: String::new(),
            },
        }
    }

    fn document(kind: DocumentKind, title: &str) -> Document {
        Document {
            kind,
            title: title.into(),
            number: "杜交公开〔2030〕第1号".into(),
            recipient: "张三：".into(),
            body: vec![
                Block::Heading("一、".into()),
                Block::Paragraph(format!("{title}正文")),
            ],
            issuer: "淮北市杜集区交通运输局".into(),
            date: date(2030, 3, 18),
        }
    }

    fn mail(to: &str, attach_document: Option<usize>) -> MailForEvent {
        MailForEvent {
            to_address: to.into(),
            subject: format!("致{to}"),
            body: "正文".into(),
            attach_document,
        }
    }

    /// Both futures, polled together on this task (no runtime crate needed).
    async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
        let (mut a, mut b) = (pin!(a), pin!(b));
        let (mut ra, mut rb) = (None, None);
        std::future::poll_fn(|cx| {
            if ra.is_none()
                && let Poll::Ready(v) = a.as_mut().poll(cx)
            {
                ra = Some(v);
            }
            if rb.is_none()
                && let Poll::Ready(v) = b.as_mut().poll(cx)
            {
                rb = Some(v);
            }
            if ra.is_some() && rb.is_some() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
        (ra.expect("ready"), rb.expect("ready"))
    }

    fn is_event_conflict<T>(r: &StoreResult<T>) -> bool {
        matches!(r, Err(StoreError::Conflict(w)) if w == EVENT_CONFLICT)
    }

    pub(crate) async fn exercise_cases(
        store: &PostgresStore,
        root: AgencyId,
        child: AgencyId,
        admin: StaffId,
    ) {
        let year = at(0).year();
        let clerk = || Actor::Staff {
            id: admin,
            name: "张三".into(),
        };

        // ---- creation, numbers, idempotency ----
        let first = new_case(root, "applicant-a", at(0), Some("form-1"));
        let created = store.create_case(&first).await.unwrap();
        let one = format!("GK{year}-000001");
        assert!(matches!(&created, CaseCreated::New { number, .. } if *number == one));
        let case1 = created.id();
        assert_eq!(
            store.create_case(&first).await.unwrap(),
            CaseCreated::AlreadyExists {
                id: case1,
                number: one.clone()
            }
        );
        let second = new_case(root, "applicant-b", at(10), None);
        let created = store.create_case(&second).await.unwrap();
        let two = format!("GK{year}-000002");
        assert!(matches!(&created, CaseCreated::New { number, .. } if *number == two));
        let case2 = created.id();
        assert!(case2 > case1);
        // Another year starts its own serials.
        let next_year = new_case(child, "applicant-a", at(366 * 86_400), None);
        let created = store.create_case(&next_year).await.unwrap();
        assert_eq!(created.number(), format!("GK{}-000001", year + 1));
        let case3 = created.id();
        // Two submissions of one form at once make one case.
        let racing = new_case(root, "applicant-c", at(20), Some("form-2"));
        let (a, b) = both(store.create_case(&racing), store.create_case(&racing)).await;
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!((a.id(), a.number()), (b.id(), b.number()));
        assert_eq!(a.number(), format!("GK{year}-000003"));
        assert!(
            matches!(
                (&a, &b),
                (CaseCreated::New { .. }, CaseCreated::AlreadyExists { .. })
                    | (CaseCreated::AlreadyExists { .. }, CaseCreated::New { .. })
            ),
            "{a:?} {b:?}"
        );
        let case4 = a.id();
        // Two different forms at once get two consecutive numbers.
        let (a, b) = both(
            store.create_case(&new_case(root, "applicant-d", at(30), None)),
            store.create_case(&new_case(root, "applicant-e", at(31), None)),
        )
        .await;
        let mut numbers = [
            a.unwrap().number().to_string(),
            b.unwrap().number().to_string(),
        ];
        numbers.sort();
        assert_eq!(
            numbers,
            [format!("GK{year}-000004"), format!("GK{year}-000005")]
        );
        assert!(matches!(
            store.create_case(&new_case(9_999, "x", at(40), None)).await,
            Err(StoreError::NotFound(w)) if w == "申请所引用的记录"
        ));

        // ---- reading cases ----
        let got = store.case(case1).await.unwrap().expect("created");
        assert_eq!(
            (got.id, got.agency_id, got.number.as_str(), got.channel),
            (case1, root, one.as_str(), Channel::Online)
        );
        assert_eq!(got.application, first.application);
        assert_eq!(got.query_code_hash, "hash-of-query-code");
        assert_eq!(got.applicant_key, "applicant-a");
        assert_eq!(got.applicant_type, ApplicantType::NaturalPerson);
        assert_eq!(got.submitted_at, at(0));
        assert!(store.case(9_999).await.unwrap().is_none());
        assert_eq!(
            store.case_by_number(&two).await.unwrap().map(|c| c.id),
            Some(case2)
        );
        assert!(
            store
                .case_by_number("GK1999-000001")
                .await
                .unwrap()
                .is_none()
        );
        let ids = |cases: Vec<Case>| cases.iter().map(|c| c.id).collect::<Vec<_>>();
        let of_root = ids(store.cases_of_agency(root).await.unwrap());
        assert_eq!(of_root.len(), 5);
        assert_eq!(&of_root[..3], &[case1, case2, case4]);
        assert_eq!(
            ids(store.cases_of_agency(child).await.unwrap()),
            vec![case3]
        );
        assert_eq!(
            ids(store.cases_of_applicant(root, "applicant-a").await.unwrap()),
            vec![case1]
        );
        assert_eq!(
            ids(store
                .cases_of_applicant(child, "applicant-a")
                .await
                .unwrap()),
            vec![case3]
        );
        assert!(
            store
                .cases_of_applicant(root, "nobody")
                .await
                .unwrap()
                .is_empty()
        );

        // ---- events ----
        assert_eq!(
            store.case_events(case1).await.unwrap(),
            vec![first.first_event.clone()]
        );
        assert!(store.case_events(9_999).await.unwrap().is_empty());
        let correction = event(
            2,
            100,
            clerk(),
            CaseAction::CorrectionRequested {
                date: date(2030, 3, 18),
                items: vec!["请说明所需信息的年份".into()],
                applicant_deadline: date(2030, 4, 1),
            },
        );
        for wrong in [1, 3] {
            let e = CaseEventRecord {
                seq: wrong,
                ..correction.clone()
            };
            assert!(is_event_conflict(
                &store.append_case_event(case1, &e, &[], &[]).await
            ));
        }
        let docs = [
            document(DocumentKind::CorrectionNotice, "补正申请告知书"),
            document(DocumentKind::Receipt, "政府信息公开申请登记回执"),
        ];
        let mails = [
            mail("zhangsan@example.cn", Some(1)),
            mail("archive@example.gov.cn", None),
            mail("nobody@example.cn", Some(7)),
        ];
        let doc_ids = store
            .append_case_event(case1, &correction, &docs, &mails)
            .await
            .unwrap();
        assert_eq!(doc_ids.len(), 2);
        assert!(doc_ids[1] > doc_ids[0]);
        assert_eq!(
            store.case_events(case1).await.unwrap(),
            vec![first.first_event.clone(), correction.clone()]
        );
        // A second append of seq 2 is refused and leaves nothing behind.
        assert!(is_event_conflict(
            &store
                .append_case_event(case1, &correction, &docs, &mails)
                .await
        ));
        let issued = store.case_documents(case1).await.unwrap();
        assert_eq!(issued.len(), 2);
        for (got, (id, doc)) in issued.iter().zip(doc_ids.iter().zip(&docs)) {
            assert_eq!(
                (got.id, got.case_id, got.event_seq, got.issued_at),
                (*id, case1, 2, at(100))
            );
            assert_eq!(&got.document, doc);
        }
        let pending = store.pending_mail(5, -1).await.unwrap();
        let summary: Vec<_> = pending
            .iter()
            .map(|m| (m.case_id, m.to_address.as_str(), m.document_id))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Some(case1), "zhangsan@example.cn", Some(doc_ids[1])),
                (Some(case1), "archive@example.gov.cn", None),
                (Some(case1), "nobody@example.cn", None),
            ]
        );
        assert!(pending.iter().all(|m| m.created_at == at(100)
            && m.attempts == 0
            && m.last_error.is_none()
            && m.sent_at.is_none()
            && m.subject == format!("致{}", m.to_address)
            && m.body == "正文"));

        // Two clerks record the next event at once: one wins.
        let decided = event(
            3,
            200,
            clerk(),
            CaseAction::OutcomeDecided {
                date: date(2030, 3, 20),
                outcome: Outcome::Disclosed,
                reasoning: "予以公开".into(),
                referred_to: None,
            },
        );
        let other = CaseEventRecord {
            note: "另一人".into(),
            ..decided.clone()
        };
        let (a, b) = both(
            store.append_case_event(case1, &decided, &[], &[]),
            store.append_case_event(case1, &other, &[], &[]),
        )
        .await;
        assert!(
            (a.is_ok() && is_event_conflict(&b)) || (b.is_ok() && is_event_conflict(&a)),
            "{a:?} {b:?}"
        );
        assert_eq!(store.case_events(case1).await.unwrap().len(), 3);
        assert!(matches!(
            store
                .append_case_event(9_999, &first.first_event, &[], &[])
                .await,
            Err(StoreError::NotFound(_))
        ));

        // ---- documents for an event already recorded ----
        let receipt = [document(DocumentKind::Receipt, "登记回执")];
        let ids1 = store
            .issue_documents(case1, 1, &receipt, &[mail("zhangsan@example.cn", Some(0))])
            .await
            .unwrap();
        assert_eq!(ids1.len(), 1);
        let got = store
            .issued_document(ids1[0])
            .await
            .unwrap()
            .expect("issued");
        assert_eq!(
            (got.case_id, got.event_seq, got.issued_at),
            (case1, 1, at(0))
        );
        assert_eq!(got.document, receipt[0]);
        assert!(store.issued_document(9_999).await.unwrap().is_none());
        assert_eq!(store.case_documents(case1).await.unwrap().len(), 3);
        assert!(store.case_documents(case2).await.unwrap().is_empty());
        let newest = store
            .pending_mail(5, -1)
            .await
            .unwrap()
            .pop()
            .expect("mail");
        assert_eq!(
            (newest.document_id, newest.created_at),
            (Some(ids1[0]), at(0))
        );
        assert!(matches!(
            store.issue_documents(case1, 99, &receipt, &[]).await,
            Err(StoreError::NotFound(w)) if w == format!("案件{case1}的第99条记录")
        ));
        assert!(
            store
                .issue_documents(case2, 1, &[], &[])
                .await
                .unwrap()
                .is_empty()
        );

        // ---- events and issued documents are immutable ----
        for sql in [
            "UPDATE case_events SET note = 'changed'",
            "DELETE FROM case_events",
            "UPDATE case_documents SET event_seq = 9",
            "DELETE FROM case_documents",
        ] {
            let err = sqlx::query(sql).execute(store.pool()).await.expect_err(sql);
            assert!(err.to_string().contains("immutable"), "{sql}: {err}");
        }
        assert_eq!(store.case_events(case1).await.unwrap()[1], correction);

        // ---- attachments ----
        let attachment = |case_id, purpose: &str| NewAttachment {
            case_id,
            purpose: purpose.into(),
            sha256: "ab".repeat(32),
            filename: "身份证.jpg".into(),
            content_type: "image/jpeg".into(),
            size: 5_000_000_000,
        };
        let before = Utc::now() - chrono::Duration::seconds(60);
        let a1 = store
            .add_case_attachment(&attachment(case1, "身份证明"))
            .await
            .unwrap();
        let a2 = store
            .add_case_attachment(&attachment(case1, "委托书"))
            .await
            .unwrap();
        assert!(matches!(
            store.add_case_attachment(&attachment(9_999, "x")).await,
            Err(StoreError::NotFound(w)) if w == "附件所引用的记录"
        ));
        let got = store.case_attachments(case1).await.unwrap();
        let summary: Vec<_> = got.iter().map(|a| (a.id, a.purpose.as_str())).collect();
        assert_eq!(summary, vec![(a1, "身份证明"), (a2, "委托书")]);
        let a = &got[0];
        assert_eq!(
            (
                a.case_id,
                a.sha256.as_str(),
                a.filename.as_str(),
                a.content_type.as_str(),
                a.size
            ),
            (
                case1,
                "ab".repeat(32).as_str(),
                "身份证.jpg",
                "image/jpeg",
                5_000_000_000
            )
        );
        assert!(a.uploaded_at > before);
        assert!(store.case_attachments(case2).await.unwrap().is_empty());

        // ---- appeals ----
        let filed = AppealSummary {
            kind: AppealKind::Reconsideration,
            result: AppealResult::Pending,
            filed_on: date(2030, 5, 1),
            decided_on: None,
        };
        let appeal = store
            .add_appeal(&NewAppeal {
                case_id: case1,
                summary: filed.clone(),
                body: "淮北市人民政府".into(),
                note: "申请人不服答复".into(),
                recorded_by: Some(admin),
            })
            .await
            .unwrap();
        let other_appeal = store
            .add_appeal(&NewAppeal {
                case_id: case3,
                summary: filed.clone(),
                body: "淮北市中级人民法院".into(),
                note: String::new(),
                recorded_by: None,
            })
            .await
            .unwrap();
        assert!(matches!(
            store
                .add_appeal(&NewAppeal {
                    case_id: 9_999,
                    summary: filed.clone(),
                    body: String::new(),
                    note: String::new(),
                    recorded_by: None,
                })
                .await,
            Err(StoreError::NotFound(w)) if w == "复议诉讼记录所引用的记录"
        ));
        let got = store.appeals_of_case(case1).await.unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(
            (
                got[0].id,
                got[0].case_id,
                &got[0].summary,
                got[0].body.as_str(),
                got[0].note.as_str(),
                got[0].recorded_by
            ),
            (
                appeal,
                case1,
                &filed,
                "淮北市人民政府",
                "申请人不服答复",
                Some(admin)
            )
        );
        assert!(got[0].recorded_at > before);
        store
            .set_appeal_result(
                appeal,
                AppealResult::Upheld,
                Some(date(2030, 7, 1)),
                "维持原答复",
            )
            .await
            .unwrap();
        store
            .set_appeal_result(other_appeal, AppealResult::Corrected, None, "")
            .await
            .unwrap();
        let got = store.appeals_of_agency(root).await.unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].summary.result, got[0].summary.decided_on),
            (AppealResult::Upheld, Some(date(2030, 7, 1)))
        );
        assert_eq!(
            (got[0].summary.kind, got[0].summary.filed_on),
            (filed.kind, filed.filed_on)
        );
        assert_eq!(got[0].note, "申请人不服答复\n维持原答复");
        let got = store.appeals_of_agency(child).await.unwrap();
        assert_eq!(
            got.iter()
                .map(|a| (a.id, a.summary.result, a.note.as_str()))
                .collect::<Vec<_>>(),
            vec![(other_appeal, AppealResult::Corrected, "")]
        );
        store
            .set_appeal_result(other_appeal, AppealResult::Other, None, "和解")
            .await
            .unwrap();
        assert_eq!(store.appeals_of_case(case3).await.unwrap()[0].note, "和解");
        assert!(store.appeals_of_case(case2).await.unwrap().is_empty());
        assert!(matches!(
            store
                .set_appeal_result(9_999, AppealResult::Upheld, None, "")
                .await,
            Err(StoreError::NotFound(w)) if w == "复议诉讼记录9999"
        ));

        // ---- templates ----
        assert!(
            store
                .document_template(root, "receipt")
                .await
                .unwrap()
                .is_none()
        );
        store
            .put_document_template(root, "receipt", "第一版", Some(admin))
            .await
            .unwrap();
        store
            .put_document_template(root, "receipt", "第二版", None)
            .await
            .unwrap();
        store
            .put_document_template(child, "receipt", "下级", None)
            .await
            .unwrap();
        assert_eq!(
            store
                .document_template(root, "receipt")
                .await
                .unwrap()
                .as_deref(),
            Some("第二版")
        );
        assert_eq!(
            store
                .document_template(child, "receipt")
                .await
                .unwrap()
                .as_deref(),
            Some("下级")
        );
        assert!(
            store
                .document_template(root, "fee_notice")
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            store.put_document_template(9_999, "receipt", "x", None).await,
            Err(StoreError::NotFound(w)) if w == "文书模板所引用的记录"
        ));

        // ---- the outbox ----
        let queued = store.pending_mail(5, -1).await.unwrap();
        assert_eq!(queued.len(), 4);
        let loose = store
            .enqueue_mail(&NewMail {
                case_id: None,
                to_address: "admin@example.gov.cn".into(),
                subject: "测试".into(),
                body: "测试邮件".into(),
                document_id: None,
            })
            .await
            .unwrap();
        let with_doc = store
            .enqueue_mail(&NewMail {
                case_id: Some(case1),
                to_address: "zhangsan@example.cn".into(),
                subject: "答复书".into(),
                body: "见附件".into(),
                document_id: Some(doc_ids[0]),
            })
            .await
            .unwrap();
        assert!(matches!(
            store
                .enqueue_mail(&NewMail {
                    case_id: Some(9_999),
                    to_address: "x@example.cn".into(),
                    subject: String::new(),
                    body: String::new(),
                    document_id: None,
                })
                .await,
            Err(StoreError::NotFound(w)) if w == "邮件所引用的记录"
        ));
        let all = store.pending_mail(5, -1).await.unwrap();
        let ids: Vec<_> = all.iter().map(|m| m.id).collect();
        assert_eq!(ids.len(), 6);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first");
        assert_eq!(&ids[4..], &[loose, with_doc]);
        assert_eq!(all[4].case_id, None);
        assert_eq!(all[5].document_id, Some(doc_ids[0]));
        assert!(all[4].created_at > before);
        assert_eq!(
            store
                .pending_mail(5, 2)
                .await
                .unwrap()
                .iter()
                .map(|m| m.id)
                .collect::<Vec<_>>(),
            ids[..2].to_vec()
        );
        assert!(store.pending_mail(5, 0).await.unwrap().is_empty());

        let failing = ids[0];
        store.mark_mail_failed(failing, "连接超时").await.unwrap();
        let m = store.pending_mail(5, 1).await.unwrap().remove(0);
        assert_eq!(
            (m.id, m.attempts, m.last_error.as_deref(), m.sent_at),
            (failing, 1, Some("连接超时"), None)
        );
        store.mark_mail_failed(failing, "拒绝连接").await.unwrap();
        let m = store.pending_mail(5, 1).await.unwrap().remove(0);
        assert_eq!((m.attempts, m.last_error.as_deref()), (2, Some("拒绝连接")));
        assert_eq!(
            store.pending_mail(2, 1).await.unwrap()[0].id,
            ids[1],
            "given up after max_attempts"
        );
        store.mark_mail_sent(failing, at(500)).await.unwrap();
        store.mark_mail_sent(loose, at(501)).await.unwrap();
        // Failing after sending changes nothing.
        store.mark_mail_failed(loose, "迟到的错误").await.unwrap();
        let left: Vec<_> = store
            .pending_mail(5, -1)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(left, vec![ids[1], ids[2], ids[3], with_doc]);
        let sent = sqlx::query(
            "SELECT id, attempts, last_error, sent_at FROM mail_outbox \
             WHERE sent_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        let sent: Vec<_> = sent
            .iter()
            .map(|r| {
                (
                    r.get::<i64, _>("id"),
                    r.get::<i32, _>("attempts"),
                    r.get::<Option<String>, _>("last_error"),
                    r.get::<Option<DateTime<Utc>>, _>("sent_at"),
                )
            })
            .collect();
        assert_eq!(
            sent,
            vec![
                (failing, 3, None, Some(at(500))),
                (loose, 1, None, Some(at(501)))
            ]
        );
        // Marking an unknown id is not an error (as in SQLite).
        store.mark_mail_sent(9_999, at(502)).await.unwrap();
        store.mark_mail_failed(9_999, "x").await.unwrap();
    }
}
