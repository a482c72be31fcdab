//! 回应关切: the clocks in clock hours, counted by hand in Beijing time
//! (UTC+8); days and nights count alike, weekends and holidays too.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta, TimeZone, Utc};

use super::clocks::{ConcernClass, ConcernClock};
use super::concern::*;

/// A Beijing wall-clock time `YYYY-MM-DD HH:MM` as an instant.
fn bj(s: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .from_local_datetime(&naive)
        .unwrap()
        .with_timezone(&Utc)
}

fn responded(kind: ResponseKind, at: &str) -> Responded {
    Responded {
        kind,
        at: bj(at),
        public: true,
    }
}

/// Learned of at 22:30 on Thursday 3 July 2025: 5 hours end at 03:30 on
/// the 4th, 24 hours at 22:30 on the 4th, the night counted like the day.
#[test]
fn a_major_incident_learned_late_at_night_is_due_at_half_past_three() {
    let learned = bj("2025-07-03 22:30");
    let states = clock_states(
        ConcernClass::MajorIncident,
        learned,
        &[],
        bj("2025-07-04 01:00"),
    );
    let due: Vec<(ConcernClock, String)> = states
        .iter()
        .map(|s| (s.due.clock, shown(s.due.by)))
        .collect();
    assert_eq!(
        due,
        vec![
            (
                ConcernClock::AuthoritativeInformation,
                "2025-07-04 03:30".into()
            ),
            (ConcernClock::PressConference, "2025-07-04 22:30".into()),
        ]
    );
    // At 01:00: 2 h 30 min left of the 5 hours, 21 h 30 min of the 24.
    assert_eq!(states[0].mark, ClockMark::Pending(TimeDelta::minutes(150)));
    assert_eq!(states[0].mark.label(), "未到期（还剩2小时30分钟）");
    assert_eq!(states[1].mark.label(), "未到期（还剩21小时30分钟）");
}

/// The release at 03:10 meets the 5 hours (due 03:30); the press
/// conference at 10:00 on the 5th is 11 h 30 min after 22:30 on the 4th.
#[test]
fn a_release_in_time_and_a_press_conference_late() {
    let learned = bj("2025-07-03 22:30");
    let responses = [
        responded(ResponseKind::AuthoritativeRelease, "2025-07-04 03:10"),
        responded(ResponseKind::PressConference, "2025-07-05 10:00"),
    ];
    let now = bj("2025-07-06 09:00");
    let states = clock_states(ConcernClass::MajorIncident, learned, &responses, now);
    assert_eq!(states[0].met_at, Some(bj("2025-07-04 03:10")));
    assert_eq!(states[0].mark, ClockMark::OnTime);
    assert_eq!(states[0].mark.label(), "按时");
    assert_eq!(
        states[1].mark,
        ClockMark::Late(TimeDelta::minutes(11 * 60 + 30))
    );
    assert_eq!(states[1].mark.label(), "超时（晚11小时30分钟）");
    assert!(states[1].mark.late() && !states[0].mark.late());
}

/// A press conference at 02:00 releases the authoritative information
/// too: both clocks met by it.
#[test]
fn a_press_conference_meets_the_five_hours_too() {
    let learned = bj("2025-07-03 22:30");
    let responses = [responded(ResponseKind::PressConference, "2025-07-04 02:00")];
    let states = clock_states(ConcernClass::MajorIncident, learned, &responses, learned);
    assert_eq!(states[0].mark, ClockMark::OnTime);
    assert_eq!(states[1].mark, ClockMark::OnTime);
}

/// A statement meets neither clock of a major incident; an internal
/// release (not public) meets nothing. Seen at 04:00 on the 4th, 30
/// minutes after 03:30.
#[test]
fn a_statement_or_an_unpublished_release_does_not_meet_the_five_hours() {
    let learned = bj("2025-07-03 22:30");
    let internal = Responded {
        public: false,
        ..responded(ResponseKind::AuthoritativeRelease, "2025-07-04 01:00")
    };
    let responses = [
        responded(ResponseKind::Statement, "2025-07-04 00:30"),
        internal,
    ];
    let states = clock_states(
        ConcernClass::MajorIncident,
        learned,
        &responses,
        bj("2025-07-04 04:00"),
    );
    assert_eq!(states[0].met_at, None);
    assert_eq!(states[0].mark, ClockMark::Missed(TimeDelta::minutes(30)));
    assert_eq!(states[0].mark.label(), "已超时未回应（已超过30分钟）");
}

/// Other concerns: 48 hours from 16:20 on Friday 4 July end at 16:20 on
/// Sunday 6 July — a weekend counts. Unanswered on Wednesday 9 July at
/// 18:20: 3 days 2 hours past.
#[test]
fn another_concern_has_forty_eight_clock_hours_over_the_weekend() {
    let learned = bj("2025-07-04 16:20");
    let states = clock_states(ConcernClass::Other, learned, &[], bj("2025-07-09 18:20"));
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].due.clock, ConcernClock::Response);
    assert_eq!(shown(states[0].due.by), "2025-07-06 16:20");
    assert_eq!(states[0].due.source, "国办发〔2016〕61号");
    assert_eq!(states[0].mark.label(), "已超时未回应（已超过3天2小时）");
    // Any public response answers: an 其他 at 16:20 on the 6th is in time.
    let r = [responded(ResponseKind::Other, "2025-07-06 16:20")];
    let states = clock_states(ConcernClass::Other, learned, &r, bj("2025-07-09 18:20"));
    assert_eq!(states[0].mark, ClockMark::OnTime);
}

#[test]
fn a_response_is_not_before_the_concern_nor_in_the_future() {
    let learned = bj("2025-07-03 22:30");
    let e = check_responded_at(learned, bj("2025-07-03 22:29")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "回应时间（2025-07-03 22:29）不能早于获知舆情的时间（2025-07-03 22:30），请核对后重新填写。"
    );
    assert_eq!(check_responded_at(learned, learned), Ok(()));
    let e = check_happened("获知时间", bj("2025-07-04 10:00"), bj("2025-07-04 09:00")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("获知时间（2025-07-04 10:00）不能晚于现在（2025-07-04 09:00）"),
        "{e}"
    );
}

#[test]
fn codes_read_back_and_spans_read_as_people_say_them() {
    for c in ConcernClass::ALL {
        assert_eq!(ConcernClass::from_code(c.code()), Some(c));
    }
    for k in ResponseKind::ALL {
        assert_eq!(ResponseKind::from_code(k.code()), Some(k));
    }
    assert_eq!(ResponseKind::from_code("tweet"), None);
    assert_eq!(span(TimeDelta::minutes(40)), "40分钟");
    assert_eq!(span(TimeDelta::minutes(120)), "2小时");
    assert_eq!(
        span(TimeDelta::hours(47) + TimeDelta::minutes(59)),
        "47小时59分钟"
    );
    assert_eq!(span(TimeDelta::hours(72)), "3天");
    assert_eq!(span(TimeDelta::zero()), "0分钟");
}
