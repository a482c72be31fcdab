//! `gongkai audit verify`: walk the audit chain and name the first record that
//! was changed, removed or inserted behind the platform's back.

use std::process::ExitCode;

use crate::db;
use clap::{Args, Subcommand};
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
}

pub async fn run(args: AuditArgs) -> ExitCode {
    let AuditCommand::Verify(db_args) = args.command;
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
