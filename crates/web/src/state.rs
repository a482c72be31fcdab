use std::sync::Arc;

use gongkai_store::Store;

use crate::Settings;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
}
