//! `gongkai bench province`: a synthetic province on one database — a
//! government tree of `--agencies` agencies, `--cases` applications over
//! three years with realistic histories, `--items` catalogue items at its
//! busiest bureau — then, over `--runs` runs each (after two untimed), p50
//! and p99 of the pages a province works with, served by a real server over
//! HTTP, beside the raw SQL aggregate that counts the same figures with one
//! `GROUP BY` (the reference, on its own connection, in the same run).
//!
//! The data is loaded through the rows the application writes (the case's
//! events and its read-model row, `CaseListStore::import_cases`; items
//! through `CatalogueStore::create_items`) from a fixed seed; the server's
//! clock is fixed on the benchmark's date, so the same cases are open and
//! overdue in every run.

mod generate;
mod measure;
mod pages;
pub mod server;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::{Datelike, NaiveDate, Utc};
use clap::Args;
use gongkai_app::Settings;
use gongkai_domain::calendar::Calendar;
use gongkai_domain::staff::{Role, Username};
use gongkai_store::{NewStaff, ReportDraft, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use generate::{CaseMaker, Unit};
use measure::{Measure, Raw};

#[derive(Args)]
pub struct ProvinceArgs {
    /// 机构数（省政府、省厅、市县政府及其部门、乡镇，至少 40）
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(40..=20_000))]
    agencies: u32,
    /// 依申请公开案件数（三年内，至少 1000）
    #[arg(long, value_parser = clap::value_parser!(u64).range(1000..=5_000_000))]
    cases: u64,
    /// 最大部门的目录信息条数
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    items: u64,
    /// PostgreSQL 地址（postgres://…）：在其中新建并最后删除一个临时数据库；省略则用 SQLite
    #[arg(long)]
    database_url: Option<String>,
    /// 每项计时次数（另有两次预热不计时）
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(5..=1000))]
    runs: u32,
    /// 并发测量的秒数（8 个客户端同时请求；0 为不测）
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=600))]
    load_seconds: u64,
    /// 以 JSON 输出结果（代替表格）
    #[arg(long)]
    json: bool,
    /// 工作目录（SQLite 数据库和索引放在其中新建的临时子目录里，结束后删除）
    #[arg(long)]
    dir: Option<PathBuf>,
    /// 结束后保留数据库（SQLite 打印其路径，PostgreSQL 打印库名），以便检查查询计划
    #[arg(long)]
    keep: bool,
}

/// The benchmark's date: the clock of the server, the end of the three years.
fn bench_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date")
}

/// The report year measured (the last complete one).
const REPORT_YEAR: i32 = 2025;

const PASSWORD: &str = "bench-province-2026";

/// The clients of the concurrent load after the single measures.
const LOAD_CLIENTS: usize = 8;

#[derive(Serialize)]
struct Results {
    agencies: u32,
    cases: u64,
    items: u64,
    backend: &'static str,
    load_seconds: f64,
    /// The server process's memory after the measures and the load (MB),
    /// and its highest.
    server_rss_mb: f64,
    server_peak_rss_mb: f64,
    /// Several clients at once on the staff pages.
    load: Option<pages::Load>,
    measures: Vec<Measure>,
}

pub async fn run(args: ProvinceArgs) -> ExitCode {
    match bench(&args).await {
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

/// The database the benchmark runs on: a fresh SQLite file or a fresh
/// PostgreSQL database (dropped at the end).
struct Database {
    settings: Settings,
    raw: Raw,
    drop: Option<(String, String)>,
    dir: tempfile::TempDir,
}

async fn database(args: &ProvinceArgs) -> anyhow::Result<Database> {
    let dir = match &args.dir {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    let mut settings = Settings::load(None, Some(dir.path()))?;
    settings.bind = "127.0.0.1".into();
    settings.port = 0;
    let Some(url) = &args.database_url else {
        let path = settings.sqlite_path();
        let store = crate::db::open_store(&settings).await?;
        drop(store);
        let raw = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect(&format!("sqlite://{}?mode=ro", path.display()))
            .await?;
        return Ok(Database {
            settings,
            raw: Raw::Sqlite(raw),
            drop: None,
            dir,
        });
    };
    let name = format!("gongkai_bench_province_{}", std::process::id());
    let admin = sqlx::PgPool::connect(url)
        .await
        .context("无法连接 PostgreSQL")?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await?;
    admin.close().await;
    let (base, query) = url
        .split_once('?')
        .map_or((url.as_str(), ""), |(b, q)| (b, q));
    let root = base.rsplit_once('/').map_or(base, |(r, _)| r);
    let mut own = format!("{root}/{name}");
    if !query.is_empty() {
        own = format!("{own}?{query}");
    }
    settings.database_url = Some(own.clone());
    let raw = sqlx::PgPool::connect(&own).await?;
    Ok(Database {
        settings,
        raw: Raw::Postgres(raw),
        drop: Some((url.clone(), name)),
        dir,
    })
}

async fn drop_database(db: &Database) -> anyhow::Result<()> {
    if let (Some((url, name)), Raw::Postgres(p)) = (&db.drop, &db.raw) {
        p.close().await;
        let admin = sqlx::PgPool::connect(url).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&admin)
            .await?;
    }
    Ok(())
}

async fn bench(args: &ProvinceArgs) -> anyhow::Result<Results> {
    let db = database(args).await?;
    let result = run_on(args, &db).await;
    if !args.keep {
        drop_database(&db).await?;
    } else if let Some((_, name)) = &db.drop {
        eprintln!("PostgreSQL 数据库 {name} 已保留（用完请 DROP DATABASE）");
    } else {
        let kept = db.dir.keep();
        eprintln!("数据库保留在 {}", kept.join("gongkai.db").display());
    }
    result
}

/// The agencies that matter to the measures.
struct Cast {
    units: Vec<Unit>,
    /// The busiest bureau (a county department), its county, the province.
    bureau: usize,
    county: usize,
}

async fn run_on(args: &ProvinceArgs, db: &Database) -> anyhow::Result<Results> {
    let store = crate::db::open_store(&db.settings).await?;
    let started = Instant::now();
    let cast = agencies(store.as_ref(), args.agencies as usize).await?;
    staff(store.as_ref(), &cast).await?;
    cases(store.as_ref(), &cast, args.cases).await?;
    if args.items > 0 {
        generate::items(store.as_ref(), &cast.units[cast.bureau], args.items).await?;
    }
    store
        .put_report_draft(&ReportDraft {
            agency_id: cast.units[0].id,
            year: REPORT_YEAR,
            parts: Default::default(),
            members: cast.units[1..].iter().map(|u| u.id).collect(),
            updated_by: None,
            updated_at: Utc::now(),
        })
        .await?;
    // What autovacuum does after a bulk load, before anyone reads (the
    // planner's statistics).
    if let Raw::Postgres(pool) = &db.raw {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    let load_seconds = started.elapsed().as_secs_f64();
    let file = if args.items > 0 {
        Some(
            pages::attachment(
                store.as_ref(),
                &db.settings.data_dir,
                &cast.units[cast.bureau],
            )
            .await?,
        )
    } else {
        None
    };
    let case = pages::a_case(store.as_ref(), &cast).await?;
    let server = server::Server::start(
        &db.settings.data_dir,
        db.settings.database_url.as_deref(),
        bench_date(),
    )
    .await?;
    let measured = async {
        let who = pages::Who::login(&server.url).await?;
        let measures =
            pages::measure_all(args, db, &store, &cast, &who, &case, file.as_ref()).await?;
        let load = match args.load_seconds {
            0 => None,
            s => Some(pages::load(&who, &case, &cast, LOAD_CLIENTS, s).await?),
        };
        anyhow::Ok((measures, load))
    }
    .await;
    let (rss_mb, peak_rss_mb) = server.rss_mb();
    server.stop().await;
    let (measures, load) = measured?;
    Ok(Results {
        agencies: args.agencies,
        cases: args.cases,
        items: args.items,
        backend: match store.backend() {
            gongkai_store::Backend::Sqlite => "sqlite",
            gongkai_store::Backend::Postgres => "postgres",
        },
        load_seconds,
        server_rss_mb: rss_mb,
        server_peak_rss_mb: peak_rss_mb,
        load,
        measures,
    })
}

async fn agencies(store: &dyn Store, count: usize) -> anyhow::Result<Cast> {
    let tree = generate::tree(count);
    let bar = progress(tree.len() as u64, "机构");
    let mut units: Vec<Unit> = Vec::with_capacity(tree.len());
    for (i, (name, level, kind, parent, weight)) in tree.iter().enumerate() {
        let code = generate::credit_code(u32::try_from(i).unwrap_or(u32::MAX));
        let profile = generate::profile(&code, name, level, kind)?;
        let id = store
            .create_agency(parent.map(|p| units[p].id), &profile)
            .await?;
        units.push(Unit {
            id,
            code,
            parent: *parent,
            weight: *weight,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    let bureau = tree
        .iter()
        .position(|t| t.1 == "county" && t.2 == "department")
        .context("机构太少：没有县级部门")?;
    let county = units[bureau].parent.context("县级部门没有上级")?;
    Ok(Cast {
        units,
        bureau,
        county,
    })
}

async fn staff(store: &dyn Store, cast: &Cast) -> anyhow::Result<()> {
    let hash = gongkai_app::password::hash_password(PASSWORD)?;
    for (username, unit, roles) in [
        ("clerk", cast.bureau, vec![Role::Clerk, Role::Editor]),
        ("county", cast.county, vec![Role::Supervisor]),
        ("province", 0, vec![Role::Supervisor]),
    ] {
        store
            .create_staff(&NewStaff {
                agency_id: cast.units[unit].id,
                username: Username::parse(username).map_err(|e| anyhow::anyhow!("{e:?}"))?,
                display_name: username.into(),
                password_hash: hash.clone(),
                roles,
            })
            .await?;
    }
    Ok(())
}

/// `n` cases: one in twenty at the busiest bureau, the rest spread over the
/// tree by weight; loaded 5,000 a transaction.
async fn cases(store: &dyn Store, cast: &Cast, n: u64) -> anyhow::Result<()> {
    let calendar = Calendar::vendored();
    let today = bench_date();
    let maker = CaseMaker {
        calendar: &calendar,
        today,
        first_day: NaiveDate::from_ymd_opt(today.year() - 3, today.month(), 1).context("date")?,
    };
    let mut rng = StdRng::seed_from_u64(20_261_203);
    let total_weight: u64 = cast.units.iter().map(|u| u64::from(u.weight)).sum();
    let bar = progress(n, "案件");
    let mut made = 0u64;
    while made < n {
        let chunk: Vec<_> = (made..n.min(made + 5000))
            .map(|i| {
                let unit = if rng.gen_range(0..20) == 0 {
                    cast.bureau
                } else {
                    weighted(&cast.units, rng.gen_range(0..total_weight))
                };
                maker.case(cast.units[unit].id, i, &mut rng)
            })
            .collect();
        if made == 0 {
            // The generator writes only histories the workflow accepts.
            for c in &chunk {
                gongkai_domain::case::validate_history(&c.events, &calendar)
                    .map_err(|e| anyhow::anyhow!("合成案件的记录不合规：{e}；{:?}", c.events))?;
            }
        }
        made += chunk.len() as u64;
        store.import_cases(&chunk).await?;
        bar.set_position(made);
    }
    bar.finish_and_clear();
    Ok(())
}

fn weighted(units: &[Unit], mut x: u64) -> usize {
    for (i, u) in units.iter().enumerate() {
        if x < u64::from(u.weight) {
            return i;
        }
        x -= u64::from(u.weight);
    }
    units.len() - 1
}

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "生成{what} {{bar:32.cyan/blue}} {{pos}}/{{len}}  已用{{elapsed}}  剩余{{eta}}"
        ))
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

fn print_table(r: &Results) {
    println!(
        "合成省：{} 个机构，{} 件申请，{} 条目录信息；{}；生成 {:.1} 秒；服务进程内存 {:.0} MB（峰值 {:.0} MB）",
        r.agencies,
        r.cases,
        r.items,
        if r.backend == "sqlite" {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        r.load_seconds,
        r.server_rss_mb,
        r.server_peak_rss_mb
    );
    if let Some(l) = &r.load {
        println!(
            "并发：{} 个客户端 {:.0} 秒，{} 次请求，每秒 {:.0} 次，p50 {:.1} ms，p99 {:.1} ms",
            l.clients, l.seconds, l.requests, l.requests_per_second, l.p50_ms, l.p99_ms
        );
    }
    println!("| 测量 | p50（ms） | p99（ms） | SQL 参照 p50（ms） | p99 / 参照 |");
    println!("|---|--:|--:|--:|--:|");
    for m in &r.measures {
        let (reference, ratio) = match m.reference_ms {
            Some(x) => (format!("{x:.2}"), format!("{:.1}×", m.p99_ms / x)),
            None => ("—".into(), "—".into()),
        };
        println!(
            "| {} | {:.2} | {:.2} | {reference} | {ratio} |",
            m.name, m.p50_ms, m.p99_ms
        );
    }
}
