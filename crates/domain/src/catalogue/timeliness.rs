//! Timeliness of proactive disclosure (Art. 26): information is published
//! within 20 working days of being formed or changed, unless a law sets
//! another period. The platform measures every item and shows late items to
//! the agency and its supervisor.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError, Count};

/// 《政府信息公开条例》第二十六条: 属于主动公开范围的政府信息，应当自该政府信息
/// 形成或者变更之日起20个工作日内及时公开。法律、法规对政府信息公开的期限另有
/// 规定的，从其规定。
pub const PUBLICATION_WORKING_DAYS: u32 = 20;

/// How long an item took from formed (or changed) to published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timeliness {
    /// Working days `d` with `formed_or_changed < d <= published` (the start
    /// day is day 0; publishing on the day formed is 0 days).
    pub working_days: u32,
    /// More than [`PUBLICATION_WORKING_DAYS`] working days.
    pub late: bool,
    /// Some day counted lies in a year without a published holiday notice (the
    /// plain weekday rule was assumed): recompute when the notice is loaded.
    pub provisional: bool,
}

impl Timeliness {
    /// E.g. `成文后第17个工作日公开，未超过20个工作日` or `… 超过20个工作日的法定期限`.
    pub fn describe_zh(&self) -> String {
        let mut s = if self.late {
            format!(
                "形成或变更后第{}个工作日公开，超过《条例》第二十六条规定的{PUBLICATION_WORKING_DAYS}个工作日",
                self.working_days
            )
        } else {
            format!(
                "形成或变更后第{}个工作日公开，在{PUBLICATION_WORKING_DAYS}个工作日内",
                self.working_days
            )
        };
        if self.provisional {
            s.push_str("（部分年度放假安排尚未公布，暂按法定节假日计算）");
        }
        s
    }
}

/// Measures an item: working days from `formed_or_changed` (day 0) to
/// `published`, late when more than 20 (Art. 26). A publication on or before the
/// start day counts 0 days.
pub fn timeliness(
    calendar: &Calendar,
    formed_or_changed: NaiveDate,
    published: NaiveDate,
) -> Timeliness {
    let working_days = calendar.working_days_between(formed_or_changed, published);
    let provisional = published > formed_or_changed
        && (formed_or_changed.year()..=published.year()).any(|y| {
            // Only days after the start day count.
            let first = if y == formed_or_changed.year() {
                formed_or_changed.succ_opt()
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            };
            first.is_some_and(|f| f.year() == y) && !calendar.is_published(y)
        });
    Timeliness {
        working_days,
        late: working_days > PUBLICATION_WORKING_DAYS,
        provisional,
    }
}

/// The last day to publish information formed or changed on `formed_or_changed`:
/// the 20th working day after it, with the day-by-day trace.
pub fn publication_due(
    calendar: &Calendar,
    formed_or_changed: NaiveDate,
) -> Result<Count, CalendarError> {
    calendar.add_working_days(formed_or_changed, PUBLICATION_WORKING_DAYS)
}
