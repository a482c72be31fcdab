//! [`QuestionStore`] over both databases: questions kept and read here,
//! the staff's decisions in `question_decisions`. Audit records name a
//! question by its number (`ZX2025-000012`), never the asker, the contact
//! or what was asked.

use async_trait::async_trait;
use chrono::{Datelike, NaiveDate};
use gongkai_domain::participation::clocks::{QuestionClock, QuestionRules};
use gongkai_domain::participation::questions::question_number;

use super::audit::append_chained;
use super::consultations::count;
use super::question_decisions as decisions;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Row, SqlBacked, query};
use crate::*;

/// The audit record of a decision on a question of `agency`.
pub(super) fn audit(agency: AgencyId, stamp: Stamp, action: &str, detail: String) -> NewAuditEntry {
    NewAuditEntry {
        at: stamp.at,
        staff_id: stamp.by,
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

/// The number of question `id` asked on `asked_on`.
pub(super) fn number(id: QuestionId, asked_on: NaiveDate) -> String {
    question_number(asked_on.year(), id)
}

const COLUMNS: &str = "id, agency_id, query_code_hash, name, contact, subject, body, consent, \
     asked_at, asked_on, due_on, escalate_on, veto_on, state, answer, referred_to, closed_at, \
     closed_on, closed_by, case_id, case_number, case_query_code, public_subject, public_body, \
     published_at, published_by";

pub(super) fn state_of(code: &str) -> StoreResult<QuestionState> {
    QuestionState::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("留言状态“{code}”")))
}

fn clock_of(r: &Row) -> StoreResult<QuestionClock> {
    Ok(QuestionClock {
        due: r.get("due_on")?,
        escalate_on: r.get("escalate_on")?,
        veto_line: r.get("veto_on")?,
    })
}

fn question_row(r: &Row) -> StoreResult<StoredQuestion> {
    let case_id: Option<CaseId> = r.get("case_id")?;
    let case = match case_id {
        Some(case_id) => Some(CaseLink {
            case_id,
            number: r.get::<Option<String>>("case_number")?.unwrap_or_default(),
            query_code: r.get("case_query_code")?,
        }),
        None => None,
    };
    Ok(StoredQuestion {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        query_code_hash: r.get("query_code_hash")?,
        name: r.get("name")?,
        contact: r.get("contact")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        consent: r.get("consent")?,
        asked_at: r.get("asked_at")?,
        asked_on: r.get("asked_on")?,
        clock: clock_of(r)?,
        state: state_of(&r.get::<String>("state")?)?,
        answer: r.get("answer")?,
        referred_to: r.get("referred_to")?,
        closed_at: r.get("closed_at")?,
        closed_on: r.get("closed_on")?,
        closed_by: r.get("closed_by")?,
        case,
        public_subject: r.get("public_subject")?,
        public_body: r.get("public_body")?,
        published_at: r.get("published_at")?,
        published_by: r.get("published_by")?,
    })
}

fn list_row(r: &Row) -> StoreResult<QuestionRow> {
    Ok(QuestionRow {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        subject: r.get("subject")?,
        asked_on: r.get("asked_on")?,
        clock: clock_of(r)?,
        state: state_of(&r.get::<String>("state")?)?,
        closed_on: r.get("closed_on")?,
        consent: r.get("consent")?,
        published: r.get("published")?,
    })
}

/// The `SELECT`, `WHERE` and order of a list after `after`.
fn list_query(list: QuestionList, after: Option<QuestionId>) -> super::Query {
    let subject = match list {
        QuestionList::Published(_) => "COALESCE(q.public_subject, q.subject)",
        _ => "q.subject",
    };
    let mut q = query(format!(
        "SELECT q.id, q.agency_id, {subject} AS subject, q.asked_on, q.due_on, q.escalate_on, \
         q.veto_on, q.state, q.closed_on, q.consent, \
         (q.published_at IS NOT NULL) AS published FROM questions q"
    ));
    match list {
        QuestionList::Open(agency) => {
            let a = q.arg(agency);
            q.push(&format!(" WHERE q.agency_id = {a} AND q.state = 'open'"));
            if let Some(after) = after {
                // After `after` in the order (due_on, id).
                let k = q.arg(after);
                q.push(&format!(
                    " AND (q.due_on > (SELECT due_on FROM questions WHERE id = {k}) \
                     OR (q.due_on = (SELECT due_on FROM questions WHERE id = {k}) AND q.id > {k}))"
                ));
            }
            q.push(" ORDER BY q.due_on, q.id");
        }
        QuestionList::Closed(agency) | QuestionList::Published(agency) => {
            let a = q.arg(agency);
            let which = match list {
                QuestionList::Closed(_) => "q.state <> 'open'",
                _ => "q.published_at IS NOT NULL",
            };
            q.push(&format!(" WHERE q.agency_id = {a} AND {which}"));
            if let Some(after) = after {
                let k = q.arg(after);
                q.push(&format!(" AND q.id < {k}"));
            }
            q.push(" ORDER BY q.id DESC");
        }
    }
    q
}

#[async_trait]
impl<S: SqlBacked> QuestionStore for S {
    async fn add_question(&self, n: &NewQuestion) -> StoreResult<QuestionReceived> {
        let mut tx = self.db().write_tx().await?;
        let new: Option<QuestionId> = query(
            "INSERT INTO questions (agency_id, submit_key, query_code_hash, name, contact, \
             subject, body, consent, asked_at, asked_on, due_on, escalate_on, veto_on, state) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open') \
             ON CONFLICT (agency_id, submit_key) DO NOTHING RETURNING id",
        )
        .bind(n.agency_id)
        .bind(n.submit_key.as_str())
        .bind(n.query_code_hash.as_str())
        .bind(n.name.as_str())
        .bind(n.contact.as_str())
        .bind(n.subject.as_str())
        .bind(n.body.as_str())
        .bind(n.consent)
        .bind(n.asked_at)
        .bind(n.asked_on)
        .bind(n.clock.due)
        .bind(n.clock.escalate_on)
        .bind(n.clock.veto_line)
        .scalar_opt(&mut tx)
        .await?;
        let Some(id) = new else {
            let id: QuestionId =
                query("SELECT id FROM questions WHERE agency_id = $1 AND submit_key = $2")
                    .bind(n.agency_id)
                    .bind(n.submit_key.as_str())
                    .scalar(&mut tx)
                    .await?;
            tx.rollback().await?;
            return Ok(QuestionReceived::Again(id));
        };
        let stamp = Stamp {
            by: None,
            at: n.asked_at,
        };
        let detail = format!(
            "收到留言{}，答复期限{}",
            number(id, n.asked_on),
            n.clock.due
        );
        let entry = audit(n.agency_id, stamp, "question.received", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(QuestionReceived::New(id))
    }

    async fn question(&self, id: QuestionId) -> StoreResult<Option<StoredQuestion>> {
        let row = query(format!("SELECT {COLUMNS} FROM questions WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.db())
            .await?;
        row.as_ref().map(question_row).transpose()
    }

    async fn question_rows(
        &self,
        list: QuestionList,
        after: Option<QuestionId>,
        limit: u32,
    ) -> StoreResult<Vec<QuestionRow>> {
        let mut q = list_query(list, after);
        let l = q.arg(i64::from(limit.min(QUESTION_ROWS_MAX)));
        q.push(&format!(" LIMIT {l}"));
        q.fetch_as(self.db(), list_row).await
    }

    async fn answer_question(
        &self,
        id: QuestionId,
        answer: &str,
        closed_on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        decisions::close(
            self.db(),
            id,
            decisions::Closing::Answer(answer),
            closed_on,
            stamp,
        )
        .await
    }

    async fn refer_question(
        &self,
        id: QuestionId,
        channel: &str,
        text: &str,
        closed_on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let closing = decisions::Closing::Refer { channel, text };
        decisions::close(self.db(), id, closing, closed_on, stamp).await
    }

    async fn convert_question(
        &self,
        id: QuestionId,
        case: &CaseLink,
        notice: &str,
        closed_on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let closing = decisions::Closing::Convert { case, notice };
        decisions::close(self.db(), id, closing, closed_on, stamp).await
    }

    async fn publish_question(
        &self,
        id: QuestionId,
        text: &PublicText,
        stamp: Stamp,
    ) -> StoreResult<Option<Publication>> {
        decisions::publish(self.db(), id, text, stamp).await
    }

    async fn question_queue_counts(
        &self,
        agency: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<QuestionQueueCounts> {
        let r = query(
            "SELECT COUNT(*) AS open, \
             COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) AS overdue, \
             COALESCE(SUM(CASE WHEN escalate_on <= $2 THEN 1 ELSE 0 END), 0) AS escalated, \
             COALESCE(SUM(CASE WHEN veto_on < $2 THEN 1 ELSE 0 END), 0) AS vetoed \
             FROM questions WHERE agency_id = $1 AND state = 'open'",
        )
        .bind(agency)
        .bind(today)
        .fetch_one(self.db())
        .await?;
        Ok(QuestionQueueCounts {
            open: count(&r, "open")?,
            overdue: count(&r, "overdue")?,
            escalated: count(&r, "escalated")?,
            vetoed: count(&r, "vetoed")?,
        })
    }

    async fn question_counts(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<Vec<QuestionCounts>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        let rows = query(
            "SELECT q.agency_id, \
             SUM(CASE WHEN q.state <> 'open' OR q.due_on < $3 THEN 1 ELSE 0 END) AS due, \
             SUM(CASE WHEN q.state <> 'open' AND q.closed_on <= q.due_on THEN 1 ELSE 0 END) \
              AS in_time, \
             SUM(CASE WHEN q.state = 'open' THEN 1 ELSE 0 END) AS open, \
             MIN(CASE WHEN q.state = 'open' THEN q.asked_on END) AS oldest_open_on, \
             SUM(CASE WHEN q.state = 'open' AND q.veto_on < $3 THEN 1 ELSE 0 END) AS vetoed \
             FROM questions q JOIN agencies a ON a.id = q.agency_id \
             WHERE a.path >= $1 AND a.path < $2 GROUP BY q.agency_id ORDER BY q.agency_id",
        )
        .bind(from)
        .bind(to)
        .bind(today)
        .fetch_all(self.reads())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(QuestionCounts {
                    agency_id: r.get("agency_id")?,
                    due: count(r, "due")?,
                    in_time: count(r, "in_time")?,
                    open: count(r, "open")?,
                    oldest_open_on: r.get("oldest_open_on")?,
                    vetoed: count(r, "vetoed")?,
                })
            })
            .collect()
    }

    async fn question_rules(&self, agency: AgencyId) -> StoreResult<Option<QuestionRules>> {
        let row = query(
            "SELECT answer_days, escalate_after_months FROM question_settings WHERE agency_id = $1",
        )
        .bind(agency)
        .fetch_optional(self.db())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let days = |col: &str| -> StoreResult<u32> {
            let n: i32 = r.get(col)?;
            u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("政民互动设置{col}")))
        };
        Ok(Some(QuestionRules {
            answer_days: days("answer_days")?,
            escalate_after_months: days("escalate_after_months")?,
        }))
    }

    async fn set_question_rules(
        &self,
        agency: AgencyId,
        rules: QuestionRules,
        stamp: Stamp,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        query(
            "INSERT INTO question_settings (agency_id, answer_days, escalate_after_months, \
             updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (agency_id) DO UPDATE SET answer_days = EXCLUDED.answer_days, \
             escalate_after_months = EXCLUDED.escalate_after_months, \
             updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at",
        )
        .bind(agency)
        .bind(i32::try_from(rules.answer_days).unwrap_or(i32::MAX))
        .bind(i32::try_from(rules.escalate_after_months).unwrap_or(i32::MAX))
        .bind(stamp.by)
        .bind(stamp.at)
        .execute(&mut tx)
        .await?;
        let detail = format!(
            "政民互动留言的答复期限设为{}个工作日，留言{}个月后提请督办",
            rules.answer_days, rules.escalate_after_months
        );
        let entry = audit(agency, stamp, "question.settings_changed", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
