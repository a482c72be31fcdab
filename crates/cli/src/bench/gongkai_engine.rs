//! gongkai's own engine (crate `gongkai-search`: tantivy + jieba), used the
//! way the platform uses it: a bulk build as `gongkai` rebuilds its index,
//! and each query as `/api/search` runs it (top 20 by relevance, the total,
//! titles and highlighted snippets).

use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongkai_search::{SearchIndex, SearchRequest};
use indicatif::ProgressBar;

use super::corpus::BenchDoc;
use super::{Crashed, Engine, Page};

/// Indexing threads of the bulk build (the benchmark machine has 2 cores).
const THREADS: usize = 2;
/// Memory the bulk build's writer may use before it writes a segment.
const WRITER_BYTES: usize = 1_000_000_000;

pub struct GongkaiEngine {
    index: SearchIndex,
    dir: PathBuf,
}

impl GongkaiEngine {
    /// Builds the index in `dir` and reopens it for searching, as the
    /// platform does after a rebuild. The time is that of the build alone
    /// (adding, committing, waiting for the merges).
    pub fn build(
        dir: &Path,
        docs: &[BenchDoc],
        bar: &ProgressBar,
    ) -> anyhow::Result<(GongkaiEngine, Duration)> {
        let started = Instant::now();
        {
            let index = SearchIndex::open_or_create(dir)?;
            let mut writer = index.writer_with(THREADS, WRITER_BYTES)?;
            for d in docs {
                writer.add(&d.to_search_doc())?;
                bar.inc(1);
            }
            writer.commit(0)?;
            writer.finish_balanced(THREADS)?;
        }
        let took = started.elapsed();
        let index = SearchIndex::open_or_create(dir)?;
        anyhow::ensure!(
            index.num_docs() == docs.len() as u64,
            "gongkai 索引中的文档数（{}）与语料（{}）不符",
            index.num_docs(),
            docs.len()
        );
        Ok((
            GongkaiEngine {
                index,
                dir: dir.to_path_buf(),
            },
            took,
        ))
    }

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        dir_size(&self.dir)
    }
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn request(text: &str, limit: usize) -> SearchRequest {
    SearchRequest {
        text: text.to_string(),
        limit,
        ..SearchRequest::default()
    }
}

impl Engine for GongkaiEngine {
    async fn page(&mut self, text: &str) -> anyhow::Result<Page> {
        // A panic inside the engine is a result to report (and a bug to
        // fix), not a reason to lose the whole run.
        let searched =
            std::panic::catch_unwind(AssertUnwindSafe(|| self.index.search(&request(text, 20))));
        let results = match searched {
            Ok(results) => results?,
            Err(payload) => return Err(Crashed(panic_message(payload.as_ref())).into()),
        };
        Ok(Page {
            total: results.total,
            snippet_chars: results
                .hits
                .iter()
                .map(|h| h.title_html.len() + h.snippet_html.len())
                .sum(),
            ids: results.hits.into_iter().map(|h| h.id).collect(),
        })
    }

    async fn all_matches(&mut self, text: &str) -> anyhow::Result<Vec<u64>> {
        Ok(self.index.matching_ids(&request(text, 20))?)
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".to_string())
}

/// While measuring, a panic raised inside tantivy or gongkai-search is
/// caught and reported with the results ([`Crashed`]); printing each one
/// (with its backtrace) to the terminal as well would bury the progress.
/// Any other panic is printed as usual.
pub fn quiet_engine_panics() -> impl Drop {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = std::panic::take_hook();
        }
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        let inside = info.location().is_some_and(|l| {
            let f = l.file();
            f.contains("/tantivy") || f.contains("crates/search/") || f.contains("gongkai-search")
        });
        if !inside {
            previous(info);
        }
    }));
    Restore
}
