//! `gongkai bench hardening`: the server's memory under a login flood and
//! under slow clients, measured on a real server process.
//!
//! Method: a child `gongkai serve --demo` on a temporary SQLite data
//! directory; its resident memory (VmRSS from `/proc/PID/status`) is sampled
//! every 20 ms. Then (1) `--logins` login attempts start at once over their
//! own connections (half a wrong password for a real account, half an unknown
//! user), each timed; (2) `--slow` connections each send half a request header
//! and then nothing, and the bench waits for the server to close them (the
//! header timeout), while one ordinary request measures how long a normal
//! client waits meanwhile. Idle, peak and settled memory are printed for each
//! phase. Everything speaks raw HTTP/1.1 over TCP, one request per connection.

use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio::sync::Barrier;

#[derive(Args)]
pub struct HardeningArgs {
    /// 同时发起的登录尝试数（错误密码和不存在的用户各半）
    #[arg(long, default_value_t = 1000)]
    logins: usize,
    /// 只发送半个请求头的慢速连接数
    #[arg(long, default_value_t = 2000)]
    slow: usize,
    /// 等待服务端关闭慢速连接的最长秒数
    #[arg(long, default_value_t = 90)]
    wait: u64,
    /// 以 JSON 输出结果
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Results {
    idle_rss_mb: f64,
    logins: usize,
    login_seconds: f64,
    login_statuses: Vec<(u16, usize)>,
    login_p50_ms: f64,
    login_max_ms: f64,
    login_peak_rss_mb: f64,
    after_logins_rss_mb: f64,
    slow: usize,
    slow_closed: usize,
    slow_last_closed_s: f64,
    normal_request_during_slow_s: Option<f64>,
    slow_peak_rss_mb: f64,
    final_rss_mb: f64,
}

pub async fn run(args: HardeningArgs) -> ExitCode {
    match measure(&args).await {
        Ok(r) => {
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            } else {
                print_table(&r);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn measure(args: &HardeningArgs) -> anyhow::Result<Results> {
    let dir = tempfile::tempdir()?;
    let (mut child, address) = start_server(dir.path()).await?;
    let pid = child.id().context("the server has no process id")?;
    let result = phases(args, pid, &address).await;
    let _ = child.start_kill();
    let _ = child.wait().await;
    result
}

async fn phases(args: &HardeningArgs, pid: u32, address: &str) -> anyhow::Result<Results> {
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_kb(pid)?;
    let (cookie, token) = csrf_token(address).await?;

    let sampler = Sampler::start(pid);
    let started = Instant::now();
    let barrier = Arc::new(Barrier::new(args.logins));
    let mut tasks = Vec::new();
    for i in 0..args.logins {
        let (address, token, barrier) = (address.to_string(), token.clone(), barrier.clone());
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            let user = if i % 2 == 0 {
                "clerk".to_string()
            } else {
                format!("nobody{i}")
            };
            let body = format!(
                "username={user}&password=wrong-password-{i}&next=%2Fworkbench&_csrf={token}"
            );
            let request = format!(
                "POST /login HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\
                 Cookie: gk_csrf={cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            );
            barrier.wait().await;
            let t = Instant::now();
            let status = exchange(&address, request.as_bytes()).await.unwrap_or(0);
            (status, t.elapsed())
        }));
    }
    let mut statuses = std::collections::BTreeMap::new();
    let mut latencies = Vec::new();
    for t in tasks {
        let (status, took) = t.await?;
        *statuses.entry(status).or_insert(0usize) += 1;
        latencies.push(took);
    }
    let login_seconds = started.elapsed().as_secs_f64();
    let login_peak = sampler.stop().await;
    latencies.sort();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after_logins = rss_kb(pid)?;

    let sampler = Sampler::start(pid);
    let (closed, last_closed, normal) = slow_clients(address, args.slow, args.wait).await;
    let slow_peak = sampler.stop().await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let final_rss = rss_kb(pid)?;

    let mb = |kb: u64| kb as f64 / 1024.0;
    Ok(Results {
        idle_rss_mb: mb(idle),
        logins: args.logins,
        login_seconds,
        login_statuses: statuses.into_iter().collect(),
        login_p50_ms: latencies
            .get(latencies.len() / 2)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3),
        login_max_ms: latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        login_peak_rss_mb: mb(login_peak),
        after_logins_rss_mb: mb(after_logins),
        slow: args.slow,
        slow_closed: closed,
        slow_last_closed_s: last_closed.as_secs_f64(),
        normal_request_during_slow_s: normal.map(|d| d.as_secs_f64()),
        slow_peak_rss_mb: mb(slow_peak),
        final_rss_mb: mb(final_rss),
    })
}

/// Open `n` connections that send half a header; count those the server
/// closes within `wait` seconds. Meanwhile one ordinary request is timed.
async fn slow_clients(address: &str, n: usize, wait: u64) -> (usize, Duration, Option<Duration>) {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(wait);
    let mut tasks = Vec::new();
    for _ in 0..n {
        let address = address.to_string();
        tasks.push(tokio::spawn(async move {
            let connect = tokio::time::timeout_at(deadline.into(), TcpStream::connect(&address));
            let Ok(Ok(mut stream)) = connect.await else {
                return None;
            };
            if stream
                .write_all(b"GET / HTTP/1.1\r\nHost: bench\r\nX-Slow: ")
                .await
                .is_err()
            {
                return Some(started.elapsed());
            }
            let mut buf = [0u8; 512];
            loop {
                match tokio::time::timeout_at(deadline.into(), stream.read(&mut buf)).await {
                    Err(_) => return None,
                    Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
                    Ok(Ok(_)) => {}
                }
            }
        }));
    }
    // Let the slow clients take their places, then ask as a normal client would.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let t = Instant::now();
    let normal = tokio::time::timeout_at(
        deadline.into(),
        exchange(
            address,
            b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n",
        ),
    )
    .await;
    let normal = matches!(normal, Ok(Ok(200))).then(|| t.elapsed());
    let mut closed = 0;
    let mut last = Duration::ZERO;
    for t in tasks {
        if let Ok(Some(at)) = t.await {
            closed += 1;
            last = last.max(at);
        }
    }
    (closed, last, normal)
}

/// One request on its own connection; the response's status.
async fn exchange(address: &str, request: &[u8]) -> anyhow::Result<u16> {
    let mut stream = TcpStream::connect(address).await?;
    stream.write_all(request).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let head = String::from_utf8_lossy(&response[..response.len().min(64)]).to_string();
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no HTTP status")
}

/// The login form's CSRF cookie and the field bound to it (`csrf.rs`).
async fn csrf_token(address: &str) -> anyhow::Result<(String, String)> {
    let mut stream = TcpStream::connect(address).await?;
    stream
        .write_all(b"GET /login HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        .await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response);
    let at = text.find("gk_csrf=").context("no CSRF cookie")? + "gk_csrf=".len();
    let cookie = text[at..].split(';').next().unwrap_or("").to_string();
    let field = "name=\"_csrf\" value=\"";
    let at = text.find(field).context("no CSRF field")? + field.len();
    let token = text[at..].split('"').next().unwrap_or("").to_string();
    Ok((cookie, token))
}

async fn start_server(dir: &Path) -> anyhow::Result<(Child, String)> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(["serve", "--demo", "--port", "0", "--data-dir"])
        .arg(dir.join("data"))
        .env("RUST_LOG", "warn")
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("cannot start gongkai serve")?;
    let mut lines = BufReader::new(child.stdout.take().context("no stdout")?).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some(url) = line.strip_prefix("gongkai 已启动：") {
            let address = url.trim().trim_start_matches("http://").to_string();
            // Keep reading so the child never blocks on a full pipe.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok((child, address));
        }
    }
    bail!("the server stopped before printing its address")
}

fn rss_kb(pid: u32) -> anyhow::Result<u64> {
    super::province::server::memory_kb(pid)
        .map(|(rss, _)| rss)
        .context("cannot read VmRSS from /proc/PID/status (Linux only)")
}

/// The highest RSS seen while it runs.
struct Sampler {
    peak: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    fn start(pid: u32) -> Sampler {
        let peak = Arc::new(AtomicU64::new(0));
        let p = peak.clone();
        let task = tokio::spawn(async move {
            loop {
                if let Ok(kb) = rss_kb(pid) {
                    p.fetch_max(kb, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        Sampler { peak, task }
    }

    async fn stop(self) -> u64 {
        self.task.abort();
        let _ = self.task.await;
        self.peak.load(Ordering::Relaxed)
    }
}

fn print_table(r: &Results) {
    println!(
        "空闲内存（RSS）                     {:>8.1} MB",
        r.idle_rss_mb
    );
    println!(
        "{} 次并发登录：用时 {:.1} 秒，p50 {:.0} ms，最长 {:.0} ms，状态 {:?}",
        r.logins, r.login_seconds, r.login_p50_ms, r.login_max_ms, r.login_statuses
    );
    println!(
        "  登录期间内存峰值                  {:>8.1} MB",
        r.login_peak_rss_mb
    );
    println!(
        "  登录结束 5 秒后                   {:>8.1} MB",
        r.after_logins_rss_mb
    );
    println!(
        "{} 个慢速连接：服务端关闭 {} 个，最后一个在 {:.1} 秒时关闭",
        r.slow, r.slow_closed, r.slow_last_closed_s
    );
    match r.normal_request_during_slow_s {
        Some(s) => println!("  其间一个正常请求在 {s:.1} 秒后得到应答"),
        None => println!("  其间一个正常请求未得到应答"),
    }
    println!(
        "  慢速连接期间内存峰值              {:>8.1} MB",
        r.slow_peak_rss_mb
    );
    println!(
        "  结束 5 秒后                       {:>8.1} MB",
        r.final_rss_mb
    );
}
