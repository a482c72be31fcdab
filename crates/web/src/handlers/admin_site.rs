//! `GET|POST /admin/site` (the platform's administrator) and
//! `GET|POST /admin/agencies/{code}/site` (the agency's administrator):
//! 网站设置 — the name and logo, 主办单位 / 承办单位, 网站标识码, the ICP and
//! 公安 record numbers, 联系我们, and an agency's theme. Checked and saved
//! by `gongkai_app::site` (audited); the footer of every page shows them.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::site::{self, SiteForm};
use gongkai_domain::policy::Permission;
use gongkai_store::Agency;

use super::Csrf;
use crate::auth::CurrentStaff;
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;
use crate::views::Chrome;

#[derive(Template)]
#[template(path = "site_settings.html")]
pub struct SiteSettingsPage {
    pub chrome: Chrome,
    /// The agency whose settings these are; none for the platform's.
    pub agency: Option<Agency>,
    pub action: String,
    pub form: SiteForm,
    pub notice: Option<String>,
    pub error: Option<String>,
}

fn page(
    who: &CurrentStaff,
    csrf: &str,
    agency: Option<Agency>,
    form: SiteForm,
    notice: Option<String>,
    error: Option<String>,
) -> AppResult<String> {
    let action = match &agency {
        Some(a) => format!("/admin/agencies/{}/site", a.profile.code),
        None => "/admin/site".to_string(),
    };
    Ok(SiteSettingsPage {
        chrome: Chrome::new(Some(who), csrf),
        agency,
        action,
        form,
        notice,
        error,
    }
    .render()?)
}

pub async fn platform_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    site::may_configure(&state, &who.staff, None).await?;
    let form = SiteForm::of(&site::saved(&state, None).await?);
    Ok(Html(page(&who, &csrf.0.0, None, form, None, None)?))
}

pub async fn platform_save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    save(&state, &who, &csrf.0.0, None, fields).await
}

async fn agency_of(state: &AppState, who: &CurrentStaff, code: &str) -> AppResult<Agency> {
    Ok(
        crate::tree::permitted(state, who, code, Permission::AdministerAgency)
            .await?
            .agency,
    )
}

pub async fn agency_form(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = agency_of(&state, &who, &code).await?;
    let form = SiteForm::of(&site::saved(&state, Some(agency.id)).await?);
    Ok(Html(page(&who, &csrf.0.0, Some(agency), form, None, None)?))
}

pub async fn agency_save(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(code): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let agency = agency_of(&state, &who, &code).await?;
    save(&state, &who, &csrf.0.0, Some(agency), fields).await
}

async fn save(
    state: &AppState,
    who: &CurrentStaff,
    csrf: &str,
    agency: Option<Agency>,
    fields: HashMap<String, String>,
) -> AppResult<Response> {
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let form = SiteForm {
        site_name: get("site_name"),
        logo: get("logo"),
        host: get("host"),
        organizer: get("organizer"),
        site_code: get("site_code"),
        icp: get("icp"),
        police: get("police"),
        contact: get("contact"),
        theme_colour: get("theme_colour"),
        banner: get("banner"),
    };
    let (status, notice, error) = match site::save(state, &who.staff, agency.as_ref(), &form).await
    {
        Ok(()) => {
            // The footer is on every kept page: none of them is current now.
            state.pages.clear();
            let n = "已保存网站设置：各页面底部即按新的设置显示。";
            (StatusCode::OK, Some(n.to_string()), None)
        }
        Err(gongkai_app::Error::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(m)),
        Err(e) => return Err(e.into()),
    };
    let html = page(who, csrf, agency, form, notice, error)?;
    Ok((status, Html(html)).into_response())
}
