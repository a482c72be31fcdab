use std::sync::Arc;

use gongkai_store::Store;
use tokio::sync::Notify;

use crate::Settings;
use crate::clock::Clock;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// Wakes the mail worker when an event queued mail.
    pub mail_wake: Arc<Notify>,
}
