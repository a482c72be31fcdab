//! [`ConcernStore`] over both databases: a concern, its responses with
//! their linked items, the queue sorted by the nearest clock not met (in
//! SQL, so it pages), and the subtree's counts per agency in one `GROUP BY`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::ResponseKind;

use super::audit::append_chained;
use super::consultations::{audit, count};
use super::snapshots::{agency_path, subtree_bounds};
use super::{Db, Row, SqlBacked, Tx, query};
use crate::*;

fn class_of(r: &Row) -> StoreResult<ConcernClass> {
    let code: String = r.get("class")?;
    ConcernClass::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("舆情类别“{code}”")))
}

fn state_of(r: &Row) -> StoreResult<ConcernState> {
    let code: String = r.get("state")?;
    ConcernState::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("舆情状态“{code}”")))
}

fn clocks_of(r: &Row) -> StoreResult<ConcernClocks> {
    Ok(ConcernClocks {
        first_due_at: r.get("first_due_at")?,
        first_met_at: r.get("first_met_at")?,
        second_due_at: r.get("second_due_at")?,
        second_met_at: r.get("second_met_at")?,
    })
}

/// How the audit trail names a concern: `舆情（编号7）“…”`.
fn label(id: ConcernId, title: &str) -> String {
    format!("舆情（编号{id}）“{title}”")
}

/// The open concern `id` of a write, read under the transaction's lock:
/// its agency and title; `None` once closed. `NotFound` when there is none.
async fn locked_open(tx: &mut Tx, id: ConcernId) -> StoreResult<Option<(AgencyId, String)>> {
    let lock = tx.dialect().for_update();
    let r = query(format!(
        "SELECT agency_id, title, state FROM concerns WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("舆情（编号{id}）")))?;
    if state_of(&r)? != ConcernState::Open {
        return Ok(None);
    }
    Ok(Some((r.get("agency_id")?, r.get("title")?)))
}

const COLUMNS: &str = "id, agency_id, class, title, learned_at, source, summary, lead_agency, \
     state, first_due_at, first_met_at, second_due_at, second_met_at, closed_at, closing_note, \
     created_by, created_at";

async fn responses(db: &Db, id: ConcernId) -> StoreResult<Vec<ConcernResponse>> {
    let links = query(
        "SELECT l.response_id, l.item_id, l.title FROM concern_response_items l \
         JOIN concern_responses r ON r.id = l.response_id WHERE r.concern_id = $1 \
         ORDER BY l.response_id, l.item_id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let rows = query(
        "SELECT id, kind, responded_at, body, is_public, external_url, created_by, created_at \
         FROM concern_responses WHERE concern_id = $1 ORDER BY responded_at, id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let rid: ConcernResponseId = r.get("id")?;
        let code: String = r.get("kind")?;
        let kind = ResponseKind::from_code(&code)
            .ok_or_else(|| StoreError::Corrupt(format!("回应方式“{code}”")))?;
        let mut items = Vec::new();
        for l in &links {
            if l.get::<ConcernResponseId>("response_id")? == rid {
                items.push(LinkedItem {
                    item_id: l.get("item_id")?,
                    title: l.get("title")?,
                });
            }
        }
        out.push(ConcernResponse {
            id: rid,
            kind,
            responded_at: r.get("responded_at")?,
            body: r.get("body")?,
            public: r.get("is_public")?,
            external_url: r.get("external_url")?,
            items,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
        });
    }
    Ok(out)
}

/// The nearest clock not met of an open concern (NULL when closed or all
/// met): the first clock (5 h or 48 h) ends before the second (24 h).
const NEAREST: &str = "CASE WHEN c.state <> 'open' THEN NULL \
     WHEN c.first_met_at IS NULL THEN c.first_due_at \
     WHEN c.second_met_at IS NULL THEN c.second_due_at END";

/// 超时 at `$t`: a clock met after its due moment, or not met past it.
fn late(t: &str) -> String {
    format!(
        "(c.first_met_at > c.first_due_at OR (c.first_met_at IS NULL AND c.first_due_at < {t}) \
         OR c.second_met_at > c.second_due_at \
         OR (c.second_met_at IS NULL AND c.second_due_at < {t}))"
    )
}

fn list_row(r: &Row) -> StoreResult<ConcernRow> {
    Ok(ConcernRow {
        id: r.get("id")?,
        agency: AgencyBrief {
            id: r.get("agency_id")?,
            name: r.get("agency_name")?,
            code: r.get("agency_code")?,
        },
        class: class_of(r)?,
        title: r.get("title")?,
        learned_at: r.get("learned_at")?,
        source: r.get("source")?,
        lead_agency: r.get("lead_agency")?,
        state: state_of(r)?,
        clocks: clocks_of(r)?,
        public_responses: count(r, "public_responses")?,
    })
}

#[async_trait]
impl<S: SqlBacked> ConcernStore for S {
    async fn register_concern(&self, c: &NewConcern) -> StoreResult<ConcernId> {
        let mut tx = self.db().write_tx().await?;
        let id: ConcernId = query(
            "INSERT INTO concerns (agency_id, class, title, learned_at, source, summary, \
             lead_agency, state, first_due_at, second_due_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11) RETURNING id",
        )
        .bind(c.agency_id)
        .bind(c.class.code())
        .bind(c.title.as_str())
        .bind(c.learned_at)
        .bind(c.source.as_str())
        .bind(c.summary.as_str())
        .bind(c.lead_agency.as_str())
        .bind(c.first_due_at)
        .bind(c.second_due_at)
        .bind(c.created_by)
        .bind(c.created_at)
        .scalar(&mut tx)
        .await?;
        let detail = format!(
            "登记{}，{}，获知时间{}，来源：{}，牵头单位：{}",
            label(id, &c.title),
            c.class.label(),
            gongkai_domain::participation::concern::shown(c.learned_at),
            c.source,
            c.lead_agency
        );
        let stamp = Stamp {
            by: c.created_by,
            at: c.created_at,
        };
        let entry = audit(c.agency_id, stamp, "concern.registered", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn concern(&self, id: ConcernId) -> StoreResult<Option<Concern>> {
        let db = self.db();
        let Some(r) = query(format!("SELECT {COLUMNS} FROM concerns WHERE id = $1"))
            .bind(id)
            .fetch_optional(db)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(Concern {
            id: r.get("id")?,
            agency_id: r.get("agency_id")?,
            class: class_of(&r)?,
            title: r.get("title")?,
            learned_at: r.get("learned_at")?,
            source: r.get("source")?,
            summary: r.get("summary")?,
            lead_agency: r.get("lead_agency")?,
            state: state_of(&r)?,
            clocks: clocks_of(&r)?,
            closed_at: r.get("closed_at")?,
            closing_note: r.get("closing_note")?,
            responses: responses(db, id).await?,
            created_by: r.get("created_by")?,
            created_at: r.get("created_at")?,
        }))
    }

    async fn concern_rows(
        &self,
        list: ConcernList,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<ConcernRow>> {
        let mut q = query(
            "SELECT c.id, c.agency_id, a.full_name AS agency_name, a.code AS agency_code, \
             c.class, c.title, c.learned_at, c.source, c.lead_agency, c.state, c.first_due_at, \
             c.first_met_at, c.second_due_at, c.second_met_at, \
             (SELECT COUNT(*) FROM concern_responses r WHERE r.concern_id = c.id \
              AND r.is_public = TRUE) AS public_responses \
             FROM concerns c JOIN agencies a ON a.id = c.agency_id",
        );
        match list {
            ConcernList::Queue(agency) => {
                let a = q.arg(agency);
                q.push(&format!(
                    " WHERE c.agency_id = {a} \
                     ORDER BY CASE WHEN c.state = 'open' THEN 0 ELSE 1 END, \
                     ({NEAREST}) IS NULL, {NEAREST}, c.learned_at DESC, c.id DESC"
                ));
            }
            ConcernList::Public(agency) => {
                let a = q.arg(agency);
                q.push(&format!(
                    " WHERE c.agency_id = {a} AND EXISTS (SELECT 1 FROM concern_responses r \
                     WHERE r.concern_id = c.id AND r.is_public = TRUE) \
                     ORDER BY c.learned_at DESC, c.id DESC"
                ));
            }
        }
        let l = q.arg(i64::from(limit.min(CONCERN_ROWS_MAX)));
        let o = q.arg(i64::from(offset));
        q.push(&format!(" LIMIT {l} OFFSET {o}"));
        q.fetch_as(self.db(), list_row).await
    }

    async fn record_concern_response(
        &self,
        id: ConcernId,
        r: &NewConcernResponse,
        stamp: Stamp,
    ) -> StoreResult<Option<ConcernResponseId>> {
        let mut tx = self.db().write_tx().await?;
        let Some((agency, title)) = locked_open(&mut tx, id).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        let rid: ConcernResponseId = query(
            "INSERT INTO concern_responses (concern_id, kind, responded_at, body, is_public, \
             external_url, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(id)
        .bind(r.kind.code())
        .bind(r.responded_at)
        .bind(r.body.as_str())
        .bind(r.public)
        .bind(&r.external_url)
        .bind(stamp.by)
        .bind(stamp.at)
        .scalar(&mut tx)
        .await?;
        for item in &r.items {
            query(
                "INSERT INTO concern_response_items (response_id, item_id, title) \
                 VALUES ($1, $2, $3) ON CONFLICT (response_id, item_id) DO NOTHING",
            )
            .bind(rid)
            .bind(item.item_id)
            .bind(item.title.as_str())
            .execute(&mut tx)
            .await?;
        }
        // Each clock keeps its earliest meeting, whatever the order the
        // responses are recorded in.
        query(
            "UPDATE concerns SET \
             first_met_at = CASE WHEN $1 AND (first_met_at IS NULL OR first_met_at > $3) \
              THEN $3 ELSE first_met_at END, \
             second_met_at = CASE WHEN $2 AND (second_met_at IS NULL OR second_met_at > $3) \
              THEN $3 ELSE second_met_at END \
             WHERE id = $4",
        )
        .bind(r.meets_first)
        .bind(r.meets_second)
        .bind(r.responded_at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let detail = format!(
            "{}：记录回应（编号{rid}），{}，回应时间{}，{}，关联已公开信息{}条",
            label(id, &title),
            r.kind.label(),
            gongkai_domain::participation::concern::shown(r.responded_at),
            if r.public { "公开" } else { "不公开" },
            r.items.len()
        );
        append_chained(&mut tx, &audit(agency, stamp, "concern.responded", detail)).await?;
        tx.commit().await?;
        Ok(Some(rid))
    }

    async fn close_concern(&self, id: ConcernId, note: &str, stamp: Stamp) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let Some((agency, title)) = locked_open(&mut tx, id).await? else {
            tx.rollback().await?;
            return Ok(false);
        };
        query(
            "UPDATE concerns SET state = 'closed', closed_at = $1, closing_note = $2 \
             WHERE id = $3",
        )
        .bind(stamp.at)
        .bind(note)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let detail = format!("{}办结：{note}", label(id, &title));
        append_chained(&mut tx, &audit(agency, stamp, "concern.closed", detail)).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn concern_counts(
        &self,
        root: AgencyId,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ConcernCounts>> {
        let db = self.reads();
        let (from, to) = subtree_bounds(&agency_path(db, root).await?);
        let rows = query(format!(
            "SELECT c.agency_id, COUNT(*) AS concerns, \
             COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS late \
             FROM concerns c JOIN agencies a ON a.id = c.agency_id \
             WHERE a.path >= $1 AND a.path < $2 AND c.learned_at >= $3 \
             GROUP BY c.agency_id",
            late("$4")
        ))
        .bind(from)
        .bind(to)
        .bind(since)
        .bind(now)
        .fetch_all(db)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ConcernCounts {
                    agency_id: r.get("agency_id")?,
                    concerns: count(r, "concerns")?,
                    late: count(r, "late")?,
                })
            })
            .collect()
    }
}
