//! `gongkai audit verify`: walk the audit chain and name the first record that
//! was changed, removed or inserted behind the platform's back.
//!
//! `gongkai audit cases [--agency CODE]`: re-validate every stored case
//! history against today's rules ([`case::audit_history`]) and report each
//! event they would now refuse. Reading never re-validates (a stored history
//! is a fact); this is where a rule change shows what it would have refused.

use std::process::ExitCode;

use crate::db;
use clap::{Args, Subcommand};
use gongkai_domain::case;
use gongkai_store::audit;

use crate::DbArgs;

#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 校验审计记录链：完整时退出码0；发现被修改、删除或插入的记录时指出第一条并以退出码1退出
    Verify(DbArgs),
    /// 按现行规则复核已保存的案件记录：没有发现时退出码0；列出现行规则不再允许的每条记录并以退出码1退出
    Cases(CasesArgs),
}

#[derive(Args)]
struct CasesArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 只复核该机关（组织机构代码或统一社会信用代码）的案件
    #[arg(long)]
    agency: Option<String>,
}

pub async fn run(args: AuditArgs) -> ExitCode {
    let db_args = match args.command {
        AuditCommand::Verify(db_args) => db_args,
        AuditCommand::Cases(cases_args) => return run_cases(&cases_args).await,
    };
    match verify(&db_args).await {
        Ok(Ok(intact)) => {
            println!("审计记录完整：共{}条", intact.records);
            ExitCode::SUCCESS
        }
        Ok(Err(brk)) => {
            println!("审计记录链已被破坏：{brk}。请从备份核对该记录，并检查数据库的访问记录。");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

async fn verify(args: &DbArgs) -> anyhow::Result<Result<audit::Intact, audit::Break>> {
    let settings = args.settings()?;
    let store = db::open_store(&settings).await?;
    let (records, head) = store.audit_chain().await?;
    Ok(audit::verify(&records, &head))
}

async fn run_cases(args: &CasesArgs) -> ExitCode {
    match audit_cases(args).await {
        Ok((checked, 0)) => {
            println!("已复核{checked}件案件：全部记录符合现行规则");
            ExitCode::SUCCESS
        }
        Ok((checked, findings)) => {
            println!(
                "已复核{checked}件案件：发现{findings}条记录现行规则不再允许。记录已保存，不会修改；请核对上述案件。"
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

/// Prints one line per finding; returns (cases checked, findings).
async fn audit_cases(args: &CasesArgs) -> anyhow::Result<(usize, usize)> {
    let settings = args.db.settings()?;
    let store = db::open_store(&settings).await?;
    let agencies = match args.agency.as_deref().map(str::trim) {
        Some(code) => match store.agency_by_code(code).await? {
            Some(a) => vec![a],
            None => anyhow::bail!("没有代码为“{code}”的机关"),
        },
        None => store.agencies().await?,
    };
    let calendar = gongkai_store::calendar_in_force(store.as_ref()).await?;
    let (mut checked, mut found) = (0, 0);
    for agency in agencies {
        for c in store.cases_of_agency(agency.id).await? {
            checked += 1;
            let events = store.case_events(c.id).await?;
            for f in case::audit_history(&events, &calendar) {
                found += 1;
                println!(
                    "{} {} 第{}条记录“{}”［{}］：{}",
                    agency.profile.full_name, c.number, f.seq, f.action, f.rule, f.message
                );
            }
        }
    }
    Ok((checked, found))
}
