//! The `gongkai` command, run as a process.

use std::process::Command;

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env(
            "GONGKAI_DATA_DIR",
            std::env::temp_dir().join("gongkai-cli-test-none"),
        )
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("run gongkai")
}

fn due(received: &str, days: &str) -> serde_json::Value {
    let out = gongkai(&["deadline", "--received", received, "--days", days, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Every worked example of requests.md ("Reply deadline (Art. 33)"): receipt day
/// is day 0 and the deadline is the Nth official working day.
#[test]
fn deadline_reproduces_every_worked_example_of_article_33() {
    let examples = [
        ("2025-01-20", "7", "2025-02-05"),
        ("2025-01-20", "20", "2025-02-21"),
        ("2024-09-25", "20", "2024-10-28"),
        ("2024-09-25", "40", "2024-11-25"),
        ("2023-12-28", "20", "2024-01-26"),
        ("2026-02-10", "20", "2026-03-16"),
        ("2026-09-18", "15", "2026-10-15"),
        ("2021-01-29", "20", "2021-03-03"),
        ("2019-12-27", "20", "2020-02-03"),
    ];
    for (received, days, expected) in examples {
        let v = due(received, days);
        assert_eq!(v["due"], expected, "{received} + {days} working days");
        assert_eq!(
            v["provisional"], false,
            "{received}: every year involved has a notice"
        );
        // The plain output leads with the same date.
        let out = gongkai(&["deadline", "--received", received, "--days", days]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(expected), "{text}");
    }
}

#[test]
fn deadline_in_2027_is_provisional() {
    let v = due("2026-12-20", "20");
    assert_eq!(v["provisional"], true, "2027 has no published notice");
    let v = due("2027-03-01", "5");
    assert_eq!(v["due"], "2027-03-08", "plain weekends are still counted");
    assert_eq!(v["provisional"], true);
    let out = gongkai(&["deadline", "--received", "2027-03-01", "--days", "5"]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("暂定"));
}

#[test]
fn deadline_explain_names_the_skipped_holidays() {
    let out = gongkai(&[
        "deadline",
        "--received",
        "2025-01-20",
        "--days",
        "7",
        "--explain",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("春节"),
        "the Spring Festival days are named: {text}"
    );
    assert!(
        text.contains("2025-01-26"),
        "the make-up Sunday is listed: {text}"
    );
    assert!(text.contains("2025-02-05"));
}

#[test]
fn a_bad_date_exits_2_with_a_clear_message() {
    for bad in ["2025-02-30", "20250120", "yesterday"] {
        let out = gongkai(&["deadline", "--received", bad, "--days", "20"]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("YYYY-MM-DD") && err.contains(bad), "{err}");
    }
}

/// The README's run command: `gongkai serve --demo` fills an empty database,
/// prints a browser-ready URL and the demo accounts, and serves the demo.
#[tokio::test]
async fn serve_demo_prints_the_url_and_serves_the_demo() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--demo", "--port", "0", "--data-dir"])
        .arg(dir.path())
        .env_remove("GONGKAI_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split("：")
        .nth(1)
        .expect("a URL on the first line")
        .trim()
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    let rest: Vec<String> = lines.by_ref().take(8).map(|l| l.unwrap()).collect();
    assert!(
        rest.iter().any(|l| l.contains("clerk"))
            && rest
                .iter()
                .any(|l| l.contains(gongkai_app::demo::DEMO_PASSWORD))
    );
    let health: serde_json::Value = reqwest::get(format!("{url}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let catalogue = reqwest::get(format!("{url}/agencies/119901219482199390/catalogue"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The demo is dated relative to the day it is seeded: last year's
    // items are all published.
    let last_year = chrono::Datelike::year(&gongkai_app::clock::Clock::system().today()) - 1;
    assert!(
        catalogue.contains(&format!("119901219482199390/{last_year}-00001")),
        "the demo has published items"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        dir.path().join("gongkai.db").exists(),
        "one SQLite file under the data directory"
    );
}
