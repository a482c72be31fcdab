//! `gongkai report check FILE... [--json]`: reads annual reports as published
//! elsewhere (text copied from a page, HTML, DOCX, PDF; `-` is standard input),
//! checks them all together with the rule catalogue (so that reports of one
//! agency for consecutive years are also checked against each other), and
//! prints either one JSON document or a Chinese summary per file.
//!
//! Exit code: 0 when no report has an error finding, 1 when one has, 2 when
//! an input cannot be read at all (the others are still checked and printed).

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::process::ExitCode;

use clap::Args;
use gongkai_domain::report::Severity;
use gongkai_parse::{CheckedReport, Layout, ParsedReport, Unread, check_all, parse_bytes};
use serde_json::Value;

#[derive(Args)]
pub struct CheckArgs {
    /// 要校验的年度报告：文本（从网页复制）、网页（HTML）、Word（.docx）或 PDF（读取文字层，需要 pdftotext）文件；“-”表示标准输入。
    /// 同一机构相邻年度的报告一并给出时，还核对跨年度的勾稽关系（上年结转等）
    /// 也可以是目录：读取其中（含子目录）全部报告文件，不跟随符号链接
    #[arg(required = true, value_name = "FILE|DIR")]
    pub(crate) files: Vec<String>,
    /// 以 JSON 输出（一个文件：报告对象；多个文件：报告对象的数组）
    #[arg(long)]
    pub(crate) json: bool,
    /// 写出汇总表（XLSX）：工作表“汇总”每份报告一行（问题数、主要数据），“问题明细”“年度对比”
    #[arg(long, value_name = "summary.xlsx")]
    pub(crate) summary: Option<std::path::PathBuf>,
    /// 上一年度的报告不在所给文件中时，用本平台已公布的同一机关上一年度报告核对跨年度规则（AR-09 等）
    #[arg(long)]
    pub(crate) platform: bool,
    #[command(flatten)]
    pub(crate) db: crate::DbArgs,
}

/// Exit code when an input cannot be read.
const UNREADABLE: u8 = 2;
/// Exit code when a report has an error finding.
const HAS_ERRORS: u8 = 1;

pub fn run(args: CheckArgs) -> ExitCode {
    let mut unreadable = false;
    let mut parsed: Vec<ParsedReport> = Vec::new();
    for name in &args.files {
        match read_input(name) {
            Ok(bytes) => match parse_bytes(name, &bytes) {
                Ok(p) => parsed.push(p),
                Err(e) => {
                    unreadable = true;
                    eprintln!("{}：无法读取：{e}", shown_name(name));
                }
            },
            Err(message) => {
                unreadable = true;
                eprintln!("{}：{message}", shown_name(name));
            }
        }
    }
    let checked = check_all(parsed);
    let mut out = String::new();
    if args.json {
        let docs: Vec<Value> = checked.iter().map(CheckedReport::to_json).collect();
        let doc = if args.files.len() == 1 {
            docs.into_iter().next()
        } else {
            Some(Value::Array(docs))
        };
        if let Some(doc) = doc {
            out = serde_json::to_string_pretty(&doc).unwrap_or_default();
            out.push('\n');
        }
    } else {
        for (i, c) in checked.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&summary(c));
        }
        if checked.len() > 1 {
            let with_errors = checked.iter().filter(|c| c.has_errors()).count();
            let _ = writeln!(
                out,
                "\n共校验 {} 份报告，其中 {with_errors} 份有错误。",
                checked.len()
            );
        }
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // The reader went away (e.g. `| head`); the exit code still tells.
    }
    if unreadable {
        ExitCode::from(UNREADABLE)
    } else if checked.iter().any(CheckedReport::has_errors) {
        ExitCode::from(HAS_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn shown_name(name: &str) -> &str {
    if name == "-" { "标准输入" } else { name }
}

/// The bytes of a file, or of standard input for `-`; a Chinese message
/// when they cannot be read.
fn read_input(name: &str) -> Result<Vec<u8>, String> {
    if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("无法读取标准输入：{e}"))?;
        return Ok(bytes);
    }
    std::fs::read(name).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在。".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取这个文件的权限。".to_string(),
        std::io::ErrorKind::IsADirectory => "这是目录，不是文件。".to_string(),
        _ => format!("无法读取文件：{e}"),
    })
}

fn format_label(layout: Layout) -> String {
    match layout {
        Layout::Format(f) => format!(
            "{}年版全国统一格式（《{}》，{}）",
            f.code(),
            f.label(),
            f.document()
        ),
        Layout::FreeText => {
            "自由行文（没有全国统一格式的表格，2019年度以前的报告即如此）".to_string()
        }
    }
}

fn input_label(p: &ParsedReport) -> &'static str {
    p.input.label_zh()
}

/// Where a cell is, as a reader names it: `表二 第二十条第（六）项 行政强制 / 上一年项目数量`.
fn cell_place(u: &Unread) -> String {
    let mut s = format!("表{}", u.cell.table);
    for part in [&u.cell.block, &u.cell.row] {
        if !part.is_empty() {
            s.push(' ');
            s.push_str(part);
        }
    }
    if !u.cell.column.is_empty() {
        let _ = write!(s, " / {}", u.cell.column);
    }
    s
}

fn unread_line(u: &Unread) -> String {
    let mut s = format!("  {}", cell_place(u));
    if let Some(l) = u.location {
        let _ = write!(s, "（{l}）");
    }
    let _ = write!(s, "：{}", u.message);
    if !u.found.is_empty() {
        let _ = write!(s, "（文中为：{}）", u.found.join("、"));
    }
    s.push('\n');
    s
}

/// The readable summary of one checked report.
pub(crate) fn summary(c: &CheckedReport) -> String {
    let p = &c.parsed;
    let mut s = String::new();
    let _ = writeln!(s, "== {} ==", shown_name(&p.source));
    let _ = writeln!(s, "输入：{}", input_label(p));
    let _ = writeln!(s, "格式：{}", format_label(p.layout));
    match (p.year, p.year_location) {
        (Some(y), Some(l)) => {
            let _ = writeln!(s, "年度：{y}年（{l}）");
        }
        (Some(y), None) => {
            let _ = writeln!(s, "年度：{y}年");
        }
        (None, _) => s.push_str("年度：未找到\n"),
    }
    let _ = writeln!(s, "机构：{}", p.agency.as_deref().unwrap_or("未找到"));
    if let Some(t) = &p.title {
        let _ = writeln!(s, "标题：{t}");
    }
    let errors = c.findings.iter().filter(|f| f.is_error()).count();
    let warnings = c.findings.len() - errors;
    let _ = writeln!(s, "校验结果：{errors} 个错误，{warnings} 个提示");
    for f in &c.findings {
        let severity = match f.severity {
            Severity::Error => "错误",
            Severity::Warning => "提示",
        };
        let _ = write!(s, "  [{severity}] {}", f.rule);
        if let Some(l) = &f.location {
            let _ = write!(s, " {l}");
        }
        let _ = writeln!(s, "：{}", f.message);
    }
    if !p.missing.is_empty() {
        let _ = writeln!(s, "文中没有的单元格（{} 个）：", p.missing.len());
        for u in &p.missing {
            s.push_str(&unread_line(u));
        }
    }
    if !p.ambiguous.is_empty() {
        let _ = writeln!(
            s,
            "无法确定所属列的单元格（{} 个，未取值）：",
            p.ambiguous.len()
        );
        for u in &p.ambiguous {
            s.push_str(&unread_line(u));
        }
    }
    if let Some(figures) = &p.figures {
        s.push_str("文中的数字：\n");
        for (_, name, fig) in figures.entries() {
            match fig {
                Some(x) => {
                    let _ = writeln!(s, "  {name}：{}（{}：“{}”）", x.value, x.location, x.quote);
                }
                None => {
                    let _ = writeln!(s, "  {name}：文中未找到");
                }
            }
        }
    }
    for n in &p.notes {
        let _ = writeln!(s, "说明：{n}");
    }
    s
}
