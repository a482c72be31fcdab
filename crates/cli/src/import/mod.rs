//! `gongkai import catalogue`: bulk import of an agency's existing catalogue
//! (政府信息公开目录) from a CSV or XLSX file.
//!
//! 1. The file is read as rows of cells ([`sheet`]), one row at a time.
//! 2. [`ImportColumns`] checks every row alone and [`OnceInFile`] the same
//!    information twice; then each item's history is built
//!    and checked by the workflow rules (a 依申请公开 item, say, cannot be
//!    published). Every problem is printed as `第N行“字段”：原因`, counted as in
//!    the spreadsheet (header = row 1).
//! 3. By default nothing is imported when any row is bad; `--skip-bad` imports
//!    the good rows and lists the skipped ones; `--dry-run` only checks.
//! 4. Each item is stored with the history 起草 → 提交审核 → 审核通过 (the
//!    confidentiality review was done when it was first published) → 发布 (with
//!    the index number from the file, or a new one in the agency's form) →
//!    废止/失效 as the file says, by the system, noting the file and row. Items
//!    go in by chunks of [`CHUNK`], one transaction each; an item whose
//!    [`ImportItem::dedup_key`] is already stored at the agency is not created
//!    again, so importing a file twice adds nothing the second time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Utc};
use clap::{Args, Subcommand};
use gongkai_domain::agency_code::AgencyCode;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    IMPORT_HEADER, ImportColumns, ImportError, ImportItem, IndexNumber, ItemAction, ItemError,
    ItemEventRecord, OnceInFile, PublicationChannel, ValidityState,
};
use gongkai_store::{Agency, ItemCreated, ItemSnapshot, NewItem, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::DbArgs;

mod sheet;

/// Items stored per transaction.
pub const CHUNK: usize = 1_000;

/// The confidentiality review recorded for an imported item.
pub const IMPORT_REVIEW: &str = "历史信息批量导入：原发布时已经保密审查";

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
    /// 要导入的文件：.csv（UTF-8 编码）或 .xlsx（读取第一个工作表）
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

/// What went wrong, already printed or to print.
enum Failure {
    /// The rows were reported on stderr; exit 1 quietly.
    Reported,
    Error(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::Error(e.into())
    }
}

async fn catalogue(args: CatalogueArgs) -> ExitCode {
    if args.template {
        print!("{}", template());
        return ExitCode::SUCCESS;
    }
    match import_catalogue(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported) => ExitCode::FAILURE,
        Err(Failure::Error(e)) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The template: the header row and one example row.
pub fn template() -> String {
    let example: [&str; 12] = [
        "",
        "关于印发《某某县2023年政务公开工作要点》的通知",
        "明确本县2023年政务公开工作的重点任务、责任单位和完成时限。",
        "某某县人民政府办公室",
        "某政办〔2023〕12号",
        "2023-03-01",
        "2023-03-06",
        "综合政务\\政务公开",
        "",
        "主动公开",
        "有效",
        "各乡镇人民政府，县政府各部门：现将《某某县2023年政务公开工作要点》印发给你们，请认真贯彻落实。",
    ];
    let line = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!("{}\n{}\n", line(&IMPORT_HEADER), line(&example))
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The rows of the file and the spreadsheet row number of the first of them
/// minus one (so that `row + offset` is the row as the spreadsheet shows it).
async fn import_catalogue(args: CatalogueArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let (Some(path), Some(agency_code)) = (args.file.as_deref(), args.agency.as_deref()) else {
        return Err(anyhow::anyhow!(
            "请指定要导入的文件和机构代码，例如：gongkai import catalogue 目录.csv --agency 机构代码"
        )
        .into());
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());

    // Read the file before touching the database: its problems come first.
    let sheet = sheet::read_sheet(path)?;
    let Some(header) = sheet.rows().next() else {
        return Err(anyhow::anyhow!(
            "文件“{}”是空的：第一行应为表头（{}），从第二行起每行一条信息。可用 gongkai import catalogue --template 获取模板。",
            path.display(),
            IMPORT_HEADER.join(",")
        )
        .into());
    };

    let settings = args.db.settings()?;
    let store = crate::db::open_store(&settings).await?;
    let agency = find_agency(store.as_ref(), agency_code).await?;
    let calendar = gongkai_store::calendar_in_force(store.as_ref()).await?;

    // 1, 2. Check every row alone, then build its history and check it by
    // the workflow rules; only what numbering needs is kept. The rows are
    // read again, a chunk at a time, when they are stored.
    let offset = sheet.offset;
    let columns = ImportColumns::of_header(&header);
    let header_bad = columns.is_err();
    let mut errors: Vec<ImportError> = columns.as_ref().err().cloned().unwrap_or_default();
    let mut built: Vec<Checked> = Vec::new();
    let mut data_rows = 0usize;
    let today = gongkai_app::clock::Clock::system().today();
    let mut once = OnceInFile::default();
    for (i, row) in sheet.rows().enumerate().skip(1) {
        let row_no = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        let Ok(columns) = &columns else { continue };
        let item = match columns.item(row_no, &row) {
            Ok(Some(item)) => item,
            Ok(None) => continue,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        let implausible = item.implausible_dates(today);
        if !implausible.is_empty() {
            for (column, message) in implausible {
                errors.push(ImportError::new(row_no, column, message));
            }
            continue;
        }
        if let Err(e) = once.check(row_no, &item) {
            errors.extend(e);
            continue;
        }
        match build_item(&agency, &item, &file_name, Some(row_no + offset), &calendar) {
            Ok(b) => built.push(Checked {
                row_no,
                published_on: b.published_on,
                kept: b.kept,
                number: None,
            }),
            Err(e) => errors.push(ImportError::new(row_no, e.0, e.1)),
        }
    }
    drop(once);
    errors.sort_by_key(|e| e.row);
    for e in &mut errors {
        e.row += offset;
    }

    // 3. Report the problems.
    for e in &errors {
        eprintln!("{e}");
    }
    let bad_rows: BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
    if header_bad {
        eprintln!(
            "表头有误，未导入任何数据。请按模板（gongkai import catalogue --template）修改表头后重新导入。"
        );
        return Err(Failure::Reported);
    }
    if data_rows == 0 {
        return Err(anyhow::anyhow!(
            "文件“{}”只有表头，没有数据行：请从第二行起每行填写一条信息。",
            path.display()
        )
        .into());
    }
    if !bad_rows.is_empty() && !args.skip_bad {
        eprintln!(
            "共{data_rows}行，其中{}行有误，未导入任何数据。修改后重新导入，或使用 --skip-bad 只导入正确的行。",
            bad_rows.len()
        );
        return Err(Failure::Reported);
    }
    if !bad_rows.is_empty() {
        eprintln!(
            "已跳过有误的{}行：第{}行。",
            bad_rows.len(),
            bad_rows
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("、")
        );
    }
    if built.is_empty() {
        eprintln!("共{data_rows}行，全部有误，未导入任何数据。");
        return Err(Failure::Reported);
    }

    // 4. Index numbers for the items that have none: the agency's form, the
    // year of publication, serials after both the stored ones and those kept in
    // the file.
    let code = agency.profile.code.clone();
    let kept: Vec<IndexNumber> = built.iter().filter_map(|b| b.kept.clone()).collect();
    let mut next: BTreeMap<i32, u32> = BTreeMap::new();
    for b in built.iter_mut().filter(|b| b.kept.is_none()) {
        let year = b.published_on.year();
        let serial = match next.get(&year) {
            Some(s) => *s,
            None => store
                .next_index_serial(agency.id, year)
                .await?
                .max(IndexNumber::next_serial(&kept, &code, year)),
        };
        next.insert(year, serial.saturating_add(1));
        b.number = Some(IndexNumber::generate(&code, year, serial));
    }

    if args.dry_run {
        println!(
            "检查完成（--dry-run，未写入数据库）：共{data_rows}行，可导入{}条{}。已导入过的信息在正式导入时不会重复导入。",
            built.len(),
            if bad_rows.is_empty() {
                String::new()
            } else {
                format!("，跳过有误的{}行", bad_rows.len())
            }
        );
        return Ok(());
    }

    // 5. Store, a transaction per chunk: the rows read again, each checked
    // row built again with the number given above.
    let Ok(columns) = columns else {
        return Err(Failure::Reported);
    };
    let progress = progress_bar(built.len() as u64);
    let (mut created, mut existing) = (0usize, 0usize);
    let total = built.len();
    let mut wanted = built.iter().peekable();
    let mut chunk: Vec<NewItem> = Vec::with_capacity(CHUNK);
    let mut stored = 0usize;
    for (i, row) in sheet.rows().enumerate().skip(1) {
        let row_no = i + 1;
        let Some(c) = wanted.next_if(|c| c.row_no == row_no) else {
            continue;
        };
        let rebuilt = columns
            .item(row_no, &row)
            .ok()
            .flatten()
            .ok_or_else(|| (String::new(), "文件在导入过程中被修改".to_string()))
            .and_then(|item| {
                build_item(&agency, &item, &file_name, Some(row_no + offset), &calendar)
                    .map_err(|(column, e)| (column.to_string(), e))
            });
        let mut b = rebuilt
            .map_err(|(column, e)| anyhow::anyhow!("第{}行“{column}”：{e}", row_no + offset))?;
        if let Some(n) = &c.number {
            b.set_index_number(n.clone());
        }
        chunk.push(b.item);
        if chunk.len() == CHUNK || wanted.peek().is_none() {
            let (new, old) = store_chunk(store.as_ref(), &chunk, stored, created)
                .await
                .inspect_err(|_| progress.abandon())?;
            created += new;
            existing += old;
            stored += chunk.len();
            progress.inc(chunk.len() as u64);
            chunk.clear();
        }
    }
    progress.finish_and_clear();
    println!("导入完成：新增{created}条，已存在{existing}条（未重复导入）。");
    println!(
        "机构：{}（{}）；文件：{file_name}；共{total}条，用时{:.1}秒。",
        agency.profile.full_name,
        agency.profile.code,
        started.elapsed().as_secs_f64()
    );
    Ok(())
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

/// Stores one chunk in a transaction: (created, already there); the error
/// says how far the import got and that running it again continues.
async fn store_chunk(
    store: &dyn Store,
    chunk: &[NewItem],
    stored: usize,
    created: usize,
) -> anyhow::Result<(usize, usize)> {
    let results = store.create_items(chunk).await.map_err(|e| {
        anyhow::anyhow!(
            "写入第{}至{}条时出错：{e}。此前已写入{stored}条（新增{created}条）；修正后重新运行同一命令即可继续，已导入的信息不会重复导入。",
            stored + 1,
            stored + chunk.len()
        )
    })?;
    let new = results
        .iter()
        .filter(|r| matches!(r, ItemCreated::New(_)))
        .count();
    Ok((new, results.len() - new))
}

/// An item that passed every check: where it is in the file, and what
/// numbering needs (its history is built again when it is stored).
struct Checked {
    /// Its row counted from the header (= 1).
    row_no: usize,
    published_on: NaiveDate,
    kept: Option<IndexNumber>,
    /// The index number given here, when the file had none.
    number: Option<IndexNumber>,
}

/// An item ready to store.
struct Built {
    item: NewItem,
    published_on: NaiveDate,
    /// The index number the file gave.
    kept: Option<IndexNumber>,
}

impl Built {
    fn set_index_number(&mut self, number: IndexNumber) {
        self.item.snapshot.index_number = Some(number.as_str().to_string());
        for e in &mut self.item.events {
            if let ItemAction::Published { index_number, .. } = &mut e.action {
                *index_number = number.clone();
            }
        }
    }
}

/// The history of an imported item, checked; on error the column and reason.
fn build_item(
    agency: &Agency,
    item: &ImportItem,
    file_name: &str,
    row: Option<usize>,
    calendar: &gongkai_domain::calendar::Calendar,
) -> Result<Built, (&'static str, String)> {
    let published_on = item.published_on.unwrap_or(item.metadata.formed_on);
    // A placeholder until every item is known to be good (serials are given
    // only to the items that will be stored).
    let index_number = item
        .index_number
        .clone()
        .unwrap_or_else(|| IndexNumber::generate(&agency.profile.code, published_on.year(), 0));
    let at = Utc::now();
    let note = match row {
        Some(r) => format!("批量导入：文件“{file_name}”第{r}行"),
        None => format!("批量导入：文件“{file_name}”"),
    };
    let mut actions = vec![
        ItemAction::Drafted {
            metadata: item.metadata.clone(),
        },
        ItemAction::Submitted {
            with_interpretation: None,
        },
        ItemAction::Approved {
            review: IMPORT_REVIEW.to_string(),
        },
        ItemAction::Published {
            date: published_on,
            index_number,
            channels: vec![PublicationChannel::Website],
        },
    ];
    let original = |word: &str, date: NaiveDate, reason: &str| {
        let reason = reason.trim();
        if reason.is_empty() {
            format!("导入：原有效性为{word}（{date}）")
        } else {
            format!("导入：原有效性为{word}（{date}），{reason}")
        }
    };
    match &item.validity {
        ValidityState::InForce => {}
        ValidityState::Repealed { date, reason } => actions.push(ItemAction::Repealed {
            date: *date,
            reason: original("废止", *date, reason),
        }),
        ValidityState::Lapsed { date, reason } => actions.push(ItemAction::Lapsed {
            date: *date,
            reason: original("失效", *date, reason),
        }),
    }
    let events: Vec<ItemEventRecord> = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| ItemEventRecord {
            seq: i as u32 + 1,
            at,
            actor: Actor::System,
            action,
            note: note.clone(),
        })
        .collect();
    let snapshot = ItemSnapshot::from_history(&events, calendar).map_err(|e| {
        let column = match &e {
            ItemError::NotProactive { .. } => "公开方式",
            ItemError::PublishedBeforeFormed { .. } => "发布日期",
            ItemError::NotInForce { .. }
            | ItemError::DateBeforePublication { .. }
            | ItemError::ValidityReasonMissing { .. } => "有效性",
            _ => "",
        };
        (column, e.to_string())
    })?;
    Ok(Built {
        item: NewItem {
            agency_id: agency.id,
            dedup_key: Some(item.dedup_key()),
            events,
            snapshot,
        },
        published_on,
        kept: item.index_number.clone(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_example_is_a_valid_row() {
        let (items, errors) = gongkai_domain::catalogue::import_csv(&template());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(items.len(), 1);
    }
}
