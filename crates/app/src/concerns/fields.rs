//! The fields of the concerns' forms as typed, each refused with a Chinese
//! message naming the field: a line, a text, a moment in Beijing time.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Timelike, Utc};
use gongkai_domain::dates;

use crate::Error;
pub(super) use crate::fields::{line, text};

/// A moment typed as `YYYY-MM-DDTHH:MM` (a browser's date and time field)
/// or `YYYY-MM-DD HH:MM`, in Beijing time, its day plausible seen from
/// `now`.
pub(super) fn moment(what: &str, value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(format!(
            "请填写{what}（北京时间，精确到分钟），格式如 2025-07-03 22:30。"
        )));
    }
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
        .ok_or_else(|| {
            let shown: String = v.chars().take(20).collect();
            Error::invalid(format!(
                "{what}“{shown}”无法识别，请按 2025-07-03 22:30 的格式填写（北京时间）。"
            ))
        })?;
    let beijing = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    let today = now.with_timezone(&beijing).date_naive();
    dates::plausible(what, naive.date(), today).map_err(Error::invalid)?;
    // A fixed offset maps every wall-clock time to one instant; seconds
    // are dropped, the clocks count minutes.
    let at = beijing
        .from_local_datetime(&naive.with_second(0).unwrap_or(naive))
        .single()
        .ok_or_else(|| Error::invalid(format!("{what}无法识别。")))?;
    Ok(at.with_timezone(&Utc))
}
