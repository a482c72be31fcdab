//! `gongkai deadline`: the Nth official working day after a date (receipt day
//! is day 0), with the day-by-day trace on request. For a year without a
//! holiday notice it also lists the provisional statutory holidays (暂定) that
//! the count assumed.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use gongkai_domain::calendar::{Calendar, Count, Day, DayReason, MEASURES, TraceStatus, date_zh};
use serde_json::{Value, json};

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
    let provisional_holidays: Vec<Day> = count
        .provisional_years()
        .into_iter()
        .flat_map(|y| calendar.provisional_holidays(y))
        .collect();
    if args.json {
        println!("{}", json_report(&args, &count, &provisional_holidays));
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
        if let Some(list) = provisional_holidays_zh(&provisional_holidays) {
            println!("{list}");
        }
    }
    ExitCode::SUCCESS
}

/// The JSON answer: due date, flags, the holidays skipped (weekends left out)
/// and the provisional statutory holidays of the unpublished years involved.
fn json_report(args: &DeadlineArgs, count: &Count, provisional_holidays: &[Day]) -> String {
    let skipped: Vec<Value> = count
        .trace
        .iter()
        .filter_map(|t| match &t.status {
            TraceStatus::Skipped { reason } if *reason != DayReason::Weekend => {
                Some(holiday_json(t.date, reason, t.provisional))
            }
            _ => None,
        })
        .collect();
    let listed: Vec<Value> = provisional_holidays
        .iter()
        .map(|d| holiday_json(d.date, &d.reason, d.provisional))
        .collect();
    let mut out = json!({
        "received": count.from.to_string(),
        "days": args.days,
        "due": count.due.to_string(),
        "provisional": count.provisional,
        "provisional_years": count.provisional_years(),
        "skipped_days": count.skipped_days(),
        "skipped_holidays": skipped,
        "provisional_holidays": listed,
        "summary": count.summary_zh(),
    });
    if args.explain {
        out["trace"] = serde_json::to_value(&count.trace).unwrap_or_default();
    }
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// One holiday: `{"date", "name" (e.g. 春节补假), "reason" {kind, name, basis …},
/// "provisional"}`.
fn holiday_json(date: NaiveDate, reason: &DayReason, provisional: bool) -> Value {
    json!({
        "date": date.to_string(),
        "name": reason.label_zh(),
        "reason": serde_json::to_value(reason).unwrap_or_default(),
        "provisional": provisional,
    })
}

/// e.g. `暂定节假日（依《全国年节及纪念日放假办法》，待国务院办公厅通知公布后以通知为准）：
/// 2027-01-01（周五）元旦、…`; `None` when there is none.
fn provisional_holidays_zh(days: &[Day]) -> Option<String> {
    if days.is_empty() {
        return None;
    }
    let list: Vec<String> = days
        .iter()
        .map(|d| format!("{}{}", date_zh(d.date), d.reason.label_zh()))
        .collect();
    Some(format!(
        "暂定节假日（依{MEASURES}，待国务院办公厅通知公布后以通知为准）：{}",
        list.join("、")
    ))
}
