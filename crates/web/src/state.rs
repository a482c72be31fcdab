use std::ops::Deref;
use std::sync::Arc;

use gongkai_app::App;

use crate::csrf_key::CsrfKey;

/// What every handler can reach: the use-case context and what only HTTP
/// needs.
#[derive(Clone)]
pub struct AppState {
    /// The store, settings, clock, search index, hashing (gongkai-app).
    pub app: App,
    /// The key binding anonymous visitors' CSRF tokens (see `csrf`).
    pub csrf_key: Arc<CsrfKey>,
    /// Public pages as rendered (see `page_cache`).
    pub pages: Arc<crate::page_cache::PageCache>,
}

/// Handlers read `state.store`, `state.clock` … and pass `&state` to the
/// use cases, which take `&App`.
impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

impl AppState {
    /// The state over `app`: the CSRF key kept in the database (so every
    /// instance and every restart agree), no page kept yet.
    pub async fn for_app(app: App) -> anyhow::Result<AppState> {
        let secret = app
            .store
            .server_secret(
                gongkai_store::CSRF_SECRET,
                &crate::auth::session::random_token(),
            )
            .await?;
        Ok(AppState {
            app,
            csrf_key: Arc::new(CsrfKey(secret.into_bytes())),
            pages: Arc::default(),
        })
    }
}
