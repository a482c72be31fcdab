//! 历史目录导入: an agency's existing catalogue (政府信息公开目录, exported
//! from its old site) imported from a CSV or XLSX file — one command behind
//! `gongkai import catalogue` and the web page
//! `/admin/agencies/{code}/items/import`.
//!
//! 1. The file is read by the one tabular reader ([`gongkai_parse::sheet`]:
//!    UTF-8, GB18030/GBK or UTF-16 CSV, XLSX), which says what it read.
//! 2. The domain's [`ImportColumns`] checks every row alone and
//!    [`OnceInFile`] the same information twice; then each item's history is
//!    built and checked by the workflow rules ([`build`]). Every problem is
//!    an [`ImportError`] named by its spreadsheet row (header = row 1).
//! 3. By default nothing is imported when any row is bad; `skip_bad` imports
//!    the good rows and lists the skipped ones; `dry_run` only checks.
//! 4. Items without an index number get one in the agency's form, serials
//!    after both the stored ones and those kept in the file. Items go in by
//!    chunks of [`CHUNK`], one transaction each; an item whose
//!    [`ImportItem::dedup_key`] is already stored at the agency is not
//!    created again, so importing a file twice adds nothing the second time.
//!    The import is audited (who, the file, the counts), and so is one cut
//!    short by a failed chunk.
//!
//! Who may: [`Permission::ImportCatalogue`] — the items go in as published,
//! their 保密审查 recorded as done on the old site. The command line is the
//! operator's, who holds the database itself.

mod build;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_domain::calendar::Calendar;
use gongkai_domain::catalogue::{
    IMPORT_HEADER, ImportColumns, ImportError, ImportItem, IndexNumber, OnceInFile,
};
use gongkai_domain::policy::{Permission, may_in};
use gongkai_parse::sheet::{ReadAs, Sheet, SheetError, read_sheet};
use gongkai_store::{Agency, ItemCreated, NewAuditEntry, NewItem, Staff, Store};

use crate::plans::access::relation;
use crate::{App, Error};
use build::{Built, Origin, build_item};

pub use build::IMPORT_REVIEW;

/// Items stored per transaction.
pub const CHUNK: usize = 1_000;

/// The largest file the web page accepts (about ten thousand items with
/// their bodies); the command line reads any size.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// [`MAX_FILE_BYTES`] as the form says it.
pub const MAX_FILE_LABEL: &str = "20MB";

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Import the good rows and skip the bad ones (else nothing when any is bad).
    pub skip_bad: bool,
    /// Only check; store nothing.
    pub dry_run: bool,
}

/// Who imports.
#[derive(Debug, Clone, Copy)]
pub enum Importer<'a> {
    /// A staff member on the web page, checked by the policy.
    Staff(&'a Staff),
    /// The operator at the command line, who holds the database itself.
    Operator,
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The header is wrong: no row was checked.
    HeaderRefused,
    /// Some rows are bad and `skip_bad` was not asked: nothing imported.
    Refused,
    /// Every row is bad: nothing imported.
    AllBad,
    /// A dry run: the rows that would be imported were counted.
    Checked,
    Imported {
        created: usize,
        existing: usize,
    },
}

/// What an import read, found and did: the same for the command line and the page.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub file_name: String,
    pub read_as: ReadAs,
    /// Data rows read (blank rows not counted).
    pub data_rows: usize,
    /// Every problem, by spreadsheet row.
    pub errors: Vec<ImportError>,
    /// The rows with a problem, in order.
    pub bad_rows: Vec<usize>,
    /// Rows that passed every check.
    pub importable: usize,
    pub skip_bad: bool,
    pub outcome: Outcome,
}

impl ImportReport {
    /// The result in a sentence.
    pub fn summary(&self) -> String {
        let (rows, bad) = (self.data_rows, self.bad_rows.len());
        match &self.outcome {
            Outcome::HeaderRefused => "表头有误，未导入任何数据。".into(),
            Outcome::Refused => format!("共{rows}行，其中{bad}行有误，未导入任何数据。"),
            Outcome::AllBad => format!("共{rows}行，全部有误，未导入任何数据。"),
            Outcome::Checked => format!(
                "检查完成（未写入数据库）：共{rows}行，可导入{}条{}。已导入过的信息在正式导入时不会重复导入。",
                self.importable,
                if bad == 0 {
                    String::new()
                } else {
                    format!("，跳过有误的{bad}行")
                }
            ),
            Outcome::Imported { created, existing } => {
                format!("导入完成：新增{created}条，已存在{existing}条（未重复导入）。")
            }
        }
    }

    /// The rows skipped, when bad rows were skipped.
    pub fn skipped(&self) -> Option<String> {
        let skipping = self.skip_bad && !matches!(self.outcome, Outcome::HeaderRefused);
        (skipping && !self.bad_rows.is_empty()).then(|| {
            format!(
                "已跳过有误的{}行：第{}行。",
                self.bad_rows.len(),
                self.bad_rows
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join("、")
            )
        })
    }

    /// Whether the rows would be (or were) imported.
    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Checked | Outcome::Imported { .. })
    }
}

/// The template: the header row and one example row, as CSV.
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

/// `who` may import into `agency`'s catalogue (403 with the reason otherwise).
pub async fn may_import(store: &dyn Store, who: &Staff, agency: &Agency) -> Result<(), Error> {
    let r = relation(store, who, agency.id).await?;
    may_in(&who.roles, Permission::ImportCatalogue, r).map_err(|r| Error::forbidden(r.0))
}

/// A file name as given (a browser may send a whole path) made fit for
/// notes: its last part, no control characters, at most 200 characters.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    match name.trim() {
        "" => "（未命名）".into(),
        n => n.to_string(),
    }
}

/// The file's SHA-256 in hex: the page's import step takes only the file
/// its check step read.
pub fn fingerprint(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// What the import needs besides the file.
pub struct Context<'a> {
    pub store: &'a dyn Store,
    pub calendar: &'a Calendar,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

/// The file, as given.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Imports `file` into `agency`'s catalogue (see the module documentation).
/// `progress(stored, total)` is called after each chunk stored.
pub async fn import(
    cx: &Context<'_>,
    by: Importer<'_>,
    agency: &Agency,
    file: Upload,
    opts: ImportOptions,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<ImportReport, Error> {
    if let Importer::Staff(who) = by {
        may_import(cx.store, who, agency).await?;
    }
    let file_name = clean_file_name(&file.file_name);
    // Reading and checking are CPU work over the whole file: off the async threads.
    let (sheet, checks) = {
        let (agency, calendar) = (agency.clone(), cx.calendar.clone());
        let (name, today, now) = (file_name.clone(), cx.today, cx.now);
        tokio::task::spawn_blocking(move || {
            let sheet = read(&name, file.bytes)?;
            let checks = check_rows(&sheet, &agency, &calendar, &name, today, now);
            Ok::<_, Error>((sheet, checks))
        })
        .await
        .map_err(|e| Error::internal(e.to_string()))??
    };
    let bad: BTreeSet<usize> = checks.errors.iter().map(|e| e.row).collect();
    let mut report = ImportReport {
        file_name,
        read_as: sheet.read_as.clone(),
        data_rows: checks.data_rows,
        errors: checks.errors,
        bad_rows: bad.into_iter().collect(),
        importable: checks.passed.len(),
        skip_bad: opts.skip_bad,
        outcome: Outcome::Checked,
    };
    let Some(columns) = checks.columns else {
        report.outcome = Outcome::HeaderRefused;
        return Ok(report);
    };
    if report.data_rows == 0 {
        return Err(Error::invalid(format!(
            "文件“{}”只有表头，没有数据行：请从第二行起每行填写一条信息。",
            report.file_name
        )));
    }
    if !report.bad_rows.is_empty() && !opts.skip_bad {
        report.outcome = Outcome::Refused;
        return Ok(report);
    }
    if checks.passed.is_empty() {
        report.outcome = Outcome::AllBad;
        return Ok(report);
    }
    if opts.dry_run {
        return Ok(report);
    }
    let mut passed = checks.passed;
    number(cx.store, agency, &mut passed).await?;
    let stored = Storing {
        cx,
        agency,
        file_name: &report.file_name,
        columns: &columns,
        offset: sheet.offset,
        progress,
    };
    let (created, existing) = match stored.store(&sheet, &passed).await {
        Ok(counts) => counts,
        Err((counts, e)) => {
            audit(cx, by, agency, &report, counts, false).await?;
            return Err(e);
        }
    };
    report.outcome = Outcome::Imported { created, existing };
    audit(cx, by, agency, &report, (created, existing), true).await?;
    Ok(report)
}

/// The web page's import: the context from the app.
pub async fn run(
    app: &App,
    who: &Staff,
    agency: &Agency,
    file: Upload,
    opts: ImportOptions,
) -> Result<ImportReport, Error> {
    let calendar = app.calendar_in_force().await?;
    let cx = Context {
        store: app.store.as_ref(),
        calendar: &calendar,
        now: app.clock.now(),
        today: app.clock.today(),
    };
    import(&cx, Importer::Staff(who), agency, file, opts, &|_, _| {}).await
}

/// The table in the file, or what is wrong with the file.
fn read(file_name: &str, bytes: Vec<u8>) -> Result<Sheet, Error> {
    read_sheet(file_name, bytes).map_err(|e| match e {
        SheetError::Empty(name) => Error::invalid(format!(
            "文件“{name}”是空的：第一行应为表头（{}），从第二行起每行一条信息。",
            IMPORT_HEADER.join(",")
        )),
        e => Error::invalid(e.to_string()),
    })
}

/// A row that passed every check: where it is in the file, and what
/// numbering needs (its history is built again when it is stored).
struct Passed {
    /// Its row counted from the header (= 1).
    row_no: usize,
    published_on: NaiveDate,
    kept: Option<IndexNumber>,
    /// The index number given here, when the file had none.
    number: Option<IndexNumber>,
}

/// What the checks found.
struct Checks {
    /// None when the header is wrong.
    columns: Option<ImportColumns>,
    /// With their spreadsheet rows, in order.
    errors: Vec<ImportError>,
    passed: Vec<Passed>,
    data_rows: usize,
}

/// Checks every row alone, then builds its history and checks it by the
/// workflow rules; only what numbering needs is kept.
fn check_rows(
    sheet: &Sheet,
    agency: &Agency,
    calendar: &Calendar,
    file_name: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Checks {
    let header = sheet.rows().next().unwrap_or_default();
    let columns = ImportColumns::of_header(&header);
    let mut errors: Vec<ImportError> = columns.as_ref().err().cloned().unwrap_or_default();
    let mut passed = Vec::new();
    let mut data_rows = 0usize;
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
        let origin = Origin {
            file_name,
            row: row_no + sheet.offset,
            at: now,
        };
        match build_item(agency, &item, &origin, calendar) {
            Ok(b) => passed.push(Passed {
                row_no,
                published_on: b.published_on,
                kept: b.kept,
                number: None,
            }),
            Err((column, e)) => errors.push(ImportError::new(row_no, column, e)),
        }
    }
    errors.sort_by_key(|e| e.row);
    for e in &mut errors {
        e.row += sheet.offset;
    }
    Checks {
        columns: columns.ok(),
        errors,
        passed,
        data_rows,
    }
}

/// Index numbers for the items that have none: the agency's form, the
/// year of publication, serials after both the stored ones and those kept
/// in the file.
async fn number(store: &dyn Store, agency: &Agency, passed: &mut [Passed]) -> Result<(), Error> {
    let code = agency.profile.code.clone();
    let kept: Vec<IndexNumber> = passed.iter().filter_map(|b| b.kept.clone()).collect();
    let mut next: BTreeMap<i32, u32> = BTreeMap::new();
    for b in passed.iter_mut().filter(|b| b.kept.is_none()) {
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
    Ok(())
}

/// Storing the rows that passed, a transaction per chunk.
struct Storing<'a> {
    cx: &'a Context<'a>,
    agency: &'a Agency,
    file_name: &'a str,
    columns: &'a ImportColumns,
    offset: usize,
    progress: &'a (dyn Fn(usize, usize) + Send + Sync),
}

impl Storing<'_> {
    /// (created, already there); on error, the counts so far with it. The
    /// rows are read again and each built again with the number given it.
    async fn store(
        &self,
        sheet: &Sheet,
        passed: &[Passed],
    ) -> Result<(usize, usize), ((usize, usize), Error)> {
        let (mut created, mut existing) = (0usize, 0usize);
        let mut wanted = passed.iter().peekable();
        let mut chunk: Vec<NewItem> = Vec::with_capacity(CHUNK.min(passed.len()));
        let mut stored = 0usize;
        // One pass over the rows, a chunk built between writes.
        let mut rows = sheet.rows().enumerate().skip(1);
        while wanted.peek().is_some() {
            for (i, row) in rows.by_ref() {
                let Some(p) = wanted.next_if(|p| p.row_no == i + 1) else {
                    continue;
                };
                let built = self
                    .rebuild(i + 1, &row, p)
                    .map_err(|e| ((created, existing), e))?;
                chunk.push(built.item);
                if chunk.len() == CHUNK || wanted.peek().is_none() {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            let results = self.cx.store.create_items(&chunk).await.map_err(|e| {
                let e = Error::conflict(
                    "导入未完成",
                    format!(
                        "写入第{}至{}条时出错：{e}。此前已写入{stored}条（新增{created}条）；重新导入同一文件即可继续，已导入的信息不会重复导入。",
                        stored + 1,
                        stored + chunk.len()
                    ),
                );
                ((created, existing), e)
            })?;
            let new = results
                .iter()
                .filter(|r| matches!(r, ItemCreated::New(_)))
                .count();
            created += new;
            existing += results.len() - new;
            stored += chunk.len();
            chunk.clear();
            (self.progress)(stored, passed.len());
        }
        Ok((created, existing))
    }

    fn rebuild(&self, row_no: usize, row: &[String], p: &Passed) -> Result<Built, Error> {
        let line = row_no + self.offset;
        let changed =
            || Error::invalid(format!("第{line}行：文件在导入过程中被修改，请重新导入。"));
        let item: ImportItem = self
            .columns
            .item(row_no, row)
            .ok()
            .flatten()
            .ok_or_else(changed)?;
        let origin = Origin {
            file_name: self.file_name,
            row: line,
            at: self.cx.now,
        };
        let mut b = build_item(self.agency, &item, &origin, self.cx.calendar)
            .map_err(|(column, e)| Error::invalid(format!("第{line}行“{column}”：{e}")))?;
        if let Some(n) = &p.number {
            b.set_index_number(n.clone());
        }
        Ok(b)
    }
}

/// The audit record of an import, finished or cut short.
async fn audit(
    cx: &Context<'_>,
    by: Importer<'_>,
    agency: &Agency,
    report: &ImportReport,
    (created, existing): (usize, usize),
    finished: bool,
) -> Result<(), Error> {
    let (staff_id, how) = match by {
        Importer::Staff(s) => (Some(s.id), "网页导入"),
        Importer::Operator => (None, "命令行导入"),
    };
    let skipped = match report.bad_rows.len() {
        0 => String::new(),
        n => format!("，跳过有误的{n}行"),
    };
    let end = if finished {
        ""
    } else {
        "；写入出错，导入未完成"
    };
    cx.store
        .append_audit(&NewAuditEntry {
            at: cx.now,
            staff_id,
            agency_id: Some(agency.id),
            action: "catalogue.import".into(),
            detail: format!(
                "导入历史目录（{how}）：文件“{}”（{}），共{}行，新增{created}条，已存在{existing}条{skipped}{end}",
                report.file_name,
                report.read_as.label(),
                report.data_rows,
            ),
        })
        .await?;
    Ok(())
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
    fn file_names_are_cleaned_for_notes() {
        assert_eq!(clean_file_name("C:\\fakepath\\目录.csv"), "目录.csv");
        assert_eq!(clean_file_name("a/b/目录\u{7}.xlsx"), "目录.xlsx");
        assert_eq!(clean_file_name("  "), "（未命名）");
    }
}
