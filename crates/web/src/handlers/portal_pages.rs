//! The portal's own pages (issue 21): 联系我们 (`/contact`), the HTML
//! 网站地图 (`/site-map`; `sitemap.rs` is the XML one for search engines),
//! 隐私声明 (`/privacy`), 无障碍声明 (`/accessibility`), an agency column's
//! 订阅 page (`/agencies/{code}/subscribe`, what a feed is before its
//! address), and the stylesheets (`portal.css`, an agency's theme colour).

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::Csrf;
use crate::auth::MaybeStaff;
use crate::error::{AppError, AppResult};
use crate::params::Path;
use crate::portal::{ColumnHead, Crumb, column_head};
use crate::state::AppState;
use crate::tree;
use crate::views::{Chrome, TreeRow};

#[derive(Template)]
#[template(path = "portal_contact.html")]
pub struct ContactPage {
    pub chrome: Chrome,
    pub paragraphs: Vec<String>,
}

#[derive(Template)]
#[template(path = "portal_site_map.html")]
pub struct SiteMapPage {
    pub chrome: Chrome,
    pub tree: Vec<TreeRow>,
}

#[derive(Template)]
#[template(path = "portal_privacy.html")]
pub struct PrivacyPage {
    pub chrome: Chrome,
}

#[derive(Template)]
#[template(path = "portal_accessibility.html")]
pub struct AccessibilityPage {
    pub chrome: Chrome,
}

#[derive(Template)]
#[template(path = "portal_subscribe.html")]
pub struct SubscribePage {
    pub chrome: Chrome,
    pub head: ColumnHead,
}

pub async fn contact(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let sites = gongkai_app::site::all(&state).await?;
    let paragraphs = sites
        .contact(None)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let page = ContactPage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0),
        paragraphs,
    };
    Ok(Html(page.render()?))
}

pub async fn site_map(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
) -> AppResult<Html<String>> {
    let agencies = gongkai_app::site::public_agencies(&state).await?;
    let page = SiteMapPage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0),
        tree: tree::rows(&agencies, None),
    };
    Ok(Html(page.render()?))
}

pub async fn privacy(MaybeStaff(who): MaybeStaff, csrf: Csrf) -> AppResult<Html<String>> {
    let chrome = Chrome::new(who.as_ref(), &csrf.0.0);
    Ok(Html(PrivacyPage { chrome }.render()?))
}

pub async fn accessibility(MaybeStaff(who): MaybeStaff, csrf: Csrf) -> AppResult<Html<String>> {
    let chrome = Chrome::new(who.as_ref(), &csrf.0.0);
    Ok(Html(AccessibilityPage { chrome }.render()?))
}

pub async fn subscribe(
    State(state): State<AppState>,
    MaybeStaff(who): MaybeStaff,
    csrf: Csrf,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let agency = tree::column_agency(&state, who.as_ref(), &code).await?;
    let head = column_head(&state, &agency, None, vec![Crumb::here("订阅")]).await?;
    let page = SubscribePage {
        chrome: Chrome::new(who.as_ref(), &csrf.0.0).previewing(&agency),
        head,
    };
    Ok(Html(page.render()?))
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/portal.css"),
    )
}

/// `/static/theme/{RRGGBB}.css`: an agency's theme colour as the column's
/// colour. The colour is in the address (so the sheet is the same for
/// everyone and cached); one the domain would refuse is not served.
pub async fn theme(Path(file): Path<String>) -> AppResult<Response> {
    let hex = file
        .strip_suffix(".css")
        .ok_or_else(|| AppError::not_found("该主题样式"))?;
    let colour = format!("#{hex}");
    gongkai_domain::site::check_theme_colour(&colour)
        .map_err(|_| AppError::not_found("该主题样式"))?;
    let css = format!(
        ":root {{ --column-colour: {colour}; }}\n\
         header.site {{ background: {colour}; }}\n"
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        css,
    )
        .into_response())
}
