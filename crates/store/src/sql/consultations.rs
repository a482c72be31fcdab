//! [`ConsultationStore`] over both databases: the notices and their
//! feedback here, the comments in `consultation_comments`.

use async_trait::async_trait;
use chrono::NaiveDate;
use gongkai_domain::participation::consultation::{DraftKind, FeedbackLine};

use super::audit::append_chained;
use super::consultation_comments as comments;
use super::consultation_flags as flags;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Row, SqlBacked, Tx, json, parse_json, query};
use crate::*;

/// The audit record of a decision on consultation `id` of `agency`.
pub(super) fn audit(agency: AgencyId, stamp: Stamp, action: &str, detail: String) -> NewAuditEntry {
    NewAuditEntry {
        at: stamp.at,
        staff_id: stamp.by,
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

const COLUMNS: &str = "id, agency_id, kind, title, draft_text, explanation, draft_item_id, \
     interpretation_item_id, opens_on, closes_on, shortened_reason, comment_address, \
     comment_email, name_required, state, feedback, (feedback IS NOT NULL) AS has_feedback, \
     feedback_published_at, decision_item_id, decision_url, created_by, created_at, published_at";

fn kind_of(code: &str) -> StoreResult<DraftKind> {
    DraftKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("征求意见稿类别“{code}”")))
}

fn state_of(code: &str) -> StoreResult<ConsultationState> {
    ConsultationState::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("意见征集状态“{code}”")))
}

fn decision_of(r: &Row) -> StoreResult<Option<DecisionLink>> {
    let item: Option<ItemId> = r.get("decision_item_id")?;
    let url: Option<String> = r.get("decision_url")?;
    Ok(item.map(DecisionLink::Item).or(url.map(DecisionLink::Url)))
}

fn consultation_row(r: &Row) -> StoreResult<Consultation> {
    // A JSON column is read only when it holds something.
    let has_feedback: bool = r.get("has_feedback")?;
    let feedback = has_feedback.then(|| r.json("feedback")).transpose()?;
    Ok(Consultation {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        kind: kind_of(&r.get::<String>("kind")?)?,
        title: r.get("title")?,
        draft_text: r.get("draft_text")?,
        explanation: r.get("explanation")?,
        draft_item_id: r.get("draft_item_id")?,
        interpretation_item_id: r.get("interpretation_item_id")?,
        opens_on: r.get("opens_on")?,
        closes_on: r.get("closes_on")?,
        shortened_reason: r.get("shortened_reason")?,
        comment_address: r.get("comment_address")?,
        comment_email: r.get("comment_email")?,
        name_required: r.get("name_required")?,
        state: state_of(&r.get::<String>("state")?)?,
        feedback: feedback
            .map(|f| parse_json::<Vec<FeedbackLine>>(&f, "意见采纳情况"))
            .transpose()?,
        feedback_published_at: r.get("feedback_published_at")?,
        decision: decision_of(r)?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        published_at: r.get("published_at")?,
    })
}

/// A `COUNT`/`SUM` column (`BIGINT` on PostgreSQL, `INTEGER` on SQLite).
pub(super) fn count(r: &Row, col: &str) -> StoreResult<u64> {
    let n: i64 = r.get(col)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

const ROW_SELECT: &str = "SELECT c.id, c.agency_id, a.full_name AS agency_name, \
     a.code AS agency_code, c.kind, c.title, c.state, c.opens_on, c.closes_on, \
     c.feedback_published_at, \
     (c.decision_item_id IS NOT NULL OR c.decision_url IS NOT NULL) AS has_decision, \
     (SELECT COUNT(*) FROM consultation_comments m WHERE m.consultation_id = c.id) AS comments, \
     (SELECT COUNT(*) FROM consultation_comments m WHERE m.consultation_id = c.id \
      AND m.moderation = 'pending') AS pending \
     FROM consultations c JOIN agencies a ON a.id = c.agency_id";

fn list_row(r: &Row) -> StoreResult<ConsultationRow> {
    Ok(ConsultationRow {
        id: r.get("id")?,
        agency: AgencyBrief {
            id: r.get("agency_id")?,
            name: r.get("agency_name")?,
            code: r.get("agency_code")?,
        },
        kind: kind_of(&r.get::<String>("kind")?)?,
        title: r.get("title")?,
        state: state_of(&r.get::<String>("state")?)?,
        opens_on: r.get("opens_on")?,
        closes_on: r.get("closes_on")?,
        feedback_published_at: r.get("feedback_published_at")?,
        has_decision: r.get("has_decision")?,
        comments: count(r, "comments")?,
        pending: count(r, "pending")?,
    })
}

/// The consultation `id` of a write, read under the transaction's lock:
/// its agency, title and state. `NotFound` when there is none.
pub(super) async fn locked(
    tx: &mut Tx,
    id: ConsultationId,
) -> StoreResult<(AgencyId, String, ConsultationState)> {
    let lock = tx.dialect().for_update();
    let r = query(format!(
        "SELECT agency_id, title, state FROM consultations WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("意见征集（编号{id}）")))?;
    Ok((
        r.get("agency_id")?,
        r.get("title")?,
        state_of(&r.get::<String>("state")?)?,
    ))
}

fn decision_label(d: &DecisionLink) -> String {
    match d {
        DecisionLink::Item(id) => format!("本机关公开的信息（编号{id}）"),
        DecisionLink::Url(url) => url.clone(),
    }
}

/// Put the decision's two columns (one of them NULL).
async fn put_decision(tx: &mut Tx, id: ConsultationId, d: &DecisionLink) -> StoreResult<()> {
    let (item, url) = match d {
        DecisionLink::Item(i) => (Some(*i), None),
        DecisionLink::Url(u) => (None, Some(u.clone())),
    };
    query("UPDATE consultations SET decision_item_id = $1, decision_url = $2 WHERE id = $3")
        .bind(item)
        .bind(url)
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

/// The `WHERE`, order and bound values of a list, after the `SELECT`.
fn list_query(list: ConsultationList, root_bounds: Option<(String, String)>) -> super::Query {
    let mut q = query(ROW_SELECT);
    match (list, root_bounds) {
        (ConsultationList::Agency(agency), _) => {
            let a = q.arg(agency);
            q.push(&format!(" WHERE c.agency_id = {a}"));
        }
        (ConsultationList::Open { agency, today }, _) => {
            let (a, t) = (q.arg(agency), q.arg(today));
            q.push(&format!(
                " WHERE c.agency_id = {a} AND c.state = 'published' AND c.closes_on >= {t} \
                 AND c.opens_on <= {t}"
            ));
        }
        (ConsultationList::Closed { agency, today }, _) => {
            let (a, t) = (q.arg(agency), q.arg(today));
            q.push(&format!(
                " WHERE c.agency_id = {a} AND c.state IN ('published', 'closed') \
                 AND c.closes_on < {t}"
            ));
        }
        (ConsultationList::MissingFeedback { today, .. }, Some((from, to))) => {
            let (f, u, t) = (q.arg(from), q.arg(to), q.arg(today));
            q.push(&format!(
                " WHERE a.path >= {f} AND a.path < {u} AND c.state = 'published' \
                 AND c.closes_on < {t}"
            ));
        }
        (ConsultationList::MissingFeedback { .. }, None) => {
            q.push(" WHERE 1 = 0");
        }
    }
    q
}

#[async_trait]
impl<S: SqlBacked> ConsultationStore for S {
    async fn create_consultation(&self, c: &NewConsultation) -> StoreResult<ConsultationId> {
        let mut tx = self.db().write_tx().await?;
        let id: ConsultationId = query(
            "INSERT INTO consultations (agency_id, kind, title, draft_text, explanation, \
             draft_item_id, interpretation_item_id, opens_on, closes_on, shortened_reason, \
             comment_address, comment_email, name_required, state, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draft', $14, $15) \
             RETURNING id",
        )
        .bind(c.agency_id)
        .bind(c.kind.code())
        .bind(c.title.as_str())
        .bind(c.draft_text.as_str())
        .bind(c.explanation.as_str())
        .bind(c.draft_item_id)
        .bind(c.interpretation_item_id)
        .bind(c.opens_on)
        .bind(c.closes_on)
        .bind(&c.shortened_reason)
        .bind(&c.comment_address)
        .bind(&c.comment_email)
        .bind(c.name_required)
        .bind(c.created_by)
        .bind(c.created_at)
        .scalar(&mut tx)
        .await?;
        let detail = format!(
            "起草意见征集{id}“{}”（{}，{}至{}）",
            c.title,
            c.kind.label(),
            c.opens_on,
            c.closes_on
        );
        let stamp = Stamp {
            by: c.created_by,
            at: c.created_at,
        };
        append_chained(
            &mut tx,
            &audit(c.agency_id, stamp, "consultation.created", detail),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn consultation(&self, id: ConsultationId) -> StoreResult<Option<Consultation>> {
        let row = query(format!("SELECT {COLUMNS} FROM consultations WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.db())
            .await?;
        row.as_ref().map(consultation_row).transpose()
    }

    async fn edit_consultation(
        &self,
        id: ConsultationId,
        c: &NewConsultation,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, _, state) = locked(&mut tx, id).await?;
        if state != ConsultationState::Draft {
            tx.rollback().await?;
            return Ok(false);
        }
        query(
            "UPDATE consultations SET kind = $1, title = $2, draft_text = $3, explanation = $4, \
             draft_item_id = $5, interpretation_item_id = $6, opens_on = $7, closes_on = $8, \
             shortened_reason = $9, comment_address = $10, comment_email = $11, \
             name_required = $12 WHERE id = $13",
        )
        .bind(c.kind.code())
        .bind(c.title.as_str())
        .bind(c.draft_text.as_str())
        .bind(c.explanation.as_str())
        .bind(c.draft_item_id)
        .bind(c.interpretation_item_id)
        .bind(c.opens_on)
        .bind(c.closes_on)
        .bind(&c.shortened_reason)
        .bind(&c.comment_address)
        .bind(&c.comment_email)
        .bind(c.name_required)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let detail = format!(
            "修改意见征集{id}的草稿“{}”（{}至{}）",
            c.title, c.opens_on, c.closes_on
        );
        let entry = audit(agency, stamp, "consultation.edited", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn publish_consultation(
        &self,
        id: ConsultationId,
        opens_on: NaiveDate,
        shortened_reason: Option<&str>,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, title, state) = locked(&mut tx, id).await?;
        if state != ConsultationState::Draft {
            tx.rollback().await?;
            return Ok(false);
        }
        query(
            "UPDATE consultations SET state = 'published', opens_on = $1, shortened_reason = $2, \
             published_at = $3 WHERE id = $4",
        )
        .bind(opens_on)
        .bind(shortened_reason)
        .bind(stamp.at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let detail = format!("发布意见征集{id}“{title}”，{opens_on}起征求意见");
        append_chained(
            &mut tx,
            &audit(agency, stamp, "consultation.published", detail),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn consultation_rows(
        &self,
        list: ConsultationList,
        after: Option<ConsultationId>,
        limit: u32,
    ) -> StoreResult<Vec<ConsultationRow>> {
        let bounds = match list {
            ConsultationList::MissingFeedback { root, .. } => {
                Some(subtree_bounds(&agency_path(self.db(), root).await?))
            }
            _ => None,
        };
        let mut q = list_query(list, bounds);
        let open = matches!(list, ConsultationList::Open { .. });
        if let (Some(after), false) = (after, open) {
            let a = q.arg(after);
            q.push(&format!(" AND c.id < {a}"));
        }
        let order = if open {
            " ORDER BY c.closes_on, c.id"
        } else {
            " ORDER BY c.id DESC"
        };
        let l = q.arg(i64::from(limit.min(CONSULTATION_ROWS_MAX)));
        q.push(&format!("{order} LIMIT {l}"));
        q.fetch_as(self.db(), list_row).await
    }

    async fn consultation_counts(
        &self,
        agency: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<ConsultationCounts> {
        let r = query(
            "SELECT \
             COALESCE(SUM(CASE WHEN c.state = 'published' AND c.opens_on <= $2 \
              AND c.closes_on >= $2 THEN 1 ELSE 0 END), 0) AS open, \
             COALESCE(SUM(CASE WHEN c.state = 'published' AND c.closes_on < $2 \
              THEN 1 ELSE 0 END), 0) AS missing, \
             (SELECT COUNT(*) FROM consultation_comments m JOIN consultations k \
              ON k.id = m.consultation_id WHERE k.agency_id = $1 \
              AND m.moderation = 'pending') AS pending \
             FROM consultations c WHERE c.agency_id = $1",
        )
        .bind(agency)
        .bind(today)
        .fetch_one(self.db())
        .await?;
        Ok(ConsultationCounts {
            open: count(&r, "open")?,
            pending: count(&r, "pending")?,
            missing_feedback: count(&r, "missing")?,
        })
    }

    async fn consultations_missing_feedback(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<u64> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        let n: i64 = query(
            "SELECT COUNT(*) FROM consultations c JOIN agencies a ON a.id = c.agency_id \
             WHERE a.path >= $1 AND a.path < $2 AND c.state = 'published' AND c.closes_on < $3",
        )
        .bind(from)
        .bind(to)
        .bind(today)
        .scalar(self.reads())
        .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn record_feedback(
        &self,
        id: ConsultationId,
        lines: &[FeedbackLine],
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, title, state) = locked(&mut tx, id).await?;
        if state != ConsultationState::Published {
            tx.rollback().await?;
            return Ok(false);
        }
        query("UPDATE consultations SET feedback = $1 WHERE id = $2")
            .bind(json(&lines)?)
            .bind(id)
            .execute(&mut tx)
            .await?;
        let detail = format!("记录意见征集{id}“{title}”的意见采纳情况：{}条", lines.len());
        let entry = audit(agency, stamp, "consultation.feedback_recorded", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn publish_feedback(
        &self,
        id: ConsultationId,
        decision: Option<&DecisionLink>,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, title, _) = locked(&mut tx, id).await?;
        let changed = query(
            "UPDATE consultations SET state = 'closed', feedback_published_at = $1 \
             WHERE id = $2 AND state = 'published' AND feedback IS NOT NULL",
        )
        .bind(stamp.at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        if changed == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Some(d) = decision {
            put_decision(&mut tx, id, d).await?;
        }
        let with = decision.map_or(String::new(), |d| {
            format!("，最终决定：{}", decision_label(d))
        });
        let detail = format!("公开意见征集{id}“{title}”的意见采纳情况{with}");
        let entry = audit(agency, stamp, "consultation.feedback_published", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn link_decision(
        &self,
        id: ConsultationId,
        decision: &DecisionLink,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, title, state) = locked(&mut tx, id).await?;
        if state == ConsultationState::Draft {
            tx.rollback().await?;
            return Ok(false);
        }
        put_decision(&mut tx, id, decision).await?;
        let detail = format!(
            "意见征集{id}“{title}”的最终决定：{}",
            decision_label(decision)
        );
        let entry = audit(agency, stamp, "consultation.decision_linked", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn add_comment(&self, c: &NewComment) -> StoreResult<CommentReceived> {
        comments::add(self.db(), c).await
    }

    async fn comments(
        &self,
        consultation: ConsultationId,
        moderation: Option<Moderation>,
        after: Option<CommentId>,
        limit: u32,
    ) -> StoreResult<Vec<StoredComment>> {
        comments::page(self.db(), consultation, moderation, after, limit).await
    }

    async fn comment_counts(&self, consultation: ConsultationId) -> StoreResult<CommentCounts> {
        comments::counts(self.db(), consultation).await
    }

    async fn moderate_comment(&self, m: &NewModeration) -> StoreResult<()> {
        comments::moderate(self.db(), m).await
    }

    async fn concentrated_threshold(&self, agency: AgencyId) -> StoreResult<Option<u32>> {
        flags::threshold(self.db(), agency).await
    }

    async fn set_concentrated_threshold(
        &self,
        agency: AgencyId,
        threshold: Option<u32>,
        stamp: Stamp,
    ) -> StoreResult<()> {
        flags::set_threshold(self.db(), agency, threshold, stamp).await
    }

    async fn flags_unmailed(&self, today: NaiveDate, limit: u32) -> StoreResult<Vec<FlagToMail>> {
        flags::unmailed(self.db(), today, limit).await
    }

    async fn queue_flag_mail(
        &self,
        id: ConsultationId,
        mails: &[NewMail],
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        flags::queue(self.db(), id, mails, at).await
    }
}
