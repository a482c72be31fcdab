//! The clocks as the pages show them, from the stored meetings.

use chrono::{DateTime, Utc};
use gongkai_domain::participation::clocks::ConcernClass;
use gongkai_domain::participation::concern::ClockMark;
use gongkai_store::ConcernClocks;

use super::clock_lines;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Learned at 22:30 Beijing time on 3 July 2025 (14:30 UTC): the release
/// at 03:10 on the 4th is in time (due 03:30), the press conference is not
/// held by 22:30 on the 4th; seen at 23:30 it is an hour past.
#[test]
fn the_stored_meetings_read_as_marks_in_beijing_time() {
    let learned = t("2025-07-03T14:30:00Z");
    let clocks = ConcernClocks {
        first_due_at: t("2025-07-03T19:30:00Z"),
        first_met_at: Some(t("2025-07-03T19:10:00Z")),
        second_due_at: Some(t("2025-07-04T14:30:00Z")),
        second_met_at: None,
    };
    let lines = clock_lines(
        ConcernClass::MajorIncident,
        learned,
        &clocks,
        t("2025-07-04T15:30:00Z"),
    );
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0].what, lines[0].hours), ("发布权威信息", 5));
    assert_eq!(lines[0].due, "2025-07-04 03:30");
    assert_eq!(lines[0].met_at.as_deref(), Some("2025-07-04 03:10"));
    assert_eq!(lines[0].mark, ClockMark::OnTime);
    assert_eq!((lines[1].what, lines[1].hours), ("召开新闻发布会", 24));
    assert_eq!(lines[1].due, "2025-07-04 22:30");
    assert_eq!(lines[1].label(), "已超时未回应（已超过1小时）");
}
