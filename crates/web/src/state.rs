use std::sync::Arc;

use gongkai_store::Store;
use tokio::sync::Notify;

use crate::Settings;
use crate::auth::password::Hashing;
use crate::clock::Clock;
use crate::csrf::CsrfKey;
use crate::search::Search;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// Wakes the mail worker when an event queued mail.
    pub mail_wake: Arc<Notify>,
    /// The search index and its indexer's bell.
    pub search: Arc<Search>,
    /// The key binding anonymous visitors' CSRF tokens (see `csrf`).
    pub csrf_key: Arc<CsrfKey>,
    /// Every password hash and verification, bounded.
    pub hashing: Arc<Hashing>,
}
