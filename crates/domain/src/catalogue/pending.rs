//! Art. 26 before publication: where an item not yet published stands — the
//! working days since it was formed or changed and the last day on time —
//! for the editor and the reviewer before the click.

use chrono::NaiveDate;

use super::timeliness::{Timeliness, publication_due, timeliness};
use crate::calendar::Calendar;

/// Art. 26 seen before publication ([`ItemView::timeliness_pending`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingTimeliness {
    /// Published on the day asked about: the working days so far.
    pub so_far: Timeliness,
    /// The last day within 20 working days; `None` past the calendar's range.
    pub due: Option<NaiveDate>,
}

/// Information formed or changed on `start`, not yet published on `day`.
pub fn pending_timeliness(
    calendar: &Calendar,
    start: NaiveDate,
    day: NaiveDate,
) -> PendingTimeliness {
    PendingTimeliness {
        so_far: timeliness(calendar, start, day),
        due: publication_due(calendar, start).ok().map(|c| c.due),
    }
}

impl PendingTimeliness {
    /// E.g. `成文或变更后已过第4个工作日；按《条例》第二十六条，应于2025-10-30前公开。`
    pub fn describe_zh(&self) -> String {
        let n = self.so_far.working_days;
        let mut s = match (self.so_far.late, self.due) {
            (true, Some(due)) => format!(
                "成文或变更后已过{n}个工作日，超过《条例》第二十六条规定的20个工作日（最迟应于{due}公开）：现在发布将计为逾期公开。"
            ),
            (true, None) => format!(
                "成文或变更后已过{n}个工作日，超过《条例》第二十六条规定的20个工作日：现在发布将计为逾期公开。"
            ),
            (false, Some(due)) => format!(
                "成文或变更后已过{n}个工作日；按《条例》第二十六条，应于{due}前（含当日）公开。"
            ),
            (false, None) => format!("成文或变更后已过{n}个工作日，未超过20个工作日。"),
        };
        if self.so_far.provisional {
            s.push_str("（部分年度放假安排尚未公布，暂按法定节假日计算）");
        }
        s
    }
}
