//! [`SiteStore`] over both databases.

use async_trait::async_trait;
use chrono::Utc;

use super::audit::append_chained;
use super::{SqlBacked, query};
use crate::*;

const COLUMNS: &str =
    "site_name, logo, host, organizer, site_code, icp, police, contact, theme_colour, banner";

fn scope_of(agency: Option<AgencyId>) -> String {
    agency.map_or_else(|| "platform".to_string(), |id| format!("agency:{id}"))
}

#[async_trait]
impl<S: SqlBacked> SiteStore for S {
    async fn all_site_settings(&self) -> StoreResult<Vec<(Option<AgencyId>, SiteRecord)>> {
        let rows = query(format!(
            "SELECT agency_id, {COLUMNS} FROM site_settings ORDER BY scope"
        ))
        .fetch_all(self.db())
        .await?;
        rows.iter()
            .map(|r| {
                let record = SiteRecord {
                    site_name: r.get("site_name")?,
                    logo: r.get("logo")?,
                    host: r.get("host")?,
                    organizer: r.get("organizer")?,
                    site_code: r.get("site_code")?,
                    icp: r.get("icp")?,
                    police: r.get("police")?,
                    contact: r.get("contact")?,
                    theme_colour: r.get("theme_colour")?,
                    banner: r.get("banner")?,
                };
                Ok((r.get("agency_id")?, record))
            })
            .collect()
    }

    async fn put_site_settings(
        &self,
        agency: Option<AgencyId>,
        s: &SiteRecord,
        by: StaffId,
    ) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = self.db().write_tx().await?;
        query(format!(
            "INSERT INTO site_settings (scope, agency_id, {COLUMNS}, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (scope) DO UPDATE SET site_name = EXCLUDED.site_name, \
             logo = EXCLUDED.logo, host = EXCLUDED.host, organizer = EXCLUDED.organizer, \
             site_code = EXCLUDED.site_code, icp = EXCLUDED.icp, police = EXCLUDED.police, \
             contact = EXCLUDED.contact, theme_colour = EXCLUDED.theme_colour, \
             banner = EXCLUDED.banner, updated_by = EXCLUDED.updated_by, \
             updated_at = EXCLUDED.updated_at"
        ))
        .bind(scope_of(agency))
        .bind(agency)
        .bind(s.site_name.clone())
        .bind(s.logo.clone())
        .bind(s.host.clone())
        .bind(s.organizer.clone())
        .bind(s.site_code.clone())
        .bind(s.icp.clone())
        .bind(s.police.clone())
        .bind(s.contact.clone())
        .bind(s.theme_colour.clone())
        .bind(s.banner.clone())
        .bind(by)
        .bind(now)
        .execute(&mut tx)
        .await?;
        let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "未设置".into());
        let detail = format!(
            "{}网站设置：名称 {}；主办单位 {}；承办单位 {}；网站标识码 {}；ICP备案号 {}；公安机关备案号 {}；主题色 {}",
            if agency.is_some() { "机关" } else { "全站" },
            shown(&s.site_name),
            shown(&s.host),
            shown(&s.organizer),
            shown(&s.site_code),
            shown(&s.icp),
            shown(&s.police),
            shown(&s.theme_colour),
        );
        let entry = NewAuditEntry {
            at: now,
            staff_id: Some(by),
            agency_id: agency,
            action: "site.settings_update".into(),
            detail,
        };
        append_chained(&mut tx, &entry).await?;
        tx.commit().await
    }
}
