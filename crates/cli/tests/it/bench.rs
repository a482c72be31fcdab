//! `gongkai bench search`, run as a process on a small corpus: gongkai finds
//! every planted target and puts identifiers first; the alternatives miss
//! what their matching cannot see.

use std::process::Command;

use serde_json::Value;

use crate::helpers::unavailable;

fn engine<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["engines"]
        .as_array()
        .expect("engines")
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no engine {name} in {report}"))
}

/// (category, text, found, planted, first_ok) of each query.
fn queries(engine: &Value) -> Vec<(String, String, u64, u64, Option<bool>)> {
    engine["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| {
            (
                q["category"].as_str().unwrap().to_string(),
                q["text"].as_str().unwrap().to_string(),
                q["found"].as_u64().unwrap(),
                q["planted"].as_u64().unwrap(),
                q["first_ok"].as_bool(),
            )
        })
        .collect()
}

#[test]
fn bench_search_compares_the_engines_on_the_planted_queries() {
    let postgres = std::env::var("GONGKAI_TEST_DATABASE_URL").ok();
    if postgres.is_none() {
        // Fails when every dependency is required; otherwise the run goes
        // on without PostgreSQL.
        let _: Option<()> = unavailable("PostgreSQL (GONGKAI_TEST_DATABASE_URL)");
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.args([
        "bench", "search", "--items", "3000", "--rounds", "1", "--json",
    ])
    .env_remove("GONGKAI_BENCH_DATABASE_URL");
    if let Some(url) = &postgres {
        cmd.args(["--postgres", url]);
    }
    let out = cmd.output().expect("run gongkai");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["items"], 3000);
    assert_eq!(report["rounds"], 1);
    assert!(report["machine"]["cpus"].as_u64().unwrap() >= 1);

    // gongkai: every planted target, identifiers first.
    let g = engine(&report, "gongkai");
    assert_eq!(g["available"], true);
    assert_eq!(g["recall"], 1.0, "{g}");
    assert_eq!(g["found"], g["planted"]);
    assert!(g["planted"].as_u64().unwrap() >= 60);
    assert_eq!(g["first_rank_total"], 7, "5 文号 and 2 索引号");
    assert_eq!(g["first_rank_ok"], 7, "{g}");
    let gq = queries(g);
    assert_eq!(gq.len(), 24);
    for (category, text, found, planted, first_ok) in &gq {
        assert_eq!(found, planted, "gongkai {category} {text}");
        assert_ne!(*first_ok, Some(false), "gongkai {category} {text}");
    }
    // No query may fail (a highlighter panic once did, on 電動自行車 充電).
    assert_eq!(g["errors"], 0, "{}", g["first_error"]);
    assert!(g["build_seconds"].as_f64().unwrap() > 0.0);
    assert!(g["p99_ms"].as_f64().unwrap() >= g["p50_ms"].as_f64().unwrap());
    assert_eq!(engine(&report, "sqlite_fts5")["errors"], 0);

    // SQLite FTS5 (trigram) matches exact substrings: a term of 3+
    // characters through the index, a shorter one through LIKE. So it finds
    // what is written exactly as typed, and nothing typed in the other
    // script, the other width, or another bracket style.
    let s = engine(&report, "sqlite_fts5");
    assert_eq!(s["available"], true);
    let sq = queries(s);
    assert_eq!(sq.len(), gq.len());
    for (category, text, found, planted, first_ok) in &sq {
        let what = format!("SQLite {category} {text}: {found}/{planted}");
        match category.as_str() {
            // Written exactly as typed (two-character words by LIKE).
            "两字词" | "常见词" | "多词" | "短语" => assert_eq!(found, planted, "{what}"),
            // 電 is not 电, 養 is not 养, ２ is not 2.
            "繁→简" | "简→繁" | "全角/半角" => assert_eq!(*found, 0, "{what}"),
            // Only the 文号 typed with the brackets it was published with.
            "文号" if text.contains('〔') => assert_eq!(*first_ok, Some(true), "{what}"),
            "文号" => assert_eq!(*found, 0, "{what}"),
            "索引号" => assert_eq!(*first_ok, Some(true), "{what}"),
            other => panic!("unknown category {other}"),
        }
    }
    assert!(s["recall"].as_f64().unwrap() < 1.0);
    assert_eq!(s["first_rank_ok"], 3, "one 文号 style and two 索引号");

    // PostgreSQL with bigrams: width is folded and punctuation (the 文号's
    // brackets) separates terms, but 電 stays 電.
    let p = engine(&report, "postgresql");
    if postgres.is_none() {
        assert_eq!(p["available"], false);
        return;
    }
    assert_eq!(p["available"], true, "{p}");
    for (category, text, found, planted, first_ok) in queries(p) {
        let what = format!("PostgreSQL {category} {text}: {found}/{planted}");
        match category.as_str() {
            "繁→简" | "简→繁" => assert_eq!(found, 0, "{what}"),
            "文号" | "索引号" => assert_eq!(first_ok, Some(true), "{what}"),
            _ => assert_eq!(found, planted, "{what}"),
        }
    }
}

/// `gongkai bench parse` on the compiled-in reports (without the 10 MB
/// inputs, which take seconds each in a debug build): every report is read
/// as what it is, and both readings are timed; the real-report corpus is
/// read too (with no floor: a debug build says nothing of speed).
#[test]
fn bench_parse_reads_every_report_and_times_both_readings() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "bench",
            "parse",
            "--rounds",
            "2",
            "--no-large",
            "--json",
            "--floor",
            "0",
        ])
        .output()
        .expect("run gongkai");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let inputs = report["inputs"].as_array().expect("inputs");
    let read_as = |name: &str| {
        inputs
            .iter()
            .find(|i| i["name"] == name)
            .unwrap_or_else(|| panic!("no input {name}"))["read_as"]
            .clone()
    };
    assert_eq!(read_as("000_a83da41d4916728f.txt"), "2019");
    assert_eq!(read_as("003_5897f5cf55adee41.txt"), "free-text");
    assert_eq!(read_as("004_65091cc48e348f9d.txt"), "free-text");
    for generated in [
        "generated_2021.html",
        "generated_2021_cells.txt",
        "generated_2021.docx",
    ] {
        assert_eq!(read_as(generated), "2021", "{generated}");
    }
    for i in inputs {
        assert!(i["text_median_us"].as_f64().unwrap() > 0.0, "{i}");
        assert!(i["json_median_us"].as_f64().unwrap() > 0.0, "{i}");
    }
    assert!(report["text_reports_per_second"].as_f64().unwrap() > 0.0);
    assert!(report["text_over_json"].as_f64().unwrap() > 0.0);
    assert_eq!(report["large"], serde_json::json!([]));
    let corpus = &report["corpus"];
    // 21 reports were annotated when this test was written; the corpus only grows.
    assert!(corpus["reports"].as_u64().unwrap() >= 21, "{corpus}");
    assert!(
        corpus["text_reports_per_second"].as_f64().unwrap() > 0.0,
        "{corpus}"
    );
}

/// A floor the corpus cannot reach makes the command fail (the benchmark is
/// also a gate), and a directory without reports is named, not a panic.
#[test]
fn bench_parse_fails_below_its_floor_and_names_a_missing_corpus() {
    let run = |extra: &[&str]| {
        let mut args = vec!["bench", "parse", "--rounds", "1", "--no-large"];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(args)
            .output()
            .expect("run gongkai")
    };
    let out = run(&["--floor", "4000000000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("未达到"));
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["--floor", "0", "--corpus", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("没有报告"));
}

/// `gongkai bench province` on a small province: every page is measured on
/// a server process of its own, the references are beside the pages they
/// count, and the concurrent load answered every request.
#[test]
fn bench_province_measures_every_page_on_a_server_of_its_own() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "bench",
            "province",
            "--agencies",
            "40",
            "--cases",
            "1000",
            "--items",
            "100",
            "--runs",
            "5",
            "--load-seconds",
            "1",
            "--json",
        ])
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("gongkai runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (r["agencies"].as_u64(), r["cases"].as_u64()),
        (Some(40), Some(1000))
    );
    assert_eq!(r["backend"], "sqlite");
    let names: Vec<&str> = r["measures"]
        .as_array()
        .expect("measures")
        .iter()
        .map(|m| {
            assert!(m["p50_ms"].as_f64().unwrap() > 0.0, "{m}");
            assert!(
                m["p99_ms"].as_f64().unwrap() >= m["p50_ms"].as_f64().unwrap(),
                "{m}"
            );
            m["name"].as_str().unwrap()
        })
        .collect();
    // 8 pages (the console among them), the roll-up and the console after
    // a change, the catalogue, the attachment.
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(names.contains(&"附件下载（300 KB）"));
    assert!(names.contains(&"省政务公开办督查台（全省机关，按逾期排序）"));
    let with_reference = r["measures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["reference_ms"].as_f64().is_some())
        .count();
    assert_eq!(
        with_reference, 7,
        "county, province, two reports, roll-up after a change, the console twice"
    );
    // The server is a process of its own: its memory is reported apart.
    assert!(r["server_peak_rss_mb"].as_f64().unwrap() > 10.0);
    assert!(r["load"]["requests"].as_u64().unwrap() > 0);
}
