//! The fields of the motions' forms as typed: one line or several, a
//! date, each refused with a Chinese message naming the field.

use chrono::NaiveDate;
use gongkai_domain::dates;
use gongkai_domain::participation::comment::{one_line, plain_text};

use crate::Error;

/// A one-line text of `min..=max` characters (`min` 0: optional, `None`
/// when empty); `example` shows what is meant.
pub(super) fn line(
    what: &str,
    text: &str,
    (min, max): (usize, usize),
    example: &str,
) -> Result<Option<String>, Error> {
    let t = one_line(text);
    let n = t.chars().count();
    if n == 0 && min == 0 {
        return Ok(None);
    }
    if n < min.max(1) {
        return Err(Error::invalid(format!(
            "请填写{what}（至少{}个字）{example}。",
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

/// A required one-line text.
pub(super) fn required(
    what: &str,
    text: &str,
    range: (usize, usize),
    example: &str,
) -> Result<String, Error> {
    Ok(line(what, text, range, example)?.unwrap_or_default())
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
            "{what}不能超过{max}个字（现有{n}个字）。"
        )));
    }
    Ok(t)
}

/// A date typed as `YYYY-MM-DD`, plausible seen from `today`.
pub(super) fn date(what: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(format!("请填写{what}，格式如 2025-04-10。")));
    }
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        let shown: String = v.chars().take(20).collect();
        Error::invalid(format!(
            "{what}“{shown}”无法识别，请按 2025-04-10 的格式填写。"
        ))
    })?;
    dates::plausible(what, d, today).map_err(Error::invalid)
}

/// A date of something that has happened: plausible and not after today.
pub(super) fn past_date(what: &str, value: &str, today: NaiveDate) -> Result<NaiveDate, Error> {
    let d = date(what, value, today)?;
    dates::not_after_today(what, d, today).map_err(Error::invalid)
}
