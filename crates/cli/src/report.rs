//! `gongkai report generate`: an agency's annual report for a year, computed
//! from the database (with the draft's text and roll-up members), as JSON,
//! HTML, DOCX, XLSX or PDF. `gongkai report check` (in [`crate::report_check`])
//! reads and checks reports published elsewhere.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::db;
use clap::{Args, Subcommand, ValueEnum};
use gongkai_app::clock::Clock;
use gongkai_app::report_export::{self, ExportFormat};
use gongkai_app::reporting;

use crate::DbArgs;

#[derive(Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    what: ReportWhat,
}

#[derive(Subcommand)]
enum ReportWhat {
    /// 生成年度报告（由办件登记、复议诉讼、主动公开目录和第二十条数据计算）
    Generate(GenerateArgs),
    /// 校验已公布的年度报告（文本、网页或 Word 文件，或整个目录）：读出表格和数字，按校验规则 AR-01…AR-20 检查；
    /// --summary 写出汇总表（XLSX）。退出码：0 无错误；1 有报告存在错误；2 有文件无法读取
    Check(crate::report_check::CheckArgs),
    /// 用人工标注的真实报告语料衡量读取效果：每份报告及合计的标注单元格数、正确、未读出、无法确定、读错。退出码：1 有读错的单元格；2 语料无法读取
    Score(crate::report_score::ScoreArgs),
    /// 按网址清单下载年度报告网页和文件（供 report check 批量检查）：限时、限并发、对同一网站间隔请求、限制大小，
    /// 并写出 manifest.csv（网址→文件/结果）。退出码：0 全部下载成功；1 有网址下载失败；2 清单或目录无法使用
    Fetch(crate::report_fetch::FetchArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Html,
    Docx,
    Xlsx,
    Pdf,
}

#[derive(Args)]
struct GenerateArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 机构代码（统一社会信用代码或组织机构代码）
    #[arg(long)]
    agency: String,
    /// 统计年度（2019年起）
    #[arg(long)]
    year: i32,
    /// 输出格式
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// 输出文件；省略时 JSON、HTML 写到标准输出，其他格式写到当前目录
    #[arg(long)]
    output: Option<PathBuf>,
}

pub async fn run(args: ReportArgs) -> ExitCode {
    match args.what {
        ReportWhat::Generate(g) => match generate(g).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("错误：{e:#}");
                ExitCode::FAILURE
            }
        },
        ReportWhat::Check(c) if crate::report_bulk::wanted(&c) => crate::report_bulk::run(c).await,
        ReportWhat::Check(c) => crate::report_check::run(c),
        ReportWhat::Score(s) => crate::report_score::run(s),
        ReportWhat::Fetch(f) => crate::report_fetch::run(f).await,
    }
}

async fn generate(args: GenerateArgs) -> anyhow::Result<()> {
    let settings = args.db.settings()?;
    let store = db::open_store(&settings).await?;
    let all = store.agencies().await?;
    let agency = all
        .iter()
        .find(|a| a.profile.code.as_str() == args.agency)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "未找到代码为“{}”的机构；请核对统一社会信用代码（或组织机构代码）。",
                args.agency
            )
        })?;
    let today = Clock::system().today();
    let built = reporting::build(store.as_ref(), &all, agency, args.year, today)
        .await?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}年没有全国统一的年度报告格式：年度报告格式自2019年度起施行。",
                args.year
            )
        })?;
    let format = match args.format {
        Format::Json => ExportFormat::Json,
        Format::Html => ExportFormat::Html,
        Format::Docx => ExportFormat::Docx,
        Format::Xlsx => ExportFormat::Xlsx,
        Format::Pdf => ExportFormat::Pdf,
    };
    let (report, findings) = (built.report.clone(), built.findings.clone());
    let bytes = tokio::task::spawn_blocking(move || {
        // The standalone HTML document is the web layer's template.
        report_export::render(
            &report,
            &findings,
            format,
            gongkai_web::report_export::html_document,
        )
    })
    .await?
    .map_err(|e| anyhow::anyhow!(e))?;
    let errors = built.findings.iter().filter(|f| f.is_error()).count();
    let warnings = built.findings.len() - errors;
    let output = args.output.or_else(|| {
        matches!(
            format,
            ExportFormat::Docx | ExportFormat::Xlsx | ExportFormat::Pdf
        )
        .then(|| {
            PathBuf::from(format!(
                "{}{}年政府信息公开工作年度报告.{}",
                agency.profile.short_name,
                args.year,
                format.extension()
            ))
        })
    });
    match &output {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", path.display()))?;
            eprintln!("已生成 {}", path.display());
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    eprintln!(
        "{}：校验发现 {errors} 个错误、{warnings} 个提示{}。",
        built.report.title(),
        if errors > 0 {
            "（有错误的报告不能公布）"
        } else {
            ""
        }
    );
    Ok(())
}
