//! `gongkai bench parse`: how fast published annual reports are read, on
//! one core, against reading the same reports from their machine-readable
//! JSON in the same process; and how long 10 MB inputs (a real report
//! repeated with page noise, and hostile ones) take.
//!
//! The method, shown with the figures:
//!
//! * Inputs: the corpus reports (`crates/parse/tests/corpus/`, compiled in)
//!   and generated renderings of one complete report (HTML with merged
//!   cells, one cell per line, DOCX; `crates/parse/tests/layouts/`, written
//!   by the parser's round-trip test).
//! * Text reading: [`gongkai_parse::parse_bytes`] on the file's bytes
//!   (telling the kind, decoding, reading tables and figures).
//! * The alternative: the same report as the JSON `gongkai report check
//!   --json` prints ([`CheckedReport::to_json`], serialised once, untimed),
//!   read back with serde_json into a `Value` and, for a report in a
//!   national format, into the domain's `AnnualReport`
//!   ([`AnnualReport::from_json`]) — what a program reading the
//!   machine-readable form does.
//! * One untimed warm-up pass, then `--rounds` timed passes over all inputs,
//!   one thread, each call timed with [`Instant`]; per input the median,
//!   overall the sum over all calls.
//! * Large inputs: each is read (and checked) three times; the slowest time
//!   is shown, and must stay under one second.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use gongkai_domain::report::AnnualReport;
use gongkai_parse::{CheckedReport, Layout, check_all, parse_bytes};
use serde::Serialize;

use super::parse_corpus::{self, CorpusReport};
use super::report::{Align, table, thousands};
use super::{Machine, machine};

#[derive(Args)]
pub struct ParseArgs {
    /// 计时轮数（每轮把每份报告读一次；另有一轮预热，不计时）
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
    /// 以 JSON 输出结果（代替表格）
    #[arg(long)]
    json: bool,
    /// 不测 10 MB 大输入（只测真实和生成的报告）
    #[arg(long)]
    no_large: bool,
    /// 真实报告语料目录（每份报告一个子目录，内有 source.* 文件）；默认为源码树中的 crates/parse/tests/reports
    #[arg(long)]
    corpus: Option<std::path::PathBuf>,
    /// 真实报告语料每核每秒至少应读取的份数；低于此数时命令以 1 退出（调试构建测不出真实速度，可设为 0）
    #[arg(long, default_value_t = 500)]
    floor: u32,
}

macro_rules! parse_test_file {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../parse/tests/",
            $path
        ))
    };
}

/// The inputs: (file, what it is, bytes).
const INPUTS: [(&str, &str, &[u8]); 6] = [
    (
        "000_a83da41d4916728f.txt",
        "真实报告：2020年度，表格每行一条、竖线分隔",
        parse_test_file!("corpus/000_a83da41d4916728f.txt"),
    ),
    (
        "003_5897f5cf55adee41.txt",
        "真实报告：2018年度，繁体，自由行文，网页杂质",
        parse_test_file!("corpus/003_5897f5cf55adee41.txt"),
    ),
    (
        "004_65091cc48e348f9d.txt",
        "真实报告：2014年度，自由行文，导航和垃圾文字",
        parse_test_file!("corpus/004_65091cc48e348f9d.txt"),
    ),
    (
        "generated_2021.html",
        "生成：2021年格式，HTML 表格（合并单元格）",
        parse_test_file!("layouts/generated_2021.html"),
    ),
    (
        "generated_2021_cells.txt",
        "生成：2021年格式，每格一行（表头拆行、空行、空格）",
        parse_test_file!("layouts/generated_2021_cells.txt"),
    ),
    (
        "generated_2021.docx",
        "生成：2021年格式，Word（.docx）",
        parse_test_file!("layouts/generated_2021.docx"),
    ),
];

/// Size of each large input.
const LARGE: usize = 10 * 1024 * 1024;
/// Runs of each large input (the slowest is shown).
const LARGE_RUNS: usize = 3;
/// What a large input must stay under.
const LARGE_LIMIT: Duration = Duration::from_secs(1);

#[derive(Debug, Serialize)]
pub struct ParseReport {
    pub rounds: u32,
    pub machine: Machine,
    pub inputs: Vec<InputReport>,
    /// Over all inputs and rounds, one thread.
    pub text_reports_per_second: f64,
    pub json_reports_per_second: f64,
    /// Text reading time over JSON reading time.
    pub text_over_json: f64,
    pub large: Vec<LargeReport>,
    /// The real-report corpus, or why it could not be read.
    #[serde(serialize_with = "corpus_json")]
    pub corpus: Result<CorpusReport, String>,
    /// Reports per second per core the corpus must be read at.
    pub floor: u32,
}

/// The corpus figures, or `{"error": …}`.
fn corpus_json<S: serde::Serializer>(
    c: &Result<CorpusReport, String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match c {
        Ok(c) => c.serialize(s),
        Err(e) => serde_json::json!({ "error": e }).serialize(s),
    }
}

#[derive(Debug, Serialize)]
pub struct InputReport {
    pub name: &'static str,
    pub description: &'static str,
    pub bytes: usize,
    /// `2019`, `2021`, `free-text`, or the read error.
    pub read_as: String,
    pub text_median_us: f64,
    pub json_bytes: usize,
    pub json_median_us: f64,
    pub text_over_json: f64,
}

#[derive(Debug, Serialize)]
pub struct LargeReport {
    pub name: &'static str,
    pub bytes: usize,
    pub read_as: String,
    /// The slowest of the runs (reading and checking).
    pub seconds: f64,
    pub under_one_second: bool,
}

pub fn run(args: ParseArgs) -> ExitCode {
    let dir = args.corpus.unwrap_or_else(parse_corpus::default_dir);
    let mut report = measure(args.rounds, !args.no_large, &dir);
    report.floor = args.floor;
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", text(&report));
    }
    let corpus_fast = report
        .corpus
        .as_ref()
        .is_ok_and(|c| c.text_reports_per_second >= f64::from(report.floor));
    if corpus_fast && report.large.iter().all(|l| l.under_one_second) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn read_as(bytes: &[u8], name: &str) -> String {
    match parse_bytes(name, bytes) {
        Ok(p) => p.layout.code().to_string(),
        Err(e) => format!("无法读取：{e}"),
    }
}

/// Reads the machine-readable form: JSON → `Value` → `AnnualReport` (for
/// a national format).
pub(super) fn read_json(json: &[u8]) -> Option<AnnualReport> {
    let v: serde_json::Value = serde_json::from_slice(json).ok()?;
    if v["table3"].is_null() {
        black_box(&v);
        return None;
    }
    AnnualReport::from_json(&v).ok()
}

fn median_us(times: &mut [Duration]) -> f64 {
    times.sort();
    times
        .get(times.len() / 2)
        .map_or(0.0, |d| d.as_secs_f64() * 1e6)
}

fn measure(rounds: u32, with_large: bool, corpus: &std::path::Path) -> ParseReport {
    // Untimed: what each input reads as, and its JSON.
    let jsons: Vec<Vec<u8>> = INPUTS
        .iter()
        .map(|(name, _, bytes)| match parse_bytes(name, bytes) {
            Ok(p) => {
                let checked: Vec<CheckedReport> = check_all(vec![p]);
                serde_json::to_vec(&checked[0].to_json()).unwrap_or_default()
            }
            Err(_) => b"null".to_vec(),
        })
        .collect();
    // Warm-up.
    for ((name, _, bytes), json) in INPUTS.iter().zip(&jsons) {
        black_box(parse_bytes(name, bytes).ok());
        black_box(read_json(json));
    }
    let mut text_times: Vec<Vec<Duration>> = vec![Vec::new(); INPUTS.len()];
    let mut json_times: Vec<Vec<Duration>> = vec![Vec::new(); INPUTS.len()];
    for _ in 0..rounds {
        for (i, ((name, _, bytes), json)) in INPUTS.iter().zip(&jsons).enumerate() {
            let started = Instant::now();
            let parsed = parse_bytes(name, bytes);
            text_times[i].push(started.elapsed());
            black_box(parsed.ok());
            let started = Instant::now();
            let read = read_json(json);
            json_times[i].push(started.elapsed());
            black_box(read);
        }
    }
    let total =
        |t: &[Vec<Duration>]| -> f64 { t.iter().flatten().map(Duration::as_secs_f64).sum() };
    let calls = (INPUTS.len() * rounds as usize) as f64;
    let (text_total, json_total) = (total(&text_times), total(&json_times));
    let inputs = INPUTS
        .iter()
        .zip(&jsons)
        .zip(text_times.iter_mut().zip(json_times.iter_mut()))
        .map(|(((name, description, bytes), json), (tt, jt))| {
            let (t, j) = (median_us(tt), median_us(jt));
            InputReport {
                name,
                description,
                bytes: bytes.len(),
                read_as: read_as(bytes, name),
                text_median_us: t,
                json_bytes: json.len(),
                json_median_us: j,
                text_over_json: t / j.max(1e-9),
            }
        })
        .collect();
    let large = if with_large {
        gongkai_parse::samples::large_inputs(LARGE)
    } else {
        Vec::new()
    };
    let large = large
        .into_iter()
        .map(|(name, bytes)| {
            let mut slowest = Duration::ZERO;
            let mut outcome = String::new();
            for _ in 0..LARGE_RUNS {
                let started = Instant::now();
                outcome = match parse_bytes(name, &bytes) {
                    Ok(p) => {
                        let layout: Layout = p.layout;
                        black_box(check_all(vec![p]));
                        layout.code().to_string()
                    }
                    Err(e) => format!("无法读取：{e}"),
                };
                slowest = slowest.max(started.elapsed());
            }
            LargeReport {
                name,
                bytes: bytes.len(),
                read_as: outcome,
                seconds: slowest.as_secs_f64(),
                under_one_second: slowest < LARGE_LIMIT,
            }
        })
        .collect();
    ParseReport {
        rounds,
        machine: machine(),
        inputs,
        text_reports_per_second: calls / text_total.max(1e-9),
        json_reports_per_second: calls / json_total.max(1e-9),
        text_over_json: text_total / json_total.max(1e-9),
        large,
        corpus: parse_corpus::measure(corpus, rounds),
        floor: 0,
    }
}

// ---------------------------------------------------------------------------
// Text output

fn corpus_text(c: &Result<CorpusReport, String>, floor: u32) -> String {
    match c {
        Err(e) => format!("真实报告语料：未测（{e}）。✗\n\n"),
        Ok(c) => format!(
            "真实报告语料（{}）：{} 份报告，共 {} 字节；每核每秒读取文本 {} 份（要求不少于 {} 份{}），JSON {} 份，{:.1} 倍；最慢的一份 {}（中位数 {} µs）。\n\n",
            c.dir,
            c.reports,
            thousands(c.bytes as u64),
            thousands(c.text_reports_per_second.round() as u64),
            floor,
            if c.text_reports_per_second >= f64::from(floor) {
                "，达到"
            } else {
                "，未达到 ✗"
            },
            thousands(c.json_reports_per_second.round() as u64),
            c.text_over_json,
            c.slowest,
            us(c.slowest_median_us),
        ),
    }
}

fn us(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        thousands(v.round() as u64)
    }
}

fn text(r: &ParseReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "年度报告读取性能：{} 份报告，计时 {} 轮，单线程\n",
        r.inputs.len(),
        r.rounds
    );
    let rows: Vec<Vec<String>> = r
        .inputs
        .iter()
        .map(|i| {
            vec![
                i.name.to_string(),
                i.description.to_string(),
                thousands(i.bytes as u64),
                i.read_as.clone(),
                us(i.text_median_us),
                thousands(i.json_bytes as u64),
                us(i.json_median_us),
                format!("{:.1}×", i.text_over_json),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "文件",
            "内容",
            "字节",
            "读作",
            "读取文本（µs）",
            "JSON 字节",
            "读取 JSON（µs）",
            "文本/JSON",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    ));
    let _ = writeln!(
        out,
        "\n每核每秒读取：文本 {} 份，JSON {} 份；读取发布的文本所需时间是读取机器可读 JSON 的 {:.1} 倍。\n",
        thousands(r.text_reports_per_second.round() as u64),
        thousands(r.json_reports_per_second.round() as u64),
        r.text_over_json
    );
    out.push_str(&corpus_text(&r.corpus, r.floor));
    let rows: Vec<Vec<String>> = r
        .large
        .iter()
        .map(|l| {
            vec![
                l.name.to_string(),
                format!("{:.1} MB", l.bytes as f64 / 1_048_576.0),
                l.read_as.clone(),
                format!("{:.3}", l.seconds),
                if l.under_one_second { "是" } else { "否 ✗" }.to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str("大输入：未测（--no-large）。\n");
    } else {
        out.push_str(&table(
            &["大输入", "大小", "读作", "最慢（秒）", "< 1 秒"],
            &[
                Align::Left,
                Align::Right,
                Align::Left,
                Align::Right,
                Align::Left,
            ],
            &rows,
        ));
    }
    let _ = writeln!(out, "\n说明：");
    let notes = [
        "读取文本：gongkai_parse::parse_bytes（判断文件类型、解码、读出表格和数字，不含规则校验）；每份报告每轮计时一次，表中为中位数。".to_string(),
        "对照：同一份报告由 `gongkai report check --json` 输出的 JSON（事先序列化，不计时），用 serde_json 读成 Value，属于全国统一格式的再读成 AnnualReport（AnnualReport::from_json）。".to_string(),
        format!(
            "每核每秒读取：{} 轮 × {} 份报告的总次数除以总耗时，单线程；另有 1 轮预热不计时。",
            r.rounds,
            r.inputs.len()
        ),
        format!(
            "大输入：每个约 10 MB，读取并校验 {LARGE_RUNS} 次，取最慢一次；应在 1 秒以内。"
        ),
    ];
    for n in notes {
        let _ = writeln!(out, "- {n}");
    }
    let m = &r.machine;
    let _ = writeln!(
        out,
        "\n测试机器：{} 个处理器（nproc），{}，内存 {:.1} GiB；{}。",
        m.cpus,
        m.cpu_model,
        m.memory_bytes as f64 / (1u64 << 30) as f64,
        m.os
    );
    out
}
