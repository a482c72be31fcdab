//! Keeping the search index in step with the catalogue. The database is the
//! record; the index is derived from it. Every item change leaves a row in
//! the change feed (`item_changes`, written in the same transaction); one
//! indexer reads the feed after the sequence number the index's last commit
//! carries, so a restart, a crash or a deleted index directory is caught up
//! by reading on. Recording an item action wakes the indexer, so a
//! publication is searchable well within a second; a poll every second
//! picks up changes made by other processes (a CLI import).

pub mod synonyms;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use gongkai_search::{SearchDoc, SearchIndex};
use gongkai_store::{Agency, AgencyId, ItemRecord, Store};
use tokio::sync::Notify;

/// Changes read and committed at a time.
const BATCH: i64 = 2_000;
/// How often the indexer looks for changes nobody told it about.
const POLL: Duration = Duration::from_secs(1);

/// The index and the bell that wakes its indexer.
pub struct Search {
    pub index: SearchIndex,
    wake: Notify,
}

impl Search {
    /// Opens (or creates) the index under the data directory.
    pub fn open(data_dir: &Path) -> anyhow::Result<Arc<Search>> {
        let dir = index_dir(data_dir);
        let index = SearchIndex::open_or_create(&dir)
            .map_err(|e| anyhow::anyhow!("无法打开检索索引 {}：{e}", dir.display()))?;
        Ok(Arc::new(Search {
            index,
            wake: Notify::new(),
        }))
    }

    /// Tells the indexer that the catalogue changed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Where the index lives.
pub fn index_dir(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("search-index")
}

/// The agencies by id (for each item's path from the root).
pub struct AgencyPaths(HashMap<AgencyId, Agency>);

impl AgencyPaths {
    pub fn new(agencies: Vec<Agency>) -> AgencyPaths {
        AgencyPaths(agencies.into_iter().map(|a| (a.id, a)).collect())
    }

    /// From the root down to `id`.
    pub fn path(&self, id: AgencyId) -> Vec<i64> {
        let mut path = vec![id];
        let mut seen = HashSet::from([id]);
        let mut cur = self.0.get(&id).and_then(|a| a.parent_id);
        while let Some(p) = cur {
            if !seen.insert(p) {
                break;
            }
            path.push(p);
            cur = self.0.get(&p).and_then(|a| a.parent_id);
        }
        path.reverse();
        path
    }

    pub fn get(&self, id: AgencyId) -> Option<&Agency> {
        self.0.get(&id)
    }
}

/// The index document of an item, or None when the public may not see it
/// (drafts, items under review, refused, and every item of an agency that
/// is not online: going online or back to a draft records a change of
/// each of its public items, so the indexer adds or removes them).
pub fn search_doc(record: &ItemRecord, agencies: &AgencyPaths) -> Option<SearchDoc> {
    let s = &record.snapshot;
    let agency = agencies.get(record.agency_id)?;
    if !s.state.is_public() || !agency.is_online() {
        return None;
    }
    let index_number = s.index_number.clone()?;
    let published_on = s.published_on?;
    let m = &s.metadata;
    Some(SearchDoc {
        id: u64::try_from(record.id).ok()?,
        agency_path: agencies.path(record.agency_id),
        agency_name: agency.profile.full_name.clone(),
        title: m.title.clone(),
        summary: m.summary.clone(),
        // The words, not the markup: an HTML body is indexed as its text.
        body: m.body_text(),
        keywords: m.keywords.clone(),
        issuers: m.issuers.clone(),
        document_number: m.document_number.clone(),
        index_number: Some(index_number),
        published_on,
        article20: m.article20.map(|a| a.code().to_string()),
        topic: Some(m.topic.top.code().to_string()),
        validity: s.validity.kind().code().to_string(),
        url: format!("/items/{}", record.id),
    })
}

/// Applies every change after the index's sequence number; returns how many
/// items were (re)indexed or removed.
pub async fn catch_up(store: &dyn Store, search: &Arc<Search>) -> anyhow::Result<usize> {
    let mut applied = 0;
    loop {
        let after = search.index.indexed_seq()?;
        let last = store.last_item_change().await?;
        if last < after {
            // The index is ahead of this database (it was restored or
            // replaced): start again from it.
            tracing::warn!(
                index = after,
                database = last,
                "search index ahead of the database; rebuilding"
            );
            return Ok(rebuild(store, search, Arc::new(|_, _| {})).await? as usize);
        }
        if after == 0 && last > 0 && search.index.num_docs() == 0 {
            // A new index (deleted, or replaced because its layout changed
            // with a new version): reading the published items at once is
            // faster than replaying the whole feed.
            tracing::info!(database = last, "search index empty; building it");
            return Ok(rebuild(store, search, Arc::new(|_, _| {})).await? as usize);
        }
        let changes = store.item_changes_after(after, BATCH).await?;
        let Some(newest) = changes.last().map(|c| c.seq) else {
            return Ok(applied);
        };
        let mut ids: Vec<i64> = changes.iter().map(|c| c.item_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let records = store.items_by_ids(&ids).await?;
        let agencies = AgencyPaths::new(store.agencies().await?);
        let docs: HashMap<i64, Option<SearchDoc>> = records
            .iter()
            .map(|r| (r.id, search_doc(r, &agencies)))
            .collect();
        applied += ids.len();
        let search = search.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut writer = search.index.writer()?;
            for id in ids {
                match docs.get(&id) {
                    Some(Some(doc)) => writer.upsert(doc)?,
                    _ => writer.delete(id as u64),
                }
            }
            writer.commit(newest)?;
            Ok(())
        })
        .await??;
    }
}

/// Called as a rebuild goes: (items done, items in all).
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Rebuilds the whole index from the published items. Returns the number of
/// items indexed.
pub async fn rebuild(
    store: &dyn Store,
    search: &Arc<Search>,
    progress: Progress,
) -> anyhow::Result<u64> {
    // The sequence number is read before the items: a change made while
    // reading is applied again by the next catch-up (upserts are idempotent).
    let seq = store.last_item_change().await?;
    let records = store.published_items(None, -1).await?;
    let agencies = AgencyPaths::new(store.agencies().await?);
    let docs: Vec<SearchDoc> = records
        .iter()
        .filter_map(|r| search_doc(r, &agencies))
        .collect();
    let search = search.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
        let total = docs.len() as u64;
        progress(0, total);
        let mut writer = search.index.writer()?;
        writer.clear()?;
        for (i, doc) in docs.iter().enumerate() {
            writer.add(doc)?;
            if i % 1_000 == 999 {
                progress(i as u64 + 1, total);
            }
        }
        writer.commit(seq)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        writer.finish_balanced(cores)?;
        progress(total, total);
        Ok(total)
    })
    .await?
}

/// Runs the indexer: catches up at once, then whenever woken or every second.
pub fn spawn_indexer(store: Arc<dyn Store>, search: Arc<Search>) {
    tokio::spawn(async move {
        loop {
            match catch_up(store.as_ref(), &search).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(items = n, "search index caught up"),
                Err(e) => tracing::error!(error = %e, "search indexer failed; retrying"),
            }
            tokio::select! {
                _ = search.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    });
}
