//! `gongkai deadline`: the Nth official working day after a date (receipt day
//! is day 0), with the day-by-day trace on request.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use gongkai_domain::calendar::Calendar;

use crate::DbArgs;

#[derive(Args)]
pub struct DeadlineArgs {
    /// 起算日（收到申请之日，当日不计入），格式 YYYY-MM-DD
    #[arg(long)]
    received: String,
    /// 工作日数，如 20（答复期限）、7（补正告知）、15（征求意见）
    #[arg(long)]
    days: u32,
    /// 逐日列出计入、跳过的日期及原因
    #[arg(long)]
    explain: bool,
    /// 以 JSON 输出
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArgs,
}

/// Exit code for input the user must correct.
const USAGE: u8 = 2;

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let ok_shape = raw.len() == 10 && raw.as_bytes()[4] == b'-' && raw.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if ok_shape => Ok(d),
        _ => Err(format!(
            "日期“{raw}”无效：请按 YYYY-MM-DD 格式填写一个真实存在的日期，如 2025-01-20。"
        )),
    }
}

/// The calendar in force: with the administrators' entries when a database is
/// configured or the default one exists, else the vendored notices alone.
async fn calendar(db: &DbArgs) -> anyhow::Result<Calendar> {
    let settings = db.settings()?;
    let has_db = settings.database_url.is_some() || settings.sqlite_path().exists();
    if !has_db {
        return Ok(Calendar::vendored());
    }
    let store = crate::db::open_store(&settings).await?;
    Ok(gongkai_store::calendar_in_force(store.as_ref()).await?)
}

pub async fn run(args: DeadlineArgs) -> ExitCode {
    let from = match parse_date(args.received.trim()) {
        Ok(d) => d,
        Err(msg) => {
            eprintln!("错误：{msg}");
            return ExitCode::from(USAGE);
        }
    };
    let calendar = match calendar(&args.db).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("错误：无法读取工作日历：{e:#}");
            return ExitCode::FAILURE;
        }
    };
    let count = match calendar.add_working_days(from, args.days) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(USAGE);
        }
    };
    if args.json {
        let mut out = serde_json::json!({
            "received": from.to_string(),
            "days": args.days,
            "due": count.due.to_string(),
            "provisional": count.provisional,
            "provisional_years": count.provisional_years(),
            "skipped_days": count.skipped_days(),
            "summary": count.summary_zh(),
        });
        if args.explain {
            out["trace"] = serde_json::to_value(&count.trace).unwrap_or_default();
        }
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        let mut head = count.due.to_string();
        if count.provisional {
            head.push_str("（暂定：所涉年份的放假安排尚未公布）");
        }
        println!("{head}");
        if args.explain {
            println!("{}", count.render_zh());
        } else {
            println!("{}", count.summary_zh());
        }
    }
    ExitCode::SUCCESS
}
