//! `gongkai check site [--agency CODE] [--json] [--no-external]`: the
//! column health checks (栏目健康检查) of an agency and every agency below
//! it — empty and stale columns, the guide, last year's report, policies
//! without their interpretation, broken links, requests past their limit —
//! each finding with its rule and where the rule is written; the run is
//! stored (the agency's and the supervisor's pages show the latest).
//!
//! Exit code: 0 no veto; 1 some agency fails (单项否决); 2 the check could
//! not run.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use gongkai_app::App;
use gongkai_app::clock::Clock;
use gongkai_app::health::{self, RunResult};
use gongkai_domain::health::Tally;
use gongkai_web::site_check::{RouterPages, link_options};
use serde_json::json;

use crate::{DbArgs, db};

#[derive(Args)]
pub struct CheckArgs {
    #[command(subcommand)]
    what: CheckWhat,
}

#[derive(Subcommand)]
enum CheckWhat {
    /// 栏目健康检查：空白和未更新栏目、指南、年度报告、政策解读、失效链接、逾期申请
    Site(SiteArgs),
}

#[derive(Args)]
pub struct SiteArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 机构代码：检查该机构及其下级机构（默认：全部顶层机构）
    #[arg(long)]
    agency: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    json: bool,
    /// 不访问外部链接（只检查本平台内的链接）
    #[arg(long)]
    no_external: bool,
}

pub async fn run(args: CheckArgs) -> ExitCode {
    let CheckWhat::Site(a) = args.what;
    match site(&a).await {
        Ok(runs) => {
            if a.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&as_json(&runs)).unwrap_or_default()
                );
            } else {
                print!("{}", summary(&runs));
            }
            let fails = runs
                .iter()
                .flat_map(|r| &r.agencies)
                .any(|a| Tally::of(&a.findings).fails());
            if fails {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

async fn site(a: &SiteArgs) -> anyhow::Result<Vec<RunResult>> {
    let settings = a.db.settings()?;
    let store = db::open_store(&settings).await?;
    let app = App::new(settings, store, Clock::system())?;
    let roots = match &a.agency {
        Some(code) => vec![
            app.store
                .agency_by_code(code.trim())
                .await?
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "未找到代码为“{code}”的机构；请核对统一社会信用代码（或组织机构代码）。"
                    )
                })?,
        ],
        None => app
            .store
            .agencies()
            .await?
            .into_iter()
            .filter(|x| x.parent_id.is_none())
            .collect(),
    };
    let pages = RouterPages::for_app(app.clone()).await?;
    let mut options = link_options(&app);
    options.external = !a.no_external;
    let mut runs = Vec::new();
    for root in &roots {
        runs.push(health::run(&app, root, true, None, &pages, &options).await?);
    }
    Ok(runs)
}

fn as_json(runs: &[RunResult]) -> serde_json::Value {
    let agencies: Vec<serde_json::Value> = runs
        .iter()
        .flat_map(|r| &r.agencies)
        .map(|a| {
            let t = Tally::of(&a.findings);
            json!({
                "agency": a.agency.profile.code,
                "name": a.agency.profile.full_name,
                "vetoes": t.vetoes,
                "problems": t.problems,
                "warnings": t.warnings,
                "findings": a.findings.iter().map(|f| json!({
                    "rule": f.rule.code(),
                    "rule_label": f.rule.label(),
                    "basis": f.rule.basis(),
                    "severity": f.severity,
                    "subject": f.subject,
                    "detail": f.detail,
                    "fix_at": f.fix_at,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "runs": runs.iter().map(|r| json!({"id": r.run_id, "checked_on": r.checked_on.to_string()})).collect::<Vec<_>>(),
        "agencies": agencies,
    })
}

fn summary(runs: &[RunResult]) -> String {
    let mut out = String::new();
    for a in runs.iter().flat_map(|r| &r.agencies) {
        let t = Tally::of(&a.findings);
        let verdict = if t.fails() {
            "不合格（单项否决）"
        } else {
            "无单项否决"
        };
        out.push_str(&format!(
            "{}（{}）：{verdict}，问题{}项，提醒{}项\n",
            a.agency.profile.full_name, a.agency.profile.code, t.problems, t.warnings
        ));
        for f in &a.findings {
            out.push_str(&format!(
                "  [{}] {}：{}——{}\n",
                f.severity.label(),
                f.rule.label(),
                f.subject,
                f.detail
            ));
        }
    }
    out
}
