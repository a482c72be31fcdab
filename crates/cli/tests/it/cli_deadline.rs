//! `gongkai deadline` in a year without a holiday notice (2027): the statutory
//! holidays of 《全国年节及纪念日放假办法》 (2024) apply, provisionally.
//!
//! Hand count of 2027-01-20 (Wed) + 20 working days: Jan 21, 22 (1-2); 25-29
//! (3-7); Feb 1-4 (8-11); Feb 5 Fri 除夕, 6 Sat 初一, 7 Sun 初二, 8 Mon 初三
//! (Art. 2); Feb 9 Tue and 10 Wed 补假 for the two weekend days (Art. 6);
//! Feb 11, 12 (12-13); 15-19 (14-18); 22, 23 (19-20): due Tue 2027-02-23.
//! Skipped: weekends Jan 23, 24, 30, 31, Feb 13, 14, 20, 21 and Feb 5-10 = 14.

use std::process::Command;

use serde_json::Value;

fn gongkai(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env(
            "GONGKAI_DATA_DIR",
            std::env::temp_dir().join("gongkai-cli-test-none"),
        )
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .expect("run gongkai");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn dates_and_names(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|h| {
            (
                h["date"].as_str().unwrap().to_owned(),
                h["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(d, n)| ((*d).to_owned(), (*n).to_owned()))
        .collect()
}

#[test]
fn deadline_json_counts_the_2027_spring_festival_provisionally() {
    let out = gongkai(&[
        "deadline",
        "--received",
        "2027-01-20",
        "--days",
        "20",
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["due"], "2027-02-23");
    assert_eq!(v["provisional"], true);
    assert_eq!(v["provisional_years"], serde_json::json!([2027]));
    assert_eq!(v["skipped_days"], 14);
    assert_eq!(
        dates_and_names(&v["skipped_holidays"]),
        pairs(&[
            ("2027-02-05", "春节"),
            ("2027-02-06", "春节"),
            ("2027-02-07", "春节"),
            ("2027-02-08", "春节"),
            ("2027-02-09", "春节补假"),
            ("2027-02-10", "春节补假"),
        ])
    );
    let skipped = v["skipped_holidays"].as_array().unwrap();
    assert!(skipped.iter().all(|h| h["provisional"] == true));
    assert_eq!(skipped[0]["reason"]["kind"], "statutory_holiday");
    assert_eq!(
        skipped[0]["reason"]["basis"],
        "《全国年节及纪念日放假办法》第二条"
    );
    assert_eq!(skipped[4]["reason"]["kind"], "substitute_holiday");
    assert_eq!(
        skipped[4]["reason"]["basis"],
        "《全国年节及纪念日放假办法》第六条"
    );
    // Every statutory day of 2027, worked out by hand from Art. 2 and Art. 6:
    // 元旦 Fri; 劳动节 Sat-Sun → Mon-Tue; 国庆节 Fri-Sun → Mon-Tue.
    assert_eq!(
        dates_and_names(&v["provisional_holidays"]),
        pairs(&[
            ("2027-01-01", "元旦"),
            ("2027-02-05", "春节"),
            ("2027-02-06", "春节"),
            ("2027-02-07", "春节"),
            ("2027-02-08", "春节"),
            ("2027-02-09", "春节补假"),
            ("2027-02-10", "春节补假"),
            ("2027-04-05", "清明节"),
            ("2027-05-01", "劳动节"),
            ("2027-05-02", "劳动节"),
            ("2027-05-03", "劳动节补假"),
            ("2027-05-04", "劳动节补假"),
            ("2027-06-09", "端午节"),
            ("2027-09-15", "中秋节"),
            ("2027-10-01", "国庆节"),
            ("2027-10-02", "国庆节"),
            ("2027-10-03", "国庆节"),
            ("2027-10-04", "国庆节补假"),
            ("2027-10-05", "国庆节补假"),
        ])
    );
    let summary = v["summary"].as_str().unwrap();
    assert!(
        summary.contains("第20个工作日为2027-02-23（周二）"),
        "{summary}"
    );
    assert!(summary.contains("2027年放假安排尚未公布"), "{summary}");
    assert!(summary.contains("结果为暂定"), "{summary}");
}

#[test]
fn deadline_explain_names_the_statutory_holidays_as_provisional() {
    let out = gongkai(&[
        "deadline",
        "--received",
        "2027-01-20",
        "--days",
        "20",
        "--explain",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("2027-02-23（暂定"), "{text}");
    for line in [
        "2027-02-05 周五 跳过：春节（依《全国年节及纪念日放假办法》第二条）（暂定：该年放假安排未公布）",
        "2027-02-06 周六 跳过：春节（依《全国年节及纪念日放假办法》第二条）（暂定：该年放假安排未公布）",
        "2027-02-10 周三 跳过：春节补假（依《全国年节及纪念日放假办法》第六条）（暂定：该年放假安排未公布）",
        "2027-02-23 周二 第20个工作日（暂定：该年放假安排未公布）",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line}:\n{text}");
    }
    assert!(text.contains("2027-01-01（周五）元旦"), "{text}");
}

/// A year with a notice is unaffected: 2026-02-10 + 20 is 2026-03-16 (the
/// worked example), with no provisional holiday listed.
#[test]
fn deadline_in_a_published_year_lists_no_provisional_holiday() {
    let out = gongkai(&[
        "deadline",
        "--received",
        "2026-02-10",
        "--days",
        "20",
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["due"], "2026-03-16");
    assert_eq!(v["provisional"], false);
    assert_eq!(v["provisional_holidays"], serde_json::json!([]));
    let skipped = v["skipped_holidays"].as_array().unwrap();
    assert!(skipped.iter().all(|h| h["reason"]["kind"] == "holiday"));
    assert!(skipped.iter().all(|h| h["provisional"] == false));
}
