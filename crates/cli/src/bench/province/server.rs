//! The server the province benchmark measures, in its own process (so its
//! memory is its own, apart from the generator's): the parent starts
//! `gongkai bench province-server` on the generated database with the
//! benchmark's date, reads its address, samples its RSS, and stops it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use gongkai_app::Settings;
use gongkai_app::clock::Clock;
use gongkai_web::startup::Application;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// `gongkai bench province-server`: serves a generated province on a fixed date.
#[derive(Args)]
pub struct ServerArgs {
    /// 数据目录（SQLite 数据库和检索索引）
    #[arg(long)]
    data_dir: PathBuf,
    /// PostgreSQL 地址；省略则用数据目录中的 SQLite
    #[arg(long)]
    database_url: Option<String>,
    /// 服务端的固定日期
    #[arg(long)]
    today: NaiveDate,
}

const READY: &str = "province-server ";

/// The child's side: serve until killed.
pub async fn serve(args: ServerArgs) -> anyhow::Result<()> {
    let mut settings = Settings::load(None, Some(&args.data_dir))?;
    settings.bind = "127.0.0.1".into();
    settings.port = 0;
    settings.database_url = args.database_url;
    let store = crate::db::open_store(&settings).await?;
    let app = Application::build_with_clock(settings, store, Clock::fixed(args.today)).await?;
    println!("{READY}{}", app.url());
    app.run_until_stopped().await?;
    Ok(())
}

/// The parent's side: the running child, its address and its memory.
pub struct Server {
    child: Child,
    pid: u32,
    pub url: String,
    peak_kb: Arc<AtomicU64>,
    sampler: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(
        data_dir: &Path,
        database_url: Option<&str>,
        today: NaiveDate,
    ) -> anyhow::Result<Server> {
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.args([
            "bench",
            "province-server",
            "--today",
            &today.to_string(),
            "--data-dir",
        ])
        .arg(data_dir);
        if let Some(url) = database_url {
            cmd.args(["--database-url", url]);
        }
        let mut child = cmd
            .env("RUST_LOG", "warn")
            .env_remove("GONGKAI_DATABASE_URL")
            .env_remove("GONGKAI_CONFIG")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .context("无法启动被测服务进程")?;
        let pid = child.id().context("被测服务进程已退出")?;
        let mut lines = BufReader::new(child.stdout.take().context("no stdout")?).lines();
        let url = loop {
            match lines.next_line().await? {
                Some(line) => {
                    if let Some(url) = line.strip_prefix(READY) {
                        break url.trim().to_string();
                    }
                }
                None => bail!("被测服务进程未打印地址即退出"),
            }
        };
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let peak_kb = Arc::new(AtomicU64::new(0));
        let p = peak_kb.clone();
        let sampler = tokio::spawn(async move {
            loop {
                if let Some((rss, _)) = memory_kb(pid) {
                    p.fetch_max(rss, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        Ok(Server {
            child,
            pid,
            url,
            peak_kb,
            sampler,
        })
    }

    /// (RSS now, highest RSS seen) in MB; the kernel's high-water mark
    /// (VmHWM) counts peaks between samples.
    pub fn rss_mb(&self) -> (f64, f64) {
        let (now, hwm) = memory_kb(self.pid).unwrap_or((0, 0));
        let peak = hwm.max(self.peak_kb.load(Ordering::Relaxed));
        (now as f64 / 1024.0, peak as f64 / 1024.0)
    }

    pub async fn stop(mut self) {
        self.sampler.abort();
        let _ = self.child.kill().await;
    }
}

/// (VmRSS, VmHWM) of `pid` in kB.
pub fn memory_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| -> Option<u64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((kb("VmRSS:")?, kb("VmHWM:")?))
}
