//! 网站设置 as stored (migration 0037): the platform's and each agency's
//! footer identifiers, names and theme. Checked by the app with
//! `gongkai_domain::site`; every value optional.

use async_trait::async_trait;

use crate::{AgencyId, StaffId, StoreResult};

/// One scope's settings; `None` means "not set" (an agency's falls back to
/// the platform's, the platform's to the built-in name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRecord {
    /// 网站名称.
    pub site_name: Option<String>,
    /// 网站标志: a picture's address.
    pub logo: Option<String>,
    /// 主办单位.
    pub host: Option<String>,
    /// 承办单位.
    pub organizer: Option<String>,
    /// 网站标识码.
    pub site_code: Option<String>,
    /// ICP备案号.
    pub icp: Option<String>,
    /// 公安机关备案号.
    pub police: Option<String>,
    /// 联系我们: the text of the contact page.
    pub contact: Option<String>,
    /// An agency's theme colour, `#RRGGBB`.
    pub theme_colour: Option<String>,
    /// An agency's banner picture's address.
    pub banner: Option<String>,
}

#[async_trait]
pub trait SiteStore: Send + Sync {
    /// Every saved scope: the platform's (`None`) and the agencies'.
    async fn all_site_settings(&self) -> StoreResult<Vec<(Option<AgencyId>, SiteRecord)>>;
    /// Replaces the settings of the platform (`None`) or an agency;
    /// audited (`site.settings_update`).
    async fn put_site_settings(
        &self,
        agency: Option<AgencyId>,
        record: &SiteRecord,
        by: StaffId,
    ) -> StoreResult<()>;
}
