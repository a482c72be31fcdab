//! 网站设置: the platform's and each agency's site settings (issue 21) —
//! checked with `gongkai_domain::site`, saved by the store (audited), and
//! kept in memory because every page's footer reads them. The cache is
//! emptied by this server's own change and otherwise read again after
//! [`FRESH_FOR`], so a change made on another server sharing the database
//! shows within seconds.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use gongkai_domain::policy::{Permission, may_here, may_in};
use gongkai_domain::site;
use gongkai_store::{Agency, AgencyId, SiteRecord, Staff};

use crate::plans::access::relation;
use crate::{App, Error};

/// How long settings read from the database are trusted.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

/// The name the site has until the platform's administrator names it.
pub const DEFAULT_SITE_NAME: &str = "政府信息公开平台";

/// Every scope's saved settings.
#[derive(Debug, Default)]
pub struct AllSites {
    pub platform: SiteRecord,
    pub agencies: HashMap<AgencyId, SiteRecord>,
}

/// What a page shows: the platform's settings with an agency's own values
/// over them (on that agency's column pages).
#[derive(Debug, Clone, Default)]
pub struct SiteView {
    pub site_name: String,
    pub logo: Option<String>,
    pub host: Option<String>,
    pub organizer: Option<String>,
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police: Option<String>,
    /// The 公安 registry's page of `police`.
    pub police_url: Option<String>,
    pub theme_colour: Option<String>,
    pub banner: Option<String>,
}

impl AllSites {
    /// The view of the platform's pages, or of `agency`'s column.
    pub fn view(&self, agency: Option<AgencyId>) -> SiteView {
        let own = agency.and_then(|a| self.agencies.get(&a));
        let pick = |f: fn(&SiteRecord) -> &Option<String>| {
            own.and_then(|o| f(o).clone())
                .or_else(|| f(&self.platform).clone())
        };
        let police = pick(|r| &r.police);
        SiteView {
            site_name: pick(|r| &r.site_name).unwrap_or_else(|| DEFAULT_SITE_NAME.into()),
            logo: pick(|r| &r.logo),
            host: pick(|r| &r.host),
            organizer: pick(|r| &r.organizer),
            site_code: pick(|r| &r.site_code),
            icp: pick(|r| &r.icp),
            police_url: police.as_deref().map(site::police_registry_url),
            police,
            // A theme is the agency's own: the platform's pages keep theirs.
            theme_colour: own.and_then(|o| o.theme_colour.clone()),
            banner: own.and_then(|o| o.banner.clone()),
        }
    }

    /// 联系我们 of the platform or an agency (its own, else the platform's).
    pub fn contact(&self, agency: Option<AgencyId>) -> Option<String> {
        agency
            .and_then(|a| self.agencies.get(&a))
            .and_then(|o| o.contact.clone())
            .or_else(|| self.platform.contact.clone())
    }
}

/// The settings as last read, and when.
#[derive(Default)]
pub struct SiteCache {
    kept: RwLock<Option<(Instant, Arc<AllSites>)>>,
}

impl SiteCache {
    pub fn clear(&self) {
        *self.kept.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn fresh(&self) -> Option<Arc<AllSites>> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, all)| all.clone())
    }
}

/// Every scope's settings (from memory while fresh).
pub async fn all(app: &App) -> Result<Arc<AllSites>, Error> {
    if let Some(all) = app.sites.fresh() {
        return Ok(all);
    }
    let mut sites = AllSites::default();
    for (agency, record) in app.store.all_site_settings().await? {
        match agency {
            Some(id) => {
                sites.agencies.insert(id, record);
            }
            None => sites.platform = record,
        }
    }
    let sites = Arc::new(sites);
    *app.sites.kept.write().unwrap_or_else(|e| e.into_inner()) =
        Some((Instant::now(), sites.clone()));
    Ok(sites)
}

/// The settings as typed in the form; an empty field is "not set".
#[derive(Debug, Clone, Default)]
pub struct SiteForm {
    pub site_name: String,
    pub logo: String,
    pub host: String,
    pub organizer: String,
    pub site_code: String,
    pub icp: String,
    pub police: String,
    pub contact: String,
    pub theme_colour: String,
    pub banner: String,
}

impl SiteForm {
    /// The form filled with what is saved.
    pub fn of(r: &SiteRecord) -> SiteForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        SiteForm {
            site_name: s(&r.site_name),
            logo: s(&r.logo),
            host: s(&r.host),
            organizer: s(&r.organizer),
            site_code: s(&r.site_code),
            icp: s(&r.icp),
            police: s(&r.police),
            contact: s(&r.contact),
            theme_colour: s(&r.theme_colour),
            banner: s(&r.banner),
        }
    }
}

/// A field's format rule (`gongkai_domain::site`).
type Rule = dyn Fn(&str) -> Result<(), String>;

/// Each field trimmed and checked; every problem listed, one a line.
pub fn check(form: &SiteForm) -> Result<SiteRecord, Error> {
    let mut problems = Vec::new();
    let mut field = |value: &str, max: usize, label: &str, rule: Option<&Rule>| {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        if v.chars().count() > max {
            problems.push(format!("{label}不能超过{max}个字，请精简。"));
        } else if let Some(Err(e)) = rule.map(|r| r(v)) {
            problems.push(e);
        }
        Some(v.to_string())
    };
    let logo_rule = |v: &str| site::check_image_address("网站标志", v);
    let banner_rule = |v: &str| site::check_image_address("横幅图片", v);
    let record = SiteRecord {
        site_name: field(&form.site_name, 50, "网站名称", None),
        logo: field(&form.logo, 500, "网站标志地址", Some(&logo_rule)),
        host: field(&form.host, 60, "主办单位", None),
        organizer: field(&form.organizer, 60, "承办单位", None),
        site_code: field(
            &form.site_code,
            10,
            "网站标识码",
            Some(&site::check_site_code),
        ),
        icp: field(&form.icp, 30, "ICP备案号", Some(&site::check_icp)),
        police: field(
            &form.police,
            30,
            "公安机关备案号",
            Some(&site::check_police_record),
        ),
        contact: field(&form.contact, 2000, "联系我们", None),
        theme_colour: field(
            &form.theme_colour,
            7,
            "主题色",
            Some(&site::check_theme_colour),
        ),
        banner: field(&form.banner, 500, "横幅图片地址", Some(&banner_rule)),
    };
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(Error::invalid(problems.join("\n")))
    }
}

/// The saved settings of the platform (`None`) or an agency, for the form.
pub async fn saved(app: &App, agency: Option<AgencyId>) -> Result<SiteRecord, Error> {
    let all = all(app).await?;
    Ok(match agency {
        Some(id) => all.agencies.get(&id).cloned().unwrap_or_default(),
        None => all.platform.clone(),
    })
}

/// May `who` change the settings of the platform (`None`) or `agency`?
pub async fn may_configure(app: &App, who: &Staff, agency: Option<&Agency>) -> Result<(), Error> {
    let refused = match agency {
        None => may_here(&who.roles, Permission::ConfigurePlatformSite),
        Some(a) => {
            let r = relation(app.store.as_ref(), who, a.id).await?;
            may_in(&who.roles, Permission::AdministerAgency, r)
        }
    };
    refused.map_err(|r| Error::forbidden(r.0))
}

/// `who` saves the settings of the platform (`None`) or `agency`. A theme
/// is an agency's: the platform's form has none.
pub async fn save(
    app: &App,
    who: &Staff,
    agency: Option<&Agency>,
    form: &SiteForm,
) -> Result<(), Error> {
    may_configure(app, who, agency).await?;
    let record = check(form)?;
    if agency.is_none() && (record.theme_colour.is_some() || record.banner.is_some()) {
        return Err(Error::invalid(
            "主题色和横幅图片是各机关专栏的设置，全站设置中请留空。",
        ));
    }
    app.store
        .put_site_settings(agency.map(|a| a.id), &record, who.id)
        .await?;
    app.sites.clear();
    Ok(())
}

/// The agencies the public sees, drafts left out: the home page's tree, the
/// site map and the XML sitemap. A draft's children are then unreachable
/// from the roots and drop out of a tree too.
pub async fn public_agencies(app: &App) -> Result<Vec<Agency>, Error> {
    let all = app.store.agencies().await?;
    Ok(all.into_iter().filter(|a| a.is_online()).collect())
}
