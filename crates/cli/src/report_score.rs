//! `gongkai report score DIR [--json]`: measures the report reader on a
//! corpus of real reports annotated by hand. Each sub-directory of DIR holds
//! one report as found (`source.txt|html|docx`), its `meta.toml` (agency,
//! year, `format`, `source_file`, where it came from) and `cells.toml`, the
//! cells the report states, written by a person reading the document:
//!
//! ```toml
//! [table2."第二十条第（一）项"]
//! "规章" = [0, 0, 0]                     # every column, in the format's order
//! "行政规范性文件" = { "现行有效件数" = 1 } # only the columns the text states
//! [table3]
//! new_received = [2, 0, 0, 0, 0, 0, 2]
//! [table4]
//! "行政复议" = [0, 0, 0, 0, 0]
//! ```
//!
//! (TOML needs the Chinese keys quoted.) Values are as written: an integer, or a string read as the reader reads a
//! cell (`"38.441094"`, `"+123"`, `""` for a blank cell, `"/"`). Each stated
//! cell is scored as right, missing (the reader did not read it), ambiguous
//! (the reader found it but could not place it) or wrong (the reader read a
//! different value — worse than missing). Exit code 1 when any cell is wrong,
//! 2 when the corpus cannot be read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use gongkai_domain::report::Cell;
use gongkai_domain::vocabulary::ReportFormat;
use gongkai_parse::{ParsedReport, parse_bytes};
use serde_json::{Value, json};

#[derive(Args)]
pub struct ScoreArgs {
    /// 语料目录：每个子目录一份报告（source.*、meta.toml、人工标注的 cells.toml）
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// 以 JSON 输出
    #[arg(long)]
    json: bool,
}

/// One cell a report states, as annotated by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedCell {
    /// `二`, `三` or `四`.
    pub table: &'static str,
    /// Table 二: the block; otherwise empty.
    pub block: String,
    /// Table 二: the row label; table 三: the row key; table 四: the group.
    pub row: String,
    /// The column label (table 四: the result).
    pub column: String,
    /// The value as written in `cells.toml`.
    pub written: String,
    pub value: Cell,
}

impl StatedCell {
    /// `表三 new_received / 自然人`.
    pub fn place(&self) -> String {
        let mut s = format!("表{}", self.table);
        for part in [&self.block, &self.row] {
            if !part.is_empty() {
                s.push(' ');
                s.push_str(part);
            }
        }
        let _ = write!(s, " / {}", self.column);
        s
    }
}

/// How the reader did on one stated cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Right,
    /// Not read at all.
    Missing,
    /// Found but not placed (the reader said so).
    Ambiguous,
    /// Read as something else (shown as the reader holds it).
    Wrong {
        read: String,
    },
}

/// Reads `cells.toml` against the columns of `format`. A Chinese message
/// names any key that is not a cell of that format.
pub fn stated_cells(text: &str, format: ReportFormat) -> Result<Vec<StatedCell>, String> {
    let doc: toml::Table = text
        .parse()
        .map_err(|e| format!("cells.toml 不是有效的 TOML：{e}"))?;
    let mut out = Vec::new();
    for (key, v) in &doc {
        let t = v
            .as_table()
            .ok_or_else(|| format!("“{key}”应为表（[table2]、[table3] 或 [table4]）。"))?;
        match key.as_str() {
            "table2" => table2(t, format, &mut out)?,
            "table3" => table3(t, format, &mut out)?,
            "table4" => table4(t, format, &mut out)?,
            _ => return Err(format!("未知的键“{key}”：只能是 table2、table3、table4。")),
        }
    }
    Ok(out)
}

fn table2(t: &toml::Table, f: ReportFormat, out: &mut Vec<StatedCell>) -> Result<(), String> {
    for (block, rows) in t {
        let b = f
            .table2_blocks()
            .iter()
            .find(|b| b.block == block)
            .ok_or_else(|| format!("表二没有“{block}”这一栏（{}年版格式）。", f.code()))?;
        let rows = rows
            .as_table()
            .ok_or_else(|| format!("表二“{block}”应为表。"))?;
        for (row, v) in rows {
            if !b.rows.contains(&row.as_str()) {
                return Err(format!("表二“{block}”没有“{row}”行。"));
            }
            for (column, value) in row_cells(v, b.columns, &format!("表二 {row}"))? {
                out.push(cell("二", block, row, column, value));
            }
        }
    }
    Ok(())
}

fn table3(t: &toml::Table, f: ReportFormat, out: &mut Vec<StatedCell>) -> Result<(), String> {
    for (key, v) in t {
        if f.table3_row(key).is_none() {
            return Err(format!("表三没有键为“{key}”的行（{}年版格式）。", f.code()));
        }
        for (column, value) in row_cells(v, f.table3_columns(), &format!("表三 {key}"))? {
            out.push(cell("三", "", key, column, value));
        }
    }
    Ok(())
}

fn table4(t: &toml::Table, f: ReportFormat, out: &mut Vec<StatedCell>) -> Result<(), String> {
    for (group, v) in t {
        let results: Vec<&str> = f
            .table4_columns()
            .iter()
            .filter(|c| c.group == group)
            .map(|c| c.result)
            .collect();
        if results.is_empty() {
            return Err(format!("表四没有“{group}”这一组。"));
        }
        for (column, value) in row_cells(v, &results, &format!("表四 {group}"))? {
            out.push(cell("四", "", group, column, value));
        }
    }
    Ok(())
}

fn cell(
    table: &'static str,
    block: &str,
    row: &str,
    column: String,
    value: &toml::Value,
) -> StatedCell {
    let written = match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    StatedCell {
        table,
        block: block.to_string(),
        row: row.to_string(),
        column,
        value: Cell::read(&written),
        written,
    }
}

/// A row: an array of every column in order, or a table of some columns.
fn row_cells<'a>(
    v: &'a toml::Value,
    columns: &[&str],
    what: &str,
) -> Result<Vec<(String, &'a toml::Value)>, String> {
    let pairs: Vec<(String, &toml::Value)> = match v {
        toml::Value::Array(a) if a.len() == columns.len() => columns
            .iter()
            .map(|c| c.to_string())
            .zip(a.iter())
            .collect(),
        toml::Value::Array(a) => {
            return Err(format!(
                "{what}：数组有 {} 个值，该行有 {} 列；只标部分列时请用表（{{ 列名 = 值 }}）。",
                a.len(),
                columns.len()
            ));
        }
        toml::Value::Table(t) => {
            for c in t.keys() {
                if !columns.contains(&c.as_str()) {
                    return Err(format!(
                        "{what}：没有“{c}”列（应为 {}）。",
                        columns.join("、")
                    ));
                }
            }
            t.iter().map(|(c, v)| (c.clone(), v)).collect()
        }
        _ => return Err(format!("{what}：应为数组或表。")),
    };
    for (c, v) in &pairs {
        if !matches!(v, toml::Value::Integer(_) | toml::Value::String(_)) {
            return Err(format!("{what} / {c}：值应为整数或按原文书写的字符串。"));
        }
    }
    Ok(pairs)
}

/// Scores each stated cell against what the reader made of the report.
pub fn score(p: &ParsedReport, stated: &[StatedCell]) -> Vec<Outcome> {
    stated.iter().map(|s| outcome(p, s)).collect()
}

fn outcome(p: &ParsedReport, s: &StatedCell) -> Outcome {
    let same_place = |c: &gongkai_parse::CellName| {
        c.table == s.table
            && c.column == s.column
            && match s.table {
                "二" => c.block == s.block && c.row == s.row,
                "三" => c.key == s.row,
                _ => c.row == s.row,
            }
    };
    if p.ambiguous.iter().any(|u| same_place(&u.cell)) {
        return Outcome::Ambiguous;
    }
    if !p.sources.iter().any(|(c, _)| same_place(c)) {
        return Outcome::Missing;
    }
    match read_value(p, s) {
        Some(read) if same_value(&read, &s.value) => Outcome::Right,
        Some(read) => Outcome::Wrong { read: shown(&read) },
        None => Outcome::Missing,
    }
}

/// The cell the reader holds at the stated place, in the format it read.
fn read_value(p: &ParsedReport, s: &StatedCell) -> Option<Cell> {
    let r = &p.report;
    match s.table {
        "二" => r.table2_cell(&s.block, &s.row, &s.column).cloned(),
        "三" => {
            let i = r
                .format
                .table3_columns()
                .iter()
                .position(|c| *c == s.column)?;
            r.table3
                .iter()
                .find(|x| x.key == s.row)
                .map(|x| x.cells[i].clone())
        }
        _ => {
            let i = r
                .format
                .table4_columns()
                .iter()
                .position(|c| c.group == s.row && c.result == s.column)?;
            r.table4.get(i).cloned()
        }
    }
}

/// Numbers compare as numbers (`5` and `5.0`, `+3` and `3`); anything else
/// as written.
fn same_value(a: &Cell, b: &Cell) -> bool {
    match (a.number(), b.number()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => a == b,
        _ => false,
    }
}

fn shown(c: &Cell) -> String {
    match c {
        Cell::Blank => "（空白）".to_string(),
        c => c.display(),
    }
}

/// The figures of one report (or of the whole corpus).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tally {
    pub stated: usize,
    pub right: usize,
    pub missing: usize,
    pub ambiguous: usize,
    pub wrong: usize,
}

impl Tally {
    pub fn of(outcomes: &[Outcome]) -> Tally {
        let mut t = Tally {
            stated: outcomes.len(),
            ..Tally::default()
        };
        for o in outcomes {
            match o {
                Outcome::Right => t.right += 1,
                Outcome::Missing => t.missing += 1,
                Outcome::Ambiguous => t.ambiguous += 1,
                Outcome::Wrong { .. } => t.wrong += 1,
            }
        }
        t
    }

    fn add(&mut self, o: &Tally) {
        self.stated += o.stated;
        self.right += o.right;
        self.missing += o.missing;
        self.ambiguous += o.ambiguous;
        self.wrong += o.wrong;
    }

    /// Share of stated cells read right, in per cent (100 when none stated).
    pub fn share_right(&self) -> f64 {
        if self.stated == 0 {
            100.0
        } else {
            self.right as f64 * 100.0 / self.stated as f64
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "stated": self.stated, "right": self.right, "missing": self.missing,
            "ambiguous": self.ambiguous, "wrong": self.wrong,
            "share_right": (self.share_right() * 10.0).round() / 10.0,
        })
    }
}

/// One scored report of the corpus.
struct Scored {
    name: String,
    tally: Tally,
    /// (place, expected as written, read).
    wrong: Vec<(String, String, String)>,
}

/// Scores one report directory: reads `meta.toml`, the source and `cells.toml`.
fn score_dir(dir: &Path) -> Result<Scored, String> {
    let read = |f: &str| std::fs::read(dir.join(f)).map_err(|e| format!("无法读取 {f}：{e}"));
    let meta: toml::Table = String::from_utf8_lossy(&read("meta.toml")?)
        .parse()
        .map_err(|e| format!("meta.toml 不是有效的 TOML：{e}"))?;
    let format = meta
        .get("format")
        .and_then(|v| v.as_str())
        .and_then(ReportFormat::from_code)
        .ok_or("meta.toml 缺少 format（\"2019\" 或 \"2021\"）。")?;
    let source = meta
        .get("source_file")
        .and_then(|v| v.as_str())
        .ok_or("meta.toml 缺少 source_file（如 \"source.txt\"）。")?;
    let stated = stated_cells(&String::from_utf8_lossy(&read("cells.toml")?), format)?;
    let parsed =
        parse_bytes(source, &read(source)?).map_err(|e| format!("{source} 无法读取：{e}"))?;
    let outcomes = score(&parsed, &stated);
    let wrong = stated
        .iter()
        .zip(&outcomes)
        .filter_map(|(s, o)| match o {
            Outcome::Wrong { read } => Some((s.place(), s.written.clone(), read.clone())),
            _ => None,
        })
        .collect();
    Ok(Scored {
        name: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        tally: Tally::of(&outcomes),
        wrong,
    })
}

/// The report directories of the corpus, in name order.
fn report_dirs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("无法读取目录 {}：{e}", dir.display()))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("cells.toml").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(format!(
            "{} 下没有带 cells.toml 的报告目录；每份报告一个子目录（source.*、meta.toml、cells.toml）。",
            dir.display()
        ));
    }
    Ok(dirs)
}

pub fn run(args: ScoreArgs) -> ExitCode {
    let dirs = match report_dirs(&args.dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    let mut scored = Vec::new();
    for d in &dirs {
        match score_dir(d) {
            Ok(s) => scored.push(s),
            Err(e) => {
                eprintln!("{}：{e}", d.display());
                return ExitCode::from(2);
            }
        }
    }
    let mut total = Tally::default();
    for s in &scored {
        total.add(&s.tally);
    }
    let out = if args.json {
        as_json(&scored, &total)
    } else {
        as_text(&scored, &total)
    };
    print!("{out}");
    if total.wrong > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn as_json(scored: &[Scored], total: &Tally) -> String {
    let reports: Vec<Value> = scored
        .iter()
        .map(|s| {
            let mut v = s.tally.to_json();
            v["report"] = json!(s.name);
            v["wrong_cells"] = s
                .wrong
                .iter()
                .map(|(c, e, r)| json!({"cell": c, "expected": e, "read": r}))
                .collect();
            v
        })
        .collect();
    let doc = json!({"reports": reports, "total": total.to_json()});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn as_text(scored: &[Scored], total: &Tally) -> String {
    let mut s = String::from("报告\t标注\t正确\t未读出\t无法确定\t读错\t正确率\n");
    let line = |s: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            s,
            "{name}\t{}\t{}\t{}\t{}\t{}\t{:.1}%",
            t.stated,
            t.right,
            t.missing,
            t.ambiguous,
            t.wrong,
            t.share_right()
        );
    };
    for r in scored {
        line(&mut s, &r.name, &r.tally);
    }
    line(&mut s, &format!("合计（{} 份）", scored.len()), total);
    if total.wrong > 0 {
        s.push_str("读错的单元格（应为 → 读出）：\n");
        for r in scored {
            for (c, e, read) in &r.wrong {
                let _ = writeln!(s, "  {} {c}：{e} → {read}", r.name);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_parse::parse_text;

    /// A tiny 2021 table 二 written by hand: 规章 0/0/0, 行政规范性文件 2/1/5, 行政许可 470.
    const REPORT: &str = "二、主动公开政府信息情况\n\
第二十条第（一）项\n\
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n\
| 规章 | 0 | 0 | 0 |\n\
| 行政规范性文件 | 2 | 1 | 5 |\n\
第二十条第（五）项\n\
| 信息内容 | 本年处理决定数量 |\n\
| 行政许可 | 470 |\n";

    fn outcomes(cells: &str) -> Vec<Outcome> {
        let stated = stated_cells(cells, ReportFormat::Y2021).unwrap();
        score(&parse_text(REPORT), &stated)
    }

    #[test]
    fn right_wrong_and_missing_are_told_apart() {
        let cells = "[table2.\"第二十条第（一）项\"]\n\"规章\" = [0, 0, 0]\n\
             \"行政规范性文件\" = { \"现行有效件数\" = 4 }\n\
             [table2.\"第二十条第（六）项\"]\n\"行政处罚\" = [\"12\"]\n";
        let stated = stated_cells(cells, ReportFormat::Y2021).unwrap();
        let o = score(&parse_text(REPORT), &stated);
        let of = |place: &str| {
            let i = stated.iter().position(|s| s.place() == place).unwrap();
            o[i].clone()
        };
        for col in ["本年制发件数", "本年废止件数", "现行有效件数"] {
            assert_eq!(
                of(&format!("表二 第二十条第（一）项 规章 / {col}")),
                Outcome::Right
            );
        }
        // The text says 5, the annotation 4: the reader "read a different value".
        assert_eq!(
            of("表二 第二十条第（一）项 行政规范性文件 / 现行有效件数"),
            Outcome::Wrong { read: "5".into() }
        );
        // 行政处罚 is not in the text at all.
        assert_eq!(
            of("表二 第二十条第（六）项 行政处罚 / 本年处理决定数量"),
            Outcome::Missing
        );
        let t = Tally::of(&o);
        assert_eq!((t.stated, t.right, t.missing, t.wrong), (5, 3, 1, 1));
        assert_eq!(t.share_right(), 60.0);
    }

    #[test]
    fn values_compare_as_written_numbers() {
        // "+470" as written is the count 470.
        let o = outcomes("[table2.\"第二十条第（五）项\"]\n\"行政许可\" = [\"+470\"]\n");
        assert_eq!(o, vec![Outcome::Right]);
    }

    #[test]
    fn an_annotation_outside_the_format_is_refused_in_chinese() {
        let e =
            stated_cells("[table3]\nr_other = [0,0,0,0,0,0,0]\n", ReportFormat::Y2021).unwrap_err();
        assert!(e.contains("表三没有键为“r_other”的行"), "{e}");
        let e = stated_cells("[table3]\nnew_received = [0, 0]\n", ReportFormat::Y2021).unwrap_err();
        assert!(e.contains("数组有 2 个值，该行有 7 列"), "{e}");
        let e = stated_cells(
            "[table4]\n\"行政复议\" = { \"维持\" = 1 }\n",
            ReportFormat::Y2021,
        )
        .unwrap_err();
        assert!(e.contains("没有“维持”列"), "{e}");
    }

    #[test]
    fn table3_and_table4_cells_are_keyed_like_the_json() {
        let s = stated_cells(
            "[table3]\nnew_received = { \"总计\" = 2 }\n[table4]\n\"行政复议\" = [0, 0, 0, 0, \"\"]\n",
            ReportFormat::Y2021,
        )
        .unwrap();
        assert_eq!(s.len(), 6);
        assert_eq!(s[0].place(), "表三 new_received / 总计");
        assert_eq!(s[0].value, Cell::Count(2));
        assert_eq!(s[5].place(), "表四 行政复议 / 总计");
        assert_eq!(s[5].value, Cell::Blank);
    }
}
