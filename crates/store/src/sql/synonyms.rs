//! [`SynonymStore`] over both databases.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::audit::append_chained;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Row, SqlBacked, json, parse_json, query};
use crate::*;

fn group_row(r: &Row) -> StoreResult<SynonymGroup> {
    Ok(SynonymGroup {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        terms: parse_json(&r.json("terms")?, "检索同义词组")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
    })
}

fn audit(
    at: DateTime<Utc>,
    by: StaffId,
    agency: AgencyId,
    action: &str,
    detail: String,
) -> NewAuditEntry {
    NewAuditEntry {
        at,
        staff_id: Some(by),
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

#[async_trait]
impl<S: SqlBacked> SynonymStore for S {
    async fn add_synonym_group(
        &self,
        agency: AgencyId,
        terms: &[String],
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<SynonymGroupId> {
        let mut tx = self.db().write_tx().await?;
        let id: i64 = query(
            "INSERT INTO search_synonyms (agency_id, terms, created_by, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(agency)
        .bind(json(&terms)?)
        .bind(by)
        .bind(at)
        .scalar(&mut tx)
        .await?;
        let detail = format!("新增检索同义词组：{}", terms.join("/"));
        append_chained(
            &mut tx,
            &audit(at, by, agency, "search.synonyms_added", detail),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn delete_synonym_group(
        &self,
        agency: AgencyId,
        id: SynonymGroupId,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        let terms = query(format!(
            "SELECT terms FROM search_synonyms WHERE id = $1 AND agency_id = $2{lock}"
        ))
        .bind(id)
        .bind(agency)
        .fetch_optional(&mut tx)
        .await?
        .map(|r| -> StoreResult<Vec<String>> {
            parse_json(&r.json("terms")?, "检索同义词组")
        })
        .transpose()?
        .ok_or_else(|| StoreError::NotFound("本机关的该同义词组".into()))?;
        query("DELETE FROM search_synonyms WHERE id = $1")
            .bind(id)
            .execute(&mut tx)
            .await?;
        let detail = format!("删除检索同义词组：{}", terms.join("/"));
        append_chained(
            &mut tx,
            &audit(at, by, agency, "search.synonyms_deleted", detail),
        )
        .await?;
        tx.commit().await
    }

    async fn synonym_groups(&self, agency: AgencyId) -> StoreResult<Vec<SynonymGroup>> {
        query(format!(
            "SELECT id, agency_id, terms, created_by, created_at FROM search_synonyms \
             WHERE agency_id = $1 ORDER BY id LIMIT {AGENCY_SYNONYM_GROUPS_MAX}"
        ))
        .bind(agency)
        .fetch_as(self.db(), group_row)
        .await
    }

    async fn synonyms_for_search(&self, within: Option<AgencyId>) -> StoreResult<Vec<Vec<String>>> {
        let read = |r: &Row| -> StoreResult<Vec<String>> {
            parse_json(&r.json("terms")?, "检索同义词组")
        };
        let online = "SELECT s.terms FROM search_synonyms s JOIN agencies a ON a.id = s.agency_id \
                      WHERE a.online_on IS NOT NULL";
        let Some(agency) = within else {
            return query(format!("{online} ORDER BY s.id"))
                .fetch_as(self.db(), read)
                .await;
        };
        // The subtree is one range of the materialised path; the lineage
        // is the path's ids.
        let path = agency_path(self.db(), agency).await?;
        let (from, to) = subtree_bounds(&path);
        let lineage: Vec<AgencyId> = path.split('/').filter_map(|s| s.parse().ok()).collect();
        let (open, close) = self.db().dialect().ids_of_json();
        query(format!(
            "{online} AND ((a.path >= $1 AND a.path < $2) OR a.id IN ({open}$3{close})) \
             ORDER BY s.id"
        ))
        .bind(from)
        .bind(to)
        .bind(json(&lineage)?)
        .fetch_as(self.db(), read)
        .await
    }
}
