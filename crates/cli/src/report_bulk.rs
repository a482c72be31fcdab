//! `gongkai report check DIR|FILE... [--summary summary.xlsx]`: the bulk
//! check of a spring's reports. A directory is walked (bounded: at most
//! [`MAX_FILES`] report files, [`MAX_DEPTH`] levels, each file at most the
//! check page's size limit; symbolic links are not followed, hidden entries
//! and files that are not reports by their extension are skipped), every
//! report is read and all are checked together, and the summary workbook
//! (sheets 汇总, 问题明细, 年度对比; built by `gongkai_app::report_summary`)
//! is written. A progress bar shows on a terminal, plain lines otherwise.
//!
//! Exit codes as `report check`: 0 no report has an error, 1 one has, 2 a
//! file could not be read.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use gongkai_app::report_check::{Checked, MAX_FILE_BYTES};
use gongkai_app::report_summary::{BulkSummary, summarise};
use gongkai_parse::ParsedReport;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report_check::CheckArgs;

/// Most report files read from the directories given.
pub const MAX_FILES: usize = 5000;
/// Deepest level of folders walked below a directory given.
pub const MAX_DEPTH: usize = 8;
/// The extensions read as reports when walking a directory (files named
/// on the command line are read whatever their name).
const REPORT_EXTENSIONS: [&str; 8] = [
    "txt", "text", "htm", "html", "shtml", "xhtml", "docx", "pdf",
];

const UNREADABLE: u8 = 2;
const HAS_ERRORS: u8 = 1;

/// Whether the check is a bulk one: a directory among the inputs, a
/// summary asked for, or the platform's published reports to compare with.
pub fn wanted(args: &CheckArgs) -> bool {
    args.summary.is_some()
        || args.platform
        || args.files.iter().any(|f| f != "-" && Path::new(f).is_dir())
}

/// The inputs found: report files in order, and what was left out.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    /// Named inputs that are neither a readable file nor a directory, or
    /// folders that could not be listed: (name, why).
    pub refused: Vec<(String, String)>,
    pub skipped_links: usize,
    pub skipped_other: usize,
    /// More than [`MAX_FILES`] report files, or folders deeper than [`MAX_DEPTH`].
    pub truncated: Vec<String>,
}

/// The report files of the inputs: a file named is taken as it is, a
/// directory walked in name order.
pub fn walk(inputs: &[String]) -> Walk {
    let mut w = Walk::default();
    for name in inputs {
        let path = Path::new(name);
        if name != "-" && path.is_dir() {
            walk_dir(path, 0, &mut w);
        } else {
            push(&mut w, PathBuf::from(name));
        }
    }
    w
}

fn push(w: &mut Walk, path: PathBuf) -> bool {
    if w.files.len() >= MAX_FILES {
        if w.truncated.is_empty() {
            w.truncated.push(format!(
                "报告文件超过{MAX_FILES}个，只检查了前{MAX_FILES}个；请分批检查。"
            ));
        }
        return false;
    }
    w.files.push(path);
    true
}

fn is_report_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk_dir(dir: &Path, depth: usize, w: &mut Walk) {
    if depth > MAX_DEPTH {
        w.truncated.push(format!(
            "{}：目录层级超过{MAX_DEPTH}层，其中的文件未检查。",
            dir.display()
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            w.refused
                .push((dir.display().to_string(), format!("无法列出目录内容：{e}")));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // `file_type` of a directory entry does not follow a symbolic link.
        let Ok(kind) = e.file_type() else { continue };
        let path = e.path();
        if kind.is_symlink() {
            w.skipped_links += 1;
        } else if kind.is_dir() {
            walk_dir(&path, depth + 1, w);
        } else if kind.is_file() && is_report_name(&path) {
            if !push(w, path) {
                return;
            }
        } else {
            w.skipped_other += 1;
        }
    }
}

/// Reads and parses one file; a Chinese reason when it cannot be.
fn read_one(path: &Path) -> Result<ParsedReport, String> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut b)
            .map_err(|e| format!("无法读取标准输入：{e}"))?;
        b
    } else {
        let size = std::fs::metadata(path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => "文件不存在。".to_string(),
                _ => format!("无法读取文件：{e}"),
            })?
            .len();
        if size > MAX_FILE_BYTES as u64 {
            return Err(too_large(size));
        }
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有读取这个文件的权限。".to_string(),
            _ => format!("无法读取文件：{e}"),
        })?
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    gongkai_parse::parse_bytes(&name, &bytes).map_err(|e| e.to_string())
}

fn too_large(size: u64) -> String {
    format!(
        "文件大小为{:.1}MB，超过{}MB的上限，未检查。请删去图片等内容，或把报告正文另存为文本后再检查。",
        size as f64 / 1024.0 / 1024.0,
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// The progress shown while reading: a bar on a terminal, a line per file
/// otherwise (e.g. in a log).
enum Progress {
    Bar(ProgressBar),
    Lines { total: usize, done: usize },
}

impl Progress {
    fn new(total: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines { total, done: 0 };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "读取报告 {bar:32.cyan/blue} {pos}/{len}份  已用{elapsed}  剩余{eta}  {msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::Bar(bar)
    }

    fn read(&mut self, path: &Path) {
        match self {
            Progress::Bar(b) => {
                b.set_message(
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                );
                b.inc(1);
            }
            Progress::Lines { total, done } => {
                *done += 1;
                eprintln!("已读取 {done}/{total}：{}", path.display());
            }
        }
    }

    fn finish(self) {
        if let Progress::Bar(b) = self {
            b.finish_and_clear();
        }
    }
}

/// Reads every input, checks them together (and, when asked, against the
/// platform's published reports), prints the result and writes the summary.
pub async fn run(args: CheckArgs) -> ExitCode {
    let w = walk(&args.files);
    for (name, why) in &w.refused {
        eprintln!("{name}：{why}");
    }
    for t in &w.truncated {
        eprintln!("{t}");
    }
    if w.skipped_links + w.skipped_other > 0 {
        eprintln!(
            "跳过 {} 个符号链接、{} 个不是报告的文件（只读取 {} 文件）。",
            w.skipped_links,
            w.skipped_other,
            REPORT_EXTENSIONS.map(|e| format!(".{e}")).join("、")
        );
    }
    let mut progress = Progress::new(w.files.len());
    let mut read = Vec::with_capacity(w.files.len());
    for path in &w.files {
        read.push(read_one(path).map_err(|e| (path.display().to_string(), e)));
        progress.read(path);
    }
    progress.finish();
    let checked = if args.platform {
        match platform_check(&args, read).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("错误：{e:#}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        match gongkai_app::report_check::check(read) {
            Ok(c) => c,
            Err(_) => {
                eprintln!(
                    "没有找到要检查的报告文件：目录中只读取 {} 文件。",
                    REPORT_EXTENSIONS.map(|e| format!(".{e}")).join("、")
                );
                return ExitCode::from(UNREADABLE);
            }
        }
    };
    print(&args, &checked);
    let summary = summarise(&checked);
    if let Some(path) = &args.summary
        && let Err(e) = write_summary(path, &summary)
    {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    exit_code(&checked, !w.refused.is_empty())
}

/// The check with the platform's published reports of the year before
/// (AR-09 and the other cross-year rules).
async fn platform_check(
    args: &CheckArgs,
    read: Vec<Result<ParsedReport, (String, String)>>,
) -> anyhow::Result<Vec<Checked>> {
    let settings = args.db.settings()?;
    let store = crate::db::open_store(&settings).await?;
    let checked = gongkai_app::report_check::check(read)?;
    Ok(gongkai_app::report_previous::compare_with_published(store.as_ref(), checked).await?)
}

fn write_summary(path: &Path, summary: &BulkSummary) -> Result<(), String> {
    let bytes = summary
        .to_xlsx()
        .map_err(|e| format!("无法生成汇总表：{e}"))?;
    std::fs::write(path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    eprintln!(
        "已写出汇总表 {}（{}）。",
        path.display(),
        summary.subtitle()
    );
    Ok(())
}

fn print(args: &CheckArgs, checked: &[Checked]) {
    let mut out = String::new();
    if args.json {
        let docs: Vec<_> = checked.iter().map(Checked::to_json).collect();
        out = serde_json::to_string_pretty(&docs).unwrap_or_default();
        out.push('\n');
    } else {
        for c in checked {
            match c {
                // With a summary workbook the details are there: one line each.
                Checked::Report(r) if args.summary.is_some() => {
                    let errors = r.findings.iter().filter(|f| f.is_error()).count();
                    out.push_str(&format!(
                        "{}：{} {}年度，{errors} 个错误，{} 个提示\n",
                        r.parsed.source,
                        r.parsed.agency.as_deref().unwrap_or("机关未识别"),
                        r.parsed
                            .year
                            .map_or("未识别".to_string(), |y| y.to_string()),
                        r.findings.len() - errors
                    ));
                }
                Checked::Report(r) => {
                    out.push_str(&crate::report_check::summary(r));
                    out.push('\n');
                }
                Checked::Unreadable { source, error } => {
                    out.push_str(&format!("{source}：无法读取：{error}\n"));
                }
            }
        }
        let reports = checked
            .iter()
            .filter(|c| matches!(c, Checked::Report(_)))
            .count();
        let with_errors = checked
            .iter()
            .filter(|c| matches!(c, Checked::Report(r) if r.has_errors()))
            .count();
        out.push_str(&format!(
            "共 {} 个文件：校验 {reports} 份报告，其中 {with_errors} 份有错误；{} 个文件无法读取。\n",
            checked.len(),
            checked.len() - reports
        ));
    }
    let mut stdout = std::io::stdout().lock();
    // A reader gone away (`| head`) is no error: the exit code still tells.
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
}

fn exit_code(checked: &[Checked], refused: bool) -> ExitCode {
    if refused
        || checked
            .iter()
            .any(|c| matches!(c, Checked::Unreadable { .. }))
    {
        ExitCode::from(UNREADABLE)
    } else if checked
        .iter()
        .any(|c| matches!(c, Checked::Report(r) if r.has_errors()))
    {
        ExitCode::from(HAS_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
