//! A case's documents (文书), attachments (附件), appeals (复议诉讼), the
//! agencies' document templates, and the mail outbox (邮件发件箱).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::case::register::AppealResult;
use gongkai_domain::document::Document;

use super::audit::append_chained;
use super::{Db, Row, SqlBacked, Tx, json, parse_json, query, seq_column, write_err};
use crate::*;

const DOCUMENT_COLUMNS: &str = "id, case_id, event_seq, issued_at, document";

const APPEAL_COLUMNS: &str = "a.id, a.case_id, a.summary, a.body, a.note, a.recorded_by, \
    a.recorded_at";

const MAIL_COLUMNS: &str = "id, case_id, to_address, subject, body, document_id, \
    attachment_id, attempts, last_error, created_at, sent_at";

fn document_row(r: &Row) -> StoreResult<IssuedDocument> {
    let seq: i32 = r.get("event_seq")?;
    Ok(IssuedDocument {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        event_seq: u32::try_from(seq).unwrap_or_default(),
        issued_at: r.get("issued_at")?,
        document: parse_json(&r.json("document")?, "文书")?,
    })
}

fn appeal_row(r: &Row) -> StoreResult<Appeal> {
    Ok(Appeal {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        summary: parse_json(&r.json("summary")?, "复议诉讼")?,
        body: r.get("body")?,
        note: r.get("note")?,
        recorded_by: r.get("recorded_by")?,
        recorded_at: r.get("recorded_at")?,
    })
}

fn mail_row(r: &Row) -> StoreResult<OutgoingMail> {
    Ok(OutgoingMail {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        to_address: r.get("to_address")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        document_id: r.get("document_id")?,
        attachment_id: r.get("attachment_id")?,
        attempts: r.get("attempts")?,
        last_error: r.get("last_error")?,
        created_at: r.get("created_at")?,
        sent_at: r.get("sent_at")?,
    })
}

fn attachment_row(r: &Row) -> StoreResult<CaseAttachment> {
    Ok(CaseAttachment {
        id: r.get("id")?,
        case_id: r.get("case_id")?,
        purpose: r.get("purpose")?,
        sha256: r.get("sha256")?,
        filename: r.get("filename")?,
        content_type: r.get("content_type")?,
        size: r.get("size")?,
        uploaded_at: r.get("uploaded_at")?,
    })
}

/// Insert an event's documents, then its mail (each `attach_document` an
/// index into these documents; one out of range attaches nothing).
pub(super) async fn insert_documents(
    tx: &mut Tx,
    case: CaseId,
    seq: u32,
    at: DateTime<Utc>,
    documents: &[Document],
    mail: &[MailForEvent],
) -> StoreResult<Vec<i64>> {
    let seq = seq_column(seq)?;
    let mut ids = Vec::with_capacity(documents.len());
    for doc in documents {
        let id: i64 = query(
            "INSERT INTO case_documents (case_id, event_seq, issued_at, document) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(case)
        .bind(seq)
        .bind(at)
        .bind(json(doc)?)
        .scalar(&mut *tx)
        .await?;
        ids.push(id);
    }
    for m in mail {
        let doc = m.attach_document.and_then(|i| ids.get(i).copied());
        query(
            "INSERT INTO mail_outbox (case_id, to_address, subject, body, document_id, \
             attachment_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(case)
        .bind(&m.to_address)
        .bind(&m.subject)
        .bind(&m.body)
        .bind(doc)
        .bind(m.attach_file)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(ids)
}

/// Queue a mail inside a writer's transaction (with the record it tells of).
pub(super) async fn enqueue_in(tx: &mut Tx, m: &NewMail, at: DateTime<Utc>) -> StoreResult<()> {
    query(
        "INSERT INTO mail_outbox (case_id, to_address, subject, body, document_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(m.case_id)
    .bind(&m.to_address)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(m.document_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub(super) async fn case_documents(db: &Db, case: CaseId) -> StoreResult<Vec<IssuedDocument>> {
    query(format!(
        "SELECT {DOCUMENT_COLUMNS} FROM case_documents WHERE case_id = $1 ORDER BY id"
    ))
    .bind(case)
    .fetch_as(db, document_row)
    .await
}

pub(super) async fn issued_document(db: &Db, id: i64) -> StoreResult<Option<IssuedDocument>> {
    query(format!(
        "SELECT {DOCUMENT_COLUMNS} FROM case_documents WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(document_row)
    .transpose()
}

pub(super) async fn add_case_attachment(db: &Db, a: &NewAttachment) -> StoreResult<i64> {
    query(
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
    .scalar(db)
    .await
    .map_err(write_err(Conflict::Attachment))
}

pub(super) async fn case_attachments(db: &Db, case: CaseId) -> StoreResult<Vec<CaseAttachment>> {
    query(
        "SELECT id, case_id, purpose, sha256, filename, content_type, size, uploaded_at \
         FROM case_attachments WHERE case_id = $1 ORDER BY id",
    )
    .bind(case)
    .fetch_as(db, attachment_row)
    .await
}

pub(super) async fn add_appeal(db: &Db, a: &NewAppeal) -> StoreResult<i64> {
    let mut tx = db.write_tx().await?;
    let now = Utc::now();
    let id: i64 = query(
        "INSERT INTO appeals (case_id, summary, body, note, recorded_by, recorded_at, filed_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.case_id)
    .bind(json(&a.summary)?)
    .bind(&a.body)
    .bind(&a.note)
    .bind(a.recorded_by)
    .bind(now)
    .bind(a.summary.filed_on)
    .scalar(&mut tx)
    .await
    .map_err(write_err(Conflict::Appeal))?;
    // After the insert: an unknown case is refused there, by its reference.
    let (agency, number) = super::cases::case_ref(&mut tx, a.case_id, false).await?;
    let detail = format!("{number} 复议诉讼{id}");
    let entry = crate::audit::decision(now, a.recorded_by, Some(agency), "appeal.recorded", detail);
    append_chained(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn set_appeal_result(
    db: &Db,
    id: i64,
    result: AppealResult,
    decided_on: Option<NaiveDate>,
    note: &str,
) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    let lock = tx.dialect().for_update();
    let row = query(format!(
        "SELECT {APPEAL_COLUMNS} FROM appeals a WHERE a.id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("复议诉讼记录{id}")))?;
    let mut appeal = appeal_row(&row)?;
    appeal.summary.result = result;
    appeal.summary.decided_on = decided_on;
    let note = if note.is_empty() {
        appeal.note
    } else {
        format!("{}\n{note}", appeal.note).trim().to_string()
    };
    query("UPDATE appeals SET summary = $1, note = $2 WHERE id = $3")
        .bind(json(&appeal.summary)?)
        .bind(note)
        .bind(id)
        .execute(&mut tx)
        .await?;
    let (agency, number) = super::cases::case_ref(&mut tx, appeal.case_id, false).await?;
    let detail = format!("{number} 复议诉讼{id} {}", result.label_zh());
    let entry = crate::audit::decision(Utc::now(), None, Some(agency), "appeal.decided", detail);
    append_chained(&mut tx, &entry).await?;
    tx.commit().await
}

/// Appeals matching `clause` (on `a` = appeals, `c` = their cases, with one
/// `$1` placeholder), by id.
pub(super) async fn appeals_where(db: &Db, clause: &str, id: i64) -> StoreResult<Vec<Appeal>> {
    query(format!(
        "SELECT {APPEAL_COLUMNS} FROM appeals a JOIN cases c ON c.id = a.case_id \
         WHERE {clause} ORDER BY a.id"
    ))
    .bind(id)
    .fetch_as(db, appeal_row)
    .await
}

pub(super) async fn put_document_template(
    db: &Db,
    agency: AgencyId,
    key: &str,
    body: &str,
    by: Option<StaffId>,
) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    query(
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
    .execute(&mut tx)
    .await
    .map_err(write_err(Conflict::Template))?;
    let entry = audit::decision(Utc::now(), by, Some(agency), "template.save", key.into());
    append_chained(&mut tx, &entry).await?;
    tx.commit().await
}

/// Count an attempt: sent at `sent` (clearing the error), or failed with
/// `error` (only while unsent).
async fn mark_mail(
    db: &Db,
    id: i64,
    sent: Option<DateTime<Utc>>,
    error: Option<&str>,
) -> StoreResult<()> {
    let unsent = if sent.is_some() {
        ""
    } else {
        " AND sent_at IS NULL"
    };
    query(format!(
        "UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = $2, \
         claimed_until = NULL WHERE id = $3{unsent}"
    ))
    .bind(sent)
    .bind(error)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

#[async_trait]
impl<S: SqlBacked> MailStore for S {
    async fn enqueue_mail(&self, m: &NewMail) -> StoreResult<i64> {
        query(
            "INSERT INTO mail_outbox (case_id, to_address, subject, body, document_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(m.case_id)
        .bind(&m.to_address)
        .bind(&m.subject)
        .bind(&m.body)
        .bind(m.document_id)
        .bind(Utc::now())
        .scalar(self.db())
        .await
        .map_err(write_err(Conflict::Mail))
    }

    async fn pending_mail(&self, max_attempts: i32, limit: i64) -> StoreResult<Vec<OutgoingMail>> {
        query(format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE sent_at IS NULL AND attempts < $1 \
             ORDER BY id LIMIT $2"
        ))
        .bind(max_attempts)
        .bind(self.db().dialect().limit(limit))
        .fetch_as(self.db(), mail_row)
        .await
    }

    async fn claim_mail(
        &self,
        max_attempts: i32,
        limit: i64,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<OutgoingMail>> {
        let mut tx = self.db().write_tx().await?;
        let skip = tx.dialect().skip_locked();
        let mut claimed = query(format!(
            "UPDATE mail_outbox SET claimed_until = $1 WHERE id IN (SELECT id FROM mail_outbox \
             WHERE sent_at IS NULL AND attempts < $2 \
             AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4{skip}) \
             RETURNING {MAIL_COLUMNS}"
        ))
        .bind(until)
        .bind(max_attempts)
        .bind(now)
        .bind(limit.max(0))
        .fetch_as(&mut tx, mail_row)
        .await?;
        tx.commit().await?;
        claimed.sort_by_key(|m| m.id);
        Ok(claimed)
    }

    async fn mark_mail_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        mark_mail(self.db(), id, Some(at), None).await
    }

    async fn mark_mail_failed(&self, id: i64, error: &str) -> StoreResult<()> {
        mark_mail(self.db(), id, None, Some(error)).await
    }
}
