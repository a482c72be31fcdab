//! `gongkai bench parse`, the real-report corpus: every report of
//! `crates/parse/tests/reports/` (real reports as found, annotated for
//! `gongkai report score`) read on one thread, round after round, against
//! reading the same reports from their JSON — the figure the issue's
//! "500 reports per second per core" is about.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongkai_parse::{CheckedReport, check_all, parse_bytes};
use serde::Serialize;

use super::parse::read_json;

/// The corpus in the source tree (the benchmark is run from a checkout).
pub fn default_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../parse/tests/reports");
    // Shown in the output: the path without the `cli/..` detour.
    dir.canonicalize().unwrap_or(dir)
}

#[derive(Debug, Serialize)]
pub struct CorpusReport {
    pub dir: String,
    pub reports: usize,
    pub bytes: usize,
    pub rounds: u32,
    /// Over all reports and rounds, one thread.
    pub text_reports_per_second: f64,
    pub json_reports_per_second: f64,
    pub text_over_json: f64,
    /// The report slowest to read (median over the rounds) and its time.
    pub slowest: String,
    pub slowest_median_us: f64,
}

/// Each report directory's `source.*` file, in name order.
fn sources(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let listing =
        std::fs::read_dir(dir).map_err(|e| format!("无法读取目录 {}：{e}", dir.display()))?;
    let mut dirs: Vec<PathBuf> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let Ok(files) = std::fs::read_dir(&d) else {
            continue;
        };
        let source = files
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_stem().is_some_and(|s| s == "source"));
        if let Some(path) = source {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
            let name = d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, bytes));
        }
    }
    if out.is_empty() {
        return Err(format!(
            "目录 {} 中没有报告（每份报告一个子目录，内有 source.* 文件）",
            dir.display()
        ));
    }
    Ok(out)
}

pub fn measure(dir: &Path, rounds: u32) -> Result<CorpusReport, String> {
    let reports = sources(dir)?;
    let jsons: Vec<Vec<u8>> = reports
        .iter()
        .map(|(name, bytes)| match parse_bytes(name, bytes) {
            Ok(p) => {
                let checked: Vec<CheckedReport> = check_all(vec![p]);
                serde_json::to_vec(&checked[0].to_json()).unwrap_or_default()
            }
            Err(_) => b"null".to_vec(),
        })
        .collect();
    let mut text_times = vec![Vec::with_capacity(rounds as usize); reports.len()];
    let mut json_total = Duration::ZERO;
    // One untimed warm-up round, then the timed ones.
    for round in 0..=rounds {
        for (i, ((name, bytes), json)) in reports.iter().zip(&jsons).enumerate() {
            let started = Instant::now();
            black_box(parse_bytes(name, bytes).ok());
            let text = started.elapsed();
            let started = Instant::now();
            black_box(read_json(json));
            if round > 0 {
                text_times[i].push(text);
                json_total += started.elapsed();
            }
        }
    }
    let text_total: f64 = text_times.iter().flatten().map(Duration::as_secs_f64).sum();
    let calls = (reports.len() * rounds as usize) as f64;
    let (slowest, slowest_median_us) = reports
        .iter()
        .zip(text_times.iter_mut())
        .map(|((name, _), t)| {
            t.sort();
            (name.clone(), t[t.len() / 2].as_secs_f64() * 1e6)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or_default();
    let json_total = json_total.as_secs_f64();
    Ok(CorpusReport {
        dir: dir.display().to_string(),
        reports: reports.len(),
        bytes: reports.iter().map(|(_, b)| b.len()).sum(),
        rounds,
        text_reports_per_second: calls / text_total.max(1e-9),
        json_reports_per_second: calls / json_total.max(1e-9),
        text_over_json: text_total / json_total.max(1e-9),
        slowest,
        slowest_median_us,
    })
}
