//! The `gongkai` command.

mod audit;
mod backup;
mod bench;
mod check;
mod db;
mod deadline;
mod import;
mod plan;
mod reindex;
mod report;
mod report_bulk;
mod report_check;
mod report_fetch;
mod report_score;
mod reproject;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use gongkai_app::{Settings, demo};
use gongkai_domain::agency::AgencyDraft;
use gongkai_domain::staff::{NewPassword, Role, Username};
use gongkai_store::NewStaff;
use gongkai_web::Application;

#[derive(Parser)]
#[command(name = "gongkai", version, about = "政府信息公开平台 gongkai", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 计算期限：某日之后的第 N 个工作日（收到申请之日为第0日）
    Deadline(deadline::DeadlineArgs),
    /// 启动平台
    Serve(ServeArgs),
    /// 执行数据库迁移
    Migrate(DbArgs),
    /// 创建管理员账户（必要时同时创建首个机构）
    CreateAdmin(CreateAdminArgs),
    /// 批量导入（政府信息公开目录：CSV 或 XLSX）
    Import(import::ImportArgs),
    /// 重建检索索引（从数据库中已发布的信息）
    Reindex(DbArgs),
    /// 重新计算案件台账（从每件申请的办理记录，按现行工作日历）
    Reproject(DbArgs),
    /// 性能基准：检索（gongkai 与 SQLite FTS5、PostgreSQL 全文检索对比）；年度报告读取
    Bench(bench::BenchArgs),
    /// 政府信息公开工作年度报告
    Report(report::ReportArgs),
    /// 审计记录（防篡改链）
    Audit(audit::AuditArgs),
    /// 政务公开工作要点：导入（任务、牵头和配合单位、完成时限）
    Plan(plan::PlanArgs),
    /// 检查：栏目健康检查（国办秘函〔2019〕19号指标）
    Check(check::CheckArgs),
    /// 备份：数据库（SQLite，运行中也可）和附件打包为一个文件；PostgreSQL 只备份附件并提示 pg_dump
    Backup(backup::BackupArgs),
    /// 从备份文件恢复数据库和附件（检索索引在启动时重建）；请先停止服务
    Restore(backup::RestoreArgs),
}

#[derive(Args, Clone)]
pub struct DbArgs {
    /// 数据目录（SQLite 文件、附件、索引）
    #[arg(long, env = "GONGKAI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// 数据库地址：postgres://… 使用 PostgreSQL；省略则使用数据目录中的 SQLite
    #[arg(long, env = "GONGKAI_DATABASE_URL")]
    database_url: Option<String>,
    /// 配置文件（默认：数据目录下的 gongkai.toml）
    #[arg(long, env = "GONGKAI_CONFIG")]
    config: Option<PathBuf>,
}

impl DbArgs {
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let mut s = Settings::load(self.config.as_deref(), self.data_dir.as_deref())?;
        if let Some(url) = &self.database_url {
            s.database_url = Some(url.clone()).filter(|u| !u.is_empty());
        }
        Ok(s)
    }
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 端口（0 表示自动选择）
    #[arg(long)]
    port: Option<u16>,
    /// 监听地址
    #[arg(long)]
    bind: Option<String>,
    /// 空数据库时填入演示机构和账户
    #[arg(long)]
    demo: bool,
}

#[derive(Args)]
struct CreateAdminArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 登录用户名
    #[arg(long)]
    username: String,
    /// 姓名
    #[arg(long)]
    name: String,
    /// 所属机构代码（统一社会信用代码或组织机构代码）
    #[arg(long)]
    agency: String,
    /// 机构不存在时：机构全称（将作为顶级机构创建）
    #[arg(long)]
    agency_name: Option<String>,
    /// 机构不存在时：层级 province|city|county|township
    #[arg(long, default_value = "county")]
    level: String,
    /// 机构不存在时：类型 government|department|dispatched
    #[arg(long, default_value = "government")]
    kind: String,
    /// 从标准输入读取密码（否则读取环境变量 GONGKAI_ADMIN_PASSWORD）
    #[arg(long)]
    password_stdin: bool,
    /// 同时授予平台管理员角色（可修改全平台共用的工作日历、授予平台管理员角色）
    #[arg(long)]
    platform: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Deadline(args) => return deadline::run(args).await,
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => migrate(args).await,
        Command::CreateAdmin(args) => create_admin(args).await,
        Command::Import(args) => return import::run(args).await,
        Command::Reindex(args) => reindex::run(args).await,
        Command::Reproject(args) => reproject::run(args).await,
        Command::Bench(args) => return bench::run(args).await,
        Command::Report(args) => return report::run(args).await,
        Command::Audit(args) => return audit::run(args).await,
        Command::Plan(args) => return plan::run(args).await,
        Command::Check(args) => return check::run(args).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut settings = args.db.settings()?;
    if let Some(p) = args.port {
        settings.port = p;
    }
    if let Some(b) = args.bind {
        settings.bind = b;
    }
    let store = db::open_store(&settings).await?;
    let seeded = if args.demo {
        let fresh = demo::seed(store.as_ref()).await?;
        if fresh {
            // The demo is dated relative to the day it is created.
            let today = gongkai_app::clock::Clock::system().today();
            demo::seed_content(store.as_ref(), today).await?;
            demo::seed_reports(store.as_ref(), today).await?;
        }
        fresh
    } else {
        false
    };
    let where_ = match &settings.database_url {
        Some(_) => store.backend().label().to_string(),
        None => settings.sqlite_path().display().to_string(),
    };
    let app = Application::build(settings, store).await?;
    // A server keeps serving when nobody reads its standard output any more
    // (a supervisor that closed the pipe): these lines are a courtesy.
    let say = |line: String| {
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), "{line}");
    };
    say(format!("gongkai 已启动：{}", app.url()));
    say(format!("数据库：{where_}"));
    if args.demo {
        if seeded {
            say("已填入演示数据。".into());
        }
        say(format!("演示账户（密码均为 {}）：", demo::DEMO_PASSWORD));
        for a in demo::DEMO_ACCOUNTS {
            let roles: Vec<&str> = a.roles.iter().map(|r| r.label()).collect();
            say(format!(
                "  {:<11} {}（{}）",
                a.username,
                a.display_name,
                roles.join("、")
            ));
        }
    }
    say("按 Ctrl+C 停止。".into());
    app.run_until_stopped().await?;
    Ok(())
}

async fn migrate(args: DbArgs) -> anyhow::Result<()> {
    let settings = args.settings()?;
    let store = db::open_store(&settings).await?;
    println!("数据库迁移完成（{}）。", store.backend().label());
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            eprint!("请输入密码：");
        }
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    std::env::var("GONGKAI_ADMIN_PASSWORD").map_err(|_| {
        anyhow::anyhow!(
            "请用 --password-stdin 从标准输入提供密码，或设置环境变量 GONGKAI_ADMIN_PASSWORD。"
        )
    })
}

async fn create_admin(args: CreateAdminArgs) -> anyhow::Result<()> {
    let username = Username::parse(&args.username)?;
    let password = NewPassword::parse(&read_password(args.password_stdin)?)?;
    if args.name.trim().is_empty() {
        anyhow::bail!("请用 --name 填写管理员姓名。");
    }
    let settings = args.db.settings()?;
    let store = db::open_store(&settings).await?;
    let agency = match store.agency_by_code(args.agency.trim()).await? {
        Some(a) => a.id,
        None => {
            let Some(name) = args.agency_name.clone() else {
                anyhow::bail!(
                    "未找到代码为“{}”的机构。如需同时创建该机构，请加上 --agency-name “机构全称”。",
                    args.agency.trim()
                );
            };
            let profile = AgencyDraft {
                full_name: name,
                code: args.agency.clone(),
                level: args.level.clone(),
                kind: args.kind.clone(),
                ..Default::default()
            }
            .validate()?;
            let id = store.create_agency(None, &profile).await?;
            println!("已创建机构：{}（{}）", profile.full_name, profile.code);
            id
        }
    };
    let hash = gongkai_app::password::hash_password(password.expose())?;
    store
        .create_staff(&NewStaff {
            agency_id: agency,
            username: username.clone(),
            display_name: args.name.trim().to_string(),
            password_hash: hash,
            roles: if args.platform {
                vec![
                    Role::PlatformAdministrator,
                    Role::Administrator,
                    Role::Supervisor,
                ]
            } else {
                vec![Role::Administrator, Role::Supervisor]
            },
        })
        .await?;
    if args.platform {
        println!("已创建管理员账户“{username}”（含平台管理员角色）。");
    } else {
        println!("已创建管理员账户“{username}”。");
    }
    Ok(())
}
