//! The portal's furniture (issue 21 item 3): the site settings every page's
//! footer shows, and the one header of an agency's 政府信息公开 column
//! (item 4) — the agency, the four tabs, 依申请公开 and 订阅, and the
//! breadcrumbs “当前位置：首页 › … › 当前页” — built once here and drawn by
//! one partial (`templates/column_head.html`).
//!
//! The settings reach [`crate::views::Chrome`] through a task-local set by
//! [`site_layer`] around each request (read from `gongkai_app::site`'s
//! cache), so the ~90 handlers that build a `Chrome` need not each ask.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use gongkai_app::site::{AllSites, SiteView};
use gongkai_store::{Agency, AgencyId};

use crate::error::AppResult;
use crate::state::AppState;
use crate::views::ColumnPart;

tokio::task_local! {
    static SITES: Arc<AllSites>;
}

/// Reads the settings (from memory while fresh) for the request's pages.
/// A failed read leaves the footer empty rather than failing the page.
pub async fn site_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let sites = match gongkai_app::site::all(&state).await {
        Ok(sites) => sites,
        Err(e) => {
            tracing::warn!("网站设置读取失败：{e}");
            Arc::default()
        }
    };
    SITES.scope(sites, next.run(req)).await
}

/// The site as the page being rendered shows it: the platform's, or with
/// `agency`'s own values over it on that agency's column.
pub fn current_site(agency: Option<AgencyId>) -> SiteView {
    SITES
        .try_with(|s| s.view(agency))
        .unwrap_or_else(|_| AllSites::default().view(agency))
}

/// One step of the breadcrumbs; the last has no link (the current page).
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: Some(href.into()),
        }
    }

    pub fn here(label: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: None,
        }
    }
}

/// The column's header, the same on every page of the column.
pub struct ColumnHead {
    pub code: String,
    pub name: String,
    pub parts: [ColumnPart; 4],
    /// The tab marked as the current one.
    pub current: Option<ColumnPart>,
    /// The agency accepts applications online (the entry goes to the form,
    /// else to the guide's 依申请公开 section).
    pub can_apply: bool,
    pub crumbs: Vec<Crumb>,
}

impl ColumnHead {
    pub fn is_current(&self, part: &ColumnPart) -> bool {
        self.current == Some(*part)
    }
}

/// The header of `agency`'s column on a page of `part` (none for pages
/// outside the four tabs, such as 订阅), with `trail` after the part — the
/// page's own crumbs, the last one the current page. An empty trail makes
/// the part itself the current page.
pub async fn column_head(
    state: &AppState,
    agency: &Agency,
    part: Option<ColumnPart>,
    trail: Vec<Crumb>,
) -> AppResult<ColumnHead> {
    let all = state.store.agencies().await?;
    let code = agency.profile.code.to_string();
    let mut crumbs = vec![Crumb::link("首页", "/")];
    for a in crate::tree::ancestors(&all, agency.id) {
        crumbs.push(Crumb::link(
            a.profile.short_name.clone(),
            format!("/agencies/{}", a.profile.code),
        ));
    }
    crumbs.push(Crumb::link(
        agency.profile.short_name.clone(),
        format!("/agencies/{code}"),
    ));
    if let Some(p) = part {
        crumbs.push(Crumb::link(
            p.label(),
            format!("/agencies/{code}/{}", p.slug()),
        ));
    }
    crumbs.extend(trail);
    if let Some(last) = crumbs.last_mut() {
        last.href = None;
    }
    Ok(ColumnHead {
        name: agency.profile.full_name.clone(),
        parts: ColumnPart::ALL,
        current: part,
        can_apply: agency
            .profile
            .channels
            .contains(&gongkai_domain::vocabulary::Channel::Online),
        crumbs,
        code,
    })
}
