//! The health checks' view of the platform's own pages: a link to
//! `/items/12` is resolved by asking the router itself (in-process, no
//! socket), as an anonymous visitor would see it — so a link to a page
//! that does not exist, an unpublished item or a removed file is found
//! the way the public would find it. Also the daily run of the checks.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use gongkai_app::App;
use gongkai_app::health::{InternalPages, LinkOptions};
use tower::ServiceExt;

use crate::csrf_key::CsrfKey;
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
        let secret = app
            .store
            .server_secret(
                gongkai_store::CSRF_SECRET,
                &crate::auth::session::random_token(),
            )
            .await?;
        let state = AppState {
            app,
            csrf_key: Arc::new(CsrfKey(secret.into_bytes())),
            pages: Arc::default(),
        };
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
