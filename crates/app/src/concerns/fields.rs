//! The fields of the concerns' forms as typed, each refused with a Chinese
//! message naming the field: a line, a text, a moment in Beijing time.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Timelike, Utc};
use gongkai_domain::dates;
use gongkai_domain::participation::comment::{one_line, plain_text};

use crate::Error;

/// A one-line text of `min..=max` characters (`min` 0: optional, `None`
/// when empty).
pub(super) fn line(
    what: &str,
    text: &str,
    (min, max): (usize, usize),
) -> Result<Option<String>, Error> {
    let t = one_line(text);
    let n = t.chars().count();
    if n == 0 && min == 0 {
        return Ok(None);
    }
    if n < min.max(1) {
        return Err(Error::invalid(format!(
            "请填写{what}（至少{}个字）。",
            min.max(1)
        )));
    }
    if n > max {
        return Err(Error::invalid(format!(
            "{what}不能超过{max}个字（现有{n}个字），请精简后重新提交。"
        )));
    }
    Ok(Some(t))
}

/// A text of several lines, `min..=max` characters after cleaning.
pub(super) fn text(what: &str, value: &str, (min, max): (usize, usize)) -> Result<String, Error> {
    let t = plain_text(value);
    let n = t.chars().count();
    if n < min {
        return Err(Error::invalid(format!("请填写{what}（至少{min}个字）。")));
    }
    if n > max {
        return Err(Error::invalid(format!(
            "{what}不能超过{max}个字（现有{n}个字），请精简后重新提交。"
        )));
    }
    Ok(t)
}

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
