//! `gongkai import catalogue`: bulk import of an agency's existing catalogue
//! (政府信息公开目录) from a CSV or XLSX file — the command
//! `gongkai_app::catalogue_import`, which the web page
//! `/admin/agencies/{code}/items/import` runs too. Here: the arguments, the
//! file read from disk, the agency found by its code, a progress bar while
//! the chunks are stored, and the report printed (problems and notices on
//! stderr, the result on stdout; exit 1 when nothing was imported).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use gongkai_app::catalogue_import::{
    self as catalogue_import, Context, ImportOptions, ImportReport, Importer, Outcome, Upload,
};
use gongkai_domain::agency_code::AgencyCode;
use gongkai_store::{Agency, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::DbArgs;

#[derive(Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// 批量导入政府信息公开目录（CSV 或 XLSX，表头为中文字段名）
    Catalogue(CatalogueArgs),
}

#[derive(Args)]
struct CatalogueArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 要导入的文件：.csv（UTF-8 或 GB18030/GBK 编码）或 .xlsx（读取第一个工作表）
    #[arg(required_unless_present = "template")]
    file: Option<PathBuf>,
    /// 发布机构的代码（统一社会信用代码或组织机构代码）
    #[arg(long, required_unless_present = "template")]
    agency: Option<String>,
    /// 跳过有误的行，只导入正确的行（默认：有任何一行有误则不导入）
    #[arg(long)]
    skip_bad: bool,
    /// 只检查，不写入数据库
    #[arg(long)]
    dry_run: bool,
    /// 打印导入模板（表头和一行示例）后退出
    #[arg(long, conflicts_with_all = ["file", "agency", "skip_bad", "dry_run"])]
    template: bool,
}

pub async fn run(args: ImportArgs) -> ExitCode {
    match args.what {
        ImportWhat::Catalogue(args) => catalogue(args).await,
    }
}

async fn catalogue(args: CatalogueArgs) -> ExitCode {
    if args.template {
        print!("{}", catalogue_import::template());
        return ExitCode::SUCCESS;
    }
    match import_catalogue(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Imports; whether anything was (or, on a dry run, would be) imported.
async fn import_catalogue(args: CatalogueArgs) -> anyhow::Result<bool> {
    let started = Instant::now();
    let (Some(path), Some(agency_code)) = (args.file.as_deref(), args.agency.as_deref()) else {
        anyhow::bail!(
            "请指定要导入的文件和机构代码，例如：gongkai import catalogue 目录.csv --agency 机构代码"
        );
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    // Read the file before touching the database: its problems come first.
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("找不到文件“{}”，请检查路径。", path.display())
        }
        std::io::ErrorKind::PermissionDenied => {
            anyhow::anyhow!("没有权限读取文件“{}”。", path.display())
        }
        _ => anyhow::anyhow!("无法读取文件“{}”：{e}", path.display()),
    })?;

    let settings = args.db.settings()?;
    let store = crate::db::open_store(&settings).await?;
    let agency = find_agency(store.as_ref(), agency_code).await?;
    let calendar = gongkai_store::calendar_in_force(store.as_ref()).await?;
    let clock = gongkai_app::clock::Clock::system();
    let cx = Context {
        store: store.as_ref(),
        calendar: &calendar,
        now: clock.now(),
        today: clock.today(),
    };
    let opts = ImportOptions {
        skip_bad: args.skip_bad,
        dry_run: args.dry_run,
    };
    let bar: OnceLock<ProgressBar> = OnceLock::new();
    let progress = |stored: usize, total: usize| {
        bar.get_or_init(|| progress_bar(total as u64))
            .set_position(stored as u64);
    };
    let upload = Upload { file_name, bytes };
    let result =
        catalogue_import::import(&cx, Importer::Operator, &agency, upload, opts, &progress).await;
    if let Some(bar) = bar.get() {
        match &result {
            Ok(_) => bar.finish_and_clear(),
            Err(_) => bar.abandon(),
        }
    }
    let report = result?;
    print_report(&report);
    if let Outcome::Imported { .. } = report.outcome {
        println!(
            "机构：{}（{}）；文件：{}；共{}条，用时{:.1}秒。",
            agency.profile.full_name,
            agency.profile.code,
            report.file_name,
            report.importable,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(report.passed())
}

/// Problems and notices on stderr, the result on stdout.
fn print_report(report: &ImportReport) {
    if let Some(notice) = report.read_as.notice() {
        eprintln!("提示（{}）：{notice}", report.file_name);
    }
    for e in &report.errors {
        eprintln!("{e}");
    }
    if let Some(skipped) = report.skipped() {
        eprintln!("{skipped}");
    }
    let summary = report.summary();
    match report.outcome {
        Outcome::HeaderRefused => eprintln!(
            "{summary}请按模板（gongkai import catalogue --template）修改表头后重新导入。"
        ),
        Outcome::Refused => {
            eprintln!("{summary}修改后重新导入，或使用 --skip-bad 只导入正确的行。")
        }
        Outcome::AllBad => eprintln!("{summary}"),
        Outcome::Checked | Outcome::Imported { .. } => println!("{summary}"),
    }
}

async fn find_agency(store: &dyn Store, input: &str) -> anyhow::Result<Agency> {
    let input = input.trim();
    let mut candidates = vec![input.to_string()];
    if let Ok(code) = AgencyCode::parse(input) {
        candidates.push(code.as_str().to_string());
        candidates.push(code.to_string());
    }
    for c in candidates {
        if let Some(a) = store.agency_by_code(&c).await? {
            return Ok(a);
        }
    }
    anyhow::bail!(
        "未找到代码为“{input}”的机构：请填写平台中已有机构的统一社会信用代码或组织机构代码（可在“机构管理”中查看）。"
    )
}

fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "导入 {bar:32.cyan/blue} {pos}/{len}条  已用{elapsed}  {rate}  剩余{eta}",
        )
        .expect("valid template")
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}条/秒", state.per_sec());
            },
        )
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
