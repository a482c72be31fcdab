//! `gongkai plan import FILE --agency CODE --year YYYY [--dry-run] [--json]`:
//! reads a work plan (政务公开工作要点) from text, HTML, DOCX or XLSX, matches the
//! units it names to the agency's units and stores it with each task's
//! division of work (`gongkai_app::plans::import`). `--dry-run` stores
//! nothing; `--json` prints
//! `{"tasks":[{"group":…,"task":…,"requirement":…,"lead":[…],"partners":[…],"deadline":…}],…}`.
//!
//! Exit code: 0 read (and stored); 1 refused (units the agency does not
//! have, no task found …); 2 the file cannot be read.

use std::io::Read;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use gongkai_app::clock::Clock;
use gongkai_app::plans::import::{ImportOptions, ImportOutcome, import};
use gongkai_parse::plan::read_plan_bytes;
use serde_json::json;

use crate::{DbArgs, db};

#[derive(Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    what: PlanWhat,
}

#[derive(Subcommand)]
enum PlanWhat {
    /// 导入工作要点（文本、网页、Word 或 Excel 文件）：读取每项任务及其牵头、配合单位和完成时限
    Import(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 工作要点文件：文本（从网页复制）、网页（HTML）、Word（.docx）或 Excel（.xlsx）；“-”表示标准输入
    #[arg(value_name = "FILE")]
    file: String,
    /// 机构代码（统一社会信用代码或组织机构代码）
    #[arg(long)]
    agency: String,
    /// 年度
    #[arg(long)]
    year: i32,
    /// 标题（默认：{年度}年{机构简称}政务公开工作要点）
    #[arg(long)]
    title: Option<String>,
    /// 文号，如 国办发〔2021〕12号
    #[arg(long, default_value = "")]
    document_number: String,
    /// 本机关尚无的单位一并创建（否则列出后不导入）
    #[arg(long)]
    create_units: bool,
    /// 只读取和核对，不保存
    #[arg(long)]
    dry_run: bool,
    /// 以 JSON 输出
    #[arg(long)]
    json: bool,
}

pub async fn run(args: PlanArgs) -> ExitCode {
    match args.what {
        PlanWhat::Import(a) => import_plan(a).await,
    }
}

fn read_input(name: &str) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(name)?;
    }
    Ok(bytes)
}

async fn import_plan(args: ImportArgs) -> ExitCode {
    let reading = match read_input(&args.file)
        .map_err(|e| format!("无法读取文件：{e}"))
        .and_then(|b| read_plan_bytes(&b).map_err(|e| e.to_string()))
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}：{e}", args.file);
            return ExitCode::from(2);
        }
    };
    match stored(&args, reading).await {
        Ok(outcome) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&as_json(&outcome)).unwrap_or_default()
                );
            } else {
                print!("{}", summary(&outcome));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn stored(
    args: &ImportArgs,
    reading: gongkai_parse::plan::PlanReading,
) -> anyhow::Result<ImportOutcome> {
    let settings = args.db.settings()?;
    let store = db::open_store(&settings).await?;
    let agency = store
        .agency_by_code(args.agency.trim())
        .await?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "未找到代码为“{}”的机构；请核对统一社会信用代码（或组织机构代码）。",
                args.agency
            )
        })?;
    let calendar = gongkai_store::calendar_in_force(store.as_ref()).await?;
    let title = args.title.clone().unwrap_or_else(|| {
        let name = if agency.profile.short_name.is_empty() {
            &agency.profile.full_name
        } else {
            &agency.profile.short_name
        };
        format!("{}年{name}政务公开工作要点", args.year)
    });
    let opts = ImportOptions {
        year: args.year,
        title,
        document_number: args.document_number.clone(),
        issued_on: None,
        create_units: args.create_units,
        dry_run: args.dry_run,
    };
    let now = Clock::system().now();
    Ok(import(
        store.as_ref(),
        &calendar,
        &agency,
        None,
        reading,
        &opts,
        now,
    )
    .await?)
}

fn as_json(o: &ImportOutcome) -> serde_json::Value {
    let mut doc = o.reading.to_json();
    doc["units"] = json!({"matched": o.matched, "unknown": o.unknown, "phrases": o.phrases});
    doc["limit_problems"] = json!(o.limit_problems);
    doc["stored"] = match o.stored {
        Some((plan, tasks)) => json!({"plan": plan, "tasks": tasks}),
        None => serde_json::Value::Null,
    };
    doc
}

fn summary(o: &ImportOutcome) -> String {
    let mut out = String::new();
    for t in &o.reading.tasks {
        let lead = if t.lead.is_empty() {
            "（未写明）".to_string()
        } else {
            t.lead.join("、")
        };
        out.push_str(&format!(
            "{} {}｜牵头：{lead}",
            t.number.as_deref().unwrap_or("·"),
            t.task
        ));
        if !t.partners.is_empty() {
            out.push_str(&format!("｜配合：{}", t.partners.join("、")));
        }
        if let Some(d) = &t.deadline {
            out.push_str(&format!("｜时限：{d}"));
        }
        out.push('\n');
    }
    out.push_str(&format!("共读到{}项任务。\n", o.reading.tasks.len()));
    for n in &o.reading.notes {
        out.push_str(&format!("提示：{}\n", n.message));
    }
    if !o.unknown.is_empty() {
        out.push_str(&format!("本机关尚无的单位：{}\n", o.unknown.join("、")));
    }
    for p in &o.limit_problems {
        out.push_str(&format!("完成时限：{p}\n"));
    }
    match o.stored {
        Some((id, n)) => out.push_str(&format!("已保存为工作要点（编号{id}），{n}项任务。\n")),
        None => out.push_str("试运行：未保存。\n"),
    }
    out
}
