//! 公众意见 of a consultation: kept as received (a form sent twice is one
//! comment, found by its one-time key), listed by moderation in pages, and
//! shown or hidden with a reason. The audit records name a comment by its
//! number, never its writer or contact.

use super::audit::append_chained;
use super::consultations::{audit, count, locked};
use super::{Db, Row, query};
use crate::*;

const COLUMNS: &str = "id, consultation_id, name, contact, body, received_at, moderation, \
     hidden_reason, moderated_by, moderated_at";

fn moderation_of(code: &str) -> StoreResult<Moderation> {
    Moderation::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("意见审核状态“{code}”")))
}

fn comment_row(r: &Row) -> StoreResult<StoredComment> {
    Ok(StoredComment {
        id: r.get("id")?,
        consultation_id: r.get("consultation_id")?,
        name: r.get("name")?,
        contact: r.get("contact")?,
        body: r.get("body")?,
        received_at: r.get("received_at")?,
        moderation: moderation_of(&r.get::<String>("moderation")?)?,
        hidden_reason: r.get("hidden_reason")?,
        moderated_by: r.get("moderated_by")?,
        moderated_at: r.get("moderated_at")?,
    })
}

/// Keep `c`, or find the comment its form left before.
pub(super) async fn add(db: &Db, c: &NewComment) -> StoreResult<CommentReceived> {
    let mut tx = db.write_tx().await?;
    let (agency, title, _) = locked(&mut tx, c.consultation_id).await?;
    let new: Option<CommentId> = query(
        "INSERT INTO consultation_comments (consultation_id, submit_key, name, contact, body, \
         received_at, moderation) VALUES ($1, $2, $3, $4, $5, $6, 'pending') \
         ON CONFLICT (consultation_id, submit_key) DO NOTHING RETURNING id",
    )
    .bind(c.consultation_id)
    .bind(c.submit_key.as_str())
    .bind(&c.name)
    .bind(&c.contact)
    .bind(c.body.as_str())
    .bind(c.received_at)
    .scalar_opt(&mut tx)
    .await?;
    let Some(id) = new else {
        let id: CommentId = query(
            "SELECT id FROM consultation_comments WHERE consultation_id = $1 AND submit_key = $2",
        )
        .bind(c.consultation_id)
        .bind(c.submit_key.as_str())
        .scalar(&mut tx)
        .await?;
        tx.rollback().await?;
        return Ok(CommentReceived::Again(id));
    };
    let stamp = Stamp {
        by: None,
        at: c.received_at,
    };
    let detail = format!(
        "意见征集{}“{title}”收到公众意见（编号{id}），待审核",
        c.consultation_id
    );
    let entry = audit(agency, stamp, "consultation.comment_received", detail);
    append_chained(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(CommentReceived::New(id))
}

/// A page of the consultation's comments, oldest first.
pub(super) async fn page(
    db: &Db,
    consultation: ConsultationId,
    moderation: Option<Moderation>,
    after: Option<CommentId>,
    limit: u32,
) -> StoreResult<Vec<StoredComment>> {
    let mut q = query(format!(
        "SELECT {COLUMNS} FROM consultation_comments WHERE consultation_id = "
    ));
    q.push_bind(consultation);
    if let Some(m) = moderation {
        q.push(" AND moderation = ").push_bind(m.code());
    }
    if let Some(after) = after {
        q.push(" AND id > ").push_bind(after);
    }
    q.push(" ORDER BY id LIMIT ")
        .push_bind(i64::from(limit.min(CONSULTATION_ROWS_MAX)));
    q.fetch_as(db, comment_row).await
}

pub(super) async fn counts(db: &Db, consultation: ConsultationId) -> StoreResult<CommentCounts> {
    let rows = query(
        "SELECT moderation, COUNT(*) AS n FROM consultation_comments \
         WHERE consultation_id = $1 GROUP BY moderation",
    )
    .bind(consultation)
    .fetch_all(db)
    .await?;
    let mut c = CommentCounts::default();
    for r in &rows {
        let n = count(r, "n")?;
        match moderation_of(&r.get::<String>("moderation")?)? {
            Moderation::Pending => c.pending = n,
            Moderation::Shown => c.shown = n,
            Moderation::Hidden => c.hidden = n,
        }
    }
    Ok(c)
}

/// Show or hide a comment of the consultation, audited with what it was.
pub(super) async fn moderate(db: &Db, m: &NewModeration) -> StoreResult<()> {
    let mut tx = db.write_tx().await?;
    let (agency, title, _) = locked(&mut tx, m.consultation_id).await?;
    let before: String = query(
        "SELECT moderation FROM consultation_comments WHERE id = $1 AND consultation_id = $2",
    )
    .bind(m.comment_id)
    .bind(m.consultation_id)
    .scalar_opt(&mut tx)
    .await?
    .ok_or_else(|| {
        StoreError::NotFound(format!(
            "意见征集{}的意见（编号{}）",
            m.consultation_id, m.comment_id
        ))
    })?;
    let reason = m
        .hidden_reason
        .as_deref()
        .filter(|_| m.moderation == Moderation::Hidden);
    query(
        "UPDATE consultation_comments SET moderation = $1, hidden_reason = $2, \
         moderated_by = $3, moderated_at = $4 WHERE id = $5",
    )
    .bind(m.moderation.code())
    .bind(reason)
    .bind(m.by)
    .bind(m.at)
    .bind(m.comment_id)
    .execute(&mut tx)
    .await?;
    let was = moderation_of(&before)?.label();
    let (action, detail) = match reason {
        Some(r) => (
            "consultation.comment_hidden",
            format!(
                "意见征集{}“{title}”的意见（编号{}）不予公开（原为{was}），理由：{r}",
                m.consultation_id, m.comment_id
            ),
        ),
        None => (
            "consultation.comment_shown",
            format!(
                "意见征集{}“{title}”的意见（编号{}）{}（原为{was}）",
                m.consultation_id,
                m.comment_id,
                m.moderation.label()
            ),
        ),
    };
    let stamp = Stamp { by: m.by, at: m.at };
    append_chained(&mut tx, &audit(agency, stamp, action, detail)).await?;
    tx.commit().await?;
    Ok(())
}
