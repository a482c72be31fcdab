//! `gongkai report score`, run as a process on the real-report corpus
//! (`crates/parse/tests/reports`, annotated by hand): every annotation is
//! well-formed, every stated cell is scored, and — the goal of the reader —
//! no cell is read as a value other than the one the report states.

use std::process::Command;

use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../parse/tests/reports");

/// The `--json` figures and the exit code.
fn score() -> (Value, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["report", "score", CORPUS, "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "the corpus must be readable: {stderr}");
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        out.status.code(),
    )
}

#[test]
fn the_corpus_is_scored_cell_by_cell() {
    let (v, code) = score();
    let reports = v["reports"].as_array().unwrap();
    assert!(reports.len() >= 40, "{} reports", reports.len());
    let total = &v["total"];
    let n = |k: &str| total[k].as_u64().unwrap();
    // Each stated cell lands in exactly one of the four outcomes.
    assert_eq!(
        n("right") + n("missing") + n("ambiguous") + n("wrong"),
        n("stated")
    );
    // Summed by hand from the cells.toml files: 001–021 give 37+8+9+20+36+18+57+6+6+30
    // +50+92+1+9+10+9+8+22+10+7+9 = 454; 022–040 give 179+182+198+200+198+198+197
    // +198+29+7+78+29+9+59+5+31+73+10+28 = 1908.
    assert_eq!(n("stated"), 454 + 1908);
    assert_eq!(code, Some(if n("wrong") > 0 { 1 } else { 0 }));
    println!(
        "report corpus: {} of {} stated cells right ({}%), {} missing, {} ambiguous, {} wrong",
        n("right"),
        n("stated"),
        total["share_right"],
        n("missing"),
        n("ambiguous"),
        n("wrong")
    );
}

#[test]
fn no_stated_cell_is_read_wrong() {
    let (v, code) = score();
    let wrong: Vec<&Value> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["wrong_cells"].as_array().unwrap().iter())
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(code, Some(0));
}
