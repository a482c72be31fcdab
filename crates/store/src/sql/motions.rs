//! [`MotionStore`] over both databases: the sessions, the motions and
//! their decisions here; the lists and counts in `motion_reads`.

use async_trait::async_trait;
use chrono::NaiveDate;
use gongkai_domain::participation::clocks::MotionKind;
use gongkai_domain::participation::motions::{Proposer, Satisfaction};

use super::audit::append_chained;
use super::consultations::audit;
use super::motion_reads as reads;
use super::{Db, Query, SqlBacked, Tx, json, query};
use crate::*;

pub(super) fn kind_of(code: &str) -> StoreResult<MotionKind> {
    MotionKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("建议提案类别“{code}”")))
}

/// How the audit trail names a motion: `白沙县第十八届人民代表大会第五次会议第12号建议“…”`.
fn label(session: &str, kind: MotionKind, number: &str, title: &str) -> String {
    format!("{session}第{number}号{}“{title}”", kind.short())
}

/// The motion `id` of a write, read under the transaction's lock: its
/// agency, state and label. `NotFound` when there is none.
async fn locked(tx: &mut Tx, id: MotionId) -> StoreResult<(AgencyId, MotionState, String)> {
    let lock = tx.dialect().for_update();
    let r = query(format!(
        "SELECT m.agency_id, m.state, m.number, m.title, s.name, s.kind FROM motions m \
         JOIN motion_sessions s ON s.id = m.session_id WHERE m.id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("建议提案（编号{id}）")))?;
    let state: String = r.get("state")?;
    let state = MotionState::from_code(&state)
        .ok_or_else(|| StoreError::Corrupt(format!("建议提案状态“{state}”")))?;
    let kind = kind_of(&r.get::<String>("kind")?)?;
    let name: String = r.get("name")?;
    let number: String = r.get("number")?;
    let title: String = r.get("title")?;
    Ok((
        r.get("agency_id")?,
        state,
        label(&name, kind, &number, &title),
    ))
}

/// Run `update` (bound with the motion's id last) on motion `id` if it
/// changes a row, and audit it as `action` with `detail(label)`.
async fn decide(
    db: &Db,
    id: MotionId,
    update: Query,
    stamp: Stamp,
    (action, detail): (&str, &(dyn Fn(&str) -> String + Sync)),
) -> StoreResult<bool> {
    let mut tx = db.write_tx().await?;
    let (agency, _, label) = locked(&mut tx, id).await?;
    if update.bind(id).execute(&mut tx).await? == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    append_chained(&mut tx, &audit(agency, stamp, action, detail(&label))).await?;
    tx.commit().await?;
    Ok(true)
}

#[async_trait]
impl<S: SqlBacked> MotionStore for S {
    async fn create_motion_session(
        &self,
        s: &NewMotionSession,
    ) -> StoreResult<Option<MotionSessionId>> {
        let mut tx = self.db().write_tx().await?;
        let months = i32::try_from(s.reply_months).unwrap_or(i32::MAX);
        let id: Option<MotionSessionId> = query(
            "INSERT INTO motion_sessions (agency_id, kind, year, name, reply_months, \
             assigned_by, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (agency_id, kind, year, name) DO NOTHING RETURNING id",
        )
        .bind(s.agency_id)
        .bind(s.kind.code())
        .bind(s.year)
        .bind(s.name.as_str())
        .bind(months)
        .bind(s.assigned_by.as_str())
        .bind(s.created_by)
        .bind(s.created_at)
        .scalar_opt(&mut tx)
        .await?;
        let Some(id) = id else {
            tx.rollback().await?;
            return Ok(None);
        };
        let detail = format!(
            "建立{}年{}{}台账（编号{id}），交办之日起{}个月内答复，交办机关：{}",
            s.year,
            s.name,
            s.kind.short(),
            s.reply_months,
            s.assigned_by
        );
        let stamp = Stamp {
            by: s.created_by,
            at: s.created_at,
        };
        let entry = audit(s.agency_id, stamp, "motion.session_created", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn motion_session(&self, id: MotionSessionId) -> StoreResult<Option<MotionSession>> {
        reads::session(self.db(), id).await
    }

    async fn motion_sessions(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<MotionSession>> {
        reads::sessions(self.db(), agency, limit).await
    }

    async fn motion_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>> {
        Ok(query(
            "SELECT DISTINCT year FROM motion_sessions WHERE agency_id = $1 ORDER BY year DESC",
        )
        .bind(agency)
        .scalars(self.db())
        .await?)
    }

    async fn register_motion(&self, m: &NewMotion) -> StoreResult<Option<MotionId>> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        let session = query(format!(
            "SELECT name, kind FROM motion_sessions WHERE id = $1 AND agency_id = $2{lock}"
        ))
        .bind(m.session_id)
        .bind(m.agency_id)
        .fetch_optional(&mut tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("建议提案台账（编号{}）", m.session_id)))?;
        let proposers: &[Proposer] = &m.proposers;
        let id: Option<MotionId> = query(
            "INSERT INTO motions (session_id, agency_id, number, title, proposers, assigned_on, \
             due_on, state, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'handling', $8, $9) \
             ON CONFLICT (session_id, number) DO NOTHING RETURNING id",
        )
        .bind(m.session_id)
        .bind(m.agency_id)
        .bind(m.number.as_str())
        .bind(m.title.as_str())
        .bind(json(&proposers)?)
        .bind(m.assigned_on)
        .bind(m.due_on)
        .bind(m.created_by)
        .bind(m.created_at)
        .scalar_opt(&mut tx)
        .await?;
        let Some(id) = id else {
            tx.rollback().await?;
            return Ok(None);
        };
        for co in &m.co_agencies {
            query(
                "INSERT INTO motion_co_agencies (motion_id, agency_id) VALUES ($1, $2) \
                 ON CONFLICT (motion_id, agency_id) DO NOTHING",
            )
            .bind(id)
            .bind(*co)
            .execute(&mut tx)
            .await?;
        }
        let kind = kind_of(&session.get::<String>("kind")?)?;
        let name: String = session.get("name")?;
        let detail = format!(
            "登记{}（编号{id}），{}交办，{}前答复，提出人{}人，协办单位{}个",
            label(&name, kind, &m.number, &m.title),
            m.assigned_on,
            m.due_on,
            m.proposers.len(),
            m.co_agencies.len()
        );
        let stamp = Stamp {
            by: m.created_by,
            at: m.created_at,
        };
        let entry = audit(m.agency_id, stamp, "motion.registered", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn motion(&self, id: MotionId) -> StoreResult<Option<Motion>> {
        reads::motion(self.db(), id).await
    }

    async fn motion_rows(
        &self,
        list: MotionList,
        after: Option<MotionId>,
        limit: u32,
    ) -> StoreResult<Vec<MotionRow>> {
        reads::rows(self.db(), list, after, limit).await
    }

    async fn extend_motion(
        &self,
        id: MotionId,
        until: NaiveDate,
        consent: &str,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let update = query(
            "UPDATE motions SET extended_until = $1, extension_consent = $2 \
             WHERE state = 'handling' AND id = $3",
        )
        .bind(until)
        .bind(consent);
        let detail = |l: &str| format!("{l}延期至{until}，交办机关同意：{consent}");
        decide(self.db(), id, update, stamp, ("motion.extended", &detail)).await
    }

    async fn record_motion_reply(
        &self,
        id: MotionId,
        reply: &MotionReply,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let update = query(
            "UPDATE motions SET state = 'answered', reply_text = $1, grade = $2, \
             answered_on = $3, publish_due = $4 WHERE state = 'handling' AND id = $5",
        )
        .bind(reply.text.as_str())
        .bind(reply.grade.code())
        .bind(reply.answered_on)
        .bind(reply.publish_due);
        let detail = |l: &str| {
            format!(
                "{l}已于{}答复，办理结果{}，答复应于{}前公开",
                reply.answered_on,
                reply.grade.label(),
                reply.publish_due
            )
        };
        decide(self.db(), id, update, stamp, ("motion.answered", &detail)).await
    }

    async fn publish_motion_reply(
        &self,
        id: MotionId,
        p: &MotionPublication,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let update = query(
            "UPDATE motions SET state = 'published', publish_mode = $1, published_text = $2, \
             summary_reason = $3, published_on = $4 WHERE state = 'answered' AND id = $5",
        )
        .bind(p.mode.code())
        .bind(p.text.as_str())
        .bind(&p.summary_reason)
        .bind(p.published_on);
        let detail = |l: &str| {
            let why = p
                .summary_reason
                .as_deref()
                .map_or(String::new(), |r| format!("，不公开全文的理由：{r}"));
            format!("{l}的答复于{}{}{why}", p.published_on, p.mode.label())
        };
        decide(self.db(), id, update, stamp, ("motion.published", &detail)).await
    }

    async fn record_motion_satisfaction(
        &self,
        id: MotionId,
        satisfaction: Satisfaction,
        on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let update = query(
            "UPDATE motions SET satisfaction = $1, satisfaction_on = $2 \
             WHERE state <> 'handling' AND id = $3",
        )
        .bind(satisfaction.code())
        .bind(on);
        let detail = |l: &str| format!("{l}：{on}征询提出人意见，{}", satisfaction.label());
        decide(
            self.db(),
            id,
            update,
            stamp,
            ("motion.satisfaction", &detail),
        )
        .await
    }

    async fn motion_counts(&self, agency: AgencyId, today: NaiveDate) -> StoreResult<MotionCounts> {
        reads::counts(self.db(), agency, today).await
    }

    async fn motions_overdue_by_agency(
        &self,
        root: AgencyId,
        today: NaiveDate,
    ) -> StoreResult<Vec<MotionsOverdue>> {
        reads::overdue_by_agency(self.reads(), root, today).await
    }

    async fn motion_year_summary(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<MotionYearSummary> {
        reads::year_summary(self.reads(), agency, year).await
    }
}
