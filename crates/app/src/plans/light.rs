//! The traffic light of a task on a list (蓝灯 临近时限, 黄灯 进度滞后,
//! 红灯 已逾期), read from the dates its read model keeps: lists and the
//! API compare a row's dates with today instead of replaying the task's
//! history. The rule is the domain's (`plan::escalation`): `marks` writes
//! the dates, and the test below holds this reading to `light` over a
//! task's year.

use chrono::NaiveDate;
use gongkai_domain::plan::Light;
use gongkai_store::TaskRow;

/// The light of `row` on `today` (the Beijing date, `Clock::today`): red
/// from its `red_from`, else yellow from its `yellow_from`, else blue from
/// its `blue_from`, else none (a task accepted or waiting for acceptance
/// keeps no dates).
pub fn light_on(row: &TaskRow, today: NaiveDate) -> Light {
    let reached = |from: Option<NaiveDate>| from.is_some_and(|d| d <= today);
    if reached(row.red_from) {
        Light::Red
    } else if reached(row.yellow_from) {
        Light::Yellow
    } else if reached(row.blue_from) {
        Light::Blue
    } else {
        Light::None
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use gongkai_domain::calendar::Calendar;
    use gongkai_domain::case::Actor;
    use gongkai_domain::plan::escalation::light;
    use gongkai_domain::plan::task::fold;
    use gongkai_domain::plan::{TaskAction, TaskEvent, TimeLimit};

    use super::*;
    use crate::plans::row_of;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn event(seq: u32, action: TaskAction) -> TaskEvent {
        let at: DateTime<Utc> = action.date().and_hms_opt(2, 0, 0).unwrap().and_utc();
        TaskEvent {
            seq,
            at,
            actor: Actor::System,
            action,
        }
    }

    /// 2025 National Day: 10-01…10-08 off, Sun 09-28 working. Due 09-30:
    /// the reminder day is the 3rd working day before it, 09-26 (09-29,
    /// 09-28, 09-26); assigned 08-01 with no report, behind schedule from
    /// 08-01 + 31 days = 09-01; overdue from 10-01.
    #[test]
    fn the_rows_dates_give_the_domains_light_every_day() {
        let calendar = Calendar::vendored();
        let limit = TimeLimit::on(d(2025, 9, 30));
        let assigned = event(
            1,
            TaskAction::Assigned {
                date: d(2025, 8, 1),
                lead: vec![1],
                partners: vec![],
                limit: Some(limit),
            },
        );
        let row = row_of(&calendar, &fold(std::slice::from_ref(&assigned)));
        assert_eq!(light_on(&row, d(2025, 8, 31)), Light::None);
        assert_eq!(light_on(&row, d(2025, 9, 1)), Light::Yellow);
        assert_eq!(light_on(&row, d(2025, 10, 1)), Light::Red);

        // Signed for on 09-10: no longer behind; blue from 09-26.
        let signed = event(
            2,
            TaskAction::SignedFor {
                date: d(2025, 9, 10),
                unit: 1,
            },
        );
        let history = [assigned, signed];
        let view = fold(&history);
        let row = row_of(&calendar, &view);
        assert_eq!(light_on(&row, d(2025, 9, 25)), Light::None);
        assert_eq!(light_on(&row, d(2025, 9, 26)), Light::Blue);
        assert_eq!(light_on(&row, d(2025, 9, 30)), Light::Blue);
        assert_eq!(light_on(&row, d(2025, 10, 1)), Light::Red);
        let mut day = d(2025, 9, 10);
        while day <= d(2025, 12, 31) {
            assert_eq!(light_on(&row, day), light(&calendar, &view, day), "{day}");
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_completion_waiting_for_acceptance_shows_no_light() {
        let calendar = Calendar::vendored();
        let history = [
            event(
                1,
                TaskAction::Assigned {
                    date: d(2025, 8, 1),
                    lead: vec![1],
                    partners: vec![],
                    limit: Some(TimeLimit::on(d(2025, 9, 30))),
                },
            ),
            event(
                2,
                TaskAction::SignedFor {
                    date: d(2025, 8, 2),
                    unit: 1,
                },
            ),
            event(
                3,
                TaskAction::CompletionReported {
                    date: d(2025, 8, 2),
                    text: "已完成。".into(),
                    items: vec![],
                    files: Vec::new(),
                },
            ),
        ];
        let row = row_of(&calendar, &fold(&history));
        assert_eq!(light_on(&row, d(2025, 10, 20)), Light::None);
    }
}
