//! [`DecisionCatalogueStore`] over both databases: the directory of a year,
//! its entries with their links' titles read in the same query, and the
//! adjustments kept with their reasons.

use async_trait::async_trait;
use gongkai_domain::participation::decisions::DecisionStatus;

use super::audit::append_chained;
use super::{Db, Row, SqlBacked, Tx, query};
use crate::*;

fn status_of(code: &str) -> StoreResult<DecisionStatus> {
    DecisionStatus::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("决策事项状态“{code}”")))
}

/// The entries' select, the titles of the links joined.
fn select(db: &Db) -> String {
    let title = db.dialect().json_text("i.snapshot", &["metadata", "title"]);
    format!(
        "SELECT e.id, e.agency_id, e.year, e.title, e.lead_unit, e.planned_month, e.status, \
         e.consultation_id, e.decision_item_id, c.title AS consultation_title, \
         {title} AS decision_title FROM decision_entries e \
         LEFT JOIN consultations c ON c.id = e.consultation_id \
         LEFT JOIN catalogue_items i ON i.id = e.decision_item_id"
    )
}

fn entry_row(r: &Row) -> StoreResult<DecisionEntry> {
    let month: i32 = r.get("planned_month")?;
    Ok(DecisionEntry {
        id: r.get("id")?,
        agency_id: r.get("agency_id")?,
        year: r.get::<i32>("year")?,
        fields: DecisionEntryFields {
            title: r.get("title")?,
            lead_unit: r.get("lead_unit")?,
            planned_month: u32::try_from(month).unwrap_or(0),
            status: status_of(&r.get::<String>("status")?)?,
            consultation_id: r.get("consultation_id")?,
            decision_item_id: r.get("decision_item_id")?,
        },
        consultation_title: r.get("consultation_title")?,
        decision_title: r.get("decision_title")?,
    })
}

fn entry_audit(agency: AgencyId, stamp: Stamp, action: &str, detail: String) -> NewAuditEntry {
    NewAuditEntry {
        at: stamp.at,
        staff_id: stamp.by,
        agency_id: Some(agency),
        action: action.into(),
        detail,
    }
}

/// Whether the directory of `agency` for `year` is published, creating it
/// (unpublished) if it does not exist yet.
async fn directory(tx: &mut Tx, agency: AgencyId, year: i32) -> StoreResult<bool> {
    query(
        "INSERT INTO decision_catalogues (agency_id, year) VALUES ($1, $2) \
         ON CONFLICT (agency_id, year) DO NOTHING",
    )
    .bind(agency)
    .bind(year)
    .execute(&mut *tx)
    .await?;
    let lock = tx.dialect().for_update();
    let r = query(format!(
        "SELECT (published_at IS NOT NULL) AS published FROM decision_catalogues \
         WHERE agency_id = $1 AND year = $2{lock}"
    ))
    .bind(agency)
    .bind(year)
    .fetch_one(&mut *tx)
    .await?;
    r.get("published")
}

async fn adjust(
    tx: &mut Tx,
    entry: DecisionEntryId,
    (change, reason): (&str, &str),
    stamp: Stamp,
) -> StoreResult<()> {
    query(
        "INSERT INTO decision_adjustments (entry_id, at, by_staff, change, reason) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(entry)
    .bind(stamp.at)
    .bind(stamp.by)
    .bind(change)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

fn bind_fields(q: super::Query, f: &DecisionEntryFields) -> super::Query {
    q.bind(f.title.as_str())
        .bind(f.lead_unit.as_str())
        .bind(i32::try_from(f.planned_month).unwrap_or(0))
        .bind(f.status.code())
        .bind(f.consultation_id)
        .bind(f.decision_item_id)
}

#[async_trait]
impl<S: SqlBacked> DecisionCatalogueStore for S {
    async fn decision_catalogue(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<DecisionCatalogue> {
        let db = self.db();
        let published_at = query(
            "SELECT published_at FROM decision_catalogues WHERE agency_id = $1 AND year = $2",
        )
        .bind(agency)
        .bind(year)
        .fetch_optional(db)
        .await?
        .map(|r| r.get("published_at"))
        .transpose()?
        .flatten();
        let entries = query(format!(
            "{} WHERE e.agency_id = $1 AND e.year = $2 ORDER BY e.id LIMIT $3",
            select(db)
        ))
        .bind(agency)
        .bind(year)
        .bind(i64::from(DECISION_ENTRIES_MAX))
        .fetch_as(db, entry_row)
        .await?;
        let adjustments = query(
            "SELECT d.entry_id, d.at, d.change, d.reason FROM decision_adjustments d \
             JOIN decision_entries e ON e.id = d.entry_id \
             WHERE e.agency_id = $1 AND e.year = $2 ORDER BY d.id LIMIT $3",
        )
        .bind(agency)
        .bind(year)
        .bind(i64::from(DECISION_ENTRIES_MAX))
        .fetch_as(db, |r| {
            Ok(DecisionAdjustment {
                entry_id: r.get("entry_id")?,
                at: r.get("at")?,
                change: r.get("change")?,
                reason: r.get("reason")?,
            })
        })
        .await?;
        Ok(DecisionCatalogue {
            published_at,
            entries,
            adjustments,
        })
    }

    async fn decision_catalogue_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>> {
        query(
            "SELECT year FROM decision_catalogues WHERE agency_id = $1 \
             AND published_at IS NOT NULL ORDER BY year DESC",
        )
        .bind(agency)
        .fetch_as(self.db(), |r| r.get::<i32>("year"))
        .await
    }

    async fn decision_entry(&self, id: DecisionEntryId) -> StoreResult<Option<DecisionEntry>> {
        let db = self.db();
        let row = query(format!("{} WHERE e.id = $1", select(db)))
            .bind(id)
            .fetch_optional(db)
            .await?;
        row.as_ref().map(entry_row).transpose()
    }

    async fn add_decision_entry(
        &self,
        agency: AgencyId,
        year: i32,
        f: &DecisionEntryFields,
        reason: Option<&str>,
        stamp: Stamp,
    ) -> StoreResult<DecisionEntryId> {
        let mut tx = self.db().write_tx().await?;
        let published = directory(&mut tx, agency, year).await?;
        let q = query(
            "INSERT INTO decision_entries (agency_id, year, title, lead_unit, planned_month, \
             status, consultation_id, decision_item_id, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(agency)
        .bind(year);
        let id: DecisionEntryId = bind_fields(q, f)
            .bind(stamp.by)
            .bind(stamp.at)
            .scalar(&mut tx)
            .await?;
        if let (true, Some(why)) = (published, reason) {
            adjust(&mut tx, id, ("新增事项", why), stamp).await?;
        }
        let detail = format!(
            "{year}年重大行政决策事项目录新增事项{id}“{}”（{}）",
            f.title,
            f.status.label()
        );
        let entry = entry_audit(agency, stamp, "decision_catalogue.entry_added", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_decision_entry(
        &self,
        id: DecisionEntryId,
        f: &DecisionEntryFields,
        adjustment: Option<(&str, &str)>,
        stamp: Stamp,
    ) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let lock = tx.dialect().for_update();
        let agency: AgencyId = query(format!(
            "SELECT agency_id FROM decision_entries WHERE id = $1{lock}"
        ))
        .bind(id)
        .scalar_opt(&mut tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("决策事项（编号{id}）")))?;
        let q = query(
            "UPDATE decision_entries SET title = $1, lead_unit = $2, planned_month = $3, \
             status = $4, consultation_id = $5, decision_item_id = $6 WHERE id = $7",
        );
        bind_fields(q, f).bind(id).execute(&mut tx).await?;
        if let Some(change) = adjustment {
            adjust(&mut tx, id, change, stamp).await?;
        }
        let why = adjustment.map_or(String::new(), |(c, r)| format!("：{c}，理由：{r}"));
        let detail = format!("变更决策事项{id}“{}”{why}", f.title);
        let entry = entry_audit(agency, stamp, "decision_catalogue.entry_changed", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }

    async fn publish_decision_catalogue(
        &self,
        agency: AgencyId,
        year: i32,
        stamp: Stamp,
    ) -> StoreResult<bool> {
        let mut tx = self.db().write_tx().await?;
        let changed = query(
            "UPDATE decision_catalogues SET published_at = $1, published_by = $2 \
             WHERE agency_id = $3 AND year = $4 AND published_at IS NULL AND EXISTS \
             (SELECT 1 FROM decision_entries e WHERE e.agency_id = $3 AND e.year = $4)",
        )
        .bind(stamp.at)
        .bind(stamp.by)
        .bind(agency)
        .bind(year)
        .execute(&mut tx)
        .await?;
        if changed != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let detail = format!("公布{year}年重大行政决策事项目录");
        let entry = entry_audit(agency, stamp, "decision_catalogue.published", detail);
        append_chained(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }
}
