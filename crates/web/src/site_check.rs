//! The health checks' view of the platform's own pages: a link to
//! `/items/12` is resolved by asking the router itself (in-process, no
//! socket), as an anonymous visitor would see it — so a link to a page
//! that does not exist, an unpublished item or a removed file is found
//! the way the public would find it. Also the daily run of the checks
//! and of the weekly findings digests.

use std::future::Future;
use std::pin::Pin;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use gongkai_app::App;
use gongkai_app::health::{InternalPages, LinkOptions};
use tower::ServiceExt;

use crate::state::AppState;

/// The router answering internal links.
pub struct RouterPages(Router);

impl RouterPages {
    pub fn new(router: Router) -> RouterPages {
        RouterPages(router)
    }

    /// A router over `app` for the checks alone (the CLI's; the server
    /// uses its own).
    pub async fn for_app(app: App) -> anyhow::Result<RouterPages> {
        let state = AppState::for_app(app).await?;
        Ok(RouterPages(crate::startup::router(state)))
    }
}

impl InternalPages for RouterPages {
    fn status<'a>(&'a self, path: &'a str) -> Pin<Box<dyn Future<Output = u16> + Send + 'a>> {
        Box::pin(async move {
            let Ok(req) = Request::get(path).body(Body::empty()) else {
                return 400;
            };
            let r = match self.0.clone().oneshot(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            // A staff page sends the public to log in: for them it is closed.
            let to_login = r
                .headers()
                .get(axum::http::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.starts_with("/login"));
            if r.status().is_redirection() && to_login {
                403
            } else {
                r.status().as_u16()
            }
        })
    }
}

/// The link options of the configured site: its own host is internal.
pub fn link_options(app: &App) -> LinkOptions {
    let mut options = LinkOptions::default();
    if let Some(url) = &app.settings.public_url
        && let Ok(u) = host_of(url)
    {
        options.own_hosts.push(u);
    }
    options
}

/// The host of `url` (`https://gk.example.gov.cn/` → `gk.example.gov.cn`).
fn host_of(url: &str) -> Result<String, ()> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        Err(())
    } else {
        Ok(host.to_string())
    }
}

/// The hour (UTC) of the daily run: 02:00 Beijing time, when sites are quiet.
const DAILY_RUN_HOUR_UTC: u32 = 18;

/// How long from `now` until the next daily run.
pub fn until_next_run(now: chrono::DateTime<chrono::Utc>) -> std::time::Duration {
    let today = now
        .date_naive()
        .and_hms_opt(DAILY_RUN_HOUR_UTC, 0, 0)
        .map(|t| t.and_utc());
    let next = match today {
        Some(t) if t > now => t,
        Some(t) => t + chrono::Duration::days(1),
        None => now + chrono::Duration::days(1),
    };
    (next - now).to_std().unwrap_or_default()
}

/// Sends the weekly digests due today (`gongkai_app::health::weekly`).
async fn weekly_digests(app: &App) {
    match gongkai_app::health::weekly::send_due(app).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(agencies = n, "weekly findings digests sent"),
        Err(e) => tracing::error!(error = %e, "weekly findings digests failed"),
    }
}

/// Mails the consultations closed without published feedback, once each
/// (`gongkai_app::consultations::flag_mail`).
async fn consultation_flags(app: &App) {
    match gongkai_app::consultations::flag_mail::send_due(app).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(consultations = n, "consultation feedback flags mailed"),
        Err(e) => tracing::error!(error = %e, "consultation feedback flags failed"),
    }
}

/// Runs the checks of every top-level agency and those below it once a day
/// (the results are each agency's latest on its health page), then sends
/// the weekly digests due — also once at start, so that a digest day the
/// server was down on is caught up (the stored marker sends it once).
pub async fn daily(state: AppState) {
    weekly_digests(&state.app).await;
    consultation_flags(&state.app).await;
    loop {
        tokio::time::sleep(until_next_run(chrono::Utc::now())).await;
        let pages = RouterPages::new(crate::startup::router(state.clone()));
        let options = link_options(&state.app);
        let roots = match state.store.agencies().await {
            Ok(all) => all
                .into_iter()
                .filter(|a| a.parent_id.is_none())
                .collect::<Vec<_>>(),
            Err(e) => {
                tracing::error!(error = %e, "daily health check: agencies unreadable");
                continue;
            }
        };
        for root in &roots {
            match gongkai_app::health::run(&state.app, root, true, None, &pages, &options).await {
                Ok(r) => tracing::info!(
                    run = r.run_id,
                    agencies = r.agencies.len(),
                    "daily health check done"
                ),
                Err(e) => tracing::error!(error = %e, "daily health check failed"),
            }
        }
        weekly_digests(&state.app).await;
        consultation_flags(&state.app).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_daily_run_is_at_two_in_the_morning_beijing_time() {
        let at = |h, m| chrono::Utc.with_ymd_and_hms(2026, 12, 4, h, m, 0).unwrap();
        // 03:50 UTC (11:50 in Beijing): 14 h 10 min to 18:00 UTC.
        assert_eq!(until_next_run(at(3, 50)).as_secs(), (14 * 60 + 10) * 60);
        // Exactly at 18:00: the next day's.
        assert_eq!(until_next_run(at(18, 0)).as_secs(), 24 * 3600);
        assert_eq!(until_next_run(at(17, 59)).as_secs(), 60);
    }
}
