//! Unit tests of the calendar: parsing, index, the lunar table and the
//! statutory holidays of unpublished years.

use super::count::weekdays_through;
use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn vendored_parses_and_has_2007_to_2026() {
    let cal = Calendar::vendored();
    let years = cal.published_years();
    assert_eq!(years.first(), Some(&2007));
    assert!(cal.is_published(2026));
    assert!(!cal.is_published(2006));
    for y in years {
        cal.year(y).unwrap().check().unwrap();
    }
}

#[test]
fn weekdays_through_counts_mondays_to_fridays() {
    // 2025-01-20 is a Monday: Mon..Sun adds 1,1,1,1,1,0,0.
    let base = weekdays_through(d("2025-01-19"));
    let got: Vec<i64> = (20..=26)
        .map(|day| weekdays_through(d(&format!("2025-01-{day}"))) - base)
        .collect();
    assert_eq!(got, vec![1, 2, 3, 4, 5, 5, 5]);
}

#[test]
fn listed_weekday_work_is_plain_weekday() {
    let cal = Calendar::vendored();
    let day = cal.day(d("2020-02-03"));
    assert!(day.working);
    assert_eq!(day.reason, DayReason::Weekday);
}

#[test]
fn later_notice_wins_for_shared_dates() {
    let y = |year: i32, off: Vec<NaiveDate>, work: Vec<NaiveDate>| CalendarYear {
        year,
        notices: vec!["n".into()],
        off,
        work,
        holiday_names: BTreeMap::new(),
    };
    let cal = Calendar::empty()
        .with_year(y(2031, vec![], vec![d("2030-12-28")]))
        .with_year(y(2030, vec![d("2030-12-28")], vec![]));
    assert!(cal.is_working(d("2030-12-28")));
}

#[test]
fn calendar_year_roundtrips_through_json() {
    let cal = Calendar::vendored();
    let y = cal.year(2025).unwrap().clone();
    let json = serde_json::to_string(&y).unwrap();
    let back: CalendarYear = serde_json::from_str(&json).unwrap();
    assert_eq!(back, y);
}

#[test]
fn check_rejects_date_both_off_and_work() {
    let y = CalendarYear {
        year: 2030,
        notices: vec!["x".into()],
        off: vec![d("2030-01-01")],
        work: vec![d("2030-01-01")],
        holiday_names: BTreeMap::new(),
    };
    assert!(y.check().is_err());
}

#[test]
fn out_of_range_is_an_error_not_a_panic() {
    let cal = Calendar::empty();
    let err = cal.add_working_days(NaiveDate::MAX, 1).unwrap_err();
    assert!(matches!(err, CalendarError::OutOfRange { .. }));
    assert!(err.to_string().contains("超出"));
    assert!(matches!(
        cal.add_working_days(d("2025-01-01"), MAX_WORKING_DAYS + 1),
        Err(CalendarError::TooManyDays { .. })
    ));
}

#[test]
fn endless_pause_hits_scan_limit() {
    let cal = Calendar::empty();
    let err = cal
        .add_working_days_pausing(d("2025-01-01"), 1, |_| Some("x".into()))
        .unwrap_err();
    assert!(matches!(err, CalendarError::ScanLimit { .. }));
}

// ---------------------------------------------------------------------------
// The lunar table (lunar.rs).
// ---------------------------------------------------------------------------

/// Each row is well formed and its months end the day before the next row's
/// 正月初一; the last row ends before 2101-01-29 (正月初一 of 2101 by the
/// 寿星 ephemeris and `lunar_python`, checked by hand).
#[test]
fn lunar_rows_chain_from_2000_to_2100() {
    for year in lunar::FIRST_YEAR..=lunar::LAST_YEAR {
        let row = lunar::row(year).unwrap();
        let expected_len = if row.leap_month == 0 { 12 } else { 13 };
        assert_eq!(row.months.len(), expected_len, "{year}");
        assert!(row.months.bytes().all(|b| b == b'0' || b == b'1'), "{year}");
        assert!(row.leap_month <= 12, "{year}");
        let start = lunar::new_year(year).unwrap();
        assert!(
            (d(&format!("{year}-01-21"))..=d(&format!("{year}-02-20"))).contains(&start),
            "{year}: 正月初一 {start} outside Jan 21 – Feb 20"
        );
        let length: u32 = lunar::month_lengths(row).iter().sum();
        let next = if year == lunar::LAST_YEAR {
            d("2101-01-29")
        } else {
            lunar::new_year(year + 1).unwrap()
        };
        assert_eq!(
            start + chrono::Days::new(u64::from(length)),
            next,
            "{year}: months do not reach the next 正月初一"
        );
    }
    assert!(lunar::new_year(1999).is_none() && lunar::new_year(2101).is_none());
}

/// 清明 against the 寿星 formula for the 21st century,
/// day = ⌊Y × 0.2422 + 4.81⌋ − ⌊Y / 4⌋ with Y = year − 2000, an independent
/// statement of the solar term; 2100 (outside the formula's century) is
/// 04-05 (the Sun reaches 15° at 00:36 Beijing time, PyEphem, checked by hand).
#[test]
fn qingming_matches_the_shouxing_formula() {
    for year in 2000..=2099 {
        let y = f64::from(year - 2000);
        let day = (y * 0.2422 + 4.81).floor() - (y / 4.0).floor();
        let expected = NaiveDate::from_ymd_opt(year, 4, day as u32).unwrap();
        assert_eq!(lunar::qingming(year), Some(expected), "{year}");
    }
    assert_eq!(lunar::qingming(2100), Some(d("2100-04-05")));
}

/// Dates checked by hand against `lunardate`, `zhdate` and `lunar_python`.
#[test]
fn lunar_dates_known_by_hand() {
    let cases = [
        // (year, lunar month, day, Gregorian)
        (2027, 1, 1, "2027-02-06"),
        (2027, 5, 5, "2027-06-09"),
        (2027, 8, 15, "2027-09-15"),
        (2028, 1, 1, "2028-01-26"),
        // 2028 has a leap fifth month (闰五月): 端午 precedes it, 中秋 follows.
        (2028, 5, 5, "2028-05-28"),
        (2028, 8, 15, "2028-10-03"),
        (2100, 5, 5, "2100-06-12"),
        (2100, 8, 15, "2100-09-18"),
    ];
    for (year, month, day, expected) in cases {
        assert_eq!(
            lunar::to_solar(year, month, day),
            Some(d(expected)),
            "{year} {month}/{day}"
        );
    }
    assert_eq!(lunar::qingming(2027), Some(d("2027-04-05")));
    assert_eq!(lunar::qingming(2028), Some(d("2028-04-04")));
    // No 13th month, no day 31, no 30th day of a short month (2027 三月 has 29).
    assert_eq!(lunar::to_solar(2027, 13, 1), None);
    assert_eq!(lunar::to_solar(2027, 1, 31), None);
    assert_eq!(lunar::to_solar(2027, 3, 30), None);
    assert_eq!(lunar::to_solar(2027, 3, 29), Some(d("2027-05-05")));
}

/// Every vendored notice from 2008 (the first year with 清明, 端午 and 中秋
/// holidays) on gives the computed 正月初一至初三, 清明, 端午 and 中秋 off,
/// and 除夕 too except in 2014 (春节 1月31日至2月6日) and 2024 (2月10日至17日,
/// 除夕 only “鼓励” as a rest day).
#[test]
fn vendored_notices_contain_every_computed_lunar_holiday() {
    let cal = Calendar::vendored();
    let years: Vec<i32> = cal
        .published_years()
        .into_iter()
        .filter(|y| *y >= 2008)
        .collect();
    assert!((2008..=2026).all(|y| years.contains(&y)));
    for year in years {
        let notice = cal.year(year).unwrap();
        let off: BTreeSet<NaiveDate> = notice.off.iter().copied().collect();
        let spring = lunar::new_year(year).unwrap();
        let mut expected = vec![
            spring,
            spring.succ_opt().unwrap(),
            spring + chrono::Days::new(2),
            lunar::qingming(year).unwrap(),
            lunar::to_solar(year, 5, 5).unwrap(),
            lunar::to_solar(year, 8, 15).unwrap(),
        ];
        if year != 2014 && year != 2024 {
            expected.push(spring.pred_opt().unwrap());
        }
        for date in expected {
            assert!(
                off.contains(&date),
                "{year}: {date} is not off in the notice"
            );
        }
        let eve = spring.pred_opt().unwrap();
        assert_eq!(
            off.contains(&eve),
            year != 2014 && year != 2024,
            "{year}: 除夕 {eve}"
        );
    }
}

// ---------------------------------------------------------------------------
// Statutory holidays of years without a notice (statutory.rs).
// ---------------------------------------------------------------------------

fn listing(year: i32) -> Vec<(NaiveDate, String, bool)> {
    statutory_days(year)
        .into_iter()
        .map(|s| (s.date, s.name, s.substitute))
        .collect()
}

fn row_of(date: &str, name: &str, substitute: bool) -> (NaiveDate, String, bool) {
    (d(date), name.to_owned(), substitute)
}

/// 2027 by hand: 元旦 Fri; 除夕 Fri 02-05, 初一 Sat, 初二 Sun, 初三 Mon, so two
/// 补假 Tue 02-09 and Wed 02-10; 清明 Mon 04-05; 劳动节 Sat 05-01 and Sun 05-02,
/// 补假 Mon 05-03 and Tue 05-04; 端午 Wed 06-09; 中秋 Wed 09-15; 国庆 Fri 10-01,
/// Sat 10-02, Sun 10-03, 补假 Mon 10-04 and Tue 10-05.
#[test]
fn statutory_days_of_2027() {
    let expected = vec![
        row_of("2027-01-01", "元旦", false),
        row_of("2027-02-05", "春节", false),
        row_of("2027-02-06", "春节", false),
        row_of("2027-02-07", "春节", false),
        row_of("2027-02-08", "春节", false),
        row_of("2027-02-09", "春节", true),
        row_of("2027-02-10", "春节", true),
        row_of("2027-04-05", "清明节", false),
        row_of("2027-05-01", "劳动节", false),
        row_of("2027-05-02", "劳动节", false),
        row_of("2027-05-03", "劳动节", true),
        row_of("2027-05-04", "劳动节", true),
        row_of("2027-06-09", "端午节", false),
        row_of("2027-09-15", "中秋节", false),
        row_of("2027-10-01", "国庆节", false),
        row_of("2027-10-02", "国庆节", false),
        row_of("2027-10-03", "国庆节", false),
        row_of("2027-10-04", "国庆节", true),
        row_of("2027-10-05", "国庆节", true),
    ];
    assert_eq!(listing(2027), expected);
}

/// 2028 by hand: 元旦 Sat, 补假 Mon 01-03 (Sun 01-02 is no working day);
/// 春节 Tue 01-25 – Fri 01-28; 清明 Tue 04-04; 劳动节 Mon–Tue; 端午 Sun 05-28,
/// 补假 Mon 05-29; 国庆 Sun 10-01 – Tue 10-03 with 中秋 on 10-03 (one day off
/// for both: the measures give no extra day), 补假 Wed 10-04.
#[test]
fn statutory_days_of_2028_with_mid_autumn_on_national_day() {
    let expected = vec![
        row_of("2028-01-01", "元旦", false),
        row_of("2028-01-03", "元旦", true),
        row_of("2028-01-25", "春节", false),
        row_of("2028-01-26", "春节", false),
        row_of("2028-01-27", "春节", false),
        row_of("2028-01-28", "春节", false),
        row_of("2028-04-04", "清明节", false),
        row_of("2028-05-01", "劳动节", false),
        row_of("2028-05-02", "劳动节", false),
        row_of("2028-05-28", "端午节", false),
        row_of("2028-05-29", "端午节", true),
        row_of("2028-10-01", "国庆节", false),
        row_of("2028-10-02", "国庆节", false),
        row_of("2028-10-03", "中秋节、国庆节", false),
        row_of("2028-10-04", "国庆节", true),
    ];
    assert_eq!(listing(2028), expected);
}

#[test]
fn statutory_days_only_from_2025_to_2100() {
    assert!(statutory_days(2024).is_empty(), "before the 2024 revision");
    assert!(statutory_days(2101).is_empty(), "beyond the lunar table");
    assert_eq!(
        statutory_days(2025).first().map(|s| s.date),
        Some(d("2025-01-01"))
    );
    assert_eq!(
        statutory_days(2100).last().map(|s| s.date.year()),
        Some(2100)
    );
}

#[test]
fn unpublished_year_uses_the_statutory_holidays() {
    let cal = Calendar::vendored();
    let day = cal.day(d("2027-01-01"));
    assert!(!day.working && day.provisional);
    assert_eq!(
        day.reason,
        DayReason::StatutoryHoliday {
            name: "元旦".into(),
            basis: "《全国年节及纪念日放假办法》第二条".into()
        }
    );
    let sub = cal.day(d("2027-02-09"));
    assert!(!sub.working && sub.provisional);
    assert_eq!(
        sub.reason,
        DayReason::SubstituteHoliday {
            name: "春节".into(),
            basis: "《全国年节及纪念日放假办法》第六条".into()
        }
    );
    assert_eq!(sub.reason.label_zh(), "春节补假");
    assert!(!cal.is_working(d("2027-02-09")));
    assert!(cal.is_working(d("2027-02-11")) && cal.is_provisional(d("2027-02-11")));
    // Years the 2024 revision does not govern keep the weekday rule: Monday
    // 2006-10-02 (no notice vendored for 2006) and Monday 2101-10-03.
    for monday in ["2006-10-02", "2101-10-03"] {
        let day = cal.day(d(monday));
        assert!(day.working && day.provisional, "{monday}");
        assert_eq!(day.reason, DayReason::Weekday);
    }
}

#[test]
fn a_notice_or_an_override_replaces_the_statutory_days() {
    let notice = CalendarYear {
        year: 2027,
        notices: vec!["测试通知".into()],
        off: vec![],
        work: vec![],
        holiday_names: BTreeMap::new(),
    };
    let cal = Calendar::vendored().with_year(notice);
    assert!(cal.is_working(d("2027-01-01")));
    assert!(!cal.is_provisional(d("2027-01-01")));
    assert!(cal.provisional_holidays(2027).is_empty());
    let cal = Calendar::vendored().with_override(DayOverride {
        date: d("2027-02-09"),
        working: true,
        name: "照常上班".into(),
        notice: "测试通知".into(),
        entered_at: None,
    });
    assert!(cal.is_working(d("2027-02-09")));
    assert!(!cal.is_provisional(d("2027-02-09")));
    assert!(cal.is_provisional(d("2027-02-10")));
    let listed: Vec<NaiveDate> = cal
        .provisional_holidays(2027)
        .iter()
        .map(|day| day.date)
        .collect();
    assert_eq!(
        listed.len(),
        18,
        "19 statutory days less the overridden one"
    );
    assert!(!listed.contains(&d("2027-02-09")));
}

#[test]
fn is_provisional_agrees_with_day() {
    let cal = Calendar::vendored();
    for date in [
        "2025-10-01",
        "2026-12-31",
        "2027-01-01",
        "2027-01-04",
        "2006-12-30",
    ] {
        assert_eq!(
            cal.is_provisional(d(date)),
            cal.day(d(date)).provisional,
            "{date}"
        );
    }
    assert!(!cal.is_provisional(d("2026-12-31")));
    assert!(cal.is_provisional(d("2027-01-04")));
}
