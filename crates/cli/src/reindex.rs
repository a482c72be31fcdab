//! `gongkai reindex`: rebuild the search index from the database. The index
//! is derived data; this is the way back from a lost or damaged index
//! directory (the server also catches up by itself when it starts).

use std::sync::Arc;
use std::time::Instant;

use crate::db;
use gongkai_app::search::{self, Search};
use indicatif::{ProgressBar, ProgressStyle};

use crate::DbArgs;

pub async fn run(args: DbArgs) -> anyhow::Result<()> {
    let settings = args.settings()?;
    let store = db::open_store(&settings).await?;
    let search = Search::open(&settings.data_dir)?;
    let started = Instant::now();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} 条（{per_sec}，剩余 {eta}）")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("重建检索索引");
    let progress_bar = bar.clone();
    let progress: search::Progress = Arc::new(move |done, total| {
        progress_bar.set_length(total);
        progress_bar.set_position(done);
    });
    let indexed = search::rebuild(store.as_ref(), &search, progress)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    println!(
        "检索索引已重建：{indexed} 条已发布信息，用时 {:.1} 秒（{}）。",
        started.elapsed().as_secs_f64(),
        search::index_dir(&settings.data_dir).display()
    );
    Ok(())
}
