//! [`StandardCatalogueStore`] over both databases.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::catalogue::standard::CatalogueRow;

use super::audit::append_chained;
use super::snapshots::{agency_path, subtree_bounds};
use super::{Row, SqlBacked, json, parse_json, query, write_err};
use crate::*;

fn audit(by: StaffId, agency: AgencyId, action: &str, detail: String) -> NewAuditEntry {
    NewAuditEntry {
        at: Utc::now(),
        staff_id: Some(by),
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

fn stored_row(r: &Row) -> StoreResult<StoredCatalogueRow> {
    let data = r.json("row_data")?;
    Ok(StoredCatalogueRow {
        row: parse_json(&data, "标准目录事项")?,
        deleted_reason: r.get("deleted_reason")?,
    })
}

fn position(i: usize) -> StoreResult<i32> {
    i32::try_from(i).map_err(|_| StoreError::Backend(format!("标准目录第{i}行超出范围")))
}

#[async_trait]
impl<S: SqlBacked> StandardCatalogueStore for S {
    async fn derive_standard_catalogue(
        &self,
        agency: AgencyId,
        template: &str,
        rows: &[CatalogueRow],
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        query(
            "INSERT INTO standard_catalogues (agency_id, template, derived_by, derived_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(agency)
        .bind(template)
        .bind(by)
        .bind(at)
        .execute(&mut tx)
        .await
        .map_err(write_err(Conflict::StandardCatalogue))?;
        for (i, row) in rows.iter().enumerate() {
            query(
                "INSERT INTO standard_catalogue_rows (agency_id, row_key, position, row_data, \
                 changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(agency)
            .bind(row.key.as_str())
            .bind(position(i + 1)?)
            .bind(json(row)?)
            .bind(by)
            .bind(at)
            .execute(&mut tx)
            .await
            .map_err(write_err(Conflict::StandardCatalogue))?;
        }
        let detail = format!("由模板“{template}”生成标准目录，共{}项", rows.len());
        append_chained(
            &mut tx,
            &audit(by, agency, "standard_catalogue.derived", detail),
        )
        .await?;
        tx.commit().await
    }

    async fn standard_catalogue(&self, agency: AgencyId) -> StoreResult<Option<StandardCatalogue>> {
        let head =
            query("SELECT template, derived_at FROM standard_catalogues WHERE agency_id = $1")
                .bind(agency)
                .fetch_optional(self.reads())
                .await?;
        let Some(head) = head else {
            return Ok(None);
        };
        let rows = query(
            "SELECT row_data, deleted_reason FROM standard_catalogue_rows WHERE agency_id = $1 \
             ORDER BY position",
        )
        .bind(agency)
        .fetch_as(self.reads(), stored_row)
        .await?;
        Ok(Some(StandardCatalogue {
            agency_id: agency,
            template: head.get("template")?,
            derived_at: head.get("derived_at")?,
            rows,
        }))
    }

    async fn save_standard_catalogue_row(
        &self,
        agency: AgencyId,
        row: &CatalogueRow,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        query(format!(
            "SELECT agency_id FROM standard_catalogues WHERE agency_id = $1{lock}"
        ))
        .bind(agency)
        .scalar_opt::<AgencyId>(&mut tx)
        .await?
        .ok_or_else(|| StoreError::NotFound("本机关的标准目录".into()))?;
        let existing: Option<i32> = query(
            "SELECT position FROM standard_catalogue_rows WHERE agency_id = $1 AND row_key = $2",
        )
        .bind(agency)
        .bind(row.key.as_str())
        .scalar_opt(&mut tx)
        .await?;
        let action = if existing.is_some() {
            query(
                "UPDATE standard_catalogue_rows SET row_data = $3, deleted_reason = NULL, \
                 changed_by = $4, changed_at = $5 WHERE agency_id = $1 AND row_key = $2",
            )
        } else {
            let count: i64 =
                query("SELECT COUNT(*) FROM standard_catalogue_rows WHERE agency_id = $1")
                    .bind(agency)
                    .scalar(&mut tx)
                    .await?;
            if count as usize >= CATALOGUE_ROWS_MAX {
                return Err(StoreError::Conflict(Conflict::StandardCatalogue));
            }
            query(
                "INSERT INTO standard_catalogue_rows (agency_id, row_key, row_data, changed_by, \
                 changed_at, position) VALUES ($1, $2, $3, $4, $5, \
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM standard_catalogue_rows WHERE agency_id = $1))",
            )
        };
        action
            .bind(agency)
            .bind(row.key.as_str())
            .bind(json(row)?)
            .bind(by)
            .bind(at)
            .execute(&mut tx)
            .await?;
        let verb = if existing.is_some() {
            "修改"
        } else {
            "新增"
        };
        let detail = format!(
            "{verb}标准目录事项“{}—{}”（{}）",
            row.level1, row.level2, row.key
        );
        append_chained(
            &mut tx,
            &audit(by, agency, "standard_catalogue.row_saved", detail),
        )
        .await?;
        tx.commit().await
    }

    async fn mark_standard_catalogue_row(
        &self,
        agency: AgencyId,
        key: &str,
        deleted_reason: Option<&str>,
        by: StaffId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let changed = query(
            "UPDATE standard_catalogue_rows SET deleted_reason = $3, changed_by = $4, \
             changed_at = $5 WHERE agency_id = $1 AND row_key = $2",
        )
        .bind(agency)
        .bind(key)
        .bind(deleted_reason)
        .bind(by)
        .bind(at)
        .execute(&mut tx)
        .await?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("标准目录事项“{key}”")));
        }
        let (action, detail) = match deleted_reason {
            Some(r) => (
                "standard_catalogue.row_deleted",
                format!("删除标准目录事项（{key}），理由：{r}"),
            ),
            None => (
                "standard_catalogue.row_restored",
                format!("恢复标准目录事项（{key}）"),
            ),
        };
        append_chained(&mut tx, &audit(by, agency, action, detail)).await?;
        tx.commit().await
    }

    async fn standard_catalogue_counts(&self, root: AgencyId) -> StoreResult<Vec<CatalogueCounts>> {
        let (from, to) = subtree_bounds(&agency_path(self.reads(), root).await?);
        query(
            "SELECT c.agency_id, c.template, \
             COALESCE(SUM(CASE WHEN r.deleted_reason IS NULL THEN 1 ELSE 0 END), 0) AS in_force, \
             COALESCE(SUM(CASE WHEN r.deleted_reason IS NULL THEN 0 ELSE 1 END), 0) AS deleted \
             FROM standard_catalogues c JOIN agencies a ON a.id = c.agency_id \
             LEFT JOIN standard_catalogue_rows r ON r.agency_id = c.agency_id \
             WHERE a.path >= $1 AND a.path < $2 GROUP BY c.agency_id, c.template ORDER BY c.agency_id",
        )
        .bind(from)
        .bind(to)
        .fetch_as(self.reads(), |r| {
            Ok(CatalogueCounts {
                agency_id: r.get("agency_id")?,
                template: r.get("template")?,
                in_force: r.get("in_force")?,
                deleted: r.get("deleted")?,
            })
        })
        .await
    }
}
