//! `gongkai import catalogue`: bulk import of an agency's existing catalogue
//! (政府信息公开目录) from a CSV or XLSX file.
//!
//! 1. The file is read into rows of cells: CSV through the domain's
//!    [`parse_csv`] (UTF-8 with or without BOM; a GB18030/GBK file, as Excel
//!    saves "CSV" on Chinese Windows, is read too, with a notice), XLSX through
//!    calamine (first worksheet; date cells and Excel serial numbers in the date
//!    columns become `YYYY-MM-DD`, whole numbers lose their `.0`).
//! 2. [`import_rows`] validates every row; then each item's history is built
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
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate, Utc};
use clap::{Args, Subcommand};
use gongkai_domain::agency_code::AgencyCode;
use gongkai_domain::case::Actor;
use gongkai_domain::catalogue::{
    IMPORT_HEADER, ImportError, ImportItem, IndexNumber, ItemAction, ItemError, ItemEventRecord,
    PublicationChannel, ValidityState, import_rows, parse_csv,
};
use gongkai_store::{Agency, ItemCreated, ItemSnapshot, NewItem, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::DbArgs;

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
struct Sheet {
    rows: Vec<Vec<String>>,
    offset: usize,
}

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
    let sheet = read_sheet(path)?;
    let data_rows = sheet
        .rows
        .iter()
        .skip(1)
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .count();
    if sheet.rows.is_empty() {
        return Err(anyhow::anyhow!(
            "文件“{}”是空的：第一行应为表头（{}），从第二行起每行一条信息。可用 gongkai import catalogue --template 获取模板。",
            path.display(),
            IMPORT_HEADER.join(",")
        )
        .into());
    }

    let settings = args.db.settings()?;
    let store = crate::db::open_store(&settings).await?;
    let agency = find_agency(store.as_ref(), agency_code).await?;
    let calendar = gongkai_store::calendar_in_force(store.as_ref()).await?;

    // 1. Validate the rows.
    let (items, mut errors) = import_rows(&sheet.rows);
    let header_bad = errors.iter().any(|e| e.row <= 1);
    let item_rows = item_row_numbers(&sheet.rows, &errors);
    let item_rows: Vec<Option<usize>> = if item_rows.len() == items.len() {
        item_rows.into_iter().map(Some).collect()
    } else {
        vec![None; items.len()]
    };

    let offset = sheet.offset;
    // The cells are parsed into items: only the items are kept from here on.
    drop(sheet);

    // 2. Build every item's history and check it by the workflow rules. Only
    // what numbering needs is kept; the histories are built again, a chunk
    // at a time, when they are stored (memory stays that of the items).
    let code = agency.profile.code.clone();
    let mut built: Vec<Checked> = Vec::with_capacity(items.len());
    let today = gongkai_app::clock::Clock::system().today();
    for (index, (item, row)) in items.iter().zip(&item_rows).enumerate() {
        let display_row = row.map(|r| r + offset);
        let implausible = item.implausible_dates(today);
        if !implausible.is_empty() {
            for (column, message) in implausible {
                errors.push(ImportError::new(row.unwrap_or(0), column, message));
            }
            continue;
        }
        match build_item(&agency, item, &file_name, display_row, &calendar) {
            Ok(b) => built.push(Checked {
                index,
                display_row,
                published_on: b.published_on,
                kept: b.kept,
                number: None,
            }),
            Err(e) => errors.push(ImportError::new(row.unwrap_or(0), e.0, e.1)),
        }
    }
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

    // 5. Store, a transaction per chunk.
    let progress = progress_bar(built.len() as u64);
    let (mut created, mut existing) = (0usize, 0usize);
    let total = built.len();
    for (i, checked) in built.chunks(CHUNK).enumerate() {
        let mut chunk: Vec<NewItem> = Vec::with_capacity(checked.len());
        for c in checked {
            let mut b = build_item(
                &agency,
                &items[c.index],
                &file_name,
                c.display_row,
                &calendar,
            )
            .map_err(|(column, e)| {
                anyhow::anyhow!("第{}行“{column}”：{e}", c.display_row.unwrap_or(0))
            })?;
            if let Some(n) = &c.number {
                b.set_index_number(n.clone());
            }
            chunk.push(b.item);
        }
        let results = match store.create_items(&chunk).await {
            Ok(r) => r,
            Err(e) => {
                progress.abandon();
                return Err(anyhow::anyhow!(
                    "写入第{}至{}条时出错：{e}。此前已写入{}条（新增{created}条）；修正后重新运行同一命令即可继续，已导入的信息不会重复导入。",
                    i * CHUNK + 1,
                    i * CHUNK + chunk.len(),
                    i * CHUNK
                )
                .into());
            }
        };
        for r in results {
            match r {
                ItemCreated::New(_) => created += 1,
                ItemCreated::AlreadyExists(_) => existing += 1,
            }
        }
        progress.inc(chunk.len() as u64);
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

/// The row numbers (header = 1) of the items [`import_rows`] returned, in
/// order: the non-blank data rows without an error.
fn item_row_numbers(rows: &[Vec<String>], errors: &[ImportError]) -> Vec<usize> {
    let bad: BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
    rows.iter()
        .enumerate()
        .skip(1)
        .map(|(i, r)| (i + 1, r))
        .filter(|(n, r)| r.iter().any(|c| !c.trim().is_empty()) && !bad.contains(n))
        .map(|(n, _)| n)
        .collect()
}

/// An item that passed every check: where it is in the file, and what
/// numbering needs (its history is built again when it is stored).
struct Checked {
    index: usize,
    display_row: Option<usize>,
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

// ---- reading the file ----

fn read_sheet(path: &Path) -> anyhow::Result<Sheet> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "csv" && ext != "xlsx" {
        let hint = match ext.as_str() {
            "xls" | "et" | "xlsm" | "ods" | "wps" => {
                "：请在表格软件中“另存为”.xlsx 或 CSV（UTF-8）后再导入"
            }
            _ => "",
        };
        anyhow::bail!(
            "不支持的文件类型“{}”：只能导入 .csv 或 .xlsx 文件{hint}。",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string())
        );
    }
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("找不到文件“{}”，请检查路径。", path.display())
        }
        std::io::ErrorKind::PermissionDenied => {
            anyhow::anyhow!("没有权限读取文件“{}”。", path.display())
        }
        _ => anyhow::anyhow!("无法读取文件“{}”：{e}", path.display()),
    })?;
    if bytes.is_empty() {
        anyhow::bail!(
            "文件“{}”是空的：第一行应为表头（{}），从第二行起每行一条信息。可用 gongkai import catalogue --template 获取模板。",
            path.display(),
            IMPORT_HEADER.join(",")
        );
    }
    let (rows, offset) = if ext == "csv" {
        (parse_csv(&decode_csv(path, &bytes)?), 0)
    } else {
        read_xlsx(path, bytes)?
    };
    Ok(trim_leading_blank_rows(rows, offset))
}

/// Drops blank rows before the header, counting them in the offset.
fn trim_leading_blank_rows(mut rows: Vec<Vec<String>>, offset: usize) -> Sheet {
    let blank = rows
        .iter()
        .take_while(|r| r.iter().all(|c| c.trim().is_empty()))
        .count();
    rows.drain(..blank);
    if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        rows.clear();
    }
    Sheet {
        rows,
        offset: offset + blank,
    }
}

/// The text of a CSV file: UTF-8 (a BOM is dropped by the parser), or
/// GB18030/GBK as Excel saves "CSV (逗号分隔)" on Chinese Windows.
fn decode_csv(path: &Path, bytes: &[u8]) -> anyhow::Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        anyhow::bail!(
            "文件“{}”是 UTF-16 编码（如 Excel 的“Unicode 文本”）：请“另存为”→“CSV UTF-8（逗号分隔）”后重新导入。",
            path.display()
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8) => {
            if let Some(text) =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
            {
                eprintln!(
                    "提示：文件“{}”不是 UTF-8 编码，已按 GB18030（GBK）读取。如导入后出现乱码，请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重新导入。",
                    path.display()
                );
                return Ok(text.into_owned());
            }
            anyhow::bail!(
                "文件“{}”不是 UTF-8 编码（第{}个字节起无法识别）：请在 Excel 或 WPS 中“另存为”→“CSV UTF-8（逗号分隔）”，或在文本编辑器中以 UTF-8 编码保存后重新导入。",
                path.display(),
                utf8.valid_up_to() + 1
            )
        }
    }
}

/// The header names of the columns whose numbers are dates.
const DATE_COLUMNS: [&str; 5] = ["成文日期", "发布日期", "变更日期", "生成日期", "公开日期"];

/// The first worksheet of an XLSX file, as text cells, and the offset of its
/// first row.
fn read_xlsx(path: &Path, bytes: Vec<u8>) -> anyhow::Result<(Vec<Vec<String>>, usize)> {
    let unreadable = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "无法读取 Excel 文件“{}”：{e}。请确认文件是 .xlsx 格式（不是改了扩展名的 .xls 或 CSV），且未加密码保护。",
            path.display()
        )
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = match workbook.worksheet_range_at(0) {
        None => anyhow::bail!("Excel 文件“{}”中没有工作表。", path.display()),
        Some(r) => r.map_err(|e| unreadable(&e))?,
    };
    let Some((start_row, start_col)) = range.start() else {
        return Ok((Vec::new(), 0));
    };
    let mut date_columns: Vec<bool> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(range.height());
    for cells in range.rows() {
        if date_columns.is_empty() && cells.iter().any(|c| !matches!(c, Data::Empty)) {
            date_columns = (0..start_col as usize)
                .map(|_| false)
                .chain(cells.iter().map(|c| {
                    let name = c.to_string();
                    DATE_COLUMNS.contains(&name.trim())
                }))
                .collect();
        }
        let row: Vec<String> = (0..start_col as usize)
            .map(|_| String::new())
            .chain(cells.iter().enumerate().map(|(i, c)| {
                let is_date = date_columns
                    .get(i + start_col as usize)
                    .copied()
                    .unwrap_or(false);
                cell_text(c, is_date)
            }))
            .collect();
        rows.push(row);
    }
    Ok((rows, start_row as usize))
}

/// A cell as the CSV would have it.
fn cell_text(cell: &Data, date_column: bool) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if date_column && let Some(d) = excel_serial_date(*f) {
                d.to_string()
            } else if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) || date_column {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTimeIso(s) if date_column && s.len() >= 10 && s.is_char_boundary(10) => {
            s[..10].to_string()
        }
        other => other.to_string(),
    }
}

/// An Excel serial day number (1900 system) between 1901 and 2099 as a date.
fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    // 1901-01-01 is 367, 2099-12-31 is 73050.
    if !(367.0..73051.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(serial.floor() as u64))
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

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(
            excel_serial_date(45000.0),
            NaiveDate::from_ymd_opt(2023, 3, 15)
        );
        assert_eq!(excel_serial_date(12.0), None);
        assert_eq!(cell_text(&Data::Float(45000.0), true), "2023-03-15");
        assert_eq!(cell_text(&Data::Float(45000.0), false), "45000");
        assert_eq!(cell_text(&Data::Float(1.5), false), "1.5");
    }

    #[test]
    fn row_numbers_skip_blank_and_bad_rows() {
        let rows: Vec<Vec<String>> = [vec!["h"], vec!["a"], vec![""], vec!["b"], vec!["c"]]
            .into_iter()
            .map(|r| r.into_iter().map(String::from).collect())
            .collect();
        let errors = vec![ImportError::new(4, "名称", "x")];
        assert_eq!(item_row_numbers(&rows, &errors), vec![2, 5]);
    }
}
