//! The worked examples of requests.md ("Counting convention"), and the calendar
//! rules around them. Every expected date below was counted by hand from the
//! vendored notices (the comment under each test shows the count); none was
//! copied from program output.
//!
//! Convention: the start day is day 0, day 1 is the next working day, and the
//! deadline is the Nth working day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gongkai_domain::calendar::{
    Calendar, CalendarYear, Count, DayOverride, DayReason, TraceStatus,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn due(from: &str, n: u32) -> NaiveDate {
    Calendar::vendored()
        .add_working_days(d(from), n)
        .unwrap()
        .due
}

fn count(from: &str, n: u32) -> Count {
    Calendar::vendored().add_working_days(d(from), n).unwrap()
}

fn status_on(c: &Count, date: &str) -> TraceStatus {
    c.trace
        .iter()
        .find(|t| t.date == d(date))
        .unwrap_or_else(|| panic!("{date} not in trace"))
        .status
        .clone()
}

// ---------------------------------------------------------------------------
// The nine rows of the worked-example table.
// ---------------------------------------------------------------------------

/// Art. 30: correction notice within 7 working days.
/// 2025-01-20 (Mon): 21, 22, 23, 24 (1-4); 25 Sat skipped; 26 Sun 春节调休上班 (5);
/// 27 (6); 28 Jan – 4 Feb 春节 off; 5 Feb (7).
#[test]
fn art30_worked_example_2025_01_20_plus_7_is_2025_02_05() {
    let c = count("2025-01-20", 7);
    assert_eq!(c.due, d("2025-02-05"));
    assert!(!c.provisional);
    assert!(matches!(
        status_on(&c, "2025-01-26"),
        TraceStatus::Counted {
            n: 5,
            reason: DayReason::MakeUpWorkday { .. }
        }
    ));
    assert_eq!(
        status_on(&c, "2025-01-28"),
        TraceStatus::Skipped {
            reason: DayReason::Holiday {
                name: "春节".into()
            }
        }
    );
    assert_eq!(
        status_on(&c, "2025-01-25"),
        TraceStatus::Skipped {
            reason: DayReason::Weekend
        }
    );
}

/// Art. 33: reply within 20 working days.
/// … 5 Feb (7), 6 (8), 7 (9), 8 Sat 春节调休上班 (10), 10-14 (11-15), 17-21 (16-20).
#[test]
fn art33_worked_example_2025_01_20_plus_20_is_2025_02_21() {
    let c = count("2025-01-20", 20);
    assert_eq!(c.due, d("2025-02-21"));
    assert!(matches!(
        status_on(&c, "2025-02-08"),
        TraceStatus::Counted { n: 10, .. }
    ));
}

/// Art. 33 across National Day 2024.
/// 2024-09-25 (Wed): 26, 27 (1-2); 28 Sat skipped; 29 Sun 调休上班 (3); 30 (4);
/// Oct 1-7 off; 8-11 (5-8); 12 Sat 调休上班 (9); 14-18 (10-14); 21-25 (15-19); 28 (20).
#[test]
fn art33_worked_example_2024_09_25_plus_20_is_2024_10_28() {
    assert_eq!(due("2024-09-25", 20), d("2024-10-28"));
}

/// Art. 33 reply plus the longest extension (20 + 20).
/// From 28 Oct (20): 29, 30, 31, Nov 1 (21-24); 4-8 (25-29); 11-15 (30-34);
/// 18-22 (35-39); 25 (40).
#[test]
fn art33_extension_worked_example_2024_09_25_plus_40_is_2024_11_25() {
    assert_eq!(due("2024-09-25", 40), d("2024-11-25"));
}

/// Art. 33 across New Year 2024 (the period spans two notice years).
/// 2023-12-28 (Thu): 29 (1); 30-31 weekend; Jan 1 元旦 off; Jan 2-5 (2-5); 8-12 (6-10);
/// 15-19 (11-15); 22-26 (16-20).
#[test]
fn art33_worked_example_2023_12_28_plus_20_is_2024_01_26() {
    let c = count("2023-12-28", 20);
    assert_eq!(c.due, d("2024-01-26"));
    assert_eq!(
        status_on(&c, "2024-01-01"),
        TraceStatus::Skipped {
            reason: DayReason::Holiday {
                name: "元旦".into()
            }
        }
    );
}

/// Art. 33 across Spring Festival 2026.
/// 2026-02-10 (Tue): 11, 12, 13 (1-3); 14 Sat 调休上班 (4); 15-23 off; 24-27 (5-8);
/// 28 Sat 调休上班 (9); Mar 2-6 (10-14); 9-13 (15-19); 16 (20).
#[test]
fn art33_worked_example_2026_02_10_plus_20_is_2026_03_16() {
    assert_eq!(due("2026-02-10", 20), d("2026-03-16"));
}

/// Art. 32 consultation period of 15 working days across 中秋节 and 国庆节 2026.
/// 2026-09-18 (Fri): 19 Sat skipped; 20 Sun 调休上班 (1); 21-24 (2-5); 25-27 中秋节 off;
/// 28, 29, 30 (6-8); Oct 1-7 off; 8, 9 (9-10); 10 Sat 调休上班 (11); 12-15 (12-15).
#[test]
fn art32_consultation_worked_example_2026_09_18_plus_15_is_2026_10_15() {
    let c = count("2026-09-18", 15);
    assert_eq!(c.due, d("2026-10-15"));
    assert_eq!(
        status_on(&c, "2026-09-25"),
        TraceStatus::Skipped {
            reason: DayReason::Holiday {
                name: "中秋节".into()
            }
        }
    );
}

/// Art. 33 across Spring Festival 2021.
/// 2021-01-29 (Fri): Feb 1-5 (1-5); 7 Sun 调休上班 (6); 8, 9, 10 (7-9); 11-17 off;
/// 18, 19 (10-11); 20 Sat 调休上班 (12); 22-26 (13-17); Mar 1, 2, 3 (18-20).
#[test]
fn art33_worked_example_2021_01_29_plus_20_is_2021_03_03() {
    assert_eq!(due("2021-01-29", 20), d("2021-03-03"));
}

/// Art. 33 across New Year and the extended Spring Festival 2020 (the extension
/// notice of 2020-01-27 made Jan 31 – Feb 2 off and cancelled the Feb 1 make-up
/// day). 2019-12-27 (Fri): Dec 30, 31 (1-2); Jan 1 off; 2, 3 (3-4); 6-10 (5-9);
/// 13-17 (10-14); 19 Sun 调休上班 (15); 20-23 (16-19); Jan 24 – Feb 2 off; Feb 3 (20).
#[test]
fn art33_worked_example_2019_12_27_plus_20_is_2020_02_03_with_extension() {
    let c = count("2019-12-27", 20);
    assert_eq!(c.due, d("2020-02-03"));
    // Friday 2020-01-31 was a working day until the extension notice.
    assert!(matches!(
        status_on(&c, "2020-01-31"),
        TraceStatus::Skipped { .. }
    ));
}

#[test]
fn worked_examples_agree_with_working_days_between() {
    let cal = Calendar::vendored();
    for (from, n, to) in [
        ("2025-01-20", 7, "2025-02-05"),
        ("2025-01-20", 20, "2025-02-21"),
        ("2024-09-25", 20, "2024-10-28"),
        ("2024-09-25", 40, "2024-11-25"),
        ("2023-12-28", 20, "2024-01-26"),
        ("2026-02-10", 20, "2026-03-16"),
        ("2026-09-18", 15, "2026-10-15"),
        ("2021-01-29", 20, "2021-03-03"),
        ("2019-12-27", 20, "2020-02-03"),
    ] {
        assert_eq!(
            cal.working_days_between(d(from), d(to)),
            n,
            "{from} .. {to}"
        );
    }
}

// ---------------------------------------------------------------------------
// Provisional years, administrator years and overrides.
// ---------------------------------------------------------------------------

/// Provisional: 2027 has no published notice in the vendored data; 2025 has.
#[test]
fn provisional_when_the_year_is_unpublished_2027_but_not_2025() {
    let cal = Calendar::vendored();
    assert!(!cal.is_published(2027));
    assert!(cal.is_published(2025));
    assert!(cal.day(d("2027-03-03")).provisional);
    assert!(!cal.day(d("2025-03-05")).provisional);
    // 2027-03-01 (Mon) + 5; no statutory holiday in March: 2, 3, 4, 5, 8.
    let c = cal.add_working_days(d("2027-03-01"), 5).unwrap();
    assert_eq!(c.due, d("2027-03-08"));
    assert!(c.provisional);
    assert_eq!(c.provisional_years(), vec![2027]);
    assert!(c.summary_zh().contains("2027年放假安排尚未公布"));
    assert!(
        c.summary_zh()
            .contains("暂按《全国年节及纪念日放假办法》第二条、第六条确定节假日和补假"),
        "{}",
        c.summary_zh()
    );
    assert!(
        !cal.add_working_days(d("2025-03-03"), 5)
            .unwrap()
            .provisional
    );
    // A count that only crosses into 2027 is provisional too.
    assert!(
        cal.add_working_days(d("2026-12-21"), 20)
            .unwrap()
            .provisional
    );
}

/// 2027 has no notice: 《全国年节及纪念日放假办法》 (2024) applies, provisionally.
/// 2027-01-20 (Wed) + 20: Jan 21, 22 (1-2); 25-29 (3-7); Feb 1-4 (8-11);
/// Feb 5 Fri 除夕, 6 Sat 初一, 7 Sun 初二, 8 Mon 初三 (Art. 2); Feb 9 Tue and
/// Feb 10 Wed 补假 for 初一 and 初二 on the weekend (Art. 6); Feb 11, 12 (12-13);
/// 15-19 (14-18); 22, 23 (19-20). Due Tue 2027-02-23 (weekday rule: 02-17).
#[test]
fn spring_festival_2027_by_the_measures() {
    let c = count("2027-01-20", 20);
    assert_eq!(c.due, d("2027-02-23"));
    assert!(c.provisional);
    assert_eq!(c.provisional_years(), vec![2027]);
    // Weekends Jan 23, 24, 30, 31, Feb 13, 14, 20, 21 plus Feb 5-10.
    assert_eq!(c.skipped_days(), 14);
    for date in ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"] {
        assert!(
            matches!(
                status_on(&c, date),
                TraceStatus::Skipped { reason: DayReason::StatutoryHoliday { ref name, .. } }
                    if name == "春节"
            ),
            "{date}"
        );
    }
    assert!(matches!(
        status_on(&c, "2027-02-10"),
        TraceStatus::Skipped { reason: DayReason::SubstituteHoliday { ref name, .. } } if name == "春节"
    ));
    let lines = c.lines_zh();
    assert!(lines.contains(
        &"2027-02-09 周二 跳过：春节补假（依《全国年节及纪念日放假办法》第六条）（暂定：该年放假安排未公布）"
            .to_owned()
    ));
    assert!(lines.contains(&"2027-02-11 周四 第12个工作日（暂定：该年放假安排未公布）".to_owned()));
    assert_eq!(
        Calendar::vendored().working_days_between(d("2027-01-20"), d("2027-02-23")),
        20
    );
}

/// 劳动节 2027 falls on Sat 05-01 and Sun 05-02: 补假 Mon 05-03 and Tue 05-04.
/// 2027-04-30 (Fri) + 3: May 5, 6, 7. 国庆节 Fri 10-01 – Sun 10-03, 补假 Mon
/// 10-04 and Tue 10-05: 2027-09-30 (Thu) + 1 is Wed 10-06.
#[test]
fn substitute_days_of_2027_move_the_deadline() {
    assert_eq!(due("2027-04-30", 3), d("2027-05-07"));
    assert_eq!(due("2027-09-30", 1), d("2027-10-06"));
    // 元旦 Fri 2027-01-01: 2026-12-31 (Thu, published year) + 1 is Mon 01-04.
    let c = count("2026-12-31", 1);
    assert_eq!(c.due, d("2027-01-04"));
    assert!(c.provisional);
}

/// The measures are not applied before they took effect (2025) nor beyond the
/// lunar table (2100): 2006 has no notice and keeps the weekday rule, so
/// 2006-09-29 (Fri) + 1 is Mon 2006-10-02 although 国庆 was a holiday then too.
#[test]
fn years_the_2024_measures_do_not_govern_keep_the_weekday_rule() {
    let c = count("2006-09-29", 1);
    assert_eq!(c.due, d("2006-10-02"));
    assert!(c.provisional);
    assert!(
        c.summary_zh()
            .contains("2006年放假安排尚未公布，暂按周一至周五为工作日")
    );
}

/// An administrator enters the 2027 notice: no longer provisional, and its day
/// off moves the result.
#[test]
fn administrator_year_2027_is_published_and_its_off_day_moves_the_deadline() {
    let y2027 = CalendarYear {
        year: 2027,
        notices: vec!["https://www.gov.cn/example-2027".into()],
        off: vec![d("2027-03-03")],
        work: vec![],
        holiday_names: BTreeMap::from([(d("2027-03-03"), "测试假日".to_owned())]),
    };
    let cal = Calendar::vendored().with_year(y2027);
    assert!(cal.is_published(2027));
    assert!(cal.published_years().contains(&2027));
    // 2, (3 off), 4, 5, 8, 9.
    let c = cal.add_working_days(d("2027-03-01"), 5).unwrap();
    assert_eq!(c.due, d("2027-03-09"));
    assert!(!c.provisional);
    assert_eq!(
        cal.day(d("2027-03-03")).reason,
        DayReason::Holiday {
            name: "测试假日".into()
        }
    );
}

/// An administrator's year replaces the vendored one entirely.
#[test]
fn administrator_year_replaces_the_vendored_year() {
    let empty_2025 = CalendarYear {
        year: 2025,
        notices: vec!["replacement".into()],
        off: vec![],
        work: vec![],
        holiday_names: BTreeMap::new(),
    };
    let cal = Calendar::vendored().with_year(empty_2025);
    // Without Spring Festival: 21, 22, 23, 24, 27, 28, 29.
    assert_eq!(
        cal.add_working_days(d("2025-01-20"), 7).unwrap().due,
        d("2025-01-29")
    );
    assert_eq!(cal.year(2025).unwrap().notices, vec!["replacement"]);
}

/// A one-off change (like the 2020 extension) wins over the year's data.
#[test]
fn day_override_changes_the_deadline() {
    let off = DayOverride {
        date: d("2025-03-05"),
        working: false,
        name: "临时停止办公".into(),
        notice: "测试通知".into(),
        entered_at: None,
    };
    // 2025-03-03 + 20 is 2025-03-31 by the notice; with Mar 5 off it is Apr 1.
    assert_eq!(due("2025-03-03", 20), d("2025-03-31"));
    let cal = Calendar::vendored().with_override(off);
    let c = cal.add_working_days(d("2025-03-03"), 20).unwrap();
    assert_eq!(c.due, d("2025-04-01"));
    assert!(matches!(
        status_on(&c, "2025-03-05"),
        TraceStatus::Skipped {
            reason: DayReason::Override { .. }
        }
    ));
    // An override can also turn a listed holiday into a working day: 2025-01-28
    // (春节) becomes working, so 2025-01-20 + 7 is 21-24, 26, 27, 28.
    let cal = Calendar::vendored().with_override(DayOverride {
        date: d("2025-01-28"),
        working: true,
        name: "调整上班".into(),
        notice: "测试通知".into(),
        entered_at: None,
    });
    assert_eq!(
        cal.add_working_days(d("2025-01-20"), 7).unwrap().due,
        d("2025-01-28")
    );
}

/// A date listed in the neighbouring year's notice is honoured: the 2007 notice
/// makes Saturday 2006-12-30 a working day although 2006 is not published.
#[test]
fn neighbouring_year_make_up_day_2006_12_30_is_working() {
    let cal = Calendar::vendored();
    assert!(!cal.is_published(2006));
    let day = cal.day(d("2006-12-30"));
    assert!(day.working);
    assert_eq!(
        day.reason,
        DayReason::MakeUpWorkday {
            name: "元旦".into()
        }
    );
    assert!(!day.provisional, "listed by a published notice");
    // An unlisted 2006 weekend stays provisional and off.
    let sat = cal.day(d("2006-12-23"));
    assert!(!sat.working && sat.provisional);
    // 2006-12-29 (Fri) + 1 is the next day, Saturday 2006-12-30.
    assert_eq!(due("2006-12-29", 1), d("2006-12-30"));
}

/// The 2008 notice makes Monday 2007-12-31 off and Saturday 2007-12-29 working.
/// 2007-12-28 (Fri) + 2: 29 Sat (1); 30 Sun off; 31 Mon off; Jan 1 off; Jan 2 (2).
#[test]
fn neighbouring_year_off_day_2007_12_31_from_the_2008_notice() {
    assert_eq!(due("2007-12-28", 2), d("2008-01-02"));
    assert!(!Calendar::vendored().is_working(d("2007-12-31")));
}

// ---------------------------------------------------------------------------
// Rendering.
// ---------------------------------------------------------------------------

#[test]
fn trace_renders_one_chinese_line_per_day_and_a_summary() {
    let c = count("2025-01-20", 7);
    let lines = c.lines_zh();
    // Jan 21 .. Feb 5 = 16 days after day 0.
    assert_eq!(lines.len(), 16);
    assert_eq!(lines[0], "2025-01-21 周二 第1个工作日");
    assert_eq!(lines[4], "2025-01-25 周六 跳过：周末");
    assert_eq!(lines[5], "2025-01-26 周日 第5个工作日（春节调休上班）");
    assert_eq!(lines[7], "2025-01-28 周二 跳过：春节");
    assert_eq!(lines[15], "2025-02-05 周三 第7个工作日");
    let summary = c.summary_zh();
    assert!(
        summary.contains("第7个工作日为2025-02-05（周三）"),
        "{summary}"
    );
    assert!(summary.contains("跳过非工作日9天"), "{summary}");
    assert!(c.render_zh().ends_with(&summary));
}

#[test]
fn zero_days_is_the_start_day() {
    let c = count("2025-01-25", 0);
    assert_eq!(c.due, d("2025-01-25"));
    assert!(c.trace.is_empty());
}
