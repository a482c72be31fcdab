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

/// 国办发〔2016〕19号（《关于在政务公开工作中进一步做好政务舆情回应的通知》）
/// and 国办发〔2016〕80号: a policy's interpretation (政策解读) is published
/// with the policy, at the latest within 3 working days of the policy's
/// publication.
pub const INTERPRETATION_WORKING_DAYS: u32 = 3;

/// The source of [`INTERPRETATION_WORKING_DAYS`], as the page cites it.
pub const INTERPRETATION_RULE_SOURCE: &str = "国办发〔2016〕19号";

/// Where an interpretation stands against the 3-working-day rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InterpretationTimeliness {
    /// The policy's publication (day 0).
    pub policy_published: NaiveDate,
    /// The last day for the interpretation: the 3rd working day after.
    pub due: NaiveDate,
    /// The interpretation's publication, if it is published.
    pub interpretation_published: Option<NaiveDate>,
    /// Working days `d` with `policy_published < d <= interpretation_published`
    /// (0 when published with the policy or before it).
    pub working_days: Option<u32>,
    /// Published after the due day, or not published and the due day passed.
    pub late: bool,
    /// The due day or a day counted lies in a year without a published
    /// holiday notice (the statutory holidays were assumed).
    pub provisional: bool,
}

impl InterpretationTimeliness {
    /// E.g. `解读于文件发布后第2个工作日发布，在3个工作日内（国办发〔2016〕19号）`,
    /// or, before it is published, the last day.
    pub fn describe_zh(&self) -> String {
        let rule = format!("{INTERPRETATION_WORKING_DAYS}个工作日");
        let mut s = match (self.interpretation_published, self.working_days) {
            (Some(on), Some(0)) => format!("解读于{on}与文件同步发布"),
            (Some(on), Some(n)) if self.late => {
                format!("解读于{on}发布，为文件发布后第{n}个工作日，超过{rule}")
            }
            (Some(on), Some(n)) => {
                format!("解读于{on}发布，为文件发布后第{n}个工作日，在{rule}内")
            }
            _ if self.late => format!(
                "文件已于{}发布，解读应最迟于{}（第{rule}）发布，现已逾期",
                self.policy_published, self.due
            ),
            _ => format!(
                "文件于{}发布，解读应最迟于{}（第{rule}）发布",
                self.policy_published, self.due
            ),
        };
        s.push_str(&format!("（{INTERPRETATION_RULE_SOURCE}）"));
        if self.provisional {
            s.push_str("（部分年度放假安排尚未公布，暂按法定节假日计算）");
        }
        s
    }
}

/// Measures an interpretation against its policy: the due day is the 3rd
/// working day after the policy's publication (day 0); published on or
/// before it is on time, and one not yet published is late once `today` is
/// past it.
pub fn interpretation_timeliness(
    calendar: &Calendar,
    policy_published: NaiveDate,
    interpretation_published: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<InterpretationTimeliness, CalendarError> {
    let count = calendar.add_working_days(policy_published, INTERPRETATION_WORKING_DAYS)?;
    let due = count.due;
    let working_days =
        interpretation_published.map(|on| calendar.working_days_between(policy_published, on));
    let late = match interpretation_published {
        Some(on) => on > due,
        None => today > due,
    };
    // Days counted after the due day (a late interpretation) may lie in a
    // later year than the count's.
    let provisional = count.provisional
        || interpretation_published
            .filter(|on| *on > due)
            .is_some_and(|on| (due.year()..=on.year()).any(|y| !calendar.is_published(y)));
    Ok(InterpretationTimeliness {
        policy_published,
        due,
        interpretation_published,
        working_days,
        late,
        provisional,
    })
}
