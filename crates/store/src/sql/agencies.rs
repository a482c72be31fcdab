//! 行政机关: agencies, and the [`Store`] implementation itself.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::agency::AgencyProfile;
use gongkai_domain::catalogue::ItemState;

use super::items::{insert_changes, state_code};
use super::{Row, SqlBacked, query, write_err};
use crate::*;

const AGENCY_COLUMNS: &str = "id, parent_id, full_name, short_name, code, level, kind, \
    office_name, office_address, office_postcode, office_hours, office_phone, office_fax, \
    office_email, channels, guide_text, rules_text, online_on";

fn agency_row(r: &Row) -> StoreResult<Agency> {
    agency_row_as(r, "")
}

/// `AGENCY_COLUMNS` of table alias `table`, each named `{prefix}{column}`
/// (for a query that reads an agency beside other rows).
pub(super) fn agency_columns_as(table: &str, prefix: &str) -> String {
    AGENCY_COLUMNS
        .split(',')
        .map(|c| format!("{table}.{0} AS {prefix}{0}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An agency read from columns named `{prefix}{column}`.
pub(super) fn agency_row_as(r: &Row, prefix: &str) -> StoreResult<Agency> {
    let col = |c: &str| format!("{prefix}{c}");
    AgencyRow {
        id: r.get(&col("id"))?,
        parent_id: r.get(&col("parent_id"))?,
        full_name: r.get(&col("full_name"))?,
        short_name: r.get(&col("short_name"))?,
        code: r.get(&col("code"))?,
        level: r.get(&col("level"))?,
        kind: r.get(&col("kind"))?,
        office_name: r.get(&col("office_name"))?,
        office_address: r.get(&col("office_address"))?,
        office_postcode: r.get(&col("office_postcode"))?,
        office_hours: r.get(&col("office_hours"))?,
        office_phone: r.get(&col("office_phone"))?,
        office_fax: r.get(&col("office_fax"))?,
        office_email: r.get(&col("office_email"))?,
        channels: r.get(&col("channels"))?,
        guide_text: r.get(&col("guide_text"))?,
        rules_text: r.get(&col("rules_text"))?,
        online_on: r.get(&col("online_on"))?,
    }
    .into_agency()
}

/// The profile's columns, bound in the order of [`AGENCY_COLUMNS`] from
/// `full_name` to `channels`.
fn bind_profile(q: super::Query, p: &AgencyProfile) -> super::Query {
    q.bind(&p.full_name)
        .bind(&p.short_name)
        .bind(p.code.as_str())
        .bind(p.level.code())
        .bind(p.kind.code())
        .bind(&p.office.name)
        .bind(&p.office.address)
        .bind(&p.office.postcode)
        .bind(&p.office.hours)
        .bind(&p.office.phone)
        .bind(&p.office.fax)
        .bind(&p.office.email)
        .bind(channels_column(p))
}

fn agency_missing(id: AgencyId) -> StoreError {
    StoreError::NotFound(format!("机构{id}"))
}

#[async_trait]
impl<S: SqlBacked> Store for S {
    fn backend(&self) -> Backend {
        self.db().dialect().backend()
    }

    async fn migrate(&self) -> StoreResult<()> {
        self.db().migrate().await?;
        super::audit::chain_legacy_audit(self.db()).await
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = query("SELECT COUNT(*) FROM agencies")
            .scalar(self.db())
            .await?;
        Ok(n == 0)
    }
}

/// One new agency and its materialised path, in one transaction.
async fn insert_agency(
    db: &super::Db,
    parent: Option<AgencyId>,
    p: &AgencyProfile,
    now: DateTime<Utc>,
    online_on: Option<NaiveDate>,
) -> StoreResult<AgencyId> {
    let q = query(
        "INSERT INTO agencies (parent_id, full_name, short_name, code, level, kind, \
         office_name, office_address, office_postcode, office_hours, office_phone, \
         office_fax, office_email, channels, created_at, online_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
         RETURNING id",
    )
    .bind(parent);
    let mut tx = db.write_tx().await?;
    let id: AgencyId = bind_profile(q, p)
        .bind(now)
        .bind(online_on)
        .scalar(&mut tx)
        .await
        .map_err(write_err(Conflict::AgencyCode))?;
    // The materialised path: the parent's, then this agency's id.
    query(
        "UPDATE agencies SET path = COALESCE((SELECT p.path FROM agencies p \
             WHERE p.id = $1), '/') || $2 || '/' WHERE id = $3",
    )
    .bind(parent)
    .bind(id.to_string())
    .bind(id)
    .execute(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The ids of a materialised path `/1/5/23/`, top first.
fn lineage_of(path: &str) -> Vec<AgencyId> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

#[async_trait]
impl<S: SqlBacked> AgencyStore for S {
    async fn create_agency(
        &self,
        parent: Option<AgencyId>,
        p: &AgencyProfile,
    ) -> StoreResult<AgencyId> {
        // Online at once: the demo, imports and tests create agencies whose
        // data they bring; only the administrators' form creates drafts.
        let now = Utc::now();
        insert_agency(self.db(), parent, p, now, Some(now.date_naive())).await
    }

    async fn create_draft_agency(
        &self,
        parent: Option<AgencyId>,
        p: &AgencyProfile,
    ) -> StoreResult<AgencyId> {
        insert_agency(self.db(), parent, p, Utc::now(), None).await
    }

    /// With one change of each of its public items (`item_changes`), in
    /// the same transaction: the search indexer then adds them to the
    /// index or takes them out (a draft's items are not searchable).
    async fn set_agency_online(&self, id: AgencyId, on: Option<NaiveDate>) -> StoreResult<()> {
        let mut tx = self.db().write_tx().await?;
        let done = query("UPDATE agencies SET online_on = $1 WHERE id = $2")
            .bind(on)
            .bind(id)
            .execute(&mut tx)
            .await?;
        if done == 0 {
            tx.rollback().await?;
            return Err(agency_missing(id));
        }
        let items: Vec<ItemId> = query(
            "SELECT id FROM catalogue_items WHERE agency_id = $1 AND state IN ($2, $3) \
             AND index_number IS NOT NULL ORDER BY id",
        )
        .bind(id)
        .bind(state_code(ItemState::Published)?)
        .bind(state_code(ItemState::Withdrawn)?)
        .scalars(&mut tx)
        .await?;
        insert_changes(&mut tx, &items).await?;
        tx.commit().await
    }

    async fn update_agency(&self, id: AgencyId, p: &AgencyProfile) -> StoreResult<()> {
        let q = query(
            "UPDATE agencies SET full_name = $1, short_name = $2, code = $3, level = $4, \
             kind = $5, office_name = $6, office_address = $7, office_postcode = $8, \
             office_hours = $9, office_phone = $10, office_fax = $11, office_email = $12, \
             channels = $13 WHERE id = $14",
        );
        let done = bind_profile(q, p)
            .bind(id)
            .execute(self.db())
            .await
            .map_err(write_err(Conflict::AgencyCode))?;
        if done == 0 {
            return Err(agency_missing(id));
        }
        Ok(())
    }

    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>> {
        query(format!(
            "SELECT {AGENCY_COLUMNS} FROM agencies WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.db())
        .await?
        .as_ref()
        .map(agency_row)
        .transpose()
    }

    async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> {
        query(format!(
            "SELECT {AGENCY_COLUMNS} FROM agencies WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(self.db())
        .await?
        .as_ref()
        .map(agency_row)
        .transpose()
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        query(format!("SELECT {AGENCY_COLUMNS} FROM agencies ORDER BY id"))
            .fetch_as(self.db(), agency_row)
            .await
    }

    async fn agencies_under(&self, root: AgencyId) -> StoreResult<Vec<Agency>> {
        let path = super::snapshots::agency_path(self.db(), root).await?;
        let (from, to) = super::snapshots::subtree_bounds(&path);
        query(format!(
            "SELECT {AGENCY_COLUMNS} FROM agencies WHERE path >= $1 AND path < $2 ORDER BY id"
        ))
        .bind(from)
        .bind(to)
        .fetch_as(self.db(), agency_row)
        .await
    }

    async fn agency_lineage(&self, agency: AgencyId) -> StoreResult<Vec<AgencyId>> {
        let path = super::snapshots::agency_path(self.db(), agency).await?;
        Ok(lineage_of(&path))
    }

    async fn outline_under(&self, root: AgencyId) -> StoreResult<Vec<AgencyOutline>> {
        let path = super::snapshots::agency_path(self.db(), root).await?;
        let (from, to) = super::snapshots::subtree_bounds(&path);
        query(
            "SELECT id, parent_id, path, full_name, code, kind FROM agencies \
             WHERE path >= $1 AND path < $2 ORDER BY id",
        )
        .bind(from)
        .bind(to)
        .fetch_as(self.db(), |r| {
            let path: String = r.get("path")?;
            let kind: String = r.get("kind")?;
            let kind = gongkai_domain::agency::AgencyKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("机关类型“{kind}”")))?;
            Ok(AgencyOutline {
                id: r.get("id")?,
                parent_id: r.get("parent_id")?,
                lineage: lineage_of(&path),
                full_name: r.get("full_name")?,
                code: r.get("code")?,
                kind,
            })
        })
        .await
    }

    async fn set_agency_texts(
        &self,
        id: AgencyId,
        guide: Option<&str>,
        rules: Option<&str>,
    ) -> StoreResult<()> {
        let done = query("UPDATE agencies SET guide_text = $1, rules_text = $2 WHERE id = $3")
            .bind(guide)
            .bind(rules)
            .bind(id)
            .execute(self.db())
            .await?;
        if done == 0 {
            return Err(agency_missing(id));
        }
        Ok(())
    }
}
