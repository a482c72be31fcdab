//! Cases, events, documents, attachments, appeals, templates, mail: SQLite.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_domain::case::CaseEventRecord;
use gongkai_domain::case::register::AppealResult;
use gongkai_domain::document::Document;
use gongkai_domain::vocabulary::{ApplicantType, Channel};
use gongkai_store::*;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::audit::append_chained;
use crate::{SqliteStore, backend, write_err};
use gongkai_store::audit;

const CASE_COLUMNS: &str = "id, agency_id, number, query_code_hash, channel, application, \
    applicant_key, applicant_type, submitted_at";

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}：{e}")))
}

fn case_row(r: &SqliteRow) -> StoreResult<Case> {
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
        application: parse_json(&application, "申请内容")?,
        applicant_key: r.try_get("applicant_key").map_err(get)?,
        applicant_type: ApplicantType::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("申请人类型“{kind}”")))?,
        submitted_at: r.try_get("submitted_at").map_err(get)?,
    })
}

fn event_row(r: &SqliteRow) -> StoreResult<CaseEventRecord> {
    let get = |e: sqlx::Error| backend(e);
    let seq: i64 = r.try_get("seq").map_err(get)?;
    let actor: String = r.try_get("actor").map_err(get)?;
    let action: String = r.try_get("action").map_err(get)?;
    Ok(CaseEventRecord {
        seq: u32::try_from(seq).map_err(|_| StoreError::Corrupt("事件序号".into()))?,
        at: r.try_get("at").map_err(get)?,
        actor: gongkai_store::event_schema::decode_actor(&actor)?,
        action: gongkai_store::event_schema::decode_case_action(&action)?,
        note: r.try_get("note").map_err(get)?,
    })
}

fn document_row(r: &SqliteRow) -> StoreResult<IssuedDocument> {
    let get = |e: sqlx::Error| backend(e);
    let seq: i64 = r.try_get("event_seq").map_err(get)?;
    let doc: String = r.try_get("document").map_err(get)?;
    Ok(IssuedDocument {
        id: r.try_get("id").map_err(get)?,
        case_id: r.try_get("case_id").map_err(get)?,
        event_seq: u32::try_from(seq).unwrap_or_default(),
        issued_at: r.try_get("issued_at").map_err(get)?,
        document: parse_json(&doc, "文书")?,
    })
}

fn appeal_row(r: &SqliteRow) -> StoreResult<Appeal> {
    let get = |e: sqlx::Error| backend(e);
    let summary: String = r.try_get("summary").map_err(get)?;
    Ok(Appeal {
        id: r.try_get("id").map_err(get)?,
        case_id: r.try_get("case_id").map_err(get)?,
        summary: parse_json(&summary, "复议诉讼")?,
        body: r.try_get("body").map_err(get)?,
        note: r.try_get("note").map_err(get)?,
        recorded_by: r.try_get("recorded_by").map_err(get)?,
        recorded_at: r.try_get("recorded_at").map_err(get)?,
    })
}

fn mail_row(r: &SqliteRow) -> StoreResult<OutgoingMail> {
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

impl SqliteStore {
    pub(crate) async fn create_case_impl(&self, c: &NewCase) -> StoreResult<CaseCreated> {
        let mut tx = self.write_tx().await?;
        let fingerprint = c.idempotency_fingerprint();
        if let Some(key) = &c.idempotency_key {
            let existing = sqlx::query(
                "SELECT id, number, idempotency_hash FROM cases WHERE idempotency_key = ?",
            )
            .bind(key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
            if let Some(r) = existing {
                let hash: Option<String> = r.try_get("idempotency_hash").map_err(backend)?;
                if hash.is_some_and(|h| h != fingerprint) {
                    return Err(StoreError::IdempotencyMismatch);
                }
                return Ok(CaseCreated::AlreadyExists {
                    id: r.try_get("id").map_err(backend)?,
                    number: r.try_get("number").map_err(backend)?,
                });
            }
        }
        let year = c.submitted_at.year();
        let serial: i64 = sqlx::query_scalar(
            "INSERT INTO case_number_counters (year, last) VALUES (?, 1) \
             ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let number = format!("GK{year}-{serial:06}");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (agency_id, number, query_code_hash, channel, application, \
             applicant_key, applicant_type, submitted_at, idempotency_key, idempotency_hash) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(c.agency_id)
        .bind(&number)
        .bind(&c.query_code_hash)
        .bind(c.channel.code())
        .bind(json(&c.application)?)
        .bind(&c.applicant_key)
        .bind(c.application.applicant.kind.code())
        .bind(c.submitted_at)
        .bind(&c.idempotency_key)
        .bind(c.idempotency_key.as_ref().map(|_| &fingerprint))
        .fetch_one(&mut *tx)
        .await
        .map_err(write_err("申请"))?;
        insert_event(&mut tx, id, &c.first_event).await?;
        let entry = audit::case_event(c.agency_id, &number, &c.first_event);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await.map_err(backend)?;
        Ok(CaseCreated::New { id, number })
    }

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
            "SELECT seq, at, actor, action, note FROM case_events WHERE case_id = ? ORDER BY seq",
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
        let mut tx = self.write_tx().await?;
        let (agency, number) = case_ref(&mut tx, case).await?;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM case_events WHERE case_id = ?")
                .bind(case)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        if i64::from(event.seq) != last.unwrap_or(0) + 1 {
            return Err(StoreError::Conflict(
                "该案件的新记录（其他人刚刚更新了此案件，请刷新后重试）".into(),
            ));
        }
        insert_event(&mut tx, case, event).await?;
        let ids = insert_documents(&mut tx, case, event.seq, event.at, documents, mail).await?;
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
        let mut tx = self.write_tx().await?;
        let at: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT at FROM case_events WHERE case_id = ? AND seq = ?")
                .bind(case)
                .bind(i64::from(event_seq))
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
        let rows = sqlx::query("SELECT id, case_id, event_seq, issued_at, document FROM case_documents WHERE case_id = ? ORDER BY id")
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
        let row = sqlx::query(
            "SELECT id, case_id, event_seq, issued_at, document FROM case_documents WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(document_row).transpose()
    }

    pub(crate) async fn add_case_attachment_impl(&self, a: &NewAttachment) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO case_attachments (case_id, purpose, sha256, filename, content_type, size, uploaded_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
             FROM case_attachments WHERE case_id = ? ORDER BY id",
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
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(a.case_id)
        .bind(json(&a.summary)?)
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
        let mut tx = self.write_tx().await?;
        let row = sqlx::query("SELECT id, case_id, summary, body, note, recorded_by, recorded_at FROM appeals WHERE id = ?")
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
        sqlx::query("UPDATE appeals SET summary = ?, note = ? WHERE id = ?")
            .bind(json(&appeal.summary)?)
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    pub(crate) async fn appeals_where(&self, clause: &str, id: i64) -> StoreResult<Vec<Appeal>> {
        let sql = format!(
            "SELECT a.id, a.case_id, a.summary, a.body, a.note, a.recorded_by, a.recorded_at \
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
        sqlx::query_scalar("SELECT body FROM document_templates WHERE agency_id = ? AND key = ?")
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
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO document_templates (agency_id, key, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT(agency_id, key) DO UPDATE SET body = excluded.body, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
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
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
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
        let rows = sqlx::query(
            "SELECT id, case_id, to_address, subject, body, document_id, attempts, last_error, created_at, sent_at \
             FROM mail_outbox WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT ?",
        )
        .bind(max_attempts)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(mail_row).collect()
    }

    pub(crate) async fn mark_mail_impl(
        &self,
        id: i64,
        sent: Option<DateTime<Utc>>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let sql = if sent.is_some() {
            "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?"
        } else {
            "UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL"
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
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    case: CaseId,
    e: &CaseEventRecord,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_events (case_id, seq, at, actor, action, note) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(case)
    .bind(i64::from(e.seq))
    .bind(e.at)
    .bind(gongkai_store::event_schema::encode_actor(&e.actor)?)
    .bind(gongkai_store::event_schema::encode_case_action(&e.action)?)
    .bind(&e.note)
    .execute(&mut **tx)
    .await
    .map_err(write_err(
        "该案件的新记录（其他人刚刚更新了此案件，请刷新后重试）",
    ))?;
    Ok(())
}

async fn insert_documents(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    case: CaseId,
    seq: u32,
    at: DateTime<Utc>,
    documents: &[Document],
    mail: &[MailForEvent],
) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(documents.len());
    for doc in documents {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_documents (case_id, event_seq, issued_at, document) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(case)
        .bind(i64::from(seq))
        .bind(at)
        .bind(json(doc)?)
        .fetch_one(&mut **tx)
        .await
        .map_err(backend)?;
        ids.push(id);
    }
    for m in mail {
        let doc = m.attach_document.and_then(|i| ids.get(i).copied());
        sqlx::query(
            "INSERT INTO mail_outbox (case_id, to_address, subject, body, document_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
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

/// The agency and number of a case, for its audit records.
async fn case_ref(
    tx: &mut sqlx::SqliteConnection,
    case: CaseId,
) -> StoreResult<(AgencyId, String)> {
    let row = sqlx::query("SELECT agency_id, number FROM cases WHERE id = ?")
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
