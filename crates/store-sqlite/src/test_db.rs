//! A database file for the crate's own tests.

use std::path::PathBuf;

use chrono::Utc;

use crate::SqliteStore;

/// A database file in the temporary directory, removed (with its WAL files)
/// when the test ends.
pub(crate) struct TempDb(PathBuf);

impl TempDb {
    pub(crate) fn new(name: &str) -> TempDb {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        TempDb(
            std::env::temp_dir().join(format!("gongkai-{name}-{}-{nanos}.db", std::process::id())),
        )
    }

    pub(crate) async fn open(&self) -> SqliteStore {
        SqliteStore::open_file(&self.0)
            .await
            .expect("open the file")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Runs `body` on a store in a fresh database file, closed and removed
/// afterwards.
pub(crate) async fn with_temp_db(name: &str, body: impl AsyncFnOnce(&SqliteStore)) {
    let db = TempDb::new(name);
    let store = db.open().await;
    body(&store).await;
    store.pool().close().await;
}
