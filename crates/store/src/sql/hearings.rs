//! [`HearingStore`] over both databases. The participants are the domain's
//! list as JSON; the audit records count them, never name a contact.

use async_trait::async_trait;
use chrono::NaiveDate;
use gongkai_domain::participation::hearing::Participant;

use super::audit::append_chained;
use super::consultations::audit;
use super::{Row, SqlBacked, Tx, json, parse_json, query};
use crate::*;

const COLUMNS: &str = "id, consultation_id, agency_id, matter, held_on, starts_at, place, \
     how_to_join, materials, state, published_on, notice_late, \
     (participants IS NOT NULL) AS has_participants, participants, participants_at, record, \
     recorded_on, created_at";

fn state_of(code: &str) -> StoreResult<HearingState> {
    HearingState::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("听证状态“{code}”")))
}

fn hearing_row(r: &Row) -> StoreResult<Hearing> {
    // A JSON column is read only when it holds something.
    let has: bool = r.get("has_participants")?;
    let participants = match has {
        true => parse_json::<Vec<Participant>>(&r.json("participants")?, "听证参加人")?,
        false => Vec::new(),
    };
    Ok(Hearing {
        id: r.get("id")?,
        consultation_id: r.get("consultation_id")?,
        agency_id: r.get("agency_id")?,
        notice: HearingNotice {
            matter: r.get("matter")?,
            held_on: r.get("held_on")?,
            starts_at: r.get("starts_at")?,
            place: r.get("place")?,
            how_to_join: r.get("how_to_join")?,
            materials: r.get("materials")?,
        },
        state: state_of(&r.get::<String>("state")?)?,
        published_on: r.get("published_on")?,
        notice_late: r.get("notice_late")?,
        participants,
        participants_at: r.get("participants_at")?,
        record: r.get("record")?,
        recorded_on: r.get("recorded_on")?,
        created_at: r.get("created_at")?,
    })
}

/// The hearing `id` of a write, under the transaction's lock: its agency,
/// its consultation and its state.
async fn locked(
    tx: &mut Tx,
    id: HearingId,
) -> StoreResult<(AgencyId, ConsultationId, HearingState)> {
    let lock = tx.dialect().for_update();
    let r = query(format!(
        "SELECT agency_id, consultation_id, state FROM hearings WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("听证（编号{id}）")))?;
    Ok((
        r.get("agency_id")?,
        r.get("consultation_id")?,
        state_of(&r.get::<String>("state")?)?,
    ))
}

/// Commit with the audit record of `action`, or roll back and answer
/// `false` when `changed` is not.
async fn finish(
    mut tx: Tx,
    changed: bool,
    (agency, stamp, action): (AgencyId, Stamp, &str),
    detail: String,
) -> StoreResult<bool> {
    if !changed {
        tx.rollback().await?;
        return Ok(false);
    }
    append_chained(&mut tx, &audit(agency, stamp, action, detail)).await?;
    tx.commit().await?;
    Ok(true)
}

#[async_trait]
impl<S: SqlBacked> HearingStore for S {
    async fn create_hearing(&self, h: &NewHearing) -> StoreResult<HearingId> {
        let mut tx = self.db().write_tx().await?;
        let n = &h.notice;
        let id: HearingId = query(
            "INSERT INTO hearings (consultation_id, agency_id, matter, held_on, starts_at, place, \
             how_to_join, materials, state, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10) RETURNING id",
        )
        .bind(h.consultation_id)
        .bind(h.agency_id)
        .bind(n.matter.as_str())
        .bind(n.held_on)
        .bind(n.starts_at.as_str())
        .bind(n.place.as_str())
        .bind(n.how_to_join.as_str())
        .bind(n.materials.as_str())
        .bind(h.created_by)
        .bind(h.created_at)
        .scalar(&mut tx)
        .await?;
        let detail = format!(
            "拟定意见征集{}的听证{id}：{}（{} {}，{}）",
            h.consultation_id, n.matter, n.held_on, n.starts_at, n.place
        );
        let stamp = Stamp {
            by: h.created_by,
            at: h.created_at,
        };
        finish(tx, true, (h.agency_id, stamp, "hearing.created"), detail).await?;
        Ok(id)
    }

    async fn hearing(&self, id: HearingId) -> StoreResult<Option<Hearing>> {
        let row = query(format!("SELECT {COLUMNS} FROM hearings WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.db())
            .await?;
        row.as_ref().map(hearing_row).transpose()
    }

    async fn hearings_of(
        &self,
        consultation: ConsultationId,
        published_only: bool,
    ) -> StoreResult<Vec<Hearing>> {
        let only = if published_only {
            " AND state <> 'draft'"
        } else {
            ""
        };
        query(format!(
            "SELECT {COLUMNS} FROM hearings WHERE consultation_id = $1{only} \
             ORDER BY held_on, id LIMIT $2"
        ))
        .bind(consultation)
        .bind(i64::from(HEARINGS_MAX))
        .fetch_as(self.db(), hearing_row)
        .await
    }

    async fn edit_hearing(
        &self,
        id: HearingId,
        n: &HearingNotice,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, _, state) = locked(&mut tx, id).await?;
        let draft = state == HearingState::Draft;
        if draft {
            query(
                "UPDATE hearings SET matter = $1, held_on = $2, starts_at = $3, place = $4, \
                 how_to_join = $5, materials = $6 WHERE id = $7",
            )
            .bind(n.matter.as_str())
            .bind(n.held_on)
            .bind(n.starts_at.as_str())
            .bind(n.place.as_str())
            .bind(n.how_to_join.as_str())
            .bind(n.materials.as_str())
            .bind(id)
            .execute(&mut tx)
            .await?;
        }
        let detail = format!("修改听证{id}：{} {}，{}", n.held_on, n.starts_at, n.place);
        finish(tx, draft, (agency, stamp, "hearing.edited"), detail).await
    }

    async fn publish_hearing(
        &self,
        id: HearingId,
        on: NaiveDate,
        late: bool,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, consultation, _) = locked(&mut tx, id).await?;
        let changed = query(
            "UPDATE hearings SET state = 'published', published_on = $1, notice_late = $2 \
             WHERE id = $3 AND state = 'draft'",
        )
        .bind(on)
        .bind(late)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let mark = if late {
            "（不足7日，已标记）"
        } else {
            ""
        };
        let detail = format!("发布意见征集{consultation}的听证{id}公告{mark}");
        finish(
            tx,
            changed == 1,
            (agency, stamp, "hearing.published"),
            detail,
        )
        .await
    }

    async fn set_participants(
        &self,
        id: HearingId,
        list: &[Participant],
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, _, _) = locked(&mut tx, id).await?;
        let changed = query(
            "UPDATE hearings SET participants = $1, participants_at = $2 \
             WHERE id = $3 AND state <> 'recorded'",
        )
        .bind(json(&list)?)
        .bind(stamp.at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let detail = format!("听证{id}的听证参加人名单：{}人", list.len());
        finish(
            tx,
            changed == 1,
            (agency, stamp, "hearing.participants"),
            detail,
        )
        .await
    }

    async fn record_hearing(
        &self,
        id: HearingId,
        record: &str,
        on: NaiveDate,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let (agency, _, _) = locked(&mut tx, id).await?;
        let changed = query(
            "UPDATE hearings SET state = 'recorded', record = $1, recorded_on = $2 \
             WHERE id = $3 AND state = 'published'",
        )
        .bind(record)
        .bind(on)
        .bind(id)
        .execute(&mut tx)
        .await?;
        let detail = format!("公开听证{id}的听证报告（{}字）", record.chars().count());
        finish(
            tx,
            changed == 1,
            (agency, stamp, "hearing.recorded"),
            detail,
        )
        .await
    }
}
