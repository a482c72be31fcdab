//! Art. 26 before publication, counted by hand over the 2025 National Day
//! holiday (国办发明电〔2024〕12号: 10月1日至8日放假，9月28日（周日）、
//! 10月11日（周六）上班).

use chrono::NaiveDate;

use super::pending::pending_timeliness;
use crate::calendar::Calendar;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_document_formed_before_national_day_is_due_on_the_thirtieth_of_october() {
    let cal = Calendar::vendored();
    // Formed Friday 26 September. Working days after it: 9-28 (Sunday worked) 1,
    // 9-29 2, 9-30 3, [1–8 October off], 10-9 4, 10-10 5, 10-11 (Saturday
    // worked) 6, 13–17 → 11, 20–24 → 16, 27 17, 28 18, 29 19, 30 20.
    let p = pending_timeliness(&cal, d("2025-09-26"), d("2025-10-09"));
    assert_eq!(p.so_far.working_days, 4);
    assert!(!p.so_far.late);
    assert_eq!(p.due, Some(d("2025-10-30")));
    assert_eq!(
        p.describe_zh(),
        "成文或变更后已过4个工作日；按《条例》第二十六条，应于2025-10-30前（含当日）公开。"
    );
}

#[test]
fn the_day_after_the_twentieth_working_day_is_late_before_the_click() {
    let cal = Calendar::vendored();
    let on_time = pending_timeliness(&cal, d("2025-09-26"), d("2025-10-30"));
    assert_eq!(
        (on_time.so_far.working_days, on_time.so_far.late),
        (20, false)
    );
    let late = pending_timeliness(&cal, d("2025-09-26"), d("2025-10-31"));
    assert_eq!((late.so_far.working_days, late.so_far.late), (21, true));
    assert!(
        late.describe_zh().contains("现在发布将计为逾期公开"),
        "{}",
        late.describe_zh()
    );
    assert!(late.describe_zh().contains("最迟应于2025-10-30公开"));
}
