//! 依申请公开: cases and their append-only events.
//!
//! A case's events are appended under a lock of the case (PostgreSQL: its row
//! `FOR UPDATE`; SQLite: the write transaction), so a concurrent append of the
//! same `seq` fails with [`Conflict::CaseEventSeq`] instead of forking the
//! case. Every event appends its audit record in its own transaction.

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_domain::case::register::AppealResult;
use gongkai_domain::case::{CaseEventRecord, CaseSnapshot};
use gongkai_domain::document::Document;
use gongkai_domain::vocabulary::{ApplicantType, Channel};

use super::audit::append_chained;
use super::documents::{self, insert_documents};
use super::snapshots;
use super::write_err;
use super::{Arg, Db, Row, SqlBacked, Tx, json, parse_json, query, seq_column, seq_value};
use crate::event_schema::{decode_actor, decode_case_action, encode_actor, encode_case_action};
use crate::*;

const CASE_COLUMNS: &str = "id, agency_id, number, query_code_hash, channel, application, \
    applicant_key, applicant_type, submitted_at";

/// [`CASE_COLUMNS`] of `cases c` in a join.
pub(super) const CASE_COLUMNS_OF_C: &str = "c.id, c.agency_id, c.number, c.query_code_hash, \
    c.channel, c.application, c.applicant_key, c.applicant_type, c.submitted_at";

pub(super) fn case_row(r: &Row) -> StoreResult<Case> {
    let channel: String = r.get("channel")?;
    let kind: String = r.get("applicant_type")?;
    Ok(Case {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        number: r.get("number")?,
        query_code_hash: r.get("query_code_hash")?,
        channel: Channel::from_code(&channel)
            .ok_or_else(|| StoreError::Corrupt(format!("案件渠道“{channel}”")))?,
        application: parse_json(&r.json("application")?, "申请内容")?,
        applicant_key: r.get("applicant_key")?,
        applicant_type: ApplicantType::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("申请人类型“{kind}”")))?,
        submitted_at: r.get("submitted_at")?,
    })
}

pub(super) fn event_row(r: &Row) -> StoreResult<CaseEventRecord> {
    Ok(CaseEventRecord {
        seq: seq_value(r.get("seq")?)?,
        at: r.get("at")?,
        actor: decode_actor(&r.json("actor")?)?,
        action: decode_case_action(&r.json("action")?)?,
        note: r.get("note")?,
    })
}

/// The case holding an idempotency key, as an `AlreadyExists` answer;
/// `IdempotencyMismatch` when it was created by another request.
async fn case_with_key(db: &Db, key: &str, fingerprint: &str) -> StoreResult<Option<CaseCreated>> {
    let row = query("SELECT id, number, idempotency_hash FROM cases WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(db)
        .await?;
    row.map(|r| -> StoreResult<CaseCreated> {
        let hash: Option<String> = r.get("idempotency_hash")?;
        if hash.is_some_and(|h| h != fingerprint) {
            return Err(StoreError::IdempotencyMismatch);
        }
        Ok(CaseCreated::AlreadyExists {
            id: r.get("id")?,
            number: r.get("number")?,
        })
    })
    .transpose()
}

/// The next serial of `year`'s case numbers. The upsert holds the year's
/// counter row until commit (PostgreSQL) or runs under the write lock
/// (SQLite), so concurrent creations take their serials one after the other.
async fn next_case_serial(tx: &mut Tx, year: i32) -> StoreResult<i64> {
    Ok(query(
        "INSERT INTO case_number_counters (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = case_number_counters.last + 1 \
         RETURNING last",
    )
    .bind(year)
    .scalar(tx)
    .await?)
}

/// A snapshot must be the one taken after the event it is stored with.
fn snapshot_follows(event: &CaseEventRecord, snapshot: &CaseSnapshot) -> StoreResult<()> {
    if snapshot.last_seq == event.seq {
        Ok(())
    } else {
        Err(StoreError::Corrupt(format!(
            "案件快照（第{}条记录之后）与第{}条记录不符",
            snapshot.last_seq, event.seq
        )))
    }
}

async fn create_case(db: &Db, c: &NewCase, issue: &IssueFirst<'_>) -> StoreResult<CaseCreated> {
    snapshot_follows(&c.first_event, &c.first_snapshot)?;
    let fingerprint = c.idempotency_fingerprint();
    if let Some(key) = &c.idempotency_key
        && let Some(existing) = case_with_key(db, key, &fingerprint).await?
    {
        return Ok(existing);
    }
    let mut tx = db.write_tx().await?;
    let year = c.submitted_at.year();
    let number = format!("GK{year}-{:06}", next_case_serial(&mut tx, year).await?);
    let inserted = query(
        "INSERT INTO cases (agency_id, number, query_code_hash, channel, application, \
         applicant_key, applicant_type, submitted_at, idempotency_key, idempotency_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
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
    .scalar::<i64>(&mut tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() && c.idempotency_key.is_some() => {
            // A concurrent submission with the same key committed first:
            // give up this attempt (and its serial) and answer with that case.
            tx.rollback().await?;
            let key = c.idempotency_key.as_deref().unwrap_or_default();
            return case_with_key(db, key, &fingerprint)
                .await?
                .ok_or(StoreError::Conflict(Conflict::Case));
        }
        Err(e) => return Err(write_err(Conflict::Case)(e)),
    };
    insert_event(&mut tx, id, &c.first_event).await?;
    snapshots::put(&mut tx, id, &c.first_snapshot).await?;
    let first = issue(id, &number)?;
    let (event, at) = (&c.first_event, c.first_event.at);
    insert_documents(&mut tx, id, event.seq, at, &first.documents, &first.mail).await?;
    let entry = audit::case_event(c.agency_id, &number, event);
    append_chained(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(CaseCreated::New { id, number })
}

/// Cases matching `clause` (with `$1`, `$2` placeholders for `keys`), by id.
async fn case_where(db: &Db, clause: &str, keys: Vec<Arg>) -> StoreResult<Vec<Case>> {
    let q = query(format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE {clause} ORDER BY id"
    ));
    q.bind_all(keys).fetch_as(db, case_row).await
}

/// Append `event` after the case's last one, with its documents and mail.
async fn append_case_event(
    db: &Db,
    case: CaseId,
    event: &CaseEventRecord,
    snapshot: &CaseSnapshot,
    docs: &[Document],
    mail: &[MailForEvent],
) -> StoreResult<Vec<i64>> {
    snapshot_follows(event, snapshot)?;
    let mut tx = db.write_tx().await?;
    // Concurrent appends to one case wait here for each other (PostgreSQL),
    // so the second one sees the first one's event below.
    let (agency, number) = case_ref(&mut tx, case, true).await?;
    let last: Option<i32> = query("SELECT MAX(seq) FROM case_events WHERE case_id = $1")
        .bind(case)
        .scalar(&mut tx)
        .await?;
    if i64::from(event.seq) != i64::from(last.unwrap_or(0)) + 1 {
        return Err(StoreError::Conflict(Conflict::CaseEventSeq));
    }
    insert_event(&mut tx, case, event).await?;
    snapshots::put(&mut tx, case, snapshot).await?;
    let ids = insert_documents(&mut tx, case, event.seq, event.at, docs, mail).await?;
    append_chained(&mut tx, &audit::case_event(agency, &number, event)).await?;
    tx.commit().await?;
    Ok(ids)
}

/// Issue documents for an event already recorded.
async fn issue_documents(
    db: &Db,
    case: CaseId,
    event_seq: u32,
    docs: &[Document],
    mail: &[MailForEvent],
) -> StoreResult<Vec<i64>> {
    let mut tx = db.write_tx().await?;
    let at: Option<DateTime<Utc>> =
        query("SELECT at FROM case_events WHERE case_id = $1 AND seq = $2")
            .bind(case)
            .bind(seq_column(event_seq)?)
            .scalar_opt(&mut tx)
            .await?;
    let at = at.ok_or_else(|| StoreError::NotFound(format!("案件{case}的第{event_seq}条记录")))?;
    let ids = insert_documents(&mut tx, case, event_seq, at, docs, mail).await?;
    if !ids.is_empty() {
        let (agency, number) = case_ref(&mut tx, case, false).await?;
        let entry = audit::case_documents(agency, &number, event_seq, Utc::now(), ids.len());
        append_chained(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(ids)
}

async fn insert_event(tx: &mut Tx, case: CaseId, e: &CaseEventRecord) -> StoreResult<()> {
    query(
        "INSERT INTO case_events (case_id, seq, at, actor, action, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case)
    .bind(seq_column(e.seq)?)
    .bind(e.at)
    .bind(Arg::json(encode_actor(&e.actor)?))
    .bind(Arg::json(encode_case_action(&e.action)?))
    .bind(&e.note)
    .execute(tx)
    .await
    .map_err(write_err(Conflict::CaseEventSeq))?;
    Ok(())
}

/// The agency and number of a case, for its audit records; `lock` also locks
/// the case's row until the transaction ends (PostgreSQL).
pub(super) async fn case_ref(
    tx: &mut Tx,
    case: CaseId,
    lock: bool,
) -> StoreResult<(AgencyId, String)> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    let row = query(format!(
        "SELECT agency_id, number FROM cases WHERE id = $1{lock}"
    ))
    .bind(case)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("案件{case}")))?;
    Ok((row.get("agency_id")?, row.get("number")?))
}

#[async_trait]
impl<S: SqlBacked> CaseStore for S {
    async fn create_case_issuing(
        &self,
        case: &NewCase,
        issue: &IssueFirst<'_>,
    ) -> StoreResult<CaseCreated> {
        create_case(self.db(), case, issue).await
    }

    async fn case(&self, id: CaseId) -> StoreResult<Option<Case>> {
        Ok(case_where(self.db(), "id = $1", vec![id.into()])
            .await?
            .pop())
    }

    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>> {
        let keys = vec![number.into()];
        Ok(case_where(self.db(), "number = $1", keys).await?.pop())
    }

    async fn cases_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Case>> {
        case_where(self.db(), "agency_id = $1", vec![agency.into()]).await
    }

    async fn case_events(&self, case: CaseId) -> StoreResult<Vec<CaseEventRecord>> {
        query(
            "SELECT seq, at, actor, action, note FROM case_events WHERE case_id = $1 \
             ORDER BY seq",
        )
        .bind(case)
        .fetch_as(self.db(), event_row)
        .await
    }

    async fn append_case_event(
        &self,
        case: CaseId,
        event: &CaseEventRecord,
        snapshot: &CaseSnapshot,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>> {
        append_case_event(self.db(), case, event, snapshot, documents, mail).await
    }

    async fn issue_documents(
        &self,
        case: CaseId,
        event_seq: u32,
        documents: &[Document],
        mail: &[MailForEvent],
    ) -> StoreResult<Vec<i64>> {
        issue_documents(self.db(), case, event_seq, documents, mail).await
    }

    async fn case_documents(&self, case: CaseId) -> StoreResult<Vec<IssuedDocument>> {
        documents::case_documents(self.db(), case).await
    }

    async fn issued_document(&self, id: i64) -> StoreResult<Option<IssuedDocument>> {
        documents::issued_document(self.db(), id).await
    }

    async fn add_case_attachment(&self, a: &NewAttachment) -> StoreResult<i64> {
        documents::add_case_attachment(self.db(), a).await
    }

    async fn case_attachments(&self, case: CaseId) -> StoreResult<Vec<CaseAttachment>> {
        documents::case_attachments(self.db(), case).await
    }

    async fn add_appeal(&self, appeal: &NewAppeal) -> StoreResult<i64> {
        documents::add_appeal(self.db(), appeal).await
    }

    async fn set_appeal_result(
        &self,
        id: i64,
        result: AppealResult,
        decided_on: Option<NaiveDate>,
        note: &str,
    ) -> StoreResult<()> {
        documents::set_appeal_result(self.db(), id, result, decided_on, note).await
    }

    async fn appeals_of_case(&self, case: CaseId) -> StoreResult<Vec<Appeal>> {
        documents::appeals_where(self.db(), "a.case_id = $1", case).await
    }

    async fn appeals_of_agency(&self, agency: AgencyId) -> StoreResult<Vec<Appeal>> {
        documents::appeals_where(self.db(), "c.agency_id = $1", agency).await
    }

    async fn document_template(&self, agency: AgencyId, key: &str) -> StoreResult<Option<String>> {
        Ok(
            query("SELECT body FROM document_templates WHERE agency_id = $1 AND key = $2")
                .bind(agency)
                .bind(key)
                .scalar_opt(self.db())
                .await?,
        )
    }

    async fn put_document_template(
        &self,
        agency: AgencyId,
        key: &str,
        body: &str,
        by: Option<StaffId>,
    ) -> StoreResult<()> {
        documents::put_document_template(self.db(), agency, key, body, by).await
    }
}
