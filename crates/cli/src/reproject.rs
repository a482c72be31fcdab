//! `gongkai reproject`: rebuild the case read model (案件台账) of every case
//! from its events, with the calendar in force, and record it in the audit
//! trail. The server keeps the read model current by itself (with every
//! event, after a calendar change, and for cases without one at start);
//! this is the explicit way back after anything else.

use std::time::Instant;

use chrono::Utc;
use gongkai_app::case_list::{ReprojectionReason, reproject_audited};
use gongkai_store::Reprojection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{DbArgs, db};

pub async fn run(args: DbArgs) -> anyhow::Result<()> {
    let settings = args.settings()?;
    let store = db::open_store(&settings).await?;
    let calendar = gongkai_store::calendar_in_force(store.as_ref()).await?;
    let started = Instant::now();
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} 重新计算案件台账：{pos} 件（{per_sec}）")
            .expect("a valid template"),
    );
    let progress_bar = bar.clone();
    let progress = move |done: u64| progress_bar.set_position(done);
    let reason = ReprojectionReason {
        by: None,
        why: "命令行 gongkai reproject",
    };
    let written = reproject_audited(
        store.as_ref(),
        &calendar,
        Utc::now(),
        Reprojection::All,
        reason,
        &progress,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    println!(
        "案件台账已重新计算：{written} 件，用时 {:.1} 秒。",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
