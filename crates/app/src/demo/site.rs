//! The demo's 网站设置: sample footer identifiers of the platform, clearly
//! not real ones (all-zero registry numbers, a 网站标识码 of the fictional
//! area 99), checked like the administrator's form.

use gongkai_domain::staff::Username;
use gongkai_store::{Store, StoreError, StoreResult};

use crate::site::{SiteForm, check};

/// The platform's sample settings, once (an administrator's later edits stay).
pub async fn seed_site(store: &dyn Store) -> StoreResult<()> {
    let saved = store.all_site_settings().await?;
    if saved.iter().any(|(scope, _)| scope.is_none()) {
        return Ok(());
    }
    let Some(admin) = store
        .staff_by_username(&Username::parse("admin").expect("demo username"))
        .await?
    else {
        return Ok(());
    };
    let form = SiteForm {
        site_name: "白沙县政府信息公开平台（演示）".into(),
        host: "白沙县人民政府办公室".into(),
        organizer: "白沙县政务服务和数据管理局".into(),
        site_code: "9999000001".into(),
        icp: "新ICP备00000000号-1".into(),
        police: "新公网安备99999902000001号".into(),
        contact: "白沙县人民政府办公室（政务公开办）\n地址：白沙县城关镇人民路1号\n电话：0991-6012000（工作日 9:00—17:30）".into(),
        ..SiteForm::default()
    };
    let record = check(&form).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    store.put_site_settings(None, &record, admin.id).await
}
