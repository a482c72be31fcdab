//! [`ProposalStore`] over both databases.

use async_trait::async_trait;
use chrono::Utc;

use super::audit::append_chained;
use super::{SqlBacked, query, write_err};
use crate::*;

const COLUMNS: &str = "p.id, p.agency_id, p.case_id, c.number AS case_number, p.title, \
     p.summary, p.same_cases, p.proposed_at, p.item_id";

fn proposal_row(r: &super::Row) -> StoreResult<Proposal> {
    let same: String = r.get("same_cases")?;
    Ok(Proposal {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        case_id: r.get("case_id")?,
        case_number: r.get("case_number")?,
        title: r.get("title")?,
        summary: r.get("summary")?,
        same_cases: same
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        proposed_at: r.get("proposed_at")?,
        item_id: r.get("item_id")?,
    })
}

#[async_trait]
impl<S: SqlBacked> ProposalStore for S {
    async fn propose_proactive(&self, p: &NewProposal) -> StoreResult<i64> {
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        let id: i64 = query(
            "INSERT INTO proactive_proposals (agency_id, case_id, title, summary, same_cases, \
             proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(p.agency_id)
        .bind(p.case_id)
        .bind(p.title.as_str())
        .bind(p.summary.as_str())
        .bind(p.same_cases.join(","))
        .bind(p.proposed_by)
        .bind(now)
        .scalar(&mut tx)
        .await
        .map_err(write_err(Conflict::Proposal))?;
        let number: String = query("SELECT number FROM cases WHERE id = $1")
            .bind(p.case_id)
            .scalar(&mut tx)
            .await?;
        let entry = NewAuditEntry {
            at: now,
            staff_id: Some(p.proposed_by),
            agency_id: Some(p.agency_id),
            action: "case.proactive_proposed".into(),
            detail: format!(
                "建议将申请{number}答复的信息纳入主动公开（第四十四条），相同申请：{}",
                p.same_cases.join("、")
            ),
        };
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn proposal(&self, id: i64) -> StoreResult<Option<Proposal>> {
        let row = query(format!(
            "SELECT {COLUMNS} FROM proactive_proposals p JOIN cases c ON c.id = p.case_id \
             WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(proposal_row).transpose()
    }

    async fn proposal_of_case(&self, case: CaseId) -> StoreResult<Option<Proposal>> {
        let row = query(format!(
            "SELECT {COLUMNS} FROM proactive_proposals p JOIN cases c ON c.id = p.case_id \
             WHERE p.case_id = $1"
        ))
        .bind(case)
        .fetch_optional(self.db())
        .await?;
        row.as_ref().map(proposal_row).transpose()
    }

    async fn open_proposals(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<Proposal>> {
        query(format!(
            "SELECT {COLUMNS} FROM proactive_proposals p JOIN cases c ON c.id = p.case_id \
             WHERE p.agency_id = $1 AND p.item_id IS NULL ORDER BY p.id LIMIT $2"
        ))
        .bind(agency)
        .bind(i64::from(limit.min(OPEN_PROPOSALS_MAX)))
        .fetch_as(self.db(), proposal_row)
        .await
    }

    async fn take_proposal(&self, id: i64, item: i64, by: StaffId) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        let changed = query(
            "UPDATE proactive_proposals SET item_id = $1, taken_at = $2 \
             WHERE id = $3 AND item_id IS NULL",
        )
        .bind(item)
        .bind(now)
        .bind(id)
        .execute(&mut tx)
        .await?;
        if changed == 0 {
            return Err(StoreError::Conflict(Conflict::Proposal));
        }
        let row = query(
            "SELECT p.agency_id, c.number FROM proactive_proposals p \
             JOIN cases c ON c.id = p.case_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_one(&mut tx)
        .await?;
        let number: String = row.get("number")?;
        let entry = NewAuditEntry {
            at: now,
            staff_id: Some(by),
            agency_id: Some(row.get("agency_id")?),
            action: "proactive.taken".into(),
            detail: format!("依申请{number}的建议拟制主动公开信息（信息编号{item}）"),
        };
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }
}
