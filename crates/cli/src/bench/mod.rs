//! `gongkai bench search`: gongkai's search engine against SQLite FTS5
//! (trigram) and PostgreSQL full-text search (character bigrams), on the
//! same synthetic corpus and the same fixed queries. (`gongkai bench parse`,
//! the reading of published annual reports, is in [`parse`].)
//!
//! The figures are meant to be published, so the method is fixed and shown
//! with them:
//!
//! * Build: the time from an empty index to one that answers queries (for
//!   each engine what that takes: commit and merges, FTS5 `optimize`,
//!   the GIN index and `ANALYZE`), not counting the corpus generation.
//! * Latency: one untimed warm-up round over all queries, then `--rounds`
//!   timed rounds; each execution does what a search page needs (the top
//!   20 by relevance, the total count, titles and snippets), measured with
//!   [`Instant`] around the call. p50 and p99 are nearest-rank percentiles
//!   of all timed executions that completed; an execution that panics
//!   inside an engine is counted and shown instead (see [`Crashed`]).
//! * Recall: the planted targets found among *all* matches (not only the
//!   first 20) over all planted targets; first rank: the identifier
//!   queries (文号, 索引号) whose target came first.

mod corpus;
mod gongkai_engine;
mod hardening;
mod parse;
mod parse_corpus;
mod postgres_fts;
mod province;
mod report;
mod search_run;
mod sqlite_fts;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use serde::Serialize;

use corpus::{BenchDoc, BenchQuery};
use gongkai_engine::GongkaiEngine;
use postgres_fts::PostgresEngine;
use sqlite_fts::SqliteEngine;

#[derive(Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    what: BenchWhat,
}

#[derive(Subcommand)]
enum BenchWhat {
    /// 检索：在同一合成语料、同一组检索词上比较 gongkai、SQLite FTS5（trigram）和 PostgreSQL 全文检索
    Search(SearchArgs),
    /// 年度报告读取：在真实和生成的报告上测每核每秒读取份数（与读取同一报告的 JSON 对比），以及 10 MB 大输入的耗时
    Parse(parse::ParseArgs),
    /// 合成省：生成一个省的机构树、案件和目录，测工作台、案件列表、年度报告等页面的 p50/p99，并与同一库上的 SQL 聚合对比
    Province(province::ProvinceArgs),
    /// （供 province 内部使用）在固定日期上服务已生成的省
    #[command(hide = true)]
    ProvinceServer(province::server::ServerArgs),
    /// 加固：1000 次并发登录和 2000 个慢速连接下服务进程的内存（RSS）峰值与回落，慢速连接是否被超时关闭
    Hardening(hardening::HardeningArgs),
}

#[derive(Args)]
struct SearchArgs {
    /// 合成文档的条数（至少 1000）
    #[arg(long, value_parser = clap::value_parser!(u64).range(corpus::MIN_ITEMS..))]
    items: u64,
    /// 计时轮数（每轮执行全部检索词一次；另有一轮预热，不计时）
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
    /// 以 JSON 输出结果（代替表格）
    #[arg(long)]
    json: bool,
    /// PostgreSQL 地址（postgres://…）：在其中创建并最后删除表 gongkai_bench_docs；省略则不测 PostgreSQL
    #[arg(long, env = "GONGKAI_BENCH_DATABASE_URL")]
    postgres: Option<String>,
    /// 要测的引擎，逗号分隔：gongkai、sqlite、postgres（默认全部）
    #[arg(long, value_delimiter = ',', default_value = "gongkai,sqlite,postgres", value_parser = ["gongkai", "sqlite", "postgres"])]
    engines: Vec<String>,
    /// 工作目录：索引和数据库文件放在其中新建的临时子目录里，结束后删除（默认：系统临时目录）
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub async fn run(args: BenchArgs) -> ExitCode {
    let args = match args.what {
        BenchWhat::Search(args) => args,
        BenchWhat::Parse(args) => return parse::run(args),
        BenchWhat::Hardening(args) => return hardening::run(args).await,
        BenchWhat::Province(args) => return province::run(args).await,
        BenchWhat::ProvinceServer(args) => {
            return match province::server::serve(args).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("错误：{e:#}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    match search_run::search(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

/// One page of results, reduced to what the measurement needs (keeping the
/// titles and snippets' length makes sure they were really produced).
#[derive(Debug, Default)]
pub struct Page {
    pub total: usize,
    pub ids: Vec<u64>,
    pub snippet_chars: usize,
}

/// A query execution that panicked inside the engine (caught, counted and
/// shown with the results).
#[derive(Debug)]
pub struct Crashed(pub String);

impl std::fmt::Display for Crashed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "检索引擎内部崩溃（panic）：{}", self.0)
    }
}

impl std::error::Error for Crashed {}

/// A search engine under test.
pub trait Engine {
    /// What a search page asks for: the top 20 by relevance with titles and
    /// snippets, and the total number of matches.
    async fn page(&mut self, text: &str) -> anyhow::Result<Page>;
    /// The ids of every match, unranked (recall is measured on these).
    async fn all_matches(&mut self, text: &str) -> anyhow::Result<Vec<u64>>;
}

/// The terms of a query as an engineer splits it for SQL: each quoted
/// phrase (`"…"` or `“…”`), and each whitespace-separated word outside
/// quotes.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut loose = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let close = match c {
            '"' => '"',
            '“' => '”',
            _ => {
                loose.push(c);
                continue;
            }
        };
        let phrase: String = chars.by_ref().take_while(|p| *p != close).collect();
        if !phrase.trim().is_empty() {
            terms.push(phrase.trim().to_string());
        }
        loose.push(' ');
    }
    terms.extend(loose.split_whitespace().map(str::to_string));
    terms
}

// ---------------------------------------------------------------------------
// Results

#[derive(Debug, Serialize)]
pub struct Report {
    pub items: u64,
    pub rounds: u32,
    pub machine: Machine,
    pub engines: Vec<EngineReport>,
}

#[derive(Debug, Serialize)]
pub struct Machine {
    /// Processors available to the process (as `nproc`).
    pub cpus: usize,
    pub cpu_model: String,
    pub memory_bytes: u64,
    pub os: String,
}

#[derive(Debug, Serialize)]
pub struct EngineReport {
    /// Stable identifier: `gongkai`, `sqlite_fts5`, `postgresql`.
    pub name: &'static str,
    pub label: &'static str,
    pub version: Option<String>,
    pub available: bool,
    /// Why the engine was not measured.
    pub note: Option<String>,
    pub build_seconds: Option<f64>,
    pub docs_per_second: Option<f64>,
    pub index_bytes: Option<u64>,
    /// Over the executions that completed.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub recall: Option<f64>,
    pub planted: usize,
    pub found: usize,
    pub first_rank_ok: usize,
    pub first_rank_total: usize,
    /// Query executions (warm-up included) that panicked inside the engine.
    pub errors: usize,
    pub first_error: Option<String>,
    pub queries: Vec<QueryReport>,
}

#[derive(Debug, Serialize)]
pub struct QueryReport {
    pub text: String,
    pub category: &'static str,
    pub planted: usize,
    pub found: usize,
    /// Identifier queries: whether the target was the first result.
    pub first_ok: Option<bool>,
    /// All matches (the count a search page shows).
    pub matches: usize,
    /// None when no timed execution completed.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub errors: usize,
}

impl EngineReport {
    fn unavailable(name: &'static str, label: &'static str, note: &str) -> EngineReport {
        EngineReport {
            name,
            label,
            version: None,
            available: false,
            note: Some(note.to_string()),
            build_seconds: None,
            docs_per_second: None,
            index_bytes: None,
            p50_ms: None,
            p99_ms: None,
            recall: None,
            planted: 0,
            found: 0,
            first_rank_ok: 0,
            first_rank_total: 0,
            errors: 0,
            first_error: None,
            queries: Vec::new(),
        }
    }
}

/// The nearest-rank percentile `p` (0–100) of `sorted` (ascending), in ms.
fn percentile_ms(sorted: &[Duration], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1].as_secs_f64() * 1000.0)
}

/// What was measured of one query.
#[derive(Default)]
struct QueryMeasure {
    /// Of the timed executions that completed.
    latencies: Vec<Duration>,
    matches: usize,
    first: Option<u64>,
    found: usize,
    errors: usize,
    first_error: Option<String>,
}

impl QueryMeasure {
    /// Records `result`; an error other than a [`Crashed`] query ends the run.
    fn record(&mut self, result: anyhow::Result<Page>) -> anyhow::Result<Option<Page>> {
        match result {
            Ok(page) => Ok(Some(page)),
            Err(e) => match e.downcast::<Crashed>() {
                Ok(crashed) => {
                    self.errors += 1;
                    self.first_error.get_or_insert(crashed.0);
                    Ok(None)
                }
                Err(e) => Err(e),
            },
        }
    }
}

/// Runs the warm-up round, the timed rounds and the recall queries.
async fn measure<E: Engine>(
    engine: &mut E,
    queries: &[BenchQuery],
    rounds: u32,
    label: &str,
) -> anyhow::Result<Vec<QueryMeasure>> {
    let bar = progress(
        queries.len() as u64 * (u64::from(rounds) + 2),
        &format!("查询 {label}"),
        "次",
    );
    let mut out: Vec<QueryMeasure> = Vec::with_capacity(queries.len());
    // Warm-up; the first result of an identifier query is taken from it.
    for q in queries {
        let mut m = QueryMeasure::default();
        let page = engine.page(&q.text).await;
        if let Some(page) = m.record(page)? {
            m.first = page.ids.first().copied();
            m.matches = page.total;
        }
        out.push(m);
        bar.inc(1);
    }
    for _ in 0..rounds {
        for (q, m) in queries.iter().zip(out.iter_mut()) {
            let started = Instant::now();
            let page = engine.page(&q.text).await;
            let took = started.elapsed();
            if let Some(page) = m.record(page)? {
                m.latencies.push(took);
                std::hint::black_box(page);
            }
            bar.inc(1);
        }
    }
    for (q, m) in queries.iter().zip(out.iter_mut()) {
        let all: std::collections::HashSet<u64> =
            engine.all_matches(&q.text).await?.into_iter().collect();
        if m.first.is_none() {
            m.matches = all.len();
        }
        m.found = q.targets.iter().filter(|t| all.contains(t)).count();
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(out)
}

/// What is known of an engine once it is built and measured.
struct Built {
    version: String,
    build: Duration,
    index_bytes: u64,
}

fn engine_report(
    name: &'static str,
    label: &'static str,
    built: Built,
    items: u64,
    queries: &[BenchQuery],
    measured: Vec<QueryMeasure>,
) -> EngineReport {
    let Built {
        version,
        build,
        index_bytes,
    } = built;
    let mut all: Vec<Duration> = measured
        .iter()
        .flat_map(|m| m.latencies.iter().copied())
        .collect();
    all.sort();
    let mut report = EngineReport {
        name,
        label,
        version: Some(version),
        available: true,
        note: None,
        build_seconds: Some(build.as_secs_f64()),
        docs_per_second: Some(items as f64 / build.as_secs_f64().max(1e-9)),
        index_bytes: Some(index_bytes),
        p50_ms: percentile_ms(&all, 50.0),
        p99_ms: percentile_ms(&all, 99.0),
        recall: None,
        planted: 0,
        found: 0,
        first_rank_ok: 0,
        first_rank_total: 0,
        errors: 0,
        first_error: None,
        queries: Vec::new(),
    };
    for (q, mut m) in queries.iter().zip(measured) {
        m.latencies.sort();
        let first_ok = q
            .must_be_first
            .then(|| m.first.is_some() && m.first == q.targets.first().copied());
        report.planted += q.targets.len();
        report.found += m.found;
        if let Some(ok) = first_ok {
            report.first_rank_total += 1;
            report.first_rank_ok += usize::from(ok);
        }
        report.errors += m.errors;
        if report.first_error.is_none() {
            report.first_error = m.first_error.clone();
        }
        report.queries.push(QueryReport {
            text: q.text.clone(),
            category: q.category.label(),
            planted: q.targets.len(),
            found: m.found,
            first_ok,
            matches: m.matches,
            p50_ms: percentile_ms(&m.latencies, 50.0),
            p99_ms: percentile_ms(&m.latencies, 99.0),
            errors: m.errors,
        });
    }
    if report.planted > 0 {
        report.recall = Some(report.found as f64 / report.planted as f64);
    }
    report
}

// ---------------------------------------------------------------------------
// The run

fn progress(len: u64, what: &str, unit: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let unit = unit.to_string();
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{what:<16} {{bar:32.cyan/blue}} {{pos}}/{{len}}  已用{{elapsed}}  {{rate}}  剩余{{eta}}"
        ))
        .expect("valid template")
        .with_key(
            "rate",
            move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}{unit}/秒", state.per_sec());
            },
        )
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "model name").then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| "未知".to_string());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_bytes = meminfo
        .lines()
        .find_map(|l| {
            let rest = l.strip_prefix("MemTotal:")?;
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0)
        * 1024;
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let distro = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| k.trim().to_string())
        .ok();
    let os = match (distro, kernel) {
        (Some(d), Some(k)) => format!("{d}，Linux {k}"),
        (Some(d), None) => d,
        (None, Some(k)) => format!("Linux {k}"),
        (None, None) => std::env::consts::OS.to_string(),
    };
    Machine {
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model,
        memory_bytes,
        os,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let ms =
            |v: &[u64]| -> Vec<Duration> { v.iter().map(|m| Duration::from_millis(*m)).collect() };
        let d = ms(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(percentile_ms(&d, 50.0), Some(5.0));
        assert_eq!(percentile_ms(&d, 99.0), Some(10.0));
        assert_eq!(percentile_ms(&ms(&[7]), 99.0), Some(7.0));
        let hundred: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile_ms(&ms(&hundred), 99.0), Some(99.0));
        assert_eq!(percentile_ms(&[], 50.0), None);
    }

    #[test]
    fn query_terms_split_words_and_phrases() {
        assert_eq!(query_terms("渡口 安全　整治"), ["渡口", "安全", "整治"]);
        assert_eq!(query_terms("\"农村公路养护\""), ["农村公路养护"]);
        assert_eq!(
            query_terms("预算 “部门预算公开” 白沙县"),
            ["部门预算公开", "预算", "白沙县"]
        );
    }
}
